//! Browser profiles: where a browser departs from the Fetch standard, written down as data and
//! small rules rather than as forks of the algorithms. The algorithms under [`crate::fetch`] ask
//! the profile whenever a browser decides; the words a browser prints live in [`crate::text`],
//! keyed by [`Browser`]. Chromium is the first profile; adding a browser is adding a `Profile`
//! constant here and its tables in `text` (see core/README.md).

use crate::headers::{Header, HeaderList};

/// A browser engine: the one a verdict is for, and the one a pasted console message comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    /// Chromium (Chrome, Edge, Opera, Brave …).
    Chromium,
    /// Firefox (Gecko).
    Firefox,
    /// Safari, and every browser built on WebKit.
    Safari,
}

impl Browser {
    /// The name people use.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::Safari => "Safari",
        }
    }

    /// The lowercase identifier of the CLI's `--browser` and of the verdict's `browser` field.
    pub fn id(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
            Browser::Safari => "safari",
        }
    }
}

/// One of the checks a CORS-preflight response must pass, for [`Profile::preflight_checks`]:
/// the standard states them as one condition and a list of steps, and browsers run them in
/// orders of their own, which decides the error a response with several faults gets.
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreflightCheck {
    /// "A CORS check for request and response returns success" (step 7).
    CorsCheck,
    /// "response's status is an ok status" (step 7).
    OkStatus,
    /// "Let methods be the result of extracting header list values given
    /// `Access-Control-Allow-Methods`" and its failure (steps 7.1, 7.3).
    ExtractAllowMethods,
    /// "Let headerNames be the result of extracting header list values given
    /// `Access-Control-Allow-Headers`" and its failure (steps 7.2, 7.3).
    ExtractAllowHeaders,
    /// The method rule (step 7.5).
    Method,
    /// The Authorization rule and the header rule (steps 7.6, 7.7).
    Headers,
}

/// How the browser holds the request's header list when the CORS rules read it: the safelist,
/// the preflight decision, `Access-Control-Request-Headers` and the preflight's header check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestHeaderList {
    /// The standard's header list: one header per `append`, each checked on its own (so two
    /// short `Accept` values are each safelisted).
    /// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
    AsAppended,
    /// CHROMIUM: `net::HttpRequestHeaders`, which the network service's CORS code reads
    /// (`CorsUnsafeNotForbiddenRequestHeaderNames(headers.GetHeaderVector())` in
    /// services/network/cors/preflight_controller.cc): one header per name, a repeated name's
    /// values combined with `, ` (the combined value is what the safelist checks), in the
    /// order of the lowercased names.
    CombinedSortedByName,
}

/// What a redirect to a URL whose scheme is not http(s) runs into, in a browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectScheme {
    /// The scheme is http or https: nothing.
    Http,
    /// The network stack refuses to follow the redirect at all (`net::ERR_UNSAFE_REDIRECT`).
    Refused,
    /// The CORS scheme check fails it: a CORS error (`CorsDisabledScheme`).
    CorsDisabled,
    /// Neither: the redirect is followed and the URL then fails to load, without a CORS error.
    NotLoadable,
}

