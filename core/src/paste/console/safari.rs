//! Safari's (WebKit's) console messages.
//!
//! # Grammar
//!
//! Safari prints a CORS failure as a group of lines, each tagged `[Error]` in a copy of the
//! console:
//!
//! ```text
//! [Error] REASON                                               the message
//! [Error] Fetch API cannot load URL due to access control checks.      its wrapper
//! [Error] Failed to load resource: REASON                      its echo (the resource load)
//! ```
//!
//! `REASON` is one of WebKit's sentences (`CrossOriginAccessControl.cpp`,
//! `CrossOriginPreflightChecker.cpp`), optionally followed by `Status code: N`; see [`REASONS`].
//! The wrapper is also `XMLHttpRequest cannot load URL due to access control checks.` or
//! `Cannot load URL due to access control checks.`. Mixed content: `[blocked] The page at URL was
//! not allowed to display|run insecure content from URL.` (before 2023; `was allowed to`: loaded,
//! with a warning), `[blocked] The page at URL requested insecure content from URL. This content
//! was blocked and must be served over HTTPS.` (since 2023); its `Not allowed to request
//! resource` and `Fetch API cannot load URL due to access control checks.` lines belong to it.

use super::{Base, MessageKind, Parsed, Role};
use crate::paste::template::{Projected, Template, Tolerance, lit_once, slot_url, slot_value};
use crate::profile::Browser;
use std::sync::OnceLock;

/// WebKit's reason sentences (`%1$S`: the origin, method, header or value they name).
const REASONS: [(&str, Base, bool); 18] = [
    (
        "Origin %1$S is not allowed by Access-Control-Allow-Origin.",
        Base::NotAllowed,
        false,
    ),
    (
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
        Base::Wildcard,
        false,
    ),
    (
        "Access-Control-Allow-Origin cannot contain more than one origin.",
        Base::Multiple,
        false,
    ),
    (
        "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
        Base::Credentials,
        false,
    ),
    (
        "Preflight response is not successful.",
        Base::InvalidStatus,
        true,
    ),
    (
        "Method %1$S is not allowed by Access-Control-Allow-Methods.",
        Base::Method,
        true,
    ),
    (
        "Request header field %1$S is not allowed by Access-Control-Allow-Headers.",
        Base::Header,
        true,
    ),
    (
        "Header Access-Control-Allow-Methods has an invalid value: %1$S",
        Base::AllowMethodsParse,
        true,
    ),
    (
        "Header Access-Control-Allow-Headers has an invalid value: %1$S",
        Base::AllowHeadersParse,
        true,
    ),
    (
        "Response to preflight request doesn't pass access control check: Origin %1$S is not allowed by Access-Control-Allow-Origin.",
        Base::NotAllowed,
        true,
    ),
    (
        "Preflight response was a redirect",
        Base::PreflightRedirect,
        true,
    ),
    (
        "Cross-origin redirection to %1$S denied by Cross-Origin Resource Sharing policy: redirection URL has credentials",
        Base::RedirectCredentials,
        false,
    ),
    (
        "Cross origin requests are only supported for HTTP.",
        Base::Scheme,
        false,
    ),
    // The reasons a redirect is refused for (after `Cross-origin redirection to X denied by
    // Cross-Origin Resource Sharing policy:`), and `mode: 'same-origin'`.
    (
        "not allowed to follow a cross-origin CORS redirection with non CORS scheme",
        Base::Scheme,
        false,
    ),
    (
        "redirection URL %1$S has credentials",
        Base::RedirectCredentials,
        false,
    ),
    (
        "Redirection to URL with a scheme that is not HTTP(S).",
        Base::Scheme,
        false,
    ),
    (
        "Cross origin requests are not allowed when using same-origin fetch mode.",
        Base::DisallowedByMode,
        false,
    ),
    // Before 2017, for a page whose origin is opaque (`null`) and an answer not allowing `*`.
    (
        "Cannot make any requests from %1$S.",
        Base::NotAllowed,
        false,
    ),
];

