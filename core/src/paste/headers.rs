//! Header blocks in every DevTools copy format: Chrome's "Raw" view (a status or request line,
//! then `Name: value` lines), Chrome's non-raw copy (name and value on alternating lines, or
//! `name: value`, with HTTP/2 pseudo-headers such as `:status`), Firefox's raw headers, and
//! `curl -i` / `curl -v` output (`< `/`> ` prefixes stripped, the status line kept).
//!
//! [`parse_header_block`] is total: lines it cannot read go to [`HeaderBlock::problems`], each
//! with its line number.

use super::PastedRequest;
use crate::headers::is_token;
use crate::scenario::Reply;

/// A request line (`GET /v1/orders HTTP/1.1`), or DevTools' "Request Method" and "Request URL".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestLine {
    /// The method, as written.
    pub method: String,
    /// The request target: a path (`/v1/orders`) or an absolute URL.
    pub target: String,
}

/// A line that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    /// The line number, from 1.
    pub line: usize,
    /// The line as pasted.
    pub text: String,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

/// How the headers were laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockFormat {
    /// A status line or request line, then `Name: value` lines (Chrome "Raw", Firefox raw,
    /// `curl -i`).
    Raw,
    /// Name and value on alternating lines (Chrome's non-raw copy).
    Alternating,
    /// `Name: value` lines without a status line.
    NameColonValue,
    /// `curl -v` output: `> ` request lines and `< ` response lines.
    CurlVerbose,
    /// No headers at all.
    Empty,
}

/// A parsed header block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderBlock {
    /// The status, from a status line (`HTTP/1.1 204 No Content`), `:status` or DevTools'
    /// "Status Code".
    pub status: Option<u16>,
    /// The request line, from `GET / HTTP/1.1`, `:method`/`:path` or DevTools' "Request Method"
    /// and "Request URL".
    pub request_line: Option<RequestLine>,
    /// The headers in order, names as written, values trimmed; duplicates kept.
    pub headers: Vec<(String, String)>,
    /// Lines that could not be read.
    pub problems: Vec<LineProblem>,
    /// How the block was laid out.
    pub format: BlockFormat,
}

impl HeaderBlock {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The block as a request, when it is one (DevTools' raw request headers, `GET /x
    /// HTTP/1.1` then `Host: …`, or HTTP/2's `:method`, `:authority`, `:path`): the URL is the
    /// request target when it is absolute, else `Host` and the target. An HTTP/1.1 block does
    /// not say its scheme: `http` when `Host` names port 80 or a loopback host, else `https`.
    /// `None` without a request line, or without a host for a path.
    pub fn to_pasted_request(&self) -> Option<PastedRequest> {
        let line = self.request_line.as_ref()?;
        let target = line.target.trim();
        let url = if url::Url::parse(target).is_ok() {
            target.to_string()
        } else {
            let host = self.header("host")?.trim();
            if host.is_empty() {
                return None;
            }
            let path = if target.starts_with('/') { target } else { "/" };
            format!("{}://{host}{path}", scheme_for_host(host))
        };
        let mut request = PastedRequest {
            url,
            method: line.method.clone(),
            headers: self.headers.clone(),
            body: None,
            mode: None,
            credentials: None,
            origin: None,
        };
        request.infer_from_headers();
        Some(request)
    }

    /// The block as a server's reply: its status (200 when it has none) and its headers.
    pub fn to_reply(&self) -> Reply {
        Reply {
            status: self.status.unwrap_or(200),
            headers: self.headers.clone(),
            body: None,
        }
    }
}

/// The scheme a request to `host` (a `Host` header value) most likely used: `http` for port 80
/// and loopback hosts, where pages are served without TLS, else `https`.
fn scheme_for_host(host: &str) -> &'static str {
    if host.ends_with(":80") {
        return "http";
    }
    let loopback = match url::Url::parse(&format!("http://{host}/")) {
        Ok(u) => match u.host() {
            Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
            Some(url::Host::Ipv4(a)) => a.is_loopback(),
            Some(url::Host::Ipv6(a)) => a.is_loopback(),
            None => false,
        },
        Err(_) => false,
    };
    if loopback { "http" } else { "https" }
}

