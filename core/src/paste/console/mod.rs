//! Browser console messages, as people paste them: every message of Chromium, Firefox (in any of
//! its languages) and Safari in a paste, current and older wordings, whole or cut, wrapped and
//! quoted, each with its browser, its kind, the CORS error it stands for, its URL, origin, status
//! and the value it names. Messages that look like CORS and are not (mixed content, Local Network
//! Access, a Content Security Policy, a network failure) are named for what they are.
//!
//! # How a paste is read
//!
//! 1. **Lines are tidied** ([`crate::paste::tidy`]): quoting, bullets, fences, level tags, time
//!    stamps, DevTools' source locations and call-stack lines come off.
//! 2. **Lines are grouped into units.** A unit starts where a message starts — a *lead*
//!    ([`leads`]): `Access to … at '`, `Failed to load`, `XMLHttpRequest cannot load`,
//!    `Fetch API cannot load`, `Redirect from '`, `… from origin '…' has been blocked from
//!    loading by Cross-Origin Resource Sharing policy`, `Mixed Content:`, `Refused to connect`,
//!    Chromium's network line (`GET https://… net::ERR_FAILED 401 (Unauthorized)`), any of
//!    Firefox's message heads in any locale, Safari's `[Error]` lines and its reason sentences,
//!    DevTools Issues titles (`Ensure CORS …`), a script's `TypeError:` — anywhere in a line, so
//!    two messages on one line are two units. Every following line that starts no message
//!    continues the unit (a wrapped message), up to a blank line. A Safari reason sentence
//!    without its tag continues the unit when the unit's last line ended mid-sentence.
//!    Text before any lead is a unit of its own, read for fragments.
//! 3. **Each unit is read by the grammars**, white space, quote style and ASCII case not
//!    counting (a wrap may fall inside a word or a URL): [`chromium`] (current, 2014–2019
//!    wordings, Chrome's and Edge's Issues panel), [`firefox`] (Firefox's own templates in 103
//!    locales and older keys), [`safari`], and [`other`] (mixed content, CSP, CORB, network lines,
//!    script errors, legacy Edge). A unit with no lead is read for a fragment: a message without
//!    its start (`… from origin 'X' has been blocked by CORS policy: …`, only the reason, or only
//!    Firefox's `(Reason: …)`).
//! 4. **Companions join their message**: Chromium's network line (its status becomes the
//!    message's), Safari's `Fetch API cannot load X due to access control checks.` and
//!    `Failed to load resource: …` lines, and the script's `TypeError` belong to the message next
//!    to them (same URL, or no URL), not to a message of their own.
//!
//! URLs and origins are kept exactly as printed (a wrap's line breaks taken out); stand-ins
//! (`URL`, `<your-domain>`, `xxx`) are unknown ([`crate::paste::tidy::is_placeholder`]).
//!
//! # Rules, each from real pastes
//!
//! - **Several messages**: every unit that a grammar reads is reported, in order; two browsers'
//!   lines in one paste are two messages, each judged in its own browser
//!   ([`crate::paste::reading::profile_for`]).
//! - **Pairing**: a companion (network line, Safari wrapper or echo, script error) joins the
//!   closest of the last three messages it fits — the same URL or none, the same browser —
//!   whether it comes on the same line, the next line, after a blank line, or before the
//!   message (then it waits for it: Safari 9 printed the echo first). A network line's status
//!   becomes the message's; its `OPTIONS` makes an old Chromium message a preflight's. A
//!   companion that fits no message is a message of its own (a Safari wrapper alone is Safari's
//!   CORS message, its reason unknown).
//! - **Prose around messages**: text before the first lead is a unit read for fragments only;
//!   sentences after a message stay in its unit and are ignored once its template has matched.
//! - **Cut messages**: a template may match with its head cut (`to fetch at …`) or its tail cut
//!   (the text ends inside a literal, inside a slot, or where the last slot starts: Firefox's
//!   `… did not succeed). Status code:` is the current key with its status lost, not the older
//!   key without a status sentence).
//! - **Copied source links**: a line that is only a DevTools source location (`index.js:12`,
//!   `(index):1`, a script URL with its line) is taken out with the blank lines next to it
//!   ([`crate::paste::tidy`]): the message it fell into goes on after it.
//! - **Ellipses**: a line that ends with `…` or `...` ends its unit there, the ellipsis taken
//!   off, so the template matches with its tail cut; a URL ending so names every URL it starts.
//! - **Old Chromium's echo**: `Failed to load resource: <Chromium's reason>` (before 2016) is the
//!   echo of the Chromium message next to it, as Safari's is of Safari's.
//! - **Cost**: every search is bounded — a slot is looked for at most 8,192 characters on, a
//!   unit's reason in its first 24 characters, a network line's method and URL in the two words
//!   before `net::ERR_` — so a paste is read in time linear in its length (the 64 KiB
//!   adversarial pastes of `core/benches/paste.rs`: message starts that never end, quotes,
//!   brackets, binary bytes).

