//! Apache httpd configuration: server and `<VirtualHost>` context, `<Directory>`, `<Location>`,
//! `<LocationMatch>`, `<Files>`, `<If>`/`<ElseIf>`/`<Else>`, `<IfModule>` and `.htaccess` text;
//! mod_headers' `Header [onsuccess|always] set|add|append|merge|setifempty|unset` with `env=`
//! and `expr=` conditions, `SetEnvIf`/`SetEnvIfNoCase`/`SetEnv`, mod_rewrite's `RewriteCond` +
//! `RewriteRule … [R=…]`, and `ProxyPass`, as Apache httpd 2.4.71 (Debian's build) evaluates
//! them.
//!
//! The rules modelled, from the httpd 2.4 documentation and source:
//! - <https://httpd.apache.org/docs/2.4/mod/mod_headers.html#header>: "The optional condition
//!   argument determines which internal table of responses headers this directive will operate
//!   against … the default value of onsuccess … `always` … err_headers_out". Both tables are
//!   sent on a normal response (err_headers_out first: `apr_table_overlay(err_headers_out,
//!   headers_out)` in `ap_http_header_filter`), so the same header set in both goes out twice;
//!   a response httpd generates itself (a missing file, a 405, a `RewriteRule [R=204]`) keeps
//!   only err_headers_out (`ap_send_error_response`). A format `%{VAR}e` of an unset variable
//!   prints `(null)`.
//! - Per-directory merging (<https://httpd.apache.org/docs/2.4/sections.html#merging>): server,
//!   virtual host, `<Directory>` and `.htaccess`, `<Files>`, `<Location>`, then `<If>`; mod_headers
//!   appends each level's directives after its parent's.
//! - <https://httpd.apache.org/docs/2.4/mod/mod_rewrite.html#rewriterule>: "If a status code is
//!   outside the redirect range (300-399) then the substitution string is dropped entirely, and
//!   rewriting is stopped as if the L were used"; in server context the pattern sees the URL path,
//!   in directory context the path relative to the directory.
//! - A static file: `GET`, `HEAD` and `POST` get the file or 404, `OPTIONS` gets 200 with
//!   `Allow` (`ap_send_http_options`), other methods 405 even where there is no file
//!   (`default_handler` in server/core.c); `ProxyPass` passes the upstream's
//!   status and headers through as a normal response.

use std::collections::HashMap;

use super::model::{Backend, HttpRequest, NoteKind, Origin, ServerResponse};
use super::regex::{Dialect, Regex};
use super::{ConfigError, ConfigErrors};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Table {
    OnSuccess,
    Always,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    Set,
    Add,
    Append,
    Merge,
    SetIfEmpty,
    Unset,
}

#[derive(Clone, Debug)]
enum Guard {
    None,
    Env { var: String, negated: bool },
    Expr(Expr),
}

#[derive(Clone, Debug)]
struct HeaderDirective {
    table: Table,
    action: Action,
    name: String,
    value: String,
    guard: Guard,
    line: usize,
}

#[derive(Clone, Debug)]
struct SetEnvIf {
    attribute: String,
    regex: Regex,
    assignments: Vec<(String, Option<String>)>,
    line: usize,
}

#[derive(Clone, Debug)]
struct Cond {
    test: String,
    pattern: CondPattern,
    or: bool,
}

#[derive(Clone, Debug)]
enum CondPattern {
    Regex { regex: Regex, negated: bool },
    Equals { value: String, negated: bool },
    Unmodelled(String),
}

#[derive(Clone, Debug)]
struct RewriteRule {
    conds: Vec<Cond>,
    pattern: Regex,
    negated: bool,
    status: Option<u16>,
    /// The substitution (`-` leaves the URL as it is).
    substitution: String,
    /// `[L]`: no further rule runs.
    last: bool,
    line: usize,
}

#[derive(Clone, Debug)]
enum SectionKind {
    Root,
    VirtualHost,
    Directory,
    Files(String),
    Location(String),
    LocationMatch(Regex),
    If(Expr),
    ElseIf(Expr),
    Else,
}

#[derive(Clone, Debug)]
struct Section {
    kind: SectionKind,
    headers: Vec<HeaderDirective>,
    setenv: Vec<SetEnvIf>,
    rewrite_on: bool,
    rules: Vec<RewriteRule>,
    proxy: Vec<String>,
    children: Vec<Section>,
}

impl Section {
    fn new(kind: SectionKind) -> Section {
        Section {
            kind,
            headers: Vec::new(),
            setenv: Vec::new(),
            rewrite_on: false,
            rules: Vec::new(),
            proxy: Vec::new(),
            children: Vec::new(),
        }
    }
}

/// A read Apache httpd configuration.
#[derive(Clone, Debug)]
pub struct Config {
    root: Section,
    unmodelled: Vec<(usize, String)>,
}

/// Directives read and deliberately not modelled: they do not change CORS headers.
const IGNORED: &[&str] = &[
    "servername",
    "serveralias",
    "serveradmin",
    "documentroot",
    "listen",
    "loadmodule",
    "errorlog",
    "customlog",
    "loglevel",
    "options",
    "allowoverride",
    "require",
    "order",
    "allow",
    "deny",
    "directoryindex",
    "servertokens",
    "serversignature",
    "sslengine",
    "sslcertificatefile",
    "sslcertificatekeyfile",
    "proxypassreverse",
    "proxypreservehost",
    "proxyrequests",
    "pidfile",
    "user",
    "group",
    "mutex",
    "defaultruntimedir",
    "addtype",
    "addhandler",
    "setoutputfilter",
    "addoutputfilterbytype",
    "typesconfig",
    "keepalive",
    "timeout",
    "include",
    "includeoptional",
    "rewritebase",
    "fallbackresource",
    "errordocument",
    "mpm",
    "startservers",
    "maxrequestworkers",
    "serverroot",
];