/// DevTools section titles and labels that are not headers (Chrome and Firefox).
const NOISE: [&str; 22] = [
    "general",
    "response headers",
    "request headers",
    "early hints headers",
    "raw",
    "view source",
    "view parsed",
    "learn more",
    "filter headers",
    "headers",
    "provisional headers are shown",
    "provisional headers are shown. disable cache to see full headers.",
    "provisional headers are shown. learn more",
    "caution: provisional headers are shown.",
    "caution: provisional headers are shown. learn more",
    "this request has no response data available.",
    "show more",
    "show less",
    "⚠ provisional headers are shown",
    "⚠provisional headers are shown",
    "block request url",
    "copy",
];

/// DevTools' "General" labels: `Request URL: …`, `Status Code: 200 OK` …
const GENERAL_LABELS: [&str; 7] = [
    "request url",
    "request method",
    "status code",
    "remote address",
    "referrer policy",
    "request priority",
    "status",
];

/// `line`, trimmed and lowercased for comparison with the labels above (ASCII, and `⚠`): the
/// same answers as `str::to_lowercase` without its Unicode tables, since the only non-ASCII
/// character whose lowercase is ASCII is the Kelvin sign (`İ` lowercases to `i` and a combining
/// dot, which no label holds).
fn lowercase_label(line: &str) -> String {
    line.trim()
        .chars()
        .map(|c| match c {
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn is_noise(line: &str) -> bool {
    let lower = lowercase_label(line);
    if NOISE.contains(&lower.as_str()) {
        return true;
    }
    // Firefox: "Response Headers (1.234 kB)", "Request Headers (456 B)"; Chrome 2023+:
    // "Response Headers (12)".
    (lower.starts_with("response headers") || lower.starts_with("request headers"))
        && lower.ends_with(')')
}

fn is_section_title(line: &str) -> Option<&'static str> {
    let lower = lowercase_label(line);
    if lower == "general" {
        Some("General")
    } else if lower.starts_with("response headers") {
        Some("Response Headers")
    } else if lower.starts_with("request headers") {
        Some("Request Headers")
    } else {
        None
    }
}

/// Whether a text is a header name (an HTTP token).
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty() && is_token(name.as_bytes())
}

/// `HTTP/1.1 200 OK`, `HTTP/2 200`, `HTTP/1.0 404`: the status.
pub(crate) fn status_line(line: &str) -> Option<u16> {
    let rest = line.trim().strip_prefix("HTTP/")?;
    let mut parts = rest.split_whitespace();
    let version = parts.next()?;
    if !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok().filter(|s| (100..=999).contains(s))
}

/// `GET /path HTTP/1.1`: the request line.
pub(crate) fn request_line(line: &str) -> Option<RequestLine> {
    let mut parts = line.split_whitespace();
    let method = parts.next()?;
    let target = parts.next()?;
    let version = parts.next()?;
    if parts.next().is_some() || !version.starts_with("HTTP/") || !is_token(method.as_bytes()) {
        return None;
    }
    Some(RequestLine {
        method: method.to_string(),
        target: target.to_string(),
    })
}

/// A line split as `name: value` when the name is a header name (or an HTTP/2 pseudo-header).
/// Postman's header list (`Name →value`) splits at its arrow, and a name typed with a space
/// before the colon (`Name : value`) is read as the name.
pub(crate) fn name_colon_value(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let split_at = |separator: char| -> Option<(&str, &str)> {
        let search_from = usize::from(separator == ':' && t.starts_with(':'));
        let at = t.get(search_from..)?.find(separator)? + search_from;
        let name = t.get(..at)?.trim_end();
        let value = t.get(at + separator.len_utf8()..)?.trim();
        let bare = name.strip_prefix(':').unwrap_or(name);
        (!bare.is_empty() && is_token(bare.as_bytes())).then_some((name, value))
    };
    split_at(':').or_else(|| split_at('\u{2192}'))
}

/// A line holding only a header name (possibly with a trailing colon): the name line of the
/// alternating format.
fn bare_name(line: &str) -> Option<&str> {
    let t = line.trim();
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    let bare = t.strip_prefix(':').unwrap_or(t);
    (!bare.is_empty() && is_token(bare.as_bytes())).then_some(t)
}

/// A general label line (`Request URL: https://…`, or the label alone in the alternating
/// format): the label in lower case and the value, if on the same line.
fn general_label(line: &str) -> Option<(&'static str, Option<&str>)> {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    for label in GENERAL_LABELS {
        if let Some(rest) = lower.strip_prefix(label) {
            let rest_trim = rest.trim_start();
            if rest.is_empty() || rest_trim == ":" {
                return Some((label, None));
            }
            if let Some(after) = rest_trim.strip_prefix(':') {
                let offset = t.len() - after.len();
                return Some((label, t.get(offset..).map(str::trim)));
            }
        }
    }
    None
}

