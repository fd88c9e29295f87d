//! Chromium's words: the console line it prints for a failed fetch and the `TypeError` the
//! script catches, rendered from the reason and kept apart from it
//! (third_party/blink/renderer/platform/loader/cors/cors_error_string.cc,
//! `GetErrorStringForConsoleMessage`; third_party/blink/renderer/core/fetch/fetch_manager.cc).

use crate::reason::{AllowOriginProblem, CorsError, Reason};

/// Where the failure happened, for the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleContext {
    /// The URL the script passed to `fetch()` (serialized).
    pub initial_url: String,
    /// The URL of the request that failed (after redirects).
    pub last_url: String,
    /// The page's origin, serialized (`null` for an opaque origin).
    pub page_origin: String,
    /// The page's URL, for mixed-content messages.
    pub page_url: String,
}

/// CHROMIUM: `EncodeHint`: printable ASCII stays, every other byte becomes `\uXXXX`.
pub fn encode_hint(hint: &str) -> String {
    let mut out = String::new();
    for &b in hint.as_bytes() {
        if (0x20..0x7f).contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("\\u{b:04X}"));
        }
    }
    out
}

/// CHROMIUM: `SchemeRegistry::ListOfCorsEnabledURLSchemes()` as Chromium 156 prints it.
pub const CORS_ENABLED_SCHEMES: &str = "chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app";

const NO_CORS_INFORMATION: &str = " Have the server send the header with a valid value.";

/// The console error line Chromium prints for this failure, if it prints one.
pub fn console_message(reason: &Reason, ctx: &ConsoleContext) -> Option<String> {
    let fetch_api = |message: &str| {
        Some(format!(
            "Fetch API cannot load {}. {message}",
            ctx.initial_url
        ))
    };
    let cors_text = match reason {
        Reason::InvalidUrl { .. }
        | Reason::UrlHasCredentials { .. }
        | Reason::InvalidMethod { .. }
        | Reason::ForbiddenMethod { .. }
        | Reason::NoCorsMethod { .. }
        | Reason::BodyWithGetOrHead { .. }
        | Reason::InvalidHeaderName { .. }
        | Reason::InvalidHeaderValue { .. }
        | Reason::HeaderValueNotByteString { .. }
        | Reason::RedirectModeError { .. }
        | Reason::TooManyRedirects { .. }
        | Reason::UnsafeRedirect { .. }
        | Reason::SameOriginModeRedirect { .. }
        | Reason::RedirectLocationHasCredentials { .. }
        | Reason::InvalidHttpResponse { .. } => return None,
        Reason::MixedContent { page_url, url } => {
            return Some(format!(
                "Mixed Content: The page at '{page_url}' was loaded over HTTPS, but requested an insecure resource \
                 '{url}'. This request has been blocked; the content must be served over HTTPS."
            ));
        }
        Reason::DisallowedByMode { .. } if ctx.initial_url == ctx.last_url => {
            return fetch_api(&format!(
                "Request mode is \"same-origin\" but the URL's origin is not same as the request origin {}.",
                ctx.page_origin
            ));
        }
        Reason::NoCorsRedirectModeNotFollow { .. } => {
            return fetch_api("Request mode is \"no-cors\" but the redirect mode is not \"follow\".");
        }
        Reason::CorsDisabledScheme { scheme, redirected: false } => {
            return fetch_api(&format!("URL scheme \"{scheme}\" is not supported."));
        }
        Reason::CorsDisabledScheme { redirected: true, .. } => {
            format!("Cross origin requests are only supported for protocol schemes: {CORS_ENABLED_SCHEMES}.")
        }
        Reason::DisallowedByMode { .. } => "Cross origin requests are not allowed by request mode.".to_string(),
        Reason::PreflightDisallowedRedirect { .. } => "Redirect is not allowed for a preflight request.".to_string(),
        Reason::PreflightInvalidStatus { .. } => "It does not have HTTP ok status.".to_string(),
        Reason::AllowOrigin { problem, .. } => match problem {
            AllowOriginProblem::Missing => {
                "No 'Access-Control-Allow-Origin' header is present on the requested resource.".to_string()
            }
            AllowOriginProblem::WildcardWithCredentials => "The value of the 'Access-Control-Allow-Origin' header in the \
                 response must not be the wildcard '*' when the request's credentials mode is 'include'."
                .to_string(),
            AllowOriginProblem::Multiple { value } => format!(
                "The 'Access-Control-Allow-Origin' header contains multiple values '{}', but only one is allowed.{NO_CORS_INFORMATION}",
                encode_hint(value)
            ),
            AllowOriginProblem::Invalid { value } => format!(
                "The 'Access-Control-Allow-Origin' header contains the invalid value '{}'.{NO_CORS_INFORMATION}",
                encode_hint(value)
            ),
            AllowOriginProblem::Mismatch { value, .. } => format!(
                "The 'Access-Control-Allow-Origin' header has a value '{}' that is not equal to the supplied origin.{NO_CORS_INFORMATION}",
                encode_hint(value)
            ),
        },
        Reason::AllowCredentials { value, .. } => format!(
            "The value of the 'Access-Control-Allow-Credentials' header in the response is '{}' which must be 'true' \
             when the request's credentials mode is 'include'.",
            encode_hint(value.as_deref().unwrap_or(""))
        ),
        Reason::InvalidAllowMethods { .. } => {
            "Cannot parse Access-Control-Allow-Methods response header field in preflight response.".to_string()
        }
        Reason::InvalidAllowHeaders { .. } => {
            "Cannot parse Access-Control-Allow-Headers response header field in preflight response.".to_string()
        }
        Reason::MethodNotAllowed { method, .. } => format!(
            "Method {} is not allowed by Access-Control-Allow-Methods in preflight response.",
            encode_hint(method)
        ),
        Reason::HeaderNotAllowed { name, .. } => format!(
            "Request header field {} is not allowed by Access-Control-Allow-Headers in preflight response.",
            encode_hint(name)
        ),
        Reason::RedirectContainsCredentials { .. } => format!(
            "Redirect location '{}' contains a username and password, which is disallowed for cross-origin requests.",
            encode_hint(&reason.failed_parameter())
        ),
    };
    let preflight_prefix = if reason
        .cors_error()
        .is_some_and(CorsError::is_preflight_error)
    {
        "Response to preflight request doesn't pass access control check: "
    } else {
        ""
    };
    let redirected = if ctx.initial_url != ctx.last_url {
        format!("(redirected from '{}') ", ctx.initial_url)
    } else {
        String::new()
    };
    Some(format!(
        "Access to fetch at '{}' {redirected}from origin '{}' has been blocked by CORS policy: {preflight_prefix}{cors_text}",
        ctx.last_url, ctx.page_origin
    ))
}

