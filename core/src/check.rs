//! The CORS check: does a response's `Access-Control-Allow-Origin` (and, for credentialed
//! requests, `Access-Control-Allow-Credentials`) let the requesting origin read it.

use crate::headers::{HeaderList, to_display};
use crate::origin::{OriginPart, parse_page_origin};
use crate::reason::AllowOriginProblem;
use crate::scenario::Credentials;

/// Why a CORS check failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckFailure {
    /// `Access-Control-Allow-Origin` is missing or wrong.
    AllowOrigin(AllowOriginProblem),
    /// The request's credentials mode is `include` and `Access-Control-Allow-Credentials` is
    /// not exactly `true` (its value, if present).
    AllowCredentials(Option<String>),
}

/// What the check read, for the trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInput {
    /// `Access-Control-Allow-Origin` as the browser reads it (lines trimmed, joined with `, `).
    pub allow_origin: Option<String>,
    /// `Access-Control-Allow-Credentials`, likewise.
    pub allow_credentials: Option<String>,
}

impl CheckInput {
    /// Reads the two headers from a response's header list.
    pub fn read(headers: &HeaderList) -> Self {
        CheckInput {
            allow_origin: headers
                .value("access-control-allow-origin")
                .map(|v| to_display_utf8(&v)),
            allow_credentials: headers
                .value("access-control-allow-credentials")
                .map(|v| to_display_utf8(&v)),
        }
    }
}

/// Header bytes as text: UTF-8 where they are UTF-8 (what people paste), Latin-1 otherwise.
pub fn to_display_utf8(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => to_display(bytes),
    }
}

/// A CORS check for a request and response:
/// 1. Let origin be the result of getting `Access-Control-Allow-Origin` from response's header
///    list.
/// 2. If origin is null, then return failure.
/// 3. If request's credentials mode is not "include" and origin is `*`, then return success.
/// 4. If the result of byte-serializing a request origin with request is not origin, then
///    return failure.
/// 5. If request's credentials mode is not "include", then return success.
/// 6. Let credentials be the result of getting `Access-Control-Allow-Credentials` from
///    response's header list.
/// 7. If credentials is `true`, then return success.
/// 8. Return failure.
///
/// <https://fetch.spec.whatwg.org/#concept-cors-check>
///
/// CHROMIUM: `CheckAccess` in services/network/public/cpp/cors/cors.cc tells failures apart
/// for the error message: `*` with credentials, missing, a value holding a space or comma
/// ("multiple values"), `null` or a URL ("mismatch"), anything else ("invalid value").
pub fn cors_check(
    input: &CheckInput,
    credentials: Credentials,
    serialized_origin: &str,
) -> Result<(), CheckFailure> {
    let include = credentials == Credentials::Include;
    // 1. Let origin be the result of getting `Access-Control-Allow-Origin`.
    match input.allow_origin.as_deref() {
        // 3. If request's credentials mode is not "include" and origin is `*`, return success.
        Some("*") if !include => return Ok(()),
        Some("*") => {
            return Err(CheckFailure::AllowOrigin(
                AllowOriginProblem::WildcardWithCredentials,
            ));
        }
        // 2. If origin is null, then return failure.
        None => return Err(CheckFailure::AllowOrigin(AllowOriginProblem::Missing)),
        // 4. If the result of byte-serializing a request origin with request is not origin,
        //    then return failure.
        Some(value) if value != serialized_origin => {
            let value = value.to_string();
            let problem = if value.contains([' ', ',']) {
                AllowOriginProblem::Multiple { value }
            } else if value == "null" || crate::urls::is_valid(&value) {
                AllowOriginProblem::Mismatch {
                    value,
                    origin: serialized_origin.to_string(),
                }
            } else {
                AllowOriginProblem::Invalid { value }
            };
            return Err(CheckFailure::AllowOrigin(problem));
        }
        Some(_) => {}
    }
    // 5. If request's credentials mode is not "include", then return success.
    if !include {
        return Ok(());
    }
    // 6-8. `Access-Control-Allow-Credentials` must be `true`, byte for byte.
    match input.allow_credentials.as_deref() {
        Some("true") => Ok(()),
        other => Err(CheckFailure::AllowCredentials(other.map(str::to_string))),
    }
}

