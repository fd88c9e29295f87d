//! `curl`: command lines (typed, or DevTools' "Copy as cURL" in its bash and cmd flavours) and
//! transcripts (`curl -i`, `curl -I`, `curl -v` with `>`/`<` lines, or a command followed by
//! its output).

use super::headers::{
    HeaderBlock, LineProblem, name_colon_value, parse_header_block, request_line, status_line,
};
use super::shell::{self, Word};
pub use super::{PasteError, PastedRequest};
use crate::scenario::{Credentials, Reply, Scenario};

/// Options that take an argument (long and short names), beyond those read.
const OPTIONS_WITH_ARGUMENT: [&str; 62] = [
    "-o",
    "--output",
    "-x",
    "--proxy",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-w",
    "--write-out",
    "-T",
    "--upload-file",
    "--cacert",
    "--capath",
    "--cert",
    "-E",
    "--key",
    "-K",
    "--config",
    "-c",
    "--cookie-jar",
    "--resolve",
    "--connect-to",
    "-U",
    "--proxy-user",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "-y",
    "--speed-time",
    "-Y",
    "--speed-limit",
    "-z",
    "--time-cond",
    "--max-redirs",
    "--limit-rate",
    "--interface",
    "--dns-servers",
    "--trace",
    "--trace-ascii",
    "--stderr",
    "-D",
    "--dump-header",
    "--ciphers",
    "--tls-max",
    "--unix-socket",
    "--abstract-unix-socket",
    "--aws-sigv4",
    "--proto",
    "--proto-redir",
    "-t",
    "--telnet-option",
    "-Q",
    "--quote",
    "-P",
    "--ftp-port",
    "--variable",
    "--url-query",
    "--expect100-timeout",
    "--keepalive-time",
    "--local-port",
    "--cert-type",
    "--key-type",
];

/// Whether the text starts with a `curl` command (after an optional shell prompt).
pub fn looks_like_curl_command(text: &str) -> bool {
    let first = strip_prompt(text.trim_start());
    let lower: String = first
        .chars()
        .take(9)
        .collect::<String>()
        .to_ascii_lowercase();
    let command = lower.starts_with("curl ")
        || lower.starts_with("curl\t")
        || lower.starts_with("curl.exe ")
        || lower.starts_with("curl\\\n")
        || lower.starts_with("curl ^");
    command && first_argument_is_one(first)
}

/// Whether the word after `curl` reads as an argument (an option, a quoted or variable word, a
/// URL or host, a line continuation), so that a caption such as `CURL Example` or prose
/// starting with "curl returns" is not taken for a command.
fn first_argument_is_one(text: &str) -> bool {
    let rest = text
        .split_once(|c: char| c.is_whitespace())
        .map_or("", |(_, r)| r)
        .trim_start_matches([' ', '\t']);
    let word = rest.split_whitespace().next().unwrap_or("");
    if word.is_empty() || rest.starts_with(['\\', '^', '\n', '\r']) {
        // `curl \` or `curl ^` then the arguments on the next lines.
        return true;
    }
    word.starts_with(['-', '\'', '"', '$', '{', '<', '[', '`'])
        || word.contains(['.', ':', '/'])
        || word.to_ascii_lowercase().starts_with("localhost")
        // `curl URL -H …`: a masked URL, then options.
        || rest
            .lines()
            .next()
            .is_some_and(|l| l.split_whitespace().any(|w| w.starts_with('-')))
}

/// Whether a `curl` command is followed by its output.
pub fn command_has_output(text: &str) -> bool {
    let text = strip_prompt(text.trim_start());
    match shell::split(text, shell::flavour(text)) {
        Ok((_, end)) => text.get(end..).is_some_and(|rest| !rest.trim().is_empty()),
        Err(_) => false,
    }
}

/// Whether the text is `curl -v` output: request lines prefixed `> ` and response lines `< `.
pub fn looks_like_verbose_transcript(text: &str) -> bool {
    let mut sent = false;
    let mut received = false;
    for line in text.lines() {
        let t = line.trim_end();
        if t.starts_with("> ") && request_line(t.get(2..).unwrap_or("")).is_some() {
            sent = true;
        }
        if t.starts_with("< ") && status_line(t.get(2..).unwrap_or("")).is_some() {
            received = true;
        }
        if t.starts_with("*   Trying ") || t.starts_with("* Connected to ") {
            return true;
        }
    }
    sent || received || only_prefixed_headers(text)
}

/// A fragment of `curl -v` that kept only header lines: every line is one of curl's (`< `,
/// `> `, `* `), and at least two are `< Name: value` (one alone may be a quoted mail line).
fn only_prefixed_headers(text: &str) -> bool {
    let mut headers = 0usize;
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
        match line.strip_prefix("< ") {
            Some(rest) if name_colon_value(rest).is_some() => headers += 1,
            _ if line == "<" || line == ">" || line.starts_with(['<', '>', '*']) => {}
            _ => return false,
        }
    }
    headers >= 2
}

