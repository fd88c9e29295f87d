//! Everything people paste while debugging CORS, read in pure Rust: HAR files, console error
//! lines, `curl` commands and transcripts, "Copy as fetch" calls and header blocks in every
//! DevTools copy format. The CLI (`corsim har`, `corsim explain`) and the page's paste box share
//! these parsers.
//!
//! Every parser is total or returns its problems as data with a location (a 1-based line and
//! column, or a line number); none panics or loops on any input (each has a fuzz target under
//! `core/fuzz/`).
//!
//! ```
//! use corsim::paste::{detect, PasteKind};
//! assert_eq!(detect("curl 'https://api.example.com/' -H 'Origin: https://app.example.com'"),
//!            PasteKind::CurlCommand);
//! assert_eq!(detect("HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *"), PasteKind::HeaderBlock);
//! ```

use std::fmt;

use std::borrow::Cow;

use crate::profile::Profile;
use crate::scenario::{Credentials, Mode, RequestInit};

pub mod console;
pub mod curl;
pub mod fetch_call;
pub mod har;
pub mod headers;
pub mod judge;
pub mod mask;
pub mod reading;
pub mod script;

mod httpie;
mod js;
mod json_scan;
mod number;
mod shell;
pub(crate) mod template;
pub(crate) mod tidy;

/// Which format a pasted text is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PasteKind {
    /// corsim's own scenario JSON (one scenario, an array, or `{"corsim": 1, "scenarios": …}`).
    Scenario,
    /// A HAR 1.2 file (`{"log": {"entries": …}}`) from Chrome's or Firefox's DevTools.
    Har,
    /// A browser console message (Chromium, Firefox or Safari), possibly several lines.
    ConsoleLine,
    /// A `curl` command line, as typed or from DevTools' "Copy as cURL" (bash or cmd).
    CurlCommand,
    /// A `fetch(…)` call, from DevTools' "Copy as fetch" or hand-written.
    FetchCall,
    /// The output of `curl -v` (`>`/`<` lines), or a `curl` command followed by its output.
    CurlTranscript,
    /// A block of HTTP headers, in any DevTools copy format or from `curl -i`.
    HeaderBlock,
    /// Nothing but white space.
    Empty,
    /// None of the above.
    Unknown,
}

impl PasteKind {
    /// A short name for people ("HAR file", "console message" …).
    pub fn describe(self) -> &'static str {
        match self {
            PasteKind::Scenario => "corsim scenario JSON",
            PasteKind::Har => "HAR file",
            PasteKind::ConsoleLine => "browser console message",
            PasteKind::CurlCommand => "curl command",
            PasteKind::FetchCall => "fetch() call",
            PasteKind::CurlTranscript => "curl transcript",
            PasteKind::HeaderBlock => "header block",
            PasteKind::Empty => "empty input",
            PasteKind::Unknown => "unrecognised text",
        }
    }
}

/// A problem with a pasted text, and where it is (1-based line and column; column counts
/// characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasteError {
    /// The line, from 1 (0 when the problem is about the whole input).
    pub line: usize,
    /// The column, from 1 (0 when the problem is about the whole line or input).
    pub column: usize,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

impl PasteError {
    /// A problem at a byte offset of `text`.
    pub(crate) fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        PasteError {
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem about the whole input.
    pub(crate) fn whole(message: impl Into<String>) -> Self {
        PasteError {
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for PasteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.message),
            (line, 0) => write!(f, "line {line}: {}", self.message),
            (line, column) => write!(f, "line {line}, column {column}: {}", self.message),
        }
    }
}

impl std::error::Error for PasteError {}

/// The 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    (line, column)
}

/// A request read from a pasted `curl` command or `fetch()` call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PastedRequest {
    /// The URL.
    pub url: String,
    /// The method as written (`GET` when none is given).
    pub method: String,
    /// Every header, in order, as pasted (browser-added ones included).
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
    /// The request mode, when the paste says it (`mode:` of a fetch call, `Sec-Fetch-Mode`).
    pub mode: Option<Mode>,
    /// The credentials mode, when the paste says it (`credentials:`, or a cookie sent).
    pub credentials: Option<Credentials>,
    /// The page's origin, from an `Origin` header, a `Referer` header or a fetch call's
    /// `referrer`.
    pub origin: Option<String>,
}

