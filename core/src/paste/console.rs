//! Console error messages of Chromium, Firefox and Safari, current and older wordings: which
//! CORS error they report, about which URL and origin, explained in plain words, with a
//! scenario that reproduces it. Messages that look like CORS but are not (mixed content, a bare
//! "Failed to fetch", Local Network Access, Content Security Policy) are recognised and named.
//!
//! The Chromium templates are those of `cors_error_string.cc` (corsim renders them in
//! [`crate::text::chromium`]); this module is their inverse.

use crate::reason::CorsError;
use crate::scenario::{Credentials, Mode, RedirectMode, Reply, RequestInit, Scenario};

pub use crate::profile::Browser;

/// A message that looks like a CORS error and is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCors {
    /// An https page asked for an http URL: blocked before CORS is looked at.
    MixedContent,
    /// The request never got an answer (server down, DNS, TLS, connection refused), or only
    /// the script's generic error was pasted.
    NetworkFailure,
    /// Chrome's Local Network Access permission (earlier Private Network Access): a public page
    /// reaching a local or loopback address.
    LocalNetworkAccess,
    /// The page's own Content Security Policy (`connect-src`) forbids the URL.
    ContentSecurityPolicy,
    /// Something else: an extension or ad blocker, CORB/CORP, a CORS warning that blocks nothing.
    Other,
}

/// What a pasted console message says.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleLine {
    /// The browser that printed it.
    pub browser: Browser,
    /// The URL whose load failed (after redirects).
    pub url: Option<String>,
    /// The URL the script asked for, when a redirect led to `url`.
    pub redirected_from: Option<String>,
    /// The page's origin (Chromium and Safari print it; Firefox does not).
    pub origin: Option<String>,
    /// The CORS error, as Chromium's DevTools names it (for Firefox and Safari: Chromium's
    /// error for the same failure).
    pub cors_error: Option<CorsError>,
    /// The value the message quotes (a header value, a method, a header name).
    pub failed_parameter: Option<String>,
    /// The HTTP status the message or its network line gives.
    pub status: Option<u16>,
    /// Set when the message is not a CORS error at all.
    pub not_cors: Option<NotCors>,
    /// The message in plain words, with what to do.
    pub explanation: String,
    /// A scenario that reproduces the message in corsim.
    pub scenario: Option<Scenario>,
}

/// Whether the text holds a console message this module reads.
pub fn looks_like_console(text: &str) -> bool {
    text.lines().any(|l| parse_one(l).is_some())
}

/// The CORS error's shape before the stage (preflight or response) is known.
#[derive(Clone, Debug, PartialEq)]
enum Base {
    Missing,
    Multiple(String),
    Invalid(String),
    Mismatch(String),
    /// Safari's "Origin X is not allowed by Access-Control-Allow-Origin": missing or mismatch.
    NotAllowed,
    Wildcard,
    Credentials(String),
    InvalidStatus,
    PreflightRedirect,
    AllowMethodsParse(String),
    AllowHeadersParse(String),
    Method(String),
    Header(String),
    RedirectCredentials(String),
    DisallowedByMode,
    Scheme(String),
    NoCorsRedirect,
    InvalidResponse,
}

/// One line, read.
#[derive(Clone, Debug, Default)]
struct Parsed {
    browser: Option<Browser>,
    url: Option<String>,
    redirected_from: Option<String>,
    origin: Option<String>,
    base: Option<Base>,
    preflight: bool,
    status: Option<u16>,
    not_cors: Option<NotCors>,
    /// A net:: error code from a network line.
    net_error: Option<String>,
    /// The page URL of a mixed-content message.
    page_url: Option<String>,
    /// Firefox's own reason text, or anything worth quoting.
    detail: Option<String>,
    /// "fetch", "XMLHttpRequest", "script" …
    kind: Option<String>,
    /// A bare script error ("Failed to fetch").
    script_error: bool,
}

impl Parsed {
    fn score(&self) -> u32 {
        let mut s = 0;
        if self.base.is_some() {
            s += 20;
        }
        if self.not_cors.is_some() && !self.script_error {
            s += 15;
        }
        if self.detail.is_some() {
            s += 3;
        }
        if self.url.is_some() {
            s += 2;
        }
        if self.origin.is_some() {
            s += 2;
        }
        if self.net_error.is_some() || self.script_error {
            s += 1;
        }
        s
    }
}

/// Text between the first `open` after `after` and the next `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<(&'a str, &'a str)> {
    let start = text.find(open)? + open.len();
    let rest = text.get(start..)?;
    let end = rest.find(close)?;
    Some((rest.get(..end)?, rest.get(end + close.len()..)?))
}

/// Straight quotes for the typographic ones Firefox prints (and other look-alikes).
fn normalize_quotes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
            '\u{a0}' => ' ',
            other => other,
        })
        .collect()
}

/// Undoes Chromium's `EncodeHint`: `\uXXXX` escapes back to the bytes they stand for.
fn decode_hint(hint: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = hint;
    while let Some(i) = rest.find("\\u") {
        bytes.extend_from_slice(rest.get(..i).unwrap_or("").as_bytes());
        let after = rest.get(i + 2..).unwrap_or("");
        match after.get(..4).and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(v) if v <= 0xff => {
                bytes.push(v as u8);
                rest = after.get(4..).unwrap_or("");
            }
            _ => {
                bytes.extend_from_slice(b"\\u");
                rest = after;
            }
        }
    }
    bytes.extend_from_slice(rest.as_bytes());
    String::from_utf8_lossy(&bytes).into_owned()
}

/// "Status code: 404" (Firefox, Safari) or "HTTP status code 404" (old Chromium).
fn status_after(text: &str, marker: &str) -> Option<u16> {
    let i = text.find(marker)? + marker.len();
    let digits: String = text
        .get(i..)?
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|s| (100..=999).contains(s))
}

/// Strips what users paste before a message: `[Error] `, `(index):1 `, `app.js:12 `,
/// `Uncaught (in promise) `, timestamps.
fn strip_decoration(line: &str) -> &str {
    let mut t = line.trim();
    for prefix in [
        "[Error]",
        "[Warning]",
        "[blocked]",
        "Error:",
        "⛔",
        "❌",
        "✖",
        "×",
    ] {
        if let Some(r) = t.strip_prefix(prefix) {
            t = r.trim_start();
        }
    }
    t
}

