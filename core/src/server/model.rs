//! The server model's data: the HTTP request a server receives, what the application behind the
//! configuration answers, and the response the server sends — each header line with the
//! configuration line that produced it, and notes on the lines that did not produce one.

use serde::Serialize;

/// The request as the server receives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    /// The method, as sent.
    pub method: String,
    /// The path and query (`/api/items?x=1`).
    pub target: String,
    /// The request headers, in order.
    pub headers: Vec<(String, String)>,
}

impl HttpRequest {
    /// The first value of a request header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    /// The query string, without `?`.
    pub fn query(&self) -> &str {
        self.target
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(""))
            .unwrap_or("")
    }
}

/// What the application behind the configuration answers: the upstream of nginx's `proxy_pass`
/// or Apache's `ProxyPass`, the file a static location serves, the Express or Flask route
/// handler, the rest of the PHP script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Backend {
    /// `200` when it answers normally; `404` when there is nothing at the path (a missing file,
    /// an upstream's 404); `500` when the handler fails (the upstream answers 500, the route
    /// handler throws, the script throws after the configured lines).
    pub status: u16,
    /// Headers an upstream adds of its own (passed through by a proxy).
    pub headers: Vec<(String, String)>,
}

impl Default for Backend {
    fn default() -> Self {
        Backend {
            status: 200,
            headers: Vec::new(),
        }
    }
}

impl Backend {
    /// Whether the application fails (answers 500 or above).
    pub fn fails(&self) -> bool {
        self.status >= 500
    }

    /// Whether there is nothing at the path.
    pub fn missing(&self) -> bool {
        self.status == 404
    }
}

/// Where a header line comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A line of the configuration.
    Config {
        /// The 1-based line number.
        line: usize,
    },
    /// The application or upstream behind the configuration.
    Backend,
    /// The server itself (an automatic `OPTIONS` answer's `Allow`, a framework default).
    Server,
}

/// One header line of a response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderLine {
    /// The name, as sent.
    pub name: String,
    /// The value, as sent.
    pub value: String,
    /// What produced it.
    pub from: Origin,
}

/// Why a configuration line did not produce a header, or what the model could not evaluate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteKind {
    /// nginx `add_header` without `always` on a status it does not add headers to.
    NotAlways {
        /// The response status.
        status: u16,
    },
    /// nginx: this level has `add_header` of its own, so the ones above are not inherited.
    NotInherited {
        /// The line of the level whose own `add_header` hides this one.
        hidden_by: usize,
    },
    /// The value evaluated to the empty string, so no header was sent.
    EmptyValue,
    /// The directive's condition (`env=`, `expr=`, `if`) was false for this request.
    ConditionFalse,
    /// Apache `Header` without `always` on a response Apache generated itself (an error or a
    /// `RewriteRule [R=…]`), which only gets the `always` table.
    OnSuccessSkipped {
        /// The response status.
        status: u16,
    },
    /// The request's origin is not among the allowed ones.
    OriginNotAllowed,
    /// The preflight's method is not among the allowed ones.
    MethodNotAllowed,
    /// The middleware, hook or line never ran for this request (an earlier one answered, or an
    /// error skipped it).
    NotReached,
    /// An earlier line already set the header, so this one did nothing.
    AlreadySet,
    /// The line decided the response's status.
    Answered {
        /// The status.
        status: u16,
    },
    /// A part the model cannot evaluate (a function, an unsupported pattern); what it assumed.
    CannotEvaluate {
        /// What, and what was assumed.
        what: String,
    },
}

/// A note tied to a configuration line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The 1-based line.
    pub line: usize,
    /// What happened there.
    #[serde(flatten)]
    pub kind: NoteKind,
}

/// The response the server sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerResponse {
    /// The status.
    pub status: u16,
    /// The header lines, in order, duplicates kept.
    pub headers: Vec<HeaderLine>,
    /// Lines that did not produce a header, and what could not be evaluated.
    pub notes: Vec<Note>,
}

impl ServerResponse {
    /// A response with a status and no headers yet.
    pub fn new(status: u16) -> ServerResponse {
        ServerResponse {
            status,
            headers: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Appends a header line.
    pub fn add(&mut self, name: &str, value: &str, from: Origin) {
        self.headers.push(HeaderLine {
            name: name.to_string(),
            value: value.to_string(),
            from,
        });
    }

    /// Records a note.
    pub fn note(&mut self, line: usize, kind: NoteKind) {
        self.notes.push(Note { line, kind });
    }

    /// The header lines as `(name, value)` pairs, for a scenario.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect()
    }

    /// The configuration lines that produced a header, in order, without repeats.
    pub fn lines(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for h in &self.headers {
            if let Origin::Config { line } = h.from
                && !out.contains(&line)
            {
                out.push(line);
            }
        }
        out
    }
}

/// Whether a response header takes part in the differential comparison: every
/// `Access-Control-*` line and every `Vary` line.
pub fn is_cors_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("access-control-") || lower == "vary"
}

/// Appends `field` to a `Vary` value the way the `vary` npm package and Werkzeug do: unless it
/// is already listed (case-insensitively) or the value is `*`.
pub fn vary_append(current: &str, field: &str) -> String {
    let listed: Vec<&str> = current
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if listed.contains(&"*") || field == "*" {
        return "*".to_string();
    }
    let mut out: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    for f in field.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(f)) {
            out.push(f.to_string());
        }
    }
    out.join(", ")
}
