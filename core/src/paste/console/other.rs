//! Console lines that go with CORS messages or look like them: Chromium's network line, mixed
//! content, Content Security Policy, Cross-Origin Read Blocking, the script's own error, legacy
//! Edge's `SEC71xx` codes; and Firefox's keys turned into what they mean.
//!
//! # Grammar
//!
//! ```text
//! network line     METHOD URL [net::ERR_CODE] [STATUS [(TEXT)]]      at least one of the two
//!                  net::ERR_CODE
//! mixed content    Mixed Content: The page at 'URL' was loaded over HTTPS, but requested an
//!                  insecure KIND 'URL'. …                             (Firefox: its catalogue)
//!                  [blocked] The page at 'URL' was loaded over HTTPS, but ran|displayed
//!                  insecure content from 'URL': this content should also be loaded over
//!                  HTTPS.                                             (Chromium, 2013-2015)
//!                  (Safari's: see [`super::safari`])
//! CSP              Refused to connect to 'URL' because it violates … Content Security Policy …
//!                  Content-Security-Policy: … URL …                   (Firefox)
//! CORB             Cross-Origin Read Blocking (CORB) blocked cross-origin response URL …
//! script error     TypeError: Failed to fetch | TypeError: NetworkError when attempting to
//!                  fetch resource. | TypeError: Load failed | [Axios]Error: Network Error
//! legacy Edge      SEC7120: [CORS] The origin 'ORIGIN' did not find 'ORIGIN' in the
//!                  Access-Control-Allow-Origin response header for cross-origin resource at 'URL'.
//!                  SEC7123: Request header NAME was not present in the
//!                  Access-Control-Allow-Headers list.   SEC7124: … method …   SCRIPT7002: …
//! ```

use super::firefox::FirefoxHit;
use super::{Base, MessageKind, Parsed, Role};
use crate::paste::template::{Projected, Template, Tolerance, lit_once, slot_url, slot_value};
use crate::profile::Browser;
use std::sync::OnceLock;

const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "CONNECT",
];

struct Grammar {
    mixed: Template,
    mixed_ws: Template,
    /// Chromium's wording before `Mixed Content:` (2013-2015).
    mixed_old: Template,

    csp: Template,
    corb: Template,
    edge: Vec<(Template, Base, &'static str)>,
    websocket: Template,
    firefox_connect: Template,
    frame_webkit: Template,
    frame_chromium: Template,
    mixed_cut: Template,
    leads: Vec<Vec<char>>,
    line_start: Vec<Vec<char>>,
}

fn grammar() -> &'static Grammar {
    static G: OnceLock<Grammar> = OnceLock::new();
    G.get_or_init(|| Grammar {
        mixed: Template::new(
            "Mixed Content: The page at '%1$S' was loaded over HTTPS, but requested an insecure %2$S '%3$S'.",
        ),
        mixed_ws: Template::new(
            "Mixed Content: The page at '%1$S' was loaded over HTTPS, but attempted to connect to the insecure WebSocket endpoint '%2$S'.",
        ),
        // The URLs' quotes are left out of the template: a paste that lost one still matches
        // (slot_url takes them off).
        mixed_old: Template::new(
            "The page at %1$S was loaded over HTTPS, but %2$S insecure content from %3$S: this content should also be loaded over HTTPS.",
        ),
        csp: Template::new("Refused to %1$S '%2$S' because it violates"),
        corb: Template::new("Cross-Origin Read Blocking (CORB) blocked cross-origin response %1$S with"),
        edge: vec![
            (
                Template::new("SEC7120: [CORS] The origin '%1$S' did not find '%2$S' in the Access-Control-Allow-Origin response header for cross-origin resource at '%3$S'."),
                Base::NotAllowed,
                "origin",
            ),
            (
                Template::new("SEC7120: Origin %1$S not found in Access-Control-Allow-Origin header."),
                Base::NotAllowed,
                "origin",
            ),
            (
                Template::new("SEC7123: Request header %1$S was not present in the Access-Control-Allow-Headers list."),
                Base::Header,
                "parameter",
            ),
            (
                Template::new("SEC7124: Request method %1$S was not present in the Access-Control-Allow-Methods list."),
                Base::Method,
                "parameter",
            ),
        ],
        websocket: Template::new("WebSocket connection to '%1$S' failed"),
        frame_webkit: Template::new(
            "Blocked a frame with origin '%1$S' from accessing a frame with origin '%2$S'. Protocols, domains, and ports must match.",
        ),
        frame_chromium: Template::new(
            "Blocked a frame with origin '%1$S' from accessing a cross-origin frame.",
        ),
        mixed_cut: Template::new("was loaded over HTTPS, but requested an insecure %1$S '%2$S'"),
        firefox_connect: Template::new("Firefox can't establish a connection to the server at %1$S"),
        leads: [
            "WebSocket connection to '",
            "Firefox can't establish a connection to the server",
            "Mixed Content:",
            "Refused to connect",
            "Refused to load",
            "Blocked a frame with origin",
            "Cross-Origin Read Blocking",
            "Content-Security-Policy: The page",
            "Content Security Policy:",
            "Refused to set unsafe header",
            "Unable to get image data from canvas",
            "SecurityError:",
            "SEC7120:",
            "SEC7123:",
            "SEC7124:",
            "SEC7127:",
            "SCRIPT7002:",
        ]
        .iter()
        .map(|s| super::l(s))
        .collect(),
        line_start: [
            "TypeError:",
            "AxiosError:",
            "Error: Network Error",
            "Network Error",
            "Failed to fetch",
            "NetworkError when attempting to fetch",
            "Load failed",
            "net::ERR_",
            "The network connection was lost",
            "Could not connect to the server",
            "A server with the specified hostname could not be found",
        ]
        .iter()
        .map(|s| super::l(s))
        .collect(),
    })
}

