//! Firefox's words: the reason key of its console message (`security.properties`), the
//! message's argument, the line itself from Firefox's own en-US template
//! (core/data/firefox-l10n.tsv, read from firefox-esr 153.8's omni.ja), and what the script's
//! `catch` receives. FIREFOX: netwerk/protocol/http/nsCORSListenerProxy.cpp (`LogBlockedRequest`
//! with the key and `%2$S`), dom/security/ (mixed content), dom/fetch/ (the `TypeError`s).

use super::{ConsoleContext, FailureDetail};
use crate::reason::{AllowOriginProblem, Reason};

/// Firefox's en-US templates for CORS and mixed-content messages: the `en-US` rows of
/// core/data/firefox-l10n.tsv (`language<TAB>key<TAB>template` lines), written by build.rs.
const L10N: &str = include_str!(concat!(env!("OUT_DIR"), "/firefox-l10n-en-US.tsv"));

/// The en-US template of a `security.properties` key.
pub fn template(key: &str) -> Option<&'static str> {
    L10N.lines().find_map(|line| {
        let mut fields = line.splitn(3, '\t');
        match (fields.next(), fields.next(), fields.next()) {
            (Some("en-US"), Some(k), Some(t)) if k == key => Some(t),
            _ => None,
        }
    })
}

/// The key of Firefox's console message for this failure and its `%2$S` argument (`None`
/// for keys without one): the verdict's `firefox_reason` and `firefox_reason_param`.
pub fn reason_key(
    reason: &Reason,
    detail: &FailureDetail,
) -> Option<(&'static str, Option<String>)> {
    let status = || {
        Some(
            detail
                .status
                .map_or_else(|| "(null)".to_string(), |s| s.to_string()),
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
        | Reason::DisallowedByMode { .. }
        | Reason::SameOriginModeRedirect { .. }
        | Reason::NoCorsRedirectModeNotFollow { .. }
        | Reason::RedirectModeError { .. }
        | Reason::RedirectLocationHasCredentials { .. }
        | Reason::UnsafeRedirect { .. } => return None,
        // FIREFOX: dom/security/nsMixedContentBlocker.cpp logs BlockMixedActiveContent.
        Reason::MixedContent { .. } => ("BlockMixedActiveContent", None),
        Reason::AllowOrigin { problem, .. } => match problem {
            AllowOriginProblem::Missing => ("CORSMissingAllowOrigin2", status()),
            AllowOriginProblem::WildcardWithCredentials => ("CORSNotSupportingCredentials", None),
            AllowOriginProblem::Multiple { .. } => ("CORSMultipleAllowOriginNotAllowed", None),
            AllowOriginProblem::Invalid { value } | AllowOriginProblem::Mismatch { value, .. } => {
                ("CORSAllowOriginNotMatchingOrigin", Some(value.clone()))
            }
        },
        Reason::AllowCredentials { .. } => ("CORSMissingAllowCredentials", None),
        Reason::PreflightInvalidStatus { .. } => ("CORSPreflightDidNotSucceed3", status()),
        Reason::PreflightDisallowedRedirect { .. } => ("CORSExternalRedirectNotAllowed", None),
        Reason::InvalidAllowMethods { item, .. } => ("CORSInvalidAllowMethod", Some(item.clone())),
        Reason::InvalidAllowHeaders { item, .. } => ("CORSInvalidAllowHeader", Some(item.clone())),
        Reason::MethodNotAllowed { .. } => ("CORSMethodNotFound", None),
        Reason::HeaderNotAllowed { name, .. } => (
            "CORSMissingAllowHeaderFromPreflight2",
            Some(name.to_ascii_lowercase()),
        ),
        // FIREFOX: `CheckRequestApproved()` logs CORSRequestNotHttp for a URL whose scheme is
        // not http(s) that reaches the CORS listener (ftp:, about:, and any such URL fetched
        // directly but ws:/wss:, which the fetch refuses silently); blob: and file: targets are
        // refused by the security manager (a `Security Error` line without a key); data:,
        // javascript: and ws: targets make the redirect itself fail, reported as the request
        // not having succeeded, with no argument.
        Reason::CorsDisabledScheme { scheme, redirected } => match (scheme.as_str(), redirected) {
            ("ftp" | "about", _) => ("CORSRequestNotHttp", None),
            ("ws" | "wss", false) | ("blob" | "file", true) => return None,
            (_, false) => ("CORSRequestNotHttp", None),
            (_, true) => ("CORSDidNotSucceed2", Some("(null)".to_string())),
        },
        Reason::RedirectContainsCredentials { .. }
        | Reason::TooManyRedirects { .. }
        | Reason::InvalidHttpResponse { .. } => ("CORSDidNotSucceed2", Some("(null)".to_string())),
    })
}

