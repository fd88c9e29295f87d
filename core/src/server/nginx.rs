//! nginx configuration: `http` / `server` / `location` (prefix, `=`, `^~`, `~`, `~*`, nested) /
//! `if` blocks, `add_header … [always]`, `return`, `set`, `map`, `proxy_pass` and
//! `proxy_hide_header`, as nginx 1.22.1 (Debian's build) evaluates them.
//!
//! The rules modelled, from nginx's documentation and source at 1.22.1:
//! - `add_header` (ngx_http_headers_module, <https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header>):
//!   "Adds the specified field to a response header provided that the response code equals 200,
//!   201, 204, 206, 301, 302, 303, 304, 307, or 308 … If the `always` parameter is specified, the
//!   header field will be added regardless of the response code." A value that evaluates to the
//!   empty string adds nothing (`ngx_http_add_header`). "These directives are inherited from the
//!   previous configuration level if and only if there are no add_header directives defined on
//!   the current level."
//! - location selection (<https://nginx.org/en/docs/http/ngx_http_core_module.html#location>):
//!   `=` exact match ends the search; otherwise the longest matching prefix is remembered, a
//!   `^~` prefix ends the search, else regular expressions are tried in order of appearance and
//!   the first match wins, falling back to the remembered prefix.
//! - the rewrite module (<https://nginx.org/en/docs/http/ngx_http_rewrite_module.html>): `set`,
//!   `if` and `return` run in order, server level first; a true `if` makes its block the
//!   request's configuration (the last true `if` wins) and its `return` ends processing.
//! - a location without `proxy_pass` or `return` serves files: `GET`/`HEAD` get the file (200)
//!   or 404, other methods 405 (ngx_http_static_module).
//! - `proxy_pass`: the upstream's status and headers pass through, `add_header` lines follow
//!   them; `proxy_hide_header` drops an upstream header.

use std::collections::HashMap;

use super::model::{Backend, HttpRequest, NoteKind, Origin, ServerResponse};
use super::regex::{Dialect, Regex};
use super::{ConfigError, ConfigErrors};

/// The statuses `add_header` adds to without `always` (ngx_http_headers_filter).
const ADD_HEADER_STATUSES: [u16; 10] = [200, 201, 204, 206, 301, 302, 303, 304, 307, 308];

#[derive(Clone, Debug)]
struct Directive {
    name: String,
    args: Vec<String>,
    line: usize,
    block: Option<Vec<Directive>>,
}

/// An open block's directive: its name, arguments and line.
type BlockStart = (String, Vec<String>, usize);

