//! The words of the trace: for each [`StepKind`], what was checked, the names of the values it
//! compared, and its one plain-English sentence, for a browser. The engine records data; this is
//! the only place a step becomes text.

use crate::check::Mismatch;
use crate::headers::to_display;
use crate::origin::OriginPart;
use crate::preflight::{HeaderAllowance, MaxAgeRule, MethodAllowance};
use crate::profile::Browser;
use crate::reason::{AllowOriginProblem, Stage};
use crate::request::TEXT_BODY_CONTENT_TYPE;
use crate::response::{ExposeList, ResponseType};
use crate::safelist::{Forbidden, Safelisting};
use crate::trace::{AllowList, HeaderProblem, Step, StepKind, Values};

/// What a step checked, in a few words.
pub fn check(step: &Step) -> &'static str {
    use StepKind as K;
    match &step.kind {
        K::PageOriginInvalid { .. } | K::PageOrigin { .. } => "page origin",
        K::UrlInvalid { .. } | K::UrlParsed { .. } => "URL parses",
        K::UrlWithCredentials { .. } => "URL without credentials",
        K::MethodNotAToken { .. } => "method is a token",
        K::MethodForbidden { .. } => "method not forbidden",
        K::MethodNormalized { .. } => "method normalized",
        K::NoCorsMethod { .. } => "method allowed in no-cors mode",
        K::NoCorsGuard => "no-cors header guard",
        K::HeaderInvalid { .. } => "header name and value are valid",
        K::HeaderTrimmed { .. } => "header value trimmed",
        K::HeaderForbidden { .. } => "forbidden request header dropped",
        K::HeaderDroppedNoCors { .. } => "header dropped in no-cors mode",
        K::BodyWithGetOrHead { .. } => "body on GET or HEAD",
        K::BodyContentType => "Content-Type from the body",
        K::HeadersCombined { .. } => "repeated header combined",
        K::DataUrl { .. } => "data: URL",
        K::SameOrigin { .. } => "same origin or cross-origin",
        K::ModeSameOrigin { .. } | K::NoCorsOpaque => "request mode",
        K::NoCorsRedirectMode { .. } => "redirect mode of a no-cors request",
        K::SchemeNotHttp { .. } => "URL scheme",
        K::MixedContent { .. } | K::RedirectMixedContent { .. } => "mixed content",
        K::PreflightDecision { .. } => "preflight needed",
        K::PreflightCacheHit { .. } => "preflight cache",
        K::RequestSent { .. } => "request sent",
        K::NetError { .. } => "a well-formed HTTP response",
        K::CachedRedirect { .. } => "redirect from the HTTP cache",
        K::PreflightRequest { .. } => "preflight request",
        K::PreflightRedirect { .. } => "preflight not redirected",
        K::PreflightStatus { .. } => "preflight status is 200–299",
        K::AllowListSyntax {
            list: AllowList::Methods,
            ..
        } => "Access-Control-Allow-Methods parses",
        K::AllowListSyntax {
            list: AllowList::Headers,
            ..
        } => "Access-Control-Allow-Headers parses",
        K::MethodAllowed { .. } => "method allowed",
        K::HeadersAllowed { .. } => "headers allowed",
        K::MaxAge { .. } => "how long the preflight is cached",
        K::AllowOrigin { .. } => "Access-Control-Allow-Origin",
        K::AllowCredentials { .. } => "Access-Control-Allow-Credentials",
        K::RedirectScheme { .. } => "scheme after a redirect",
        K::RedirectLocation { .. } => "redirect target",
        K::RedirectManual | K::RedirectModeError => "redirect mode",
        K::RedirectCount { .. } => "redirect limit",
        K::RedirectCredentials { .. } | K::RedirectLocationCredentials { .. } => {
            "redirect target without credentials"
        }
        K::RedirectModeSameOrigin { .. } => "request mode after a redirect",
        K::RedirectTaint { .. } => "request origin after the redirect",
        K::RedirectMethod { .. } => "method after redirect",
        K::RedirectAuthorization { .. } => "Authorization on a cross-origin redirect",
        K::ResponseType { .. } => "what the script gets",
        K::ExposedHeaders { .. } => "readable response headers",
    }
}

fn absent(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "(absent)".into())
}

