//! Flask applications with Flask-CORS: `CORS(app, …)` with `resources={r"/api/*": {…}}` and
//! `app.config['CORS_…']`, `@cross_origin(…)` on a view, hand-written `@app.after_request`
//! hooks setting `response.headers[…]`, `@app.route(…, methods=[…])` views that return, raise
//! or `abort(…)`, as Flask 3.1.3 and Flask-CORS 6.0.5 run them.
//!
//! The rules modelled:
//! - Flask-CORS (`flask_cors/core.py`, `extension.py`, `decorator.py` of corydolphin/flask-cors):
//!   defaults `origins='*'`, `methods` GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE (sent sorted,
//!   joined with ", "), `allow_headers='*'`, `supports_credentials=False`, `send_wildcard=False`,
//!   `vary_header=True`, `always_send=True`, `automatic_options=True`, `intercept_exceptions=True`;
//!   a request origin that matches (case-insensitively; a string holding any of `* \ ] ? $ ^ [ ( )`
//!   is a regular expression, matched with Python's `re.match`, so only its start is anchored)
//!   is reflected, never `*` unless `send_wildcard`; `Vary: Origin` is added as its own line
//!   unless the origin sent is `*` or a single literal origin is configured; on `OPTIONS` the
//!   preflight headers are added only when `Access-Control-Request-Method` is a substring of
//!   the methods string; `Access-Control-Allow-Headers` lists the requested headers that match
//!   `allow_headers`, sorted. Resources are tried literal paths first, then patterns by number of
//!   `/` and length; a literal resource path must equal the request path. A response that
//!   already has `Access-Control-Allow-Origin` is left alone.
//! - Flask 3.1 (`app.py`): `after_request` functions run in reverse order of registration, on
//!   normal responses and on error responses (404, 405, `abort`, the 500 of an exception);
//!   Flask-CORS also wraps `handle_exception` and `handle_user_exception`, so error responses get
//!   CORS headers first. A rule answers `OPTIONS` itself (200 with `Allow`) unless the view lists
//!   `OPTIONS` or `@cross_origin` does; a path without a rule is 404, a method the rule does not
//!   list is 405; a rule ending in `/` redirects the path without it (308).
//! - Werkzeug's `Headers`: `headers[name] = v` replaces the first line of that name in place and
//!   drops the others; `add` appends.

use std::collections::HashMap;
use std::rc::Rc;

use super::model::{Backend, HttpRequest, NoteKind, Origin, ServerResponse};
use super::python::{self, PyExpr, PyStmt};
use super::regex::{Dialect, Regex};
use super::{ConfigError, ConfigErrors};

#[derive(Clone, Debug)]
enum PyValue {
    None,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<PyValue>),
    Dict(Vec<(PyValue, PyValue)>),
    Compiled(Rc<Regex>, String),
    App,
    Unknown(String),
}

impl PyValue {
    fn as_str(&self) -> Option<String> {
        match self {
            PyValue::Str(s) => Some(s.clone()),
            PyValue::Num(n) => Some(if n.fract() == 0.0 {
                format!("{}", *n as i64)
            } else {
                format!("{n}")
            }),
            PyValue::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
            _ => None,
        }
    }

    fn truthy(&self) -> Option<bool> {
        Some(match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Num(n) => *n != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(l) => !l.is_empty(),
            PyValue::Dict(d) => !d.is_empty(),
            PyValue::Unknown(_) => return None,
            _ => true,
        })
    }

    fn items(&self) -> Vec<PyValue> {
        match self {
            PyValue::List(l) => l.clone(),
            other => vec![other.clone()],
        }
    }
}

#[derive(Clone, Debug)]
enum Pattern {
    Literal(String),
    Regex(Rc<Regex>, String),
    Compiled(Rc<Regex>, String),
    Bad(String),
}

impl Pattern {
    /// `try_match_pattern`.
    fn matches(&self, value: &str, case_sensitive: bool) -> bool {
        match self {
            Pattern::Literal(p) => {
                if case_sensitive {
                    value == p
                } else {
                    value.to_lowercase() == p.to_lowercase()
                }
            }
            Pattern::Regex(r, _) | Pattern::Compiled(r, _) => r.match_start(value).unwrap_or(false),
            Pattern::Bad(_) => false,
        }
    }

    fn is_regex(&self) -> bool {
        !matches!(self, Pattern::Literal(_))
    }

    fn text(&self) -> &str {
        match self {
            Pattern::Literal(s)
            | Pattern::Regex(_, s)
            | Pattern::Compiled(_, s)
            | Pattern::Bad(s) => s,
        }
    }
}

/// `probably_regex`.
fn probably_regex(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '*' | '\\' | ']' | '?' | '$' | '^' | '[' | '(' | ')'))
}

/// `re_fix` then the pattern as `try_match_pattern` will use it.
fn pattern(v: &PyValue, case_sensitive: bool) -> Pattern {
    match v {
        PyValue::Compiled(r, s) => Pattern::Compiled(r.clone(), s.clone()),
        other => {
            let s = other.as_str().unwrap_or_default();
            let s = if s == "*" { ".*".to_string() } else { s };
            if probably_regex(&s) {
                match Regex::new(&s, Dialect::Python, !case_sensitive) {
                    Ok(r) => Pattern::Regex(Rc::new(r), s),
                    Err(_) => Pattern::Bad(s),
                }
            } else {
                Pattern::Literal(s)
            }
        }
    }
}

/// Serialized Flask-CORS options (`serialize_options`).
#[derive(Clone, Debug)]
struct Options {
    origins: Vec<Pattern>,
    methods: String,
    allow_headers: Vec<Pattern>,
    expose_headers: Option<String>,
    supports_credentials: bool,
    max_age: Option<String>,
    send_wildcard: bool,
    vary_header: bool,
    always_send: bool,
    automatic_options: bool,
    intercept_exceptions: bool,
    resources: PyValue,
    /// `serialize_options` raises `ValueError` for `'*'` with `supports_credentials` and
    /// `send_wildcard` together.
    refused: bool,
}

const ALL_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"];

fn flexible_str(v: &PyValue) -> Option<String> {
    match v {
        PyValue::None => None,
        PyValue::List(items) => {
            let mut s: Vec<String> = items.iter().filter_map(|i| i.as_str()).collect();
            s.sort();
            Some(s.join(", "))
        }
        other => other.as_str(),
    }
}