/// Splits a directive line into words: `"…"` and `'…'` quoting with backslash escapes.
fn words(line: &str) -> Result<Vec<String>, &'static str> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if c == '"' || c == '\'' {
            chars.next();
            let mut closed = false;
            while let Some(d) = chars.next() {
                if d == '\\' {
                    match chars.peek() {
                        Some(&e) if e == c || e == '\\' => {
                            word.push(e);
                            chars.next();
                        }
                        _ => word.push('\\'),
                    }
                } else if d == c {
                    closed = true;
                    break;
                } else {
                    word.push(d);
                }
            }
            if !closed {
                return Err("unterminated quoted string");
            }
        } else {
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() {
                    break;
                }
                word.push(d);
                chars.next();
            }
        }
        out.push(word);
    }
    Ok(out)
}

struct Reader {
    errors: Vec<ConfigError>,
    unmodelled: Vec<(usize, String)>,
}

impl Reader {
    fn header(&mut self, line: usize, args: &[String]) -> Option<HeaderDirective> {
        let mut rest = args;
        let mut table = Table::OnSuccess;
        if let Some(first) = rest.first() {
            match first.to_ascii_lowercase().as_str() {
                "always" => {
                    table = Table::Always;
                    rest = rest.get(1..).unwrap_or_default();
                }
                "onsuccess" => rest = rest.get(1..).unwrap_or_default(),
                _ => {}
            }
        }
        let Some(action_word) = rest.first() else {
            self.errors.push(ConfigError::new(
                line,
                "Header needs an action: Header [always] set NAME VALUE",
            ));
            return None;
        };
        let action = match action_word.to_ascii_lowercase().as_str() {
            "set" => Action::Set,
            "add" => Action::Add,
            "append" => Action::Append,
            "merge" => Action::Merge,
            "setifempty" => Action::SetIfEmpty,
            "unset" => Action::Unset,
            "echo" | "edit" | "edit*" | "note" => {
                self.unmodelled
                    .push((line, format!("Header {action_word}")));
                return None;
            }
            other => {
                self.errors.push(ConfigError::new(
                    line,
                    format!(
                        "Header: unknown action \"{other}\" (set, add, append, merge, setifempty, unset, echo, edit)"
                    ),
                ));
                return None;
            }
        };
        let Some(name) = rest.get(1) else {
            self.errors
                .push(ConfigError::new(line, "Header: missing the header name"));
            return None;
        };
        let (value, extra) = if action == Action::Unset {
            (String::new(), rest.get(2..).unwrap_or_default())
        } else {
            let Some(value) = rest.get(2) else {
                self.errors.push(ConfigError::new(
                    line,
                    format!("Header {action_word} {name}: missing the value"),
                ));
                return None;
            };
            (value.clone(), rest.get(3..).unwrap_or_default())
        };
        let mut guard = Guard::None;
        for word in extra {
            if let Some(var) = word.strip_prefix("env=") {
                guard = match var.strip_prefix('!') {
                    Some(v) => Guard::Env {
                        var: v.to_string(),
                        negated: true,
                    },
                    None => Guard::Env {
                        var: var.to_string(),
                        negated: false,
                    },
                };
            } else if let Some(expr) = word.strip_prefix("expr=") {
                match parse_expr(expr) {
                    Ok(e) => guard = Guard::Expr(e),
                    Err(m) => {
                        self.errors
                            .push(ConfigError::new(line, format!("Header expr=: {m}")));
                        return None;
                    }
                }
            } else if word.eq_ignore_ascii_case("early") {
                // `early` runs before the request is handled; the headers are the same.
            } else {
                self.errors.push(ConfigError::new(
                    line,
                    format!(
                        "Header: unexpected \"{word}\" after the value (quote a value with spaces)"
                    ),
                ));
                return None;
            }
        }
        Some(HeaderDirective {
            table,
            action,
            name: name.clone(),
            value,
            guard,
            line,
        })
    }

    fn setenvif(&mut self, line: usize, args: &[String], nocase: bool) -> Option<SetEnvIf> {
        let [attribute, pattern, assignments @ ..] = args else {
            self.errors.push(ConfigError::new(
                line,
                "SetEnvIf needs an attribute, a regex and variables: SetEnvIf Origin \"^https://a\\.example$\" ORIGIN_OK",
            ));
            return None;
        };
        let regex = match Regex::new(pattern, Dialect::Pcre, nocase) {
            Ok(r) => r,
            Err(e) => {
                self.errors
                    .push(ConfigError::new(line, format!("SetEnvIf: {e}")));
                return None;
            }
        };
        let assignments = assignments
            .iter()
            .map(|a| match a.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (a.clone(), Some("1".to_string())),
            })
            .map(|(k, v)| match k.strip_prefix('!') {
                Some(name) => (name.to_string(), None),
                None => (k, v),
            })
            .collect();
        Some(SetEnvIf {
            attribute: attribute.clone(),
            regex,
            assignments,
            line,
        })
    }

    fn rewrite_cond(&mut self, line: usize, args: &[String]) -> Option<Cond> {
        let [test, pattern, flags @ ..] = args else {
            self.errors.push(ConfigError::new(
                line,
                "RewriteCond needs a test string and a pattern",
            ));
            return None;
        };
        let flags = flags
            .first()
            .map(|f| f.to_ascii_uppercase())
            .unwrap_or_default();
        let nocase = flags.contains("NC") || flags.contains("NOCASE");
        let or = flags.contains("OR");
        let (negated, body) = match pattern.strip_prefix('!') {
            Some(b) => (true, b),
            None => (false, pattern.as_str()),
        };
        let pattern = if let Some(v) = body.strip_prefix('=') {
            CondPattern::Equals {
                value: v.to_string(),
                negated,
            }
        } else if body.starts_with('-') || body.starts_with('<') || body.starts_with('>') {
            // Kept with its `!`: a file test reads the negation.
            CondPattern::Unmodelled(pattern.to_string())
        } else {
            match Regex::new(body, Dialect::Pcre, nocase) {
                Ok(regex) => CondPattern::Regex { regex, negated },
                Err(e) => {
                    self.errors
                        .push(ConfigError::new(line, format!("RewriteCond: {e}")));
                    return None;
                }
            }
        };
        Some(Cond {
            test: test.clone(),
            pattern,
            or,
        })
    }

    fn rewrite_rule(
        &mut self,
        line: usize,
        args: &[String],
        conds: Vec<Cond>,
    ) -> Option<RewriteRule> {
        let [pattern, substitution, flags @ ..] = args else {
            self.errors.push(ConfigError::new(
                line,
                "RewriteRule needs a pattern and a substitution",
            ));
            return None;
        };
        let flags = flags.first().cloned().unwrap_or_default();
        let inner = flags.trim_start_matches('[').trim_end_matches(']');
        let mut status = None;
        let mut nocase = false;
        let mut last = false;
        for flag in inner.split(',').map(str::trim) {
            let upper = flag.to_ascii_uppercase();
            if upper == "L" || upper == "LAST" || upper == "END" {
                last = true;
            }
            if upper == "R" || upper == "REDIRECT" {
                status = Some(302);
            } else if let Some(code) = upper
                .strip_prefix("R=")
                .or_else(|| upper.strip_prefix("REDIRECT="))
            {
                match code.parse::<u16>() {
                    Ok(c) => status = Some(c),
                    Err(_) => {
                        let named = match code {
                            "PERMANENT" => Some(301),
                            "TEMP" => Some(302),
                            "SEEOTHER" => Some(303),
                            _ => None,
                        };
                        if named.is_none() {
                            self.errors.push(ConfigError::new(
                                line,
                                format!("RewriteRule: invalid status in flag {flag}"),
                            ));
                            return None;
                        }
                        status = named;
                    }
                }
            } else if upper == "F" || upper == "FORBIDDEN" {
                status = Some(403);
            } else if upper == "G" || upper == "GONE" {
                status = Some(410);
            } else if upper == "NC" || upper == "NOCASE" {
                nocase = true;
            }
        }
        let (negated, body) = match pattern.strip_prefix('!') {
            Some(b) => (true, b),
            None => (false, pattern.as_str()),
        };
        let regex = match Regex::new(body, Dialect::Pcre, nocase) {
            Ok(r) => r,
            Err(e) => {
                self.errors
                    .push(ConfigError::new(line, format!("RewriteRule: {e}")));
                return None;
            }
        };
        if status.is_none() && substitution != "-" {
            self.unmodelled.push((
                line,
                "RewriteRule without R=, F or G: an internal rewrite, taken as handing the request to its target (a front controller such as index.php) that answers as the application".to_string(),
            ));
        }
        Some(RewriteRule {
            conds,
            pattern: regex,
            negated,
            status,
            substitution: substitution.clone(),
            last,
            line,
        })
    }
}