/// Splits the text into directives and blocks (`ngx_conf_read_token`).
fn parse(text: &str) -> (Vec<Directive>, Vec<ConfigError>) {
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    // The stack of open blocks: the directives read so far and the block's opening directive.
    let mut stack: Vec<(Vec<Directive>, Option<BlockStart>)> = vec![(Vec::new(), None)];
    let mut words: Vec<String> = Vec::new();
    let mut first_line = 1usize;
    let mut errors = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            ' ' | '\t' | '\r' => {}
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            ';' => {
                if words.is_empty() {
                    errors.push(ConfigError::new(line, "unexpected \";\""));
                    continue;
                }
                let name = words.remove(0);
                if let Some((list, _)) = stack.last_mut() {
                    list.push(Directive {
                        name,
                        args: std::mem::take(&mut words),
                        line: first_line,
                        block: None,
                    });
                }
            }
            '{' => {
                if words.is_empty() {
                    errors.push(ConfigError::new(
                        line,
                        "block \"{\" without a directive name",
                    ));
                    words.push(String::new());
                }
                let name = words.remove(0);
                stack.push((
                    Vec::new(),
                    Some((name, std::mem::take(&mut words), first_line)),
                ));
            }
            '}' => {
                if !words.is_empty() {
                    errors.push(ConfigError::new(
                        first_line,
                        format!(
                            "directive \"{}\" is not terminated by \";\"",
                            words.join(" ")
                        ),
                    ));
                    words.clear();
                }
                if stack.len() == 1 {
                    errors.push(ConfigError::new(line, "unexpected \"}\""));
                    continue;
                }
                if let Some((list, Some((name, args, at)))) = stack.pop()
                    && let Some((parent, _)) = stack.last_mut()
                {
                    parent.push(Directive {
                        name,
                        args,
                        line: at,
                        block: Some(list),
                    });
                }
            }
            _ => {
                if words.is_empty() {
                    first_line = line;
                }
                let mut word = String::new();
                if c == '"' || c == '\'' {
                    let start = line;
                    let mut closed = false;
                    while let Some(d) = chars.next() {
                        if d == '\n' {
                            line += 1;
                        }
                        if d == '\\' {
                            match chars.next() {
                                Some(e) if e == c || e == '\\' => word.push(e),
                                Some('n') => word.push('\n'),
                                Some('t') => word.push('\t'),
                                Some('r') => word.push('\r'),
                                Some(e) => {
                                    if e == '\n' {
                                        line += 1;
                                    }
                                    word.push('\\');
                                    word.push(e);
                                }
                                None => {}
                            }
                        } else if d == c {
                            closed = true;
                            break;
                        } else {
                            word.push(d);
                        }
                    }
                    if !closed {
                        errors.push(ConfigError::new(start, "unterminated quoted string"));
                    }
                } else {
                    word.push(c);
                    while let Some(&d) = chars.peek() {
                        if d.is_whitespace() || d == ';' || d == '{' || d == '}' {
                            break;
                        }
                        chars.next();
                        if d == '\\'
                            && let Some(e) = chars.next()
                        {
                            word.push('\\');
                            word.push(e);
                            continue;
                        }
                        word.push(d);
                    }
                }
                words.push(word);
            }
        }
    }
    if !words.is_empty() {
        errors.push(ConfigError::new(
            first_line,
            format!(
                "directive \"{}\" is not terminated by \";\"",
                words.join(" ")
            ),
        ));
    }
    // An unclosed block is reported and read as if it closed at the end.
    while stack.len() > 1 {
        if let Some((list, Some((name, args, at)))) = stack.pop() {
            errors.push(ConfigError::new(
                at,
                format!("block \"{name}\" is not closed by \"}}\""),
            ));
            if let Some((parent, _)) = stack.last_mut() {
                parent.push(Directive {
                    name,
                    args,
                    line: at,
                    block: Some(list),
                });
            }
        }
    }
    (
        stack.pop().map(|(list, _)| list).unwrap_or_default(),
        errors,
    )
}

#[derive(Clone, Debug)]
struct AddHeader {
    name: String,
    value: String,
    always: bool,
    line: usize,
}

#[derive(Clone, Debug)]
enum Condition {
    /// `if ($var)`: true unless empty or "0".
    Set(String),
    /// `=` / `!=`.
    Equals {
        var: String,
        value: String,
        negated: bool,
    },
    /// `~`, `~*`, `!~`, `!~*`.
    Matches {
        var: String,
        regex: Regex,
        negated: bool,
    },
    /// `-f`, `-d`, `-e`, `-x` and their negations: not modelled.
    File(String),
}