/// Reads one line.
fn parse_one(raw: &str) -> Option<Parsed> {
    let norm = normalize_quotes(raw);
    let mut line = strip_decoration(&norm);
    // Safari's and old Chromium's network line: `Failed to load resource: …`.
    while let Some(rest) = line.strip_prefix("Failed to load resource:") {
        line = rest.trim_start();
    }
    if line.is_empty() {
        return None;
    }
    let mut p = Parsed::default();
    if line.starts_with("net::ERR_") {
        p.browser = Some(Browser::Chromium);
        network_error(line.split_whitespace().next().unwrap_or(""), &mut p);
        return Some(p);
    }

    // Chromium, current: Access to {kind} at '{url}' [(redirected from '{url}') ]from origin
    // '{origin}' has been blocked by CORS policy: {reason}
    if let Some(i) = line.find("Access to ") {
        let rest = line.get(i + "Access to ".len()..).unwrap_or("");
        if let Some((kind, after_kind)) = rest.split_once(" at '")
            && let Some((url, after_url)) = after_kind.split_once('\'')
        {
            p.browser = Some(Browser::Chromium);
            p.kind = Some(kind.to_string());
            p.url = Some(url.to_string());
            let mut after = after_url.trim_start();
            if let Some(r) = after.strip_prefix("(redirected from '")
                && let Some((from, r2)) = r.split_once("')")
            {
                p.redirected_from = Some(from.to_string());
                after = r2.trim_start();
            }
            if let Some((origin, _)) = between(after, "from origin '", "'") {
                p.origin = Some(origin.to_string());
            }
            if let Some(j) = after.find("blocked by CORS policy:") {
                let reason = after
                    .get(j + "blocked by CORS policy:".len()..)
                    .unwrap_or("");
                chromium_reason(reason.trim(), &mut p);
            }
            return Some(p);
        }
    }
    // Chromium, 2018-era: Redirect from '{a}' to '{b}' has been blocked by CORS policy: …
    if let Some((from, rest)) = between(line, "Redirect from '", "'")
        && let Some((to, rest2)) = between(rest, " to '", "'")
        && let Some(j) = rest2.find("blocked by CORS policy:")
    {
        p.browser = Some(Browser::Chromium);
        p.redirected_from = Some(from.to_string());
        p.url = Some(to.to_string());
        chromium_reason(rest2.get(j + 23..).unwrap_or("").trim(), &mut p);
        return Some(p);
    }
    // Chromium, before 2019: Failed to load {url}: {reason} / XMLHttpRequest cannot load {url}.
    // {reason}; Fetch API cannot load {url}. {reason} (also current, for mode and scheme
    // errors). Safari: Fetch API cannot load {url} due to access control checks.
    for lead in [
        "Failed to load ",
        "XMLHttpRequest cannot load ",
        "Fetch API cannot load ",
    ] {
        let Some(i) = line.find(lead) else { continue };
        let rest = line.get(i + lead.len()..).unwrap_or("");
        if lead == "Failed to load " && rest.starts_with("resource:") {
            // The network line (Safari, old Chromium): read below without its prefix.
            continue;
        }
        if let Some(url) = rest.strip_suffix(" due to access control checks.") {
            p.browser = Some(Browser::Safari);
            p.url = Some(url.to_string());
            p.kind = Some(
                if lead.starts_with("XML") {
                    "XMLHttpRequest"
                } else {
                    "fetch"
                }
                .to_string(),
            );
            return Some(p);
        }
        // The URL ends at ". " or ": " followed by an upper-case reason.
        let split = rest
            .match_indices(['.', ':'])
            .find(|(k, _)| {
                rest.get(k + 1..).is_some_and(|r| {
                    r.starts_with(' ') && r.chars().nth(1).is_some_and(char::is_uppercase)
                })
            })
            .map(|(k, _)| k);
        let Some(k) = split else { continue };
        p.browser = Some(Browser::Chromium);
        p.url = Some(rest.get(..k).unwrap_or("").to_string());
        p.kind = Some(
            if lead.starts_with("XML") {
                "XMLHttpRequest"
            } else {
                "fetch"
            }
            .to_string(),
        );
        let reason = rest.get(k + 1..).unwrap_or("").trim();
        if let Some((origin, _)) = between(reason, "Origin '", "' is therefore not allowed access")
        {
            p.origin = Some(origin.to_string());
        }
        if let Some(s) = status_after(reason, "HTTP status code") {
            p.status = Some(s);
        }
        if let Some(r) = reason.strip_prefix("Request mode is \"same-origin\" but the URL's origin is not same as the request origin ") {
            p.base = Some(Base::DisallowedByMode);
            p.origin = Some(r.trim_end_matches('.').to_string());
        } else if let Some((scheme, _)) = between(reason, "URL scheme \"", "\" is not supported") {
            p.base = Some(Base::Scheme(scheme.to_string()));
        } else if reason.starts_with("Request mode is \"no-cors\" but the redirect mode is not \"follow\"") {
            p.base = Some(Base::NoCorsRedirect);
        } else {
            chromium_reason(reason, &mut p);
        }
        return Some(p);
    }

    // Firefox: Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote
    // resource at {url}. (Reason: {reason}). Status code: {n}.
    if line.contains("Cross-Origin Request Blocked")
        || line.contains("Cross-Origin Request Warning")
    {
        p.browser = Some(Browser::Firefox);
        if let Some(i) = line.find("remote resource at ") {
            let rest = line.get(i + "remote resource at ".len()..).unwrap_or("");
            let end = rest
                .find(". (Reason")
                .or_else(|| rest.find(" (Reason"))
                .unwrap_or(rest.len());
            let url = rest
                .get(..end)
                .unwrap_or("")
                .trim()
                .trim_matches('\'')
                .trim_end_matches('.');
            if !url.is_empty() {
                p.url = Some(url.to_string());
            }
        }
        if let Some(i) = line.find("(Reason:") {
            let rest = line.get(i + "(Reason:".len()..).unwrap_or("");
            let reason = match rest.rfind(')') {
                Some(j) => rest.get(..j).unwrap_or(rest),
                None => rest,
            };
            firefox_reason(reason.trim(), &mut p);
        }
        p.status = status_after(line, "Status code:");
        if line.contains("Cross-Origin Request Warning") {
            p.base = None;
            p.not_cors = Some(NotCors::Other);
            p.detail = Some("warning".to_string());
        }
        return Some(p);
    }

    // Safari.
    if let Some(p2) = safari(line) {
        return Some(p2);
    }

    // Not CORS.
    if line.starts_with("Mixed Content:") {
        p.browser = Some(Browser::Chromium);
        p.not_cors = Some(NotCors::MixedContent);
        if let Some((page, rest)) = between(line, "The page at '", "'") {
            p.page_url = Some(page.to_string());
            if let Some((url, _)) = between(rest, "insecure resource '", "'")
                .or_else(|| between(rest, "insecure XMLHttpRequest endpoint '", "'"))
                .or_else(|| between(rest, "'", "'"))
            {
                p.url = Some(url.to_string());
            }
        }
        return Some(p);
    }
    if line.starts_with("Blocked loading mixed active content")
        || line.starts_with("Blocked loading mixed display content")
    {
        p.browser = Some(Browser::Firefox);
        p.not_cors = Some(NotCors::MixedContent);
        if let Some((url, _)) = between(line, "\"", "\"") {
            p.url = Some(url.to_string());
        }
        return Some(p);
    }
    if line.starts_with("Refused to connect to")
        || line.contains("Content Security Policy directive")
    {
        p.browser = Some(Browser::Chromium);
        p.not_cors = Some(NotCors::ContentSecurityPolicy);
        if let Some((url, _)) = between(line, "'", "'") {
            p.url = Some(url.to_string());
        }
        return Some(p);
    }
    if line.starts_with("Content-Security-Policy:") || line.starts_with("Content Security Policy:")
    {
        p.browser = Some(Browser::Firefox);
        p.not_cors = Some(NotCors::ContentSecurityPolicy);
        if let Some(i) = line.find("resource at ") {
            let url: String = line
                .get(i + 12..)
                .unwrap_or("")
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '(')
                .collect();
            p.url = Some(url.trim_end_matches(['.', ',']).to_string());
        }
        return Some(p);
    }
    if line.contains("Cross-Origin Read Blocking") {
        p.browser = Some(Browser::Chromium);
        p.not_cors = Some(NotCors::Other);
        p.detail = Some("corb".to_string());
        if let Some((url, _)) = between(line, "response ", " with") {
            p.url = Some(url.to_string());
        }
        return Some(p);
    }
    // The network line: `GET https://… net::ERR_FAILED 200 (OK)`.
    if let Some(i) = line.find("net::ERR_") {
        p.browser = Some(Browser::Chromium);
        let before: Vec<&str> = line.get(..i).unwrap_or("").split_whitespace().collect();
        let after = line.get(i..).unwrap_or("");
        let mut words = after.split_whitespace();
        let code = words.next().unwrap_or("");
        network_error(code, &mut p);
        if let Some(status) = words
            .next()
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|s| (100..=999).contains(s))
        {
            p.status = Some(status);
        }
        if let Some(url) = before.iter().rev().find(|w| w.contains("://")) {
            p.url = Some((*url).to_string());
        }
        return Some(p);
    }
    // The script's own error, without the reason.
    let script_errors: [(&str, Browser); 4] = [
        ("Failed to fetch", Browser::Chromium),
        (
            "NetworkError when attempting to fetch resource",
            Browser::Firefox,
        ),
        ("TypeError: Load failed", Browser::Safari),
        ("TypeError: Network request failed", Browser::Safari),
    ];
    for (needle, browser) in script_errors {
        if line.contains(needle) {
            p.browser = Some(browser);
            p.not_cors = Some(NotCors::NetworkFailure);
            p.script_error = true;
            return Some(p);
        }
    }
    None
}

