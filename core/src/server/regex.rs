//! The subset of regular expressions people write in CORS configurations, evaluated the way each
//! server's engine does: PCRE for nginx (`location ~`, `map`, `if ~`) and Apache (`SetEnvIf`,
//! `RewriteCond`, `<If … =~ …>`), Python's `re.match` for Flask-CORS, JavaScript's
//! `RegExp.prototype.test` for Express `cors`.
//!
//! Supported: literals and escapes (`\.`, `\/`, `\d`, `\w`, `\s` and their negations), `.`,
//! classes (`[a-z0-9-]`, `[^/]`), groups (capturing, `(?:…)`), alternation, the quantifiers
//! `* + ? {n} {n,} {n,m}` (greedy and lazy), `^`, `$`, `\A`, `\z`, `\Z`, and a leading `(?i)`.
//! Not supported, and reported as such: look-around, back-references, named groups, possessive
//! quantifiers, Unicode properties. Matching is a backtracking machine with a step budget, so a
//! pattern that would backtrack catastrophically is reported as too costly instead of hanging.

use std::fmt;

/// Whose engine reads the pattern (they differ in what `$` and `.` accept).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// PCRE as nginx and Apache httpd use it: `$` also matches before a final newline.
    Pcre,
    /// Python's `re`: `$` also matches before a final newline.
    Python,
    /// JavaScript: `$` matches only at the end.
    JavaScript,
}