#[derive(Clone, Debug)]
enum Rewrite {
    Set {
        var: String,
        value: String,
    },
    If {
        condition: Condition,
        block: Box<Level>,
        line: usize,
    },
    Return {
        status: u16,
        text: Option<String>,
        line: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Match {
    Prefix,
    Exact,
    NoRegex,
    Regex,
}

#[derive(Clone, Debug)]
struct Location {
    kind: Match,
    path: String,
    regex: Option<Regex>,
    level: Level,
}

/// One configuration level: `http`, `server`, `location` or `if`.
#[derive(Clone, Debug, Default)]
struct Level {
    line: usize,
    add_headers: Vec<AddHeader>,
    rewrites: Vec<Rewrite>,
    proxy_pass: Option<usize>,
    hide: Vec<String>,
    locations: Vec<Location>,
}

#[derive(Clone, Debug)]
struct MapEntry {
    key: MapKey,
    value: String,
}

#[derive(Clone, Debug)]
enum MapKey {
    Exact(String),
    Regex(Regex),
}

#[derive(Clone, Debug)]
struct Map {
    source: String,
    entries: Vec<MapEntry>,
    default: String,
}

/// A read nginx configuration.
#[derive(Clone, Debug)]
pub struct Config {
    http: Level,
    server: Level,
    maps: HashMap<String, Map>,
    unmodelled: Vec<(usize, String)>,
}

/// Directives read and deliberately not modelled: they do not change CORS headers.
const IGNORED: &[&str] = &[
    "listen",
    "server_name",
    "root",
    "index",
    "access_log",
    "error_log",
    "include",
    "charset",
    "proxy_set_header",
    "proxy_http_version",
    "proxy_redirect",
    "proxy_buffering",
    "proxy_read_timeout",
    "proxy_connect_timeout",
    "proxy_send_timeout",
    "proxy_cache",
    "client_max_body_size",
    "sendfile",
    "keepalive_timeout",
    "gzip",
    "gzip_types",
    "types",
    "default_type",
    "server_tokens",
    "ssl_certificate",
    "ssl_certificate_key",
    "ssl_protocols",
    "ssl_ciphers",
    "worker_processes",
    "worker_connections",
    "events",
    "pid",
    "user",
    "expires",
    "etag",
    "autoindex",
    "alias",
    "tcp_nopush",
    "tcp_nodelay",
    "upstream",
    "resolver",
    "log_format",
    "daemon",
    "master_process",
    "client_body_temp_path",
    "proxy_temp_path",
    "fastcgi_temp_path",
    "uwsgi_temp_path",
    "scgi_temp_path",
    "error_page",
    "try_files",
    "internal",
    "limit_except",
    "rewrite",
    "break",
    "fastcgi_pass",
    "fastcgi_param",
    "uwsgi_pass",
    "grpc_pass",
    "auth_basic",
    "auth_basic_user_file",
    "allow",
    "deny",
    "more_set_headers",
];

fn directive_error(d: &Directive, message: impl Into<String>) -> ConfigError {
    ConfigError::new(d.line, message)
}

struct Reader {
    maps: HashMap<String, Map>,
    errors: Vec<ConfigError>,
    unmodelled: Vec<(usize, String)>,
}

impl Reader {
    fn level(&mut self, directives: &[Directive], line: usize, context: &str) -> Level {
        let mut level = Level {
            line,
            ..Level::default()
        };
        for d in directives {
            self.directive(d, &mut level, context);
        }
        level
    }

    fn directive(&mut self, d: &Directive, level: &mut Level, context: &str) {
        let args = &d.args;
        match d.name.as_str() {
            "add_header" => {
                let (name, value, rest) = match args.as_slice() {
                    [n, v, rest @ ..] => (n, v, rest),
                    _ => {
                        self.errors.push(directive_error(
                            d,
                            "add_header needs a name and a value: add_header NAME VALUE [always];",
                        ));
                        return;
                    }
                };
                let always = match rest {
                    [] => false,
                    [a] if a == "always" => true,
                    _ => {
                        self.errors.push(directive_error(
                            d,
                            format!(
                                "add_header takes a name, a value and \"always\"; found {} more (quote a value with spaces)",
                                rest.len()
                            ),
                        ));
                        return;
                    }
                };
                level.add_headers.push(AddHeader {
                    name: name.clone(),
                    value: value.clone(),
                    always,
                    line: d.line,
                });
            }
            "return" => {
                let (status, text) = match args.as_slice() {
                    [code] => match code.parse::<u16>() {
                        Ok(s) => (s, None),
                        Err(_) => (302, Some(code.clone())),
                    },
                    [code, text] => match code.parse::<u16>() {
                        Ok(s) => (s, Some(text.clone())),
                        Err(_) => {
                            self.errors.push(directive_error(
                                d,
                                format!("return: invalid status code \"{code}\""),
                            ));
                            return;
                        }
                    },
                    _ => {
                        self.errors.push(directive_error(
                            d,
                            "return takes a status and an optional text or URL",
                        ));
                        return;
                    }
                };
                if status > 999 {
                    self.errors.push(directive_error(
                        d,
                        format!("return: invalid status code {status}"),
                    ));
                    return;
                }
                level.rewrites.push(Rewrite::Return {
                    status,
                    text,
                    line: d.line,
                });
            }
            "set" => match args.as_slice() {
                [var, value] if var.starts_with('$') => level.rewrites.push(Rewrite::Set {
                    var: var.trim_start_matches('$').to_string(),
                    value: value.clone(),
                }),
                _ => self
                    .errors
                    .push(directive_error(d, "set takes a $variable and a value")),
            },
            "if" => {
                let Some(block) = &d.block else {
                    self.errors
                        .push(directive_error(d, "if needs a { … } block"));
                    return;
                };
                match self.condition(d) {
                    Ok(condition) => {
                        let inner = self.level(block, d.line, "if");
                        level.rewrites.push(Rewrite::If {
                            condition,
                            block: Box::new(inner),
                            line: d.line,
                        });
                    }
                    Err(e) => self.errors.push(e),
                }
            }
            "location" => {
                let Some(block) = &d.block else {
                    self.errors
                        .push(directive_error(d, "location needs a { … } block"));
                    return;
                };
                let (kind, path) = match args.as_slice() {
                    [m, p] => match m.as_str() {
                        "=" => (Match::Exact, p.clone()),
                        "^~" => (Match::NoRegex, p.clone()),
                        "~" | "~*" => (Match::Regex, p.clone()),
                        _ => {
                            self.errors.push(directive_error(
                                d,
                                format!("location: unknown modifier \"{m}\""),
                            ));
                            return;
                        }
                    },
                    [p] => {
                        if let Some(rest) = p.strip_prefix('=') {
                            (Match::Exact, rest.to_string())
                        } else if let Some(rest) = p.strip_prefix("^~") {
                            (Match::NoRegex, rest.to_string())
                        } else if let Some(rest) = p.strip_prefix("~*") {
                            (Match::Regex, format!("(?i){rest}"))
                        } else if let Some(rest) = p.strip_prefix('~') {
                            (Match::Regex, rest.to_string())
                        } else {
                            (Match::Prefix, p.clone())
                        }
                    }
                    _ => {
                        self.errors.push(directive_error(
                            d,
                            "location takes an optional modifier and a path",
                        ));
                        return;
                    }
                };
                let insensitive = args.first().is_some_and(|m| m == "~*");
                let regex = if kind == Match::Regex {
                    match Regex::new(&path, Dialect::Pcre, insensitive) {
                        Ok(r) => Some(r),
                        Err(e) => {
                            self.errors
                                .push(directive_error(d, format!("location: {e}")));
                            return;
                        }
                    }
                } else {
                    None
                };
                if path.starts_with('@') {
                    self.unmodelled.push((
                        d.line,
                        format!("named location {path} (reached only by error_page or try_files)"),
                    ));
                    return;
                }
                let inner = self.level(block, d.line, "location");
                level.locations.push(Location {
                    kind,
                    path,
                    regex,
                    level: inner,
                });
            }
            "proxy_pass" => level.proxy_pass = Some(d.line),
            "proxy_hide_header" => {
                if let Some(name) = args.first() {
                    level.hide.push(name.to_ascii_lowercase());
                }
            }
            "map" => self.map(d),
            "server" | "http" => {
                self.errors.push(directive_error(
                    d,
                    format!("\"{}\" is not allowed inside {context}", d.name),
                ));
            }
            name if IGNORED.contains(&name) => {
                if matches!(
                    name,
                    "error_page"
                        | "try_files"
                        | "rewrite"
                        | "limit_except"
                        | "more_set_headers"
                        | "auth_basic"
                        | "fastcgi_pass"
                        | "uwsgi_pass"
                        | "grpc_pass"
                ) {
                    self.unmodelled.push((d.line, name.to_string()));
                }
            }
            other => self.unmodelled.push((d.line, other.to_string())),
        }
    }

    fn condition(&mut self, d: &Directive) -> Result<Condition, ConfigError> {
        let mut words: Vec<String> = d.args.clone();
        let bad = || {
            directive_error(
                d,
                "if: the condition must be in parentheses: if ($var = value) { … }",
            )
        };
        let first = words.first_mut().ok_or_else(bad)?;
        if !first.starts_with('(') {
            return Err(bad());
        }
        first.remove(0);
        if words.last().is_some_and(|w| w == ")") {
            words.pop();
        } else {
            let last = words.last_mut().ok_or_else(bad)?;
            if !last.ends_with(')') {
                return Err(bad());
            }
            last.pop();
        }
        words.retain(|w| !w.is_empty());
        match words.as_slice() {
            [var] if var.starts_with('$') => {
                Ok(Condition::Set(var.trim_start_matches('$').to_string()))
            }
            [flag, _] if flag.starts_with('-') || flag.starts_with("!-") => {
                Ok(Condition::File(flag.clone()))
            }
            [var, op, value] if var.starts_with('$') => {
                let var = var.trim_start_matches('$').to_string();
                match op.as_str() {
                    "=" | "!=" => Ok(Condition::Equals {
                        var,
                        value: value.clone(),
                        negated: op == "!=",
                    }),
                    "~" | "~*" | "!~" | "!~*" => {
                        let regex = Regex::new(value, Dialect::Pcre, op.ends_with('*'))
                            .map_err(|e| directive_error(d, format!("if: {e}")))?;
                        Ok(Condition::Matches {
                            var,
                            regex,
                            negated: op.starts_with('!'),
                        })
                    }
                    _ => Err(directive_error(d, format!("if: unknown operator \"{op}\""))),
                }
            }
            _ => Err(bad()),
        }
    }

    fn map(&mut self, d: &Directive) {
        let (Some(block), [source, target]) = (&d.block, d.args.as_slice()) else {
            self.errors.push(directive_error(
                d,
                "map takes a source and a $variable and a { … } block",
            ));
            return;
        };
        let mut map = Map {
            source: source.clone(),
            entries: Vec::new(),
            default: String::new(),
        };
        for entry in block {
            let value = match entry.args.as_slice() {
                [v] => v.clone(),
                [] if matches!(entry.name.as_str(), "hostnames" | "volatile") => continue,
                _ => {
                    self.errors.push(directive_error(
                        entry,
                        "a map entry is a key and a value: \"key\" value;",
                    ));
                    continue;
                }
            };
            let key = entry.name.clone();
            if key == "default" {
                map.default = value;
            } else if let Some(pattern) = key.strip_prefix("~*") {
                match Regex::new(pattern, Dialect::Pcre, true) {
                    Ok(r) => map.entries.push(MapEntry {
                        key: MapKey::Regex(r),
                        value,
                    }),
                    Err(e) => self
                        .errors
                        .push(directive_error(entry, format!("map: {e}"))),
                }
            } else if let Some(pattern) = key.strip_prefix('~') {
                match Regex::new(pattern, Dialect::Pcre, false) {
                    Ok(r) => map.entries.push(MapEntry {
                        key: MapKey::Regex(r),
                        value,
                    }),
                    Err(e) => self
                        .errors
                        .push(directive_error(entry, format!("map: {e}"))),
                }
            } else {
                let exact = key.strip_prefix('\\').unwrap_or(&key).to_string();
                map.entries.push(MapEntry {
                    key: MapKey::Exact(exact),
                    value,
                });
            }
        }
        self.maps
            .insert(target.trim_start_matches('$').to_string(), map);
    }
}

/// Reads an nginx configuration: a whole `nginx.conf`, an `http` or `server` block, or the
/// inside of a `server` or `location` block as people paste it.
pub fn read(text: &str) -> Result<Config, ConfigErrors> {
    let (tree, syntax_errors) = parse(text);
    let mut reader = Reader {
        maps: HashMap::new(),
        errors: syntax_errors,
        unmodelled: Vec::new(),
    };
    let http_block = tree.iter().find(|d| d.name == "http");
    let (http_directives, outer): (Vec<Directive>, &[Directive]) = match http_block {
        Some(h) => (h.block.clone().unwrap_or_default(), tree.as_slice()),
        None => (Vec::new(), tree.as_slice()),
    };
    let scope: Vec<Directive> = if http_block.is_some() {
        http_directives
    } else {
        outer.to_vec()
    };
    let servers: Vec<&Directive> = scope.iter().filter(|d| d.name == "server").collect();
    let (http, server) = if let Some(first) = servers.first() {
        if servers.len() > 1 {
            reader.unmodelled.push((
                servers.get(1).map(|s| s.line).unwrap_or(0),
                "a second server block (the first one is modelled)".to_string(),
            ));
        }
        let rest: Vec<Directive> = scope
            .iter()
            .filter(|d| d.name != "server" && d.name != "events")
            .cloned()
            .collect();
        let http = reader.level(&rest, 0, "http");
        let server = reader.level(first.block.as_deref().unwrap_or(&[]), first.line, "server");
        (http, server)
    } else {
        let rest: Vec<Directive> = scope
            .iter()
            .filter(|d| d.name != "events")
            .cloned()
            .collect();
        (Level::default(), reader.level(&rest, 0, "server"))
    };
    if !reader.errors.is_empty() {
        reader.errors.sort_by_key(|e| e.line);
        return Err(ConfigErrors(reader.errors));
    }
    Ok(Config {
        http,
        server,
        maps: reader.maps,
        unmodelled: reader.unmodelled,
    })
}

/// The request's variables while the rewrite directives run.
struct Vars<'a> {
    request: &'a HttpRequest,
    set: HashMap<String, String>,
    captures: Vec<Option<String>>,
    maps: &'a HashMap<String, Map>,
    depth: usize,
}

impl Vars<'_> {
    fn get(&mut self, name: &str) -> String {
        if let Some(v) = self.set.get(name) {
            return v.clone();
        }
        if let Ok(n) = name.parse::<usize>() {
            return self.captures.get(n).cloned().flatten().unwrap_or_default();
        }
        if let Some(header) = name.strip_prefix("http_") {
            let wanted = header.replace('_', "-");
            return self.request.header(&wanted).unwrap_or_default().to_string();
        }
        if let Some(arg) = name.strip_prefix("arg_") {
            return self
                .request
                .query()
                .split('&')
                .find_map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                    (k == arg).then(|| v.to_string())
                })
                .unwrap_or_default();
        }
        match name {
            "request_method" => return self.request.method.clone(),
            "uri" | "document_uri" => return self.request.path().to_string(),
            "request_uri" => return self.request.target.clone(),
            "args" | "query_string" => return self.request.query().to_string(),
            "scheme" => return "http".to_string(),
            "host" => {
                return self.request.header("host").unwrap_or_default().to_string();
            }
            _ => {}
        }
        if let Some(map) = self.maps.get(name).cloned()
            && self.depth < 8
        {
            self.depth += 1;
            let source = self.expand(&map.source);
            let mut result = None;
            for entry in &map.entries {
                if let MapKey::Exact(k) = &entry.key
                    && *k == source
                {
                    result = Some(self.expand(&entry.value));
                    break;
                }
            }
            if result.is_none() {
                for entry in &map.entries {
                    if let MapKey::Regex(r) = &entry.key
                        && let Ok(Some(caps)) = r.search(&source)
                    {
                        let saved = std::mem::replace(&mut self.captures, caps);
                        result = Some(self.expand(&entry.value));
                        self.captures = saved;
                        break;
                    }
                }
            }
            self.depth -= 1;
            return result.unwrap_or_else(|| self.expand(&map.default));
        }
        String::new()
    }

    /// Expands `$name` and `${name}` in a value.
    fn expand(&mut self, value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(&n) = chars.peek()
                    && n == '$'
                {
                    chars.next();
                    out.push('$');
                    continue;
                }
                out.push(c);
                continue;
            }
            if c != '$' {
                out.push(c);
                continue;
            }
            let mut name = String::new();
            if chars.peek() == Some(&'{') {
                chars.next();
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    name.push(d);
                }
            } else {
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        name.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            if name.is_empty() {
                out.push('$');
            } else {
                out.push_str(&self.get(&name));
            }
        }
        out
    }

    fn test(&mut self, condition: &Condition) -> Result<bool, String> {
        match condition {
            Condition::Set(var) => {
                let v = self.get(var);
                Ok(!v.is_empty() && v != "0")
            }
            Condition::Equals {
                var,
                value,
                negated,
            } => {
                let v = self.get(var);
                let want = self.expand(value);
                Ok((v == want) != *negated)
            }
            Condition::Matches {
                var,
                regex,
                negated,
            } => {
                let v = self.get(var);
                match regex.search(&v) {
                    Ok(Some(caps)) => {
                        self.captures = caps;
                        Ok(!negated)
                    }
                    Ok(None) => Ok(*negated),
                    Err(e) => Err(e.to_string()),
                }
            }
            Condition::File(flag) => Err(format!("file test {flag} (taken as false)")),
        }
    }
}

