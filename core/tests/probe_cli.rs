//! `corsim probe` and `corsim audit` against live servers on loopback: a raw server that
//! answers as scripted (over HTTP, and over TLS with a test CA made with openssl when the test
//! runs), for the exit codes, the exchanges, malformed, slow and closed answers; and 64 server
//! policies, 32 vulnerable and 32 safe, each with the findings `audit` must report.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;

/// A request as the raw server read it.
#[derive(Clone, Debug)]
struct Req {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

impl Req {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn origin(&self) -> &str {
        self.header("origin").unwrap_or("")
    }
    fn is_preflight(&self) -> bool {
        self.method == "OPTIONS" && self.header("access-control-request-method").is_some()
    }
}

/// What the raw server does with a request.
enum Answer {
    /// Writes these bytes.
    Bytes(Vec<u8>),
    /// Closes the connection without a word.
    Close,
    /// Says nothing for this long, then closes.
    Hang(Duration),
}

type Handler = Arc<dyn Fn(&Req) -> Answer + Send + Sync>;

fn response(status: u16, headers: &[(&str, String)]) -> Answer {
    let mut out = format!("HTTP/1.1 {status} X\r\n");
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("Content-Length: 2\r\n\r\nok");
    Answer::Bytes(out.into_bytes())
}

fn read_request(stream: &mut dyn Read) -> Option<Req> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&buf).to_string();
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some(Req {
        method,
        target,
        headers,
    })
}

fn serve_connection(stream: &mut (impl Read + Write), handler: &Handler, log: &Mutex<Vec<Req>>) {
    while let Some(req) = read_request(stream) {
        let answer = handler(&req);
        if let Ok(mut l) = log.lock() {
            l.push(req);
        }
        match answer {
            Answer::Bytes(b) => {
                if stream.write_all(&b).and_then(|()| stream.flush()).is_err() {
                    return;
                }
            }
            Answer::Close => return,
            Answer::Hang(d) => {
                std::thread::sleep(d);
                return;
            }
        }
    }
}

struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Req>>>,
}

