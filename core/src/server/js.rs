//! A small reader for the C-like languages of server code people paste — JavaScript (Express)
//! and PHP — enough to read the statements that set CORS headers: declarations, calls, `if`,
//! `return`, `throw`, functions and arrow functions, array and object literals, strings and
//! template strings, regular expression literals. Statements it cannot read are kept as
//! [`Stmt::Other`] with their line, so the model can say what it did not evaluate.

use super::{ConfigError, ConfigErrors};

/// Which language is being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    /// JavaScript.
    Js,
    /// PHP.
    Php,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Var(String),
    Str(String),
    Template(String),
    Num(f64),
    Regex(String, String),
    Punct(&'static str),
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: usize,
}

/// The words `statement_inner` reads a statement of its own from.
const STATEMENT_WORDS: &[&str] = &[
    "const",
    "let",
    "var",
    "if",
    "return",
    "throw",
    "echo",
    "print",
    "exit",
    "die",
    "function",
    "try",
    "for",
    "while",
    "switch",
    "class",
    "import",
    "export",
    "do",
    "foreach",
    "namespace",
    "use",
    "require_once",
    "include",
    "include_once",
];

const PUNCTS: &[&str] = &[
    "===", "!==", "...", "**=", "<=>", "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.",
    "++", "--", "+=", "-=", "*=", "/=", ".=", "::", "->", "{", "}", "(", ")", "[", "]", ";", ",",
    "<", ">", "+", "-", "*", "/", "%", "=", "!", "?", ":", ".", "&", "|", "^", "~", "@",
];