/// WebKit's sentences that name no check corsim models: what each is about.
const OTHERS: [(&str, MessageKind); 6] = [
    // A script, image or text track loaded with `crossorigin` (`%1$S`: what was loaded).
    (
        "Cross-origin %1$S load denied by Cross-Origin Resource Sharing policy.",
        MessageKind::Cors,
    ),
    // Before 2017, for any refused redirect.
    (
        "Cross-origin redirection denied by Cross-Origin Resource Sharing policy.",
        MessageKind::Cors,
    ),
    (
        "Cross-origin redirection denied by Content Security Policy.",
        MessageKind::Csp,
    ),
    ("Blocked by Content Security Policy.", MessageKind::Csp),
    // Fetch's redirect limit and `redirect: 'error'`: network errors, not CORS checks (Safari
    // still wraps them in "… due to access control checks.").
    (
        "Load cannot follow more than 20 redirections",
        MessageKind::Network,
    ),
    (
        "Not allowed to follow a redirection while loading %1$S",
        MessageKind::Network,
    ),
];

/// The wording of a `Cross-origin redirection to X denied …` message: its URL is the
/// redirect's target, and the wrapper that follows names the URL the script asked for.
pub(super) const REDIRECT_WORDING: &str = "Safari (redirect)";

struct Grammar {
    reasons: Vec<(Template, Base, bool)>,
    others: Vec<(Template, MessageKind)>,
    wrappers: Vec<Template>,
    status: Template,
    respond_with: Template,
    resource: Vec<char>,
    responded: Template,
    /// The mixed content wordings (the blocked URL is each one's last slot, which ends it: a
    /// literal `.` after it would end the URL at its first dot).
    mixed: [Template; 3],
    redirect_denied: Template,
    phrases: Vec<Vec<char>>,
}

fn grammar() -> &'static Grammar {
    static G: OnceLock<Grammar> = OnceLock::new();
    G.get_or_init(|| Grammar {
        reasons: REASONS
            .iter()
            .map(|(t, b, p)| (Template::new(t), *b, *p))
            .collect(),
        others: OTHERS.iter().map(|(t, k)| (Template::new(t), *k)).collect(),
        wrappers: [
            "Fetch API cannot load %1$S due to access control checks.",
            "XMLHttpRequest cannot load %1$S due to access control checks.",
            "Cannot load %1$S due to access control checks.",
            "EventSource cannot load %1$S due to access control checks.",
        ]
        .iter()
        .map(|t| Template::new(t))
        .collect(),
        status: Template::new("Status code: %1$S"),
        respond_with: Template::new("FetchEvent.respondWith received an error: TypeError:"),
        resource: super::l("Failed to load resource:"),
        responded: Template::new("the server responded with a status of %1$S"),
        mixed: [
            Template::new("The page at %1$S was not allowed to %2$S insecure content from %3$S"),
            Template::new("The page at %1$S was allowed to %2$S insecure content from %3$S"),
            Template::new("The page at %1$S requested insecure content from %2$S"),
        ],
        redirect_denied: Template::new(
            "Cross-origin redirection to %1$S denied by Cross-Origin Resource Sharing policy: %2$S",
        ),
        phrases: [
            "Origin ",
            "Preflight response is not successful",
            "Cannot use wildcard in Access-Control-Allow-Origin",
            "Access-Control-Allow-Origin cannot contain more than one origin",
            "Credentials flag is true, but Access-Control-Allow-Credentials",
            "Request header field ",
            "Method ",
            "Cross-origin redirection to",
            "The page at ",
            "Cannot load ",
            "Cross-origin script load",
            "Cross-origin image load",
            "Cross-origin text track load",
            "Cross-origin redirection denied",
            "Load cannot follow more than",
            "Not allowed to follow a redirection",
            "Blocked by Content Security Policy",
            "Cross origin requests are",
            "Redirection to URL with a scheme",
            "FetchEvent.respondWith received an error",
        ]
        .iter()
        .map(|s| super::l(s))
        .collect(),
    })
}

/// Where Safari messages start in a line: `(visible character, phrase)`. A line starting with
/// one of WebKit's sentences is a phrase start (it continues an open unit); `Failed to load
/// resource:` and a wrapper anywhere are leads.
pub(super) fn leads(p: &Projected) -> Vec<(usize, bool)> {
    let g = grammar();
    let mut out = Vec::new();
    for (k, phrase) in g.phrases.iter().enumerate() {
        if p.lit_at(0, phrase) {
            // `Origin X is not allowed by …` only with its sentence.
            let real = k != 0
                || p.find(
                    0,
                    lit_once!("is not allowed by Access-Control-Allow-Origin"),
                )
                .is_some();
            let method = k == 6
                && p.find(
                    0,
                    lit_once!("is not allowed by Access-Control-Allow-Methods"),
                )
                .is_none();
            let header = k == 5
                && p.find(
                    0,
                    lit_once!("is not allowed by Access-Control-Allow-Headers"),
                )
                .is_none();
            if real && !method && !header {
                out.push((0, true));
            }
        }
    }
    let mut from = 0;
    while let Some(i) = p.find(from, &g.resource) {
        out.push((i, false));
        from = i + 1;
    }
    out
}

