//! Fetching: the Fetch standard's algorithms from `fetch(url, init)` to what the script gets,
//! one module per algorithm, as a browser profile runs them. The steps quoted above the code
//! are from whatwg/fetch@586cd2a (2026-07-02), `fetch.bs`; where Chromium orders or decides
//! otherwise, the code says `// CHROMIUM:` and names the Chromium source that shows it, and the
//! decision is the [`Profile`]'s.
//!
//! | Fetch section | module | function |
//! | --- | --- | --- |
//! | [main fetch](https://fetch.spec.whatwg.org/#main-fetch) | [`main_fetch`] | `Fetch::main_fetch`, `Fetch::filtered_response` |
//! | [HTTP fetch](https://fetch.spec.whatwg.org/#http-fetch) | [`http_fetch`] | `Fetch::http_fetch` |
//! | [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch) | [`http_redirect_fetch`] | `Fetch::http_redirect_fetch` |
//! | [HTTP-network-or-cache fetch](https://fetch.spec.whatwg.org/#http-network-or-cache-fetch) | [`http_network_fetch`] | `Fetch::http_network_or_cache_fetch` |
//! | [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch) | [`cors_preflight_fetch`] | `Fetch::cors_preflight_fetch` |
//! | [CORS check](https://fetch.spec.whatwg.org/#cors-check) | [`cors_check`] (the rule: [`crate::check`]) | `Fetch::cors_check` |
//! | [CORS-preflight cache](https://fetch.spec.whatwg.org/#cors-preflight-cache) | [`crate::cache`] | `PreflightCache::lookup`, `append` |
//! | [Request constructor](https://fetch.spec.whatwg.org/#dom-request) | [`crate::request`] | `construct` |
//!
//! The algorithms record typed [`Step`]s and return a [`FetchResponse`]; they never build a
//! sentence (see [`crate::text`]) and never call back into the entry point
//! ([`crate::simulate`](mod@crate::simulate)), which runs the fetch, then the warnings, then the fix search.

pub mod cors_check;
pub mod cors_preflight_fetch;
pub mod http_fetch;
pub mod http_network_fetch;
pub mod http_redirect_fetch;
pub mod main_fetch;

use std::collections::BTreeMap;

use url::Url;

use crate::cache::PreflightCache;
use crate::headers::HeaderList;
use crate::origin::PageOrigin;
use crate::profile::Profile;
use crate::reason::{CorsError, Reason};
use crate::request::Request;
use crate::response::ResponseType;
use crate::scenario::Scenario;
use crate::trace::{Step, Trace};
use crate::verdict::{Facts, Finding};

/// What a fetch ends with: a filtered response the script gets, or a network error
/// (`fetch()` rejects, or throws before sending).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchResponse {
    /// `fetch()` resolves with this response.
    Response {
        /// `response.type`.
        response_type: ResponseType,
        /// `response.status` as the script sees it.
        status: u16,
        /// The header names the script can read.
        exposed: Vec<String>,
    },
    /// A network error (or the `TypeError` the constructor throws), and why.
    NetworkError(Reason),
}

/// Everything a fetch did, as data: what the verdict says before any of it is put into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// How it ended.
    pub response: FetchResponse,
    /// Whether a CORS-preflight request went out.
    pub preflight_sent: bool,
    /// The first preflight's `Access-Control-Request-*` values.
    pub preflight_request_headers: Option<BTreeMap<String, String>>,
    /// Whether the request itself reached the server.
    pub request_sent: bool,
    /// The trace.
    pub steps: Vec<Step>,
    /// Facts about the request and the response.
    pub facts: Facts,
    /// What the algorithms found worth a warning, in the order they found it.
    pub findings: Vec<Finding>,
    /// The page's origin, when it is one.
    pub page: Option<PageOrigin>,
    /// The request as the constructor built it, when it did.
    pub request: Option<Request>,
    /// The request's URL list: the URL asked for, then each redirect's target.
    pub url_list: Vec<Url>,
    /// The scenario's `response` as the browser read it, when the fetch ended with it.
    pub response_headers: Option<HeaderList>,
}

