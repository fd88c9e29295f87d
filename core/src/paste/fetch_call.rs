//! `fetch(…)` calls: DevTools' "Copy as fetch" (Chrome), "Copy as fetch (Node.js)" (Chrome),
//! "Copy as Fetch" (Firefox, with `await`), or written by hand.

use super::js::{JsValue, Reader};
pub use super::{PasteError, PastedRequest};
use crate::scenario::{Credentials, Mode};

/// Whether the text starts with a `fetch(` call (after `await`, `window.` or `return`).
pub fn looks_like_fetch_call(text: &str) -> bool {
    fetch_start(text).is_some()
}

/// The byte offset just after `fetch` of the first call.
fn fetch_start(text: &str) -> Option<usize> {
    let mut reader = Reader::new(text, 0);
    reader.skip_space();
    let mut rest = text.get(reader.pos..)?;
    for prefix in ["const ", "let ", "var "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            // `const res = await fetch(…)`
            let eq = r.find('=')?;
            rest = r.get(eq + 1..)?.trim_start();
            break;
        }
    }
    for prefix in ["return ", "await ", "window.", "globalThis.", "self."] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
        }
    }
    let r = rest.strip_prefix("fetch")?;
    if !r.trim_start().starts_with('(') {
        return None;
    }
    Some(text.len() - r.len())
}

/// Parses a `fetch(url, init)` call. Reports every problem with the call's arguments at once.
pub fn parse_fetch_call(text: &str) -> Result<PastedRequest, Vec<PasteError>> {
    let Some(start) = fetch_start(text) else {
        return Err(vec![PasteError::whole(
            "expected a fetch(…) call (as DevTools' \"Copy as fetch\" writes it)",
        )]);
    };
    let mut reader = Reader::new(text, start);
    let args = reader.arguments().map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let mut request = PastedRequest {
        method: "GET".to_string(),
        ..Default::default()
    };
    let mut args = args.into_iter();
    match args.next() {
        Some(JsValue::Str(url)) => request.url = url,
        Some(JsValue::Call(name, inner)) if name == "new URL" || name == "URL" => {
            if let Some(JsValue::Str(url)) = inner.into_iter().next() {
                request.url = url;
            }
        }
        Some(_) => errors.push(PasteError::at(
            text,
            start,
            "the first argument of fetch() is not a string: paste the URL itself",
        )),
        None => errors.push(PasteError::at(
            text,
            start,
            "fetch() is called without a URL",
        )),
    }
    match args.next() {
        None | Some(JsValue::Undefined) | Some(JsValue::Null) => {}
        Some(JsValue::Object(fields)) => read_init(text, fields, &mut request, &mut errors),
        Some(_) => errors.push(PasteError::at(
            text,
            start,
            "the second argument of fetch() is not an object literal",
        )),
    }
    request.infer_from_headers();
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(errors)
    }
}

fn read_init(
    text: &str,
    fields: Vec<(String, JsValue, usize)>,
    request: &mut PastedRequest,
    errors: &mut Vec<PasteError>,
) {
    for (key, value, at) in fields {
        let string = |value: &JsValue| match value {
            JsValue::Str(s) => Some(s.clone()),
            _ => None,
        };
        match key.as_str() {
            "method" => match string(&value) {
                Some(m) => request.method = m,
                None => errors.push(PasteError::at(text, at, "method is not a string")),
            },
            "headers" => read_headers(text, at, value, request, errors),
            "body" => match value {
                JsValue::Str(s) => request.body = Some(s),
                JsValue::Null | JsValue::Undefined => request.body = None,
                JsValue::Call(name, args) if name == "JSON.stringify" => {
                    request.body = args.first().map(|v| v.to_json().to_string());
                }
                JsValue::Call(name, _) if name == "URLSearchParams" => {
                    errors.push(PasteError::at(
                        text,
                        at,
                        "a URLSearchParams body cannot be read: paste the body as a string",
                    ));
                }
                _ => errors.push(PasteError::at(
                    text,
                    at,
                    "body is not a string (a variable or an object cannot be replayed: paste its text)",
                )),
            },
            "mode" => match string(&value).as_deref() {
                Some("cors") => request.mode = Some(Mode::Cors),
                Some("no-cors") => request.mode = Some(Mode::NoCors),
                Some("same-origin") => request.mode = Some(Mode::SameOrigin),
                // "navigate" cannot be used by fetch(); DevTools writes it for page loads.
                Some("navigate") => {}
                _ => errors.push(PasteError::at(
                    text,
                    at,
                    "mode is not one of \"cors\", \"no-cors\", \"same-origin\"",
                )),
            },
            "credentials" => match string(&value).as_deref() {
                Some("omit") => request.credentials = Some(Credentials::Omit),
                Some("same-origin") => request.credentials = Some(Credentials::SameOrigin),
                Some("include") => request.credentials = Some(Credentials::Include),
                _ => errors.push(PasteError::at(
                    text,
                    at,
                    "credentials is not one of \"omit\", \"same-origin\", \"include\"",
                )),
            },
            "referrer" => {
                if let Some(r) = string(&value)
                    && request.origin.is_none() {
                        request.origin = super::origin_of(&r);
                    }
            }
            // Understood, and without effect on CORS.
            _ => {}
        }
    }
}