mod chromium;
pub mod explain;
pub(crate) mod firefox;
mod other;
pub mod reproduce;
mod safari;

use serde::Serialize;

use crate::paste::template::{Projected, lit};
use crate::paste::tidy;
pub use crate::profile::Browser;
use crate::reason::CorsError;
pub use firefox::{add_locales as add_firefox_locales, every_locale as every_firefox_locale};

/// What a console message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageKind {
    /// A CORS error (or a CORS message whose reason could not be read).
    Cors,
    /// An https page asked for an http URL: blocked before CORS is looked at.
    MixedContent,
    /// Local (earlier Private) Network Access: a page reaching a more private address space.
    LocalNetworkAccess,
    /// The page's own Content Security Policy forbids the URL.
    Csp,
    /// No HTTP answer (server down, DNS, TLS, connection refused), or only the script's
    /// generic error.
    Network,
    /// Anything else: an extension or ad blocker, CORB, a warning that blocks nothing.
    Other,
}

impl MessageKind {
    /// The contract's spelling (`mixed-content` …).
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Cors => "cors",
            MessageKind::MixedContent => "mixed-content",
            MessageKind::LocalNetworkAccess => "local-network-access",
            MessageKind::Csp => "csp",
            MessageKind::Network => "network",
            MessageKind::Other => "other",
        }
    }
}

/// What a message that is not a CORS error is (the page's labels for the kinds other than
/// [`MessageKind::Cors`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCors {
    /// An https page asked for an http URL: blocked before CORS is looked at.
    MixedContent,
    /// No HTTP answer, or only the script's generic error.
    NetworkFailure,
    /// Local (Private) Network Access.
    LocalNetworkAccess,
    /// The page's own Content Security Policy.
    ContentSecurityPolicy,
    /// Something else.
    Other,
}

/// The shape of a CORS failure a message reports, before it is known whether the preflight or
/// the response failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    /// No `Access-Control-Allow-Origin`.
    Missing,
    /// Several origins in `Access-Control-Allow-Origin`.
    Multiple,
    /// An `Access-Control-Allow-Origin` that is no origin.
    Invalid,
    /// Another origin in `Access-Control-Allow-Origin`.
    Mismatch,
    /// Missing or another origin (Safari's and old Edge's one message for both; Firefox's "does
    /// not match" for an invalid value too).
    NotAllowed,
    /// `*` with credentials.
    Wildcard,
    /// Credentials without `Access-Control-Allow-Credentials: true`.
    Credentials,
    /// The preflight's status is not 2xx.
    InvalidStatus,
    /// The preflight was redirected.
    PreflightRedirect,
    /// `Access-Control-Allow-Methods` does not parse.
    AllowMethodsParse,
    /// `Access-Control-Allow-Headers` does not parse.
    AllowHeadersParse,
    /// The method is not allowed.
    Method,
    /// A request header is not allowed.
    Header,
    /// A redirect to a URL with credentials.
    RedirectCredentials,
    /// `mode: 'same-origin'` to another origin.
    DisallowedByMode,
    /// A scheme CORS does not support.
    Scheme,
    /// `no-cors` with a redirect mode other than `follow`.
    NoCorsRedirect,
}

/// What role a unit plays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Role {
    /// A message of its own.
    #[default]
    Message,
    /// Chromium's network line, or the `the server responded with a status of` line.
    NetworkLine,
    /// Safari's `… cannot load X due to access control checks.`
    Wrapper,
    /// Safari's `Failed to load resource: <reason>` repeating a reason line.
    Echo,
    /// The script's own error (`TypeError: Failed to fetch`).
    ScriptError,
}

