//! Express applications: `app.use(…)`, `app.get/post/put/patch/delete/options/all(path, …)`,
//! the `cors` package's middleware and options, hand-written middleware (`res.setHeader`,
//! `res.header`, `res.set`, `res.append`, `res.vary`, `if (req.method === 'OPTIONS') return
//! res.sendStatus(204)`), route handlers that throw, and error handlers — in order, as Express
//! 4.22 runs them.
//!
//! The rules modelled:
//! - `cors` 2.8.6 (`lib/index.js` of expressjs/cors): defaults `origin: '*'`, `methods:
//!   'GET,HEAD,PUT,PATCH,POST,DELETE'`, `preflightContinue: false`, `optionsSuccessStatus: 204`;
//!   a string origin is sent as it is with `Vary: Origin`; an array, a RegExp or `true` reflect
//!   the request's `Origin` when it matches (`isOriginAllowed`: `===` for strings, `test` for a
//!   RegExp) and always add `Vary: Origin`; `origin: false` turns CORS off; without
//!   `allowedHeaders` the preflight reflects `Access-Control-Request-Headers` and adds `Vary:
//!   Access-Control-Request-Headers`; on `OPTIONS` it answers `optionsSuccessStatus` with
//!   `Content-Length: 0` unless `preflightContinue`. An `origin` function is run when its body
//!   is in the subset read here (`callback(null, true)` under `includes`/`indexOf`/`===`/RegExp
//!   conditions); otherwise the model says it cannot evaluate it.
//! - Express 4.22 (`lib/router/index.js`, `finalhandler` 1.3): layers run in order; a route
//!   `get` also answers `HEAD`; an error (a `throw`, `next(err)`) skips to the next
//!   error-handling middleware (four parameters), else finalhandler answers 500; nothing
//!   answering gives 404 (headers set so far are kept); an `OPTIONS` request that no layer
//!   answers, on a path some route has, gets 200 with `Allow` listing the route's methods.
//! - Node's `res.setHeader` replaces a header in place (its position is where it was first
//!   set); the `vary` package appends to `Vary` unless the field is already there.

use std::collections::HashMap;
use std::rc::Rc;

use super::ConfigErrors;
use super::js::{self, Expr, Func, Lang, Parser, Stmt};
use super::model::{Backend, HttpRequest, NoteKind, Origin, ServerResponse, vary_append};
use super::regex::{Dialect, Regex};

/// A value the model can compute.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
    Regex(Rc<Regex>),
    BadRegex(String),
    Func(Rc<Func>),
    Cors(Box<Value>, usize),
    /// `require('cors')`: the middleware factory, under whatever name it is bound to.
    CorsFactory,
    Error,
    Passthrough,
    Unknown(String),
}

impl Value {
    fn truthy(&self) -> Option<bool> {
        Some(match self {
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            Value::Unknown(_) => return None,
            _ => true,
        })
    }

