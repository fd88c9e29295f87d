//! The short explanation a beginner reads next to a verdict: why the browser blocks a
//! cross-origin read, and what a preflight is. Its claims (which methods, headers and
//! `Content-Type` values go without a preflight) are checked against the engine's safelists by
//! the tests below, so the words cannot drift from what the simulator does.

/// One question and its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// A stable id (`why-blocked`), for element ids and tests.
    pub id: &'static str,
    /// The question.
    pub question: &'static str,
    /// The answer, in a few sentences.
    pub answer: &'static str,
}

/// The methods the primer names as sent without a preflight.
pub const SIMPLE_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// The request headers the primer names as sent without a preflight (with a short value).
pub const SIMPLE_HEADERS: [&str; 4] = [
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
];

/// The `Content-Type` values the primer names as sent without a preflight.
pub const SIMPLE_CONTENT_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

/// The primer, in reading order.
pub const PRIMER: [Entry; 3] = [
    Entry {
        id: "why-blocked",
        question: "Why does the browser block this?",
        answer: "A page may send requests to other sites, but its script may not read their answers \
                 unless the other site agrees. An origin is a scheme, a host and a port: \
                 https://app.example.com and https://api.example.com are two origins. For a \
                 cross-origin request the browser checks the response: only when the server sends \
                 Access-Control-Allow-Origin with the page's origin (or *) does the script get to \
                 read it. curl, Postman and servers check nothing — only browsers do, on behalf of \
                 the person using the page, so it works in curl and fails in the browser.",
    },
    Entry {
        id: "what-preflight",
        question: "What is a preflight?",
        answer: "For a request that an HTML form could not send — a method other than GET, HEAD or \
                 POST, a header other than Accept, Accept-Language, Content-Language or Content-Type, \
                 or a Content-Type other than application/x-www-form-urlencoded, multipart/form-data \
                 or text/plain (JSON is not one of them) — the browser first asks the server's \
                 permission with an OPTIONS request carrying Access-Control-Request-Method and \
                 Access-Control-Request-Headers. Only when that answer allows the origin, the method \
                 and the headers is the request itself sent. The browser sends the preflight on its \
                 own, without cookies; the script never sees it.",
    },
    Entry {
        id: "who-fixes",
        question: "Who can fix it?",
        answer: "Usually the server: it decides which origins, methods and headers it allows, and \
                 nothing in the page can grant itself that permission (mode: 'no-cors' only makes \
                 the response unreadable). Sometimes the script asks for more than it needs — a \
                 header it does not have to send, a method written in lower case, credentials it \
                 does not use — and the simplest fix is in the fetch() call.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::is_cors_safelisted_method;
    use crate::profile::Profile;
    use crate::safelist::is_cors_safelisted_request_header;

    #[test]
    fn the_methods_it_names_are_the_safelisted_ones() {
        for m in SIMPLE_METHODS {
            assert!(is_cors_safelisted_method(m), "{m}");
        }
        for m in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
            assert!(!is_cors_safelisted_method(m), "{m}");
        }
        assert!(PRIMER[1].answer.contains("GET, HEAD or POST"));
    }

    #[test]
    fn the_headers_and_types_it_names_go_without_a_preflight() {
        let p = &Profile::CHROMIUM;
        for h in SIMPLE_HEADERS {
            let value: &[u8] = if h == "Content-Type" {
                b"text/plain"
            } else {
                b"en"
            };
            assert!(
                is_cors_safelisted_request_header(h.as_bytes(), value, p),
                "{h}"
            );
            assert!(PRIMER[1].answer.contains(h), "{h}");
        }
        for t in SIMPLE_CONTENT_TYPES {
            assert!(
                is_cors_safelisted_request_header(b"Content-Type", t.as_bytes(), p),
                "{t}"
            );
            assert!(PRIMER[1].answer.contains(t), "{t}");
        }
        assert!(!is_cors_safelisted_request_header(
            b"Content-Type",
            b"application/json",
            p
        ));
        assert!(!is_cors_safelisted_request_header(
            b"Authorization",
            b"Bearer x",
            p
        ));
    }
}
