//! What the script gets back: the response type, the status it sees, and the header names it
//! can read through the filtered response.

use serde::Serialize;

use crate::headers::{HeaderList, is_http_tab_or_space, is_token_byte, lowercase_name, to_display};
use crate::safelist::{SAFELISTED_RESPONSE_HEADER_NAMES, is_forbidden_response_header_name};
use crate::scenario::Credentials;

/// A response's type as the script sees it (`response.type`).
/// <https://fetch.spec.whatwg.org/#concept-response-type>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseType {
    /// A same-origin response: every header but `Set-Cookie` is readable.
    Basic,
    /// A cross-origin response that passed the CORS check.
    Cors,
    /// A `no-cors` cross-origin response: status 0, no headers, no body.
    Opaque,
    /// A redirect returned to a `redirect: "manual"` request: status 0, nothing readable.
    Opaqueredirect,
}

impl ResponseType {
    /// The JavaScript spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Basic => "basic",
            ResponseType::Cors => "cors",
            ResponseType::Opaque => "opaque",
            ResponseType::Opaqueredirect => "opaqueredirect",
        }
    }
}

/// How `Access-Control-Expose-Headers` was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExposeList {
    /// The header is absent.
    Absent,
    /// Parsed into these names (lowercased).
    Names(Vec<String>),
    /// Not a list of tokens: nothing is exposed beyond the safelisted names.
    Invalid(String),
}

/// Parses `Access-Control-Expose-Headers` as a `#field-name` list. An unparsable value exposes
/// nothing.
/// <https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list>
///
/// CHROMIUM: `HTTPHeaderNameListParser` in third_party/blink/renderer/platform/loader/cors/cors.cc:
/// spaces and tabs around items, empty items skipped, any non-token item empties the list.
pub fn parse_expose_headers(value: Option<&[u8]>) -> ExposeList {
    let Some(value) = value else {
        return ExposeList::Absent;
    };
    let mut names = Vec::new();
    let mut pos = 0usize;
    let at = |i: usize| value.get(i).copied();
    loop {
        while at(pos).is_some_and(is_http_tab_or_space) {
            pos += 1;
        }
        if at(pos) == Some(b',') {
            while at(pos) == Some(b',') {
                pos += 1;
            }
            continue;
        }
        if pos >= value.len() {
            return ExposeList::Names(names);
        }
        let start = pos;
        while at(pos).is_some_and(is_token_byte) {
            pos += 1;
        }
        if pos == start {
            return ExposeList::Invalid(to_display(value));
        }
        names.push(lowercase_name(value.get(start..pos).unwrap_or(&[])));
        while at(pos).is_some_and(is_http_tab_or_space) {
            pos += 1;
        }
        if pos >= value.len() {
            return ExposeList::Names(names);
        }
        if at(pos) != Some(b',') {
            return ExposeList::Invalid(to_display(value));
        }
        pos += 1;
    }
}

/// The names a CORS response exposes beyond the safelisted ones, and how they were decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exposure {
    /// How the header was read.
    pub list: ExposeList,
    /// Whether `*` exposed every name (only for requests without credentials).
    pub wildcard: bool,
    /// Whether `*` was listed but the request had credentials, so it is a literal name.
    pub literal_star: bool,
    /// The names the script can read, lowercased, sorted, unique.
    pub readable: Vec<String>,
    /// Names the server sent that the script cannot read.
    pub hidden: Vec<String>,
}