/// What the script's `catch` sees.
pub fn exception(reason: &Reason) -> String {
    match reason {
        Reason::InvalidUrl { url } => format!("TypeError: Failed to execute 'fetch' on 'Window': Failed to parse URL from {url}"),
        Reason::UrlHasCredentials { url } => format!(
            "TypeError: Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: {url}"
        ),
        Reason::InvalidMethod { method } => {
            format!("TypeError: Failed to execute 'fetch' on 'Window': '{method}' is not a valid HTTP method.")
        }
        Reason::ForbiddenMethod { method } => {
            format!("TypeError: Failed to execute 'fetch' on 'Window': '{method}' HTTP method is unsupported.")
        }
        Reason::NoCorsMethod { method } => {
            format!("TypeError: Failed to execute 'fetch' on 'Window': '{method}' is unsupported in no-cors mode.")
        }
        Reason::BodyWithGetOrHead { .. } => {
            "TypeError: Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body.".to_string()
        }
        // CHROMIUM: `Headers::append()` throws "Invalid name" / "Invalid value" without naming
        // either (third_party/blink/renderer/core/fetch/headers.cc; observed in Chromium 156,
        // q108, q109); a character above U+00FF fails earlier, in the IDL conversion of
        // `RequestInit.headers` (header-value-not-latin1).
        Reason::InvalidHeaderName { .. } => {
            "TypeError: Failed to execute 'fetch' on 'Window': Invalid name".to_string()
        }
        Reason::InvalidHeaderValue { .. } => {
            "TypeError: Failed to execute 'fetch' on 'Window': Invalid value".to_string()
        }
        Reason::HeaderValueNotByteString { .. } => "TypeError: Failed to execute 'fetch' on 'Window': Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point.".to_string(),
        // Every other reason is a network error: the script's promise rejects with the
        // browser's one network-error TypeError (see `ReasonKind::is_type_error_before_network`).
        _ => "TypeError: Failed to fetch".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reason::Stage;

    fn ctx(initial: &str, last: &str) -> ConsoleContext {
        ConsoleContext {
            initial_url: initial.into(),
            last_url: last.into(),
            page_origin: "https://app.example.com".into(),
            page_url: "https://app.example.com/".into(),
        }
    }

    #[test]
    fn templates() {
        let c = ctx(
            "https://api.example.com/v1/orders",
            "https://api.example.com/v1/orders",
        );
        let missing = Reason::AllowOrigin {
            stage: Stage::Preflight,
            problem: AllowOriginProblem::Missing,
        };
        assert_eq!(
            console_message(&missing, &c).as_deref(),
            Some(
                "Access to fetch at 'https://api.example.com/v1/orders' from origin 'https://app.example.com' has been \
                 blocked by CORS policy: Response to preflight request doesn't pass access control check: No \
                 'Access-Control-Allow-Origin' header is present on the requested resource."
            )
        );
        let method = Reason::MethodNotAllowed {
            method: "patch".into(),
            allowed: Some("PATCH".into()),
        };
        assert_eq!(
            console_message(&method, &ctx("https://a/x", "https://b/y")).as_deref(),
            Some(
                "Access to fetch at 'https://b/y' (redirected from 'https://a/x') from origin 'https://app.example.com' \
                 has been blocked by CORS policy: Method patch is not allowed by Access-Control-Allow-Methods in \
                 preflight response."
            )
        );
    }

    #[test]
    fn the_printed_scheme_list_is_the_profile_s() {
        assert_eq!(
            CORS_ENABLED_SCHEMES,
            crate::Profile::CHROMIUM.cors_enabled_schemes.join(", ")
        );
    }

    #[test]
    fn hints_are_escaped() {
        assert_eq!(encode_hint("a\tb"), "a\\u0009b");
        assert_eq!(encode_hint("é"), "\\u00C3\\u00A9");
    }
}
