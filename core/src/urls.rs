//! URLs as Chromium parses and prints them (GURL), where that departs from the WHATWG URL
//! Standard that the `url` crate implements.
//!
//! CHROMIUM (url/url_canon_host.cc, url_canon_path.cc), checked in the differential runs:
//! - a host may hold characters the standard forbids, which GURL percent-encodes instead of
//!   failing (this module uses it for validity only: the `url` crate cannot hold such a host): space, `!`, `"`, `$`, `&`, `'`, `(`, `)`, `*`, `+`, `,`, `;`, `=`, `` ` ``, `{`, `}`
//!   (so `https://api example.com/` is a valid URL whose host is `api%20example.com`);
//! - a path gets `|` and `^` percent-encoded.

use url::Url;

/// Host characters GURL percent-encodes rather than rejects.
fn is_escaped_host_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '!'
            | '"'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | '`'
            | '{'
            | '}'
    )
}

/// The schemes with a host the way http has one.
fn is_special(scheme: &str) -> bool {
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ws" | "wss" | "ftp"
    )
}

/// For a special URL the standard's parser refuses, whether GURL refuses it too: the host,
/// percent-decoded, may hold only letters, digits, `-._~`, non-ASCII letters and the characters
/// GURL escapes; the rest of the URL must parse with a plain host in its place.
fn gurl_accepts_host(input: &str) -> bool {
    let trimmed = input.trim_matches(|c: char| c <= ' ');
    let Some(colon) = trimmed.find(':') else {
        return false;
    };
    let (scheme, rest) = trimmed.split_at(colon);
    if !is_special(scheme) {
        return false;
    }
    let rest = rest.get(1..).unwrap_or("");
    let slashes = rest.len() - rest.trim_start_matches(['/', '\\']).len();
    let after_slashes = rest.get(slashes..).unwrap_or("");
    let authority_end = after_slashes
        .find(['/', '\\', '?', '#'])
        .unwrap_or(after_slashes.len());
    let (authority, tail) = after_slashes.split_at(authority_end);
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(at) => authority.split_at(at + 1),
        None => ("", authority),
    };
    if host_port.starts_with('[') {
        return false;
    }
    let (host, port) = match host_port.rfind(':') {
        Some(i) => host_port.split_at(i),
        None => (host_port, ""),
    };
    let Some(decoded) = percent_decode(host) else {
        return false;
    };
    let acceptable = !decoded.is_empty()
        && !ends_in_a_number(&decoded)
        && decoded.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '~') || is_escaped_host_char(c)
        });
    acceptable && Url::parse(&format!("{scheme}://{userinfo}a{port}{tail}")).is_ok()
}

/// Whether a host must be read as an IPv4 address: its last label (the one before a final dot,
/// if there is one) is all digits or a `0x` hexadecimal number. The `url` crate already refused
/// it as an address, and GURL refuses it too (`evil.127.0.0.1` is an invalid URL host).
///
/// <https://url.spec.whatwg.org/#ends-in-a-number-checker>
fn ends_in_a_number(host: &str) -> bool {
    let mut labels: Vec<&str> = host.split('.').collect();
    if labels.len() > 1 && labels.last() == Some(&"") {
        labels.pop();
    }
    let last = labels.last().copied().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let hex = last.strip_prefix("0x").or_else(|| last.strip_prefix("0X"));
    hex.is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether GURL reads the text as a valid URL (`GURL::is_valid`), with no base: the standard's
/// parser, or a host that only GURL accepts.
pub fn is_valid(input: &str) -> bool {
    Url::parse(input).is_ok() || gurl_accepts_host(input)
}

/// A URL printed as Chromium prints it (in console messages): `|` and `^` in the path
/// percent-encoded.
pub fn chromium_string(url: &Url) -> String {
    let text = url.as_str();
    if !url.path().contains(['|', '^']) {
        return text.to_string();
    }
    let path = url.path();
    let escaped_path = path.replace('|', "%7C").replace('^', "%5E");
    match text.find(path) {
        Some(start) => format!(
            "{}{escaped_path}{}",
            text.get(..start).unwrap_or(""),
            text.get(start + path.len()..).unwrap_or("")
        ),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_table() {
        for (name, input, expected) in [
            ("space in host", "https://api example.com/x", true),
            ("percent-encoded space", "http://a%20b", true),
            ("quote", "https://a\"b/", true),
            ("braces", "https://a{b}/", true),
            ("plain", "https://app.example.com", true),
            ("caret", "http://a^b/", false),
            ("pipe", "http://a|b/", false),
            ("angle", "http://a<b/", false),
            ("bad escape", "http://a%zzb/", false),
            ("empty host", "http://", false),
            ("unclosed bracket", "http://[::1/x", false),
            ("no scheme", "app.example.com", false),
            ("opaque", "mailto:a@b", true),
            ("bad port", "http://a b:99999/", false),
            ("ends in a number", "http://evil.127.0.0.1:8080", false),
            ("ends in a number, final dot", "http://a b.1./", false),
            ("ends in hex", "http://a b.0x1f", false),
            ("ends in 0x", "http://a b.0x", false),
            ("number inside", "http://a b.1.example", true),
            ("address", "http://127.0.0.1:8080", true),
        ] {
            assert_eq!(is_valid(input), expected, "{name}");
        }
    }

    #[test]
    fn paths_print_like_chromium() {
        let url = Url::parse("http://api.example.com:8081/z/a|b^c`d{e}?q=|").ok();
        assert_eq!(
            url.as_ref().map(chromium_string).as_deref(),
            Some("http://api.example.com:8081/z/a%7Cb%5Ec%60d%7Be%7D?q=|")
        );
    }
}
