//! Masking secrets in pasted input before it is shown or put in a permalink: `Authorization`,
//! `Cookie`, `Set-Cookie`, `Proxy-Authorization` and API-key-looking header values, token-looking
//! URL query parameters and URL passwords. Enough is kept to recognise what was there
//! (`Bearer ····`, `sid=••••`). Masking never changes the verdict: the masked values are still
//! valid header values and URLs, and no CORS check reads them.

use crate::scenario::{Reply, Scenario};

/// What replaces a secret in response headers.
pub const MASK: &str = "••••";

/// What replaces a secret in a URL: ASCII, because a URL parser percent-encodes anything else
/// (`%E2%80%A2` in every console line and permalink), and `*` is left as is in a query, a
/// fragment and a password.
pub const URL_MASK: &str = "****";

/// What replaces a secret in a request header value. U+00B7 (not U+2022) because a request
/// header value must be a ByteString: `fetch()` throws on a character above U+00FF, and masking
/// must not change the verdict.
pub const HEADER_MASK: &str = "····";

/// Header names whose values are secrets.
const SECRET_HEADERS: [&str; 18] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "set-cookie2",
    "x-api-key",
    "api-key",
    "apikey",
    "x-auth-token",
    "x-access-token",
    "x-csrf-token",
    "x-xsrf-token",
    "x-amz-security-token",
    "x-goog-api-key",
    "x-functions-key",
    "ocp-apim-subscription-key",
    "x-session-token",
    "x-refresh-token",
];

/// URL query parameter names whose values are secrets (compared in lower case).
const SECRET_PARAMS: [&str; 25] = [
    "token",
    "access_token",
    "id_token",
    "refresh_token",
    "auth_token",
    "key",
    "api_key",
    "apikey",
    "api-key",
    "sig",
    "signature",
    "secret",
    "client_secret",
    "password",
    "passwd",
    "pwd",
    "auth",
    "code",
    "session",
    "sessionid",
    "jwt",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "x-goog-signature",
];

/// Whether a header's value is a secret: a known name, or a name that says token, secret, key,
/// password or session (CORS headers and `Sec-` headers excepted).
pub fn is_secret_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if SECRET_HEADERS.contains(&lower.as_str()) {
        return true;
    }
    if lower.starts_with("access-control-") || lower.starts_with("sec-") {
        return false;
    }
    [
        "token", "secret", "api-key", "apikey", "password", "session",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a URL query parameter holds a secret.
pub fn is_secret_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_PARAMS.contains(&lower.as_str())
        || lower.ends_with("_token")
        || lower.ends_with("-token")
        || lower.ends_with("_key")
        || lower.ends_with("secret")
}

fn already_masked(value: &str) -> bool {
    value.contains(MASK) || value.contains(HEADER_MASK) || value.contains(URL_MASK)
}

/// The masked form of a secret header's value, or `None` when it is not a secret (or already
/// masked). `mask` is [`MASK`] or [`HEADER_MASK`].
pub fn mask_header_value(name: &str, value: &str, mask: &str) -> Option<String> {
    if !is_secret_header(name) || value.trim().is_empty() || already_masked(value) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "authorization" | "proxy-authorization" => match value.trim().split_once(' ') {
            Some((scheme, _)) => format!("{scheme} {mask}"),
            None => mask.to_string(),
        },
        "cookie" => value
            .split(';')
            .map(|pair| match pair.split_once('=') {
                Some((n, _)) => format!("{}={mask}", n.trim()),
                None => mask.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        "set-cookie" | "set-cookie2" => {
            let (first, attributes) = value.split_once(';').unwrap_or((value, ""));
            let masked = match first.split_once('=') {
                Some((n, _)) => format!("{}={mask}", n.trim()),
                None => mask.to_string(),
            };
            if attributes.is_empty() {
                masked
            } else {
                format!("{masked};{attributes}")
            }
        }
        _ => mask.to_string(),
    })
}

/// Masks token-looking query (and fragment) parameters and a password in a URL; returns the new
/// URL and the names of what was masked.
pub fn mask_url(url: &str) -> (String, Vec<String>) {
    let mut masked = Vec::new();
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let mut out = String::new();
    // user:password@host
    match base.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find(['/', '\\']).unwrap_or(rest.len());
            let authority = rest.get(..authority_end).unwrap_or("");
            let path = rest.get(authority_end..).unwrap_or("");
            out.push_str(scheme);
            out.push_str("://");
            match authority.rsplit_once('@') {
                Some((userinfo, host)) => {
                    match userinfo.split_once(':') {
                        Some((user, password))
                            if !password.is_empty() && !already_masked(password) =>
                        {
                            out.push_str(user);
                            out.push(':');
                            out.push_str(URL_MASK);
                            masked.push("URL password".to_string());
                        }
                        _ => out.push_str(userinfo),
                    }
                    out.push('@');
                    out.push_str(host);
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        None => out.push_str(base),
    }
    let mut params = |part: &str, out: &mut String| {
        let pieces: Vec<String> = part
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, value))
                    if is_secret_param(name) && !value.is_empty() && !already_masked(value) =>
                {
                    masked.push(format!("URL parameter {name}"));
                    format!("{name}={URL_MASK}")
                }
                _ => pair.to_string(),
            })
            .collect();
        out.push_str(&pieces.join("&"));
    };
    if let Some(q) = query {
        out.push('?');
        params(q, &mut out);
    }
    if let Some(f) = fragment {
        out.push('#');
        params(f, &mut out);
    }
    (out, masked)
}