fn network_error(code: &str, p: &mut Parsed) {
    let code = code.trim_end_matches(['.', ',']);
    p.net_error = Some(code.to_string());
    let not_cors = match code {
        "net::ERR_FAILED" => None,
        "net::ERR_BLOCKED_BY_CLIENT" => Some(NotCors::Other),
        c if c.starts_with("net::ERR_BLOCKED_BY_RESPONSE") => Some(NotCors::Other),
        c if c.starts_with("net::ERR_BLOCKED_BY_") => Some(NotCors::Other),
        _ => Some(NotCors::NetworkFailure),
    };
    p.not_cors = not_cors;
}

/// The reason part of a Chromium message (after "blocked by CORS policy:" or an older lead).
fn chromium_reason(reason: &str, p: &mut Parsed) {
    let mut r = reason.trim();
    const PREFLIGHT: &str = "Response to preflight request doesn't pass access control check:";
    if let Some(rest) = r.strip_prefix(PREFLIGHT) {
        p.preflight = true;
        r = rest.trim_start();
    }
    // Old Chromium: "Origin 'X' is therefore not allowed access." and a status afterwards.
    if let Some((origin, _)) = between(r, "Origin '", "' is therefore not allowed access") {
        p.origin.get_or_insert_with(|| origin.to_string());
    }
    if let Some(s) = status_after(r, "HTTP status code") {
        p.status = Some(s);
    }
    let quoted = |text: &str, open: &str, close: &str| -> Option<String> {
        between(text, open, close).map(|(v, _)| decode_hint(v))
    };
    let base = if r.starts_with("No 'Access-Control-Allow-Origin' header is present") {
        Some(Base::Missing)
    } else if r.starts_with("The 'Access-Control-Allow-Origin' header contains multiple values") {
        Some(Base::Multiple(quoted(r, "multiple values '", "', but only one").unwrap_or_default()))
    } else if r.starts_with("The 'Access-Control-Allow-Origin' header contains the invalid value") {
        Some(Base::Invalid(quoted(r, "invalid value '", "'.").unwrap_or_default()))
    } else if r.starts_with("The 'Access-Control-Allow-Origin' header has a value") {
        Some(Base::Mismatch(quoted(r, "has a value '", "' that is not equal").unwrap_or_default()))
    } else if r.starts_with("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard")
        || r.starts_with("A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header")
    {
        Some(Base::Wildcard)
    } else if r.starts_with("The value of the 'Access-Control-Allow-Credentials' header in the response is") {
        Some(Base::Credentials(quoted(r, "in the response is '", "' which must be").unwrap_or_default()))
    } else if r.starts_with("Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is") {
        Some(Base::Credentials(quoted(r, "header is '", "'.").unwrap_or_default()))
    } else if r.starts_with("It does not have HTTP ok status") {
        p.preflight = true;
        Some(Base::InvalidStatus)
    } else if r.starts_with("Response for preflight has invalid HTTP status code") {
        p.preflight = true;
        p.status = status_after(r, "invalid HTTP status code");
        Some(Base::InvalidStatus)
    } else if r.starts_with("Redirect is not allowed for a preflight request")
        || r.starts_with("Response for preflight is invalid (redirect)")
    {
        p.preflight = true;
        Some(Base::PreflightRedirect)
    } else if r.starts_with("Cannot parse Access-Control-Allow-Methods") {
        Some(Base::AllowMethodsParse(String::new()))
    } else if r.starts_with("Cannot parse Access-Control-Allow-Headers") {
        Some(Base::AllowHeadersParse(String::new()))
    } else if let Some(rest) = r.strip_prefix("Method ") {
        rest.split_once(" is not allowed by Access-Control-Allow-Methods")
            .map(|(m, _)| Base::Method(decode_hint(m)))
    } else if let Some(rest) = r.strip_prefix("Request header field ") {
        rest.split_once(" is not allowed by Access-Control-Allow-Headers")
            .map(|(h, _)| Base::Header(decode_hint(h)))
    } else if r.starts_with("Redirect location '") {
        Some(Base::RedirectCredentials(quoted(r, "Redirect location '", "' contains").unwrap_or_default()))
    } else if r.starts_with("Cross origin requests are not allowed by request mode") {
        Some(Base::DisallowedByMode)
    } else if r.starts_with("Cross origin requests are only supported for") {
        let schemes = r
            .split_once(':')
            .map_or("http, https", |(_, s)| s)
            .trim()
            .trim_end_matches('.');
        p.detail = Some(schemes.to_string());
        // Chromium quotes no parameter with this wording; the scheme is the URL's.
        Some(Base::Scheme(String::new()))
    } else if r.starts_with("The response is invalid") {
        Some(Base::InvalidResponse)
    } else if r.contains("address space")
        || r.contains("Private-Network")
        || r.contains("Access-Control-Allow-External")
        || r.contains("private network")
    {
        p.not_cors = Some(NotCors::LocalNetworkAccess);
        if let Some((space, _)) = between(r, "`", "`") {
            p.detail = Some(space.to_string());
        }
        None
    } else {
        p.detail = Some(r.to_string());
        None
    };
    p.base = base;
}

