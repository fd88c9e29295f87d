//! Scenarios, the input contract (`../shared/SCHEMA.md`): the page's origin, the request the
//! script makes, and what the server answers. The parser checks the whole input at once and
//! names every problem with its JSON path.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

/// A request's mode.
/// <https://fetch.spec.whatwg.org/#concept-request-mode>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// CORS rules apply to cross-origin requests (the default for `fetch()`).
    #[default]
    Cors,
    /// Cross-origin responses come back opaque; only safelisted methods and headers are sent.
    NoCors,
    /// Cross-origin requests fail.
    SameOrigin,
}

/// A request's credentials mode.
/// <https://fetch.spec.whatwg.org/#concept-request-credentials-mode>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    /// Never send cookies or HTTP authentication.
    Omit,
    /// Send them to the page's own origin only (the default).
    #[default]
    SameOrigin,
    /// Always send them; CORS then requires an exact origin and
    /// `Access-Control-Allow-Credentials: true`.
    Include,
}

/// A request's redirect mode.
/// <https://fetch.spec.whatwg.org/#concept-request-redirect-mode>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedirectMode {
    /// Follow redirects (the default).
    #[default]
    Follow,
    /// Fail on a redirect.
    Error,
    /// Return an opaque-redirect response instead of following.
    Manual,
}

impl Mode {
    /// The JavaScript spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Cors => "cors",
            Mode::NoCors => "no-cors",
            Mode::SameOrigin => "same-origin",
        }
    }
}

impl Credentials {
    /// The JavaScript spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Credentials::Omit => "omit",
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
        }
    }
}

impl RedirectMode {
    /// The JavaScript spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectMode::Follow => "follow",
            RedirectMode::Error => "error",
            RedirectMode::Manual => "manual",
        }
    }
}

/// The request the script makes: the arguments of `fetch(url, init)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestInit {
    /// The URL passed to `fetch()`, absolute or relative to the page.
    pub url: String,
    /// The method as the script wrote it (`patch` stays `patch`).
    pub method: String,
    /// The headers as the script passed them, in order, names possibly repeated.
    pub headers: Vec<(String, String)>,
    /// The mode.
    pub mode: Mode,
    /// The credentials mode.
    pub credentials: Credentials,
    /// The redirect mode.
    pub redirect: RedirectMode,
    /// A string body, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl RequestInit {
    /// The request `fetch(url)` makes with no init: `GET`, no headers, mode `cors`, credentials
    /// `same-origin`, redirect `follow`, no body.
    ///
    /// <https://fetch.spec.whatwg.org/#requestinit>
    pub fn get(url: impl Into<String>) -> RequestInit {
        RequestInit {
            url: url.into(),
            method: "GET".to_string(),
            headers: Vec::new(),
            mode: Mode::default(),
            credentials: Credentials::default(),
            redirect: RedirectMode::default(),
            body: None,
        }
    }
}

/// What the server sends back to one request: status, the complete header list, a body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Every header the server sends, in order, duplicates kept.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl Default for Reply {
    fn default() -> Self {
        Reply {
            status: 200,
            headers: Vec::new(),
            body: None,
        }
    }
}

impl Reply {
    /// The combined value of a header (lines joined with `, `), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// A scenario: one `fetch()` from one page, and the server's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// An identifier, unique within a file.
    pub id: String,
    /// The origin of the page whose script calls `fetch()` (`https://app.example.com`, `null`).
    pub origin: String,
    /// The request.
    pub request: RequestInit,
    /// The server's answer to a CORS preflight at any hop; absent means the server answers the
    /// preflight with `response`, as a server that treats every method alike would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preflight: Option<Reply>,
    /// The answer to the request after the last redirect.
    pub response: Reply,
    /// `redirects[i]` answers the request at hop i.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Reply>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the scenario comes from (a spec anchor, a WPT file, "observed in Chromium N").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Labels (which article situation, which reason).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Expected verdict fields, for test corpora. The simulator ignores it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Value>,
}

impl Scenario {
    /// A scenario of one request whose server answers are not known yet: no preflight answer of
    /// its own, `200` with no headers, no redirects, and no note, source, tags or expectations.
    pub fn of_request(
        id: impl Into<String>,
        origin: impl Into<String>,
        request: RequestInit,
    ) -> Scenario {
        Scenario {
            id: id.into(),
            origin: origin.into(),
            request,
            preflight: None,
            response: Reply::default(),
            redirects: Vec::new(),
            note: None,
            source: None,
            tags: Vec::new(),
            expect: None,
        }
    }