fn mask_reply(reply: &mut Reply, what: &str, masked: &mut Vec<String>) {
    for (name, value) in &mut reply.headers {
        if let Some(m) = mask_header_value(name, value, MASK) {
            *value = m;
            masked.push(format!("{what} header {name}"));
        }
        if name.eq_ignore_ascii_case("location") {
            let (url, found) = mask_url(value);
            if !found.is_empty() {
                *value = url;
                masked.extend(found.into_iter().map(|f| format!("{what} Location {f}")));
            }
        }
    }
}

/// Masks every secret in a scenario, in place, and says what it masked (`request header
/// Authorization`, `URL parameter access_token` …). Running it twice masks nothing more.
pub fn mask_secrets(s: &mut Scenario) -> Vec<String> {
    let mut masked = Vec::new();
    let (url, found) = mask_url(&s.request.url);
    if !found.is_empty() {
        s.request.url = url;
        masked.extend(found);
    }
    for (name, value) in &mut s.request.headers {
        if let Some(m) = mask_header_value(name, value, HEADER_MASK) {
            *value = m;
            masked.push(format!("request header {name}"));
        }
    }
    if let Some(p) = &mut s.preflight {
        mask_reply(p, "preflight", &mut masked);
    }
    for (i, r) in s.redirects.iter_mut().enumerate() {
        mask_reply(r, &format!("redirect {}", i + 1), &mut masked);
    }
    mask_reply(&mut s.response, "response", &mut masked);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values() {
        let rows: [(&str, &str, Option<&str>); 7] = [
            ("Authorization", "Bearer eyJhbGciOi", Some("Bearer ····")),
            ("authorization", "opaque", Some("····")),
            (
                "Cookie",
                "sid=abc; theme=dark",
                Some("sid=····; theme=····"),
            ),
            ("X-Api-Key", "k-123", Some("····")),
            ("X-My-Session-Id", "s", Some("····")),
            ("Content-Type", "application/json", None),
            ("Access-Control-Allow-Headers", "x-auth-token", None),
        ];
        for (name, value, expected) in rows {
            assert_eq!(
                mask_header_value(name, value, HEADER_MASK).as_deref(),
                expected,
                "{name}"
            );
        }
        assert_eq!(
            mask_header_value("Set-Cookie", "sid=abc; Path=/; HttpOnly", MASK).as_deref(),
            Some("sid=••••; Path=/; HttpOnly")
        );
    }

    #[test]
    fn urls() {
        let (url, found) =
            mask_url("https://u:pw@api.example.com/x?a=1&access_token=abc&sig=s#id_token=t");
        assert_eq!(
            url,
            "https://u:****@api.example.com/x?a=1&access_token=****&sig=****#id_token=****"
        );
        let parsed = url::Url::parse(&url).map(String::from);
        assert_eq!(
            parsed.as_deref(),
            Ok(url.as_str()),
            "the mask survives URL parsing"
        );
        assert_eq!(found.len(), 4);
        assert_eq!(mask_url(&url).1.len(), 0);
        assert_eq!(mask_url("not a url").0, "not a url");
    }

    #[test]
    fn masking_does_not_change_the_verdict() {
        let text = r#"{"origin": "https://app.example.com",
          "request": {"url": "https://api.example.com/x?token=abc", "method": "PUT",
                      "headers": [["Authorization", "Bearer abc"], ["X-Api-Key", "k"], ["Cookie", "a=b"]],
                      "credentials": "include"},
          "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                        ["Access-Control-Allow-Credentials", "true"], ["Access-Control-Allow-Methods", "PUT"],
                        ["Access-Control-Allow-Headers", "authorization"]]},
          "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                       ["Set-Cookie", "sid=1; Secure"]]}}"#;
        let mut s = crate::parse_scenario(text).unwrap_or_else(|e| panic!("{e}"));
        let before = crate::simulate(&s);
        let masked = mask_secrets(&mut s);
        assert_eq!(masked.len(), 5, "{masked:?}");
        let after = crate::simulate(&s);
        assert_eq!(before.cors_error, after.cors_error);
        assert_eq!(before.failed_parameter, after.failed_parameter);
        assert_eq!(before.fetch, after.fetch);
        assert_eq!(before.preflight_sent, after.preflight_sent);
        assert_eq!(
            before.cors_error,
            Some(crate::CorsError::HeaderDisallowedByPreflightResponse)
        );
        assert!(mask_secrets(&mut s).is_empty());
    }
}
