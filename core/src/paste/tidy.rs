//! What a paste carries around the text the browser printed, taken off before it is read, and
//! the stand-ins people put in place of their real URLs.
//!
//! Around a line (each of these may repeat, in any order):
//!
//! | found | example |
//! | --- | --- |
//! | Markdown quotes and list bullets | `> `, `>> `, `- `, `* `, `• `, `1. ` |
//! | code fences (a line of its own) | `` ``` ``, `` ```text ``, `~~~` |
//! | backticks or quotes around the whole line | `` `Access to fetch …` ``, `"Access to fetch …"` |
//! | comment markers | `// `, `# ` (when a message follows) |
//! | console level tags | `[Error]`, `[Warning]`, `[Log]`, `[blocked]`, `⛔`, `❌`, `✖`, `►` |
//! | a time stamp | `10:42:01.123`, `[10:42:01]`, `2024-01-05T10:42:01.123Z` |
//! | DevTools' source location | `(index):1`, `app.js:12`, `VM123:4`, `localhost/:1`, `xhr.js:247:5` |
//! | `Uncaught`, `Uncaught (in promise)` | |
//! | Firefox's link text at the end | `[Learn More]`, `[Weitere Informationen]` |
//!
//! Lines that are only noise (a call-stack frame `fetchData @ app.js:12`, `at f (app.js:1:2)`,
//! `Show 3 more frames`, `Promise.then (async)`) are dropped. A line that is only a DevTools
//! source location (`index.js:12`, `(index):1`, `https://app.example/main.js:1:2045`) is taken
//! out altogether, with the blank lines next to it: a copy of the console puts the link where
//! the message's first line ended, so it falls inside the message, which goes on after it.
//!
//! Around a whole paste ([`unmarkdown`], before its format is told), Markdown's own marks:
//!
//! | found | example |
//! | --- | --- |
//! | backslash escapes (raw Markdown copied) | `` \` ``, `\_`, `\*` in `` \`Access to fetch at 'https://my\_api…'\` `` |
//! | a blockquote around every line | `> Access-Control-Allow-Origin: *`, `> - …`, `>> …` |
//! | a header block as a bullet list | `- Access-Control-Allow-Origin: *`, `* HTTP/1.1 200 OK`, `- **Origin**: https://a` |
//! | a code fence glued to the first or last line | ```` ```curl -i https://… ````, ```` ```js fetch(…) ````, ```` …200 OK``` ```` |
//!
//! Stand-ins ([`is_placeholder`]): a URL or origin printed as `URL`, `ORIGIN`, `<your-domain>`,
//! `https://xxx.com/api`, `https://***/x`, `http://localhost:XXXX`, `[redacted]` … is unknown,
//! never a URL to parse.

use std::borrow::Cow;

/// Characters Markdown escapes with a backslash when a text is copied as raw Markdown.
const ESCAPED: [char; 16] = [
    '`', '_', '*', '[', ']', '#', '<', '>', '~', '|', '-', '.', '!', '(', ')', '+',
];

