//! The gallery: ready scenarios, one per situation the CORS articles describe and per confusion
//! people hit most (../shared/reference/browsers.md §6), each with a one-paragraph lesson. The
//! scenarios are plain scenario JSON (the schema of `SCHEMA.md`); their `expect` field holds the
//! verdict fields the lesson relies on, checked by the tests so a lesson cannot drift from what
//! the engine says.

use corsim::Scenario;

/// One gallery entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// A stable identifier, also the scenario's id (so permalinks keep the lesson).
    pub id: &'static str,
    /// The title on the card.
    pub title: &'static str,
    /// The lesson: what happens and why, in one paragraph.
    pub lesson: &'static str,
    /// The scenario, as scenario JSON.
    pub json: &'static str,
}

impl Entry {
    /// The entry's scenario, with the entry's id. `None` only if the JSON were broken, which
    /// the tests rule out.
    pub fn scenario(&self) -> Option<Scenario> {
        let mut s = corsim::parse_scenario(self.json).ok()?;
        s.id = self.id.to_string();
        s.expect = None;
        Some(s)
    }
}

/// The entry with this id (the browser lessons of [`crate::browser_lessons`] included).
pub fn find(id: &str) -> Option<&'static Entry> {
    ENTRIES
        .iter()
        .find(|e| e.id == id)
        .or_else(|| crate::browser_lessons::find(id).map(|l| &l.entry))
}

/// The scenario the page opens with when the URL holds none: a JSON `PUT` with a bearer token,
/// blocked because the preflight's answer forgets `Authorization`.
pub const DEFAULT_JSON: &str = r#"{
  "id": "corsim",
  "origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "PUT",
              "headers": [["Content-Type", "application/json"], ["Authorization", "Bearer eyJhbGciOi"]],
              "credentials": "same-origin", "body": "{\"status\":\"shipped\"}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "GET, POST, PUT"],
                                           ["Access-Control-Allow-Headers", "Content-Type"],
                                           ["Vary", "Origin"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                          ["Content-Type", "application/json"], ["Vary", "Origin"]]}
}"#;

/// The default scenario.
pub fn default_scenario() -> Option<Scenario> {
    corsim::parse_scenario(DEFAULT_JSON).ok()
}

