//! HTTPie command lines (`http OPTIONS example.org/x Origin:https://app.example`, and xh's, which
//! follow the same grammar), read as the request they send, so that the response printed under
//! them is judged as the answer to that request.
//!
//! The grammar, from HTTPie's documentation (<https://httpie.io/docs/cli/usage>):
//!
//! ```text
//! command  = ("http" | "https" | "xh" | "xhs") *flag [METHOD] URL *item
//! METHOD   = a word of letters, any case (GET, options …); without one, GET, or POST when the
//!            items carry data
//! URL      = a URL; without a scheme, http:// (https:// for the `https` command); `:3000/x`
//!            and `:/x` stand for localhost
//! item     = Name:value     a header (Name: alone sends it empty, Name; sends it empty too)
//!          | name==value    a query parameter
//!          | name=value     a JSON field (a form field with --form)
//!          | name:=json     a raw JSON field
//!          | name@file      a file field
//! flag     = -x / --xyz, with the value of those that take one (--auth USER:PASS, -a …)
//! ```
//!
//! Data items make the body: JSON (`Content-Type: application/json`) by default, a form with
//! `--form`/`-f`. `--auth`/`-a user:pass` sends `Authorization: Basic …`.

use super::PastedRequest;
use super::shell::{self, Word};

/// Flags that take a value (the next word, or after `=`).
const FLAGS_WITH_VALUE: [&str; 22] = [
    "--auth",
    "-a",
    "--auth-type",
    "-A",
    "--print",
    "-p",
    "--pretty",
    "--style",
    "-s",
    "--output",
    "-o",
    "--session",
    "--session-read-only",
    "--proxy",
    "--timeout",
    "--max-redirects",
    "--verify",
    "--cert",
    "--cert-key",
    "--ssl",
    "--boundary",
    "--format-options",
];

/// The word that starts an HTTPie command (after an optional `$ ` prompt), if the text starts
/// with one: `http` or `https` followed by a flag, a method or a URL-like word.
fn command_word(text: &str) -> Option<(&'static str, &str)> {
    let t = text.trim_start();
    let t = t
        .strip_prefix("$ ")
        .or_else(|| t.strip_prefix("% "))
        .or_else(|| t.strip_prefix("> "))
        .unwrap_or(t)
        .trim_start();
    // xh (and xhs, https by default) reads the same command line as HTTPie.
    let (name, rest) =
        if let Some(rest) = t.strip_prefix("https ").or_else(|| t.strip_prefix("xhs ")) {
            ("https", rest)
        } else if let Some(rest) = t.strip_prefix("http ").or_else(|| t.strip_prefix("xh ")) {
            ("http", rest)
        } else {
            return None;
        };
    let next = rest.split_whitespace().next()?;
    let looks_like_argument = next.starts_with('-')
        || next.starts_with(['\'', '"', ':'])
        || next.contains(['.', '/', ':'])
        || next.to_ascii_lowercase().starts_with("localhost")
        || is_method(next);
    looks_like_argument.then_some((name, rest))
}

/// Whether a line is an HTTPie command.
pub(crate) fn is_command(line: &str) -> bool {
    command_word(line).is_some()
}

fn is_method(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 10
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && matches!(
            word.to_ascii_uppercase().as_str(),
            "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "TRACE" | "CONNECT"
        )
}

/// The URL HTTPie requests for a URL argument: the scheme added when missing, `:port/path`
/// and `:/path` as localhost.
fn full_url(word: &str, default_scheme: &str) -> String {
    if word.contains("://") {
        return word.to_string();
    }
    if let Some(rest) = word.strip_prefix(':') {
        let rest = if rest.starts_with('/') || rest.is_empty() {
            rest.to_string()
        } else {
            format!(":{rest}")
        };
        return format!("{default_scheme}://localhost{rest}");
    }
    format!("{default_scheme}://{word}")
}

/// One request item, split at its separator.
enum Item {
    Header(String, String),
    Query,
    Data(String, String),
}

fn item(word: &str) -> Option<Item> {
    // The earliest separator decides, longest first at the same position (`:=` before `:`,
    // `==` before `=`).
    let mut best: Option<(usize, &str)> = None;
    for sep in [":=@", ":=", "==", "=@", "@", "=", ":", ";"] {
        if let Some(i) = word.find(sep)
            && best.is_none_or(|(b, s)| i < b || (i == b && sep.len() > s.len()))
        {
            best = Some((i, sep));
        }
    }
    let (i, sep) = best?;
    let name = word.get(..i)?;
    let value = word.get(i + sep.len()..).unwrap_or("");
    if name.is_empty() {
        return None;
    }
    Some(match sep {
        ":" | ";" => Item::Header(name.to_string(), value.to_string()),
        "==" => Item::Query,
        _ => Item::Data(name.to_string(), value.to_string()),
    })
}