/// The console error line Firefox prints first for this failure, if it prints one.
pub fn console_message(
    reason: &Reason,
    ctx: &ConsoleContext,
    detail: &FailureDetail,
) -> Option<String> {
    match reason {
        // FIREFOX: caps/nsScriptSecurityManager.cpp, `CheckSameOriginURI` ("CheckSameOriginError").
        Reason::DisallowedByMode { url } => {
            return Some(format!(
                "Security Error: Content at {} may not load data from {url}.",
                ctx.page_url
            ));
        }
        Reason::SameOriginModeRedirect { location } => {
            return Some(format!(
                "Security Error: Content at {} may not load data from {location}.",
                ctx.page_url
            ));
        }
        // FIREFOX: caps/nsScriptSecurityManager.cpp, `CheckLoadURIWithPrincipal`.
        Reason::CorsDisabledScheme {
            scheme,
            redirected: true,
        } if matches!(scheme.as_str(), "blob" | "file") => {
            let from = detail
                .redirected_from
                .as_deref()
                .unwrap_or(&ctx.initial_url);
            let verb = if scheme == "file" {
                "load or link to"
            } else {
                "load data from"
            };
            return Some(format!(
                "Security Error: Content at {from} may not {verb} {}.",
                ctx.last_url
            ));
        }
        _ => {}
    }
    let (key, param) = reason_key(reason, detail)?;
    let url = match reason {
        Reason::MixedContent { url, .. } => url.clone(),
        // The redirect that failed is reported at the URL that sent it.
        Reason::CorsDisabledScheme {
            redirected: true, ..
        } if key == "CORSDidNotSucceed2" => detail
            .redirected_from
            .clone()
            .unwrap_or_else(|| ctx.last_url.clone()),
        _ => ctx.last_url.clone(),
    };
    let line = template(key)?
        .replace("%1$S", &url)
        .replace("%2$S", param.as_deref().unwrap_or("(null)"));
    Some(line)
}

/// What the script's `catch` receives in Firefox.
pub fn exception(reason: &Reason) -> String {
    let window = "TypeError: Window.fetch:";
    match reason {
        Reason::InvalidUrl { url } => format!("{window} {url} is not a valid URL."),
        Reason::UrlHasCredentials { url } => {
            format!("{window} {url} is an url with embedded credentials.")
        }
        Reason::InvalidMethod { method }
        | Reason::ForbiddenMethod { method }
        | Reason::NoCorsMethod { method } => {
            format!("{window} Invalid request method {method}.")
        }
        Reason::BodyWithGetOrHead { .. } => {
            format!("{window} HEAD or GET Request cannot have a body.")
        }
        Reason::InvalidHeaderName { name } => format!(
            "{window} {} is an invalid header name.",
            name.to_ascii_lowercase()
        ),
        // FIREFOX: `InternalHeaders::IsInvalidValue()` names the value, printed as a C string
        // (cut at a NUL byte: "a\0b" is printed "a"; dom/fetch/InternalHeaders.cpp; observed in
        // Firefox 153, header-value-with-nul, q109).
        Reason::InvalidHeaderValue { value, .. } => {
            let printed = value.split('\0').next().unwrap_or_default();
            format!("{window} {printed} is an invalid header value.")
        }
        // FIREFOX: the WebIDL ByteString conversion of the scenario's `[[name, value], …]`
        // headers names the first UTF-16 code unit above 255 and its index (observed in
        // Firefox 153, header-value-not-latin1).
        Reason::HeaderValueNotByteString { value, .. } => {
            let (index, unit) = value
                .encode_utf16()
                .enumerate()
                .find(|(_, u)| *u > 255)
                .unwrap_or_default();
            format!(
                "{window} Cannot convert element of element of sequence<sequence<ByteString>> branch of (sequence<sequence<ByteString>> or record<ByteString, ByteString>) to ByteString because the character at index {index} has value {unit} which is greater than 255."
            )
        }
        // Every other reason is a network error: the script's promise rejects with the
        // browser's one network-error TypeError (see `ReasonKind::is_type_error_before_network`).
        _ => "TypeError: NetworkError when attempting to fetch resource.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_used_has_an_english_template() {
        for key in [
            "BlockMixedActiveContent",
            "CORSMissingAllowOrigin2",
            "CORSNotSupportingCredentials",
            "CORSMultipleAllowOriginNotAllowed",
            "CORSAllowOriginNotMatchingOrigin",
            "CORSMissingAllowCredentials",
            "CORSPreflightDidNotSucceed3",
            "CORSExternalRedirectNotAllowed",
            "CORSInvalidAllowMethod",
            "CORSInvalidAllowHeader",
            "CORSMethodNotFound",
            "CORSMissingAllowHeaderFromPreflight2",
            "CORSRequestNotHttp",
            "CORSDidNotSucceed2",
        ] {
            assert!(template(key).is_some(), "{key}");
        }
    }
}