/// The values a step compared, named for a reader, in the order they matter.
pub fn values(step: &Step, browser: Browser) -> Values {
    use StepKind as K;
    let v = Values::default();
    match &step.kind {
        K::PageOriginInvalid { origin } => v.with("origin", origin),
        K::PageOrigin {
            origin, written, ..
        } => {
            let v = v.with("origin", origin);
            match written {
                Some(w) => v.with("written", w),
                None => v,
            }
        }
        K::UrlInvalid { url, error } => v.with("url", url).with("error", error),
        K::UrlWithCredentials { url } => v.with("url", url),
        K::UrlParsed { url, written } => {
            let v = v.with("url", url);
            match written {
                Some(w) => v.with("written", w),
                None => v,
            }
        }
        K::MethodNotAToken { method }
        | K::MethodForbidden { method }
        | K::BodyWithGetOrHead { method } => v.with("method", method),
        K::MethodNormalized { written, sent, .. } => v.with("written", written).with("sent", sent),
        K::NoCorsMethod { method } => v.with("method", method).with("mode", "no-cors"),
        K::NoCorsGuard | K::NoCorsOpaque => v.with("mode", "no-cors"),
        K::HeaderInvalid { name, .. } => v.with("name", name),
        K::HeaderTrimmed {
            name,
            written,
            sent,
        } => v
            .with("name", name)
            .with("written", written)
            .with("sent", sent),
        K::HeaderForbidden { name, value, .. } | K::HeaderDroppedNoCors { name, value } => {
            v.with("name", name).with("value", value)
        }
        K::BodyContentType => v.with("Content-Type", to_display(TEXT_BODY_CONTENT_TYPE)),
        K::HeadersCombined { name, value, .. } => v.with("name", name).with("sent as", value),
        K::DataUrl { url } | K::PreflightCacheHit { url } | K::RedirectScheme { url, .. } => {
            v.with("URL", url)
        }
        K::SameOrigin {
            page_origin,
            url_origin,
            ..
        } => v
            .with("page origin", page_origin)
            .with("URL origin", url_origin),
        K::ModeSameOrigin { url } => v.with("mode", "same-origin").with("URL", url),
        K::NoCorsRedirectMode { redirect } => v
            .with("mode", "no-cors")
            .with("redirect", redirect.as_str()),
        K::SchemeNotHttp { scheme } => v.with("scheme", scheme),
        K::MixedContent { page_url, url } => v.with("page", page_url).with("URL", url),
        K::RedirectMixedContent { page_url, location } => {
            v.with("page", page_url).with("Location", location)
        }
        K::PreflightDecision {
            method, headers, ..
        } => {
            let mut v = v.with("method", method);
            for h in headers {
                v = v.with_named(h.name.clone(), safelisting_words(h, browser));
            }
            v
        }
        K::RequestSent {
            method,
            url,
            origin,
            headers,
            ..
        } => {
            let mut v = v.with("request", format!("{method} {url}"));
            if let Some(origin) = origin {
                v = v.with("Origin", origin);
            }
            for h in headers {
                v = v.with_named(to_display(&h.name), to_display(&h.value));
            }
            v
        }
        K::NetError { error, .. } => v.with("error", error.name()),
        K::CachedRedirect { url, status } => v.with("URL", url).with("status", status.to_string()),
        K::PreflightRequest {
            url,
            origin,
            method,
            headers,
        } => {
            let v = v
                .with("request", format!("OPTIONS {url}"))
                .with("Origin", origin)
                .with("Access-Control-Request-Method", method);
            match headers {
                Some(h) => v.with("Access-Control-Request-Headers", h),
                None => v,
            }
        }
        K::PreflightRedirect { status, location } => v
            .with("status", status.to_string())
            .with("Location", location),
        K::PreflightStatus { status, .. } => v.with("status", status.to_string()),
        K::AllowListSyntax { list, value, item } => {
            v.with(allow_list_name(*list), value).with("bad item", item)
        }
        K::MethodAllowed {
            method,
            allow_methods,
            ..
        } => v
            .with("method", method)
            .with("Access-Control-Allow-Methods", absent(allow_methods)),
        K::HeadersAllowed {
            to_allow,
            allow_headers,
            ..
        } => v
            .with("request headers to allow", to_allow.join(", "))
            .with("Access-Control-Allow-Headers", absent(allow_headers)),
        K::MaxAge { max_age } => v
            .with("Access-Control-Max-Age", absent(&max_age.header))
            .with("cached for", format!("{} s", max_age.seconds)),
        K::AllowOrigin {
            allow_origin,
            origin,
            credentials,
            ..
        } => v
            .with("Access-Control-Allow-Origin", absent(allow_origin))
            .with("request origin", origin)
            .with("credentials", credentials.as_str()),
        K::AllowCredentials { value, .. } => {
            v.with("Access-Control-Allow-Credentials", absent(value))
        }
        K::RedirectLocation {
            status, location, ..
        } => v
            .with("status", status.to_string())
            .with("Location", location),
        K::RedirectManual => v.with("redirect", "manual"),
        K::RedirectModeError => v.with("redirect", "error"),
        K::RedirectCount { redirects, .. } => v.with("redirects", redirects.to_string()),
        K::RedirectCredentials { location } | K::RedirectLocationCredentials { location } => {
            v.with("Location", location)
        }
        K::RedirectModeSameOrigin { location } => {
            v.with("mode", "same-origin").with("Location", location)
        }
        K::RedirectTaint { from, to } => v.with("from", from).with("to", to).with("Origin", "null"),
        K::RedirectMethod { status, to, .. } => {
            v.with("status", status.to_string()).with("method", to)
        }
        K::RedirectAuthorization { to } => v.with("to", to),
        K::ResponseType {
            response_type,
            status,
        } => v
            .with("type", response_type.as_str())
            .with("status", status.to_string()),
        K::ExposedHeaders {
            readable,
            hidden,
            expose_headers,
            ..
        } => {
            let mut v = v.with("readable", readable.join(", "));
            if !hidden.is_empty() {
                v = v.with("hidden", hidden.join(", "));
            }
            match expose_headers {
                Some(aceh) => v.with("Access-Control-Expose-Headers", aceh),
                None => v,
            }
        }
    }
}

