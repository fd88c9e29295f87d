//! The CORS-preflight: the exact `OPTIONS` request the browser sends, and the checks its
//! response must pass before the request itself goes out.

use crate::headers::{HeaderList, is_token, split_list, to_display};
use crate::method::is_cors_safelisted_method;
use crate::profile::Profile;
use crate::safelist::UnsafeNames;

/// The preflight request: `OPTIONS` to the same URL with these headers (and `Accept: */*`, no
/// cookies, no script-set headers).
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreflightRequest {
    /// `Origin`: the serialized request origin (`null` after a cross-origin redirect).
    pub origin: String,
    /// `Access-Control-Request-Method`: the request's method.
    pub method: String,
    /// `Access-Control-Request-Headers`: the CORS-unsafe request-header names, lowercased,
    /// sorted, without duplicates, joined with `,`; absent when there are none.
    pub headers: Option<String>,
}

/// Builds the preflight request.
/// 2. Append (`Accept`, `*/*`) to preflight's header list.
/// 3. Append (`Access-Control-Request-Method`, request's method) to preflight's header list.
/// 4. Let headers be the CORS-unsafe request-header names with request's header list.
/// 5. If headers is not empty, then: let value be the items in headers separated from each
///    other by `,`; append (`Access-Control-Request-Headers`, value).
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
pub fn preflight_request(
    method: &str,
    unsafe_names: &UnsafeNames,
    serialized_origin: &str,
) -> PreflightRequest {
    PreflightRequest {
        origin: serialized_origin.to_string(),
        method: method.to_string(),
        headers: (!unsafe_names.sorted.is_empty()).then(|| unsafe_names.sorted.join(",")),
    }
}

/// A failure to parse an `Access-Control-Allow-Methods`/`-Headers` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParseError {
    /// The whole value.
    pub value: String,
    /// The first item that is not a token.
    pub item: String,
}

/// Parses an `Access-Control-Allow-Methods` or `Access-Control-Allow-Headers` value as a
/// `#token` list: comma-separated, optional whitespace, empty items ignored, every item a token;
/// any other item makes the whole header a failure.
/// <https://fetch.spec.whatwg.org/#http-new-header-syntax>
/// <https://fetch.spec.whatwg.org/#extract-header-list-values>
///
/// CHROMIUM: `ParseAccessControlAllowList` in services/network/cors/preflight_result.cc
/// (`HttpUtil::ValuesIterator` skipping empty values, `HttpUtil::IsToken` on each).
pub fn parse_token_list(value: Option<&[u8]>) -> Result<Vec<String>, ListParseError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let mut items = Vec::new();
    for item in split_list(value) {
        if item.is_empty() {
            continue;
        }
        if !is_token(item) {
            return Err(ListParseError {
                value: to_display(value),
                item: to_display(item),
            });
        }
        items.push(to_display(item));
    }
    Ok(items)
}

/// How long the browser caches a preflight result, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaxAge {
    /// The header's value, if present.
    pub header: Option<String>,
    /// The seconds the browser uses.
    pub seconds: u64,
    /// How the value was read.
    pub rule: MaxAgeRule,
}

/// How `Access-Control-Max-Age` was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxAgeRule {
    /// Absent: the browser's default.
    Absent,
    /// Not an integer: the browser's default.
    Unparsable,
    /// Negative: not cached at all.
    Negative,
    /// Above the browser's cap: the cap.
    Capped,
    /// Taken as is.
    AsIs,
}

