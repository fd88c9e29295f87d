//! Auditing a live server's CORS policy, the pure half: the origins an attacker's page can have
//! (look-alikes of each trusted origin, `null`, another scheme, a sibling subdomain, an
//! unrelated site), the requests `corsim audit` makes from each, and the findings drawn from
//! the answers — only what a browser would let a hostile page read, as the engine judges it
//! for each browser, each finding with the request and the response lines that prove it.
//!
//! Severity follows credentials: a credentialed response an untrusted origin can read is the
//! attack (the page reads the user's data with the user's cookies); a response readable without
//! credentials is what `Access-Control-Allow-Origin: *` gives, and is a note, not a finding.

use serde::Serialize;

use crate::probe::{Answered, Probed};
use crate::profile::Browser;
use crate::scenario::{Credentials, Reply, RequestInit};
use crate::wire::{Role, WireRequest};

/// The header the preflighted probe sets: a name no configuration lists, so an
/// `Access-Control-Allow-Headers` that names it exactly copies the request.
pub const AUDIT_HEADER: &str = "X-Corsim-Audit";

/// What an origin tried by the audit stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OriginKind {
    /// One of the trusted origins.
    Trusted,
    /// A site that has nothing to do with the trusted ones.
    Unrelated,
    /// The trusted host at the start of another name (`trusted.example.attacker.net`): gets in
    /// where a pattern is not anchored at its end.
    HostAsPrefix,
    /// The trusted host at the end of another name (`attackertrusted.example`): gets in where a
    /// check is a suffix match without the dot.
    HostAsSuffix,
    /// The trusted host with a dot replaced by a letter (`wwwxexample.com`): gets in where a
    /// regular expression leaves the dot unescaped.
    UnescapedDot,
    /// A character some browsers accept in host names after the trusted host
    /// (`trusted.example_.attacker.net`): gets in where a pattern allows any character there.
    OddCharacter,
    /// Another subdomain of the trusted registrable domain.
    Sibling,
    /// The trusted host over `http:` (a network attacker can be that origin).
    InsecureScheme,
    /// The opaque origin `null` (sandboxed frames, `data:` and `file:` pages, some redirects:
    /// any site can make one).
    Null,
}

/// An origin the audit tries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// What it stands for.
    pub kind: OriginKind,
    /// The origin, as the `Origin` header carries it.
    pub origin: String,
    /// The browsers in which a page can have this origin.
    pub browsers: Vec<Browser>,
}

const ALL: [Browser; 3] = [Browser::Chromium, Browser::Firefox, Browser::Safari];

fn split_origin(origin: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = origin.split_once("://")?;
    let rest = rest.trim_end_matches('/');
    match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') && p.chars().all(|c| c.is_ascii_digit()) => {
            Some((scheme, h, rest.get(h.len()..).unwrap_or_default()))
        }
        _ => Some((scheme, rest, "")),
    }
}

/// The origins an audit of `trusted` tries, trusted ones first, without repeats.
pub fn candidates(trusted: &[String]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |kind, origin: String, browsers: &[Browser]| {
        if !out.iter().any(|c| c.origin == origin) {
            out.push(Candidate {
                kind,
                origin,
                browsers: browsers.to_vec(),
            });
        }
    };
    for t in trusted {
        push(OriginKind::Trusted, t.clone(), &ALL);
    }
    push(
        OriginKind::Unrelated,
        "https://corsim-audit.example".to_string(),
        &ALL,
    );
    for t in trusted {
        let Some((scheme, host, port)) = split_origin(t) else {
            continue;
        };
        if host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok() {
            continue;
        }
        push(
            OriginKind::HostAsPrefix,
            format!("{scheme}://{host}.corsim-audit.example{port}"),
            &ALL,
        );
        push(
            OriginKind::HostAsSuffix,
            format!("{scheme}://corsimaudit{host}{port}"),
            &ALL,
        );
        let labels: Vec<&str> = host.split('.').collect();
        // Under the trusted site, the name above is also a sibling subdomain; the registrable
        // domain with a prefix is the look-alike anyone can register.
        let site = crate::wire::registrable(host);
        if site != host {
            push(
                OriginKind::HostAsSuffix,
                format!("{scheme}://corsimaudit{site}{port}"),
                &ALL,
            );
        }
        if labels.len() >= 3 {
            push(
                OriginKind::UnescapedDot,
                format!(
                    "{scheme}://{}x{}{port}",
                    labels.first().unwrap_or(&""),
                    labels.get(1..).unwrap_or_default().join(".")
                ),
                &ALL,
            );
        }
        // `_` is a host code point in the URL standard and in all three browsers; Safari has
        // been reported to take others too (`}`, `` ` ``), which corsim does not try.
        push(
            OriginKind::OddCharacter,
            format!("{scheme}://{host}_.corsim-audit.example{port}"),
            &ALL,
        );
        let parent = if labels.len() >= 3 {
            labels.get(1..).unwrap_or_default().join(".")
        } else {
            host.to_string()
        };
        push(
            OriginKind::Sibling,
            format!("{scheme}://corsim-audit.{parent}{port}"),
            &ALL,
        );
        if scheme == "https" {
            push(
                OriginKind::InsecureScheme,
                format!("http://{host}{port}"),
                &ALL,
            );
        }
    }
    push(OriginKind::Null, "null".to_string(), &ALL);
    out
}