/// Where these lines start in a line (visible characters).
pub(super) fn leads(p: &Projected) -> Vec<usize> {
    let g = grammar();
    let mut out = Vec::new();
    for lead in &g.leads {
        let mut from = 0;
        while let Some(i) = p.find(from, lead) {
            out.push(i);
            from = i + 1;
        }
    }
    // Mixed content in Chromium's older and WebKit's wordings (`The page at …`) anywhere in a
    // line, where it is not the current wording's second sentence (`Mixed Content: The page at
    // …`).
    let page_at = lit_once!("The page at");
    let mixed = lit_once!("Mixed Content:");
    let mut from = 0;
    while let Some(i) = p.find(from, page_at) {
        let current = i >= mixed.len() && p.lit_at(i - mixed.len(), mixed);
        if !current {
            out.push(i);
        }
        from = i + 1;
    }
    // The script's error: at the start, or after a message on the same line.
    let type_error = lit_once!("TypeError:");
    let mut from = 0;
    while let Some(i) = p.find(from, type_error) {
        // Not Safari's `FetchEvent.respondWith received an error: TypeError: REASON`: one
        // message.
        let after_respond_with = p.original(0, i).trim_end().ends_with("received an error:");
        if !after_respond_with {
            out.push(i);
        }
        from = i + 1;
    }
    for start in &g.line_start {
        if p.lit_at(0, start) {
            out.push(0);
        }
    }
    // The network line: back from `net::ERR_` to its method and URL.
    let text = p.text();
    let mut from = 0;
    while let Some(k) = text
        .get(from..)
        .and_then(|t| t.find("net::ERR_"))
        .map(|k| k + from)
    {
        let before = text.get(..k).unwrap_or("");
        let mut start = k;
        // The two words before it (found from the end: the rest of the line is not looked at).
        let (url_at, url) = last_word(before);
        if url.contains("://") {
            start = url_at;
            let (m_at, m) = last_word(before.get(..url_at).unwrap_or(""));
            if METHODS.contains(&m) {
                start = m_at;
            }
        }
        out.push(index_of(p, start));
        from = k + 1;
    }
    // A status line without a network error (`GET URL 401 (Unauthorized)`), or `OPTIONS URL`,
    // at the start.
    if network_parts(text).is_some_and(|n| {
        n.method.is_some() && (n.status.is_some() || n.method.as_deref() == Some("OPTIONS"))
    }) {
        out.push(0);
    }
    out
}

/// The last word of a text (white space at its end aside) and its byte offset.
fn last_word(text: &str) -> (usize, &str) {
    let head = text.trim_end();
    let at = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (at, head.get(at..).unwrap_or(""))
}

