//! Chromium's console messages (Chrome, Edge, Opera, Brave), in every wording since 2014, and
//! the titles of Chrome's and Edge's DevTools *Issues* panel.
//!
//! # Grammar
//!
//! ```text
//! current (2019-)  [Access] to KIND at 'URL' [(redirected from 'URL')] from origin 'ORIGIN'
//!                  has been blocked by CORS policy: [PREFLIGHT] REASON
//! 2017-2019        Failed to load URL: [PREFLIGHT] REASON
//! 2014-2018        XMLHttpRequest cannot load URL. REASON
//! fetch, any year  Fetch API cannot load URL. REASON
//! 2018             Redirect from 'URL' to 'URL' has been blocked by CORS policy: REASON
//! before 2019      KIND from origin 'ORIGIN' has been blocked from loading by Cross-Origin
//!                  Resource Sharing policy: REASON          (fonts, images: ORIGIN is the URL's)
//! Issues panel     Ensure CORS … (a title), then its table (Header, Problem, Invalid Value)
//! PREFLIGHT        Response to preflight request doesn't pass access control check:
//! ```
//!
//! `REASON` is one of [`REASONS`] (the templates of `cors_error_string.cc`, current and older),
//! optionally followed by the older suffixes `Origin 'ORIGIN' is therefore not allowed access.`,
//! `The response had HTTP status code N.` and `If an opaque response serves your needs, …`. The
//! message may be cut at the start (`to fetch at …`, `… from origin '…' has been blocked …`, or
//! the reason alone): each part that is there is read.

use super::{Base, MessageKind, Parsed};
use crate::paste::template::{
    Projected, Template, Tolerance, lit_len, lit_once, slot_url, slot_value,
};
use crate::profile::Browser;
use std::sync::OnceLock;

