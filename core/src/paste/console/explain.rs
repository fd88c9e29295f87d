//! A console message in plain words, with what to do about it.

use super::{Base, ConsoleMessage, MessageKind};
use crate::profile::Browser;

/// The message in plain words.
pub fn explain(m: &ConsoleMessage) -> String {
    let b = m.browser.map_or("The browser", |b| b.name());
    let url = m.url.as_deref().unwrap_or("the URL");
    let origin = m.origin.as_deref().unwrap_or("your page's origin");
    let status_note = match m.status {
        Some(s) if s >= 400 => format!(
            " The response's status was {s}: an error response is often produced by a part of the server that \
             skips the CORS headers (an error handler, a proxy, an auth layer), so fix the error or add the headers there too."
        ),
        _ => String::new(),
    };
    let param = m.parameter.as_deref().unwrap_or("");
    match m.kind {
        MessageKind::MixedContent => {
            return format!(
                "Not a CORS error: mixed content. A page served over https may not fetch the plain http URL {url}; the browser blocks it before any CORS check, and no Access-Control header can allow it. Serve the API over https."
            );
        }
        MessageKind::LocalNetworkAccess => {
            return format!(
                "Not a CORS header problem: Chrome's Local Network Access (formerly Private Network Access) blocks a page on a more public network from reaching {url}{}. Correct CORS headers do not help: the user must grant the local-network permission, or the page must be served from the same network (and over https).",
                if param.is_empty() {
                    String::new()
                } else {
                    format!(" in the `{param}` address space")
                }
            );
        }
        MessageKind::Csp => {
            return format!(
                "Not a CORS error: the page's own Content-Security-Policy (its connect-src directive) forbids requests to {url}. Change the page's CSP, not the API's headers."
            );
        }
        MessageKind::Network if m.script_error => {
            return format!(
                "This is the script's generic error, not the reason: {b} gives the same TypeError for CORS failures and for network failures. Look in the console for a line starting with \"Access to fetch at\" (Chromium), \"Cross-Origin Request Blocked\" (Firefox) or \"Origin … is not allowed\" (Safari) and paste it; without one, the request failed on the network (server down, DNS, TLS certificate, connection refused, an ad blocker)."
            );
        }
        MessageKind::Network => {
            return format!(
                "Not a CORS error: the request to {url} got no HTTP answer{} (server down, wrong host or port, DNS, TLS certificate, connection refused, a blocked port). Firefox calls this \"CORS request did not succeed\", but no CORS header is involved.",
                m.net_error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            );
        }
        MessageKind::Other => {
            return match (m.net_error.as_deref(), m.detail.as_deref(), m.firefox_reason) {
                (Some("net::ERR_BLOCKED_BY_CLIENT"), _, _) => "Not a CORS error: an extension or ad blocker in the browser blocked the request (net::ERR_BLOCKED_BY_CLIENT). Try with extensions disabled.".to_string(),
                (Some(e), _, _) => format!("Not a CORS error: the response was blocked by a Cross-Origin-Resource-Policy or embedder policy ({e})."),
                (None, _, Some("CORSAllowHeaderFromPreflightDeprecation")) => "A warning, not an error: the request went through. Firefox warns that Access-Control-Allow-Headers: * will stop covering Authorization; list Authorization explicitly.".to_string(),
                (None, _, Some("CORSDisabled")) => "CORS is turned off in this Firefox (the content.cors.disable preference): every cross-origin request fails, whatever the server sends.".to_string(),
                (None, Some("Cross-Origin Read Blocking"), _) => "Not a CORS error: Cross-Origin Read Blocking hid a response that a no-cors request (an <img>, a <script>) received; the page could not have read it anyway.".to_string(),
                (None, Some(d), _) => format!("Not a problem with the server's CORS headers: {d}."),
                (None, None, _) => "Not a problem with the server's CORS headers.".to_string(),
            };
        }
        MessageKind::Cors => {}
    }
    let Some(base) = m.base else {
        if let Some(name) = m.devtools_error {
            return format!(
                "{b} blocked the request to {url} from {origin} ({name}): the preflight got no valid HTTP response (an empty reply, a reset connection): the server or a proxy dropped the OPTIONS request."
            );
        }
        return match (&m.detail, m.firefox_reason) {
            (_, Some("CORSExternalRedirectNotAllowed")) => format!(
                "{b} refused to follow a redirect of the cross-origin request to {url}. Point the page at the final URL."
            ),
            (_, Some("CORSOriginHeaderNotAdded")) => format!(
                "{b} could not add the Origin header to the request to {url} (an extension or a proxy setting interfered)."
            ),
            (Some(d), _) => format!(
                "{b} blocked the request to {url} from {origin}, for a reason corsim does not know: {d}"
            ),
            (None, _) => format!(
                "{b} could not load {url} because of access control checks. Safari prints the reason on a separate line (\"Origin … is not allowed by Access-Control-Allow-Origin\", \"Preflight response is not successful\"): paste it too."
            ),
        };
    };
    let stage = if m.preflight {
        "the answer to the preflight (the OPTIONS request the browser sends before the real one)"
    } else {
        "the response"
    };
    let what = match base {
        Base::Missing => format!(
            "{stage} has no Access-Control-Allow-Origin header, so {b} does not let the page read it. The server must send Access-Control-Allow-Origin: {origin} (or *) on it."
        ),
        Base::NotAllowed => format!(
            "{stage} either has no Access-Control-Allow-Origin header or names another origin than {origin} ({b} uses one message for both). The server must send Access-Control-Allow-Origin: {origin}."
        ),
        Base::Multiple => format!(
            "{stage} carries more than one origin in Access-Control-Allow-Origin{}: usually two layers (the app and a proxy, CDN or gateway) each add the header. Send it once, with one origin.",
            if param.is_empty() { String::new() } else { format!(" ({param:?})") }
        ),
        Base::Invalid => format!(
            "{stage}'s Access-Control-Allow-Origin ({param:?}) is not an origin. It must be exactly {origin}, or *."
        ),
        Base::Mismatch => format!(
            "{stage}'s Access-Control-Allow-Origin is {}, which is not the page's origin {origin}. Origins are compared exactly (scheme, host, port; no trailing slash, no path).",
            if param.is_empty() { "another origin".to_string() } else { format!("{param:?}") }
        ),
        Base::Wildcard => format!(
            "the request is sent with credentials (credentials: 'include' or withCredentials), and {stage} answers Access-Control-Allow-Origin: *, which is never allowed with credentials. The server must echo the exact origin {origin} and send Access-Control-Allow-Credentials: true."
        ),
        Base::Credentials => format!(
            "the request is sent with credentials, and {stage} does not have Access-Control-Allow-Credentials: true{}. The value must be exactly true.",
            if param.is_empty() { String::new() } else { format!(" (it has {param:?})") }
        ),
        Base::InvalidStatus => format!(
            "the preflight (OPTIONS) got a status outside 200–299{}. The server must answer OPTIONS itself with 200 or 204 and the CORS headers, before any authentication or routing that rejects it.",
            m.status.map(|s| format!(" ({s})")).unwrap_or_default()
        ),
        Base::PreflightRedirect => "the preflight (OPTIONS) was answered with a redirect, which is never followed for a preflight. Use the final URL (http→https, a trailing slash) in the page's fetch.".to_string(),
        Base::AllowMethodsParse => format!(
            "the preflight's Access-Control-Allow-Methods is not a comma-separated list of method names{}.",
            if param.is_empty() { String::new() } else { format!(" ({param:?} is not one)") }
        ),
        Base::AllowHeadersParse => format!(
            "the preflight's Access-Control-Allow-Headers is not a comma-separated list of header names{}.",
            if param.is_empty() { String::new() } else { format!(" ({param:?} is not one)") }
        ),
        Base::Method => format!(
            "the method {} is not listed in the preflight's Access-Control-Allow-Methods. Methods are compared case-sensitively (patch is not PATCH); GET, HEAD and POST never need listing.{}",
            if param.is_empty() { "used" } else { param },
            // A method fetch() leaves as written (`patch`): the script wrote it so.
            if crate::method::normalize(param) == param && param.bytes().any(|b| b.is_ascii_lowercase()) {
                format!(
                    " fetch() sends {param} exactly as the script writes it (it upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT): write '{}' in the script, or list {param} on the server.",
                    param.to_ascii_uppercase()
                )
            } else {
                String::new()
            }
        ),
        Base::Header => format!(
            "the request sets the header {} and the preflight's Access-Control-Allow-Headers does not list it. Add it to Access-Control-Allow-Headers (or stop sending it).",
            if param.is_empty() { "(named in the message)" } else { param }
        ),
        Base::RedirectCredentials => format!(
            "a redirect pointed to {}, a URL with a username or password, which cross-origin requests may not follow.",
            if param.is_empty() { "a URL" } else { param }
        ),
        Base::DisallowedByMode => "the fetch uses mode: 'same-origin' and the URL is on another origin.".to_string(),
        Base::Scheme => format!(
            "{} URLs cannot be fetched across origins (only http and https can). A page opened from file:// has to be served over http(s) instead.",
            if param.is_empty() { "This scheme's".to_string() } else { format!("{param}:") }
        ),
        Base::NoCorsRedirect => "a no-cors request must follow redirects (redirect: 'follow').".to_string(),
    };
    // The name the browser that printed the message gives the failure: DevTools' CorsError
    // in Chromium, the Reason key in Firefox; Safari prints none.
    let name = match m.browser {
        Some(Browser::Chromium) | None => m.cors_error_name(),
        Some(Browser::Firefox) => m.firefox_reason,
        Some(Browser::Safari) => None,
    };
    let lead = match name {
        Some(e) => format!("{b} blocked the request to {url} from {origin} ({e})"),
        None => format!("{b} blocked the request to {url} from {origin}"),
    };
    format!("{lead}: {what}{status_note}")
}