/// Every entry, in the gallery's order.
pub const ENTRIES: &[Entry] = &[
    Entry {
        id: "works-in-curl",
        title: "It works in curl and Postman",
        lesson: "curl, Postman and your backend never check CORS: only browsers do, on behalf of the \
                 page's user. The server answered 200 here as well — the request reached it and ran — \
                 but without Access-Control-Allow-Origin the browser keeps the response from the \
                 page's script and fetch() rejects with a bare TypeError. Nothing in the front end \
                 can change that: the server must send the header.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders"},
  "response": {"status": 200, "headers": [["Content-Type", "application/json"]]},
  "expect": {"fix_in": "server", "cors_error": "MissingAllowOriginHeader", "request_sent": true, "preflight_sent": false}}"#,
    },
    Entry {
        id: "simple-post-runs",
        title: "“CORS blocked my request” — it ran anyway",
        lesson: "A form-style POST is a simple request: no preflight, so the browser sends it at once, \
                 cookies included, and the server acts on it. CORS only decides whether the script \
                 may read the answer (only with Access-Control-Allow-Origin naming the page and \
                 Access-Control-Allow-Credentials: true, the fix below, which no bank should send). \
                 That is why CORS is no protection against cross-site request \
                 forgery: endpoints that change state need CSRF tokens or SameSite cookies whatever \
                 their CORS headers say.",
        json: r#"{"origin": "https://evil.example",
  "request": {"url": "https://bank.example.com/transfer", "method": "POST",
              "headers": [["Content-Type", "application/x-www-form-urlencoded"]],
              "credentials": "include", "body": "to=mallory&amount=1000"},
  "response": {"status": 200, "headers": [["Content-Type", "text/html"]]},
  "expect": {"fix_in": "server", "cors_error": "MissingAllowOriginHeader", "request_sent": true, "preflight_sent": false}}"#,
    },
    Entry {
        id: "json-post",
        title: "A JSON POST needs a preflight",
        lesson: "Content-Type: application/json is not one of the three form types, so this POST is \
                 preflighted: the browser first sends OPTIONS with Access-Control-Request-Headers: \
                 content-type. POST itself never needs listing (it is CORS-safelisted), but the header \
                 does: without Content-Type in Access-Control-Allow-Headers the POST is never sent.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders", "method": "POST",
              "headers": [["Content-Type", "application/json"]], "body": "{\"item\":42}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "GET, POST"]]},
  "response": {"status": 201, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"fix_in": "server", "cors_error": "HeaderDisallowedByPreflightResponse", "failed_parameter": "content-type",
             "request_sent": false, "preflight_sent": true}}"#,
    },
    Entry {
        id: "wildcard-credentials",
        title: "Access-Control-Allow-Origin: * with cookies",
        lesson: "With credentials: 'include' the browser sends cookies, and then * is not enough: the \
                 answer must name the origin exactly and add Access-Control-Allow-Credentials: true. \
                 The same holds for * in Access-Control-Allow-Methods, -Headers and -Expose-Headers: \
                 with credentials they are literal names, not wildcards. Reflect the request's Origin \
                 only after checking it against an allow-list, and add Vary: Origin. If the page does \
                 not need the cookies at all, the simpler fix is in the script: drop \
                 credentials: 'include', and * is enough.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/me", "credentials": "include"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"],
                                          ["Access-Control-Allow-Credentials", "true"],
                                          ["Content-Type", "application/json"]]},
  "expect": {"fix_in": "script", "cors_error": "WildcardOriginNotAllowed", "request_sent": true}}"#,
    },
    Entry {
        id: "trailing-slash",
        title: "A trailing slash in the origin",
        lesson: "An origin is a scheme, a host and a port: no path, not even a /. The browser compares \
                 Access-Control-Allow-Origin with its Origin header character for character, so \
                 https://app.example.com/ does not match https://app.example.com — and neither would \
                 http:// for https://, a missing port, or a different case.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com/"]]},
  "expect": {"fix_in": "server", "cors_error": "AllowOriginMismatch", "failed_parameter": "https://app.example.com/"}}"#,
    },
    Entry {
        id: "options-404",
        title: "The preflight gets a 404",
        lesson: "The router has no OPTIONS route, so the framework answers the preflight with 404 and \
                 none of the CORS headers (those were set up for the PUT handler). Chromium checks the \
                 preflight's Access-Control-Allow-Origin first, so that is what it reports, and the PUT \
                 is never sent. Answer OPTIONS on every route with a 2xx, Access-Control-Allow-Origin, \
                 Access-Control-Allow-Methods and Access-Control-Allow-Headers: CORS middleware \
                 registered before the routes does exactly that.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "PUT",
              "headers": [["Content-Type", "application/json"]], "body": "{}"},
  "preflight": {"status": 404, "headers": [["Content-Type", "text/html"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"fix_in": "server", "cors_error": "PreflightMissingAllowOriginHeader", "request_sent": false}}"#,
    },
    Entry {
        id: "options-401",
        title: "Authentication rejects the preflight",
        lesson: "A preflight never carries cookies or the Authorization header, so an authentication \
                 layer that runs before the CORS layer answers it 401. Here the CORS headers are \
                 present, so Chromium complains about the status: \"It does not have HTTP ok status.\" \
                 Let OPTIONS requests through before authentication; the real request that follows \
                 carries the token.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders", "method": "GET",
              "headers": [["Authorization", "Bearer eyJhbGciOi"]]},
  "preflight": {"status": 401, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Headers", "Authorization"],
                                           ["WWW-Authenticate", "Bearer"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"fix_in": "server", "cors_error": "PreflightInvalidStatus", "request_sent": false}}"#,
    },
    Entry {
        id: "error-without-headers",
        title: "The 500 that looks like a CORS error",
        lesson: "The preflight passed and the POST ran, then failed with 500 — but the error page came \
                 from a handler (or an nginx add_header without `always`) that skips \
                 Access-Control-Allow-Origin. \
                 So the script sees a CORS error instead of the 500 and its message. Every response \
                 needs the headers, errors included: `add_header … always` in nginx, `Header always \
                 set` in Apache, CORS middleware ahead of the error handlers.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders", "method": "POST",
              "headers": [["Content-Type", "application/json"]], "body": "{\"item\":42}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Headers", "Content-Type"]]},
  "response": {"status": 500, "headers": [["Content-Type", "text/html"]]},
  "expect": {"fix_in": "server", "cors_error": "MissingAllowOriginHeader", "request_sent": true, "preflight_sent": true}}"#,
    },
    Entry {
        id: "two-acao",
        title: "Two Access-Control-Allow-Origin headers",
        lesson: "The application and a proxy in front of it (nginx, a CDN, an API gateway) both add \
                 Access-Control-Allow-Origin. The browser joins the two lines into one value, which is \
                 no longer one origin, and blocks. Send the header from one place only: drop it from \
                 the application, or hide the application's copy at the proxy (nginx \
                 proxy_hide_header).",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                          ["Content-Type", "application/json"],
                                          ["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"fix_in": "server", "cors_error": "MultipleAllowOriginValues"}}"#,
    },
    Entry {
        id: "patch-lowercase",
        title: "method: 'patch' vs PATCH",
        lesson: "fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT. PATCH is not on that \
                 list, so method: 'patch' goes out as patch, and methods compare case-sensitively: \
                 PATCH in Access-Control-Allow-Methods does not allow patch. Write 'PATCH' in the \
                 script (the server may well reject patch anyway).",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "patch",
              "headers": [["Content-Type", "application/json"]], "body": "{\"qty\":2}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE"],
                                           ["Access-Control-Allow-Headers", "Content-Type"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"fix_in": "script", "cors_error": "MethodDisallowedByPreflightResponse", "failed_parameter": "patch"}}"#,
    },
    Entry {
        id: "no-cors-fix",
        title: "mode: 'no-cors' as a “fix”",
        lesson: "mode: 'no-cors' does not switch CORS off, it gives up reading: fetch() resolves with an \
                 opaque response — status 0, no headers, no body. And the browser silently drops \
                 Content-Type: application/json (not allowed in no-cors mode), so the server receives \
                 text/plain. It only suits fire-and-forget requests: the real fix is to drop \
                 mode: 'no-cors' in the script and then send the CORS headers from the server.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders", "method": "POST", "mode": "no-cors",
              "headers": [["Content-Type", "application/json"]], "body": "{\"item\":42}"},
  "response": {"status": 201, "headers": [["Content-Type", "application/json"]]},
  "expect": {"fix_in": "script+server", "fetch": "resolved", "response_type": "opaque", "status": 0, "cors_error": null}}"#,
    },
    Entry {
        id: "read-custom-header",
        title: "Reading a custom response header",
        lesson: "The request succeeds, yet response.headers.get('X-Total-Count') returns null: a \
                 cross-origin script can read only the safelisted response headers (Cache-Control, \
                 Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) \
                 unless the server names others in Access-Control-Expose-Headers. Set-Cookie is never \
                 readable.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders?page=2"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"],
                                          ["Content-Type", "application/json"],
                                          ["X-Total-Count", "1342"], ["Link", "<https://api.example.com/v1/orders?page=3>; rel=\"next\""]]},
  "expect": {"fix_in": "none", "fetch": "resolved", "response_type": "cors", "exposed_headers": ["content-type"],
             "warnings": ["hidden-headers"]}}"#,
    },
    Entry {
        id: "authorization-star",
        title: "Authorization under Access-Control-Allow-Headers: *",
        lesson: "Tutorials disagree here because the standard and the browsers do: the Fetch standard \
                 says * in Access-Control-Allow-Headers never covers Authorization, yet Chrome, Firefox \
                 and Safari still let it through (Chrome with a deprecation warning). It works today \
                 and may break with a browser update: list Authorization by name.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/me", "headers": [["Authorization", "Bearer eyJhbGciOi"]]},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"],
                                           ["Access-Control-Allow-Headers", "*"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]},
  "expect": {"fix_in": "none", "fetch": "resolved", "response_type": "cors", "warnings": ["authorization-wildcard"]}}"#,
    },
    Entry {
        id: "localhost-ports",
        title: "localhost:3000 calling localhost:8000",
        lesson: "Same host, different port: http://localhost:3000 and http://localhost:8000 are two \
                 origins, because scheme, host and port must all match. So the development API needs \
                 Access-Control-Allow-Origin: http://localhost:3000 too — or the dev server proxies /api to it, and the page calls its own \
                 origin.",
        json: r#"{"origin": "http://localhost:3000",
  "request": {"url": "http://localhost:8000/api/todos"},
  "response": {"status": 200, "headers": [["Content-Type", "application/json"]]},
  "expect": {"fix_in": "server", "cors_error": "MissingAllowOriginHeader"}}"#,
    },
    Entry {
        id: "right-pattern",
        title: "A credentialed JSON PUT, done right",
        lesson: "What a credentialed, preflighted request needs: the preflight's answer is 2xx with the \
                 exact origin, the method, every non-safelisted request header and \
                 Access-Control-Allow-Credentials: true; the response repeats the origin and the \
                 credentials header. Vary: Origin keeps shared caches from handing one origin's answer \
                 to another.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "PUT", "credentials": "include",
              "headers": [["Content-Type", "application/json"], ["X-CSRF-Token", "k3j2"]], "body": "{\"qty\":2}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "GET, POST, PUT, DELETE"],
                                           ["Access-Control-Allow-Headers", "Content-Type, X-CSRF-Token"],
                                           ["Access-Control-Allow-Credentials", "true"],
                                           ["Access-Control-Max-Age", "600"], ["Vary", "Origin"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                          ["Access-Control-Allow-Credentials", "true"],
                                          ["Content-Type", "application/json"], ["Vary", "Origin"]]},
  "expect": {"fix_in": "none", "fetch": "resolved", "response_type": "cors", "status": 200, "preflight_sent": true}}"#,
    },
    Entry {
        id: "preflight-redirect",
        title: "The preflight is redirected",
        lesson: "A preflight may never be redirected. A framework that redirects /v1/orders to \
                 /v1/orders/ (or http to https) answers OPTIONS with 301, and fetch() fails with \
                 \"Redirect is not allowed for a preflight request.\" Call the final URL directly, or \
                 answer OPTIONS at this URL with a 2xx and Access-Control-Allow-Methods.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders", "method": "DELETE"},
  "preflight": {"status": 301, "headers": [["Location", "https://api.example.com/v1/orders/"],
                                           ["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "response": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"fix_in": "server", "cors_error": "PreflightDisallowedRedirect", "request_sent": false}}"#,
    },
    Entry {
        id: "origin-list",
        title: "A list of origins in one header",
        lesson: "Access-Control-Allow-Origin takes one origin, not a list. To allow several, check the \
                 request's Origin against your list on the server and send back just that one, with \
                 Vary: Origin.",
        json: r#"{"origin": "https://admin.example.com",
  "request": {"url": "https://api.example.com/v1/users"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com, https://admin.example.com"]]},
  "expect": {"fix_in": "server", "cors_error": "MultipleAllowOriginValues"}}"#,
    },
    Entry {
        id: "reflect-without-vary",
        title: "A reflected origin without Vary: Origin",
        lesson: "Reflecting the request's Origin works, but a shared cache (a CDN, a proxy) may store this \
                 answer and serve it to a page of another origin, which is then blocked for no visible \
                 reason. When a header depends on Origin, say so with Vary: Origin.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://cdn.example.net/v1/catalog"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                          ["Cache-Control", "public, max-age=3600"]]},
  "expect": {"fix_in": "none", "fetch": "resolved", "warnings": ["vary-origin"]}}"#,
    },
    Entry {
        id: "max-age-cap",
        title: "Access-Control-Max-Age: 86400",
        lesson: "Access-Control-Max-Age is a wish, not an order: Chromium caches a preflight for at most \
                 2 hours, Firefox 24 hours, Safari 10 minutes. A larger value is not an error, just \
                 capped. And while a preflight is cached, a fix on the server can stay invisible: \
                 DevTools' \"Disable cache\" helps in Firefox.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "DELETE"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "DELETE"],
                                           ["Access-Control-Max-Age", "86400"]]},
  "response": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"], ["Vary", "Origin"]]},
  "expect": {"fix_in": "none", "fetch": "resolved", "warnings": ["max-age-capped"]}}"#,
    },
    Entry {
        id: "credentials-true-case",
        title: "Access-Control-Allow-Credentials: True",
        lesson: "Access-Control-Allow-Credentials has exactly one valid value: true, in lower case. \
                 True, TRUE or 1 do not count, and the browser blocks the credentialed response. Fix the \
                 value on the server — or, if the request needs no cookies, drop \
                 credentials: 'include' in the script.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/me", "credentials": "include"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                          ["Access-Control-Allow-Credentials", "True"], ["Vary", "Origin"]]},
  "expect": {"fix_in": "script", "cors_error": "InvalidAllowCredentials", "failed_parameter": "True"}}"#,
    },
    Entry {
        id: "mixed-content",
        title: "An https page calling an http API",
        lesson: "Not a CORS problem at all: an https page may not fetch plain http URLs, so the browser \
                 blocks the request as mixed content before CORS is even considered, and no response \
                 header can help. Serve the API over https.",
        json: r#"{"origin": "https://app.example.com",
  "request": {"url": "http://api.example.com/v1/orders"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]},
  "expect": {"fix_in": "none", "fetch": "rejected", "request_sent": false, "cors_error": null}}"#,
    },
    Entry {
        id: "local-network",
        title: "A public site calling localhost",
        lesson: "The CORS headers are right, but since Chrome 142 a public website that fetches \
                 localhost or a private address (192.168.x.x, 10.x.x.x) first needs the user's Local \
                 Network Access permission; if it is denied, fetch() fails whatever the headers say. \
                 This is a browser permission, not CORS.",
        json: r#"{"origin": "https://tools.example.com",
  "request": {"url": "http://localhost:8080/status"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]},
  "expect": {"fix_in": "none", "fetch": "resolved", "warnings": ["local-network-access"]}}"#,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Where the engine puts the first fix: `script` (a verified change to the fetch() call),
    /// `script+server` (the script's change, then the server's), `server`, or `none`.
    fn fix_in(s: &Scenario, v: &corsim::Verdict) -> &'static str {
        match corsim::script_fix::find_script_fix(s, v, &corsim::Profile::CHROMIUM) {
            Some(f) if f.verified => "script",
            Some(_) => "script+server",
            None if v.fix.is_some() => "server",
            None => "none",
        }
    }

    #[test]
    fn every_entry_says_what_its_lesson_says() {
        let mut ids = std::collections::HashSet::new();
        // Headers a server fix sets that its lesson does not name.
        let mut unnamed = Vec::new();
        for entry in ENTRIES {
            assert!(ids.insert(entry.id), "duplicate id {}", entry.id);
            let parsed = corsim::parse_scenario(entry.json);
            let Ok(with_expect) = parsed else {
                panic!("{}: {:?}", entry.id, parsed.err());
            };
            let Some(Value::Object(expect)) = &with_expect.expect else {
                panic!("{}: no expect", entry.id);
            };
            let verdict = corsim::simulate(&with_expect);
            let fields = verdict.browser_fields();
            for (key, want) in expect {
                if key == "fix_in" {
                    assert_eq!(
                        Some(fix_in(&with_expect, &verdict)),
                        want.as_str(),
                        "{}: where the fix is",
                        entry.id
                    );
                    // A lesson names the script's change the fix panel offers first.
                    let script = corsim::script_fix::find_script_fix(
                        &with_expect,
                        &verdict,
                        &corsim::Profile::CHROMIUM,
                    );
                    for change in script.iter().flat_map(|f| f.changes.iter()) {
                        use corsim::script_fix::ScriptChange;
                        let named = match change {
                            ScriptChange::UpperCaseMethod { to, .. } => format!("'{to}'"),
                            ScriptChange::RemoveHeader { name, .. } => name.clone(),
                            ScriptChange::UseCorsMode => "drop mode: 'no-cors'".to_string(),
                            ScriptChange::OmitCredentials => {
                                "drop credentials: 'include'".to_string()
                            }
                        };
                        assert!(
                            entry
                                .lesson
                                .replace(char::is_whitespace, " ")
                                .contains(&named),
                            "{}: the lesson does not say {named:?}",
                            entry.id
                        );
                    }
                    // Nor does it contradict the server's fix: the headers that fix sets
                    // are the ones the lesson talks about.
                    if fix_in(&with_expect, &verdict) == "server" {
                        let lesson = entry.lesson.replace(char::is_whitespace, " ");
                        for change in verdict.fix.iter().flat_map(|f| f.changes.iter()) {
                            if let corsim::verdict::Change::SetHeader { header, .. } = change
                                && !lesson
                                    .to_ascii_lowercase()
                                    .contains(&header.to_ascii_lowercase())
                            {
                                unnamed.push(format!("{}: {header}", entry.id));
                            }
                        }
                    }
                } else if key == "warnings" {
                    let got: Vec<&str> = verdict.warnings.iter().map(|w| w.id).collect();
                    for w in want.as_array().into_iter().flatten() {
                        assert!(
                            got.iter().any(|g| Some(*g) == w.as_str()),
                            "{}: warning {w} not in {got:?}",
                            entry.id
                        );
                    }
                } else {
                    assert_eq!(fields.get(key), Some(want), "{}: {key}", entry.id);
                }
            }
            assert_eq!(entry.scenario().map(|s| s.id), Some(entry.id.to_string()));
            assert!(entry.lesson.len() > 80, "{}: lesson too short", entry.id);
        }
        assert!(
            unnamed.is_empty(),
            "lessons that do not name the header their server fix sets: {unnamed:?}"
        );
    }

    #[test]
    fn the_default_scenario_is_blocked_with_a_fix() {
        let Some(s) = default_scenario() else {
            panic!("default scenario does not parse");
        };
        let v = corsim::simulate(&s);
        assert_eq!(
            v.cors_error,
            Some(corsim::CorsError::HeaderDisallowedByPreflightResponse)
        );
        assert!(v.fix.is_some_and(|f| f.verified));
    }
}