fn serialize(raw: &[(String, PyValue)]) -> Options {
    let get = |k: &str| {
        raw.iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    let origins = get("origins").unwrap_or(PyValue::Str("*".to_string()));
    let methods = get("methods").unwrap_or(PyValue::List(
        ALL_METHODS
            .iter()
            .map(|m| PyValue::Str(m.to_string()))
            .collect(),
    ));
    let allow_headers = get("allow_headers").unwrap_or(PyValue::Str("*".to_string()));
    let bool_of = |k: &str, d: bool| get(k).and_then(|v| v.truthy()).unwrap_or(d);
    let wildcard = origins
        .items()
        .iter()
        .any(|o| matches!(o.as_str().as_deref(), Some("*" | ".*")));
    Options {
        refused: wildcard
            && bool_of("supports_credentials", false)
            && bool_of("send_wildcard", false),
        origins: origins.items().iter().map(|o| pattern(o, false)).collect(),
        methods: flexible_str(&methods).unwrap_or_default().to_uppercase(),
        allow_headers: allow_headers
            .items()
            .iter()
            .map(|o| pattern(o, false))
            .collect(),
        expose_headers: get("expose_headers").as_ref().and_then(flexible_str),
        supports_credentials: bool_of("supports_credentials", false),
        max_age: get("max_age").and_then(|v| match v {
            PyValue::Num(0.0) => None,
            other => other.as_str().filter(|s| !s.is_empty()),
        }),
        send_wildcard: bool_of("send_wildcard", false),
        vary_header: bool_of("vary_header", true),
        always_send: bool_of("always_send", true),
        automatic_options: bool_of("automatic_options", true),
        intercept_exceptions: bool_of("intercept_exceptions", true),
        resources: get("resources").unwrap_or(PyValue::Str("/*".to_string())),
    }
}

#[derive(Clone, Debug)]
struct Extension {
    resources: Vec<(Pattern, Options)>,
    line: usize,
}

#[derive(Clone, Debug)]
struct Route {
    rule: String,
    methods: Vec<String>,
    body: Rc<Vec<PyStmt>>,
    cross_origin: Option<(Vec<(String, PyValue)>, usize)>,
    line: usize,
}

#[derive(Clone, Debug)]
enum After {
    User {
        param: String,
        body: Rc<Vec<PyStmt>>,
    },
    Cors(usize),
}

/// A read Flask application.
#[derive(Clone, Debug)]
pub struct Config {
    globals: HashMap<String, PyValue>,
    app_config: Vec<(String, PyValue)>,
    extensions: Vec<Extension>,
    routes: Vec<Route>,
    after: Vec<After>,
    /// `@app.before_request` hooks, in registration order.
    before: Vec<Rc<Vec<PyStmt>>>,
    unmodelled: Vec<(usize, String)>,
    errors: Vec<ConfigError>,
}

const CONFIG_OPTIONS: [&str; 13] = [
    "CORS_ORIGINS",
    "CORS_METHODS",
    "CORS_ALLOW_HEADERS",
    "CORS_EXPOSE_HEADERS",
    "CORS_SUPPORTS_CREDENTIALS",
    "CORS_MAX_AGE",
    "CORS_SEND_WILDCARD",
    "CORS_AUTOMATIC_OPTIONS",
    "CORS_VARY_HEADER",
    "CORS_RESOURCES",
    "CORS_INTERCEPT_EXCEPTIONS",
    "CORS_ALWAYS_SEND",
    "CORS_ALLOW_PRIVATE_NETWORK",
];

fn name_of(e: &PyExpr) -> Option<&str> {
    match e {
        PyExpr::Name(n) => Some(n),
        _ => None,
    }
}

/// A name or a dotted attribute path (`os.environ.get`), as written.
fn dotted_name(e: &PyExpr) -> Option<String> {
    match e {
        PyExpr::Name(n) => Some(n.clone()),
        PyExpr::Attr(o, a) => dotted_name(o).map(|o| format!("{o}.{a}")),
        _ => None,
    }
}

fn eval_static(e: &PyExpr, globals: &HashMap<String, PyValue>) -> PyValue {
    match e {
        PyExpr::Str(s) => PyValue::Str(s.clone()),
        PyExpr::FStr(s) => {
            if s.contains('{') {
                PyValue::Unknown("an f-string".to_string())
            } else {
                PyValue::Str(s.clone())
            }
        }
        PyExpr::Num(n) => PyValue::Num(*n),
        PyExpr::Name(n) => match n.as_str() {
            "True" => PyValue::Bool(true),
            "False" => PyValue::Bool(false),
            "None" => PyValue::None,
            _ => globals
                .get(n)
                .cloned()
                .unwrap_or_else(|| PyValue::Unknown(n.clone())),
        },
        PyExpr::List(items) => {
            PyValue::List(items.iter().map(|i| eval_static(i, globals)).collect())
        }
        PyExpr::Dict(pairs) => PyValue::Dict(
            pairs
                .iter()
                .map(|(k, v)| (eval_static(k, globals), eval_static(v, globals)))
                .collect(),
        ),
        PyExpr::Call(callee, args, kwargs) => {
            // A string method on a value known here (`"a,b".split(",")`, `x.lower()`).
            if let PyExpr::Attr(obj, method) = &**callee
                && !matches!(&**obj, PyExpr::Name(n) if n == "os" || n == "re" || n == "datetime")
                && !matches!(&**obj, PyExpr::Attr(..))
                && let PyValue::Str(text) = eval_static(obj, globals)
            {
                let arg = args.first().map(|a| eval_static(a, globals));
                return string_method(&text, method, arg.as_ref());
            }
            let callee_name = dotted_name(callee).unwrap_or_default();
            match callee_name.as_str() {
                "Flask" => PyValue::App,
                "re.compile" => {
                    let Some(PyValue::Str(p)) = args.first().map(|a| eval_static(a, globals))
                    else {
                        return PyValue::Unknown("re.compile(…)".to_string());
                    };
                    let insensitive = args.get(1).is_some_and(
                        |f| matches!(f, PyExpr::Attr(_, a) if a == "IGNORECASE" || a == "I"),
                    );
                    match Regex::new(&p, Dialect::Python, insensitive) {
                        Ok(r) => PyValue::Compiled(Rc::new(r), p),
                        Err(e) => PyValue::Unknown(format!("re.compile({p:?}): {e}")),
                    }
                }
                "timedelta" | "datetime.timedelta" => {
                    let mut secs = 0.0;
                    for (k, v) in kwargs {
                        let PyValue::Num(n) = eval_static(v, globals) else {
                            return PyValue::Unknown("timedelta(…)".to_string());
                        };
                        secs += n * match k.as_str() {
                            "days" => 86400.0,
                            "hours" => 3600.0,
                            "minutes" => 60.0,
                            _ => 1.0,
                        };
                    }
                    PyValue::Str(format!("{}", secs as i64))
                }
                // The environment is taken as empty: `os.environ.get(key, default=None)` and
                // `os.getenv(key, default=None)` give the default where the variable is not set
                // (<https://docs.python.org/3.11/library/os.html#os.getenv>), `None` when the
                // line gives none.
                "os.environ.get" | "os.getenv" | "getenv" | "environ.get" => {
                    match args
                        .get(1)
                        .or_else(|| kwargs.iter().find(|(k, _)| k == "default").map(|(_, v)| v))
                    {
                        Some(default) => eval_static(default, globals),
                        None => PyValue::None,
                    }
                }
                _ => PyValue::Unknown(format!("{callee_name}(…)")),
            }
        }
        // `x or y` and `x and y` give one of their operands
        // (<https://docs.python.org/3.11/reference/expressions.html#boolean-operations>):
        // `os.getenv("ORIGIN") or "https://app.example.com"`.
        PyExpr::Binary(op @ ("or" | "and"), a, b) => {
            let x = eval_static(a, globals);
            match (x.truthy(), *op) {
                (Some(true), "or") | (Some(false), "and") => x,
                (Some(_), _) => eval_static(b, globals),
                (None, _) => PyValue::Unknown((*op).to_string()),
            }
        }
        PyExpr::Binary("+", a, b) => match (eval_static(a, globals), eval_static(b, globals)) {
            (PyValue::Str(x), PyValue::Str(y)) => PyValue::Str(x + &y),
            (PyValue::List(mut x), PyValue::List(y)) => {
                x.extend(y);
                PyValue::List(x)
            }
            (PyValue::Num(x), PyValue::Num(y)) => PyValue::Num(x + y),
            _ => PyValue::Unknown("+".to_string()),
        },
        _ => PyValue::Unknown("an expression".to_string()),
    }
}

fn kwargs_of(
    kwargs: &[(String, PyExpr)],
    globals: &HashMap<String, PyValue>,
) -> Vec<(String, PyValue)> {
    kwargs
        .iter()
        .map(|(k, v)| (k.clone(), eval_static(v, globals)))
        .collect()
}

/// `parse_resources`, sorted as Flask-CORS 6 sorts them.
fn resources(
    value: &PyValue,
    base: &[(String, PyValue)],
    globals: &HashMap<String, PyValue>,
) -> Vec<(Pattern, Options)> {
    let _ = globals;
    let mut list: Vec<(PyValue, Vec<(String, PyValue)>)> = match value {
        PyValue::Dict(pairs) => pairs
            .iter()
            .map(|(k, v)| {
                let opts = match v {
                    PyValue::Dict(o) => o
                        .iter()
                        .filter_map(|(ok, ov)| ok.as_str().map(|n| (n, ov.clone())))
                        .collect(),
                    _ => Vec::new(),
                };
                (k.clone(), opts)
            })
            .collect(),
        PyValue::List(items) => items.iter().map(|i| (i.clone(), Vec::new())).collect(),
        other => vec![(other.clone(), Vec::new())],
    };
    let key = |v: &PyValue| -> (u8, u8, i64, i64) {
        match v {
            PyValue::Compiled(_, p) => (1, 0, -(p.matches('/').count() as i64), -(p.len() as i64)),
            other => {
                let s = other.as_str().unwrap_or_default();
                let s = if s == "*" { ".*".to_string() } else { s };
                let class = if probably_regex(&s) { (1, 1) } else { (0, 0) };
                (
                    class.0,
                    class.1,
                    -(s.matches('/').count() as i64),
                    -(s.len() as i64),
                )
            }
        }
    };
    list.sort_by_key(|(k, _)| key(k));
    list.into_iter()
        .map(|(k, opts)| {
            let mut merged = base.to_vec();
            merged.extend(opts);
            (pattern(&k, true), serialize(&merged))
        })
        .collect()
}

/// Reads a Flask application.
pub fn read(text: &str) -> Result<Config, ConfigErrors> {
    let stmts = python::parse(text)?;
    let mut config = Config {
        globals: HashMap::new(),
        app_config: Vec::new(),
        extensions: Vec::new(),
        routes: Vec::new(),
        after: Vec::new(),
        before: Vec::new(),
        unmodelled: Vec::new(),
        errors: Vec::new(),
    };
    let mut stmts = stmts;
    normalize_stmts(&mut stmts);
    let mut reader = Reader {
        apps: vec!["app".to_string()],
        helpers: HashMap::new(),
        depth: 0,
    };
    read_stmts(&mut stmts, &mut config, &mut reader);
    if !config.errors.is_empty() {
        return Err(ConfigErrors(std::mem::take(&mut config.errors)));
    }
    Ok(config)
}

/// What the reader knows while it reads the module's statements.
struct Reader {
    /// The names the Flask application goes by (`app`, a factory's parameter).
    apps: Vec<String>,
    /// The module's undecorated functions: their parameters and bodies.
    helpers: HashMap<String, (Vec<String>, Rc<Vec<PyStmt>>)>,
    /// How deep in helper calls (a function calling itself stops at 8).
    depth: usize,
}

/// `flask.Flask`, `flask.request`, `flask_cors.CORS`…: the module-qualified names of
/// `import flask` / `import flask_cors` read as the names `from … import` gives.
fn normalize_expr(e: &mut PyExpr) {
    if let PyExpr::Attr(o, a) = e
        && matches!(&**o, PyExpr::Name(m) if m == "flask" || m == "flask_cors")
    {
        *e = PyExpr::Name(std::mem::take(a));
        return;
    }
    match e {
        PyExpr::Attr(o, _) | PyExpr::Not(o) => normalize_expr(o),
        PyExpr::Index(a, b) | PyExpr::Binary(_, a, b) => {
            normalize_expr(a);
            normalize_expr(b);
        }
        PyExpr::Call(c, args, kwargs) => {
            normalize_expr(c);
            args.iter_mut().for_each(normalize_expr);
            kwargs.iter_mut().for_each(|(_, v)| normalize_expr(v));
        }
        PyExpr::List(items) => items.iter_mut().for_each(normalize_expr),
        PyExpr::Dict(pairs) => pairs.iter_mut().for_each(|(k, v)| {
            normalize_expr(k);
            normalize_expr(v);
        }),
        _ => {}
    }
}

fn normalize_stmts(stmts: &mut [PyStmt]) {
    for s in stmts {
        match s {
            PyStmt::Expr(e, _) => normalize_expr(e),
            PyStmt::Assign(t, v, _) => {
                normalize_expr(t);
                normalize_expr(v);
            }
            PyStmt::Def {
                decorators, body, ..
            } => {
                decorators.iter_mut().for_each(|(d, _)| normalize_expr(d));
                normalize_stmts(body);
            }
            PyStmt::If(branches, otherwise) => {
                for (c, b, _) in branches.iter_mut() {
                    normalize_expr(c);
                    normalize_stmts(b);
                }
                normalize_stmts(otherwise);
            }
            PyStmt::Return(Some(e), _) => normalize_expr(e),
            _ => {}
        }
    }
}

/// Reads the module's statements (or a helper's body called with the app) into `config`.
fn read_stmts(stmts: &mut [PyStmt], config: &mut Config, reader: &mut Reader) {
    for s in stmts.iter_mut() {
        match s {
            PyStmt::Assign(target, value, line) => {
                if let PyExpr::Index(obj, key) = target
                    && let PyExpr::Attr(app, attr) = &**obj
                    && attr == "config"
                    && name_of(app).is_some_and(|a| reader.apps.iter().any(|x| x == a))
                {
                    let k = eval_static(key, &config.globals)
                        .as_str()
                        .unwrap_or_default();
                    if CONFIG_OPTIONS.contains(&k.as_str()) {
                        let v = eval_static(value, &config.globals);
                        config
                            .app_config
                            .push((k.trim_start_matches("CORS_").to_lowercase(), v));
                    } else if k.starts_with("CORS_") {
                        config.unmodelled.push((
                            *line,
                            format!("app.config['{k}'] is not a Flask-CORS option"),
                        ));
                    }
                    continue;
                }
                if let PyExpr::Call(..) = value
                    && cors_call(value, &reader.apps, config, *line)
                {
                    continue;
                }
                if let Some(n) = name_of(target) {
                    let v = eval_static(value, &config.globals);
                    if matches!(v, PyValue::App) {
                        reader.apps.push(n.to_string());
                    }
                    config.globals.insert(n.to_string(), v);
                }
            }
            PyStmt::Expr(e, line) => {
                if let PyExpr::Call(callee, args, _) = e {
                    // `app.after_request(func)`: the decorator written as a call.
                    if let PyExpr::Attr(obj, m) = &**callee
                        && m == "after_request"
                        && name_of(obj).is_some_and(|a| reader.apps.iter().any(|x| x == a))
                        && let Some((params, body)) = args
                            .first()
                            .and_then(name_of)
                            .and_then(|f| reader.helpers.get(f))
                    {
                        config.after.push(After::User {
                            param: params.first().cloned().unwrap_or_default(),
                            body: body.clone(),
                        });
                        continue;
                    }
                    // A function of the module called with the app (`init_cors(app)`): its
                    // body runs with its first parameter standing for the app.
                    if let PyExpr::Name(f) = &**callee
                        && let Some((params, body)) = reader.helpers.get(f).cloned()
                        && args
                            .first()
                            .and_then(name_of)
                            .is_some_and(|a| reader.apps.iter().any(|x| x == a))
                        && reader.depth < 8
                    {
                        if let Some(p) = params.first() {
                            reader.apps.push(p.clone());
                        }
                        let mut inner = (*body).clone();
                        reader.depth += 1;
                        read_stmts(&mut inner, config, reader);
                        reader.depth -= 1;
                        continue;
                    }
                }
                if !cors_call(e, &reader.apps, config, *line) {
                    if let PyExpr::Call(callee, _, _) = e
                        && let PyExpr::Attr(_, m) = &**callee
                        && m == "run"
                    {
                        continue;
                    }
                    config
                        .unmodelled
                        .push((*line, "a call outside the subset read".to_string()));
                }
            }
            PyStmt::Def {
                name,
                params,
                decorators,
                body,
                line,
            } => {
                let body = Rc::new(std::mem::take(body));
                if decorators.is_empty() {
                    reader
                        .helpers
                        .insert(name.clone(), (params.clone(), body.clone()));
                }
                let mut route: Option<(String, Vec<String>)> = None;
                let mut cross = None;
                for (d, dline) in decorators.iter() {
                    let (callee, args, kwargs) = match d {
                        PyExpr::Call(c, a, k) => (&**c, a.as_slice(), k.as_slice()),
                        other => (other, &[][..], &[][..]),
                    };
                    let cname = match callee {
                        PyExpr::Attr(o, a) => format!("{}.{a}", name_of(o).unwrap_or("")),
                        PyExpr::Name(n) => n.clone(),
                        _ => String::new(),
                    };
                    let (obj, method) = cname.split_once('.').unwrap_or(("", cname.as_str()));
                    let on_app = reader.apps.iter().any(|a| a == obj);
                    match method {
                        "route" | "get" | "post" | "put" | "delete" | "patch" if on_app => {
                            let rule = args
                                .first()
                                .map(|a| eval_static(a, &config.globals))
                                .and_then(|v| v.as_str())
                                .unwrap_or_default();
                            let mut methods: Vec<String> = match method {
                                "route" => kwargs
                                    .iter()
                                    .find(|(k, _)| k == "methods")
                                    .map(|(_, v)| {
                                        eval_static(v, &config.globals)
                                            .items()
                                            .iter()
                                            .filter_map(|m| m.as_str())
                                            .map(|m| m.to_uppercase())
                                            .collect()
                                    })
                                    .unwrap_or_else(|| vec!["GET".to_string()]),
                                m => vec![m.to_uppercase()],
                            };
                            methods.dedup();
                            route = Some((rule, methods));
                        }
                        "after_request" if on_app => {
                            config.after.push(After::User {
                                param: params.first().cloned().unwrap_or_default(),
                                body: body.clone(),
                            });
                        }
                        "before_request" if on_app => config.before.push(body.clone()),
                        "cross_origin" => {
                            cross = Some((kwargs_of(kwargs, &config.globals), *dline))
                        }
                        _ => config
                            .unmodelled
                            .push((*dline, format!("decorator @{cname}"))),
                    }
                }
                if let Some((rule, methods)) = route {
                    config.routes.push(Route {
                        rule,
                        methods,
                        body,
                        cross_origin: cross,
                        line: *line,
                    });
                }
            }
            PyStmt::Other(line) => config
                .unmodelled
                .push((*line, "a statement outside the subset read".to_string())),
            PyStmt::If(..) | PyStmt::Return(..) | PyStmt::Raise => {}
        }
    }
}

/// `CORS(app, …)` or `CORS().init_app(app)`: registers the extension's `after_request`.
fn cors_call(e: &PyExpr, apps: &[String], config: &mut Config, line: usize) -> bool {
    let PyExpr::Call(callee, args, kwargs) = e else {
        return false;
    };
    let is_cors = match &**callee {
        PyExpr::Name(n) => n == "CORS",
        PyExpr::Attr(o, m) => {
            m == "init_app"
                && matches!(&**o, PyExpr::Call(c, _, _) if matches!(&**c, PyExpr::Name(n) if n == "CORS"))
        }
        _ => false,
    };
    if !is_cors {
        return false;
    }
    let on_app = args
        .first()
        .and_then(name_of)
        .is_some_and(|a| apps.iter().any(|x| x == a));
    if !on_app {
        config.unmodelled.push((
            line,
            "CORS() without the app (init_app later is not modelled)".to_string(),
        ));
        return true;
    }
    let mut raw = config.app_config.clone();
    if let PyExpr::Attr(o, _) = &**callee
        && let PyExpr::Call(_, _, k) = &**o
    {
        raw.extend(kwargs_of(k, &config.globals));
    }
    raw.extend(kwargs_of(kwargs, &config.globals));
    let options = serialize(&raw);
    let list = resources(&options.resources, &raw, &config.globals);
    if options.refused || list.iter().any(|(_, o)| o.refused) {
        config.errors.push(ConfigError::new(
            line,
            "Flask-CORS raises ValueError here (origins '*' with supports_credentials and send_wildcard), so the application does not start",
        ));
    }
    config.extensions.push(Extension {
        resources: list,
        line,
    });
    config.after.push(After::Cors(config.extensions.len() - 1));
    true
}

/// Werkzeug's `Headers`.
#[derive(Default)]
struct Headers {
    list: Vec<(String, String, Origin)>,
}

impl Headers {
    fn set(&mut self, name: &str, value: String, from: Origin) {
        match self
            .list
            .iter()
            .position(|(n, _, _)| n.eq_ignore_ascii_case(name))
        {
            Some(i) => {
                if let Some(slot) = self.list.get_mut(i) {
                    *slot = (name.to_string(), value, from);
                }
                let mut seen = false;
                self.list.retain(|(n, _, _)| {
                    if n.eq_ignore_ascii_case(name) {
                        if seen {
                            return false;
                        }
                        seen = true;
                    }
                    true
                });
            }
            None => self.list.push((name.to_string(), value, from)),
        }
    }

    fn add(&mut self, name: &str, value: String, from: Origin) {
        self.list.push((name.to_string(), value, from));
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| v.as_str())
    }
}