/// `Access-Control-Max-Age`, parsed as a `delta-seconds` and capped by the browser.
/// <https://fetch.spec.whatwg.org/#http-access-control-max-age>
///
/// CHROMIUM: `ParseAccessControlMaxAge` in services/network/cors/preflight_result.cc: absent or
/// not an integer (`base::StringToInt64`, which takes a leading `+` or `-`) → 5 s; negative → 0;
/// at or above 7200 → 7200.
pub fn max_age(value: Option<&[u8]>, profile: &Profile) -> MaxAge {
    let Some(bytes) = value else {
        return MaxAge {
            header: None,
            seconds: profile.max_age_default,
            rule: MaxAgeRule::Absent,
        };
    };
    let header = Some(to_display(bytes));
    let parsed = parse_int64(bytes);
    match parsed {
        None => MaxAge {
            header,
            seconds: profile.max_age_default,
            rule: MaxAgeRule::Unparsable,
        },
        Some(n) if n < 0 => MaxAge {
            header,
            seconds: 0,
            rule: MaxAgeRule::Negative,
        },
        Some(n) if n.unsigned_abs() >= profile.max_age_cap => MaxAge {
            header,
            seconds: profile.max_age_cap,
            rule: MaxAgeRule::Capped,
        },
        Some(n) => MaxAge {
            header,
            seconds: u64::try_from(n).unwrap_or(profile.max_age_cap),
            rule: MaxAgeRule::AsIs,
        },
    }
}

/// CHROMIUM: `base::StringToInt64`: an optional `+` or `-`, then digits, no whitespace, no
/// overflow.
fn parse_int64(bytes: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(bytes).ok()?;
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse::<i64>().ok()
}

/// What a successful preflight response allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreflightResult {
    /// `Access-Control-Allow-Methods` items, case kept.
    pub methods: Vec<String>,
    /// `Access-Control-Allow-Headers` items, lowercased.
    pub headers: Vec<String>,
    /// Whether the preflight was for a credentialed request (then `*` is a literal name).
    pub credentials: bool,
    /// How long it is cached.
    pub max_age: MaxAge,
}

/// How the method check came out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MethodAllowance {
    /// The method is CORS-safelisted: it needs no mention.
    Safelisted,
    /// The method is listed, byte for byte.
    Listed,
    /// `*` allows it (request without credentials).
    Wildcard,
    /// Not allowed. `case_mismatch` holds a listed item that differs only in case.
    Denied {
        /// A listed method equal to the request's but for case (`PATCH` for `patch`).
        case_mismatch: Option<String>,
        /// `*` is listed but the request has credentials, so it is a literal name.
        literal_star: bool,
    },
}

/// If request's method is not in methods, request's method is not a CORS-safelisted method,
/// and request's credentials mode is "include" or methods does not contain `*`, then return a
/// network error.
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
pub fn method_allowance(result: &PreflightResult, method: &str) -> MethodAllowance {
    if is_cors_safelisted_method(method) {
        return MethodAllowance::Safelisted;
    }
    if result.methods.iter().any(|m| m == method) {
        return MethodAllowance::Listed;
    }
    let star = result.methods.iter().any(|m| m == "*");
    if star && !result.credentials {
        return MethodAllowance::Wildcard;
    }
    MethodAllowance::Denied {
        case_mismatch: result
            .methods
            .iter()
            .find(|m| m.eq_ignore_ascii_case(method))
            .cloned(),
        literal_star: star,
    }
}

/// How the header check came out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderAllowance {
    /// Nothing needed allowing.
    NothingToAllow,
    /// Every CORS-unsafe name is listed.
    Listed,
    /// `*` allows them (request without credentials).
    Wildcard {
        /// `Authorization` is among them and is not listed: the standard does not let `*` cover
        /// it, browsers still do.
        authorization_relies_on_wildcard: bool,
    },
    /// A name is not allowed: the first in the browser's checking order.
    Denied {
        /// The lowercased name.
        name: String,
        /// `*` is listed but the request has credentials, so it is a literal name.
        literal_star: bool,
        /// Blocked only because `*` does not cover `Authorization` under this profile.
        authorization_not_covered: bool,
    },
}

