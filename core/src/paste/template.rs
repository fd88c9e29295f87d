//! Message templates read backwards: a browser prints a template with its slots filled in
//! (`… at %1$S. (Reason: … does not match ‘%2$S’).`); given the printed text, recover the slots.
//!
//! What people paste is rarely what the browser printed byte for byte: lines are wrapped by
//! terminals (in the middle of a word or a URL), by forums and page layouts (at spaces), quotes
//! are turned curly or straight, spaces doubled or lost, and the start of a message is cut off.
//! So the comparison is made on a *projection* of both texts:
//!
//! - white space is ignored altogether (a line break or a space may appear or vanish anywhere),
//!   and so are zero-width characters;
//! - every quote character (`'` `"` `‘` `’` `“` `”` `«` `»` `„` `‚` `` ` `` `´` `「` `」` …) is
//!   the same character;
//! - ASCII letters compare without case.
//!
//! A template is literal text and numbered slots `%1$S`, `%2$S` … (the syntax of Firefox's
//! `.properties` files, used for every template here). A slot followed by literal text ends at
//! the first place where the rest of the template matches (shortest match, with backtracking); a
//! slot at the end of the template takes one token. A slot's value is cut from the original text,
//! so it keeps its own spaces and characters; [`slot_url`] and [`slot_value`] undo the line breaks
//! a wrap put into it.

/// Zero-width characters that copy-paste leaves in text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

/// Whether a character is a quote mark of any style.
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '\'' | '"'
            | '`'
            | '\u{b4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201a}'
            | '\u{201b}'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{201e}'
            | '\u{201f}'
            | '\u{2032}'
            | '\u{2033}'
            | '\u{ab}'
            | '\u{bb}'
            | '\u{2039}'
            | '\u{203a}'
            | '\u{300c}'
            | '\u{300d}'
            | '\u{300e}'
            | '\u{300f}'
            | '\u{ff02}'
            | '\u{ff07}'
    )
}

/// The projected form of a character: `None` for white space and invisible characters.
fn project(c: char) -> Option<char> {
    if c.is_whitespace() || is_invisible(c) {
        None
    } else if is_quote(c) {
        Some('\'')
    } else if c == '_' {
        // Markdown turns `*` into emphasis and pastes keep `_` for it: one character.
        Some('*')
    } else {
        Some(c.to_ascii_lowercase())
    }
}

/// A text seen through the projection: its visible characters, each with its byte offset.
#[derive(Clone, Debug)]
pub(crate) struct Projected<'a> {
    text: &'a str,
    chars: Vec<char>,
    offsets: Vec<usize>,
}

impl<'a> Projected<'a> {
    /// Projects a text.
    pub(crate) fn new(text: &'a str) -> Projected<'a> {
        let mut chars = Vec::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if let Some(p) = project(c) {
                chars.push(p);
                offsets.push(i);
            }
        }
        Projected {
            text,
            chars,
            offsets,
        }
    }

    /// How many visible characters the text has.
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// Visible character `i`, projected.
    pub(crate) fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// The original text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The byte offset in the original text of visible character `i` (the text's length past
    /// the end).
    pub(crate) fn offset(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(self.text.len())
    }

