//! CORS-preflight fetch: the `OPTIONS` request the browser sends before a request that is not
//! "simple", and the checks its answer must pass, in the order of the profile. The rules the
//! checks apply (the preflight request's headers, method and header allowance, max-age) are in
//! [`crate::preflight`].
//! <https://fetch.spec.whatwg.org/#cors-preflight-fetch>

use std::collections::BTreeMap;

use url::Url;

use super::Fetch;
use crate::cache::CacheEntry;
use crate::check::to_display_utf8;
use crate::headers::{HeaderList, eq_ignore_case};
use crate::http::read_reply;
use crate::origin::PageOrigin;
use crate::preflight::{
    HeaderAllowance, MaxAgeRule, MethodAllowance, PreflightResult, header_allowance, max_age,
    method_allowance, parse_token_list, preflight_request,
};
use crate::profile::PreflightCheck;
use crate::reason::{Reason, Stage};
use crate::redirect::location;
use crate::safelist::UnsafeNames;
use crate::scenario::Credentials;
use crate::trace::{AllowList, StepKind};
use crate::verdict::Finding;

impl Fetch<'_> {
    /// The CORS-preflight fetch for the request at `url`; `Ok` when the request may go out,
    /// after the result was added to the CORS-preflight cache.
    /// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
    #[allow(clippy::too_many_arguments)]
    pub(super) fn cors_preflight_fetch(
        &mut self,
        page: &PageOrigin,
        url: &Url,
        method: &str,
        headers: &HeaderList,
        unsafe_names: &UnsafeNames,
        origin: &str,
        credentials: Credentials,
    ) -> Result<(), Reason> {
        // 1. Let preflight be a new request whose method is `OPTIONS`, URL list is a clone of
        //    request's URL list, [...] origin is request's origin, [...] mode is "cors".
        // 2. Append (`Accept`, `*/*`) to preflight's header list.
        // 3. Append (`Access-Control-Request-Method`, request's method).
        // 4. Let headers be the CORS-unsafe request-header names with request's header list.
        // 5. If headers is not empty, then: let value be the items in headers separated from
        //    each other by `,`; append (`Access-Control-Request-Headers`, value).
        let pre = preflight_request(method, unsafe_names, origin);
        if !self.preflight_sent {
            let mut map = BTreeMap::new();
            map.insert(
                "access-control-request-method".to_string(),
                pre.method.clone(),
            );
            if let Some(h) = &pre.headers {
                map.insert("access-control-request-headers".to_string(), h.clone());
            }
            self.preflight_request_headers = Some(map);
        }
        self.preflight_sent = true;
        self.trace.record(StepKind::PreflightRequest {
            url: url.to_string(),
            origin: pre.origin,
            method: pre.method,
            headers: pre.headers,
        });

        // 6. Let response be the result of running HTTP-network-or-cache fetch given a new
        //    fetch params whose request is preflight.
        let reply = self.scenario.preflight_reply();
        let wire = read_reply(reply);
        if let Some(error) = wire.error {
            self.trace.record(StepKind::NetError {
                stage: Stage::Preflight,
                error,
            });
            return Err(Reason::InvalidHttpResponse {
                stage: Stage::Preflight,
                error,
            });
        }
        let answer = wire.headers;
        let status = reply.status;
        // A redirect is not an ok status; CHROMIUM fails the preflight as soon as the redirect
        // arrives, before any other check (`PreflightLoader::HandleRedirect` reports
        // kPreflightDisallowedRedirect, services/network/cors/preflight_controller.cc).
        // WEBKIT: a redirect is a status that is not ok, checked first
        // (`Profile::preflight_redirect_reported`).
        if let Some(target) =
            location(status, &answer).filter(|_| self.profile.preflight_redirect_reported)
        {
            self.trace.record(StepKind::PreflightRedirect {
                status,
                location: target.clone(),
            });
            return Err(Reason::PreflightDisallowedRedirect {
                status,
                location: target,
            });
        }

        // 7. If a CORS check for request and response returns success and response's status is
        //    an ok status, then: [...] Otherwise, return a network error (step 8).
        // CHROMIUM: the checks, the standard's 7.3 to 7.7 among them, run in the order of
        // `Profile::preflight_checks` (for Chromium, `PreflightController`'s order in
        // services/network/cors/preflight_controller.cc), so the first failure is the one
        // reported.
        let mut lists = Lists::default();
        for check in self.profile.preflight_checks {
            match check {
                PreflightCheck::CorsCheck => {
                    self.cors_check(Stage::Preflight, &answer, credentials, origin, status)?;
                }
                PreflightCheck::OkStatus => {
                    // An ok status is a status in the range 200 to 299, inclusive.
                    let ok = (200..=299).contains(&status);
                    self.trace.record(StepKind::PreflightStatus { status, ok });
                    if !ok {
                        return Err(Reason::PreflightInvalidStatus { status });
                    }
                }
                PreflightCheck::ExtractAllowMethods => {
                    self.extract(AllowList::Methods, &answer, &mut lists)?;
                }
                PreflightCheck::ExtractAllowHeaders => {
                    self.extract(AllowList::Headers, &answer, &mut lists)?;
                }
                PreflightCheck::Method => {
                    let result = self.result(&answer, &mut lists, credentials)?;
                    // 7.5. If request's method is not in methods, request's method is not a
                    //      CORS-safelisted method, and request's credentials mode is "include"
                    //      or methods does not contain `*`, then return a network error.
                    let allowance = method_allowance(result, method);
                    let denied = matches!(allowance, MethodAllowance::Denied { .. });
                    let allow_methods = answer
                        .value("access-control-allow-methods")
                        .map(|v| to_display_utf8(&v));
                    self.trace.record(StepKind::MethodAllowed {
                        method: method.to_string(),
                        allow_methods: allow_methods.clone(),
                        allowance,
                    });
                    if denied {
                        return Err(Reason::MethodNotAllowed {
                            method: method.to_string(),
                            allowed: allow_methods,
                        });
                    }
                }
                PreflightCheck::Headers => {
                    let result = self.result(&answer, &mut lists, credentials)?;
                    // 7.6. If one of request's header list's names is a CORS non-wildcard
                    //      request-header name and is not a byte-case-insensitive match for an
                    //      item in headerNames, then return a network error.
                    // 7.7. For each unsafeName of the CORS-unsafe request-header names with
                    //      request's header list, if unsafeName is not a byte-case-insensitive
                    //      match for an item in headerNames and request's credentials mode is
                    //      "include" or headerNames does not contain `*`, return a network
                    //      error.
                    let allowance = header_allowance(result, unsafe_names, headers, self.profile);
                    if matches!(
                        allowance,
                        HeaderAllowance::Wildcard {
                            authorization_relies_on_wildcard: true
                        }
                    ) {
                        self.findings.push(Finding::AuthorizationWildcard);
                    }
                    let others = match &allowance {
                        HeaderAllowance::Denied { name, .. } => unsafe_names
                            .sorted
                            .iter()
                            .filter(|n| {
                                *n != name
                                    && !result
                                        .headers
                                        .iter()
                                        .any(|h| eq_ignore_case(h.as_bytes(), n.as_bytes()))
                            })
                            .cloned()
                            .collect(),
                        _ => Vec::new(),
                    };
                    let allow_headers = answer
                        .value("access-control-allow-headers")
                        .map(|v| to_display_utf8(&v));
                    let denied = match &allowance {
                        HeaderAllowance::Denied { name, .. } => Some(name.clone()),
                        _ => None,
                    };
                    self.trace.record(StepKind::HeadersAllowed {
                        to_allow: unsafe_names.sorted.clone(),
                        allow_headers: allow_headers.clone(),
                        allowance,
                        others,
                    });
                    if let Some(name) = denied {
                        return Err(Reason::HeaderNotAllowed {
                            name,
                            allowed: allow_headers,
                        });
                    }
                }
            }
        }

        // 7.8. Let max-age be the result of extracting header list values given
        //      `Access-Control-Max-Age` and response's header list.
        // 7.9. If max-age is failure or null, then set max-age to 5.
        // 7.10. If max-age is greater than an imposed limit on max-age, then set max-age to the
        //       imposed limit.
        self.result(&answer, &mut lists, credentials)?;
        let Some(result) = lists.result.take() else {
            return Ok(());
        };
        let age = result.max_age.clone();
        if age.rule == MaxAgeRule::Capped {
            self.findings.push(Finding::MaxAgeCapped {
                header: age.header.clone().unwrap_or_default(),
                seconds: age.seconds,
            });
        }
        self.trace.record(StepKind::MaxAge { max_age: age });
        // 7.12–7.15. Create a new cache entry (or update one) for each method and header name.
        // CHROMIUM: one entry per (origin, URL), keyed by the request's initiator even when the
        // request's origin is tainted (`AppendToCache(*original_request_.request_initiator, …)`
        // in services/network/cors/preflight_controller.cc).
        self.cache.append(CacheEntry {
            origin: page.serialized.clone(),
            url: url.to_string(),
            result,
        });
        Ok(())
    }

    /// Extracting header list values for `Access-Control-Allow-Methods` or `-Headers`, once;
    /// step 7.3: if either is failure, return a network error.
    /// <https://fetch.spec.whatwg.org/#extract-header-list-values>
    fn extract(
        &mut self,
        list: AllowList,
        answer: &HeaderList,
        lists: &mut Lists,
    ) -> Result<(), Reason> {
        let slot = match list {
            AllowList::Methods => &mut lists.methods,
            AllowList::Headers => &mut lists.headers,
        };
        if slot.is_some() || lists.result.is_some() {
            return Ok(());
        }
        let name = match list {
            AllowList::Methods => "access-control-allow-methods",
            AllowList::Headers => "access-control-allow-headers",
        };
        match parse_token_list(answer.value(name).as_deref()) {
            Ok(items) => {
                let items: Vec<String> = match list {
                    AllowList::Methods => items,
                    AllowList::Headers => {
                        items.into_iter().map(|n| n.to_ascii_lowercase()).collect()
                    }
                };
                *slot = Some(items);
                Ok(())
            }
            Err(e) => {
                self.trace.record(StepKind::AllowListSyntax {
                    list,
                    value: e.value.clone(),
                    item: e.item.clone(),
                });
                Err(match list {
                    AllowList::Methods => Reason::InvalidAllowMethods {
                        value: e.value,
                        item: e.item,
                    },
                    AllowList::Headers => Reason::InvalidAllowHeaders {
                        value: e.value,
                        item: e.item,
                    },
                })
            }
        }
    }

    /// What the preflight answer allows, its lists extracted (once).
    fn result<'l>(
        &mut self,
        answer: &HeaderList,
        lists: &'l mut Lists,
        credentials: Credentials,
    ) -> Result<&'l PreflightResult, Reason> {
        let result = match lists.result.take() {
            Some(result) => result,
            None => {
                self.extract(AllowList::Methods, answer, lists)?;
                self.extract(AllowList::Headers, answer, lists)?;
                PreflightResult {
                    methods: lists.methods.take().unwrap_or_default(),
                    headers: lists.headers.take().unwrap_or_default(),
                    credentials: credentials == Credentials::Include,
                    max_age: max_age(
                        answer.value("access-control-max-age").as_deref(),
                        self.profile,
                    ),
                }
            }
        };
        Ok(lists.result.insert(result))
    }
}

/// `Access-Control-Allow-Methods` and `-Headers`, once extracted, and what they allow.
#[derive(Default)]
struct Lists {
    methods: Option<Vec<String>>,
    headers: Option<Vec<String>>,
    result: Option<PreflightResult>,
}