    /// The preflight answer: `preflight`, or `response` when the scenario gives none.
    pub fn preflight_reply(&self) -> &Reply {
        self.preflight.as_ref().unwrap_or(&self.response)
    }
}

/// One problem with the input, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// Where: a JSON path (`[3].request.headers[1]`) or a position (`line 7, column 3`).
    pub path: String,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in an input, at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// How scenarios were laid out in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One scenario object.
    Single,
    /// A JSON array of scenarios, or `{"corsim": 1, "scenarios": [...]}`.
    List,
}

/// The most request headers a scenario may set.
pub const MAX_REQUEST_HEADERS: usize = 1000;

/// The most redirects a scenario may list (browsers stop at 20).
pub const MAX_REDIRECTS: usize = 50;

/// Parses scenario JSON: one scenario object, an array of them, or
/// `{"corsim": 1, "scenarios": [...]}`. Reports every problem at once.
pub fn parse_scenarios(text: &str) -> Result<(Layout, Vec<Scenario>), InputErrors> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        InputErrors(vec![InputError {
            path: format!("line {}, column {}", e.line(), e.column()),
            message: json_error_message(&e),
        }])
    })?;
    let mut p = Problems::default();
    let (layout, list, prefix): (Layout, Vec<&Value>, &str) = match &value {
        Value::Array(items) => (Layout::List, items.iter().collect(), ""),
        Value::Object(map) if map.contains_key("scenarios") => {
            for key in map.keys() {
                if key != "corsim" && key != "scenarios" {
                    p.push(key, "unknown field next to \"scenarios\" (expected only \"corsim\" and \"scenarios\")");
                }
            }
            check_version(map, "", &mut p);
            match map.get("scenarios") {
                Some(Value::Array(items)) => (Layout::List, items.iter().collect(), "scenarios"),
                _ => {
                    p.push("scenarios", "expected an array of scenarios");
                    return Err(p.into_errors());
                }
            }
        }
        Value::Object(_) => (Layout::Single, vec![&value], ""),
        other => {
            return Err(InputErrors(vec![InputError {
                path: String::new(),
                message: format!(
                    "expected a scenario object or an array of scenarios, found {}",
                    kind(other)
                ),
            }]));
        }
    };
    let mut scenarios = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let path = match layout {
            Layout::Single => String::new(),
            Layout::List => format!("{prefix}[{i}]"),
        };
        if let Some(s) = scenario_from(item, &path, i, &mut p) {
            scenarios.push(s);
        }
    }
    let mut seen = std::collections::HashMap::new();
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(first) = seen.insert(s.id.clone(), i) {
            p.push(
                &join(&format!("{prefix}[{i}]"), "id"),
                &format!("duplicate id {:?} (also used by scenario [{first}])", s.id),
            );
        }
    }
    if p.0.is_empty() {
        Ok((layout, scenarios))
    } else {
        Err(p.into_errors())
    }
}

/// Parses exactly one scenario.
pub fn parse_scenario(text: &str) -> Result<Scenario, InputErrors> {
    let (_, mut list) = parse_scenarios(text)?;
    if list.len() != 1 {
        return Err(InputErrors(vec![InputError {
            path: String::new(),
            message: format!("expected one scenario, found {}", list.len()),
        }]));
    }
    list.pop().ok_or_default()
}

trait OkOrDefault<T> {
    fn ok_or_default(self) -> Result<T, InputErrors>;
}

impl<T> OkOrDefault<T> for Option<T> {
    fn ok_or_default(self) -> Result<T, InputErrors> {
        self.ok_or_else(InputErrors::default)
    }
}

fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the position is already in the path.
    let message = match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text,
    };
    format!("not valid JSON: {message}")
}

#[derive(Default)]
struct Problems(Vec<InputError>);

impl Problems {
    fn push(&mut self, path: &str, message: &str) {
        self.0.push(InputError {
            path: path.to_string(),
            message: message.to_string(),
        });
    }

