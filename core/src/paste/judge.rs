//! A pasted block of response headers judged on its own: what any cross-origin request meets
//! with these headers, and what depends on the request.
//!
//! The block is the server's answer; the request is unknown. So the block is put in front of a
//! few probe requests from one page origin — a plain `GET`, the same with credentials, a `GET`
//! with a custom header, a `PUT`, a JSON `POST` (the last three need a preflight, which the block
//! answers when it is a preflight's answer, and which a server that answers every method alike
//! answers the same way) — and each probe is simulated. What fails for the plain `GET` blocks
//! every request; what fails only for some probes depends on the request, and is said with the
//! probe it concerns.
//!
//! The page origin is chosen so that it never creates a failure of its own: the origin the
//! block allows when it names one (its value as the page would send it), else one of the URL's
//! scheme and address space ([`super::console::reproduce::assumed_origin_for`]).

use super::console::reproduce::{ASSUMED_URL_HOST, assumed_origin_for};
use super::headers::HeaderBlock;
use crate::profile::Profile;
use crate::scenario::{Credentials, Reply, RequestInit, Scenario};
use crate::simulate::simulate_with;
use crate::verdict::Verdict;

/// What the block does to requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judgement {
    /// The scenario of the request the verdict is about, with the block as the server's answer.
    pub scenario: Scenario,
    /// The scenario fields assumed.
    pub assumed: Vec<String>,
    /// Findings, each a sentence: what blocks every request, what depends on the request.
    pub findings: Vec<String>,
    /// Whether the block reads as the answer to a preflight.
    pub is_preflight_answer: bool,
}

/// Whether a block reads as the answer to a preflight: `Access-Control-Allow-Methods`,
/// `-Headers` or `-Max-Age`, or a `204` to `OPTIONS`.
pub fn is_preflight_answer(block: &HeaderBlock, method: Option<&str>) -> bool {
    let has = |n: &str| block.header(n).is_some();
    if let Some(m) = method {
        return m.eq_ignore_ascii_case("OPTIONS");
    }
    // A response with a body (a type, a length above 0) is the request's, even when the server
    // sends Access-Control-Allow-Methods on every response.
    let body = has("content-type")
        || block
            .header("content-length")
            .is_some_and(|l| l.trim() != "0");
    let preflight_headers = has("access-control-allow-methods")
        || has("access-control-allow-headers")
        || has("access-control-max-age");
    preflight_headers && (!body || block.status == Some(204))
}

/// The origin the block allows, as the page would send it, when it names exactly one.
fn allowed_origin(block: &HeaderBlock) -> Option<String> {
    let values: Vec<&str> = block
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
        .map(|(_, v)| v.trim())
        .collect();
    let [only] = values.as_slice() else {
        return None;
    };
    if *only == "*" || only.is_empty() || only.contains([',', ' ']) || *only == "null" {
        return None;
    }
    super::origin_of(only)
}

/// A method the block allows that needs a preflight, if it lists one.
fn listed_method(block: &HeaderBlock) -> Option<String> {
    block
        .header("access-control-allow-methods")?
        .split(',')
        .map(str::trim)
        .find(|m| {
            !m.is_empty()
                && *m != "*"
                && !["GET", "HEAD", "POST", "OPTIONS"].contains(&m.to_ascii_uppercase().as_str())
        })
        .map(str::to_string)
}

/// A header the block allows that needs a preflight, if it lists one.
fn listed_header(block: &HeaderBlock) -> Option<String> {
    block
        .header("access-control-allow-headers")?
        .split(',')
        .map(str::trim)
        .find(|h| !h.is_empty() && *h != "*" && super::headers::is_header_name(h))
        .map(str::to_string)
}

struct Probe {
    what: &'static str,
    request: RequestInit,
}

