//! PHP scripts that send CORS headers themselves: `header('Access-Control-…: …')` calls (with
//! `replace = false`), `header_remove`, `http_response_code`, `header('HTTP/1.1 204 …')`,
//! `$origin = $_SERVER['HTTP_ORIGIN'] ?? ''`, `in_array`, `preg_match`, string interpolation and
//! concatenation, and the `if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') { …; exit; }` pattern,
//! as PHP 8.2 (Debian's `php-cli`, its built-in server) runs them.
//!
//! The rules modelled (<https://www.php.net/manual/en/function.header.php>): "The optional
//! replace parameter indicates whether the header should replace a previous similar header, or
//! add a second header of the same type. By default it will replace"; a `Location` header sets
//! 302 unless the status is already 201 or 3xx; a header line starting `HTTP/` sets the status.
//! A script that throws after its headers is answered 500 with the headers it had set
//! (`display_errors` off, as in production). The rest of the script — whatever follows the
//! lines read — is the application: the model runs the lines it can read, in order.
//!
//! A path with no script is the built-in server's static file handling
//! (`php_cli_server_begin_send_static` in `sapi/cli/php_cli_server.c`): `PUT`, `DELETE` and
//! `PATCH` are answered 405 whether or not a file is there, other methods 404 for a missing
//! file (measured on PHP 8.2's `php -S`).

use std::collections::HashMap;

use super::ConfigErrors;
use super::js::{self, Expr, Lang, Parser, Stmt};
use super::model::{Backend, HttpRequest, NoteKind, Origin, ServerResponse};
use super::regex::{Dialect, Regex};

/// A read PHP script.
#[derive(Clone, Debug)]
pub struct Config {
    stmts: Vec<Stmt>,
    unmodelled: Vec<(usize, String)>,
}

/// Reads a PHP script.
pub fn read(text: &str) -> Result<Config, ConfigErrors> {
    let toks = js::lex(text, Lang::Php)?;
    let mut parser = Parser::new(toks, Lang::Php);
    let stmts = parser.statements(false);
    let mut unmodelled = Vec::new();
    collect_other(&stmts, &mut unmodelled);
    Ok(Config { stmts, unmodelled })
}

fn collect_other(stmts: &[Stmt], out: &mut Vec<(usize, String)>) {
    for s in stmts {
        match s {
            Stmt::Other(line) => {
                out.push((*line, "a statement outside the subset read".to_string()))
            }
            Stmt::Block(b) => collect_other(b, out),
            Stmt::If(_, a, b, _) => {
                collect_other(a, out);
                collect_other(b, out);
            }
            _ => {}
        }
    }
}

#[derive(Clone, Debug)]
enum V {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Array(Vec<(Option<String>, V)>),
    Unknown(String),
}

impl V {
    fn truthy(&self) -> Option<bool> {
        Some(match self {
            V::Null => false,
            V::Bool(b) => *b,
            V::Num(n) => *n != 0.0,
            V::Str(s) => !s.is_empty() && s != "0",
            V::Array(a) => !a.is_empty(),
            V::Unknown(_) => return None,
        })
    }

    fn string(&self) -> Option<String> {
        match self {
            V::Null => Some(String::new()),
            V::Bool(b) => Some(if *b { "1" } else { "" }.to_string()),
            V::Num(n) => Some(if n.fract() == 0.0 {
                format!("{}", *n as i64)
            } else {
                format!("{n}")
            }),
            V::Str(s) => Some(s.clone()),
            V::Array(_) => Some("Array".to_string()),
            V::Unknown(_) => None,
        }
    }
}

struct Run<'a> {
    request: &'a HttpRequest,
    vars: HashMap<String, V>,
    headers: Vec<(String, String, Origin)>,
    status: u16,
    notes: Vec<(usize, NoteKind)>,
    /// Output has started: the status and headers are sent, and a later error cannot change
    /// them.
    output: bool,
    /// `ini_set('display_errors', …)` turned error display on: an uncaught error is printed
    /// instead of turning the status into 500.
    display_errors: bool,
}