fn allow_list_name(list: AllowList) -> &'static str {
    match list {
        AllowList::Methods => "Access-Control-Allow-Methods",
        AllowList::Headers => "Access-Control-Allow-Headers",
    }
}

/// The step in one plain-English sentence.
pub fn reason(step: &Step, browser: Browser) -> String {
    use StepKind as K;
    let name = browser.name();
    match &step.kind {
        K::PageOriginInvalid { origin } => format!(
            "{origin:?} is not an origin: write \"null\" or a URL such as https://app.example.com."
        ),
        K::PageOrigin {
            origin,
            written,
            opaque,
        } => match (written, opaque) {
            (Some(_), _) => format!(
                "The page's origin is {origin}: scheme, host and port only, serialized the way the browser sends it in Origin."
            ),
            (None, true) => "The page has an opaque origin (a sandboxed frame, a file: or data: page): it sends Origin: null.".to_string(),
            (None, false) => format!("The page's origin is {origin}."),
        },
        K::UrlInvalid { url, error } => {
            format!("fetch() throws a TypeError because {url:?} is not a valid URL ({error}).")
        }
        K::UrlWithCredentials { .. } => "fetch() throws a TypeError because the URL holds a username or password; send credentials in a header instead.".to_string(),
        K::UrlParsed { url, written } => match written {
            None => "The URL parses.".to_string(),
            Some(_) => format!("The URL parses as {url} (the browser's own serialization)."),
        },
        K::MethodNotAToken { method } => {
            format!("fetch() throws a TypeError because {method:?} is not a valid HTTP method name.")
        }
        K::MethodForbidden { method } => format!(
            "fetch() throws a TypeError because {method} is a forbidden method (CONNECT, TRACE and TRACK)."
        ),
        K::MethodNormalized {
            written,
            sent,
            case_kept,
        } => {
            if sent != written {
                format!(
                    "fetch() upper-cases {written} to {sent}, as it does for DELETE, GET, HEAD, OPTIONS, POST and PUT."
                )
            } else if *case_kept {
                format!(
                    "fetch() sends {written} exactly as written: only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased, \
                     and method names are compared case-sensitively."
                )
            } else {
                format!("The method is {sent}.")
            }
        }
        K::NoCorsMethod { method } => format!(
            "A no-cors request may only use GET, HEAD or POST, so fetch() throws a TypeError for {method}."
        ),
        K::NoCorsGuard => "In no-cors mode only Accept, Accept-Language, Content-Language and a form or text/plain Content-Type \
             with safelisted values survive; fetch() silently drops every other header."
            .to_string(),
        K::HeaderInvalid { name, problem } => match problem {
            HeaderProblem::Name => {
                format!("fetch() throws a TypeError because {name:?} is not a valid header name.")
            }
            HeaderProblem::NotByteString => format!(
                "fetch() throws a TypeError because the value of {name} holds a character outside Latin-1 (above U+00FF)."
            ),
            HeaderProblem::Value => format!(
                "fetch() throws a TypeError because the value of {name} holds a NUL, CR or LF byte."
            ),
        },
        K::HeaderTrimmed { .. } => {
            "Leading and trailing spaces, tabs and line breaks are removed from header values."
                .to_string()
        }
        K::HeaderForbidden { name, rule, .. } => match rule {
            Forbidden::Name => format!(
                "{name} is a forbidden request header: only the browser sets it, so fetch() silently drops the script's value."
            ),
            Forbidden::Prefix => format!(
                "{name} starts with Sec- or Proxy-, which only the browser may set, so fetch() silently drops it."
            ),
            Forbidden::MethodOverride { method } => format!(
                "{name} names the forbidden method {method}, so fetch() silently drops the header."
            ),
        },
        K::HeaderDroppedNoCors { name, value } => format!(
            "{name}: {value} is not a no-CORS-safelisted header, so in no-cors mode fetch() silently drops it; \
             the server never sees it."
        ),
        K::BodyWithGetOrHead { method } => {
            format!("A {method} request cannot have a body, so fetch() throws a TypeError.")
        }
        K::BodyContentType => "The body is a string and the script set no Content-Type, so fetch() adds \
             Content-Type: text/plain;charset=UTF-8, which is CORS-safelisted."
            .to_string(),
        K::HeadersCombined { name, lines, .. } => match crate::Profile::of(browser).request_headers {
            crate::profile::RequestHeaderList::AsAppended => format!(
                "The script set {name} {lines} times; the browser sends one header whose values are joined with \", \", \
                 but {} checks each value on its own for the CORS rules and names the header once per unsafe value \
                 in Access-Control-Request-Headers.",
                browser.name()
            ),
            crate::profile::RequestHeaderList::CombinedSortedByName
            | crate::profile::RequestHeaderList::CombinedInOrder => format!(
                "The script set {name} {lines} times; the browser sends one header whose values are joined with \", \", \
                 and that combined value is what {}'s CORS rules look at.",
                browser.name()
            ),
        },
        K::DataUrl { .. } => "A data: URL is decoded by the browser itself: no request leaves it, CORS does not apply, and \
             fetch() resolves with a basic 200 response whose only header is Content-Type."
            .to_string(),
        K::SameOrigin { url, differing, .. } => {
            if differing.is_empty() {
                format!("{url} is on the page's own origin, so CORS does not apply.")
            } else {
                let why = if differing == &[OriginPart::Opaque] {
                    "the page's origin is opaque, and an opaque origin is same origin with nothing"
                        .to_string()
                } else {
                    format!("they differ in {}", part_names(differing))
                };
                format!(
                    "The request is cross-origin: {why}, so the CORS rules decide what the script may read."
                )
            }
        }
        K::ModeSameOrigin { .. } => "The request's mode is same-origin and the URL is on another origin, so fetch() fails without \
             sending anything."
            .to_string(),
        K::NoCorsRedirectMode { .. } => {
            "A no-cors request must follow redirects, so fetch() fails without sending anything."
                .to_string()
        }
        K::NoCorsOpaque => "In no-cors mode there is no CORS check: the response comes back opaque (status 0, no headers, no \
             body), so the script cannot read it whatever the server sends."
            .to_string(),
        K::SchemeNotHttp { scheme } => format!(
            "fetch() only loads http: and https: URLs across origins; {scheme}: fails before anything is sent."
        ),
        K::MixedContent { url, .. } => {
            let loopback = url::Url::parse(url)
                .is_ok_and(|u| crate::origin::is_potentially_trustworthy_url(&u));
            if loopback {
                // WEBKIT: only WebKit blocks loopback http URLs (recorded in WebKitGTK 2.50).
                format!(
                    "The page was loaded over https and the URL is plain http to this machine: {} blocks it as mixed \
                     content before CORS is even considered (Chromium and Firefox allow http://localhost; this is \
                     WebKitGTK's behaviour, Apple's Safari was not checked).",
                    browser.name()
                )
            } else {
                "The page was loaded over https and the URL is plain http, so the browser blocks it as mixed content \
                 before CORS is even considered; no header on the server can change that."
                    .to_string()
            }
        }
        K::RedirectMixedContent { .. } => {
            "The redirect leads an https page to a plain http URL, which the browser blocks as mixed content."
                .to_string()
        }
        K::PreflightDecision {
            method,
            method_safelisted,
            headers,
            over_total,
            total_limit,
        } => {
            let mut triggers = Vec::new();
            if !method_safelisted {
                triggers.push(format!("the method {method} is not GET, HEAD or POST"));
            }
            for h in headers.iter().filter(|h| !h.safelisting.is_safelisted()) {
                triggers.push(safelisting_words(h, browser));
            }
            if let Some(total) = over_total {
                triggers.push(format!(
                    "the safelisted headers' values total {total} bytes, more than the {total_limit} allowed"
                ));
            }
            if triggers.is_empty() {
                "No preflight is needed: the method is GET, HEAD or POST and every header is CORS-safelisted, so the \
                 browser sends the request straight away (a \"simple\" request)."
                    .to_string()
            } else {
                format!("A preflight is needed because {}.", triggers.join("; "))
            }
        }
        K::PreflightCacheHit { .. } => "An earlier preflight to this URL is still cached and allows this request, so no new \
             preflight is sent."
            .to_string(),
        K::RequestSent {
            method,
            url,
            credentials,
            ..
        } => format!(
            "The browser sends {method} {url}{}. The server receives and acts on it whatever CORS decides next.",
            if *credentials {
                " with cookies"
            } else {
                " without cookies"
            }
        ),
        K::NetError { stage, error } => {
            let what = match stage {
                Stage::Preflight => "preflight response",
                Stage::Response => "response",
            };
            let why = match error {
                crate::http::NetError::InvalidHttpResponse => "a header holds a NUL byte",
                crate::http::NetError::MultipleContentLength => {
                    "it sends two different Content-Length headers"
                }
                crate::http::NetError::MultipleLocation => "it sends two different Location headers",
                crate::http::NetError::MultipleContentDisposition => {
                    "it sends two different Content-Disposition headers"
                }
                crate::http::NetError::ResponseHeadersTooBig => {
                    "its headers are larger than the 256 KiB the browser reads"
                }
            };
            format!(
                "The browser's network stack refuses the {what} ({}) because {why}; fetch() fails before any CORS check, \
                 with no CORS error.",
                error.name()
            )
        }
        K::CachedRedirect { status, .. } => format!(
            "The browser already followed a {status} redirect from this URL; permanent redirects are cached, \
             so it follows the cached one again without asking the server."
        ),
        K::PreflightRequest { .. } => "The browser first asks the server with an OPTIONS request that names the method and the non-safelisted \
             headers; it carries no cookies and none of the script's headers."
            .to_string(),
        K::PreflightRedirect { status, location } => format!(
            "The server answered the preflight with a {status} redirect to {location}; a preflight may not be \
             redirected, so the request is never sent. Answer OPTIONS at this exact URL (watch for http→https \
             and trailing-slash redirects)."
        ),
        K::PreflightStatus { status, ok: false } => format!(
            "The preflight's status is {status}, not 200–299. The OPTIONS request must succeed: it carries no \
             cookies or Authorization, so authentication must not apply to it, and the route must exist."
        ),
        K::PreflightStatus { status, ok: true } => {
            format!("The preflight's status {status} is an ok status.")
        }
        K::AllowListSyntax { list, item, .. } => {
            let what = match list {
                AllowList::Methods => "method names",
                AllowList::Headers => "header names",
            };
            format!(
                "{} must be a comma-separated list of {what}; {item:?} is not one, so the whole preflight fails.",
                allow_list_name(*list)
            )
        }
        K::MethodAllowed {
            method,
            allow_methods,
            allowance,
        } => match allowance {
            MethodAllowance::Safelisted => format!(
                "{method} is CORS-safelisted, so it needs no mention in Access-Control-Allow-Methods."
            ),
            MethodAllowance::Listed => format!("Access-Control-Allow-Methods lists {method}."),
            MethodAllowance::Wildcard => format!(
                "Access-Control-Allow-Methods is *, which allows {method} because the request has no credentials."
            ),
            MethodAllowance::Denied {
                case_mismatch,
                literal_star,
            } => {
                let detail = if let Some(listed) = case_mismatch {
                    format!(
                        " It lists {listed}, but methods are compared case-sensitively and fetch() sends {method} as \
                         written: use {listed} in the script, or list {method} on the server."
                    )
                } else if *literal_star {
                    " The * there is a literal method name, not a wildcard, because the request's credentials mode is include."
                        .to_string()
                } else if allow_methods.is_none() {
                    " The preflight response has no Access-Control-Allow-Methods at all.".to_string()
                } else {
                    String::new()
                };
                format!(
                    "{method} is not in Access-Control-Allow-Methods, so the request is never sent.{detail}"
                )
            }
        },
        K::HeadersAllowed {
            allow_headers,
            allowance,
            others,
            ..
        } => match allowance {
            HeaderAllowance::NothingToAllow => {
                "Every request header is CORS-safelisted, so Access-Control-Allow-Headers does not matter."
                    .to_string()
            }
            HeaderAllowance::Listed => "Access-Control-Allow-Headers lists every non-safelisted request header (names compare case-insensitively)."
                .to_string(),
            HeaderAllowance::Wildcard {
                authorization_relies_on_wildcard: true,
            } => format!(
                "Access-Control-Allow-Headers is *. {name} lets it cover Authorization too (the standard does \
                 not: see the warning)."
            ),
            HeaderAllowance::Wildcard {
                authorization_relies_on_wildcard: false,
            } => "Access-Control-Allow-Headers is *, which allows any header because the request has no credentials."
                .to_string(),
            HeaderAllowance::Denied {
                name: header,
                literal_star,
                authorization_not_covered,
            } => {
                let detail = if *authorization_not_covered {
                    " * does not cover Authorization: it must be listed by name."
                } else if *literal_star {
                    " The * there is a literal header name, not a wildcard, because the request's credentials mode is include."
                } else if allow_headers.is_none() {
                    " The preflight response has no Access-Control-Allow-Headers at all."
                } else {
                    ""
                };
                let also = if others.is_empty() || *literal_star || *authorization_not_covered {
                    String::new()
                } else {
                    format!(
                        " {} not allowed either: {name} names one of them in the error, in an order of its own.",
                        others.join(", ")
                    )
                };
                format!(
                    "The request header {header} is not in Access-Control-Allow-Headers, so the request is never sent.{detail}{also}"
                )
            }
        },
        K::MaxAge { max_age } => match max_age.rule {
            MaxAgeRule::Absent => format!(
                "Without Access-Control-Max-Age, {name} caches this preflight for {} seconds.",
                max_age.seconds
            ),
            MaxAgeRule::Unparsable => format!(
                "Access-Control-Max-Age is not a whole number of seconds, so {name} uses its default of {} seconds.",
                max_age.seconds
            ),
            MaxAgeRule::Negative => format!(
                "A negative Access-Control-Max-Age means {name} does not cache this preflight at all."
            ),
            MaxAgeRule::Capped => {
                format!("{name} caps the preflight cache at {} seconds.", max_age.seconds)
            }
            MaxAgeRule::AsIs => {
                format!("{name} caches this preflight for {} seconds.", max_age.seconds)
            }
        },
        K::AllowOrigin {
            stage,
            allow_origin,
            origin,
            problem,
            mismatch,
            lines,
            status,
            ..
        } => {
            let what = answer(*stage);
            match problem {
                None if allow_origin.as_deref() == Some("*") => format!(
                    "The {what} allows any origin with *, which works because the request carries no credentials."
                ),
                None => format!("The {what}'s Access-Control-Allow-Origin is exactly the request's origin."),
                Some(AllowOriginProblem::Missing) => {
                    let error_status = if *stage == Stage::Response && *status >= 400 {
                        format!(
                            " The server answered {status}: error responses need the CORS headers too, or the script sees \
                             only \"Failed to fetch\" instead of the error."
                        )
                    } else {
                        String::new()
                    };
                    format!(
                        "The {what} has no Access-Control-Allow-Origin header, so the browser does not let the page read it.{error_status}"
                    )
                }
                Some(AllowOriginProblem::WildcardWithCredentials) => format!(
                    "The {what} says Access-Control-Allow-Origin: *, but the request's credentials mode is include, \
                     and * is never enough for a credentialed request: the server must name the origin {origin}."
                ),
                Some(AllowOriginProblem::Multiple { value }) => {
                    if *lines > 1 {
                        format!(
                            "The {what} sends Access-Control-Allow-Origin {lines} times; the browser joins them \
                             into {value:?}, and only one origin is allowed. Something (often a proxy, a CDN or a \
                             second middleware) adds a second copy."
                        )
                    } else {
                        format!(
                            "Access-Control-Allow-Origin holds a list ({value:?}); it must be exactly one origin. \
                             Pick the request's origin from an allow-list on the server and send only that."
                        )
                    }
                }
                Some(AllowOriginProblem::Invalid { value }) => format!(
                    "Access-Control-Allow-Origin is {value:?}, which is not an origin (scheme://host[:port]) or *; \
                     wildcard patterns are not supported."
                ),
                Some(AllowOriginProblem::Mismatch { value, origin }) => {
                    let detail = match mismatch {
                        Some(Mismatch::TaintedOrigin) => " After a redirect to another origin the request's origin is null, so only null or * can match.".to_string(),
                        Some(Mismatch::NullValue) => " null matches only pages with an opaque origin (sandboxed frames, file: pages).".to_string(),
                        Some(Mismatch::TrailingSlash) => " The only difference is the trailing slash: an origin has no path, not even /.".to_string(),
                        Some(Mismatch::Case) => " The comparison is case-sensitive, byte for byte.".to_string(),
                        Some(Mismatch::WrittenDifferently) => format!(
                            " They name the same origin, but the header must be written exactly as the browser serializes it: {origin}."
                        ),
                        Some(Mismatch::Differs(parts)) => format!(" They differ in {}.", part_names(parts)),
                        Some(Mismatch::Other) | None => String::new(),
                    };
                    format!(
                        "The {what}'s Access-Control-Allow-Origin is {value:?}, but the request's origin is {origin}.{detail}"
                    )
                }
            }
        }
        K::AllowCredentials { stage, value, ok } => {
            let what = answer(*stage);
            match (ok, value) {
                (true, _) => "The request sends credentials and the server answers Access-Control-Allow-Credentials: true.".to_string(),
                (false, None) => format!(
                    "The request's credentials mode is include, so the {what} must also say \
                     Access-Control-Allow-Credentials: true, and it does not send that header."
                ),
                (false, Some(v)) => format!(
                    "Access-Control-Allow-Credentials is {v:?}; it must be exactly true (lowercase) when the \
                     request's credentials mode is include."
                ),
            }
        }
        K::RedirectScheme {
            scheme,
            cors_disabled: true,
            ..
        } => format!(
            "The request was redirected to a {scheme}: URL; a CORS request may only go to http: or https:."
        ),
        K::RedirectScheme {
            scheme,
            cors_disabled: false,
            ..
        } => format!(
            "The request was redirected to a {scheme}: URL, which fetch() cannot load; it fails without a CORS error."
        ),
        K::RedirectLocation {
            location,
            refused: true,
            ..
        } => format!(
            "The server redirects to {location:?}; the browser's network stack refuses to follow a redirect \
             to a data:, file:, blob: or about: URL or to a URL that does not parse \
             (net::ERR_UNSAFE_REDIRECT), and fetch() fails."
        ),
        K::RedirectLocation {
            status,
            location,
            refused: false,
        } => format!("The server answers {status} and points to {location}."),
        K::RedirectManual => "The redirect mode is manual, so fetch() resolves with an opaque-redirect response: status 0, no \
             headers, and the Location is not readable."
            .to_string(),
        K::RedirectCount { limit, .. } => {
            format!("The browser follows at most {limit} redirects; this is one more.")
        }
        K::RedirectCredentials { .. } => {
            "The redirect target holds a username and password; a CORS request may not follow it."
                .to_string()
        }
        K::RedirectLocationCredentials { .. } => format!(
            "The redirect target holds a username and password; {name} does not follow such a redirect, even \
             on the same origin."
        ),
        K::RedirectModeSameOrigin { .. } => format!(
            "A same-origin request was redirected to another origin, so fetch() fails ({name} prints no \
             CORS error for it)."
        ),
        K::RedirectModeError => {
            "The request's redirect mode is error, so any redirect makes fetch() fail.".to_string()
        }
        K::RedirectTaint { .. } => "The request was already cross-origin and is now redirected to yet another origin, so from here on it \
             carries Origin: null, and the server must answer Access-Control-Allow-Origin: null or *."
            .to_string(),
        K::RedirectMethod { status, from, to } => format!(
            "A {status} redirect turns {from} into {to}: the body and its Content-Type are dropped."
        ),
        K::RedirectAuthorization { .. } => {
            "The redirect goes to another origin, so the browser drops the Authorization header."
                .to_string()
        }
        K::ResponseType {
            response_type,
            status,
        } => match response_type {
            ResponseType::Basic => format!(
                "fetch() resolves with a basic response: status {status}, every header but Set-Cookie readable."
            ),
            ResponseType::Cors => format!(
                "fetch() resolves with a cors response: status {status}, the body, and only the safelisted and \
                 exposed headers are readable."
            ),
            ResponseType::Opaque => {
                "fetch() resolves with an opaque response: status 0, no readable headers, an empty body."
                    .to_string()
            }
            ResponseType::Opaqueredirect => {
                "fetch() resolves with an opaque-redirect response.".to_string()
            }
        },
        K::ExposedHeaders {
            list,
            wildcard,
            literal_star,
            ..
        } => match list {
            ExposeList::Invalid(v) => format!(
                "Access-Control-Expose-Headers ({v:?}) is not a comma-separated list of header names, so it \
                 exposes nothing beyond the safelisted headers."
            ),
            _ if *wildcard => "Access-Control-Expose-Headers: * exposes every header (but Set-Cookie) because the request has no credentials."
                .to_string(),
            _ if *literal_star => "Access-Control-Expose-Headers: * is a literal name here, not a wildcard, \
                 because the request's credentials mode is include: only safelisted headers are readable."
                .to_string(),
            ExposeList::Names(_) => "The script can read the safelisted response headers plus the ones named in \
                 Access-Control-Expose-Headers."
                .to_string(),
            ExposeList::Absent => "Without Access-Control-Expose-Headers the script can read only Cache-Control, \
                 Content-Language, Content-Length, Content-Type, Expires, Last-Modified and Pragma."
                .to_string(),
        },
    }
}

