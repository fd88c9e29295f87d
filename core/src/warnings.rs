//! True but non-blocking findings: things that work today but are risky, wasted, or will
//! surprise the next person.

use crate::fetch::EndingSummary;
use crate::headers::{HeaderList, split_list, to_display};
use crate::http::wire_headers;
use crate::origin::PageOrigin;
use crate::profile::Profile;
use crate::reason::{Reason, Stage};
use crate::request::Request;
use crate::response::ResponseType;
use crate::safelist::cors_safelisted_request_header;
use crate::scenario::{Credentials, Mode, Scenario};
use crate::trace::spec;
use crate::verdict::Warning;

fn push(warnings: &mut Vec<Warning>, id: &'static str, message: String, link: &'static str) {
    if !warnings.iter().any(|w| w.id == id) {
        warnings.push(Warning {
            id,
            message,
            spec: link,
        });
    }
}

fn lists_star(headers: &HeaderList, name: &str) -> bool {
    headers
        .get(name)
        .is_some_and(|v| split_list(&v).iter().any(|item| *item == b"*"))
}

/// Adds the warnings that need the whole scenario and the outcome.
pub fn collect(
    scenario: &Scenario,
    profile: &Profile,
    page: Option<&PageOrigin>,
    request: Option<&Request>,
    ending: &EndingSummary,
    warnings: &mut Vec<Warning>,
) {
    let (Some(request), Some(page)) = (request, page) else {
        return;
    };
    let cross_origin = !page
        .origin
        .is_same_origin(&crate::origin::Origin::of_url(&request.url));
    let response = wire_headers(&scenario.response);
    let preflight = wire_headers(scenario.preflight_reply());
    let include = request.credentials == Credentials::Include;

    // The response reflects a specific origin without `Vary: Origin`.
    if ending.response_type == Some(ResponseType::Cors) {
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
            push(
                warnings,
                "vary-origin",
                format!(
                    "The response names one origin ({acao}) in Access-Control-Allow-Origin but does not send \
                     Vary: Origin. If the server picks the value from the request's Origin, a shared cache or CDN \
                     can serve this answer to another origin, which then fails. Add Vary: Origin."
                ),
                spec::HTTP_CACHES,
            );
        }
        if acao.as_deref() == Some("null") {
            push(
                warnings,
                "allow-origin-null",
                "Access-Control-Allow-Origin: null lets every sandboxed frame, file: page and redirected request read \
                 this response: any site can make its request's origin null. Prefer a real origin."
                    .to_string(),
                spec::CORS_CHECK,
            );
        }
    }

    // `Access-Control-Allow-Credentials: true` next to `*`.
    for (what, headers) in [("response", &response), ("preflight response", &preflight)] {
        let acao_star = headers
            .get("access-control-allow-origin")
            .is_some_and(|v| v == b"*");
        let acac_true = headers
            .get("access-control-allow-credentials")
            .is_some_and(|v| v == b"true");
        if acao_star && acac_true {
            push(
                warnings,
                "credentials-with-wildcard",
                format!(
                    "The {what} sends Access-Control-Allow-Credentials: true with Access-Control-Allow-Origin: *. \
                     That pair never works: a credentialed request is refused with *, and a request without \
                     credentials ignores the credentials header. Name the origin instead of * if cookies are needed."
                ),
                spec::CORS_CREDENTIALS,
            );
        }
    }

    // `*` is a literal name on a credentialed request.
    if include && cross_origin {
        for (headers, name) in [
            (&preflight, "access-control-allow-methods"),
            (&preflight, "access-control-allow-headers"),
            (&response, "access-control-expose-headers"),
        ] {
            if lists_star(headers, name) {
                push(
                    warnings,
                    "wildcard-with-credentials",
                    format!(
                        "The request's credentials mode is include, so * in {} is not a wildcard but a literal \
                         name. List the methods and header names explicitly.",
                        canonical(name)
                    ),
                    spec::CORS_CREDENTIALS,
                );
            }
        }
    }

    // A cookie the browser will not store.
    if cross_origin && response.contains("set-cookie") && !include && request.mode != Mode::NoCors {
        push(
            warnings,
            "set-cookie-ignored",
            "The response sets a cookie, but the request's credentials mode is not include, so the browser ignores \
             Set-Cookie on this cross-origin response. Use credentials: 'include' (and SameSite=None; Secure on the \
             cookie) if the cookie is needed. Scripts can never read Set-Cookie."
                .to_string(),
            spec::CORS_CREDENTIALS,
        );
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
    ) = &ending.reason
        && request.method != "GET"
        && request.method != "HEAD"
    {
        push(
            warnings,
            "request-executed",
            format!(
                "The {} request reached the server and ran; only its response is hidden from the script. CORS \
                 does not stop a request from having effects: protect state-changing endpoints against CSRF.",
                request.method
            ),
            spec::HTTP_FETCH,
        );
    }

    // no-cors is not a fix.
    if request.mode == Mode::NoCors
        && cross_origin
        && ending.response_type == Some(ResponseType::Opaque)
    {
        push(
            warnings,
            "no-cors-opaque",
            "mode: 'no-cors' does not switch CORS off for reading: the response is opaque (status 0, no headers, \
             empty body) and non-safelisted headers such as Content-Type: application/json were dropped before \
             sending. Fix the server's CORS headers instead."
                .to_string(),
            spec::OPAQUE_FILTERED,
        );
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
                "chromium-only-safelist",
                format!(
                    "{} is CORS-safelisted in Chromium only: Firefox and Safari (and the Fetch standard) send a \
                     preflight for it, so the server must answer OPTIONS for those browsers.",
                    chromium_only.join(", ")
                ),
                spec::SAFELISTED_REQUEST_HEADER,
            );
        }
    }
}

fn canonical(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}