/// Why a pattern cannot be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegexError {
    /// A construct outside the supported subset.
    Unsupported {
        /// The construct, as written.
        construct: String,
    },
    /// The pattern is malformed (an unclosed group or class, a dangling quantifier).
    Malformed {
        /// What is wrong.
        what: &'static str,
    },
    /// The pattern is too large to compile (counted repetitions expanded past the limit).
    TooLarge,
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegexError::Unsupported { construct } => {
                write!(
                    f,
                    "regular expression construct {construct} is not modelled"
                )
            }
            RegexError::Malformed { what } => write!(f, "malformed regular expression: {what}"),
            RegexError::TooLarge => write!(f, "regular expression too large to evaluate"),
        }
    }
}

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Class {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
    Start,
    End,
    EndOnly,
    Group(Box<Node>, Option<usize>),
    Alt(Vec<Node>),
    Concat(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

#[derive(Clone, Debug)]
enum Inst {
    Char(char),
    Any,
    Class(usize),
    Start,
    End,
    EndOnly,
    Save(usize),
    Split(usize, usize),
    Jmp(usize),
    Match,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Regex {
    pattern: String,
    program: Vec<Inst>,
    classes: Vec<(Vec<(char, char)>, bool)>,
    groups: usize,
    case_insensitive: bool,
    dialect: Dialect,
}

/// Most instructions a compiled pattern may have.
const MAX_PROGRAM: usize = 20_000;
/// Most backtracking steps one match may take.
const MAX_STEPS: usize = 200_000;
/// Longest subject text matched (origins, paths and methods are short).
const MAX_SUBJECT: usize = 8_192;

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    groups: usize,
    dialect: Dialect,
    _pattern: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Result<Node, RegexError> {
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, RegexError> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, RegexError> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => match self.counted() {
                Some(bounds) => bounds,
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Start | Node::End | Node::EndOnly) {
            return Err(RegexError::Malformed {
                what: "quantifier after an anchor",
            });
        }
        let greedy = !self.eat('?');
        if self.peek() == Some('+') {
            return Err(RegexError::Unsupported {
                construct: "possessive quantifier".to_string(),
            });
        }
        if matches!(self.peek(), Some('*' | '+' | '{')) && !matches!(self.peek(), Some('{')) {
            return Err(RegexError::Malformed {
                what: "nothing to repeat",
            });
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    /// `{n}`, `{n,}`, `{n,m}`; a brace that is not a quantifier is a literal (as in PCRE and
    /// Python), so this returns `None` without consuming it.
    fn counted(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.pos;
        self.pos += 1;
        let number = |p: &mut Self| -> Option<u32> {
            let from = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            let digits: String = p.chars.get(from..p.pos)?.iter().collect();
            digits.parse().ok()
        };
        let min = number(self);
        let result = if self.eat('}') {
            min.map(|m| (m, Some(m)))
        } else if self.eat(',') {
            let max = number(self);
            if self.eat('}') {
                min.map(|m| (m, max))
            } else {
                None
            }
        } else {
            None
        };
        if result.is_none() {
            self.pos = start;
        }
        result
    }

    fn atom(&mut self) -> Result<Node, RegexError> {
        let Some(c) = self.peek() else {
            return Err(RegexError::Malformed {
                what: "unexpected end",
            });
        };
        self.pos += 1;
        match c {
            '.' => Ok(Node::Any),
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '(' => self.group(),
            '[' => self.class(),
            '\\' => self.escape(false).map(|e| match e {
                Escaped::Char(c) => Node::Char(c),
                Escaped::Class(ranges, negated) => Node::Class { ranges, negated },
                Escaped::Node(n) => n,
            }),
            '*' | '+' | '?' => Err(RegexError::Malformed {
                what: "nothing to repeat",
            }),
            '{' if self.dialect == Dialect::JavaScript => Ok(Node::Char('{')),
            _ => Ok(Node::Char(c)),
        }
    }

    fn group(&mut self) -> Result<Node, RegexError> {
        let index = if self.eat('?') {
            match self.peek() {
                Some(':') => {
                    self.pos += 1;
                    None
                }
                Some(other) => {
                    return Err(RegexError::Unsupported {
                        construct: format!("(?{other}"),
                    });
                }
                None => {
                    return Err(RegexError::Malformed {
                        what: "unclosed group",
                    });
                }
            }
        } else {
            self.groups += 1;
            Some(self.groups)
        };
        let inner = self.alternation()?;
        if !self.eat(')') {
            return Err(RegexError::Malformed {
                what: "unclosed group",
            });
        }
        Ok(Node::Group(Box::new(inner), index))
    }

    fn class(&mut self) -> Result<Node, RegexError> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(RegexError::Malformed {
                    what: "unclosed character class",
                });
            };
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = if c == '\\' {
                match self.escape(true)? {
                    Escaped::Char(c) => c,
                    Escaped::Class(more, false) => {
                        ranges.extend(more);
                        continue;
                    }
                    Escaped::Class(_, true) | Escaped::Node(_) => {
                        return Err(RegexError::Unsupported {
                            construct: "negated class escape inside a class".to_string(),
                        });
                    }
                }
            } else if c == '[' && self.peek() == Some(':') {
                return Err(RegexError::Unsupported {
                    construct: "POSIX class [:…:]".to_string(),
                });
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                self.pos += 1;
                let Some(h) = self.peek() else {
                    return Err(RegexError::Malformed {
                        what: "unclosed character class",
                    });
                };
                self.pos += 1;
                let high = if h == '\\' {
                    match self.escape(true)? {
                        Escaped::Char(c) => c,
                        _ => {
                            return Err(RegexError::Malformed {
                                what: "bad range in character class",
                            });
                        }
                    }
                } else {
                    h
                };
                if high < low {
                    return Err(RegexError::Malformed {
                        what: "range out of order in character class",
                    });
                }
                ranges.push((low, high));
            } else {
                ranges.push((low, low));
            }
        }
        Ok(Node::Class { ranges, negated })
    }

    fn escape(&mut self, in_class: bool) -> Result<Escaped, RegexError> {
        let Some(c) = self.peek() else {
            return Err(RegexError::Malformed {
                what: "trailing backslash",
            });
        };
        self.pos += 1;
        let digits = vec![('0', '9')];
        let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
        let space = vec![(' ', ' '), ('\t', '\r')];
        Ok(match c {
            'd' => Escaped::Class(digits, false),
            'D' => Escaped::Class(digits, true),
            'w' => Escaped::Class(word, false),
            'W' => Escaped::Class(word, true),
            's' => Escaped::Class(space, false),
            'S' => Escaped::Class(space, true),
            'n' => Escaped::Char('\n'),
            't' => Escaped::Char('\t'),
            'r' => Escaped::Char('\r'),
            'A' if !in_class && self.dialect != Dialect::JavaScript => Escaped::Node(Node::Start),
            'z' if !in_class && self.dialect != Dialect::JavaScript => Escaped::Node(Node::EndOnly),
            'Z' if !in_class && self.dialect == Dialect::Python => Escaped::Node(Node::EndOnly),
            'Z' if !in_class && self.dialect == Dialect::Pcre => Escaped::Node(Node::End),
            'b' | 'B' if !in_class => {
                return Err(RegexError::Unsupported {
                    construct: format!("\\{c}"),
                });
            }
            '1'..='9' if !in_class => {
                return Err(RegexError::Unsupported {
                    construct: format!("back-reference \\{c}"),
                });
            }
            'p' | 'P' | 'k' | 'x' | 'u' | 'c' | 'Q' | 'E' | 'G' => {
                return Err(RegexError::Unsupported {
                    construct: format!("\\{c}"),
                });
            }
            other => Escaped::Char(other),
        })
    }
}

enum Escaped {
    Char(char),
    Class(Vec<(char, char)>, bool),
    Node(Node),
}

struct Compiler {
    program: Vec<Inst>,
    classes: Vec<(Vec<(char, char)>, bool)>,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<usize, RegexError> {
        if self.program.len() >= MAX_PROGRAM {
            return Err(RegexError::TooLarge);
        }
        self.program.push(inst);
        Ok(self.program.len() - 1)
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.program.get_mut(at) {
            *slot = inst;
        }
    }

    fn node(&mut self, node: &Node) -> Result<(), RegexError> {
        match node {
            Node::Char(c) => {
                self.push(Inst::Char(*c))?;
            }
            Node::Any => {
                self.push(Inst::Any)?;
            }
            Node::Class { ranges, negated } => {
                self.classes.push((ranges.clone(), *negated));
                self.push(Inst::Class(self.classes.len() - 1))?;
            }
            Node::Start => {
                self.push(Inst::Start)?;
            }
            Node::End => {
                self.push(Inst::End)?;
            }
            Node::EndOnly => {
                self.push(Inst::EndOnly)?;
            }
            Node::Group(inner, index) => {
                if let Some(i) = index {
                    self.push(Inst::Save(2 * i))?;
                }
                self.node(inner)?;
                if let Some(i) = index {
                    self.push(Inst::Save(2 * i + 1))?;
                }
            }
            Node::Concat(items) => {
                for item in items {
                    self.node(item)?;
                }
            }
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                let count = branches.len();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 < count {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(branch)?;
                        jumps.push(self.push(Inst::Jmp(0))?);
                        let next = self.program.len();
                        self.patch(split, Inst::Split(split + 1, next));
                    } else {
                        self.node(branch)?;
                    }
                }
                let end = self.program.len();
                for j in jumps {
                    self.patch(j, Inst::Jmp(end));
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => {
                for _ in 0..*min {
                    self.node(node)?;
                }
                match max {
                    None => {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(node)?;
                        self.push(Inst::Jmp(split))?;
                        let end = self.program.len();
                        self.patch(split, self.split(split + 1, end, *greedy));
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.node(node)?;
                        }
                        let end = self.program.len();
                        for s in splits {
                            self.patch(s, self.split(s + 1, end, *greedy));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn split(&self, take: usize, skip: usize, greedy: bool) -> Inst {
        if greedy {
            Inst::Split(take, skip)
        } else {
            Inst::Split(skip, take)
        }
    }
}

impl Regex {
    /// Compiles `pattern` as `dialect` reads it; `case_insensitive` is the `~*`, `NC`, `NoCase`,
    /// `re.IGNORECASE` or `/i` flag.
    pub fn new(
        pattern: &str,
        dialect: Dialect,
        case_insensitive: bool,
    ) -> Result<Regex, RegexError> {
        let mut case_insensitive = case_insensitive;
        let mut body = pattern;
        if let Some(rest) = body.strip_prefix("(?i)") {
            if dialect == Dialect::JavaScript {
                return Err(RegexError::Unsupported {
                    construct: "(?i".to_string(),
                });
            }
            case_insensitive = true;
            body = rest;
        }
        let mut parser = Parser {
            chars: body.chars().collect(),
            pos: 0,
            groups: 0,
            dialect,
            _pattern: pattern,
        };
        let tree = parser.alternation()?;
        if parser.pos < parser.chars.len() {
            return Err(RegexError::Malformed {
                what: "unbalanced parenthesis",
            });
        }
        let mut compiler = Compiler {
            program: Vec::new(),
            classes: Vec::new(),
        };
        compiler.node(&Node::Group(Box::new(tree), Some(0)))?;
        compiler.push(Inst::Match)?;
        Ok(Regex {
            pattern: pattern.to_string(),
            program: compiler.program,
            classes: compiler.classes,
            groups: parser.groups,
            case_insensitive,
            dialect,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern matches anywhere in `text` (PCRE's and JavaScript's `test`), with the
    /// captured groups (`$0`, `$1` …) of the first match. `Err` when the match is too costly to
    /// decide.
    pub fn search(&self, text: &str) -> Result<Option<Vec<Option<String>>>, RegexError> {
        self.run(text, false)
    }

    /// Whether the pattern matches at the start of `text` (Python's `re.match`).
    pub fn match_start(&self, text: &str) -> Result<bool, RegexError> {
        Ok(self.run(text, true)?.is_some())
    }

    fn run(&self, text: &str, anchored: bool) -> Result<Option<Vec<Option<String>>>, RegexError> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > MAX_SUBJECT {
            return Err(RegexError::TooLarge);
        }
        let mut steps = 0usize;
        let starts = if anchored { 0..=0 } else { 0..=chars.len() };
        for start in starts {
            if let Some(slots) = self.at(&chars, start, &mut steps)? {
                let groups = (0..=self.groups)
                    .map(|g| {
                        let a = slots.get(2 * g).copied().flatten()?;
                        let b = slots.get(2 * g + 1).copied().flatten()?;
                        Some(chars.get(a..b)?.iter().collect())
                    })
                    .collect();
                return Ok(Some(groups));
            }
        }
        Ok(None)
    }

    fn eq(&self, a: char, b: char) -> bool {
        a == b || (self.case_insensitive && a.to_lowercase().eq(b.to_lowercase()))
    }

    fn in_class(&self, index: usize, c: char) -> bool {
        let Some((ranges, negated)) = self.classes.get(index) else {
            return false;
        };
        let hit = |c: char| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
        let found = hit(c)
            || (self.case_insensitive && (c.to_lowercase().any(hit) || c.to_uppercase().any(hit)));
        found != *negated
    }

    fn at(
        &self,
        text: &[char],
        start: usize,
        steps: &mut usize,
    ) -> Result<Option<Vec<Option<usize>>>, RegexError> {
        let slots_len = 2 * (self.groups + 1);
        // Backtracking stack: (pc, position, slots to restore).
        let mut stack: Vec<(usize, usize, Vec<Option<usize>>)> =
            vec![(0, start, vec![None; slots_len])];
        while let Some((mut pc, mut pos, mut slots)) = stack.pop() {
            loop {
                *steps += 1;
                if *steps > MAX_STEPS {
                    return Err(RegexError::TooLarge);
                }
                let Some(inst) = self.program.get(pc) else {
                    break;
                };
                match inst {
                    Inst::Char(c) => match text.get(pos) {
                        Some(&t) if self.eq(t, *c) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Any => match text.get(pos) {
                        // `.` does not match a newline in any of the three dialects by default.
                        Some(&t) if t != '\n' => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Class(i) => match text.get(pos) {
                        Some(&t) if self.in_class(*i, t) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Start => {
                        if pos == 0 {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::End => {
                        let at_end = pos == text.len();
                        let before_final_newline = self.dialect != Dialect::JavaScript
                            && pos + 1 == text.len()
                            && text.get(pos) == Some(&'\n');
                        if at_end || before_final_newline {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::EndOnly => {
                        if pos == text.len() {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Save(slot) => {
                        if let Some(s) = slots.get_mut(*slot) {
                            *s = Some(pos);
                        }
                        pc += 1;
                    }
                    Inst::Split(a, b) => {
                        stack.push((*b, pos, slots.clone()));
                        pc = *a;
                    }
                    Inst::Jmp(to) => pc = *to,
                    Inst::Match => return Ok(Some(slots)),
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn search(p: &str, t: &str) -> bool {
        Regex::new(p, Dialect::Pcre, false)
            .and_then(|r| r.search(t))
            .map(|m| m.is_some())
            .unwrap_or(false)
    }

    #[test]
    fn table() {
        let rows = [
            (
                "anchored origin",
                r"^https://(app|admin)\.example\.com$",
                "https://app.example.com",
                true,
            ),
            (
                "anchored origin, other",
                r"^https://(app|admin)\.example\.com$",
                "https://evil.com",
                false,
            ),
            (
                "unanchored matches look-alike",
                r"https://app\.example\.com",
                "https://app.example.com.evil.net",
                true,
            ),
            (
                "unescaped dot",
                r"^https://app.example.com$",
                "https://appxexample.com",
                true,
            ),
            (
                "class and plus",
                r"^https://[a-z0-9-]+\.example\.com$",
                "https://a-1.example.com",
                true,
            ),
            (
                "optional port",
                r"^http://localhost(:[0-9]+)?$",
                "http://localhost:3000",
                true,
            ),
            ("counted", r"^a{2,3}$", "aaaa", false),
            ("counted ok", r"^a{2,3}$", "aaa", true),
            ("dollar before final newline", r"^a$", "a\n", true),
            ("literal brace", r"^a{x$", "a{x", true),
        ];
        for (name, p, t, want) in rows {
            assert_eq!(search(p, t), want, "{name}: {p} on {t}");
        }
    }

    #[test]
    fn python_match_is_anchored_at_start_only() {
        let r = Regex::new(r"https://.*\.example\.com", Dialect::Python, true).unwrap();
        assert!(r.match_start("https://a.example.com.evil.net").unwrap());
        assert!(!r.match_start("xhttps://a.example.com").unwrap());
        assert!(r.match_start("HTTPS://A.EXAMPLE.COM").unwrap());
    }

    #[test]
    fn captures() {
        let r = Regex::new(r"^(https?://[^/]+)$", Dialect::Pcre, false).unwrap();
        let m = r.search("https://a.example.com").unwrap().unwrap();
        assert_eq!(
            m.get(1).cloned().flatten().as_deref(),
            Some("https://a.example.com")
        );
    }

    #[test]
    fn unsupported_and_costly() {
        assert!(matches!(
            Regex::new(r"^(?=a)", Dialect::Pcre, false),
            Err(RegexError::Unsupported { .. })
        ));
        assert!(Regex::new(r"(a", Dialect::Pcre, false).is_err());
        let r = Regex::new(r"^(a+)+$", Dialect::Pcre, false).unwrap();
        let text = format!("{}b", "a".repeat(40));
        assert_eq!(r.search(&text), Err(RegexError::TooLarge));
    }
}