    /// The original text of visible characters `start..end`, spaces inside included.
    pub(crate) fn original(&self, start: usize, end: usize) -> &'a str {
        if end <= start {
            return "";
        }
        let from = self.offset(start);
        let last = self.offset(end - 1);
        let to = self
            .text
            .get(last..)
            .and_then(|rest| rest.chars().next())
            .map_or(self.text.len(), |c| last + c.len_utf8());
        self.text.get(from..to).unwrap_or("")
    }

    /// Whether `lit` (projected) is at position `at`.
    pub(crate) fn lit_at(&self, at: usize, lit: &[char]) -> bool {
        self.chars
            .get(at..at + lit.len())
            .is_some_and(|window| window == lit)
    }

    /// Whether the text `s`, projected, is at position `at` (without building its projection).
    pub(crate) fn lit_at_str(&self, at: usize, s: &str) -> bool {
        (at..)
            .zip(s.chars().filter_map(project))
            .all(|(i, c)| self.chars.get(i) == Some(&c))
    }

    /// The first position at or after `from` where `lit` (projected) is.
    pub(crate) fn find(&self, from: usize, lit: &[char]) -> Option<usize> {
        self.find_before(from, lit, usize::MAX)
    }

    /// The first position in `from..=last` where `lit` (projected) starts.
    pub(crate) fn find_before(&self, from: usize, lit: &[char], last: usize) -> Option<usize> {
        let first = *lit.first()?;
        let last_start = self.chars.len().checked_sub(lit.len())?.min(last);
        let mut i = from;
        while i <= last_start {
            if self.chars.get(i) == Some(&first) && self.lit_at(i, lit) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// The last position before `before` where `lit` (projected) starts.
    pub(crate) fn rfind(&self, before: usize, lit: &[char]) -> Option<usize> {
        let mut i = before.min(self.chars.len().checked_sub(lit.len())? + 1);
        while i > 0 {
            i -= 1;
            if self.lit_at(i, lit) {
                return Some(i);
            }
        }
        None
    }

    /// Whether the original text at visible character `at` goes on with the same sentence: a
    /// lower-case word after a space.
    fn continues_sentence(&self, at: usize) -> bool {
        let Some(&start) = self.offsets.get(at) else {
            return false;
        };
        let before = self.text.get(..start).unwrap_or("");
        let spaced = before.ends_with([' ', '\t']);
        let next = self.text.get(start..).and_then(|r| r.chars().next());
        spaced && next.is_some_and(char::is_lowercase)
    }

    /// The end of the token (a run of non-space characters in the original text) that starts at
    /// visible character `start`.
    fn token_end(&self, start: usize) -> usize {
        let mut end = start;
        while end < self.chars.len() {
            if end > start {
                let prev = self.offset(end - 1);
                let here = self.offset(end);
                let between = self.text.get(prev..here).unwrap_or("");
                if between.chars().skip(1).any(char::is_whitespace) {
                    break;
                }
            }
            end += 1;
        }
        end
    }
}

/// The projection of a literal.
pub(crate) fn lit(text: &str) -> Vec<char> {
    text.chars().filter_map(project).collect()
}

/// The projection of a string literal, computed once (a `static` at each place it is used): the
/// grammars look for their fixed words in every unit of a paste, and projecting them anew each
/// time was most of the time a large paste took.
macro_rules! lit_once {
    ($s:literal) => {{
        static LIT: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
        LIT.get_or_init(|| $crate::paste::template::lit($s))
            .as_slice()
    }};
}
pub(crate) use lit_once;

/// How many visible characters a literal has, projected.
pub(crate) fn lit_len(text: &str) -> usize {
    text.chars().filter_map(project).count()
}

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// Literal text, projected.
    Lit(Vec<char>),
    /// Slot `%n$S` (1-based).
    Slot(usize),
}

/// A template: literal text and numbered slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Template {
    parts: Vec<Part>,
    /// The template ends with a period, which pastes often lose: matched when there.
    final_period: bool,
}

/// Where a template matched and what its slots hold (visible-character ranges).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Match {
    /// The first visible character matched.
    pub start: usize,
    /// One past the last visible character matched.
    pub end: usize,
    /// Slots 1 to 4.
    pub slots: [Option<(usize, usize)>; 4],
    /// How many literal characters matched (more is a more specific match).
    pub literal: usize,
    /// Whether the template's end was cut off (the text ended before it).
    pub cut_tail: bool,
}

impl Match {
    /// The original text of slot `n` (1-based).
    pub(crate) fn slot<'a>(&self, p: &Projected<'a>, n: usize) -> Option<&'a str> {
        let (a, b) = (*self.slots.get(n.checked_sub(1)?)?)?;
        Some(p.original(a, b))
    }
}

