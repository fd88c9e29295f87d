//! Requests made by pasted script code: `fetch()` (DevTools' "Copy as fetch", or a call inside
//! the code around it), axios (`axios(…)`, `axios.get(…)`, an instance from `axios.create({baseURL
//! …})`), jQuery (`$.ajax`, `$.get`, `$.post`, `$.getJSON`), `XMLHttpRequest` (`open`,
//! `setRequestHeader`, `withCredentials`), Angular's `HttpClient` and AngularJS's `$http`.
//!
//! Grammar, as read (linear time: the code is scanned once, and each value read once):
//!
//! - The code is scanned for names followed by `(`: the first request call found is read. Strings,
//!   template literals and comments are skipped whole, so a name inside them is no call.
//! - `const|let|var NAME = VALUE` bindings anywhere in the paste give the values of names the call
//!   uses (`fetch(url, options)`, `fetch(\`${API_URL}/users\`)`, `{...opts, headers}`,
//!   `headers: myHeaders`, `api.get(…)` for `const api = axios.create({…})`).
//! - Each argument is read as written ([`super::js::Reader::loose`]); what the paste does not give
//!   (a URL from a variable defined elsewhere, a spread object, an environment variable) is
//!   *unknown*, never an error: the request is built with a stand-in, the scenario field is listed
//!   as assumed, and a note says what was assumed.
//! - What each library sends by itself is added as it sends it: axios's `Accept` and its JSON
//!   `Content-Type` for an object body, jQuery's form `Content-Type` for data sent, the
//!   credentials mode of `withCredentials` (XHR's default is `same-origin`), and `fetch()`'s
//!   defaults (`GET`, `cors`, `same-origin`).

use super::js::{JsValue, Piece, Reader};
use super::{PasteError, PastedRequest};
use crate::scenario::{Credentials, Mode};

/// Which script API made the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// `fetch()`.
    Fetch,
    /// axios.
    Axios,
    /// jQuery's `$.ajax` and its shorthands.
    JQuery,
    /// `XMLHttpRequest`.
    Xhr,
    /// Angular's `HttpClient` or AngularJS's `$http`.
    Angular,
}

impl Api {
    /// Its name in prose.
    pub fn describe(self) -> &'static str {
        match self {
            Api::Fetch => "fetch()",
            Api::Axios => "axios",
            Api::JQuery => "jQuery.ajax",
            Api::Xhr => "XMLHttpRequest",
            Api::Angular => "Angular's HTTP client",
        }
    }
}

/// A request read from script code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptRequest {
    /// The request, with stand-ins where the code does not say (see `assumed`).
    pub request: PastedRequest,
    /// The API that makes it.
    pub api: Api,
    /// The scenario fields the code leaves unknown (`request.url`, `request.method`,
    /// `request.headers`, `request.credentials`, `request.body`).
    pub assumed: Vec<String>,
    /// What was assumed, and what else to know, for people.
    pub notes: Vec<String>,
    /// What is wrong in the code (a value that cannot be what the API takes, a call never
    /// closed), with where.
    pub problems: Vec<PasteError>,
}

/// The host a URL the code does not give is assumed on.
const ASSUMED_HOST: &str = super::console::reproduce::ASSUMED_URL_HOST;

/// How much reading (in bytes, beyond the text's length) the bindings may take: nested
/// bindings are read once each, so a paste of deeply nested ones stays linear.
const READ_BUDGET: usize = 1 << 20;

/// Most bindings read.
const MAX_BINDINGS: usize = 512;

/// What the scan found: bindings and calls, in order.
struct Scan<'a> {
    text: &'a str,
    /// `const NAME = …`: the name and where its value starts.
    bindings: Vec<(String, usize)>,
    /// `NAME(`: the name (dots included) and where `(` is.
    calls: Vec<(String, usize)>,
    /// `NAME.withCredentials = …` and `axios.defaults.… = …`: the name and where the value
    /// starts.
    assignments: Vec<(String, usize)>,
    /// Whether the code calls `new XMLHttpRequest()`.
    makes_xhr: bool,
    /// What reading other clients' arguments may still take (bytes): nested calls are read
    /// once each, not once per level.
    client_budget: std::cell::Cell<usize>,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Scans the code once: strings, templates and comments skipped, names followed by `(` or `=`
/// recorded.
fn scan(text: &str) -> Scan<'_> {
    let mut out = Scan {
        text,
        bindings: Vec::new(),
        calls: Vec::new(),
        assignments: Vec::new(),
        makes_xhr: false,
        client_budget: std::cell::Cell::new(text.len() + 65_536),
    };
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut pending_binding = false;
    let mut prev_ident = false;
    let mut last_name = String::new();
    let mut last_end = 0usize;
    while i < bytes.len() {
        let c = bytes.get(i).copied().unwrap_or(b' ');
        match c {
            b'"' | b'\'' | b'`' => {
                i += 1;
                while let Some(&d) = bytes.get(i) {
                    i += 1;
                    if d == b'\\' {
                        i += 1;
                    } else if d == c || (d == b'\n' && c != b'`') {
                        break;
                    }
                }
                prev_ident = false;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes.get(i) != Some(&b'\n') {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len()
                    && !(bytes.get(i) == Some(&b'*') && bytes.get(i + 1) == Some(&b'/'))
                {
                    i += 1;
                }
                i += 2;
                continue;
            }
            _ => {}
        }
        let Some(ch) = text.get(i..).and_then(|r| r.chars().next()) else {
            i += 1;
            continue;
        };
        if !is_ident(ch) || prev_ident {
            prev_ident = is_ident(ch);
            i += ch.len_utf8();
            continue;
        }
        // A name, with its dots: `axios.create`, `$.ajax`, `this.http.get`, `xhr.open`.
        let start = i;
        let mut end = i;
        for (k, d) in text.get(i..).unwrap_or("").char_indices() {
            if is_ident(d) || d == '.' {
                end = i + k + d.len_utf8();
            } else {
                break;
            }
        }
        let mut name = text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('.')
            .to_string();
        // A name after a `.`: the method of the name before it when only white space is
        // between them (`api\n  .get(…)`), else of something else (`foo().fetch(`).
        let before = text.get(last_end..start).unwrap_or("");
        let after_dot = text
            .get(..start)
            .is_some_and(|b| b.trim_end().ends_with('.'));
        let chained = after_dot && before.trim() == "." && !last_name.is_empty();
        if chained {
            name = format!("{last_name}.{name}");
        }
        let after_dot = after_dot && !chained;
        let name = name.as_str();
        let rest = text.get(end..).unwrap_or("");
        let next = rest.trim_start_matches([' ', '\t']);
        let next_at = end + (rest.len() - next.len());
        if pending_binding {
            pending_binding = false;
            if !name.contains('.')
                && next.starts_with('=')
                && !next.starts_with("==")
                && !next.starts_with("=>")
            {
                out.bindings.push((name.to_string(), next_at + 1));
            }
        } else if matches!(name, "const" | "let" | "var") {
            pending_binding = true;
        } else if next.starts_with('(') && !after_dot {
            out.calls.push((name.to_string(), next_at));
        } else if let Some(paren) = generic_call(next).filter(|_| !after_dot) {
            // TypeScript's type arguments: `http.post<User>(…)`, `api.get<T[]>(…)`.
            out.calls.push((name.to_string(), next_at + paren));
        } else if next.starts_with('=')
            && !next.starts_with("==")
            && !next.starts_with("=>")
            && (name.ends_with(".withCredentials") || name.starts_with("axios.defaults."))
        {
            out.assignments.push((name.to_string(), next_at + 1));
        }
        prev_ident = false;
        last_name = name.to_string();
        last_end = end;
        i = end.max(i + 1);
    }
    out.makes_xhr = out
        .calls
        .iter()
        .any(|(n, _)| n == "XMLHttpRequest" || n == "XDomainRequest");
    out
}