/// What a reason template means.
#[derive(Clone, Copy, Debug)]
enum Means {
    /// A CORS failure of this shape; `true` when it can only be a preflight's.
    Cors(Base, bool),
    /// Local (Private) Network Access, with DevTools' name when it has one.
    LocalNetwork(Option<&'static str>),
    /// No valid HTTP response (`InvalidResponse`); `true` when the wording is the preflight's
    /// own (the older ones say "Invalid response." of either request).
    InvalidResponse(bool),
    /// A CORS failure DevTools has no `CorsError` for.
    NoCorsError,
}

/// Chromium's reasons, current and older (`%1$S` is the parameter it quotes).
const REASONS: [(&str, Means); 36] = [
    (
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        Means::Cors(Base::Missing, false),
    ),
    (
        "The 'Access-Control-Allow-Origin' header contains multiple values '%1$S', but only one is allowed.",
        Means::Cors(Base::Multiple, false),
    ),
    (
        "The 'Access-Control-Allow-Origin' header contains the invalid value '%1$S'.",
        Means::Cors(Base::Invalid, false),
    ),
    (
        "The 'Access-Control-Allow-Origin' header has a value '%1$S' that is not equal to the supplied origin.",
        Means::Cors(Base::Mismatch, false),
    ),
    (
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
        Means::Cors(Base::Wildcard, false),
    ),
    (
        "A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true.",
        Means::Cors(Base::Wildcard, false),
    ),
    (
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '%1$S' which must be 'true' when the request's credentials mode is 'include'.",
        Means::Cors(Base::Credentials, false),
    ),
    (
        "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '%1$S'. It must be 'true' to allow credentials.",
        Means::Cors(Base::Credentials, false),
    ),
    (
        "It does not have HTTP ok status.",
        Means::Cors(Base::InvalidStatus, true),
    ),
    (
        "Response for preflight has invalid HTTP status code %1$S",
        Means::Cors(Base::InvalidStatus, true),
    ),
    (
        "Response for preflight does not have HTTP ok status.",
        Means::Cors(Base::InvalidStatus, true),
    ),
    (
        "Redirect is not allowed for a preflight request.",
        Means::Cors(Base::PreflightRedirect, true),
    ),
    (
        "Response for preflight is invalid (redirect)",
        Means::Cors(Base::PreflightRedirect, true),
    ),
    (
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
        Means::Cors(Base::AllowMethodsParse, true),
    ),
    (
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
        Means::Cors(Base::AllowHeadersParse, true),
    ),
    (
        "Method %1$S is not allowed by Access-Control-Allow-Methods in preflight response.",
        Means::Cors(Base::Method, true),
    ),
    (
        "Request header field %1$S is not allowed by Access-Control-Allow-Headers in preflight response.",
        Means::Cors(Base::Header, true),
    ),
    (
        "Redirect location '%1$S' contains a username and password, which is disallowed for cross-origin requests.",
        Means::Cors(Base::RedirectCredentials, false),
    ),
    (
        "Cross origin requests are not allowed by request mode.",
        Means::Cors(Base::DisallowedByMode, false),
    ),
    (
        "Cross origin requests are only supported for protocol schemes: %1$S.",
        Means::Cors(Base::Scheme, false),
    ),
    (
        "Request mode is \"same-origin\" but the URL's origin is not same as the request origin %1$S.",
        Means::Cors(Base::DisallowedByMode, false),
    ),
    (
        "Request mode is \"no-cors\" but the redirect mode is not \"follow\".",
        Means::Cors(Base::NoCorsRedirect, false),
    ),
    (
        "URL scheme \"%1$S\" is not supported.",
        Means::Cors(Base::Scheme, false),
    ),
    ("The response is invalid.", Means::InvalidResponse(true)),
    // 2016-2018 (`kInvalidResponse`, followed by "Origin 'X' is therefore not allowed access.").
    ("Invalid response.", Means::InvalidResponse(false)),
    // 2014-2016 (a status of 0: a `file:` page's load, an aborted request).
    (
        "Received an invalid response.",
        Means::InvalidResponse(false),
    ),
    // 2014-2015, before "Response for preflight has invalid HTTP status code".
    (
        "Invalid HTTP status code %1$S",
        Means::Cors(Base::InvalidStatus, true),
    ),
    // 2014-2018 redirect checks (today `CorsDisabledScheme`, `RedirectContainsCredentials`).
    (
        "The request was redirected to a URL ('%1$S') which has a disallowed scheme for cross-origin requests.",
        Means::Cors(Base::Scheme, false),
    ),
    (
        "Redirect location '%1$S' has a disallowed scheme for cross-origin requests.",
        Means::Cors(Base::Scheme, false),
    ),
    (
        "The request was redirected to a URL ('%1$S') containing userinfo, which is disallowed for cross-origin requests.",
        Means::Cors(Base::RedirectCredentials, false),
    ),
    // 2017-2019, CORS-RFC1918's first header (Private Network Access's before its rename).
    (
        "No 'Access-Control-Allow-External' header was present in the preflight response for this external request",
        Means::LocalNetwork(Some("PreflightMissingAllowExternal")),
    ),
    (
        "The 'Access-Control-Allow-External' header in the preflight response for this external request had a value of '%1$S',",
        Means::LocalNetwork(Some("PreflightInvalidAllowExternal")),
    ),
    (
        "The request was redirected to '%1$S', which is disallowed for cross-origin requests that require preflight.",
        Means::NoCorsError,
    ),
    (
        "Permission was denied for this request to access the `%1$S` address space.",
        Means::LocalNetwork(Some("LocalNetworkAccessPermissionDenied")),
    ),
    (
        "The request client is not a secure context and the resource is in more-private address space `%1$S`.",
        Means::LocalNetwork(Some("InsecurePrivateNetwork")),
    ),
    (
        "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `%1$S` address space.",
        Means::LocalNetwork(Some("PreflightMissingAllowPrivateNetwork")),
    ),
];

const PREFLIGHT: &str = "Response to preflight request doesn't pass access control check:";

struct Grammar {
    reasons: Vec<(Template, Means)>,
    /// Each reason's literal length and bigrams, for the closest-reason fallback.
    reason_grams: Vec<(usize, Vec<u64>)>,
    preflight: Template,
    preflight_lit: Vec<char>,
    preflight_grams: Vec<u64>,
    blocked: Vec<char>,
    blocked_loading: Vec<char>,
    from_origin: Vec<char>,
    redirected_from: Vec<char>,
    at: Vec<char>,
    access_to: Vec<char>,
    therefore: Template,
    had_status: Template,
    leads: Vec<Vec<char>>,
}

fn grammar() -> &'static Grammar {
    static G: OnceLock<Grammar> = OnceLock::new();
    G.get_or_init(|| Grammar {
        reasons: REASONS
            .iter()
            .map(|(t, m)| (Template::new(t), *m))
            .collect(),
        reason_grams: REASONS
            .iter()
            .map(|(t, _)| {
                let lit = Template::new(t).literal_chars();
                (lit.len(), super::firefox::bigrams(&lit))
            })
            .collect(),
        preflight: Template::new(PREFLIGHT),
        preflight_lit: super::l(PREFLIGHT),
        preflight_grams: super::firefox::bigrams(&super::l(PREFLIGHT)),
        blocked: super::l("has been blocked by CORS policy:"),
        blocked_loading: super::l(
            "has been blocked from loading by Cross-Origin Resource Sharing policy:",
        ),
        from_origin: super::l("from origin '"),
        redirected_from: super::l("(redirected from '"),
        at: super::l(" at '"),
        access_to: super::l("Access to"),
        therefore: Template::new("Origin '%1$S' is therefore not allowed access."),
        had_status: Template::new("The response had HTTP status code %1$S"),
        leads: [
            "XMLHttpRequest cannot load",
            "Fetch API cannot load",
            "Redirect from '",
            "Ensure CORS",
            "Ensure preflight responses are valid",
            "Ensure credentialed requests",
        ]
        .iter()
        .map(|s| super::l(s))
        .collect(),
    })
}

/// Where Chromium messages start in a line (visible characters).
pub(super) fn leads(p: &Projected) -> Vec<usize> {
    let g = grammar();
    let mut out = Vec::new();
    // `Access to KIND at '`: KIND is one word.
    let mut from = 0;
    while let Some(i) = p.find(from, &g.access_to) {
        let after = i + g.access_to.len();
        if p.find_before(after + 1, lit_once!("at'"), after + 20)
            .is_some()
        {
            out.push(i);
        }
        from = i + 1;
    }
    let redirect = lit_once!("Redirect from '");
    // `… cannot load X. Redirect from …` and `Failed to load X: Redirect from …` are one
    // message: the redirect follows the lead's URL.
    // (Looked for in the 2,000 characters before it, so that a long line stays linear.)
    let after_lead = |i: usize| {
        [lit_once!("cannot load"), lit_once!("Failed to load")]
            .iter()
            .any(|lead| {
                let mut from = i.saturating_sub(2000);
                while let Some(c) = p.find_before(from, lead, i.saturating_sub(1)) {
                    if p.original(c, i).split_whitespace().count() <= 4 {
                        return true;
                    }
                    from = c + 1;
                }
                false
            })
    };
    for lead in &g.leads {
        let mut from = 0;
        while let Some(i) = p.find(from, lead) {
            let inside = *lead == redirect && after_lead(i);
            if !inside {
                out.push(i);
            }
            from = i + 1;
        }
    }
    // `Failed to load URL: …` (not Safari's `Failed to load resource:`, read elsewhere).
    let failed = lit_once!("Failed to load ");
    let mut from = 0;
    while let Some(i) = p.find(from, failed) {
        let rest = i + failed.len();
        if !p.lit_at(rest, lit_once!("resource")) {
            out.push(i);
        }
        from = i + 1;
    }
    // `Font from origin '…' has been blocked from loading …`: the line's start.
    if p.find(0, &g.blocked_loading).is_some() {
        out.push(0);
    }
    out
}

