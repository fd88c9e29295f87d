//! The `corsim` command as a user runs it: JSON and text output, exit statuses, and input errors
//! named with their JSON paths.

// serde_json::Value indexing returns Null for a missing key or index; it cannot panic.
#![allow(clippy::indexing_slicing)]

mod common;

use common::{corsim, text};

const BLOCKED_PUT: &str = r#"{"id": "put-json",
  "origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "PUT",
              "headers": [["Content-Type", "application/json"]], "body": "{}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                          ["Access-Control-Allow-Methods", "GET, POST"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}}"#;

const ALLOWED_GET: &str = r#"{"id": "get", "origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/x"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}"#;

#[test]
fn check_prints_one_verdict_for_one_scenario() {
    let out = corsim(&["check", "-"], BLOCKED_PUT.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let verdict: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(verdict["id"], "put-json");
    assert_eq!(verdict["preflight_sent"], true);
    assert_eq!(
        verdict["preflight_request_headers"]["access-control-request-method"],
        "PUT"
    );
    assert_eq!(
        verdict["preflight_request_headers"]["access-control-request-headers"],
        "content-type"
    );
    assert_eq!(verdict["request_sent"], false);
    assert_eq!(verdict["fetch"], "rejected");
    assert_eq!(verdict["cors_error"], "MethodDisallowedByPreflightResponse");
    assert_eq!(verdict["failed_parameter"], "PUT");
    assert!(verdict["steps"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(verdict["fix"]["verified"], true);
}

#[test]
fn check_keeps_input_order_for_arrays() {
    let input = format!("[{BLOCKED_PUT}, {ALLOWED_GET}]");
    let out = corsim(&["check", "--compact", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let verdicts: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = verdicts.iter().filter_map(|v| v["id"].as_str()).collect();
    assert_eq!(ids, ["put-json", "get"]);
    assert_eq!(verdicts[1]["fetch"], "resolved");
    assert_eq!(verdicts[1]["response_type"], "cors");
}

#[test]
fn exit_code_flag_reports_blocked_scenarios() {
    assert_eq!(
        corsim(&["check", "--exit-code", "-"], BLOCKED_PUT.as_bytes())
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        corsim(&["check", "--exit-code", "-"], ALLOWED_GET.as_bytes())
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn explain_reads_like_an_answer() {
    let out = corsim(&["explain", "-"], BLOCKED_PUT.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    for needle in [
        "Blocked: PUT is not in Access-Control-Allow-Methods. The request itself was never sent.",
        "What the browser sent",
        "OPTIONS https://api.example.com/v1/orders/42",
        "Access-Control-Request-Method: PUT",
        "What the server answered",
        "Access-Control-Allow-Methods: GET, POST",
        "✗ preflight method allowed",
        "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
        "Fix on the server (verified",
        "Access-Control-Allow-Methods: GET, POST, PUT",
    ] {
        assert!(
            page.contains(needle),
            "explain output lacks {needle:?}:\n{page}"
        );
    }
}

#[test]
fn explain_reads_raw_request_headers_as_a_request() {
    let raw = "PATCH /v1/x HTTP/1.1\nHost: localhost:3000\nOrigin: http://localhost:5173\nContent-Type: application/json\nUser-Agent: Mozilla/5.0\n";
    let out = corsim(&["explain", "-"], raw.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    for needle in [
        "request headers: PATCH http://localhost:3000/v1/x",
        "set by the browser itself, not by the script, and left out of the request: Host, Origin, User-Agent",
        "the request needs a preflight",
        "[pasted] PATCH http://localhost:3000/v1/x from http://localhost:5173",
        "Access-Control-Request-Method: PATCH",
        "Access-Control-Request-Headers: content-type",
    ] {
        assert!(
            page.contains(needle),
            "explain output lacks {needle:?}:\n{page}"
        );
    }
}

#[test]
fn malformed_input_names_every_problem_with_its_path() {
    let input = r#"[{"origin": "https://a.example", "request": {"url": "https://b.example"}},
                    {"origin": "https://a.example", "request": {"url": "/x", "headers": [["A"]], "mode": "nope"},
                     "response": {"status": "abc"}}]"#;
    let out = corsim(&["check", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    for needle in [
        "[1].request.headers[0]: expected [name, value], found an array of 1",
        "[1].request.mode: \"nope\" is not one of",
        "[1].response.status: \"abc\" is not an HTTP status",
        "3 problems in the input",
    ] {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn garbage_binary_and_missing_files_are_clear_errors() {
    let out = corsim(&["check", "-"], b"{\"origin\": ");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("line 1, column 11: not valid JSON"),
        "{}",
        text(&out.stderr)
    );

    let out = corsim(&["check", "-"], [0x7b, 0xff, 0xfe, 0x00, 0x81]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("byte 1: input is not UTF-8"),
        "{}",
        text(&out.stderr)
    );

    let out = corsim(&["check", "/nonexistent/scenario.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("/nonexistent/scenario.json: cannot read"),
        "{}",
        text(&out.stderr)
    );

    let out = corsim(&["frobnicate"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown command"));
}

#[test]
fn explain_json_gives_the_reading_in_the_contract() {
    let paste = "Access to fetch at 'http://api.shop.io/v1/x?token=abc123' from origin 'http://localhost:3000' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\nGET http://api.shop.io/v1/x?token=abc123 net::ERR_FAILED 401 (Unauthorized)\n\nCross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.shop.io/v2. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.";
    let out = corsim(&["explain", "--json", "-"], paste.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["format"], "console");
    let messages = json["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(messages.len(), 2, "{json}");
    // The eight fields, in the contract's order.
    let raw = text(&out.stdout);
    let first = raw.find("\"messages\"").unwrap_or(0);
    let positions: Vec<usize> = [
        "browser",
        "kind",
        "cors_error",
        "firefox_reason",
        "url",
        "origin",
        "status",
        "parameter",
    ]
    .iter()
    .map(|k| {
        raw.get(first..)
            .and_then(|r| r.find(&format!("\"{k}\":")))
            .unwrap_or(usize::MAX)
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(
        messages[0]["status"], 401,
        "the network line's status is the message's"
    );
    assert_eq!(
        messages[0]["url"], "http://api.shop.io/v1/x?token=****",
        "masked by default"
    );
    assert_eq!(messages[1]["browser"], "firefox");
    assert_eq!(messages[1]["firefox_reason"], "CORSMissingAllowOrigin2");
    let verdicts = json["verdicts"].as_array().cloned().unwrap_or_default();
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[0]["cors_error"], "PreflightInvalidStatus");
    assert_eq!(verdicts[0]["browser"], "chromium");
    // The Firefox line gives no origin: one of the URL's scheme is assumed, and said so.
    assert!(
        verdicts[1]["assumed"]
            .as_array()
            .is_some_and(|a| a.iter().any(|v| v == "origin")),
        "{}",
        verdicts[1]
    );
    // Each message is judged in the browser that printed it: the Firefox line by Firefox, with
    // the key Firefox prints for it (not mixed content).
    assert_eq!(verdicts[1]["browser"], "firefox");
    assert_eq!(
        verdicts[1]["firefox_reason"], "CORSMissingAllowOrigin2",
        "no mixed content"
    );
    let forced = corsim(
        &["explain", "--json", "--browser", "chromium", "-"],
        paste.as_bytes(),
    );
    let forced: serde_json::Value =
        serde_json::from_slice(&forced.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        forced["verdicts"][1]["browser"], "chromium",
        "--browser forces"
    );
    assert_eq!(
        forced["verdicts"][1]["cors_error"],
        "MissingAllowOriginHeader"
    );
    assert!(json["problems"].as_array().is_some_and(Vec::is_empty));
    let kept = corsim(
        &["explain", "--json", "--keep-secrets", "-"],
        paste.as_bytes(),
    );
    assert!(text(&kept.stdout).contains("token=abc123"));
}

#[test]
fn explain_says_what_it_looked_for_in_text_that_is_not_json() {
    let out = corsim(&["explain", "-"], b"hello, the API is broken again");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("not recognised: corsim looked for"), "{err}");
    assert!(!err.contains("JSON:"), "{err}");
    let out = corsim(
        &["explain", "--json", "-"],
        b"hello, the API is broken again",
    );
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["format"], "unknown");
}
