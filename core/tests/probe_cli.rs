//! `corsim probe` against the raw server of `raw_server` on loopback (over HTTP, and over TLS
//! with a test CA made with openssl when the test runs): the exchanges as sent, the exit codes,
//! the verdict equal to `corsim check` on the recorded scenario, redirects, malformed, slow and
//! closed answers.

mod raw_server;

use std::net::TcpListener;
use std::time::Duration;

use raw_server::{Answer, Server, TRUSTED, assert_check_agrees, corsim, json, response, serve};
use serde_json::Value;

/// `corsim probe` over TLS to the raw server, as `api.example.com`.
fn probe_tls(server: &Server, extra: &[&str]) -> (i32, String, String) {
    server.corsim("probe", "/v1/orders", extra)
}

#[test]
fn probe_sends_the_preflight_then_the_request_and_judges_the_answers() {
    let server = serve(true, |r| {
        let o = r.origin().to_string();
        if r.is_preflight() {
            response(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", "PUT".into()),
                    ("Access-Control-Allow-Headers", "content-type".into()),
                    ("Vary", "Origin".into()),
                ],
            )
        } else {
            response(
                200,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Vary", "Origin".into()),
                ],
            )
        }
    });
    let (code, out, err) = probe_tls(
        &server,
        &[
            "--origin",
            TRUSTED,
            "-X",
            "PUT",
            "-H",
            "Content-Type: application/json",
            "--body",
            "{}",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let v = json(&out);
    assert_check_agrees(&v);
    assert_eq!(v.pointer("/verdict/fetch"), Some(&Value::from("resolved")));
    assert_eq!(
        v.pointer("/verdict/preflight_sent"),
        Some(&Value::from(true))
    );
    let log = server.requests();
    assert_eq!(log.len(), 2);
    let pre = log.first().unwrap_or_else(|| unreachable!());
    let names: Vec<&str> = pre.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Host",
            "Connection",
            "Accept",
            "Access-Control-Request-Method",
            "Access-Control-Request-Headers",
            "Origin",
            "User-Agent",
            "Sec-Fetch-Mode",
            "Sec-Fetch-Site",
            "Sec-Fetch-Dest",
            "Referer",
            "Accept-Encoding",
            "Accept-Language"
        ]
    );
    assert_eq!(
        pre.header("access-control-request-headers"),
        Some("content-type")
    );
    assert!(
        pre.header("user-agent")
            .is_some_and(|u| u.contains("corsim/"))
    );
    // The wire headers the server received are the ones the JSON says were sent.
    let sent = v
        .pointer("/exchanges/0/request/headers")
        .cloned()
        .unwrap_or_default();
    let logged: Vec<Value> = pre
        .headers
        .iter()
        .map(|(n, v)| serde_json::json!([n, v]))
        .collect();
    assert_eq!(sent, Value::Array(logged));
    let put = log.get(1).unwrap_or_else(|| unreachable!());
    assert_eq!(put.method, "PUT");
    assert_eq!(put.header("content-length"), Some("2"));
    // --expect blocked turns the same answer into a failure.
    let (code, _, _) = probe_tls(
        &server,
        &["--origin", TRUSTED, "-X", "PUT", "--expect", "blocked"],
    );
    assert_eq!(code, 1);
}