/// How many lines of a text are DevTools' General labels (`Request URL`, `Status Code` …,
/// alone or with their value): words a console never prints as a line of its own.
pub(crate) fn general_label_lines(text: &str) -> usize {
    text.lines()
        .filter(|l| general_label(l).is_some_and(|(label, _)| label != "status"))
        .count()
}

struct Builder {
    status: Option<u16>,
    request_line: Option<RequestLine>,
    method: Option<String>,
    path: Option<String>,
    authority: Option<String>,
    scheme: Option<String>,
    url: Option<String>,
    headers: Vec<(String, String)>,
    problems: Vec<LineProblem>,
}

impl Builder {
    fn pseudo_or_header(&mut self, name: &str, value: &str, line_no: usize, line: &str) {
        match name.to_ascii_lowercase().as_str() {
            ":status" => match value.split_whitespace().next().and_then(|s| s.parse().ok()) {
                Some(s) if (100..=999).contains(&s) => self.status = Some(s),
                _ => self.problem(
                    line_no,
                    line,
                    "the :status pseudo-header holds no status code",
                ),
            },
            ":method" => self.method = Some(value.to_string()),
            ":path" => self.path = Some(value.to_string()),
            ":authority" => self.authority = Some(value.to_string()),
            ":scheme" => self.scheme = Some(value.to_string()),
            other if other.starts_with(':') => {
                self.problem(line_no, line, "unknown HTTP/2 pseudo-header (ignored)")
            }
            _ => self.headers.push((name.to_string(), value.to_string())),
        }
    }

    fn general(&mut self, label: &str, value: &str) {
        match label {
            "request url" => self.url = Some(value.to_string()),
            "request method" => self.method = Some(value.to_string()),
            "status code" | "status" => {
                if let Some(s) = value
                    .split_whitespace()
                    .next()
                    .and_then(|s| s.parse::<u16>().ok())
                    .filter(|s| (100..=999).contains(s))
                {
                    self.status = Some(s);
                }
            }
            _ => {}
        }
    }

    fn problem(&mut self, line: usize, text: &str, message: &str) {
        self.problems.push(LineProblem {
            line,
            text: text.to_string(),
            message: message.to_string(),
        });
    }
}

/// Which side of a `curl -v` transcript a line is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Plain,
    Request,
    Response,
}

/// Strips a `curl -v` prefix: `> ` (request), `< ` (response); `* `, `{ `, `} ` lines are
/// curl's own notes and give `None`.
fn curl_prefix(line: &str) -> Option<(Side, &str)> {
    if let Some(rest) = line.strip_prefix('>') {
        return Some((Side::Request, rest.strip_prefix(' ').unwrap_or(rest)));
    }
    if let Some(rest) = line.strip_prefix('<') {
        return Some((Side::Response, rest.strip_prefix(' ').unwrap_or(rest)));
    }
    if line.starts_with("* ") || line == "*" || line.starts_with("{ [") || line.starts_with("} [") {
        return None;
    }
    Some((Side::Plain, line))
}