/// A token of the original text starting at visible character `at`: a URL without quotes,
/// glued across a line break when the next line goes on with it.
fn url_token(p: &Projected, at: usize) -> Option<(Option<String>, usize)> {
    let text = p.text();
    let start = p.offset(at);
    let rest = text.get(start..)?;
    let mut end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    // A wrapped URL: the next line starts with more of it (no capital, no known word).
    loop {
        let after = rest.get(end..).unwrap_or("");
        if !after.starts_with('\n') && !after.starts_with("\r\n") {
            break;
        }
        let next = after.trim_start();
        let word_end = next.find(char::is_whitespace).unwrap_or(next.len());
        let word = next.get(..word_end).unwrap_or("");
        let continues = !word.is_empty()
            && !word.starts_with(|c: char| c.is_uppercase() || c == '(' || c == '\'')
            && !matches!(
                word,
                "due" | "is" | "from" | "has" | "was" | "to" | "denied"
            );
        let this = rest.get(..end).unwrap_or("");
        if !continues || this.ends_with(['.', ':', ',']) {
            break;
        }
        end = end + (after.len() - next.len()) + word_end;
    }
    let raw = rest.get(..end)?;
    let url = slot_url(raw.trim_end_matches(['.', ':', ',', ';']));
    let consumed = p.offset(at) + raw.len();
    // Back to visible characters.
    let mut i = at;
    while i < p.len() && p.offset(i) < consumed {
        i += 1;
    }
    let url = url.trim_end_matches(['.', ':', ',', ';']).to_string();
    Some(((!url.is_empty()).then_some(url), i))
}

/// Reads the reason part (from visible character `at`) into `out`.
fn reason(p: &Projected, at: usize, out: &mut Parsed) {
    reason_with(p, at, out, true);
}

/// [`reason`], with or without the closest-reason fallback (`fuzzy`).
fn reason_with(p: &Projected, at: usize, out: &mut Parsed, fuzzy: bool) {
    let g = grammar();
    let mut pos = at;
    let cut = Tolerance {
        cut_head: None,
        cut_tail: Some(40),
    };
    if let Some(m) = g.preflight.match_at(p, pos, cut) {
        out.preflight = true;
        pos = m.end;
    }
    let mut matched = false;
    // The reason starts the reason part; older messages and pastes may put a few characters
    // (a placeholder's end, a quote) before it.
    // (A template is tried only where its first character is: every reason starts with
    // literal text, and a match needs it.)
    let found = (pos..p.len().min(pos + 24)).find_map(|at| {
        let here = p.char_at(at)?;
        g.reasons
            .iter()
            .filter(|(t, _)| t.head().first().is_none_or(|c| *c == here))
            .find_map(|(t, means)| t.match_at(p, at, cut).map(|m| (t, *means, m)))
    });
    if let Some((template, means, m)) = found {
        matched = true;
        apply_reason(p, template, means, &m, out);
    } else if let Some((means, hit)) = super::safari::reason_at(p, pos) {
        // WebKit's sentences, which Chrome printed too until 2015 (`XMLHttpRequest cannot load
        // X. Request header field Y is not allowed by Access-Control-Allow-Headers.`).
        matched = true;
        out.base = Some(means.0);
        out.preflight |= means.1;
        out.kind = Some(MessageKind::Cors);
        out.parameter = hit.parameter;
        if hit.origin.is_some() {
            out.origin = out.origin.take().or(hit.origin);
        }
        out.ambiguous_stage = hit.ambiguous;
        out.status = out.status.or(hit.status);
        if hit.shared {
            out.shared_wording = true;
        } else {
            out.browser = Some(Browser::Safari);
            out.wording = "Safari";
        }
    }
    if !matched
        && fuzzy
        && let Some((template, means, at)) = fuzzy_reason(p, pos)
    {
        // A reason retyped or machine-translated (`In 'Access-Control-Allow-Origin' header is
        // present …`): the closest of Chromium's reasons, its value unknown.
        matched = true;
        if at > pos {
            out.preflight = true;
        }
        let m = crate::paste::template::Match {
            start: at,
            end: at,
            slots: [None; 4],
            literal: 0,
            cut_tail: false,
        };
        apply_reason(p, template, means, &m, out);
        out.wording = "Chromium (reworded)";
    }
    if !matched {
        let rest = p.original(pos, p.len()).trim();
        let lower = rest.to_ascii_lowercase();
        if lower.contains("address space")
            || lower.contains("private-network")
            || lower.contains("private network")
        {
            // Local (Private) Network Access in a wording not in the table (retyped, or a
            // release between): its key phrase names the DevTools error, its quoted word the
            // address space.
            out.kind = Some(MessageKind::LocalNetworkAccess);
            out.devtools_error = if !fuzzy {
                // An Issues panel text or prose, not the console's reason: no DevTools name.
                None
            } else {
                [
                    (
                        "yet the resource is in address space",
                        "UnexpectedPrivateNetworkAccess",
                    ),
                    ("more-private address space", "InsecurePrivateNetwork"),
                    (
                        "permission was denied",
                        "LocalNetworkAccessPermissionDenied",
                    ),
                    (
                        "access-control-allow-private-network",
                        "PreflightMissingAllowPrivateNetwork",
                    ),
                ]
                .iter()
                .find(|(phrase, _)| lower.contains(phrase))
                .map(|(_, name)| *name)
            };
            out.parameter = ["loopback", "local", "private", "public", "unknown"]
                .iter()
                .filter_map(|space| {
                    lower
                        .rfind(&format!("space `{space}`"))
                        .or_else(|| lower.rfind(&format!("space '{space}'")))
                        .or_else(|| lower.rfind(&format!("space \"{space}\"")))
                        .map(|i| (i, *space))
                })
                .max_by_key(|(i, _)| *i)
                .map(|(_, space)| space.to_string());
        } else {
            out.kind = Some(MessageKind::Cors);
        }
        if !rest.is_empty() {
            out.detail = Some(slot_value(rest.lines().next().unwrap_or(rest)));
        }
    }
    // Older suffixes: the origin and the status.
    if let Some(m) = g.therefore.find(p, at, Tolerance::default())
        && let Some(o) = m.slot(p, 1)
    {
        out.origin.get_or_insert_with(|| slot_url(o));
    }
    if let Some(m) = g.had_status.find(p, at, Tolerance::default())
        && let Some(s) = m.slot(p, 1).and_then(digits)
    {
        out.status = Some(s);
    }
}

