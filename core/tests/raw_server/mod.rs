//! The raw server `corsim probe` and `corsim audit` are tested against: it answers each request
//! as a test scripts it (over HTTP, or over TLS with a test CA made with openssl when the tests
//! run), logs every request as it read it, header lines in order, and can close or hang instead
//! of answering. Shared by `probe_cli.rs` and `audit_cli.rs`; also the helpers that run the
//! `corsim` binary and compare a probe's verdict with `corsim check` on its recorded scenario.
//!
//! Not every test crate that includes this module uses every item of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;

/// The trusted page's origin of the tests.
pub const TRUSTED: &str = "https://app.example.com";

/// A request as the raw server read it.
#[derive(Clone, Debug)]
pub struct Req {
    /// The method.
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// The header lines, in order, as received.
    pub headers: Vec<(String, String)>,
}

impl Req {
    /// The first value of a header, its name compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The `Origin` value (empty when there is none).
    pub fn origin(&self) -> &str {
        self.header("origin").unwrap_or("")
    }
    /// Whether this is a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`).
    pub fn is_preflight(&self) -> bool {
        self.method == "OPTIONS" && self.header("access-control-request-method").is_some()
    }
}

/// What the raw server does with a request.
pub enum Answer {
    /// Writes these bytes.
    Bytes(Vec<u8>),
    /// Closes the connection without a word.
    Close,
    /// Says nothing for this long, then closes.
    Hang(Duration),
}

/// A test's script: the answer to each request.
pub type Handler = Arc<dyn Fn(&Req) -> Answer + Send + Sync>;

/// `HTTP/1.1 STATUS X` with these header lines and the body `ok`.
pub fn response(status: u16, headers: &[(&str, String)]) -> Answer {
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

/// A running raw server: its loopback port and the requests it has read.
pub struct Server {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    /// Every request read, in order.
    pub log: Arc<Mutex<Vec<Req>>>,
}

impl Server {
    /// The requests read so far.
    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// `https://api.example.com:PORT{path}`: the URL a TLS server is probed at.
    pub fn url(&self, path: &str) -> String {
        format!("https://api.example.com:{}{path}", self.port)
    }

    /// The options that reach a TLS server as `api.example.com` and trust its test CA:
    /// `--resolve api.example.com:PORT:127.0.0.1 --ca-cert CA`.
    pub fn tls_args(&self) -> Vec<String> {
        vec![
            "--resolve".into(),
            format!("api.example.com:{}:127.0.0.1", self.port),
            "--ca-cert".into(),
            ca_pem(),
        ]
    }

    /// Runs `corsim COMMAND URL --resolve … --ca-cert … EXTRA…` against this TLS server at
    /// `path`.
    pub fn corsim(&self, command: &str, path: &str, extra: &[&str]) -> (i32, String, String) {
        let url = self.url(path);
        let tls = self.tls_args();
        let mut args = vec![command, url.as_str()];
        args.extend(tls.iter().map(String::as_str));
        args.extend_from_slice(extra);
        corsim(&args)
    }
}

/// The test CA and the server configuration of a leaf it signed (made once per test binary).
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

/// The path of the test CA's certificate (PEM).
pub fn ca_pem() -> String {
    tls_files().0.join("ca.pem").display().to_string()
}

/// Starts the raw server on an ephemeral loopback port: TLS (as `api.example.com`, signed by
/// the test CA) or plain HTTP, each connection on its own thread.
pub fn serve(tls: bool, handler: impl Fn(&Req) -> Answer + Send + Sync + 'static) -> Server {
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

/// Runs the `corsim` binary with these arguments and no proxy from the environment: its exit
/// code, stdout and stderr.
pub fn corsim(args: &[&str]) -> (i32, String, String) {
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

/// Parses JSON output, or fails the test showing it.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The verdict `corsim check` gives for the scenario a probe's `--json` recorded: the engine on
/// the same exchange must say what the probe said.
pub fn assert_check_agrees(probe_json: &Value) {
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