    fn as_string(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Num(n) => Some(js_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|v| v.as_string().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Value::Undefined => Some("undefined".to_string()),
            Value::Null => Some("null".to_string()),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn strict_eq(a: &Value, b: &Value) -> Option<bool> {
    Some(match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => return None,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Num(x), Value::Num(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        _ => false,
    })
}

#[derive(Clone, Debug)]
enum Handler {
    Cors(Value, usize),
    Func(Rc<Func>, usize),
    Passthrough(usize),
    Unknown(usize, String),
}

#[derive(Clone, Debug)]
struct Layer {
    /// `app.use` prefix, or the route's path.
    path: String,
    /// `None` for `app.use`; `Some("ALL")` for `app.all`.
    method: Option<String>,
    handlers: Vec<Handler>,
}

/// A read Express application.
#[derive(Clone, Debug)]
pub struct Config {
    layers: Vec<Layer>,
    globals: HashMap<String, Value>,
    unmodelled: Vec<(usize, String)>,
}

struct Reader {
    globals: HashMap<String, Value>,
    layers: Vec<Layer>,
    unmodelled: Vec<(usize, String)>,
    app_names: Vec<String>,
    /// How deep in calls of the file's own functions (a function calling itself stops at 8).
    depth: usize,
}

/// Reads an Express application (the whole file, or the part that sets up CORS).
pub fn read(text: &str) -> Result<Config, ConfigErrors> {
    let toks = js::lex(text, Lang::Js)?;
    let mut parser = Parser::new(toks, Lang::Js);
    let stmts = parser.statements(false);
    let mut reader = Reader {
        globals: HashMap::new(),
        layers: Vec::new(),
        unmodelled: Vec::new(),
        app_names: vec!["app".to_string()],
        depth: 0,
    };
    for s in &stmts {
        reader.top(s);
    }
    Ok(Config {
        layers: reader.layers,
        globals: reader.globals,
        unmodelled: reader.unmodelled,
    })
}

impl Reader {
    fn top(&mut self, s: &Stmt) {
        match s {
            Stmt::Decl(name, value) => {
                if let Expr::Call(callee, _, _) = value
                    && matches!(&**callee, Expr::Ident(n) if n == "express")
                {
                    self.app_names.push(name.clone());
                }
                let v = self.static_value(value);
                self.globals.insert(name.clone(), v);
            }
            Stmt::Expr(e, line) => self.top_expr(e, *line),
            Stmt::Block(b) => {
                for s in b {
                    self.top(s);
                }
            }
            Stmt::Other(line) => self
                .unmodelled
                .push((*line, "a statement outside the subset read".to_string())),
            Stmt::If(_, _, _, line)
            | Stmt::Return(_, line)
            | Stmt::Throw(line)
            | Stmt::Exit(line) => self
                .unmodelled
                .push((*line, "top-level control flow".to_string())),
        }
    }

    fn top_expr(&mut self, e: &Expr, line: usize) {
        let Expr::Call(callee, args, _) = e else {
            if let Expr::Assign(target, "=", value) = e
                && let Expr::Ident(name) = &**target
            {
                let v = self.static_value(value);
                self.globals.insert(name.clone(), v);
            }
            return;
        };
        // A function of the file called with the app (`setupCors(app)`, the shape of a module
        // exporting `function (app) { app.use(…) }`): its body runs with its first parameter
        // standing for the app.
        if let Expr::Ident(f) = &**callee
            && let Some(Value::Func(func)) = self.globals.get(f).cloned()
            && matches!(args.first(), Some(Expr::Ident(a)) if self.app_names.contains(a))
            && self.depth < 8
        {
            if let Some(p) = func.params.first() {
                self.app_names.push(p.clone());
            }
            self.depth += 1;
            for s in &func.body {
                self.top(s);
            }
            self.depth -= 1;
            return;
        }
        let Expr::Member(object, method) = &**callee else {
            return;
        };
        let is_app = matches!(&**object, Expr::Ident(n) if self.app_names.contains(n));
        if !is_app {
            return;
        }
        let method = method.as_str();
        let routes = [
            "get", "post", "put", "patch", "delete", "options", "head", "all",
        ];
        if method == "use" || routes.contains(&method) {
            let mut args = args.as_slice();
            let mut path = "/".to_string();
            if let Some(Expr::Str(p)) = args.first() {
                path = p.clone();
                args = args.get(1..).unwrap_or_default();
            } else if routes.contains(&method) {
                self.unmodelled.push((
                    line,
                    format!("app.{method} with a path that is not a string"),
                ));
                return;
            }
            let handlers = args.iter().flat_map(|a| self.handlers(a, line)).collect();
            self.layers.push(Layer {
                path,
                method: if method == "use" {
                    None
                } else {
                    Some(method.to_ascii_uppercase())
                },
                handlers,
            });
        } else if matches!(method, "listen" | "set" | "disable" | "enable" | "engine") {
        } else {
            self.unmodelled.push((line, format!("app.{method}")));
        }
    }

    fn handlers(&self, e: &Expr, line: usize) -> Vec<Handler> {
        match self.static_value(e) {
            Value::Cors(options, l) => vec![Handler::Cors(*options, l)],
            Value::Func(f) => vec![Handler::Func(f, line)],
            Value::Passthrough => vec![Handler::Passthrough(line)],
            Value::Array(items) => items
                .into_iter()
                .flat_map(|v| match v {
                    Value::Cors(o, l) => vec![Handler::Cors(*o, l)],
                    Value::Func(f) => vec![Handler::Func(f, line)],
                    _ => vec![Handler::Passthrough(line)],
                })
                .collect(),
            Value::Unknown(what) => vec![Handler::Unknown(line, what)],
            _ => vec![Handler::Unknown(line, "a middleware value".to_string())],
        }
    }

    /// The value of a top-level expression (no request in sight).
    fn static_value(&self, e: &Expr) -> Value {
        let scope = Scope {
            globals: &self.globals,
            locals: HashMap::new(),
            request: None,
        };
        scope.eval(e)
    }
}

/// Names bound while a function runs.
struct Scope<'a> {
    globals: &'a HashMap<String, Value>,
    locals: HashMap<String, Binding>,
    request: Option<&'a HttpRequest>,
}

#[derive(Clone, Debug)]
enum Binding {
    Req,
    Res,
    Next,
    Callback,
    Value(Value),
}

fn regex_value(body: &str, flags: &str) -> Value {
    match Regex::new(body, Dialect::JavaScript, flags.contains('i')) {
        Ok(r) => Value::Regex(Rc::new(r)),
        Err(e) => Value::BadRegex(format!("/{body}/{flags}: {e}")),
    }
}

impl Scope<'_> {
    fn lookup(&self, name: &str) -> Option<Binding> {
        if let Some(b) = self.locals.get(name) {
            return Some(b.clone());
        }
        self.globals.get(name).map(|v| Binding::Value(v.clone()))
    }

    fn header(&self, name: &str) -> Value {
        match self.request.and_then(|r| r.header(name)) {
            Some(v) => Value::Str(v.to_string()),
            None if self.request.is_some() => Value::Undefined,
            None => Value::Unknown("a request header outside a handler".to_string()),
        }
    }

    fn eval(&self, e: &Expr) -> Value {
        match e {
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::Template(s) => self.template(s),
            Expr::Num(n) => Value::Num(*n),
            Expr::Regex(b, f) => regex_value(b, f),
            Expr::Ident(name) => match name.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                "undefined" => Value::Undefined,
                _ => match self.lookup(name) {
                    Some(Binding::Value(v)) => v,
                    Some(_) => Value::Unknown(format!("{name} as a value")),
                    None => Value::Unknown(name.to_string()),
                },
            },
            Expr::Var(v) => Value::Unknown(format!("${v}")),
            Expr::Array(items) => Value::Array(items.iter().map(|i| self.eval(i)).collect()),
            Expr::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), self.eval(v)))
                    .collect(),
            ),
            Expr::Func(f) => Value::Func(f.clone()),
            Expr::New(inner) => match &**inner {
                Expr::Call(c, args, _) if matches!(&**c, Expr::Ident(n) if n == "RegExp") => {
                    match (
                        args.first().map(|a| self.eval(a)),
                        args.get(1).map(|a| self.eval(a)),
                    ) {
                        (Some(Value::Str(p)), flags) => {
                            let f = flags.and_then(|f| f.as_string()).unwrap_or_default();
                            regex_value(&p, &f)
                        }
                        _ => Value::Unknown("new RegExp(…)".to_string()),
                    }
                }
                Expr::Call(c, _, _) if matches!(&**c, Expr::Ident(n) if n.ends_with("Error")) => {
                    Value::Error
                }
                _ => Value::Unknown("new …".to_string()),
            },
            Expr::Member(object, name) => self.member(object, name),
            Expr::Index(object, index) => {
                let key = self.eval(index);
                if let (Expr::Member(inner, h), Some(k)) = (&**object, key.as_string())
                    && h == "headers"
                    && matches!(self.binding_of(inner), Some(Binding::Req))
                {
                    return self.header(&k);
                }
                // `process.env['X']`: undefined, as `process.env.X` (the environment is taken
                // as empty).
                if let Expr::Member(inner, env) = &**object
                    && env == "env"
                    && matches!(&**inner, Expr::Ident(p) if p == "process")
                {
                    return Value::Undefined;
                }
                match (self.eval(object), key) {
                    (Value::Array(items), Value::Num(n)) => {
                        items.get(n as usize).cloned().unwrap_or(Value::Undefined)
                    }
                    (obj @ Value::Object(_), Value::Str(k)) => {
                        obj.get(&k).cloned().unwrap_or(Value::Undefined)
                    }
                    _ => Value::Unknown("an index".to_string()),
                }
            }
            Expr::Call(callee, args, line) => self.call(callee, args, *line),
            Expr::Binary(op, a, b) => self.binary(op, a, b),
            Expr::Unary(op, a) => {
                let v = self.eval(a);
                match *op {
                    "!" => match v.truthy() {
                        Some(t) => Value::Bool(!t),
                        None => v,
                    },
                    "-" => match v {
                        Value::Num(n) => Value::Num(-n),
                        _ => Value::Unknown("-".to_string()),
                    },
                    _ => Value::Unknown((*op).to_string()),
                }
            }
            Expr::Cond(c, a, b) => match self.eval(c).truthy() {
                Some(true) => self.eval(a),
                Some(false) => self.eval(b),
                None => Value::Unknown("a ?: condition".to_string()),
            },
            Expr::Assign(..) => Value::Unknown("an assignment".to_string()),
            Expr::Unknown => Value::Unknown("an expression".to_string()),
        }
    }

    fn binding_of(&self, e: &Expr) -> Option<Binding> {
        match e {
            Expr::Ident(n) => self.lookup(n),
            _ => None,
        }
    }

    fn template(&self, s: &str) -> Value {
        let mut out = String::new();
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            out.push_str(rest.get(..start).unwrap_or(""));
            let after = rest.get(start + 2..).unwrap_or("");
            let Some(end) = after.find('}') else {
                return Value::Unknown("a template".to_string());
            };
            let inner = after.get(..end).unwrap_or("");
            let Ok(toks) = js::lex(inner, Lang::Js) else {
                return Value::Unknown("a template".to_string());
            };
            let e = Parser::new(toks, Lang::Js).expr();
            match self.eval(&e).as_string() {
                Some(v) => out.push_str(&v),
                None => return Value::Unknown(format!("${{{inner}}}")),
            }
            rest = after.get(end + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Value::Str(out)
    }

    fn member(&self, object: &Expr, name: &str) -> Value {
        if let Expr::Member(inner, h) = object
            && h == "headers"
            && matches!(self.binding_of(inner), Some(Binding::Req))
        {
            return self.header(name);
        }
        match self.binding_of(object) {
            Some(Binding::Req) => {
                let Some(r) = self.request else {
                    return Value::Unknown(format!("req.{name}"));
                };
                return match name {
                    "method" => Value::Str(r.method.clone()),
                    "path" => Value::Str(r.path().to_string()),
                    "url" | "originalUrl" => Value::Str(r.target.clone()),
                    _ => Value::Unknown(format!("req.{name}")),
                };
            }
            Some(Binding::Res | Binding::Next | Binding::Callback) => {
                return Value::Unknown(name.to_string());
            }
            _ => {}
        }
        if let Expr::Ident(n) = object
            && n == "express"
        {
            return Value::Unknown(format!("express.{name}"));
        }
        // The environment is taken as empty: `process.env.X` is undefined, so the fallback the
        // configuration gives (`process.env.X || 'http://localhost:3000'`) is what applies.
        if let Expr::Member(inner, env) = object
            && env == "env"
            && matches!(&**inner, Expr::Ident(p) if p == "process")
        {
            return Value::Undefined;
        }
        match (self.eval(object), name) {
            (Value::Array(items), "length") => Value::Num(items.len() as f64),
            (Value::Str(s), "length") => Value::Num(s.chars().count() as f64),
            (obj @ Value::Object(_), key) => obj.get(key).cloned().unwrap_or(Value::Undefined),
            (Value::Unknown(w), _) => Value::Unknown(w),
            _ => Value::Unknown(format!(".{name}")),
        }
    }

    fn call(&self, callee: &Expr, args: &[Expr], line: usize) -> Value {
        let arg = |i: usize| {
            args.get(i)
                .map(|a| self.eval(a))
                .unwrap_or(Value::Undefined)
        };
        match callee {
            Expr::Ident(n) if n == "cors" => {
                return Value::Cors(Box::new(arg(0)), line);
            }
            Expr::Ident(n) if n == "require" => {
                return match arg(0).as_string().as_deref() {
                    Some("cors") => Value::CorsFactory,
                    _ => Value::Unknown("require(…)".to_string()),
                };
            }
            Expr::Ident(n)
                if matches!(self.lookup(n), Some(Binding::Value(Value::CorsFactory))) =>
            {
                return Value::Cors(Box::new(arg(0)), line);
            }
            // Numbers as JavaScript reads them: NaN for what is not one (`parseInt(undefined)`).
            Expr::Ident(n) if n == "parseInt" || n == "Number" => {
                return match arg(0) {
                    Value::Num(x) => Value::Num(if n == "parseInt" { x.trunc() } else { x }),
                    Value::Undefined => Value::Num(f64::NAN),
                    Value::Str(t) => {
                        let t = t.trim();
                        let digits: String = if n == "parseInt" {
                            t.chars()
                                .enumerate()
                                .take_while(|(i, c)| {
                                    c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+'))
                                })
                                .map(|(_, c)| c)
                                .collect()
                        } else {
                            t.to_string()
                        };
                        Value::Num(digits.parse::<f64>().unwrap_or(f64::NAN))
                    }
                    Value::Unknown(w) => Value::Unknown(w),
                    _ => Value::Unknown(format!("{n}(…)")),
                };
            }
            Expr::Ident(n) if n == "String" => {
                return arg(0)
                    .as_string()
                    .map(Value::Str)
                    .unwrap_or(Value::Unknown("String(…)".to_string()));
            }
            Expr::Ident(n) if n == "Boolean" => {
                return arg(0)
                    .truthy()
                    .map(Value::Bool)
                    .unwrap_or(Value::Unknown("Boolean(…)".to_string()));
            }
            Expr::Member(object, method) => {
                if let Expr::Ident(n) = &**object
                    && n == "express"
                {
                    return Value::Passthrough;
                }
                if matches!(self.binding_of(object), Some(Binding::Req))
                    && matches!(method.as_str(), "header" | "get")
                {
                    return match arg(0).as_string() {
                        Some(h) => self.header(&h),
                        None => Value::Unknown("req.get(…)".to_string()),
                    };
                }
                if let Expr::Ident(n) = &**object
                    && n == "Array"
                    && method == "isArray"
                {
                    return Value::Bool(matches!(arg(0), Value::Array(_)));
                }
                let target = self.eval(object);
                let a = arg(0);
                return match (target, method.as_str()) {
                    (Value::Array(items), "includes") => {
                        let mut result = Value::Bool(false);
                        for i in &items {
                            match strict_eq(i, &a) {
                                Some(true) => return Value::Bool(true),
                                None => result = Value::Unknown("includes".to_string()),
                                Some(false) => {}
                            }
                        }
                        result
                    }
                    (Value::Array(items), "indexOf") => {
                        for (i, item) in items.iter().enumerate() {
                            match strict_eq(item, &a) {
                                Some(true) => return Value::Num(i as f64),
                                None => return Value::Unknown("indexOf".to_string()),
                                Some(false) => {}
                            }
                        }
                        Value::Num(-1.0)
                    }
                    (Value::Array(items), "some") => {
                        let _ = items;
                        Value::Unknown("Array.some".to_string())
                    }
                    (Value::Str(s), m @ ("endsWith" | "startsWith" | "includes")) => {
                        match a.as_string() {
                            Some(x) if !matches!(a, Value::Undefined) => Value::Bool(match m {
                                "endsWith" => s.ends_with(&x),
                                "startsWith" => s.starts_with(&x),
                                _ => s.contains(&x),
                            }),
                            _ => Value::Unknown(format!(".{m}")),
                        }
                    }
                    (Value::Str(s), "toLowerCase") => Value::Str(s.to_lowercase()),
                    (Value::Str(s), "trim") => Value::Str(s.trim().to_string()),
                    (Value::Str(s), "split") => match a.as_string() {
                        Some(sep) => Value::Array(
                            s.split(sep.as_str())
                                .map(|p| Value::Str(p.to_string()))
                                .collect(),
                        ),
                        None => Value::Unknown("split".to_string()),
                    },
                    (Value::Regex(r), "test") => {
                        let subject = match a {
                            Value::Unknown(w) => return Value::Unknown(w),
                            other => other.as_string().unwrap_or_default(),
                        };
                        match r.search(&subject) {
                            Ok(m) => Value::Bool(m.is_some()),
                            Err(e) => Value::Unknown(e.to_string()),
                        }
                    }
                    (Value::Unknown(w), _) => Value::Unknown(w),
                    // `undefined?.split(',')` (the reader does not tell `?.` from `.`).
                    (Value::Undefined, _) => Value::Undefined,
                    _ => Value::Unknown(format!(".{method}(…)")),
                };
            }
            _ => {}
        }
        Value::Unknown("a call".to_string())
    }

    fn binary(&self, op: &str, a: &Expr, b: &Expr) -> Value {
        let left = self.eval(a);
        match op {
            "&&" => match left.truthy() {
                Some(false) => left,
                Some(true) => self.eval(b),
                None => match self.eval(b).truthy() {
                    Some(false) => Value::Bool(false),
                    _ => left,
                },
            },
            "||" => match left.truthy() {
                Some(true) => left,
                Some(false) => self.eval(b),
                None => match self.eval(b).truthy() {
                    Some(true) => Value::Bool(true),
                    _ => left,
                },
            },
            "??" => match left {
                Value::Undefined | Value::Null => self.eval(b),
                other => other,
            },
            "===" | "==" | "!==" | "!=" => {
                let right = self.eval(b);
                let loose = |x: &Value, y: &Value| match (x, y) {
                    (Value::Null | Value::Undefined, Value::Null | Value::Undefined) => Some(true),
                    _ => strict_eq(x, y),
                };
                let eq = if op.len() == 3 {
                    strict_eq(&left, &right)
                } else {
                    loose(&left, &right)
                };
                match eq {
                    Some(e) => Value::Bool(e == op.starts_with('=')),
                    None => Value::Unknown(format!("a {op} comparison")),
                }
            }
            "<" | ">" | "<=" | ">=" => match (left, self.eval(b)) {
                (Value::Num(x), Value::Num(y)) => Value::Bool(match op {
                    "<" => x < y,
                    ">" => x > y,
                    "<=" => x <= y,
                    _ => x >= y,
                }),
                _ => Value::Unknown(format!("a {op} comparison")),
            },
            "+" => match (left, self.eval(b)) {
                (Value::Num(x), Value::Num(y)) => Value::Num(x + y),
                (x, y) => match (x.as_string(), y.as_string()) {
                    (Some(x), Some(y)) => Value::Str(x + &y),
                    _ => Value::Unknown("+".to_string()),
                },
            },
            _ => Value::Unknown(op.to_string()),
        }
    }
}

