//! A small reader for the Python people paste with Flask: imports, assignments, calls,
//! decorators, `def` blocks, `if`/`elif`/`else`, `return`, `raise`, literals (strings with their
//! `r`/`f` prefixes, numbers, lists, tuples, dicts). Lines outside the subset are kept as
//! [`PyStmt::Other`].

use std::borrow::Cow;

use super::{ConfigError, ConfigErrors};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PyTok<'a> {
    Name(&'a str),
    Str(Cow<'a, str>, bool),
    Num(f64),
    Op(&'static str),
}

#[derive(Clone, Debug)]
pub(crate) enum PyExpr {
    Str(String),
    FStr(String),
    Num(f64),
    Name(String),
    Attr(Box<PyExpr>, String),
    Index(Box<PyExpr>, Box<PyExpr>),
    Call(Box<PyExpr>, Vec<PyExpr>, Vec<(String, PyExpr)>),
    List(Vec<PyExpr>),
    Dict(Vec<(PyExpr, PyExpr)>),
    Binary(&'static str, Box<PyExpr>, Box<PyExpr>),
    Not(Box<PyExpr>),
    Unknown,
}

#[derive(Clone, Debug)]
pub(crate) enum PyStmt {
    Expr(PyExpr, usize),
    Assign(PyExpr, PyExpr, usize),
    Def {
        name: String,
        params: Vec<String>,
        decorators: Vec<(PyExpr, usize)>,
        body: Vec<PyStmt>,
        line: usize,
    },
    If(Vec<(PyExpr, Vec<PyStmt>, usize)>, Vec<PyStmt>),
    Return(Option<PyExpr>, usize),
    Raise,
    Other(usize),
}

struct Line<'a> {
    number: usize,
    indent: usize,
    toks: Vec<PyTok<'a>>,
}

const OPS: &[&str] = &[
    "**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", ":=", "(", ")", "[", "]", "{", "}", ",",
    ":", ".", "=", "+", "-", "*", "/", "%", "<", ">", "@", "|", "&", "~", "^", ";",
];

/// Splits the text into logical lines of tokens, with their indentation. It works on bytes:
/// every character with a meaning in Python's syntax is ASCII, so names and strings are slices
/// of the text between ASCII bytes and stay valid UTF-8.
fn lines(text: &str) -> Result<Vec<Line<'_>>, ConfigErrors> {
    let bytes = text.as_bytes();
    let slice = |a: usize, b: usize| text.get(a..b).unwrap_or_default();
    let mut i = 0usize;
    let mut number = 1usize;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut depth = 0i32;
    let mut current: Option<Line> = None;
    let at = |i: usize| bytes.get(i).copied();
    loop {
        let Some(c) = at(i) else {
            if let Some(l) = current.take() {
                out.push(l);
            }
            break;
        };
        if current.is_none() {
            // Start of a logical line: measure the indentation.
            let mut indent = 0;
            while let Some(d) = at(i) {
                match d {
                    b' ' => indent += 1,
                    b'\t' => indent += 8,
                    _ => break,
                }
                i += 1;
            }
            match at(i) {
                Some(b'\n') => {
                    number += 1;
                    i += 1;
                    continue;
                }
                Some(b'\r') => {
                    i += 1;
                    continue;
                }
                Some(b'#') => {
                    while at(i).is_some_and(|d| d != b'\n') {
                        i += 1;
                    }
                    continue;
                }
                None => break,
                _ => {}
            }
            current = Some(Line {
                number,
                indent,
                toks: Vec::new(),
            });
            continue;
        }
        match c {
            b'\n' => {
                number += 1;
                i += 1;
                if depth <= 0 {
                    if let Some(l) = current.take() {
                        out.push(l);
                    }
                    depth = 0;
                }
                continue;
            }
            b'\\' if at(i + 1) == Some(b'\n') => {
                i += 2;
                number += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => {
                i += 1;
                continue;
            }
            b'#' => {
                while at(i).is_some_and(|d| d != b'\n') {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        let Some(line) = current.as_mut() else {
            break;
        };
        // String prefixes: up to two of r, b, u, f.
        let mut j = i;
        let mut raw = false;
        let mut fstr = false;
        while j - i < 2
            && let Some(p) = at(j)
            && matches!(p, b'r' | b'R' | b'b' | b'B' | b'u' | b'U' | b'f' | b'F')
        {
            raw |= matches!(p, b'r' | b'R');
            fstr |= matches!(p, b'f' | b'F');
            j += 1;
        }
        if let Some(q @ (b'"' | b'\'')) = at(j) {
            let triple = at(j + 1) == Some(q) && at(j + 2) == Some(q);
            let start = number;
            i = j + if triple { 3 } else { 1 };
            let mut s = String::new();
            let content = i;
            let mut escaped = false;
            let mut run = i;
            let mut closed = false;
            while let Some(d) = at(i) {
                if d == q && (!triple || (at(i + 1) == Some(q) && at(i + 2) == Some(q))) {
                    s.push_str(slice(run, i));
                    i += if triple { 3 } else { 1 };
                    closed = true;
                    break;
                }
                if d == b'\n' {
                    number += 1;
                    if !triple {
                        break;
                    }
                }
                if d == b'\\' {
                    escaped = true;
                    s.push_str(slice(run, i));
                    let e = at(i + 1);
                    if raw {
                        s.push('\\');
                        i += 1;
                        run = i;
                        if e.is_some() {
                            // The escaped byte is kept (and cannot close the string).
                            let next = next_char_end(text, i);
                            s.push_str(slice(i, next));
                            i = next;
                            run = i;
                        }
                        continue;
                    }
                    match e {
                        Some(b'n') => s.push('\n'),
                        Some(b't') => s.push('\t'),
                        Some(b'\n') => number += 1,
                        Some(_) => {
                            let next = next_char_end(text, i + 1);
                            s.push_str(slice(i + 1, next));
                            i = next;
                            run = i;
                            continue;
                        }
                        None => {}
                    }
                    i += 2;
                    run = i;
                    continue;
                }
                i += 1;
            }
            if !closed {
                s.push_str(slice(run, i.min(bytes.len())));
                errors.push(ConfigError::new(start, "unterminated string"));
            }
            let value = if escaped || !closed {
                Cow::Owned(s)
            } else {
                let end = i - if triple { 3 } else { 1 };
                Cow::Borrowed(slice(content, end))
            };
            line.toks.push(PyTok::Str(value, fstr));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let start = i;
            while at(i).is_some_and(|d| d.is_ascii_alphanumeric() || d == b'_' || d >= 0x80) {
                i += 1;
            }
            line.toks.push(PyTok::Name(slice(start, i)));
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while at(i).is_some_and(|d| d.is_ascii_alphanumeric() || d == b'.' || d == b'_') {
                i += 1;
            }
            let t: String = slice(start, i).chars().filter(|c| *c != '_').collect();
            line.toks.push(PyTok::Num(t.parse().unwrap_or(0.0)));
            continue;
        }
        let rest = bytes.get(i..).unwrap_or_default();
        match OPS
            .iter()
            .find(|op| op.as_bytes().first() == Some(&c) && rest.starts_with(op.as_bytes()))
        {
            Some(op) => {
                match *op {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => {
                        depth -= 1;
                        if depth < 0 {
                            errors.push(ConfigError::new(number, format!("unexpected \"{op}\"")));
                            depth = 0;
                        }
                    }
                    _ => {}
                }
                i += op.len();
                line.toks.push(PyTok::Op(op));
            }
            None => {
                let next = next_char_end(text, i);
                errors.push(ConfigError::new(
                    number,
                    format!("unexpected character {:?}", slice(i, next)),
                ));
                i = next;
            }
        }
        if errors.len() > 50 {
            break;
        }
    }
    if depth > 0 {
        errors.push(ConfigError::new(number, "a bracket is never closed"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ConfigErrors(errors))
    }
}

/// The end of the character that starts at byte `i`.
fn next_char_end(text: &str, i: usize) -> usize {
    let mut j = i + 1;
    while j < text.len() && !text.is_char_boundary(j) {
        j += 1;
    }
    j.min(text.len().max(i + 1))
}

struct Exprs<'a> {
    toks: &'a [PyTok<'a>],
    pos: usize,
    depth: usize,
}

impl<'a> Exprs<'a> {
    fn peek(&self) -> Option<&'a PyTok<'a>> {
        self.toks.get(self.pos)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(PyTok::Op(o)) if *o == op)
    }

    fn is_name(&self, n: &str) -> bool {
        matches!(self.peek(), Some(PyTok::Name(x)) if *x == n)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> PyExpr {
        self.depth += 1;
        let e = if self.depth > 200 {
            PyExpr::Unknown
        } else {
            self.or()
        };
        self.depth -= 1;
        // A conditional expression `a if c else b`: not modelled.
        if self.is_name("if") {
            return PyExpr::Unknown;
        }
        e
    }

    fn or(&mut self) -> PyExpr {
        let mut left = self.and();
        while self.is_name("or") {
            self.pos += 1;
            let right = self.and();
            left = PyExpr::Binary("or", Box::new(left), Box::new(right));
        }
        left
    }

    fn and(&mut self) -> PyExpr {
        let mut left = self.not();
        while self.is_name("and") {
            self.pos += 1;
            let right = self.not();
            left = PyExpr::Binary("and", Box::new(left), Box::new(right));
        }
        left
    }

    fn not(&mut self) -> PyExpr {
        if self.is_name("not") {
            self.pos += 1;
            return PyExpr::Not(Box::new(self.not()));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PyExpr {
        let left = self.additive();
        let op: Option<&'static str> = if self.is_op("==") {
            Some("==")
        } else if self.is_op("!=") {
            Some("!=")
        } else if self.is_name("in") {
            Some("in")
        } else if self.is_name("not")
            && matches!(self.toks.get(self.pos + 1), Some(PyTok::Name(n)) if *n == "in")
        {
            self.pos += 1;
            Some("not in")
        } else if self.is_name("is") {
            if matches!(self.toks.get(self.pos + 1), Some(PyTok::Name(n)) if *n == "not") {
                self.pos += 1;
                Some("is not")
            } else {
                Some("is")
            }
        } else {
            None
        };
        match op {
            Some(op) => {
                self.pos += 1;
                let right = self.additive();
                PyExpr::Binary(op, Box::new(left), Box::new(right))
            }
            None => left,
        }
    }

    fn additive(&mut self) -> PyExpr {
        let mut left = self.postfix();
        while self.is_op("+") {
            self.pos += 1;
            let right = self.postfix();
            left = PyExpr::Binary("+", Box::new(left), Box::new(right));
        }
        left
    }

    fn postfix(&mut self) -> PyExpr {
        let mut e = self.primary();
        loop {
            if self.eat_op(".") {
                match self.peek().cloned() {
                    Some(PyTok::Name(n)) => {
                        self.pos += 1;
                        e = PyExpr::Attr(Box::new(e), n.to_string());
                    }
                    _ => return PyExpr::Unknown,
                }
            } else if self.eat_op("[") {
                let index = self.expr();
                if !self.eat_op("]") {
                    return PyExpr::Unknown;
                }
                e = PyExpr::Index(Box::new(e), Box::new(index));
            } else if self.eat_op("(") {
                let mut args = Vec::new();
                let mut kwargs = Vec::new();
                while !self.is_op(")") && self.peek().is_some() {
                    self.eat_op("**");
                    self.eat_op("*");
                    if let (Some(PyTok::Name(k)), Some(PyTok::Op("="))) =
                        (self.peek().cloned(), self.toks.get(self.pos + 1))
                    {
                        self.pos += 2;
                        kwargs.push((k.to_string(), self.expr()));
                    } else {
                        args.push(self.expr());
                    }
                    if !self.eat_op(",") {
                        break;
                    }
                }
                if !self.eat_op(")") {
                    return PyExpr::Unknown;
                }
                e = PyExpr::Call(Box::new(e), args, kwargs);
            } else {
                return e;
            }
        }
    }

    fn primary(&mut self) -> PyExpr {
        let Some(t) = self.peek().cloned() else {
            return PyExpr::Unknown;
        };
        self.pos += 1;
        match t {
            PyTok::Str(s, f) => {
                // Adjacent literals concatenate.
                let mut s = s.into_owned();
                let mut f = f;
                while let Some(PyTok::Str(more, mf)) = self.peek().cloned() {
                    s.push_str(&more);
                    f |= mf;
                    self.pos += 1;
                }
                if f { PyExpr::FStr(s) } else { PyExpr::Str(s) }
            }
            PyTok::Num(n) => PyExpr::Num(n),
            PyTok::Name(n) => PyExpr::Name(n.to_string()),
            PyTok::Op("-") => match self.primary() {
                PyExpr::Num(n) => PyExpr::Num(-n),
                _ => PyExpr::Unknown,
            },
            PyTok::Op(open @ ("(" | "[")) => {
                let close = if open == "(" { ")" } else { "]" };
                let mut items = Vec::new();
                while !self.is_op(close) && self.peek().is_some() {
                    items.push(self.expr());
                    if self.is_name("for") {
                        return PyExpr::Unknown;
                    }
                    if !self.eat_op(",") {
                        break;
                    }
                }
                if !self.eat_op(close) {
                    return PyExpr::Unknown;
                }
                if open == "(" && items.len() == 1 {
                    return items.pop().unwrap_or(PyExpr::Unknown);
                }
                PyExpr::List(items)
            }
            PyTok::Op("{") => {
                let mut pairs = Vec::new();
                let mut set = Vec::new();
                while !self.is_op("}") && self.peek().is_some() {
                    let k = self.expr();
                    if self.eat_op(":") {
                        let v = self.expr();
                        pairs.push((k, v));
                    } else {
                        set.push(k);
                    }
                    if !self.eat_op(",") {
                        break;
                    }
                }
                if !self.eat_op("}") {
                    return PyExpr::Unknown;
                }
                if pairs.is_empty() && !set.is_empty() {
                    PyExpr::List(set)
                } else {
                    PyExpr::Dict(pairs)
                }
            }
            _ => PyExpr::Unknown,
        }
    }
}

fn expr_of(toks: &[PyTok<'_>]) -> PyExpr {
    let mut p = Exprs {
        toks,
        pos: 0,
        depth: 0,
    };
    let e = p.expr();
    if p.pos < toks.len() {
        return PyExpr::Unknown;
    }
    e
}

/// Reads a Python module into statements.
pub(crate) fn parse(text: &str) -> Result<Vec<PyStmt>, ConfigErrors> {
    let lines = lines(text)?;
    let mut pos = 0usize;
    Ok(block(&lines, &mut pos, 0, 0))
}

fn block(lines: &[Line<'_>], pos: &mut usize, indent: usize, depth: usize) -> Vec<PyStmt> {
    let mut out = Vec::new();
    let mut decorators: Vec<(PyExpr, usize)> = Vec::new();
    while let Some(line) = lines.get(*pos) {
        if line.indent < indent || depth > 100 {
            break;
        }
        *pos += 1;
        let toks = line.toks.as_slice();
        let n = line.number;
        let first = toks.first();
        match first {
            Some(PyTok::Op("@")) => {
                decorators.push((expr_of(toks.get(1..).unwrap_or_default()), n));
            }
            Some(PyTok::Name(w))
                if *w == "def"
                    || (*w == "async"
                        && matches!(toks.get(1), Some(PyTok::Name(d)) if *d == "def")) =>
            {
                let skip = if *w == "async" { 1 } else { 0 };
                let name = match toks.get(1 + skip) {
                    Some(PyTok::Name(n)) => n.to_string(),
                    _ => String::new(),
                };
                let mut params = Vec::new();
                let mut depth_p = 0;
                for t in toks.get(2 + skip..).unwrap_or_default() {
                    match t {
                        PyTok::Op("(") => depth_p += 1,
                        PyTok::Op(")") => depth_p -= 1,
                        PyTok::Name(p) if depth_p == 1 => params.push(p.to_string()),
                        _ => {}
                    }
                }
                let body = suite(lines, pos, line, depth);
                out.push(PyStmt::Def {
                    name,
                    params,
                    decorators: std::mem::take(&mut decorators),
                    body,
                    line: n,
                });
            }
            Some(PyTok::Name(w)) if *w == "if" => {
                let mut branches = Vec::new();
                let cond = expr_of(strip_colon(toks.get(1..).unwrap_or_default()));
                let body = suite(lines, pos, line, depth);
                branches.push((cond, body, n));
                let mut otherwise = Vec::new();
                while let Some(next) = lines.get(*pos) {
                    if next.indent != line.indent {
                        break;
                    }
                    match next.toks.first() {
                        Some(PyTok::Name(e)) if *e == "elif" => {
                            *pos += 1;
                            let c = expr_of(strip_colon(next.toks.get(1..).unwrap_or_default()));
                            let b = suite(lines, pos, next, depth);
                            branches.push((c, b, next.number));
                        }
                        Some(PyTok::Name(e)) if *e == "else" => {
                            *pos += 1;
                            otherwise = suite(lines, pos, next, depth);
                            break;
                        }
                        _ => break,
                    }
                }
                out.push(PyStmt::If(branches, otherwise));
            }
            Some(PyTok::Name(w)) if *w == "return" => {
                // `return body, status, headers` is a tuple.
                let value = toks.get(1..).filter(|t| !t.is_empty()).map(|t| {
                    let parts = split_top_level(t);
                    if parts.len() > 1 {
                        PyExpr::List(parts.into_iter().map(expr_of).collect())
                    } else {
                        expr_of(t)
                    }
                });
                out.push(PyStmt::Return(value, n));
            }
            Some(PyTok::Name(w)) if *w == "raise" => out.push(PyStmt::Raise),
            Some(PyTok::Name(w))
                if matches!(*w, "import" | "from" | "pass" | "global" | "nonlocal") => {}
            Some(PyTok::Name(w))
                if matches!(
                    *w,
                    "class"
                        | "for"
                        | "while"
                        | "with"
                        | "try"
                        | "except"
                        | "finally"
                        | "elif"
                        | "else"
                ) =>
            {
                if toks.last() == Some(&PyTok::Op(":")) {
                    let body = suite(lines, pos, line, depth);
                    if *w == "try" || *w == "with" {
                        out.extend(body);
                        continue;
                    }
                }
                out.push(PyStmt::Other(n));
            }
            _ => {
                let mut level = 0i32;
                let eq = toks.iter().position(|t| {
                    match t {
                        PyTok::Op("(" | "[" | "{") => level += 1,
                        PyTok::Op(")" | "]" | "}") => level -= 1,
                        _ => {}
                    }
                    level == 0 && *t == PyTok::Op("=")
                });
                match eq {
                    Some(i) => {
                        let target = expr_of(toks.get(..i).unwrap_or_default());
                        let value = expr_of(toks.get(i + 1..).unwrap_or_default());
                        out.push(PyStmt::Assign(target, value, n));
                    }
                    None => {
                        let e = expr_of(toks);
                        if matches!(e, PyExpr::Unknown) {
                            out.push(PyStmt::Other(n));
                        } else {
                            out.push(PyStmt::Expr(e, n));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Splits tokens at the commas outside brackets.
fn split_top_level<'t, 'a>(toks: &'t [PyTok<'a>]) -> Vec<&'t [PyTok<'a>]> {
    let mut out = Vec::new();
    let mut level = 0i32;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        match t {
            PyTok::Op("(" | "[" | "{") => level += 1,
            PyTok::Op(")" | "]" | "}") => level -= 1,
            PyTok::Op(",") if level == 0 => {
                out.push(toks.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(toks.get(start..).unwrap_or_default());
    out.retain(|p| !p.is_empty());
    out
}

fn strip_colon<'t, 'a>(toks: &'t [PyTok<'a>]) -> &'t [PyTok<'a>] {
    match toks.split_last() {
        Some((PyTok::Op(":"), rest)) => rest,
        _ => toks,
    }
}

/// The indented block after a line ending with `:` (or the statement after the colon on the
/// same line).
fn suite(lines: &[Line<'_>], pos: &mut usize, header: &Line<'_>, depth: usize) -> Vec<PyStmt> {
    let colon = header
        .toks
        .iter()
        .rposition(|t| *t == PyTok::Op(":"))
        .unwrap_or(header.toks.len());
    let after = header.toks.get(colon + 1..).unwrap_or_default();
    if !after.is_empty() {
        let inline = [Line {
            number: header.number,
            indent: 0,
            toks: after.to_vec(),
        }];
        let mut p = 0;
        return block(&inline, &mut p, 0, depth + 1);
    }
    match lines.get(*pos) {
        Some(next) if next.indent > header.indent => block(lines, pos, next.indent, depth + 1),
        _ => Vec::new(),
    }
}