/// Reads an Apache httpd configuration, a virtual host or `.htaccess` text.
pub fn read(text: &str) -> Result<Config, ConfigErrors> {
    let mut reader = Reader {
        errors: Vec::new(),
        unmodelled: Vec::new(),
    };
    // Join continuation lines, remembering where each logical line starts.
    let mut logical: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let (start, mut acc) = pending.take().unwrap_or((number, String::new()));
        let trimmed_end = raw.trim_end();
        if let Some(body) = trimmed_end.strip_suffix('\\') {
            acc.push_str(body);
            acc.push(' ');
            pending = Some((start, acc));
            continue;
        }
        acc.push_str(trimmed_end);
        logical.push((start, acc));
    }
    if let Some(p) = pending {
        logical.push(p);
    }
    let mut stack: Vec<(Section, String, usize)> =
        vec![(Section::new(SectionKind::Root), String::new(), 0)];
    let mut conds: Vec<Cond> = Vec::new();
    for (line, text) in logical {
        let t = text.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(close) = t.strip_prefix("</") {
            let name = close.trim_end_matches('>').trim().to_ascii_lowercase();
            if stack.len() == 1 {
                reader.errors.push(ConfigError::new(
                    line,
                    format!("</{name}> without a matching <{name}>"),
                ));
                continue;
            }
            if let Some((section, open, open_line)) = stack.pop() {
                if open != name {
                    reader.errors.push(ConfigError::new(
                        line,
                        format!("</{name}> closes <{open}> opened at line {open_line}"),
                    ));
                }
                if let Some((parent, _, _)) = stack.last_mut() {
                    if open == "ifmodule"
                        || open == "ifdefine"
                        || open == "limitexcept"
                        || open == "limit"
                    {
                        // Transparent sections: their contents belong to the parent.
                        parent.headers.extend(section.headers);
                        parent.setenv.extend(section.setenv);
                        parent.rules.extend(section.rules);
                        parent.rewrite_on |= section.rewrite_on;
                        parent.proxy.extend(section.proxy);
                        parent.children.extend(section.children);
                    } else {
                        parent.children.push(section);
                    }
                }
            }
            continue;
        }
        if let Some(open) = t.strip_prefix('<') {
            let Some(inner) = open.strip_suffix('>') else {
                reader
                    .errors
                    .push(ConfigError::new(line, "section opening without \">\""));
                continue;
            };
            let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            let lower = name.to_ascii_lowercase();
            let arg_words = words(args).unwrap_or_default();
            let arg = arg_words.first().cloned().unwrap_or_default();
            let kind = match lower.as_str() {
                "virtualhost" => SectionKind::VirtualHost,
                "directory" | "directorymatch" => SectionKind::Directory,
                "files" | "filesmatch" => SectionKind::Files(arg),
                "location" => SectionKind::Location(arg),
                "locationmatch" => match Regex::new(&arg, Dialect::Pcre, false) {
                    Ok(r) => SectionKind::LocationMatch(r),
                    Err(e) => {
                        reader
                            .errors
                            .push(ConfigError::new(line, format!("<LocationMatch>: {e}")));
                        SectionKind::Location("\u{0}".to_string())
                    }
                },
                "if" | "elseif" => {
                    let expr_text = args.trim().trim_matches('"');
                    match parse_expr(expr_text) {
                        Ok(e) if lower == "if" => SectionKind::If(e),
                        Ok(e) => SectionKind::ElseIf(e),
                        Err(m) => {
                            reader
                                .errors
                                .push(ConfigError::new(line, format!("<{name}>: {m}")));
                            SectionKind::Location("\u{0}".to_string())
                        }
                    }
                }
                "else" => SectionKind::Else,
                "ifmodule" | "ifdefine" | "limitexcept" | "limit" => SectionKind::Root,
                other => {
                    reader.unmodelled.push((
                        line,
                        format!("<{other}> section (its contents are not applied)"),
                    ));
                    SectionKind::Location("\u{0}".to_string())
                }
            };
            stack.push((Section::new(kind), lower, line));
            continue;
        }
        let parts = match words(t) {
            Ok(p) => p,
            Err(m) => {
                reader.errors.push(ConfigError::new(line, m));
                continue;
            }
        };
        let Some((name, args)) = parts.split_first() else {
            continue;
        };
        let Some((section, _, _)) = stack.last_mut() else {
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "header" => {
                if let Some(h) = reader.header(line, args) {
                    section.headers.push(h);
                }
            }
            "setenvif" | "setenvifnocase" | "browsermatch" => {
                let nocase = name.eq_ignore_ascii_case("setenvifnocase");
                if let Some(s) = reader.setenvif(line, args, nocase) {
                    section.setenv.push(s);
                }
            }
            "setenv" => match args {
                [var, value, ..] => section.setenv.push(SetEnvIf {
                    attribute: String::new(),
                    regex: match Regex::new("", Dialect::Pcre, false) {
                        Ok(r) => r,
                        Err(_) => continue,
                    },
                    assignments: vec![(var.clone(), Some(value.clone()))],
                    line,
                }),
                [var] => section.setenv.push(SetEnvIf {
                    attribute: String::new(),
                    regex: match Regex::new("", Dialect::Pcre, false) {
                        Ok(r) => r,
                        Err(_) => continue,
                    },
                    assignments: vec![(var.clone(), Some(String::new()))],
                    line,
                }),
                [] => reader
                    .errors
                    .push(ConfigError::new(line, "SetEnv needs a variable name")),
            },
            "rewriteengine" => {
                section.rewrite_on = args.first().is_some_and(|a| a.eq_ignore_ascii_case("on"));
            }
            "rewritecond" => {
                if let Some(c) = reader.rewrite_cond(line, args) {
                    conds.push(c);
                }
            }
            "rewriterule" => {
                let taken = std::mem::take(&mut conds);
                if let Some(r) = reader.rewrite_rule(line, args, taken) {
                    section.rules.push(r);
                }
            }
            "proxypass" => {
                // `ProxyPass /path url`, or inside a <Location> `ProxyPass url` for the
                // location's own path (mod_proxy: "When used inside a <Location> section, the
                // first argument is omitted and the local directory is obtained from the
                // <Location>").
                let location = match &section.kind {
                    SectionKind::Location(prefix) => Some(prefix.clone()),
                    _ => None,
                };
                match (args.first(), args.get(1), location) {
                    (Some(_), Some(t), _) if t == "!" => continue,
                    (Some(first), None, Some(prefix)) if first.contains("://") => {
                        section.proxy.push(prefix)
                    }
                    (Some(path), _, _) => section.proxy.push(path.clone()),
                    _ => {}
                }
            }
            lower if IGNORED.contains(&lower) => {}
            _ => reader.unmodelled.push((line, name.clone())),
        }
    }
    while stack.len() > 1 {
        if let Some((section, open, open_line)) = stack.pop() {
            reader.errors.push(ConfigError::new(
                open_line,
                format!("<{open}> is not closed"),
            ));
            if let Some((parent, _, _)) = stack.last_mut() {
                parent.children.push(section);
            }
        }
    }
    if !reader.errors.is_empty() {
        return Err(ConfigErrors(reader.errors));
    }
    let root = stack
        .pop()
        .map(|(s, _, _)| s)
        .unwrap_or_else(|| Section::new(SectionKind::Root));
    Ok(Config {
        root,
        unmodelled: reader.unmodelled,
    })
}

