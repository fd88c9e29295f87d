//! Which request headers a script may send without a preflight, which it may not send at all,
//! which survive `no-cors`, and which response headers a script may read.

use crate::headers::{Header, HeaderList, eq_ignore_case, lowercase_name, to_display};
use crate::method::is_forbidden_method;
use crate::profile::Profile;

/// A CORS-unsafe request-header byte is a byte byte for which one of the following is true:
/// byte is less than 0x20 and is not 0x09 HT; byte is 0x22 ("), 0x28 (left parenthesis),
/// 0x29 (right parenthesis), 0x3A (:), 0x3C (<), 0x3E (>), 0x3F (?), 0x40 (@), 0x5B ([),
/// 0x5C (\), 0x5D (]), 0x7B ({), 0x7D (}), or 0x7F DEL.
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte>
pub fn is_cors_unsafe_request_header_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09)
        || matches!(
            b,
            b'"' | b'('
                | b')'
                | b':'
                | b'<'
                | b'>'
                | b'?'
                | b'@'
                | b'['
                | b'\\'
                | b']'
                | b'{'
                | b'}'
                | 0x7f
        )
}

/// Whether a header is a CORS-safelisted request-header, and if not, why not.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Safelisting {
    /// The header may be sent without a preflight.
    Safelisted,
    /// Its name is not one of the safelisted names.
    Name,
    /// Its value is longer than the limit (128 bytes).
    TooLong {
        /// The value's length in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// Its value holds a CORS-unsafe request-header byte.
    UnsafeByte {
        /// The byte.
        byte: u8,
    },
    /// An `Accept-Language`/`Content-Language` value holds a byte outside
    /// `0-9 A-Z a-z SP * , - . ; =`.
    LanguageByte {
        /// The byte.
        byte: u8,
    },
    /// A `Content-Type` value that does not parse as a MIME type.
    ContentTypeUnparsable,
    /// A `Content-Type` whose essence is not one of the three form types.
    ContentTypeEssence {
        /// The parsed essence (`application/json`).
        essence: String,
    },
    /// A `Range` value that is not one simple `bytes=N-` or `bytes=N-M` range.
    RangeNotSimple,
    /// CHROMIUM: a client-hint header whose value is not of the expected form.
    ClientHintValue,
}

impl Safelisting {
    /// Whether the header is safelisted.
    pub fn is_safelisted(&self) -> bool {
        matches!(self, Safelisting::Safelisted)
    }
}

/// A CORS-safelisted request-header is a header (name, value) for which: the value is at most
/// 128 bytes, and the byte-lowercased name is `accept` (no CORS-unsafe request-header byte),
/// `accept-language` or `content-language` (only `0-9 A-Z a-z SP * , - . ; =`), `content-type`
/// (no CORS-unsafe byte, and a MIME type whose essence is `application/x-www-form-urlencoded`,
/// `multipart/form-data` or `text/plain`) or `range` (a simple range with a start).
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
///
/// CHROMIUM: also safelists `intervention` and the client hints `device-memory`, `dpr`,
/// `downlink`, `width`, `viewport-width`, `rtt`, `ect` and `save-data` with well-formed values
/// (services/network/public/cpp/cors/cors.cc, `IsCorsSafelistedHeader`).
pub fn cors_safelisted_request_header(name: &[u8], value: &[u8], profile: &Profile) -> Safelisting {
    // 1. If value's length is greater than 128, then return false.
    if value.len() > profile.safelisted_value_limit {
        return Safelisting::TooLong {
            length: value.len(),
            limit: profile.safelisted_value_limit,
        };
    }
    // 2. Byte-lowercase name and switch on the result:
    let name = name.to_ascii_lowercase();
    match name.as_slice() {
        // `accept`: If value contains a CORS-unsafe request-header byte, then return false.
        b"accept" => match value
            .iter()
            .find(|&&b| is_cors_unsafe_request_header_byte(b))
        {
            Some(&byte) => Safelisting::UnsafeByte { byte },
            None => Safelisting::Safelisted,
        },
        // `accept-language`, `content-language`: If value contains a byte that is not in the
        // range 0x30 (0) to 0x39 (9), inclusive, is not in the range 0x41 (A) to 0x5A (Z),
        // inclusive, is not in the range 0x61 (a) to 0x7A (z), inclusive, and is not 0x20 (SP),
        // 0x2A (*), 0x2C (,), 0x2D (-), 0x2E (.), 0x3B (;), or 0x3D (=), then return false.
        b"accept-language" | b"content-language" => {
            match value.iter().find(|&&b| {
                !(b.is_ascii_alphanumeric()
                    || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'='))
            }) {
                Some(&byte) => Safelisting::LanguageByte { byte },
                None => Safelisting::Safelisted,
            }
        }
        // `content-type`:
        b"content-type" => {
            // 1. If value contains a CORS-unsafe request-header byte, then return false.
            if let Some(&byte) = value
                .iter()
                .find(|&&b| is_cors_unsafe_request_header_byte(b))
            {
                return Safelisting::UnsafeByte { byte };
            }
            // 2. Let mimeType be the result of parsing the result of isomorphic decoding value.
            // 3. If mimeType is failure, then return false.
            let Some(essence) = mime_essence(value) else {
                return Safelisting::ContentTypeUnparsable;
            };
            // 4. If mimeType's essence is not "application/x-www-form-urlencoded",
            //    "multipart/form-data", or "text/plain", then return false.
            if is_form_essence(&essence) {
                Safelisting::Safelisted
            } else {
                Safelisting::ContentTypeEssence { essence }
            }
        }
        // `range`: Let rangeValue be the result of parsing a single range header value given
        // value and false. If rangeValue is failure, or rangeValue[0] is null, return false.
        b"range" => {
            if is_simple_range_header_value(value, profile.range_unit_any_case) {
                Safelisting::Safelisted
            } else {
                Safelisting::RangeNotSimple
            }
        }
        other if profile.client_hint_safelist => match chromium_client_hint(other, value) {
            Some(true) => Safelisting::Safelisted,
            Some(false) => Safelisting::ClientHintValue,
            None => Safelisting::Name,
        },
        // Otherwise: Return false.
        _ => Safelisting::Name,
    }
}