/// Where `(` is after TypeScript's type arguments (`<User>(`, `<{ id: number }[]>(`): short,
/// on the line, with no operator a comparison would have around it.
fn generic_call(next: &str) -> Option<usize> {
    let rest = next.strip_prefix('<')?;
    let close = rest.get(..rest.len().min(80))?.find('>')?;
    let inside = rest.get(..close)?;
    if inside.contains(['\n', '(', ')', ';', '=', '&', '|']) || inside.trim().is_empty() {
        return None;
    }
    rest.get(close + 1..)?.starts_with('(').then_some(close + 2)
}

/// The values of the bindings, read once each.
struct Env {
    values: Vec<(String, JsValue)>,
}

impl Env {
    fn read(scan: &Scan<'_>) -> Env {
        let mut values = Vec::new();
        let mut spent = 0usize;
        for (name, at) in scan.bindings.iter().take(MAX_BINDINGS) {
            if spent > scan.text.len() + READ_BUDGET {
                break;
            }
            let mut reader = Reader::new(scan.text, *at);
            let value = reader.loose();
            spent += reader.pos.saturating_sub(*at);
            values.push((name.clone(), value));
        }
        Env { values }
    }

    /// The last value bound to a name (`a`), or a field of one (`a.b`).
    fn lookup(&self, name: &str) -> Option<&JsValue> {
        if let Some((_, v)) = self.values.iter().rev().find(|(n, _)| n == name) {
            return Some(v);
        }
        let (head, field) = name.rsplit_once('.')?;
        match self.lookup(head)? {
            JsValue::Object(fields) => fields
                .iter()
                .rev()
                .find(|(k, ..)| k == field)
                .map(|(_, v, _)| v),
            _ => None,
        }
    }

    /// A value with the names it is made of replaced by their bound values (a few levels).
    fn resolve(&self, value: &JsValue) -> JsValue {
        self.resolve_at(value, 0)
    }

    fn resolve_at(&self, value: &JsValue, depth: usize) -> JsValue {
        if depth > 6 {
            return value.clone();
        }
        match value {
            JsValue::Other(name) => match self.lookup(name.trim()) {
                Some(v) => self.resolve_at(&v.clone(), depth + 1),
                None => value.clone(),
            },
            JsValue::Template(pieces) => {
                let mut out = Vec::new();
                for p in pieces {
                    match p {
                        Piece::Expr(e) => match self.lookup(e.trim()) {
                            Some(v) => {
                                let v = self.resolve_at(&v.clone(), depth + 1);
                                match v {
                                    JsValue::Str(s) => out.push(Piece::Text(s)),
                                    JsValue::Num(n) => out.push(Piece::Text(n.to_string())),
                                    JsValue::Template(more) => out.extend(more),
                                    _ => out.push(p.clone()),
                                }
                            }
                            None => out.push(p.clone()),
                        },
                        Piece::Text(_) => out.push(p.clone()),
                    }
                }
                JsValue::Template(out).simplified()
            }
            JsValue::Object(fields) => {
                // Spread objects merged in their place: `{...defaults, headers}`.
                let mut out: Vec<(String, JsValue, usize)> = Vec::new();
                for (k, v, at) in fields {
                    if k == "..." {
                        match self.resolve_at(v, depth + 1) {
                            JsValue::Object(more) => {
                                for (mk, mv, mat) in more {
                                    out.retain(|(ok, ..)| *ok != mk);
                                    out.push((mk, mv, mat));
                                }
                            }
                            other => out.push((k.clone(), other, *at)),
                        }
                    } else {
                        out.retain(|(ok, ..)| ok != k);
                        out.push((k.clone(), v.clone(), *at));
                    }
                }
                JsValue::Object(out)
            }
            other => other.clone(),
        }
    }
}

/// The code inside a Markdown inline code span around the whole paste (`` `import …}` ``),
/// with the two backticks made spaces so that every offset stays where it was; `None` when
/// there is none.
fn unquoted(text: &str) -> Option<String> {
    let t = text.trim();
    let inline = t.len() > 2
        && t.starts_with('`')
        && !t.starts_with("``")
        && t.ends_with('`')
        && !t.ends_with("``")
        && t.get(1..)
            .is_some_and(|r| r.starts_with(['\n', '\r']) || t.contains('\n'));
    if !inline {
        return None;
    }
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len() - 1;
    let mut out = text.to_string();
    out.replace_range(start..start + 1, " ");
    out.replace_range(end..end + 1, " ");
    Some(out)
}

/// Whether the text holds a request call of one of the APIs read here (anywhere in it).
pub fn has_request(text: &str) -> bool {
    let owned = unquoted(text);
    let text = owned.as_deref().unwrap_or(text);
    let s = scan(text);
    let env = Env { values: Vec::new() };
    s.calls
        .iter()
        .any(|(name, at)| classify(name, *at, &s, &env).is_some() && has_argument(text, *at))
}

/// Whether a call's `(` is followed by an argument (prose says "fetch()" of no call).
fn has_argument(text: &str, paren: usize) -> bool {
    text.get(paren + 1..)
        .map(str::trim_start)
        .is_some_and(|r| !r.is_empty() && !r.starts_with(')'))
}

/// What kind of request call a name is, with the axios instance's defaults when it is one.
enum Kind {
    Fetch,
    /// axios: the method the name says (`get`), if any, and the instance's config.
    Axios(Option<String>, Option<JsValue>),
    JQuery(Option<String>),
    /// `xhr.open(`: the receiver.
    XhrOpen(String),
    /// Angular: the method, and whether it is AngularJS's `$http`.
    Angular(Option<String>, bool),
}

const METHODS: [&str; 8] = [
    "get", "post", "put", "patch", "delete", "head", "options", "request",
];

