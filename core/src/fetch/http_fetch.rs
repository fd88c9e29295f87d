//! HTTP fetch: for one URL of the chain, the CORS-preflight (unless the CORS-preflight cache
//! stands in for it), the request itself, the CORS check of what came back, and the redirect.
//! <https://fetch.spec.whatwg.org/#http-fetch>

use super::http_network_fetch::Server;
use super::{Current, Fetch, FetchResponse};
use crate::cache::CacheLookup;
use crate::headers::{Header, HeaderList, to_display};
use crate::method::is_cors_safelisted_method;
use crate::origin::PageOrigin;
use crate::reason::Stage;
use crate::request::Request;
use crate::response::ResponseType;
use crate::safelist::{
    Safelisting, UnsafeNames, cors_safelisted_request_header, is_forbidden_request_header,
    unsafe_names_of,
};
use crate::scenario::Credentials;
use crate::trace::{HeaderVerdict, StepKind};
use crate::verdict::PreflightTrigger;

/// How the HTTP fetch of one URL ended.
pub(super) enum Hop {
    /// A redirect was followed: the request's current URL is the next one.
    Redirected,
    /// The final response passed its CORS check: main fetch filters it.
    Response {
        /// Its status.
        status: u16,
        /// Its header list as the browser read it.
        headers: HeaderList,
        /// Whether it is the scenario's `response`.
        is_response: bool,
    },
    /// The fetch ends here (a network error, or an opaque-redirect response).
    Ended(FetchResponse),
}