/// How an `Access-Control-Allow-Origin` value that names another origin (or `null`) differs
/// from the request's origin: what someone fixing the server needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The request's origin is `null` after a redirect to another origin, and the value is not.
    TaintedOrigin,
    /// The value is `null` and the page's origin is not opaque.
    NullValue,
    /// The value is the origin with a trailing slash.
    TrailingSlash,
    /// The value is the origin in another case.
    Case,
    /// The value names the same origin, written otherwise (an explicit default port, …).
    WrittenDifferently,
    /// The value is another origin, differing in these parts.
    Differs(Vec<OriginPart>),
    /// The value cannot be compared part by part.
    Other,
}

/// Compares a mismatching `Access-Control-Allow-Origin` value with the serialized origin it was
/// checked against.
pub fn mismatch(value: &str, origin: &str) -> Mismatch {
    if origin == "null" && value != "null" {
        Mismatch::TaintedOrigin
    } else if value == "null" {
        Mismatch::NullValue
    } else if value.trim_end_matches('/') == origin {
        Mismatch::TrailingSlash
    } else if value.eq_ignore_ascii_case(origin) {
        Mismatch::Case
    } else {
        match (parse_page_origin(value), parse_page_origin(origin)) {
            (Ok(a), Ok(b)) if a.origin.is_same_origin(&b.origin) => Mismatch::WrittenDifferently,
            (Ok(a), Ok(b)) => Mismatch::Differs(a.origin.differences(&b.origin)),
            _ => Mismatch::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://app.example.com";

    fn check(
        acao: Option<&str>,
        acac: Option<&str>,
        credentials: Credentials,
    ) -> Result<(), CheckFailure> {
        cors_check(
            &CheckInput {
                allow_origin: acao.map(str::to_string),
                allow_credentials: acac.map(str::to_string),
            },
            credentials,
            ORIGIN,
        )
    }

    #[test]
    fn allow_origin_table() {
        use AllowOriginProblem as P;
        let mismatch = |v: &str| {
            Err(CheckFailure::AllowOrigin(P::Mismatch {
                value: v.to_string(),
                origin: ORIGIN.to_string(),
            }))
        };
        let invalid = |v: &str| {
            Err(CheckFailure::AllowOrigin(P::Invalid {
                value: v.to_string(),
            }))
        };
        let multiple = |v: &str| {
            Err(CheckFailure::AllowOrigin(P::Multiple {
                value: v.to_string(),
            }))
        };
        for (name, acao, expected) in [
            ("exact", Some(ORIGIN), Ok(())),
            ("star", Some("*"), Ok(())),
            ("missing", None, Err(CheckFailure::AllowOrigin(P::Missing))),
            (
                "trailing slash",
                Some("https://app.example.com/"),
                mismatch("https://app.example.com/"),
            ),
            (
                "uppercase host",
                Some("https://APP.example.com"),
                mismatch("https://APP.example.com"),
            ),
            (
                "explicit default port",
                Some("https://app.example.com:443"),
                mismatch("https://app.example.com:443"),
            ),
            (
                "other scheme",
                Some("http://app.example.com"),
                mismatch("http://app.example.com"),
            ),
            ("null", Some("null"), mismatch("null")),
            (
                "two origins",
                Some("https://a.example, https://app.example.com"),
                multiple("https://a.example, https://app.example.com"),
            ),
            (
                "comma no space",
                Some("https://a.example,https://b.example"),
                multiple("https://a.example,https://b.example"),
            ),
            (
                "star and origin",
                Some("*, https://app.example.com"),
                multiple("*, https://app.example.com"),
            ),
            (
                "bare host",
                Some("app.example.com"),
                invalid("app.example.com"),
            ),
            ("quoted star", Some("'*'"), invalid("'*'")),
            ("double star", Some("**"), invalid("**")),
            (
                "subdomain pattern",
                Some("*.example.com"),
                invalid("*.example.com"),
            ),
            ("empty", Some(""), invalid("")),
        ] {
            assert_eq!(
                check(acao, None, Credentials::SameOrigin),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn credentials_table() {
        assert_eq!(
            check(Some("*"), Some("true"), Credentials::Include),
            Err(CheckFailure::AllowOrigin(
                AllowOriginProblem::WildcardWithCredentials
            ))
        );
        assert_eq!(
            check(Some(ORIGIN), Some("true"), Credentials::Include),
            Ok(())
        );
        assert_eq!(
            check(Some(ORIGIN), Some("True"), Credentials::Include),
            Err(CheckFailure::AllowCredentials(Some("True".into())))
        );
        assert_eq!(
            check(Some(ORIGIN), None, Credentials::Include),
            Err(CheckFailure::AllowCredentials(None))
        );
        assert_eq!(check(Some(ORIGIN), None, Credentials::Omit), Ok(()));
    }
}