/// Node's outgoing header map: one entry per lowercased name, in the order first set.
#[derive(Default, Clone, Debug)]
struct Headers {
    entries: Vec<(String, Vec<String>, Origin)>,
}

impl Headers {
    fn position(&self, name: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|(n, _, _)| n.eq_ignore_ascii_case(name))
    }

    fn set(&mut self, name: &str, values: Vec<String>, from: Origin) {
        match self.position(name) {
            Some(i) => {
                if let Some(e) = self.entries.get_mut(i) {
                    *e = (name.to_string(), values, from);
                }
            }
            None => self.entries.push((name.to_string(), values, from)),
        }
    }

    fn get(&self, name: &str) -> Option<String> {
        self.position(name)
            .and_then(|i| self.entries.get(i))
            .map(|(_, v, _)| v.join(", "))
    }

    fn remove(&mut self, name: &str) {
        self.entries
            .retain(|(n, _, _)| !n.eq_ignore_ascii_case(name));
    }

    fn vary(&mut self, field: &str, from: Origin) {
        let current = self.get("Vary").unwrap_or_default();
        let next = vary_append(&current, field);
        if next != current {
            self.set("Vary", vec![next], from);
        }
    }
}

/// The response being built while the layers run.
struct Res {
    headers: Headers,
    status: u16,
    ended: bool,
    notes: Vec<(usize, NoteKind)>,
}