/// The reason closest to the text at `pos` (by shared character pairs), after a prefix close
/// to "Response to preflight request doesn't pass access control check:" when there is one:
/// the template, what it means, and where it starts.
fn fuzzy_reason(p: &Projected, pos: usize) -> Option<(&'static Template, Means, usize)> {
    use super::firefox::{bigrams, dice};
    let g = grammar();
    let chars = |a: usize, b: usize| -> Vec<char> {
        (a..b.min(p.len())).filter_map(|i| p.char_at(i)).collect()
    };
    let mut start = pos;
    if let Some(colon) = (pos..p.len().min(pos + 90)).find(|&i| p.char_at(i) == Some(':'))
        && dice(&bigrams(&chars(pos, colon + 1)), &g.preflight_grams) >= 0.7
    {
        start = colon + 1;
    }
    let mut best: Option<(f64, usize)> = None;
    // The paste's bigrams for each window length (reasons of one length share them).
    let mut windows: std::collections::HashMap<usize, Vec<u64>> = Default::default();
    for (k, ((_, _), (len, grams))) in g.reasons.iter().zip(&g.reason_grams).enumerate() {
        let end = start + len * 6 / 5 + 2;
        let window = windows
            .entry(end.min(p.len()))
            .or_insert_with(|| bigrams(&chars(start, end)));
        let score = dice(window, grams);
        if score >= 0.7 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, k));
        }
    }
    let (_, k) = best?;
    let (template, means) = g.reasons.get(k)?;
    Some((template, *means, start))
}

/// Applies a matched reason template to what is read.
fn apply_reason(
    p: &Projected,
    template: &Template,
    means: Means,
    m: &crate::paste::template::Match,
    out: &mut Parsed,
) {
    let value = m.slot(p, 1).map(slot_value);
    match means {
        Means::Cors(base, preflight_only) => {
            out.base = Some(base);
            out.preflight |= preflight_only;
            out.kind = Some(MessageKind::Cors);
            match base {
                Base::InvalidStatus => {
                    if let Some(v) = &value {
                        out.status = digits(v);
                    }
                }
                Base::DisallowedByMode => {
                    if let Some(v) = value
                        .as_deref()
                        .filter(|v| v.contains("://") || *v == "null")
                    {
                        out.origin.get_or_insert_with(|| slot_url(v));
                    }
                }
                Base::Scheme => {
                    // The old wording names the schemes CORS supports, not the URL's.
                    if template.head().starts_with(lit_once!("URL scheme")) {
                        out.parameter = value;
                    }
                }
                _ => out.parameter = value.map(|v| decode_hint(&v)),
            }
        }
        Means::LocalNetwork(name) => {
            out.kind = Some(MessageKind::LocalNetworkAccess);
            out.devtools_error = name;
            out.parameter = value;
        }
        Means::InvalidResponse(preflight_only) => {
            out.kind = Some(MessageKind::Cors);
            out.devtools_error = Some("InvalidResponse");
            out.preflight |= preflight_only;
        }
        Means::NoCorsError => {
            out.kind = Some(MessageKind::Cors);
        }
    }
}

/// The status code a text starts with.
pub(super) fn digits(text: &str) -> Option<u16> {
    let d: String = text
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    d.parse().ok().filter(|s| (100..=999).contains(s))
}