/// The request an audit probe makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// A simple `GET` (no preflight).
    Simple,
    /// A `GET` with the [`AUDIT_HEADER`], which needs a preflight; or the user's own request.
    Preflighted,
    /// Only the preflight of a request with a method and a header no configuration lists
    /// ([`REFLECT_METHOD`], [`REFLECT_HEADER`]): a preflight answer that allows them copies
    /// whatever it is asked. The request itself is never sent.
    PreflightOnly,
}

/// The method the [`Shape::PreflightOnly`] probe asks for.
pub const REFLECT_METHOD: &str = "CORSIMAUDIT";

/// The header the [`Shape::PreflightOnly`] probe asks for.
pub const REFLECT_HEADER: &str = "X-Corsim-Reflect";

/// The `fetch()` of one probe: `base` (the user's URL, method and headers) for the preflighted
/// shape when the user gave a method or headers, else a `GET`; credentials as given.
pub fn probe_init(base: &RequestInit, shape: Shape, credentials: Credentials) -> RequestInit {
    let mut init = RequestInit::get(base.url.clone());
    init.credentials = credentials;
    match shape {
        Shape::Simple => {}
        Shape::Preflighted => {
            if base.method.eq_ignore_ascii_case("GET") && base.headers.is_empty() {
                init.headers = vec![(AUDIT_HEADER.to_string(), "1".to_string())];
            } else {
                init.method = base.method.clone();
                init.headers = base.headers.clone();
                init.body = base.body.clone();
            }
        }
        Shape::PreflightOnly => {
            init.method = REFLECT_METHOD.to_string();
            init.headers = vec![(REFLECT_HEADER.to_string(), "1".to_string())];
        }
    }
    init
}

/// One probe of an audit's plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The origin it comes from.
    pub candidate: Candidate,
    /// Its credentials mode.
    pub credentials: Credentials,
    /// Its request.
    pub shape: Shape,
}

impl Planned {
    /// The most requests it sends when the server does not redirect: a preflighted probe sends
    /// the preflight and the request, the others one request.
    pub fn max_requests(&self) -> usize {
        match self.shape {
            Shape::Preflighted => 2,
            Shape::Simple | Shape::PreflightOnly => 1,
        }
    }
}

/// The probes of an audit of `trusted`: every candidate origin without and with credentials,
/// for a simple and a preflighted request; then, from the first trusted origin, the preflight
/// that shows whether the server copies the requested method and headers.
pub fn plan(trusted: &[String]) -> Vec<Planned> {
    let candidates = candidates(trusted);
    let mut out = Vec::new();
    for c in &candidates {
        for credentials in [Credentials::Omit, Credentials::Include] {
            for shape in [Shape::Simple, Shape::Preflighted] {
                out.push(Planned {
                    candidate: c.clone(),
                    credentials,
                    shape,
                });
            }
        }
    }
    if let Some(first) = candidates.first() {
        out.push(Planned {
            candidate: first.clone(),
            credentials: Credentials::Include,
            shape: Shape::PreflightOnly,
        });
    }
    out
}

/// One probe's answers and the verdict of each browser on them.
#[derive(Clone, Debug)]
pub struct Observation {
    /// The origin tried.
    pub candidate: Candidate,
    /// Credentials mode.
    pub credentials: Credentials,
    /// The request shape.
    pub shape: Shape,
    /// The probe with each browser's verdict on the same answers.
    pub judged: Vec<(Browser, Probed)>,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Widens what allowed origins can do, or needs more than a visit to a page.
    Low,
    /// Needs a network position or a related site.
    Medium,
    /// Any site the user visits can read the user's data.
    High,
}