impl Fetch<'_> {
    /// HTTP fetch of the request's current URL.
    /// <https://fetch.spec.whatwg.org/#concept-http-fetch>
    pub(super) fn http_fetch(
        &mut self,
        page: &PageOrigin,
        request: &Request,
        current: &mut Current,
        server: &mut Server,
        tainting: ResponseType,
    ) -> Hop {
        let profile = self.profile;
        let origin = profile.serialize_request_origin(&page.serialized, current.tainted);
        // FIREFOX: the preflight carries (and is checked against) the page's origin even after
        // a redirect tainted the request's (`Profile::preflight_origin_tainted`).
        let preflight_origin = if profile.preflight_origin_tainted {
            origin.clone()
        } else {
            page.serialized.clone()
        };
        let headers = profile.request_header_list(&current.headers);

        // 4.1. If makeCORSPreflight is true and one of these conditions is true: there is no
        //      method cache entry match for request's method using request, and either
        //      request's method is not a CORS-safelisted method or request's use-CORS-preflight
        //      flag is set; there is at least one item in the CORS-unsafe request-header names
        //      with request's header list for which there is no header-name cache entry match
        //      using request. Then: let preflightResponse be the result of running
        //      CORS-preflight fetch given request; if preflightResponse is a network error,
        //      then return preflightResponse.
        if current.cors_flag {
            // Each header's safelisting, once: for the preflight decision and the CORS-unsafe
            // request-header names (forbidden request-headers are the browser's own and do not
            // count, CHROMIUM: `CorsUnsafeNotForbiddenRequestHeaderNames` in
            // services/network/cors/cors_util.cc).
            let safelisting: Vec<(&Header, Safelisting)> = headers
                .iter()
                .filter(|h| !is_forbidden_request_header(&h.name, &h.value, profile))
                .map(|h| {
                    (
                        h,
                        cors_safelisted_request_header(&h.name, &h.value, profile),
                    )
                })
                .collect();
            let unsafe_names = unsafe_names_of(
                safelisting.iter().map(|(h, s)| (*h, s.is_safelisted())),
                profile,
            );
            // FIREFOX, WEBKIT: a request that was preflighted is preflighted again at every
            // later cross-origin hop (`Profile::preflight_sticks_after_redirect`).
            let sticks = profile.preflight_sticks_after_redirect && self.preflight_sent;
            if self.preflight_needed(&current.method, &safelisting, &unsafe_names) || sticks {
                let lookup = self.cache.lookup(
                    &page.serialized,
                    current.url.as_str(),
                    request.credentials == Credentials::Include,
                    &current.method,
                    &unsafe_names,
                    &headers,
                    profile,
                );
                if lookup == CacheLookup::Hit {
                    self.trace.record(StepKind::PreflightCacheHit {
                        url: current.url.to_string(),
                    });
                } else if let Err(reason) = self.cors_preflight_fetch(
                    page,
                    &current.url,
                    &current.method,
                    &headers,
                    &unsafe_names,
                    &preflight_origin,
                    request.credentials,
                ) {
                    return Hop::Ended(FetchResponse::NetworkError(reason));
                }
            }
        }

        // 4.3. Set response and internalResponse to the result of running
        //      HTTP-network-or-cache fetch given fetchParams.
        let reply = match self
            .http_network_or_cache_fetch(request, current, server, &origin, &headers, tainting)
        {
            Ok(reply) => reply,
            Err(reason) => return Hop::Ended(FetchResponse::NetworkError(reason)),
        };

        // 6. If internalResponse's status is a redirect status: [...]
        // 6.3. Switch on request's redirect mode: [...] "follow": set response to the result of
        //      running HTTP-redirect fetch given fetchParams and response.
        // CHROMIUM: a redirect meets step 4.4's CORS check inside HTTP-redirect fetch, after its
        // location is parsed, and the "error" and "manual" modes are decided there too, in the
        // order `CorsURLLoader::OnReceiveRedirect` (services/network/cors/cors_url_loader.cc)
        // and its client take them.
        if let Some(location) = crate::redirect::location(reply.status, &reply.headers) {
            return match self.http_redirect_fetch(
                page,
                request,
                current,
                reply.status,
                &reply.headers,
                &location,
                &origin,
            ) {
                Ok(()) => Hop::Redirected,
                Err(ended) => Hop::Ended(ended),
            };
        }

        // 4.4. If request's response tainting is "cors" and a CORS check for request and
        //      response returns failure, then return a network error.
        if current.cors_flag
            && let Err(reason) = self.cors_check(
                Stage::Response,
                &reply.headers,
                request.credentials,
                &origin,
                reply.status,
            )
        {
            return Hop::Ended(FetchResponse::NetworkError(reason));
        }
        Hop::Response {
            status: reply.status,
            headers: reply.headers,
            is_response: reply.is_response,
        }
    }

    /// Whether the request needs a CORS-preflight: main fetch's condition for "CORS with
    /// preflight" (request's method is not a CORS-safelisted method or the CORS-unsafe
    /// request-header names with request's header list is not empty), recorded with what
    /// triggers it.
    /// <https://fetch.spec.whatwg.org/#main-fetch>
    fn preflight_needed(
        &mut self,
        method: &str,
        headers: &[(&Header, Safelisting)],
        unsafe_names: &UnsafeNames,
    ) -> bool {
        let profile = self.profile;
        let method_safelisted = is_cors_safelisted_method(method);
        // The facts describe the first decision of the fetch (the first CORS hop).
        let first_decision = self.facts.preflight_triggers.is_empty()
            && !self
                .trace
                .steps()
                .iter()
                .any(|s| matches!(s.kind, StepKind::PreflightDecision { .. }));
        if first_decision && !method_safelisted {
            self.facts
                .preflight_triggers
                .push(PreflightTrigger::Method {
                    method: method.to_string(),
                });
        }
        let mut verdicts = Vec::new();
        let mut needs = !method_safelisted;
        for (header, safelisting) in headers {
            let name = to_display(&header.name);
            let safelisting = safelisting.clone();
            if !safelisting.is_safelisted() {
                needs = true;
                if first_decision {
                    self.facts
                        .preflight_triggers
                        .push(PreflightTrigger::Header {
                            name: name.clone(),
                            why: safelisting.clone(),
                        });
                }
            }
            verdicts.push(HeaderVerdict {
                name,
                value: to_display(&header.value),
                safelisting,
            });
        }
        if let Some(total) = unsafe_names.over_total_limit {
            needs = true;
            if first_decision {
                self.facts
                    .preflight_triggers
                    .push(PreflightTrigger::SafelistedTotal {
                        bytes: total,
                        limit: profile.safelisted_total_limit,
                    });
            }
        }
        self.trace.record(StepKind::PreflightDecision {
            method: method.to_string(),
            method_safelisted,
            headers: verdicts,
            over_total: unsafe_names.over_total_limit,
            total_limit: profile.safelisted_total_limit,
        });
        needs
    }
}