/// The `(Reason: …)` of a Firefox message (straight or curly quotes, "channel" or "response").
fn firefox_reason(reason: &str, p: &mut Parsed) {
    let r = reason;
    let quoted = |open: &str| -> String {
        between(r, open, "'")
            .map(|(v, _)| v.to_string())
            .unwrap_or_default()
    };
    p.detail = Some(r.to_string());
    p.base = if r.starts_with("CORS header 'Access-Control-Allow-Origin' missing") {
        Some(Base::Missing)
    } else if r.starts_with("Multiple CORS header 'Access-Control-Allow-Origin' not allowed") {
        Some(Base::Multiple(String::new()))
    } else if r.starts_with("CORS header 'Access-Control-Allow-Origin' does not match") {
        Some(Base::Mismatch(quoted("does not match '")))
    } else if r.starts_with(
        "Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '*'",
    ) {
        Some(Base::Wildcard)
    } else if r.starts_with("expected 'true' in CORS header 'Access-Control-Allow-Credentials'") {
        Some(Base::Credentials(String::new()))
    } else if r.starts_with("Did not find method in CORS header 'Access-Control-Allow-Methods'") {
        Some(Base::Method(String::new()))
    } else if r.starts_with("CORS preflight response did not succeed")
        || r.starts_with("CORS preflight channel did not succeed")
    {
        p.preflight = true;
        Some(Base::InvalidStatus)
    } else if r.starts_with("invalid token") && r.contains("Access-Control-Allow-Methods") {
        Some(Base::AllowMethodsParse(quoted("invalid token '")))
    } else if r.starts_with("invalid token") && r.contains("Access-Control-Allow-Headers") {
        Some(Base::AllowHeadersParse(quoted("invalid token '")))
    } else if r.starts_with("header '")
        && r.contains("is not allowed according to header 'Access-Control-Allow-Headers'")
    {
        Some(Base::Header(quoted("header '")))
    } else if r.starts_with("missing token '") {
        Some(Base::Header(quoted("missing token '")))
    } else if r.starts_with("CORS request external redirect not allowed") {
        p.preflight = true;
        Some(Base::PreflightRedirect)
    } else if r.starts_with("CORS request not http") {
        Some(Base::Scheme(String::new()))
    } else if r.starts_with("CORS request did not succeed") {
        p.not_cors = Some(NotCors::NetworkFailure);
        None
    } else {
        // "CORS disabled", "CORS header 'Origin' cannot be added", "CORS missing allow
        // private network": not the server's CORS headers.
        p.not_cors = Some(
            if r.contains("private network") || r.contains("Private-Network") {
                NotCors::LocalNetworkAccess
            } else {
                NotCors::Other
            },
        );
        None
    };
}

/// WebKit's messages (CrossOriginAccessControl.cpp), with or without `[Error] ` and
/// `Failed to load resource: `.
fn safari(line: &str) -> Option<Parsed> {
    let mut p = Parsed {
        browser: Some(Browser::Safari),
        ..Default::default()
    };
    let status = status_after(line, "Status code:");
    if let Some((origin, _)) = between(
        line,
        "Origin ",
        " is not allowed by Access-Control-Allow-Origin",
    ) {
        p.origin = Some(origin.trim().to_string());
        p.base = Some(Base::NotAllowed);
    } else if line.contains(
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true",
    ) {
        p.base = Some(Base::Wildcard);
    } else if line.contains("Access-Control-Allow-Origin cannot contain more than one origin") {
        p.base = Some(Base::Multiple(String::new()));
    } else if line.contains("Credentials flag is true, but Access-Control-Allow-Credentials is not")
    {
        p.base = Some(Base::Credentials(String::new()));
    } else if line.contains("Preflight response is not successful") {
        p.preflight = true;
        p.base = Some(Base::InvalidStatus);
    } else if let Some(i) = line.find("Header Access-Control-Allow-Methods has an invalid value:") {
        p.base = Some(Base::AllowMethodsParse(
            line.get(i + 57..).unwrap_or("").trim().to_string(),
        ));
    } else if let Some(i) = line.find("Header Access-Control-Allow-Headers has an invalid value:") {
        p.base = Some(Base::AllowHeadersParse(
            line.get(i + 57..).unwrap_or("").trim().to_string(),
        ));
    } else if let Some((m, _)) = between(
        line,
        "Method ",
        " is not allowed by Access-Control-Allow-Methods",
    ) {
        p.base = Some(Base::Method(m.to_string()));
    } else if let Some((h, _)) = between(
        line,
        "Request header field ",
        " is not allowed by Access-Control-Allow-Headers",
    ) {
        p.base = Some(Base::Header(h.to_string()));
    } else if let Some((u, _)) = between(line, "redirection URL ", " has credentials") {
        p.base = Some(Base::RedirectCredentials(u.to_string()));
    } else if line.contains("cross-origin CORS redirection with non CORS scheme") {
        p.not_cors = Some(NotCors::Other);
        p.detail = Some(line.to_string());
    } else if line.contains("was not allowed to display insecure content")
        || line.contains("was not allowed to run insecure content")
    {
        p.not_cors = Some(NotCors::MixedContent);
        if let Some((page, rest)) = between(line, "The page at ", " was not allowed") {
            p.page_url = Some(page.to_string());
            if let Some(i) = rest.find("content from ") {
                p.url = Some(
                    rest.get(i + 13..)
                        .unwrap_or("")
                        .trim()
                        .trim_end_matches('.')
                        .to_string(),
                );
            }
        }
    } else {
        return None;
    }
    if p.base.as_ref().is_some_and(|b| *b != Base::InvalidStatus) && line.contains("Preflight") {
        p.preflight = true;
    }
    p.status = status;
    Some(p)
}