enum Flow {
    Go,
    Exit,
    Throw,
}

impl Run<'_> {
    fn server(&self, key: &str) -> V {
        if let Some(h) = key.strip_prefix("HTTP_") {
            return match self.request.header(&h.replace('_', "-")) {
                Some(v) => V::Str(v.to_string()),
                None => V::Null,
            };
        }
        match key {
            "REQUEST_METHOD" => V::Str(self.request.method.clone()),
            "REQUEST_URI" => V::Str(self.request.target.clone()),
            "QUERY_STRING" => V::Str(self.request.query().to_string()),
            _ => V::Unknown(format!("$_SERVER['{key}']")),
        }
    }

    fn interpolate(&self, s: &str) -> V {
        let mut out = String::new();
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            if c == '\\' && chars.get(i + 1) == Some(&'$') {
                out.push('$');
                i += 2;
                continue;
            }
            let braced = c == '{' && chars.get(i + 1) == Some(&'$');
            if c == '$' || braced {
                let start = if braced { i + 2 } else { i + 1 };
                let mut j = start;
                while chars
                    .get(j)
                    .is_some_and(|d| d.is_alphanumeric() || *d == '_')
                {
                    j += 1;
                }
                if j == start {
                    out.push(c);
                    i += 1;
                    continue;
                }
                let name: String = chars.get(start..j).unwrap_or_default().iter().collect();
                let mut value = self.vars.get(&name).cloned().unwrap_or(V::Null);
                // "{$_SERVER['HTTP_ORIGIN']}" and "$arr[key]".
                if chars.get(j) == Some(&'[') {
                    let close = (j..chars.len()).find(|k| chars.get(*k) == Some(&']'));
                    if let Some(k) = close {
                        let key: String = chars
                            .get(j + 1..k)
                            .unwrap_or_default()
                            .iter()
                            .filter(|c| **c != '\'' && **c != '"')
                            .collect();
                        value = if name == "_SERVER" {
                            self.server(&key)
                        } else {
                            V::Unknown("an array element".to_string())
                        };
                        j = k + 1;
                    }
                }
                if braced && chars.get(j) == Some(&'}') {
                    j += 1;
                }
                match value.string() {
                    Some(v) => out.push_str(&v),
                    None => return V::Unknown(format!("${name}")),
                }
                i = j;
                continue;
            }
            out.push(c);
            i += 1;
        }
        V::Str(out)
    }

    fn eval(&self, e: &Expr) -> V {
        match e {
            Expr::Str(s) => V::Str(s.clone()),
            Expr::Template(s) => self.interpolate(s),
            Expr::Num(n) => V::Num(*n),
            Expr::Var(v) => self.vars.get(v).cloned().unwrap_or(V::Null),
            Expr::Ident(w) => match w.to_ascii_lowercase().as_str() {
                "true" => V::Bool(true),
                "false" => V::Bool(false),
                "null" => V::Null,
                _ => V::Unknown(w.clone()),
            },
            Expr::Array(items) => V::Array(items.iter().map(|i| (None, self.eval(i))).collect()),
            Expr::Object(pairs) => V::Array(
                pairs
                    .iter()
                    .map(|(k, v)| (Some(k.clone()), self.eval(v)))
                    .collect(),
            ),
            Expr::Index(obj, key) => {
                let k = self.eval(key).string().unwrap_or_default();
                if let Expr::Var(n) = &**obj
                    && n == "_SERVER"
                {
                    return self.server(&k);
                }
                // The environment is taken as empty: `$_ENV['X']` of a variable not set is null
                // (with a warning), so `$_ENV['X'] ?? 'default'` is the default.
                if let Expr::Var(n) = &**obj
                    && n == "_ENV"
                {
                    return V::Null;
                }
                match self.eval(obj) {
                    V::Array(items) => items
                        .iter()
                        .enumerate()
                        .find(|(i, (key, _))| {
                            key.as_deref() == Some(k.as_str())
                                || (key.is_none() && i.to_string() == k)
                        })
                        .map(|(_, (_, v))| v.clone())
                        .unwrap_or(V::Null),
                    _ => V::Unknown("an index".to_string()),
                }
            }
            Expr::Binary(op, a, b) => {
                let x = self.eval(a);
                match *op {
                    "??" => match &x {
                        V::Null => self.eval(b),
                        _ => x,
                    },
                    // The short ternary `a ?: b`: `a` when it is truthy, else `b`
                    // (<https://www.php.net/manual/en/language.operators.comparison.php#language.operators.comparison.ternary>).
                    "?:" => match x.truthy() {
                        Some(true) => x,
                        Some(false) => self.eval(b),
                        None => V::Unknown("?:".to_string()),
                    },
                    "&&" | "and" => match x.truthy() {
                        Some(false) => V::Bool(false),
                        Some(true) => self
                            .eval(b)
                            .truthy()
                            .map(V::Bool)
                            .unwrap_or(V::Unknown("&&".to_string())),
                        None => V::Unknown("&&".to_string()),
                    },
                    "||" | "or" => match x.truthy() {
                        Some(true) => V::Bool(true),
                        Some(false) => self
                            .eval(b)
                            .truthy()
                            .map(V::Bool)
                            .unwrap_or(V::Unknown("||".to_string())),
                        None => V::Unknown("||".to_string()),
                    },
                    "." => match (x.string(), self.eval(b).string()) {
                        (Some(p), Some(q)) => V::Str(p + &q),
                        _ => V::Unknown(".".to_string()),
                    },
                    "===" | "!==" | "==" | "!=" => {
                        let y = self.eval(b);
                        let eq = match (&x, &y) {
                            (V::Unknown(w), _) | (_, V::Unknown(w)) => {
                                return V::Unknown(w.clone());
                            }
                            (V::Null, V::Null) => true,
                            (V::Str(p), V::Str(q)) => p == q,
                            (V::Num(p), V::Num(q)) => p == q,
                            (V::Bool(p), V::Bool(q)) => p == q,
                            (V::Null, V::Str(s)) | (V::Str(s), V::Null) if op.len() == 2 => {
                                s.is_empty()
                            }
                            _ => false,
                        };
                        V::Bool(eq == op.starts_with('='))
                    }
                    _ => V::Unknown((*op).to_string()),
                }
            }
            Expr::Unary("!", inner) => match self.eval(inner).truthy() {
                Some(t) => V::Bool(!t),
                None => V::Unknown("!".to_string()),
            },
            Expr::Cond(c, a, b) => match self.eval(c).truthy() {
                Some(true) => self.eval(a),
                Some(false) => self.eval(b),
                None => V::Unknown("?:".to_string()),
            },
            Expr::Call(callee, args, _) => {
                let Expr::Ident(name) = &**callee else {
                    return V::Unknown("a call".to_string());
                };
                let arg = |i: usize| args.get(i).map(|a| self.eval(a)).unwrap_or(V::Null);
                match name.to_ascii_lowercase().as_str() {
                    "array_key_exists" => match args.get(1) {
                        Some(Expr::Var(n)) if n == "_SERVER" => match arg(0).string() {
                            Some(k) => V::Bool(!matches!(self.server(&k), V::Null)),
                            None => V::Unknown("array_key_exists".to_string()),
                        },
                        _ => match (arg(0).string(), arg(1)) {
                            (Some(k), V::Array(items)) => V::Bool(
                                items
                                    .iter()
                                    .any(|(key, _)| key.as_deref() == Some(k.as_str())),
                            ),
                            _ => V::Unknown("array_key_exists".to_string()),
                        },
                    },
                    "isset" => V::Bool(args.iter().all(|a| !matches!(self.eval(a), V::Null))),
                    "empty" => arg(0)
                        .truthy()
                        .map(|t| V::Bool(!t))
                        .unwrap_or(V::Unknown("empty".to_string())),
                    "in_array" => match (arg(0), arg(1)) {
                        (V::Unknown(w), _) | (_, V::Unknown(w)) => V::Unknown(w),
                        (needle, V::Array(items)) => {
                            let strict = arg(2).truthy() == Some(true);
                            let n = needle.string();
                            V::Bool(items.iter().any(|(_, v)| {
                                if strict {
                                    matches!((&needle, v), (V::Str(a), V::Str(b)) if a == b)
                                } else {
                                    v.string().is_some()
                                        && v.string() == n
                                        && !matches!(needle, V::Null)
                                }
                            }))
                        }
                        _ => V::Unknown("in_array".to_string()),
                    },
                    "preg_match" => {
                        let (Some(p), Some(s)) = (arg(0).string(), arg(1).string()) else {
                            return V::Unknown("preg_match".to_string());
                        };
                        match pcre_pattern(&p) {
                            Some(r) => match r.search(&s) {
                                Ok(m) => V::Num(if m.is_some() { 1.0 } else { 0.0 }),
                                Err(e) => V::Unknown(e.to_string()),
                            },
                            None => V::Unknown(format!("the pattern {p}")),
                        }
                    }
                    "strtolower" => arg(0)
                        .string()
                        .map(|s| V::Str(s.to_lowercase()))
                        .unwrap_or(V::Unknown("strtolower".to_string())),
                    "trim" | "rtrim" => arg(0)
                        .string()
                        .map(|s| V::Str(s.trim().to_string()))
                        .unwrap_or(V::Unknown("trim".to_string())),
                    "implode" | "join" => match (arg(0), arg(1)) {
                        (V::Str(sep), V::Array(items)) => V::Str(
                            items
                                .iter()
                                .filter_map(|(_, v)| v.string())
                                .collect::<Vec<_>>()
                                .join(&sep),
                        ),
                        _ => V::Unknown("implode".to_string()),
                    },
                    "str_ends_with" | "str_starts_with" | "str_contains" => {
                        match (arg(0).string(), arg(1).string()) {
                            (Some(h), Some(n)) => V::Bool(match name.as_str() {
                                "str_ends_with" => h.ends_with(&n),
                                "str_starts_with" => h.starts_with(&n),
                                _ => h.contains(&n),
                            }),
                            _ => V::Unknown(name.clone()),
                        }
                    }
                    // The environment is taken as empty: `getenv($name)` "Returns the value of
                    // the environment variable varname, or false if the environment variable
                    // varname does not exist" (<https://www.php.net/manual/en/function.getenv.php>);
                    // `getenv()` with no name is the whole environment, not read.
                    "getenv" => match args.first() {
                        Some(_) => V::Bool(false),
                        None => V::Unknown("getenv()".to_string()),
                    },
                    // <https://www.php.net/manual/en/function.explode.php>: the pieces between
                    // each separator (an empty separator is a ValueError).
                    "explode" => match (arg(0).string(), arg(1).string()) {
                        (Some(sep), Some(text)) if !sep.is_empty() => V::Array(
                            text.split(sep.as_str())
                                .map(|p| (None, V::Str(p.to_string())))
                                .collect(),
                        ),
                        _ => V::Unknown("explode".to_string()),
                    },
                    _ => V::Unknown(format!("{name}()")),
                }
            }
            _ => V::Unknown("an expression".to_string()),
        }
    }

    fn header(&mut self, line: &str, replace: bool, from_line: usize) {
        let from = Origin::Config { line: from_line };
        if line.len() >= 5
            && line
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("HTTP/"))
        {
            if let Some(code) = line
                .split_whitespace()
                .nth(1)
                .and_then(|c| c.parse::<u16>().ok())
            {
                self.status = code;
            }
            return;
        }
        let Some((name, value)) = line.split_once(':') else {
            self.notes.push((
                from_line,
                NoteKind::CannotEvaluate {
                    what: format!("header({line:?}) has no colon (PHP ignores it)"),
                },
            ));
            return;
        };
        let name = name.trim_end().to_string();
        let value = value.trim_start().to_string();
        if name.eq_ignore_ascii_case("location")
            && !(self.status == 201 || (300..400).contains(&self.status))
        {
            self.status = 302;
        }
        if replace {
            self.headers
                .retain(|(n, _, _)| !n.eq_ignore_ascii_case(&name));
        }
        self.headers.push((name, value, from));
    }

    fn exec(&mut self, stmts: &[Stmt]) -> Flow {
        for s in stmts {
            let flow = match s {
                Stmt::Expr(e, line) => self.effect(e, *line),
                Stmt::If(c, a, b, line) => match self.eval(c).truthy() {
                    Some(true) => self.exec(a),
                    Some(false) => {
                        self.notes.push((*line, NoteKind::ConditionFalse));
                        self.exec(b)
                    }
                    None => {
                        self.notes.push((
                            *line,
                            NoteKind::CannotEvaluate {
                                what: "the condition (taken as false)".to_string(),
                            },
                        ));
                        self.exec(b)
                    }
                },
                Stmt::Exit(line) | Stmt::Return(_, line) => {
                    self.notes.push((
                        *line,
                        NoteKind::Answered {
                            status: self.status,
                        },
                    ));
                    Flow::Exit
                }
                Stmt::Throw(_) => Flow::Throw,
                Stmt::Block(b) => self.exec(b),
                Stmt::Decl(..) => Flow::Go,
                Stmt::Other(line) => {
                    self.notes.push((
                        *line,
                        NoteKind::CannotEvaluate {
                            what: "a statement outside the subset read (skipped)".to_string(),
                        },
                    ));
                    Flow::Go
                }
            };
            if !matches!(flow, Flow::Go) {
                return flow;
            }
        }
        Flow::Go
    }

    fn effect(&mut self, e: &Expr, line: usize) -> Flow {
        match e {
            Expr::Assign(target, op, value) => {
                if let Expr::Var(name) = &**target {
                    let v = self.eval(value);
                    let v = match *op {
                        ".=" => match (self.vars.get(name).and_then(|x| x.string()), v.string()) {
                            (Some(a), Some(b)) => V::Str(a + &b),
                            _ => V::Unknown(".=".to_string()),
                        },
                        "??=" => match self.vars.get(name) {
                            Some(V::Null) | None => v,
                            Some(existing) => existing.clone(),
                        },
                        _ => v,
                    };
                    self.vars.insert(name.clone(), v);
                }
                Flow::Go
            }
            Expr::Call(callee, args, _) => {
                let Expr::Ident(name) = &**callee else {
                    return Flow::Go;
                };
                let arg = |r: &Self, i: usize| args.get(i).map(|a| r.eval(a)).unwrap_or(V::Null);
                match name.to_ascii_lowercase().as_str() {
                    "header" => {
                        let replace =
                            arg(self, 1).truthy().unwrap_or(true) || args.get(1).is_none();
                        match arg(self, 0).string() {
                            Some(h) => {
                                self.header(&h, replace, line);
                                if let Some(V::Num(code)) = args.get(2).map(|a| self.eval(a))
                                    && code > 0.0
                                {
                                    self.status = code as u16;
                                }
                            }
                            None => self.notes.push((
                                line,
                                NoteKind::CannotEvaluate {
                                    what: "the header line (not sent)".to_string(),
                                },
                            )),
                        }
                    }
                    "header_remove" => match arg(self, 0) {
                        V::Null => self.headers.clear(),
                        v => {
                            if let Some(n) = v.string() {
                                self.headers.retain(|(h, _, _)| !h.eq_ignore_ascii_case(&n));
                            }
                        }
                    },
                    "http_response_code" => {
                        if let V::Num(n) = arg(self, 0) {
                            self.status = n as u16;
                        }
                    }
                    "exit" | "die" => return Flow::Exit,
                    // Printing the empty string (an unset value) sends nothing, so the headers
                    // are not sent yet.
                    "echo" | "print" if !matches!(arg(self, 0).string().as_deref(), Some("")) => {
                        self.output = true
                    }
                    "echo" | "print" => {}
                    "print_r" | "var_dump" | "printf" | "readfile" => self.output = true,
                    "ini_set" if arg(self, 0).string().as_deref() == Some("display_errors") => {
                        let v = arg(self, 1);
                        self.display_errors = match v.string() {
                            Some(s) => matches!(
                                s.to_ascii_lowercase().as_str(),
                                "1" | "on" | "yes" | "true" | "stdout" | "stderr"
                            ),
                            None => v.truthy().unwrap_or(false),
                        };
                    }
                    _ => {}
                }
                Flow::Go
            }
            _ => Flow::Go,
        }
    }
}