fn prefix_matches(path: &str, loc: &Location) -> bool {
    path.starts_with(loc.path.as_str())
}

/// The location for a path among one level's locations (nested levels searched in turn).
fn find_location<'a>(locations: &'a [Location], path: &str) -> Option<&'a Location> {
    if let Some(exact) = locations
        .iter()
        .find(|l| l.kind == Match::Exact && l.path == path)
    {
        return Some(exact);
    }
    let longest = locations
        .iter()
        .filter(|l| matches!(l.kind, Match::Prefix | Match::NoRegex) && prefix_matches(path, l))
        .max_by_key(|l| l.path.len());
    if let Some(found) = longest {
        if let Some(nested) = find_location(&found.level.locations, path) {
            return Some(nested);
        }
        if found.kind == Match::NoRegex {
            return Some(found);
        }
    }
    for loc in locations.iter().filter(|l| l.kind == Match::Regex) {
        if let Some(r) = &loc.regex
            && let Ok(Some(_)) = r.search(path)
        {
            return find_location(&loc.level.locations, path).or(Some(loc));
        }
    }
    longest
}

impl Config {
    /// Directives read but not modelled, with their lines.
    pub fn unmodelled(&self) -> &[(usize, String)] {
        &self.unmodelled
    }

    /// The response nginx sends to `request`, the application behind it answering `backend`.
    pub fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        let mut vars = Vars {
            request,
            set: HashMap::new(),
            captures: Vec::new(),
            maps: &self.maps,
            depth: 0,
        };
        let mut notes = Vec::new();
        // The chain of levels, outermost first: http, server, location(s), if.
        let mut chain: Vec<&Level> = vec![&self.http, &self.server];
        let mut answer: Option<(u16, usize, Option<String>)> = None;
        run_rewrites(&self.server, &mut vars, &mut chain, &mut answer, &mut notes);
        if answer.is_none() {
            let path = request.path().to_string();
            let mut search: &[Location] = &self.server.locations;
            let mut depth = 0;
            while let Some(loc) = find_location(search, &path) {
                chain.push(&loc.level);
                depth += 1;
                if depth > 16 || loc.level.locations.is_empty() {
                    break;
                }
                search = &loc.level.locations;
                if find_location(search, &path).is_none() {
                    break;
                }
            }
            if let Some(last) = chain.last().copied()
                && !std::ptr::eq(last, &self.server)
            {
                run_rewrites(last, &mut vars, &mut chain, &mut answer, &mut notes);
            }
        }
        let proxied = chain.iter().any(|l| l.proxy_pass.is_some());
        let mut response = match answer {
            Some((status, line, text)) => {
                let mut r = ServerResponse::new(status);
                if matches!(status, 301 | 302 | 303 | 307 | 308)
                    && let Some(url) = text
                {
                    let url = vars.expand(&url);
                    r.add("Location", &url, Origin::Config { line });
                }
                r.note(line, NoteKind::Answered { status });
                r
            }
            None if proxied => {
                let mut r = ServerResponse::new(backend.status);
                let hidden: Vec<&String> = chain.iter().flat_map(|l| l.hide.iter()).collect();
                for (name, value) in &backend.headers {
                    if !hidden.contains(&&name.to_ascii_lowercase()) {
                        r.add(name, value, Origin::Backend);
                    }
                }
                r
            }
            None => {
                let status = match request.method.as_str() {
                    "GET" | "HEAD" if backend.missing() => 404,
                    "GET" | "HEAD" => 200,
                    _ => 405,
                };
                ServerResponse::new(status)
            }
        };
        response.notes.extend(notes);
        // The innermost level with add_header of its own defines the whole list.
        let own = chain.iter().rev().find(|l| !l.add_headers.is_empty());
        if let Some(level) = own {
            for outer in chain.iter().filter(|l| !std::ptr::eq(**l, *level)) {
                for h in &outer.add_headers {
                    response.note(
                        h.line,
                        NoteKind::NotInherited {
                            hidden_by: level.line,
                        },
                    );
                }
            }
            let status = response.status;
            for h in &level.add_headers {
                if !h.always && !ADD_HEADER_STATUSES.contains(&status) {
                    response.note(h.line, NoteKind::NotAlways { status });
                    continue;
                }
                let value = vars.expand(&h.value);
                if value.is_empty() {
                    response.note(h.line, NoteKind::EmptyValue);
                    continue;
                }
                let name = vars.expand(&h.name);
                response.add(&name, &value, Origin::Config { line: h.line });
            }
        }
        response
    }
}