/// One unit, read by a grammar.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
    pub role: Role,
    pub browser: Option<Browser>,
    pub kind: Option<MessageKind>,
    pub base: Option<Base>,
    pub preflight: bool,
    pub url: Option<String>,
    pub redirected_from: Option<String>,
    pub origin: Option<String>,
    pub status: Option<u16>,
    pub parameter: Option<String>,
    /// The method of a network line.
    pub method: Option<String>,
    pub firefox_reason: Option<&'static str>,
    pub devtools_error: Option<&'static str>,
    pub page_url: Option<String>,
    pub net_error: Option<String>,
    /// The reason as printed, when no grammar knows it.
    pub detail: Option<String>,
    /// The resource Safari names at the end of a line (`(token, line 0)`): the last part of the
    /// path of the URL the line is about.
    pub resource: Option<String>,
    /// Which grammar read it.
    pub wording: &'static str,
    /// Whether the words are a sentence more than one browser printed (old WebKit's, shared by
    /// Chrome and Safari), so the browser is not told by them.
    pub shared_wording: bool,
    /// Whether the browser's CORS error could be told from the words (Firefox and Safari print
    /// one message for a preflight's and a response's failure: `false` then).
    pub ambiguous_stage: bool,
}

/// A console message, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleMessage {
    /// The browser that printed it, when the words tell.
    pub browser: Option<Browser>,
    /// What it is about.
    pub kind: MessageKind,
    /// The CORS error as Chromium's DevTools names it; for Firefox and Safari, Chromium's error
    /// for the same failure when the words settle it.
    pub cors_error: Option<CorsError>,
    /// A DevTools `CorsError` name the simulator does not model (`InvalidResponse`,
    /// `PreflightMissingAllowPrivateNetwork` …).
    pub devtools_error: Option<&'static str>,
    /// Firefox's `security.properties` key (current or older).
    pub firefox_reason: Option<&'static str>,
    /// The URL, exactly as printed (after redirects, for Chromium).
    pub url: Option<String>,
    /// The URL the script asked for, when the message says a redirect led to `url`.
    pub redirected_from: Option<String>,
    /// The page's origin, exactly as printed.
    pub origin: Option<String>,
    /// The HTTP status the paste states for it.
    pub status: Option<u16>,
    /// The value the message names (a header value, a method, a header name, a token).
    pub parameter: Option<String>,
    /// The page's URL (mixed content messages print it).
    pub page_url: Option<String>,
    /// The network error (`net::ERR_FAILED`) a network line gave.
    pub net_error: Option<String>,
    /// The reason as printed, when corsim does not know it.
    pub detail: Option<String>,
    /// Which wording was recognised ("Chromium", "Chromium before 2019", "Firefox (de)" …).
    pub wording: &'static str,
    /// The first and last line of the paste it was read from (1-based).
    pub lines: (usize, usize),
    /// The failure's shape, for rebuilding a scenario.
    pub(crate) base: Option<Base>,
    /// Whether the preflight failed.
    pub(crate) preflight: bool,
    /// Whether the script's generic error alone was pasted.
    pub(crate) script_error: bool,
    /// Whether the words are a sentence two browsers printed.
    pub(crate) shared_wording: bool,
}

impl ConsoleMessage {
    /// What the message is when it is not a CORS error.
    pub fn not_cors(&self) -> Option<NotCors> {
        match self.kind {
            MessageKind::Cors => None,
            MessageKind::MixedContent => Some(NotCors::MixedContent),
            MessageKind::Network => Some(NotCors::NetworkFailure),
            MessageKind::LocalNetworkAccess => Some(NotCors::LocalNetworkAccess),
            MessageKind::Csp => Some(NotCors::ContentSecurityPolicy),
            MessageKind::Other => Some(NotCors::Other),
        }
    }

    /// The DevTools `CorsError` name: the simulator's, or one it does not model.
    pub fn cors_error_name(&self) -> Option<&'static str> {
        self.cors_error.map(CorsError::name).or(self.devtools_error)
    }
}

/// The most lines read from one paste.
pub const MAX_LINES: usize = 200_000;

/// A unit of lines, before a grammar reads it.
#[derive(Clone, Debug)]
struct Unit {
    text: String,
    first: usize,
    last: usize,
    tagged: bool,
    lead: bool,
}

impl Unit {
    /// Whether its last line ended mid-sentence (so a Safari reason sentence on the next line
    /// continues it). Safari 11's `Fetch API cannot load URL` with nothing after its URL is
    /// open whatever the URL ends with (`?code=[redacted]`): its reason follows.
    fn open(&self) -> bool {
        let t = self.text.trim_end();
        let lead_only = ["Fetch API cannot load ", "XMLHttpRequest cannot load "]
            .iter()
            .any(|l| {
                // (Words counted no further than needed: a unit may grow long.)
                t.starts_with(l)
                    && t.split_whitespace().take(6).count() == l.split_whitespace().count() + 1
            });
        if lead_only {
            return true;
        }
        !t.ends_with(['.', '!', '?', ')', ']', '。', '）'])
            && !t.ends_with(|c: char| c.is_ascii_digit())
    }
}