/// Reads a pasted console message: one line, or several (the CORS line with the network line
/// `GET https://… net::ERR_FAILED 200 (OK)` and the script's `TypeError`). The most informative
/// line is used; the others fill in the URL, origin and status. `None` when no line is a
/// message this module knows.
pub fn parse_console_line(text: &str) -> Option<ConsoleLine> {
    let mut lines: Vec<Parsed> = text.lines().take(2000).filter_map(parse_one).collect();
    if lines.is_empty() {
        return None;
    }
    let best_index = lines
        .iter()
        .enumerate()
        .max_by_key(|(i, p)| (p.score(), usize::MAX - i))
        .map_or(0, |(i, _)| i);
    let mut best = lines.swap_remove(best_index);
    for other in &lines {
        if best.url.is_none() {
            best.url.clone_from(&other.url);
        }
        if best.origin.is_none() {
            best.origin.clone_from(&other.origin);
        }
        if best.status.is_none() && other.status.is_some() {
            best.status = other.status;
        }
        if best.net_error.is_none() {
            best.net_error.clone_from(&other.net_error);
        }
    }
    // A bare "Failed to fetch" next to a CORS line is the CORS error's consequence.
    let browser = best.browser.unwrap_or(Browser::Chromium);
    let cors_error = best
        .base
        .as_ref()
        .and_then(|b| cors_error_of(b, best.preflight));
    let failed_parameter = best.base.as_ref().and_then(failed_parameter_of);
    let scenario = match &best.base {
        Some(b) => reproduce(b, &best, cors_error),
        None => mixed_content_scenario(&best),
    };
    let explanation = explain(&best, browser, cors_error);
    Some(ConsoleLine {
        browser,
        url: best.url,
        redirected_from: best.redirected_from,
        origin: best.origin,
        cors_error,
        failed_parameter,
        status: best.status,
        not_cors: if cors_error.is_some() {
            None
        } else {
            best.not_cors
        },
        explanation,
        scenario,
    })
}

fn cors_error_of(base: &Base, preflight: bool) -> Option<CorsError> {
    use CorsError as E;
    Some(match (base, preflight) {
        (Base::Missing | Base::NotAllowed, false) => E::MissingAllowOriginHeader,
        (Base::Missing | Base::NotAllowed, true) => E::PreflightMissingAllowOriginHeader,
        (Base::Multiple(_), false) => E::MultipleAllowOriginValues,
        (Base::Multiple(_), true) => E::PreflightMultipleAllowOriginValues,
        (Base::Invalid(_), false) => E::InvalidAllowOriginValue,
        (Base::Invalid(_), true) => E::PreflightInvalidAllowOriginValue,
        (Base::Mismatch(_), false) => E::AllowOriginMismatch,
        (Base::Mismatch(_), true) => E::PreflightAllowOriginMismatch,
        (Base::Wildcard, false) => E::WildcardOriginNotAllowed,
        (Base::Wildcard, true) => E::PreflightWildcardOriginNotAllowed,
        (Base::Credentials(_), false) => E::InvalidAllowCredentials,
        (Base::Credentials(_), true) => E::PreflightInvalidAllowCredentials,
        (Base::InvalidStatus, _) => E::PreflightInvalidStatus,
        (Base::PreflightRedirect, _) => E::PreflightDisallowedRedirect,
        (Base::AllowMethodsParse(_), _) => E::InvalidAllowMethodsPreflightResponse,
        (Base::AllowHeadersParse(_), _) => E::InvalidAllowHeadersPreflightResponse,
        (Base::Method(_), _) => E::MethodDisallowedByPreflightResponse,
        (Base::Header(_), _) => E::HeaderDisallowedByPreflightResponse,
        (Base::RedirectCredentials(_), _) => E::RedirectContainsCredentials,
        (Base::DisallowedByMode, _) => E::DisallowedByMode,
        (Base::Scheme(_), _) => E::CorsDisabledScheme,
        (Base::NoCorsRedirect, _) => E::NoCorsRedirectModeNotFollow,
        (Base::InvalidResponse, _) => return None,
    })
}

fn failed_parameter_of(base: &Base) -> Option<String> {
    match base {
        Base::Multiple(v)
        | Base::Invalid(v)
        | Base::Mismatch(v)
        | Base::Credentials(v)
        | Base::AllowMethodsParse(v)
        | Base::AllowHeadersParse(v)
        | Base::Method(v)
        | Base::Header(v)
        | Base::RedirectCredentials(v)
        | Base::Scheme(v) => (!v.is_empty()).then(|| v.clone()),
        Base::Missing
        | Base::NotAllowed
        | Base::Wildcard
        | Base::InvalidStatus
        | Base::PreflightRedirect
        | Base::DisallowedByMode
        | Base::NoCorsRedirect
        | Base::InvalidResponse => None,
    }
}

/// The origin assumed when the message names none (Firefox never does).
pub const ASSUMED_ORIGIN: &str = "https://your-site.example";
/// The URL assumed when the message names none.
pub const ASSUMED_URL: &str = "https://api.example.com/";

fn reply(status: u16, headers: &[(&str, &str)]) -> Reply {
    Reply {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
            .collect(),
        body: None,
    }
}