/// How much of a template may be missing from the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tolerance {
    /// The text may start inside the first literal (a message cut at the start): that many
    /// visible characters of it must remain, at least.
    pub cut_head: Option<usize>,
    /// The text may end before the template does (a message cut at the end): that many literal
    /// characters must have matched, at least.
    pub cut_tail: Option<usize>,
}

/// How many places a slot tries before giving up (keeps matching linear in practice).
const MAX_TRIES: usize = 16;

/// The most visible characters a slot holds. Browsers print URLs whole, and signed URLs run to a
/// few thousand characters; a slot is never looked for further than this, so a text of message
/// starts that never end costs each start this much at most, not the rest of the text.
const MAX_SLOT: usize = 8192;

impl Template {
    /// Parses a template with `%1$S`-style slots (`%S` counts as `%1$S`).
    pub(crate) fn new(text: &str) -> Template {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('%') {
            literal.push_str(rest.get(..i).unwrap_or(""));
            let after = rest.get(i + 1..).unwrap_or("");
            let (slot, used) = if let Some(tail) = after.strip_prefix('S') {
                (Some(1), after.len() - tail.len())
            } else {
                let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
                let tail = after.get(digits.len()..).unwrap_or("");
                match (digits.parse::<usize>(), tail.strip_prefix("$S")) {
                    (Ok(n), Some(t)) if (1..=4).contains(&n) => (Some(n), after.len() - t.len()),
                    _ => (None, 0),
                }
            };
            match slot {
                Some(n) => {
                    let l = lit(&literal);
                    if !l.is_empty() {
                        parts.push(Part::Lit(l));
                    }
                    literal.clear();
                    parts.push(Part::Slot(n));
                    rest = after.get(used..).unwrap_or("");
                }
                None => {
                    literal.push('%');
                    rest = after;
                }
            }
        }
        literal.push_str(rest);
        let mut l = lit(&literal);
        let final_period = l.last() == Some(&'.') && (l.len() > 1 || !parts.is_empty());
        if final_period {
            l.pop();
        }
        if !l.is_empty() {
            parts.push(Part::Lit(l));
        }
        Template {
            parts,
            final_period,
        }
    }

    /// The literal before the first slot, projected (empty when the template starts with one).
    pub(crate) fn head(&self) -> &[char] {
        match self.parts.first() {
            Some(Part::Lit(l)) => l,
            _ => &[],
        }
    }

    /// The template's literal characters, slots left out.
    pub(crate) fn literal_chars(&self) -> Vec<char> {
        self.parts
            .iter()
            .flat_map(|p| match p {
                Part::Lit(l) => l.clone(),
                Part::Slot(_) => Vec::new(),
            })
            .collect()
    }

    /// Whether the template has slot `n`.
    pub(crate) fn has_slot(&self, n: usize) -> bool {
        self.parts.contains(&Part::Slot(n))
    }

