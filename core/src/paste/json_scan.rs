//! Walking a large JSON text without building it: finding `log.entries` in a HAR and handing
//! out one entry's text at a time, so the analysis can run in chunks. Iterative (no recursion),
//! so no nesting depth can exhaust the stack.

use super::PasteError;

pub(crate) struct Scanner<'a> {
    pub text: &'a str,
    pub pos: usize,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str, pos: usize) -> Self {
        Scanner { text, pos }
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    pub(crate) fn error(&self, message: impl Into<String>) -> PasteError {
        PasteError::at(self.text, self.pos, message)
    }

    pub(crate) fn skip_ws(&mut self) {
        while matches!(self.byte(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Consumes `b` after white space; `false` if something else comes.
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.byte() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
            None => "the end of the file".to_string(),
            Some(c) => format!("{c:?}"),
        }
    }

    /// A string, decoded.
    pub(crate) fn string(&mut self) -> Result<String, PasteError> {
        self.skip_ws();
        let start = self.pos;
        self.skip_string()?;
        let raw = self.text.get(start..self.pos).unwrap_or("\"\"");
        serde_json::from_str(raw)
            .map_err(|e| PasteError::at(self.text, start, format!("not a valid JSON string: {e}")))
    }

    fn skip_string(&mut self) -> Result<(), PasteError> {
        if self.byte() != Some(b'"') {
            return Err(self.error(format!("expected a string, found {}", self.found())));
        }
        let start = self.pos;
        self.pos += 1;
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos) {
                None => {
                    self.pos = start;
                    return Err(self.error("this string is never closed"));
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => self.pos += 2,
                Some(_) => {
                    // Jump to the next quote or backslash.
                    let rest = bytes.get(self.pos..).unwrap_or(&[]);
                    match rest.iter().position(|&b| b == b'"' || b == b'\\') {
                        Some(k) => self.pos += k,
                        None => self.pos = bytes.len(),
                    }
                }
            }
        }
    }

    /// Skips one value (checking only that brackets and strings are balanced; the value's text
    /// is parsed properly by whoever needs it). Returns its byte range.
    pub(crate) fn skip_value(&mut self) -> Result<(usize, usize), PasteError> {
        self.skip_ws();
        let start = self.pos;
        let mut stack: Vec<u8> = Vec::new();
        loop {
            self.skip_ws();
            match self.byte() {
                None => {
                    self.pos = start;
                    return Err(self.error(if stack.is_empty() {
                        "expected a value, found the end of the file".to_string()
                    } else {
                        "this value is never closed (is the file cut short?)".to_string()
                    }));
                }
                Some(b'"') => self.skip_string()?,
                Some(b @ (b'{' | b'[')) => {
                    stack.push(if b == b'{' { b'}' } else { b']' });
                    self.pos += 1;
                }
                Some(b @ (b'}' | b']')) => {
                    if stack.pop() != Some(b) {
                        return Err(self.error(format!("unexpected {:?}", char::from(b))));
                    }
                    self.pos += 1;
                }
                Some(b',' | b':') if !stack.is_empty() => self.pos += 1,
                Some(_) => {
                    // A number or a literal.
                    let before = self.pos;
                    while matches!(self.byte(), Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                    {
                        self.pos += 1;
                    }
                    if self.pos == before {
                        return Err(self.error(format!("unexpected {}", self.found())));
                    }
                }
            }
            if stack.is_empty() {
                return Ok((start, self.pos));
            }
        }
    }

    /// Walks an object's keys: calls `f` with each key, positioned before its value; `f` must
    /// consume the value and returns `false` to stop the walk there.
    pub(crate) fn object(
        &mut self,
        mut f: impl FnMut(&mut Self, &str) -> Result<bool, PasteError>,
    ) -> Result<(), PasteError> {
        if !self.eat(b'{') {
            return Err(self.error(format!("expected an object, found {}", self.found())));
        }
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.error(format!("expected ':', found {}", self.found())));
            }
            if !f(self, &key)? {
                return Ok(());
            }
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                return Ok(());
            }
            return Err(self.error(format!("expected ',' or '}}', found {}", self.found())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_and_walks() {
        let text = r#" {"a": [1, {"b": "x\"]"}], "c": true, "d": {"e": null}} "#;
        let mut s = Scanner::new(text, 0);
        let mut keys = Vec::new();
        let r = s.object(|s, k| {
            keys.push(k.to_string());
            s.skip_value().map(|_| true)
        });
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(keys, vec!["a", "c", "d"]);
        assert!(Scanner::new("[1, {", 0).skip_value().is_err());
        assert!(Scanner::new("[1}", 0).skip_value().is_err());
        assert!(Scanner::new("\"abc", 0).skip_value().is_err());
        assert!(Scanner::new(&"[".repeat(100_000), 0).skip_value().is_err());
    }
}