/// Where messages start in a tidied line (byte offsets, ascending), and whether each start is
/// a Safari reason sentence (which continues an open unit instead).
fn leads(line: &str) -> Vec<(usize, bool)> {
    let p = Projected::new(line);
    let mut out: Vec<(usize, bool)> = Vec::new();
    for i in chromium::leads(&p) {
        out.push((p.offset(i), false));
    }
    for i in other::leads(&p) {
        out.push((p.offset(i), false));
    }
    for (i, phrase) in safari::leads(&p) {
        out.push((p.offset(i), phrase));
    }
    let mut from = 0;
    while let Some(i) = firefox::next_start(&p, from) {
        out.push((p.offset(i), false));
        from = i + 1;
    }
    // One start per place: the first grammar's (a Safari phrase only when no other lead is
    // there).
    out.sort_by_key(|(at, phrase)| (*at, *phrase));
    out.dedup_by_key(|(at, _)| *at);
    // A lead inside another message's first words (`[Error] Fetch API cannot load`, Firefox's
    // head inside "Failed to load … Cross-Origin Request Blocked") counts once: keep the first of
    // leads closer than four visible characters.
    let mut kept: Vec<(usize, bool)> = Vec::new();
    for (at, phrase) in out {
        let close = kept.last().is_some_and(|(prev, _)| {
            line.get(*prev..at)
                .is_some_and(|between| between.chars().filter(|c| !c.is_whitespace()).count() < 4)
        });
        if !close {
            kept.push((at, phrase));
        }
    }
    kept
}