/// What a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// An unrelated origin reads credentialed responses (the origin is reflected, or anything
    /// is allowed with credentials).
    ArbitraryOriginWithCredentials,
    /// A look-alike of a trusted origin reads credentialed responses (an unanchored or
    /// unescaped pattern, a suffix check without the dot).
    LookAlikeOriginWithCredentials,
    /// The origin `null` reads credentialed responses.
    NullOriginWithCredentials,
    /// The trusted host over `http:` reads credentialed responses.
    InsecureSchemeWithCredentials,
    /// Another subdomain reads credentialed responses (any subdomain taken over or with an XSS
    /// reads them).
    SiblingSubdomainWithCredentials,
    /// `Access-Control-Allow-Origin` reflects the request's origin without `Vary: Origin`: a
    /// shared cache can serve one origin's answer to another.
    MissingVaryOrigin,
    /// The preflight's `Access-Control-Allow-Headers` copies whatever the request asks for.
    PreflightReflectsHeaders,
    /// The preflight's `Access-Control-Allow-Methods` copies whatever method is asked for.
    PreflightReflectsMethod,
}

/// Proof: the request sent and the lines of the answer that matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The request line.
    pub request: String,
    /// Every header of the request, in order.
    pub request_headers: Vec<(String, String)>,
    /// The status.
    pub status: u16,
    /// The answer's `Access-Control-*` and `Vary` lines, in order.
    pub response_headers: Vec<(String, String)>,
}

/// A finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How bad.
    pub severity: Severity,
    /// What.
    pub kind: FindingKind,
    /// The origin that got in.
    pub origin: String,
    /// Whether credentials were included.
    pub credentials: bool,
    /// The browsers that let the page read the response.
    pub browsers: Vec<Browser>,
    /// The proof.
    pub evidence: Evidence,
}

fn evidence_of(request: &WireRequest, reply: &Reply) -> Evidence {
    Evidence {
        request: format!("{} {}", request.method, request.url),
        request_headers: request.headers.clone(),
        status: reply.status,
        response_headers: reply
            .headers
            .iter()
            .filter(|(n, _)| {
                let n = n.trim().to_ascii_lowercase();
                n.starts_with("access-control-") || n == "vary"
            })
            .cloned()
            .collect(),
    }
}

fn last_request(exchanges: &[Answered]) -> Option<&Answered> {
    exchanges
        .iter()
        .rev()
        .find(|a| a.request.role == Role::Request)
}

fn header<'a>(reply: &'a Reply, name: &str) -> Vec<&'a str> {
    reply
        .headers
        .iter()
        .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect()
}

/// The comma-separated items of every line of a header.
fn items<'a>(reply: &'a Reply, name: &str) -> Vec<&'a str> {
    header(reply, name)
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether an answer lets a credentialed request through, as far as its own lines go: one
/// `Access-Control-Allow-Origin` that is not `*`, and `Access-Control-Allow-Credentials: true`
/// (<https://fetch.spec.whatwg.org/#cors-check>, steps 3 and 6-7: the value is compared with
/// `true` byte for byte).
fn admits_credentials(reply: &Reply) -> bool {
    let acao = header(reply, "access-control-allow-origin");
    acao.len() == 1
        && acao.first() != Some(&"*")
        && header(reply, "access-control-allow-credentials") == ["true"]
}

/// The finding kind of a look-alike or hostile origin that can read credentialed responses.
fn kind_of(kind: OriginKind) -> Option<(FindingKind, Severity)> {
    Some(match kind {
        OriginKind::Unrelated => (FindingKind::ArbitraryOriginWithCredentials, Severity::High),
        OriginKind::HostAsPrefix
        | OriginKind::HostAsSuffix
        | OriginKind::UnescapedDot
        | OriginKind::OddCharacter => (FindingKind::LookAlikeOriginWithCredentials, Severity::High),
        OriginKind::Null => (FindingKind::NullOriginWithCredentials, Severity::High),
        OriginKind::InsecureScheme => {
            (FindingKind::InsecureSchemeWithCredentials, Severity::Medium)
        }
        OriginKind::Sibling => (FindingKind::SiblingSubdomainWithCredentials, Severity::Low),
        OriginKind::Trusted => return None,
    })
}

/// The scheme and registrable domain of an origin (`None` for `null`).
fn site_of(origin: &str) -> Option<(&str, &str)> {
    let (scheme, host, _) = split_origin(origin)?;
    Some((scheme, crate::wire::registrable(host)))
}

