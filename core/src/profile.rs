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
    /// The three, in the order verdicts list them.
    pub const ALL: [Browser; 3] = [Browser::Chromium, Browser::Firefox, Browser::Safari];

    /// The browser a `--browser` value names (`chromium`/`chrome`, `firefox`, `safari`/`webkit`).
    pub fn from_id(id: &str) -> Option<Browser> {
        match id.to_ascii_lowercase().as_str() {
            "chromium" | "chrome" => Some(Browser::Chromium),
            "firefox" => Some(Browser::Firefox),
            "safari" | "webkit" => Some(Browser::Safari),
            _ => None,
        }
    }

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
    /// WEBKIT: `HTTPHeaderMap`, one header per name, a repeated name's values combined with
    /// `, `, in the order each name first appeared (Source/WebCore/platform/network/
    /// HTTPHeaderMap.cpp); its `Access-Control-Request-Headers` is sorted all the same.
    CombinedInOrder,
}

/// The order in which a browser checks the CORS-unsafe request-header names against
/// `Access-Control-Allow-Headers`: the first missing one is the one its error names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderCheckOrder {
    /// The order of the request's header list as the profile holds it (CHROMIUM).
    ListOrder,
    /// FIREFOX: the sorted `Access-Control-Request-Headers` list.
    Sorted,
    /// WEBKIT: the header map's order: the headers WebCore knows by name
    /// ([`WEBKIT_KNOWN_HEADER_NAMES`]) first, then the others, each in list order.
    KnownNamesFirst,
}

/// Request headers WebCore's header map keeps apart, under their canonical spelling (a part of
/// Source/WebCore/platform/network/HTTPHeaderNames.in: the ones a script sets that can need a
/// preflight); WebKit's messages print these names so, every other name as the script wrote it.
pub const WEBKIT_KNOWN_HEADER_NAMES: [&str; 9] = [
    "Accept",
    "Accept-Language",
    "Authorization",
    "Cache-Control",
    "Content-Language",
    "Content-Type",
    "Pragma",
    "Range",
    "User-Agent",
];

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

/// How a browser tells apart the ways `Access-Control-Allow-Origin` can fail, which decides the
/// error (and the console line) a response gets; the pass/fail rule is the standard's in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllowOriginRule {
    /// CHROMIUM: `CheckAccess` (services/network/public/cpp/cors/cors.cc): `*` with
    /// credentials, missing, a value holding a space or comma ("multiple values"), `null` or a
    /// URL ("mismatch"), anything else ("invalid value").
    Chromium,
    /// FIREFOX: `nsCORSListenerProxy::CheckRequestApproved()` counts header *lines*: two lines
    /// are "multiple", `*` with credentials is checked before the match, and every other value
    /// that is not the origin is a mismatch, whatever it holds (netwerk/protocol/http/
    /// nsCORSListenerProxy.cpp).
    Firefox,
    /// WEBKIT: `passesAccessControlCheck()` compares the combined value with the origin as a
    /// string: `*` with credentials, a comma ("more than one origin"), anything else one
    /// "not allowed" (Source/WebCore/loader/CrossOriginAccessControl.cpp).
    WebKit,
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
    /// How `Access-Control-Allow-Origin` failures are told apart.
    pub allow_origin_rule: AllowOriginRule,
    /// Whether `Access-Control-Request-Headers` names a header once however many unsafe values
    /// it has (the standard's sorted-lowercase *set*). FIREFOX: no, once per unsafe entry of
    /// the header list (`GetUnsafeHeaders()` in dom/fetch/InternalHeaders.cpp appends
    /// `header.mName` for each).
    pub request_headers_deduplicated: bool,
    /// Whether the preflight of a redirected request carries the tainted origin (`null`) and is
    /// checked against it, as the standard says. FIREFOX: no, the preflight is built from the
    /// loading principal and checked with `mReferrerPrincipal`, the page
    /// (`nsCORSListenerProxy::StartCORSPreflight`, `nsCORSPreflightListener`).
    pub preflight_origin_tainted: bool,
    /// Whether a redirect answer to a preflight is reported as a redirect (`true`: CHROMIUM
    /// `PreflightDisallowedRedirect`, FIREFOX `CORSExternalRedirectNotAllowed`) rather than as
    /// a status that is not ok (WEBKIT: `validatePreflightResponse()` checks `isSuccessful()`
    /// first, CrossOriginAccessControl.cpp).
    pub preflight_redirect_reported: bool,
    /// Whether `http://localhost`, `127.0.0.1` and `[::1]` count as potentially trustworthy for
    /// mixed content (an https page may fetch them). WEBKIT (WebKitGTK 2.50): no, blocked as
    /// mixed content (recorded: bp-mixed-01…03 in tests/differential/recordings).
    pub loopback_not_mixed_content: bool,
    /// Whether the HTTP cache replays a 301/308 within one redirect chain. CHROMIUM: yes
    /// (sc-revisit-301-loop); FIREFOX and WEBKIT ask the server again (recorded).
    pub caches_permanent_redirects: bool,
    /// The order in which the CORS-unsafe request-header names are checked against
    /// `Access-Control-Allow-Headers`.
    pub header_check_order: HeaderCheckOrder,
    /// Whether a request that needed a preflight is preflighted again at every later
    /// cross-origin hop, even after a 301/302/303 turned it into a `GET` without body (FIREFOX,
    /// WEBKIT: the preflight requirement stays with the request; CHROMIUM decides afresh).
    pub preflight_sticks_after_redirect: bool,
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

