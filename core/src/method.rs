//! Methods: which are CORS-safelisted, which are forbidden, and how `fetch()` normalizes them.

use crate::headers::is_token;

/// A method is a byte sequence that matches the `method` token production.
/// <https://fetch.spec.whatwg.org/#concept-method>
pub fn is_method(method: &str) -> bool {
    is_token(method.as_bytes())
}

/// A CORS-safelisted method is a method that is `GET`, `HEAD`, or `POST`.
/// <https://fetch.spec.whatwg.org/#cors-safelisted-method>
///
/// The comparison is byte-exact: `get` is not safelisted, but `fetch()` normalizes it to `GET`
/// before this question is asked.
pub fn is_cors_safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// A forbidden method is a method that is a byte-case-insensitive match for `CONNECT`, `TRACE`,
/// or `TRACK`.
/// <https://fetch.spec.whatwg.org/#forbidden-method>
pub fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// The six methods that normalization upper-cases.
const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// To normalize a method, if it is a byte-case-insensitive match for `DELETE`, `GET`, `HEAD`,
/// `OPTIONS`, `POST`, or `PUT`, byte-uppercase it. Every other method (`patch` among them) is
/// left exactly as written.
/// <https://fetch.spec.whatwg.org/#concept-method-normalize>
pub fn normalize(method: &str) -> String {
    match NORMALIZED_METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(method))
    {
        Some(m) => (*m).to_string(),
        None => method.to_string(),
    }
}

/// Whether normalization leaves `method` alone although its upper-cased form is a common
/// method name (`patch`, `Patch`): the lesson behind "method patch is not allowed".
pub fn is_unnormalized_common_method(method: &str) -> bool {
    method.bytes().any(|b| b.is_ascii_lowercase())
        && !NORMALIZED_METHODS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(method))
        && ["PATCH", "CONNECT", "TRACE", "PURGE", "LINK", "UNLINK"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(method))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table() {
        for (name, input, expected) in [
            ("lowercase get", "get", "GET"),
            ("mixed post", "pOsT", "POST"),
            ("delete", "delete", "DELETE"),
            ("options", "options", "OPTIONS"),
            ("patch stays", "patch", "patch"),
            ("Patch stays", "Patch", "Patch"),
            ("custom stays", "purge", "purge"),
            ("upper custom", "PURGE", "PURGE"),
        ] {
            assert_eq!(normalize(input), expected, "{name}");
        }
    }

    #[test]
    fn safelisted_and_forbidden() {
        assert!(is_cors_safelisted_method("GET"));
        assert!(!is_cors_safelisted_method("get"));
        assert!(!is_cors_safelisted_method("PUT"));
        assert!(is_forbidden_method("connect"));
        assert!(is_forbidden_method("TrAcK"));
        assert!(!is_forbidden_method("PATCH"));
        assert!(is_method("PATCH"));
        assert!(!is_method("GE T"));
        assert!(!is_method(""));
        assert!(is_unnormalized_common_method("patch"));
        assert!(!is_unnormalized_common_method("PATCH"));
        assert!(!is_unnormalized_common_method("get"));
    }
}