struct State {
    status: u16,
    headers: Headers,
    notes: Vec<(usize, NoteKind)>,
    evaluated: bool,
}

/// `get_cors_headers` and `set_cors_headers`.
fn set_cors_headers(state: &mut State, o: &Options, request: &HttpRequest, line: usize) {
    if state.evaluated {
        state.notes.push((line, NoteKind::AlreadySet));
        return;
    }
    let from = Origin::Config { line };
    let request_origin = request.header("origin").filter(|o| !o.is_empty());
    let wildcard = o.origins.iter().any(|p| p.text() == ".*");
    let origins_to_set: Option<Vec<String>> = match request_origin {
        Some(ro) => {
            if wildcard && o.send_wildcard {
                Some(vec!["*".to_string()])
            } else if o.origins.iter().any(|p| p.matches(ro, false)) {
                Some(vec![ro.to_string()])
            } else {
                None
            }
        }
        None if o.always_send => {
            if wildcard {
                if o.supports_credentials {
                    None
                } else {
                    Some(vec!["*".to_string()])
                }
            } else {
                let mut lit: Vec<String> = o
                    .origins
                    .iter()
                    .filter(|p| !p.is_regex() && !probably_regex(p.text()))
                    .map(|p| p.text().to_string())
                    .collect();
                lit.sort();
                Some(lit)
            }
        }
        None => None,
    };
    for p in &o.origins {
        if let Pattern::Bad(s) = p {
            state.notes.push((
                line,
                NoteKind::CannotEvaluate {
                    what: format!(
                        "origin pattern {s:?} (outside the regex subset, taken as not matching)"
                    ),
                },
            ));
        }
    }
    let Some(origins_to_set) = origins_to_set.filter(|v| !v.is_empty()) else {
        state.notes.push((line, NoteKind::OriginNotAllowed));
        return;
    };
    // The MultiDict in insertion order; `items()` keeps the first value of each key.
    let mut headers: Vec<(&str, Option<String>)> = Vec::new();
    let first = origins_to_set.first().cloned();
    headers.push(("Access-Control-Allow-Origin", first.clone()));
    headers.push(("Access-Control-Expose-Headers", o.expose_headers.clone()));
    if o.supports_credentials {
        headers.push(("Access-Control-Allow-Credentials", Some("true".to_string())));
    }
    if request.method == "OPTIONS" {
        let acrm = request
            .header("access-control-request-method")
            .unwrap_or("")
            .to_uppercase();
        if !acrm.is_empty() && o.methods.contains(&acrm) {
            let allow = request.header("access-control-request-headers").map(|h| {
                let mut matching: Vec<String> = h
                    .split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| o.allow_headers.iter().any(|p| p.matches(x, false)))
                    .collect();
                matching.sort();
                matching.join(", ")
            });
            headers.push(("Access-Control-Allow-Headers", allow));
            headers.push(("Access-Control-Max-Age", o.max_age.clone()));
            headers.push(("Access-Control-Allow-Methods", Some(o.methods.clone())));
        } else {
            state.notes.push((line, NoteKind::MethodNotAllowed));
        }
    }
    let mut vary = false;
    if o.vary_header
        && first.as_deref() != Some("*")
        && (o.origins.len() > 1
            || origins_to_set.len() > 1
            || o.origins.iter().any(|p| probably_regex(p.text())))
    {
        vary = true;
    }
    for (k, v) in headers {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            state.headers.add(k, v, from.clone());
        }
    }
    if vary {
        state.headers.add("Vary", "Origin".to_string(), from);
    }
}

