//! `corsim explain --json`: every field of the contract (`../shared/SCHEMA.md`, section
//! "explain --json"), for a paste of every format it names: the four keys and their types, each
//! message's eight fields in order, each verdict's fields with what it `assumed`, and each
//! problem with its line. Tools and agents read this output; a field renamed, dropped or retyped
//! breaks them.

// serde_json::Value indexing returns Null for a missing key or index; it cannot panic.
#![allow(clippy::indexing_slicing)]

mod common;

use serde_json::Value;

/// `corsim ARGS -` with the paste on stdin: what it printed.
fn corsim(args: &[&str], paste: &str) -> String {
    let mut all = args.to_vec();
    all.push("-");
    common::text(&common::corsim(&all, paste).stdout)
}

fn explain_json(args: &[&str], paste: &str) -> (Value, String) {
    let raw = corsim(&[&["explain", "--json"], args].concat(), paste);
    let json = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("not JSON ({e}):\n{raw}"));
    (json, raw)
}

const FORMATS: [&str; 9] = [
    "scenario",
    "har",
    "console",
    "curl-command",
    "curl-transcript",
    "fetch-call",
    "request-headers",
    "response-headers",
    "unknown",
];

/// The scenario fields `assumed` may name (SCHEMA.md's Scenario).
const SCENARIO_FIELDS: [&str; 12] = [
    "origin",
    "request",
    "request.url",
    "request.method",
    "request.headers",
    "request.body",
    "request.mode",
    "request.credentials",
    "request.redirect",
    "preflight",
    "response",
    "redirects",
];

fn is_text_or_null(v: &Value) -> bool {
    v.is_string() || v.is_null()
}