#[test]
fn probe_reports_the_console_line_and_fix_of_a_blocked_fetch() {
    let server = serve(true, |_| {
        response(
            200,
            &[(
                "Access-Control-Allow-Origin",
                "https://other.example".into(),
            )],
        )
    });
    let (code, out, _) = probe_tls(&server, &["--origin", TRUSTED, "--no-color"]);
    assert_eq!(code, 1);
    assert!(out.contains("Access to fetch at"), "{out}");
    assert!(
        out.contains("< Access-Control-Allow-Origin: https://other.example"),
        "{out}"
    );
    let (code, out, _) = probe_tls(
        &server,
        &["--origin", TRUSTED, "--json", "--expect", "blocked"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        json(&out).pointer("/verdict/cors_error"),
        Some(&Value::from("AllowOriginMismatch"))
    );
}

#[test]
fn probe_follows_a_redirect_with_the_origin_the_browser_sends() {
    let server = serve(true, |r| {
        if r.target == "/v1/orders" {
            response(
                302,
                &[
                    ("Location", "/v2/orders".into()),
                    ("Access-Control-Allow-Origin", "*".into()),
                ],
            )
        } else {
            response(200, &[("Access-Control-Allow-Origin", "*".into())])
        }
    });
    let (code, out, err) = probe_tls(&server, &["--origin", TRUSTED, "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let log = server.requests();
    let targets: Vec<&str> = log.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["/v1/orders", "/v2/orders"]);
    assert!(log.iter().all(|r| r.origin() == TRUSTED));
    assert_eq!(
        json(&out).pointer("/scenario/redirects/0/status"),
        Some(&Value::from(302))
    );
}

#[test]
fn duplicate_allow_origin_lines_reach_the_engine_as_sent() {
    let server = serve(true, |r| {
        let o = r.origin().to_string();
        response(
            200,
            &[
                ("Access-Control-Allow-Origin", o.clone()),
                ("Access-Control-Allow-Origin", o),
            ],
        )
    });
    let (code, out, _) = probe_tls(&server, &["--origin", TRUSTED, "--json"]);
    assert_eq!(code, 1);
    assert_eq!(
        json(&out).pointer("/verdict/cors_error"),
        Some(&Value::from("MultipleAllowOriginValues"))
    );
}

#[test]
fn a_header_line_without_a_colon_is_ignored_and_noted() {
    let server = serve(true, |r| {
        Answer::Bytes(format!("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: {}\r\nthis is not a header\r\nContent-Length: 0\r\n\r\n", r.origin()).into_bytes())
    });
    let (code, out, _) = probe_tls(&server, &["--origin", TRUSTED, "--json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("without a colon"), "{out}");
}

#[test]
fn huge_headers_are_refused_as_chromium_refuses_them() {
    let server = serve(true, |_| {
        let big = "a".repeat(300 * 1024);
        Answer::Bytes(format!("HTTP/1.1 200 OK\r\nX-Big: {big}\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\n\r\n").into_bytes())
    });
    let (code, out, _) = probe_tls(&server, &["--origin", TRUSTED, "--json"]);
    assert_eq!(code, 1, "{out}");
    let v = json(&out);
    assert_eq!(v.pointer("/verdict/fetch"), Some(&Value::from("rejected")));
}

#[test]
fn network_failures_exit_3_with_a_message_that_names_them() {
    // Nothing listens on a port just released.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(1);
    let (code, _, err) = corsim(&[
        "probe",
        &format!("http://127.0.0.1:{port}/"),
        "--origin",
        TRUSTED,
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("connection to 127.0.0.1"), "{err}");

    let (code, _, err) = corsim(&[
        "probe",
        "https://no-such-host.invalid/",
        "--origin",
        TRUSTED,
    ]);
    assert_eq!(code, 3);
    assert!(
        err.contains("DNS: cannot resolve no-such-host.invalid"),
        "{err}"
    );

    let hang = serve(false, |_| Answer::Hang(Duration::from_secs(5)));
    let (code, _, err) = corsim(&[
        "probe",
        &format!("http://127.0.0.1:{}/", hang.port),
        "--origin",
        TRUSTED,
        "--timeout",
        "0.5",
    ]);
    assert_eq!(code, 3);
    assert!(
        err.contains("timed out after 0.5 s while waiting for the response"),
        "{err}"
    );

    let closed = serve(false, |_| Answer::Close);
    let (code, _, err) = corsim(&[
        "probe",
        &format!("http://127.0.0.1:{}/", closed.port),
        "--origin",
        TRUSTED,
    ]);
    assert_eq!(code, 3);
    assert!(err.contains("closed the connection after 0 bytes"), "{err}");

    let garbage = serve(false, |_| {
        Answer::Bytes(b"SSH-2.0-OpenSSH_9.2\r\n\r\n".to_vec())
    });
    let (code, _, err) = corsim(&[
        "probe",
        &format!("http://127.0.0.1:{}/", garbage.port),
        "--origin",
        TRUSTED,
    ]);
    assert_eq!(code, 3);
    assert!(err.contains("not HTTP: it starts with \"SSH-2.0"), "{err}");

    // TLS to a server whose CA is not trusted, then TLS to a plain HTTP server.
    let tls = serve(true, |_| response(200, &[]));
    let url = format!("https://api.example.com:{}/", tls.port);
    let resolve = format!("api.example.com:{}:127.0.0.1", tls.port);
    let (code, _, err) = corsim(&["probe", &url, "--resolve", &resolve, "--origin", TRUSTED]);
    assert_eq!(code, 3);
    assert!(
        err.contains("TLS handshake with api.example.com failed") && err.contains("UnknownIssuer"),
        "{err}"
    );
    let (code, _, err) = corsim(&[
        "probe",
        &url,
        "--resolve",
        &resolve,
        "--origin",
        TRUSTED,
        "--insecure",
        "--expect",
        "blocked",
    ]);
    assert_eq!(code, 0, "{err}");
    let plain = serve(false, |_| response(200, &[]));
    let (code, _, err) = corsim(&[
        "probe",
        &format!("https://127.0.0.1:{}/", plain.port),
        "--origin",
        TRUSTED,
    ]);
    assert_eq!(code, 3);
    assert!(err.contains("TLS handshake with 127.0.0.1 failed"), "{err}");
}

#[test]
fn bad_input_exits_2() {
    for args in [
        vec!["probe", "https://api.example.com/"],
        vec!["probe", "ftp://api.example.com/", "--origin", TRUSTED],
        vec!["probe", "not a url", "--origin", TRUSTED],
        vec![
            "probe",
            "https://api.example.com/",
            "--origin",
            "app.example.com",
        ],
        vec![
            "probe",
            "https://api.example.com/",
            "--origin",
            TRUSTED,
            "--expect",
            "maybe",
        ],
        vec![
            "probe",
            "https://api.example.com/",
            "--origin",
            TRUSTED,
            "--ca-cert",
            "/nonexistent.pem",
        ],
        vec!["audit", "https://api.example.com/"],
    ] {
        let (code, _, err) = corsim(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