/// Whether a URL's host looks like one only a private network reaches: a loopback, private or
/// link-local address, `localhost`, a one-label name, or an intranet suffix.
pub fn looks_private_host(host: &str) -> bool {
    let bare = host.trim_matches(['[', ']']).to_ascii_lowercase();
    if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
        return match ip {
            std::net::IpAddr::V4(v4) => {
                v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified()
            }
            std::net::IpAddr::V6(v6) => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || (v6.segments().first().is_some_and(|s| s & 0xfe00 == 0xfc00))
                    || (v6.segments().first().is_some_and(|s| s & 0xffc0 == 0xfe80))
            }
        };
    }
    !bare.contains('.')
        || [
            ".localhost",
            ".local",
            ".internal",
            ".intranet",
            ".corp",
            ".lan",
            ".home.arpa",
        ]
        .iter()
        .any(|s| bare.ends_with(s))
}

/// The findings and notes of an audit's observations. `private`: whether the endpoint looks
/// private (its host, or the address it was reached at): a response every origin reads
/// without credentials is then worth a note.
pub fn judge(observations: &[Observation], private: bool) -> (Vec<Finding>, Vec<String>) {
    let mut findings: Vec<Finding> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut note = |n: String| {
        if !notes.contains(&n) {
            notes.push(n);
        }
    };
    let readers_of = |o: &Observation| -> Vec<Browser> {
        o.judged
            .iter()
            .filter(|(b, p)| p.verdict.is_readable() && o.candidate.browsers.contains(b))
            .map(|(b, _)| *b)
            .collect()
    };
    // Whether `Access-Control-Allow-Origin` depends on the request's origin at all, among the
    // requests that were answered: a static value needs no `Vary: Origin`.
    let mut allow_origins: Vec<Option<&str>> = Vec::new();
    for o in observations {
        let Some((_, p)) = o.judged.first() else {
            continue;
        };
        if let Some(a) = last_request(&p.exchanges) {
            let value = header(&a.reply, "access-control-allow-origin")
                .first()
                .copied();
            if !allow_origins.contains(&value) {
                allow_origins.push(value);
            }
        }
    }
    let depends_on_origin = allow_origins.len() > 1;
    // The untrusted origins that read the response without credentials.
    let mut public_readers: Vec<&str> = Vec::new();
    // The trusted sites whose sibling subdomain reads credentialed responses: a look-alike
    // under the same site is then that rule, not a pattern of its own.
    let sibling_sites: Vec<(&str, &str)> = observations
        .iter()
        .filter(|o| {
            o.candidate.kind == OriginKind::Sibling
                && o.credentials == Credentials::Include
                && !readers_of(o).is_empty()
        })
        .filter_map(|o| site_of(&o.candidate.origin))
        .collect();
    for o in observations {
        let Some((_, first)) = o.judged.first() else {
            continue;
        };
        let readers = readers_of(o);
        let credentialed = o.credentials == Credentials::Include;
        let last = last_request(&first.exchanges);
        if let Some(a) = last {
            let acao = header(&a.reply, "access-control-allow-origin");
            let acac = header(&a.reply, "access-control-allow-credentials");
            if acao == ["*"] && acac.iter().any(|v| v.eq_ignore_ascii_case("true")) {
                note("the server sends Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true: browsers refuse every credentialed request (not readable, so not a finding)".to_string());
            }
            let reflected = acao.len() == 1
                && acao.first() == Some(&o.candidate.origin.as_str())
                && o.candidate.origin != "null";
            let varies = items(&a.reply, "vary")
                .iter()
                .any(|t| t.eq_ignore_ascii_case("origin") || *t == "*");
            if reflected
                && depends_on_origin
                && !varies
                && !readers.is_empty()
                && !findings
                    .iter()
                    .any(|f| f.kind == FindingKind::MissingVaryOrigin)
            {
                findings.push(Finding {
                    severity: Severity::Low,
                    kind: FindingKind::MissingVaryOrigin,
                    origin: o.candidate.origin.clone(),
                    credentials: credentialed,
                    browsers: readers.clone(),
                    evidence: evidence_of(&a.request, &a.reply),
                });
            }
        }
        // A preflight answer that copies the method or headers asked for matters where it
        // admits a credentialed request: with `*` or without `Access-Control-Allow-Credentials:
        // true` the page can only send, without the user's cookies, what any client can send
        // (the same as `Access-Control-Allow-Headers: *`).
        if o.shape == Shape::PreflightOnly
            && let Some(p) = first
                .exchanges
                .iter()
                .find(|a| a.request.role == Role::Preflight)
            && (200..300).contains(&p.reply.status)
            && admits_credentials(&p.reply)
        {
            let methods = items(&p.reply, "access-control-allow-methods");
            let headers = items(&p.reply, "access-control-allow-headers");
            for (listed, kind) in [
                (
                    methods.contains(&REFLECT_METHOD),
                    FindingKind::PreflightReflectsMethod,
                ),
                (
                    headers
                        .iter()
                        .any(|h| h.eq_ignore_ascii_case(REFLECT_HEADER)),
                    FindingKind::PreflightReflectsHeaders,
                ),
            ] {
                if listed {
                    findings.push(Finding {
                        severity: Severity::Low,
                        kind,
                        origin: o.candidate.origin.clone(),
                        credentials: credentialed,
                        browsers: ALL.to_vec(),
                        evidence: evidence_of(&p.request, &p.reply),
                    });
                }
            }
        }
        if o.candidate.kind == OriginKind::Trusted || readers.is_empty() {
            continue;
        }
        let Some(a) = last else { continue };
        if !credentialed {
            if private && !public_readers.contains(&o.candidate.origin.as_str()) {
                public_readers.push(&o.candidate.origin);
            }
            continue;
        }
        let Some((kind, severity)) = kind_of(o.candidate.kind) else {
            continue;
        };
        if kind == FindingKind::LookAlikeOriginWithCredentials
            && site_of(&o.candidate.origin).is_some_and(|s| sibling_sites.contains(&s))
        {
            continue;
        }
        if let Some(f) = findings
            .iter_mut()
            .find(|f| f.kind == kind && f.origin == o.candidate.origin)
        {
            for b in readers {
                if !f.browsers.contains(&b) {
                    f.browsers.push(b);
                }
            }
            continue;
        }
        findings.push(Finding {
            severity,
            kind,
            origin: o.candidate.origin.clone(),
            credentials: true,
            browsers: readers,
            evidence: evidence_of(&a.request, &a.reply),
        });
    }
    // Origins that read with credentials are findings already (or folded into one).
    public_readers.retain(|o| {
        !observations.iter().any(|x| {
            x.candidate.origin == *o
                && x.credentials == Credentials::Include
                && !readers_of(x).is_empty()
        })
    });
    if !public_readers.is_empty() {
        note(format!(
            "{} can read the response without credentials: harmless for public data, but this endpoint looks private (a loopback, private or intranet address), and every site its users visit can read it through their browsers",
            public_readers.join(", ")
        ));
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    (findings, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_of_a_subdomain_origin() {
        let c = candidates(&["https://app.example.com".to_string()]);
        let origins: Vec<&str> = c.iter().map(|c| c.origin.as_str()).collect();
        assert_eq!(
            origins,
            [
                "https://app.example.com",
                "https://corsim-audit.example",
                "https://app.example.com.corsim-audit.example",
                "https://corsimauditapp.example.com",
                "https://corsimauditexample.com",
                "https://appxexample.com",
                "https://app.example.com_.corsim-audit.example",
                "https://corsim-audit.example.com",
                "http://app.example.com",
                "null"
            ]
        );
    }

    #[test]
    fn only_an_answer_that_admits_credentials_makes_a_copied_preflight_a_finding() {
        let reply = |headers: &[(&str, &str)]| Reply {
            status: 204,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: None,
        };
        let origin = ("Access-Control-Allow-Origin", "https://app.example.com");
        let credentials = ("Access-Control-Allow-Credentials", "true");
        for (headers, admits) in [
            (vec![origin, credentials], true),
            (
                vec![
                    ("access-control-allow-origin", " https://a.example "),
                    ("ACCESS-CONTROL-ALLOW-CREDENTIALS", "true"),
                ],
                true,
            ),
            (
                vec![("Access-Control-Allow-Origin", "*"), credentials],
                false,
            ),
            (vec![origin], false),
            (
                vec![origin, ("Access-Control-Allow-Credentials", "True")],
                false,
            ),
            (vec![origin, origin, credentials], false),
            (vec![credentials], false),
        ] {
            assert_eq!(admits_credentials(&reply(&headers)), admits, "{headers:?}");
        }
    }

    #[test]
    fn a_port_is_kept() {
        let c = candidates(&["http://localhost:3000".to_string()]);
        assert!(
            c.iter()
                .any(|c| c.origin == "http://localhost.corsim-audit.example:3000")
        );
        assert!(!c.iter().any(|c| c.kind == OriginKind::InsecureScheme));
    }
}