/// Takes backslash escapes off a paste copied as raw Markdown (`` \` ``, `\_`, `\-`): only when
/// the paste has an escaped backtick, underscore or hyphen, which no browser, curl or shell output
/// prints.
/// Keeps every line where it is.
pub(crate) fn unescape_markdown(text: &str) -> Cow<'_, str> {
    if !text.contains("\\`") && !text.contains("\\_") && !text.contains("\\-") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && ESCAPED.contains(&next)
        {
            continue;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Code languages people name after a fence (```` ```js ````).
const FENCE_LANGUAGES: [&str; 22] = [
    "js",
    "javascript",
    "ts",
    "typescript",
    "jsx",
    "tsx",
    "bash",
    "sh",
    "shell",
    "zsh",
    "console",
    "text",
    "txt",
    "plaintext",
    "http",
    "json",
    "log",
    "powershell",
    "ps",
    "cmd",
    "html",
    "terminal",
];

/// Whether the text after a bullet is a header line, a status line or a request line.
fn is_header_like(t: &str) -> bool {
    let t = t.trim_start();
    if t.starts_with("HTTP/") {
        return true;
    }
    let Some((name, _)) = t.split_once(':') else {
        return false;
    };
    let name = name.trim_matches('*').trim();
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A list bullet at the start of a line: what follows it.
fn after_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["- ", "* ", "+ ", "• "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
}

/// `**Name**: value` or `**Name:** value` (Markdown bold around a header's name) as typed.
fn unbold(t: &str) -> Cow<'_, str> {
    let Some(rest) = t.strip_prefix("**") else {
        return Cow::Borrowed(t);
    };
    match rest.split_once("**") {
        Some((name, value)) => Cow::Owned(format!("{name}{value}")),
        None => Cow::Borrowed(t),
    }
}

/// Takes Markdown's marks off a whole paste before its format is told: backslash escapes
/// ([`unescape_markdown`]), a blockquote on every line, a header block written as a bullet list
/// (two or more bulleted header or status lines), and a code fence glued to the text of its
/// first or last line (put on a line of its own, a language name after it dropped). A `curl
/// -v` transcript (its `> `/`< `/`* ` lines are curl's, not Markdown's) only loses escapes.
pub(crate) fn unmarkdown(text: &str) -> Cow<'_, str> {
    let text = unescape_markdown(text);
    if crate::paste::curl::looks_like_verbose_transcript(&text) {
        return text;
    }
    let non_blank = || text.lines().filter(|l| !l.trim().is_empty());
    // A blockquote: every line quoted (nested quotes too, one level a pass).
    let mut quote_levels = 0;
    while quote_levels < 3
        && non_blank().count() > 0
        && non_blank().all(|l| {
            let l = l.trim_start();
            let mut level = 0;
            let mut rest = l;
            while let Some(r) = rest.strip_prefix('>') {
                level += 1;
                rest = r.trim_start();
            }
            level > quote_levels
        })
    {
        quote_levels += 1;
    }
    let bulleted_headers = non_blank()
        .map(|l| strip_quotes(l, quote_levels))
        .filter(|l| after_bullet(l).is_some_and(is_header_like))
        .count();
    let glued = non_blank().any(|l| {
        let t = strip_quotes(l, quote_levels).trim();
        (t.starts_with("```") || t.ends_with("```")) && !is_fence(t)
    });
    if quote_levels == 0 && bulleted_headers < 2 && !glued {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.lines() {
        let mut t: Cow<'_, str> = Cow::Borrowed(strip_quotes(line, quote_levels));
        if bulleted_headers >= 2
            && let Some(rest) = after_bullet(&t).filter(|r| is_header_like(r))
        {
            t = Cow::Owned(unbold(rest.trim_start()).into_owned());
        }
        let trimmed = t.trim();
        if is_fence(trimmed) || (!trimmed.starts_with("```") && !trimmed.ends_with("```")) {
            out.push_str(&t);
            out.push('\n');
            continue;
        }
        // A fence glued to text: the fence on a line of its own.
        let mut body = trimmed;
        let opens = body.starts_with("```");
        if opens {
            body = body.trim_start_matches('`');
            if let Some((word, rest)) = body.split_once(' ')
                && FENCE_LANGUAGES.contains(&word.to_ascii_lowercase().as_str())
            {
                body = rest;
            }
            out.push_str("```\n");
        }
        let closes = body.ends_with("```");
        let body = body.trim_end_matches('`').trim();
        if !body.is_empty() {
            out.push_str(body);
            out.push('\n');
        }
        if closes {
            out.push_str("```\n");
        }
    }
    Cow::Owned(out)
}

/// A line with `levels` blockquote marks (`>`) taken off its start.
fn strip_quotes(line: &str, levels: usize) -> &str {
    let mut t = line;
    for _ in 0..levels {
        t = t.trim_start();
        t = t.strip_prefix('>').unwrap_or(t);
        t = t.strip_prefix(' ').unwrap_or(t);
    }
    t
}

/// A line of a paste, tidied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// The line number in the paste, from 1.
    pub no: usize,
    /// The text left once quoting and decorations are taken off (empty for a blank line, a
    /// fence, or a noise line).
    pub text: String,
    /// Whether the line carried Safari's `[Error]`/`[blocked]` tag.
    pub tagged: bool,
}

/// Takes a list bullet, a quote marker, a comment marker off the start of a line.
fn strip_quoting(mut t: &str) -> &str {
    loop {
        let before = t;
        t = t.trim_start();
        for prefix in [
            ">", "- ", "* ", "+ ", "• ", "· ", "– ", "— ", "// ", "# ", "» ", "| ",
        ] {
            if let Some(rest) = t.strip_prefix(prefix) {
                // `>` alone is a Markdown quote; `> curl` stays (a curl -v request line is
                // never tidied: this is for console text).
                t = rest;
                break;
            }
        }
        // `1. `, `12) `, `1.\t`, and `1.[Error]` (a number run into Safari's tag)
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if (1..=3).contains(&digits)
            && let Some(rest) = t
                .get(digits..)
                .and_then(|r| r.strip_prefix('.').or_else(|| r.strip_prefix(')')))
                .filter(|r| r.starts_with([' ', '\t', '[']))
        {
            t = rest;
        }
        if t.len() == before.len() {
            return t;
        }
    }
}

/// A DevTools source location (`app.js:12`, `(index):1`, `VM12:3`, `localhost/:1`,
/// `main.8f3a.js:2:1045`): a word ending in `:<digits>`, not a URL and not a time.
fn is_location(word: &str) -> bool {
    if word.contains("://") || word.starts_with("http") {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = word.rsplitn(3, ':').collect();
    let file = match parts.as_slice() {
        [last, file] if digits(last) => *file,
        [last, mid, file] if digits(last) && digits(mid) => *file,
        _ => return false,
    };
    if file.is_empty() {
        return false;
    }
    // A time (`10:42:01`) is not a location.
    if file.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    file.contains('.') || file.contains('(') || file.contains('/') || file.starts_with("VM")
}

/// A time stamp: `10:42:01`, `10:42:01.123`, `[10:42:01]`, `2024-01-05T10:42:01.123Z`,
/// `2024-01-05 10:42:01`.
fn is_time(word: &str) -> bool {
    let w = word.trim_matches(|c| c == '[' || c == ']');
    let date_time = w.contains('T') && w.starts_with(|c: char| c.is_ascii_digit());
    let clock = w.split(['.', ',']).next().unwrap_or("");
    let fields: Vec<&str> = clock.split(':').collect();
    let is_clock = (2..=3).contains(&fields.len())
        && fields
            .iter()
            .all(|f| (1..=2).contains(&f.len()) && f.chars().all(|c| c.is_ascii_digit()));
    let is_date = w.len() == 10
        && w.chars().filter(|c| *c == '-').count() == 2
        && w.chars().all(|c| c.is_ascii_digit() || c == '-');
    is_clock || is_date || (date_time && w.contains(':'))
}

const TAGS: [&str; 12] = [
    "[Error]",
    "[error]",
    "[ERROR]",
    "[Warning]",
    "[warning]",
    "[Log]",
    "[Info]",
    "[Debug]",
    "[blocked]",
    "[Violation]",
    "[Deprecation]",
    "[Intervention]",
];

const MARKS: [&str; 10] = ["⛔", "❌", "✖", "✕", "×", "►", "▶", "⚠️", "⚠", "🔴"];

/// Takes console decorations off the start of a line; says whether a Safari tag was there.
fn strip_decorations(line: &str) -> (&str, bool) {
    let mut t = line.trim();
    let mut tagged = false;
    loop {
        let before = t.len();
        for tag in TAGS {
            if let Some(rest) = t.strip_prefix(tag) {
                tagged |= tag.eq_ignore_ascii_case("[error]") || tag == "[blocked]";
                t = rest.trim_start();
            }
        }
        for mark in MARKS {
            if let Some(rest) = t.strip_prefix(mark) {
                t = rest.trim_start();
            }
        }
        for lead in [
            "Uncaught (in promise)",
            "Uncaught",
            "Unhandled Promise Rejection:",
        ] {
            if let Some(rest) = t.strip_prefix(lead)
                && rest.starts_with([' ', '\t'])
            {
                t = rest.trim_start();
            }
        }
        if let Some((first, rest)) = t.split_once([' ', '\t'])
            && (is_time(first) || is_location(first))
        {
            t = rest.trim_start();
        }
        // `Error: Origin … is not allowed …`: the console's level word before a message (not
        // `Error: Network Error`, axios's own message, read as such).
        if let Some(rest) = t.strip_prefix("Error: ")
            && !rest.starts_with("Network Error")
            && !rest.starts_with("Failed to fetch")
        {
            t = rest.trim_start();
        }
        if t.len() == before {
            return (t, tagged);
        }
    }
}

/// Takes backticks or quotes around the whole line, and Firefox's `[Learn More]`, off.
fn strip_wrapping(mut t: &str) -> &str {
    loop {
        let before = t.len();
        t = t.trim();
        if let Some(rest) = t.strip_prefix('`') {
            t = rest.strip_suffix('`').unwrap_or(rest);
        }
        for (open, close) in [('"', '"'), ('\u{201c}', '\u{201d}'), ('\'', '\'')] {
            if t.starts_with(open) && t.len() > 2 {
                let inner = t.get(open.len_utf8()..).unwrap_or("");
                let inner = inner.strip_suffix(',').unwrap_or(inner).trim_end();
                if let Some(core) = inner.strip_suffix(close) {
                    // Only when the quote is not part of the message (`'Access-Control…' header`).
                    if !core.contains(close) || close != '\'' {
                        t = core;
                    }
                }
            }
        }
        if t.ends_with(']')
            && let Some(i) = t.rfind(" [")
            && t.len() - i < 40
        {
            let link = t.get(i + 2..t.len() - 1).unwrap_or("");
            if !link.contains("://") && !link.contains('\'') {
                t = t.get(..i).unwrap_or(t);
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// Whether a line is a code fence of its own: ```` ``` ```` or `~~~`, with at most an info
/// string (```` ```text ````).
pub(crate) fn is_fence(line: &str) -> bool {
    let t = line.trim();
    let rest = t
        .strip_prefix("```")
        .or_else(|| t.strip_prefix("~~~"))
        .map(|r| r.trim_start_matches(['`', '~']));
    rest.is_some_and(|r| !r.trim().contains(char::is_whitespace))
        && !t.trim_start_matches(['`', '~']).contains(['\'', '"', ':'])
}

/// Takes fences off a line that holds text too (```` ```Failed to load …``` ````).
fn strip_inline_fences(t: &str) -> &str {
    let t = t.trim();
    let t = t
        .strip_prefix("```")
        .or_else(|| t.strip_prefix("~~~"))
        .unwrap_or(t);
    t.strip_suffix("```")
        .or_else(|| t.strip_suffix("~~~"))
        .unwrap_or(t)
        .trim()
}

/// Whether a line is only noise: a call-stack frame, a "more frames" note.
fn is_noise(t: &str) -> bool {
    let frame = t.contains(" @ ")
        && t.rsplit(' ')
            .next()
            .is_some_and(|w| is_location(w) || w.contains("://"));
    // `at f (app.js:10:5)`, `at app.js:10:5`: a location at the end.
    let js_frame = t.starts_with("at ")
        && t.trim_end_matches(')')
            .rsplit(['(', ' '])
            .next()
            .is_some_and(is_location);
    let lower = t.to_ascii_lowercase();
    frame
        || js_frame
        || (lower.starts_with("show ") && lower.contains("more frame"))
        || lower.ends_with("(async)")
        || lower == "show less"
}

/// Whether a tidied line is only a DevTools source location: `index.js:12`, `(index):1`,
/// `VM12:3`, or a script's URL with its line (`https://app.example/main.js:1:2045`).
fn is_location_line(t: &str) -> bool {
    if t.is_empty() || t.contains(char::is_whitespace) {
        return false;
    }
    if is_location(t) {
        return true;
    }
    // A URL with `:line` or `:line:column` after its path (not a port: a path comes first).
    let Some((_, rest)) = t.split_once("://") else {
        return false;
    };
    let Some(slash) = rest.find('/') else {
        return false;
    };
    let path = rest.get(slash..).unwrap_or("");
    let mut parts = path.rsplitn(3, ':');
    let digits = |s: &str| !s.is_empty() && s.len() <= 7 && s.chars().all(|c| c.is_ascii_digit());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), Some(_)) if digits(a) && digits(b) => true,
        (Some(a), Some(file), _) => digits(a) && !file.is_empty(),
        _ => false,
    }
}

/// Tidies every line of a paste (at most `limit` lines).
pub(crate) fn lines(text: &str, limit: usize) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    // Whether the last line was a source location taken out (a blank line after it goes too),
    // and how many lines at the end of `out` are blank lines (not fences) that may go.
    let mut after_location = false;
    let mut blank_run = 0;
    for (i, raw) in text.lines().take(limit).enumerate() {
        let raw = raw.trim_end_matches('\r');
        let trimmed = raw.trim();
        if is_fence(trimmed) {
            blank_run = 0;
            after_location = false;
            out.push(Line {
                no: i + 1,
                text: String::new(),
                tagged: false,
            });
            continue;
        }
        let quoted = strip_inline_fences(strip_quoting(raw));
        let (decorated, tagged) = strip_decorations(quoted);
        let unwrapped = strip_wrapping(decorated);
        let (again, tagged2) = strip_decorations(unwrapped);
        let text = if is_noise(again) { "" } else { again };
        if is_location_line(text) && !tagged && !tagged2 {
            // Out, with the blank lines right before it.
            out.truncate(out.len().saturating_sub(blank_run));
            blank_run = 0;
            after_location = true;
            continue;
        }
        if text.is_empty() {
            if after_location {
                continue;
            }
            blank_run += 1;
        } else {
            blank_run = 0;
        }
        after_location = false;
        out.push(Line {
            no: i + 1,
            text: text.to_string(),
            tagged: tagged || tagged2,
        });
    }
    out
}

/// Words people write instead of a URL or an origin.
const STAND_IN_WORDS: [&str; 22] = [
    "url",
    "uri",
    "origin",
    "host",
    "domain",
    "api",
    "endpoint",
    "server",
    "backend",
    "frontend",
    "website",
    "site",
    "address",
    "myurl",
    "my-url",
    "your-url",
    "example",
    "localhost:port",
    "redacted",
    "hidden",
    "removed",
    "masked",
];

/// What a made-up host name says it stands for, after `my`, `your`, `some` or `the`.
const GENERIC_WORDS: [&str; 20] = [
    "site", "website", "web", "weblink", "link", "domain", "api", "server", "backend", "frontend",
    "app", "host", "url", "service", "company", "project", "page", "endpoint", "cdn", "bucket",
];

/// Fragments of a host that mark it as masked or made up.
const STAND_IN_HOST_PARTS: [&str; 12] = [
    "your-",
    "your_",
    "yourdomain",
    "yoursite",
    "yourapi",
    "yourserver",
    "yourapp",
    "redacted",
    "censored",
    "placeholder",
    "masked",
    "hidden",
];

/// Whether a value printed where a URL or an origin goes is a stand-in for it: a word (`URL`,
/// `ORIGIN`), a masked host (`xxx`, `***`, `<your-domain>`, `[redacted]`), a masked port
/// (`:XXXX`, `:PORT`), or not a URL at all. `null` (an opaque origin) is real.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    if v == "null" {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if STAND_IN_WORDS.contains(&lower.as_str())
        || lower
            .chars()
            .all(|c| matches!(c, 'x' | '*' | '.' | '…' | '_' | '#' | '-'))
    {
        return true;
    }
    let Some((scheme, rest)) = v.split_once("://") else {
        // `localhost:8100/api` (a URL typed without `http://`: `localhost:` reads as its
        // scheme), `127.0.0.1:8000/api` (the same, which no URL parser takes as a scheme),
        // `file:C:/x`, `data:…`: real, as printed. A word is not.
        let after_colon = v.split_once(':').map_or("", |(_, r)| r);
        if host_and_port(v) {
            return false;
        }
        return !(!after_colon.is_empty()
            && !v.contains(char::is_whitespace)
            && url::Url::parse(v).is_ok());
    };
    // Only the scheme and the host say whether a URL is real: `…/get?url=<INSERT URL>` is.
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..authority_end).unwrap_or("");
    let web = matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ws" | "wss"
    );
    if authority.contains(['<', '>', '{', '}', '…', '*', ' '])
        || authority.contains("...")
        || (authority.is_empty() && web)
    {
        return true;
    }
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return true;
    }
    let authority = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    let host_lower = host.to_ascii_lowercase();
    if matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") && host.is_empty() {
        return true;
    }
    if host.contains(['[', ']']) && !host.starts_with('[') {
        return true;
    }
    let masked_label = host_lower
        .split('.')
        .any(|label| label.len() >= 2 && label.chars().all(|c| c == 'x' || c == '*'));
    // Names reserved for examples (RFC 2606, RFC 6761: example.com, .example, .invalid), and
    // made-up names: a label in capitals (`MYWEBLINK.com`), or one that says what it stands
    // for (`yourdomain`, `externaldomain`, `my-api`).
    // `example.com`, `example.org`, `example.net` themselves (and `www.`) are real sites that
    // people test against, printed as the browser printed them; a name under them
    // (`api.example.com`) or under `.example`/`.invalid` is made up.
    let labels: Vec<&str> = host_lower.split('.').collect();
    let documented = matches!(
        labels.as_slice(),
        ["example", "com" | "org" | "net"] | ["www", "example", "com" | "org" | "net"]
    );
    let reserved = !documented
        && (labels
            .iter()
            .any(|label| *label == "example" || *label == "invalid")
            || host_lower.ends_with(".example")
            || host_lower.ends_with(".invalid"));
    let first_label = host.split('.').next().unwrap_or("");
    let capitals = first_label.len() >= 3
        && first_label
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '-' || c == '_')
        && !matches!(host_lower.as_str(), "localhost");
    let generic = !documented
        && host_lower.split('.').any(|label| {
            let bare: String = label
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            (bare.contains("domain") && bare != "localdomain")
                || bare.contains("example")
                || ["my", "your", "some", "the"].iter().any(|prefix| {
                    bare.strip_prefix(prefix)
                        .is_some_and(|rest| GENERIC_WORDS.iter().any(|w| rest.ends_with(w)))
                })
        });
    // `website.com`, `domain.com`, `server.net`, `something.com`, `abc.com`: the name before
    // the top-level domain says what it stands for, or is a run of letters typed for one.
    let registrable = labels.len() >= 2
        && labels.get(labels.len() - 2).is_some_and(|l| {
            letter_run(l)
                || matches!(
                    *l,
                    "website"
                        | "site"
                        | "domain"
                        | "server"
                        | "backend"
                        | "frontend"
                        | "api"
                        | "url"
                        | "host"
                        | "service"
                        | "company"
                        | "test"
                        | "webapp"
                        | "foo"
                        | "bar"
                        | "baz"
                        | "foobar"
                        | "xyz"
                        | "something"
                        | "somewhere"
                        | "whatever"
                        | "dummy"
                        | "sample"
                        | "client"
                        | "app"
                        | "link"
                        | "endpoint"
                )
        });
    // `some.url`, `api.domain`: a top-level domain that is a word for what it stands for.
    let made_up_tld = labels.len() >= 2
        && labels.last().is_some_and(|t| {
            matches!(
                *t,
                "url"
                    | "uri"
                    | "domain"
                    | "api"
                    | "server"
                    | "tld"
                    | "ext"
                    | "endpoint"
                    | "website"
                    | "backend"
                    | "frontend"
                    | "yourdomain"
            )
        });
    // `http://foo/`, `http://bar:8080`: a one-label host that is a word for one.
    let word_host = labels.len() == 1
        && matches!(
            host_lower.as_str(),
            "foo"
                | "bar"
                | "baz"
                | "hostname"
                | "servername"
                | "ip"
                | "ipaddress"
                | "somehost"
                | "some-host"
                | "yourhost"
                | "mysite"
                | "myserver"
                | "myhost"
                | "myapi"
        );
    if masked_label
        || registrable
        || made_up_tld
        || word_host
        || reserved
        || capitals
        || generic
        || STAND_IN_HOST_PARTS.iter().any(|p| host_lower.contains(p))
        || STAND_IN_WORDS.contains(&host_lower.as_str()) && host_lower != "localhost"
    {
        return true;
    }
    if let Some(p) = port
        && !p.is_empty()
        && !p.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    false
}