fn tls_files() -> &'static (PathBuf, Arc<rustls::ServerConfig>) {
    static FILES: OnceLock<(PathBuf, Arc<rustls::ServerConfig>)> = OnceLock::new();
    FILES.get_or_init(|| {
        use rustls::pki_types::pem::PemObject;
        let dir = std::env::temp_dir().join(format!("corsim-probe-ca-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let run = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(&dir)
                .output()
                .unwrap_or_else(|e| panic!("openssl: {e}"));
            assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        run(&["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=corsim test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
        run(&["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=api.example.com"]);
        std::fs::write(dir.join("ext.cnf"), "subjectAltName=DNS:api.example.com,DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n").unwrap_or_else(|e| panic!("{e}"));
        run(&["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "ext.cnf"]);
        let certs: Vec<_> = rustls::pki_types::CertificateDer::pem_file_iter(dir.join("leaf.pem"))
            .unwrap_or_else(|e| panic!("{e:?}"))
            .filter_map(Result::ok)
            .collect();
        let key = rustls::pki_types::PrivateKeyDer::from_pem_file(dir.join("leaf.key"))
            .unwrap_or_else(|e| panic!("{e:?}"));
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap_or_else(|e| panic!("{e}"))
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap_or_else(|e| panic!("{e}"));
        (dir, Arc::new(config))
    })
}

fn ca_pem() -> String {
    tls_files().0.join("ca.pem").display().to_string()
}

/// Starts the raw server on an ephemeral loopback port.
fn serve(tls: bool, handler: impl Fn(&Req) -> Answer + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let handler: Handler = Arc::new(handler);
    let log = Arc::new(Mutex::new(Vec::new()));
    let config = tls.then(|| tls_files().1.clone());
    let server_log = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut tcp) = stream else { continue };
            let (handler, log, config) = (handler.clone(), server_log.clone(), config.clone());
            std::thread::spawn(move || {
                let _ = tcp.set_read_timeout(Some(Duration::from_secs(20)));
                match config {
                    Some(c) => {
                        let Ok(conn) = rustls::ServerConnection::new(c) else {
                            return;
                        };
                        let mut s = rustls::StreamOwned::new(conn, tcp);
                        serve_connection(&mut s, &handler, &log);
                    }
                    None => serve_connection(&mut tcp, &handler, &log),
                }
            });
        }
    });
    Server { port, log }
}

fn corsim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(args)
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

const TRUSTED: &str = "https://app.example.com";

/// The verdict `corsim check` gives for the scenario a probe's `--json` recorded: the engine on
/// the same exchange must say what the probe said.
fn assert_check_agrees(probe_json: &Value) {
    let scenario = probe_json.get("scenario").cloned().unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("corsim-probe-check-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir.join(format!("{n}.json"));
    std::fs::write(&file, scenario.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = corsim(&["check", &file.display().to_string()]);
    assert!(code == 0 || code == 1, "corsim check: {code} {err}");
    assert_eq!(
        json(&out),
        probe_json.get("verdict").cloned().unwrap_or_default(),
        "corsim check on the recorded scenario"
    );
}

/// `corsim probe` over TLS to the raw server, as `api.example.com`.
fn probe_tls(server: &Server, extra: &[&str]) -> (i32, String, String) {
    let url = format!("https://api.example.com:{}/v1/orders", server.port);
    let resolve = format!("api.example.com:{}:127.0.0.1", server.port);
    let ca = ca_pem();
    let mut args = vec![
        "probe",
        url.as_str(),
        "--resolve",
        resolve.as_str(),
        "--ca-cert",
        ca.as_str(),
    ];
    args.extend_from_slice(extra);
    corsim(&args)
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
    let log = server.log.lock().map(|l| l.clone()).unwrap_or_default();
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
    let log = server.log.lock().map(|l| l.clone()).unwrap_or_default();
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

// ---------------------------------------------------------------------------------------------
// The audit's configurations: server policies as application code writes them.

type Policy = fn(&Req) -> Vec<(&'static str, String)>;

fn with_credentials(origin: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Access-Control-Allow-Origin", origin.to_string()),
        ("Access-Control-Allow-Credentials", "true".to_string()),
        ("Vary", "Origin".to_string()),
    ]
}

fn preflight_extras(r: &Req, mut h: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    if r.is_preflight() && !h.is_empty() {
        h.push(("Access-Control-Allow-Methods", "GET, POST, PUT".to_string()));
        h.push((
            "Access-Control-Allow-Headers",
            "Content-Type, X-Corsim-Audit".to_string(),
        ));
    }
    h
}

fn if_allowed(r: &Req, allowed: bool) -> Vec<(&'static str, String)> {
    let h = if allowed {
        with_credentials(r.origin())
    } else {
        vec![("Vary", "Origin".to_string())]
    };
    preflight_extras(r, h)
}

/// `(name, policy, expected finding kinds)`: the vulnerable ones.
fn vulnerable() -> Vec<(&'static str, Policy, &'static [&'static str])> {
    vec![
        (
            "reflect-any-with-credentials",
            |r| if_allowed(r, !r.origin().is_empty()),
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "null-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "reflect-any-except-null",
            |r| if_allowed(r, !r.origin().is_empty() && r.origin() != "null"),
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "null-allowed",
            |r| if_allowed(r, r.origin() == TRUSTED || r.origin() == "null"),
            &["null-origin-with-credentials"],
        ),
        (
            "static-null-with-credentials",
            |r| {
                preflight_extras(
                    r,
                    vec![
                        ("Access-Control-Allow-Origin", "null".into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                    ],
                )
            },
            &["null-origin-with-credentials"],
        ),
        (
            "starts-with-trusted",
            |r| if_allowed(r, r.origin().starts_with(TRUSTED)),
            &["look-alike-origin-with-credentials"],
        ),
        (
            "ends-with-host-no-dot",
            |r| {
                if_allowed(
                    r,
                    r.origin().starts_with("https://") && r.origin().ends_with("app.example.com"),
                )
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "unescaped-dot-regex",
            |r| {
                // /^https:\/\/app.example\.com$/: the first dot matches any character.
                let o = r.origin();
                let ok = o.len() == TRUSTED.len()
                    && o.starts_with("https://app")
                    && o.ends_with("example.com");
                if_allowed(r, ok)
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "contains-host",
            |r| if_allowed(r, r.origin().contains("app.example.com")),
            &[
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "contains-example",
            |r| if_allowed(r, r.origin().contains("example")),
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "any-subdomain",
            |r| {
                if_allowed(
                    r,
                    r.origin().starts_with("https://") && r.origin().ends_with(".example.com"),
                )
            },
            &["sibling-subdomain-with-credentials"],
        ),
        (
            "any-subdomain-any-scheme",
            |r| if_allowed(r, r.origin().ends_with(".example.com")),
            &[
                "sibling-subdomain-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "http-and-https",
            |r| {
                if_allowed(
                    r,
                    r.origin() == TRUSTED || r.origin() == "http://app.example.com",
                )
            },
            &["insecure-scheme-with-credentials"],
        ),
        (
            "host-only-comparison",
            |r| if_allowed(r, r.origin().split("://").nth(1) == Some("app.example.com")),
            &["insecure-scheme-with-credentials"],
        ),
        (
            "prefix-without-tld",
            |r| if_allowed(r, r.origin().starts_with("https://app.example")),
            &["look-alike-origin-with-credentials"],
        ),
        (
            "regex-no-end-anchor",
            |r| {
                // /^https:\/\/app\.example\.com/ (no $).
                if_allowed(r, r.origin().starts_with("https://app.example.com"))
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "regex-no-start-anchor",
            |r| {
                // /app\.example\.com$/ (no ^).
                if_allowed(r, r.origin().ends_with("app.example.com"))
            },
            &[
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "underscore-wildcard-pattern",
            |r| {
                // /^https:\/\/app\.example\.com[\w.]*$/: anything made of word characters and dots after the host.
                let o = r.origin();
                let ok = o.strip_prefix(TRUSTED).is_some_and(|rest| {
                    rest.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
                });
                if_allowed(r, ok)
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "only-preflight-checked",
            |r| {
                let ok = if r.is_preflight() {
                    r.origin() == TRUSTED
                } else {
                    !r.origin().is_empty()
                };
                if_allowed(r, ok)
            },
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "null-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "reflect-without-vary",
            |r| {
                let o = r.origin();
                if o == TRUSTED {
                    preflight_extras(
                        r,
                        vec![
                            ("Access-Control-Allow-Origin", o.into()),
                            ("Access-Control-Allow-Credentials", "true".into()),
                        ],
                    )
                } else {
                    vec![]
                }
            },
            &["missing-vary-origin"],
        ),
        (
            "reflect-any-without-vary-no-credentials",
            |r| {
                let o = r.origin();
                if o.is_empty() {
                    vec![]
                } else {
                    preflight_extras(r, vec![("Access-Control-Allow-Origin", o.into())])
                }
            },
            &["missing-vary-origin"],
        ),
        (
            "reflects-requested-headers",
            |r| {
                let mut h = vec![("Access-Control-Allow-Origin", "*".to_string())];
                if r.is_preflight() {
                    h.push((
                        "Access-Control-Allow-Headers",
                        r.header("access-control-request-headers")
                            .unwrap_or("")
                            .to_string(),
                    ));
                }
                h
            },
            &["preflight-reflects-headers"],
        ),
        (
            "reflects-requested-headers-trusted",
            |r| {
                let mut h = if r.origin() == TRUSTED {
                    with_credentials(TRUSTED)
                } else {
                    vec![("Vary", "Origin".into())]
                };
                if r.is_preflight() && r.origin() == TRUSTED {
                    h.push((
                        "Access-Control-Allow-Headers",
                        r.header("access-control-request-headers")
                            .unwrap_or("")
                            .to_string(),
                    ));
                }
                h
            },
            &["preflight-reflects-headers"],
        ),
        (
            "reflects-requested-method-and-headers",
            |r| {
                let mut h = if r.origin() == TRUSTED {
                    with_credentials(TRUSTED)
                } else {
                    vec![("Vary", "Origin".into())]
                };
                if r.is_preflight() && r.origin() == TRUSTED {
                    h.push((
                        "Access-Control-Allow-Methods",
                        r.header("access-control-request-method")
                            .unwrap_or("")
                            .to_string(),
                    ));
                    h.push((
                        "Access-Control-Allow-Headers",
                        r.header("access-control-request-headers")
                            .unwrap_or("")
                            .to_string(),
                    ));
                }
                h
            },
            &["preflight-reflects-headers", "preflight-reflects-method"],
        ),
        (
            "reflect-on-get-only",
            |r| {
                if r.is_preflight() {
                    vec![]
                } else {
                    if_allowed(r, !r.origin().is_empty())
                }
            },
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "null-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "blocklist-of-one",
            |r| {
                if_allowed(
                    r,
                    !r.origin().is_empty() && r.origin() != "https://evil.example",
                )
            },
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "null-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "case-insensitive-contains",
            |r| {
                if_allowed(
                    r,
                    r.origin().to_ascii_lowercase().contains("app.example.com"),
                )
            },
            &[
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "trusted-or-null-or-subdomain",
            |r| {
                if_allowed(
                    r,
                    r.origin() == "null"
                        || r.origin().ends_with(".example.com")
                            && r.origin().starts_with("https://"),
                )
            },
            &[
                "null-origin-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "endswith-registrable-no-dot",
            |r| {
                if_allowed(
                    r,
                    r.origin().starts_with("https://") && r.origin().ends_with("example.com"),
                )
            },
            &[
                "look-alike-origin-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "reflect-with-uppercase-credentials-header",
            |r| {
                preflight_extras(
                    r,
                    if r.origin().is_empty() {
                        vec![]
                    } else {
                        vec![
                            ("access-control-allow-origin", r.origin().into()),
                            ("access-control-allow-credentials", "true".into()),
                            ("vary", "origin".into()),
                        ]
                    },
                )
            },
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "null-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "redirect-then-reflect",
            |r| {
                if r.target.starts_with("/v1") {
                    let mut h = if_allowed(r, !r.origin().is_empty());
                    if !r.is_preflight() {
                        h.push(("Location", "/v2/orders".into()));
                    }
                    h
                } else {
                    if_allowed(r, !r.origin().is_empty())
                }
            },
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "null-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "allowlist-plus-localhost-and-null",
            |r| {
                if_allowed(
                    r,
                    matches!(r.origin(), TRUSTED | "http://localhost:3000" | "null"),
                )
            },
            &["null-origin-with-credentials"],
        ),
        (
            "suffix-list-check",
            |r| {
                // ['app.example.com'].some(d => origin.endsWith(d))
                if_allowed(
                    r,
                    r.origin().ends_with("app.example.com") && r.origin().starts_with("https://"),
                )
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "vary-star-but-reflect-any",
            |r| {
                if r.origin().is_empty() {
                    vec![]
                } else {
                    preflight_extras(
                        r,
                        vec![
                            ("Access-Control-Allow-Origin", r.origin().into()),
                            ("Access-Control-Allow-Credentials", "true".into()),
                            ("Vary", "*".into()),
                        ],
                    )
                }
            },
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "null-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
    ]
}

/// The safe ones: no finding expected.
fn safe() -> Vec<(&'static str, Policy)> {
    vec![
        ("no-cors-headers", |_| vec![]),
        ("wildcard", |r| {
            preflight_extras(r, vec![("Access-Control-Allow-Origin", "*".into())])
        }),
        ("wildcard-with-credentials-refused-by-browsers", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "*".into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("exact-with-credentials", |r| {
            if_allowed(r, r.origin() == TRUSTED)
        }),
        ("exact-static-no-vary-needed", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", TRUSTED.into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("exact-no-credentials", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("Access-Control-Allow-Origin", TRUSTED.into()),
                        ("Vary", "Origin".into()),
                    ]
                } else {
                    vec![("Vary", "Origin".into())]
                },
            )
        }),
        ("allowlist-two", |r| {
            if_allowed(
                r,
                matches!(r.origin(), TRUSTED | "https://admin.example.org"),
            )
        }),
        ("anchored-escaped-regex", |r| {
            if_allowed(r, r.origin() == TRUSTED)
        }),
        ("reflect-any-without-credentials-with-vary", |r| {
            preflight_extras(
                r,
                if r.origin().is_empty() {
                    vec![]
                } else {
                    vec![
                        ("Access-Control-Allow-Origin", r.origin().into()),
                        ("Vary", "Origin".into()),
                    ]
                },
            )
        }),
        ("reflect-any-credentials-capitalised", |r| {
            preflight_extras(
                r,
                if r.origin().is_empty() {
                    vec![]
                } else {
                    vec![
                        ("Access-Control-Allow-Origin", r.origin().into()),
                        ("Access-Control-Allow-Credentials", "True".into()),
                        ("Vary", "Origin".into()),
                    ]
                },
            )
        }),
        ("reflect-any-credentials-false", |r| {
            preflight_extras(
                r,
                if r.origin().is_empty() {
                    vec![]
                } else {
                    vec![
                        ("Access-Control-Allow-Origin", r.origin().into()),
                        ("Access-Control-Allow-Credentials", "false".into()),
                        ("Vary", "Origin".into()),
                    ]
                },
            )
        }),
        ("trailing-slash-origin", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", format!("{}/", r.origin())),
                    ("Access-Control-Allow-Credentials", "true".into()),
                    ("Vary", "Origin".into()),
                ],
            )
        }),
        ("duplicate-allow-origin", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", r.origin().into()),
                    ("Access-Control-Allow-Origin", r.origin().into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                    ("Vary", "Origin".into()),
                ],
            )
        }),
        ("list-in-allow-origin", |r| {
            preflight_extras(
                r,
                vec![
                    (
                        "Access-Control-Allow-Origin",
                        format!("{TRUSTED}, {}", r.origin()),
                    ),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("null-without-credentials", |r| {
            preflight_extras(r, vec![("Access-Control-Allow-Origin", "null".into())])
        }),
        ("exact-forbidden-otherwise", |r| {
            if r.origin() == TRUSTED || r.origin().is_empty() {
                if_allowed(r, true)
            } else {
                vec![("Vary", "Origin".into())]
            }
        }),
        ("preflight-only", |r| {
            if r.is_preflight() {
                if_allowed(r, true)
            } else {
                vec![]
            }
        }),
        ("exact-case-sensitive", |r| {
            if_allowed(r, r.origin() == TRUSTED)
        }),
        ("exact-with-port-elsewhere", |r| {
            if_allowed(r, r.origin() == "https://app.example.com:8443")
        }),
        ("https-only-exact-host", |r| {
            if_allowed(
                r,
                r.origin().strip_prefix("https://") == Some("app.example.com"),
            )
        }),
        ("fixed-methods-and-headers", |r| {
            let mut h = if r.origin() == TRUSTED {
                with_credentials(TRUSTED)
            } else {
                vec![("Vary", "Origin".into())]
            };
            if r.is_preflight() && r.origin() == TRUSTED {
                h.push(("Access-Control-Allow-Methods", "GET".into()));
                h.push((
                    "Access-Control-Allow-Headers",
                    "Content-Type, Authorization".into(),
                ));
            }
            h
        }),
        ("wildcard-headers-without-credentials", |r| {
            let mut h = vec![("Access-Control-Allow-Origin", "*".to_string())];
            if r.is_preflight() {
                h.push(("Access-Control-Allow-Headers", "*".into()));
                h.push(("Access-Control-Allow-Methods", "*".into()));
            }
            h
        }),
        ("trusted-subdomain-listed", |r| {
            if_allowed(r, matches!(r.origin(), TRUSTED | "https://www.example.com"))
        }),
        ("vary-star-exact", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("Access-Control-Allow-Origin", TRUSTED.into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                        ("Vary", "*".into()),
                    ]
                } else {
                    vec![]
                },
            )
        }),
        ("vary-list-exact", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("Access-Control-Allow-Origin", TRUSTED.into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                        ("Vary", "Accept-Encoding, Origin".into()),
                    ]
                } else {
                    vec![("Vary", "Accept-Encoding, Origin".into())]
                },
            )
        }),
        ("redirect-to-exact", |r| {
            let mut h = if_allowed(r, r.origin() == TRUSTED);
            if r.target.starts_with("/v1") && !r.is_preflight() {
                h.push(("Location", "/v2/orders".into()));
            }
            h
        }),
        ("forbidden-403-untrusted", |r| {
            if r.origin() == TRUSTED {
                if_allowed(r, true)
            } else {
                vec![("Vary", "Origin".into()), ("X-Status", "403".into())]
            }
        }),
        ("acao-on-preflight-missing-on-get", |r| {
            if r.is_preflight() {
                preflight_extras(
                    r,
                    vec![
                        ("Access-Control-Allow-Origin", r.origin().into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                        ("Vary", "Origin".into()),
                    ],
                )
            } else {
                vec![("Access-Control-Allow-Credentials", "true".into())]
            }
        }),
        ("invalid-origin-value", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "app.example.com".into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("credentials-without-origin", |r| {
            preflight_extras(r, vec![("Access-Control-Allow-Credentials", "true".into())])
        }),
        ("wildcard-with-vary", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "*".into()),
                    ("Vary", "Origin".into()),
                ],
            )
        }),
        ("exact-uppercase-header-names", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("ACCESS-CONTROL-ALLOW-ORIGIN", TRUSTED.into()),
                        ("ACCESS-CONTROL-ALLOW-CREDENTIALS", "true".into()),
                        ("VARY", "Origin".into()),
                    ]
                } else {
                    vec![("VARY", "Origin".into())]
                },
            )
        }),
    ]
}

fn answer_policy(policy: Policy) -> impl Fn(&Req) -> Answer + Send + Sync {
    move |r: &Req| {
        let headers = policy(r);
        let location = headers.iter().any(|(n, _)| *n == "Location");
        let forbidden = headers.iter().any(|(n, v)| *n == "X-Status" && v == "403");
        let status = if location {
            302
        } else if forbidden {
            403
        } else if r.is_preflight() {
            204
        } else {
            200
        };
        response(status, &headers)
    }
}

fn audit(policy: Policy) -> (i32, Value) {
    let server = serve(true, answer_policy(policy));
    let url = format!("https://api.example.com:{}/v1/orders", server.port);
    let resolve = format!("api.example.com:{}:127.0.0.1", server.port);
    let ca = ca_pem();
    let (code, out, err) = corsim(&[
        "audit",
        &url,
        "--origin",
        TRUSTED,
        "--resolve",
        &resolve,
        "--ca-cert",
        &ca,
        "--delay",
        "0",
        "--json",
    ]);
    assert!(code == 0 || code == 1, "{code}: {err}");
    (code, json(&out))
}

fn kinds(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.get("kind").and_then(Value::as_str).map(str::to_string))
        .collect();
    k.sort();
    k.dedup();
    k
}

#[test]
fn audit_finds_every_planted_misconfiguration() {
    let cases = vulnerable();
    assert!(cases.len() >= 30);
    let mut wrong = Vec::new();
    for (name, policy, expected) in cases {
        let (code, v) = audit(policy);
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        let got = kinds(&v);
        if got != want || code != 1 {
            wrong.push(format!(
                "{name}: exit {code}, expected {want:?}, got {got:?}"
            ));
        }
        // Every finding carries its evidence: the request sent and the header lines received.
        for f in v
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(
                f.pointer("/evidence/request")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.contains("https://api.example.com:")),
                "{name}: {f}"
            );
            assert!(
                f.pointer("/evidence/request_headers")
                    .and_then(Value::as_array)
                    .is_some_and(|h| !h.is_empty())
            );
            assert!(
                f.get("browsers")
                    .and_then(Value::as_array)
                    .is_some_and(|b| !b.is_empty())
            );
        }
        assert!(
            v.get("requests_sent")
                .and_then(Value::as_u64)
                .is_some_and(|n| n > 0)
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn audit_reports_nothing_on_safe_configurations() {
    let cases = safe();
    assert!(cases.len() >= 30);
    let mut wrong = Vec::new();
    for (name, policy) in cases {
        let (code, v) = audit(policy);
        let got = kinds(&v);
        if !got.is_empty() || code != 0 {
            wrong.push(format!("{name}: exit {code}, findings {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn audit_notes_wildcard_with_credentials_and_counts_before_sending() {
    let server = serve(
        true,
        answer_policy(|r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "*".into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
    );
    let url = format!("https://api.example.com:{}/v1/orders", server.port);
    let resolve = format!("api.example.com:{}:127.0.0.1", server.port);
    let ca = ca_pem();
    let (code, out, err) = corsim(&[
        "audit",
        &url,
        "--origin",
        TRUSTED,
        "--resolve",
        &resolve,
        "--ca-cert",
        &ca,
        "--delay",
        "0",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("41 probes from 10 origins to https://api.example.com:"),
        "{err}"
    );
    assert!(
        err.contains(": 61 requests if the server does not redirect"),
        "{err}"
    );
    assert!(
        out.contains("Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true"),
        "{out}"
    );
    let log = server.log.lock().map(|l| l.len()).unwrap_or_default();
    assert!(out.starts_with(&format!("{log} requests sent")), "{out}");
    assert!(
        server
            .log
            .lock()
            .map(|l| l.iter().all(|r| r
                .header("user-agent")
                .is_some_and(|u| u.contains("corsim/"))))
            .unwrap_or(false)
    );
}
