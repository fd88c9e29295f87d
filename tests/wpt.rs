//! Tables taken from the web-platform-tests CORS files (tests/wpt/*.json), each row named and
//! run through the whole engine as a scenario: the same request and response the WPT server
//! would produce, and the outcome the test asserts.

use corsim::scenario::{Credentials, Mode, RedirectMode, Reply, RequestInit, Scenario};
use corsim_tests::{read_json, tests_dir};
use serde_json::Value;

fn table(name: &str) -> (String, String, Vec<Value>) {
    let value = read_json(&tests_dir().join("wpt").join(name)).unwrap_or_else(|e| panic!("{e}"));
    let s = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let rows = value
        .get("rows")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    assert!(!rows.is_empty(), "{name}: no rows");
    (s("origin"), s("url"), rows)
}

fn text(row: &Value, key: &str) -> String {
    row.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn scenario(
    id: &str,
    origin: &str,
    request: RequestInit,
    preflight: Option<Reply>,
    response: Reply,
) -> Scenario {
    Scenario {
        id: id.to_string(),
        origin: origin.to_string(),
        request,
        preflight,
        response,
        redirects: Vec::new(),
        note: None,
        source: None,
        tags: Vec::new(),
        expect: None,
    }
}

fn request(
    url: &str,
    method: &str,
    headers: Vec<(String, String)>,
    credentials: Credentials,
    body: Option<&str>,
) -> RequestInit {
    RequestInit {
        url: url.to_string(),
        method: method.to_string(),
        headers,
        mode: Mode::Cors,
        credentials,
        redirect: RedirectMode::Follow,
        body: body.map(str::to_string),
    }
}

fn reply(headers: &[(&str, &str)]) -> Reply {
    Reply {
        status: 200,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: Some("NO".into()),
    }
}

fn check(
    failures: &mut Vec<String>,
    file: &str,
    name: &str,
    want: bool,
    got: bool,
    what: &str,
    detail: &corsim::Verdict,
) {
    if want != got {
        failures.push(format!(
            "{file}: {name}: expected {what} = {want}, corsim says {got} ({})",
            detail.summary
        ));
    }
}

fn finish(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} row(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn safelisted_request_headers() {
    let mut failures = Vec::new();
    for file in [
        "cors-safelisted-request-header.json",
        "not-cors-safelisted.json",
    ] {
        let (origin, url, rows) = table(file);
        for row in &rows {
            let name = text(row, "name");
            let headers = vec![(text(row, "header"), text(row, "value"))];
            let post = file.starts_with("cors-safelisted");
            let req = request(
                &url,
                if post { "POST" } else { "GET" },
                headers,
                Credentials::SameOrigin,
                post.then_some("data"),
            );
            // The server allows everything, so only the preflight decision matters.
            let ok = reply(&[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Headers", "*"),
                ("Content-Type", "text/plain"),
            ]);
            let v = corsim::simulate(&scenario(&name, &origin, req, None, ok));
            let want = row
                .get("preflight")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            check(
                &mut failures,
                file,
                &name,
                want,
                v.preflight_sent,
                "preflight",
                &v,
            );
        }
    }
    finish(failures);
}

#[test]
fn allow_origin_values() {
    let (origin, url, rows) = table("allow-origin.json");
    let mut failures = Vec::new();
    for row in &rows {
        let name = text(row, "name");
        let headers: Vec<(String, String)> = row
            .get("allow_origin")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|v| {
                (
                    "Access-Control-Allow-Origin".to_string(),
                    v.as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let response = Reply {
            status: 200,
            headers,
            body: Some("{}".into()),
        };
        let v = corsim::simulate(&scenario(
            &name,
            &origin,
            request(&url, "GET", vec![], Credentials::SameOrigin, None),
            None,
            response,
        ));
        let want = row.get("allowed").and_then(Value::as_bool).unwrap_or(false);
        check(
            &mut failures,
            "allow-origin.json",
            &name,
            want,
            v.is_readable(),
            "allowed",
            &v,
        );
    }
    finish(failures);
}

#[test]
fn preflight_star() {
    let (origin, url, rows) = table("preflight-star.json");
    let mut failures = Vec::new();
    for row in &rows {
        let name = text(row, "name");
        let credentials = row
            .get("credentials")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let header: Vec<(String, String)> = match row
            .get("header")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            Some([n, v]) => vec![(
                n.as_str().unwrap_or_default().into(),
                v.as_str().unwrap_or_default().into(),
            )],
            _ => vec![],
        };
        let mut headers = vec![("Access-Control-Allow-Origin", origin.as_str())];
        if credentials {
            headers.push(("Access-Control-Allow-Credentials", "true"));
        }
        let allow_methods = text(row, "allow_methods");
        let allow_headers = text(row, "allow_headers");
        headers.push(("Access-Control-Allow-Methods", &allow_methods));
        headers.push(("Access-Control-Allow-Headers", &allow_headers));
        let mode = if credentials {
            Credentials::Include
        } else {
            Credentials::SameOrigin
        };
        let req = request(&url, &text(row, "method"), header, mode, None);
        let v = corsim::simulate(&scenario(&name, &origin, req, None, reply(&headers)));
        let want = row.get("allowed").and_then(Value::as_bool).unwrap_or(false);
        check(
            &mut failures,
            "preflight-star.json",
            &name,
            want,
            v.is_readable(),
            "allowed",
            &v,
        );
    }
    finish(failures);
}

#[test]
fn preflight_response_validation() {
    let (origin, url, rows) = table("preflight-response-validation.json");
    let mut failures = Vec::new();
    for row in &rows {
        let name = text(row, "name");
        let mut headers = vec![("Access-Control-Allow-Origin", "*")];
        let allow_headers = text(row, "allow_headers");
        let allow_methods = text(row, "allow_methods");
        headers.push(("Access-Control-Allow-Headers", &allow_headers));
        if !allow_methods.is_empty() {
            headers.push(("Access-Control-Allow-Methods", &allow_methods));
        }
        let req = request(
            &url,
            "GET",
            vec![("x-force-preflight".into(), String::new())],
            Credentials::SameOrigin,
            None,
        );
        let v = corsim::simulate(&scenario(&name, &origin, req, None, reply(&headers)));
        check(
            &mut failures,
            "preflight-response-validation.json",
            &name,
            false,
            v.is_readable(),
            "allowed",
            &v,
        );
        check(
            &mut failures,
            "preflight-response-validation.json",
            &name,
            true,
            v.preflight_sent,
            "preflight",
            &v,
        );
    }
    finish(failures);
}

#[test]
fn expose_headers_parsing() {
    let (origin, url, rows) = table("expose-headers-parsing.json");
    let mut failures = Vec::new();
    for row in &rows {
        let name = text(row, "name");
        let expose = text(row, "expose");
        let response = reply(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Content-Language", "mkay"),
            ("BB-8", "hey"),
            ("Access-Control-Expose-Headers", &expose),
        ]);
        let v = corsim::simulate(&scenario(
            &name,
            &origin,
            request(&url, "GET", vec![], Credentials::SameOrigin, None),
            None,
            response,
        ));
        let want = row.get("exposed").and_then(Value::as_bool).unwrap_or(false);
        if !v.exposed_headers.iter().any(|h| h == "content-language") {
            failures.push(format!("{name}: content-language must always be readable"));
        }
        check(
            &mut failures,
            "expose-headers-parsing.json",
            &name,
            want,
            v.exposed_headers.iter().any(|h| h == "bb-8"),
            "bb-8 readable",
            &v,
        );
    }
    finish(failures);
}