/// The resource Safari names at the end of a line: `… (token, line 0)` gives `token`.
fn resource_name(text: &str) -> Option<String> {
    let t = text.trim_end();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (name, line) = inner.get(open + 1..)?.split_once(", line ")?;
    (line.chars().all(|c| c.is_ascii_digit()) && !name.is_empty() && !name.contains(' '))
        .then(|| name.to_string())
}

/// Whether the unit is Safari's wrapper line (`… cannot load URL due to access control
/// checks.`), whatever its URL looks like (`[dev api with vars appended]`).
pub(super) fn is_wrapper(p: &Projected) -> bool {
    grammar()
        .wrappers
        .iter()
        .any(|w| w.match_at(p, 0, Tolerance::default()).is_some())
}

/// Reads a unit that is a Safari message (or its wrapper or echo line). `tagged`: the line
/// carried `[Error]`, which makes a bare sentence Safari's.
pub(super) fn read(p: &Projected, tagged: bool) -> Option<Parsed> {
    let g = grammar();
    let mut out = Parsed {
        browser: Some(Browser::Safari),
        wording: "Safari",
        ..Default::default()
    };
    let mut pos = 0;
    if p.lit_at(0, &g.resource) {
        pos = g.resource.len();
        out.role = Role::Echo;
        if let Some(m) = g.responded.match_at(p, pos, Tolerance::default()) {
            // `Failed to load resource: the server responded with a status of 401 (Unauthorized)`
            // (Safari and Chromium print it).
            out.role = Role::NetworkLine;
            out.browser = None;
            // Both print it: Safari's `[Error]` tag tells.
            out.shared_wording = true;
            out.status = m.slot(p, 1).and_then(super::chromium::digits);
            out.resource = resource_name(p.text());
            return Some(out);
        }
    }
    for w in &g.wrappers {
        if let Some(m) = w.match_at(p, pos, Tolerance::default()) {
            out.role = Role::Wrapper;
            out.url = m.slot(p, 1).map(slot_url);
            return Some(out);
        }
    }
    // Safari 10.1-12's wrapper before its reason moved out: `Fetch API cannot load URL.` with
    // nothing after the URL (an `XMLHttpRequest` one only with Safari's `[Error]` tag: Chrome's
    // always went on with a reason).
    for (lead, needs_tag) in [
        ("Fetch API cannot load ", false),
        ("XMLHttpRequest cannot load ", true),
    ] {
        let rest = p.original(0, p.len()).trim();
        if let Some(url) = rest.strip_prefix(lead)
            && (tagged || !needs_tag)
            && !url.trim().is_empty()
            && !url.trim().contains(char::is_whitespace)
        {
            out.role = Role::Wrapper;
            out.url = Some(slot_url(url.trim().trim_end_matches('.')));
            return Some(out);
        }
    }
    // A service worker's `fetch()` failing: `FetchEvent.respondWith received an error:
    // TypeError: REASON`.
    if let Some(m) = g.respond_with.match_at(p, pos, Tolerance::default()) {
        pos = m.end;
    }
    let cut = Tolerance {
        cut_head: None,
        cut_tail: Some(30),
    };
    if let Some(m) = g.mixed.iter().find_map(|t| t.match_at(p, pos, cut)) {
        out.kind = Some(MessageKind::MixedContent);
        out.page_url = m.slot(p, 1).map(slot_url);
        out.url = m
            .slot(p, 3)
            .or_else(|| m.slot(p, 2))
            .map(|u| slot_url(u).trim_end_matches(['.', ',']).to_string())
            .filter(|u| !u.is_empty());
        return Some(out);
    }
    if let Some(m) = g.redirect_denied.match_at(p, pos, Tolerance::default())
        && !p.lit_at(
            m.slots[1].map_or(0, |s| s.0),
            lit_once!("redirection URL has credentials"),
        )
    {
        // `Cross-origin redirection to X denied by Cross-Origin Resource Sharing policy:
        // REASON`: the redirect's response failed REASON (its status is the redirect's).
        out.kind = Some(MessageKind::Cors);
        out.url = m.slot(p, 1).map(slot_url);
        out.wording = REDIRECT_WORDING;
        match m.slots[1].and_then(|(a, _)| reason_at(p, a)) {
            Some(((base, preflight), hit)) => {
                out.base = Some(base);
                out.preflight = preflight;
                out.origin = hit.origin;
                out.parameter = hit.parameter;
                out.status = hit.status;
                out.ambiguous_stage = hit.ambiguous;
            }
            None => out.detail = m.slot(p, 2).map(slot_value),
        }
        return Some(out);
    }
    if let Some(((template, kind), m)) = g
        .others
        .iter()
        .find_map(|o| o.0.match_at(p, pos, Tolerance::default()).map(|m| (o, m)))
    {
        out.kind = Some(*kind);
        if template.head().starts_with(lit_once!("Not allowed")) {
            out.url = m.slot(p, 1).map(slot_url);
        }
        return Some(out);
    }
    if let Some(((base, preflight), hit)) = reason_at(p, pos) {
        // A sentence old Chrome printed too, without Safari's `[Error]` tag, names no browser.
        if hit.shared && !tagged && out.role == Role::Message {
            out.browser = None;
            out.shared_wording = true;
            out.wording = "WebKit (Safari, and Chrome before 2016)";
        }
        out.base = Some(base);
        out.preflight = preflight;
        out.kind = Some(MessageKind::Cors);
        out.origin = hit.origin;
        out.parameter = hit.parameter;
        out.ambiguous_stage = hit.ambiguous;
        out.status = hit.status;
        if base == Base::RedirectCredentials {
            out.url = hit.url;
        }
        return Some(out);
    }
    if tagged && out.role == Role::Echo {
        return None;
    }
    None
}

