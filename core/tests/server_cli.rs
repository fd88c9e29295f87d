//! `corsim server` as a user runs it: text and JSON output, the line each header came from,
//! configuration errors naming their line, and the browsers not simulated yet.

// serde_json::Value indexing returns Null for a missing key or index; it cannot panic.
#![allow(clippy::indexing_slicing)]

mod common;

use common::{corsim, success_json};

const NGINX: &str = "location /api/ {\n    add_header Access-Control-Allow-Origin https://app.example.com;\n    proxy_pass http://127.0.0.1:8080;\n}\n";

const ARGS: [&str; 6] = [
    "--origin",
    "https://app.example.com",
    "--url",
    "https://api.example.com/api/items",
    "--kind",
    "nginx",
];

#[test]
fn json_names_the_line_of_each_header_and_the_500_without_it() {
    let mut args = vec!["server", "-", "--json"];
    args.extend(ARGS);
    let out = corsim(&args, NGINX);
    let v = success_json(&out);
    assert_eq!(v["kind"], "nginx");
    let request = &v["exchanges"][0];
    assert_eq!(request["response"]["status"], 200);
    assert_eq!(
        request["response"]["headers"][0],
        serde_json::json!(["Access-Control-Allow-Origin", "https://app.example.com"])
    );
    assert_eq!(request["from"][0], 2);
    assert_eq!(v["verdict"]["fetch"], "resolved");
    let failing = &v["errors"][0];
    assert_eq!(failing["case"], "handler-fails");
    assert_eq!(failing["exchanges"][0]["response"]["status"], 500);
    assert_eq!(failing["verdict"]["cors_error"], "MissingAllowOriginHeader");
    assert!(
        v["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["kind"] == "missing-on-error")),
        "{}",
        v["findings"]
    );
}

#[test]
fn text_says_why_a_line_sent_nothing() {
    let mut args = vec!["server", "-"];
    args.extend(ARGS);
    let out = corsim(&args, NGINX);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("line 2: not sent: status 500 and no `always`"),
        "{text}"
    );
}

#[test]
fn a_bad_configuration_names_its_line() {
    let mut args = vec!["server", "-"];
    args.extend(ARGS);
    let out = corsim(&args, "location / {\n  add_header X;\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2: add_header needs a name and a value"),
        "{err}"
    );
    assert!(
        err.contains("line 1: block \"location\" is not closed"),
        "{err}"
    );
}

#[test]
fn firefox_is_simulated_and_unknown_browsers_are_refused() {
    let mut args = vec!["server", "-", "--browser", "firefox"];
    args.extend(ARGS);
    let out = corsim(&args, NGINX);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut args = vec!["server", "-", "--browser", "netscape"];
    args.extend(ARGS);
    let out = corsim(&args, NGINX);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown browser \"netscape\""), "{err}");
}

#[test]
fn each_browser_sends_its_own_requests_and_all_compares_them() {
    // `DPR` is a CORS-safelisted request header in Chromium only (its client hints): Chromium
    // sends the GET without a preflight and reads it; Firefox and Safari send a preflight this
    // configuration answers without Access-Control-Allow-Headers.
    let mut args = vec![
        "server",
        "-",
        "--json",
        "-H",
        "DPR: 2",
        "--browser",
        "firefox",
    ];
    args.extend(ARGS);
    let out = corsim(&args, NGINX);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(v["browser"], "firefox");
    assert_eq!(v["exchanges"][0]["role"], "preflight");
    assert_eq!(v["verdict"]["browser"], "firefox");

    let mut args = vec!["server", "-", "--json", "-H", "DPR: 2", "--browser", "all"];
    args.extend(ARGS);
    let out = corsim(&args, NGINX);
    let v = success_json(&out);
    let browsers: Vec<&serde_json::Value> = v["browsers"]
        .as_array()
        .map(|b| b.iter().map(|s| &s["browser"]).collect())
        .unwrap_or_default();
    assert_eq!(browsers, ["chromium", "firefox", "safari"]);
    assert_eq!(v["browsers"][0]["exchanges"][0]["role"], "request");
    assert_eq!(v["browsers"][0]["verdict"]["fetch"], "resolved");
    assert_eq!(v["browsers"][2]["exchanges"][0]["role"], "preflight");
    assert_ne!(v["browsers"][2]["verdict"]["fetch"], "resolved");
    assert_eq!(v["cases"][0]["case"], "normal");
    assert_eq!(v["cases"][0]["agree"], false);
    assert!(
        v["cases"][0]["differences"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["field"] == "preflight_sent")),
        "{}",
        v["cases"][0]
    );

    let mut args = vec!["server", "-", "-H", "DPR: 2", "--browser", "all"];
    args.extend(ARGS);
    let text = String::from_utf8_lossy(&corsim(&args, NGINX).stdout).to_string();
    for heading in ["=== Chromium ===", "=== Firefox ===", "=== Safari ==="] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    assert!(
        text.contains("The request: the browsers differ in: preflight_sent"),
        "{text}"
    );
}

#[test]
fn a_file_the_server_serves_has_no_handler_to_fail() {
    // httpd serving the path itself: the "handler fails" case gets the file (200), and says so.
    let apache = "Header always set Access-Control-Allow-Origin \"https://app.example.com\"\n";
    let args = [
        "server",
        "-",
        "--kind",
        "apache",
        "--origin",
        "https://app.example.com",
        "--url",
        "https://api.example.com/api/items",
    ];
    let text = String::from_utf8_lossy(&corsim(&args, apache).stdout).to_string();
    assert!(
        text.contains("When the handler fails: there is none here — httpd serves the path itself (a file), so it answers 200, not 500"),
        "{text}"
    );
    // Behind proxy_pass the application's 500 is the case, under its own title.
    let mut args = vec!["server", "-"];
    args.extend(ARGS);
    let text = String::from_utf8_lossy(&corsim(&args, NGINX).stdout).to_string();
    assert!(
        text.contains("When the handler fails (the application answers 500)"),
        "{text}"
    );
    assert!(!text.contains("there is none here"), "{text}");
}
