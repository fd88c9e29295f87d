//! The request as `fetch(url, init)` builds it before anything reaches the network: the `Request`
//! constructor's URL and method checks, the `Headers` guard that silently drops what a script may
//! not set, and the `Content-Type` a string body adds.

use url::Url;

use crate::headers::{
    Header, HeaderList, is_header_name, is_header_value, normalize_header_value, to_display,
};
use crate::method::{
    is_cors_safelisted_method, is_forbidden_method, is_method, is_unnormalized_common_method,
    normalize,
};
use crate::origin::PageOrigin;
use crate::profile::Profile;
use crate::reason::Reason;
use crate::safelist::{
    forbidden_request_header, is_no_cors_safelisted_request_header,
    is_privileged_no_cors_request_header_name,
};
use crate::scenario::{Credentials, Mode, RedirectMode, RequestInit};
use crate::trace::{HeaderProblem, StepKind, Trace};
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
            trace.record(StepKind::NoCorsMethod {
                method: method.clone(),
            });
            return Err(Reason::NoCorsMethod { method });
        }
        trace.record(StepKind::NoCorsGuard);
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
            trace.record(StepKind::BodyWithGetOrHead {
                method: request.method.clone(),
            });
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
            trace.record(StepKind::BodyContentType);
        }
    }

    let combined = request.headers.combined();
    if combined.len() != request.headers.len() {
        for header in combined.iter() {
            let lines = request.headers.get_all(&to_display(&header.name));
            if lines.len() > 1 {
                trace.record(StepKind::HeadersCombined {
                    name: to_display(&header.name),
                    value: to_display(&header.value),
                    lines: lines.len(),
                });
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
            trace.record(StepKind::UrlInvalid {
                url: init.url.clone(),
                error: e.to_string(),
            });
            return Err(Reason::InvalidUrl {
                url: init.url.clone(),
            });
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        trace.record(StepKind::UrlWithCredentials {
            url: init.url.clone(),
        });
        return Err(Reason::UrlHasCredentials {
            url: init.url.clone(),
        });
    }
    trace.record(StepKind::UrlParsed {
        url: url.to_string(),
        written: (url.as_str() != init.url).then(|| init.url.clone()),
    });
    Ok(url)
}

fn check_method(init: &RequestInit, trace: &mut Trace) -> Result<String, Reason> {
    let written = &init.method;
    // 1. If method is not a method, then throw a TypeError.
    if !is_method(written) {
        trace.record(StepKind::MethodNotAToken {
            method: written.clone(),
        });
        return Err(Reason::InvalidMethod {
            method: written.clone(),
        });
    }
    // 2. If method is a forbidden method, then throw a TypeError.
    if is_forbidden_method(written) {
        trace.record(StepKind::MethodForbidden {
            method: written.clone(),
        });
        return Err(Reason::ForbiddenMethod {
            method: written.clone(),
        });
    }
    // 3. Normalize method.
    let method = normalize(written);
    trace.record(StepKind::MethodNormalized {
        written: written.clone(),
        sent: method.clone(),
        case_kept: is_unnormalized_common_method(written),
    });
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
    // Outside no-cors nothing reads the list while it is filled: its headers are appended at
    // the end, all at once (which takes time linear in their number).
    let mut appended: Vec<Header> = Vec::new();
    let mut dropped = Vec::new();
    for (name, value) in &init.headers {
        let Some(name_bytes) = byte_string(name) else {
            return Err(header_type_error(trace, name, value, HeaderProblem::Name));
        };
        let Some(value_bytes) = byte_string(value) else {
            return Err(header_type_error(
                trace,
                name,
                value,
                HeaderProblem::NotByteString,
            ));
        };
        // 1. Normalize value.
        let value_bytes = normalize_header_value(&value_bytes).to_vec();
        // 2. If name is not a header name or value is not a header value, then throw a TypeError.
        if !is_header_name(&name_bytes) {
            return Err(header_type_error(trace, name, value, HeaderProblem::Name));
        }
        if !is_header_value(&value_bytes) {
            let normalized: String = value_bytes.iter().map(|&b| char::from(b)).collect();
            return Err(header_type_error(
                trace,
                name,
                &normalized,
                HeaderProblem::Value,
            ));
        }
        if value_bytes.len() != value.len() {
            trace.record(StepKind::HeaderTrimmed {
                name: name.clone(),
                written: value.clone(),
                sent: to_display(&value_bytes),
            });
        }
        // 4. Otherwise, if headers's guard is "request" and (name, value) is a forbidden
        //    request-header, return.
        if let Some(why) = forbidden_request_header(&name_bytes, &value_bytes, profile) {
            trace.record(StepKind::HeaderForbidden {
                name: name.clone(),
                value: value.clone(),
                rule: why.clone(),
            });
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
                trace.record(StepKind::HeaderDroppedNoCors {
                    name: name.clone(),
                    value: value.clone(),
                });
                dropped.push(DroppedHeader {
                    name: name.clone(),
                    value: value.clone(),
                    why: DropReason::NoCors,
                });
                continue;
            }
        }
        // 7. Append (name, value) to headers's header list.
        if init.mode == Mode::NoCors {
            list.append(&name_bytes, &value_bytes);
        } else {
            appended.push(Header {
                name: name_bytes,
                value: value_bytes,
            });
        }
    }
    list.append_all(appended);
    Ok((list, dropped))
}

fn header_type_error(trace: &mut Trace, name: &str, value: &str, problem: HeaderProblem) -> Reason {
    trace.record(StepKind::HeaderInvalid {
        name: name.to_string(),
        problem,
    });
    let name = name.to_string();
    let value = value.to_string();
    match problem {
        HeaderProblem::Name => Reason::InvalidHeaderName { name },
        HeaderProblem::NotByteString => Reason::HeaderValueNotByteString { name, value },
        HeaderProblem::Value => Reason::InvalidHeaderValue { name, value },
    }
}