/// A CORS-safelisted request-header, as a predicate.
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
pub fn is_cors_safelisted_request_header(name: &[u8], value: &[u8], profile: &Profile) -> bool {
    cors_safelisted_request_header(name, value, profile).is_safelisted()
}

/// CHROMIUM: the extra safelisted names and their value rules; `None` for other names.
fn chromium_client_hint(lower_name: &[u8], value: &[u8]) -> Option<bool> {
    let digits = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
    // 1*DIGIT [ "." 1*DIGIT ]
    let decimal = |v: &[u8]| match v.iter().position(|&b| b == b'.') {
        Some(dot) => digits(v.get(..dot).unwrap_or(&[])) && digits(v.get(dot + 1..).unwrap_or(&[])),
        None => digits(v),
    };
    match lower_name {
        b"intervention" => Some(true),
        b"device-memory" | b"dpr" | b"downlink" => Some(decimal(value)),
        b"width" | b"viewport-width" | b"rtt" => Some(digits(value)),
        b"ect" => Some(matches!(value, b"slow-2g" | b"2g" | b"3g" | b"4g")),
        b"save-data" => Some(value.eq_ignore_ascii_case(b"on")),
        _ => None,
    }
}

fn is_form_essence(essence: &str) -> bool {
    matches!(
        essence,
        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
    )
}

/// The essence (`type/subtype`, lowercase) of a MIME type, or `None` if it does not parse.
/// Parameters never make parsing fail.
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
pub fn mime_essence(value: &[u8]) -> Option<String> {
    use crate::headers::{is_http_whitespace_byte, is_token, trim_bytes};
    // 1. Remove any leading and trailing HTTP whitespace from input.
    let input = trim_bytes(value, is_http_whitespace_byte);
    // 3. Let type be the result of collecting a sequence of code points that are not U+002F (/).
    let slash = input.iter().position(|&b| b == b'/')?;
    let type_ = input.get(..slash)?;
    // 4. If type is the empty string or does not solely contain HTTP token code points, then
    //    return failure.
    if !is_token(type_) {
        return None;
    }
    // 6. Advance position by 1. (Skip past U+002F (/).)
    let rest = input.get(slash + 1..)?;
    // 7. Let subtype be the result of collecting a sequence of code points that are not U+003B (;).
    let subtype = rest.split(|&b| b == b';').next().unwrap_or(&[]);
    // 8. Remove any trailing HTTP whitespace from subtype.
    let end = subtype
        .iter()
        .rposition(|&b| !is_http_whitespace_byte(b))
        .map_or(0, |i| i + 1);
    let subtype = subtype.get(..end).unwrap_or(&[]);
    // 9. If subtype is the empty string or does not solely contain HTTP token code points, then
    //    return failure.
    if !is_token(subtype) {
        return None;
    }
    let mut essence = String::with_capacity(type_.len() + 1 + subtype.len());
    essence.extend(type_.iter().map(|&b| char::from(b.to_ascii_lowercase())));
    essence.push('/');
    essence.extend(subtype.iter().map(|&b| char::from(b.to_ascii_lowercase())));
    Some(essence)
}