fn run_rewrites<'a>(
    level: &'a Level,
    vars: &mut Vars<'_>,
    chain: &mut Vec<&'a Level>,
    answer: &mut Option<(u16, usize, Option<String>)>,
    notes: &mut Vec<super::model::Note>,
) {
    let mut if_pushed = false;
    for item in &level.rewrites {
        if answer.is_some() {
            return;
        }
        match item {
            Rewrite::Set { var, value } => {
                let v = vars.expand(value);
                vars.set.insert(var.clone(), v);
            }
            Rewrite::Return { status, line, text } => {
                *answer = Some((*status, *line, text.clone()))
            }
            Rewrite::If {
                condition,
                block,
                line,
            } => match vars.test(condition) {
                Ok(true) => {
                    // The last true `if` supplies the configuration: an earlier true `if`
                    // block stops applying.
                    if if_pushed {
                        chain.pop();
                    }
                    if_pushed = true;
                    chain.push(block);
                    for inner in &block.rewrites {
                        match inner {
                            Rewrite::Set { var, value } => {
                                let v = vars.expand(value);
                                vars.set.insert(var.clone(), v);
                            }
                            Rewrite::Return { status, line, text } => {
                                *answer = Some((*status, *line, text.clone()));
                                break;
                            }
                            Rewrite::If { line, .. } => notes.push(super::model::Note {
                                line: *line,
                                kind: NoteKind::CannotEvaluate {
                                    what: "nested if (nginx does not allow it)".to_string(),
                                },
                            }),
                        }
                    }
                }
                Ok(false) => notes.push(super::model::Note {
                    line: *line,
                    kind: NoteKind::ConditionFalse,
                }),
                Err(what) => notes.push(super::model::Note {
                    line: *line,
                    kind: NoteKind::CannotEvaluate { what },
                }),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn request(method: &str, path: &str, origin: Option<&str>) -> HttpRequest {
        let mut headers = vec![("Host".to_string(), "api.example.com".to_string())];
        if let Some(o) = origin {
            headers.push(("Origin".to_string(), o.to_string()));
        }
        HttpRequest {
            method: method.to_string(),
            target: path.to_string(),
            headers,
        }
    }

    fn names(r: &ServerResponse) -> Vec<String> {
        r.headers
            .iter()
            .map(|h| format!("{}: {}", h.name, h.value))
            .collect()
    }

    #[test]
    fn add_header_without_always_is_missing_on_500() {
        let config = read(
            "location / {\n  add_header Access-Control-Allow-Origin https://app.example.com;\n  proxy_pass http://app;\n}\n",
        )
        .unwrap();
        let ok = config.respond(
            &request("GET", "/x", Some("https://app.example.com")),
            &Backend::default(),
        );
        assert_eq!(
            names(&ok),
            vec!["Access-Control-Allow-Origin: https://app.example.com"]
        );
        let failed = config.respond(
            &request("GET", "/x", Some("https://app.example.com")),
            &Backend {
                status: 500,
                headers: Vec::new(),
            },
        );
        assert_eq!(failed.status, 500);
        assert!(failed.headers.is_empty());
        assert!(
            failed
                .notes
                .iter()
                .any(|n| n.line == 2 && n.kind == NoteKind::NotAlways { status: 500 })
        );
    }

    #[test]
    fn if_block_with_own_add_header_inherits_none() {
        let config = read(
            "server {\n add_header Vary Origin always;\n location / {\n  if ($request_method = 'OPTIONS') {\n   add_header Access-Control-Allow-Methods 'GET, PUT' always;\n   return 204;\n  }\n  add_header Access-Control-Allow-Origin $http_origin always;\n  proxy_pass http://app;\n }\n}\n",
        )
        .unwrap();
        let pre = config.respond(
            &request("OPTIONS", "/x", Some("https://a.example")),
            &Backend::default(),
        );
        assert_eq!(pre.status, 204);
        assert_eq!(names(&pre), vec!["Access-Control-Allow-Methods: GET, PUT"]);
        let get = config.respond(
            &request("GET", "/x", Some("https://a.example")),
            &Backend::default(),
        );
        assert_eq!(
            names(&get),
            vec!["Access-Control-Allow-Origin: https://a.example"]
        );
    }

    #[test]
    fn map_regex_and_empty_value() {
        let config = read(
            "http {\n map $http_origin $cors {\n  default \"\";\n  \"~^https://(app|admin)\\.example\\.com$\" $http_origin;\n }\n server {\n  location /api/ {\n   add_header Access-Control-Allow-Origin $cors always;\n   return 200 ok;\n  }\n }\n}\n",
        )
        .unwrap();
        let good = config.respond(
            &request("GET", "/api/x", Some("https://admin.example.com")),
            &Backend::default(),
        );
        assert_eq!(
            names(&good),
            vec!["Access-Control-Allow-Origin: https://admin.example.com"]
        );
        let bad = config.respond(
            &request("GET", "/api/x", Some("https://evil.com")),
            &Backend::default(),
        );
        assert!(bad.headers.is_empty());
    }

    #[test]
    fn errors_name_the_line() {
        let e = read("location / {\n add_header X;\n").unwrap_err();
        let lines: Vec<usize> = e.0.iter().map(|e| e.line).collect();
        assert!(lines.contains(&1), "{e}");
    }
}
