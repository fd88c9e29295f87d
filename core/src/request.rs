//! The request as `fetch(url, init)` builds it before anything reaches the network: the `Request`
//! constructor's URL and method checks, the `Headers` guard that silently drops what a script may
//! not set, and the `Content-Type` a string body adds.

use url::Url;

use crate::headers::{
    HeaderList, is_header_name, is_header_value, normalize_header_value, to_display,
};
use crate::method::{
    is_cors_safelisted_method, is_forbidden_method, is_method, is_unnormalized_common_method,
    normalize,
};
use crate::origin::PageOrigin;
use crate::profile::Profile;
use crate::reason::Reason;
use crate::safelist::{
    Forbidden, forbidden_request_header, is_no_cors_safelisted_request_header,
    is_privileged_no_cors_request_header_name,
};
use crate::scenario::{Credentials, Mode, RedirectMode, RequestInit};
use crate::trace::{Outcome, Phase, Trace, Values, spec};
use crate::verdict::{DropReason, DroppedHeader};

/// A request as `fetch()` hands it to the network: what the browser will actually try to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The parsed URL. Its fragment never leaves the browser, but Chromium quotes it in console
    /// lines.
    pub url: Url,
    /// The normalized method.
    pub method: String,
    /// The header list after the guard, in the order the script appended them.
    pub headers: HeaderList,
    /// The mode.
    pub mode: Mode,
    /// The credentials mode.
    pub credentials: Credentials,
    /// The redirect mode.
    pub redirect: RedirectMode,
    /// The body's bytes, if any.
    pub body: Option<Vec<u8>>,
    /// Headers the script set that the guard dropped.
    pub dropped: Vec<DroppedHeader>,
}

/// The `Content-Type` that a string body brings when the script set none.
/// <https://fetch.spec.whatwg.org/#concept-bodyinit-extract>
pub const TEXT_BODY_CONTENT_TYPE: &[u8] = b"text/plain;charset=UTF-8";

/// Builds the request the way the `Request` constructor and `fetch()` do; a `TypeError` that
/// `fetch()` would reject with is returned as its reason.
/// <https://fetch.spec.whatwg.org/#dom-request>
pub fn construct(
    init: &RequestInit,
    page: &PageOrigin,
    profile: &Profile,
    trace: &mut Trace,
) -> Result<Request, Reason> {
    let url = parse_url(init, page, trace)?;
    let method = check_method(init, trace)?;

    // If this's request's mode is "no-cors", then: if this's request's method is not a
    // CORS-safelisted method, then throw a TypeError. Set this's headers's guard to
    // "request-no-cors".
    if init.mode == Mode::NoCors {
        if !is_cors_safelisted_method(&method) {
            trace.record(
                "request.no-cors-method",
                Phase::Request,
                Outcome::Fail,
                "method allowed in no-cors mode",
                Values::default().with("method", &method).with("mode", "no-cors"),
                format!("A no-cors request may only use GET, HEAD or POST, so fetch() throws a TypeError for {method}."),
                spec::REQUEST_CONSTRUCTOR,
            );
            return Err(Reason::NoCorsMethod { method });
        }
        trace.record(
            "request.no-cors-guard",
            Phase::Request,
            Outcome::Note,
            "no-cors header guard",
            Values::default().with("mode", "no-cors"),
            "In no-cors mode only Accept, Accept-Language, Content-Language and a form or text/plain Content-Type \
             with safelisted values survive; fetch() silently drops every other header.",
            spec::NO_CORS_SAFELISTED,
        );
    }

    let (headers, dropped) = fill_headers(init, profile, trace)?;
    let mut request = Request {
        url,
        method,
        headers,
        mode: init.mode,
        credentials: init.credentials,
        redirect: init.redirect,
        body: None,
        dropped,
    };

    // If either init["body"] exists and is non-null or inputBody is non-null, and request's
    // method is `GET` or `HEAD`, then throw a TypeError.
    if let Some(body) = &init.body {
        if request.method == "GET" || request.method == "HEAD" {
            trace.record(
                "request.body",
                Phase::Request,
                Outcome::Fail,
                "body on GET or HEAD",
                Values::default().with("method", &request.method),
                format!(
                    "A {} request cannot have a body, so fetch() throws a TypeError.",
                    request.method
                ),
                spec::REQUEST_CONSTRUCTOR,
            );
            return Err(Reason::BodyWithGetOrHead {
                method: request.method,
            });
        }
        request.body = Some(body.as_bytes().to_vec());
        // If Content-Type is non-null and this's headers's header list does not contain
        // `Content-Type`, then append (`Content-Type`, Content-Type) to this's headers.
        if !request.headers.contains("content-type") {
            request
                .headers
                .append(b"Content-Type", TEXT_BODY_CONTENT_TYPE);
            trace.record(
                "request.body-content-type",
                Phase::Request,
                Outcome::Note,
                "Content-Type from the body",
                Values::default().with("Content-Type", to_display(TEXT_BODY_CONTENT_TYPE)),
                "The body is a string and the script set no Content-Type, so fetch() adds \
                 Content-Type: text/plain;charset=UTF-8, which is CORS-safelisted.",
                spec::BODY_EXTRACT,
            );
        }
    }

    let combined = request.headers.combined();
    if combined.len() != request.headers.len() {
        for header in combined.iter() {
            let lines = request.headers.get_all(&to_display(&header.name));
            if lines.len() > 1 {
                trace.record(
                    "request.headers-combined",
                    Phase::Request,
                    Outcome::Note,
                    "repeated header combined",
                    Values::default()
                        .with("name", to_display(&header.name))
                        .with("sent as", to_display(&header.value)),
                    format!(
                        "The script set {} {} times; the browser sends one header whose values are joined with \", \", \
                         and that combined value is what the CORS rules look at.",
                        to_display(&header.name),
                        lines.len()
                    ),
                    spec::HEADERS_APPEND,
                );
            }
        }
    }
    Ok(request)
}