/// Whether a `Range` value is a single range with a start: `bytes=N-` or `bytes=N-M` with
/// N ≤ M, no whitespace, no second range. "2. If data does not start with "bytes", then return
/// failure": the unit is compared case-sensitively, unless `unit_any_case` (the profile's
/// [`Profile::range_unit_any_case`]).
/// <https://fetch.spec.whatwg.org/#simple-range-header-value>
///
/// CHROMIUM: rejects any space, tab or comma, then wants the value to start with `bytes=`
/// exactly (Chromium 156 preflights `Range: Bytes=0-1`, bp-safelist-16 in
/// tests/differential/recordings) and exactly one non-suffix range.
pub fn is_simple_range_header_value(value: &[u8], unit_any_case: bool) -> bool {
    if value.iter().any(|&b| b == b' ' || b == b'\t' || b == b',') {
        return false;
    }
    let Some(eq) = value.iter().position(|&b| b == b'=') else {
        return false;
    };
    let unit = value.get(..eq).unwrap_or(&[]);
    let unit_ok = if unit_any_case {
        unit.eq_ignore_ascii_case(b"bytes")
    } else {
        unit == b"bytes"
    };
    if !unit_ok {
        return false;
    }
    let spec = value.get(eq + 1..).unwrap_or(&[]);
    let Some(dash) = spec.iter().position(|&b| b == b'-') else {
        return false;
    };
    let first = spec.get(..dash).unwrap_or(&[]);
    let last = spec.get(dash + 1..).unwrap_or(&[]);
    let Some(start) = parse_int64(first) else {
        return false;
    };
    if last.is_empty() {
        return true;
    }
    matches!(parse_int64(last), Some(end) if end >= start)
}

/// Parses a non-negative decimal integer that fits in 63 bits.
fn parse_int64(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse::<i64>().ok()
}

/// The CORS-unsafe request-header names of a header list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnsafeNames {
    /// The names as the standard returns them: lowercased, sorted, without duplicates. This is
    /// the `Access-Control-Request-Headers` value once joined with `,`.
    pub sorted: Vec<String>,
    /// CHROMIUM: the names in header-list order (the not-safelisted ones first, then the
    /// safelisted ones when their values total too much), the order in which the preflight
    /// response is checked, so the first one missing is the one the error names.
    pub in_order: Vec<String>,
    /// Whether safelisted headers became unsafe because their values total more than the limit.
    pub over_total_limit: Option<usize>,
}

/// To get the CORS-unsafe request-header names of a header list headers: the names of headers
/// that are not CORS-safelisted request-headers, plus all the safelisted ones when their values
/// total more than 1024 bytes; converted to a sorted, lowercased set.
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
///
/// CHROMIUM: forbidden request-headers are skipped (`CorsUnsafeNotForbiddenRequestHeaderNames`
/// in services/network/cors/cors_util.cc): a script cannot set them and the browser's own do not
/// count.
pub fn cors_unsafe_request_header_names(headers: &HeaderList, profile: &Profile) -> UnsafeNames {
    unsafe_names_of(
        headers
            .iter()
            .filter(|h| !is_forbidden_request_header(&h.name, &h.value, profile))
            .map(|h| {
                let safelisted = is_cors_safelisted_request_header(&h.name, &h.value, profile);
                (h, safelisted)
            }),
        profile,
    )
}