/// A `preg_match` pattern: delimiters and the `i` flag.
fn pcre_pattern(p: &str) -> Option<Regex> {
    let mut chars = p.chars();
    let open = chars.next()?;
    let close = match open {
        '(' => ')',
        '{' => '}',
        '[' => ']',
        '<' => '>',
        c => c,
    };
    let end = p.rfind(close)?;
    if end == 0 {
        return None;
    }
    let body = p.get(open.len_utf8()..end)?;
    let flags = p.get(end + close.len_utf8()..)?;
    Regex::new(body, Dialect::Pcre, flags.contains('i')).ok()
}

impl Config {
    /// Lines read but not modelled, with what they are.
    pub fn unmodelled(&self) -> &[(usize, String)] {
        &self.unmodelled
    }

    /// The response PHP sends to `request`; `backend` says whether the script throws after
    /// the lines read (500) or there is no script at the path (404).
    pub fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        if backend.missing() {
            let refused = matches!(request.method.as_str(), "PUT" | "DELETE" | "PATCH");
            return ServerResponse::new(if refused { 405 } else { 404 });
        }
        let mut run = Run {
            request,
            vars: HashMap::new(),
            headers: Vec::new(),
            status: 200,
            notes: Vec::new(),
            output: false,
            display_errors: false,
        };
        let flow = run.exec(&self.stmts);
        let throws = matches!(flow, Flow::Throw) || (matches!(flow, Flow::Go) && backend.fails());
        // An uncaught error answers 500 only while nothing is sent, errors are not displayed and
        // the status is still 200 (`php_error_cb` in main/main.c: `!PG(display_errors) &&
        // !SG(headers_sent) && SG(sapi_headers).http_response_code == 200`).
        if throws && !run.output && !run.display_errors && run.status == 200 {
            run.status = 500;
        }
        let mut out = ServerResponse::new(run.status);
        for (line, kind) in run.notes {
            out.note(line, kind);
        }
        for (n, v, from) in run.headers {
            out.add(&n, &v, from);
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn req(method: &str, origin: Option<&str>) -> HttpRequest {
        let mut headers = vec![("Host".to_string(), "api.example.com".to_string())];
        if let Some(o) = origin {
            headers.push(("Origin".to_string(), o.to_string()));
        }
        HttpRequest {
            method: method.to_string(),
            target: "/api/items".to_string(),
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
    fn allowlist_and_options_exit() {
        let c = read("<?php\n$allowed = ['https://a.example', 'https://b.example'];\n$origin = $_SERVER['HTTP_ORIGIN'] ?? '';\nif (in_array($origin, $allowed)) {\n    header(\"Access-Control-Allow-Origin: $origin\");\n    header('Vary: Origin');\n}\nif ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {\n    header('Access-Control-Allow-Methods: GET, PUT');\n    http_response_code(204);\n    exit;\n}\necho 'ok';\n").unwrap();
        let pre = c.respond(
            &req("OPTIONS", Some("https://b.example")),
            &Backend::default(),
        );
        assert_eq!(pre.status, 204);
        assert_eq!(
            lines(&pre),
            vec![
                "Access-Control-Allow-Origin: https://b.example",
                "Vary: Origin",
                "Access-Control-Allow-Methods: GET, PUT"
            ]
        );
        let bad = c.respond(
            &req("GET", Some("https://evil.example")),
            &Backend::default(),
        );
        assert!(lines(&bad).is_empty());
    }

    #[test]
    fn replace_false_duplicates() {
        let c = read("<?php\nheader('Access-Control-Allow-Origin: *');\nheader('Access-Control-Allow-Origin: https://a.example', false);\n").unwrap();
        let r = c.respond(&req("GET", Some("https://a.example")), &Backend::default());
        assert_eq!(lines(&r).len(), 2);
    }
}
