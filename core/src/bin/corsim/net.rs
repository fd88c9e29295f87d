//! The HTTP/1.1 client of `corsim probe` and `corsim audit`: writes a request exactly as the
//! browser would (the header names, values and order of `corsim::wire`, byte for byte — a
//! general-purpose client such as ureq lowercases and reorders them), over TCP or TLS
//! (rustls, webpki roots plus `--ca-cert`), through the proxy the environment names as curl
//! reads it, and reads the answer as it came: status line, every header line in order with
//! duplicates, the head's bytes, and a capped body. HTTP/1.1 only (no HTTP/2).

use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use corsim::wire::WireRequest;
use url::Url;

/// The largest response head read; past it the probe stops (Chromium itself refuses a head
/// over 256 KiB, which the engine reports from the lines read).
const MAX_HEAD_BYTES: usize = 512 * 1024;

/// How the client connects.
#[derive(Clone, Debug)]
pub struct Options {
    /// Time to open the TCP connection (per address).
    pub connect_timeout: Duration,
    /// Time for the whole exchange.
    pub timeout: Duration,
    /// PEM files with extra trusted CA certificates.
    pub ca_certs: Vec<String>,
    /// Skip certificate verification.
    pub insecure: bool,
    /// `HOST:PORT:ADDRESS` overrides of name resolution, as curl's `--resolve`.
    pub resolve: Vec<(String, u16, String)>,
    /// The most body bytes read.
    pub max_body: usize,
    /// Ignore proxy environment variables.
    pub no_proxy: bool,
}

/// What the server answered.
#[derive(Clone, Debug, Default)]
pub struct Response {
    /// `HTTP/1.1`.
    pub version: String,
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// Every header line, in order (values as bytes decoded UTF-8, else Latin-1).
    pub headers: Vec<(String, String)>,
    /// The head as received (status line and header lines).
    pub head: Vec<u8>,
    /// The body bytes read (at most `max_body`).
    pub body: Vec<u8>,
    /// Whether the body was longer than what was read.
    pub body_truncated: bool,
    /// What was odd about the answer (lines without a colon, a body cut short).
    pub notes: Vec<String>,
    /// The address the answer came from (`None` through a proxy).
    pub peer: Option<SocketAddr>,
}

/// Why a request got no answer.
#[derive(Clone, Debug, PartialEq)]
pub enum NetError {
    /// The URL is not `http:` or `https:`.
    UnsupportedScheme {
        /// The scheme.
        scheme: String,
    },
    /// The host name did not resolve.
    Dns {
        /// The name.
        host: String,
        /// What the resolver said.
        detail: String,
    },
    /// No address accepted the connection.
    Connect {
        /// Where.
        target: String,
        /// Why.
        detail: String,
    },
    /// The time limit passed.
    Timeout {
        /// While doing what.
        phase: &'static str,
        /// The limit, in seconds.
        seconds: f64,
    },
    /// The TLS handshake failed.
    Tls {
        /// The host.
        host: String,
        /// What rustls said.
        detail: String,
    },
    /// A `--ca-cert` file could not be read.
    CaCert {
        /// The file.
        path: String,
        /// Why.
        detail: String,
    },
    /// The proxy refused or failed.
    Proxy {
        /// The proxy.
        proxy: String,
        /// What happened.
        detail: String,
    },
    /// The answer is not HTTP.
    NotHttp {
        /// Its first bytes, escaped.
        start: String,
    },
    /// The connection closed before a whole head arrived.
    Closed {
        /// How many bytes had arrived.
        received: usize,
    },
    /// The head is larger than the client reads.
    HeadTooLarge {
        /// The limit.
        limit: usize,
    },
    /// Another I/O failure.
    Io {
        /// While doing what.
        phase: &'static str,
        /// What the system said.
        detail: String,
    },
}