/// What pastes wrap a header block in, taken off: a backtick at the start of its first line
/// and at the end of its last (inline code spanning lines), and a diff's markers (`+ name:
/// value` kept without its `+`, `- name: value` lines dropped: they are what was removed).
fn tolerate(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let marked: Vec<&&str> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    // A diff: some lines `+ Name: value`, the others context lines (a space, or nothing once
    // the paste was trimmed).
    let diff = marked
        .iter()
        .any(|l| l.starts_with("+ ") && l.contains(':'))
        && marked.iter().all(|l| {
            let body = l.strip_prefix(['+', '-', ' ']).unwrap_or(l).trim();
            l.starts_with("@@") || name_colon_value(body).is_some()
        });
    let mut out = String::with_capacity(text.len());
    for line in lines {
        let mut l = line;
        if diff {
            if l.starts_with('-') || l.starts_with("@@") {
                continue;
            }
            l = l.strip_prefix(['+', ' ']).unwrap_or(l);
        }
        let l = l.trim_start_matches('`');
        let l = l.trim_end().trim_end_matches('`');
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Parses a header block in any DevTools copy format. Total: it never fails; unreadable lines
/// go to `problems`.
pub fn parse_header_block(text: &str) -> HeaderBlock {
    let text = text.trim_start_matches('\u{feff}');
    let cleaned = tolerate(text);
    let raw_lines: Vec<&str> = cleaned.lines().map(|l| l.trim_end_matches('\r')).collect();

    // A curl -v transcript: keep the response side when there is one, else the request side.
    let is_verbose = raw_lines
        .iter()
        .any(|l| l.starts_with("< ") || l.starts_with("> ") || l.starts_with("* "));
    let has_response_side = raw_lines.iter().any(|l| l.starts_with('<'));
    let mut lines: Vec<(usize, &str)> = Vec::new();
    for (i, line) in raw_lines.iter().enumerate() {
        if is_verbose {
            match curl_prefix(line) {
                Some((Side::Response, rest)) if has_response_side => lines.push((i + 1, rest)),
                Some((Side::Request, rest)) if !has_response_side => lines.push((i + 1, rest)),
                // The request side, when the response side is kept: its request line is read
                // below.
                Some((Side::Request, _)) => {}
                Some((Side::Plain, rest)) if rest.trim().is_empty() => lines.push((i + 1, "")),
                Some((Side::Plain, rest)) => lines.push((i + 1, rest)),
                _ => {}
            }
        } else {
            lines.push((i + 1, line));
        }
    }

    let mut b = Builder {
        status: None,
        request_line: None,
        method: None,
        path: None,
        authority: None,
        scheme: None,
        url: None,
        headers: Vec::new(),
        problems: Vec::new(),
    };
    if is_verbose {
        // The request line of a curl -v transcript, when the response side is kept.
        for line in &raw_lines {
            if let Some(rest) = line.strip_prefix("> ")
                && let Some(rl) = request_line(rest)
            {
                b.request_line = Some(rl);
                break;
            }
        }
    }

    // Decide between `name: value` lines and alternating name / value lines.
    let mut colon = 0usize;
    let mut bare = 0usize;
    for (at, (_, line)) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty()
            || is_noise(t)
            || status_line(t).is_some()
            || request_line(t).is_some()
            || general_label(t).is_some()
        {
            continue;
        }
        // `Name:` with nothing after it, then a `name: value` line or the end of the block, is
        // a header sent empty (`Access-Control-Allow-Origin:`), not the name line of the
        // alternating format (whose next line is the value).
        let full = |l: &str| {
            let l = l.trim();
            status_line(l).is_some() || name_colon_value(l).is_some_and(|(_, v)| !v.is_empty())
        };
        let next = lines.get(at + 1).map(|(_, l)| l.trim());
        let previous = at
            .checked_sub(1)
            .and_then(|p| lines.get(p))
            .map(|(_, l)| *l);
        let empty_header = t.ends_with(':')
            && (next.is_some_and(full)
                || (next.is_none_or(str::is_empty) && previous.is_some_and(full)));
        if bare_name(t).is_some() && !empty_header {
            bare += 1;
        } else if name_colon_value(t).is_some() {
            colon += 1;
        }
    }
    let alternating = !is_verbose && bare > 0 && bare >= colon;

    let mut saw_status_or_request_line = false;
    let mut sections_seen = 0usize;
    let mut stopped = false;
    let mut in_body = false;
    let mut idx = 0usize;
    while let Some(&(line_no, line)) = lines.get(idx) {
        idx += 1;
        let t = line.trim();
        if stopped {
            break;
        }
        if t.is_empty() {
            // After the header lines of a curl -i response, a blank line starts the body,
            // unless the next response follows (100 Continue, a redirect with -L). A block
            // without a status line has no body: its blank lines are the poster's spacing.
            if (saw_status_or_request_line || b.status.is_some())
                && (!b.headers.is_empty() || b.status.is_some())
            {
                let next = lines
                    .get(idx..)
                    .unwrap_or(&[])
                    .iter()
                    .map(|(_, l)| l.trim())
                    .find(|l| !l.is_empty());
                in_body = !next.is_some_and(|l| status_line(l).is_some() || is_noise(l));
            }
            continue;
        }
        if let Some(status) = status_line(t) {
            in_body = false;
            if b.status.is_some() && !b.headers.is_empty() {
                // A later response replaces an earlier one (100 Continue, redirects).
                b.headers.clear();
            }
            b.status = Some(status);
            saw_status_or_request_line = true;
            continue;
        }
        if in_body {
            continue;
        }
        if let Some(title) = is_section_title(t).filter(|t| *t != "General") {
            sections_seen += 1;
            if sections_seen > 1 && !b.headers.is_empty() {
                b.problem(
                    line_no,
                    line,
                    &format!(
                        "a second section ({title}) starts here; only the first section's headers are read"
                    ),
                );
                stopped = true;
            }
            continue;
        }
        if is_noise(t) {
            continue;
        }
        if let Some(rl) = request_line(t) {
            b.request_line = Some(rl);
            saw_status_or_request_line = true;
            continue;
        }
        if let Some((label, value)) = general_label(t) {
            let value = match value {
                Some(v) => Some(v.to_string()),
                None if alternating => {
                    let v = lines.get(idx).map(|(_, l)| l.trim().to_string());
                    if v.is_some() {
                        idx += 1;
                    }
                    v
                }
                None => None,
            };
            if let Some(v) = value {
                b.general(label, &v);
            }
            continue;
        }
        if alternating && let Some(name) = bare_name(t) {
            match lines.get(idx) {
                Some(&(_, value_line)) => {
                    idx += 1;
                    b.pseudo_or_header(name, value_line.trim(), line_no, line);
                }
                None => b.problem(line_no, line, "a header name without a value line after it"),
            }
            continue;
        }
        if let Some((name, value)) = name_colon_value(t) {
            b.pseudo_or_header(name, value, line_no, line);
            continue;
        }
        if (line.starts_with(' ') || line.starts_with('\t')) && !b.headers.is_empty() {
            // obs-fold: a continuation of the previous header's value.
            if let Some((_, v)) = b.headers.last_mut() {
                v.push(' ');
                v.push_str(t);
            }
            continue;
        }
        let message = match t.find(':') {
            Some(i) if i > 0 => format!(
                "{:?} is not a header name (a header name has no spaces or separators)",
                t.get(..i).unwrap_or("").trim()
            ),
            _ => "not a header line (expected `Name: value`)".to_string(),
        };
        b.problem(line_no, line, &message);
    }

    if b.request_line.is_none() {
        let target = match (&b.url, &b.scheme, &b.authority, &b.path) {
            (Some(url), _, _, _) => Some(url.clone()),
            (None, Some(s), Some(a), Some(p)) => Some(format!("{s}://{a}{p}")),
            (None, None, Some(a), Some(p)) => Some(format!("https://{a}{p}")),
            (None, _, _, Some(p)) => Some(p.clone()),
            _ => None,
        };
        match (b.method.take(), target) {
            (Some(method), Some(target)) => b.request_line = Some(RequestLine { method, target }),
            (Some(method), None) => {
                b.request_line = Some(RequestLine {
                    method,
                    target: String::new(),
                })
            }
            (None, Some(target)) => {
                b.request_line = Some(RequestLine {
                    method: "GET".to_string(),
                    target,
                })
            }
            (None, None) => {}
        }
    }

    let format = if b.headers.is_empty() && b.status.is_none() && b.request_line.is_none() {
        BlockFormat::Empty
    } else if is_verbose {
        BlockFormat::CurlVerbose
    } else if alternating {
        BlockFormat::Alternating
    } else if saw_status_or_request_line {
        BlockFormat::Raw
    } else {
        BlockFormat::NameColonValue
    };
    HeaderBlock {
        status: b.status,
        request_line: b.request_line,
        headers: b.headers,
        problems: b.problems,
        format,
    }
}

/// A DevTools Headers tab copied whole: its General section (the request's URL and method, the
/// status), its Response Headers and its Request Headers, each read as a block of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderSections {
    /// The General section.
    pub general: Option<HeaderBlock>,
    /// The Response Headers section.
    pub response: Option<HeaderBlock>,
    /// The Request Headers section.
    pub request: Option<HeaderBlock>,
}

