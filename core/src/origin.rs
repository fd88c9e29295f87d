//! Origins: the (scheme, host, port) tuple or an opaque origin, its ASCII serialization, the
//! same-origin comparison, and what makes two origins differ.
//!
//! URLs are parsed with the WHATWG URL parser (the `url` crate), so hosts come out lowercased,
//! IDNA-encoded to punycode, IPv4 canonicalized and IPv6 compressed in brackets, and default
//! ports dropped, exactly as a browser serializes them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// An origin.
/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin>
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// An opaque origin: a sandboxed document, a `file:` or `data:` page. It serializes as
    /// `null` and is same origin with nothing else.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque>
    Opaque,
    /// A tuple origin.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-tuple>
    Tuple(TupleOrigin),
}

/// The parts of a tuple origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TupleOrigin {
    /// The scheme, lowercase (`https`).
    pub scheme: String,
    /// The serialized host: lowercase, punycode, IPv6 in brackets.
    pub host: String,
    /// The port the URL names, or the scheme's default port.
    pub port: Option<u16>,
    /// Whether the port is the scheme's default (and so left out of the serialization).
    pub default_port: bool,
}

/// Which part of two origins differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginPart {
    /// One side is opaque.
    Opaque,
    /// The schemes differ (`http` vs `https`).
    Scheme,
    /// The hosts differ (a subdomain is a different host).
    Host,
    /// The ports differ (`:3000` vs `:8080`, or a default port vs an explicit one).
    Port,
}

impl Origin {
    /// The origin of a URL.
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    pub fn of_url(url: &Url) -> Origin {
        // A special URL with a host: the tuple, read off the URL without building the `url`
        // crate's origin (whose host is a fresh allocation).
        if let (Some(port), Some(host)) = (default_port_of(url.scheme()), url.host_str()) {
            return Origin::Tuple(TupleOrigin {
                scheme: url.scheme().to_string(),
                host: host.to_string(),
                port: Some(url.port().unwrap_or(port)),
                default_port: url.port().is_none(),
            });
        }
        match url.origin() {
            url::Origin::Opaque(_) => Origin::Opaque,
            url::Origin::Tuple(scheme, host, port) => {
                let default_port = url.port().is_none();
                Origin::Tuple(TupleOrigin {
                    host: serialize_host(&host),
                    scheme,
                    port: Some(port),
                    default_port,
                })
            }
        }
    }

    /// The ASCII serialization of an origin: `null` for an opaque origin, otherwise
    /// scheme `://` host, then `:` port unless the port is the scheme's default.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    pub fn serialize(&self) -> String {
        match self {
            Origin::Opaque => "null".to_string(),
            Origin::Tuple(t) => {
                let mut out = String::with_capacity(t.scheme.len() + t.host.len() + 9);
                out.push_str(&t.scheme);
                out.push_str("://");
                out.push_str(&t.host);
                if let Some(port) = t.port.filter(|_| !t.default_port) {
                    out.push(':');
                    out.push_str(&port.to_string());
                }
                out
            }
        }
    }

    /// Two origins are same origin if they are the same opaque origin, or both tuple origins
    /// with identical schemes, hosts and ports. Distinct opaque origins are never same origin;
    /// corsim only ever compares an opaque page origin with other origins, so opaque here means
    /// "not same origin".
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
    pub fn is_same_origin(&self, other: &Origin) -> bool {
        match (self, other) {
            (Origin::Tuple(a), Origin::Tuple(b)) => {
                a.scheme == b.scheme && a.host == b.host && a.port == b.port
            }
            _ => false,
        }
    }

    /// The parts in which two origins differ; empty when they are same origin.
    pub fn differences(&self, other: &Origin) -> Vec<OriginPart> {
        match (self, other) {
            (Origin::Tuple(a), Origin::Tuple(b)) => {
                let mut parts = Vec::new();
                if a.scheme != b.scheme {
                    parts.push(OriginPart::Scheme);
                }
                if a.host != b.host {
                    parts.push(OriginPart::Host);
                }
                if a.port != b.port {
                    parts.push(OriginPart::Port);
                }
                parts
            }
            _ => vec![OriginPart::Opaque],
        }
    }

    /// Whether this is an opaque origin.
    pub fn is_opaque(&self) -> bool {
        matches!(self, Origin::Opaque)
    }

    /// The scheme of a tuple origin.
    pub fn scheme(&self) -> Option<&str> {
        match self {
            Origin::Tuple(t) => Some(&t.scheme),
            Origin::Opaque => None,
        }
    }

    /// The serialized host of a tuple origin.
    pub fn host(&self) -> Option<&str> {
        match self {
            Origin::Tuple(t) => Some(&t.host),
            Origin::Opaque => None,
        }
    }

    /// The port of a tuple origin (the scheme's default when none is written).
    pub fn port(&self) -> Option<u16> {
        match self {
            Origin::Tuple(t) => t.port,
            Origin::Opaque => None,
        }
    }
}