impl NetError {
    /// A stable identifier for JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            NetError::UnsupportedScheme { .. } => "unsupported-scheme",
            NetError::Dns { .. } => "dns",
            NetError::Connect { .. } => "connect",
            NetError::Timeout { .. } => "timeout",
            NetError::Tls { .. } => "tls",
            NetError::CaCert { .. } => "ca-cert",
            NetError::Proxy { .. } => "proxy",
            NetError::NotHttp { .. } => "not-http",
            NetError::Closed { .. } => "closed",
            NetError::HeadTooLarge { .. } => "head-too-large",
            NetError::Io { .. } => "io",
        }
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::UnsupportedScheme { scheme } => {
                write!(f, "{scheme}: URLs cannot be probed (http: and https: only)")
            }
            NetError::Dns { host, detail } => {
                write!(f, "DNS: cannot resolve {host}: {detail}")
            }
            NetError::Connect { target, detail } => {
                write!(f, "connection to {target} failed: {detail}")
            }
            NetError::Timeout { phase, seconds } => {
                write!(f, "timed out after {seconds} s while {phase}")
            }
            NetError::Tls { host, detail } => write!(
                f,
                "TLS handshake with {host} failed: {detail} (a private CA: --ca-cert FILE; to skip verification: --insecure)"
            ),
            NetError::CaCert { path, detail } => write!(f, "--ca-cert {path}: {detail}"),
            NetError::Proxy { proxy, detail } => write!(f, "proxy {proxy}: {detail}"),
            NetError::NotHttp { start } => {
                write!(f, "the server's answer is not HTTP: it starts with {start}")
            }
            NetError::Closed { received } => write!(
                f,
                "the server closed the connection after {received} bytes, before a complete response head"
            ),
            NetError::HeadTooLarge { limit } => {
                write!(f, "the response head is larger than {limit} bytes")
            }
            NetError::Io { phase, detail } => write!(f, "{phase}: {detail}"),
        }
    }
}

trait Stream: Read + Write {
    fn set_timeouts(&self, remaining: Duration) -> std::io::Result<()>;
}

impl Stream for TcpStream {
    fn set_timeouts(&self, remaining: Duration) -> std::io::Result<()> {
        self.set_read_timeout(Some(remaining))?;
        self.set_write_timeout(Some(remaining))
    }
}

impl Stream for rustls::StreamOwned<rustls::ClientConnection, TcpStream> {
    fn set_timeouts(&self, remaining: Duration) -> std::io::Result<()> {
        self.sock.set_timeouts(remaining)
    }
}

struct Deadline {
    end: Instant,
    total: Duration,
}

impl Deadline {
    fn remaining(&self, phase: &'static str) -> Result<Duration, NetError> {
        let left = self.end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(self.timeout(phase))
        } else {
            Ok(left)
        }
    }

    fn timeout(&self, phase: &'static str) -> NetError {
        NetError::Timeout {
            phase,
            seconds: self.total.as_secs_f64(),
        }
    }
}

fn io_error(e: &std::io::Error, phase: &'static str, deadline: &Deadline) -> NetError {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => deadline.timeout(phase),
        _ => NetError::Io {
            phase,
            detail: e.to_string(),
        },
    }
}