/// Splits a paste at DevTools' section titles (`General`, `Response Headers`, `Request
/// Headers`, Firefox's `Response Headers (1.2 kB)`) and reads each section; `None` when the
/// paste has no Request Headers section or no other section next to it (one block is read by
/// [`parse_header_block`]). Problems keep their line numbers in the whole paste.
pub fn parse_header_sections(text: &str) -> Option<HeaderSections> {
    let mut chunks: Vec<(&'static str, usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(title) = is_section_title(trimmed) {
            chunks.push((title, i + 1, String::new()));
            continue;
        }
        if let Some((_, _, body)) = chunks.last_mut() {
            body.push_str(line);
            body.push('\n');
        } else if !trimmed.is_empty() {
            // Text before any title: the General section's labels without their title.
            chunks.push(("General", i, format!("{line}\n")));
        }
    }
    let titles: Vec<&str> = chunks.iter().map(|(t, _, _)| *t).collect();
    if !titles.contains(&"Request Headers") || titles.len() < 2 {
        return None;
    }
    let mut sections = HeaderSections::default();
    for (title, first, body) in chunks {
        let mut block = parse_header_block(&body);
        for p in &mut block.problems {
            p.line += first;
        }
        let slot = match title {
            "General" => &mut sections.general,
            "Response Headers" => &mut sections.response,
            _ => &mut sections.request,
        };
        if slot.is_none() {
            *slot = Some(block);
        }
    }
    Some(sections)
}