fn classify(name: &str, at: usize, scan: &Scan<'_>, env: &Env) -> Option<Kind> {
    if matches!(
        name,
        "fetch" | "window.fetch" | "globalThis.fetch" | "self.fetch"
    ) {
        return Some(Kind::Fetch);
    }
    let (receiver, method) = match name.rsplit_once('.') {
        Some((r, m)) => (r, Some(m)),
        None => (name, None),
    };
    // JavaScript's clients name their methods in lower case (Go's `http.Get` is no request
    // of a page's).
    let http_method = method.filter(|m| METHODS.contains(m)).map(str::to_string);
    if name == "axios" || name == "axios.request" {
        return Some(Kind::Axios(None, None));
    }
    if receiver == "axios" && http_method.is_some() {
        return Some(Kind::Axios(http_method, None));
    }
    if matches!(name, "$.ajax" | "jQuery.ajax") {
        return Some(Kind::JQuery(None));
    }
    if matches!(receiver, "$" | "jQuery")
        && let Some(m) = method
        && matches!(m, "get" | "post" | "getJSON")
    {
        let m = if m == "getJSON" { "get" } else { m };
        return Some(Kind::JQuery(Some(m.to_uppercase())));
    }
    if name == "$http" {
        return Some(Kind::Angular(None, true));
    }
    let last = receiver.rsplit('.').next().unwrap_or(receiver);
    if http_method.is_some() && matches!(last, "$http" | "http" | "httpClient" | "_http") {
        return Some(Kind::Angular(http_method, last == "$http"));
    }
    if method == Some("open") && xhr_receiver(receiver, scan, env) {
        return Some(Kind::XhrOpen(receiver.to_string()));
    }
    // An axios instance: `const api = axios.create({…})`, then `api.get(…)`.
    if http_method.is_some()
        && let Some(JsValue::Call(callee, args)) = env.lookup(receiver)
        && callee == "axios.create"
    {
        return Some(Kind::Axios(http_method, args.first().cloned()));
    }
    if http_method.is_some() && env.values.is_empty() {
        // Detection only (no values read): an instance is told by its binding's text.
        let bound = scan.bindings.iter().any(|(n, at)| {
            n == receiver
                && scan
                    .text
                    .get(*at..)
                    .is_some_and(|r| r.trim_start().starts_with("axios.create"))
        });
        if bound {
            return Some(Kind::Axios(http_method, None));
        }
    }
    // Another client (an instance imported from elsewhere, `HTTP.get("http://…", {…})`): a
    // name that says it is one, called with a URL and at most a config object — not a server's
    // route (`router.get('/x', handler)`).
    if http_method.is_some() && client_name(last) && client_call(scan, at) {
        return Some(Kind::Axios(http_method, None));
    }
    None
}

/// Whether a receiver's name says it is an HTTP client (`HTTP`, `api`, `apiClient`,
/// `httpService`, `instance`), not Python's `requests` or a server's `app`/`router`.
fn client_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.contains("http")
        || lower.contains("api")
        || lower.contains("client")
        || lower.contains("axios")
        || lower == "instance"
        || lower == "service"
        || lower == "request")
        && !lower.contains("router")
        && lower != "requests"
}

/// Whether a call's arguments are a URL literal and at most data and a config object.
fn client_call(scan: &Scan<'_>, paren: usize) -> bool {
    let text = scan.text;
    let after = text.get(paren + 1..).unwrap_or("").trim_start();
    let url_literal = ["\"", "'", "`"].iter().any(|q| {
        after.strip_prefix(q).is_some_and(|r| {
            r.starts_with("http://") || r.starts_with("https://") || r.starts_with('/')
        })
    });
    if !url_literal {
        return false;
    }
    let left = scan.client_budget.get();
    if left == 0 {
        return false;
    }
    let mut reader = Reader::new(text, paren);
    let args = reader.loose_arguments();
    scan.client_budget
        .set(left.saturating_sub(reader.pos.saturating_sub(paren)));
    args.iter().skip(1).all(|a| {
        matches!(
            a,
            JsValue::Object(_) | JsValue::Str(_) | JsValue::Null | JsValue::Undefined
        ) || matches!(a, JsValue::Other(o) if !o.contains("=>") && !o.starts_with("function") && !o.contains('('))
    })
}

/// Whether `receiver.open(` is an `XMLHttpRequest`'s: the name is bound to `new
/// XMLHttpRequest()`, or the code makes one.
fn xhr_receiver(receiver: &str, scan: &Scan<'_>, env: &Env) -> bool {
    if let Some(JsValue::Call(callee, _)) = env.lookup(receiver) {
        return callee == "XMLHttpRequest" || callee == "XDomainRequest";
    }
    scan.makes_xhr
}

/// Reads the first request the code makes. `None` when it makes none this reader knows.
pub fn read_script(text: &str) -> Option<ScriptRequest> {
    let owned = unquoted(text);
    let text = owned.as_deref().unwrap_or(text);
    let scan = scan(text);
    let env = Env::read(&scan);
    let mut found = scan.calls.iter().filter_map(|(name, at)| {
        classify(name, *at, &scan, &env)
            .filter(|_| has_argument(text, *at))
            .map(|k| (k, *at))
    });
    let (kind, at) = found.next()?;
    let more = found.count();
    let mut reader = Reader::new(text, at);
    let args: Vec<JsValue> = reader
        .loose_arguments()
        .iter()
        .map(|a| env.resolve(a))
        .collect();
    let closed = text
        .get(..reader.pos)
        .is_some_and(|t| t.trim_end().ends_with(')'));
    let mut out = Builder::new(text, at, &env, &scan.calls);
    if !closed {
        out.problems.push(PasteError::at(
            text,
            at,
            "this call is never closed (is the paste cut?): its arguments were read as far as they go",
        ));
    }
    let api = match kind {
        Kind::Fetch => {
            out.fetch(&args);
            Api::Fetch
        }
        Kind::Axios(method, defaults) => {
            out.axios(method, defaults, &args, &scan);
            Api::Axios
        }
        Kind::JQuery(method) => {
            out.jquery(method, &args);
            Api::JQuery
        }
        Kind::XhrOpen(receiver) => {
            out.xhr(&receiver, &args, &scan);
            Api::Xhr
        }
        Kind::Angular(method, angularjs) => {
            out.angular(method, angularjs, &args);
            Api::Angular
        }
    };
    if more > 0 {
        out.notes.push(format!(
            "the code makes {} more request{}: corsim reads the first",
            more,
            if more == 1 { "" } else { "s" }
        ));
    }
    let mut request = out.request;
    request.infer_from_headers();
    // fetch()'s default, unless the options that would say are not in the paste (a `Cookie`
    // header, as "Copy as fetch (Node.js)" writes it, says `include`).
    if api == Api::Fetch
        && request.credentials.is_none()
        && !out.assumed.iter().any(|a| a == "request.credentials")
    {
        request.credentials = Some(Credentials::SameOrigin);
    }
    Some(ScriptRequest {
        request,
        api,
        assumed: out.assumed,
        notes: out.notes,
        problems: out.problems,
    })
}