enum Flow {
    Continue,
    Next,
    NextError,
    Return,
    Throw,
    Ended,
    Callback(Value, Value),
}

fn header_values(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(items) => items.iter().map(|i| i.as_string()).collect(),
        other => other.as_string().map(|s| vec![s]),
    }
}

impl Config {
    /// Lines read but not modelled, with what they are.
    pub fn unmodelled(&self) -> &[(usize, String)] {
        &self.unmodelled
    }

    /// The response the application sends to `request`; `backend` says whether the route
    /// handler fails (500: it throws) or the path has no route (404).
    pub fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        let globals = &self.globals;
        let mut res = Res {
            headers: Headers::default(),
            status: 200,
            ended: false,
            notes: Vec::new(),
        };
        res.headers
            .set("X-Powered-By", vec!["Express".to_string()], Origin::Server);
        let path = request.path();
        let method = request.method.to_ascii_uppercase();
        let mut error = false;
        let mut route_methods: Vec<String> = Vec::new();
        'layers: for layer in &self.layers {
            let is_route = layer.method.is_some();
            let path_ok = if is_route {
                route_matches(&layer.path, path)
            } else {
                use_matches(&layer.path, path)
            };
            if !path_ok {
                continue;
            }
            if let Some(m) = &layer.method {
                if m != "ALL" && !route_methods.contains(m) && !backend.missing() {
                    route_methods.push(m.clone());
                }
                let method_ok = m == "ALL" || *m == method || (m == "GET" && method == "HEAD");
                if !method_ok {
                    continue;
                }
            }
            for handler in &layer.handlers {
                let flow = match handler {
                    Handler::Cors(options, line) => {
                        if error {
                            continue;
                        }
                        cors(options, *line, request, &mut res, globals)
                    }
                    Handler::Passthrough(_) => {
                        if error {
                            continue;
                        }
                        Flow::Next
                    }
                    Handler::Unknown(line, what) => {
                        if error {
                            continue;
                        }
                        res.notes.push((
                            *line,
                            NoteKind::CannotEvaluate {
                                what: format!("{what} (taken as a middleware that calls next())"),
                            },
                        ));
                        Flow::Next
                    }
                    Handler::Func(f, _) => {
                        let error_handler = f.params.len() >= 4;
                        if error != error_handler {
                            continue;
                        }
                        // The failing handler is the one that answers: a route handler
                        // without a `next` parameter (one with it is middleware).
                        if is_route && backend.missing() && f.params.len() < 3 {
                            // No route answers at this path: only route middleware runs.
                            Flow::Next
                        } else if is_route && backend.fails() && f.params.len() < 3 {
                            res.notes.push((
                                f.line,
                                NoteKind::CannotEvaluate {
                                    what: "the handler fails (throws) in this case".to_string(),
                                },
                            ));
                            Flow::Throw
                        } else {
                            run_function(f, request, &mut res, error_handler, globals)
                        }
                    }
                };
                match flow {
                    Flow::Next | Flow::Continue | Flow::Return | Flow::Callback(..) => {
                        if res.ended {
                            break 'layers;
                        }
                        if matches!(flow, Flow::Return | Flow::Continue) {
                            // A middleware that neither answers nor calls next() leaves the
                            // request hanging; the model goes on, and says so.
                            res.notes.push((
                                handler_line(handler),
                                NoteKind::CannotEvaluate {
                                    what: "the function neither answers nor calls next() (the request would hang)".to_string(),
                                },
                            ));
                        }
                        if error {
                            error = false;
                        }
                    }
                    Flow::NextError | Flow::Throw => {
                        error = true;
                        continue 'layers;
                    }
                    Flow::Ended => break 'layers,
                }
            }
        }
        if !res.ended {
            if error {
                // finalhandler: 500, headers set so far kept.
                res.status = 500;
            } else if method == "OPTIONS" && !route_methods.is_empty() {
                let mut allow: Vec<String> = Vec::new();
                for m in &route_methods {
                    let m = m.clone();
                    if !allow.contains(&m) {
                        allow.push(m.clone());
                    }
                    if m == "GET" && !allow.contains(&"HEAD".to_string()) {
                        allow.push("HEAD".to_string());
                    }
                }
                res.status = 200;
                res.headers
                    .set("Allow", vec![allow.join(",")], Origin::Server);
            } else {
                res.status = 404;
            }
        }
        let mut out = ServerResponse::new(res.status);
        for (line, kind) in res.notes {
            out.note(line, kind);
        }
        for (name, values, from) in res.headers.entries {
            for v in values {
                out.add(&name, &v, from.clone());
            }
        }
        out
    }
}