/// Request headers only a request carries.
const REQUEST_ONLY: [&str; 16] = [
    "host",
    "origin",
    "referer",
    "user-agent",
    "accept",
    "accept-language",
    "accept-encoding",
    "access-control-request-method",
    "access-control-request-headers",
    "cookie",
    "authorization",
    "if-none-match",
    "if-modified-since",
    "upgrade-insecure-requests",
    "x-requested-with",
    "dnt",
];

/// Response headers only a response carries.
const RESPONSE_ONLY: [&str; 20] = [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "access-control-max-age",
    "server",
    "set-cookie",
    "date",
    "etag",
    "last-modified",
    "vary",
    "location",
    "www-authenticate",
    "strict-transport-security",
    "x-powered-by",
    "age",
    "expires",
    "alt-svc",
    "x-frame-options",
];

impl HeaderBlock {
    /// Whether the block holds a request's headers rather than a response's: a request line
    /// of its own (not DevTools' General labels) or request headers, and no status nor response
    /// headers. DevTools' General section (`Request URL`, `Request Method`, `Status Code`) and
    /// Firefox's raw response headers are a response's.
    pub fn is_request(&self) -> bool {
        if self.status.is_some() {
            return false;
        }
        let score = |names: &[&str]| {
            self.headers
                .iter()
                .filter(|(n, _)| {
                    let lower = n.to_ascii_lowercase();
                    names.contains(&lower.as_str())
                        || (names == REQUEST_ONLY
                            && (lower.starts_with("sec-fetch-") || lower.starts_with("sec-ch-")))
                })
                .count()
        };
        let request = score(&REQUEST_ONLY);
        let response = score(&RESPONSE_ONLY);
        let line = self
            .request_line
            .as_ref()
            .is_some_and(|l| !l.target.is_empty());
        (line && response == 0) || request > response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(block: &HeaderBlock) -> Vec<(&str, &str)> {
        block
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn chrome_raw_response() {
        let b = parse_header_block(
            "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: https://app.example.com\r\nAccess-Control-Allow-Methods: GET, PUT\r\nVary: Origin\r\n",
        );
        assert_eq!(b.status, Some(204));
        assert_eq!(b.format, BlockFormat::Raw);
        assert_eq!(
            pairs(&b),
            vec![
                ("Access-Control-Allow-Origin", "https://app.example.com"),
                ("Access-Control-Allow-Methods", "GET, PUT"),
                ("Vary", "Origin")
            ]
        );
        assert!(b.problems.is_empty());
    }

    #[test]
    fn chrome_raw_request() {
        let b = parse_header_block(
            "OPTIONS /v1/orders HTTP/1.1\nHost: api.example.com\nAccess-Control-Request-Method: PUT\nOrigin: https://app.example.com",
        );
        assert_eq!(
            b.request_line,
            Some(RequestLine {
                method: "OPTIONS".into(),
                target: "/v1/orders".into()
            })
        );
        assert_eq!(b.header("origin"), Some("https://app.example.com"));
    }

    #[test]
    fn chrome_alternating_with_pseudo_headers() {
        let b = parse_header_block(
            ":status\n200\naccess-control-allow-origin\n*\ncontent-length\n123\ndate\nMon, 01 Jan 2024 10:00:00 GMT\naccess-control-allow-credentials\ntrue\n",
        );
        assert_eq!(b.format, BlockFormat::Alternating);
        assert_eq!(b.status, Some(200));
        assert_eq!(
            pairs(&b),
            vec![
                ("access-control-allow-origin", "*"),
                ("content-length", "123"),
                ("date", "Mon, 01 Jan 2024 10:00:00 GMT"),
                ("access-control-allow-credentials", "true"),
            ]
        );
    }

    #[test]
    fn typed_and_tool_separators() {
        // Typed with a space before the colon, a blank line between; Postman's arrow.
        let b = parse_header_block(
            "Access-Control-Allow-Origin : *\n\nAccess-Control-Allow-Origin : a.example",
        );
        assert_eq!(
            pairs(&b),
            vec![
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Origin", "a.example")
            ]
        );
        let b = parse_header_block("`Access-Control-Allow-Origin →http://x.test, http://x.test`");
        assert_eq!(
            pairs(&b),
            vec![(
                "Access-Control-Allow-Origin",
                "http://x.test, http://x.test"
            )]
        );
        // With a status line, a blank line still starts the body.
        let b = parse_header_block("HTTP/1.1 200 OK\nVary: Origin\n\nnot: a header");
        assert_eq!(pairs(&b), vec![("Vary", "Origin")]);
    }

    #[test]
    fn chrome_general_section_and_titles() {
        let b = parse_header_block(
            "General\nRequest URL: https://api.example.com/v1\nRequest Method: PUT\nStatus Code: 403 Forbidden\nReferrer Policy: strict-origin-when-cross-origin\nResponse Headers\ncontent-type: text/html\n",
        );
        assert_eq!(b.status, Some(403));
        assert_eq!(
            b.request_line,
            Some(RequestLine {
                method: "PUT".into(),
                target: "https://api.example.com/v1".into()
            })
        );
        assert_eq!(pairs(&b), vec![("content-type", "text/html")]);
        assert!(b.problems.is_empty(), "{:?}", b.problems);
    }

    #[test]
    fn a_second_section_is_reported() {
        let b = parse_header_block(
            "Response Headers\nvary: Origin\nRequest Headers\norigin: https://a.example\n",
        );
        assert_eq!(pairs(&b), vec![("vary", "Origin")]);
        assert_eq!(b.problems.len(), 1);
        assert_eq!(b.problems.first().map(|p| p.line), Some(3));
    }

    #[test]
    fn curl_verbose_keeps_the_response() {
        let b = parse_header_block(
            "*   Trying 127.0.0.1:443...\n> OPTIONS /x HTTP/2\n> Host: api.example.com\n> origin: https://a.example\n>\n< HTTP/2 403\n< content-type: text/plain\n<\n{ [5 bytes data]\n",
        );
        assert_eq!(b.format, BlockFormat::CurlVerbose);
        assert_eq!(b.status, Some(403));
        assert_eq!(pairs(&b), vec![("content-type", "text/plain")]);
        assert_eq!(
            b.request_line.map(|r| r.method),
            Some("OPTIONS".to_string())
        );
    }

    #[test]
    fn curl_i_with_redirect_and_body() {
        let b = parse_header_block(
            "HTTP/1.1 301 Moved Permanently\nLocation: https://b.example/\n\nHTTP/2 200\naccess-control-allow-origin: *\n\n{\"ok\": true}\nnot: a header\n",
        );
        assert_eq!(b.status, Some(200));
        assert_eq!(pairs(&b), vec![("access-control-allow-origin", "*")]);
        assert!(b.problems.is_empty());
    }

    #[test]
    fn problems_name_their_line() {
        let b = parse_header_block("X-Ok: 1\nthis is not a header\nBad Name: x\n");
        assert_eq!(pairs(&b), vec![("X-Ok", "1")]);
        let lines: Vec<usize> = b.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3]);
        assert_eq!(b.format, BlockFormat::NameColonValue);
    }

