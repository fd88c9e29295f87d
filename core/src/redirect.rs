//! Redirects: which responses are redirects, where they point, and what following one does to
//! the request (method, body, headers, the origin it carries).

use url::Url;

use crate::headers::HeaderList;
use crate::origin::Origin;

/// A redirect status is a status that is 301, 302, 303, 307, or 308.
/// <https://fetch.spec.whatwg.org/#redirect-status>
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The `Location` of a redirect: a redirect status and a non-empty `Location` header. A 3xx
/// without one is an ordinary response.
/// <https://fetch.spec.whatwg.org/#concept-response-location-url>
pub fn location(status: u16, headers: &HeaderList) -> Option<String> {
    if !is_redirect_status(status) {
        return None;
    }
    let first = headers.get_all("location").into_iter().next()?;
    let text = crate::check::to_display_utf8(first);
    (!text.is_empty()).then_some(text)
}

/// Resolves a `Location` value against the URL that answered with it; if the location has no
/// fragment, the request's current URL's fragment carries over.
/// <https://fetch.spec.whatwg.org/#concept-response-location-url>
pub fn resolve_location(location: &str, base: &Url) -> Option<Url> {
    let mut url = base.join(location).ok()?;
    if url.fragment().is_none() {
        url.set_fragment(base.fragment());
    }
    Some(url)
}

/// The request-body-header names, removed when a redirect turns a request into a `GET`.
/// <https://fetch.spec.whatwg.org/#request-body-header-name>
pub const REQUEST_BODY_HEADER_NAMES: [&str; 4] = [
    "content-encoding",
    "content-language",
    "content-location",
    "content-type",
];

/// If one of the following is true — status is 301 or 302 and request's method is `POST`;
/// status is 303 and request's method is not `GET` or `HEAD` — then set request's method to
/// `GET` and request's body to null, and remove the request-body-header names. Returns the new
/// method when it changes.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
pub fn method_change(status: u16, method: &str) -> Option<&'static str> {
    let changes = match status {
        301 | 302 => method == "POST",
        303 => method != "GET" && method != "HEAD",
        _ => false,
    };
    changes.then_some("GET")
}

/// If request's mode is "cors", locationURL includes credentials, and request's origin is not
/// same origin with locationURL's origin (or the request is already tainted), then return a
/// network error; likewise if the CORS flag is set and locationURL includes credentials.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
pub fn location_credentials_forbidden(
    location: &Url,
    origin: &Origin,
    cors_mode: bool,
    cors_flag: bool,
    tainted: bool,
) -> bool {
    let has_credentials = !location.username().is_empty() || location.password().is_some();
    has_credentials
        && ((cors_mode && (tainted || !origin.is_same_origin(&Origin::of_url(location))))
            || cors_flag)
}

/// If locationURL's origin is not same origin with request's current URL's origin and
/// request's origin is not same origin with request's current URL's origin, then set request's
/// tainted origin flag: from then on the request's origin serializes as `null`.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
pub fn taints_origin(location: &Url, current: &Url, origin: &Origin) -> bool {
    let current_origin = Origin::of_url(current);
    !Origin::of_url(location).is_same_origin(&current_origin)
        && !origin.is_same_origin(&current_origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn method_changes() {
        for (name, status, method, expected) in [
            ("302 post", 302, "POST", Some("GET")),
            ("301 post", 301, "POST", Some("GET")),
            ("302 put stays", 302, "PUT", None),
            ("303 put", 303, "PUT", Some("GET")),
            ("303 head stays", 303, "HEAD", None),
            ("307 post stays", 307, "POST", None),
            ("308 post stays", 308, "POST", None),
        ] {
            assert_eq!(method_change(status, method), expected, "{name}");
        }
    }

    #[test]
    fn taint_table() {
        let app = match crate::origin::parse_page_origin("https://app.example") {
            Ok(p) => p.origin,
            Err(e) => panic!("{e:?}"),
        };
        for (name, current, location, expected) in [
            (
                "same host hop",
                "https://api.example/a",
                "https://api.example/b",
                false,
            ),
            (
                "to a third origin",
                "https://api.example/a",
                "https://cdn.example/b",
                true,
            ),
            (
                "back to the page",
                "https://api.example/a",
                "https://app.example/b",
                true,
            ),
            (
                "from the page itself",
                "https://app.example/a",
                "https://api.example/b",
                false,
            ),
        ] {
            assert_eq!(
                taints_origin(&url(location), &url(current), &app),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn location_needs_redirect_status() {
        let mut headers = HeaderList::new();
        headers.append(b"Location", b"/next");
        assert_eq!(location(302, &headers).as_deref(), Some("/next"));
        assert_eq!(location(300, &headers), None);
        assert_eq!(location(200, &headers), None);
        assert_eq!(location(302, &HeaderList::new()), None);
    }
}