    /// How many literal characters the template has.
    pub(crate) fn literal_len(&self) -> usize {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lit(l) => l.len(),
                Part::Slot(_) => 0,
            })
            .sum()
    }

    /// The template from its part `from` on (the parts after the first slot, say).
    pub(crate) fn tail_from_slot(&self, slot: usize) -> Option<Template> {
        let i = self.parts.iter().position(|p| *p == Part::Slot(slot))?;
        Some(Template {
            parts: self.parts.get(i + 1..)?.to_vec(),
            final_period: self.final_period,
        })
    }

    /// The literal the template starts with, if it starts with one (projected).
    pub(crate) fn first_literal(&self) -> Option<&[char]> {
        match self.parts.first() {
            Some(Part::Lit(first)) => Some(first),
            _ => None,
        }
    }

    /// Matches the template starting exactly at visible character `at`.
    pub(crate) fn match_at(&self, p: &Projected, at: usize, tol: Tolerance) -> Option<Match> {
        let mut m = Match {
            start: at,
            end: at,
            slots: [None; 4],
            literal: 0,
            cut_tail: false,
        };
        let mut parts: &[Part] = &self.parts;
        let mut pos = at;
        // A head cut off: the text starts with the end of the first literal (or, when the end
        // may be cut too, with a stretch of its middle up to the end of the text).
        if let (Some(min), Some(Part::Lit(first))) = (tol.cut_head, parts.first())
            && !p.lit_at(pos, first)
        {
            let text = p.chars.get(pos..).unwrap_or(&[]);
            let start = *text.first()?;
            let mut found = None;
            for skip in 1..first.len() {
                if first.get(skip) != Some(&start) {
                    continue;
                }
                let suffix = first.get(skip..).unwrap_or(&[]);
                let common = suffix.iter().zip(text).take_while(|(a, b)| a == b).count();
                if common == suffix.len() && common >= min.min(first.len()) {
                    found = Some((common, false));
                    break;
                }
                if let Some(tail_min) = tol.cut_tail
                    && common == text.len()
                    && common >= min.max(tail_min)
                {
                    found = Some((common, true));
                    break;
                }
            }
            let (cut, ended) = found?;
            m.literal += cut;
            if ended {
                m.end = p.len();
                m.cut_tail = true;
                return Some(m);
            }
            pos += cut;
            parts = parts.get(1..).unwrap_or(&[]);
        }
        if self.rest(p, parts, pos, tol, &mut m) {
            Some(m)
        } else {
            None
        }
    }

    /// Finds the first place at or after `from` where the template matches. With a cut head, a
    /// match that starts inside the first literal is tried only at `from` itself.
    pub(crate) fn find(&self, p: &Projected, from: usize, tol: Tolerance) -> Option<Match> {
        let exact = Tolerance {
            cut_head: None,
            ..tol
        };
        match self.parts.first() {
            Some(Part::Lit(first)) => {
                let mut i = from;
                let mut tries = 0;
                while let Some(at) = p.find(i, first) {
                    if let Some(m) = self.match_at(p, at, exact) {
                        return Some(m);
                    }
                    tries += 1;
                    if tries > MAX_TRIES {
                        break;
                    }
                    i = at + 1;
                }
                if tol.cut_head.is_some() {
                    return self.match_at(p, from, tol);
                }
                None
            }
            _ => self.match_at(p, from, exact),
        }
    }

    fn rest(
        &self,
        p: &Projected,
        parts: &[Part],
        pos: usize,
        tol: Tolerance,
        m: &mut Match,
    ) -> bool {
        let Some((part, after)) = parts.split_first() else {
            m.end = pos;
            if self.final_period {
                if p.char_at(pos) == Some('.') {
                    m.end += 1;
                    m.literal += 1;
                } else if p.continues_sentence(pos) {
                    // Without its period the sentence must end here: `… Allow-Headers in
                    // preflight response` is another sentence than `… Allow-Headers.`.
                    return false;
                }
            }
            return true;
        };
        match part {
            Part::Lit(l) => {
                if p.lit_at(pos, l) {
                    m.literal += l.len();
                    return self.rest(p, after, pos + l.len(), tol, m);
                }
                // The text ends inside this literal: a message cut at the end.
                if let Some(min) = tol.cut_tail {
                    let left = p.len().saturating_sub(pos);
                    let matched = l
                        .iter()
                        .zip(p.chars.get(pos..).unwrap_or(&[]))
                        .take_while(|(a, b)| a == b)
                        .count();
                    if matched == left && m.literal + matched >= min {
                        m.literal += matched;
                        m.end = p.len();
                        m.cut_tail = true;
                        return true;
                    }
                }
                false
            }
            Part::Slot(n) => {
                let index = n.saturating_sub(1);
                match after.first() {
                    None => {
                        let end = p.token_end(pos);
                        if end == pos {
                            // The text ends where the last slot starts: a message cut there.
                            if let Some(min) = tol.cut_tail
                                && pos >= p.len()
                                && m.literal >= min
                            {
                                m.end = p.len();
                                m.cut_tail = true;
                                return true;
                            }
                            return false;
                        }
                        if let Some(s) = m.slots.get_mut(index) {
                            *s = Some((pos, end));
                        }
                        m.end = end;
                        true
                    }
                    Some(Part::Lit(next)) => {
                        // A slot closed by a quote holds no quote: a quote inside means this
                        // is not where the slot starts.
                        let quoted = next.first() == Some(&'\'');
                        let mut from = pos;
                        let mut tries = 0;
                        let saved = *m;
                        while let Some(at) = p.find_before(from, next, pos + MAX_SLOT) {
                            // (A value quoted inside the quotes, `'"true"'`, is a value.)
                            let inner = p.chars.get(pos..at).unwrap_or(&[]);
                            let quotes = inner.iter().filter(|c| **c == '\'').count();
                            let wrapped = quotes == 2
                                && inner.first() == Some(&'\'')
                                && inner.last() == Some(&'\'');
                            if quoted && quotes > 0 && !wrapped {
                                return false;
                            }
                            if let Some(s) = m.slots.get_mut(index) {
                                *s = Some((pos, at));
                            }
                            if self.rest(p, after, at, tol, m) {
                                return true;
                            }
                            *m = saved;
                            tries += 1;
                            if tries > MAX_TRIES {
                                return false;
                            }
                            from = at + 1;
                        }
                        // The text ends inside the slot: a message cut at the end.
                        if let Some(min) = tol.cut_tail
                            && m.literal >= min
                            && pos < p.len()
                            && p.token_end(pos) == p.len()
                        {
                            if let Some(s) = m.slots.get_mut(index) {
                                *s = Some((pos, p.token_end(pos)));
                            }
                            m.end = p.len();
                            m.cut_tail = true;
                            return true;
                        }
                        false
                    }
                    // Two slots in a row: never in a template here.
                    Some(Part::Slot(_)) => false,
                }
            }
        }
    }
}