/// The proxy for a URL, from the environment as curl reads it: `http_proxy` (lower case only)
/// for `http:`, `https_proxy`/`HTTPS_PROXY` for `https:`, then `all_proxy`/`ALL_PROXY`;
/// `no_proxy`/`NO_PROXY` lists hosts (and domain suffixes) to reach directly, `*` for all.
fn proxy_for(url: &Url) -> Option<Url> {
    let var = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
    };
    let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']);
    if let Some(list) = var(&["no_proxy", "NO_PROXY"]) {
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let item = item.trim_start_matches('.');
            if item == "*" || host == item || host.ends_with(&format!(".{item}")) {
                return None;
            }
        }
    }
    let value = match url.scheme() {
        "https" => var(&["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]),
        _ => var(&["http_proxy", "all_proxy", "ALL_PROXY"]),
    }?;
    let with_scheme = if value.contains("://") {
        value
    } else {
        format!("http://{value}")
    };
    Url::parse(&with_scheme).ok()
}

fn resolve(host: &str, port: u16, options: &Options) -> Result<Vec<SocketAddr>, NetError> {
    let bare = host.trim_matches(['[', ']']);
    for (h, p, addr) in &options.resolve {
        if h.trim_matches(['[', ']']).eq_ignore_ascii_case(bare) && *p == port {
            let ip: std::net::IpAddr =
                addr.trim_matches(['[', ']'])
                    .parse()
                    .map_err(|_| NetError::Dns {
                        host: host.to_string(),
                        detail: format!("--resolve address {addr:?} is not an IP address"),
                    })?;
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
    }
    (bare, port)
        .to_socket_addrs()
        .map(|a| a.collect::<Vec<_>>())
        .map_err(|e| NetError::Dns {
            host: host.to_string(),
            detail: e.to_string(),
        })
        .and_then(|a| {
            if a.is_empty() {
                Err(NetError::Dns {
                    host: host.to_string(),
                    detail: "no address".to_string(),
                })
            } else {
                Ok(a)
            }
        })
}

fn connect(
    host: &str,
    port: u16,
    options: &Options,
    deadline: &Deadline,
) -> Result<TcpStream, NetError> {
    let addrs = resolve(host, port, options)?;
    let mut last = String::new();
    for addr in addrs {
        let limit = options
            .connect_timeout
            .min(deadline.remaining("connecting")?);
        match TcpStream::connect_timeout(&addr, limit) {
            Ok(s) => return Ok(s),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                last = format!("{addr}: no answer within {} s", limit.as_secs_f64());
            }
            Err(e) => last = format!("{addr}: {e}"),
        }
    }
    Err(NetError::Connect {
        target: format!("{host}:{port}"),
        detail: last,
    })
}

#[derive(Debug)]
struct AcceptAnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The TLS configuration: webpki roots and the `--ca-cert` files, or no verification.
pub fn tls_config(options: &Options) -> Result<Arc<rustls::ClientConfig>, NetError> {
    use rustls::pki_types::pem::PemObject;
    // rustls 0.23.48 deprecates the ring provider for its lack of post-quantum key exchange;
    // aws-lc-rs, which has it, needs cmake and a long C build. ring's X25519 and P-256 are
    // what a CORS probe needs.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| NetError::Tls {
            host: String::new(),
            detail: e.to_string(),
        })?;
    let mut config = if options.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
            .with_no_client_auth()
    } else {
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        for path in &options.ca_certs {
            let bytes = std::fs::read(path).map_err(|e| NetError::CaCert {
                path: path.clone(),
                detail: e.to_string(),
            })?;
            let mut added = 0;
            for cert in rustls::pki_types::CertificateDer::pem_slice_iter(&bytes) {
                let cert = cert.map_err(|e| NetError::CaCert {
                    path: path.clone(),
                    detail: format!("not a PEM certificate: {e:?}"),
                })?;
                roots.add(cert).map_err(|e| NetError::CaCert {
                    path: path.clone(),
                    detail: e.to_string(),
                })?;
                added += 1;
            }
            if added == 0 {
                return Err(NetError::CaCert {
                    path: path.clone(),
                    detail: "no PEM certificate in the file".to_string(),
                });
            }
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Sends one request and reads the answer.
pub fn send(
    request: &WireRequest,
    options: &Options,
    tls: &Arc<rustls::ClientConfig>,
) -> Result<Response, NetError> {
    let deadline = Deadline {
        end: Instant::now() + options.timeout,
        total: options.timeout,
    };
    let url = Url::parse(&request.url).map_err(|e| NetError::Io {
        phase: "reading the URL",
        detail: e.to_string(),
    })?;
    let https = match url.scheme() {
        "https" => true,
        "http" => false,
        other => {
            return Err(NetError::UnsupportedScheme {
                scheme: other.to_string(),
            });
        }
    };
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url.port_or_known_default().unwrap_or(80);
    let proxy = if options.no_proxy {
        None
    } else {
        proxy_for(&url)
    };
    let mut target = request.target();
    let mut tcp = match &proxy {
        Some(p) => {
            let (ph, pp) = (
                p.host_str().unwrap_or_default().to_string(),
                p.port_or_known_default().unwrap_or(8080),
            );
            let mut s = connect(&ph, pp, options, &deadline).map_err(|e| NetError::Proxy {
                proxy: p.to_string(),
                detail: e.to_string(),
            })?;
            if https {
                tunnel(&mut s, &host, port, p, &deadline)?;
            } else {
                target = request.url.clone();
            }
            s
        }
        None => connect(&host, port, options, &deadline)?,
    };
    let _ = tcp.set_nodelay(true);
    let peer = if proxy.is_none() {
        tcp.peer_addr().ok()
    } else {
        None
    };
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, target).into_bytes();
    for (n, v) in &request.headers {
        head.extend_from_slice(n.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(&isomorphic_encode(v));
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    if let Some(b) = &request.body {
        head.extend_from_slice(b.as_bytes());
    }
    let no_body = request.method == "HEAD";
    if https {
        let name =
            rustls::pki_types::ServerName::try_from(host.trim_matches(['[', ']']).to_string())
                .map_err(|e| NetError::Tls {
                    host: host.clone(),
                    detail: e.to_string(),
                })?;
        let conn = rustls::ClientConnection::new(tls.clone(), name).map_err(|e| NetError::Tls {
            host: host.clone(),
            detail: e.to_string(),
        })?;
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        stream
            .sock
            .set_timeouts(deadline.remaining("the TLS handshake")?)
            .map_err(|e| io_error(&e, "the TLS handshake", &deadline))?;
        while stream.conn.is_handshaking() {
            if let Err(e) = stream.conn.complete_io(&mut stream.sock) {
                return Err(tls_error(&e, &host, &deadline));
            }
        }
        exchange(&mut stream, &head, no_body, options, &deadline)
    } else {
        exchange(&mut tcp, &head, no_body, options, &deadline)
    }
    .map(|r| Response { peer, ..r })
}

fn tls_error(e: &std::io::Error, host: &str, deadline: &Deadline) -> NetError {
    if matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    ) {
        return deadline.timeout("the TLS handshake");
    }
    let detail = match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        Some(r) => r.to_string(),
        None if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the server closed the connection during the handshake (is it speaking plain HTTP?)"
                .to_string()
        }
        None => e.to_string(),
    };
    NetError::Tls {
        host: host.to_string(),
        detail,
    }
}