impl Fetched {
    /// Why it failed, when it did.
    pub fn reason(&self) -> Option<&Reason> {
        match &self.response {
            FetchResponse::NetworkError(reason) => Some(reason),
            FetchResponse::Response { .. } => None,
        }
    }

    /// Whether the script can read the response (resolved and not opaque).
    pub fn is_readable(&self) -> bool {
        matches!(
            self.response,
            FetchResponse::Response {
                response_type: ResponseType::Basic | ResponseType::Cors,
                ..
            }
        )
    }

    /// The browser's `CorsError`, when it reports one.
    pub fn cors_error(&self) -> Option<CorsError> {
        self.reason().and_then(Reason::cors_error)
    }
}

/// Runs a scenario's `fetch()` in the browser a profile describes. Total: whatever goes wrong
/// is in the result.
pub fn fetch(scenario: &Scenario, profile: &Profile) -> Fetched {
    let mut fetch = Fetch::new(scenario, profile);
    let response = fetch.fetch();
    fetch.fetched(response)
}

/// Main fetch again, for a scenario whose answers changed but whose page and `fetch()` call did
/// not (the fix search changes only what the server sends): the page's origin and the request
/// are taken as the first fetch read and built them, so only the steps from main fetch on are
/// recorded, and the result holds no page or request.
pub fn refetch(
    scenario: &Scenario,
    profile: &Profile,
    page: &PageOrigin,
    request: &Request,
) -> Fetched {
    let mut fetch = Fetch::new(scenario, profile);
    fetch.url_list.push(request.url.clone());
    let response = fetch.main_fetch(page, request);
    fetch.fetched(response)
}

impl<'a> Fetch<'a> {
    fn new(scenario: &'a Scenario, profile: &'a Profile) -> Self {
        Fetch {
            scenario,
            profile,
            trace: Trace::new(),
            findings: Vec::new(),
            preflight_sent: false,
            preflight_request_headers: None,
            request_sent: false,
            url_list: Vec::new(),
            cache: PreflightCache::default(),
            multi_hop: http_network_fetch::is_multi_hop(scenario),
            page: None,
            request: None,
            facts: Facts::default(),
            response_headers: None,
        }
    }

    fn fetched(self, response: FetchResponse) -> Fetched {
        Fetched {
            response,
            preflight_sent: self.preflight_sent,
            preflight_request_headers: self.preflight_request_headers,
            request_sent: self.request_sent,
            steps: self.trace.into_steps(),
            facts: self.facts,
            findings: self.findings,
            page: self.page,
            request: self.request,
            url_list: self.url_list,
            response_headers: self.response_headers,
        }
    }
}

/// A fetch in flight: the fetch params, and what the user agent keeps while it runs (the
/// CORS-preflight cache, the trace).
struct Fetch<'a> {
    scenario: &'a Scenario,
    profile: &'a Profile,
    trace: Trace,
    findings: Vec<Finding>,
    preflight_sent: bool,
    preflight_request_headers: Option<BTreeMap<String, String>>,
    request_sent: bool,
    url_list: Vec<Url>,
    cache: PreflightCache,
    /// Whether the scenario lays out redirects (the steps then carry their hop).
    multi_hop: bool,
    page: Option<PageOrigin>,
    request: Option<Request>,
    facts: Facts,
    response_headers: Option<HeaderList>,
}

/// The request's fields that change as it is redirected: its current URL, method, header list,
/// CORS flag, redirect-taint and redirect count.
/// <https://fetch.spec.whatwg.org/#concept-request>
#[derive(Clone, Debug)]
struct Current {
    /// The request's current URL.
    url: Url,
    /// The method (a redirect may turn it into GET).
    method: String,
    /// The header list the script built (a redirect may remove some).
    headers: HeaderList,
    /// The CORS flag: set once the request goes to another origin.
    cors_flag: bool,
    /// Whether the request's redirect-taint is not "same-origin" (its origin is `null`).
    tainted: bool,
    /// The redirects followed so far (the hop of the current URL).
    redirect_count: usize,
    /// Whether the last redirect changed the method.
    method_changed: bool,
}