/// WEBKIT: `validatePreflightResponse()` (Source/WebCore/loader/CrossOriginAccessControl.cpp):
/// `isSuccessful()` first, then `passesAccessControlCheck()`, then
/// `CrossOriginPreflightResultCacheItem::create()` (the two lists) and `validateMethodAndHeaders()`.
const WEBKIT_PREFLIGHT_CHECKS: [PreflightCheck; 6] = [
    PreflightCheck::OkStatus,
    PreflightCheck::CorsCheck,
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
        allow_origin_rule: AllowOriginRule::Chromium,
        header_check_order: HeaderCheckOrder::ListOrder,
        preflight_sticks_after_redirect: false,
        request_headers_deduplicated: true,
        preflight_origin_tainted: true,
        preflight_redirect_reported: true,
        loopback_not_mixed_content: true,
        caches_permanent_redirects: true,
        local_network_access_since: Some(142),
    };

    /// Firefox, as checked against Debian's Firefox 153.8 ESR by the differential tests
    /// (tests/differential/recordings/firefox-*.json; the rules: tests/differential/BROWSERS.md).
    pub const FIREFOX: Profile = Profile {
        browser: Browser::Firefox,
        version: 153,
        // FIREFOX: `nsContentUtils::IsCORSSafelistedRequestHeader` knows only the standard's
        // four names and Range (dom/base/nsContentUtils.cpp): client hints are preflighted.
        client_hint_safelist: false,
        range_unit_any_case: false,
        safelisted_value_limit: 128,
        safelisted_total_limit: 1024,
        // FIREFOX: a script-set User-Agent is sent (the standard removed it from the
        // forbidden list), so it is preflighted like any unsafe header.
        user_agent_forbidden: false,
        // FIREFOX: `GetUnsafeHeaders()` walks the header list entry by entry
        // (dom/fetch/InternalHeaders.cpp).
        request_headers: RequestHeaderList::AsAppended,
        // FIREFOX: the CORS listener's `CheckRequestApproved()` (ACAO, ACAC) runs on the
        // preflight channel before `nsCORSPreflightListener::CheckPreflightRequestApproved()`
        // (status, then methods, then headers); the token lists are parsed as they are checked.
        preflight_checks: &CHROMIUM_PREFLIGHT_CHECKS,
        // FIREFOX: pref network.cors_preflight.authorization_covered_by_wildcard (default true).
        authorization_covered_by_wildcard: true,
        cache_wildcard_covers_authorization: false,
        // FIREFOX: PREFLIGHT_DEFAULT_EXPIRY_SECONDS and the one-day cap of
        // `nsCORSPreflightListener::AddResultToCache()`.
        max_age_default: 5,
        max_age_cap: 86_400,
        redirect_limit: 20,
        // FIREFOX: a redirect to a non-HTTP scheme is refused by the CORS listener
        // (`CORSRequestNotHttp` or `CORSDidNotSucceed2`), never silently.
        unsafe_redirect_schemes: &[],
        cors_enabled_schemes: &["http", "https"],
        scheme_check_on_restart_only: &[],
        refuses_redirect_with_credentials: false,
        allow_origin_rule: AllowOriginRule::Firefox,
        header_check_order: HeaderCheckOrder::Sorted,
        preflight_sticks_after_redirect: true,
        request_headers_deduplicated: false,
        preflight_origin_tainted: false,
        preflight_redirect_reported: true,
        loopback_not_mixed_content: true,
        caches_permanent_redirects: false,
        local_network_access_since: None,
    };

    /// Safari, modeled on WebKitGTK 2.50 (Debian's libwebkit2gtk-4.1-0, the WebCore CORS code
    /// Safari shares) as the differential tests checked it (tests/differential/recordings/
    /// webkit-*.json; where Apple's Safari is known to differ: BROWSERS.md, "Apple's Safari and
    /// WebKitGTK").
    pub const SAFARI: Profile = Profile {
        browser: Browser::Safari,
        version: 250,
        // WEBKIT: `isCrossOriginSafeRequestHeader()` (Source/WebCore/platform/network/
        // HTTPParsers.cpp) knows Accept, Accept-Language, Content-Language, Content-Type, Range.
        client_hint_safelist: false,
        range_unit_any_case: true,
        safelisted_value_limit: 128,
        safelisted_total_limit: 1024,
        user_agent_forbidden: false,
        // WEBKIT: `createAccessControlPreflightRequest()` reads the HTTPHeaderMap: one entry
        // per name, values combined, names lowercased and sorted (CrossOriginAccessControl.cpp).
        request_headers: RequestHeaderList::CombinedInOrder,
        preflight_checks: &WEBKIT_PREFLIGHT_CHECKS,
        authorization_covered_by_wildcard: true,
        cache_wildcard_covers_authorization: false,
        // WEBKIT: `CrossOriginPreflightResultCacheItem::create()` caps at 600 s, default 5 s
        // (CrossOriginPreflightResultCache.cpp).
        max_age_default: 5,
        max_age_cap: 600,
        redirect_limit: 20,
        unsafe_redirect_schemes: &[],
        cors_enabled_schemes: &["http", "https"],
        scheme_check_on_restart_only: &[],
        refuses_redirect_with_credentials: false,
        allow_origin_rule: AllowOriginRule::WebKit,
        header_check_order: HeaderCheckOrder::KnownNamesFirst,
        preflight_sticks_after_redirect: true,
        request_headers_deduplicated: true,
        preflight_origin_tainted: true,
        preflight_redirect_reported: false,
        loopback_not_mixed_content: false,
        caches_permanent_redirects: false,
        local_network_access_since: None,
    };

    /// The profile of a browser.
    pub fn of(browser: Browser) -> &'static Profile {
        match browser {
            Browser::Chromium => &Profile::CHROMIUM,
            Browser::Firefox => &Profile::FIREFOX,
            Browser::Safari => &Profile::SAFARI,
        }
    }

    /// How this browser names an `Access-Control-Allow-Origin` failure the standard's check
    /// found (`problem`, as [`crate::check::cors_check`] tells it apart), given how many header
    /// lines the response had.
    pub fn allow_origin_problem(
        &self,
        problem: crate::reason::AllowOriginProblem,
        lines: usize,
        origin: &str,
    ) -> crate::reason::AllowOriginProblem {
        use crate::reason::AllowOriginProblem as P;
        match (self.allow_origin_rule, problem) {
            (AllowOriginRule::Chromium, p) => p,
            (_, P::Missing) => P::Missing,
            (_, P::WildcardWithCredentials) if lines <= 1 => P::WildcardWithCredentials,
            // FIREFOX: two or more lines are "multiple", whatever they hold.
            (
                AllowOriginRule::Firefox,
                P::Multiple { value } | P::Invalid { value } | P::Mismatch { value, .. },
            ) if lines > 1 => P::Multiple { value },
            (AllowOriginRule::Firefox, P::WildcardWithCredentials) => P::Multiple {
                value: "*".to_string(),
            },
            // FIREFOX: one line that is not the origin is a mismatch, whatever it holds.
            (AllowOriginRule::Firefox, P::Multiple { value } | P::Invalid { value }) => {
                P::Mismatch {
                    value,
                    origin: origin.to_string(),
                }
            }
            (AllowOriginRule::Firefox, p @ P::Mismatch { .. }) => p,
            // WEBKIT: a comma is "more than one origin"; anything else is "not allowed".
            (AllowOriginRule::WebKit, P::WildcardWithCredentials) => P::WildcardWithCredentials,
            (
                AllowOriginRule::WebKit,
                P::Multiple { value } | P::Invalid { value } | P::Mismatch { value, .. },
            ) => {
                if value.contains(',') {
                    P::Multiple { value }
                } else {
                    P::Mismatch {
                        value,
                        origin: origin.to_string(),
                    }
                }
            }
        }
    }

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
            RequestHeaderList::CombinedInOrder => headers.combined().iter().cloned().collect(),
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