fn parse_url(init: &RequestInit, page: &PageOrigin, trace: &mut Trace) -> Result<Url, Reason> {
    let base = page.page_url.as_ref();
    let parsed = match base {
        Some(base) => base.join(&init.url),
        None => Url::parse(&init.url),
    };
    let url = match parsed {
        Ok(url) => url,
        Err(e) => {
            trace.record(
                "request.url",
                Phase::Request,
                Outcome::Fail,
                "URL parses",
                Values::default()
                    .with("url", &init.url)
                    .with("error", e.to_string()),
                format!(
                    "fetch() throws a TypeError because {:?} is not a valid URL ({e}).",
                    init.url
                ),
                spec::REQUEST_CONSTRUCTOR,
            );
            return Err(Reason::InvalidUrl {
                url: init.url.clone(),
            });
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        trace.record(
            "request.url",
            Phase::Request,
            Outcome::Fail,
            "URL without credentials",
            Values::default().with("url", &init.url),
            "fetch() throws a TypeError because the URL holds a username or password; send credentials in a header instead.",
            spec::REQUEST_CONSTRUCTOR,
        );
        return Err(Reason::UrlHasCredentials {
            url: init.url.clone(),
        });
    }
    let mut values = Values::default().with("url", url.as_str());
    if url.as_str() != init.url {
        values = values.with("written", &init.url);
    }
    trace.record(
        "request.url",
        Phase::Request,
        Outcome::Pass,
        "URL parses",
        values,
        if url.as_str() == init.url {
            "The URL parses.".to_string()
        } else {
            format!(
                "The URL parses as {} (the browser's own serialization).",
                url.as_str()
            )
        },
        spec::REQUEST_CONSTRUCTOR,
    );
    Ok(url)
}

fn check_method(init: &RequestInit, trace: &mut Trace) -> Result<String, Reason> {
    let written = &init.method;
    // 1. If method is not a method, then throw a TypeError.
    if !is_method(written) {
        trace.record(
            "request.method",
            Phase::Request,
            Outcome::Fail,
            "method is a token",
            Values::default().with("method", written),
            format!(
                "fetch() throws a TypeError because {written:?} is not a valid HTTP method name."
            ),
            spec::REQUEST_CONSTRUCTOR,
        );
        return Err(Reason::InvalidMethod {
            method: written.clone(),
        });
    }
    // 2. If method is a forbidden method, then throw a TypeError.
    if is_forbidden_method(written) {
        trace.record(
            "request.method",
            Phase::Request,
            Outcome::Fail,
            "method not forbidden",
            Values::default().with("method", written),
            format!("fetch() throws a TypeError because {written} is a forbidden method (CONNECT, TRACE and TRACK)."),
            spec::FORBIDDEN_METHOD,
        );
        return Err(Reason::ForbiddenMethod {
            method: written.clone(),
        });
    }
    // 3. Normalize method.
    let method = normalize(written);
    let reason = if &method != written {
        format!(
            "fetch() upper-cases {written} to {method}, as it does for DELETE, GET, HEAD, OPTIONS, POST and PUT."
        )
    } else if is_unnormalized_common_method(written) {
        format!(
            "fetch() sends {written} exactly as written: only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased, \
             and method names are compared case-sensitively."
        )
    } else {
        format!("The method is {method}.")
    };
    trace.record(
        "request.method",
        Phase::Request,
        Outcome::Pass,
        "method normalized",
        Values::default()
            .with("written", written)
            .with("sent", &method),
        reason,
        spec::METHOD_NORMALIZE,
    );
    Ok(method)
}

/// Latin-1 bytes of a JavaScript string, or `None` if it holds a character above U+00FF (a
/// ByteString conversion throws a TypeError then).
fn byte_string(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

fn fill_headers(
    init: &RequestInit,
    profile: &Profile,
    trace: &mut Trace,
) -> Result<(HeaderList, Vec<DroppedHeader>), Reason> {
    let mut list = HeaderList::new();
    let mut dropped = Vec::new();
    for (name, value) in &init.headers {
        let Some(name_bytes) = byte_string(name) else {
            return Err(header_type_error(
                trace,
                name,
                Reason::InvalidHeaderName { name: name.clone() },
            ));
        };
        let Some(value_bytes) = byte_string(value) else {
            return Err(header_type_error(
                trace,
                name,
                Reason::HeaderValueNotByteString { name: name.clone() },
            ));
        };
        // 1. Normalize value.
        let value_bytes = normalize_header_value(&value_bytes).to_vec();
        // 2. If name is not a header name or value is not a header value, then throw a TypeError.
        if !is_header_name(&name_bytes) {
            return Err(header_type_error(
                trace,
                name,
                Reason::InvalidHeaderName { name: name.clone() },
            ));
        }
        if !is_header_value(&value_bytes) {
            return Err(header_type_error(
                trace,
                name,
                Reason::InvalidHeaderValue { name: name.clone() },
            ));
        }
        if value_bytes.len() != value.len() {
            trace.record(
                "request.header-normalized",
                Phase::Request,
                Outcome::Note,
                "header value trimmed",
                Values::default()
                    .with("name", name)
                    .with("written", value)
                    .with("sent", to_display(&value_bytes)),
                "Leading and trailing spaces, tabs and line breaks are removed from header values.",
                spec::HEADER_VALUE_NORMALIZE,
            );
        }
        // 4. Otherwise, if headers's guard is "request" and (name, value) is a forbidden
        //    request-header, return.
        if let Some(why) = forbidden_request_header(&name_bytes, &value_bytes, profile) {
            let reason = match &why {
                Forbidden::Name => format!(
                    "{name} is a forbidden request header: only the browser sets it, so fetch() silently drops the script's value."
                ),
                Forbidden::Prefix => format!(
                    "{name} starts with Sec- or Proxy-, which only the browser may set, so fetch() silently drops it."
                ),
                Forbidden::MethodOverride { method } => format!(
                    "{name} names the forbidden method {method}, so fetch() silently drops the header."
                ),
            };
            trace.record(
                "request.header-forbidden",
                Phase::Request,
                Outcome::Note,
                "forbidden request header dropped",
                Values::default().with("name", name).with("value", value),
                reason,
                spec::FORBIDDEN_REQUEST_HEADER,
            );
            dropped.push(DroppedHeader {
                name: name.clone(),
                value: value.clone(),
                why: DropReason::Forbidden { rule: why },
            });
            continue;
        }
        // 6. Otherwise, if headers's guard is "request-no-cors": let temporaryValue be the
        //    result of getting name from headers's header list; if temporaryValue is null, set it
        //    to value, otherwise to temporaryValue, 0x2C 0x20, value. If (name, temporaryValue) is
        //    not a no-CORS-safelisted request-header, then return.
        if init.mode == Mode::NoCors {
            let name_str = to_display(&name_bytes);
            let temporary = match list.get(&name_str) {
                Some(mut existing) => {
                    existing.extend_from_slice(b", ");
                    existing.extend_from_slice(&value_bytes);
                    existing
                }
                None => value_bytes.clone(),
            };
            if !is_no_cors_safelisted_request_header(&name_bytes, &temporary, profile)
                || is_privileged_no_cors_request_header_name(&name_bytes)
            {
                trace.record(
                    "request.header-no-cors-dropped",
                    Phase::Request,
                    Outcome::Note,
                    "header dropped in no-cors mode",
                    Values::default().with("name", name).with("value", value),
                    format!(
                        "{name}: {value} is not a no-CORS-safelisted header, so in no-cors mode fetch() silently drops it; \
                         the server never sees it."
                    ),
                    spec::NO_CORS_SAFELISTED,
                );
                dropped.push(DroppedHeader {
                    name: name.clone(),
                    value: value.clone(),
                    why: DropReason::NoCors,
                });
                continue;
            }
        }
        // 7. Append (name, value) to headers's header list.
        list.append(&name_bytes, &value_bytes);
    }
    Ok((list, dropped))
}

fn header_type_error(trace: &mut Trace, name: &str, reason: Reason) -> Reason {
    let sentence = match &reason {
        Reason::InvalidHeaderName { .. } => {
            format!("fetch() throws a TypeError because {name:?} is not a valid header name.")
        }
        Reason::HeaderValueNotByteString { .. } => format!(
            "fetch() throws a TypeError because the value of {name} holds a character outside Latin-1 (above U+00FF)."
        ),
        _ => format!(
            "fetch() throws a TypeError because the value of {name} holds a NUL, CR or LF byte."
        ),
    };
    trace.record(
        "request.header-invalid",
        Phase::Request,
        Outcome::Fail,
        "header name and value are valid",
        Values::default().with("name", name),
        sentence,
        spec::HEADERS_APPEND,
    );
    reason
}
