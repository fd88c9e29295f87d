//! A server's reply as the browser's HTTP stack reads it, before any CORS rule looks at it:
//! header lines folded and trimmed, and the replies the network stack refuses outright.
//! <https://httpwg.org/specs/rfc9112.html#field.parsing>

use serde::Serialize;

use crate::headers::{Header, HeaderList, is_http_tab_or_space, trim_bytes};
use crate::scenario::Reply;

/// A reply the network stack refuses: `fetch()` rejects without any CORS error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NetError {
    /// A header name or value holds a NUL byte.
    InvalidHttpResponse,
    /// `Content-Length` appears twice with different values.
    MultipleContentLength,
    /// `Location` appears twice with different values.
    MultipleLocation,
    /// `Content-Disposition` appears twice with different values.
    MultipleContentDisposition,
    /// The header block is larger than the browser reads (256 KiB in Chromium).
    ResponseHeadersTooBig,
}

/// CHROMIUM: the largest response header block the network stack reads
/// (`HttpStreamParser::kMaxHeaderBufSize` in net/http/http_stream_parser.cc).
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

impl NetError {
    /// Chromium's net error name, as DevTools and the console's network line show it.
    pub fn name(self) -> &'static str {
        match self {
            NetError::InvalidHttpResponse => "net::ERR_INVALID_HTTP_RESPONSE",
            NetError::MultipleContentLength => "net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH",
            NetError::MultipleLocation => "net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION",
            NetError::MultipleContentDisposition => {
                "net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION"
            }
            NetError::ResponseHeadersTooBig => "net::ERR_RESPONSE_HEADERS_TOO_BIG",
        }
    }
}

/// A reply as the browser received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireReply {
    /// The header list the rest of the browser sees.
    pub headers: HeaderList,
    /// Why the network stack refuses the reply, if it does.
    pub error: Option<NetError>,
}

/// Reads a reply the way the browser's HTTP parser does. The server writes each `[name, value]`
/// pair as the line `name: value` (UTF-8).
///
/// - A line that starts with a space or tab continues the previous header (obsolete line
///   folding): CHROMIUM joins it to the previous value with one space, and drops such a line when
///   it comes first.
/// - Names lose surrounding spaces and tabs; values lose leading and trailing ones.
/// - A NUL byte anywhere makes the reply invalid; so do two different `Content-Length`,
///   `Location` or `Content-Disposition` values (net/http/http_stream_parser.cc), and a header
///   block over 256 KiB.
pub fn read_reply(reply: &Reply) -> WireReply {
    let mut headers: Vec<Header> = Vec::new();
    let mut error = None;
    let mut size = 0usize;
    for (name, value) in &reply.headers {
        // Each line is `name: value` and CRLF.
        size += name.len() + value.len() + 4;
        if size > MAX_HEADER_BYTES {
            return WireReply {
                headers: headers.into_iter().collect(),
                error: Some(NetError::ResponseHeadersTooBig),
            };
        }
        if name.as_bytes().contains(&0) || value.as_bytes().contains(&0) {
            error = Some(NetError::InvalidHttpResponse);
        }
        let first = name.as_bytes().first().copied();
        if first.is_some_and(is_http_tab_or_space) {
            if let Some(previous) = headers.last_mut() {
                let line = format!("{name}: {value}");
                let continuation = trim_bytes(line.as_bytes(), is_http_tab_or_space);
                let kept = trim_bytes(&previous.value, is_http_tab_or_space).to_vec();
                previous.value = kept;
                previous.value.push(b' ');
                previous.value.extend_from_slice(continuation);
            }
            continue;
        }
        headers.push(Header::new(
            trim_bytes(name.as_bytes(), is_http_tab_or_space),
            trim_bytes(value.as_bytes(), is_http_tab_or_space),
        ));
    }
    let list: HeaderList = headers.into_iter().collect();
    if error.is_none() {
        for (name, kind) in [
            ("content-length", NetError::MultipleContentLength),
            ("location", NetError::MultipleLocation),
            ("content-disposition", NetError::MultipleContentDisposition),
        ] {
            let mut values = list.iter().filter(|h| h.is(name)).map(|h| &h.value);
            let first = values.next();
            if values.any(|v| Some(v) != first) {
                error = Some(kind);
                break;
            }
        }
    }
    WireReply {
        headers: list,
        error,
    }
}

/// The header list of a reply as the browser reads it (see [`read_reply`]).
pub fn wire_headers(reply: &Reply) -> HeaderList {
    read_reply(reply).headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers::to_display;

    fn reply(headers: &[(&str, &str)]) -> Reply {
        Reply {
            status: 200,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: None,
        }
    }

    fn flat(w: &WireReply) -> Vec<(String, String)> {
        w.headers
            .iter()
            .map(|h| (to_display(&h.name), to_display(&h.value)))
            .collect()
    }

    #[test]
    fn parsing_table() {
        let pair = |n: &str, v: &str| (n.to_string(), v.to_string());
        for (name, input, expected, error) in [
            ("trimmed", vec![(" X-A ", " 1 ")], vec![], None),
            (
                "trailing space in name",
                vec![("Access-Control-Allow-Origin ", "*")],
                vec![pair("Access-Control-Allow-Origin", "*")],
                None,
            ),
            (
                "folded line",
                vec![
                    ("Access-Control-Allow-Origin", "http://app"),
                    (" .example", "x"),
                ],
                vec![pair(
                    "Access-Control-Allow-Origin",
                    "http://app .example: x",
                )],
                None,
            ),
            (
                "nul",
                vec![("X-A", "a\u{0}b")],
                vec![pair("X-A", "a\u{0}b")],
                Some(NetError::InvalidHttpResponse),
            ),
            (
                "two lengths",
                vec![("Content-Length", "2"), ("Content-Length", "3")],
                vec![pair("Content-Length", "2"), pair("Content-Length", "3")],
                Some(NetError::MultipleContentLength),
            ),
            (
                "same length twice",
                vec![("Content-Length", "2"), ("content-length", " 2")],
                vec![pair("Content-Length", "2"), pair("content-length", "2")],
                None,
            ),
        ] {
            let got = read_reply(&reply(&input));
            assert_eq!((flat(&got), got.error), (expected, error), "{name}");
        }
    }
}
