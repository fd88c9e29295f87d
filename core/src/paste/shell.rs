//! Splitting a command line into words, as bash does (quotes, `$'…'`, backslash-newline) and as
//! cmd.exe plus the Microsoft C runtime do (`^` escapes, `^`-newline, `"` quoting): the two
//! flavours of DevTools' "Copy as cURL".

use super::PasteError;

/// A word and the byte offset in the text where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    pub offset: usize,
}

/// Which shell's rules to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    Posix,
    Cmd,
}

/// Guesses the flavour: cmd when carets escape quotes or end lines.
pub(crate) fn flavour(text: &str) -> Flavour {
    if text.contains("^\"") || text.lines().any(|l| l.trim_end().ends_with(" ^")) {
        Flavour::Cmd
    } else {
        Flavour::Posix
    }
}

/// Splits `text` into words. Stops at the end of the first command: an unquoted newline that
/// is not escaped, `;`, `&&`, `||` or `|` (POSIX), or `&`/`|` (cmd). Returns the words and the
/// byte offset where the command ended.
pub(crate) fn split(text: &str, flavour: Flavour) -> Result<(Vec<Word>, usize), PasteError> {
    match flavour {
        Flavour::Posix => split_posix(text),
        Flavour::Cmd => split_cmd(text),
    }
}

fn split_posix(text: &str) -> Result<(Vec<Word>, usize), PasteError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, '\n')) => {}
                Some((_, '\r')) => {
                    if matches!(chars.peek(), Some((_, '\n'))) {
                        chars.next();
                    }
                }
                // `\ ` before an option: a line continuation whose line break a page ate.
                Some((_, ' '))
                    if start.is_none()
                        && text.get(i + 2..).is_some_and(|r| {
                            r.starts_with('-')
                                || r.starts_with(['\'', '"'])
                                || r.starts_with("http")
                        }) => {}
                Some((_, other)) => {
                    start.get_or_insert(i);
                    current.push(other);
                }
                None => {}
            },
            '\'' => {
                start.get_or_insert(i);
                loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, ch)) => current.push(ch),
                        None => {
                            return Err(PasteError::at(
                                text,
                                i,
                                "this single quote is never closed",
                            ));
                        }
                    }
                }
            }
            '"' => {
                start.get_or_insert(i);
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, ch @ ('"' | '\\' | '$' | '`'))) => current.push(ch),
                            Some((_, '\n')) => {}
                            Some((_, ch)) => {
                                current.push('\\');
                                current.push(ch);
                            }
                            None => {
                                return Err(PasteError::at(
                                    text,
                                    i,
                                    "this double quote is never closed",
                                ));
                            }
                        },
                        Some((_, ch)) => current.push(ch),
                        None => {
                            return Err(PasteError::at(
                                text,
                                i,
                                "this double quote is never closed",
                            ));
                        }
                    }
                }
            }
            '$' if matches!(chars.peek(), Some((_, '\''))) => {
                chars.next();
                start.get_or_insert(i);
                ansi_c_quoted(text, i, &mut chars, &mut current)?;
            }
            ' ' | '\t' | '\r' => {
                if let Some(s) = start.take() {
                    words.push(Word {
                        text: std::mem::take(&mut current),
                        offset: s,
                    });
                }
            }
            '\n' | ';' => {
                if let Some(s) = start.take() {
                    words.push(Word {
                        text: std::mem::take(&mut current),
                        offset: s,
                    });
                }
                // A line that lost its trailing backslash: the next line, indented and
                // starting with an option, still belongs to the command (as pasted templates
                // and forum posts have it).
                let next_line = text.get(i + 1..).unwrap_or("");
                let continues = c == '\n'
                    && next_line.starts_with([' ', '\t'])
                    && next_line.trim_start().starts_with('-');
                if !words.is_empty() && !continues {
                    return Ok((words, i));
                }
            }
            '|' | '&' => {
                if let Some(s) = start.take() {
                    words.push(Word {
                        text: std::mem::take(&mut current),
                        offset: s,
                    });
                }
                return Ok((words, i));
            }
            '#' if start.is_none() => {
                // A comment runs to the end of the line.
                for (_, ch) in chars.by_ref() {
                    if ch == '\n' {
                        break;
                    }
                }
                if !words.is_empty() {
                    return Ok((words, i));
                }
            }
            other => {
                start.get_or_insert(i);
                current.push(other);
            }
        }
    }
    if let Some(s) = start {
        words.push(Word {
            text: current,
            offset: s,
        });
    }
    Ok((words, text.len()))
}