fn tunnel(
    s: &mut TcpStream,
    host: &str,
    port: u16,
    proxy: &Url,
    deadline: &Deadline,
) -> Result<(), NetError> {
    let req = format!("CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n");
    let fail = |detail: String| NetError::Proxy {
        proxy: proxy.to_string(),
        detail,
    };
    s.set_timeouts(deadline.remaining("connecting through the proxy")?)
        .map_err(|e| fail(e.to_string()))?;
    s.write_all(req.as_bytes())
        .map_err(|e| fail(e.to_string()))?;
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(0) => return Err(fail("closed the connection".to_string())),
            Ok(_) => buf.push(byte[0]),
            Err(e) => return Err(fail(e.to_string())),
        }
        if buf.len() > 64 * 1024 {
            return Err(fail("answer to CONNECT too large".to_string()));
        }
    }
    let line = String::from_utf8_lossy(&buf);
    let status = line.split_whitespace().nth(1).unwrap_or_default();
    if status.starts_with('2') {
        Ok(())
    } else {
        Err(fail(format!(
            "CONNECT answered {}",
            line.lines().next().unwrap_or_default()
        )))
    }
}

/// The bytes of a header value: each character below U+0100 as its byte (the engine keeps
/// header bytes that way), anything else as UTF-8.
fn isomorphic_encode(v: &str) -> Vec<u8> {
    if v.chars().all(|c| (c as u32) < 0x100) {
        v.chars().map(|c| c as u32 as u8).collect()
    } else {
        v.as_bytes().to_vec()
    }
}