fn read_headers(
    text: &str,
    at: usize,
    value: JsValue,
    request: &mut PastedRequest,
    errors: &mut Vec<PasteError>,
) {
    let value = match value {
        JsValue::Call(name, args) if name == "Headers" => {
            args.into_iter().next().unwrap_or(JsValue::Undefined)
        }
        other => other,
    };
    match value {
        JsValue::Object(fields) => {
            for (name, v, field_at) in fields {
                match v {
                    JsValue::Str(s) => request.headers.push((name, s)),
                    JsValue::Num(n) => request.headers.push((name, n.to_string())),
                    _ => errors.push(PasteError::at(
                        text,
                        field_at,
                        format!("the value of header {name:?} is not a string"),
                    )),
                }
            }
        }
        JsValue::Array(pairs) => {
            for pair in pairs {
                match pair {
                    JsValue::Array(items) => match items.as_slice() {
                        [JsValue::Str(n), JsValue::Str(v)] => {
                            request.headers.push((n.clone(), v.clone()))
                        }
                        _ => errors.push(PasteError::at(
                            text,
                            at,
                            "a header is not a [name, value] pair of strings",
                        )),
                    },
                    _ => errors.push(PasteError::at(
                        text,
                        at,
                        "a header is not a [name, value] pair",
                    )),
                }
            }
        }
        JsValue::Undefined | JsValue::Null => {}
        _ => errors.push(PasteError::at(
            text,
            at,
            "headers is not an object literal or an array of pairs",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_copy_as_fetch() {
        let r = parse_fetch_call(
            r#"fetch("https://api.example.com/v1/orders", {
  "headers": {
    "accept": "*/*",
    "content-type": "application/json",
    "sec-ch-ua": "\"Chromium\";v=\"148\"",
    "sec-fetch-mode": "cors"
  },
  "referrer": "https://app.example.com/",
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": "{\"id\":1}",
  "method": "PUT",
  "mode": "cors",
  "credentials": "include"
});"#,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.url, "https://api.example.com/v1/orders");
        assert_eq!(r.method, "PUT");
        assert_eq!(r.body.as_deref(), Some("{\"id\":1}"));
        assert_eq!(r.origin.as_deref(), Some("https://app.example.com"));
        assert_eq!(r.credentials, Some(Credentials::Include));
        assert_eq!(r.to_request_init().headers.len(), 2);
        assert_eq!(r.browser_headers(), vec!["sec-ch-ua", "sec-fetch-mode"]);
    }

    #[test]
    fn firefox_copy_as_fetch() {
        let r = parse_fetch_call(
            "await fetch(\"https://api.example.com/x\", {\n    \"credentials\": \"omit\",\n    \"headers\": {\n        \"User-Agent\": \"Mozilla/5.0\",\n        \"X-Api-Key\": \"k\",\n    },\n    \"referrer\": \"http://localhost:3000/\",\n    \"method\": \"GET\",\n    \"mode\": \"cors\"\n});",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.origin.as_deref(), Some("http://localhost:3000"));
        assert_eq!(r.credentials, Some(Credentials::Omit));
        assert_eq!(r.header("x-api-key"), Some("k"));
    }

    #[test]
    fn handwritten() {
        let r = parse_fetch_call(
            "const res = await fetch('https://a.example/x', { method: 'POST', headers: new Headers({'Content-Type': 'application/json'}), body: JSON.stringify({a: [1, 'b']}) })",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.body.as_deref(), Some("{\"a\":[1,\"b\"]}"));
        assert_eq!(r.header("content-type"), Some("application/json"));
        let r = parse_fetch_call("fetch(\"https://a.example/\")").map(|r| r.method);
        assert_eq!(r, Ok("GET".to_string()));
    }

    #[test]
    fn every_problem_at_once() {
        let e = parse_fetch_call("fetch(url, {method: 1, mode: 'nope'})")
            .err()
            .unwrap_or_default();
        assert_eq!(e.len(), 3);
        let e = parse_fetch_call("fetch('https://a', {")
            .err()
            .unwrap_or_default();
        assert_eq!(e.first().map(|e| e.line), Some(1));
        assert!(parse_fetch_call("console.log(1)").is_err());
    }
}
