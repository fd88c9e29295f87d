//! A reader for the JavaScript literals of a pasted `fetch(…)` call: strings (all three quotes,
//! with escapes), numbers, `true`/`false`/`null`/`undefined`, object and array literals, and
//! calls such as `JSON.stringify({…})` or `new Headers({…})`. Comments and trailing commas are
//! allowed. Nesting is limited so that no input can exhaust the stack.

use super::PasteError;

const MAX_DEPTH: usize = 64;

/// A JavaScript value as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum JsValue {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Undefined,
    Object(Vec<(String, JsValue, usize)>),
    Array(Vec<JsValue>),
    /// A call (`JSON.stringify(x)`, `new Headers(x)`): the callee as written and the arguments.
    Call(String, Vec<JsValue>),
    /// Any other expression (a variable name …), as written.
    Other(String),
    /// A string built at run time (a template literal with `${…}`, strings and names joined
    /// with `+`): the text known and the expressions whose values the paste does not give.
    Template(Vec<Piece>),
}

/// A part of a string built at run time.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    /// Text as written.
    Text(String),
    /// An expression (`API_URL`, `token`), as written.
    Expr(String),
}

impl JsValue {
    /// The value as JSON text (for `JSON.stringify`).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            JsValue::Str(s) => Value::String(s.clone()),
            JsValue::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => Value::from(*n as i64),
            JsValue::Num(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            JsValue::Bool(b) => Value::Bool(*b),
            JsValue::Null | JsValue::Undefined => Value::Null,
            JsValue::Object(fields) => {
                // Inserted one by one, not collected: the same map (a repeated key keeps its
                // last value) without a sort instantiated for it.
                let mut map = serde_json::Map::new();
                for (k, v, _) in fields {
                    map.insert(k.clone(), v.to_json());
                }
                Value::Object(map)
            }
            JsValue::Array(items) => Value::Array(items.iter().map(JsValue::to_json).collect()),
            JsValue::Call(..) | JsValue::Other(_) | JsValue::Template(_) => Value::Null,
        }
    }
}