/// The header names a script can read from a response of a type: `Headers` iteration order
/// (lowercased, sorted, unique).
/// <https://fetch.spec.whatwg.org/#concept-filtered-response-cors>
/// <https://fetch.spec.whatwg.org/#concept-filtered-response-basic>
pub fn readable_header_names(
    response_type: ResponseType,
    headers: &HeaderList,
    credentials: Credentials,
) -> Exposure {
    let all = headers.names();
    match response_type {
        ResponseType::Opaque | ResponseType::Opaqueredirect => Exposure {
            list: ExposeList::Absent,
            wildcard: false,
            literal_star: false,
            readable: Vec::new(),
            hidden: all,
        },
        ResponseType::Basic => {
            let (readable, hidden) = all
                .into_iter()
                .partition(|n| !is_forbidden_response_header_name(n.as_bytes()));
            Exposure {
                list: ExposeList::Absent,
                wildcard: false,
                literal_star: false,
                readable,
                hidden,
            }
        }
        ResponseType::Cors => {
            let list =
                parse_expose_headers(headers.value("access-control-expose-headers").as_deref());
            let names: &[String] = match &list {
                ExposeList::Names(n) => n,
                ExposeList::Absent | ExposeList::Invalid(_) => &[],
            };
            let star = names.iter().any(|n| n == "*");
            // If request's credentials mode is not "include" and headerNames contains `*`, then
            // set response's CORS-exposed header-name list to all unique header names in
            // response's header list.
            let wildcard = star && credentials != Credentials::Include;
            let exposed = |n: &String| wildcard || names.contains(n);
            let (readable, hidden) = all.into_iter().partition(|n| {
                SAFELISTED_RESPONSE_HEADER_NAMES.contains(&n.as_str())
                    || (exposed(n) && !is_forbidden_response_header_name(n.as_bytes()))
            });
            Exposure {
                list,
                wildcard,
                literal_star: star && !wildcard,
                readable,
                hidden,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers::Header;

    #[test]
    fn expose_parsing_table() {
        let names = |v: &[&str]| ExposeList::Names(v.iter().map(|s| s.to_string()).collect());
        for (name, input, expected) in [
            ("one", "X-Total-Count", names(&["x-total-count"])),
            ("two", "a, b", names(&["a", "b"])),
            ("empty items", ",a,,b,", names(&["a", "b"])),
            ("star", "*", names(&["*"])),
            ("tabs", "\ta\t,\tb", names(&["a", "b"])),
            ("empty", "", names(&[])),
            ("space inside", "a b", ExposeList::Invalid("a b".into())),
            ("semicolon", "a;b", ExposeList::Invalid("a;b".into())),
            ("quoted", "\"a\"", ExposeList::Invalid("\"a\"".into())),
        ] {
            assert_eq!(
                parse_expose_headers(Some(input.as_bytes())),
                expected,
                "{name}"
            );
        }
    }

    fn response(extra: &[(&str, &str)]) -> HeaderList {
        let mut list: HeaderList = [
            Header::new("Content-Type", "application/json"),
            Header::new("X-Total-Count", "3"),
            Header::new("Set-Cookie", "a=b"),
        ]
        .into_iter()
        .collect();
        for (n, v) in extra {
            list.append(n.as_bytes(), v.as_bytes());
        }
        list
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn readable_table() {
        let cases: [(
            &str,
            ResponseType,
            Vec<(&str, &str)>,
            Credentials,
            Vec<&str>,
        ); 6] = [
            (
                "cors default",
                ResponseType::Cors,
                vec![],
                Credentials::SameOrigin,
                vec!["content-type"],
            ),
            (
                "cors exposed",
                ResponseType::Cors,
                vec![("Access-Control-Expose-Headers", "X-Total-Count, Set-Cookie")],
                Credentials::Omit,
                vec!["content-type", "x-total-count"],
            ),
            (
                "cors star",
                ResponseType::Cors,
                vec![("Access-Control-Expose-Headers", "*")],
                Credentials::Omit,
                vec![
                    "access-control-expose-headers",
                    "content-type",
                    "x-total-count",
                ],
            ),
            (
                "cors star with credentials",
                ResponseType::Cors,
                vec![("Access-Control-Expose-Headers", "*")],
                Credentials::Include,
                vec!["content-type"],
            ),
            (
                "basic",
                ResponseType::Basic,
                vec![],
                Credentials::SameOrigin,
                vec!["content-type", "x-total-count"],
            ),
            (
                "opaque",
                ResponseType::Opaque,
                vec![],
                Credentials::SameOrigin,
                vec![],
            ),
        ];
        for (name, kind, extra, credentials, expected) in cases {
            assert_eq!(
                readable_header_names(kind, &response(&extra), credentials).readable,
                expected,
                "{name}"
            );
        }
    }
}
