//! True but non-blocking findings: things that work today but are risky, wasted, or will
//! surprise the next person. They are found from the fetch's result and the scenario, as data
//! ([`Finding`]); [`crate::text::warnings`] words them.

use crate::fetch::Fetched;
use crate::headers::{HeaderList, split_list, to_display};
use crate::http::wire_headers;
use crate::profile::Profile;
use crate::reason::{Reason, Stage};
use crate::response::ResponseType;
use crate::safelist::cors_safelisted_request_header;
use crate::scenario::{Credentials, Mode, Scenario};
use crate::verdict::Finding;

/// Adds a finding unless one with its id is already there.
fn push(findings: &mut Vec<Finding>, finding: Finding) {
    if !findings.iter().any(|f| f.id() == finding.id()) {
        findings.push(finding);
    }
}

fn lists_star(headers: &HeaderList, name: &str) -> bool {
    headers
        .get(name)
        .is_some_and(|v| split_list(&v).iter().any(|item| *item == b"*"))
}

/// The findings of a fetch: those its algorithms made, in order, then those that need the
/// whole scenario and the outcome; one of each kind.
pub fn collect(scenario: &Scenario, profile: &Profile, fetched: &Fetched) -> Vec<Finding> {
    let mut findings = Vec::new();
    for finding in &fetched.findings {
        push(&mut findings, finding.clone());
    }
    let (Some(request), Some(page)) = (fetched.request.as_ref(), fetched.page.as_ref()) else {
        return findings;
    };
    let response_type = match &fetched.response {
        crate::fetch::FetchResponse::Response { response_type, .. } => Some(*response_type),
        crate::fetch::FetchResponse::NetworkError(_) => None,
    };
    let warnings = &mut findings;
    let cross_origin = !page
        .origin
        .is_same_origin(&crate::origin::Origin::of_url(&request.url));
    let read;
    let response = match &fetched.response_headers {
        Some(headers) => headers,
        None => {
            read = wire_headers(&scenario.response);
            &read
        }
    };
    // Without a preflight answer of its own, the response answers the preflight.
    let read_preflight;
    let preflight = match &scenario.preflight {
        Some(reply) => {
            read_preflight = wire_headers(reply);
            &read_preflight
        }
        None => response,
    };
    let include = request.credentials == Credentials::Include;

    // The response reflects a specific origin without `Vary: Origin`.
    if response_type == Some(ResponseType::Cors) {
        let acao = response
            .get("access-control-allow-origin")
            .map(|v| to_display(&v));
        let varies = response.get("vary").is_some_and(|v| {
            split_list(&v)
                .iter()
                .any(|i| i.eq_ignore_ascii_case(b"origin") || *i == b"*")
        });
        if let Some(acao) = acao.clone().filter(|a| a != "*")
            && !varies
        {
            push(warnings, Finding::VaryOrigin { allow_origin: acao });
        }
        if acao.as_deref() == Some("null") {
            push(warnings, Finding::AllowOriginNull);
        }
    }

    // `Access-Control-Allow-Credentials: true` next to `*`.
    for (stage, headers) in [(Stage::Response, &response), (Stage::Preflight, &preflight)] {
        let acao_star = headers
            .get("access-control-allow-origin")
            .is_some_and(|v| v == b"*");
        let acac_true = headers
            .get("access-control-allow-credentials")
            .is_some_and(|v| v == b"true");
        if acao_star && acac_true {
            push(warnings, Finding::CredentialsWithWildcard { stage });
        }
    }

    // `*` is a literal name on a credentialed request.
    if include && cross_origin {
        for (headers, name, header) in [
            (
                &preflight,
                "access-control-allow-methods",
                "Access-Control-Allow-Methods",
            ),
            (
                &preflight,
                "access-control-allow-headers",
                "Access-Control-Allow-Headers",
            ),
            (
                &response,
                "access-control-expose-headers",
                "Access-Control-Expose-Headers",
            ),
        ] {
            if lists_star(headers, name) {
                push(warnings, Finding::WildcardWithCredentials { header });
            }
        }
    }

    // A cookie the browser will not store.
    if cross_origin && response.contains("set-cookie") && !include && request.mode != Mode::NoCors {
        push(warnings, Finding::SetCookieIgnored);
    }

    // The request ran on the server although the script sees a failure.
    if let Some(
        Reason::AllowOrigin {
            stage: Stage::Response,
            ..
        }
        | Reason::AllowCredentials {
            stage: Stage::Response,
            ..
        },
    ) = fetched.reason()
        && request.method != "GET"
        && request.method != "HEAD"
    {
        push(
            warnings,
            Finding::RequestExecuted {
                method: request.method.clone(),
            },
        );
    }

    // no-cors is not a fix.
    if request.mode == Mode::NoCors && cross_origin && response_type == Some(ResponseType::Opaque) {
        push(warnings, Finding::NoCorsOpaque);
    }

    // Headers that only Chromium safelists.
    if cross_origin && request.mode == Mode::Cors {
        let chromium_only: Vec<String> = request
            .headers
            .iter()
            .filter(|h| {
                let standard = Profile {
                    client_hint_safelist: false,
                    ..profile.clone()
                };
                cors_safelisted_request_header(&h.name, &h.value, profile).is_safelisted()
                    && !cors_safelisted_request_header(&h.name, &h.value, &standard).is_safelisted()
            })
            .map(|h| to_display(&h.name))
            .collect();
        if !chromium_only.is_empty() {
            push(
                warnings,
                Finding::BrowserOnlySafelist {
                    names: chromium_only,
                },
            );
        }
    }
    findings
}
