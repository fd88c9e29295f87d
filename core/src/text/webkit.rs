//! WebKit's words (Safari's engine): the reason line it prints for a failed fetch, before its
//! `Fetch API cannot load <url> due to access control checks.` wrapper, and what the script's
//! `catch` receives. WEBKIT: Source/WebCore/loader/CrossOriginAccessControl.cpp
//! (`passesAccessControlCheck()`, `validatePreflightResponse()`,
//! `validateCrossOriginRedirectionURL()`), Source/WebCore/Modules/fetch/ (the `TypeError`s);
//! as WebKitGTK 2.50 prints them (Safari's Web Inspector adds an `[Error]` prefix).

use super::{ConsoleContext, FailureDetail};
use crate::reason::{AllowOriginProblem, Reason, Stage};

/// The reason line of a failed CORS check (no redirect prefix).
fn check_line(reason: &Reason, detail: &FailureDetail) -> Option<String> {
    let status = detail.status.unwrap_or(0);
    Some(match reason {
        Reason::AllowOrigin { problem, .. } => match problem {
            AllowOriginProblem::WildcardWithCredentials => {
                "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                    .to_string()
            }
            AllowOriginProblem::Multiple { .. } => {
                "Access-Control-Allow-Origin cannot contain more than one origin.".to_string()
            }
            AllowOriginProblem::Missing
            | AllowOriginProblem::Invalid { .. }
            | AllowOriginProblem::Mismatch { .. } => {
                format!(
                    "Origin {} is not allowed by Access-Control-Allow-Origin. Status code: {status}",
                    detail.origin
                )
            }
        },
        Reason::AllowCredentials { .. } => {
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
                .to_string()
        }
        _ => return None,
    })
}