pub(crate) struct Reader<'a> {
    pub text: &'a str,
    pub pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str, pos: usize) -> Self {
        Reader {
            text,
            pos,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn error(&self, at: usize, message: impl Into<String>) -> PasteError {
        PasteError::at(self.text, at, message)
    }

    /// Skips white space and comments.
    pub(crate) fn skip_space(&mut self) {
        loop {
            let rest = self.text.get(self.pos..).unwrap_or("");
            if rest.starts_with("//") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                self.pos += rest
                    .get(2..)
                    .and_then(|r| r.find("*/"))
                    .map_or(rest.len(), |i| i + 4);
            } else if let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
                self.pos += c.len_utf8();
            } else {
                return;
            }
        }
    }

    /// Consumes `c` (after white space), or fails saying what was expected.
    pub(crate) fn expect(&mut self, c: char, what: &str) -> Result<(), PasteError> {
        self.skip_space();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            Ok(())
        } else {
            Err(self.error(self.pos, format!("expected {what}, found {}", self.found())))
        }
    }

    /// Consumes `c` if it comes next (after white space).
    pub(crate) fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    pub(crate) fn found(&self) -> String {
        match self.peek() {
            None => "the end of the text".to_string(),
            Some(c) => format!("{c:?}"),
        }
    }

    fn identifier(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        self.text.get(start..self.pos).unwrap_or("").to_string()
    }

    /// Reads one value.
    pub(crate) fn value(&mut self) -> Result<JsValue, PasteError> {
        self.skip_space();
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.error(self.pos, "expected a value, found the end of the text"));
        };
        match c {
            '"' | '\'' | '`' => self.string().map(JsValue::Str),
            '{' => self.nested(start, Self::object),
            '[' => self.nested(start, Self::array),
            '-' | '+' | '.' | '0'..='9' => {
                let s = self.pos;
                self.bump();
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let text = self.text.get(s..self.pos).unwrap_or("");
                // `str::parse::<f64>`'s grammar and result, without its tables.
                Ok(super::number::parse_f64(&text.replace('_', ""))
                    .map_or_else(|| JsValue::Other(text.to_string()), JsValue::Num))
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let mut name = self.identifier();
                if name == "new" {
                    self.skip_space();
                    name = self.identifier();
                }
                match name.as_str() {
                    "true" => return Ok(JsValue::Bool(true)),
                    "false" => return Ok(JsValue::Bool(false)),
                    "null" => return Ok(JsValue::Null),
                    "undefined" => return Ok(JsValue::Undefined),
                    _ => {}
                }
                self.skip_space();
                if self.peek() == Some('(') {
                    let args = self.nested(start, Self::arguments)?;
                    Ok(JsValue::Call(name, args))
                } else {
                    Ok(JsValue::Other(name))
                }
            }
            other => Err(self.error(start, format!("expected a value, found {other:?}"))),
        }
    }

    fn nested<T>(
        &mut self,
        start: usize,
        f: fn(&mut Self) -> Result<T, PasteError>,
    ) -> Result<T, PasteError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(start, "values nested too deeply"));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// `(a, b, …)`: the arguments of a call.
    pub(crate) fn arguments(&mut self) -> Result<Vec<JsValue>, PasteError> {
        self.expect('(', "(")?;
        let mut args = Vec::new();
        loop {
            if self.eat(')') {
                return Ok(args);
            }
            args.push(self.value()?);
            if !self.eat(',') {
                self.expect(')', "a comma or )")?;
                return Ok(args);
            }
        }
    }

    fn array(&mut self) -> Result<JsValue, PasteError> {
        self.expect('[', "[")?;
        let mut items = Vec::new();
        loop {
            if self.eat(']') {
                return Ok(JsValue::Array(items));
            }
            items.push(self.value()?);
            if !self.eat(',') {
                self.expect(']', "a comma or ]")?;
                return Ok(JsValue::Array(items));
            }
        }
    }

    fn object(&mut self) -> Result<JsValue, PasteError> {
        self.expect('{', "{")?;
        let mut fields = Vec::new();
        loop {
            if self.eat('}') {
                return Ok(JsValue::Object(fields));
            }
            self.skip_space();
            let key_at = self.pos;
            let key = match self.peek() {
                Some('"' | '\'' | '`') => self.string()?,
                Some(c) if c.is_alphanumeric() || c == '_' || c == '$' => self.identifier(),
                _ => {
                    return Err(self.error(
                        key_at,
                        format!("expected a property name, found {}", self.found()),
                    ));
                }
            };
            self.skip_space();
            let value = if self.eat(':') {
                self.value()?
            } else {
                // Shorthand `{ body }`: a variable.
                JsValue::Other(key.clone())
            };
            fields.push((key, value, key_at));
            if !self.eat(',') {
                self.expect('}', "a comma or }")?;
                return Ok(JsValue::Object(fields));
            }
        }
    }

    /// A string literal with its escapes.
    fn string(&mut self) -> Result<String, PasteError> {
        let start = self.pos;
        let Some(quote) = self.bump() else {
            return Err(self.error(start, "expected a string"));
        };
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.error(start, "this string is never closed"));
            };
            match c {
                c if c == quote => return Ok(out),
                '\n' if quote != '`' => {
                    return Err(self.error(start, "this string is never closed on its line"));
                }
                '$' if quote == '`' && self.peek() == Some('{') => {
                    return Err(self.error(
                        self.pos.saturating_sub(1),
                        "a template literal with ${…} cannot be read (paste the URL or value itself)",
                    ));
                }
                '\\' => {
                    let Some(e) = self.bump() else {
                        return Err(self.error(start, "this string is never closed"));
                    };
                    match e {
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'v' => out.push('\u{b}'),
                        '0' => out.push('\0'),
                        '\r' => {
                            if self.peek() == Some('\n') {
                                self.bump();
                            }
                        }
                        '\n' | '\u{2028}' | '\u{2029}' => {}
                        'x' => {
                            let v = self.hex(2);
                            out.push(v.and_then(char::from_u32).unwrap_or('\u{fffd}'));
                        }
                        'u' => {
                            let v = if self.peek() == Some('{') {
                                self.bump();
                                let v = self.hex(6);
                                if self.peek() == Some('}') {
                                    self.bump();
                                }
                                v
                            } else {
                                self.unicode_escape()
                            };
                            out.push(v.and_then(char::from_u32).unwrap_or('\u{fffd}'));
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    /// The text from the reader's position on.
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// Reads one value as code writes it, never failing: literals as [`Reader::value`] reads
    /// them, template literals and `+` joins as [`JsValue::Template`], calls with their
    /// arguments, `await x` as `x`, and any other expression (a variable, a function, a
    /// condition, a method chain) skipped to its end and kept as written ([`JsValue::Other`]).
    /// It stops before the `,`, `;` or closing bracket that ends the expression, or at the end
    /// of a line that ends a statement. Linear in what it reads.
    pub(crate) fn loose(&mut self) -> JsValue {
        self.skip_space();
        let start = self.pos;
        let first = self.loose_primary();
        self.skip_inline_space();
        if self.joins() {
            let mut pieces = Vec::new();
            push_pieces(&mut pieces, first);
            while self.joins() {
                self.pos += 1;
                let next = self.loose_primary();
                push_pieces(&mut pieces, next);
                self.skip_inline_space();
            }
            let joined = JsValue::Template(pieces).simplified();
            return self.finish_expression(start, joined);
        }
        self.finish_expression(start, first)
    }

    /// Whether a `+` that joins two operands comes next.
    fn joins(&mut self) -> bool {
        let save = self.pos;
        self.skip_space();
        let rest = self.rest();
        let yes = rest.starts_with('+') && !rest.starts_with("++") && !rest.starts_with("+=");
        if !yes {
            self.pos = save;
        }
        yes
    }

    /// Skips spaces and tabs (not line breaks) and comments on the line.
    fn skip_inline_space(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\r' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// The value read, or the whole expression as written when more of it follows.
    fn finish_expression(&mut self, start: usize, value: JsValue) -> JsValue {
        if self.at_expression_end() {
            return value;
        }
        self.skip_expression();
        JsValue::Other(
            self.text
                .get(start..self.pos)
                .unwrap_or("")
                .trim()
                .to_string(),
        )
    }

    /// Whether the expression ends here: a terminator follows, or a line break after which a
    /// new statement starts.
    fn at_expression_end(&mut self) -> bool {
        let save = self.pos;
        self.skip_inline_space();
        let newline = self.peek() == Some('\n');
        self.skip_space();
        let end = match self.peek() {
            None | Some(',' | ')' | ']' | '}' | ';') => true,
            Some(c) => newline && starts_statement(c),
        };
        self.pos = save;
        if end {
            self.skip_inline_space();
        }
        end
    }

    fn loose_primary(&mut self) -> JsValue {
        self.skip_space();
        let start = self.pos;
        let Some(c) = self.peek() else {
            return JsValue::Undefined;
        };
        match c {
            '"' | '\'' => match self.string() {
                Ok(s) => JsValue::Str(s),
                Err(_) => {
                    // A string left open (a mask that ate its quote): the rest of its line.
                    self.pos = self.pos.max(start + 1);
                    JsValue::Other(self.text.get(start..self.pos).unwrap_or("").to_string())
                }
            },
            '`' => self.template(),
            '{' | '[' if self.depth >= MAX_DEPTH => {
                self.skip_expression();
                self.progress(start);
                JsValue::Other(String::new())
            }
            '{' => {
                self.depth += 1;
                let v = self.loose_object();
                self.depth -= 1;
                v
            }
            '[' => {
                self.depth += 1;
                let v = self.loose_array();
                self.depth -= 1;
                v
            }
            '0'..='9' | '-' | '.' if !self.rest().starts_with("...") => {
                self.value().unwrap_or(JsValue::Undefined)
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let mut name = self.identifier();
                if name == "await" || name == "new" {
                    self.skip_inline_space();
                    if name == "await" {
                        return self.loose_primary();
                    }
                    name = self.identifier();
                }
                match name.as_str() {
                    "true" => return JsValue::Bool(true),
                    "false" => return JsValue::Bool(false),
                    "null" => return JsValue::Null,
                    "undefined" => return JsValue::Undefined,
                    "function" | "async" | "class" => {
                        self.skip_expression();
                        return JsValue::Other(
                            self.text.get(start..self.pos).unwrap_or("").to_string(),
                        );
                    }
                    _ => {}
                }
                self.skip_inline_space();
                if self.rest().starts_with("=>") {
                    self.skip_expression();
                    return JsValue::Other(
                        self.text.get(start..self.pos).unwrap_or("").to_string(),
                    );
                }
                if self.peek() == Some('(') && self.depth < MAX_DEPTH {
                    self.depth += 1;
                    let args = self.loose_arguments();
                    self.depth -= 1;
                    return JsValue::Call(name, args);
                }
                JsValue::Other(name)
            }
            _ => {
                self.skip_expression();
                self.progress(start);
                JsValue::Other(self.text.get(start..self.pos).unwrap_or("").to_string())
            }
        }
    }

    /// Moves one character on when nothing was read since `start` (so every loop ends).
    fn progress(&mut self, start: usize) {
        if self.pos == start {
            self.bump();
        }
    }

    /// `(a, b, …)` read loosely; the reader stops after `)` (or at the end of the text).
    pub(crate) fn loose_arguments(&mut self) -> Vec<JsValue> {
        let mut args = Vec::new();
        if !self.eat('(') {
            return args;
        }
        loop {
            let start = self.pos;
            if self.eat(')') {
                return args;
            }
            self.skip_space();
            match self.peek() {
                None | Some(']' | '}') => return args,
                _ => {}
            }
            args.push(self.loose());
            if !self.eat(',') {
                if self.eat(')') {
                    return args;
                }
                self.skip_space();
                match self.peek() {
                    None | Some(']' | '}') => return args,
                    _ => {
                        self.skip_expression();
                        self.progress(start);
                    }
                }
            }
        }
    }

    fn loose_object(&mut self) -> JsValue {
        let mut fields = Vec::new();
        self.eat('{');
        loop {
            self.skip_space();
            let at = self.pos;
            let Some(c) = self.peek() else {
                return JsValue::Object(fields);
            };
            if c == '}' {
                self.bump();
                return JsValue::Object(fields);
            }
            if matches!(c, ')' | ']') {
                return JsValue::Object(fields);
            }
            let key = if self.rest().starts_with("...") {
                self.pos += 3;
                let v = self.loose();
                fields.push(("...".to_string(), v, at));
                None
            } else {
                match c {
                    '"' | '\'' | '`' => self.string().ok(),
                    '[' => {
                        self.bump();
                        self.skip_expression();
                        self.eat(']');
                        Some(String::new())
                    }
                    c if c.is_alphanumeric() || c == '_' || c == '$' => Some(self.identifier()),
                    _ => None,
                }
            };
            if let Some(key) = key {
                self.skip_space();
                let value = if self.eat(':') {
                    self.loose()
                } else if self.peek() == Some('(') {
                    // A method: `beforeSend(xhr) { … }`.
                    let from = self.pos;
                    self.skip_expression();
                    JsValue::Other(self.text.get(from..self.pos).unwrap_or("").to_string())
                } else {
                    JsValue::Other(key.clone())
                };
                fields.push((key, value, at));
            }
            if !self.eat(',') {
                self.skip_space();
                if self.peek() != Some('}') {
                    self.skip_expression();
                    self.eat(',');
                }
            }
            self.progress(at);
        }
    }

    fn loose_array(&mut self) -> JsValue {
        let mut items = Vec::new();
        self.eat('[');
        loop {
            self.skip_space();
            let at = self.pos;
            match self.peek() {
                None | Some(')' | '}') => return JsValue::Array(items),
                Some(']') => {
                    self.bump();
                    return JsValue::Array(items);
                }
                _ => {}
            }
            if self.rest().starts_with("...") {
                self.pos += 3;
            }
            items.push(self.loose());
            if !self.eat(',') {
                self.skip_space();
                if self.peek() != Some(']') {
                    self.skip_expression();
                    self.eat(',');
                }
            }
            self.progress(at);
        }
    }

    /// A template literal: a string when it holds no `${…}`, else its pieces.
    fn template(&mut self) -> JsValue {
        let start = self.pos;
        self.bump();
        let mut pieces = Vec::new();
        let mut text = String::new();
        loop {
            let Some(c) = self.bump() else {
                return JsValue::Other(self.text.get(start..).unwrap_or("").to_string());
            };
            match c {
                '`' => break,
                '\\' => match self.bump() {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some(other) => text.push(other),
                    None => {}
                },
                '$' if self.peek() == Some('{') => {
                    self.bump();
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    let from = self.pos;
                    loop {
                        self.skip_expression();
                        match self.peek() {
                            Some('}') | None => break,
                            Some(_) => {
                                self.bump();
                            }
                        }
                    }
                    let expr = self
                        .text
                        .get(from..self.pos)
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    self.bump();
                    pieces.push(Piece::Expr(expr));
                }
                other => text.push(other),
            }
        }
        if pieces.is_empty() {
            return JsValue::Str(text);
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        JsValue::Template(pieces)
    }

    /// Skips an expression: to the `,`, `;` or closing bracket that ends it (not consumed), or
    /// to a line break after which a new statement starts. Strings, template literals,
    /// comments and brackets are skipped whole. Linear: every character is looked at once.
    pub(crate) fn skip_expression(&mut self) {
        let mut depth = 0usize;
        let mut last = ' ';
        while let Some(c) = self.peek() {
            match c {
                '"' | '\'' => {
                    self.bump();
                    while let Some(d) = self.bump() {
                        if d == '\\' {
                            self.bump();
                        } else if d == c || d == '\n' {
                            break;
                        }
                    }
                }
                '`' => {
                    if self.depth >= MAX_DEPTH {
                        self.bump();
                    } else {
                        self.depth += 1;
                        self.template();
                        self.depth -= 1;
                    }
                }
                '/' if self.rest().starts_with("//") || self.rest().starts_with("/*") => {
                    self.skip_space();
                    continue;
                }
                '(' | '[' | '{' => {
                    depth += 1;
                    self.bump();
                }
                ')' | ']' | '}' => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    self.bump();
                }
                ',' | ';' if depth == 0 => return,
                '\n' if depth == 0 => {
                    let operator = "+-*/%=?:&|,.([{<>!~^".contains(last);
                    let at = self.pos;
                    self.skip_space();
                    match self.peek() {
                        None => return,
                        Some(n) if !operator && (starts_statement(n) || n == '}') => {
                            self.pos = at;
                            return;
                        }
                        _ => {}
                    }
                    continue;
                }
                _ => {
                    self.bump();
                }
            }
            if !c.is_whitespace() {
                last = c;
            }
        }
    }

    /// `\uXXXX`, joining a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Option<u32> {
        let high = self.hex(4)?;
        if (0xd800..0xdc00).contains(&high) {
            let rest = self.text.get(self.pos..).unwrap_or("");
            if rest.starts_with("\\u") {
                let save = self.pos;
                self.pos += 2;
                match self.hex(4) {
                    Some(low) if (0xdc00..0xe000).contains(&low) => {
                        return Some(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00));
                    }
                    _ => self.pos = save,
                }
            }
        }
        Some(high)
    }

    fn hex(&mut self, max: usize) -> Option<u32> {
        let mut value = 0u32;
        let mut digits = 0;
        while digits < max {
            match self.peek().and_then(|c| c.to_digit(16)) {
                Some(d) => {
                    value = value * 16 + d;
                    digits += 1;
                    self.pos += 1;
                }
                None => break,
            }
        }
        (digits > 0).then_some(value)
    }
}

/// Whether a line starting with this character starts a new statement (a name, a keyword, a
/// quote), not the rest of an expression (an operator, a `.` of a method chain).
fn starts_statement(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '\'' || c == '"' || c == '`'
}

fn push_pieces(pieces: &mut Vec<Piece>, value: JsValue) {
    match value {
        JsValue::Str(s) => pieces.push(Piece::Text(s)),
        JsValue::Num(n) => pieces.push(Piece::Text(n.to_string())),
        JsValue::Template(more) => pieces.extend(more),
        JsValue::Other(e) => pieces.push(Piece::Expr(e)),
        JsValue::Call(name, _) => pieces.push(Piece::Expr(format!("{name}(…)"))),
        other => pieces.push(Piece::Expr(format!("{other:?}"))),
    }
}

impl JsValue {
    /// A template whose pieces are all text, as one string.
    pub(crate) fn simplified(self) -> JsValue {
        match self {
            JsValue::Template(pieces) if pieces.iter().all(|p| matches!(p, Piece::Text(_))) => {
                JsValue::Str(
                    pieces
                        .into_iter()
                        .map(|p| match p {
                            Piece::Text(t) | Piece::Expr(t) => t,
                        })
                        .collect(),
                )
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<JsValue, String> {
        Reader::new(text, 0).value().map_err(|e| e.to_string())
    }

    #[test]
    fn literals() {
        assert_eq!(
            read("'a\\'b\\u00e9\\x41\\uD83D\\uDE00'"),
            Ok(JsValue::Str("a'béA😀".into()))
        );
        assert_eq!(read("`x`"), Ok(JsValue::Str("x".into())));
        assert_eq!(
            read("[1, null, true,]"),
            Ok(JsValue::Array(vec![
                JsValue::Num(1.0),
                JsValue::Null,
                JsValue::Bool(true)
            ]))
        );
        assert_eq!(
            read("{a: 1, /* c */ 'b': \"x\", // d\n}"),
            Ok(JsValue::Object(vec![
                ("a".into(), JsValue::Num(1.0), 1),
                ("b".into(), JsValue::Str("x".into()), 15)
            ]))
        );
        assert_eq!(
            read("JSON.stringify({a: 1})")
                .map(|v| matches!(v, JsValue::Call(n, _) if n == "JSON.stringify")),
            Ok(true)
        );
        assert!(read("`${x}`").is_err());
        assert!(read(&"[".repeat(500)).is_err());
        assert_eq!(
            read("'abc"),
            Err("line 1, column 1: this string is never closed".to_string())
        );
    }

    #[test]
    fn json_of_objects_and_numbers() {
        let json = |text: &str| read(text).map(|v| v.to_json().to_string());
        // A repeated key keeps its last value, as `JSON.stringify` does; keys come out sorted.
        assert_eq!(
            json("{b: 1, a: 'x', b: 2}"),
            Ok(r#"{"a":"x","b":2}"#.into())
        );
        assert_eq!(
            json("[1_000, 1.5, -0.25e1, 1e400, .5]"),
            Ok("[1000,1.5,-2.5,null,0.5]".into())
        );
        assert_eq!(json("0x1F"), Ok("null".into()));
    }
}