fn rule_matches(rule: &str, path: &str) -> Option<bool> {
    // Some(true): matches; Some(false): matches after adding a slash (redirect); None: no.
    let r: Vec<&str> = rule.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    let matches = |r: &[&str], p: &[&str]| -> bool {
        let mut i = 0;
        for (j, seg) in r.iter().enumerate() {
            if seg.starts_with("<path:") {
                return p.len() > i && p.get(i).is_some_and(|s| !s.is_empty());
            }
            let Some(ps) = p.get(i) else { return false };
            if seg.starts_with('<') && seg.ends_with('>') {
                if ps.is_empty() {
                    return false;
                }
                if seg.starts_with("<int:") && !ps.chars().all(|c| c.is_ascii_digit()) {
                    return false;
                }
            } else if seg != ps {
                return false;
            }
            i += 1;
            let _ = j;
        }
        i == p.len()
    };
    if matches(&r, &p) {
        return Some(true);
    }
    if rule.ends_with('/') && !path.ends_with('/') {
        let with = format!("{path}/");
        let q: Vec<&str> = with.split('/').collect();
        if matches(&r, &q) {
            return Some(false);
        }
    }
    None
}

enum ViewResult {
    /// `return` or `return None`: no response (a `before_request` hook lets the request go on;
    /// a view answering nothing is Flask's `TypeError`, a 500).
    Nothing,
    Status(u16),
    HttpError(u16),
    Raise,
}