/// Splits tidied lines into units.
fn units(lines: &[tidy::Line]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut current: Option<Unit> = None;
    for line in lines {
        if line.text.is_empty() {
            out.extend(current.take());
            continue;
        }
        // A line the poster or a forum cut with an ellipsis: the text ends there (a template
        // then matches with its tail cut), and the message with it.
        let (text, cut) = without_ellipsis(&line.text);
        let line = &tidy::Line {
            no: line.no,
            text: text.to_string(),
            tagged: line.tagged,
        };
        let mut starts = leads(&line.text);
        if line.tagged && starts.first().is_none_or(|(a, _)| *a > 0) {
            starts.insert(0, (0, false));
        }
        // A Safari sentence continues a unit that is still open.
        if let (Some(cur), Some((0, true))) = (&current, starts.first())
            && cur.open()
        {
            starts.remove(0);
        }
        let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
        for (k, (at, _)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(line.text.len(), |(n, _)| *n);
            pieces.push((*at, end, true));
        }
        let head_end = starts.first().map_or(line.text.len(), |(a, _)| *a);
        let head = line.text.get(..head_end).unwrap_or("").trim();
        if !head.is_empty() {
            match &mut current {
                Some(cur) => {
                    cur.text.push('\n');
                    cur.text.push_str(head);
                    cur.last = line.no;
                }
                None => {
                    current = Some(Unit {
                        text: head.to_string(),
                        first: line.no,
                        last: line.no,
                        tagged: false,
                        lead: false,
                    })
                }
            }
        }
        for (k, (a, b, _)) in pieces.iter().enumerate() {
            out.extend(current.take());
            current = Some(Unit {
                text: line.text.get(*a..*b).unwrap_or("").trim().to_string(),
                first: line.no,
                last: line.no,
                tagged: line.tagged && k == 0,
                lead: true,
            });
        }
        if cut {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// A line without the ellipsis that ends it (`…`, `...`), and whether it had one.
fn without_ellipsis(line: &str) -> (&str, bool) {
    let t = line.trim_end();
    let cut = t
        .strip_suffix('…')
        .or_else(|| t.strip_suffix("...").map(|r| r.trim_end_matches('.')));
    match cut {
        Some(rest) if !rest.trim().is_empty() => (rest.trim_end(), true),
        _ => (line, false),
    }
}

/// Reads one unit with every grammar; a unit may hold more than one thing only through leads,
/// so the first grammar that knows it wins.
fn read_unit(unit: &Unit) -> Vec<Parsed> {
    let p = Projected::new(&unit.text);
    if unit.lead
        && let Some(mut parsed) = other::read_network_line(&p)
            .or_else(|| chromium::read(&p))
            .or_else(|| firefox_message(&p))
            .or_else(|| safari::read(&p, unit.tagged))
            .or_else(|| other::read(&p, unit.tagged))
    {
        // Safari's console copy tags its lines `[Error]`: a sentence Chrome and Safari both
        // printed is Safari's then.
        // `Failed to fetch Method DELETE is not allowed …`: the script's text run into the
        // reason; the reason is the message.
        if parsed.role == Role::ScriptError
            && let Some(reason) = chromium::read_fragment(&p).filter(|r| r.base.is_some())
        {
            parsed = reason;
        }
        if unit.tagged && parsed.browser.is_none() && parsed.shared_wording {
            parsed.browser = Some(Browser::Safari);
            parsed.wording = "Safari";
        }
        return vec![parsed];
    }
    // Fragments: a message cut at the start, or only its reason.
    if let Some(mut parsed) = fragment(&p) {
        // Chromium before 2016 repeated a CORS failure's reason as the resource's load error
        // (`Failed to load resource: No 'Access-Control-Allow-Origin' header …`), as Safari does:
        // the echo of the message next to it.
        if p.lit_at(
            0,
            crate::paste::template::lit_once!("Failed to load resource:"),
        ) && parsed.browser == Some(Browser::Chromium)
            && parsed.base.is_some()
        {
            parsed.role = Role::Echo;
        }
        return vec![parsed];
    }
    // A message quoted in backticks inside prose: each quoted stretch on its own (its end is
    // the message's end).
    if unit.text.contains('`') {
        for (k, piece) in unit.text.split('`').enumerate() {
            if k % 2 == 1 {
                let q = Projected::new(piece);
                if let Some(parsed) = fragment(&q) {
                    return vec![parsed];
                }
            }
        }
    }
    other::read_fragments(&p)
}

/// A message cut at its start, or its reason alone.
fn fragment(p: &Projected) -> Option<Parsed> {
    chromium::read_fragment(p)
        .or_else(|| firefox_fragment(p))
        .or_else(|| safari::read(p, false))
}

/// A Firefox message in the unit (its head at the start): one of Firefox's templates, or a
/// wording close to one.
fn firefox_message(p: &Projected) -> Option<Parsed> {
    let at = firefox::next_start(p, 0).filter(|&i| i < 4)?;
    if let Some(hit) = firefox::read(p, at).filter(|h| h.start < 4) {
        return Some(other::from_firefox(&hit, "Firefox"));
    }
    firefox::read_fuzzy(p, at).map(|hit| other::from_firefox(&hit, "Firefox (older or reworded)"))
}

/// A Firefox message without its head, or only its reason.
fn firefox_fragment(p: &Projected) -> Option<Parsed> {
    let mut starts = vec![0];
    starts.extend(firefox::reason_marks(p));
    starts
        .into_iter()
        .find_map(|at| firefox::read_cut(p, at).map(|hit| (at, hit)))
        .map(|(at, mut hit)| {
            // `…: https://a/b. (Reason: …)`: the URL right before the reason is the message's.
            if hit.url.is_none() {
                let before = p.text().get(..p.offset(at)).unwrap_or("").trim_end();
                let before = before
                    .trim_end_matches('(')
                    .trim_end()
                    .trim_end_matches('.');
                let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
                if token.contains("://") {
                    hit.url = Some(crate::paste::template::slot_url(token));
                }
            }
            other::from_firefox(&hit, "Firefox (cut)")
        })
        .or_else(|| {
            let lower = p.text().to_ascii_lowercase();
            let marked = lower.contains("cors")
                || lower.contains("access-control")
                || lower.contains("origin");
            marked
                .then(|| firefox::read_fuzzy(p, 0))
                .flatten()
                .filter(|h| !h.key.is_empty())
                .map(|hit| other::from_firefox(&hit, "Firefox (reworded)"))
        })
}

/// Whether two URLs as printed name the same request (a trailing slash or a fragment aside; a
/// URL the poster cut with an ellipsis, `http://a/b/...`, names every URL it starts).
fn same_url(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let elided = |u: &str| {
                let t = u.trim_end();
                t.strip_suffix('…')
                    .or_else(|| t.strip_suffix("...").map(|r| r.trim_end_matches('.')))
                    .map(|r| r.to_ascii_lowercase())
            };
            let norm = |u: &str| {
                u.split('#')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('/')
                    .to_ascii_lowercase()
            };
            match (elided(a), elided(b)) {
                (Some(x), _) if x.contains("://") => norm(b).starts_with(x.trim_end_matches('/')),
                (_, Some(y)) if y.contains("://") => norm(a).starts_with(y.trim_end_matches('/')),
                _ => norm(a) == norm(b),
            }
        }
        _ => true,
    }
}

/// Whether a companion fits a message: the same URL (or either has none), the same browser.
fn fits(message: &ConsoleMessage, companion: &Parsed) -> bool {
    // Safari's refused redirect names the redirect's target; its wrapper, the URL asked for.
    let redirect_wrapper = message.wording == safari::REDIRECT_WORDING
        && companion.role == Role::Wrapper
        && message.redirected_from.is_none();
    // Safari's `(name, line 0)`: the line is about a resource of that name.
    // (Safari's name is the URL's last path segment, or its host when the path is `/`.)
    let resource_fits = match (&companion.resource, message.url.as_deref()) {
        (Some(name), Some(url)) => match url::Url::parse(url) {
            Ok(u) => {
                let last = u
                    .path_segments()
                    .and_then(|mut s| s.rfind(|x| !x.is_empty()))
                    .map(str::to_string);
                let decoded = last.as_deref().map(|l| {
                    url::form_urlencoded::parse(l.as_bytes())
                        .map(|(k, v)| format!("{k}{v}"))
                        .collect::<String>()
                });
                let host = u.host_str().unwrap_or("");
                match last {
                    Some(l) => l == *name || decoded.as_deref() == Some(name.as_str()),
                    None => host == name,
                }
            }
            Err(_) => true,
        },
        _ => true,
    };
    let url_fits = resource_fits
        && (same_url(message.url.as_deref(), companion.url.as_deref())
            || redirect_wrapper
            || (message.redirected_from.is_some()
                && same_url(message.redirected_from.as_deref(), companion.url.as_deref())));
    let browser_fits = match (message.browser, companion.browser) {
        (Some(a), Some(b)) => a == b || companion.role == Role::ScriptError,
        _ => true,
    };
    url_fits && browser_fits
}

/// Joins a companion's facts into its message.
fn join(message: &mut ConsoleMessage, companion: &Parsed, last: usize) {
    let companion = &Parsed {
        url: companion.url.clone().filter(|u| !tidy::is_placeholder(u)),
        origin: companion
            .origin
            .clone()
            .filter(|o| !tidy::is_placeholder(o)),
        ..companion.clone()
    };
    // Old Chromium printed a failed preflight without saying so, next to its `OPTIONS` line.
    if companion.role == Role::NetworkLine
        && companion.method.as_deref() == Some("OPTIONS")
        && !message.preflight
        && let Some(base) = message.base
    {
        message.preflight = true;
        if message.cors_error.is_some() {
            message.cors_error = Some(cors_error_of(base, true));
        }
    }
    if message.wording == safari::REDIRECT_WORDING
        && companion.role == Role::Wrapper
        && message.redirected_from.is_none()
        && !same_url(message.url.as_deref(), companion.url.as_deref())
    {
        message.redirected_from.clone_from(&companion.url);
    }
    if message.url.is_none() {
        message.url.clone_from(&companion.url);
    }
    if message.origin.is_none() {
        message.origin.clone_from(&companion.origin);
    }
    if message.status.is_none() {
        message.status = companion.status;
    }
    if message.net_error.is_none() {
        message.net_error.clone_from(&companion.net_error);
    }
    if message.browser.is_none() {
        message.browser = companion.browser;
    }
    message.lines.1 = message.lines.1.max(last);
    message.lines.0 = message.lines.0.min(last);
}

fn to_message(p: Parsed, lines: (usize, usize)) -> ConsoleMessage {
    let cors_error = p.base.map(|b| cors_error_of(b, p.preflight));
    let kind = p.kind.unwrap_or(if p.base.is_some() {
        MessageKind::Cors
    } else {
        MessageKind::Other
    });
    ConsoleMessage {
        browser: p.browser,
        kind,
        cors_error: if p.ambiguous_stage { None } else { cors_error },
        devtools_error: p.devtools_error,
        firefox_reason: p.firefox_reason,
        url: p.url.filter(|u| !tidy::is_placeholder(u)),
        redirected_from: p.redirected_from.filter(|u| !tidy::is_placeholder(u)),
        origin: p.origin.filter(|o| !tidy::is_placeholder(o)),
        status: p.status,
        parameter: p.parameter,
        page_url: p.page_url.filter(|u| !tidy::is_placeholder(u)),
        net_error: p.net_error,
        detail: p.detail,
        wording: p.wording,
        lines,
        base: p.base,
        preflight: p.preflight,
        script_error: p.role == Role::ScriptError,
        shared_wording: p.shared_wording,
    }
}

/// Chromium's `CorsError` for a failure's shape at its stage.
pub(crate) fn cors_error_of(base: Base, preflight: bool) -> CorsError {
    use CorsError as E;
    match (base, preflight) {
        (Base::Missing | Base::NotAllowed, false) => E::MissingAllowOriginHeader,
        (Base::Missing | Base::NotAllowed, true) => E::PreflightMissingAllowOriginHeader,
        (Base::Multiple, false) => E::MultipleAllowOriginValues,
        (Base::Multiple, true) => E::PreflightMultipleAllowOriginValues,
        (Base::Invalid, false) => E::InvalidAllowOriginValue,
        (Base::Invalid, true) => E::PreflightInvalidAllowOriginValue,
        (Base::Mismatch, false) => E::AllowOriginMismatch,
        (Base::Mismatch, true) => E::PreflightAllowOriginMismatch,
        (Base::Wildcard, false) => E::WildcardOriginNotAllowed,
        (Base::Wildcard, true) => E::PreflightWildcardOriginNotAllowed,
        (Base::Credentials, false) => E::InvalidAllowCredentials,
        (Base::Credentials, true) => E::PreflightInvalidAllowCredentials,
        (Base::InvalidStatus, _) => E::PreflightInvalidStatus,
        (Base::PreflightRedirect, _) => E::PreflightDisallowedRedirect,
        (Base::AllowMethodsParse, _) => E::InvalidAllowMethodsPreflightResponse,
        (Base::AllowHeadersParse, _) => E::InvalidAllowHeadersPreflightResponse,
        (Base::Method, _) => E::MethodDisallowedByPreflightResponse,
        (Base::Header, _) => E::HeaderDisallowedByPreflightResponse,
        (Base::RedirectCredentials, _) => E::RedirectContainsCredentials,
        (Base::DisallowedByMode, _) => E::DisallowedByMode,
        (Base::Scheme, _) => E::CorsDisabledScheme,
        (Base::NoCorsRedirect, _) => E::NoCorsRedirectModeNotFollow,
    }
}

/// The most messages read from one paste.
pub const MAX_MESSAGES: usize = 20_000;

/// The longest text [`wants_firefox_locales`] reads (64 KiB).
pub const LOCALES_TEXT_LIMIT: usize = 64 * 1024;

/// Whether reading `text` needs Firefox's templates in other locales, which this build does
/// not hold yet ([`every_firefox_locale`]; add them with [`add_firefox_locales`]): a line of it
/// mentions CORS or `Access-Control` (every Firefox CORS template in every locale does) and is
/// part of no CORS message read with the templates known now (a paste may mix an English line
/// and a translated one), or no message at all is read from it (a translated message cut
/// before its reason names neither). Texts over [`LOCALES_TEXT_LIMIT`] are not looked at (a
/// console paste is far shorter; a HAR file is read otherwise).
pub fn wants_firefox_locales(text: &str) -> bool {
    if every_firefox_locale() || text.len() > LOCALES_TEXT_LIMIT || text.trim().is_empty() {
        return false;
    }
    let mentions = |line: &str| {
        let lower = line.to_ascii_lowercase();
        lower.contains("cors") || lower.contains("access-control")
    };
    let messages = read_console(text);
    if messages.is_empty() {
        return true;
    }
    let read: Vec<(usize, usize)> = messages
        .iter()
        .filter(|m| m.cors_error.is_some() || m.firefox_reason.is_some())
        .map(|m| m.lines)
        .collect();
    text.lines()
        .take(MAX_LINES)
        .enumerate()
        .any(|(i, line)| mentions(line) && !read.iter().any(|&(a, b)| (a..=b).contains(&(i + 1))))
}

/// Reads every console message of a paste, in order. Total: text that holds none gives an
/// empty list.
pub fn read_console(text: &str) -> Vec<ConsoleMessage> {
    let lines = tidy::lines(text, MAX_LINES);
    let mut messages: Vec<ConsoleMessage> = Vec::new();
    // Companions seen before any message they could join.
    let mut pending: Vec<(Parsed, (usize, usize))> = Vec::new();
    for unit in units(&lines) {
        if messages.len() >= MAX_MESSAGES {
            break;
        }
        for parsed in read_unit(&unit) {
            let span = (unit.first, unit.last);
            match parsed.role {
                Role::Message => {
                    let mut message = to_message(parsed, span);
                    for (companion, at) in pending.drain(..) {
                        let echo_fits = companion.role != Role::Echo
                            || companion.base.is_none()
                            || companion.base == message.base;
                        if fits(&message, &companion) && echo_fits {
                            join(&mut message, &companion, at.0);
                        } else {
                            messages.push(standalone(companion, at));
                        }
                    }
                    messages.push(message);
                }
                Role::NetworkLine | Role::Wrapper | Role::Echo | Role::ScriptError => {
                    // The last message it fits, among the last few, takes it.
                    let window = messages.len().saturating_sub(3);
                    let target = messages
                        .iter_mut()
                        .skip(window)
                        .rev()
                        .find(|m| fits(m, &parsed) && accepts(m, &parsed));
                    match target {
                        Some(m) => join(m, &parsed, span.1),
                        // Safari prints its wrapper after the reason: one that follows none is
                        // the message itself.
                        None if parsed.role == Role::Wrapper => {
                            for (companion, at) in pending.drain(..) {
                                messages.push(standalone(companion, at));
                            }
                            messages.push(standalone(parsed, span));
                        }
                        None => pending.push((parsed, span)),
                    }
                }
            }
        }
    }
    for (companion, at) in pending {
        messages.push(standalone(companion, at));
    }
    // A sentence two browsers printed names no browser; the paste itself may ("I see this in
    // Safari"): when it names one browser family only, that one.
    if messages
        .iter()
        .any(|m| m.browser.is_none() && m.shared_wording)
        && let Some(named) = named_browser(text)
    {
        for m in messages
            .iter_mut()
            .filter(|m| m.browser.is_none() && m.shared_wording)
        {
            m.browser = Some(named);
        }
    }
    messages
}

/// The one browser family a paste names, if it names exactly one.
fn named_browser(text: &str) -> Option<Browser> {
    let lower = text.to_ascii_lowercase();
    let said: std::collections::BTreeSet<&str> =
        lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let has = |words: &[&str]| words.iter().any(|w| said.contains(w));
    let named: Vec<Browser> = [
        (
            Browser::Chromium,
            &["chrome", "chromium", "edge", "opera", "brave"][..],
        ),
        (Browser::Firefox, &["firefox"][..]),
        (
            Browser::Safari,
            &["safari", "webkit", "ios", "iphone", "ipad", "wkwebview"][..],
        ),
    ]
    .into_iter()
    .filter(|(_, words)| has(words))
    .map(|(b, _)| b)
    .collect();
    match named.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Whether a message can take one more companion of this role (one network line each, and a
/// Safari wrapper or echo only for a Safari message).
fn accepts(message: &ConsoleMessage, companion: &Parsed) -> bool {
    match companion.role {
        Role::NetworkLine => {
            message.net_error.is_none()
                && (message.status.is_none() || message.status == companion.status)
                && message.kind != MessageKind::Network
        }
        Role::Wrapper => message.browser == Some(Browser::Safari) || message.browser.is_none(),
        // Safari's echo, or old Chromium's (its reason in Chromium's words).
        Role::Echo => {
            message.browser.is_none()
                || message.browser == companion.browser
                || message.browser == Some(Browser::Safari)
        }
        Role::ScriptError => message.kind != MessageKind::Network || !message.script_error,
        Role::Message => false,
    }
}

/// A companion with no message to join: a message of its own.
fn standalone(companion: Parsed, span: (usize, usize)) -> ConsoleMessage {
    let role = companion.role;
    let mut message = to_message(companion, span);
    match role {
        Role::NetworkLine => {
            if message.kind == MessageKind::Other {
                message.kind = MessageKind::Network;
            }
        }
        Role::ScriptError => {}
        Role::Wrapper | Role::Echo => {
            if message.base.is_none() {
                message.kind = MessageKind::Cors;
            }
        }
        Role::Message => {}
    }
    message
}

/// Whether the text holds a console message this module reads. Cheap enough for format
/// detection: it looks at the first lines only.
pub fn looks_like_console(text: &str) -> bool {
    // Every unit a grammar reads gives a message (a companion with no message to join is one of
    // its own): the first such unit settles it.
    let lines = tidy::lines(text, 400);
    units(&lines).iter().any(|unit| !read_unit(unit).is_empty())
}

/// A literal, projected (for the grammars).
pub(crate) fn l(text: &str) -> Vec<char> {
    lit(text)
}

#[cfg(test)]
mod tests;