/// Builds the request from what the call says.
struct Builder<'a> {
    text: &'a str,
    at: usize,
    env: &'a Env,
    /// The calls of the code (`myHeaders.append(…)`).
    calls: &'a [(String, usize)],
    request: PastedRequest,
    assumed: Vec<String>,
    notes: Vec<String>,
    problems: Vec<PasteError>,
    /// What reading the other calls' arguments may still take (bytes): calls nested in each
    /// other are read once each, not once per level.
    budget: usize,
}

/// A string value, with the expressions it is built from that the paste does not give.
struct Text {
    value: String,
    unknown: Vec<String>,
    /// The first piece is unknown (the URL's scheme and host come from a variable).
    unknown_start: bool,
}

fn text_of(value: &JsValue) -> Option<Text> {
    match value {
        JsValue::Str(s) => Some(Text {
            value: s.clone(),
            unknown: Vec::new(),
            unknown_start: false,
        }),
        JsValue::Num(n) => Some(Text {
            value: n.to_string(),
            unknown: Vec::new(),
            unknown_start: false,
        }),
        JsValue::Template(pieces) => {
            let mut value = String::new();
            let mut unknown = Vec::new();
            for p in pieces {
                match p {
                    Piece::Text(t) => value.push_str(t),
                    Piece::Expr(e) => {
                        unknown.push(e.clone());
                        value.push_str(super::mask::HEADER_MASK);
                    }
                }
            }
            Some(Text {
                value,
                unknown,
                unknown_start: matches!(pieces.first(), Some(Piece::Expr(_))),
            })
        }
        JsValue::Call(name, args) if name == "URL" || name == "String" => {
            args.first().and_then(text_of)
        }
        _ => None,
    }
}