// ---------------------------------------------------------------------------------------------
// ap_expr, the subset people write: `%{REQUEST_METHOD} == 'OPTIONS'`,
// `%{HTTP:Origin} =~ m#^https://(a|b)\.example\.com$#`, `-n %{HTTP:Origin}`, `in {…}`, `&&`,
// `||`, `!`, parentheses, `req('Origin')`, `http('Origin')`.
// <https://httpd.apache.org/docs/2.4/expr.html>

#[derive(Clone, Debug)]
enum Word {
    Literal(String),
    Var(String),
    Header(String),
    Concat(Vec<Word>),
}

#[derive(Clone, Debug)]
enum Expr {
    True,
    False,
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare {
        left: Word,
        op: String,
        right: Word,
    },
    Matches {
        left: Word,
        regex: Regex,
        negated: bool,
    },
    In {
        left: Word,
        list: Vec<Word>,
    },
    NonEmpty(Word, bool),
}

struct ExprParser {
    chars: Vec<char>,
    pos: usize,
}

fn parse_expr(text: &str) -> Result<Expr, String> {
    let mut p = ExprParser {
        chars: text.chars().collect(),
        pos: 0,
    };
    let e = p.or()?;
    p.space();
    if p.pos < p.chars.len() {
        let rest: String = p.chars.get(p.pos..).unwrap_or_default().iter().collect();
        return Err(format!("cannot read the expression from \"{rest}\""));
    }
    Ok(e)
}