fn probes(url: &str) -> Vec<Probe> {
    let mut credentialed = RequestInit::get(url);
    credentialed.credentials = Credentials::Include;
    let mut header = RequestInit::get(url);
    header.headers = vec![("X-Custom-Header".to_string(), "1".to_string())];
    let mut put = RequestInit::get(url);
    put.method = "PUT".to_string();
    let mut json = RequestInit::get(url);
    json.method = "POST".to_string();
    json.headers = vec![("Content-Type".to_string(), "application/json".to_string())];
    json.body = Some("{}".to_string());
    vec![
        Probe {
            what: "a plain GET",
            request: RequestInit::get(url),
        },
        Probe {
            what: "a request with credentials (cookies, credentials: 'include', withCredentials)",
            request: credentialed,
        },
        Probe {
            what: "a request that sets a header of its own (X-Custom-Header)",
            request: header,
        },
        Probe {
            what: "a PUT",
            request: put,
        },
        Probe {
            what: "a JSON POST (Content-Type: application/json)",
            request: json,
        },
    ]
}

fn outcome(v: &Verdict) -> String {
    match (v.cors_error, v.is_readable()) {
        (Some(e), _) => format!("{} ({})", e.name(), v.summary.trim_end_matches('.')),
        (None, true) => "allowed".to_string(),
        (None, false) => v.summary.trim_end_matches('.').to_string(),
    }
}

