//! `corsim render` as a documentation author runs it: a scenario in, a script-free HTML
//! fragment out, with the verdict, the console line, the sequence and the page's permalink;
//! bad input exits 2 naming the problem.

mod common;

use common::corsim;

const PUT: &str = r#"{"origin":"https://app.example.com",
  "request":{"url":"https://api.example.com/v1/orders/42","method":"PUT","headers":[["Content-Type","application/json"]]},
  "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Methods","GET, POST"]]},
  "response":{"status":200}}"#;

#[test]
fn a_scenario_becomes_a_static_fragment_with_a_permalink() {
    let out = corsim(
        &["render", "-", "--page", "https://docs.example.org/corsim/"],
        PUT,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(
        html.starts_with("<figure class=\"corsim-embed\">"),
        "{html}"
    );
    assert!(html.contains(">Blocked</span>"), "{html}");
    assert!(
        html.contains(
            "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."
        ),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://docs.example.org/corsim/#v1="),
        "{html}"
    );
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
}

#[test]
fn bad_input_exits_2_and_names_it() {
    let out = corsim(&["render", "-"], r#"{"origin": 3}"#);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("origin"), "{err}");
    let out = corsim(&["render"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn another_browser_renders_its_own_verdict_and_its_link_opens_in_it() {
    let out = corsim(&["render", "-", "--browser", "firefox"], PUT);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("Cross-Origin Request Blocked"), "{html}");
    assert!(html.contains("&amp;browser=firefox\""), "{html}");
    let bad = corsim(&["render", "-", "--browser", "netscape"], PUT);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--browser needs"));
}