    fn into_errors(self) -> InputErrors {
        InputErrors(self.0)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check_version(map: &Map<String, Value>, path: &str, p: &mut Problems) {
    match map.get("corsim") {
        None => {}
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
        Some(other) => p.push(
            &join(path, "corsim"),
            &format!("unsupported format version {other} (this corsim reads version 1)"),
        ),
    }
}

const SCENARIO_KEYS: [&str; 11] = [
    "corsim",
    "id",
    "origin",
    "request",
    "preflight",
    "response",
    "redirects",
    "note",
    "source",
    "tags",
    "expect",
];
const REQUEST_KEYS: [&str; 7] = [
    "url",
    "method",
    "headers",
    "mode",
    "credentials",
    "redirect",
    "body",
];
const REPLY_KEYS: [&str; 3] = ["status", "headers", "body"];

fn unknown_keys(map: &Map<String, Value>, allowed: &[&str], path: &str, p: &mut Problems) {
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            let hint = allowed
                .iter()
                .filter(|a| edit_distance(a, key) <= 2)
                .map(|a| format!(" (did you mean \"{a}\"?)"))
                .next()
                .unwrap_or_else(|| format!(" (expected one of {})", allowed.join(", ")));
            p.push(&join(path, key), &format!("unknown field{hint}"));
        }
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

fn scenario_from(value: &Value, path: &str, index: usize, p: &mut Problems) -> Option<Scenario> {
    let Value::Object(map) = value else {
        p.push(
            path,
            &format!("expected a scenario object, found {}", kind(value)),
        );
        return None;
    };
    let before = p.0.len();
    unknown_keys(map, &SCENARIO_KEYS, path, p);
    check_version(map, path, p);
    let id = match map.get("id") {
        None => format!("scenario-{}", index + 1),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            p.push(
                &join(path, "id"),
                &format!("expected a string, found {}", kind(other)),
            );
            String::new()
        }
    };
    let origin = match map.get("origin") {
        Some(Value::String(s)) => {
            if s != "null" && url::Url::parse(s).is_err() {
                p.push(
                    &join(path, "origin"),
                    &format!("{s:?} is not an origin (expected \"null\" or a URL such as \"https://app.example.com\")"),
                );
            }
            s.clone()
        }
        Some(other) => {
            p.push(
                &join(path, "origin"),
                &format!("expected a string, found {}", kind(other)),
            );
            String::new()
        }
        None => {
            p.push(
                &join(path, "origin"),
                "missing (the origin of the page that calls fetch())",
            );
            String::new()
        }
    };
    let request = match map.get("request") {
        Some(v) => request_from(v, &join(path, "request"), p),
        None => {
            p.push(
                &join(path, "request"),
                "missing (an object with at least \"url\")",
            );
            None
        }
    };
    let preflight = match map.get("preflight") {
        None | Some(Value::Null) => None,
        Some(v) => reply_from(v, &join(path, "preflight"), p),
    };
    let response = match map.get("response") {
        None | Some(Value::Null) => Some(Reply::default()),
        Some(v) => reply_from(v, &join(path, "response"), p),
    };
    let mut redirects = Vec::new();
    match map.get("redirects") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            if items.len() > MAX_REDIRECTS {
                p.push(
                    &join(path, "redirects"),
                    &format!(
                        "{} redirects is more than corsim reads ({MAX_REDIRECTS})",
                        items.len()
                    ),
                );
            }
            for (i, item) in items.iter().take(MAX_REDIRECTS).enumerate() {
                if let Some(r) = reply_from(item, &format!("{}[{i}]", join(path, "redirects")), p) {
                    redirects.push(r);
                }
            }
        }
        Some(other) => p.push(
            &join(path, "redirects"),
            &format!("expected an array, found {}", kind(other)),
        ),
    }
    let note = optional_string(map, "note", path, p);
    let source = optional_string(map, "source", path, p);
    let tags = match map.get("tags") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t {
                Value::String(s) => Some(s.clone()),
                other => {
                    p.push(
                        &format!("{}[{i}]", join(path, "tags")),
                        &format!("expected a string, found {}", kind(other)),
                    );
                    None
                }
            })
            .collect(),
        Some(other) => {
            p.push(
                &join(path, "tags"),
                &format!("expected an array of strings, found {}", kind(other)),
            );
            Vec::new()
        }
    };
    let expect = map.get("expect").cloned();
    if p.0.len() != before {
        return None;
    }
    Some(Scenario {
        id,
        origin,
        request: request?,
        preflight,
        response: response?,
        redirects,
        note,
        source,
        tags,
        expect,
    })
}

fn optional_string(
    map: &Map<String, Value>,
    key: &str,
    path: &str,
    p: &mut Problems,
) -> Option<String> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            p.push(
                &join(path, key),
                &format!("expected a string, found {}", kind(other)),
            );
            None
        }
    }
}