/// Reads an HTTPie command at the start of `text` as the request it sends, and the byte offset
/// where the command ends (its output follows). `None` when the text does not start with one.
pub(crate) fn parse_command(text: &str) -> Option<(PastedRequest, usize)> {
    let (name, rest) = command_word(text)?;
    let rest_at = text.len() - rest.len();
    let (words, end) = shell::split(rest, shell::Flavour::Posix).ok()?;
    let default_scheme = if name == "https" { "https" } else { "http" };
    let mut method: Option<String> = None;
    let mut url: Option<String> = None;
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut data: Vec<(String, String)> = Vec::new();
    let mut form = false;
    let mut words = words.into_iter().map(|w: Word| w.text).peekable();
    while let Some(w) = words.next() {
        if w.starts_with('-') {
            let (flag, inline) = match w.split_once('=') {
                Some((f, v)) => (f.to_string(), Some(v.to_string())),
                None => (w.clone(), None),
            };
            let value = if FLAGS_WITH_VALUE.contains(&flag.as_str()) {
                inline.or_else(|| words.next())
            } else {
                inline
            };
            match flag.as_str() {
                "--form" | "-f" => form = true,
                "--auth" | "-a" => {
                    if let Some(v) = value {
                        headers.push((
                            "Authorization".to_string(),
                            format!("Basic {}", super::curl::base64(v.as_bytes())),
                        ));
                    }
                }
                _ => {}
            }
            continue;
        }
        if url.is_none() {
            if method.is_none() && is_method(&w) && words.peek().is_some() {
                method = Some(w.to_ascii_uppercase());
                continue;
            }
            url = Some(full_url(&w, default_scheme));
            continue;
        }
        match item(&w) {
            Some(Item::Header(n, v)) => headers.push((n, v)),
            Some(Item::Data(n, v)) => data.push((n, v)),
            Some(Item::Query) | None => {}
        }
    }
    let url = url?;
    let body = (!data.is_empty()).then(|| {
        if form {
            data.iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        } else {
            let fields: Vec<String> = data.iter().map(|(n, v)| format!("{n:?}: {v:?}")).collect();
            format!("{{{}}}", fields.join(", "))
        }
    });
    if body.is_some()
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        let content_type = if form {
            "application/x-www-form-urlencoded; charset=utf-8"
        } else {
            "application/json"
        };
        headers.push(("Content-Type".to_string(), content_type.to_string()));
    }
    let method = method.unwrap_or_else(|| {
        if body.is_some() {
            "POST".to_string()
        } else {
            "GET".to_string()
        }
    });
    let mut request = PastedRequest {
        url,
        method,
        headers,
        body,
        mode: None,
        credentials: None,
        origin: None,
    };
    request.infer_from_headers();
    Some((request, rest_at + end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(text: &str) -> PastedRequest {
        match parse_command(text) {
            Some((r, _)) => r,
            None => panic!("not read as an HTTPie command: {text}"),
        }
    }

    #[test]
    fn a_preflight_typed_by_hand() {
        let r = request(
            "$ http OPTIONS http://localhost:8888/v1/records Origin:http://0.0.0.0:8080 Access-Control-Request-Method:GET",
        );
        assert_eq!(r.method, "OPTIONS");
        assert_eq!(r.url, "http://localhost:8888/v1/records");
        assert_eq!(r.origin.as_deref(), Some("http://0.0.0.0:8080"));
        assert_eq!(r.header("access-control-request-method"), Some("GET"));
    }

    #[test]
    fn flags_lowercase_methods_and_short_urls() {
        let r = request("http --headers get https://api.example.com/x");
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("GET", "https://api.example.com/x")
        );
        let r = request("http -a me:secret :3000/api q==1");
        assert_eq!(r.url, "http://localhost:3000/api");
        assert!(
            r.header("authorization")
                .is_some_and(|v| v.starts_with("Basic "))
        );
        let r = request("https example.org/items name=box --form");
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("POST", "https://example.org/items")
        );
        assert_eq!(r.body.as_deref(), Some("name=box"));
        assert_eq!(
            r.header("content-type"),
            Some("application/x-www-form-urlencoded; charset=utf-8")
        );
        let r = request("$ xh OPTIONS 'http://127.0.0.1:6363/api/ok' Origin:https://a.test");
        assert_eq!(
            (r.method.as_str(), r.origin.as_deref()),
            ("OPTIONS", Some("https://a.test"))
        );
        let r = request("http POST example.org/items name=box count:=2");
        assert_eq!(r.header("content-type"), Some("application/json"));
    }

    #[test]
    fn prose_and_other_commands_are_not_httpie() {
        for text in [
            "http is a protocol",
            "https everywhere",
            "httpie --version",
            "curl -v x",
        ] {
            assert!(parse_command(text).is_none(), "{text}");
        }
    }
}
