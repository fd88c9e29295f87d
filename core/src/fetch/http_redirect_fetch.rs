//! HTTP-redirect fetch: what a redirect of the request must pass, and what following it does
//! to the request (its URL, method, headers and origin), in Chromium's order.
//! <https://fetch.spec.whatwg.org/#http-redirect-fetch>

use super::main_fetch::page_url;
use super::{Current, Fetch, FetchResponse};
use crate::headers::HeaderList;
use crate::origin::{Origin, PageOrigin};
use crate::profile::RedirectScheme;
use crate::reason::{Reason, Stage};
use crate::redirect::{
    REQUEST_BODY_HEADER_NAMES, location_credentials_forbidden, method_change, resolve_location,
    taints_origin,
};
use crate::request::Request;
use crate::response::ResponseType;
use crate::scenario::{Mode, RedirectMode};
use crate::trace::StepKind;

impl Fetch<'_> {
    /// Follows a redirect of the request's current URL, or ends the fetch. On success the
    /// request's current URL is the redirect's target.
    /// <https://fetch.spec.whatwg.org/#concept-http-redirect-fetch>
    #[allow(clippy::too_many_arguments)]
    pub(super) fn http_redirect_fetch(
        &mut self,
        page: &PageOrigin,
        request: &Request,
        current: &mut Current,
        status: u16,
        headers: &HeaderList,
        location_text: &str,
        origin: &str,
    ) -> Result<(), FetchResponse> {
        let error = |reason| Err(FetchResponse::NetworkError(reason));
        // 3. Let locationURL be internalResponse's location URL given request's current URL's
        //    fragment.
        // 5. If locationURL is failure, then return a network error.
        // CHROMIUM: before the CORS code sees the redirect, the network stack refuses one to a
        // URL that does not parse or whose scheme's handler is no safe redirect target
        // (net::ERR_UNSAFE_REDIRECT, no CORS error: `URLRequestJobFactory::IsSafeRedirectTarget`
        // in net/url_request/url_request_job_factory.cc); the profile lists those schemes.
        // 6. If locationURL's scheme is not an HTTP(S) scheme, then return a network error.
        // CHROMIUM: the other schemes are followed and fail when main fetch runs again for the
        // new URL (`Fetch::redirected_scheme`).
        let next = match resolve_location(location_text, &current.url) {
            Some(next)
                if self
                    .profile
                    .redirect_scheme(next.scheme(), current.cors_flag, false)
                    != RedirectScheme::Refused =>
            {
                next
            }
            resolved => {
                let target = resolved.map_or_else(|| location_text.to_string(), |u| u.to_string());
                self.trace.record(StepKind::RedirectLocation {
                    status,
                    location: target.clone(),
                    refused: true,
                });
                return error(Reason::UnsafeRedirect { location: target });
            }
        };
        self.trace.record(StepKind::RedirectLocation {
            status,
            location: next.to_string(),
            refused: false,
        });
        // HTTP fetch 4.4. If request's response tainting is "cors" and a CORS check for request
        // and response returns failure, then return a network error. (A redirect is a response
        // too: CHROMIUM checks it first in `CorsURLLoader::OnReceiveRedirect`,
        // services/network/cors/cors_url_loader.cc, then the "manual" mode, then steps 7 to 10.)
        if current.cors_flag {
            self.cors_check(
                Stage::Response,
                headers,
                request.credentials,
                origin,
                status,
            )
            .map_err(FetchResponse::NetworkError)?;
        }
        // HTTP fetch 6.3. Switch on request's redirect mode: "manual": [...] set response to an
        // opaque-redirect filtered response whose internal response is internalResponse.
        if request.redirect == RedirectMode::Manual {
            self.trace.record(StepKind::RedirectManual);
            return Err(FetchResponse::Response {
                response_type: ResponseType::Opaqueredirect,
                status: 0,
                exposed: Vec::new(),
            });
        }
        // 7. If request's redirect count is 20, then return a network error.
        let limit = self.profile.redirect_limit;
        if current.redirect_count >= limit {
            self.trace.record(StepKind::RedirectCount {
                redirects: current.redirect_count,
                limit,
            });
            return error(Reason::TooManyRedirects { limit });
        }
        // 9. If request's mode is "cors", locationURL includes credentials, and request's
        //    origin is not same origin with locationURL's origin, then return a network error.
        // 10. If request's response tainting is "cors" and locationURL includes credentials,
        //     then return a network error.
        if location_credentials_forbidden(
            &next,
            &page.origin,
            request.mode == Mode::Cors,
            current.cors_flag,
            current.tainted,
        ) {
            self.trace.record(StepKind::RedirectCredentials {
                location: next.to_string(),
            });
            return error(Reason::RedirectContainsCredentials {
                location: next.to_string(),
            });
        }
        // Main fetch 7, for the new URL: should fetching request be blocked as mixed content.
        // CHROMIUM: the renderer checks it when the network service hands it the redirect,
        // after `CorsURLLoader::OnReceiveRedirect`'s checks and before it follows.
        if page.origin.scheme() == Some("https")
            && next.scheme() == "http"
            && !self.mixed_content_exempt(&next)
        {
            let page_url = page_url(page);
            self.trace.record(StepKind::RedirectMixedContent {
                page_url: page_url.clone(),
                location: next.to_string(),
            });
            return error(Reason::MixedContent {
                page_url,
                url: crate::urls::chromium_string(&next),
            });
        }
        // CHROMIUM: a redirect to a URL with credentials is refused whatever the origins
        // (recorded: `same-origin-redirect-to-credentials-url` in
        // tests/differential/recordings/chromium-scenarios.json).
        if self.profile.refuses_redirect_with_credentials
            && (!next.username().is_empty() || next.password().is_some())
        {
            self.trace.record(StepKind::RedirectLocationCredentials {
                location: next.to_string(),
            });
            return error(Reason::RedirectLocationHasCredentials {
                location: next.to_string(),
            });
        }
        // Main fetch 11, for the new URL: request's mode is "same-origin": return a network
        // error.
        if request.mode == Mode::SameOrigin && !page.origin.is_same_origin(&Origin::of_url(&next)) {
            self.trace.record(StepKind::RedirectModeSameOrigin {
                location: next.to_string(),
            });
            return error(Reason::SameOriginModeRedirect {
                location: next.to_string(),
            });
        }
        // HTTP fetch 6.3. "error": set response to a network error.
        // CHROMIUM: decided by the client last, which does not follow the redirect
        // (`CorsURLLoader::FollowRedirect`: "When the redirect mode is "error", the client is
        // not expected to call this function", services/network/cors/cors_url_loader.cc).
        if request.redirect == RedirectMode::Error {
            self.trace.record(StepKind::RedirectModeError);
            return error(Reason::RedirectModeError {
                location: next.to_string(),
            });
        }
        // Redirect-taint: if url's origin is not same origin with lastURL's origin and
        // request's origin is not same origin with lastURL's origin, then [the request's origin
        // serializes as `null` from here on].
        // <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
        if !current.tainted && taints_origin(&next, &current.url, &page.origin) {
            current.tainted = true;
            self.trace.record(StepKind::RedirectTaint {
                from: current.url.to_string(),
                to: next.to_string(),
            });
        }
        // 12. If one of the following is true — internalResponse's status is 301 or 302 and
        //     request's method is `POST`; internalResponse's status is 303 and request's method
        //     is not `GET` or `HEAD` — then set request's method to `GET` and request's body to
        //     null, and for each headerName of request-body-header name, delete headerName from
        //     request's header list.
        current.method_changed = false;
        if let Some(new_method) = method_change(status, &current.method) {
            self.trace.record(StepKind::RedirectMethod {
                status,
                from: current.method.clone(),
                to: new_method.to_string(),
            });
            current.method_changed = current.method != new_method;
            current.method = new_method.to_string();
            for name in REQUEST_BODY_HEADER_NAMES {
                current.headers.delete(name);
            }
        }
        // 13. If request's current URL's origin is not same origin with locationURL's origin,
        //     then for each headerName of CORS non-wildcard request-header name, delete
        //     headerName from request's header list.
        if !Origin::of_url(&next).is_same_origin(&Origin::of_url(&current.url))
            && current.headers.contains("authorization")
        {
            current.headers.delete("authorization");
            self.trace.record(StepKind::RedirectAuthorization {
                to: next.to_string(),
            });
        }
        // 8. Increase request's redirect count by 1.
        // 18. Append locationURL to request's URL list.
        current.url = next;
        current.redirect_count += 1;
        self.url_list.push(current.url.clone());
        Ok(())
    }
}