impl ExprParser {
    fn space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn starts(&mut self, s: &str) -> bool {
        self.space();
        let n = s.chars().count();
        let here: String = self
            .chars
            .get(self.pos..(self.pos + n).min(self.chars.len()))
            .unwrap_or_default()
            .iter()
            .collect();
        if here == s {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.starts("||") {
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.starts("&&") {
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.starts("!") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.starts("(") {
            let e = self.or()?;
            if !self.starts(")") {
                return Err("missing \")\"".to_string());
            }
            return Ok(e);
        }
        if self.starts("true") {
            return Ok(Expr::True);
        }
        if self.starts("false") {
            return Ok(Expr::False);
        }
        if self.starts("-n ") {
            return Ok(Expr::NonEmpty(self.word()?, true));
        }
        if self.starts("-z ") {
            return Ok(Expr::NonEmpty(self.word()?, false));
        }
        let left = self.word()?;
        for op in [
            "==", "!=", "=~", "!~", "-eq", "-ne", "<=", ">=", "<", ">", "in",
        ] {
            if self.starts(op) {
                return match op {
                    "=~" | "!~" => Ok(Expr::Matches {
                        left,
                        regex: self.regex()?,
                        negated: op == "!~",
                    }),
                    "in" => {
                        if !self.starts("{") {
                            return Err("\"in\" needs a { … } list".to_string());
                        }
                        let mut list = Vec::new();
                        loop {
                            if self.starts("}") {
                                break;
                            }
                            list.push(self.word()?);
                            if !self.starts(",") {
                                if !self.starts("}") {
                                    return Err("missing \"}\" in the list".to_string());
                                }
                                break;
                            }
                        }
                        Ok(Expr::In { left, list })
                    }
                    _ => Ok(Expr::Compare {
                        left,
                        op: op.to_string(),
                        right: self.word()?,
                    }),
                };
            }
        }
        Err("expected a comparison (==, !=, =~, in …)".to_string())
    }

    fn regex(&mut self) -> Result<Regex, String> {
        self.space();
        let (open, close) = match self.chars.get(self.pos) {
            Some('/') => ('/', '/'),
            Some('m') => {
                self.pos += 1;
                let Some(&d) = self.chars.get(self.pos) else {
                    return Err("regex delimiter missing".to_string());
                };
                (d, d)
            }
            _ => return Err("a regex must be written /…/ or m#…#".to_string()),
        };
        let _ = open;
        self.pos += 1;
        let mut body = String::new();
        loop {
            let Some(&c) = self.chars.get(self.pos) else {
                return Err("unterminated regex".to_string());
            };
            self.pos += 1;
            if c == '\\' && self.chars.get(self.pos) == Some(&close) {
                body.push(close);
                self.pos += 1;
                continue;
            }
            if c == close {
                break;
            }
            body.push(c);
        }
        let insensitive = self.chars.get(self.pos) == Some(&'i');
        if insensitive {
            self.pos += 1;
        }
        Regex::new(&body, Dialect::Pcre, insensitive).map_err(|e| e.to_string())
    }

    fn word(&mut self) -> Result<Word, String> {
        self.space();
        match self.chars.get(self.pos).copied() {
            Some(q @ ('\'' | '"')) => {
                self.pos += 1;
                let mut parts = Vec::new();
                let mut lit = String::new();
                loop {
                    let Some(&c) = self.chars.get(self.pos) else {
                        return Err("unterminated string".to_string());
                    };
                    if c == q {
                        self.pos += 1;
                        break;
                    }
                    if c == '%' && self.chars.get(self.pos + 1) == Some(&'{') {
                        if !lit.is_empty() {
                            parts.push(Word::Literal(std::mem::take(&mut lit)));
                        }
                        parts.push(self.variable()?);
                        continue;
                    }
                    lit.push(c);
                    self.pos += 1;
                }
                if !lit.is_empty() || parts.is_empty() {
                    parts.push(Word::Literal(lit));
                }
                Ok(if parts.len() == 1 {
                    parts.pop().unwrap_or(Word::Literal(String::new()))
                } else {
                    Word::Concat(parts)
                })
            }
            Some('%') => self.variable(),
            Some(_) => {
                for f in ["req_novary(", "req(", "http(", "resp("] {
                    if self.starts(f) {
                        let inner = self.word()?;
                        if !self.starts(")") {
                            return Err(format!("missing \")\" after {f}"));
                        }
                        let Word::Literal(name) = inner else {
                            return Err(format!("{f}…) takes a quoted header name"));
                        };
                        return Ok(Word::Header(name));
                    }
                }
                let start = self.pos;
                while self
                    .chars
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    return Err("expected a string, a %{variable} or a function".to_string());
                }
                Ok(Word::Literal(
                    self.chars
                        .get(start..self.pos)
                        .unwrap_or_default()
                        .iter()
                        .collect(),
                ))
            }
            None => Err("unexpected end of the expression".to_string()),
        }
    }

    fn variable(&mut self) -> Result<Word, String> {
        // At "%{".
        self.pos += 2;
        let mut name = String::new();
        loop {
            let Some(&c) = self.chars.get(self.pos) else {
                return Err("unterminated %{…}".to_string());
            };
            self.pos += 1;
            if c == '}' {
                break;
            }
            name.push(c);
        }
        Ok(variable_word(&name))
    }
}

fn variable_word(name: &str) -> Word {
    if let Some(h) = name
        .strip_prefix("HTTP:")
        .or_else(|| name.strip_prefix("req:"))
        .or_else(|| name.strip_prefix("http:"))
    {
        return Word::Header(h.to_string());
    }
    if let Some(h) = name.strip_prefix("HTTP_") {
        return Word::Header(h.replace('_', "-"));
    }
    Word::Var(name.to_string())
}

struct Env<'a> {
    request: &'a HttpRequest,
    vars: HashMap<String, String>,
}

impl Env<'_> {
    fn word(&self, w: &Word) -> String {
        match w {
            Word::Literal(s) => s.clone(),
            Word::Header(h) => self.request.header(h).unwrap_or_default().to_string(),
            Word::Var(v) => self.server_var(v),
            Word::Concat(parts) => parts.iter().map(|p| self.word(p)).collect(),
        }
    }