/// What a browser does where the Fetch standard leaves room or where the browser deviates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The engine.
    pub browser: Browser,
    /// The major version the profile was checked against.
    pub version: u32,
    /// CHROMIUM: `DPR`, `Width`, `Viewport-Width`, `RTT`, `Downlink`, `ECT`, `Device-Memory`,
    /// `Save-Data` and `Intervention` are CORS-safelisted request headers when their value is
    /// well formed (`IsCorsSafelistedHeader` in services/network/public/cpp/cors/cors.cc).
    pub client_hint_safelist: bool,
    /// WEBKIT: a `Range` value's unit may be written in any case (`Bytes=0-1` is safelisted);
    /// the standard ("If data does not start with "bytes"") and Chromium and Firefox compare
    /// it case-sensitively.
    pub range_unit_any_case: bool,
    /// The longest value a CORS-safelisted request header may have, in bytes (spec: 128).
    pub safelisted_value_limit: usize,
    /// The most bytes the values of CORS-safelisted request headers may total (spec: 1024).
    pub safelisted_total_limit: usize,
    /// CHROMIUM: `User-Agent` is still a forbidden request header (crbug.com/571722), although
    /// the standard removed it from the list; a script-set `User-Agent` is dropped.
    pub user_agent_forbidden: bool,
    /// How the request's header list is held when the CORS rules read it.
    pub request_headers: RequestHeaderList,
    /// The checks of a preflight response, in the order the browser runs them.
    pub preflight_checks: &'static [PreflightCheck],
    /// CHROMIUM: `Authorization` is covered by `Access-Control-Allow-Headers: *` (feature
    /// `CorsNonWildcardRequestHeadersSupport` is disabled by default); the standard says it is not.
    pub authorization_covered_by_wildcard: bool,
    /// Whether a preflight cache entry whose `Access-Control-Allow-Headers` is `*` lets a later
    /// request with `Authorization` skip its preflight. The standard: no (a header-name cache
    /// entry match). CHROMIUM: no either, even where the check itself lets `*` cover it:
    /// `PreflightCache::CheckIfRequestCanSkipPreflight` calls `EnsureAllowedRequest` with
    /// `NonWildcardRequestHeadersSupport(true)` (services/network/cors/preflight_cache.cc), so
    /// such a request is preflighted every time.
    pub cache_wildcard_covers_authorization: bool,
    /// Seconds a preflight result is cached when `Access-Control-Max-Age` is absent or unparsable.
    pub max_age_default: u64,
    /// The longest a preflight result is cached, in seconds.
    pub max_age_cap: u64,
    /// The longest redirect chain a fetch follows.
    pub redirect_limit: usize,
    /// Schemes whose network handler refuses to be a redirect target. CHROMIUM:
    /// `URLRequestJobFactory::IsSafeRedirectTarget` (data, file, blob, about, filesystem).
    pub unsafe_redirect_schemes: &'static [&'static str],
    /// Schemes that pass the CORS scheme check. CHROMIUM: `url::GetCorsEnabledSchemes()`,
    /// checked in `CorsURLLoader::StartRequest` (services/network/cors/cors_url_loader.cc).
    pub cors_enabled_schemes: &'static [&'static str],
    /// Schemes that meet the CORS scheme check after a redirect only when the request is
    /// restarted. CHROMIUM 148: `CorsURLLoader::FollowRedirect` runs `StartRequest` (and so the
    /// scheme check) again only when a preflight is needed, the method changed or the CORS flag
    /// was just set; otherwise the network stack followed the redirect itself, and its WebSocket
    /// handler took `ws:`/`wss:` URLs and failed them without a CORS error. Empty in 156.
    pub scheme_check_on_restart_only: &'static [&'static str],
    /// CHROMIUM: a redirect to a URL with a username or password is refused even where the
    /// standard's CORS rule does not apply (a same-origin redirect), without a CORS error
    /// (recorded in Chromium 148: `same-origin-redirect-to-credentials-url` in
    /// tests/differential/recordings/chromium-scenarios.json).
    pub refuses_redirect_with_credentials: bool,
    /// The version from which the browser asks the user before a page reaches a more private
    /// address space (Local Network Access, <https://wicg.github.io/local-network-access/>);
    /// `None` when it does not. CHROMIUM: 142.
    pub local_network_access_since: Option<u32>,
}

/// CHROMIUM: the order of `PreflightController`'s checks (services/network/cors/
/// preflight_controller.cc): `CheckPreflightAccess` runs `CheckAccess` and then the ok status;
/// `PreflightResult::Create` parses `Access-Control-Allow-Methods` and then `-Headers`;
/// `CheckPreflightResult` checks the method and then the headers.
const CHROMIUM_PREFLIGHT_CHECKS: [PreflightCheck; 6] = [
    PreflightCheck::CorsCheck,
    PreflightCheck::OkStatus,
    PreflightCheck::ExtractAllowMethods,
    PreflightCheck::ExtractAllowHeaders,
    PreflightCheck::Method,
    PreflightCheck::Headers,
];

/// CHROMIUM: `url::GetCorsEnabledSchemes()` with Chrome's embedder schemes, as Chromium 156
/// lists them (148 had no `chrome-experimental-site-token-provider`).
const CHROMIUM_CORS_ENABLED_SCHEMES: [&str; 8] = [
    "chrome",
    "chrome-experimental-site-token-provider",
    "chrome-extension",
    "chrome-untrusted",
    "data",
    "http",
    "https",
    "isolated-app",
];

impl Profile {
    /// Chromium, as checked against Debian's Chromium 156 by the differential tests.
    pub const CHROMIUM: Profile = Profile {
        browser: Browser::Chromium,
        version: 156,
        client_hint_safelist: true,
        range_unit_any_case: false,
        safelisted_value_limit: 128,
        safelisted_total_limit: 1024,
        user_agent_forbidden: true,
        request_headers: RequestHeaderList::CombinedSortedByName,
        preflight_checks: &CHROMIUM_PREFLIGHT_CHECKS,
        authorization_covered_by_wildcard: true,
        cache_wildcard_covers_authorization: false,
        // CHROMIUM: services/network/cors/preflight_result.cc, kDefaultTimeout and kMaxTimeout.
        max_age_default: 5,
        max_age_cap: 7200,
        redirect_limit: 20,
        unsafe_redirect_schemes: &["data", "file", "blob", "about", "filesystem"],
        cors_enabled_schemes: &CHROMIUM_CORS_ENABLED_SCHEMES,
        // CHROMIUM: 148 let the network stack's WebSocket handler fail a redirect to ws:/wss:
        // that did not restart the request (net::ERR_UNKNOWN_URL_SCHEME); 156 fails every
        // such redirect with CorsDisabledScheme (g0749, sc-redirect-ws-get).
        scheme_check_on_restart_only: &[],
        refuses_redirect_with_credentials: true,
        local_network_access_since: Some(142),
    };