pub(crate) fn lex(text: &str, lang: Lang) -> Result<Vec<Token>, ConfigErrors> {
    // One allocation for the characters (collect() would grow it from a quarter of the length).
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    chars.extend(text.chars());
    let mut i = 0usize;
    let mut line = 1usize;
    let mut out: Vec<Token> = Vec::new();
    let mut errors = Vec::new();
    let mut depth: Vec<(char, usize)> = Vec::new();
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        if c == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // Comments.
        if c == '/' && at(i + 1) == Some('/')
            || (lang == Lang::Php && c == '#' && at(i + 1) != Some('['))
        {
            while let Some(d) = at(i) {
                if d == '\n' {
                    break;
                }
                i += 1;
            }
            continue;
        }
        if c == '/' && at(i + 1) == Some('*') {
            let start = line;
            i += 2;
            let mut closed = false;
            while let Some(d) = at(i) {
                if d == '\n' {
                    line += 1;
                }
                if d == '*' && at(i + 1) == Some('/') {
                    i += 2;
                    closed = true;
                    break;
                }
                i += 1;
            }
            if !closed {
                errors.push(ConfigError::new(start, "unterminated /* comment"));
            }
            continue;
        }
        if lang == Lang::Php && c == '<' && at(i + 1) == Some('?') {
            i += 2;
            while at(i).is_some_and(|d| d.is_ascii_alphanumeric()) {
                i += 1;
            }
            continue;
        }
        if lang == Lang::Php && c == '?' && at(i + 1) == Some('>') {
            i += 2;
            // Text after a closing tag is output, not code, until the next opening tag.
            while let Some(d) = at(i) {
                if d == '<' && at(i + 1) == Some('?') {
                    break;
                }
                if d == '\n' {
                    line += 1;
                }
                i += 1;
            }
            continue;
        }
        let start_line = line;
        if c == '"' || c == '\'' || (c == '`' && lang == Lang::Js) {
            i += 1;
            let mut s = String::new();
            let mut closed = false;
            while let Some(d) = at(i) {
                i += 1;
                if d == '\n' {
                    line += 1;
                    if c != '`' && lang == Lang::Js {
                        break;
                    }
                }
                if d == '\\' {
                    let Some(e) = at(i) else { break };
                    i += 1;
                    let single_php = lang == Lang::Php && c == '\'';
                    match e {
                        'n' if !single_php => s.push('\n'),
                        't' if !single_php => s.push('\t'),
                        'r' if !single_php => s.push('\r'),
                        '$' if lang == Lang::Php && c == '"' => s.push_str("\\$"),
                        _ if single_php && e != '\'' && e != '\\' => {
                            s.push('\\');
                            s.push(e);
                        }
                        '\n' => line += 1,
                        _ => s.push(e),
                    }
                    continue;
                }
                if d == c {
                    closed = true;
                    break;
                }
                s.push(d);
            }
            if !closed {
                errors.push(ConfigError::new(start_line, "unterminated string"));
            }
            let tok = if c == '`' || (lang == Lang::Php && c == '"') {
                Tok::Template(s)
            } else {
                Tok::Str(s)
            };
            out.push(Token {
                tok,
                line: start_line,
            });
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while at(i).is_some_and(|d| d.is_ascii_alphanumeric() || d == '.' || d == '_') {
                i += 1;
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or_default()
                .iter()
                .filter(|c| **c != '_')
                .collect();
            out.push(Token {
                tok: Tok::Num(text.parse().unwrap_or(0.0)),
                line,
            });
            continue;
        }
        if c == '$' && lang == Lang::Php {
            let start = i + 1;
            i += 1;
            while at(i).is_some_and(|d| d.is_alphanumeric() || d == '_') {
                i += 1;
            }
            let name: String = chars.get(start..i).unwrap_or_default().iter().collect();
            out.push(Token {
                tok: Tok::Var(name),
                line,
            });
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' || (c == '\\' && lang == Lang::Php) {
            let start = i;
            // The first character is part of the name whatever follows.
            i += 1;
            while at(i).is_some_and(|d| {
                d.is_alphanumeric() || d == '_' || d == '$' || (lang == Lang::Php && d == '\\')
            }) {
                i += 1;
            }
            let name: String = chars.get(start..i).unwrap_or_default().iter().collect();
            out.push(Token {
                tok: Tok::Ident(name),
                line,
            });
            continue;
        }
        // A regex literal where an expression may start.
        if c == '/' && lang == Lang::Js {
            let starts_expression = match out.last().map(|t| &t.tok) {
                None => true,
                Some(Tok::Punct(p)) => !matches!(*p, ")" | "]" | "}"),
                Some(Tok::Ident(w)) => {
                    matches!(w.as_str(), "return" | "typeof" | "case" | "in" | "of")
                }
                _ => false,
            };
            if starts_expression {
                i += 1;
                let mut body = String::new();
                let mut in_class = false;
                let mut closed = false;
                while let Some(d) = at(i) {
                    if d == '\n' {
                        break;
                    }
                    i += 1;
                    if d == '\\' {
                        body.push(d);
                        if let Some(e) = at(i) {
                            body.push(e);
                            i += 1;
                        }
                        continue;
                    }
                    if d == '[' {
                        in_class = true;
                    } else if d == ']' {
                        in_class = false;
                    } else if d == '/' && !in_class {
                        closed = true;
                        break;
                    }
                    body.push(d);
                }
                if !closed {
                    errors.push(ConfigError::new(
                        line,
                        "unterminated regular expression literal",
                    ));
                }
                let fstart = i;
                while at(i).is_some_and(|d| d.is_ascii_alphabetic()) {
                    i += 1;
                }
                let flags: String = chars.get(fstart..i).unwrap_or_default().iter().collect();
                out.push(Token {
                    tok: Tok::Regex(body, flags),
                    line,
                });
                continue;
            }
        }
        // The longest punctuator at `i` (PUNCTS lists the longer first). Compared byte by byte:
        // a `str` comparison per candidate (`starts_with`, `==`) is a `memcmp` call each, and
        // made 41% of the time of reading a 1 MiB Express file (perf, on the server bench).
        let matched = PUNCTS.iter().copied().find(|p| {
            p.bytes()
                .enumerate()
                .all(|(k, b)| chars.get(i + k) == Some(&char::from(b)))
        });
        match matched {
            Some(p) => {
                match c {
                    '(' | '[' | '{' if p.len() == 1 => depth.push((c, line)),
                    ')' | ']' | '}' => {
                        let want = match c {
                            ')' => '(',
                            ']' => '[',
                            _ => '{',
                        };
                        match depth.pop() {
                            Some((open, _)) if open == want => {}
                            Some((open, at_line)) => errors.push(ConfigError::new(
                                line,
                                format!("\"{p}\" closes \"{open}\" opened at line {at_line}"),
                            )),
                            None => {
                                errors.push(ConfigError::new(line, format!("unexpected \"{p}\"")))
                            }
                        }
                    }
                    _ => {}
                }
                i += p.len();
                out.push(Token {
                    tok: Tok::Punct(p),
                    line,
                });
            }
            None => {
                errors.push(ConfigError::new(
                    line,
                    format!("unexpected character {c:?}"),
                ));
                i += 1;
            }
        }
        if errors.len() > 50 {
            break;
        }
    }
    for (open, at_line) in depth {
        errors.push(ConfigError::new(
            at_line,
            format!("\"{open}\" is never closed"),
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ConfigErrors(errors))
    }
}

/// An expression.
#[derive(Clone, Debug)]
pub(crate) enum Expr {
    Str(String),
    Template(String),
    Num(f64),
    Ident(String),
    Var(String),
    Regex(String, String),
    Member(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>, usize),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Func(std::rc::Rc<Func>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Unary(&'static str, Box<Expr>),
    Assign(Box<Expr>, &'static str, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    New(Box<Expr>),
    Unknown,
}

/// A function: its parameters and body.
#[derive(Clone, Debug)]
pub(crate) struct Func {
    pub params: Vec<String>,
    pub body: Vec<Stmt>,
    pub line: usize,
}

/// A statement.
#[derive(Clone, Debug)]
pub(crate) enum Stmt {
    Expr(Expr, usize),
    Decl(String, Expr),
    If(Expr, Vec<Stmt>, Vec<Stmt>, usize),
    Return(Option<Expr>, usize),
    Throw(usize),
    Exit(usize),
    Block(Vec<Stmt>),
    Other(usize),
}

pub(crate) struct Parser {
    toks: Vec<Token>,
    pos: usize,
    lang: Lang,
    depth: usize,
}

const MAX_DEPTH: usize = 200;

impl Parser {
    pub(crate) fn new(toks: Vec<Token>, lang: Lang) -> Parser {
        Parser {
            toks,
            pos: 0,
            lang,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|t| &t.tok)
    }

    /// The current token, moved out of the list (the parser never reads a token behind it
    /// again, so its text need not be copied), and the position past it.
    fn take(&mut self) -> Option<Tok> {
        let t = self.toks.get_mut(self.pos)?;
        self.pos += 1;
        Some(std::mem::replace(&mut t.tok, Tok::Punct(";")))
    }

    /// The current token's name when it is an identifier, moved out, and the position past it.
    fn take_ident(&mut self) -> Option<String> {
        match self.toks.get_mut(self.pos) {
            Some(Token {
                tok: Tok::Ident(n), ..
            }) => {
                let name = std::mem::take(n);
                self.pos += 1;
                Some(name)
            }
            _ => None,
        }
    }

    pub(crate) fn line(&self) -> usize {
        self.toks
            .get(self.pos)
            .or_else(|| self.toks.last())
            .map(|t| t.line)
            .unwrap_or(1)
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(q)) if q == w)
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, w: &str) -> bool {
        if self.is_word(w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    /// Skips to the end of the statement that could not be read.
    fn skip_statement(&mut self, start_line: usize) {
        let mut depth = 0i32;
        while let Some(t) = self.toks.get(self.pos) {
            match &t.tok {
                Tok::Punct("(" | "[" | "{") => depth += 1,
                Tok::Punct(")" | "]") => depth -= 1,
                Tok::Punct("}") => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    if depth == 0 && t.line > start_line {
                        self.pos += 1;
                        return;
                    }
                }
                Tok::Punct(";") if depth <= 0 => {
                    self.pos += 1;
                    return;
                }
                _ if depth <= 0 && t.line > start_line => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    pub(crate) fn statements(&mut self, until_brace: bool) -> Vec<Stmt> {
        let mut out = Vec::new();
        while !self.at_end() {
            if until_brace && self.is("}") {
                break;
            }
            let before = self.pos;
            out.push(self.statement());
            if self.pos == before {
                self.pos += 1;
            }
        }
        out
    }

    fn block_or_statement(&mut self) -> Vec<Stmt> {
        if self.eat("{") {
            let body = self.statements(true);
            self.eat("}");
            body
        } else if self.eat(":") {
            // PHP's alternative syntax: if (…): … endif;
            let mut body = Vec::new();
            while !self.at_end() && !["endif", "else", "elseif"].iter().any(|w| self.is_word(w)) {
                let before = self.pos;
                body.push(self.statement());
                if self.pos == before {
                    self.pos += 1;
                }
            }
            body
        } else {
            vec![self.statement()]
        }
    }

    fn statement(&mut self) -> Stmt {
        let line = self.line();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            self.skip_statement(line);
            return Stmt::Other(line);
        }
        let s = self.statement_inner(line);
        self.depth -= 1;
        s
    }

    fn statement_inner(&mut self, line: usize) -> Stmt {
        if self.eat(";") {
            return Stmt::Block(Vec::new());
        }
        if self.eat("{") {
            let body = self.statements(true);
            self.eat("}");
            return Stmt::Block(body);
        }
        // Only a word that starts a statement of its own is copied (every expression statement
        // starts with an identifier too).
        let keyword = match self.peek() {
            Some(Tok::Ident(w)) if STATEMENT_WORDS.contains(&w.as_str()) => Some(w.clone()),
            _ => None,
        };
        if let Some(w) = keyword {
            match w.as_str() {
                "const" | "let" | "var" if self.lang == Lang::Js => {
                    self.pos += 1;
                    let name = match self.peek().cloned() {
                        Some(Tok::Ident(n)) => {
                            self.pos += 1;
                            n
                        }
                        _ => {
                            self.skip_statement(line);
                            return Stmt::Other(line);
                        }
                    };
                    let value = if self.eat("=") {
                        self.expr()
                    } else {
                        Expr::Unknown
                    };
                    self.eat(";");
                    return Stmt::Decl(name, value);
                }
                "if" => {
                    self.pos += 1;
                    if !self.eat("(") {
                        self.skip_statement(line);
                        return Stmt::Other(line);
                    }
                    let cond = self.expr();
                    self.eat(")");
                    let then = self.block_or_statement();
                    let otherwise = if self.eat_word("else") {
                        if self.is_word("if") {
                            vec![self.statement()]
                        } else {
                            self.block_or_statement()
                        }
                    } else if self.lang == Lang::Php && self.is_word("elseif") {
                        if let Some(t) = self.toks.get_mut(self.pos) {
                            t.tok = Tok::Ident("if".to_string());
                        }
                        vec![self.statement()]
                    } else {
                        Vec::new()
                    };
                    if self.eat_word("endif") {
                        self.eat(";");
                    }
                    return Stmt::If(cond, then, otherwise, line);
                }
                "return" => {
                    self.pos += 1;
                    let value = if self.is(";") || self.is("}") || self.at_end() {
                        None
                    } else {
                        Some(self.expr())
                    };
                    self.eat(";");
                    return Stmt::Return(value, line);
                }
                "throw" => {
                    self.pos += 1;
                    let _ = self.expr();
                    self.eat(";");
                    return Stmt::Throw(line);
                }
                "echo" | "print" if self.lang == Lang::Php => {
                    self.pos += 1;
                    let value = self.expr();
                    while self.eat(",") {
                        let _ = self.expr();
                    }
                    self.eat(";");
                    return Stmt::Expr(
                        Expr::Call(Box::new(Expr::Ident(w.clone())), vec![value], line),
                        line,
                    );
                }
                "exit" | "die" if self.lang == Lang::Php => {
                    self.pos += 1;
                    if self.eat("(") {
                        let _ = self.expr();
                        self.eat(")");
                    }
                    self.eat(";");
                    return Stmt::Exit(line);
                }
                "function" if matches!(self.peek_at(1), Some(Tok::Ident(_))) => {
                    self.pos += 1;
                    let name = match self.peek().cloned() {
                        Some(Tok::Ident(n)) => n,
                        _ => String::new(),
                    };
                    self.pos += 1;
                    let f = self.function_rest(line);
                    return Stmt::Decl(name, f);
                }
                "try" => {
                    self.pos += 1;
                    let body = self.block_or_statement();
                    while self.eat_word("catch") || self.eat_word("finally") {
                        if self.eat("(") {
                            while !self.at_end() && !self.eat(")") {
                                self.pos += 1;
                            }
                        }
                        let _ = self.block_or_statement();
                    }
                    return Stmt::Block(body);
                }
                "for" | "while" | "switch" | "class" | "import" | "export" | "do" | "foreach"
                | "namespace" | "use" | "require_once" | "include" | "include_once" => {
                    self.pos += 1;
                    self.skip_statement(line);
                    return Stmt::Other(line);
                }
                _ => {}
            }
        }
        let e = self.expr();
        if matches!(e, Expr::Unknown) {
            self.skip_statement(line);
            return Stmt::Other(line);
        }
        if !self.eat(";") && !self.is("}") && !self.at_end() && self.line() == line {
            // Something after the expression on the same line that we cannot read.
            self.skip_statement(line);
            return Stmt::Other(line);
        }
        Stmt::Expr(e, line)
    }

    fn function_rest(&mut self, line: usize) -> Expr {
        let mut params = Vec::new();
        if self.eat("(") {
            while !self.at_end() && !self.is(")") {
                match self.peek().cloned() {
                    Some(Tok::Ident(n)) | Some(Tok::Var(n)) => params.push(n),
                    _ => {}
                }
                self.pos += 1;
                if self.eat("=") {
                    let _ = self.assignment();
                }
            }
            self.eat(")");
        }
        // PHP return types, `use (…)`.
        while !self.at_end() && !self.is("{") && !self.is(";") {
            self.pos += 1;
        }
        let body = if self.eat("{") {
            let b = self.statements(true);
            self.eat("}");
            b
        } else {
            Vec::new()
        };
        Expr::Func(std::rc::Rc::new(Func { params, body, line }))
    }

    pub(crate) fn expr(&mut self) -> Expr {
        self.depth += 1;
        let e = if self.depth > MAX_DEPTH {
            Expr::Unknown
        } else {
            self.assignment()
        };
        self.depth -= 1;
        e
    }

    fn assignment(&mut self) -> Expr {
        // Arrow functions: `x => …`, `(a, b) => …`, `async (…) => …`.
        if self.is_word("async") {
            self.pos += 1;
        }
        if let Some(f) = self.arrow() {
            return f;
        }
        let left = self.conditional();
        for op in ["=", "+=", ".=", "??=", "-="] {
            if self.is(op) {
                self.pos += 1;
                let right = self.expr();
                let op: &'static str = match op {
                    "=" => "=",
                    "+=" => "+=",
                    ".=" => ".=",
                    "??=" => "??=",
                    _ => "-=",
                };
                return Expr::Assign(Box::new(left), op, Box::new(right));
            }
        }
        left
    }

    fn arrow(&mut self) -> Option<Expr> {
        if self.lang != Lang::Js {
            return None;
        }
        let line = self.line();
        let start = self.pos;
        let mut params = Vec::new();
        if matches!(
            (self.peek(), self.peek_at(1)),
            (Some(Tok::Ident(_)), Some(Tok::Punct("=>")))
        ) {
            params.extend(self.take_ident());
            self.pos += 1;
        } else if self.is("(") {
            let mut i = self.pos + 1;
            let mut depth = 1;
            while let Some(t) = self.toks.get(i) {
                match &t.tok {
                    Tok::Punct("(") => depth += 1,
                    Tok::Punct(")") => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Tok::Ident(n) if depth == 1 => params.push(n.clone()),
                    _ => {}
                }
                i += 1;
            }
            if !matches!(self.toks.get(i + 1).map(|t| &t.tok), Some(Tok::Punct("=>"))) {
                return None;
            }
            self.pos = i + 2;
        } else {
            return None;
        }
        let body = if self.eat("{") {
            let b = self.statements(true);
            self.eat("}");
            b
        } else {
            let e = self.assignment();
            vec![Stmt::Return(Some(e), line)]
        };
        let _ = start;
        Some(Expr::Func(std::rc::Rc::new(Func { params, body, line })))
    }

    fn conditional(&mut self) -> Expr {
        let cond = self.binary(0);
        // PHP's short ternary `a ?: b`.
        if self.lang == Lang::Php
            && self.is("?")
            && matches!(self.peek_at(1), Some(Tok::Punct(q)) if *q == ":")
        {
            self.eat("?");
            self.eat(":");
            let b = self.assignment();
            return Expr::Binary("?:", Box::new(cond), Box::new(b));
        }
        if self.eat("?") {
            let a = self.assignment();
            self.eat(":");
            let b = self.assignment();
            return Expr::Cond(Box::new(cond), Box::new(a), Box::new(b));
        }
        cond
    }

    fn binary(&mut self, level: usize) -> Expr {
        const LEVELS: &[&[&str]] = &[
            &["??"],
            &["||", "or"],
            &["&&", "and"],
            &["===", "!==", "==", "!="],
            &["<", ">", "<=", ">=", "instanceof", "in"],
            &["+", "-", "."],
            &["*", "/", "%"],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1);
        loop {
            let found = ops.iter().find(|op| {
                if **op == "." && self.lang != Lang::Php {
                    return false;
                }
                match self.peek() {
                    Some(Tok::Punct(p)) => p == *op,
                    Some(Tok::Ident(w)) => w == *op,
                    _ => false,
                }
            });
            let Some(op) = found else { break };
            let op: &'static str = op;
            self.pos += 1;
            let right = self.binary(level + 1);
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        left
    }

    fn unary(&mut self) -> Expr {
        for op in ["!", "-", "typeof", "await", "@", "void"] {
            let hit = match self.peek() {
                Some(Tok::Punct(p)) => *p == op,
                Some(Tok::Ident(w)) => w == op,
                _ => false,
            };
            if hit {
                self.pos += 1;
                let inner = self.unary();
                let op: &'static str = match op {
                    "!" => "!",
                    "-" => "-",
                    "typeof" => "typeof",
                    _ => "",
                };
                return if op.is_empty() {
                    inner
                } else {
                    Expr::Unary(op, Box::new(inner))
                };
            }
        }
        if self.eat_word("new") {
            let inner = self.postfix();
            return Expr::New(Box::new(inner));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Expr {
        let mut e = self.primary();
        loop {
            if self.is(".") && self.lang == Lang::Js || self.is("?.") || self.is("->") {
                self.pos += 1;
                match self.take_ident() {
                    Some(name) => e = Expr::Member(Box::new(e), name),
                    None => return Expr::Unknown,
                }
            } else if self.is("::") {
                self.pos += 1;
                if let Some(name) = self.take_ident() {
                    e = Expr::Member(Box::new(e), name);
                }
            } else if self.is("[") {
                self.pos += 1;
                if self.eat("]") {
                    e = Expr::Index(Box::new(e), Box::new(Expr::Unknown));
                    continue;
                }
                let index = self.expr();
                self.eat("]");
                e = Expr::Index(Box::new(e), Box::new(index));
            } else if self.is("(") {
                let line = self.line();
                self.pos += 1;
                let mut args = Vec::new();
                while !self.at_end() && !self.is(")") {
                    self.eat("...");
                    args.push(self.expr());
                    if !self.eat(",") {
                        break;
                    }
                }
                if !self.eat(")") {
                    return Expr::Unknown;
                }
                e = Expr::Call(Box::new(e), args, line);
            } else if self.is("++") || self.is("--") {
                self.pos += 1;
            } else {
                return e;
            }
        }
    }

    fn primary(&mut self) -> Expr {
        let line = self.line();
        let Some(t) = self.take() else {
            return Expr::Unknown;
        };
        match t {
            Tok::Str(s) => Expr::Str(s),
            Tok::Template(s) => Expr::Template(s),
            Tok::Num(n) => Expr::Num(n),
            Tok::Regex(b, f) => Expr::Regex(b, f),
            Tok::Var(v) => Expr::Var(v),
            Tok::Ident(w) if w == "function" || w == "fn" => self.function_rest(line),
            Tok::Ident(w) if w == "array" && self.is("(") => {
                self.pos += 1;
                self.list(")")
            }
            Tok::Ident(w) => Expr::Ident(w),
            Tok::Punct("(") => {
                let e = self.expr();
                self.eat(")");
                e
            }
            Tok::Punct("[") => self.list("]"),
            Tok::Punct("{") if self.lang == Lang::Js => {
                let mut fields = Vec::new();
                while !self.at_end() && !self.is("}") {
                    let key = match self.peek().cloned() {
                        Some(Tok::Ident(k)) | Some(Tok::Str(k)) => k,
                        _ => {
                            return Expr::Unknown;
                        }
                    };
                    self.pos += 1;
                    let value = if self.eat(":") {
                        self.expr()
                    } else if self.is("(") {
                        // A method: `origin(origin, callback) { … }`.
                        self.function_rest(line)
                    } else {
                        Expr::Ident(key.clone())
                    };
                    fields.push((key, value));
                    if !self.eat(",") {
                        break;
                    }
                }
                self.eat("}");
                Expr::Object(fields)
            }
            other => {
                // Not an expression: the token goes back for the caller to read.
                self.pos -= 1;
                if let Some(slot) = self.toks.get_mut(self.pos) {
                    slot.tok = other;
                }
                Expr::Unknown
            }
        }
    }

    /// An array literal (JavaScript `[…]`, PHP `[…]` and `array(…)`); PHP `'k' => v` pairs
    /// become an object.
    fn list(&mut self, close: &str) -> Expr {
        let mut items = Vec::new();
        let mut pairs = Vec::new();
        while !self.at_end() && !self.is(close) {
            let e = self.expr();
            if self.eat("=>") {
                let v = self.expr();
                if let Expr::Str(k) = e {
                    pairs.push((k, v));
                }
            } else {
                items.push(e);
            }
            if !self.eat(",") {
                break;
            }
        }
        self.eat(close);
        if !pairs.is_empty() {
            Expr::Object(pairs)
        } else {
            Expr::Array(items)
        }
    }
}