/// Python's `str` methods the configurations use on known strings.
fn string_method(text: &str, method: &str, arg: Option<&PyValue>) -> PyValue {
    match (method, arg) {
        ("lower", None) => PyValue::Str(text.to_lowercase()),
        ("upper", None) => PyValue::Str(text.to_uppercase()),
        ("strip", None) => PyValue::Str(text.trim().to_string()),
        ("split", Some(PyValue::Str(sep))) if !sep.is_empty() => PyValue::List(
            text.split(sep.as_str())
                .map(|p| PyValue::Str(p.to_string()))
                .collect(),
        ),
        ("split", None) => PyValue::List(
            text.split_whitespace()
                .map(|p| PyValue::Str(p.to_string()))
                .collect(),
        ),
        _ => PyValue::Unknown(format!("str.{method}()")),
    }
}

struct Py<'a> {
    request: &'a HttpRequest,
    globals: &'a HashMap<String, PyValue>,
    locals: HashMap<String, PyValue>,
    response: Option<String>,
}

impl Py<'_> {
    fn eval(&self, e: &PyExpr) -> PyValue {
        match e {
            PyExpr::Name(n) if self.locals.contains_key(n) => {
                self.locals.get(n).cloned().unwrap_or(PyValue::None)
            }
            PyExpr::Attr(o, a) if name_of(o) == Some("request") => match a.as_str() {
                "method" => PyValue::Str(self.request.method.clone()),
                "path" => PyValue::Str(self.request.path().to_string()),
                "origin" => self
                    .request
                    .header("origin")
                    .map(|v| PyValue::Str(v.to_string()))
                    .unwrap_or(PyValue::None),
                _ => PyValue::Unknown(format!("request.{a}")),
            },
            PyExpr::Call(c, args, _) => {
                if let PyExpr::Attr(o, m) = &**c
                    && m == "get"
                    && let PyExpr::Attr(r, h) = &**o
                    && h == "headers"
                    && name_of(r) == Some("request")
                {
                    let name = args
                        .first()
                        .map(|a| self.eval(a))
                        .and_then(|v| v.as_str())
                        .unwrap_or_default();
                    return match self.request.header(&name) {
                        Some(v) => PyValue::Str(v.to_string()),
                        None => args.get(1).map(|d| self.eval(d)).unwrap_or(PyValue::None),
                    };
                }
                if let PyExpr::Attr(obj, method) = &**c
                    && let PyValue::Str(text) = self.eval(obj)
                {
                    let arg = args.first().map(|a| self.eval(a));
                    return string_method(&text, method, arg.as_ref());
                }
                eval_static(e, self.globals)
            }
            PyExpr::Index(o, k) => {
                if let PyExpr::Attr(r, h) = &**o
                    && h == "headers"
                    && name_of(r) == Some("request")
                {
                    let name = self.eval(k).as_str().unwrap_or_default();
                    return self
                        .request
                        .header(&name)
                        .map(|v| PyValue::Str(v.to_string()))
                        .unwrap_or(PyValue::Unknown("a missing header (KeyError)".to_string()));
                }
                PyValue::Unknown("an index".to_string())
            }
            PyExpr::FStr(s) => {
                let mut out = String::new();
                let mut rest = s.as_str();
                while let Some(start) = rest.find('{') {
                    out.push_str(rest.get(..start).unwrap_or(""));
                    let after = rest.get(start + 1..).unwrap_or("");
                    let Some(end) = after.find('}') else { break };
                    let name = after.get(..end).unwrap_or("").trim();
                    match self.eval(&PyExpr::Name(name.to_string())).as_str() {
                        Some(v) => out.push_str(&v),
                        None => return PyValue::Unknown(format!("{{{name}}}")),
                    }
                    rest = after.get(end + 1..).unwrap_or("");
                }
                out.push_str(rest);
                PyValue::Str(out)
            }
            PyExpr::Binary(op, a, b) => {
                let (x, y) = (self.eval(a), self.eval(b));
                match *op {
                    "==" | "!=" => match (x.as_str(), y.as_str(), &x, &y) {
                        (_, _, PyValue::Unknown(w), _) | (_, _, _, PyValue::Unknown(w)) => {
                            PyValue::Unknown(w.clone())
                        }
                        (Some(p), Some(q), _, _) => PyValue::Bool((p == q) == (*op == "==")),
                        (_, _, PyValue::None, PyValue::None) => PyValue::Bool(*op == "=="),
                        _ => PyValue::Bool(*op == "!="),
                    },
                    "in" | "not in" => match (&x, &y) {
                        (PyValue::Unknown(w), _) | (_, PyValue::Unknown(w)) => {
                            PyValue::Unknown(w.clone())
                        }
                        (_, PyValue::List(items)) => {
                            let hit = items
                                .iter()
                                .any(|i| i.as_str().is_some() && i.as_str() == x.as_str());
                            PyValue::Bool(hit == (*op == "in"))
                        }
                        (PyValue::Str(a), PyValue::Str(b)) => {
                            PyValue::Bool(b.contains(a.as_str()) == (*op == "in"))
                        }
                        (PyValue::None, _) => PyValue::Unknown("None in … (TypeError)".to_string()),
                        _ => PyValue::Unknown("in".to_string()),
                    },
                    "is" | "is not" => match (&x, &y) {
                        (PyValue::None, PyValue::None) => PyValue::Bool(*op == "is"),
                        (PyValue::Unknown(w), _) => PyValue::Unknown(w.clone()),
                        (_, PyValue::None) => PyValue::Bool(*op == "is not"),
                        _ => PyValue::Unknown("is".to_string()),
                    },
                    "and" => match x.truthy() {
                        Some(false) => x,
                        Some(true) => y,
                        None => PyValue::Unknown("and".to_string()),
                    },
                    "or" => match x.truthy() {
                        Some(true) => x,
                        Some(false) => y,
                        None => PyValue::Unknown("or".to_string()),
                    },
                    _ => eval_static(e, self.globals),
                }
            }
            PyExpr::Not(inner) => match self.eval(inner).truthy() {
                Some(t) => PyValue::Bool(!t),
                None => PyValue::Unknown("not".to_string()),
            },
            other => eval_static(other, self.globals),
        }
    }

    fn is_response(&self, e: &PyExpr) -> bool {
        match (e, &self.response) {
            (PyExpr::Name(n), Some(r)) => n == r,
            _ => false,
        }
    }

    /// Runs statements against the response; `Some` when they return or raise.
    fn exec(&mut self, stmts: &[PyStmt], state: &mut State) -> Option<ViewResult> {
        for s in stmts {
            match s {
                PyStmt::Assign(target, value, line) => {
                    let from = Origin::Config { line: *line };
                    if let PyExpr::Index(obj, key) = target
                        && let PyExpr::Attr(resp, h) = &**obj
                        && h == "headers"
                        && self.is_response(resp)
                    {
                        let name = self.eval(key).as_str().unwrap_or_default();
                        match self.eval(value).as_str() {
                            Some(v) => state.headers.set(&name, v, from),
                            None => state.notes.push((
                                *line,
                                NoteKind::CannotEvaluate {
                                    what: format!("the value of {name} (header not set)"),
                                },
                            )),
                        }
                        continue;
                    }
                    if let Some(n) = name_of(target) {
                        let v = match value {
                            PyExpr::Call(c, _, _) if matches!(&**c, PyExpr::Name(f) if f == "make_response" || f == "jsonify" || f == "Response") =>
                            {
                                self.response = Some(n.to_string());
                                continue;
                            }
                            other => self.eval(other),
                        };
                        self.locals.insert(n.to_string(), v);
                    }
                }
                PyStmt::Expr(e, line) => {
                    if let PyExpr::Call(c, args, _) = e {
                        if let PyExpr::Attr(obj, m) = &**c
                            && let PyExpr::Attr(resp, h) = &**obj
                            && h == "headers"
                            && self.is_response(resp)
                        {
                            let from = Origin::Config { line: *line };
                            let name = args.first().map(|a| self.eval(a)).and_then(|v| v.as_str());
                            let value = args.get(1).map(|a| self.eval(a)).and_then(|v| v.as_str());
                            match (m.as_str(), name, value) {
                                ("add" | "add_header" | "extend", Some(n), Some(v)) => {
                                    state.headers.add(&n, v, from)
                                }
                                ("set" | "__setitem__", Some(n), Some(v)) => {
                                    state.headers.set(&n, v, from)
                                }
                                ("setdefault", Some(n), Some(v)) => {
                                    if state.headers.get(&n).is_none() {
                                        state.headers.add(&n, v, from);
                                    }
                                }
                                ("remove" | "pop", Some(n), _) => state
                                    .headers
                                    .list
                                    .retain(|(x, _, _)| !x.eq_ignore_ascii_case(&n)),
                                _ => state.notes.push((
                                    *line,
                                    NoteKind::CannotEvaluate {
                                        what: format!("response.headers.{m}(…)"),
                                    },
                                )),
                            }
                            continue;
                        }
                        if matches!(&**c, PyExpr::Name(n) if n == "abort") {
                            let code = args.first().map(|a| self.eval(a));
                            return Some(match code {
                                Some(PyValue::Num(n)) => ViewResult::HttpError(n as u16),
                                _ => ViewResult::Raise,
                            });
                        }
                    }
                }
                PyStmt::If(branches, otherwise) => {
                    let mut taken = false;
                    for (cond, body, line) in branches {
                        match self.eval(cond).truthy() {
                            Some(true) => {
                                taken = true;
                                if let Some(r) = self.exec(body, state) {
                                    return Some(r);
                                }
                                break;
                            }
                            Some(false) => state.notes.push((*line, NoteKind::ConditionFalse)),
                            None => state.notes.push((
                                *line,
                                NoteKind::CannotEvaluate {
                                    what: "the condition (taken as false)".to_string(),
                                },
                            )),
                        }
                    }
                    if !taken && let Some(r) = self.exec(otherwise, state) {
                        return Some(r);
                    }
                }
                PyStmt::Return(None | Some(PyExpr::Unknown), _) => {
                    return Some(ViewResult::Nothing);
                }
                PyStmt::Return(Some(PyExpr::Name(n)), _) if n == "None" => {
                    return Some(ViewResult::Nothing);
                }
                PyStmt::Return(value, line) => {
                    // `return body, status, headers`: Flask adds the headers to the response.
                    let mut status = 200;
                    if let Some(PyExpr::List(items)) = value {
                        let second = items.get(1).map(|s| self.eval(s));
                        let third = items.get(2).map(|s| self.eval(s));
                        let headers = match (&second, third) {
                            (Some(PyValue::Num(n)), h) => {
                                status = *n as u16;
                                h
                            }
                            (Some(h @ (PyValue::Dict(_) | PyValue::List(_))), _) => Some(h.clone()),
                            _ => None,
                        };
                        let from = Origin::Config { line: *line };
                        match headers {
                            Some(PyValue::Dict(pairs)) => {
                                for (k, v) in pairs {
                                    if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                                        state.headers.add(&k, v, from.clone());
                                    }
                                }
                            }
                            Some(PyValue::List(items)) => {
                                for item in items {
                                    if let PyValue::List(kv) = item
                                        && let (Some(k), Some(v)) = (
                                            kv.first().and_then(|k| k.as_str()),
                                            kv.get(1).and_then(|v| v.as_str()),
                                        )
                                    {
                                        state.headers.add(&k, v, from.clone());
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    return Some(ViewResult::Status(status));
                }
                PyStmt::Raise => return Some(ViewResult::Raise),
                PyStmt::Other(line) => state.notes.push((
                    *line,
                    NoteKind::CannotEvaluate {
                        what: "a statement outside the subset read (skipped)".to_string(),
                    },
                )),
                PyStmt::Def { .. } => {}
            }
        }
        None
    }
}

impl Config {
    /// Lines read but not modelled, with what they are.
    pub fn unmodelled(&self) -> &[(usize, String)] {
        &self.unmodelled
    }

    fn extension_after(&self, index: usize, state: &mut State, request: &HttpRequest) {
        let Some(ext) = self.extensions.get(index) else {
            return;
        };
        if state.headers.get("Access-Control-Allow-Origin").is_some() {
            state.notes.push((ext.line, NoteKind::AlreadySet));
            return;
        }
        let path = request.path();
        match ext
            .resources
            .iter()
            .find(|(p, _)| p.matches(&percent_decode(path), true))
        {
            Some((_, options)) => set_cors_headers(state, options, request, ext.line),
            None => state.notes.push((ext.line, NoteKind::ConditionFalse)),
        }
    }

    /// The response the application sends to `request`; `backend` says whether the view
    /// raises (500) or the path has no rule (404).
    pub fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        let mut state = State {
            status: 200,
            headers: Headers::default(),
            notes: Vec::new(),
            evaluated: false,
        };
        let path = request.path();
        let method = request.method.to_uppercase();
        enum Outcome {
            Normal,
            HttpError,
            Exception,
        }
        let mut route_hit: Option<&Route> = None;
        let mut allowed: Vec<String> = Vec::new();
        let mut redirect = false;
        if !backend.missing() {
            for r in &self.routes {
                match rule_matches(&r.rule, path) {
                    Some(true) => {
                        let mut methods = r.methods.clone();
                        if methods.iter().any(|m| m == "GET") {
                            methods.push("HEAD".to_string());
                        }
                        let automatic = !methods.iter().any(|m| m == "OPTIONS")
                            && !r
                                .cross_origin
                                .as_ref()
                                .is_some_and(|(o, _)| serialize(o).automatic_options);
                        if automatic || r.cross_origin.is_some() {
                            methods.push("OPTIONS".to_string());
                        }
                        for m in &methods {
                            if !allowed.contains(m) {
                                allowed.push(m.clone());
                            }
                        }
                        if route_hit.is_none() && methods.contains(&method) {
                            route_hit = Some(r);
                        }
                    }
                    Some(false) => redirect = true,
                    None => {}
                }
            }
        }
        // `preprocess_request` runs the before_request hooks before the view is dispatched (and
        // before a routing error is raised): the first that returns a value is the response.
        let mut answered = None;
        for hook in &self.before {
            let mut py = Py {
                request,
                globals: &self.globals,
                locals: HashMap::new(),
                response: None,
            };
            match py.exec(hook, &mut state) {
                None | Some(ViewResult::Nothing) => {}
                Some(result) => {
                    answered = Some(result);
                    break;
                }
            }
        }
        let outcome = match (answered, route_hit) {
            (Some(ViewResult::Status(s)), _) => {
                state.status = s;
                Outcome::Normal
            }
            (Some(ViewResult::HttpError(s)), _) => {
                state.status = s;
                Outcome::HttpError
            }
            (Some(_), _) => {
                state.status = 500;
                Outcome::Exception
            }
            (None, route_hit) => match route_hit {
                None if redirect && allowed.is_empty() => {
                    state.status = 308;
                    Outcome::HttpError
                }
                None if allowed.is_empty() => {
                    state.status = 404;
                    Outcome::HttpError
                }
                None => {
                    state.status = 405;
                    Outcome::HttpError
                }
                Some(route) => {
                    let explicit_options = route.methods.iter().any(|m| m == "OPTIONS");
                    let cross = route.cross_origin.as_ref().map(|(raw, line)| {
                        let mut merged = self.app_config.clone();
                        merged.extend(raw.clone());
                        (serialize(&merged), *line)
                    });
                    let default_options = method == "OPTIONS"
                        && match &cross {
                            Some((o, _)) => o.automatic_options,
                            None => !explicit_options,
                        };
                    let result = if cross.as_ref().is_some_and(|(o, _)| o.refused) {
                        state.notes.push((route.line, NoteKind::CannotEvaluate { what: "Flask-CORS raises ValueError for these options when the view is called".to_string() }));
                        ViewResult::Raise
                    } else if default_options {
                        ViewResult::Status(200)
                    } else if backend.fails() {
                        state.notes.push((
                            route.line,
                            NoteKind::CannotEvaluate {
                                what: "the view fails (raises) in this case".to_string(),
                            },
                        ));
                        ViewResult::Raise
                    } else {
                        let mut py = Py {
                            request,
                            globals: &self.globals,
                            locals: HashMap::new(),
                            response: Some("response".to_string()),
                        };
                        py.exec(&route.body, &mut state)
                            .unwrap_or(ViewResult::Status(200))
                    };
                    match result {
                        ViewResult::Status(s) => {
                            state.status = s;
                            if let Some((o, line)) = &cross {
                                set_cors_headers(&mut state, o, request, *line);
                                state.evaluated = true;
                            }
                            Outcome::Normal
                        }
                        ViewResult::HttpError(s) => {
                            state.status = s;
                            Outcome::HttpError
                        }
                        ViewResult::Raise | ViewResult::Nothing => {
                            state.status = 500;
                            Outcome::Exception
                        }
                    }
                }
            },
        };
        let wrapped: Vec<usize> = (0..self.extensions.len())
            .filter(|i| {
                self.extensions
                    .get(*i)
                    .and_then(|e| e.resources.first())
                    .is_none_or(|(_, o)| o.intercept_exceptions)
            })
            .collect();
        if matches!(outcome, Outcome::HttpError) {
            for i in &wrapped {
                self.extension_after(*i, &mut state, request);
            }
        }
        for after in self.after.iter().rev() {
            match after {
                After::Cors(i) => self.extension_after(*i, &mut state, request),
                After::User { param, body } => {
                    let mut py = Py {
                        request,
                        globals: &self.globals,
                        locals: HashMap::new(),
                        response: Some(param.clone()),
                    };
                    let _ = py.exec(body, &mut state);
                }
            }
        }
        if matches!(outcome, Outcome::Exception) {
            for i in &wrapped {
                self.extension_after(*i, &mut state, request);
            }
        }
        let mut out = ServerResponse::new(state.status);
        for (line, kind) in state.notes {
            out.note(line, kind);
        }
        for (n, v, from) in state.headers.list {
            out.add(&n, &v, from);
        }
        out
    }
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(h) = bytes.get(i + 1..i + 3)
            && let Ok(s) = std::str::from_utf8(h)
            && let Ok(v) = u8::from_str_radix(s, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn req(method: &str, path: &str, origin: Option<&str>) -> HttpRequest {
        let mut headers = vec![("Host".to_string(), "api.example.com".to_string())];
        if let Some(o) = origin {
            headers.push(("Origin".to_string(), o.to_string()));
        }
        if method == "OPTIONS" {
            headers.push((
                "Access-Control-Request-Method".to_string(),
                "PUT".to_string(),
            ));
            headers.push((
                "Access-Control-Request-Headers".to_string(),
                "content-type".to_string(),
            ));
        }
        HttpRequest {
            method: method.to_string(),
            target: path.to_string(),
            headers,
        }
    }

    fn lines(r: &ServerResponse) -> Vec<String> {
        r.headers
            .iter()
            .map(|h| format!("{}: {}", h.name, h.value))
            .collect()
    }

    #[test]
    fn resources_with_origins() {
        let c = read("from flask import Flask\nfrom flask_cors import CORS\napp = Flask(__name__)\nCORS(app, resources={r\"/api/*\": {\"origins\": [\"https://myapp.com\"]}})\n\n@app.route('/api/items', methods=['GET', 'PUT'])\ndef items():\n    return {'ok': True}\n").unwrap();
        let pre = c.respond(
            &req("OPTIONS", "/api/items", Some("https://myapp.com")),
            &Backend::default(),
        );
        assert_eq!(pre.status, 200);
        assert_eq!(
            lines(&pre),
            vec![
                "Access-Control-Allow-Origin: https://myapp.com",
                "Access-Control-Allow-Headers: content-type",
                "Access-Control-Allow-Methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
            ]
        );
        let other = c.respond(
            &req("GET", "/api/items", Some("https://evil.com")),
            &Backend::default(),
        );
        assert!(lines(&other).is_empty());
        let fail = c.respond(
            &req("GET", "/api/items", Some("https://myapp.com")),
            &Backend {
                status: 500,
                headers: vec![],
            },
        );
        assert_eq!(fail.status, 500);
        assert_eq!(
            lines(&fail),
            vec!["Access-Control-Allow-Origin: https://myapp.com"]
        );
    }

    #[test]
    fn default_cors_reflects_with_vary() {
        let c = read("app = Flask(__name__)\nCORS(app, origins=r'https://.*\\.example\\.com')\n@app.route('/x')\ndef x():\n    return 'ok'\n").unwrap();
        let r = c.respond(
            &req("GET", "/x", Some("https://a.example.com.evil.net")),
            &Backend::default(),
        );
        assert_eq!(
            lines(&r),
            vec![
                "Access-Control-Allow-Origin: https://a.example.com.evil.net",
                "Vary: Origin"
            ]
        );
    }

    #[test]
    fn after_request_hook() {
        let c = read("app = Flask(__name__)\n@app.after_request\ndef add_cors(response):\n    response.headers['Access-Control-Allow-Origin'] = '*'\n    return response\n@app.route('/x')\ndef x():\n    return 'ok'\n").unwrap();
        let r = c.respond(
            &req("GET", "/nope", Some("https://a.example")),
            &Backend::default(),
        );
        assert_eq!(r.status, 404);
        assert_eq!(lines(&r), vec!["Access-Control-Allow-Origin: *"]);
    }
}