    /// Issue 10, pattern 5: `Name:` among `name: value` lines (or after the status line) is a
    /// header sent empty, not the name line of the alternating format; a label of prose
    /// (`request:` before a blank line) is not a header.
    #[test]
    fn a_header_sent_empty() {
        for text in [
            "HTTP/1.1 200 OK\nContent-Type: text/plain\nAccess-Control-Allow-Origin:\n",
            "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: \n",
            "HTTP/1.1 204 No Content\nAccess-Control-Allow-Headers:\nAccess-Control-Allow-Origin: *\n",
        ] {
            let b = parse_header_block(text);
            assert_eq!(b.format, BlockFormat::Raw, "{text}");
            assert!(b.problems.is_empty(), "{text}: {:?}", b.problems);
            assert!(
                pairs(&b)
                    .iter()
                    .any(|(n, v)| n.starts_with("Access-Control-Allow-") && v.is_empty()),
                "{text}: {:?}",
                pairs(&b)
            );
        }
        let b = parse_header_block("Access-Control-Allow-Origin:\n*\nVary:\nOrigin\n");
        assert_eq!(b.format, BlockFormat::Alternating);
        assert_eq!(
            pairs(&b),
            vec![("Access-Control-Allow-Origin", "*"), ("Vary", "Origin")]
        );
    }