/// The default port of a special scheme.
/// <https://url.spec.whatwg.org/#default-port>
pub fn default_port_of(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

fn serialize_host(host: &Host<String>) -> String {
    match host {
        Host::Domain(d) => d.clone(),
        Host::Ipv4(ip) => ip.to_string(),
        Host::Ipv6(ip) => format!("[{ip}]"),
    }
}

/// How the page origin of a scenario was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageOrigin {
    /// The origin.
    pub origin: Origin,
    /// The origin's ASCII serialization (`https://app.example.com`, `null`).
    pub serialized: String,
    /// The page's URL as corsim assumes it: the origin followed by `/` (or the URL given).
    pub page_url: Option<Url>,
    /// What was written, when it is not the origin's own serialization (a path, upper case, a
    /// default port written out): shown to the user so the difference is not a surprise.
    pub rewritten_from: Option<String>,
}

/// Why a page origin could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageOriginError {
    /// Not `null` and not a URL.
    NotAUrl(String),
}

/// Reads the origin of the page whose script calls `fetch()`: `null` (an opaque origin), or a
/// URL whose origin is taken (`https://app.example.com`, `http://localhost:3000/page.html`).
pub fn parse_page_origin(text: &str) -> Result<PageOrigin, PageOriginError> {
    if text == "null" {
        return Ok(PageOrigin {
            origin: Origin::Opaque,
            serialized: "null".to_string(),
            page_url: None,
            rewritten_from: None,
        });
    }
    let url = Url::parse(text).map_err(|e| PageOriginError::NotAUrl(e.to_string()))?;
    let origin = Origin::of_url(&url);
    let serialized = origin.serialize();
    let rewritten_from =
        (serialized != text && format!("{serialized}/") != text).then(|| text.to_string());
    let mut page = url;
    if page.fragment().is_some() {
        page.set_fragment(None);
    }
    if !origin.is_opaque()
        && page.path() == "/"
        && page.query().is_none()
        && (!page.username().is_empty() || page.password().is_some())
    {
        let _ = page.set_username("");
        let _ = page.set_password(None);
    }
    Ok(PageOrigin {
        origin,
        serialized,
        page_url: Some(page),
        rewritten_from,
    })
}

/// A potentially trustworthy URL: `https:`/`wss:` URLs, and `http:` URLs whose host is
/// `localhost`, a `.localhost` name or a loopback address. Such targets are never blocked as
/// mixed content.
/// <https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy>
pub fn is_potentially_trustworthy_url(url: &Url) -> bool {
    match url.scheme() {
        "https" | "wss" | "file" | "data" | "about" => true,
        _ => is_loopback_host(url),
    }
}

/// Whether the URL's host is `localhost`, a `.localhost` name, or a loopback IP address.
/// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The IP address space of a URL's host as Local Network Access sees it, when the URL alone
/// tells (an IP literal or `localhost`). A domain name's space depends on DNS: `None`.
/// <https://wicg.github.io/local-network-access/#ip-address-space-heading>
pub fn address_space(url: &Url) -> Option<AddressSpace> {
    match url.host()? {
        Host::Domain(d) if d == "localhost" || d.ends_with(".localhost") => {
            Some(AddressSpace::Loopback)
        }
        Host::Domain(_) => None,
        Host::Ipv4(ip) => Some(ipv4_space(ip)),
        Host::Ipv6(ip) => Some(ipv6_space(ip)),
    }
}

/// An IP address space.
/// <https://wicg.github.io/local-network-access/#ip-address-space-heading>
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AddressSpace {
    /// The machine itself (127.0.0.0/8, ::1, localhost).
    Loopback,
    /// A private network (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, fc00::/7, fe80::/10).
    Local,
    /// Everything else.
    Public,
}

fn ipv4_space(ip: Ipv4Addr) -> AddressSpace {
    let o = ip.octets();
    if ip.is_loopback() {
        AddressSpace::Loopback
    } else if ip.is_private()
        || ip.is_link_local()
        || (o[0] == 100 && (o[1] & 0xc0) == 64)
        || o[0] == 0
    {
        AddressSpace::Local
    } else {
        AddressSpace::Public
    }
}