/// Strips a shell prompt (`$ `, `% `, `# `, `PS C:\> `, `C:\Users\me> `) before `curl`.
fn strip_prompt(text: &str) -> &str {
    for prompt in ["$ ", "% ", "# ", "> "] {
        if let Some(rest) = text.strip_prefix(prompt) {
            return rest.trim_start();
        }
    }
    for prompt in ["❯ ", "➜ ", "λ ", "→ "] {
        if let Some(rest) = text.strip_prefix(prompt) {
            return rest.trim_start();
        }
    }
    // A two-line prompt (zsh's `~` or `user@host ~/app` on a line of its own, the command on
    // the next): the short line goes.
    if let Some((first, rest)) = text.split_once('\n')
        && first.trim().chars().count() <= 40
        && !first.contains("curl")
        && (first.trim().starts_with('~') || first.trim().ends_with('~') || first.contains('@'))
    {
        let next = strip_prompt(rest.trim_start());
        if next.starts_with("curl") {
            return next;
        }
    }
    // `user@host:~/app$ curl`, `(venv) $ curl`, `PS C:\> curl`, `C:\Users\me> curl`: a prompt
    // on the command's line, ending in `$`, `#`, `%` or `>` before `curl`.
    let first_line = text.lines().next().unwrap_or("");
    if let Some(i) = first_line.find(" curl") {
        let before = first_line.get(..i).unwrap_or("").trim_end();
        let prompt_like = before.ends_with(['$', '#', '%', '>', '❯', '➜', 'λ'])
            && before.len() < 80
            && !before.contains(['\'', '"']);
        if prompt_like {
            return text.get(i + 1..).unwrap_or(text);
        }
    }
    text
}

/// A curl paste as the shell saw it: each line wrapped in inline-code backticks (`` `curl …` ``,
/// `` `Name: value` ``) unwrapped, and short caption lines before the command (`Request :`,
/// `Here is the curl:`) dropped. `None` when the text holds no curl command once so cleaned.
pub(crate) fn as_typed(text: &str) -> Option<String> {
    // The command is on one of the first lines (after at most a few captions): a long paste
    // without one there (a HAR file, a console log) is not copied.
    if !text
        .lines()
        .take(6)
        .any(|l| l.to_ascii_lowercase().contains("curl"))
    {
        return None;
    }
    let mut unwrapped: Vec<&str> = text
        .lines()
        .map(|line| {
            let t = line.trim();
            let inline =
                t.len() > 1 && t.starts_with('`') && t.ends_with('`') && !t.starts_with("```");
            if inline {
                t.get(1..t.len() - 1).unwrap_or(t)
            } else {
                line
            }
        })
        .collect();
    // A command over several lines in one inline code span or fence written on its lines
    // (`` `curl … \ ``, …, `` -H 'x: y'` ``; ```` ```curl … ````): the backticks go.
    if let Some(k) = unwrapped.iter().position(|l| {
        let t = l.trim_start().trim_start_matches('`').trim_start();
        l.trim_start().starts_with('`') && t.to_ascii_lowercase().starts_with("curl")
    }) {
        let open = unwrapped.get(k).map_or(0, |l| {
            let t = l.trim_start();
            t.len() - t.trim_start_matches('`').len()
        });
        if let Some(line) = unwrapped.get_mut(k) {
            *line = line.trim_start().trim_start_matches('`').trim_start();
        }
        // The closing backticks: on the last line of the command (the first line after it
        // that ends with them).
        let close = "`".repeat(open);
        if let Some(end) = unwrapped
            .iter()
            .skip(k)
            .position(|l| l.trim_end().ends_with(close.as_str()))
            .map(|p| p + k)
            && let Some(line) = unwrapped.get_mut(end)
        {
            let l: &str = line;
            *line = l.trim_end().strip_suffix(close.as_str()).unwrap_or(l);
        }
    }
    let is_caption = |l: &str| {
        let t = l.trim();
        t.is_empty()
            || (t.ends_with(':') && t.split_whitespace().count() <= 5 && !t.contains("curl"))
    };
    // Prose before the command ("Tested on my machine:", "It works with curl."): lines that
    // are no part of a transcript (no status line, no `> `/`< ` line) before the first line
    // that starts a command.
    let command_at = unwrapped
        .iter()
        .take(6)
        .position(|l| looks_like_curl_command(l));
    let prose_before = command_at.is_some_and(|k| {
        unwrapped.iter().take(k).all(|l| {
            let t = l.trim();
            status_line(t).is_none()
                && !t.starts_with("> ")
                && !t.starts_with("< ")
                && name_colon_value(t).is_none_or(|(n, _)| n.contains(' '))
        })
    });
    let start = match command_at {
        Some(k) if prose_before => k,
        _ => unwrapped.iter().position(|l| !is_caption(l))?,
    };
    let cleaned = unwrapped.get(start..)?.join("\n");
    looks_like_curl_command(&cleaned).then_some(cleaned)
}