/// A short form of an expression for a note.
fn shown(value: &JsValue) -> String {
    let s = match value {
        JsValue::Other(e) => e.clone(),
        JsValue::Call(name, _) => format!("{name}(…)"),
        JsValue::Template(pieces) => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Expr(e) => format!("${{{e}}}"),
            })
            .collect(),
        other => format!("{other:?}"),
    };
    let short: String = s.chars().take(60).collect();
    if short.len() < s.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn field<'v>(fields: &'v [(String, JsValue, usize)], key: &str) -> Option<&'v JsValue> {
    fields
        .iter()
        .rev()
        .find(|(k, ..)| k == key)
        .map(|(_, v, _)| v)
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, at: usize, env: &'a Env, calls: &'a [(String, usize)]) -> Self {
        Builder {
            text,
            at,
            env,
            calls,
            request: PastedRequest {
                method: "GET".to_string(),
                ..Default::default()
            },
            assumed: Vec::new(),
            notes: Vec::new(),
            problems: Vec::new(),
            budget: text.len() + 65_536,
        }
    }

    /// Reads the arguments of the call whose `(` is at `at` in `code`, within the budget.
    fn arguments_at(&mut self, code: &str, at: usize) -> Option<Vec<JsValue>> {
        if self.budget == 0 {
            return None;
        }
        let mut reader = Reader::new(code, at);
        let args = reader.loose_arguments();
        self.budget = self.budget.saturating_sub(reader.pos.saturating_sub(at));
        Some(args)
    }

    /// Reads the value that starts at `at` in `code`, within the budget.
    fn value_at(&mut self, code: &str, at: usize) -> Option<JsValue> {
        if self.budget == 0 {
            return None;
        }
        let mut reader = Reader::new(code, at);
        let value = reader.loose();
        self.budget = self.budget.saturating_sub(reader.pos.saturating_sub(at));
        Some(value)
    }

    fn assume(&mut self, field: &str, note: String) {
        if !self.assumed.iter().any(|a| a == field) {
            self.assumed.push(field.to_string());
        }
        self.notes.push(note);
    }

    fn problem(&mut self, at: usize, message: impl Into<String>) {
        self.problems.push(PasteError::at(self.text, at, message));
    }

    /// The URL, from a string, a template or a variable; a stand-in when the code does not give
    /// it. `base` is axios's `baseURL`.
    fn url(&mut self, value: Option<&JsValue>, base: Option<&JsValue>) {
        let joined = match (base.map(|b| self.env.resolve(b)), value) {
            (Some(b), Some(v)) => {
                let v_text = text_of(v);
                let absolute = v_text
                    .as_ref()
                    .is_some_and(|t| !t.unknown_start && t.value.contains("://"));
                if absolute {
                    v.clone()
                } else {
                    let mut pieces = Vec::new();
                    for part in [&b, v] {
                        match part {
                            JsValue::Str(s) => pieces.push(Piece::Text(s.clone())),
                            JsValue::Template(p) => pieces.extend(p.iter().cloned()),
                            other => pieces.push(Piece::Expr(shown(other))),
                        }
                    }
                    // `base/` + `/path`: one slash between them.
                    let mut merged: Vec<Piece> = Vec::new();
                    for p in pieces {
                        match (merged.last_mut(), p) {
                            (Some(Piece::Text(a)), Piece::Text(b)) => {
                                if a.ends_with('/') && b.starts_with('/') {
                                    a.pop();
                                } else if !a.ends_with('/')
                                    && !b.starts_with('/')
                                    && !a.is_empty()
                                    && !b.is_empty()
                                {
                                    a.push('/');
                                }
                                a.push_str(&b);
                            }
                            (_, p) => merged.push(p),
                        }
                    }
                    JsValue::Template(merged).simplified()
                }
            }
            (Some(b), None) => b,
            (None, Some(v)) => v.clone(),
            (None, None) => JsValue::Undefined,
        };
        match text_of(&joined) {
            Some(t) if t.unknown.is_empty() => self.request.url = t.value,
            Some(t) => {
                let stand_in = if t.unknown_start || !t.value.contains("://") {
                    // The scheme and host come from a variable: the path the code gives, on a
                    // stand-in host.
                    let path = t
                        .value
                        .trim_start_matches(super::mask::HEADER_MASK)
                        .trim_start_matches('/');
                    let path: String = path.replace(super::mask::HEADER_MASK, "1");
                    format!("https://{ASSUMED_HOST}/{path}")
                } else {
                    t.value.replace(super::mask::HEADER_MASK, "1")
                };
                self.assume(
                    "request.url",
                    format!(
                        "the URL is built from {} (not in the paste): corsim assumes {stand_in}",
                        t.unknown.join(", ")
                    ),
                );
                self.request.url = stand_in;
            }
            None => {
                let stand_in = format!("https://{ASSUMED_HOST}/");
                let what = if matches!(joined, JsValue::Undefined) {
                    "the call gives no URL".to_string()
                } else {
                    format!("the URL comes from {} (not in the paste)", shown(&joined))
                };
                self.assume("request.url", format!("{what}: corsim assumes {stand_in}"));
                self.request.url = stand_in;
            }
        }
    }

    fn method(&mut self, value: &JsValue) {
        if matches!(
            value,
            JsValue::Num(_) | JsValue::Bool(_) | JsValue::Object(_) | JsValue::Array(_)
        ) {
            self.problem(self.at, "the method is not a string");
            return;
        }
        match text_of(value) {
            Some(t) if t.unknown.is_empty() && !t.value.trim().is_empty() => {
                self.request.method = t.value.trim().to_string()
            }
            _ => self.assume(
                "request.method",
                format!(
                    "the method comes from {} (not in the paste): corsim assumes {}",
                    shown(value),
                    self.request.method
                ),
            ),
        }
    }

    /// Headers from an object literal, `new Headers({…})`, an array of pairs, or a variable.
    fn headers(&mut self, value: &JsValue) {
        // `const h = new Headers(); h.append('X', 'y')` (Postman's snippets): the calls on the
        // variable add to it.
        if let JsValue::Other(name) = value
            && let Some(JsValue::Call(callee, _)) = self.env.lookup(name.trim())
            && matches!(callee.as_str(), "Headers" | "HttpHeaders")
        {
            let name = name.trim().to_string();
            let bound = self.env.resolve(value);
            self.headers(&bound);
            let added: Vec<usize> = self
                .calls
                .iter()
                .filter(|(n, _)| {
                    n.strip_prefix(name.as_str())
                        .is_some_and(|m| m == ".append" || m == ".set")
                })
                .map(|(_, at)| *at)
                .collect();
            for at in added {
                if let Some(args) = self.arguments_at(self.text, at)
                    && let (Some(n), Some(v)) = (args.first().and_then(text_of), args.get(1))
                {
                    let v = self.env.resolve(v);
                    self.header(&n.value, &v);
                }
            }
            return;
        }
        let value = self.env.resolve(value);
        match &value {
            JsValue::Call(name, args) if matches!(name.as_str(), "Headers" | "HttpHeaders") => {
                if let Some(first) = args.first() {
                    self.headers(first);
                }
            }
            JsValue::Object(fields) => {
                for (name, v, _) in fields {
                    let v = self.env.resolve(v);
                    if name == "..." {
                        self.assume(
                            "request.headers",
                            format!(
                                "the headers spread from {} are not in the paste: corsim assumes none",
                                shown(&v)
                            ),
                        );
                        continue;
                    }
                    if name.is_empty() {
                        continue;
                    }
                    // axios's per-method defaults (`headers.common`, `headers.post`).
                    if let JsValue::Object(_) = v
                        && matches!(
                            name.as_str(),
                            "common" | "get" | "post" | "put" | "patch" | "delete"
                        )
                    {
                        if name == "common" || name.eq_ignore_ascii_case(&self.request.method) {
                            self.headers(&v);
                        }
                        continue;
                    }
                    self.header(name, &v);
                }
            }
            JsValue::Array(pairs) => {
                for pair in pairs {
                    if let JsValue::Array(items) = pair
                        && let [n, v] = items.as_slice()
                        && let Some(n) = text_of(n)
                    {
                        self.header(&n.value, v);
                    }
                }
            }
            JsValue::Undefined | JsValue::Null => {}
            other => self.assume(
                "request.headers",
                format!(
                    "the headers come from {} (not in the paste): corsim assumes none",
                    shown(other)
                ),
            ),
        }
    }

    fn header(&mut self, name: &str, value: &JsValue) {
        let value = match text_of(value) {
            Some(t) => {
                if !t.unknown.is_empty() && !super::mask::is_secret_header(name) {
                    self.notes.push(format!(
                        "the value of {name} is built from {} (not in the paste)",
                        t.unknown.join(", ")
                    ));
                }
                t.value
            }
            None if matches!(value, JsValue::Bool(true)) => "true".to_string(),
            None if matches!(value, JsValue::Bool(false)) => "false".to_string(),
            None => {
                self.notes.push(format!(
                    "the value of {name} comes from {} (not in the paste): the header is sent, its value is assumed",
                    shown(value)
                ));
                super::curl::placeholder_value(name)
            }
        };
        self.request.headers.push((name.to_string(), value));
    }

    fn has_header(&self, name: &str) -> bool {
        self.request.header(name).is_some()
    }

    fn credentials_from(&mut self, value: &JsValue, include_when: &str) {
        match self.env.resolve(value) {
            JsValue::Bool(true) => self.request.credentials = Some(Credentials::Include),
            JsValue::Bool(false) => self.request.credentials = Some(Credentials::SameOrigin),
            other => {
                self.request.credentials = None;
                self.assume(
                    "request.credentials",
                    format!(
                        "{include_when} comes from {} (not in the paste): whether credentials are sent is not known",
                        shown(&other)
                    ),
                );
            }
        }
    }

    /// A body: its text when the code gives it, and the `Content-Type` the API adds for it
    /// (`json` for an object body, as axios and Angular send it).
    fn body(&mut self, value: &JsValue, object_type: Option<&str>) {
        let value = self.env.resolve(value);
        match &value {
            JsValue::Null | JsValue::Undefined => {}
            JsValue::Str(s) => self.request.body = Some(s.clone()),
            JsValue::Call(name, args) if name == "JSON.stringify" => {
                self.request.body = Some(
                    args.first()
                        .map(|v| self.env.resolve(v).to_json().to_string())
                        .unwrap_or_default(),
                );
            }
            JsValue::Call(name, _) if name == "URLSearchParams" => {
                self.request.body = Some(String::new());
                if !self.has_header("content-type") {
                    self.request.headers.push((
                        "Content-Type".to_string(),
                        "application/x-www-form-urlencoded;charset=UTF-8".to_string(),
                    ));
                }
            }
            JsValue::Call(name, _) if name == "FormData" => {
                self.request.body = Some(String::new());
            }
            JsValue::Object(_) | JsValue::Array(_) if object_type.is_some() => {
                self.request.body = Some(value.to_json().to_string());
                if let Some(t) = object_type
                    && !self.has_header("content-type")
                {
                    self.request
                        .headers
                        .push(("Content-Type".to_string(), t.to_string()));
                }
            }
            other => {
                self.request.body = Some(String::new());
                self.notes.push(format!(
                    "the body comes from {} (not in the paste): corsim sends an empty one",
                    shown(other)
                ));
            }
        }
    }

    fn fetch(&mut self, args: &[JsValue]) {
        let mut input = args.first().cloned();
        let mut init = args.get(1).cloned();
        // `fetch(new Request(url, init))`
        if let Some(JsValue::Call(name, inner)) = &input
            && name == "Request"
        {
            let (u, i) = (inner.first().cloned(), inner.get(1).cloned());
            input = u;
            if init.is_none() {
                init = i;
            }
        }
        self.url(input.as_ref(), None);
        self.request.mode = Some(Mode::Cors);
        match init.map(|i| self.env.resolve(&i)) {
            None | Some(JsValue::Undefined | JsValue::Null) => {}
            Some(JsValue::Object(fields)) => self.fetch_init(&fields),
            Some(other) => {
                self.request.mode = None;
                for f in ["request.method", "request.headers"] {
                    self.assumed.push(f.to_string());
                }
                self.assume(
                    "request.credentials",
                    format!(
                        "the options come from {} (not in the paste): corsim assumes a GET with no headers",
                        shown(&other)
                    ),
                );
            }
        }
    }

    fn fetch_init(&mut self, fields: &[(String, JsValue, usize)]) {
        for (key, raw, at) in fields {
            let value = self.env.resolve(raw);
            let string = text_of(&value)
                .filter(|t| t.unknown.is_empty())
                .map(|t| t.value);
            match key.as_str() {
                "..." => {
                    self.request.credentials = None;
                    self.assume(
                        "request.credentials",
                        format!(
                            "the options spread from {} are not in the paste: corsim reads the others, and does not know the method, headers or credentials they may set",
                            shown(&value)
                        ),
                    );
                }
                "method" => self.method(&value),
                "headers" => self.headers(raw),
                "body" => self.body(&value, None),
                "mode" => match string.as_deref() {
                    Some("cors") => self.request.mode = Some(Mode::Cors),
                    Some("no-cors") => self.request.mode = Some(Mode::NoCors),
                    Some("same-origin") => self.request.mode = Some(Mode::SameOrigin),
                    Some("navigate") => {}
                    Some(_) => self.problem(
                        *at,
                        "mode is not one of \"cors\", \"no-cors\", \"same-origin\"",
                    ),
                    None => {
                        self.request.mode = None;
                        self.assume(
                            "request.mode",
                            format!("the mode comes from {} (not in the paste)", shown(&value)),
                        );
                    }
                },
                "credentials" => match string.as_deref() {
                    Some("omit") => self.request.credentials = Some(Credentials::Omit),
                    Some("same-origin") => self.request.credentials = Some(Credentials::SameOrigin),
                    Some("include") => self.request.credentials = Some(Credentials::Include),
                    Some(_) => self.problem(
                        *at,
                        "credentials is not one of \"omit\", \"same-origin\", \"include\"",
                    ),
                    None => {
                        self.request.credentials = None;
                        self.assume(
                            "request.credentials",
                            format!(
                                "the credentials mode comes from {} (not in the paste)",
                                shown(&value)
                            ),
                        );
                    }
                },
                "referrer" => {
                    if let Some(r) = string
                        && self.request.origin.is_none()
                    {
                        self.request.origin = super::origin_of(&r);
                    }
                }
                _ => {}
            }
        }
    }

    /// axios: `axios(config)`, `axios(url, config)`, `axios.get(url, config)`,
    /// `axios.post(url, data, config)`, and an instance's calls with its `create` config.
    fn axios(
        &mut self,
        method: Option<String>,
        defaults: Option<JsValue>,
        args: &[JsValue],
        scan: &Scan<'_>,
    ) {
        let (url, data, config) = client_args(method.as_deref(), args);
        let mut merged: Vec<(String, JsValue, usize)> = Vec::new();
        // `axios.defaults.withCredentials = true`, `axios.defaults.baseURL = …`.
        for (name, at) in &scan.assignments {
            if let Some(key) = name.strip_prefix("axios.defaults.")
                && !key.contains('.')
                && let Some(value) = self.value_at(scan.text, *at)
            {
                merged.push((key.to_string(), value, *at));
            }
        }
        for part in [defaults, config].into_iter().flatten() {
            if let JsValue::Object(fields) = self.env.resolve(&part) {
                for (k, v, at) in fields {
                    if k == "headers" {
                        merged.push((k, v, at));
                        continue;
                    }
                    merged.retain(|(mk, ..)| *mk != k);
                    merged.push((k, v, at));
                }
            } else {
                self.assume(
                    "request.headers",
                    format!(
                        "the axios config comes from {} (not in the paste)",
                        shown(&part)
                    ),
                );
            }
        }
        if let Some(m) = &method
            && m != "request"
        {
            self.request.method = m.to_uppercase();
        }
        if let Some(m) = field(&merged, "method") {
            let m = m.clone();
            self.method(&m);
            self.request.method = self.request.method.to_uppercase();
        }
        let url = url.or_else(|| field(&merged, "url").cloned());
        let base = field(&merged, "baseURL").cloned();
        self.url(url.as_ref(), base.as_ref());
        self.request.mode = Some(Mode::Cors);
        // axios sends this on every request.
        self.request.headers.push((
            "Accept".to_string(),
            "application/json, text/plain, */*".to_string(),
        ));
        let header_sets: Vec<JsValue> = merged
            .iter()
            .filter(|(k, ..)| k == "headers")
            .map(|(_, v, _)| v.clone())
            .collect();
        for h in header_sets {
            self.headers(&h);
        }
        if let Some(JsValue::Object(auth)) = field(&merged, "auth").map(|a| self.env.resolve(a)) {
            let part = |k: &str| {
                field(&auth, k)
                    .and_then(text_of)
                    .map(|t| t.value)
                    .unwrap_or_default()
            };
            let basic = super::curl::base64(
                format!("{}:{}", part("username"), part("password")).as_bytes(),
            );
            self.request
                .headers
                .push(("Authorization".to_string(), format!("Basic {basic}")));
        }
        let data = data.or_else(|| field(&merged, "data").cloned());
        if let Some(d) = data {
            self.body(&d, Some("application/json"));
        }
        match field(&merged, "withCredentials").cloned() {
            Some(v) => self.credentials_from(&v, "withCredentials"),
            None => self.request.credentials = Some(Credentials::SameOrigin),
        }
    }

    /// jQuery: `$.ajax(config)`, `$.ajax(url, config)`, `$.get(url, data, …)`,
    /// `$.post(url, data, …)`.
    fn jquery(&mut self, method: Option<String>, args: &[JsValue]) {
        let (url, config, data) = match &method {
            Some(_) => match args.first() {
                Some(JsValue::Object(_)) => (None, args.first().cloned(), None),
                first => (
                    first.cloned(),
                    None,
                    args.get(1)
                        .filter(|d| matches!(d, JsValue::Object(_) | JsValue::Str(_)))
                        .cloned(),
                ),
            },
            None => match args.first() {
                Some(JsValue::Object(_)) => (None, args.first().cloned(), None),
                first => (first.cloned(), args.get(1).cloned(), None),
            },
        };
        if let Some(m) = &method {
            self.request.method = m.clone();
        }
        let fields = match config.map(|c| self.env.resolve(&c)) {
            Some(JsValue::Object(f)) => f,
            Some(other) => {
                self.assume(
                    "request.headers",
                    format!(
                        "the ajax settings come from {} (not in the paste)",
                        shown(&other)
                    ),
                );
                Vec::new()
            }
            None => Vec::new(),
        };
        if let Some(m) = field(&fields, "type").or_else(|| field(&fields, "method")) {
            let m = m.clone();
            self.method(&m);
            self.request.method = self.request.method.to_uppercase();
        }
        let url = url.or_else(|| field(&fields, "url").cloned());
        self.url(url.as_ref(), None);
        self.request.mode = Some(Mode::Cors);
        if let Some(h) = field(&fields, "headers").cloned() {
            self.headers(&h);
        }
        let data = data.or_else(|| field(&fields, "data").cloned());
        let sends_body = !matches!(self.request.method.as_str(), "GET" | "HEAD");
        let content_type = field(&fields, "contentType").map(|c| self.env.resolve(c));
        match &content_type {
            Some(JsValue::Bool(false)) => {}
            Some(c) => {
                if let Some(t) = text_of(c) {
                    self.request
                        .headers
                        .push(("Content-Type".to_string(), t.value));
                }
            }
            None if sends_body && data.is_some() => self.request.headers.push((
                "Content-Type".to_string(),
                "application/x-www-form-urlencoded; charset=UTF-8".to_string(),
            )),
            None => {}
        }
        if let Some(d) = data
            && sends_body
        {
            match self.env.resolve(&d) {
                // jQuery form-encodes an object.
                JsValue::Object(_) => self.request.body = Some(String::new()),
                d => self.body(&d, None),
            }
        }
        if let Some(JsValue::Other(code)) = field(&fields, "beforeSend") {
            let code = code.clone();
            self.set_request_headers_in(&code);
        }
        self.request.credentials = Some(Credentials::SameOrigin);
        if let Some(JsValue::Object(xhr_fields)) =
            field(&fields, "xhrFields").map(|x| self.env.resolve(x))
            && let Some(w) = field(&xhr_fields, "withCredentials").cloned()
        {
            self.credentials_from(&w, "xhrFields.withCredentials");
        }
        if field(&fields, "dataType")
            .and_then(text_of)
            .is_some_and(|t| t.value.eq_ignore_ascii_case("jsonp"))
        {
            self.request.mode = Some(Mode::NoCors);
            self.notes.push("dataType 'jsonp' loads the URL as a <script>, not with CORS: no CORS check applies (the server must answer with the callback's JavaScript)".to_string());
        }
    }

    /// `xhr.setRequestHeader(name, value)` calls in a piece of code (`beforeSend`'s body).
    fn set_request_headers_in(&mut self, code: &str) {
        let inner = scan(code);
        for (name, at) in &inner.calls {
            if name.ends_with(".setRequestHeader")
                && let Some(args) = self.arguments_at(code, *at)
                && let (Some(n), Some(v)) = (args.first().and_then(text_of), args.get(1))
            {
                let v = self.env.resolve(v);
                self.header(&n.value, &v);
            }
        }
    }

    /// `XMLHttpRequest`: `open(method, url)`, then its `setRequestHeader` calls,
    /// `withCredentials` and `send(body)`.
    fn xhr(&mut self, receiver: &str, args: &[JsValue], scan: &Scan<'_>) {
        if let Some(m) = args.first() {
            self.method(m);
            self.request.method = self.request.method.to_uppercase();
        }
        self.url(args.get(1), None);
        self.request.mode = Some(Mode::Cors);
        self.request.credentials = Some(Credentials::SameOrigin);
        for (name, at) in &scan.calls {
            let Some((r, m)) = name.rsplit_once('.') else {
                continue;
            };
            if r != receiver || !matches!(m, "setRequestHeader" | "send") {
                continue;
            }
            let Some(a) = self.arguments_at(scan.text, *at) else {
                break;
            };
            match m {
                "setRequestHeader" => {
                    if let (Some(n), Some(v)) = (a.first().map(|n| self.env.resolve(n)), a.get(1))
                        && let Some(n) = text_of(&n)
                    {
                        let v = self.env.resolve(v);
                        self.header(&n.value, &v);
                    }
                }
                "send" => {
                    if let Some(b) = a.first() {
                        self.body(b, None);
                    }
                }
                _ => {}
            }
        }
        for (name, at) in &scan.assignments {
            if name.strip_suffix(".withCredentials") == Some(receiver)
                && let Some(v) = self.value_at(scan.text, *at)
            {
                self.credentials_from(&v, "withCredentials");
            }
        }
    }

    /// Angular's `HttpClient` (`http.get(url, options)`, `http.post(url, body, options)`) and
    /// AngularJS's `$http(config)` / `$http.get(url, config)`.
    fn angular(&mut self, method: Option<String>, angularjs: bool, args: &[JsValue]) {
        let (url, body, options) = client_args(method.as_deref(), args);
        if let Some(m) = &method
            && m != "request"
        {
            self.request.method = m.to_uppercase();
        }
        let fields = match options.map(|o| self.env.resolve(&o)) {
            Some(JsValue::Object(f)) => f,
            _ => Vec::new(),
        };
        if let Some(m) = field(&fields, "method") {
            let m = m.clone();
            self.method(&m);
            self.request.method = self.request.method.to_uppercase();
        }
        let url = url.or_else(|| field(&fields, "url").cloned());
        self.url(url.as_ref(), None);
        self.request.mode = Some(Mode::Cors);
        if angularjs {
            self.request.headers.push((
                "Accept".to_string(),
                "application/json, text/plain, */*".to_string(),
            ));
        }
        if let Some(h) = field(&fields, "headers").cloned() {
            self.headers(&h);
        }
        let body = body.or_else(|| field(&fields, "data").cloned());
        if let Some(b) = body {
            let json = if angularjs {
                "application/json;charset=utf-8"
            } else {
                "application/json"
            };
            self.body(&b, Some(json));
        }
        match field(&fields, "withCredentials").cloned() {
            Some(v) => self.credentials_from(&v, "withCredentials"),
            None => self.request.credentials = Some(Credentials::SameOrigin),
        }
    }
}