/// A slot holding a URL or an origin: a URL has no white space, so any the paste put in (a
/// wrapped line) is removed, and quotes or a final period around it are dropped.
pub(crate) fn slot_url(value: &str) -> String {
    // A wrap puts a line break (and the next line's indentation) into the URL: take it out.
    let mut joined = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        joined.push_str(if i == 0 { line.trim_end() } else { line.trim() });
    }
    let joined: String = joined.chars().filter(|c| !is_invisible(*c)).collect();
    let joined = unlink(&joined);
    let t = joined.trim();
    // Quotes around the URL come off as a pair; a lone one is the URL's own (a typo kept).
    let t = match (t.chars().next(), t.chars().next_back()) {
        (Some(a), Some(b)) if is_quote(a) && is_quote(b) && t.chars().count() > 1 => {
            t.get(a.len_utf8()..t.len() - b.len_utf8()).unwrap_or(t)
        }
        (Some(a), _) if is_quote(a) => t.get(a.len_utf8()..).unwrap_or(t),
        _ => t,
    };
    // `<https://…>` (Markdown's autolink): the brackets are not the URL's.
    t.strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(t)
        .to_string()
}

/// Markdown's links turned back into their text: a chat or forum that autolinks a URL prints
/// `[https://a](https://a)`, the browser printed `https://a`.
pub(crate) fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find("](") else {
            break;
        };
        let label = after.get(..close).unwrap_or("");
        let target_start = after.get(close + 2..).unwrap_or("");
        let Some(end) = target_start.find(')') else {
            break;
        };
        let target = target_start.get(..end).unwrap_or("");
        if label.contains(['[', ']']) || !(target.contains("://") || label.contains("://")) {
            break;
        }
        out.push_str(rest.get(..open).unwrap_or(""));
        out.push_str(label);
        rest = target_start.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A slot holding another value (a header value, a name): a line break with the spaces around