    /// The engine's name as people know it.
    pub fn name(&self) -> &'static str {
        self.browser.name()
    }

    /// The request's header list as the CORS rules of this browser read it.
    pub fn request_header_list(&self, headers: &HeaderList) -> HeaderList {
        match self.request_headers {
            RequestHeaderList::AsAppended => headers.clone(),
            RequestHeaderList::CombinedSortedByName if headers.is_empty() => HeaderList::new(),
            RequestHeaderList::CombinedSortedByName => {
                let mut list: Vec<Header> = headers.combined().iter().cloned().collect();
                list.sort_by_key(|h| h.name.to_ascii_lowercase());
                list.into_iter().collect()
            }
        }
    }

    /// What a redirect to a URL of this scheme runs into. `restarted` says whether the browser
    /// starts the request anew at the redirect (it then runs the CORS scheme check again);
    /// `cors` whether the request's CORS flag is set.
    pub fn redirect_scheme(&self, scheme: &str, cors: bool, restarted: bool) -> RedirectScheme {
        if matches!(scheme, "http" | "https") {
            RedirectScheme::Http
        } else if self.unsafe_redirect_schemes.contains(&scheme) {
            RedirectScheme::Refused
        } else if cors
            && !self.cors_enabled_schemes.contains(&scheme)
            && (restarted || !self.scheme_check_on_restart_only.contains(&scheme))
        {
            RedirectScheme::CorsDisabled
        } else {
            RedirectScheme::NotLoadable
        }
    }

    /// Serializing a request origin: the `Origin` a request (and its preflight) carries, `null`
    /// once a redirect has tainted it.
    /// <https://fetch.spec.whatwg.org/#serializing-a-request-origin>
    ///
    /// CHROMIUM: `CreatePreflightRequest` and `CorsURLLoader::StartRequest` send
    /// `url::Origin().Serialize()` (`null`) when `tainted_` (services/network/cors/).
    pub fn serialize_request_origin(&self, origin: &str, tainted: bool) -> String {
        // 2. If request's redirect-taint is not "same-origin", then return "null".
        // 3. Return request's origin, serialized.
        if tainted {
            "null".to_string()
        } else {
            origin.to_string()
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::CHROMIUM
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[(&str, &str)]) -> HeaderList {
        lines.iter().map(|(n, v)| Header::new(*n, *v)).collect()
    }

    #[test]
    fn repeated_headers_are_combined_in_chromium_and_separate_in_the_standard() {
        let list = headers(&[("X-B", "1"), ("Accept", "a"), ("x-b", "2")]);
        let chromium = Profile::CHROMIUM.request_header_list(&list);
        let lines: Vec<(String, String)> = chromium
            .iter()
            .map(|h| {
                (
                    crate::headers::to_display(&h.name),
                    crate::headers::to_display(&h.value),
                )
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                ("Accept".to_string(), "a".to_string()),
                ("X-B".to_string(), "1, 2".to_string())
            ]
        );
        let standard = Profile {
            request_headers: RequestHeaderList::AsAppended,
            ..Profile::CHROMIUM
        };
        assert_eq!(standard.request_header_list(&list), list);
    }

    #[test]
    fn redirect_schemes() {
        // Chromium 148's ws: rule, kept as profile data.
        let p = Profile {
            scheme_check_on_restart_only: &["ws", "wss"],
            ..Profile::CHROMIUM
        };
        assert_eq!(
            Profile::CHROMIUM.redirect_scheme("ws", true, false),
            RedirectScheme::CorsDisabled
        );
        for (name, scheme, cors, restarted, expected) in [
            ("https", "https", true, false, RedirectScheme::Http),
            ("data refused", "data", true, true, RedirectScheme::Refused),
            ("ftp cors", "ftp", true, false, RedirectScheme::CorsDisabled),
            (
                "ftp no-cors",
                "ftp",
                false,
                false,
                RedirectScheme::NotLoadable,
            ),
            (
                "ws not restarted",
                "ws",
                true,
                false,
                RedirectScheme::NotLoadable,
            ),
            (
                "ws restarted",
                "ws",
                true,
                true,
                RedirectScheme::CorsDisabled,
            ),
            (
                "chrome enabled",
                "chrome",
                true,
                true,
                RedirectScheme::NotLoadable,
            ),
        ] {
            assert_eq!(
                p.redirect_scheme(scheme, cors, restarted),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn a_tainted_request_origin_is_null() {
        let p = Profile::CHROMIUM;
        assert_eq!(
            p.serialize_request_origin("https://a.example", false),
            "https://a.example"
        );
        assert_eq!(
            p.serialize_request_origin("https://a.example", true),
            "null"
        );
    }
}