/// The console error line WebKit prints for this failure, if it prints one.
pub fn console_message(
    reason: &Reason,
    ctx: &ConsoleContext,
    detail: &FailureDetail,
) -> Option<String> {
    let status = detail.status.unwrap_or(0);
    let redirection = |why: &str| {
        format!(
            "Cross-origin redirection to {} denied by Cross-Origin Resource Sharing policy: {why}",
            ctx.last_url
        )
    };
    Some(match reason {
        Reason::InvalidUrl { .. }
        | Reason::UrlHasCredentials { .. }
        | Reason::InvalidMethod { .. }
        | Reason::ForbiddenMethod { .. }
        | Reason::NoCorsMethod { .. }
        | Reason::BodyWithGetOrHead { .. }
        | Reason::InvalidHeaderName { .. }
        | Reason::InvalidHeaderValue { .. }
        | Reason::HeaderValueNotByteString { .. }
        | Reason::RedirectLocationHasCredentials { .. }
        | Reason::UnsafeRedirect { .. } => return None,
        // libsoup's words for a preflight reply it cannot parse; a response's is not printed.
        Reason::InvalidHttpResponse {
            stage: Stage::Preflight,
            ..
        } => "Could not parse HTTP response".to_string(),
        Reason::InvalidHttpResponse {
            stage: Stage::Response,
            ..
        } => return None,
        // WEBKIT: the mixed-content checker blocks the load; the loader then says only this.
        // (After a redirect only the wrapper is printed.)
        Reason::MixedContent { url, .. } if *url != ctx.initial_url => {
            format!(
                "Fetch API cannot load {} due to access control checks.",
                ctx.initial_url
            )
        }
        Reason::MixedContent { .. } => "Not allowed to request resource".to_string(),
        Reason::DisallowedByMode { url } => format!("Fetch API cannot load {url}."),
        Reason::SameOriginModeRedirect { location } => format!(
            "Unsafe attempt to load URL {location} from origin {}. Domains, protocols and ports must match.",
            ctx.page_origin
        ),
        Reason::NoCorsRedirectModeNotFollow { .. } => {
            "No-Cors mode requires follow redirect mode".to_string()
        }
        Reason::RedirectModeError { .. } => {
            format!(
                "Not allowed to follow a redirection while loading {}",
                ctx.initial_url
            )
        }
        Reason::TooManyRedirects { limit } => {
            format!("Load cannot follow more than {limit} redirections")
        }
        Reason::CorsDisabledScheme {
            redirected: false, ..
        } => "Cross origin requests are only supported for HTTP.".to_string(),
        Reason::CorsDisabledScheme { scheme, .. } if scheme == "ftp" => {
            "FTP URLs are disabled".to_string()
        }
        Reason::CorsDisabledScheme {
            redirected: true, ..
        } => redirection(
            "not allowed to follow a cross-origin CORS redirection with non CORS scheme",
        ),
        // The URL is named without its credentials first, then as it is.
        Reason::RedirectContainsCredentials { location } => {
            let bare = url::Url::parse(location).ok().map_or_else(
                || location.clone(),
                |mut u| {
                    let _ = u.set_username("");
                    let _ = u.set_password(None);
                    u.to_string()
                },
            );
            format!(
                "Cross-origin redirection to {bare} denied by Cross-Origin Resource Sharing policy: redirection URL {location} has credentials"
            )
        }
        Reason::PreflightInvalidStatus { .. } | Reason::PreflightDisallowedRedirect { .. } => {
            format!("Preflight response is not successful. Status code: {status}")
        }
        Reason::InvalidAllowMethods { value, .. } => {
            format!("Header Access-Control-Allow-Methods has an invalid value: {value}")
        }
        Reason::InvalidAllowHeaders { value, .. } => {
            format!("Header Access-Control-Allow-Headers has an invalid value: {value}")
        }
        Reason::MethodNotAllowed { method, .. } => {
            format!("Method {method} is not allowed by Access-Control-Allow-Methods.")
        }
        Reason::HeaderNotAllowed { name, .. } => {
            // WEBKIT: the HTTPHeaderMap keeps the headers WebCore knows by name in their
            // canonical spelling, every other one as the script wrote it.
            let canonical = crate::profile::WEBKIT_KNOWN_HEADER_NAMES
                .iter()
                .find(|c| c.eq_ignore_ascii_case(name));
            let written = canonical
                .copied()
                .or_else(|| {
                    detail
                        .header_names
                        .iter()
                        .find(|n| n.eq_ignore_ascii_case(name))
                        .map(String::as_str)
                })
                .unwrap_or(name);
            format!(
                "Request header field {written} is not allowed by Access-Control-Allow-Headers."
            )
        }
        Reason::AllowOrigin { .. } | Reason::AllowCredentials { .. } => {
            let line = check_line(reason, detail)?;
            match &detail.redirect_to {
                Some(location) => format!(
                    "Cross-origin redirection to {location} denied by Cross-Origin Resource Sharing policy: {line}"
                ),
                None => line,
            }
        }
    })
}

/// What the script's `catch` receives in WebKit.
pub fn exception(reason: &Reason) -> String {
    match reason {
        Reason::InvalidUrl { .. } | Reason::UrlHasCredentials { .. } => {
            "TypeError: URL is not valid or contains user credentials.".to_string()
        }
        Reason::InvalidMethod { .. } => "TypeError: Method is not a valid HTTP token.".to_string(),
        Reason::ForbiddenMethod { .. } => "TypeError: Method is forbidden.".to_string(),
        Reason::NoCorsMethod { .. } => {
            "TypeError: Method must be GET, POST or HEAD in no-cors mode.".to_string()
        }
        Reason::BodyWithGetOrHead { method } => {
            format!("TypeError: Request has method '{method}' and cannot have a body")
        }
        Reason::InvalidHeaderName { name } => format!("TypeError: Invalid header name: '{name}'"),
        // WEBKIT: `FetchHeaders` names the header and quotes the value
        // (Source/WebCore/Modules/fetch/FetchHeaders.cpp; observed in WebKitGTK 2.50, q109); a
        // character above U+00FF fails the IDL conversion with a bare "Type error"
        // (header-value-not-latin1).
        Reason::InvalidHeaderValue { name, value } => {
            format!("TypeError: Header '{name}' has invalid value: '{value}'")
        }
        Reason::HeaderValueNotByteString { .. } => "TypeError: Type error".to_string(),
        // Every other reason is a network error: the script's promise rejects with the
        // browser's one network-error TypeError (see `ReasonKind::is_type_error_before_network`).
        _ => "TypeError: Load failed".to_string(),
    }
}