/// [`cors_unsafe_request_header_names`] of headers whose safelisting is already known: the
/// headers that are not forbidden, each with whether it is a CORS-safelisted request-header.
pub fn unsafe_names_of<'h>(
    headers: impl IntoIterator<Item = (&'h Header, bool)>,
    profile: &Profile,
) -> UnsafeNames {
    // 1. Let unsafeNames be a new list.
    let mut unsafe_names = Vec::new();
    // 2. Let potentiallyUnsafeNames be a new list.
    let mut potentially_unsafe_names = Vec::new();
    // 3. Let safelistValueSize be 0.
    let mut safelist_value_size = 0usize;
    // 4. For each header of headers:
    for (header, safelisted) in headers {
        let name = lowercase_name(&header.name);
        if !safelisted {
            // 1. If header is not a CORS-safelisted request-header, then append header's name
            //    to unsafeNames.
            unsafe_names.push(name);
        } else {
            // 2. Otherwise, append header's name to potentiallyUnsafeNames and increase
            //    safelistValueSize by header's value's length.
            potentially_unsafe_names.push(name);
            safelist_value_size += header.value.len();
        }
    }
    // 5. If safelistValueSize is greater than 1024, then for each name of
    //    potentiallyUnsafeNames, append name to unsafeNames.
    let over_total_limit =
        (safelist_value_size > profile.safelisted_total_limit).then_some(safelist_value_size);
    if over_total_limit.is_some() {
        unsafe_names.extend(potentially_unsafe_names);
    }
    // 6. Return the result of convert header names to a sorted-lowercase set with unsafeNames.
    let mut sorted = unsafe_names.clone();
    sorted.sort();
    // FIREFOX: a name once per unsafe entry (`Profile::request_headers_deduplicated`).
    if profile.request_headers_deduplicated {
        sorted.dedup();
    }
    UnsafeNames {
        sorted,
        in_order: unsafe_names,
        over_total_limit,
    }
}

/// A CORS non-wildcard request-header name is a header name that is a byte-case-insensitive
/// match for `Authorization`.
/// <https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>
pub fn is_cors_non_wildcard_request_header_name(name: &[u8]) -> bool {
    eq_ignore_case(name, b"authorization")
}

/// A privileged no-CORS request-header name is a header name that is a byte-case-insensitive
/// match for `Range`.
/// <https://fetch.spec.whatwg.org/#privileged-no-cors-request-header-name>
pub fn is_privileged_no_cors_request_header_name(name: &[u8]) -> bool {
    eq_ignore_case(name, b"range")
}

/// A no-CORS-safelisted request-header name is a header name that is a byte-case-insensitive
/// match for one of `Accept`, `Accept-Language`, `Content-Language`, `Content-Type`.
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name>
pub fn is_no_cors_safelisted_request_header_name(name: &[u8]) -> bool {
    [
        "accept",
        "accept-language",
        "content-language",
        "content-type",
    ]
    .iter()
    .any(|n| eq_ignore_case(name, n.as_bytes()))
}

/// A no-CORS-safelisted request-header is a header (name, value) whose name is a
/// no-CORS-safelisted request-header name and which is a CORS-safelisted request-header.
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header>
pub fn is_no_cors_safelisted_request_header(name: &[u8], value: &[u8], profile: &Profile) -> bool {
    is_no_cors_safelisted_request_header_name(name)
        && is_cors_safelisted_request_header(name, value, profile)
}

/// Why a request header is forbidden.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Forbidden {
    /// One of the names the browser alone sets (`Cookie`, `Origin`, `Host` …).
    Name,
    /// A `Proxy-` or `Sec-` name.
    Prefix,
    /// An `X-HTTP-Method-Override`-style header naming a forbidden method.
    MethodOverride {
        /// The forbidden method named.
        method: String,
    },
}

const FORBIDDEN_NAMES: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// A header (name, value) is forbidden request-header if: name is one of `Accept-Charset`,
/// `Accept-Encoding`, `Access-Control-Request-Headers`, `Access-Control-Request-Method`,
/// `Connection`, `Content-Length`, `Cookie`, `Cookie2`, `Date`, `DNT`, `Expect`, `Host`,
/// `Keep-Alive`, `Origin`, `Referer`, `Set-Cookie`, `TE`, `Trailer`, `Transfer-Encoding`,
/// `Upgrade`, `Via`; or name starts with `proxy-` or `sec-`; or name is `X-HTTP-Method`,
/// `X-HTTP-Method-Override` or `X-Method-Override` and value names a forbidden method.
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
///
/// CHROMIUM: `User-Agent` and `Access-Control-Request-Private-Network` are forbidden too
/// (net/http/http_util.cc, `IsSafeHeader`).
pub fn forbidden_request_header(name: &[u8], value: &[u8], profile: &Profile) -> Option<Forbidden> {
    let lower = name.to_ascii_lowercase();
    // 1. If name is a byte-case-insensitive match for one of [the list], then return true.
    if FORBIDDEN_NAMES
        .iter()
        .any(|n| n.as_bytes() == lower.as_slice())
        || lower.as_slice() == b"access-control-request-private-network"
        || (profile.user_agent_forbidden && lower.as_slice() == b"user-agent")
    {
        return Some(Forbidden::Name);
    }
    // 2. If name when byte-lowercased starts with `proxy-` or `sec-`, then return true.
    if lower.starts_with(b"proxy-") || lower.starts_with(b"sec-") {
        return Some(Forbidden::Prefix);
    }
    // 3. If name is a byte-case-insensitive match for one of `X-HTTP-Method`,
    //    `X-HTTP-Method-Override`, or `X-Method-Override`, then:
    if matches!(
        lower.as_slice(),
        b"x-http-method" | b"x-http-method-override" | b"x-method-override"
    ) {
        // 1. Let parsedValues be the result of getting, decoding, and splitting value.
        // 2. For each method of parsedValues: if the isomorphic encoding of method is a
        //    forbidden method, then return true.
        for method in crate::headers::split_list(value) {
            let method = to_display(method);
            if is_forbidden_method(&method) {
                return Some(Forbidden::MethodOverride { method });
            }
        }
    }
    // 4. Return false.
    None
}