fn answer(stage: Stage) -> &'static str {
    match stage {
        Stage::Preflight => "preflight response",
        Stage::Response => "response",
    }
}

/// The parts in which two origins differ, in words.
pub fn part_names(parts: &[OriginPart]) -> String {
    let names: Vec<&str> = parts
        .iter()
        .map(|p| match p {
            OriginPart::Opaque => "opaque origin",
            OriginPart::Scheme => "scheme",
            OriginPart::Host => "host",
            OriginPart::Port => "port",
        })
        .collect();
    names.join(", ")
}

/// Why a request header is or is not CORS-safelisted, in words.
pub fn safelisting_words(header: &crate::trace::HeaderVerdict, browser: Browser) -> String {
    let name = &header.name;
    let value = &header.value;
    let lower = name.to_ascii_lowercase();
    match &header.safelisting {
        Safelisting::Safelisted => {
            if matches!(
                lower.as_str(),
                "accept" | "accept-language" | "content-language" | "content-type" | "range"
            ) {
                format!("{name} is CORS-safelisted")
            } else {
                format!(
                    "{name} is CORS-safelisted in {} only (Firefox and Safari would preflight it)",
                    browser.name()
                )
            }
        }
        Safelisting::Name => {
            if lower == "authorization" {
                "Authorization is never CORS-safelisted".to_string()
            } else {
                format!("{name} is not a CORS-safelisted header")
            }
        }
        Safelisting::TooLong { length, limit } => {
            format!("the {name} value is {length} bytes, longer than {limit}")
        }
        Safelisting::UnsafeByte { byte } => {
            format!("the {name} value holds the byte {}", byte_words(*byte))
        }
        Safelisting::LanguageByte { byte } => format!(
            "the {name} value holds {}, outside 0-9 A-Z a-z space * , - . ; =",
            byte_words(*byte)
        ),
        Safelisting::ContentTypeUnparsable => {
            format!("Content-Type {value:?} does not parse as a MIME type")
        }
        Safelisting::ContentTypeEssence { essence } => format!(
            "Content-Type {essence} is not one of application/x-www-form-urlencoded, multipart/form-data or text/plain"
        ),
        Safelisting::RangeNotSimple => {
            format!("Range {value:?} is not a single bytes=N- or bytes=N-M range")
        }
        Safelisting::ClientHintValue => format!(
            "the {name} value {value:?} is not of the form {} safelists",
            browser.name()
        ),
    }
}

fn byte_words(b: u8) -> String {
    if (0x21..0x7f).contains(&b) {
        format!("{:?}", char::from(b))
    } else {
        format!("0x{b:02X}")
    }
}