/// Request headers the browser sets itself: a script cannot set them (forbidden request headers,
/// `Sec-` and `Proxy-` names), or the browser adds them on its own (`User-Agent`,
/// `Accept-Language`, client hints, `Priority`, and `Pragma`/`Cache-Control` when DevTools
/// disables the cache). <https://fetch.spec.whatwg.org/#forbidden-request-header>
pub fn is_browser_added_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // Which profile does not matter here: the browser-specific forbidden names (Chromium's
    // `User-Agent`) are listed below for every browser.
    let forbidden =
        crate::safelist::is_forbidden_request_header(lower.as_bytes(), b"", &Profile::default());
    forbidden
        || lower.starts_with(':')
        || matches!(
            lower.as_str(),
            "user-agent"
                | "accept-language"
                | "priority"
                | "pragma"
                | "cache-control"
                | "upgrade-insecure-requests"
                | "purpose"
                | "x-client-data"
        )
}

impl PastedRequest {
    /// The `fetch()` arguments that send this request: the headers the browser adds itself
    /// ([`PastedRequest::browser_headers`]) are left out of the script's headers.
    pub fn to_request_init(&self) -> RequestInit {
        let headers = self
            .headers
            .iter()
            .filter(|(name, _)| !is_browser_added_header(name))
            .cloned()
            .collect();
        RequestInit {
            url: self.url.clone(),
            method: if self.method.is_empty() {
                "GET".to_string()
            } else {
                self.method.clone()
            },
            headers,
            mode: self.mode.unwrap_or_default(),
            credentials: self.credentials.unwrap_or_default(),
            redirect: Default::default(),
            body: self.body.clone(),
        }
    }

    /// The names of the pasted headers that the browser sets itself and that
    /// [`PastedRequest::to_request_init`] therefore leaves out, in order, each once.
    pub fn browser_headers(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (name, _) in &self.headers {
            if is_browser_added_header(name) && !out.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                out.push(name.clone());
            }
        }
        out
    }

    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Fills `origin`, `mode` and `credentials` from the headers when the paste gave them no
    /// other way: `Origin` (or `Referer`'s origin), `Sec-Fetch-Mode`, and a `Cookie` sent.
    pub(crate) fn infer_from_headers(&mut self) {
        if self.origin.is_none() {
            self.origin = self
                .header("origin")
                .map(|o| o.trim().to_string())
                .or_else(|| self.header("referer").and_then(origin_of));
        }
        if self.mode.is_none() {
            self.mode = match self
                .header("sec-fetch-mode")
                .map(|m| m.trim().to_ascii_lowercase())
                .as_deref()
            {
                Some("cors") => Some(Mode::Cors),
                Some("no-cors") => Some(Mode::NoCors),
                Some("same-origin") => Some(Mode::SameOrigin),
                _ => None,
            };
        }
        if self.credentials.is_none() && self.header("cookie").is_some() {
            self.credentials = Some(Credentials::Include);
        }
    }
}

/// The serialized origin of a URL (`https://app.example.com`), if it is one with a tuple origin.
pub fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let origin = crate::origin::Origin::of_url(&parsed);
    (!origin.is_opaque()).then(|| origin.serialize())
}

/// Which format a pasted text is in. Cheap: a HAR is recognised from its first bytes, not parsed.
pub fn detect(text: &str) -> PasteKind {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return PasteKind::Empty;
    }
    if let Some(kind) = json_kind(trimmed) {
        return kind;
    }
    if curl::looks_like_curl_command(trimmed) {
        return if curl::command_has_output(trimmed) {
            PasteKind::CurlTranscript
        } else {
            PasteKind::CurlCommand
        };
    }
    if fetch_call::looks_like_fetch_call(trimmed) {
        return PasteKind::FetchCall;
    }
    if console::looks_like_console(trimmed) && !devtools_headers_tab(trimmed) {
        return PasteKind::ConsoleLine;
    }
    // Script code that makes a request (fetch, axios, jQuery, XMLHttpRequest) somewhere in it.
    if script::has_request(trimmed) {
        return PasteKind::FetchCall;
    }
    if curl::looks_like_verbose_transcript(trimmed) {
        return PasteKind::CurlTranscript;
    }
    let block = headers::parse_header_block(trimmed);
    if (!block.headers.is_empty() || block.status.is_some() || block.request_line.is_some())
        && block.problems.len() <= block.headers.len()
    {
        return PasteKind::HeaderBlock;
    }
    PasteKind::Unknown
}