/// it, which a wrap put there, is removed (kept as one space after a comma or a semicolon).
pub(crate) fn slot_value(value: &str) -> String {
    let value = &unlink(value);
    if !value.contains('\n') {
        return value.replace('\u{a0}', " ");
    }
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        let piece = if i == 0 { line.trim_end() } else { line.trim() };
        if i > 0 && (out.ends_with(',') || out.ends_with(';')) {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out.replace('\u{a0}', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(t: &str, text: &str, tol: Tolerance) -> Option<Vec<String>> {
        let template = Template::new(t);
        let p = Projected::new(text);
        let m = template.find(&p, 0, tol)?;
        Some(
            (1..=2)
                .filter_map(|n| m.slot(&p, n).map(str::to_string))
                .collect(),
        )
    }

    #[test]
    fn slots_are_recovered_through_wraps_quotes_and_case() {
        let t = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).";
        let rows: [(&str, &str, &str); 4] = [
            (
                "as printed",
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://b.example’).",
                "https://a.example/x",
            ),
            (
                "straight quotes, wrapped in a word and in the URL",
                "Cross-Origin Request Blocked: The Same Origin Policy disallows read\ning the remote resource at https://a.example/\nx. (Reason: CORS header 'Access-Control-Allow-Origin' does not match 'https://b.example').",
                "https://a.example/\nx",
            ),
            (
                "doubled spaces, lower case",
                "cross-origin request blocked:  the same origin policy disallows reading the remote resource at https://a.example/x. (reason: cors header \"access-control-allow-origin\" does not match \"https://b.example\").",
                "https://a.example/x",
            ),
            (
                "with text around it",
                "I get: Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://b.example’). Help!",
                "https://a.example/x",
            ),
        ];
        for (name, text, url) in rows {
            let got = slots(t, text, Tolerance::default()).unwrap_or_default();
            assert_eq!(got.first().map(String::as_str), Some(url), "{name}");
            assert_eq!(
                got.get(1).map(String::as_str),
                Some("https://b.example"),
                "{name}"
            );
        }
        assert_eq!(slot_url("https://a.example/\nx"), "https://a.example/x");
    }

    #[test]
    fn cut_head_and_cut_tail() {
        let t = "Access to %1$S at '%2$S' from origin";
        let cut = Tolerance {
            cut_head: Some(2),
            cut_tail: None,
        };
        assert_eq!(
            slots(t, "to fetch at 'https://a.example/' from origin", cut),
            Some(vec!["fetch".to_string(), "https://a.example/".to_string()])
        );
        let t = "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %1$S.";
        let both = Tolerance {
            cut_head: Some(10),
            cut_tail: Some(20),
        };
        let template = Template::new(t);
        let p = Projected::new("Reason: CORS header 'Access-Control-Allow-Origin' missing");
        let m = template.find(&p, 0, both);
        assert!(m.is_some_and(|m| m.cut_tail));
        let p = Projected::new("Reason: CORS disabled");
        assert!(template.find(&p, 0, both).is_none());
        // Cut where the last slot starts (`… Status code:` and nothing after it).
        let p = Projected::new(
            "(Reason: CORS header 'Access-Control-Allow-Origin' missing). Status code:",
        );
        let m = template.find(&p, 0, both);
        assert!(
            m.is_some_and(|m| m.cut_tail && m.slots[0].is_none()),
            "{m:?}"
        );
        assert!(template.find(&p, 0, Tolerance::default()).is_none());
    }

    #[test]
    fn a_trailing_slot_takes_one_token() {
        assert_eq!(
            slots(
                "Status code: %1$S",
                "Status code: 404 more",
                Tolerance::default()
            ),
            Some(vec!["404".to_string()])
        );
        assert_eq!(
            slots("Status code: %1$S", "Status code: ", Tolerance::default()),
            None
        );
    }

    #[test]
    fn total_on_odd_templates_and_texts() {
        for t in ["", "%", "%9$S", "%1$S%2$S", "a%1$", "%S%S"] {
            let template = Template::new(t);
            for text in ["", "a", "%", "\u{feff}", "a\nb"] {
                let p = Projected::new(text);
                let _ = template.find(&p, 0, Tolerance::default());
                let _ = template.find(
                    &p,
                    0,
                    Tolerance {
                        cut_head: Some(1),
                        cut_tail: Some(1),
                    },
                );
            }
        }
        assert_eq!(slot_value("a,\n  b"), "a, b");
        assert_eq!(slot_value("x-to\nken"), "x-token");
    }
}