/// `$'…'`: backslash escapes as bash reads them (`\n`, `\t`, `\xHH`, `\uHHHH`, `\'` …).
fn ansi_c_quoted(
    text: &str,
    open: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    current: &mut String,
) -> Result<(), PasteError> {
    loop {
        match chars.next() {
            Some((_, '\'')) => return Ok(()),
            Some((_, '\\')) => {
                let Some((_, e)) = chars.next() else {
                    return Err(PasteError::at(text, open, "this $' quote is never closed"));
                };
                match e {
                    'n' => current.push('\n'),
                    'r' => current.push('\r'),
                    't' => current.push('\t'),
                    'a' => current.push('\u{7}'),
                    'b' => current.push('\u{8}'),
                    'e' | 'E' => current.push('\u{1b}'),
                    'f' => current.push('\u{c}'),
                    'v' => current.push('\u{b}'),
                    '0'..='7' => {
                        let mut value = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek().and_then(|(_, c)| c.to_digit(8)) {
                                Some(d) => {
                                    value = value * 8 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        current.push(char::from_u32(value & 0xff).unwrap_or('\u{fffd}'));
                    }
                    'x' | 'u' | 'U' => {
                        let max = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut value = 0u32;
                        let mut digits = 0;
                        while digits < max {
                            match chars.peek().and_then(|(_, c)| c.to_digit(16)) {
                                Some(d) => {
                                    value = value.saturating_mul(16).saturating_add(d);
                                    digits += 1;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        if digits == 0 {
                            current.push('\\');
                            current.push(e);
                        } else {
                            current.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                        }
                    }
                    other => current.push(other),
                }
            }
            Some((_, ch)) => current.push(ch),
            None => return Err(PasteError::at(text, open, "this $' quote is never closed")),
        }
    }
}

/// cmd.exe, then the C runtime's argument splitting. Carets escape the next character (a caret
/// before a line break joins the lines and escapes the first character of the next line), and
/// `%^` keeps a percent sign away from variable expansion.
fn split_cmd(text: &str) -> Result<(Vec<Word>, usize), PasteError> {
    // Pass 1, cmd.exe: remove carets, find where the command ends; keep each character's offset.
    let mut line: Vec<(char, usize)> = Vec::new();
    let mut end = text.len();
    let mut in_quotes = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                line.push((c, i));
            }
            '^' if !in_quotes => match chars.next() {
                Some((_, '\r')) => {
                    if matches!(chars.peek(), Some((_, '\n'))) {
                        chars.next();
                    }
                    if let Some((j, next)) = chars.next() {
                        line.push((next, j));
                    }
                }
                Some((_, '\n')) => {
                    if let Some((j, next)) = chars.next() {
                        line.push((next, j));
                    }
                }
                Some((j, other)) => line.push((other, j)),
                None => {}
            },
            '\n' => {
                if !line.iter().all(|(ch, _)| ch.is_whitespace()) {
                    end = i;
                    break;
                }
            }
            '&' | '|' if !in_quotes => {
                end = i;
                break;
            }
            _ => line.push((c, i)),
        }
    }
    // Pass 2, the C runtime: `"` toggles quoting, `\"` is a quote, 2n backslashes before a quote
    // are n backslashes.
    let mut words = Vec::new();
    let mut current = String::new();
    let mut start: Option<usize> = None;
    let mut quoted = false;
    let mut quote_open = 0usize;
    let mut k = 0usize;
    while let Some(&(c, offset)) = line.get(k) {
        k += 1;
        match c {
            '\\' => {
                let mut n = 1usize;
                while matches!(line.get(k), Some(('\\', _))) {
                    n += 1;
                    k += 1;
                }
                start.get_or_insert(offset);
                if matches!(line.get(k), Some(('"', _))) {
                    current.extend(std::iter::repeat_n('\\', n / 2));
                    if n % 2 == 1 {
                        current.push('"');
                        k += 1;
                    }
                } else {
                    current.extend(std::iter::repeat_n('\\', n));
                }
            }
            '"' => {
                start.get_or_insert(offset);
                if quoted && matches!(line.get(k), Some(('"', _))) {
                    current.push('"');
                    k += 1;
                } else {
                    quoted = !quoted;
                    quote_open = offset;
                }
            }
            ' ' | '\t' | '\r' | '\n' if !quoted => {
                if let Some(s) = start.take() {
                    words.push(Word {
                        text: std::mem::take(&mut current),
                        offset: s,
                    });
                }
            }
            other => {
                start.get_or_insert(offset);
                current.push(other);
            }
        }
    }
    if quoted {
        return Err(PasteError::at(
            text,
            quote_open,
            "this double quote is never closed",
        ));
    }
    if let Some(s) = start {
        words.push(Word {
            text: current,
            offset: s,
        });
    }
    Ok((words, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, f: Flavour) -> Vec<String> {
        match split(text, f) {
            Ok((w, _)) => w.into_iter().map(|w| w.text).collect(),
            Err(e) => vec![format!("error: {e}")],
        }
    }

    #[test]
    fn posix() {
        assert_eq!(
            words(
                "curl 'https://a/x' \\\n  -H 'a: b' --data-raw $'{\"k\":\"\\u00e9\\n\"}'",
                Flavour::Posix
            ),
            vec![
                "curl",
                "https://a/x",
                "-H",
                "a: b",
                "--data-raw",
                "{\"k\":\"é\n\"}"
            ]
        );
        assert_eq!(
            words("a \"b \\\"c\\\" $d\" e'f'g", Flavour::Posix),
            vec!["a", "b \"c\" $d", "efg"]
        );
        assert_eq!(
            words("a 'b", Flavour::Posix),
            vec!["error: line 1, column 3: this single quote is never closed"]
        );
        assert_eq!(
            words("curl x | jq .\nls", Flavour::Posix),
            vec!["curl", "x"]
        );
        assert_eq!(
            words("curl x\nHTTP/1.1 200", Flavour::Posix),
            vec!["curl", "x"]
        );
    }

    #[test]
    fn cmd() {
        let chrome = "curl ^\"https://a.example/x?q=1^&r=^%^2F^\" ^\n  -H ^\"content-type: application/json^\" ^\n  --data-raw ^\"^{^\\^\"k^\\^\":1^}^\"";
        assert_eq!(flavour(chrome), Flavour::Cmd);
        assert_eq!(
            words(chrome, Flavour::Cmd),
            vec![
                "curl",
                "https://a.example/x?q=1&r=%2F",
                "-H",
                "content-type: application/json",
                "--data-raw",
                "{\"k\":1}"
            ]
        );
        assert_eq!(
            words("curl \"https://a/\" -H \"x: y\"", Flavour::Cmd),
            vec!["curl", "https://a/", "-H", "x: y"]
        );
        assert_eq!(
            words("curl \"https://a/", Flavour::Cmd),
            vec!["error: line 1, column 6: this double quote is never closed"]
        );
    }
}