/// Header bytes as text: UTF-8 when they are, else Latin-1.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn escaped_start(bytes: &[u8]) -> String {
    let start: String = bytes
        .iter()
        .take(24)
        .flat_map(|&b| std::ascii::escape_default(b))
        .map(char::from)
        .collect();
    format!("\"{start}\"")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn exchange(
    stream: &mut dyn Stream,
    request: &[u8],
    no_body: bool,
    options: &Options,
    deadline: &Deadline,
) -> Result<Response, NetError> {
    stream
        .set_timeouts(deadline.remaining("sending the request")?)
        .map_err(|e| io_error(&e, "sending the request", deadline))?;
    stream
        .write_all(request)
        .and_then(|()| stream.flush())
        .map_err(|e| io_error(&e, "sending the request", deadline))?;
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        // A head ends at the first empty line (CRLF CRLF, or LF LF from a lax server).
        let end = find(&buf, b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| find(&buf, b"\n\n").map(|i| (i, 2)));
        if let Some((i, sep)) = end {
            if buf.len() >= 5 && !buf.starts_with(b"HTTP/") {
                return Err(NetError::NotHttp {
                    start: escaped_start(&buf),
                });
            }
            let rest = buf.split_off(i + sep);
            buf.truncate(i);
            let mut response = parse_head(&buf)?;
            // 1xx answers other than 101 come before the real one.
            if (100..200).contains(&response.status) && response.status != 101 {
                buf = rest;
                continue;
            }
            read_body(stream, &mut response, rest, no_body, options, deadline);
            return Ok(response);
        }
        if buf.len() >= 5 && !buf.starts_with(b"HTTP/") {
            return Err(NetError::NotHttp {
                start: escaped_start(&buf),
            });
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(NetError::HeadTooLarge {
                limit: MAX_HEAD_BYTES,
            });
        }
        stream
            .set_timeouts(deadline.remaining("waiting for the response")?)
            .map_err(|e| io_error(&e, "waiting for the response", deadline))?;
        match stream.read(&mut chunk) {
            Ok(0) => {
                let prefix = buf.get(..buf.len().min(5)).unwrap_or_default();
                if !buf.is_empty() && !b"HTTP/".starts_with(prefix) {
                    return Err(NetError::NotHttp {
                        start: escaped_start(&buf),
                    });
                }
                return Err(NetError::Closed {
                    received: buf.len(),
                });
            }
            Ok(n) => buf.extend_from_slice(chunk.get(..n).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(NetError::Closed {
                    received: buf.len(),
                });
            }
            Err(e) => return Err(io_error(&e, "waiting for the response", deadline)),
        }
    }
}

fn parse_head(head: &[u8]) -> Result<Response, NetError> {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let status_line = lines.next().unwrap_or_default();
    let text = decode(status_line);
    let mut parts = text.splitn(3, ' ');
    let version = parts.next().unwrap_or_default().to_string();
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| NetError::NotHttp {
            start: escaped_start(status_line),
        })?;
    let reason = parts.next().unwrap_or_default().to_string();
    let mut response = Response {
        version,
        status,
        reason,
        head: head.to_vec(),
        ..Response::default()
    };
    for line in lines {
        if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            // Obsolete line folding: handed to the engine as a line of its own, which it joins
            // to the previous header as Chromium does.
            response.headers.push((decode(line), String::new()));
            continue;
        }
        match line.iter().position(|&b| b == b':') {
            Some(i) => response.headers.push((
                decode(line.get(..i).unwrap_or_default()),
                decode(line.get(i + 1..).unwrap_or_default())
                    .trim_start_matches([' ', '\t'])
                    .to_string(),
            )),
            None if line.is_empty() => {}
            None => response.notes.push(format!(
                "a header line without a colon was ignored (as Chromium does): {}",
                escaped_start(line)
            )),
        }
    }
    Ok(response)
}

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response
        .headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Reads the body: by `Content-Length`, chunked, or to the end of the connection, at most
/// `max_body` bytes. A body cut short is a note, not an error: the head is what CORS reads.
fn read_body(
    stream: &mut dyn Stream,
    response: &mut Response,
    mut body: Vec<u8>,
    no_body: bool,
    options: &Options,
    deadline: &Deadline,
) {
    if no_body || matches!(response.status, 204 | 304) || response.status < 200 {
        return;
    }
    let chunked = header(response, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let length = if chunked {
        None
    } else {
        header(response, "content-length").and_then(|v| v.parse::<usize>().ok())
    };
    let want = length
        .unwrap_or(usize::MAX)
        .min(options.max_body.saturating_add(1));
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let done = if chunked {
            find(&body, b"0\r\n\r\n").is_some()
        } else {
            body.len() >= want
        };
        if done || body.len() > options.max_body {
            break;
        }
        let Ok(left) = deadline.remaining("reading the body") else {
            response
                .notes
                .push("the body was still arriving when the time limit passed".to_string());
            break;
        };
        if stream.set_timeouts(left).is_err() {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) => {
                if length.is_some_and(|l| body.len() < l) || chunked {
                    response.notes.push(format!(
                        "the connection closed after {} body bytes",
                        body.len()
                    ));
                }
                break;
            }
            Ok(n) => body.extend_from_slice(chunk.get(..n).unwrap_or_default()),
            Err(e) => {
                response
                    .notes
                    .push(format!("the body could not be read whole: {e}"));
                break;
            }
        }
    }
    if body.len() > options.max_body {
        body.truncate(options.max_body);
        response.body_truncated = true;
    }
    if let Some(l) = length {
        body.truncate(l);
    }
    response.body = body;
}