    fn server_var(&self, name: &str) -> String {
        match name {
            "REQUEST_METHOD" => self.request.method.clone(),
            "REQUEST_URI" => self.request.path().to_string(),
            "QUERY_STRING" => self.request.query().to_string(),
            "THE_REQUEST" => format!("{} {} HTTP/1.1", self.request.method, self.request.target),
            "REQUEST_SCHEME" => "http".to_string(),
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    fn eval(&self, e: &Expr) -> bool {
        match e {
            Expr::True => true,
            Expr::False => false,
            Expr::Not(inner) => !self.eval(inner),
            Expr::And(a, b) => self.eval(a) && self.eval(b),
            Expr::Or(a, b) => self.eval(a) || self.eval(b),
            Expr::Compare { left, op, right } => {
                let (l, r) = (self.word(left), self.word(right));
                match op.as_str() {
                    "==" => l == r,
                    "!=" => l != r,
                    "<" => l < r,
                    ">" => l > r,
                    "<=" => l <= r,
                    ">=" => l >= r,
                    "-eq" => l.parse::<i64>().ok() == r.parse::<i64>().ok(),
                    "-ne" => l.parse::<i64>().ok() != r.parse::<i64>().ok(),
                    _ => false,
                }
            }
            Expr::Matches {
                left,
                regex,
                negated,
            } => {
                let hit = matches!(regex.search(&self.word(left)), Ok(Some(_)));
                hit != *negated
            }
            Expr::In { left, list } => {
                let l = self.word(left);
                list.iter().any(|w| self.word(w) == l)
            }
            Expr::NonEmpty(w, want) => self.word(w).is_empty() != *want,
        }
    }

    /// A mod_headers value: `%{VAR}e`, `%{Header}i`, `%%`; an unset variable prints `(null)`.
    fn format(&self, value: &str) -> String {
        if let Some(expr) = value.strip_prefix("expr=") {
            let mut parser = ExprParser {
                chars: format!("'{expr}'").chars().collect(),
                pos: 0,
            };
            return match parser.word() {
                Ok(w) => self.word(&w),
                Err(_) => String::new(),
            };
        }
        let mut out = String::new();
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.peek() {
                Some('%') => {
                    chars.next();
                    out.push('%');
                }
                Some('{') => {
                    chars.next();
                    let mut name = String::new();
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                        name.push(d);
                    }
                    match chars.next() {
                        Some('e') => match self.vars.get(&name) {
                            Some(v) => out.push_str(v),
                            None => out.push_str("(null)"),
                        },
                        // mod_headers has no request-header format: `%{Origin}i` is `%i`, the
                        // server's idle percentage, printed `i=<number>` (people carry the
                        // `%{…}i` of mod_log_config over).
                        Some(c @ ('i' | 'b' | 'l' | 't' | 'D')) => out.push_str(&dynamic(c)),
                        Some(_) => out.push_str("(null)"),
                        None => {}
                    }
                }
                Some(&c @ ('i' | 'b' | 'l' | 't' | 'D')) => {
                    chars.next();
                    out.push_str(&dynamic(c));
                }
                _ => out.push('%'),
            }
        }
        out
    }
}

/// mod_headers' run-time formats (`%t` the time, `%D` the duration, `%i`/`%b` idle and busy
/// percentage, `%l` the load): their value is known only when the request is served, so the
/// model writes the format's letter and a question mark (`i=?`).
fn dynamic(c: char) -> String {
    format!("{c}=?")
}

/// The sections that apply to a request, in merge order, with whether each is outside the
/// per-directory configuration (server and virtual host context).
fn applicable<'a>(root: &'a Section, env: &Env<'_>, path: &str) -> Vec<(&'a Section, bool)> {
    let mut server = vec![(root, true)];
    if let Some(vhost) = root
        .children
        .iter()
        .find(|c| matches!(c.kind, SectionKind::VirtualHost))
    {
        server.push((vhost, true));
    }
    let mut directory = Vec::new();
    let mut files = Vec::new();
    let mut location = Vec::new();
    let mut ifs = Vec::new();
    for (s, _) in server.clone() {
        collect(
            s,
            env,
            path,
            &mut directory,
            &mut files,
            &mut location,
            &mut ifs,
        );
    }
    let mut out = server;
    out.extend(directory.into_iter().map(|s| (s, false)));
    out.extend(files.into_iter().map(|s| (s, false)));
    out.extend(location.into_iter().map(|s| (s, false)));
    out.extend(ifs.into_iter().map(|s| (s, false)));
    out
}

fn collect<'a>(
    s: &'a Section,
    env: &Env<'_>,
    path: &str,
    directory: &mut Vec<&'a Section>,
    files: &mut Vec<&'a Section>,
    location: &mut Vec<&'a Section>,
    ifs: &mut Vec<&'a Section>,
) {
    let mut previous_if: Option<bool> = None;
    for child in &s.children {
        let applies = match &child.kind {
            SectionKind::Root | SectionKind::VirtualHost => {
                previous_if = None;
                continue;
            }
            SectionKind::Directory => {
                previous_if = None;
                directory.push(child);
                true
            }
            SectionKind::Files(name) => {
                previous_if = None;
                let base = path.rsplit('/').next().unwrap_or("");
                let hit = base == name || name == "*";
                if hit {
                    files.push(child);
                }
                hit
            }
            SectionKind::Location(prefix) => {
                previous_if = None;
                let hit = path.starts_with(prefix.as_str());
                if hit {
                    location.push(child);
                }
                hit
            }
            SectionKind::LocationMatch(r) => {
                previous_if = None;
                let hit = matches!(r.search(path), Ok(Some(_)));
                if hit {
                    location.push(child);
                }
                hit
            }
            SectionKind::If(e) => {
                let hit = env.eval(e);
                previous_if = Some(hit);
                if hit {
                    ifs.push(child);
                }
                hit
            }
            SectionKind::ElseIf(e) => {
                let hit = previous_if == Some(false) && env.eval(e);
                if hit {
                    ifs.push(child);
                }
                previous_if = previous_if.map(|p| p || hit);
                hit
            }
            SectionKind::Else => {
                if previous_if == Some(false) {
                    ifs.push(child);
                }
                previous_if = None;
                true
            }
        };
        if applies {
            // Sections nested inside (an <If> in a <Directory>) apply after their parent.
            collect(child, env, path, directory, files, location, ifs);
        }
    }
}

#[derive(Default)]
struct Tables {
    out: Vec<(String, String, Origin)>,
    err: Vec<(String, String, Origin)>,
}