/// Judges a block of response headers. `url` and `method` come from DevTools' General section
/// when the paste has it.
pub fn judge(
    block: &HeaderBlock,
    url: Option<&str>,
    method: Option<&str>,
    profile: &Profile,
) -> Judgement {
    let mut assumed = Vec::new();
    let url = match url.filter(|u| url::Url::parse(u).is_ok()) {
        Some(u) => u.to_string(),
        None => {
            assumed.push("request.url".to_string());
            format!("https://{ASSUMED_URL_HOST}/")
        }
    };
    let origin = match allowed_origin(block) {
        Some(o) => o,
        None => assumed_origin_for(&url),
    };
    assumed.insert(0, "origin".to_string());
    let preflight_answer = is_preflight_answer(block, method);
    let reply: Reply = block.to_reply();
    let scenario_for = |request: RequestInit| Scenario {
        preflight: None,
        response: reply.clone(),
        source: Some("pasted response headers".to_string()),
        ..Scenario::of_request("headers", origin.clone(), request)
    };
    let mut findings = Vec::new();
    let results: Vec<(&'static str, Verdict)> = probes(&url)
        .into_iter()
        .map(|p| (p.what, simulate_with(&scenario_for(p.request), profile)))
        .collect();
    let plain_fails = results.first().is_some_and(|(_, v)| !v.is_readable());
    if let Some((_, v)) = results.first()
        && plain_fails
    {
        findings.push(format!(
            "Blocks every cross-origin request from {origin}: {}.",
            outcome(v)
        ));
    }
    if !plain_fails {
        for (what, v) in results.iter().skip(1) {
            if !v.is_readable() {
                let scope = if v.preflight_sent && !preflight_answer {
                    " if the server answers the preflight (OPTIONS) with these headers too"
                } else {
                    ""
                };
                findings.push(format!(
                    "Depends on the request: {what} is blocked{scope}: {}.",
                    outcome(v)
                ));
            }
        }
        let allowed: Vec<&str> = results
            .iter()
            .filter(|(_, v)| v.is_readable())
            .map(|(w, _)| *w)
            .collect();
        if !allowed.is_empty() {
            findings.push(format!("Allowed from {origin}: {}.", allowed.join("; ")));
        }
    }
    let acao: Vec<&str> = block
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
        .map(|(_, v)| v.trim())
        .collect();
    if let Some(allowed) = allowed_origin(block) {
        findings.push(format!(
            "Depends on the page: only {allowed} is allowed; a page on any other origin is blocked (AllowOriginMismatch)."
        ));
    }
    if acao == ["null"] {
        findings.push(
            "Access-Control-Allow-Origin: null allows only pages with an opaque origin (sandboxed frames, file: pages), and any such page alike: do not rely on it; name the page's real origin."
                .to_string(),
        );
    }
    if block
        .header("access-control-allow-headers")
        .is_some_and(|v| v.trim().is_empty())
    {
        findings.push("Access-Control-Allow-Headers is empty: it allows no request header beyond the safelisted ones.".to_string());
    }
    // The verdict: for a preflight's answer, the request it allows; else a plain GET.
    let mut request = match method.filter(|m| !m.eq_ignore_ascii_case("OPTIONS")) {
        Some(m) => {
            let mut r = RequestInit::get(url.clone());
            r.method = m.to_string();
            r
        }
        None => {
            assumed.push("request.method".to_string());
            RequestInit::get(url.clone())
        }
    };
    if preflight_answer && method.is_none_or(|m| m.eq_ignore_ascii_case("OPTIONS")) {
        if let Some(m) = listed_method(block) {
            request.method = m;
        }
        if let Some(h) = listed_header(block) {
            let value = super::curl::placeholder_value(&h);
            request.headers = vec![(h, value)];
        }
        if request.method == "GET" && request.headers.is_empty() {
            request.method = "PUT".to_string();
        }
    }
    assumed.push("request.headers".to_string());
    if block.header("access-control-allow-credentials").is_some() {
        // The server answers credentialed requests: judge one.
        request.credentials = Credentials::Include;
    }
    assumed.push("request.credentials".to_string());
    let mut scenario = scenario_for(request);
    if preflight_answer {
        scenario.preflight = Some(reply.clone());
        assumed.push("response".to_string());
    } else {
        assumed.push("preflight".to_string());
    }
    Judgement {
        scenario,
        assumed,
        findings,
        is_preflight_answer: preflight_answer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paste::headers::parse_header_block;
    use crate::reason::CorsError;

    fn judged(text: &str) -> (Judgement, Option<CorsError>) {
        let block = parse_header_block(text);
        let profile = Profile::default();
        let j = judge(&block, None, None, &profile);
        let error = simulate_with(&j.scenario, &profile).cors_error;
        (j, error)
    }

    /// Issue 10, pattern 5: a block that fails every request says so, whatever the request.
    #[test]
    fn blocks_that_fail_every_request() {
        let rows: [(&str, CorsError); 4] = [
            (
                "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://a.shop.io\nAccess-Control-Allow-Origin: https://b.shop.io",
                CorsError::MultipleAllowOriginValues,
            ),
            (
                "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://a.shop.io, https://b.shop.io",
                CorsError::MultipleAllowOriginValues,
            ),
            (
                "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: app.shop.io",
                CorsError::InvalidAllowOriginValue,
            ),
            (
                "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin:",
                CorsError::InvalidAllowOriginValue,
            ),
        ];
        for (text, error) in rows {
            let (j, got) = judged(text);
            assert_eq!(got, Some(error), "{text}");
            assert!(
                j.findings.iter().any(|f| f.starts_with("Blocks every")),
                "{text}: {:?}",
                j.findings
            );
        }
    }

    /// What fails only for some requests is said with the request it concerns.
    #[test]
    fn blocks_that_depend_on_the_request() {
        let (j, _) = judged(
            "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\nAccess-Control-Allow-Credentials: true",
        );
        assert!(
            j.findings
                .iter()
                .any(|f| f.starts_with("Depends on the request") && f.contains("credentials")),
            "{:?}",
            j.findings
        );
        let (j, _) = judged(
            "HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: https://app.shop.io\nAccess-Control-Allow-Methods: GET, POST, PUT\nAccess-Control-Allow-Headers:",
        );
        assert!(j.is_preflight_answer);
        assert!(
            j.findings
                .iter()
                .any(|f| f.contains("Access-Control-Allow-Headers is empty")),
            "{:?}",
            j.findings
        );
        assert!(
            j.findings
                .iter()
                .any(|f| f.contains("only https://app.shop.io is allowed")),
            "{:?}",
            j.findings
        );
        assert_eq!(j.assumed.first().map(String::as_str), Some("origin"));
    }
}