/// A forbidden request-header, as a predicate.
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
pub fn is_forbidden_request_header(name: &[u8], value: &[u8], profile: &Profile) -> bool {
    forbidden_request_header(name, value, profile).is_some()
}

/// A forbidden response-header name is a header name that is a byte-case-insensitive match for
/// `Set-Cookie` or `Set-Cookie2`.
/// <https://fetch.spec.whatwg.org/#forbidden-response-header-name>
pub fn is_forbidden_response_header_name(name: &[u8]) -> bool {
    eq_ignore_case(name, b"set-cookie") || eq_ignore_case(name, b"set-cookie2")
}

/// The names every CORS response exposes.
pub const SAFELISTED_RESPONSE_HEADER_NAMES: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// A CORS-safelisted response-header name, given a list of header names list, is a header name
/// that is a byte-case-insensitive match for one of `Cache-Control`, `Content-Language`,
/// `Content-Length`, `Content-Type`, `Expires`, `Last-Modified`, `Pragma`, or any item in list
/// that is not a forbidden response-header name.
/// <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>
pub fn is_cors_safelisted_response_header_name(name: &[u8], list: &[String]) -> bool {
    SAFELISTED_RESPONSE_HEADER_NAMES
        .iter()
        .any(|n| eq_ignore_case(name, n.as_bytes()))
        || (!is_forbidden_response_header_name(name)
            && list.iter().any(|n| eq_ignore_case(name, n.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Profile = Profile::CHROMIUM;

    #[test]
    fn mime_essence_table() {
        for (name, input, expected) in [
            ("plain", "text/plain", Some("text/plain")),
            ("params", "text/plain;charset=UTF-8", Some("text/plain")),
            ("empty param", "text/plain;", Some("text/plain")),
            (
                "space before semicolon",
                "text/plain ;x",
                Some("text/plain"),
            ),
            ("space after slash", "text/ plain", None),
            (
                "uppercase",
                "Multipart/Form-Data; boundary=x",
                Some("multipart/form-data"),
            ),
            ("space in type", "text /plain", None),
            ("tab around slash", "text\t/\tplain", None),
            ("trailing comma", "text/plain,", None),
            ("leading comma", ",text/plain", None),
            ("no subtype", "text/", None),
            ("no slash", "text", None),
            ("json", "application/json", Some("application/json")),
        ] {
            assert_eq!(
                mime_essence(input.as_bytes()).as_deref(),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn range_table() {
        // (name, value, simple, simple when the unit may be in any case)
        for (name, input, exact, any_case) in [
            ("closed", "bytes=100-200", true, true),
            ("open", "bytes=200-", true, true),
            ("uppercase unit", "BYTES=1-2", false, true),
            ("capital unit", "Bytes=1-2", false, true),
            ("suffix", "bytes=-200", false, false),
            ("reversed", "bytes=200-100", false, false),
            ("space", "bytes =100-200", false, false),
            ("two ranges", "bytes=1-2,4-5", false, false),
            ("no unit", "100-200", false, false),
            ("other unit", "items=1-2", false, false),
            (
                "huge",
                "bytes=0-99999999999999999999999999999999999999999999999999999999999",
                false,
                false,
            ),
            ("letters", "bytes=a-b", false, false),
            ("empty", "bytes=", false, false),
        ] {
            assert_eq!(
                is_simple_range_header_value(input.as_bytes(), false),
                exact,
                "{name}"
            );
            assert_eq!(
                is_simple_range_header_value(input.as_bytes(), true),
                any_case,
                "{name} (unit in any case)"
            );
        }
    }

    #[test]
    fn safelist_table() {
        let long_accept = "a".repeat(129);
        for (name, header, value, expected) in [
            ("accept any", "Accept", "application/json", true),
            ("accept quote", "Accept", "\"x\"", false),
            ("accept 129 bytes", "accept", long_accept.as_str(), false),
            (
                "accept-language ok",
                "Accept-Language",
                "en-US,en;q=0.9",
                true,
            ),
            ("content-language at", "Content-Language", "en@x", false),
            (
                "content-language control",
                "content-language",
                "\u{1}",
                false,
            ),
            (
                "content-type form",
                "Content-Type",
                "application/x-www-form-urlencoded",
                true,
            ),
            (
                "content-type json",
                "Content-Type",
                "application/json",
                false,
            ),
            ("content-type html", "content-type", "text/html", false),
            (
                "content-type unsafe param",
                "Content-Type",
                "text/plain;garbage\u{1}",
                false,
            ),
            (
                "content-type del",
                "Content-Type",
                "application/x-www-form-urlencoded;\u{7f}",
                false,
            ),
            (
                "content-type vertical tab",
                "Content-Type",
                "text/plain\u{b}",
                false,
            ),
            ("range", "Range", "bytes=0-", true),
            ("authorization", "Authorization", "Bearer x", false),
            ("custom", "X-Custom", "1", false),
            ("last-event-id", "Last-Event-ID", "1", false),
            ("dpr", "DPR", "2", true),
            ("dpr decimal", "dpr", "1.5", true),
            ("dpr bad", "DPR", "x", false),
            ("dpr trailing dot", "DPR", "1.", false),
            ("width", "Width", "100", true),
            ("width decimal", "Width", "1.5", false),
            ("ect", "ECT", "4g", true),
            ("ect case", "ECT", "4G", false),
            ("save-data", "Save-Data", "ON", true),
            ("save-data off", "Save-Data", "off", false),
            ("intervention", "Intervention", "<https://x>", true),
        ] {
            assert_eq!(
                is_cors_safelisted_request_header(header.as_bytes(), value.as_bytes(), &P),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn unsafe_names_sorted_and_over_limit() {
        let mut list = HeaderList::new();
        list.append(b"X-B", b"1");
        list.append(b"Content-Type", b"application/json");
        list.append(b"x-a", b"1");
        let names = cors_unsafe_request_header_names(&list, &P);
        assert_eq!(names.sorted, vec!["content-type", "x-a", "x-b"]);
        assert_eq!(names.in_order, vec!["x-b", "content-type", "x-a"]);

        let mut big = HeaderList::new();
        big.append(b"Accept", "a".repeat(128).as_bytes());
        big.append(b"Accept-Language", "b".repeat(128).as_bytes());
        for _ in 0..7 {
            big.append(b"Content-Language", "c".repeat(120).as_bytes());
        }
        let names = cors_unsafe_request_header_names(&big, &P);
        assert_eq!(names.over_total_limit, Some(128 + 128 + 7 * 120));
        assert_eq!(
            names.sorted,
            vec!["accept", "accept-language", "content-language"]
        );
    }

    #[test]
    fn forbidden_table() {
        for (name, header, value, expected) in [
            ("cookie", "Cookie", "a=b", true),
            ("origin", "origin", "x", true),
            ("sec prefix", "Sec-Fetch-Mode", "cors", true),
            ("proxy prefix", "Proxy-Authorization", "x", true),
            ("user agent in chromium", "User-Agent", "x", true),
            (
                "method override trace",
                "X-HTTP-Method-Override",
                "trace",
                true,
            ),
            (
                "method override list",
                "X-Method-Override",
                "GET, CONNECT",
                true,
            ),
            (
                "method override put",
                "X-HTTP-Method-Override",
                "PUT",
                false,
            ),
            ("authorization", "Authorization", "x", false),
            ("custom", "X-Requested-With", "XMLHttpRequest", false),
        ] {
            assert_eq!(
                is_forbidden_request_header(header.as_bytes(), value.as_bytes(), &P),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn response_names() {
        let exposed = vec!["x-total-count".to_string(), "set-cookie".to_string()];
        assert!(is_cors_safelisted_response_header_name(
            b"Content-Type",
            &[]
        ));
        assert!(is_cors_safelisted_response_header_name(
            b"X-Total-Count",
            &exposed
        ));
        assert!(!is_cors_safelisted_response_header_name(
            b"Set-Cookie",
            &exposed
        ));
        assert!(!is_cors_safelisted_response_header_name(b"ETag", &exposed));
    }
}