/// Whether a text that the console readers read only as network lines is DevTools' Headers tab
/// (its General labels, `Request Method` then `OPTIONS` on a line of its own, look like a
/// Chromium network line to them): two or more General labels and no CORS message.
fn devtools_headers_tab(text: &str) -> bool {
    headers::general_label_lines(text) >= 2
        && console::read_console(text)
            .iter()
            .all(|m| m.kind == console::MessageKind::Network)
}

/// A paste with Markdown code fences: the text inside the fences when the text outside them
/// is only prose (it holds no format of its own), else the paste as it is.
pub(crate) fn unfence(text: &str) -> Cow<'_, str> {
    let is_fence = |l: &str| tidy::is_fence(l);
    if !text.lines().any(is_fence) {
        return Cow::Borrowed(text);
    }
    let mut inside = String::new();
    let mut outside = String::new();
    let mut open = false;
    for line in text.lines() {
        if is_fence(line) {
            open = !open;
            continue;
        }
        let target = if open { &mut inside } else { &mut outside };
        target.push_str(line);
        target.push('\n');
    }
    if inside.trim().is_empty() {
        return Cow::Owned(outside);
    }
    match detect(&outside) {
        PasteKind::Empty | PasteKind::Unknown => Cow::Owned(inside),
        // Prose that reads as a header or two (`Response:`, `Note: …`) around a fenced curl
        // command, code or console output: the fence holds the paste. A real block outside
        // (a status line, CORS headers) is a curl command's output when the fence holds the
        // command.
        PasteKind::HeaderBlock => {
            let inside_kind = detect(&inside);
            let strong = matches!(
                inside_kind,
                PasteKind::CurlCommand
                    | PasteKind::CurlTranscript
                    | PasteKind::FetchCall
                    | PasteKind::ConsoleLine
            );
            if !strong {
                return Cow::Borrowed(text);
            }
            let block = headers::parse_header_block(&outside);
            let real = block.status.is_some()
                || block.request_line.is_some()
                || block.headers.iter().any(|(n, _)| {
                    let n = n.to_ascii_lowercase();
                    n.starts_with("access-control-") || n == "vary" || n == "content-type"
                });
            match (real, inside_kind) {
                (false, _) => Cow::Owned(inside),
                (true, PasteKind::CurlCommand) => {
                    Cow::Owned(format!("{}\n{}", inside.trim_end(), outside.trim_start()))
                }
                (true, _) => Cow::Borrowed(text),
            }
        }
        _ => Cow::Borrowed(text),
    }
}