/// For each unsafeName of the CORS-unsafe request-header names with request's header list: if
/// unsafeName is not a header-name match for an item in headerNames and request's credentials
/// mode is "include" or headerNames does not contain `*`, return a network error. If
/// request's header list contains `Authorization` and headerNames does not list it, `*` does not
/// cover it (a CORS non-wildcard request-header name).
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
///
/// CHROMIUM: `EnsureAllowedCrossOriginHeaders` in services/network/cors/preflight_result.cc;
/// with `CorsNonWildcardRequestHeadersSupport` off (the default), `*` covers `Authorization`.
pub fn header_allowance(
    result: &PreflightResult,
    unsafe_names: &UnsafeNames,
    request_headers: &HeaderList,
    profile: &Profile,
) -> HeaderAllowance {
    let star = result.headers.iter().any(|h| h == "*");
    let has_authorization = request_headers.contains("authorization");
    let authorization_listed = result.headers.iter().any(|h| h == "authorization");
    if star && !result.credentials {
        if has_authorization && !authorization_listed {
            if !profile.authorization_covered_by_wildcard {
                return HeaderAllowance::Denied {
                    name: "authorization".to_string(),
                    literal_star: false,
                    authorization_not_covered: true,
                };
            }
            return HeaderAllowance::Wildcard {
                authorization_relies_on_wildcard: true,
            };
        }
        return HeaderAllowance::Wildcard {
            authorization_relies_on_wildcard: false,
        };
    }
    if unsafe_names.in_order.is_empty() {
        return HeaderAllowance::NothingToAllow;
    }
    let known = |n: &String| {
        crate::profile::WEBKIT_KNOWN_HEADER_NAMES
            .iter()
            .any(|k| k.eq_ignore_ascii_case(n))
    };
    let order: Vec<&String> = match profile.header_check_order {
        crate::profile::HeaderCheckOrder::ListOrder => unsafe_names.in_order.iter().collect(),
        crate::profile::HeaderCheckOrder::Sorted => unsafe_names.sorted.iter().collect(),
        crate::profile::HeaderCheckOrder::KnownNamesFirst => unsafe_names
            .in_order
            .iter()
            .filter(|n| known(n))
            .chain(unsafe_names.in_order.iter().filter(|n| !known(n)))
            .collect(),
    };
    let listed = crate::headers::NameSet::new(result.headers.iter().map(|h| h.as_bytes()));
    for name in order {
        if !listed.contains(name.as_bytes()) {
            return HeaderAllowance::Denied {
                name: name.clone(),
                literal_star: star,
                authorization_not_covered: false,
            };
        }
    }
    HeaderAllowance::Listed
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Profile = Profile::CHROMIUM;

    #[test]
    fn token_lists() {
        for (name, input, expected) in [
            ("simple", "GET, POST", Ok(vec!["GET", "POST"])),
            ("empty items", "GET,,POST,", Ok(vec!["GET", "POST"])),
            ("whitespace", " PUT ,\tDELETE ", Ok(vec!["PUT", "DELETE"])),
            ("star", "*", Ok(vec!["*"])),
            ("empty", "", Ok(vec![])),
            ("space inside", "PUT PATCH", Err("PUT PATCH")),
            ("bad method name", "Bad method", Err("Bad method")),
            ("semicolon", "GET;POST", Err("GET;POST")),
            ("quoted", "\"PUT\"", Err("\"PUT\"")),
        ] {
            let got = parse_token_list(Some(input.as_bytes()));
            match expected {
                Ok(items) => assert_eq!(
                    got,
                    Ok(items.iter().map(|s| s.to_string()).collect()),
                    "{name}"
                ),
                Err(item) => assert_eq!(got.map_err(|e| e.item), Err(item.to_string()), "{name}"),
            }
        }
        assert_eq!(parse_token_list(None), Ok(vec![]));
    }

    #[test]
    fn max_age_table() {
        for (name, input, seconds, rule) in [
            ("absent", None, 5, MaxAgeRule::Absent),
            ("ten minutes", Some("600"), 600, MaxAgeRule::AsIs),
            ("a day capped", Some("86400"), 7200, MaxAgeRule::Capped),
            ("exactly the cap", Some("7200"), 7200, MaxAgeRule::Capped),
            ("negative", Some("-1"), 0, MaxAgeRule::Negative),
            ("zero", Some("0"), 0, MaxAgeRule::AsIs),
            ("plus sign", Some("+60"), 60, MaxAgeRule::AsIs),
            ("letters", Some("abc"), 5, MaxAgeRule::Unparsable),
            ("empty", Some(""), 5, MaxAgeRule::Unparsable),
            ("two lines", Some("600, 600"), 5, MaxAgeRule::Unparsable),
            (
                "huge",
                Some("99999999999999999999999"),
                5,
                MaxAgeRule::Unparsable,
            ),
        ] {
            let got = max_age(input.map(str::as_bytes), &P);
            assert_eq!((got.seconds, got.rule), (seconds, rule), "{name}");
        }
    }

    fn result(methods: &[&str], headers: &[&str], credentials: bool) -> PreflightResult {
        PreflightResult {
            methods: methods.iter().map(|s| s.to_string()).collect(),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            credentials,
            max_age: max_age(None, &P),
        }
    }

    #[test]
    fn methods_table() {
        for (name, r, method, allowed) in [
            ("listed", result(&["PUT"], &[], false), "PUT", true),
            (
                "safelisted needs no listing",
                result(&[], &[], false),
                "POST",
                true,
            ),
            (
                "case matters",
                result(&["PATCH"], &[], false),
                "patch",
                false,
            ),
            (
                "star without credentials",
                result(&["*"], &[], false),
                "DELETE",
                true,
            ),
            (
                "star with credentials",
                result(&["*"], &[], true),
                "DELETE",
                false,
            ),
            (
                "literal star with credentials matches a method named *",
                result(&["*"], &[], true),
                "*",
                true,
            ),
        ] {
            let got = method_allowance(&r, method);
            assert_eq!(
                !matches!(got, MethodAllowance::Denied { .. }),
                allowed,
                "{name}: {got:?}"
            );
        }
        assert_eq!(
            method_allowance(&result(&["PATCH"], &[], false), "patch"),
            MethodAllowance::Denied {
                case_mismatch: Some("PATCH".into()),
                literal_star: false
            }
        );
    }

    #[test]
    fn headers_table() {
        let mut headers = HeaderList::new();
        headers.append(b"Authorization", b"Bearer x");
        headers.append(b"X-Api-Key", b"k");
        let names = crate::safelist::cors_unsafe_request_header_names(&headers, &P);
        let strict = Profile {
            authorization_covered_by_wildcard: false,
            ..P
        };
        for (name, r, profile, expected) in [
            (
                "all listed",
                result(&[], &["x-api-key", "authorization"], false),
                &P,
                "listed",
            ),
            (
                "case-insensitive",
                result(&[], &["X-API-KEY", "Authorization"], false),
                &P,
                "listed",
            ),
            (
                "star covers in chromium",
                result(&[], &["*"], false),
                &P,
                "wildcard-auth",
            ),
            (
                "star does not cover in spec",
                result(&[], &["*"], false),
                &strict,
                "denied authorization",
            ),
            (
                "star plus authorization",
                result(&[], &["*", "authorization"], false),
                &strict,
                "wildcard",
            ),
            (
                "star with credentials is literal",
                result(&[], &["*"], true),
                &P,
                "denied authorization",
            ),
            (
                "one missing",
                result(&[], &["authorization"], false),
                &P,
                "denied x-api-key",
            ),
        ] {
            let got = match header_allowance(&r, &names, &headers, profile) {
                HeaderAllowance::Listed => "listed".to_string(),
                HeaderAllowance::NothingToAllow => "nothing".to_string(),
                HeaderAllowance::Wildcard {
                    authorization_relies_on_wildcard: true,
                } => "wildcard-auth".to_string(),
                HeaderAllowance::Wildcard { .. } => "wildcard".to_string(),
                HeaderAllowance::Denied { name, .. } => format!("denied {name}"),
            };
            assert_eq!(got, expected, "{name}");
        }
    }
}