/// What a WebKit reason sentence names.
#[derive(Clone, Debug, Default)]
pub(super) struct ReasonHit {
    pub origin: Option<String>,
    pub parameter: Option<String>,
    pub url: Option<String>,
    pub status: Option<u16>,
    /// The sentence does not tell the preflight's failure from the response's.
    pub ambiguous: bool,
    /// Chrome printed the same sentence until 2015 (WebKit's), so it does not tell the browser.
    pub shared: bool,
}

/// Reads one of WebKit's reason sentences starting at visible character `pos`: its shape,
/// whether only a preflight gives it, and what it names.
pub(super) fn reason_at(p: &Projected, pos: usize) -> Option<((Base, bool), ReasonHit)> {
    let g = grammar();
    let tolerance = Tolerance {
        cut_head: None,
        cut_tail: Some(40),
    };
    let here = p.char_at(pos)?;
    for (template, base, preflight) in &g.reasons {
        if template.head().first().is_some_and(|c| *c != here) {
            continue;
        }
        let Some(m) = template.match_at(p, pos, tolerance) else {
            continue;
        };
        let mut hit = ReasonHit {
            // Old WebKit's sentences, which Chrome printed until Blink reworded them (2013-2016);
            // the credentials one Blink reworded at once, so it is Safari's.
            shared: matches!(base, Base::NotAllowed | Base::Wildcard) && !*preflight
                || matches!(base, Base::Method | Base::Header | Base::Scheme),
            ..ReasonHit::default()
        };
        let value = m.slot(p, 1);
        match base {
            Base::NotAllowed => {
                // (An origin never ends with the sentence's full stop.)
                hit.origin = value.map(|v| slot_url(v).trim_end_matches('.').to_string());
                hit.ambiguous = !*preflight;
            }
            Base::RedirectCredentials => hit.url = value.map(slot_url),
            Base::AllowMethodsParse | Base::AllowHeadersParse => {
                // The value runs to the end of the line.
                if let Some((a, _)) = m.slots[0] {
                    let start = p.offset(a);
                    let rest = p.text().get(start..).unwrap_or("");
                    let line = rest.lines().next().unwrap_or(rest);
                    hit.parameter = Some(line.trim().trim_end_matches('.').to_string());
                }
            }
            _ => hit.parameter = value.map(|v| slot_value(v).trim_end_matches('.').to_string()),
        }
        if matches!(base, Base::Wildcard | Base::Multiple | Base::Credentials) {
            hit.ambiguous = true;
        }
        if let Some(s) = g.status.find(p, m.end, Tolerance::default()) {
            hit.status = s.slot(p, 1).and_then(super::chromium::digits);
        }
        return Some(((*base, *preflight), hit));
    }
    None
}