fn handler_line(h: &Handler) -> usize {
    match h {
        Handler::Cors(_, l)
        | Handler::Func(_, l)
        | Handler::Passthrough(l)
        | Handler::Unknown(l, _) => *l,
    }
}

/// `app.use(path)`: the path is a prefix ending at a segment boundary.
fn use_matches(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() || prefix == "*" {
        return true;
    }
    path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// A route path (Express 4, path-to-regexp 0.1): literal segments, `:param`, `*`; a trailing
/// slash is optional; case-insensitive.
fn route_matches(route: &str, path: &str) -> bool {
    if route == "*" {
        return true;
    }
    let route_parts: Vec<&str> = route.trim_end_matches('/').split('/').collect();
    let path_trimmed = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let path_parts: Vec<&str> = path_trimmed.split('/').collect();
    let mut i = 0;
    for (j, r) in route_parts.iter().enumerate() {
        if *r == "*" {
            return true;
        }
        let Some(p) = path_parts.get(i) else {
            return r.ends_with('?') && j + 1 == route_parts.len();
        };
        if let Some(param) = r.strip_prefix(':') {
            let _ = param;
            if p.is_empty() {
                return false;
            }
        } else if !r.eq_ignore_ascii_case(p) {
            return false;
        }
        i += 1;
    }
    i == path_parts.len()
}

fn run_function(
    f: &Func,
    request: &HttpRequest,
    res: &mut Res,
    error_handler: bool,
    globals: &HashMap<String, Value>,
) -> Flow {
    let mut scope = Scope {
        globals,
        locals: HashMap::new(),
        request: Some(request),
    };
    let params: Vec<&String> = if error_handler {
        f.params.iter().skip(1).collect()
    } else {
        f.params.iter().collect()
    };
    if let Some(p) = params.first() {
        scope.locals.insert((*p).clone(), Binding::Req);
    }
    if let Some(p) = params.get(1) {
        scope.locals.insert((*p).clone(), Binding::Res);
    }
    if let Some(p) = params.get(2) {
        scope.locals.insert((*p).clone(), Binding::Next);
    }
    exec(&f.body, &mut scope, res)
}

fn exec(stmts: &[Stmt], scope: &mut Scope<'_>, res: &mut Res) -> Flow {
    for s in stmts {
        let flow = match s {
            Stmt::Decl(name, value) => {
                let v = scope.eval(value);
                scope.locals.insert(name.clone(), Binding::Value(v));
                Flow::Continue
            }
            Stmt::Expr(e, line) => effect(e, *line, scope, res),
            Stmt::If(cond, then, otherwise, line) => match scope.eval(cond).truthy() {
                Some(true) => exec(then, scope, res),
                Some(false) => {
                    res.notes.push((*line, NoteKind::ConditionFalse));
                    exec(otherwise, scope, res)
                }
                None => {
                    res.notes.push((
                        *line,
                        NoteKind::CannotEvaluate {
                            what: "the condition (taken as false)".to_string(),
                        },
                    ));
                    exec(otherwise, scope, res)
                }
            },
            Stmt::Return(value, line) => {
                let flow = match value {
                    Some(e) => effect(e, *line, scope, res),
                    None => Flow::Return,
                };
                return match flow {
                    Flow::Continue => Flow::Return,
                    other => other,
                };
            }
            Stmt::Throw(_) => return Flow::Throw,
            Stmt::Exit(_) => return Flow::Return,
            Stmt::Block(b) => exec(b, scope, res),
            Stmt::Other(line) => {
                res.notes.push((
                    *line,
                    NoteKind::CannotEvaluate {
                        what: "a statement outside the subset read (skipped)".to_string(),
                    },
                ));
                Flow::Continue
            }
        };
        match flow {
            Flow::Continue => {}
            other => return other,
        }
    }
    Flow::Continue
}

/// Runs a statement-level expression: calls on `res`, `next`, a callback.
fn effect(e: &Expr, line: usize, scope: &mut Scope<'_>, res: &mut Res) -> Flow {
    let Expr::Call(callee, args, _) = e else {
        if let Expr::Assign(target, "=", value) = e {
            if let Expr::Ident(name) = &**target {
                let v = scope.eval(value);
                scope.locals.insert(name.clone(), Binding::Value(v));
            } else if let Expr::Member(obj, field) = &**target
                && field == "statusCode"
                && matches!(scope.binding_of(obj), Some(Binding::Res))
                && let Value::Num(n) = scope.eval(value)
            {
                res.status = n as u16;
            }
        }
        return Flow::Continue;
    };
    let arg = |scope: &Scope<'_>, i: usize| {
        args.get(i)
            .map(|a| scope.eval(a))
            .unwrap_or(Value::Undefined)
    };
    if let Expr::Ident(name) = &**callee {
        match scope.lookup(name) {
            Some(Binding::Next) => {
                return match arg(scope, 0) {
                    Value::Undefined | Value::Null => Flow::Next,
                    Value::Str(s) if s == "route" || s == "router" => Flow::Next,
                    _ => Flow::NextError,
                };
            }
            Some(Binding::Callback) => {
                return Flow::Callback(arg(scope, 0), arg(scope, 1));
            }
            _ => {}
        }
    }
    // Chains on res: res.status(204).set(…).end().
    let mut chain = Vec::new();
    let mut cur: &Expr = e;
    loop {
        match cur {
            Expr::Call(c, a, l) => match &**c {
                Expr::Member(obj, m) => {
                    chain.push((m.clone(), a.clone(), *l));
                    cur = obj;
                }
                _ => return Flow::Continue,
            },
            Expr::Ident(_) => break,
            _ => return Flow::Continue,
        }
    }
    if !matches!(scope.binding_of(cur), Some(Binding::Res)) {
        return Flow::Continue;
    }
    chain.reverse();
    let from = Origin::Config { line };
    let mut flow = Flow::Continue;
    for (method, a, _) in chain {
        let val = |i: usize| a.get(i).map(|x| scope.eval(x)).unwrap_or(Value::Undefined);
        match method.as_str() {
            "setHeader" | "header" | "set" => {
                let first = val(0);
                if let Value::Object(fields) = &first {
                    for (k, v) in fields {
                        match header_values(v) {
                            Some(values) => res.headers.set(k, values, from.clone()),
                            None => res.notes.push((
                                line,
                                NoteKind::CannotEvaluate {
                                    what: format!("the value of {k} (header not set)"),
                                },
                            )),
                        }
                    }
                    continue;
                }
                let (Some(name), value) = (first.as_string(), val(1)) else {
                    res.notes.push((
                        line,
                        NoteKind::CannotEvaluate {
                            what: "the header name".to_string(),
                        },
                    ));
                    continue;
                };
                match (&value, header_values(&value)) {
                    (Value::Undefined, _) if method == "setHeader" => {
                        // Node throws on an undefined header value.
                        return Flow::Throw;
                    }
                    (_, Some(values)) => res.headers.set(&name, values, from.clone()),
                    (_, None) => res.notes.push((
                        line,
                        NoteKind::CannotEvaluate {
                            what: format!("the value of {name} (header not set)"),
                        },
                    )),
                }
            }
            "append" => {
                let (Some(name), Some(values)) = (val(0).as_string(), header_values(&val(1)))
                else {
                    continue;
                };
                let mut all: Vec<String> = res
                    .headers
                    .position(&name)
                    .and_then(|i| res.headers.entries.get(i))
                    .map(|(_, v, _)| v.clone())
                    .unwrap_or_default();
                all.extend(values);
                res.headers.set(&name, all, from.clone());
            }
            "vary" => {
                if let Some(f) = val(0).as_string() {
                    res.headers.vary(&f, from.clone());
                }
            }
            "removeHeader" => {
                if let Some(n) = val(0).as_string() {
                    res.headers.remove(&n);
                }
            }
            "status" => {
                if let Value::Num(n) = val(0) {
                    res.status = n as u16;
                }
            }
            "sendStatus" => {
                if let Value::Num(n) = val(0) {
                    res.status = n as u16;
                }
                res.ended = true;
                res.notes
                    .push((line, NoteKind::Answered { status: res.status }));
                flow = Flow::Ended;
            }
            "end" | "send" | "json" | "jsonp" | "sendFile" | "render" | "redirect" => {
                if method == "redirect" {
                    res.status = 302;
                }
                // Express 4's deprecated `res.send(status)`: a lone number is the status
                // (`lib/response.js`: "res.send(status): Use res.sendStatus(status) instead").
                if method == "send"
                    && args.len() == 1
                    && let Value::Num(n) = val(0)
                {
                    res.status = n as u16;
                }
                res.ended = true;
                res.notes
                    .push((line, NoteKind::Answered { status: res.status }));
                flow = Flow::Ended;
            }
            "type" | "contentType" | "cookie" | "clearCookie" | "location" | "links" | "format" => {
            }
            other => res.notes.push((
                line,
                NoteKind::CannotEvaluate {
                    what: format!("res.{other}"),
                },
            )),
        }
    }
    flow
}