/// A scenario that makes corsim (as Chromium) report the same error.
fn reproduce(base: &Base, p: &Parsed, expected: Option<CorsError>) -> Option<Scenario> {
    let origin = p
        .origin
        .clone()
        .unwrap_or_else(|| ASSUMED_ORIGIN.to_string());
    let url = p.url.clone().unwrap_or_else(|| ASSUMED_URL.to_string());
    let o = origin.as_str();
    let status = p.status.unwrap_or(200);
    let mut request = RequestInit::get(url.clone());
    let allow = [("Access-Control-Allow-Origin", o)];
    let mut preflight: Option<Reply> = None;
    let mut response = reply(status, &allow);
    let mut redirects = Vec::new();
    let preflighted = |request: &mut RequestInit| {
        request.method = "PUT".to_string();
        request.headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        request.body = Some("{}".to_string());
    };
    // The ACAO problem on the stage it happened.
    let acao: Option<Vec<(&str, String)>> = match base {
        Base::Missing | Base::NotAllowed => Some(vec![]),
        Base::Multiple(v) => Some(vec![(
            "Access-Control-Allow-Origin",
            if v.is_empty() {
                format!("{o}, {o}")
            } else {
                v.clone()
            },
        )]),
        Base::Invalid(v) => Some(vec![(
            "Access-Control-Allow-Origin",
            if v.is_empty() {
                "not an origin".to_string()
            } else {
                v.clone()
            },
        )]),
        Base::Mismatch(v) => Some(vec![(
            "Access-Control-Allow-Origin",
            if v.is_empty() || v == o {
                "https://another-site.example".to_string()
            } else {
                v.clone()
            },
        )]),
        Base::Wildcard => Some(vec![("Access-Control-Allow-Origin", "*".to_string())]),
        Base::Credentials(v) => {
            let mut h = vec![("Access-Control-Allow-Origin", o.to_string())];
            if !v.is_empty() {
                h.push(("Access-Control-Allow-Credentials", v.clone()));
            }
            Some(h)
        }
        _ => None,
    };
    if matches!(base, Base::Wildcard | Base::Credentials(_)) {
        request.credentials = Credentials::Include;
    }
    let as_reply = |status: u16, headers: &[(&str, String)]| Reply {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_string(), v.clone()))
            .collect(),
        body: None,
    };
    if let Some(headers) = &acao {
        if p.preflight {
            preflighted(&mut request);
            let mut h = headers.clone();
            h.push(("Access-Control-Allow-Methods", "PUT".to_string()));
            h.push(("Access-Control-Allow-Headers", "Content-Type".to_string()));
            preflight = Some(as_reply(204, &h));
            let mut ok = vec![("Access-Control-Allow-Origin", o.to_string())];
            if request.credentials == Credentials::Include {
                ok.push(("Access-Control-Allow-Credentials", "true".to_string()));
            }
            response = as_reply(200, &ok);
        } else {
            response = as_reply(status, headers);
        }
    }
    match base {
        Base::InvalidStatus => {
            preflighted(&mut request);
            let s = p.status.filter(|s| !(200..300).contains(s)).unwrap_or(405);
            preflight = Some(reply(s, &allow));
        }
        Base::PreflightRedirect => {
            preflighted(&mut request);
            preflight = Some(reply(
                301,
                &[
                    ("Location", &format!("{url}/")),
                    ("Access-Control-Allow-Origin", o),
                ],
            ));
        }
        Base::AllowMethodsParse(v) => {
            preflighted(&mut request);
            let value = if v.is_empty() {
                "GET, PUT DELETE".to_string()
            } else {
                format!("GET, {v}")
            };
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", &value),
                    ("Access-Control-Allow-Headers", "Content-Type"),
                ],
            ));
        }
        Base::AllowHeadersParse(v) => {
            preflighted(&mut request);
            let value = if v.is_empty() {
                "Content-Type; X-Requested-With".to_string()
            } else {
                v.clone()
            };
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", &value),
                ],
            ));
        }
        Base::Method(m) => {
            request.method = if m.is_empty() {
                "PUT".to_string()
            } else {
                m.clone()
            };
            let upper = request.method.to_ascii_uppercase();
            // A lower-case method against an upper-case list is the classic case trap.
            let listed = if upper != request.method {
                upper
            } else {
                "GET, POST".to_string()
            };
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", &listed),
                ],
            ));
        }
        Base::Header(h) => {
            let name = if h.is_empty() {
                "x-requested-with".to_string()
            } else {
                h.clone()
            };
            let value = super::curl::placeholder_value(&name);
            request.headers = vec![(name, value)];
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", "GET, POST"),
                ],
            ));
        }
        Base::RedirectCredentials(location) => {
            let location = if location.is_empty() {
                "https://user:pass@api.example.net/".to_string()
            } else {
                location.clone()
            };
            redirects.push(reply(
                302,
                &[("Location", &location), ("Access-Control-Allow-Origin", o)],
            ));
        }
        Base::DisallowedByMode => request.mode = Mode::SameOrigin,
        Base::NoCorsRedirect => {
            request.mode = Mode::NoCors;
            request.redirect = RedirectMode::Manual;
        }
        Base::Scheme(_) | Base::InvalidResponse => {}
        Base::Missing
        | Base::NotAllowed
        | Base::Multiple(_)
        | Base::Invalid(_)
        | Base::Mismatch(_)
        | Base::Wildcard
        | Base::Credentials(_) => {}
    }
    if let Some(from) = &p.redirected_from {
        // The script asked for `from`; a redirect led to `url`.
        request.url = from.clone();
        redirects.insert(
            0,
            reply(
                302,
                &[("Location", &url), ("Access-Control-Allow-Origin", o)],
            ),
        );
    }
    let mut scenario = Scenario {
        preflight,
        response,
        redirects,
        note: Some("rebuilt from a pasted console message".to_string()),
        source: Some(format!(
            "pasted {} console message",
            p.browser.unwrap_or(Browser::Chromium).name()
        )),
        ..Scenario::of_request("console", origin, request)
    };
    // A redirect between origins can change which error comes out; fall back to the direct
    // request when it does.
    if p.redirected_from.is_some()
        && crate::simulate::simulate_without_fix(&scenario, &crate::Profile::CHROMIUM).cors_error
            != expected
    {
        scenario.request.url = url;
        scenario.redirects.remove(0);
    }
    Some(scenario)
}

fn mixed_content_scenario(p: &Parsed) -> Option<Scenario> {
    if p.not_cors != Some(NotCors::MixedContent) {
        return None;
    }
    let page = p.page_url.clone()?;
    let url = p.url.clone()?;
    Some(Scenario {
        note: Some("rebuilt from a pasted mixed-content message".to_string()),
        source: Some("pasted console message".to_string()),
        ..Scenario::of_request("console", page, RequestInit::get(url))
    })
}