fn ipv6_space(ip: Ipv6Addr) -> AddressSpace {
    if ip.is_loopback() {
        return AddressSpace::Loopback;
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return ipv4_space(v4);
    }
    let first = ip.segments()[0];
    if (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 {
        AddressSpace::Local
    } else {
        AddressSpace::Public
    }
}

/// The address space of a page origin, when its host tells: an IP literal or `localhost`; a
/// domain name that is not local-looking counts as public.
pub fn page_address_space(origin: &Origin) -> Option<AddressSpace> {
    let host = origin.host()?;
    if host == "localhost" || host.ends_with(".localhost") {
        return Some(AddressSpace::Loopback);
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => Some(ipv4_space(ip)),
        Ok(IpAddr::V6(ip)) => Some(ipv6_space(ip)),
        Err(_)
            if host.ends_with(".local")
                || host.ends_with(".test")
                || host.ends_with(".internal") =>
        {
            None
        }
        Err(_) => Some(AddressSpace::Public),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        match parse_page_origin(s) {
            Ok(p) => p.origin,
            Err(e) => panic!("{s}: {e:?}"),
        }
    }

    #[test]
    fn serialization_table() {
        for (name, input, expected) in [
            (
                "default https port dropped",
                "https://app.example.com:443",
                "https://app.example.com",
            ),
            (
                "default http port dropped",
                "http://app.example.com:80/",
                "http://app.example.com",
            ),
            (
                "explicit port kept",
                "http://localhost:3000",
                "http://localhost:3000",
            ),
            (
                "host lowercased",
                "https://APP.Example.COM",
                "https://app.example.com",
            ),
            (
                "scheme lowercased",
                "HTTPS://app.example.com",
                "https://app.example.com",
            ),
            (
                "path dropped",
                "https://app.example.com/page?x#y",
                "https://app.example.com",
            ),
            (
                "ipv6 compressed",
                "http://[0:0:0:0:0:0:0:1]:8080",
                "http://[::1]:8080",
            ),
            (
                "ipv4 canonical",
                "http://0x7f.1:8080",
                "http://127.0.0.1:8080",
            ),
            (
                "idna to punycode",
                "https://bücher.example",
                "https://xn--bcher-kva.example",
            ),
            ("null", "null", "null"),
            ("file is opaque", "file:///home/me/index.html", "null"),
        ] {
            assert_eq!(origin(input).serialize(), expected, "{name}");
        }
    }

    #[test]
    fn same_origin_table() {
        for (name, a, b, differs) in [
            (
                "identical",
                "https://a.example",
                "https://a.example/x",
                vec![],
            ),
            (
                "subdomain",
                "https://example.com",
                "https://api.example.com",
                vec![OriginPart::Host],
            ),
            (
                "scheme",
                "http://example.com",
                "https://example.com",
                vec![OriginPart::Scheme, OriginPart::Port],
            ),
            (
                "port",
                "http://localhost:3000",
                "http://localhost:8080",
                vec![OriginPart::Port],
            ),
            (
                "explicit default port",
                "https://a.example:443",
                "https://a.example",
                vec![],
            ),
            (
                "opaque",
                "null",
                "https://a.example",
                vec![OriginPart::Opaque],
            ),
        ] {
            assert_eq!(origin(a).differences(&origin(b)), differs, "{name}");
        }
    }

    #[test]
    fn trustworthy_and_spaces() {
        let url = |s: &str| Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(is_potentially_trustworthy_url(&url(
            "http://localhost:8080/"
        )));
        assert!(is_potentially_trustworthy_url(&url("http://127.0.0.1/")));
        assert!(is_potentially_trustworthy_url(&url("http://[::1]/")));
        assert!(is_potentially_trustworthy_url(&url(
            "http://app.localhost/"
        )));
        assert!(!is_potentially_trustworthy_url(&url(
            "http://api.example.com/"
        )));
        assert_eq!(
            address_space(&url("http://192.168.1.10/")),
            Some(AddressSpace::Local)
        );
        assert_eq!(
            address_space(&url("http://10.0.0.1/")),
            Some(AddressSpace::Local)
        );
        assert_eq!(
            address_space(&url("http://8.8.8.8/")),
            Some(AddressSpace::Public)
        );
        assert_eq!(address_space(&url("http://api.example.com/")), None);
        assert_eq!(
            page_address_space(&origin("https://app.example.com")),
            Some(AddressSpace::Public)
        );
    }

    #[test]
    fn rewritten_origin_is_reported() {
        let page = parse_page_origin("https://App.example.com/dashboard").ok();
        assert_eq!(
            page.and_then(|p| p.rewritten_from),
            Some("https://App.example.com/dashboard".to_string())
        );
        assert_eq!(
            parse_page_origin("https://app.example.com/")
                .ok()
                .and_then(|p| p.rewritten_from),
            None
        );
        assert!(parse_page_origin("app.example.com").is_err());
    }
}
