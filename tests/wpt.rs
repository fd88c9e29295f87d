//! Tables taken from the web-platform-tests CORS files (tests/wpt/*.json), each row named and
//! run through the whole engine as a scenario: the same request and response the WPT server
//! would produce, the outcome the test asserts, and the reason expected for it (the reason's
//! kind, Chromium's CorsError, or why a header is not safelisted).
//!
//! Where corsim (like the browser it models) is known to differ from a row, the difference is
//! written down in tests/wpt/expected-failures.json with its reason; any other difference fails,
//! and so does a listed one that no longer happens (an unexpected pass).

use corsim::scenario::{Credentials, Mode, RedirectMode, Reply, RequestInit, Scenario};
use corsim::verdict::PreflightTrigger;
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

/// One field of one row that differs from the table.
struct Miss {
    name: String,
    field: &'static str,
    detail: String,
}

/// Records a difference between what a row expects and what corsim says.
fn check(
    misses: &mut Vec<Miss>,
    name: &str,
    field: &'static str,
    want: Value,
    got: Value,
    detail: &corsim::Verdict,
) {
    if want != got {
        misses.push(Miss {
            name: name.to_string(),
            field,
            detail: format!(
                "expected {field} = {want}, corsim says {got} ({})",
                detail.summary
            ),
        });
    }
}

/// The expected reason kind of a row against the verdict's.
fn check_reason(misses: &mut Vec<Miss>, name: &str, row: &Value, v: &corsim::Verdict) {
    let got = v
        .reason
        .as_ref()
        .map_or(Value::Null, |r| Value::from(r.kind().name()));
    check(
        misses,
        name,
        "reason",
        row.get("reason").cloned().unwrap_or(Value::Null),
        got,
        v,
    );
}

/// The differences tests/wpt/expected-failures.json lists for a table: (row name, field).
fn expected_failures(file: &str) -> Vec<(String, String)> {
    let value = read_json(&tests_dir().join("wpt/expected-failures.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    value
        .get("failures")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|f| f.get("file").and_then(Value::as_str) == Some(file))
        .map(|f| {
            assert!(
                !text(f, "reason").is_empty(),
                "expected failure {} has no reason",
                text(f, "name")
            );
            (text(f, "name"), text(f, "field"))
        })
        .collect()
}

/// Fails on every difference not listed as expected, and on every listed one that did not
/// happen.
fn finish(file: &str, misses: Vec<Miss>) {
    let expected = expected_failures(file);
    let mut failures: Vec<String> = misses
        .iter()
        .filter(|m| !expected.iter().any(|(n, f)| *n == m.name && f == m.field))
        .map(|m| format!("{file}: {}: {}", m.name, m.detail))
        .collect();
    for (name, field) in &expected {
        if !misses.iter().any(|m| m.name == *name && m.field == field) {
            failures.push(format!(
                "{file}: {name}: {field} now agrees with the table; remove it from expected-failures.json"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} row(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A field of a row, or null.
fn field(row: &Value, key: &str) -> Value {
    row.get(key).cloned().unwrap_or(Value::Null)
}

#[test]
fn safelisted_request_headers() {
    for file in [
        "cors-safelisted-request-header.json",
        "not-cors-safelisted.json",
    ] {
        let (origin, url, rows) = table(file);
        let mut misses = Vec::new();
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
            check(
                &mut misses,
                &name,
                "preflight",
                field(row, "preflight"),
                Value::Bool(v.preflight_sent),
                &v,
            );
            // Why the header is not safelisted: the trigger the verdict's facts name.
            let why =
                v.facts
                    .preflight_triggers
                    .iter()
                    .find_map(|t| match t {
                        PreflightTrigger::Header { why, .. } => serde_json::to_value(why)
                            .ok()
                            .and_then(|w| w.get("why").cloned()),
                        PreflightTrigger::Method { .. }
                        | PreflightTrigger::SafelistedTotal { .. } => None,
                    })
                    .unwrap_or(Value::Null);
            check(&mut misses, &name, "why", field(row, "why"), why, &v);
        }
        finish(file, misses);
    }
}

#[test]
fn allow_origin_values() {
    let file = "allow-origin.json";
    let (origin, url, rows) = table(file);
    let mut misses = Vec::new();
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
        check(
            &mut misses,
            &name,
            "allowed",
            field(row, "allowed"),
            Value::Bool(v.is_readable()),
            &v,
        );
        check_reason(&mut misses, &name, row, &v);
        check(
            &mut misses,
            &name,
            "cors_error",
            field(row, "cors_error"),
            v.cors_error.map_or(Value::Null, |e| Value::from(e.name())),
            &v,
        );
    }
    finish(file, misses);
}

#[test]
fn preflight_star() {
    let file = "preflight-star.json";
    let (origin, url, rows) = table(file);
    let mut misses = Vec::new();
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
        check(
            &mut misses,
            &name,
            "allowed",
            field(row, "allowed"),
            Value::Bool(v.is_readable()),
            &v,
        );
        check_reason(&mut misses, &name, row, &v);
    }
    finish(file, misses);
}

#[test]
fn preflight_response_validation() {
    let file = "preflight-response-validation.json";
    let (origin, url, rows) = table(file);
    let mut misses = Vec::new();
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
            &mut misses,
            &name,
            "allowed",
            field(row, "allowed"),
            Value::Bool(v.is_readable()),
            &v,
        );
        check(
            &mut misses,
            &name,
            "preflight",
            Value::Bool(true),
            Value::Bool(v.preflight_sent),
            &v,
        );
        check_reason(&mut misses, &name, row, &v);
    }
    finish(file, misses);
}

#[test]
fn expose_headers_parsing() {
    let file = "expose-headers-parsing.json";
    let (origin, url, rows) = table(file);
    let mut misses = Vec::new();
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
        // Content-Language is CORS-safelisted: always readable.
        check(
            &mut misses,
            &name,
            "content-language readable",
            Value::Bool(true),
            Value::Bool(v.exposed_headers.iter().any(|h| h == "content-language")),
            &v,
        );
        check(
            &mut misses,
            &name,
            "exposed",
            field(row, "exposed"),
            Value::Bool(v.exposed_headers.iter().any(|h| h == "bb-8")),
            &v,
        );
        check_reason(&mut misses, &name, row, &v);
    }
    finish(file, misses);
}
