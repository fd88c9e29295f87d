//! The warnings in words, for a browser.

use crate::origin::AddressSpace;
use crate::profile::Browser;
use crate::reason::Stage;
use crate::verdict::{Finding, Warning};

/// The warning a finding gives, worded for a browser.
pub fn warning(finding: &Finding, browser: Browser) -> Warning {
    Warning {
        id: finding.id(),
        message: message(finding, browser),
        spec: finding.spec(),
    }
}

/// What to know, in plain words.
pub fn message(finding: &Finding, browser: Browser) -> String {
    let name = browser.name();
    match finding {
        Finding::LocalNetworkAccess { url, space, since } => {
            let space = match space {
                AddressSpace::Loopback => "loopback",
                AddressSpace::Local => "local",
                AddressSpace::Public => "public",
            };
            format!(
                "{url} is in a more private address space ({space}) than the page. {name} {since} and later ask the \
                 user for Local Network Access permission first; if it is denied, fetch() fails with \"Permission \
                 was denied for this request to access the `{space}` address space.\" whatever the CORS headers say."
            )
        }
        Finding::AuthorizationWildcard => format!(
            "Authorization is allowed only through Access-Control-Allow-Headers: *. The Fetch standard says \
             * never covers Authorization and the request should fail; {name} (like Firefox and Safari) \
             still allows it and shows a deprecation issue in DevTools, and a future version may enforce \
             the standard. List Authorization explicitly. Until then {name} never caches this \
             preflight: it is sent before every request."
        ),
        Finding::MaxAgeCapped { header, seconds } => format!(
            "Access-Control-Max-Age asks for {header} seconds, but {name} caches a preflight for at most {seconds} \
             seconds (Firefox 86400, Safari 600)."
        ),
        Finding::HiddenHeaders { names } => format!(
            "The script cannot read {}: response.headers.get() returns null for them. To expose them, \
             add Access-Control-Expose-Headers: {}.",
            names.join(", "),
            names.join(", ")
        ),
        Finding::VaryOrigin { allow_origin } => format!(
            "The response names one origin ({allow_origin}) in Access-Control-Allow-Origin but does not send \
             Vary: Origin. If the server picks the value from the request's Origin, a shared cache or CDN \
             can serve this answer to another origin, which then fails. Add Vary: Origin."
        ),
        Finding::AllowOriginNull => "Access-Control-Allow-Origin: null lets every sandboxed frame, file: page and redirected request read \
             this response: any site can make its request's origin null. Prefer a real origin."
            .to_string(),
        Finding::CredentialsWithWildcard { stage } => {
            let what = match stage {
                Stage::Response => "response",
                Stage::Preflight => "preflight response",
            };
            format!(
                "The {what} sends Access-Control-Allow-Credentials: true with Access-Control-Allow-Origin: *. \
                 That pair never works: a credentialed request is refused with *, and a request without \
                 credentials ignores the credentials header. Name the origin instead of * if cookies are needed."
            )
        }
        Finding::WildcardWithCredentials { header } => format!(
            "The request's credentials mode is include, so * in {header} is not a wildcard but a literal \
             name. List the methods and header names explicitly."
        ),
        Finding::SetCookieIgnored => "The response sets a cookie, but the request's credentials mode is not include, so the browser ignores \
             Set-Cookie on this cross-origin response. Use credentials: 'include' (and SameSite=None; Secure on the \
             cookie) if the cookie is needed. Scripts can never read Set-Cookie."
            .to_string(),
        Finding::RequestExecuted { method } => format!(
            "The {method} request reached the server and ran; only its response is hidden from the script. CORS \
             does not stop a request from having effects: protect state-changing endpoints against CSRF."
        ),
        Finding::NoCorsOpaque => "mode: 'no-cors' does not switch CORS off for reading: the response is opaque (status 0, no headers, \
             empty body) and non-safelisted headers such as Content-Type: application/json were dropped before \
             sending. Fix the server's CORS headers instead."
            .to_string(),
        Finding::BrowserOnlySafelist { names } => format!(
            "{} is CORS-safelisted in {name} only: Firefox and Safari (and the Fetch standard) send a \
             preflight for it, so the server must answer OPTIONS for those browsers.",
            names.join(", ")
        ),
    }
}