/// The visible character at or after a byte offset.
fn index_of(p: &Projected, byte: usize) -> usize {
    let mut lo = 0;
    let mut hi = p.len();
    while lo < hi {
        let mid = (lo + hi) / 2;
        if p.offset(mid) < byte {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A network line's parts.
struct NetworkParts {
    method: Option<String>,
    url: Option<String>,
    error: Option<String>,
    status: Option<u16>,
}

/// `METHOD URL [net::ERR_X] [STATUS [(TEXT)]]` or `net::ERR_X` at the start of a text.
fn network_parts(text: &str) -> Option<NetworkParts> {
    let first_line = text.lines().next().unwrap_or("");
    let mut words = first_line.split_whitespace().peekable();
    let mut parts = NetworkParts {
        method: None,
        url: None,
        error: None,
        status: None,
    };
    if let Some(w) = words.peek()
        && METHODS.contains(w)
    {
        parts.method = words.next().map(str::to_string);
    }
    if let Some(w) = words.peek()
        && w.contains("://")
    {
        parts.url = words.next().map(str::to_string);
    }
    if let Some(w) = words.peek()
        && w.starts_with("net::ERR_")
    {
        parts.error = words
            .next()
            .map(|e| e.trim_end_matches(['.', ',']).to_string());
    }
    if let Some(w) = words.peek()
        && w.len() == 3
        && let Some(s) = super::chromium::digits(w)
    {
        parts.status = Some(s);
        words.next();
        // `(Unauthorized)` or `()`: the rest of the line is the reason phrase.
        if let Some(w) = words.peek()
            && !w.starts_with('(')
        {
            return None;
        }
    }
    // `OPTIONS` alone, or with its URL: what old Chromium printed for a failed preflight.
    let options_alone = parts.method.as_deref() == Some("OPTIONS") && parts.error.is_none();
    let enough =
        parts.error.is_some() || (parts.status.is_some() && parts.url.is_some()) || options_alone;
    let nothing_else = parts.error.is_some() || words.next().is_none_or(|w| w.starts_with('('));
    (enough && (parts.url.is_some() || parts.method.is_none() || options_alone) && nothing_else)
        .then_some(parts)
}

/// Reads Chromium's network line (`GET https://… net::ERR_FAILED 401 (Unauthorized)`).
pub(super) fn read_network_line(p: &Projected) -> Option<Parsed> {
    let parts = network_parts(p.text())?;
    let mut out = Parsed {
        role: Role::NetworkLine,
        browser: Some(Browser::Chromium),
        method: parts.method.clone(),
        url: parts.url,
        status: parts.status,
        wording: "Chromium network line",
        ..Default::default()
    };
    match parts.error.as_deref() {
        // ERR_FAILED: the request failed (a CORS failure among others); ERR_ABORTED: it was
        // cancelled, which is how Chromium before 2020 recorded some CORS failures too.
        Some("net::ERR_FAILED" | "net::ERR_ABORTED") | None => {}
        Some(e) if e.starts_with("net::ERR_BLOCKED_BY_CLIENT") => {
            // An extension or ad blocker cancelled the request: it never got an answer.
            out.role = Role::Message;
            out.kind = Some(MessageKind::Network);
            out.detail = Some("blocked by an extension or ad blocker".to_string());
        }
        Some(e) if e.starts_with("net::ERR_BLOCKED_BY") => {
            out.role = Role::Message;
            out.kind = Some(MessageKind::Other);
        }
        Some(_) => {
            out.role = Role::Message;
            out.kind = Some(MessageKind::Network);
        }
    }
    out.net_error = parts.error;
    if out.net_error.is_none() && parts.method.is_none() {
        return None;
    }
    Some(out)
}

/// Reads the other lines (`tagged`: the line carried Safari's `[Error]`).
pub(super) fn read(p: &Projected, tagged: bool) -> Option<Parsed> {
    let g = grammar();
    let cut = Tolerance {
        cut_head: None,
        cut_tail: Some(30),
    };
    let mut out = Parsed::default();
    if let Some(m) = g.mixed.match_at(p, 0, cut) {
        out.browser = Some(Browser::Chromium);
        out.kind = Some(MessageKind::MixedContent);
        out.page_url = m.slot(p, 1).map(slot_url);
        out.url = m.slot(p, 3).map(slot_url);
        out.wording = "Chromium";
        return Some(out);
    }
    if let Some(m) = g.mixed_old.match_at(p, 0, cut) {
        out.browser = Some(Browser::Chromium);
        out.kind = Some(MessageKind::MixedContent);
        out.page_url = m.slot(p, 1).map(slot_url);
        out.url = m.slot(p, 3).map(slot_url);
        out.wording = "Chromium (before 2016)";
        return Some(out);
    }
    if let Some(m) = g.mixed_ws.match_at(p, 0, cut) {
        out.browser = Some(Browser::Chromium);
        out.kind = Some(MessageKind::MixedContent);
        out.page_url = m.slot(p, 1).map(slot_url);
        out.url = m.slot(p, 2).map(slot_url);
        out.wording = "Chromium";
        return Some(out);
    }
    if let Some(m) = g.csp.match_at(p, 0, Tolerance::default()) {
        out.browser = Some(Browser::Chromium);
        out.kind = Some(MessageKind::Csp);
        out.url = m.slot(p, 2).map(slot_url);
        out.wording = "Chromium";
        return Some(out);
    }
    // `Refused to connect because it violates …` (the URL left out).
    if p.lit_at(0, lit_once!("Refused to"))
        && p.find(0, lit_once!("Content Security Policy")).is_some()
    {
        out.browser = Some(Browser::Chromium);
        out.kind = Some(MessageKind::Csp);
        out.wording = "Chromium";
        return Some(out);
    }
    for (template, browser) in [
        (&g.frame_webkit, Browser::Safari),
        (&g.frame_chromium, Browser::Chromium),
    ] {
        if let Some(m) = template.match_at(
            p,
            0,
            Tolerance {
                cut_head: None,
                cut_tail: Some(30),
            },
        ) {
            // The same-origin policy between frames: no request, no CORS.
            out.browser = Some(browser);
            out.kind = Some(MessageKind::Other);
            out.origin = m.slot(p, 1).map(slot_url);
            out.detail = Some("a script reached into a frame of another origin (the same-origin policy between frames, not CORS)".to_string());
            out.wording = if browser == Browser::Safari {
                "Safari"
            } else {
                "Chromium"
            };
            return Some(out);
        }
    }
    // Firefox's CSP report: `Content Security Policy:` (spaced: the header's name is
    // hyphenated) in any language, or the older `Content-Security-Policy: The page's …`.
    let spaced = {
        let t = p.text().trim_start();
        t.starts_with("Content Security Policy:")
    };
    for lead in [
        "Content-Security-Policy: The page",
        "Content Security Policy:",
    ] {
        if p.lit_at_str(0, lead) && (spaced || lead.starts_with("Content-")) {
            out.browser = Some(Browser::Firefox);
            out.kind = Some(MessageKind::Csp);
            // `… blocked the loading of a resource at URL (“directive”)`, or `at self`,
            // `at inline` for what has no URL; in other languages the first URL before the
            // directive.
            let text = p.text();
            let directive_at = text.find(['(', '（']).unwrap_or(text.len());
            out.url = match text.find(" at ") {
                Some(i) => text
                    .get(i + 4..)
                    .and_then(|rest| rest.split_whitespace().next())
                    .map(|w| slot_url(w.trim_end_matches(['.', ',', ')'])))
                    .filter(|w| w.contains("://")),
                None => text
                    .get(..directive_at)
                    .unwrap_or("")
                    .split_whitespace()
                    .find(|w| w.contains("://"))
                    .map(|w| slot_url(w.trim_end_matches(['.', ',', ')']))),
            };
            out.wording = "Firefox";
            return Some(out);
        }
    }
    for (lead, detail) in [
        (
            "Refused to set unsafe header",
            "the script set a header the browser forbids (fetch() and XMLHttpRequest drop it)",
        ),
        (
            "Unable to get image data from canvas",
            "the canvas drew a cross-origin image without CORS, so the page may not read it back",
        ),
        (
            "The canvas has been tainted by cross-origin data",
            "the canvas drew a cross-origin image without CORS, so the page may not read it back",
        ),
    ] {
        if p.lit_at_str(0, lead) {
            out.browser = Some(Browser::Chromium);
            out.kind = Some(MessageKind::Other);
            out.detail = Some(detail.to_string());
            out.wording = "Chromium";
            return Some(out);
        }
    }
    // `SecurityError: …` goes with the message before it (the canvas's, a frame's).
    if p.lit_at(0, lit_once!("SecurityError:")) {
        out.role = Role::ScriptError;
        out.kind = Some(MessageKind::Other);
        out.wording = "the script's error";
        return Some(out);
    }
    // Legacy Edge's SEC7120 in another language: the origin it looked for and the resource,
    // the first and last quoted values.
    if p.lit_at(0, lit_once!("SEC7120:")) {
        let quoted = super::firefox::quoted_values(p.text());
        let urls: Vec<&String> = quoted
            .iter()
            .filter(|v| v.contains("://") || v.as_str() == "null")
            .collect();
        out.kind = Some(MessageKind::Cors);
        out.base = Some(Base::NotAllowed);
        out.ambiguous_stage = true;
        out.wording = "Edge (EdgeHTML)";
        if let (Some(first), Some(last)) = (urls.first(), urls.last())
            && urls.len() >= 2
        {
            out.origin = Some(slot_url(first));
            out.url = Some(slot_url(last));
        }
        return Some(out);
    }
    if let Some(m) = g.corb.match_at(p, 0, Tolerance::default()) {
        out.browser = Some(Browser::Chromium);
        out.kind = Some(MessageKind::Other);
        out.url = m.slot(p, 1).map(slot_url);
        out.detail = Some("Cross-Origin Read Blocking".to_string());
        out.wording = "Chromium";
        return Some(out);
    }
    for (template, base, slot) in &g.edge {
        if let Some(m) = template.match_at(p, 0, cut) {
            out.kind = Some(MessageKind::Cors);
            out.base = Some(*base);
            out.preflight = matches!(base, Base::Header | Base::Method);
            out.ambiguous_stage = *base == Base::NotAllowed;
            out.wording = "Edge (EdgeHTML)";
            if *slot == "origin" {
                out.origin = m.slot(p, 1).map(slot_url);
                out.url = m.slot(p, 3).map(slot_url);
            } else {
                out.parameter = m.slot(p, 1).map(slot_value);
            }
            return Some(out);
        }
    }
    for (lead, kind) in [
        ("SEC7127:", MessageKind::Cors),
        ("SCRIPT7002:", MessageKind::Network),
    ] {
        if p.lit_at_str(0, lead) {
            out.kind = Some(kind);
            out.wording = "Edge (EdgeHTML)";
            out.detail = Some(slot_value(p.text().lines().next().unwrap_or("")));
            return Some(out);
        }
    }
    if let Some(m) = g.websocket.match_at(p, 0, Tolerance::default()) {
        out.browser = Some(if tagged {
            Browser::Safari
        } else {
            Browser::Chromium
        });
        out.kind = Some(MessageKind::Network);
        out.url = m.slot(p, 1).map(slot_url);
        out.wording = "WebSocket";
        return Some(out);
    }
    if let Some(m) = g.firefox_connect.match_at(p, 0, Tolerance::default()) {
        out.browser = Some(Browser::Firefox);
        out.kind = Some(MessageKind::Network);
        out.url = m
            .slot(p, 1)
            .map(|u| slot_url(u).trim_end_matches('.').to_string());
        out.wording = "Firefox";
        return Some(out);
    }
    for (lead, browser) in [
        ("The network connection was lost", Browser::Safari),
        ("Could not connect to the server", Browser::Safari),
        (
            "A server with the specified hostname could not be found",
            Browser::Safari,
        ),
        ("An SSL error has occurred", Browser::Safari),
    ] {
        if p.lit_at_str(0, lead) {
            out.browser = Some(browser);
            out.kind = Some(MessageKind::Network);
            out.wording = "Safari";
            return Some(out);
        }
    }
    script_error(p)
}

/// Fragments of these lines inside prose: mixed content with its start cut, and the script's
/// errors quoted in a sentence (`Firefox returns "NetworkError when attempting to fetch
/// resource."`), each in order.
pub(super) fn read_fragments(p: &Projected) -> Vec<Parsed> {
    let g = grammar();
    if let Some(m) = g.mixed_cut.find(p, 0, Tolerance::default()) {
        return vec![Parsed {
            browser: Some(Browser::Chromium),
            kind: Some(MessageKind::MixedContent),
            url: m.slot(p, 2).map(slot_url),
            wording: "Chromium (cut)",
            ..Default::default()
        }];
    }
    let phrases: [(&str, Option<Browser>, bool); 6] = [
        (
            "NetworkError when attempting to fetch resource",
            Some(Browser::Firefox),
            false,
        ),
        ("TypeError: Failed to fetch", Some(Browser::Chromium), false),
        ("Error: Failed to fetch", Some(Browser::Chromium), false),
        ("'Failed to fetch'", Some(Browser::Chromium), false),
        ("TypeError: Load failed", Some(Browser::Safari), false),
        ("TypeError: Network request failed", None, false),
    ];
    let mut all: Vec<(usize, usize, Option<Browser>)> = Vec::new();
    for (rank, (phrase, browser, _)) in phrases.into_iter().enumerate() {
        let lit = super::l(phrase);
        let mut from = 0;
        while let Some(i) = p.find(from, &lit) {
            all.push((i, rank, browser));
            from = i + lit.len();
        }
    }
    // One message per place: `TypeError: Failed to fetch` holds `Error: Failed to fetch` (the
    // phrase listed first is the one at that place).
    all.sort_unstable_by_key(|(i, rank, _)| (*i, *rank));
    let mut found: Vec<(usize, Option<Browser>)> = Vec::new();
    for (i, _, browser) in all {
        if found.last().is_none_or(|(j, _)| i.abs_diff(*j) >= 8) {
            found.push((i, browser));
        }
    }
    found
        .into_iter()
        .map(|(_, browser)| Parsed {
            role: Role::ScriptError,
            browser,
            kind: Some(MessageKind::Network),
            wording: "the script's error",
            ..Default::default()
        })
        .collect()
}

/// The script's own error.
fn script_error(p: &Projected) -> Option<Parsed> {
    let rows: [(&str, Option<Browser>, MessageKind); 8] = [
        (
            "TypeError: Failed to execute 'fetch'",
            Some(Browser::Chromium),
            MessageKind::Other,
        ),
        (
            "TypeError: Failed to fetch",
            Some(Browser::Chromium),
            MessageKind::Network,
        ),
        (
            "Failed to fetch",
            Some(Browser::Chromium),
            MessageKind::Network,
        ),
        (
            "TypeError: NetworkError when attempting to fetch resource",
            Some(Browser::Firefox),
            MessageKind::Network,
        ),
        (
            "NetworkError when attempting to fetch resource",
            Some(Browser::Firefox),
            MessageKind::Network,
        ),
        (
            "TypeError: Load failed",
            Some(Browser::Safari),
            MessageKind::Network,
        ),
        (
            "TypeError: Network request failed",
            None,
            MessageKind::Network,
        ),
        ("Network Error", None, MessageKind::Network),
    ];
    let text = p.text();
    let start = ["AxiosError:", "Error:"]
        .iter()
        .find_map(|lead| text.strip_prefix(lead).map(str::trim_start))
        .unwrap_or(text);
    let q = Projected::new(start);
    for (lead, browser, kind) in rows {
        if q.lit_at_str(0, lead) {
            let role = if kind == MessageKind::Network {
                Role::ScriptError
            } else {
                Role::Message
            };
            return Some(Parsed {
                role,
                browser,
                kind: Some(kind),
                wording: "the script's error",
                detail: (kind == MessageKind::Other)
                    .then(|| slot_value(start.lines().next().unwrap_or(start))),
                ..Default::default()
            });
        }
    }
    None
}

/// What a Firefox key means.
pub(super) fn from_firefox(hit: &FirefoxHit, wording: &'static str) -> Parsed {
    let mut out = Parsed {
        browser: Some(Browser::Firefox),
        firefox_reason: (!hit.key.is_empty()).then_some(hit.key),
        url: hit.url.clone(),
        wording,
        ..Default::default()
    };
    let arg = hit.arg.clone();
    if hit.arg_is_status() {
        out.status = arg.as_deref().and_then(super::chromium::digits);
    }
    let (kind, base, preflight, ambiguous) = match hit.key {
        "BlockMixedActiveContent" | "BlockMixedDisplayContent" => {
            (MessageKind::MixedContent, None, false, false)
        }
        "CORSDisabled" | "CORSAllowHeaderFromPreflightDeprecation" => {
            (MessageKind::Other, None, false, false)
        }
        // CORSRequestFailed: Firefox 38-42's name for the same failure.
        "CORSDidNotSucceed" | "CORSDidNotSucceed2" | "CORSRequestFailed" => {
            (MessageKind::Network, None, false, false)
        }
        "CORSOriginHeaderNotAdded" => (MessageKind::Cors, None, false, false),
        // Logged by Firefox's preflight listener when the preflight is redirected.
        "CORSExternalRedirectNotAllowed" => (
            MessageKind::Cors,
            Some(Base::PreflightRedirect),
            true,
            false,
        ),
        "CORSRequestNotHttp" => (MessageKind::Cors, Some(Base::Scheme), false, false),
        "CORSMissingAllowOrigin" | "CORSMissingAllowOrigin2" => {
            (MessageKind::Cors, Some(Base::Missing), false, true)
        }
        "CORSMultipleAllowOriginNotAllowed" => {
            (MessageKind::Cors, Some(Base::Multiple), false, true)
        }
        "CORSAllowOriginNotMatchingOrigin" => {
            (MessageKind::Cors, Some(Base::Mismatch), false, true)
        }
        "CORSNotSupportingCredentials" => (MessageKind::Cors, Some(Base::Wildcard), false, true),
        "CORSMissingAllowCredentials" => (MessageKind::Cors, Some(Base::Credentials), false, true),
        "CORSMethodNotFound" => (MessageKind::Cors, Some(Base::Method), true, false),
        "CORSPreflightDidNotSucceed"
        | "CORSPreflightDidNotSucceed2"
        | "CORSPreflightDidNotSucceed3" => {
            if hit.arg_is_status() && out.status.is_none() {
                // `Status code: (null)`: no HTTP answer to the preflight at all.
                (MessageKind::Network, None, true, false)
            } else {
                // Without a status the message does not say whether the preflight got a bad
                // status or no answer: no CorsError then.
                let settled = out.status.is_some_and(|s| !(200..300).contains(&s));
                (MessageKind::Cors, Some(Base::InvalidStatus), true, !settled)
            }
        }
        "CORSInvalidAllowMethod" => (
            MessageKind::Cors,
            Some(Base::AllowMethodsParse),
            true,
            false,
        ),
        "CORSInvalidAllowHeader" => (
            MessageKind::Cors,
            Some(Base::AllowHeadersParse),
            true,
            false,
        ),
        "CORSMissingAllowHeaderFromPreflight" | "CORSMissingAllowHeaderFromPreflight2" => {
            (MessageKind::Cors, Some(Base::Header), true, false)
        }
        _ => (MessageKind::Cors, None, false, false),
    };
    out.kind = Some(kind);
    out.base = base;
    out.preflight = preflight;
    out.ambiguous_stage = ambiguous;
    if !hit.arg_is_status() {
        out.parameter = arg;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_lines() {
        let rows: [(&str, Option<&str>, Option<u16>, Role); 5] = [
            (
                "GET https://a.example/x net::ERR_FAILED 401 (Unauthorized)",
                Some("https://a.example/x"),
                Some(401),
                Role::NetworkLine,
            ),
            (
                "POST https://a.example/x net::ERR_FAILED",
                Some("https://a.example/x"),
                None,
                Role::NetworkLine,
            ),
            (
                "GET https://a.example/x 404 (Not Found)",
                Some("https://a.example/x"),
                Some(404),
                Role::NetworkLine,
            ),
            (
                "GET https://a.example/x net::ERR_CONNECTION_REFUSED",
                Some("https://a.example/x"),
                None,
                Role::Message,
            ),
            ("net::ERR_FAILED", None, None, Role::NetworkLine),
        ];
        for (text, url, status, role) in rows {
            let p = read_network_line(&Projected::new(text)).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                (p.url.as_deref(), p.status, p.role),
                (url, status, role),
                "{text}"
            );
        }
        assert!(read_network_line(&Projected::new("GET is what I used")).is_none());
        let line = "Access to fetch at 'x' … resource. GET https://a.example/x net::ERR_FAILED 200";
        let p = Projected::new(line);
        assert!(
            leads(&p)
                .iter()
                .any(|&i| p.original(i, p.len()).starts_with("GET"))
        );
    }
}