/// A paste of several commands, each followed by its output (`$ curl -i …` then its response,
/// `$ curl -X OPTIONS …` then its own): the byte offsets where each command after the first
/// starts. A command line is a line that starts with a prompt and `curl`, or with `curl` and an
/// argument.
pub(crate) fn later_commands(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        let verbose_side = t.starts_with("> ") || t.starts_with("< ") || t.starts_with("* ");
        if i > 0 && !verbose_side && looks_like_curl_command(t) {
            starts.push(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    starts
}

/// Where a `curl` command starts inside prose (`… No guesswork.curl -i -X OPTIONS …`): a `curl`
/// word followed by an option, a quote or a URL. `None` when there is none.
pub(crate) fn find_command(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = text
        .get(from..)
        .and_then(|t| t.find("curl "))
        .map(|k| k + from)
    {
        let before = text.get(..k).and_then(|b| b.chars().next_back());
        let boundary = before.is_none_or(|c| !c.is_alphanumeric() && c != '-' && c != '_');
        let after = text.get(k + 5..).unwrap_or("").trim_start();
        let argument = after.starts_with(['-', '\'', '"']) || after.starts_with("http");
        if boundary && argument {
            return Some(k);
        }
        from = k + 5;
    }
    None
}

pub(crate) fn base64(input: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                let idx = ((n >> (18 - 6 * k)) & 63) as usize;
                out.push(char::from(TABLE.get(idx).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Parses a `curl` command line: typed, or from DevTools' "Copy as cURL" (bash or cmd). Reports
/// every problem at once.
pub fn parse_curl_command(text: &str) -> Result<PastedRequest, Vec<PasteError>> {
    let trimmed_start = text.len() - text.trim_start().len();
    let body = strip_prompt(text.trim_start());
    let base = text.len() - body.len();
    let _ = trimmed_start;
    let (words, _) = shell::split(body, shell::flavour(body)).map_err(|mut e| {
        let (line, column) = super::line_column(text, base + offset_of(body, e.line, e.column));
        e.line = line;
        e.column = column;
        vec![e]
    })?;
    let at = |w: &Word, message: String| PasteError::at(text, base + w.offset, message);
    let mut errors = Vec::new();
    let mut it = words.iter().peekable();
    match it.next() {
        Some(w) if matches!(w.text.to_ascii_lowercase().as_str(), "curl" | "curl.exe") => {}
        Some(w) => {
            return Err(vec![at(
                w,
                format!("expected a curl command, found {:?}", w.text),
            )]);
        }
        None => return Err(vec![PasteError::whole("no curl command found")]),
    }
    let mut request = PastedRequest::default();
    let mut method: Option<String> = None;
    let mut data: Vec<String> = Vec::new();
    let mut json = false;
    let mut form = false;
    let mut head = false;
    let mut get = false;
    let mut urls: Vec<&Word> = Vec::new();
    let mut options_done = false;
    while let Some(word) = it.next() {
        let w = word.text.as_str();
        if options_done || !w.starts_with('-') || w == "-" {
            urls.push(word);
            continue;
        }
        if w == "--" {
            options_done = true;
            continue;
        }
        // Short options may be bundled (`-sSL`, `-XPOST`).
        let (name, attached): (String, Option<String>) = if w.starts_with("--") {
            (w.to_string(), None)
        } else {
            let mut rest = w.get(1..).unwrap_or("").chars();
            let mut found = None;
            while let Some(c) = rest.next() {
                let opt = format!("-{c}");
                if takes_argument(&opt) {
                    let tail: String = rest.collect();
                    found = Some((opt, (!tail.is_empty()).then_some(tail)));
                    break;
                }
                apply_flag(&opt, &mut head, &mut get);
            }
            match found {
                Some(f) => f,
                None => continue,
            }
        };
        if !takes_argument(&name) {
            apply_flag(&name, &mut head, &mut get);
            continue;
        }
        let mut value_word = word;
        let value = match attached {
            Some(v) => v,
            None => match it.next() {
                Some(v) => {
                    value_word = v;
                    v.text.clone()
                }
                None => {
                    errors.push(at(word, format!("{name} needs a value after it")));
                    break;
                }
            },
        };
        match name.as_str() {
            "-X" | "--request" => method = Some(value),
            "-H" | "--header" => match value.split_once(':') {
                Some((n, v)) => request
                    .headers
                    .push((n.trim().to_string(), v.trim().to_string())),
                None => match value.strip_suffix(';') {
                    // `-H 'X-Empty;'` sends an empty header.
                    Some(n) => request.headers.push((n.trim().to_string(), String::new())),
                    None => errors.push(at(
                        value_word,
                        format!("the header {value:?} has no colon (expected \"Name: value\")"),
                    )),
                },
            },
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii"
            | "--data-urlencode" => data.push(value),
            "--json" => {
                json = true;
                data.push(value);
            }
            "-F" | "--form" | "--form-string" => form = true,
            "-b" | "--cookie" => {
                if value.contains('=') {
                    request.headers.push(("Cookie".to_string(), value));
                }
                request.credentials = Some(Credentials::Include);
            }
            "-u" | "--user" => request.headers.push((
                "Authorization".to_string(),
                format!("Basic {}", base64(value.as_bytes())),
            )),
            "--oauth2-bearer" => request
                .headers
                .push(("Authorization".to_string(), format!("Bearer {value}"))),
            "-A" | "--user-agent" => request.headers.push(("User-Agent".to_string(), value)),
            "-e" | "--referer" => request.headers.push(("Referer".to_string(), value)),
            "-r" | "--range" => request
                .headers
                .push(("Range".to_string(), format!("bytes={value}"))),
            "--url" => request.url = value,
            _ => {}
        }
    }
    if request.url.is_empty() {
        match urls.first() {
            Some(u) => request.url = u.text.clone(),
            None => errors.push(PasteError::whole("the curl command names no URL")),
        }
    }
    if !request.url.is_empty() && !request.url.contains("://") {
        // curl assumes http:// for a URL without a scheme.
        request.url = format!("http://{}", request.url);
    }
    let has_header = |r: &PastedRequest, n: &str| r.header(n).is_some();
    if json {
        if !has_header(&request, "content-type") {
            request
                .headers
                .push(("Content-Type".to_string(), "application/json".to_string()));
        }
        if !has_header(&request, "accept") {
            request
                .headers
                .push(("Accept".to_string(), "application/json".to_string()));
        }
    }
    if !data.is_empty() {
        let joined = data.join("&");
        if get {
            let sep = if request.url.contains('?') { '&' } else { '?' };
            request.url = format!("{}{sep}{joined}", request.url);
        } else {
            if !has_header(&request, "content-type") {
                request.headers.push((
                    "Content-Type".to_string(),
                    "application/x-www-form-urlencoded".to_string(),
                ));
            }
            request.body = Some(joined);
        }
    }
    if form && !has_header(&request, "content-type") {
        request.headers.push((
            "Content-Type".to_string(),
            "multipart/form-data; boundary=------------------------curlsimulated".to_string(),
        ));
    }
    request.method = match method {
        Some(m) => m,
        None if head => "HEAD".to_string(),
        None if (!data.is_empty() && !get) || form => "POST".to_string(),
        None => "GET".to_string(),
    };
    request.infer_from_headers();
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(errors)
    }
}

fn takes_argument(name: &str) -> bool {
    matches!(
        name,
        "-X" | "--request"
            | "-H"
            | "--header"
            | "-d"
            | "--data"
            | "--data-raw"
            | "--data-binary"
            | "--data-ascii"
            | "--data-urlencode"
            | "--json"
            | "-F"
            | "--form"
            | "--form-string"
            | "-b"
            | "--cookie"
            | "-u"
            | "--user"
            | "--oauth2-bearer"
            | "-A"
            | "--user-agent"
            | "-e"
            | "--referer"
            | "-r"
            | "--range"
            | "--url"
    ) || OPTIONS_WITH_ARGUMENT.contains(&name)
}

fn apply_flag(name: &str, head: &mut bool, get: &mut bool) {
    match name {
        "-I" | "--head" => *head = true,
        "-G" | "--get" => *get = true,
        _ => {}
    }
}

/// The byte offset of a 1-based line and column (in characters) of `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len() + 1;
    }
    text.len()
}

/// A `curl` transcript: what was sent and what came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurlTranscript {
    /// The command, when it was pasted with its output.
    pub command: Option<PastedRequest>,
    /// Each request curl sent (`> ` lines of `curl -v`), in order.
    pub sent: Vec<HeaderBlock>,
    /// Each response head received, in order (`< ` lines, or `curl -i`/`-I` output); interim
    /// `1xx` responses are left out.
    pub received: Vec<HeaderBlock>,
    /// Whether curl spoke TLS (from `curl -v`'s notes), for a URL built from a `Host` header.
    pub tls: Option<bool>,
    /// Lines that could not be read, and a command that could not be parsed.
    pub problems: Vec<LineProblem>,
}

/// Parses a `curl` transcript: `curl -v` output, `curl -i`/`-I` output, or either after the
/// command that produced it. Total: problems are reported in the result.
pub fn parse_curl_transcript(text: &str) -> CurlTranscript {
    let mut problems = Vec::new();
    let mut command = None;
    let mut output_start = 0usize;
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    if looks_like_curl_command(trimmed) {
        let body = strip_prompt(trimmed);
        let base = text.len() - body.len();
        let end = shell::split(body, shell::flavour(body)).map_or(body.len(), |(_, end)| end);
        let command_text = text.get(lead..base + end).unwrap_or("");
        match parse_curl_command(command_text) {
            Ok(r) => command = Some(r),
            Err(errors) => {
                for e in errors {
                    problems.push(LineProblem {
                        line: e.line,
                        text: String::new(),
                        message: format!("the curl command: {}", e.message),
                    });
                }
            }
        }
        output_start = base + end;
    }
    let raw_output = text.get(output_start..).unwrap_or("");
    // Output pasted as shell comments under the command (`# HTTP/1.1 403 Forbidden`).
    let commented = {
        let lines: Vec<&str> = raw_output
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        !lines.is_empty() && lines.iter().all(|l| l.trim_start().starts_with('#'))
    };
    let uncommented: String;
    let output = if commented {
        uncommented = raw_output
            .lines()
            .map(|l| {
                let t = l.trim_start();
                t.strip_prefix("# ")
                    .or_else(|| t.strip_prefix('#'))
                    .unwrap_or(t)
            })
            .collect::<Vec<_>>()
            .join("\n");
        uncommented.as_str()
    } else {
        raw_output
    };
    let line_base = text.get(..output_start).unwrap_or("").matches('\n').count();
    let mut tls = None;
    let mut sent_blocks: Vec<(usize, String)> = Vec::new();
    let mut received_blocks: Vec<(usize, String)> = Vec::new();
    let mut current_side = ' ';
    for (i, line) in output.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let no = line_base + i + 1;
        if line.starts_with("* ") {
            let l = line.to_ascii_lowercase();
            if l.contains("ssl connection")
                || l.contains("tls")
                || l.contains("alpn")
                || l.contains("server certificate")
            {
                tls = Some(true);
            }
            continue;
        }
        let (side, rest) = if let Some(r) = line.strip_prefix('>') {
            ('>', r.strip_prefix(' ').unwrap_or(r))
        } else if let Some(r) = line.strip_prefix('<') {
            ('<', r.strip_prefix(' ').unwrap_or(r))
        } else {
            ('.', line)
        };
        match side {
            '>' => {
                if current_side != '>' || request_line(rest).is_some() {
                    sent_blocks.push((no, String::new()));
                }
                if let Some((_, b)) = sent_blocks.last_mut() {
                    b.push_str(rest);
                    b.push('\n');
                }
            }
            '<' => {
                if current_side != '<' || status_line(rest).is_some() {
                    received_blocks.push((no, String::new()));
                }
                if let Some((_, b)) = received_blocks.last_mut() {
                    b.push_str(rest);
                    b.push('\n');
                }
            }
            _ => {
                // curl -i / -I: a status line starts a response head, a blank line ends it.
                // Header lines right after the command, with no status line (the poster kept
                // only the lines that matter, or a tool showed the headers alone), are the
                // response's head too.
                let headers_alone = current_side == ' '
                    && command.is_some()
                    && received_blocks.is_empty()
                    && name_colon_value(rest.trim().trim_matches('`'))
                        .is_some_and(|(n, _)| !n.starts_with(':'));
                if status_line(rest).is_some() || headers_alone {
                    received_blocks.push((no, String::new()));
                    current_side = 'h';
                } else if rest.trim().is_empty() {
                    if current_side == 'h' {
                        current_side = 'b';
                    }
                    continue;
                }
                if current_side == 'h'
                    && let Some((_, b)) = received_blocks.last_mut()
                {
                    b.push_str(rest);
                    b.push('\n');
                }
                continue;
            }
        }
        current_side = side;
    }
    let parse = |blocks: Vec<(usize, String)>, problems: &mut Vec<LineProblem>| {
        blocks
            .into_iter()
            .map(|(first_line, block_text)| {
                let mut block = parse_header_block(&block_text);
                for p in block.problems.drain(..) {
                    problems.push(LineProblem {
                        line: first_line + p.line - 1,
                        ..p
                    });
                }
                block
            })
            .collect::<Vec<_>>()
    };
    let sent = parse(sent_blocks, &mut problems);
    let received: Vec<HeaderBlock> = parse(received_blocks, &mut problems)
        .into_iter()
        .filter(|b| !b.status.is_some_and(|s| (100..200).contains(&s)))
        .collect();
    CurlTranscript {
        command,
        sent,
        received,
        tls,
        problems,
    }
}