fn request_from(value: &Value, path: &str, p: &mut Problems) -> Option<RequestInit> {
    let Value::Object(map) = value else {
        p.push(path, &format!("expected an object, found {}", kind(value)));
        return None;
    };
    let before = p.0.len();
    unknown_keys(map, &REQUEST_KEYS, path, p);
    let url = match map.get("url") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            p.push(
                &join(path, "url"),
                &format!("expected a string, found {}", kind(other)),
            );
            String::new()
        }
        None => {
            p.push(&join(path, "url"), "missing (the URL passed to fetch())");
            String::new()
        }
    };
    let method = match map.get("method") {
        None | Some(Value::Null) => "GET".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            p.push(
                &join(path, "method"),
                &format!("expected a string, found {}", kind(other)),
            );
            String::new()
        }
    };
    let headers = headers_from(map.get("headers"), &join(path, "headers"), p);
    if headers.len() > MAX_REQUEST_HEADERS {
        p.push(
            &join(path, "headers"),
            &format!(
                "{} headers is more than corsim reads ({MAX_REQUEST_HEADERS})",
                headers.len()
            ),
        );
    }
    let mode = enum_from(
        map.get("mode"),
        &join(path, "mode"),
        &[
            ("cors", Mode::Cors),
            ("no-cors", Mode::NoCors),
            ("same-origin", Mode::SameOrigin),
        ],
        p,
    );
    let credentials = enum_from(
        map.get("credentials"),
        &join(path, "credentials"),
        &[
            ("omit", Credentials::Omit),
            ("same-origin", Credentials::SameOrigin),
            ("include", Credentials::Include),
        ],
        p,
    );
    let redirect = enum_from(
        map.get("redirect"),
        &join(path, "redirect"),
        &[
            ("follow", RedirectMode::Follow),
            ("error", RedirectMode::Error),
            ("manual", RedirectMode::Manual),
        ],
        p,
    );
    let body = optional_string(map, "body", path, p);
    (p.0.len() == before).then_some(RequestInit {
        url,
        method,
        headers,
        mode,
        credentials,
        redirect,
        body,
    })
}

fn enum_from<T: Copy + Default>(
    value: Option<&Value>,
    path: &str,
    options: &[(&str, T)],
    p: &mut Problems,
) -> T {
    match value {
        None | Some(Value::Null) => T::default(),
        Some(Value::String(s)) => match options.iter().find(|(name, _)| name == s) {
            Some((_, v)) => *v,
            None => {
                let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                p.push(path, &format!("{s:?} is not one of {}", names.join(", ")));
                T::default()
            }
        },
        Some(other) => {
            p.push(path, &format!("expected a string, found {}", kind(other)));
            T::default()
        }
    }
}

fn headers_from(value: Option<&Value>, path: &str, p: &mut Problems) -> Vec<(String, String)> {
    let items = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            p.push(
                path,
                &format!(
                    "expected an array of [name, value] pairs, found {}",
                    kind(other)
                ),
            );
            return Vec::new();
        }
    };
    let mut headers = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = format!("{path}[{i}]");
        match item {
            Value::Array(pair) => match pair.as_slice() {
                [Value::String(name), Value::String(value)] => {
                    headers.push((name.clone(), value.clone()))
                }
                [name, value] => {
                    if !name.is_string() {
                        p.push(
                            &format!("{here}[0]"),
                            &format!("header name must be a string, found {}", kind(name)),
                        );
                    }
                    if !value.is_string() {
                        p.push(
                            &format!("{here}[1]"),
                            &format!("header value must be a string, found {}", kind(value)),
                        );
                    }
                }
                _ => p.push(
                    &here,
                    &format!("expected [name, value], found an array of {}", pair.len()),
                ),
            },
            other => p.push(
                &here,
                &format!("expected [name, value], found {}", kind(other)),
            ),
        }
    }
    headers
}

/// A reply's status: a final status, 200 to 999.
fn status_from(number: Option<u64>, written: &str, path: &str, p: &mut Problems) -> u16 {
    match number {
        Some(status @ 200..=999) => status as u16,
        Some(100..=199) => {
            p.push(path, &format!("{written} is an interim (1xx) status; a reply needs a final status (200 to 999)"));
            0
        }
        _ => {
            p.push(
                path,
                &format!("{written} is not an HTTP status (200 to 999)"),
            );
            0
        }
    }
}