    #[test]
    fn empty_and_total() {
        assert_eq!(parse_header_block("").format, BlockFormat::Empty);
        for text in [
            ":",
            "::",
            "\u{feff}",
            ":status\n",
            "HTTP/",
            "\n\n:\n",
            "a\n:",
        ] {
            let _ = parse_header_block(text);
        }
    }

    #[test]
    fn raw_request_headers_become_a_request() {
        let block = parse_header_block(
            "PUT /v1/orders?x=1 HTTP/1.1\nHost: api.example.com\nContent-Type: application/json\nOrigin: https://app.example.com\nSec-Fetch-Mode: cors\nUser-Agent: Mozilla/5.0\n",
        );
        let r = block.to_pasted_request();
        assert_eq!(
            r.as_ref().map(|r| (r.url.as_str(), r.method.as_str())),
            Some(("https://api.example.com/v1/orders?x=1", "PUT"))
        );
        assert_eq!(
            r.as_ref().and_then(|r| r.origin.as_deref()),
            Some("https://app.example.com")
        );
        assert_eq!(
            r.map(|r| r.to_request_init().headers),
            Some(vec![(
                "Content-Type".to_string(),
                "application/json".to_string()
            )])
        );
        let h2 = parse_header_block(
            ":method: patch\n:scheme: https\n:authority: api.example.com\n:path: /x\nx-a: 1\n",
        );
        assert_eq!(
            h2.to_pasted_request().map(|r| (r.url, r.method)),
            Some(("https://api.example.com/x".to_string(), "patch".to_string()))
        );
        for (host, url) in [
            ("localhost:3000", "http://localhost:3000/"),
            ("127.0.0.1", "http://127.0.0.1/"),
            ("[::1]:8080", "http://[::1]:8080/"),
            ("example.com:80", "http://example.com:80/"),
            ("api.example.com:8443", "https://api.example.com:8443/"),
        ] {
            let block = parse_header_block(&format!("GET / HTTP/1.1\nHost: {host}\n"));
            assert_eq!(
                block.to_pasted_request().map(|r| r.url).as_deref(),
                Some(url),
                "{host}"
            );
        }
        assert_eq!(
            parse_header_block("GET / HTTP/1.1\nAccept: */*\n").to_pasted_request(),
            None
        );
        assert_eq!(
            parse_header_block("HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\n")
                .to_pasted_request(),
            None
        );
    }

    #[test]
    fn labels_compare_as_with_unicode_lowercase() {
        // Every character whose lowercase holds an ASCII character is ASCII, the Kelvin sign,
        // or `İ` (lowercased to `i` and a combining dot).
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()) {
                assert!(c == '\u{212A}' || c == '\u{130}', "{c:?}");
            }
        }
        let mut lines: Vec<String> = Vec::new();
        for label in NOISE
            .iter()
            .chain(&["response headers (12)", "request headers"])
        {
            lines.push(label.to_string());
            lines.push(label.to_uppercase());
            lines.push(format!("  {}  ", label.replace('k', "\u{212A}")));
            lines.push(label.replace('i', "\u{130}"));
            lines.push(label.replace('e', "\u{c9}"));
        }
        for line in &lines {
            let ours = lowercase_label(line);
            let unicode = line.trim().to_lowercase();
            assert_eq!(
                NOISE.contains(&ours.as_str()),
                NOISE.contains(&unicode.as_str()),
                "{line:?}"
            );
            assert_eq!(is_noise(line), {
                let lower = &unicode;
                NOISE.contains(&lower.as_str())
                    || ((lower.starts_with("response headers")
                        || lower.starts_with("request headers"))
                        && lower.ends_with(')'))
            });
            assert_eq!(
                is_section_title(line).is_some(),
                unicode.starts_with("response headers")
                    || unicode.starts_with("request headers")
                    || unicode == "general"
            );
        }
        assert!(is_noise("BLOC\u{212A} REQUEST URL"));
    }
}