impl CurlTranscript {
    /// The request as sent: the command's, completed with the headers of the first `> ` block.
    pub fn request(&self) -> Option<PastedRequest> {
        let first = self.sent.first();
        let mut request = match (&self.command, first) {
            (Some(c), _) => c.clone(),
            (None, Some(block)) => {
                // A fragment of `curl -v` that lost its request line: a preflight shows itself
                // by its Access-Control-Request-Method.
                let line = match block.request_line.clone() {
                    Some(l) => l,
                    None if block.header("access-control-request-method").is_some() => {
                        super::headers::RequestLine {
                            method: "OPTIONS".to_string(),
                            target: "/".to_string(),
                        }
                    }
                    None => return None,
                };
                let url = if line.target.contains("://") {
                    line.target.clone()
                } else {
                    let host = block.header("host").unwrap_or("localhost");
                    let scheme = if self.tls == Some(true) || host.ends_with(":443") {
                        "https"
                    } else {
                        "http"
                    };
                    format!("{scheme}://{host}{}", line.target)
                };
                PastedRequest {
                    url,
                    method: line.method,
                    ..Default::default()
                }
            }
            (None, None) => return None,
        };
        if let Some(block) = first {
            // curl -v shows the headers really sent: they replace the command's.
            if !block.headers.is_empty() {
                request.headers = block.headers.clone();
            }
            if let Some(line) = &block.request_line {
                request.method = line.method.clone();
            }
        }
        request.infer_from_headers();
        Some(request)
    }