/// A WebKit reason sentence anywhere in a text (quoted in prose): where it starts, and what it
/// says. A sentence old Chrome printed too names no browser.
pub(super) fn reason_anywhere(p: &Projected) -> Option<(usize, Parsed)> {
    let g = grammar();
    let mut best: Option<(usize, ReasonHit, Base, bool)> = None;
    for (template, base, preflight) in &g.reasons {
        let mut from = 0;
        for _ in 0..8 {
            let Some(m) = template.find(p, from, Tolerance::default()) else {
                break;
            };
            let named = m.slot(p, 1).unwrap_or("");
            if named.trim().contains(char::is_whitespace) {
                from = m.start + 1;
                continue;
            }
            if best.as_ref().is_none_or(|(at, ..)| m.start < *at)
                && let Some(((b, pf), hit)) = reason_at(p, m.start)
            {
                best = Some((m.start, hit, b, pf));
            }
            let _ = (base, preflight);
            break;
        }
    }
    // `X is not allowed by Access-Control-Allow-Origin.` with its first word ("Origin") lost.
    if best.is_none() {
        let tail = lit_once!("is not allowed by Access-Control-Allow-Origin");
        if let Some(i) = p.find(0, tail) {
            let before = p.text().get(..p.offset(i)).unwrap_or("").trim_end();
            let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
            let token = slot_url(token);
            if token.contains("://") || token == "null" {
                let start = i.saturating_sub(token.chars().filter(|c| !c.is_whitespace()).count());
                best = Some((
                    start,
                    ReasonHit {
                        origin: Some(token),
                        ambiguous: true,
                        ..ReasonHit::default()
                    },
                    Base::NotAllowed,
                    false,
                ));
            }
        }
    }
    let Some((at, hit, base, preflight)) = best else {
        // WebKit's CORS sentences that name no check (`Cross-origin image load denied …`).
        return g.others.iter().find_map(|(template, kind)| {
            let m = template.find(p, 0, Tolerance::default())?;
            (*kind == MessageKind::Cors).then(|| {
                (
                    m.start,
                    Parsed {
                        browser: Some(Browser::Safari),
                        kind: Some(*kind),
                        wording: "Safari",
                        ..Default::default()
                    },
                )
            })
        });
    };
    Some((
        at,
        Parsed {
            browser: (!hit.shared).then_some(Browser::Safari),
            shared_wording: hit.shared,
            kind: Some(MessageKind::Cors),
            base: Some(base),
            preflight,
            origin: hit.origin,
            parameter: hit.parameter,
            status: hit.status,
            ambiguous_stage: hit.ambiguous,
            wording: if hit.shared {
                "WebKit (Safari, and Chrome before 2016)"
            } else {
                "Safari"
            },
            ..Default::default()
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Parsed {
        read(&Projected::new(text), true).unwrap_or_else(|| panic!("not read: {text}"))
    }

    #[test]
    fn the_three_lines() {
        let m = read_text(
            "Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 401",
        );
        assert_eq!(m.role, Role::Message);
        assert_eq!(m.origin.as_deref(), Some("http://localhost:3000"));
        assert_eq!((m.base, m.status), (Some(Base::NotAllowed), Some(401)));
        let w = read_text(
            "Fetch API cannot load https://api.example.com/x due to access control checks.",
        );
        assert_eq!(
            (w.role, w.url.as_deref()),
            (Role::Wrapper, Some("https://api.example.com/x"))
        );
        let e = read_text(
            "Failed to load resource: Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 401",
        );
        assert_eq!((e.role, e.status), (Role::Echo, Some(401)));
        let s = read_text(
            "Failed to load resource: the server responded with a status of 404 (Not Found)",
        );
        assert_eq!((s.role, s.status), (Role::NetworkLine, Some(404)));
        let p = read_text("Preflight response is not successful. Status code: 403");
        assert_eq!(
            (p.base, p.status, p.preflight),
            (Some(Base::InvalidStatus), Some(403), true)
        );
        let h = read_text(
            "Request header field x-api-key is not allowed by Access-Control-Allow-Headers.",
        );
        assert_eq!(h.parameter.as_deref(), Some("x-api-key"));
    }
}