/// Checks one reading against the contract; returns what is wrong.
fn contract_problems(json: &Value, raw: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let Some(object) = json.as_object() else {
        return vec!["not an object".to_string()];
    };
    for key in ["format", "messages", "verdicts", "problems"] {
        if !object.contains_key(key) {
            wrong.push(format!("no {key:?}"));
        }
    }
    // The contract's keys come first, in its order (a tool may read the text as it streams).
    let at = |k: &str| raw.find(&format!("\"{k}\":")).unwrap_or(usize::MAX);
    if !(at("format") < at("messages")
        && at("messages") < at("verdicts")
        && at("verdicts") < at("problems"))
    {
        wrong.push("keys out of the contract's order".to_string());
    }
    if !json["format"]
        .as_str()
        .is_some_and(|f| FORMATS.contains(&f))
    {
        wrong.push(format!(
            "format {} is not one of {FORMATS:?}",
            json["format"]
        ));
    }
    let empty = Vec::new();
    for (i, m) in json["messages"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
    {
        let keys: Vec<&String> = m
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let want = [
            "browser",
            "kind",
            "cors_error",
            "firefox_reason",
            "url",
            "origin",
            "status",
            "parameter",
        ];
        if keys.len() != want.len() || want.iter().any(|k| !keys.iter().any(|g| g == k)) {
            wrong.push(format!("messages[{i}] has keys {keys:?}, not {want:?}"));
        }
        if !matches!(
            m["browser"].as_str(),
            Some("chromium" | "firefox" | "safari") | None
        ) || !(m["browser"].is_string() || m["browser"].is_null())
        {
            wrong.push(format!("messages[{i}].browser {}", m["browser"]));
        }
        if !matches!(
            m["kind"].as_str(),
            Some("cors" | "mixed-content" | "local-network-access" | "csp" | "network" | "other")
        ) {
            wrong.push(format!("messages[{i}].kind {}", m["kind"]));
        }
        for k in ["cors_error", "firefox_reason", "url", "origin", "parameter"] {
            if !is_text_or_null(&m[k]) {
                wrong.push(format!("messages[{i}].{k} {}", m[k]));
            }
        }
        if !(m["status"].is_null()
            || m["status"]
                .as_u64()
                .is_some_and(|s| (100..=999).contains(&s)))
        {
            wrong.push(format!("messages[{i}].status {}", m["status"]));
        }
    }
    for (i, v) in json["verdicts"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
    {
        for k in ["preflight_sent", "request_sent"] {
            if !v[k].is_boolean() {
                wrong.push(format!("verdicts[{i}].{k} {}", v[k]));
            }
        }
        if !v["id"].is_string() {
            wrong.push(format!("verdicts[{i}].id {}", v["id"]));
        }
        if !matches!(v["fetch"].as_str(), Some("resolved" | "rejected")) {
            wrong.push(format!("verdicts[{i}].fetch {}", v["fetch"]));
        }
        if !(v["response_type"].is_null()
            || matches!(
                v["response_type"].as_str(),
                Some("basic" | "cors" | "opaque" | "opaqueredirect")
            ))
        {
            wrong.push(format!(
                "verdicts[{i}].response_type {}",
                v["response_type"]
            ));
        }
        if !(v["status"].is_null() || v["status"].is_u64()) {
            wrong.push(format!("verdicts[{i}].status {}", v["status"]));
        }
        if !(v["preflight_request_headers"].is_null() || v["preflight_request_headers"].is_object())
        {
            wrong.push(format!("verdicts[{i}].preflight_request_headers"));
        }
        match v["exposed_headers"].as_array() {
            Some(names) => {
                let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
                let mut sorted = names.clone();
                sorted.sort_unstable();
                sorted.dedup();
                if names != sorted || names.iter().any(|n| n.to_ascii_lowercase() != *n) {
                    wrong.push(format!("verdicts[{i}].exposed_headers {names:?}"));
                }
            }
            None => wrong.push(format!("verdicts[{i}].exposed_headers missing")),
        }
        for k in [
            "cors_error",
            "failed_parameter",
            "console",
            "firefox_reason",
            "firefox_reason_param",
        ] {
            if !is_text_or_null(&v[k]) {
                wrong.push(format!("verdicts[{i}].{k} {}", v[k]));
            }
        }
        if !matches!(
            v["browser"].as_str(),
            Some("chromium" | "firefox" | "safari")
        ) {
            wrong.push(format!("verdicts[{i}].browser {}", v["browser"]));
        }
        if v["browser"] != "chromium"
            && !(v["cors_error"].is_null() && v["failed_parameter"].is_null())
        {
            wrong.push(format!(
                "verdicts[{i}]: Chromium's fields set for {}",
                v["browser"]
            ));
        }
        if v["steps"].as_array().is_none_or(|s| s.is_empty()) {
            wrong.push(format!("verdicts[{i}].steps empty or missing"));
        }
        if !(v["fix"].is_null() || v["fix"].is_object()) {
            wrong.push(format!("verdicts[{i}].fix {}", v["fix"]));
        }
        if !v["warnings"].is_array() {
            wrong.push(format!("verdicts[{i}].warnings missing"));
        }
        match v["assumed"].as_array() {
            Some(fields) => {
                for f in fields {
                    if !f.as_str().is_some_and(|f| SCENARIO_FIELDS.contains(&f)) {
                        wrong.push(format!(
                            "verdicts[{i}].assumed names {f}, not a scenario field"
                        ));
                    }
                }
            }
            None => wrong.push(format!("verdicts[{i}].assumed missing")),
        }
    }
    match json["problems"].as_array() {
        Some(problems) => {
            for (i, p) in problems.iter().enumerate() {
                let keys: Vec<&String> = p
                    .as_object()
                    .map(|o| o.keys().collect())
                    .unwrap_or_default();
                if keys.len() != 2
                    || !p["line"].is_u64()
                    || p["message"].as_str().is_none_or(|m| m.trim().is_empty())
                {
                    wrong.push(format!("problems[{i}] {p}"));
                }
            }
        }
        None => wrong.push("problems is not an array".to_string()),
    }
    wrong
}

const SCENARIO: &str = r#"{"id": "put-json", "origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "PUT",
              "headers": [["Content-Type", "application/json"]], "body": "{}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                          ["Access-Control-Allow-Methods", "GET, POST"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}}"#;

const HAR: &str = r#"{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
  "pages": [{"id": "page_1", "title": "https://app.example.com/", "startedDateTime": "2026-01-01T00:00:00.000Z", "pageTimings": {}}],
  "entries": [{"pageref": "page_1", "startedDateTime": "2026-01-01T00:00:01.000Z", "time": 10,
    "request": {"method": "GET", "url": "https://api.example.com/v1/items", "httpVersion": "HTTP/1.1",
      "headers": [{"name": "Origin", "value": "https://app.example.com"}], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
    "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
      "headers": [{"name": "Content-Type", "value": "application/json"}], "cookies": [],
      "content": {"size": 2, "mimeType": "application/json"}, "redirectURL": "", "headersSize": -1, "bodySize": 2},
    "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 0}, "_resourceType": "fetch"}]}}"#;

/// One paste of every format, with the format it must be read as.
fn pastes() -> Vec<(&'static str, &'static str)> {
    vec![
        ("scenario", SCENARIO),
        ("har", HAR),
        (
            "console",
            "Access to fetch at 'http://api.shop.io/v1/x?token=abc123' from origin 'http://localhost:3000' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\nGET http://api.shop.io/v1/x?token=abc123 net::ERR_FAILED 401 (Unauthorized)\nCross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at URL. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://a.example’).",
        ),
        (
            "curl-command",
            "$ curl -X PUT 'https://api.shop.io/v1/items/1?api_key=s3cr3t' -H 'Origin: https://app.shop.io' -H 'Content-Type: application/json' -d '{}'",
        ),
        (
            "curl-transcript",
            "curl -v -L 'http://api.shop.io/old?access_token=s3cr3t' -H 'Origin: http://app.shop.io'\n> GET /old?access_token=s3cr3t HTTP/1.1\n> Host: api.shop.io\n> Origin: http://app.shop.io\n>\n< HTTP/1.1 301 Moved Permanently\n< Location: http://api.shop.io/new\n< Access-Control-Allow-Origin: *\n<\n> GET /new HTTP/1.1\n> Host: api.shop.io\n> Origin: http://app.shop.io\n>\n< HTTP/1.1 200 OK\n< Access-Control-Allow-Origin: http://app.shop.io\n< Access-Control-Allow-Origin: *\n<",
        ),
        (
            "fetch-call",
            "fetch(\"https://api.shop.io/v1/items\", {\"headers\": {\"authorization\": \"Bearer xyz\"}, \"method\": \"GET\", \"mode\": \"cors\", \"credentials\": \"include\"});",
        ),
        (
            "request-headers",
            "OPTIONS /v1/items HTTP/1.1\nHost: api.shop.io\nOrigin: https://app.shop.io\nAccess-Control-Request-Method: POST\nAccess-Control-Request-Headers: content-type",
        ),
        (
            "response-headers",
            "HTTP/2 200\naccess-control-allow-origin: *\naccess-control-allow-origin: https://app.shop.io\ncontent-type: application/json",
        ),
        ("unknown", "hello, the API is broken again"),
    ]
}

#[test]
fn every_format_gives_every_field_of_the_contract() {
    let mut failures = Vec::new();
    let mut formats_seen = Vec::new();
    for (format, paste) in pastes() {
        let (json, raw) = explain_json(&[], paste);
        if json["format"] != format {
            failures.push(format!("{format}: read as {}", json["format"]));
        }
        formats_seen.push(format);
        for p in contract_problems(&json, &raw) {
            failures.push(format!("{format}: {p}"));
        }
        if format != "console" && json["messages"].as_array().is_some_and(|m| !m.is_empty()) {
            failures.push(format!("{format}: messages outside console input"));
        }
        if format == "unknown" && json["problems"].as_array().is_none_or(Vec::is_empty) {
            failures.push("unknown: no problem says what was looked for".to_string());
        }
        // A request without its answer (a command, a fetch() call, request headers) settles
        // nothing; the others here do.
        let settles = !matches!(
            format,
            "unknown" | "curl-command" | "fetch-call" | "request-headers"
        );
        if settles && json["verdicts"].as_array().is_none_or(Vec::is_empty) {
            failures.push(format!("{format}: no verdict"));
        }
    }
    let mut all = FORMATS.to_vec();
    all.sort_unstable();
    formats_seen.sort_unstable();
    assert_eq!(formats_seen, all, "a paste for every format");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_values_each_format_settles() {
    let read = |format: &str| {
        let paste = pastes()
            .into_iter()
            .find(|(f, _)| *f == format)
            .map_or("", |(_, p)| p);
        explain_json(&[], paste).0
    };
    // Console: the status line is its message's, a masked URL is null, secrets are masked.
    let c = read("console");
    assert_eq!(c["messages"].as_array().map(Vec::len), Some(2), "{c}");
    assert_eq!(c["messages"][0]["status"], 401);
    assert_eq!(
        c["messages"][0]["url"],
        "http://api.shop.io/v1/x?token=****"
    );
    assert_eq!(c["messages"][0]["cors_error"], "PreflightInvalidStatus");
    assert_eq!(c["messages"][1]["url"], Value::Null, "URL is a stand-in");
    assert_eq!(c["messages"][1]["parameter"], "https://a.example");
    assert_eq!(
        c["messages"][1]["firefox_reason"],
        "CORSAllowOriginNotMatchingOrigin"
    );
    // The Firefox line names no page origin: one was assumed, and said so.
    assert!(
        c["verdicts"][1]["assumed"]
            .as_array()
            .is_some_and(|a| a.iter().any(|f| f == "origin")),
        "{}",
        c["verdicts"][1]
    );
    // Secrets in URLs are masked.
    for format in ["curl-command", "curl-transcript"] {
        let k = read(format);
        assert!(!k.to_string().contains("s3cr3t"), "{format}: {k}");
    }
    // A transcript followed with -L: the redirect passes, the last answer is judged (two
    // Allow-Origin values).
    let t = read("curl-transcript");
    assert_eq!(
        t["verdicts"][0]["cors_error"], "MultipleAllowOriginValues",
        "{t}"
    );
    assert!(
        t["verdicts"][0]["assumed"]
            .as_array()
            .is_some_and(|a| !a.iter().any(|f| f == "origin")),
        "the origin was sent"
    );
    // A raw preflight is the preflight of a POST, not a script's OPTIONS.
    let r = read("request-headers");
    assert!(
        r["verdicts"].as_array().is_none_or(|v| v
            .iter()
            .all(|v| v["preflight_request_headers"]["access-control-request-method"] == "POST")),
        "{r}"
    );
    // Two Allow-Origin values fail whatever the request.
    let h = read("response-headers");
    assert_eq!(h["verdicts"][0]["fetch"], "rejected", "{h}");
    // --keep-secrets keeps them.
    let (kept, _) = explain_json(
        &["--keep-secrets"],
        pastes()
            .into_iter()
            .find(|(f, _)| *f == "curl-transcript")
            .map_or("", |(_, p)| p),
    );
    assert!(kept.to_string().contains("s3cr3t"), "{kept}");
}

#[test]
fn the_text_output_masks_the_request_read_too() {
    let page = corsim(
        &["explain"],
        "curl -i 'https://api.shop.io/v1/items/1?api_key=s3cr3t' -H 'Origin: https://app.shop.io'\nHTTP/1.1 200 OK\naccess-control-allow-origin: https://other.shop.io\n",
    );
    assert!(page.contains("api_key=****"), "{page}");
    assert!(!page.contains("s3cr3t"), "{page}");
}