fn reply_from(value: &Value, path: &str, p: &mut Problems) -> Option<Reply> {
    let Value::Object(map) = value else {
        p.push(
            path,
            &format!(
                "expected an object with \"status\" and \"headers\", found {}",
                kind(value)
            ),
        );
        return None;
    };
    let before = p.0.len();
    unknown_keys(map, &REPLY_KEYS, path, p);
    let status = match map.get("status") {
        None | Some(Value::Null) => 200,
        Some(Value::Number(n)) => status_from(n.as_u64(), &n.to_string(), &join(path, "status"), p),
        Some(Value::String(s)) => status_from(
            s.trim().parse::<u64>().ok(),
            &format!("{s:?}"),
            &join(path, "status"),
            p,
        ),
        Some(other) => {
            p.push(
                &join(path, "status"),
                &format!("expected a number, found {}", kind(other)),
            );
            0
        }
    };
    let headers = headers_from(map.get("headers"), &join(path, "headers"), p);
    for (i, (name, value)) in headers.iter().enumerate() {
        if name.is_empty() || name.bytes().any(|b| matches!(b, b'\r' | b'\n' | b':')) {
            p.push(
                &format!("{}[{i}][0]", join(path, "headers")),
                &format!("{name:?} cannot be sent as a header name (empty, or holds a colon or a line break)"),
            );
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n')) {
            p.push(
                &format!("{}[{i}][1]", join(path, "headers")),
                "a header value cannot hold a line break: a server sends two headers as two [name, value] pairs",
            );
        }
    }
    let body = optional_string(map, "body", path, p);
    (p.0.len() == before).then_some(Reply {
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse_scenarios(text) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn minimal_scenario_gets_defaults() {
        let s = parse_scenario(
            r#"{"origin": "https://a.example", "request": {"url": "https://b.example/x"}}"#,
        );
        let s = s.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.request.method, "GET");
        assert_eq!(s.request.mode, Mode::Cors);
        assert_eq!(s.request.credentials, Credentials::SameOrigin);
        assert_eq!(s.response.status, 200);
        assert_eq!(s.id, "scenario-1");
    }

    #[test]
    fn every_problem_is_named_with_its_path() {
        let text = r#"[{"origin": "https://a.example", "request": {"url": "https://b.example"}},
            {"origin": 5, "request": {"url": "x", "headers": [["A", "1"], ["B"], "C"], "mode": "cor"},
             "respones": {}}]"#;
        assert_eq!(
            errors(text),
            vec![
                "[1].respones: unknown field (did you mean \"response\"?)",
                "[1].origin: expected a string, found a number",
                "[1].request.headers[1]: expected [name, value], found an array of 1",
                "[1].request.headers[2]: expected [name, value], found a string",
                "[1].request.mode: \"cor\" is not one of \"cors\", \"no-cors\", \"same-origin\"",
            ]
        );
    }

    #[test]
    fn garbage_and_wrong_shapes() {
        assert_eq!(
            errors("{\"origin\": "),
            vec!["line 1, column 11: not valid JSON: EOF while parsing a value"]
        );
        assert_eq!(
            errors("42"),
            vec!["expected a scenario object or an array of scenarios, found a number"]
        );
        assert_eq!(
            errors(r#"{"corsim": 2, "origin": "https://a", "request": {"url": "/"}}"#),
            vec!["corsim: unsupported format version 2 (this corsim reads version 1)"]
        );
        assert_eq!(
            errors(
                r#"{"origin": "https://a", "request": {"url": "/"}, "response": {"status": 42, "headers": [["X", "a\nb"]]}}"#
            ),
            vec![
                "response.status: 42 is not an HTTP status (200 to 999)",
                "response.headers[0][1]: a header value cannot hold a line break: a server sends two headers as two [name, value] pairs"
            ]
        );
        assert_eq!(
            errors(
                r#"[{"id": "a", "origin": "null", "request": {"url": "/"}}, {"id": "a", "origin": "null", "request": {"url": "/"}}]"#
            ),
            vec!["[1].id: duplicate id \"a\" (also used by scenario [0])"]
        );
    }

    #[test]
    fn wrapped_list() {
        let text =
            r#"{"corsim": 1, "scenarios": [{"origin": "null", "request": {"url": "https://x"}}]}"#;
        let parsed = parse_scenarios(text).map(|(layout, list)| (layout, list.len()));
        assert_eq!(parsed, Ok((Layout::List, 1)));
    }
}
