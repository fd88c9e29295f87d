//! The `url` crate's IDNA (UTS #46 "domain to ASCII") in the corsim page: the browser's own.
//!
//! In the page's wasm every domain that needs Unicode processing (non-ASCII, or a label in
//! Punycode form) goes to the browser's URL parser (`new URL()`): the IDNA that the page's user's
//! browser applies anyway, and no Unicode tables in the wasm. ASCII domains without a Punycode
//! label are lower-cased and checked against the deny list here, as UTS #46 does. Built for
//! anything but wasm32 (never done for the page), such domains are errors.
//!
//! Only what `url` calls is provided: [`AsciiDenyList`], [`Errors`], [`domain_to_ascii_cow`],
//! [`domain_to_ascii_from_cow`], [`domain_to_ascii`] and [`domain_to_unicode`].

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

use std::borrow::Cow;
use std::fmt;

/// The ASCII characters a domain may not contain after UTS #46 mapping.
#[derive(PartialEq, Eq, Copy, Clone, Debug)]
pub struct AsciiDenyList {
    bits: u128,
}

impl AsciiDenyList {
    /// No ASCII deny list (_UseSTD3ASCIIRules=false_). A domain that goes to the browser is
    /// still checked against [`AsciiDenyList::URL`]: the browser's URL parser applies it.
    pub const EMPTY: Self = Self { bits: 0 };

    /// The URL Standard's forbidden domain code points: the C0 controls, U+0020 SPACE, U+007F
    /// DELETE and `%#/:<>?@[\]^|`.
    pub const URL: Self = Self::new(true, "%#/:<>?@[\\]^|");

    const fn new(deny_glyphless: bool, deny_list: &str) -> Self {
        let mut bits = if deny_glyphless {
            ((1u128 << 0x21) - 1) | (1u128 << 0x7f)
        } else {
            0
        };
        let mut rest = deny_list.as_bytes();
        while let [b, tail @ ..] = rest {
            if *b < 0x80 {
                bits |= 1u128 << *b;
            }
            rest = tail;
        }
        Self { bits }
    }

    fn denies(self, b: u8) -> bool {
        b < 0x80 && self.bits & (1u128 << b) != 0
    }
}

/// UTS #46 processing failed: the domain is not a valid host.
#[derive(Default, Debug)]
#[non_exhaustive]
pub struct Errors {}

impl From<Errors> for Result<(), Errors> {
    fn from(e: Errors) -> Self {
        Err(e)
    }
}

impl std::error::Error for Errors {}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid international domain name")
    }
}

/// Whether some label of an ASCII domain starts with `xn--` (any case): a Punycode label, which
/// UTS #46 decodes and validates.
fn has_punycode_label(domain: &[u8]) -> bool {
    domain.split(|&b| b == b'.').any(|label| {
        label
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
    })
}

/// The URL Standard's [domain to ASCII](https://url.spec.whatwg.org/#concept-domain-to-ascii)
/// with _CheckHyphens_ and _VerifyDnsLength_ false, followed by the deny list check.
///
/// An ASCII domain without a Punycode label is lower-cased here. Any other domain goes to the
/// browser: its URL parser is asked for the host of `http://<domain>.x/` (a last label that is
/// not a number, so that the browser does not go on to read an IPv4 address, which `url` does
/// after this), and the `.x` is taken off its answer. A domain the browser rejects is an error,
/// as is one holding a forbidden domain code point or bytes that are not UTF-8.
pub fn domain_to_ascii_cow(
    domain: &[u8],
    ascii_deny_list: AsciiDenyList,
) -> Result<Cow<'_, str>, Errors> {
    if domain.iter().any(|&b| ascii_deny_list.denies(b)) {
        return Err(Errors {});
    }
    let text = std::str::from_utf8(domain).map_err(|_| Errors {})?;
    if text.is_ascii() && !has_punycode_label(domain) {
        return Ok(if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        });
    }
    // What the browser must see as a host only: nothing that ends or splits the authority.
    if domain.iter().any(|&b| AsciiDenyList::URL.denies(b)) {
        return Err(Errors {});
    }
    browser_to_ascii(text).map(Cow::Owned)
}

/// The browser's host for `http://<domain>.x/`, without the `.x`.
#[cfg(target_arch = "wasm32")]
fn browser_to_ascii(domain: &str) -> Result<String, Errors> {
    let url = web_sys::Url::new(&format!("http://{domain}.x/")).map_err(|_| Errors {})?;
    url.hostname()
        .strip_suffix(".x")
        .map(str::to_owned)
        .ok_or(Errors {})
}

/// No browser: a domain that needs Unicode processing is an error.
#[cfg(not(target_arch = "wasm32"))]
fn browser_to_ascii(_domain: &str) -> Result<String, Errors> {
    Err(Errors {})
}

/// [`domain_to_ascii_cow`] taking and giving a `Cow`.
pub fn domain_to_ascii_from_cow(
    domain: Cow<'_, [u8]>,
    ascii_deny_list: AsciiDenyList,
) -> Result<Cow<'_, str>, Errors> {
    match domain {
        Cow::Borrowed(bytes) => domain_to_ascii_cow(bytes, ascii_deny_list),
        Cow::Owned(bytes) => {
            domain_to_ascii_cow(&bytes, ascii_deny_list).map(|ascii| Cow::Owned(ascii.into_owned()))
        }
    }
}

/// [`domain_to_ascii_cow`] with no deny list, as a `String`.
pub fn domain_to_ascii(domain: &str) -> Result<String, Errors> {
    domain_to_ascii_cow(domain.as_bytes(), AsciiDenyList::EMPTY).map(Cow::into_owned)
}

/// The [domain to Unicode](https://url.spec.whatwg.org/#concept-domain-to-unicode) algorithm,
/// for ASCII domains without a Punycode label only (lower-cased): the browser has no API for
/// it, and the page never shows a host in Unicode. Any other domain is returned as it is, with
/// an error.
pub fn domain_to_unicode(domain: &str) -> (String, Result<(), Errors>) {
    if domain.is_ascii() && !has_punycode_label(domain.as_bytes()) {
        (domain.to_ascii_lowercase(), Ok(()))
    } else {
        (domain.to_owned(), Err(Errors {}))
    }
}