#[cfg(test)]
mod tests {
    use super::super::read_console;
    use super::*;

    fn explained(text: &str) -> String {
        let all = read_console(text);
        assert_eq!(all.len(), 1, "{text}: {all:#?}");
        all.first().map(explain).unwrap_or_default()
    }

    #[test]
    fn each_browser_is_named_with_its_own_name_for_the_failure() {
        let chromium = explained(
            "Access to fetch at 'https://api.shop.io/x' from origin 'https://app.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        );
        assert!(
            chromium.starts_with("Chromium blocked the request to https://api.shop.io/x from https://app.shop.io (MissingAllowOriginHeader):"),
            "{chromium}"
        );
        let firefox = explained(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.io/x. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 200.",
        );
        assert!(firefox.starts_with("Firefox blocked"), "{firefox}");
        assert!(firefox.contains("(CORSMissingAllowOrigin2)"), "{firefox}");
        assert!(!firefox.contains("MissingAllowOriginHeader"), "{firefox}");
        let safari = explained(
            "[Error] Origin https://app.shop.io is not allowed by Access-Control-Allow-Origin. Status code: 200",
        );
        assert!(
            !safari.contains("MissingAllowOrigin") && !safari.contains("AllowOriginMismatch"),
            "{safari}"
        );
    }

    #[test]
    fn a_method_fetch_sends_as_written_points_at_the_script() {
        let patch = explained(
            "Access to fetch at 'https://api.shop.io/x' from origin 'https://app.shop.io' has been blocked by CORS policy: Method patch is not allowed by Access-Control-Allow-Methods in preflight response.",
        );
        assert!(
            patch.contains("write 'PATCH' in the script, or list patch on the server"),
            "{patch}"
        );
        let put = explained(
            "Access to fetch at 'https://api.shop.io/x' from origin 'https://app.shop.io' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
        );
        assert!(!put.contains("in the script"), "{put}");
    }
}
