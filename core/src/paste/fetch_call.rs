//! `fetch(…)` calls: DevTools' "Copy as fetch" (Chrome), "Copy as fetch (Node.js)" (Chrome),
//! "Copy as Fetch" (Firefox, with `await`), or written by hand.

use super::js::Reader;
pub use super::{PasteError, PastedRequest};

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

/// Parses a `fetch(url, init)` call, or the first request of pasted script code (axios,
/// jQuery, `XMLHttpRequest`, Angular: [`super::script`]). What the code does not give (a URL from
/// a variable defined elsewhere) is a stand-in, not a problem ([`super::script::read_script`]
/// says which); the problems are values that cannot be what the API takes, and a call never
/// closed. Reports every problem at once.
pub fn parse_fetch_call(text: &str) -> Result<PastedRequest, Vec<PasteError>> {
    match super::script::read_script(text) {
        None => Err(vec![PasteError::whole(
            "expected a fetch(…) call (as DevTools' \"Copy as fetch\" writes it), or an axios, jQuery or XMLHttpRequest request",
        )]),
        Some(s) if s.problems.is_empty() => Ok(s.request),
        Some(s) => Err(s.problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Credentials;

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
        // The URL from a variable is unknown, not a problem; the two values are.
        let e = parse_fetch_call("fetch(url, {method: 1, mode: 'nope'})")
            .err()
            .unwrap_or_default();
        assert_eq!(e.len(), 2, "{e:?}");
        let e = parse_fetch_call("fetch('https://a', {")
            .err()
            .unwrap_or_default();
        assert_eq!(e.first().map(|e| e.line), Some(1));
        assert!(parse_fetch_call("console.log(1)").is_err());
    }
}