/// The `cors` middleware (expressjs/cors 2.8.6, `middlewareWrapper` and `cors`).
fn cors(
    options: &Value,
    line: usize,
    request: &HttpRequest,
    res: &mut Res,
    globals: &HashMap<String, Value>,
) -> Flow {
    let from = Origin::Config { line };
    let get = |key: &str| options.get(key).cloned().unwrap_or(Value::Undefined);
    if let Value::Func(_) = options {
        res.notes.push((
            line,
            NoteKind::CannotEvaluate {
                what: "an options delegate function (CORS headers not added)".to_string(),
            },
        ));
        return Flow::Next;
    }
    if let Value::Unknown(what) = options {
        res.notes.push((
            line,
            NoteKind::CannotEvaluate {
                what: format!("the cors options ({what})"),
            },
        ));
        return Flow::Next;
    }
    let request_origin = request.header("origin").map(str::to_string);
    // originCallback: a function is called with the request's origin; otherwise the option
    // itself is the origin (falsy: CORS is skipped).
    let mut origin = match get("origin") {
        Value::Undefined => Value::Str("*".to_string()),
        v => v,
    };
    if let Value::Func(f) = &origin {
        let mut scope = Scope {
            globals,
            locals: HashMap::new(),
            request: Some(request),
        };
        if let Some(p) = f.params.first() {
            scope.locals.insert(
                p.clone(),
                Binding::Value(
                    request_origin
                        .clone()
                        .map(Value::Str)
                        .unwrap_or(Value::Undefined),
                ),
            );
        }
        if let Some(p) = f.params.get(1) {
            scope.locals.insert(p.clone(), Binding::Callback);
        }
        let mut scratch = Res {
            headers: Headers::default(),
            status: 200,
            ended: false,
            notes: Vec::new(),
        };
        match exec(&f.body, &mut scope, &mut scratch) {
            Flow::Callback(err, value) => {
                if !matches!(err, Value::Undefined | Value::Null) {
                    res.notes.push((f.line, NoteKind::OriginNotAllowed));
                    return Flow::NextError;
                }
                origin = value;
            }
            Flow::Throw => return Flow::NextError,
            _ => {
                res.notes.extend(scratch.notes);
                res.notes.push((
                    f.line,
                    NoteKind::CannotEvaluate {
                        what: "the origin function (CORS headers not added)".to_string(),
                    },
                ));
                return Flow::Next;
            }
        }
    }
    if !origin.truthy().unwrap_or(false) {
        return Flow::Next;
    }
    if let Value::BadRegex(what) = &origin {
        res.notes
            .push((line, NoteKind::CannotEvaluate { what: what.clone() }));
        return Flow::Next;
    }
    // configureOrigin
    let apply_origin = |res: &mut Res| match &origin {
        Value::Str(s) if s == "*" => {
            res.headers.set(
                "Access-Control-Allow-Origin",
                vec!["*".to_string()],
                from.clone(),
            );
        }
        Value::Str(s) => {
            res.headers
                .set("Access-Control-Allow-Origin", vec![s.clone()], from.clone());
            res.headers.vary("Origin", from.clone());
        }
        other => {
            let allowed = is_origin_allowed(request_origin.as_deref(), other);
            match (allowed, &request_origin) {
                (Some(true), Some(o)) => {
                    res.headers
                        .set("Access-Control-Allow-Origin", vec![o.clone()], from.clone())
                }
                (None, _) => res.notes.push((
                    line,
                    NoteKind::CannotEvaluate {
                        what: "the origin option (not allowed)".to_string(),
                    },
                )),
                _ => res.notes.push((line, NoteKind::OriginNotAllowed)),
            }
            res.headers.vary("Origin", from.clone());
        }
    };
    let credentials = matches!(get("credentials"), Value::Bool(true));
    let exposed = match get("exposedHeaders") {
        v if v.truthy() == Some(true) => header_values(&v).map(|x| x.join(",")),
        _ => None,
    };
    let method = request.method.to_ascii_uppercase();
    if method == "OPTIONS" {
        apply_origin(res);
        if credentials {
            res.headers.set(
                "Access-Control-Allow-Credentials",
                vec!["true".to_string()],
                from.clone(),
            );
        }
        let methods = match get("methods") {
            Value::Undefined => Some("GET,HEAD,PUT,PATCH,POST,DELETE".to_string()),
            v => header_values(&v).map(|x| x.join(",")),
        };
        if let Some(m) = methods.filter(|m| !m.is_empty()) {
            res.headers
                .set("Access-Control-Allow-Methods", vec![m], from.clone());
        }
        let allowed_headers = match get("allowedHeaders") {
            Value::Undefined | Value::Null | Value::Bool(false) => match get("headers") {
                Value::Undefined | Value::Null | Value::Bool(false) => None,
                v => Some(v),
            },
            v => Some(v),
        };
        let list = match allowed_headers {
            None => {
                res.headers
                    .vary("Access-Control-Request-Headers", from.clone());
                request
                    .header("access-control-request-headers")
                    .map(str::to_string)
            }
            Some(v) => header_values(&v).map(|x| x.join(",")),
        };
        if let Some(l) = list.filter(|l| !l.is_empty()) {
            res.headers
                .set("Access-Control-Allow-Headers", vec![l], from.clone());
        }
        let max_age = match get("maxAge") {
            Value::Num(n) => Some(js_number(n)),
            Value::Str(s) if !s.is_empty() => Some(s),
            _ => None,
        };
        if let Some(m) = max_age {
            res.headers
                .set("Access-Control-Max-Age", vec![m], from.clone());
        }
        if let Some(e) = exposed.filter(|e| !e.is_empty()) {
            res.headers
                .set("Access-Control-Expose-Headers", vec![e], from.clone());
        }
        if get("preflightContinue").truthy() == Some(true) {
            return Flow::Next;
        }
        res.status = match get("optionsSuccessStatus") {
            Value::Num(n) => n as u16,
            _ => 204,
        };
        res.headers
            .set("Content-Length", vec!["0".to_string()], from.clone());
        res.ended = true;
        res.notes
            .push((line, NoteKind::Answered { status: res.status }));
        Flow::Ended
    } else {
        apply_origin(res);
        if credentials {
            res.headers.set(
                "Access-Control-Allow-Credentials",
                vec!["true".to_string()],
                from.clone(),
            );
        }
        if let Some(e) = exposed.filter(|e| !e.is_empty()) {
            res.headers
                .set("Access-Control-Expose-Headers", vec![e], from.clone());
        }
        Flow::Next
    }
}