    /// A scenario that replays the transcript, and notes on what had to be assumed. `None` when
    /// no request can be read.
    pub fn to_scenario(&self) -> Option<(Scenario, Vec<String>)> {
        let request = self.request()?;
        let mut notes = Vec::new();
        let origin = match &request.origin {
            Some(o) => o.clone(),
            None => {
                // The URL's own scheme and address space, so the assumption adds no failure of
                // its own (no mixed content, no Local Network Access).
                let assumed = super::console::reproduce::assumed_origin_for(&request.url);
                notes.push(format!(
                    "curl sent no Origin header, so the server's answer may not be what a browser gets; \
                     corsim assumes the page's origin is {assumed} (add -H 'Origin: https://your-site' to the command)"
                ));
                assumed
            }
        };
        let replies: Vec<Reply> = self.received.iter().map(HeaderBlock::to_reply).collect();
        let is_preflight = request.method.eq_ignore_ascii_case("OPTIONS")
            && request.header("access-control-request-method").is_some();
        let mut init = request.to_request_init();
        let mut scenario = Scenario {
            source: Some("pasted curl transcript".to_string()),
            ..Scenario::of_request("curl", origin, init.clone())
        };
        if is_preflight {
            init.method = request
                .header("access-control-request-method")
                .unwrap_or("GET")
                .trim()
                .to_string();
            init.headers = announced_headers(&request);
            init.body = None;
            scenario.request = init;
            let reply = replies.last().cloned().unwrap_or_default();
            scenario.preflight = Some(reply.clone());
            scenario.response = reply;
            notes.push(
                "this is a preflight (OPTIONS with Access-Control-Request-Method): corsim replays the request it \
                 stands for, and assumes the actual response carries the same headers"
                    .to_string(),
            );
        } else {
            if !answer_with(&mut scenario, &replies) {
                notes.push(
                    "the transcript holds no response: corsim assumes 200 with no headers"
                        .to_string(),
                );
            }
        }
        Some((scenario, notes))
    }
}