/// Undoes Chromium's `EncodeHint`: `\uXXXX` escapes back to the bytes they stand for.
pub(super) fn decode_hint(hint: &str) -> String {
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

/// The value between a quote at visible character `open` (exclusive) and the next quote.
fn quoted(p: &Projected, open: usize) -> Option<(String, usize)> {
    let q = p.find(open, &['\''])?;
    Some((p.original(open, q).to_string(), q + 1))
}

/// Reads the current wording's parts that come before "has been blocked by CORS policy:" (at
/// visible character `blocked`): the URL, the redirect, the origin, the request's kind.
fn before_blocked(p: &Projected, blocked: usize, out: &mut Parsed) {
    let g = grammar();
    // `from origin '…' `, or only `origin '…'` when the message is cut there, or only the
    // quoted origin (`'http://localhost' has been blocked …`), or no origin at all (`from origin
    // has been blocked`, its value removed).
    let short = lit_once!("origin '");
    let found = p
        .rfind(blocked, &g.from_origin)
        .map(|fo| (fo, fo + g.from_origin.len()))
        .or_else(|| p.rfind(blocked, short).map(|o| (o, o + short.len())));
    let mut url_end_limit = blocked;
    match found {
        Some((fo, origin_start)) => {
            if blocked > origin_start {
                out.origin = Some(slot_url(p.original(origin_start, blocked - 1)));
            }
            url_end_limit = fo;
        }
        None if blocked > 0 && p.char_at(blocked - 1) == Some('\'') => {
            if let Some(open) = p.rfind(blocked - 1, &['\'']) {
                let raw = p.original(open + 1, blocked - 1);
                let value = slot_url(raw);
                let single = !raw.trim().contains(char::is_whitespace);
                if single && (value.contains("://") || value == "null") {
                    out.origin = Some(value);
                    url_end_limit = open;
                }
            }
        }
        None => {
            if let Some(fo) = p.rfind(blocked, lit_once!("from origin")) {
                url_end_limit = fo;
            }
        }
    }
    if let Some(rf) = p.rfind(url_end_limit, &g.redirected_from)
        && let Some((from, _)) = quoted(p, rf + g.redirected_from.len())
    {
        out.redirected_from = Some(slot_url(&from));
        url_end_limit = rf;
    }
    if let Some(at) = p.rfind(url_end_limit, &g.at[..]) {
        let url_start = at + g.at.len();
        if let Some((url, _)) = quoted(p, url_start) {
            // A URL whose closing quote was lost runs into ` from origin`: a URL has no spaces.
            // One followed by an ellipsis (`'https://a/v1 ....'`) was cut by the poster.
            let mut words = url.split([' ', '\t']).filter(|w| !w.is_empty());
            let first = words.next().unwrap_or("");
            let elided = words
                .next()
                .is_some_and(|w| w.chars().all(|c| c == '.' || c == '…'));
            let url = if elided { "" } else { first };
            let url = slot_url(url);
            let url = url
                .strip_prefix('[')
                .and_then(|u| u.strip_suffix(']'))
                .unwrap_or(&url)
                .to_string();
            out.url = Some(url);
        }
    }
}

/// Reads a unit that starts with a Chromium message.
pub(super) fn read(p: &Projected) -> Option<Parsed> {
    let g = grammar();
    let mut out = Parsed {
        browser: Some(Browser::Chromium),
        wording: "Chromium",
        ..Default::default()
    };
    let cannot_load = [
        "XMLHttpRequest cannot load",
        "Failed to load",
        "Fetch API cannot load",
    ]
    .iter()
    .any(|lead| p.lit_at_str(0, lead) && !p.lit_at(lit_len(lead), lit_once!("resource:")));
    if let Some(b) = p.find(0, &g.blocked).filter(|_| !cannot_load) {
        // `Access to …`, or `Redirect from 'A' to 'B' has been blocked …` (2018).
        let redirect = lit_once!("Redirect from '");
        if p.lit_at(0, redirect) {
            let (from, next) = quoted(p, redirect.len())?;
            out.redirected_from = Some(slot_url(&from));
            let to = lit_once!("to '");
            let t = p.find(next, to)?;
            let (url, _) = quoted(p, t + to.len())?;
            out.url = Some(slot_url(&url));
            out.wording = "Chromium (2018)";
        } else {
            before_blocked(p, b, &mut out);
            if let Some(at) = p.find(0, &g.access_to)
                && let Some(at2) = p.find(at, lit_once!("at'"))
            {
                out.detail = None;
                let kind = p.original(at + g.access_to.len(), at2);
                if kind.eq_ignore_ascii_case("font") || kind.eq_ignore_ascii_case("image") {
                    out.wording = "Chromium (resource)";
                }
            }
        }
        reason(p, b + g.blocked.len(), &mut out);
        return Some(out);
    }
    if let Some(b) = p.find(0, &g.blocked_loading) {
        // `Font from origin 'X' has been blocked from loading by Cross-Origin Resource Sharing
        // policy: …`: X is the font's origin.
        let fo = p.rfind(b, lit_once!("from origin '"))?;
        let start = fo + lit_once!("from origin '").len();
        if b > start {
            out.url = Some(slot_url(p.original(start, b - 1)));
        }
        out.wording = "Chromium (before 2019)";
        reason(p, b + g.blocked_loading.len(), &mut out);
        return Some(out);
    }
    for (lead, wording) in [
        ("XMLHttpRequest cannot load", "Chromium (before 2018)"),
        ("Failed to load", "Chromium (2017-2019)"),
        ("Fetch API cannot load", "Chromium"),
    ] {
        let len = lit_len(lead);
        if !p.lit_at_str(0, lead) || p.lit_at(len, lit_once!("resource:")) {
            continue;
        }
        // Safari's wrapper, its URL a stand-in with spaces, is read elsewhere.
        if super::safari::is_wrapper(p) {
            return None;
        }
        let (url, after) = url_token(p, len)?;
        // `Fetch API cannot load URL.` and nothing more: Safari's wrapper (read there).
        if lead.starts_with("Fetch") && after >= p.len() {
            return None;
        }
        // Safari's `Fetch API cannot load X due to access control checks.` is read elsewhere.
        if p.lit_at(after, lit_once!("due to access control checks")) {
            return None;
        }
        out.url = url;
        out.wording = wording;
        // `… cannot load A. Redirect from 'A' to 'B' has been blocked by CORS policy: …`
        // (2016-2018): the redirect is the failing hop; its reason follows.
        let mut after = after;
        if let Some(r) = p
            .find(after, lit_once!("Redirect from '"))
            .filter(|r| *r < after + 4)
            && let Some(b) = p.find(r, &g.blocked)
        {
            after = b + g.blocked.len();
        }
        reason(p, after, &mut out);
        if out.shared_wording && lead.starts_with("Fetch") {
            // Chrome's `fetch()` (2015-) printed Blink's reasons only: WebKit's sentence after
            // `Fetch API cannot load X.` is Safari's (10.1-12, before it split the two lines).
            out.shared_wording = false;
            out.browser = Some(Browser::Safari);
            out.wording = "Safari (before 2019)";
        } else if out.shared_wording {
            out.browser = None;
            out.wording = "WebKit (Chrome and Safari, before 2016)";
        }
        return Some(out);
    }
    issues_panel(p)
}

/// Reads a fragment: a Chromium message cut at the start, or its reason alone.
pub(super) fn read_fragment(p: &Projected) -> Option<Parsed> {
    let g = grammar();
    let mut out = Parsed {
        browser: Some(Browser::Chromium),
        wording: "Chromium (cut)",
        ..Default::default()
    };
    if let Some(b) = p.find(0, &g.blocked) {
        before_blocked(p, b, &mut out);
        reason(p, b + g.blocked.len(), &mut out);
        return Some(out);
    }
    // `blocked by CORS policy:` with its first words cut.
    let short = lit_once!("by CORS policy:");
    if let Some(b) = p.find(0, short)
        && b < 8
    {
        reason(p, b + short.len(), &mut out);
        return Some(out);
    }
    // The reason alone (`Response to preflight request …`, `No 'Access-Control-Allow-Origin'
    // header …`), at the start or quoted in a sentence.
    let mut probe = Parsed::default();
    reason_with(p, 0, &mut probe, false);
    if probe.base.is_some()
        || probe.devtools_error.is_some()
        || probe.kind == Some(MessageKind::LocalNetworkAccess)
    {
        if probe.browser.is_none() && !probe.shared_wording {
            probe.browser = Some(Browser::Chromium);
            probe.wording = "Chromium (reason only)";
        }
        return Some(probe);
    }
    // The reason with its first word lost (`'Access-Control-Allow-Origin' header contains
    // multiple values …`, its `The` cut): at the start only, most of its first words there.
    let lost_word = Tolerance {
        cut_head: Some(12),
        cut_tail: Some(40),
    };
    if let Some((template, means, m)) = g
        .reasons
        .iter()
        .find_map(|(t, means)| t.match_at(p, 0, lost_word).map(|m| (t, *means, m)))
        .filter(|(_, _, m)| m.literal >= 24)
    {
        let mut out = Parsed {
            browser: Some(Browser::Chromium),
            wording: "Chromium (cut)",
            ..Default::default()
        };
        apply_reason(p, template, means, &m, &mut out);
        suffixes(p, m.start, &mut out);
        return Some(out);
    }
    let preflight_lit = &g.preflight_lit;
    let mut best: Option<(usize, Parsed)> = None;
    for (template, means) in &g.reasons {
        let mut from = 0;
        let mut tries = 0;
        while let Some(m) = template.find(p, from, Tolerance::default()) {
            tries += 1;
            let named = m.slot(p, 1).unwrap_or("");
            // A name or value a reason quotes has no spaces (a header, a method).
            let names = matches!(means, Means::Cors(Base::Method | Base::Header, _));
            if names && named.trim().contains(char::is_whitespace) {
                from = m.start + 1;
                if tries > 8 {
                    break;
                }
                continue;
            }
            if best.as_ref().is_none_or(|(at, _)| m.start < *at) {
                let mut out = Parsed {
                    browser: Some(Browser::Chromium),
                    wording: "Chromium (reason only)",
                    ..Default::default()
                };
                apply_reason(p, template, *means, &m, &mut out);
                if m.start >= preflight_lit.len()
                    && p.lit_at(m.start - preflight_lit.len(), preflight_lit)
                {
                    out.preflight = true;
                }
                suffixes(p, m.start, &mut out);
                // `XMLHttpRequest cannot load` cut: the URL alone before the reason is the
                // message's (`http://a/b. No 'Access-Control-Allow-Origin' header …`).
                let before = p.original(0, m.start).trim();
                if let Some(url) = before.strip_suffix('.')
                    && url.contains("://")
                    && !url.lines().any(|l| l.trim().contains([' ', '\t']))
                {
                    out.url = Some(slot_url(url));
                }
                best = Some((m.start, out));
            }
            break;
        }
    }
    // WebKit's sentences, quoted in prose: Safari's, or shared with old Chrome.
    if let Some((at, mut out)) = super::safari::reason_anywhere(p)
        && best.as_ref().is_none_or(|(b, _)| at < *b)
    {
        suffixes(p, at, &mut out);
        best = Some((at, out));
    }
    if let Some((_, out)) = best {
        return Some(out);
    }
    devtools_name(p)
}

/// The older suffixes of a reason, read from visible character `at` on: `Origin 'X' is
/// therefore not allowed access.` (the page's origin) and `The response had HTTP status code N.`
fn suffixes(p: &Projected, at: usize, out: &mut Parsed) {
    let g = grammar();
    if let Some(m) = g.therefore.find(p, at, Tolerance::default())
        && let Some(o) = m.slot(p, 1)
    {
        out.origin.get_or_insert_with(|| slot_url(o));
    }
    if let Some(m) = g.had_status.find(p, at, Tolerance::default())
        && let Some(s) = m.slot(p, 1).and_then(digits)
    {
        out.status = Some(s);
    }
}

/// Every `CorsError` the simulator models, for reading a bare DevTools name.
const CORS_ERRORS: [crate::reason::CorsError; 22] = {
    use crate::reason::CorsError as E;
    [
        E::DisallowedByMode,
        E::NoCorsRedirectModeNotFollow,
        E::WildcardOriginNotAllowed,
        E::MissingAllowOriginHeader,
        E::MultipleAllowOriginValues,
        E::InvalidAllowOriginValue,
        E::AllowOriginMismatch,
        E::InvalidAllowCredentials,
        E::CorsDisabledScheme,
        E::PreflightInvalidStatus,
        E::PreflightDisallowedRedirect,
        E::PreflightWildcardOriginNotAllowed,
        E::PreflightMissingAllowOriginHeader,
        E::PreflightMultipleAllowOriginValues,
        E::PreflightInvalidAllowOriginValue,
        E::PreflightAllowOriginMismatch,
        E::PreflightInvalidAllowCredentials,
        E::InvalidAllowMethodsPreflightResponse,
        E::InvalidAllowHeadersPreflightResponse,
        E::MethodDisallowedByPreflightResponse,
        E::HeaderDisallowedByPreflightResponse,
        E::RedirectContainsCredentials,
    ]
};

/// A bare DevTools `CorsError` name (what the Network panel's Status column and the Issues
/// panel show, often used as a title): `PreflightMissingAllowOriginHeader`.
fn devtools_name(p: &Projected) -> Option<Parsed> {
    let text = p.text();
    let words = text.split(|c: char| !c.is_ascii_alphanumeric());
    for word in words {
        let Some(error) = CORS_ERRORS.iter().find(|e| e.name() == word) else {
            continue;
        };
        let (base, preflight) = shape_of(*error);
        return Some(Parsed {
            browser: Some(Browser::Chromium),
            kind: Some(MessageKind::Cors),
            base: Some(base),
            preflight,
            wording: "DevTools CorsError name",
            ..Default::default()
        });
    }
    None
}

/// The failure shape and stage of a `CorsError`.
fn shape_of(error: crate::reason::CorsError) -> (Base, bool) {
    use crate::reason::CorsError as E;
    match error {
        E::DisallowedByMode => (Base::DisallowedByMode, false),
        E::NoCorsRedirectModeNotFollow => (Base::NoCorsRedirect, false),
        E::WildcardOriginNotAllowed => (Base::Wildcard, false),
        E::MissingAllowOriginHeader => (Base::Missing, false),
        E::MultipleAllowOriginValues => (Base::Multiple, false),
        E::InvalidAllowOriginValue => (Base::Invalid, false),
        E::AllowOriginMismatch => (Base::Mismatch, false),
        E::InvalidAllowCredentials => (Base::Credentials, false),
        E::CorsDisabledScheme => (Base::Scheme, false),
        E::PreflightInvalidStatus => (Base::InvalidStatus, true),
        E::PreflightDisallowedRedirect => (Base::PreflightRedirect, true),
        E::PreflightWildcardOriginNotAllowed => (Base::Wildcard, true),
        E::PreflightMissingAllowOriginHeader => (Base::Missing, true),
        E::PreflightMultipleAllowOriginValues => (Base::Multiple, true),
        E::PreflightInvalidAllowOriginValue => (Base::Invalid, true),
        E::PreflightAllowOriginMismatch => (Base::Mismatch, true),
        E::PreflightInvalidAllowCredentials => (Base::Credentials, true),
        E::InvalidAllowMethodsPreflightResponse => (Base::AllowMethodsParse, true),
        E::InvalidAllowHeadersPreflightResponse => (Base::AllowHeadersParse, true),
        E::MethodDisallowedByPreflightResponse => (Base::Method, true),
        E::HeaderDisallowedByPreflightResponse => (Base::Header, true),
        E::RedirectContainsCredentials => (Base::RedirectCredentials, false),
    }
}

/// DevTools' Issues panel: a title, then the table of affected requests.
fn issues_panel(p: &Projected) -> Option<Parsed> {
    const TITLES: [(&str, Option<Base>, bool); 9] = [
        ("Ensure CORS response header values are valid", None, false),
        (
            "Ensure preflight responses are valid",
            Some(Base::InvalidStatus),
            true,
        ),
        (
            "Ensure CORS requesting origin matches resource's allowed origin",
            Some(Base::Mismatch),
            false,
        ),
        (
            "Ensure credentialed requests aren't sent to CORS resources with origin wildcards",
            Some(Base::Wildcard),
            false,
        ),
        (
            "Ensure CORS requests include credentials only when allowed",
            Some(Base::Credentials),
            false,
        ),
        (
            "Ensure CORS request uses allowed method",
            Some(Base::Method),
            true,
        ),
        (
            "Ensure CORS request includes only allowed headers",
            Some(Base::Header),
            true,
        ),
        (
            "Ensure CORS requests are not redirected to URLs with credentials",
            Some(Base::RedirectCredentials),
            false,
        ),
        (
            "Ensure CORS requests are made on supported schemes",
            Some(Base::Scheme),
            false,
        ),
    ];
    let (_, base, preflight) = TITLES.iter().find(|(t, _, _)| p.lit_at_str(0, t))?;
    let mut out = Parsed {
        browser: Some(Browser::Chromium),
        kind: Some(MessageKind::Cors),
        base: *base,
        preflight: *preflight,
        wording: "DevTools Issues panel",
        ..Default::default()
    };
    let rest = p.original(0, p.len());
    let has = |s: &str| p.find(0, &super::l(s)).is_some();
    if base.is_none() {
        out.base = if has("Missing Header") {
            Some(Base::Missing)
        } else if has("Multiple Values") {
            Some(Base::Multiple)
        } else if has("Invalid Value") && has("Access-Control-Allow-Origin") {
            Some(Base::Invalid)
        } else if has("Access-Control-Allow-Methods") {
            Some(Base::AllowMethodsParse)
        } else if has("Access-Control-Allow-Headers") {
            Some(Base::AllowHeadersParse)
        } else {
            None
        };
    }
    if *base == Some(Base::InvalidStatus) && has("Response to preflight was a redirect") {
        out.base = Some(Base::PreflightRedirect);
    }
    // Which stage: the table's "Preflight Request" column holds a link when the preflight failed;
    // the copied text cannot say, unless it is a preflight-only error.
    if !out.preflight {
        out.ambiguous_stage = true;
    }
    let _ = rest;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Parsed {
        let p = Projected::new(text);
        read(&p).unwrap_or_else(|| panic!("not read: {text}"))
    }

    #[test]
    fn every_wording() {
        let p = read_text(
            "Access to fetch at 'https://b.example/y' (redirected from 'https://a.example/x') from origin 'https://app.example.com' has been blocked by CORS policy: Method patch is not allowed by Access-Control-Allow-Methods in preflight response.",
        );
        assert_eq!(p.url.as_deref(), Some("https://b.example/y"));
        assert_eq!(p.redirected_from.as_deref(), Some("https://a.example/x"));
        assert_eq!(p.origin.as_deref(), Some("https://app.example.com"));
        assert_eq!(p.base, Some(Base::Method));
        assert_eq!(p.parameter.as_deref(), Some("patch"));
        let p = read_text(
            "XMLHttpRequest cannot load https://api.example.com/x. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:4200' is therefore not allowed access. The response had HTTP status code 403.",
        );
        assert_eq!(p.url.as_deref(), Some("https://api.example.com/x"));
        assert_eq!(p.origin.as_deref(), Some("http://localhost:4200"));
        assert_eq!((p.base, p.status), (Some(Base::Missing), Some(403)));
        let p = read_text(
            "Failed to load https://api.example.com/x: Response for preflight has invalid HTTP status code 401",
        );
        assert_eq!(
            (p.base, p.status, p.preflight),
            (Some(Base::InvalidStatus), Some(401), true)
        );
        let p = read_text(
            "Font from origin 'https://cdn.example.net' has been blocked from loading by Cross-Origin Resource Sharing policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'https://www.example.com' is therefore not allowed access.",
        );
        assert_eq!(p.url.as_deref(), Some("https://cdn.example.net"));
        assert_eq!(p.origin.as_deref(), Some("https://www.example.com"));
        let p = read_text(
            "Access to XMLHttpRequest at 'https://api.example.com/v1/us\ners' from origin 'http://localhost:3000' has been blocked by CORS pol\nicy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
        );
        assert_eq!(p.url.as_deref(), Some("https://api.example.com/v1/users"));
        assert_eq!(p.base, Some(Base::InvalidStatus));
        let p = read_text(
            "Access to fetch at \u{201c}https://a.example/x\u{201d} from origin \u{201c}https://b.example\u{201d} has been blocked by CORS policy: The \u{2018}Access-Control-Allow-Origin\u{2019} header contains multiple values \u{2018}https://b.example, https://b.example\u{2019}, but only one is allowed.",
        );
        assert_eq!(p.base, Some(Base::Multiple));
        assert_eq!(
            p.parameter.as_deref(),
            Some("https://b.example, https://b.example")
        );
    }

    #[test]
    fn fragments() {
        let frag = |t: &str| read_fragment(&Projected::new(t)).unwrap_or_else(|| panic!("{t}"));
        let p = frag(
            "from origin 'https://b.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        );
        assert_eq!(
            (p.base, p.origin.as_deref()),
            (Some(Base::Missing), Some("https://b.example"))
        );
        let p = frag(
            "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        );
        assert_eq!((p.base, p.preflight), (Some(Base::Missing), true));
        assert!(read_fragment(&Projected::new("hello world")).is_none());
    }

    #[test]
    fn issues_panel_titles() {
        let p = read_text(
            "Ensure CORS response header values are valid\nA cross-origin resource sharing (CORS) request was blocked …\n1 request\nRequest\tStatus\tPreflight Request (if problematic)\tHeader\tProblem\tInvalid Value (if available)\nusers\tblocked\t\tAccess-Control-Allow-Origin\tMissing Header",
        );
        assert_eq!(p.base, Some(Base::Missing));
        let p = read_text("Ensure CORS request includes only allowed headers");
        assert_eq!((p.base, p.preflight), (Some(Base::Header), true));
    }
}