fn apply(table: &mut Vec<(String, String, Origin)>, h: &HeaderDirective, value: String) {
    let same = |n: &String| n.eq_ignore_ascii_case(&h.name);
    let from = Origin::Config { line: h.line };
    match h.action {
        Action::Set => {
            if let Some(pos) = table.iter().position(|(n, _, _)| same(n)) {
                table.retain(|(n, _, _)| !same(n));
                let at = pos.min(table.len());
                table.insert(at, (h.name.clone(), value, from));
            } else {
                table.push((h.name.clone(), value, from));
            }
        }
        Action::Add => table.push((h.name.clone(), value, from)),
        Action::Append | Action::Merge => {
            if let Some(entry) = table.iter_mut().find(|(n, _, _)| same(n)) {
                let present = entry.1.split(',').any(|v| v.trim() == value.trim());
                if h.action == Action::Append || !present {
                    entry.1 = format!("{}, {}", entry.1, value);
                    entry.2 = from;
                }
            } else {
                table.push((h.name.clone(), value, from));
            }
        }
        Action::SetIfEmpty => {
            if !table.iter().any(|(n, _, _)| same(n)) {
                table.push((h.name.clone(), value, from));
            }
        }
        Action::Unset => table.retain(|(n, _, _)| !same(n)),
    }
}

impl Config {
    /// Directives read but not modelled, with their lines.
    pub fn unmodelled(&self) -> &[(usize, String)] {
        &self.unmodelled
    }

    /// The response httpd sends to `request`, the application behind it answering `backend`.
    pub fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        let path = request.path().to_string();
        let mut env = Env {
            request,
            vars: HashMap::new(),
        };
        let mut notes = Vec::new();
        // SetEnvIf runs early (post_read_request for the server context, header_parser for
        // directories), before any section that tests variables.
        let first = applicable(&self.root, &env, &path);
        for (section, _) in &first {
            for s in &section.setenv {
                let subject = match s.attribute.to_ascii_lowercase().as_str() {
                    "" => Some(String::new()),
                    "request_method" => Some(request.method.clone()),
                    "request_uri" => Some(path.clone()),
                    "request_protocol" => Some("HTTP/1.1".to_string()),
                    "remote_addr" | "remote_host" | "server_addr" => Some("127.0.0.1".to_string()),
                    _ => request.header(&s.attribute).map(str::to_string),
                };
                let Some(subject) = subject else {
                    continue;
                };
                if let Ok(Some(caps)) = s.regex.search(&subject) {
                    for (var, value) in &s.assignments {
                        match value {
                            Some(v) => {
                                let mut expanded = String::new();
                                let mut chars = v.chars().peekable();
                                while let Some(c) = chars.next() {
                                    if c == '$'
                                        && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                                    {
                                        chars.next();
                                        expanded.push_str(
                                            caps.get(d as usize)
                                                .cloned()
                                                .flatten()
                                                .as_deref()
                                                .unwrap_or(""),
                                        );
                                    } else {
                                        expanded.push(c);
                                    }
                                }
                                env.vars.insert(var.clone(), expanded);
                            }
                            None => {
                                env.vars.remove(var);
                            }
                        }
                    }
                } else {
                    notes.push((s.line, NoteKind::ConditionFalse));
                }
            }
        }
        let sections = applicable(&self.root, &env, &path);
        // mod_rewrite: server context in translate_name, directory context in fixups.
        let mut generated: Option<(u16, usize, bool)> = None;
        // The line of an internal rewrite that handed the request to another target.
        let mut handed_to: Option<usize> = None;
        'rules: for (section, server_context) in &sections {
            if !section.rewrite_on {
                continue;
            }
            for rule in &section.rules {
                let subject = if *server_context {
                    path.clone()
                } else {
                    path.trim_start_matches('/').to_string()
                };
                let found = rule.pattern.search(&subject);
                let hit = matches!(found, Ok(Some(_))) != rule.negated;
                if !hit {
                    continue;
                }
                let captures = match found {
                    Ok(Some(caps)) => caps,
                    _ => Vec::new(),
                };
                let mut ok = true;
                let mut pending_or = false;
                let mut or_hit = false;
                for cond in &rule.conds {
                    // `$N` in a RewriteCond test is the rule's capture N.
                    let mut test = expand_rewrite(&cond.test, &env);
                    for (n, cap) in captures.iter().enumerate().rev() {
                        test = test.replace(&format!("${n}"), cap.as_deref().unwrap_or(""));
                    }
                    let file_test = cond.test.contains("FILENAME}");
                    let result = match &cond.pattern {
                        CondPattern::Regex { regex, negated } => {
                            matches!(regex.search(&test), Ok(Some(_))) != *negated
                        }
                        CondPattern::Equals { value, negated } => (test == *value) != *negated,
                        // `-f`/`-d` on the file the URL maps to: a file is there unless there is
                        // nothing at the path; a directory only for a path ending in `/`.
                        CondPattern::Unmodelled(p)
                            if file_test
                                && matches!(
                                    p.trim_start_matches('!'),
                                    "-f" | "-F" | "-s" | "-d"
                                ) =>
                        {
                            let is_dir = path.ends_with('/');
                            let there = match p.trim_start_matches('!') {
                                "-d" => is_dir,
                                _ => !is_dir && !backend.missing(),
                            };
                            there != p.starts_with('!')
                        }
                        CondPattern::Unmodelled(p) => {
                            notes.push((
                                rule.line,
                                NoteKind::CannotEvaluate {
                                    what: format!("RewriteCond {p} (taken as false)"),
                                },
                            ));
                            false
                        }
                    };
                    if cond.or {
                        or_hit |= result;
                        pending_or = true;
                        continue;
                    }
                    let value = if pending_or { or_hit || result } else { result };
                    pending_or = false;
                    or_hit = false;
                    if !value {
                        ok = false;
                        break;
                    }
                }
                if pending_or && !or_hit {
                    ok = false;
                }
                if !ok {
                    notes.push((rule.line, NoteKind::ConditionFalse));
                    continue;
                }
                if let Some(status) = rule.status {
                    generated = Some((status, rule.line, *server_context));
                    break 'rules;
                }
                if rule.substitution != "-" {
                    handed_to = Some(rule.line);
                }
                if rule.last {
                    break 'rules;
                }
            }
        }
        let proxied = sections
            .iter()
            .any(|(s, _)| s.proxy.iter().any(|p| path.starts_with(p.as_str())));
        // The response before mod_headers: whether httpd generated it as an error.
        let (status, apache_error, mut tables) = match generated {
            Some((status, line, _)) => {
                notes.push((line, NoteKind::Answered { status }));
                (status, true, Tables::default())
            }
            None if proxied => {
                let mut t = Tables::default();
                for (n, v) in &backend.headers {
                    t.out.push((n.clone(), v.clone(), Origin::Backend));
                }
                (backend.status, false, t)
            }
            None => {
                let mut t = Tables::default();
                let (status, error) = match request.method.as_str() {
                    // The core answers OPTIONS itself, whether or not a file is there.
                    "OPTIONS" => {
                        t.out.push((
                            "Allow".to_string(),
                            "OPTIONS,HEAD,GET,POST".to_string(),
                            Origin::Server,
                        ));
                        (200, false)
                    }
                    // `default_handler` (server/core.c): GET and POST get the file or 404,
                    // any other method 405 whether or not a file is there.
                    "GET" | "HEAD" | "POST" if backend.missing() && handed_to.is_none() => {
                        (404, true)
                    }
                    "GET" | "HEAD" | "POST" => (200, false),
                    _ => (405, true),
                };
                (status, error, t)
            }
        };
        let server_only = matches!(generated, Some((_, _, true)));
        for (section, _) in &sections {
            // A response the virtual host's RewriteRule made never walked the directories (the
            // <Location> walk before translation and the <If> sections still apply).
            if server_only && matches!(section.kind, SectionKind::Directory | SectionKind::Files(_))
            {
                continue;
            }
            for h in &section.headers {
                let guard_ok = match &h.guard {
                    Guard::None => true,
                    Guard::Env { var, negated } => env.vars.contains_key(var) != *negated,
                    Guard::Expr(e) => env.eval(e),
                };
                if !guard_ok {
                    notes.push((h.line, NoteKind::ConditionFalse));
                    continue;
                }
                let value = env.format(&h.value);
                match h.table {
                    Table::Always => apply(&mut tables.err, h, value),
                    Table::OnSuccess => {
                        if apache_error {
                            notes.push((h.line, NoteKind::OnSuccessSkipped { status }));
                        } else {
                            apply(&mut tables.out, h, value);
                        }
                    }
                }
            }
        }
        let mut response = ServerResponse::new(status);
        for (line, kind) in notes {
            response.note(line, kind);
        }
        let mut lines = tables.err;
        if !apache_error {
            lines.extend(tables.out);
        }
        for (name, value, from) in lines {
            response.add(&name, &value, from);
        }
        response
    }
}