/// A label typed as a stand-in: a run of the alphabet from `a` or `x` (`abc`, `xy`, `xyz`),
/// or one letter repeated (`aaa`, `zzz`; not `www`).
fn letter_run(label: &str) -> bool {
    let b = label.as_bytes();
    let ascending = (2..=5).contains(&b.len())
        && matches!(b.first(), Some(b'a' | b'x'))
        && b.windows(2)
            .all(|w| w.get(1).copied() == w.first().map(|c| c + 1));
    let repeated = b.len() >= 3
        && b.iter().all(|c| Some(c) == b.first())
        && b.first()
            .is_some_and(|c| c.is_ascii_lowercase() && *c != b'w');
    ascending || repeated
}

/// `127.0.0.1:8000/api`, `10.0.0.2:3000`: an address and a port typed without a scheme, as a
/// browser prints the request URL such a script gave (no URL parser reads a scheme there).
fn host_and_port(value: &str) -> bool {
    let authority = value.split(['/', '?', '#']).next().unwrap_or("");
    let Some((host, port)) = authority.rsplit_once(':') else {
        return false;
    };
    let ipv4 = host.split('.').count() == 4
        && host
            .split('.')
            .all(|o| !o.is_empty() && o.len() <= 3 && o.chars().all(|c| c.is_ascii_digit()));
    ipv4 && !port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_around_a_whole_paste() {
        let cases = [
            // A header block as a bullet list, bold names too.
            (
                "- Access-Control-Allow-Origin: *\n- **Vary**: Origin",
                "Access-Control-Allow-Origin: *\nVary: Origin\n",
            ),
            // A blockquote with bullets.
            (
                "> * HTTP/1.1 200 OK\n> * Access-Control-Allow-Origin: *",
                "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\n",
            ),
            // Fences glued to the text, a language name after the opening one.
            (
                "```js fetch('https://a.io/x')```",
                "```\nfetch('https://a.io/x')\n```\n",
            ),
            (
                "```curl -i https://a.io/x\nHTTP/1.1 200 OK```",
                "```\ncurl -i https://a.io/x\nHTTP/1.1 200 OK\n```\n",
            ),
            // Backslash escapes of raw Markdown.
            (
                "\\`Access to fetch at 'https://my\\_site.io/a'\\`",
                "`Access to fetch at 'https://my_site.io/a'`",
            ),
        ];
        for (paste, want) in cases {
            assert_eq!(unmarkdown(paste), want, "{paste}");
        }
        // Left alone: curl's own `> `/`< `/`* ` lines, one bullet in prose, a plain paste.
        for paste in [
            "* Connected to a.io\n> GET / HTTP/1.1\n> Host: a.io\n< HTTP/1.1 200 OK\n< Server: x",
            "- note: the header is missing",
            "Access-Control-Allow-Origin: *",
        ] {
            assert_eq!(unmarkdown(paste), paste, "{paste}");
        }
    }

    fn tidy(line: &str) -> String {
        lines(line, 10)
            .into_iter()
            .next()
            .map(|l| l.text)
            .unwrap_or_default()
    }

    #[test]
    fn decorations_come_off() {
        let message = "Access to fetch at 'https://a.example/' from origin 'https://b.example' has been blocked";
        for wrapped in [
            format!("> {message}"),
            format!(">> - {message}"),
            format!("`{message}`"),
            format!("\"{message}\""),
            format!("(index):1 {message}"),
            format!("app.js:12:5 {message}"),
            format!("VM1234:1 {message}"),
            format!("localhost/:1 {message}"),
            format!("10:42:01.123 {message}"),
            format!("⛔ Uncaught (in promise) {message}"),
            format!("1. {message}"),
            format!("// {message}"),
        ] {
            assert_eq!(tidy(&wrapped), message, "{wrapped}");
        }
        let safari = lines("[Error] Origin https://a.example is not allowed", 1);
        assert_eq!(
            safari.first().map(|l| (l.text.as_str(), l.tagged)),
            Some(("Origin https://a.example is not allowed", true))
        );
        assert_eq!(
            tidy("Cross-Origin Request Blocked: … Status code: 200. [Learn More]"),
            "Cross-Origin Request Blocked: … Status code: 200."
        );
        for noise in [
            "fetchData @ app.js:12",
            "(anonymous) @ VM12:3",
            "at async load (app.js:10:5)",
            "Show 4 more frames",
            "Promise.then (async)",
            "```",
            "```text",
        ] {
            assert_eq!(tidy(noise), "", "{noise}");
        }
        // A quote inside the message stays.
        assert_eq!(
            tidy("'Access-Control-Allow-Origin' header is present"),
            "'Access-Control-Allow-Origin' header is present"
        );
    }

    #[test]
    fn stand_ins() {
        for v in [
            "URL",
            "ORIGIN",
            "<your-domain>",
            "https://<your-domain>/api",
            "xxx",
            "***",
            "https://xxx.com/api",
            "https://api.xxxx.com/v1",
            "https://***/v1",
            "http://localhost:XXXX",
            "http://localhost:PORT/api",
            "https://[redacted]/x",
            "https://your-api.example.com/x",
            "https://api.example…/x",
            "",
            "http://abc.com",
            "https://xy.com",
            "https://something.com/api",
            "http://foo/api",
            "http://bar:8080",
            "https://some.url/x",
            "https://domain.com",
            "http://mysite",
            "https://api.foo.com/v1",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in [
            "https://api.example.com/v1",
            "https://app.example.org",
            "https://MYWEBLINK.com/wp-json",
            "http://host/rest/",
            "https://externaldomain.com",
            "https://mydomain.com/x",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in [
            "https://api.github.com/repos",
            "http://localhost:3000",
            "null",
            "capacitor://localhost",
            "chrome-extension://abcdefghijklmnop",
            "http://[::1]:8080/x",
            "http://hp8:8080/rest/test",
            "http://192.168.1.10:8080/api",
            "https://my-app-4f2a.herokuapp.com/x",
            "https://cars-4f2a.web.app/api",
            "https://example.com",
            "https://example.org/",
            "http://www.example.com/x",
            "http://localhost.localdomain:8080",
            "http://127.0.0.1:5500",
            "127.0.0.1:8000/api",
            "https://www.abcam.com/x",
            "https://www.bbc.co.uk/",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}
