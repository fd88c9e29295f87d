//! Main fetch: the page's side of a fetch — the page's origin, the request the constructor
//! builds, the mode, the scheme and mixed content — then the HTTP fetch of each URL of the
//! redirect chain, and at the end the filtered response the script gets.
//! <https://fetch.spec.whatwg.org/#main-fetch>

use url::Url;

use super::http_fetch::Hop;
use super::http_network_fetch::Server;
use super::{Current, Fetch, FetchResponse};
use crate::headers::HeaderList;
use crate::origin::{
    Origin, PageOrigin, address_space, is_potentially_trustworthy_url, page_address_space,
    parse_page_origin,
};
use crate::profile::RedirectScheme;
use crate::reason::Reason;
use crate::request::{Request, construct};
use crate::response::{ResponseType, readable_header_names};
use crate::safelist::cors_unsafe_request_header_names;
use crate::scenario::{Credentials, Mode, RedirectMode};
use crate::trace::StepKind;
use crate::verdict::Finding;

/// The response headers a script has no use reading, left out of the hidden-headers warning.
const UNINTERESTING_HIDDEN: [&str; 7] = [
    "set-cookie",
    "set-cookie2",
    "vary",
    "date",
    "server",
    "connection",
    "keep-alive",
];

fn is_http_scheme(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

impl Fetch<'_> {
    /// `fetch(url, init)`: the page's origin, the `Request` constructor, then main fetch.
    /// <https://fetch.spec.whatwg.org/#dom-global-fetch>
    pub(super) fn fetch(&mut self) -> FetchResponse {
        let scenario = self.scenario;
        let page = match parse_page_origin(&scenario.origin) {
            Ok(page) => page,
            Err(_) => {
                self.trace.record(StepKind::PageOriginInvalid {
                    origin: scenario.origin.clone(),
                });
                return FetchResponse::NetworkError(Reason::InvalidUrl {
                    url: scenario.origin.clone(),
                });
            }
        };
        self.trace.record(StepKind::PageOrigin {
            origin: page.serialized.clone(),
            written: page.rewritten_from.clone(),
            opaque: page.origin.is_opaque(),
        });
        // Let requestObject be the result of invoking the initial value of Request as
        // constructor with input and init as arguments. If this throws an exception, reject p
        // with it and return p.
        let request = match construct(&scenario.request, &page, self.profile, &mut self.trace) {
            Ok(r) => r,
            Err(reason) => {
                self.page = Some(page);
                return FetchResponse::NetworkError(reason);
            }
        };
        self.url_list.push(request.url.clone());
        let response = self.main_fetch(&page, &request);
        self.page = Some(page);
        self.request = Some(request);
        response
    }

    /// Main fetch, and again after each redirect ("return the result of running main fetch
    /// given fetchParams and recursive", HTTP-redirect fetch's last step): a loop over the
    /// URLs of the chain.
    /// <https://fetch.spec.whatwg.org/#concept-main-fetch>
    pub(super) fn main_fetch(&mut self, page: &PageOrigin, request: &Request) -> FetchResponse {
        let url = &request.url;
        // 12. If response is null, then set response to the result of running the steps
        //     corresponding to the first matching statement:
        //     request's current URL's scheme is "data": [...] return the result of running
        //     override fetch given "scheme-fetch" and fetchParams.
        if url.scheme() == "data" {
            self.trace.record(StepKind::DataUrl {
                url: url.to_string(),
            });
            return FetchResponse::Response {
                response_type: ResponseType::Basic,
                status: 200,
                exposed: vec!["content-type".to_string()],
            };
        }
        // request's current URL's origin is same origin with request's origin, and request's
        // response tainting is "basic": [...] return the result of running override fetch
        // given "scheme-fetch" and fetchParams (for an http(s) URL, HTTP fetch below).
        let target = Origin::of_url(url);
        let differing = page.origin.differences(&target);
        self.facts.differing = differing.clone();
        self.facts.dropped_headers = request.dropped.clone();
        let cross_origin = !differing.is_empty();
        self.trace.record(StepKind::SameOrigin {
            page_origin: page.serialized.clone(),
            url_origin: target.serialize(),
            url: url.to_string(),
            differing,
        });
        if cross_origin {
            match request.mode {
                // request's mode is "same-origin": Return a network error.
                Mode::SameOrigin => {
                    self.trace.record(StepKind::ModeSameOrigin {
                        url: url.to_string(),
                    });
                    return FetchResponse::NetworkError(Reason::DisallowedByMode {
                        url: url.to_string(),
                    });
                }
                // request's mode is "no-cors": If request's redirect mode is not "follow",
                // then return a network error.
                Mode::NoCors if request.redirect != RedirectMode::Follow => {
                    self.trace.record(StepKind::NoCorsRedirectMode {
                        redirect: request.redirect,
                    });
                    return FetchResponse::NetworkError(Reason::NoCorsRedirectModeNotFollow {
                        redirect: request.redirect.as_str().to_string(),
                    });
                }
                // Set request's response tainting to "opaque".
                Mode::NoCors => self.trace.record(StepKind::NoCorsOpaque),
                Mode::Cors => {}
            }
        }
        // request's current URL's scheme is not an HTTP(S) scheme: Return a network error.
        if !is_http_scheme(url) {
            self.trace.record(StepKind::SchemeNotHttp {
                scheme: url.scheme().to_string(),
            });
            return FetchResponse::NetworkError(Reason::CorsDisabledScheme {
                scheme: url.scheme().to_string(),
                redirected: false,
            });
        }
        // 7. If should request be blocked due to a bad port, should fetching request be blocked
        //    as mixed content, [...] returns blocked, then set response to a network error.
        // CHROMIUM: `FetchManager::Loader::Start` takes step 12's mode and scheme statements
        // first ("We do mixed content checking in ResourceFetcher", when the loader asks for
        // the resource; third_party/blink/renderer/core/fetch/fetch_manager.cc), so a request
        // that fails both is reported by its mode or scheme.
        if page.origin.scheme() == Some("https") && !self.mixed_content_exempt(url) {
            let page_url = page_url(page);
            self.trace.record(StepKind::MixedContent {
                page_url: page_url.clone(),
                url: url.to_string(),
            });
            return FetchResponse::NetworkError(Reason::MixedContent {
                page_url,
                url: crate::urls::chromium_string(url),
            });
        }
        self.local_network_access(page, url);

        let mut current = Current {
            url: url.clone(),
            method: request.method.clone(),
            headers: request.headers.clone(),
            cors_flag: false,
            tainted: false,
            redirect_count: 0,
            method_changed: false,
        };
        let mut server = Server::new(self.scenario, url);
        let mut current_origin = target;
        loop {
            if self.multi_hop {
                self.trace.set_hop(Some(current.redirect_count));
            }
            if current.redirect_count > 0 {
                current_origin = Origin::of_url(&current.url);
            }
            let cors_flag_before = current.cors_flag;
            // 12. [...] Otherwise: set request's response tainting to "cors". (The CORS flag:
            //     once set by a cross-origin URL of the chain it stays set.)
            if !current.cors_flag
                && request.mode != Mode::NoCors
                && !page.origin.is_same_origin(&current_origin)
            {
                current.cors_flag = true;
            }
            // 12. [...] request's current URL's scheme is not an HTTP(S) scheme: return a
            //     network error. (After a redirect, HTTP-redirect fetch's step 6.)
            if current.redirect_count > 0
                && !is_http_scheme(&current.url)
                && let Some(error) = self.redirected_scheme(&current, cors_flag_before)
            {
                return error;
            }
            let tainting = if current.cors_flag {
                ResponseType::Cors
            } else if request.mode == Mode::NoCors
                && (current.tainted || !page.origin.is_same_origin(&current_origin))
            {
                ResponseType::Opaque
            } else {
                ResponseType::Basic
            };
            match self.http_fetch(page, request, &mut current, &mut server, tainting) {
                Hop::Redirected => continue,
                Hop::Ended(response) => return response,
                Hop::Response {
                    status,
                    headers,
                    is_response,
                } => {
                    let response =
                        self.filtered_response(tainting, status, &headers, request.credentials);
                    if is_response {
                        self.response_headers = Some(headers);
                    }
                    return response;
                }
            }
        }
    }

    /// A redirect led to a URL that is not http(s). CHROMIUM: the network stack refused the
    /// unsafe schemes already (see HTTP-redirect fetch); the others meet the CORS scheme check
    /// when `CorsURLLoader::FollowRedirect` restarts the request (a preflight is needed, the
    /// method changed, or the CORS flag was just set) or, `ws:`/`wss:` aside, when the network
    /// stack follows the redirect itself (services/network/cors/cors_url_loader.cc); the rest
    /// fail to load.
    fn redirected_scheme(
        &mut self,
        current: &Current,
        cors_flag_before: bool,
    ) -> Option<FetchResponse> {
        let profile = self.profile;
        let scheme = current.url.scheme().to_string();
        let needs_preflight = !crate::method::is_cors_safelisted_method(&current.method)
            || !cors_unsafe_request_header_names(
                &profile.request_header_list(&current.headers),
                profile,
            )
            .sorted
            .is_empty();
        let restarted =
            current.cors_flag && (needs_preflight || current.method_changed || !cors_flag_before);
        let cors_disabled = profile.redirect_scheme(&scheme, current.cors_flag, restarted)
            == RedirectScheme::CorsDisabled;
        self.trace.record(StepKind::RedirectScheme {
            url: current.url.to_string(),
            scheme: scheme.clone(),
            cors_disabled,
        });
        Some(FetchResponse::NetworkError(if cors_disabled {
            Reason::CorsDisabledScheme {
                scheme,
                redirected: true,
            }
        } else {
            Reason::UnsafeRedirect {
                location: current.url.to_string(),
            }
        }))
    }

    /// Whether a URL may be fetched from an https page: a potentially trustworthy URL, except
    /// loopback http URLs where the profile says they are mixed content (WEBKIT).
    /// <https://w3c.github.io/webappsec-mixed-content/#should-block-fetch>
    pub(super) fn mixed_content_exempt(&self, url: &Url) -> bool {
        is_potentially_trustworthy_url(url)
            && (self.profile.loopback_not_mixed_content || url.scheme() != "http")
    }

    /// Local Network Access: a page reaching a more private address space needs the user's
    /// permission first, whatever CORS says; a warning, since the outcome depends on the user.
    /// <https://wicg.github.io/local-network-access/>
    fn local_network_access(&mut self, page: &PageOrigin, url: &Url) {
        let Some(since) = self.profile.local_network_access_since else {
            return;
        };
        let (Some(from), Some(to)) = (page_address_space(&page.origin), address_space(url)) else {
            return;
        };
        if to < from {
            self.findings.push(Finding::LocalNetworkAccess {
                url: url.to_string(),
                space: to,
                since,
            });
        }
    }

    /// Main fetch, step 14: the response the script gets, filtered by the request's
    /// response tainting.
    /// <https://fetch.spec.whatwg.org/#concept-filtered-response>
    pub(super) fn filtered_response(
        &mut self,
        response_type: ResponseType,
        status: u16,
        headers: &HeaderList,
        credentials: Credentials,
    ) -> FetchResponse {
        // 14.1. If request's response tainting is "cors", then: let headerNames be the result
        //       of extracting header list values given `Access-Control-Expose-Headers` [...]
        // 14.2. Set response to the following filtered response with response as its internal
        //       response, depending on request's response tainting: "basic": basic filtered
        //       response; "cors": CORS filtered response; "opaque": opaque filtered response.
        let exposure = readable_header_names(response_type, headers, credentials);
        let shown_status = match response_type {
            ResponseType::Opaque | ResponseType::Opaqueredirect => 0,
            ResponseType::Basic | ResponseType::Cors => status,
        };
        self.trace.record(StepKind::ResponseType {
            response_type,
            status: shown_status,
        });
        if response_type == ResponseType::Cors {
            let hidden_custom: Vec<String> = exposure
                .hidden
                .iter()
                .filter(|n| {
                    !n.starts_with("access-control-") && !UNINTERESTING_HIDDEN.contains(&n.as_str())
                })
                .cloned()
                .collect();
            self.trace.record(StepKind::ExposedHeaders {
                readable: exposure.readable.clone(),
                hidden: exposure.hidden.clone(),
                expose_headers: headers
                    .value("access-control-expose-headers")
                    .map(|v| crate::check::to_display_utf8(&v)),
                list: exposure.list.clone(),
                wildcard: exposure.wildcard,
                literal_star: exposure.literal_star,
            });
            self.facts.hidden_response_headers = hidden_custom.clone();
            if !hidden_custom.is_empty() {
                self.findings.push(Finding::HiddenHeaders {
                    names: hidden_custom,
                });
            }
        }
        FetchResponse::Response {
            response_type,
            status: shown_status,
            exposed: exposure.readable,
        }
    }
}

/// The page's URL: the one the scenario gives, or its origin followed by `/`.
pub(super) fn page_url(page: &PageOrigin) -> String {
    page.page_url
        .as_ref()
        .map_or_else(|| format!("{}/", page.serialized), |u| u.to_string())
}