/// The headers a preflight announces (`Access-Control-Request-Headers`), each with a stand-in
/// value: the script's headers, known only by name.
pub(crate) fn announced_headers(preflight: &PastedRequest) -> Vec<(String, String)> {
    preflight
        .header("access-control-request-headers")
        .map(|names| {
            names
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| (n.to_string(), placeholder_value(n)))
                .collect()
        })
        .unwrap_or_default()
}

/// A stand-in value for a header known only by name (from `Access-Control-Request-Headers`).
pub(crate) fn placeholder_value(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "content-type" => "application/json".to_string(),
        "authorization" => "Bearer ····".to_string(),
        _ => "····".to_string(),
    }
}

/// The replies of a transcript (`-L` follows redirects) as the scenario's answers: the last is
/// the response, the earlier redirects (3xx) are the hops before it. `false` when there is none.
pub fn answer_with(scenario: &mut Scenario, replies: &[Reply]) -> bool {
    let Some((last, earlier)) = replies.split_last() else {
        return false;
    };
    scenario.response = last.clone();
    scenario.redirects = earlier
        .iter()
        .filter(|r| (300..400).contains(&r.status))
        .cloned()
        .collect();
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Mode;

    fn ok(text: &str) -> PastedRequest {
        parse_curl_command(text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn chrome_copy_as_curl_bash() {
        let r = ok(
            "curl 'https://api.example.com/v1/orders' \\\n  -X 'PUT' \\\n  -H 'accept: */*' \\\n  -H 'content-type: application/json' \\\n  -H 'origin: https://app.example.com' \\\n  -H 'referer: https://app.example.com/' \\\n  -H 'sec-fetch-mode: cors' \\\n  -H 'user-agent: Mozilla/5.0' \\\n  --data-raw '{\"id\":1}'",
        );
        assert_eq!(r.url, "https://api.example.com/v1/orders");
        assert_eq!(r.method, "PUT");
        assert_eq!(r.body.as_deref(), Some("{\"id\":1}"));
        assert_eq!(r.origin.as_deref(), Some("https://app.example.com"));
        assert_eq!(r.mode, Some(Mode::Cors));
        let init = r.to_request_init();
        assert_eq!(
            init.headers,
            vec![
                ("accept".to_string(), "*/*".to_string()),
                ("content-type".to_string(), "application/json".to_string())
            ]
        );
    }

    #[test]
    fn chrome_copy_as_curl_cmd() {
        let r = ok(
            "curl ^\"https://api.example.com/x^\" ^\n  -H ^\"authorization: Bearer abc^\" ^\n  -H ^\"origin: https://app.example.com^\" ^\n  -b ^\"sid=1^\"",
        );
        assert_eq!(r.url, "https://api.example.com/x");
        assert_eq!(r.method, "GET");
        assert_eq!(r.credentials, Some(Credentials::Include));
        assert_eq!(r.header("authorization"), Some("Bearer abc"));
    }

    #[test]
    fn options() {
        let r = ok("$ curl -sSL -XPOST https://a.example/x -d a=1 -d b=2 -u me:pw");
        assert_eq!(r.method, "POST");
        assert_eq!(r.body.as_deref(), Some("a=1&b=2"));
        assert_eq!(r.header("authorization"), Some("Basic bWU6cHc="));
        assert_eq!(
            r.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let r = ok("curl -I example.com");
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("HEAD", "http://example.com")
        );
        let r = ok("curl --json '{}' https://a.example/");
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.method, "POST");
    }

    #[test]
    fn every_problem_at_once() {
        let e = parse_curl_command("curl -H 'nocolon' -X")
            .err()
            .unwrap_or_default();
        let messages: Vec<String> = e.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "line 1, column 9: the header \"nocolon\" has no colon (expected \"Name: value\")",
                "line 1, column 19: -X needs a value after it",
                "the curl command names no URL"
            ]
        );
        let e = parse_curl_command("curl 'https://a\n  -H x")
            .err()
            .unwrap_or_default();
        assert_eq!(e.first().map(|e| (e.line, e.column)), Some((1, 6)));
        assert!(parse_curl_command("wget https://a").is_err());
    }

    #[test]
    fn verbose_transcript_of_a_preflight() {
        let t = parse_curl_transcript(
            "*   Trying 127.0.0.1:443...\n* ALPN: server accepted h2\n> OPTIONS /v1/orders HTTP/2\n> Host: api.example.com\n> Origin: https://app.example.com\n> Access-Control-Request-Method: PUT\n> Access-Control-Request-Headers: content-type\n>\n< HTTP/2 204\n< access-control-allow-origin: https://app.example.com\n< access-control-allow-methods: GET, POST\n<\n",
        );
        assert_eq!(t.sent.len(), 1);
        assert_eq!(t.received.len(), 1);
        let (s, notes) = t.to_scenario().unwrap_or_else(|| panic!("no scenario"));
        assert_eq!(s.request.url, "https://api.example.com/v1/orders");
        assert_eq!(s.request.method, "PUT");
        assert_eq!(s.origin, "https://app.example.com");
        assert_eq!(notes.len(), 1);
        let v = crate::simulate(&s);
        assert_eq!(
            v.cors_error,
            Some(crate::CorsError::MethodDisallowedByPreflightResponse)
        );
    }

    #[test]
    fn command_with_curl_i_output() {
        let t = parse_curl_transcript(
            "$ curl -i -H 'Origin: https://app.example.com' https://api.example.com/\nHTTP/1.1 100 Continue\n\nHTTP/2 200\ncontent-type: application/json\naccess-control-allow-origin: https://other.example\n\n{\"ok\":true}\n",
        );
        assert!(t.command.is_some());
        assert_eq!(t.received.len(), 1);
        let (s, _) = t.to_scenario().unwrap_or_else(|| panic!("no scenario"));
        assert_eq!(
            crate::simulate(&s).cors_error,
            Some(crate::CorsError::AllowOriginMismatch)
        );
    }

    #[test]
    fn output_without_a_status_line_and_commands_in_inline_code() {
        // The poster kept the header that matters, each line in backticks, under a caption.
        let typed = as_typed(
            "Request :\n`curl -iH'Origin: https://a.test' https://b.test/x`\n\n`access-control-allow-origin: https://c.test`",
        )
        .unwrap_or_else(|| panic!("no command"));
        assert!(typed.starts_with("curl -iH"), "{typed}");
        let t = parse_curl_transcript(&typed);
        assert_eq!(t.received.len(), 1);
        assert_eq!(
            t.received
                .first()
                .and_then(|b| b.header("access-control-allow-origin")),
            Some("https://c.test")
        );
        assert_eq!(
            t.command.map(|c| c.url),
            Some("https://b.test/x".to_string())
        );
        // Captions and prose are no commands.
        for text in ["CURL Example \nfoo: bar", "curl returns nothing", "curl"] {
            assert!(!looks_like_curl_command(text), "{text}");
        }
        assert!(looks_like_curl_command("curl URL -H 'Origin: x'"));
        assert!(looks_like_curl_command("curl example.org"));
    }

    /// What a transcript settles, through the reading `explain --json` gives.
    fn verdicts(text: &str) -> Vec<(Option<crate::CorsError>, crate::verdict::FetchOutcome)> {
        let profile = crate::Profile::CHROMIUM;
        let options = crate::paste::reading::ReadOptions {
            keep_secrets: true,
            ..crate::paste::reading::ReadOptions::new(&profile)
        };
        crate::paste::reading::read(text, &options)
            .verdicts
            .iter()
            .map(|v| (v.verdict.cors_error, v.verdict.fetch))
            .collect()
    }

    #[test]
    fn commands_in_fences_and_backticks_with_prose_around() {
        use crate::paste::PasteKind;
        let kind = |t: &str| crate::paste::reading::recognise(t).0;
        for (name, text, want) in [
            (
                "fence with prose that reads as a header",
                "Request:\n```bash\ncurl -X POST 'https://b.io/x' \\\n  -H 'Content-Type: application/json' \\\n  -H 'Origin: https://a.io'\n```\nNote: it fails in the browser",
                PasteKind::CurlCommand,
            ),
            (
                "fence, then the output outside it",
                "```\ncurl -i -H 'Origin: https://a.io' https://b.io/x\n```\nHTTP/1.1 403 Forbidden\nContent-Type: text/plain\n",
                PasteKind::CurlTranscript,
            ),
            (
                "one inline code span over several lines",
                "`curl -X PUT https://b.io/x \\\n  -H 'X-Token: 1' \\\n  -H 'Origin: https://a.io'`",
                PasteKind::CurlCommand,
            ),
            (
                "Windows carets in a bash fence",
                "```bash\ncurl -X POST \"https://b.io/x\" ^\n-H \"Origin: https://a.io\" ^\n-d \"{}\"\n```",
                PasteKind::CurlCommand,
            ),
            (
                "prose before a prompt",
                "It works from my machine.\n\nme@box ~ % curl -i https://b.io/x\nHTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\n",
                PasteKind::CurlTranscript,
            ),
        ] {
            assert_eq!(kind(text), want, "{name}");
        }
    }

    #[test]
    fn what_a_transcript_settles() {
        // Cut after the status line: the headers are not in the paste, not absent.
        assert_eq!(
            verdicts(
                "$ curl -v -H 'Origin: https://a.io' https://b.io/x\n> GET /x HTTP/1.1\n> Host: b.io\n> Origin: https://a.io\n>\n< HTTP/1.1 200 OK"
            ),
            vec![]
        );
        // Two Access-Control-Allow-Origin lines without Origin: every request fails.
        let doubled = verdicts(
            "$ curl -i https://b.io/x\nHTTP/2 200\naccess-control-allow-origin: *\naccess-control-allow-origin: *\ncontent-type: text/plain\n",
        );
        assert_eq!(doubled.len(), 1);
        assert_eq!(
            doubled.first().map(|v| v.1),
            Some(crate::verdict::FetchOutcome::Rejected)
        );
        // DevTools' Headers tab with the Origin and the answer masked alike.
        let tab = verdicts(
            "General\nRequest URL: https://api.b.io/x\nRequest Method: GET\nStatus Code: 200 OK\n\nResponse Headers\nAccess-Control-Allow-Origin: https://xxx.com\nContent-Type: application/json\n\nRequest Headers\nOrigin: https://xxx.com\nAccept: */*\n",
        );
        assert!(
            tab.iter()
                .all(|(e, _)| *e != Some(crate::CorsError::AllowOriginMismatch)),
            "{tab:?}"
        );
        // A masked Origin the server echoes: no mismatch made up by the mask.
        for origin in ["https://xxx.com", "xyz.com", "<your-site>"] {
            let v = verdicts(&format!(
                "$ curl -i -H 'Origin: {origin}' https://b.io/x\nHTTP/1.1 200 OK\nAccess-Control-Allow-Origin: {origin}\nAccess-Control-Allow-Credentials: true\n"
            ));
            assert!(
                v.iter()
                    .all(|(e, _)| *e != Some(crate::CorsError::AllowOriginMismatch)
                        && *e != Some(crate::CorsError::InvalidAllowOriginValue)),
                "{origin}: {v:?}"
            );
        }
    }

    #[test]
    fn several_commands_each_with_its_output() {
        let text = "[me:~/api]$ curl -i http://localhost:5000/a\nHTTP/1.0 200 OK\nAccess-Control-Allow-Origin: *\n\n[me:~/api]$ curl -X OPTIONS http://localhost:5000/a -i\nHTTP/1.0 200 OK\nAllow: GET\n";
        let starts = later_commands(text);
        assert_eq!(starts.len(), 1);
        let second = starts.first().and_then(|&k| text.get(k..)).unwrap_or("");
        assert!(
            second.starts_with("[me:~/api]$ curl -X OPTIONS"),
            "{second}"
        );
        let first = parse_curl_transcript(
            text.get(..starts.first().copied().unwrap_or(0))
                .unwrap_or(""),
        );
        assert_eq!(first.received.len(), 1);
        // curl -v's own lines are no commands.
        assert!(
            later_commands("curl -v https://a.test\n> GET / HTTP/1.1\n> User-Agent: curl/8.0\n")
                .is_empty()
        );
    }
}