/// The message in plain words.
fn explain(p: &Parsed, browser: Browser, cors_error: Option<CorsError>) -> String {
    let b = browser.name();
    let url = p.url.as_deref().unwrap_or("the URL");
    let origin = p.origin.as_deref().unwrap_or("your page's origin");
    let status_note = match p.status {
        Some(s) if s >= 400 => format!(
            " The response's status was {s}: an error response is often produced by a part of the server that \
             skips the CORS headers (an error handler, a proxy, an auth layer), so fix the error or add the headers there too."
        ),
        _ => String::new(),
    };
    if let Some(base) = &p.base {
        let stage = if p.preflight {
            "the answer to the preflight (the OPTIONS request the browser sends before the real one)"
        } else {
            "the response"
        };
        let what = match base {
            Base::Missing => format!(
                "{stage} has no Access-Control-Allow-Origin header, so {b} does not let the page read it. The server must send Access-Control-Allow-Origin: {origin} (or *) on it."
            ),
            Base::NotAllowed => format!(
                "{stage} either has no Access-Control-Allow-Origin header or names another origin than {origin} (Safari uses one message for both). The server must send Access-Control-Allow-Origin: {origin}."
            ),
            Base::Multiple(v) => format!(
                "{stage} carries more than one origin in Access-Control-Allow-Origin{}: usually two layers (the app and a proxy, CDN or gateway) each add the header. Send it once, with one origin.",
                if v.is_empty() { String::new() } else { format!(" ({v:?})") }
            ),
            Base::Invalid(v) => format!(
                "{stage}'s Access-Control-Allow-Origin ({v:?}) is not an origin. It must be exactly {origin}, or *."
            ),
            Base::Mismatch(v) => format!(
                "{stage}'s Access-Control-Allow-Origin is {v:?}, which is not the page's origin {origin}. Origins are compared exactly (scheme, host, port; no trailing slash, no path)."
            ),
            Base::Wildcard => format!(
                "the request is sent with credentials (credentials: 'include' or withCredentials), and {stage} answers Access-Control-Allow-Origin: *, which is never allowed with credentials. The server must echo the exact origin {origin} and send Access-Control-Allow-Credentials: true."
            ),
            Base::Credentials(v) => format!(
                "the request is sent with credentials, and {stage} does not have Access-Control-Allow-Credentials: true{}. The value must be exactly true.",
                if v.is_empty() { String::new() } else { format!(" (it has {v:?})") }
            ),
            Base::InvalidStatus => format!(
                "the preflight (OPTIONS) got a status outside 200–299{}. The server must answer OPTIONS itself with 200 or 204 and the CORS headers, before any authentication or routing that rejects it.",
                p.status.map(|s| format!(" ({s})")).unwrap_or_default()
            ),
            Base::PreflightRedirect => "the preflight (OPTIONS) was answered with a redirect, which is never followed for a preflight. Use the final URL (http→https, a trailing slash) in the page's fetch.".to_string(),
            Base::AllowMethodsParse(v) => format!(
                "the preflight's Access-Control-Allow-Methods is not a comma-separated list of method names{}.",
                if v.is_empty() { String::new() } else { format!(" ({v:?} is not one)") }
            ),
            Base::AllowHeadersParse(v) => format!(
                "the preflight's Access-Control-Allow-Headers is not a comma-separated list of header names{}.",
                if v.is_empty() { String::new() } else { format!(" ({v:?} is not one)") }
            ),
            Base::Method(m) => format!(
                "the method {} is not listed in the preflight's Access-Control-Allow-Methods. Methods are compared case-sensitively (patch is not PATCH); GET, HEAD and POST never need listing.",
                if m.is_empty() { "used" } else { m }
            ),
            Base::Header(h) => format!(
                "the request sets the header {} and the preflight's Access-Control-Allow-Headers does not list it. Add it to Access-Control-Allow-Headers (or stop sending it).",
                if h.is_empty() { "(named in the message)" } else { h }
            ),
            Base::RedirectCredentials(l) => format!(
                "a redirect pointed to {l:?}, a URL with a username or password, which cross-origin requests may not follow."
            ),
            Base::DisallowedByMode => "the fetch uses mode: 'same-origin' and the URL is on another origin.".to_string(),
            Base::Scheme(s) => format!(
                "{} URLs cannot be fetched across origins (only http and https can). A page opened from file:// has to be served over http(s) instead.",
                if s.is_empty() { "this scheme's".to_string() } else { format!("{s}:") }
            ),
            Base::NoCorsRedirect => "a no-cors request must follow redirects (redirect: 'follow').".to_string(),
            Base::InvalidResponse => "the preflight failed at the network level (no valid HTTP response, e.g. an empty reply): the server or a proxy dropped the OPTIONS request.".to_string(),
        };
        let lead = match cors_error {
            Some(e) => format!(
                "{b} blocked the request to {url} from {origin} ({})",
                e.name()
            ),
            None => format!("{b} blocked the request to {url} from {origin}"),
        };
        return format!("{lead}: {what}{status_note}");
    }
    match p.not_cors {
        Some(NotCors::MixedContent) => format!(
            "Not a CORS error: mixed content. A page served over https may not fetch the plain http URL {url}; the browser blocks it before any CORS check, and no Access-Control header can allow it. Serve the API over https."
        ),
        Some(NotCors::LocalNetworkAccess) => format!(
            "Not a CORS header problem: Chrome's Local Network Access (formerly Private Network Access) blocks a page on a more public network from reaching {url}{}. Correct CORS headers do not help: the user must grant the local-network permission, or the page must be served from the same network (and over https).",
            p.detail.as_deref().map(|s| format!(" in the `{s}` address space")).unwrap_or_default()
        ),
        Some(NotCors::ContentSecurityPolicy) => format!(
            "Not a CORS error: the page's own Content-Security-Policy (its connect-src directive) forbids requests to {url}. Change the page's CSP, not the API's headers."
        ),
        Some(NotCors::NetworkFailure) if p.script_error => format!(
            "This is the script's generic error, not the reason: {b} gives the same TypeError for CORS failures and for network failures. Look in the console for a line starting with \"Access to fetch at\" (Chromium), \"Cross-Origin Request Blocked\" (Firefox) or \"Origin … is not allowed\" (Safari) and paste it; without one, the request failed on the network (server down, DNS, TLS certificate, connection refused, an ad blocker)."
        ),
        Some(NotCors::NetworkFailure) => format!(
            "Not a CORS error: the request to {url} got no HTTP answer{} (server down, wrong host or port, DNS, TLS certificate, connection refused). Firefox calls this \"CORS request did not succeed\", but no CORS header is involved.",
            p.net_error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
        ),
        Some(NotCors::Other) => match (p.net_error.as_deref(), p.detail.as_deref()) {
            (Some("net::ERR_BLOCKED_BY_CLIENT"), _) => "Not a CORS error: an extension or ad blocker in the browser blocked the request (net::ERR_BLOCKED_BY_CLIENT). Try with extensions disabled.".to_string(),
            (Some(e), _) => format!("Not a CORS error: the response was blocked by a Cross-Origin-Resource-Policy or embedder policy ({e})."),
            (None, Some("warning")) => "A warning, not an error: the request went through. Firefox (like Chrome) warns that Access-Control-Allow-Headers: * will stop covering Authorization; list Authorization explicitly.".to_string(),
            (None, Some("corb")) => "Not a CORS error: Cross-Origin Read Blocking hid a response that a no-cors request (an <img>, a <script>) received; the page could not have read it anyway.".to_string(),
            (None, Some(d)) => format!("Not a problem with the server's CORS headers: {d}."),
            (None, None) => "Not a problem with the server's CORS headers.".to_string(),
        },
        None => match &p.net_error {
            Some(e) => format!(
                "{b}'s network line says the request to {url} failed ({e}{}). On its own it does not say why: paste the \"Access to fetch at …\" line printed with it.",
                p.status.map(|s| format!(", after a {s} response")).unwrap_or_default()
            ),
            None => format!(
                "{b} could not load {url} because of access control checks. Safari prints the reason on a separate line (\"Origin … is not allowed by Access-Control-Allow-Origin\", \"Preflight response is not successful\"): paste it too."
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ConsoleLine {
        parse_console_line(text).unwrap_or_else(|| panic!("not read: {text}"))
    }

    /// The scenario rebuilt from a Chromium line reproduces that line's error.
    fn reproduces(line: &ConsoleLine) {
        let s = line
            .scenario
            .as_ref()
            .unwrap_or_else(|| panic!("no scenario"));
        assert_eq!(crate::simulate(s).cors_error, line.cors_error, "{s:?}");
    }

    #[test]
    fn chromium_current() {
        let l = parse(
            "Access to fetch at 'https://api.example.com/v1' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value 'https://app.example.com/' that is not equal to the supplied origin. Have the server send the header with a valid value.",
        );
        assert_eq!(l.browser, Browser::Chromium);
        assert_eq!(l.cors_error, Some(CorsError::PreflightAllowOriginMismatch));
        assert_eq!(
            l.failed_parameter.as_deref(),
            Some("https://app.example.com/")
        );
        assert_eq!(l.origin.as_deref(), Some("https://app.example.com"));
        reproduces(&l);
    }

    #[test]
    fn chromium_old_no_cors_suffix_with_network_line() {
        let l = parse(
            "(index):1 Access to XMLHttpRequest at 'http://localhost:8080/api' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.\nGET http://localhost:8080/api net::ERR_FAILED 500 (Internal Server Error)",
        );
        assert_eq!(l.cors_error, Some(CorsError::MissingAllowOriginHeader));
        assert_eq!(l.status, Some(500));
        assert!(l.explanation.contains("500"));
        reproduces(&l);
    }

    #[test]
    fn chromium_2017_failed_to_load() {
        let l = parse(
            "Failed to load https://api.example.com/x: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:4200' is therefore not allowed access. The response had HTTP status code 403.",
        );
        assert_eq!(
            l.cors_error,
            Some(CorsError::PreflightMissingAllowOriginHeader)
        );
        assert_eq!(l.origin.as_deref(), Some("http://localhost:4200"));
        assert_eq!(l.url.as_deref(), Some("https://api.example.com/x"));
        assert_eq!(l.status, Some(403));
    }

    #[test]
    fn chromium_redirected_and_method_case() {
        let l = parse(
            "Access to fetch at 'https://b.example/y' (redirected from 'https://a.example/x') from origin 'https://app.example.com' has been blocked by CORS policy: Method patch is not allowed by Access-Control-Allow-Methods in preflight response.",
        );
        assert_eq!(l.redirected_from.as_deref(), Some("https://a.example/x"));
        assert_eq!(l.failed_parameter.as_deref(), Some("patch"));
        reproduces(&l);
    }

    #[test]
    fn firefox_curly_and_straight() {
        let l = parse(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/x. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 404.",
        );
        assert_eq!(l.browser, Browser::Firefox);
        assert_eq!(l.cors_error, Some(CorsError::MissingAllowOriginHeader));
        assert_eq!(l.status, Some(404));
        assert_eq!(l.url.as_deref(), Some("https://api.example.com/x"));
        let l = parse(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a/x. (Reason: missing token 'x-token' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel).",
        );
        assert_eq!(
            l.cors_error,
            Some(CorsError::HeaderDisallowedByPreflightResponse)
        );
        assert_eq!(l.failed_parameter.as_deref(), Some("x-token"));
        let l = parse(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a/x. (Reason: CORS request did not succeed). Status code: (null).",
        );
        assert_eq!(l.not_cors, Some(NotCors::NetworkFailure));
        assert_eq!(l.cors_error, None);
    }

    #[test]
    fn safari() {
        let l = parse(
            "[Error] Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] Fetch API cannot load https://api.example.com/x due to access control checks.",
        );
        assert_eq!(l.browser, Browser::Safari);
        assert_eq!(l.origin.as_deref(), Some("http://localhost:3000"));
        assert_eq!(l.url.as_deref(), Some("https://api.example.com/x"));
        assert_eq!(l.status, Some(200));
        assert_eq!(l.cors_error, Some(CorsError::MissingAllowOriginHeader));
        let l = parse("[Error] Preflight response is not successful. Status code: 401");
        assert_eq!(l.cors_error, Some(CorsError::PreflightInvalidStatus));
        reproduces(&l);
    }

    #[test]
    fn not_cors() {
        let rows: [(&str, NotCors); 5] = [
            (
                "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/x'. This request has been blocked; the content must be served over HTTPS.",
                NotCors::MixedContent,
            ),
            (
                "Uncaught (in promise) TypeError: Failed to fetch",
                NotCors::NetworkFailure,
            ),
            (
                "Access to fetch at 'http://192.168.1.10/' from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `local` address space.",
                NotCors::LocalNetworkAccess,
            ),
            (
                "Refused to connect to 'https://api.example.com/' because it violates the following Content Security Policy directive: \"connect-src 'self'\".",
                NotCors::ContentSecurityPolicy,
            ),
            (
                "GET https://api.example.com/x net::ERR_BLOCKED_BY_CLIENT",
                NotCors::Other,
            ),
        ];
        for (text, kind) in rows {
            let l = parse(text);
            assert_eq!(l.not_cors, Some(kind), "{text}");
            assert_eq!(l.cors_error, None, "{text}");
        }
        let mixed = parse(rows[0].0);
        let v = crate::simulate(
            mixed
                .scenario
                .as_ref()
                .unwrap_or_else(|| panic!("no scenario")),
        );
        assert!(matches!(v.reason, Some(crate::Reason::MixedContent { .. })));
    }

    #[test]
    fn every_generated_chromium_message_is_read_back() {
        use crate::reason::{AllowOriginProblem as P, Reason, Stage};
        use crate::text::chromium::{ConsoleContext, console_message as chromium_console_message};
        let ctx = ConsoleContext {
            initial_url: "https://api.example.com/x".into(),
            last_url: "https://api.example.com/x".into(),
            page_origin: "https://app.example.com".into(),
            page_url: "https://app.example.com/".into(),
        };
        let reasons = [
            Reason::AllowOrigin {
                stage: Stage::Response,
                problem: P::Missing,
            },
            Reason::AllowOrigin {
                stage: Stage::Preflight,
                problem: P::WildcardWithCredentials,
            },
            Reason::AllowOrigin {
                stage: Stage::Response,
                problem: P::Multiple {
                    value: "a, b".into(),
                },
            },
            Reason::AllowOrigin {
                stage: Stage::Preflight,
                problem: P::Invalid {
                    value: "x\ty".into(),
                },
            },
            Reason::AllowOrigin {
                stage: Stage::Response,
                problem: P::Mismatch {
                    value: "https://c".into(),
                    origin: "o".into(),
                },
            },
            Reason::AllowCredentials {
                stage: Stage::Preflight,
                value: Some("TRUE".into()),
            },
            Reason::PreflightInvalidStatus { status: 404 },
            Reason::MethodNotAllowed {
                method: "patch".into(),
                allowed: None,
            },
            Reason::HeaderNotAllowed {
                name: "x-api-key".into(),
                allowed: None,
            },
        ];
        for reason in reasons {
            let text = chromium_console_message(&reason, &ctx).unwrap_or_default();
            let l = parse(&text);
            assert_eq!(l.cors_error, reason.cors_error(), "{text}");
            let expected_parameter = Some(reason.failed_parameter()).filter(|p| !p.is_empty());
            assert_eq!(l.failed_parameter, expected_parameter, "{text}");
            reproduces(&l);
        }
    }

    #[test]
    fn unknown_text() {
        assert!(parse_console_line("hello world").is_none());
        assert!(parse_console_line("").is_none());
    }
}