/// `Har` or `Scenario` for a JSON object or array, judged from its first key; `None` when the
/// text does not start like JSON.
fn json_kind(text: &str) -> Option<PasteKind> {
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    if first != '{' && first != '[' {
        return None;
    }
    let rest = text.get(1..).unwrap_or("").trim_start();
    if first == '[' {
        // `[Error] Origin … is not allowed …` is a Safari console line, not JSON.
        return match rest.chars().next() {
            Some('{') | Some(']') | None => Some(PasteKind::Scenario),
            _ => None,
        };
    }
    match rest.chars().next() {
        Some('"') | Some('}') => {}
        _ => return None,
    }
    let head: String = rest.chars().take(64).collect();
    if head.starts_with("\"log\"") {
        Some(PasteKind::Har)
    } else {
        Some(PasteKind::Scenario)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        let rows: [(&str, &str, PasteKind); 17] = [
            ("empty", "  \n ", PasteKind::Empty),
            (
                "har",
                "{\n  \"log\": {\"version\": \"1.2\", \"entries\": []}}",
                PasteKind::Har,
            ),
            (
                "scenario",
                r#"{"origin": "https://a.example", "request": {"url": "https://b.example"}}"#,
                PasteKind::Scenario,
            ),
            (
                "scenario list",
                "[{\"origin\": \"null\"}]",
                PasteKind::Scenario,
            ),
            (
                "chromium line",
                "Access to fetch at 'https://b.example/' from origin 'https://a.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                PasteKind::ConsoleLine,
            ),
            (
                "safari line",
                "[Error] Origin https://a.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
                PasteKind::ConsoleLine,
            ),
            (
                "firefox line",
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.example/. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
                PasteKind::ConsoleLine,
            ),
            (
                "curl",
                "curl 'https://b.example/' \\\n  -H 'accept: */*'",
                PasteKind::CurlCommand,
            ),
            (
                "curl cmd",
                "curl ^\"https://b.example/^\" ^\n  -H ^\"accept: */*^\"",
                PasteKind::CurlCommand,
            ),
            (
                "curl -i with output",
                "$ curl -i https://b.example/\nHTTP/2 200\ncontent-type: text/plain\n\nok",
                PasteKind::CurlTranscript,
            ),
            (
                "curl -v",
                "*   Trying 127.0.0.1:443...\n> GET / HTTP/2\n> Host: b.example\n>\n< HTTP/2 200\n< content-type: text/plain",
                PasteKind::CurlTranscript,
            ),
            (
                "fetch",
                "fetch(\"https://b.example/\", {\"method\": \"PUT\"});",
                PasteKind::FetchCall,
            ),
            (
                "raw headers",
                "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *",
                PasteKind::HeaderBlock,
            ),
            ("prose", "hello there, how are you", PasteKind::Unknown),
            (
                "chrome's alternating headers tab (its OPTIONS line is no network line)",
                "Request URL\nhttps://b.example/v1\nRequest Method\nOPTIONS\nStatus Code\n204 No Content\nRemote Address\n1.2.3.4:443\naccess-control-allow-origin\nhttps://a.example",
                PasteKind::HeaderBlock,
            ),
            (
                "a caption is no curl command",
                "CURL Example \naccess-control-allow-origin: http://10.20.30.40:7080",
                PasteKind::HeaderBlock,
            ),
            (
                "curl -v lines of the response alone",
                "< Access-Control-Allow-Origin: *\n< Vary: Origin",
                PasteKind::CurlTranscript,
            ),
        ];
        for (name, text, kind) in rows {
            assert_eq!(detect(text), kind, "{name}");
        }
    }

    #[test]
    fn line_and_column() {
        assert_eq!(line_column("ab\ncé\nx", 0), (1, 1));
        assert_eq!(line_column("ab\ncé\nx", 3), (2, 1));
        assert_eq!(line_column("ab\ncé\nx", 6), (2, 3));
        assert_eq!(line_column("ab\ncé\nx", 99), (3, 2));
        assert_eq!(line_column("é", 1), (1, 1));
    }

    #[test]
    fn request_init_leaves_browser_headers_out() {
        let mut r = PastedRequest {
            url: "https://b.example/".into(),
            method: "PUT".into(),
            headers: vec![
                ("Origin".into(), "https://a.example".into()),
                ("sec-fetch-mode".into(), "cors".into()),
                ("User-Agent".into(), "Mozilla/5.0".into()),
                ("Content-Type".into(), "application/json".into()),
                ("Cookie".into(), "sid=1".into()),
            ],
            ..Default::default()
        };
        r.infer_from_headers();
        let init = r.to_request_init();
        assert_eq!(
            init.headers,
            vec![("Content-Type".to_string(), "application/json".to_string())]
        );
        assert_eq!(
            r.browser_headers(),
            vec!["Origin", "sec-fetch-mode", "User-Agent", "Cookie"]
        );
        assert_eq!(r.origin.as_deref(), Some("https://a.example"));
        assert_eq!(r.mode, Some(Mode::Cors));
        assert_eq!(r.credentials, Some(Credentials::Include));
    }
}