/// The URL, body and config of an HTTP client's call (axios, Angular's `HttpClient`, AngularJS's
/// `$http`): `client(config)` or `client(url, config)`; `client.post|put|patch(url, body,
/// config)`; any other method `client.get(url, config)`.
fn client_args(
    method: Option<&str>,
    args: &[JsValue],
) -> (Option<JsValue>, Option<JsValue>, Option<JsValue>) {
    match method {
        None | Some("request") => match args.first() {
            Some(JsValue::Object(_)) => (None, None, args.first().cloned()),
            first => (first.cloned(), None, args.get(1).cloned()),
        },
        Some("post" | "put" | "patch") => (
            args.first().cloned(),
            args.get(1).cloned(),
            args.get(2).cloned(),
        ),
        Some(_) => (args.first().cloned(), None, args.get(1).cloned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> ScriptRequest {
        read_script(text).unwrap_or_else(|| panic!("no request in {text}"))
    }

    #[test]
    fn fetch_in_code_with_variables() {
        let r = read(
            "const API_URL = process.env.REACT_APP_API;\nconst options = { method: 'POST', credentials: 'include' };\nuseEffect(() => {\n  async function load() {\n    const res = await fetch(`${API_URL}/users`, {\n      ...options,\n      headers: new Headers({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }),\n      body: JSON.stringify({ a: 1 }),\n    });\n  }\n  load();\n}, []);",
        );
        assert_eq!(r.api, Api::Fetch);
        assert_eq!(r.request.url, "https://api.example.com/users");
        assert_eq!(r.request.method, "POST");
        assert_eq!(r.request.credentials, Some(Credentials::Include));
        assert_eq!(r.request.header("content-type"), Some("application/json"));
        assert!(r.request.header("authorization").is_some());
        assert_eq!(r.assumed, vec!["request.url".to_string()]);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn a_url_from_a_variable_is_unknown_not_an_error() {
        let r = read("fetch(url, {credentials: 'include'})\n  .then(r => r.json())");
        assert_eq!(r.request.url, "https://api.example.com/");
        assert_eq!(r.assumed, vec!["request.url".to_string()]);
        assert!(r.problems.is_empty());
        let r = read("const url = 'https://b.example/x';\nfetch(url).then(r => r.json())");
        assert_eq!(r.request.url, "https://b.example/x");
        assert!(r.assumed.is_empty());
    }

    #[test]
    fn axios_instance_with_base_url() {
        let r = read(
            "import axios from 'axios'\nconst api = axios.create({\n  baseURL: 'http://localhost:8500/api/',\n  withCredentials: true,\n  headers: { pragma: 'no-cache' }\n})\nexport function get() {\n  return api\n    .get('/items?x=1')\n    .then(ok)\n}",
        );
        assert_eq!(r.api, Api::Axios);
        assert_eq!(r.request.url, "http://localhost:8500/api/items?x=1");
        assert_eq!(r.request.credentials, Some(Credentials::Include));
        assert_eq!(r.request.header("pragma"), Some("no-cache"));
        let r = read("axios.post('https://b.example/x', {a: 1}, {headers: {'X-Token': t}})");
        assert_eq!(r.request.method, "POST");
        assert_eq!(r.request.header("content-type"), Some("application/json"));
        assert_eq!(r.request.header("x-token"), Some("····"));
        assert_eq!(r.request.credentials, Some(Credentials::SameOrigin));
    }

    #[test]
    fn jquery_and_xhr() {
        let r = read(
            "$.ajax({\n  type: 'POST',\n  url: 'https://b.example/api',\n  data: {a: 1},\n  xhrFields: { withCredentials: true },\n  beforeSend: function (xhr) { xhr.setRequestHeader('Authorization', 'Bearer ' + token); },\n  success: function (d) { console.log(d); }\n});",
        );
        assert_eq!(r.api, Api::JQuery);
        assert_eq!(r.request.method, "POST");
        assert_eq!(r.request.credentials, Some(Credentials::Include));
        assert!(r.request.header("authorization").is_some());
        assert_eq!(
            r.request.header("content-type"),
            Some("application/x-www-form-urlencoded; charset=UTF-8")
        );
        let r = read(
            "var xhr = new XMLHttpRequest();\nvar url = 'http://localhost:3001';\nxhr.open('PUT', url, true);\nxhr.setRequestHeader('Content-Type', 'application/json');\nxhr.withCredentials = true;\nxhr.send(JSON.stringify(data));",
        );
        assert_eq!(r.api, Api::Xhr);
        assert_eq!(r.request.method, "PUT");
        assert_eq!(r.request.url, "http://localhost:3001");
        assert_eq!(r.request.header("content-type"), Some("application/json"));
        assert_eq!(r.request.credentials, Some(Credentials::Include));
    }

    #[test]
    fn postman_snippet_with_appended_headers() {
        let r = read(
            "var myHeaders = new Headers();\nmyHeaders.append(\"Authorization\", \"Bearer x\");\nmyHeaders.append(\"Content-Type\", \"application/json\");\n\nvar raw = JSON.stringify({\"a\": 1});\n\nvar requestOptions = {\n  method: 'POST',\n  headers: myHeaders,\n  body: raw,\n  redirect: 'follow'\n};\n\nfetch(\"https://b.example/api\", requestOptions)\n  .then(response => response.text())\n  .then(result => console.log(result))\n  .catch(error => console.log('error', error));",
        );
        assert_eq!(r.request.method, "POST");
        assert_eq!(r.request.header("authorization"), Some("Bearer x"));
        assert_eq!(r.request.header("content-type"), Some("application/json"));
        assert_eq!(r.request.body.as_deref(), Some("{\"a\":1}"));
        assert!(r.assumed.is_empty(), "{:?}", r.assumed);
    }

    #[test]
    fn typescript_type_arguments() {
        let r = read(
            "login(body: Login) {\n  return this.http.post<User>(this.apiUrl + '/login', body, {\n    headers: new HttpHeaders({ 'Content-Type': 'application/json' }),\n    withCredentials: true,\n  });\n}",
        );
        assert_eq!(r.api, Api::Angular);
        assert_eq!(r.request.method, "POST");
        assert_eq!(r.request.credentials, Some(Credentials::Include));
        assert_eq!(r.request.header("content-type"), Some("application/json"));
        assert_eq!(r.assumed, vec!["request.url".to_string()]);
        assert!(!has_request("if (a.get<b) (c)"));
    }

    #[test]
    fn prose_and_code_without_requests() {
        for text in [
            "the fetch() call fails",
            "Access to fetch at 'https://a.example/' from origin 'https://b.example' has been blocked",
            "app.use(cors({ origin: 'https://a.example' }))",
            "const s = 'fetch(\"https://a.example\")';",
            "// fetch('https://a.example')",
        ] {
            assert!(!has_request(text), "{text}");
        }
        assert!(has_request(
            "useEffect(() => { fetch('https://a.example/x') })"
        ));
    }

    #[test]
    fn adversarial_input_is_read_in_linear_time() {
        for text in [
            "fetch(".repeat(20_000),
            "const a = {".repeat(20_000),
            format!("fetch(`{}`)", "${".repeat(20_000)),
            format!("const x = 1\n{}fetch(x)", "\n".repeat(60_000)),
            "a+".repeat(30_000),
        ] {
            let _ = read_script(&text);
            let _ = has_request(&text);
        }
    }
}