/// A `RewriteCond` test string: `%{REQUEST_METHOD}`, `%{HTTP:Origin}`, `%{ENV:VAR}` and the
/// `HTTP_*` variables.
fn expand_rewrite(test: &str, env: &Env<'_>) -> String {
    let mut out = String::new();
    let mut rest = test;
    while let Some(start) = rest.find("%{") {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 2..).unwrap_or("");
        let Some(end) = after.find('}') else {
            out.push_str(rest.get(start..).unwrap_or(""));
            return out;
        };
        let name = after.get(..end).unwrap_or("");
        let value = if let Some(var) = name.strip_prefix("ENV:") {
            env.vars.get(var).cloned().unwrap_or_default()
        } else {
            env.word(&variable_word(name))
        };
        out.push_str(&value);
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn request(method: &str, origin: Option<&str>) -> HttpRequest {
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
            .filter(|h| super::super::model::is_cors_header(&h.name))
            .map(|h| format!("{}: {}", h.name, h.value))
            .collect()
    }

    #[test]
    fn always_and_onsuccess_both_send() {
        let c = read("Header always set Access-Control-Allow-Origin \"*\"\nHeader set Access-Control-Allow-Origin \"*\"\n").unwrap();
        let r = c.respond(
            &request("GET", Some("https://a.example")),
            &Backend::default(),
        );
        assert_eq!(
            lines(&r),
            vec![
                "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Origin: *"
            ]
        );
        let missing = c.respond(
            &request("GET", Some("https://a.example")),
            &Backend {
                status: 404,
                headers: Vec::new(),
            },
        );
        assert_eq!(lines(&missing), vec!["Access-Control-Allow-Origin: *"]);
    }

    #[test]
    fn rewrite_options_to_204() {
        let c = read("Header always set Access-Control-Allow-Origin \"https://app.example.com\"\nRewriteEngine On\nRewriteCond %{REQUEST_METHOD} OPTIONS\nRewriteRule ^(.*)$ $1 [R=204,L]\n").unwrap();
        let r = c.respond(
            &request("OPTIONS", Some("https://app.example.com")),
            &Backend::default(),
        );
        assert_eq!(r.status, 204);
        assert_eq!(
            lines(&r),
            vec!["Access-Control-Allow-Origin: https://app.example.com"]
        );
    }

    #[test]
    fn setenvif_reflects_allowed_origin() {
        let c = read("SetEnvIf Origin \"^(https://(app|admin)\\.example\\.com)$\" CORS_ORIGIN=$1\nHeader always set Access-Control-Allow-Origin %{CORS_ORIGIN}e env=CORS_ORIGIN\n").unwrap();
        let ok = c.respond(
            &request("GET", Some("https://admin.example.com")),
            &Backend::default(),
        );
        assert_eq!(
            lines(&ok),
            vec!["Access-Control-Allow-Origin: https://admin.example.com"]
        );
        let no = c.respond(
            &request("GET", Some("https://evil.example")),
            &Backend::default(),
        );
        assert!(lines(&no).is_empty());
    }

    #[test]
    fn if_section() {
        let c = read("<If \"%{HTTP:Origin} =~ m#^https://a\\.example$#\">\n  Header set Access-Control-Allow-Origin \"expr=%{req:Origin}\"\n</If>\n").unwrap();
        let ok = c.respond(
            &request("GET", Some("https://a.example")),
            &Backend::default(),
        );
        assert_eq!(
            lines(&ok),
            vec!["Access-Control-Allow-Origin: https://a.example"]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = read("Header always set\n<Directory /x>\n").unwrap_err();
        let lines: Vec<usize> = e.0.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2]);
    }
}