/// `isOriginAllowed`: arrays recursively, strings with `===`, RegExps with `test`, else
/// truthiness. `None` when part of it cannot be evaluated.
fn is_origin_allowed(origin: Option<&str>, allowed: &Value) -> Option<bool> {
    match allowed {
        Value::Array(items) => {
            for i in items {
                if is_origin_allowed(origin, i)? {
                    return Some(true);
                }
            }
            Some(false)
        }
        Value::Str(s) => Some(origin == Some(s.as_str())),
        Value::Regex(r) => r
            .search(origin.unwrap_or("undefined"))
            .ok()
            .map(|m| m.is_some()),
        Value::Unknown(_) | Value::BadRegex(_) => None,
        other => other.truthy(),
    }
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

    fn cors_lines(r: &ServerResponse) -> Vec<String> {
        r.headers
            .iter()
            .filter(|h| super::super::model::is_cors_header(&h.name))
            .map(|h| format!("{}: {}", h.name, h.value))
            .collect()
    }

    #[test]
    fn cors_with_whitelist() {
        let c = read("const cors = require('cors');\nconst app = express();\nconst whitelist = ['https://myapp.com', 'https://example.com'];\napp.use(cors({ origin: whitelist, credentials: true }));\napp.get('/api/items', (req, res) => res.json([]));\n").unwrap();
        let pre = c.respond(
            &req("OPTIONS", "/api/items", Some("https://example.com")),
            &Backend::default(),
        );
        assert_eq!(pre.status, 204);
        assert_eq!(
            cors_lines(&pre),
            vec![
                "Access-Control-Allow-Origin: https://example.com",
                "Vary: Origin, Access-Control-Request-Headers",
                "Access-Control-Allow-Credentials: true",
                "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                "Access-Control-Allow-Headers: content-type",
            ]
        );
        let get = c.respond(
            &req("GET", "/api/items", Some("https://evil.com")),
            &Backend::default(),
        );
        assert_eq!(
            cors_lines(&get),
            vec!["Vary: Origin", "Access-Control-Allow-Credentials: true"]
        );
    }

    #[test]
    fn hand_written_middleware_after_routes() {
        let c = read("app.get('/api/items', (req, res) => { throw new Error('x') });\napp.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', '*');\n  if (req.method === 'OPTIONS') {\n    return res.sendStatus(204);\n  }\n  next();\n});\n").unwrap();
        let get = c.respond(
            &req("GET", "/api/items", Some("https://a.example")),
            &Backend::default(),
        );
        assert_eq!(get.status, 500);
        assert!(cors_lines(&get).is_empty());
        let pre = c.respond(
            &req("OPTIONS", "/api/items", Some("https://a.example")),
            &Backend::default(),
        );
        assert_eq!(pre.status, 204);
        assert_eq!(cors_lines(&pre), vec!["Access-Control-Allow-Origin: *"]);
    }

    #[test]
    fn origin_function_with_includes() {
        let c = read("const allowedOrigins = ['https://app.example.com'];\nconst corsOptions = {\n  origin: function (origin, callback) {\n    if (!origin || allowedOrigins.includes(origin)) {\n      callback(null, true);\n    } else {\n      callback(new Error('Not allowed by CORS'));\n    }\n  },\n  credentials: true\n};\napp.use(cors(corsOptions));\n").unwrap();
        let ok = c.respond(
            &req("GET", "/x", Some("https://app.example.com")),
            &Backend::default(),
        );
        assert_eq!(
            cors_lines(&ok)[0],
            "Access-Control-Allow-Origin: https://app.example.com"
        );
        let bad = c.respond(
            &req("OPTIONS", "/x", Some("https://evil.example")),
            &Backend::default(),
        );
        assert_eq!(bad.status, 500);
        assert!(cors_lines(&bad).is_empty());
    }
}

#[cfg(test)]
mod fuzz_findings {
    /// A backslash outside a string once made the JavaScript lexer stop advancing (found by
    /// the `server_express` fuzz target).
    #[test]
    fn stray_backslash_is_an_error_not_a_hang() {
        let text = "app.usecors({ origin: /app\\.example\\.com/, c\\.com/, credentials: true }));";
        assert!(super::read(text).is_err());
    }
}
