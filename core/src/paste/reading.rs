//! What corsim read in a paste, as data — the `explain --json` contract (`SCHEMA.md`, section
//! "explain --json"): the format recognised, every console message found, the verdicts of the
//! scenarios built from the paste (each with the fields it had to assume), and what could not be
//! read. The CLI prints it; the page's paste box renders the same data.
//!
//! Which profile simulates a scenario is chosen in one place, [`profile_for`].

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::console::{self, ConsoleMessage, MessageKind};
use super::curl::{CurlTranscript, parse_curl_command, parse_curl_transcript};
use super::fetch_call::parse_fetch_call;
use super::headers::{HeaderBlock, parse_header_block, parse_header_sections};
use super::{PasteError, PasteKind, PastedRequest, detect};
use crate::profile::{Browser, Profile};
use crate::reason::CorsError;
use crate::scenario::{Credentials, Reply, RequestInit, Scenario};
use crate::simulate::simulate_with;
use crate::verdict::{Change, Fix, Target, Verdict};

/// The format of a paste, in the contract's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// corsim scenario JSON.
    Scenario,
    /// A HAR file.
    Har,
    /// Browser console messages.
    Console,
    /// A `curl` command.
    CurlCommand,
    /// A `curl` command with its output, or `curl -v` output.
    CurlTranscript,
    /// A `fetch()` call.
    FetchCall,
    /// A request's headers (DevTools' raw request headers, a raw preflight).
    RequestHeaders,
    /// A response's headers (any DevTools copy, `curl -i` output without the command).
    ResponseHeaders,
    /// Nothing corsim reads.
    Unknown,
}

impl Format {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Scenario => "scenario",
            Format::Har => "har",
            Format::Console => "console",
            Format::CurlCommand => "curl-command",
            Format::CurlTranscript => "curl-transcript",
            Format::FetchCall => "fetch-call",
            Format::RequestHeaders => "request-headers",
            Format::ResponseHeaders => "response-headers",
            Format::Unknown => "unknown",
        }
    }

    /// A short name for people.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Scenario => "corsim scenario JSON",
            Format::Har => "HAR file",
            Format::Console => "browser console messages",
            Format::CurlCommand => "curl command",
            Format::CurlTranscript => "curl transcript",
            Format::FetchCall => "fetch() call",
            Format::RequestHeaders => "request headers",
            Format::ResponseHeaders => "response headers",
            Format::Unknown => "unrecognised text",
        }
    }
}

/// A scenario corsim built from the paste (or read from it), and its verdict.
///
/// The scenario and the verdict are shared: messages that rebuild the same scenario (the same
/// message printed again) hold the one simulation ([`ReadVerdict::shares_verdict_with`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadVerdict {
    /// What it stands for, in a few words ("message 2", "HAR entry 14", "the curl transcript").
    pub label: String,
    /// The scenario (secrets masked unless kept).
    pub scenario: Arc<Scenario>,
    /// Its verdict, with the profile [`profile_for`] chose.
    pub verdict: Arc<Verdict>,
    /// The browser of that profile.
    pub browser: Browser,
    /// The scenario fields corsim had to assume (`origin`, `request.method`, `response` …).
    pub assumed: Vec<String>,
    /// What else to know: what depends on the request, what the paste could not say.
    pub notes: Vec<String>,
    /// The console message it reproduces (an index into [`Reading::messages`]).
    pub message: Option<usize>,
}

impl ReadVerdict {
    /// Whether two verdicts are one simulation (the same scenario, shared): whatever is drawn
    /// from one (a rendering, a JSON text) is the other's too.
    pub fn shares_verdict_with(&self, other: &ReadVerdict) -> bool {
        Arc::ptr_eq(&self.verdict, &other.verdict) && Arc::ptr_eq(&self.scenario, &other.scenario)
    }
}

/// A part of the paste that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The line, from 1 (0 for the whole paste).
    pub line: usize,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

/// Everything corsim read in a paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The format.
    pub format: Format,
    /// Every console message, in order (console input only).
    pub messages: Vec<ConsoleMessage>,
    /// The verdicts of the scenarios built or read, in order.
    pub verdicts: Vec<ReadVerdict>,
    /// What could not be read.
    pub problems: Vec<Problem>,
    /// The request, for a `curl` command, a `fetch()` call or request headers.
    pub request: Option<PastedRequest>,
    /// The headers, for response headers.
    pub block: Option<HeaderBlock>,
    /// What was masked (`URL parameter token` …), unless secrets were kept.
    pub masked: Vec<String>,
    /// What the paste says beyond its verdicts: what depends on the request, what the server
    /// must send, what a verdict would need.
    pub notes: Vec<String>,
    /// The scenario built from a transcript, a request or headers, with the fields assumed,
    /// whether or not the paste settles a verdict (the page loads it into its form).
    pub scenario: Option<(Scenario, Vec<String>)>,
}

/// How a paste is read.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions<'a> {
    /// The profile chosen for the verdicts (`--browser`; Chromium's by default). A console
    /// message a browser printed is simulated with that browser's profile instead, unless
    /// [`ReadOptions::browser_forced`].
    pub profile: &'a Profile,
    /// Whether the user chose the profile (`--browser`): every message is then simulated with
    /// it, whichever browser printed it.
    pub browser_forced: bool,
    /// Keep secrets (tokens in URLs, `Authorization` values) as pasted.
    pub keep_secrets: bool,
    /// The most verdicts built (one a console message): the rest of a huge paste is listed
    /// without them.
    pub max_verdicts: usize,
}

impl<'a> ReadOptions<'a> {
    /// Reads with this profile (not forced), masking secrets, with at most 1,000 verdicts.
    pub fn new(profile: &'a Profile) -> ReadOptions<'a> {
        ReadOptions {
            profile,
            browser_forced: false,
            keep_secrets: false,
            max_verdicts: 1000,
        }
    }
}

/// The profile that simulates the scenario of a line a browser printed: that browser's own
/// (a Firefox line is judged as Firefox judges, a Safari line as Safari does), so a paste of
/// two browsers' lines gets each verdict from its own browser. The profile the reading was
/// given is used when the user forced it ([`ReadOptions::browser_forced`]) and for a line no
/// browser can be told from (legacy Edge, a sentence two browsers printed).
pub fn profile_for<'a>(browser: Option<Browser>, options: &ReadOptions<'a>) -> &'a Profile {
    match browser {
        Some(b) if !options.browser_forced && b != options.profile.browser => Profile::of(b),
        _ => options.profile,
    }
}

/// The format of a paste and the text its reader reads: Markdown fences taken off when only
/// prose is around them, a curl command in inline code or under a caption read as typed, a curl
/// command inside prose found. [`read`] and the page's paste box both start here, so that they
/// see the same format.
pub fn recognise(text: &str) -> (PasteKind, std::borrow::Cow<'_, str>) {
    let marked = super::tidy::unmarkdown(text);
    let mut body = match super::unfence(&marked) {
        std::borrow::Cow::Borrowed(_) => marked,
        std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o),
    };
    let mut kind = detect(&body);
    // A curl command in inline code, or under a caption: read as typed.
    if let Some(typed) = super::curl::as_typed(&body)
        && typed != body.as_ref()
        && !matches!(kind, PasteKind::Scenario | PasteKind::Har)
    {
        kind = detect(&typed);
        body = std::borrow::Cow::Owned(typed);
    }
    // A curl command inside prose (a blog's inline code that lost its line breaks).
    if kind == PasteKind::Unknown
        && let Some(k) = super::curl::find_command(&body)
    {
        let command = body.get(k..).unwrap_or("").to_string();
        kind = detect(&command);
        body = std::borrow::Cow::Owned(command);
    }
    (kind, body)
}

/// Reads a paste: recognises its format and reads it with that format's reader. Total: an
/// unreadable paste gives [`Format::Unknown`] and a problem saying what was looked for.
pub fn read(text: &str, options: &ReadOptions) -> Reading {
    let mut reading = Reading {
        format: Format::Unknown,
        messages: Vec::new(),
        verdicts: Vec::new(),
        problems: Vec::new(),
        request: None,
        block: None,
        masked: Vec::new(),
        notes: Vec::new(),
        scenario: None,
    };
    let (kind, body) = recognise(text);
    match kind {
        PasteKind::Empty => reading.problems.push(Problem {
            line: 0,
            message: "the paste is empty".to_string(),
        }),
        PasteKind::Unknown => {
            let message = if looks_like_json(&body) {
                json_problem(&body)
            } else {
                unknown_problem(&body)
            };
            reading.problems.push(message);
        }
        PasteKind::Scenario if !is_scenario_json(&body) => {
            reading.problems.push(not_a_scenario(&body));
        }
        PasteKind::Scenario => read_scenarios(&body, options, &mut reading),
        PasteKind::Har => read_har(&body, options, &mut reading),
        PasteKind::ConsoleLine => {
            read_console(&super::tidy::unescape_markdown(text), options, &mut reading)
        }
        PasteKind::CurlCommand => {
            reading.format = Format::CurlCommand;
            match parse_curl_command(&body) {
                Ok(r) => read_request(r, "the curl command", options, &mut reading),
                Err(errors) => problems_of(&errors, &mut reading),
            }
        }
        PasteKind::FetchCall => {
            reading.format = Format::FetchCall;
            match super::script::read_script(&body) {
                Some(s) => {
                    problems_of(&s.problems, &mut reading);
                    let what = format!("{} request", s.api.describe());
                    reading.notes.extend(s.notes);
                    read_request(s.request, &what, options, &mut reading);
                    // What the code did not give is assumed, as the answers are.
                    if let Some((_, assumed)) = &mut reading.scenario {
                        assumed.extend(s.assumed);
                    }
                }
                None => match parse_fetch_call(&body) {
                    Ok(r) => read_request(r, "the fetch() call", options, &mut reading),
                    Err(errors) => problems_of(&errors, &mut reading),
                },
            }
        }
        PasteKind::CurlTranscript => {
            reading.format = Format::CurlTranscript;
            read_transcripts(&body, options, &mut reading);
        }
        PasteKind::HeaderBlock => read_headers(&body, options, &mut reading),
    }
    if !options.keep_secrets {
        mask_request(&mut reading);
    }
    reading
}

/// Masks the secrets of the request read and of the scenario built from it (tokens in the URL,
/// `Authorization`, cookies), as the verdicts' are: what the CLI and the page print of them.
fn mask_request(reading: &mut Reading) {
    let mut found = Vec::new();
    if let Some(r) = &mut reading.request {
        let (url, in_url) = super::mask::mask_url(&r.url);
        r.url = url;
        found.extend(in_url);
        for (name, value) in &mut r.headers {
            if let Some(masked) =
                super::mask::mask_header_value(name, value, super::mask::HEADER_MASK)
            {
                found.push(format!("request header {name}"));
                *value = masked;
            }
        }
    }
    if let Some((scenario, _)) = &mut reading.scenario {
        found.extend(super::mask::mask_secrets(scenario));
    }
    for f in found {
        if !reading.masked.contains(&f) {
            reading.masked.push(f);
        }
    }
}

fn problems_of(errors: &[PasteError], reading: &mut Reading) {
    for e in errors {
        reading.problems.push(Problem {
            line: e.line,
            message: if e.column > 0 {
                format!("column {}: {}", e.column, e.message)
            } else {
                e.message.clone()
            },
        });
    }
}

/// The keys a corsim scenario (or a file of them) has at its top.
const SCENARIO_KEYS: [&str; 9] = [
    "origin",
    "request",
    "response",
    "preflight",
    "redirects",
    "corsim",
    "scenarios",
    "id",
    "expect",
];

/// The top-level keys of a JSON object, or of the objects of a JSON array.
fn top_keys(text: &str) -> Option<Vec<String>> {
    let value: Value = serde_json::from_str(text).ok()?;
    let objects: Vec<&serde_json::Map<String, Value>> = match &value {
        Value::Object(m) => vec![m],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    Some(objects.iter().flat_map(|m| m.keys().cloned()).collect())
}

/// Whether JSON text is meant as corsim scenario JSON: it does not parse (its errors are then
/// a scenario's to report), or its objects have a scenario's keys.
pub fn is_scenario_json(text: &str) -> bool {
    match top_keys(text) {
        None => true,
        Some(keys) => keys.is_empty() || keys.iter().any(|k| SCENARIO_KEYS.contains(&k.as_str())),
    }
}

fn not_a_scenario(text: &str) -> Problem {
    let keys = top_keys(text).unwrap_or_default();
    let shown: Vec<&str> = keys.iter().map(String::as_str).take(6).collect();
    Problem {
        line: 1,
        message: format!(
            "JSON, but neither corsim scenario JSON (\"origin\", \"request\" …) nor a HAR file (\"log\"): its keys are {}",
            shown.join(", ")
        ),
    }
}

/// Whether a text looks like JSON: it starts with `{`, or with `[` followed by `{`, `[`, `"`, a
/// digit or `]` (Safari's `[Error] …` is not JSON).
fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    match t.chars().next() {
        Some('{') => true,
        Some('[') => t
            .get(1..)
            .unwrap_or("")
            .trim_start()
            .starts_with(|c: char| matches!(c, '{' | '[' | '"' | ']') || c.is_ascii_digit()),
        _ => false,
    }
}

/// The JSON error of a text that looks like JSON and is not readable.
fn json_problem(text: &str) -> Problem {
    match serde_json::from_str::<Value>(text) {
        Err(e) => Problem {
            line: e.line(),
            message: format!("not valid JSON: {e}"),
        },
        Ok(_) => Problem {
            line: 0,
            message: "this JSON is neither a corsim scenario nor a HAR file".to_string(),
        },
    }
}

/// Says what was looked for and what was seen: how many lines, how the text starts, and what in
/// it comes closest to a format corsim reads (CORS words without a browser's sentence around
/// them, a URL, `Name: value` lines that are not HTTP headers, code).
fn unknown_problem(text: &str) -> Problem {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let shown: String = first.chars().take(60).collect();
    let more = if first.chars().count() > 60 {
        "…"
    } else {
        ""
    };
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    let lower = text.to_ascii_lowercase();
    let mut seen: Vec<String> = Vec::new();
    for word in ["cors", "access-control-", "origin", "preflight", "blocked"] {
        if lower.contains(word) {
            seen.push(format!("the word {word:?}"));
        }
    }
    if !seen.is_empty() {
        seen = vec![format!(
            "{} but no browser message around {}",
            seen.join(", "),
            if seen.len() == 1 { "it" } else { "them" }
        )];
    }
    if let Some(url) = text
        .split_whitespace()
        .find(|w| w.contains("://"))
        .map(|w| w.trim_matches(|c: char| "'\"`()[]<>,.;".contains(c)))
    {
        let url: String = url.chars().take(60).collect();
        seen.push(format!("a URL ({url})"));
    }
    let colon_lines = text
        .lines()
        .filter(|l| {
            l.split_once(':')
                .is_some_and(|(n, _)| !n.is_empty() && !n.trim().contains(' '))
        })
        .count();
    if colon_lines >= 2 && colon_lines * 2 >= lines {
        seen.push(format!(
            "{colon_lines} \"name: value\" lines that are not HTTP headers"
        ));
    }
    if ["function", "=>", "const ", "let ", "import ", "};"]
        .iter()
        .any(|k| text.contains(k))
    {
        seen.push("what looks like program code".to_string());
    }
    let found = if seen.is_empty() {
        String::new()
    } else {
        format!(", with {}", seen.join("; "))
    };
    Problem {
        line: 1,
        message: format!(
            "not recognised: corsim looked for a browser console message (\"Access to fetch at …\", \"Cross-Origin Request Blocked …\", Safari's \"Origin … is not allowed …\"), a curl command or its output, a fetch() call, HTTP headers, a HAR file or scenario JSON, and found {lines} line{} of text starting {:?}{found}",
            if lines == 1 { "" } else { "s" },
            format!("{shown}{more}")
        ),
    }
}

/// Masks the scenario's secrets (unless kept), simulates it, and keeps the fix honest.
/// `simulated` is the scenario's verdict when the caller has it already (`simulate_with` in
/// `profile`): it is used when masking changed nothing.
#[allow(clippy::too_many_arguments)]
fn verdict_of(
    label: String,
    mut scenario: Scenario,
    assumed: Vec<String>,
    notes: Vec<String>,
    message: Option<usize>,
    profile: &Profile,
    simulated: Option<Verdict>,
    options: &ReadOptions,
    reading: &mut Reading,
) {
    let mut unchanged = true;
    if !options.keep_secrets {
        for m in super::mask::mask_secrets(&mut scenario) {
            unchanged = false;
            if !reading.masked.contains(&m) {
                reading.masked.push(m);
            }
        }
    }
    let mut verdict = match simulated {
        Some(v) if unchanged => v,
        _ => simulate_with(&scenario, profile),
    };
    let mut notes = notes;
    honest_fix(&scenario, &mut verdict, profile, &mut notes);
    notes.extend(fix_on_assumptions(&verdict, &assumed));
    reading.verdicts.push(ReadVerdict {
        label,
        scenario: Arc::new(scenario),
        verdict: Arc::new(verdict),
        browser: profile.browser,
        assumed,
        notes,
        message,
    });
}

/// A fix header that answers an assumed part of the request (its method, its headers, its
/// credentials) is only as right as the assumption: say so, naming the header.
fn fix_on_assumptions(verdict: &Verdict, assumed: &[String]) -> Option<String> {
    const ANSWERS: [(&str, &str); 3] = [
        ("access-control-allow-methods", "request.method"),
        ("access-control-allow-headers", "request.headers"),
        ("access-control-allow-credentials", "request.credentials"),
    ];
    let fix = verdict.fix.as_ref()?;
    let mut names: Vec<&str> = Vec::new();
    for change in &fix.changes {
        if let Change::SetHeader { header, .. } = change
            && ANSWERS.iter().any(|(h, field)| {
                header.eq_ignore_ascii_case(h) && assumed.iter().any(|a| a == field)
            })
            && !names.contains(&header.as_str())
        {
            names.push(header);
        }
    }
    (!names.is_empty()).then(|| {
        format!(
            "the fix's {} {} the request corsim assumed (its method, headers and credentials): allow what your request really sends",
            names.join(" and "),
            if names.len() == 1 { "follows" } else { "follow" }
        )
    })
}

/// The reply a fix change targets.
fn target_reply<'s>(scenario: &'s Scenario, target: &Target) -> Option<&'s Reply> {
    match target {
        Target::Preflight => Some(scenario.preflight_reply()),
        Target::Response => Some(&scenario.response),
        Target::Redirect(i) => scenario.redirects.get(*i),
    }
}

/// A fix never tells the server to send what it already sends, and never recommends
/// `Access-Control-Allow-Origin: null` (which allows every opaque origin alike).
fn honest_fix(
    scenario: &Scenario,
    verdict: &mut Verdict,
    profile: &Profile,
    notes: &mut Vec<String>,
) {
    let Some(fix) = &verdict.fix else {
        return;
    };
    let mut dropped_null = false;
    let kept: Vec<Change> = fix
        .changes
        .iter()
        .filter(|change| match change {
            Change::SetHeader {
                target,
                header,
                value,
            } => {
                if header.eq_ignore_ascii_case("access-control-allow-origin")
                    && value.trim() == "null"
                {
                    dropped_null = true;
                    return false;
                }
                let sent: Vec<&str> = target_reply(scenario, target)
                    .map(|r| {
                        r.headers
                            .iter()
                            .filter(|(n, _)| n.eq_ignore_ascii_case(header))
                            .map(|(_, v)| v.as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                sent != [value.as_str()]
            }
            Change::RemoveHeader { .. } | Change::SetStatus { .. } => true,
        })
        .cloned()
        .collect();
    if dropped_null {
        notes.push("the page's origin is opaque (null: a sandboxed frame, a file: page, some app schemes): Access-Control-Allow-Origin: null would allow every such page alike, so corsim does not suggest it; serve the page from a real http(s) origin, or make the request same-origin".to_string());
    }
    if kept.len() == fix.changes.len() {
        return;
    }
    if kept.is_empty() {
        verdict.fix = None;
        return;
    }
    let mut changed = scenario.clone();
    for c in &kept {
        crate::fix::apply(&mut changed, c);
    }
    let verified = simulate_with(&changed, profile).is_readable();
    verdict.fix = Some(Fix {
        summary: crate::text::fix::summary(&kept),
        changes: kept,
        verified,
    });
}

fn read_scenarios(text: &str, options: &ReadOptions, reading: &mut Reading) {
    reading.format = Format::Scenario;
    match crate::scenario::parse_scenarios(text) {
        Ok((_, list)) => {
            for s in list {
                let label = format!("scenario {}", s.id);
                verdict_of(
                    label,
                    s,
                    Vec::new(),
                    Vec::new(),
                    None,
                    options.profile,
                    None,
                    options,
                    reading,
                );
            }
        }
        Err(errors) => {
            for e in errors.0 {
                reading.problems.push(Problem {
                    line: 0,
                    message: e.to_string(),
                });
            }
        }
    }
}

fn read_har(text: &str, options: &ReadOptions, reading: &mut Reading) {
    reading.format = Format::Har;
    match super::har::analyze_har(text, options.profile) {
        Ok(analysis) => {
            for p in analysis.problems {
                reading.problems.push(Problem {
                    line: 0,
                    message: p,
                });
            }
            for r in analysis.entries.into_iter().take(options.max_verdicts) {
                let label = format!("HAR entry {} {} {}", r.index, r.method, r.url);
                // The analysis simulated the scenario in the same profile.
                verdict_of(
                    label,
                    r.scenario,
                    r.assumed,
                    r.notes,
                    None,
                    options.profile,
                    Some(r.verdict),
                    options,
                    reading,
                );
            }
        }
        Err(e) => reading.problems.push(Problem {
            line: e.line,
            message: e.message,
        }),
    }
}

/// What of a console message, besides its scenario, its verdict depends on: the browser that
/// simulates it, and what of the message its notes say.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct MessageFacts {
    stand_in: bool,
    browser: Browser,
    printed_by: Option<Browser>,
    expected: Option<CorsError>,
    preflight: bool,
    settles_error: bool,
    origin_printed: bool,
    null_parameter: bool,
}

impl MessageFacts {
    fn of(
        message: &ConsoleMessage,
        rebuilt: &console::reproduce::Rebuilt,
        profile: &Profile,
    ) -> Self {
        MessageFacts {
            stand_in: rebuilt.stand_in,
            browser: profile.browser,
            printed_by: message.browser,
            expected: console::reproduce::expected_error(message),
            preflight: message.preflight,
            settles_error: message.cors_error.is_some(),
            origin_printed: message.origin.is_some(),
            null_parameter: message.parameter.as_deref() == Some("null"),
        }
    }
}

/// What the verdict of a console message depends on: the scenario rebuilt from it, what it
/// assumed, and its [`MessageFacts`]. Two messages with the same key (the same message printed
/// again) get the same verdict, simulated once.
#[derive(PartialEq, Eq)]
struct MessageKey<'a> {
    scenario: &'a Scenario,
    assumed: &'a [String],
    facts: MessageFacts,
}

impl MessageKey<'_> {
    /// The key's hash, computed once per message.
    fn hash_value(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut h);
        h.finish()
    }
}

impl Hash for MessageKey<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_scenario(self.scenario, h);
        self.assumed.hash(h);
        self.facts.hash(h);
    }
}

/// The key of a message simulated, and where its verdict is.
struct KeptKey {
    scenario: Scenario,
    assumed: Vec<String>,
    facts: MessageFacts,
    verdict: usize,
}

impl KeptKey {
    fn key(&self) -> MessageKey<'_> {
        MessageKey {
            scenario: &self.scenario,
            assumed: &self.assumed,
            facts: self.facts,
        }
    }
}

/// Feeds every field of a scenario that its equality compares (`expect` by presence only), so
/// that equal scenarios hash alike.
fn hash_scenario<H: Hasher>(s: &Scenario, h: &mut H) {
    let hash_reply = |r: &Reply, h: &mut H| {
        r.status.hash(h);
        r.headers.hash(h);
        r.body.hash(h);
    };
    s.id.hash(h);
    s.origin.hash(h);
    let r = &s.request;
    r.url.hash(h);
    r.method.hash(h);
    r.headers.hash(h);
    std::mem::discriminant(&r.mode).hash(h);
    std::mem::discriminant(&r.credentials).hash(h);
    std::mem::discriminant(&r.redirect).hash(h);
    r.body.hash(h);
    s.preflight.is_some().hash(h);
    if let Some(p) = &s.preflight {
        hash_reply(p, h);
    }
    hash_reply(&s.response, h);
    s.redirects.len().hash(h);
    for reply in &s.redirects {
        hash_reply(reply, h);
    }
    s.note.hash(h);
    s.source.hash(h);
    s.tags.hash(h);
    s.expect.is_some().hash(h);
}

fn read_console(text: &str, options: &ReadOptions, reading: &mut Reading) {
    reading.format = Format::Console;
    let messages = console::read_console(text);
    if messages.len() >= console::MAX_MESSAGES {
        reading.problems.push(Problem {
            line: messages.last().map_or(0, |m| m.lines.1 + 1),
            message: format!(
                "only the first {} messages were read",
                console::MAX_MESSAGES
            ),
        });
    }
    let mut built = 0usize;
    let mut skipped = 0usize;
    // The same message again gives the same verdict: simulated once, shared. Each key is
    // hashed once; the messages simulated are found by their key's hash.
    let mut kept: Vec<KeptKey> = Vec::new();
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, message) in messages.iter().enumerate() {
        // One verdict per CORS message: the others are not CORS failures a scenario shows.
        if message.kind != MessageKind::Cors {
            continue;
        }
        let profile = profile_for(message.browser, options);
        let Some(rebuilt) = console::reproduce::rebuild(message, profile) else {
            continue;
        };
        if built >= options.max_verdicts {
            skipped += 1;
            continue;
        }
        built += 1;
        let label = format!("message {}", i + 1);
        let facts = MessageFacts::of(message, &rebuilt, profile);
        let key = MessageKey {
            scenario: &rebuilt.scenario,
            assumed: &rebuilt.assumed,
            facts,
        };
        let hash = key.hash_value();
        let same = by_hash.get(&hash).and_then(|candidates| {
            candidates.iter().find_map(|&k| {
                let other = kept.get(k)?;
                (other.key() == key).then_some(other.verdict)
            })
        });
        if let Some(same) = same.and_then(|j| reading.verdicts.get(j)) {
            let shared = ReadVerdict {
                label,
                message: Some(i),
                scenario: Arc::clone(&same.scenario),
                verdict: Arc::clone(&same.verdict),
                browser: same.browser,
                assumed: same.assumed.clone(),
                notes: same.notes.clone(),
            };
            reading.verdicts.push(shared);
            continue;
        }
        let index = reading.verdicts.len();
        by_hash.entry(hash).or_default().push(kept.len());
        kept.push(KeptKey {
            scenario: rebuilt.scenario.clone(),
            assumed: rebuilt.assumed.clone(),
            facts,
            verdict: index,
        });
        message_verdict(label, i, message, rebuilt, profile, options, reading);
    }
    reading.messages = messages;
    if skipped > 0 {
        reading.problems.push(Problem {
            line: 0,
            message: format!(
                "{skipped} more messages are listed without a verdict (at most {} verdicts a paste)",
                options.max_verdicts
            ),
        });
    }
    if options.keep_secrets {
        return;
    }
    for m in &mut reading.messages {
        for url in [
            &mut m.url,
            &mut m.redirected_from,
            &mut m.page_url,
            &mut m.parameter,
        ]
        .into_iter()
        .flatten()
        {
            let (masked, found) = super::mask::mask_url(url);
            if !found.is_empty() {
                *url = masked;
                for f in found {
                    if !reading.masked.contains(&f) {
                        reading.masked.push(f);
                    }
                }
            }
        }
    }
}

/// The verdict of the scenario rebuilt from console message `i`, with what it needs said.
fn message_verdict(
    label: String,
    i: usize,
    message: &ConsoleMessage,
    mut rebuilt: console::reproduce::Rebuilt,
    profile: &Profile,
    options: &ReadOptions,
    reading: &mut Reading,
) {
    let mut notes = Vec::new();
    let expected = console::reproduce::expected_error(message);
    if rebuilt.stand_in {
        notes.push(format!(
            "the message does not say which check failed: the scenario shows the most common failure (no Access-Control-Allow-Origin on the {}), so what corsim says about the fix is a guess",
            if message.preflight { "preflight's answer" } else { "response" }
        ));
    } else if message.cors_error.is_none() {
        notes.push(crate::text::paste::unsettled_failure(message.browser));
    }
    // An origin the simulator reads otherwise than the browser printed it (a custom
    // scheme's `capacitor://`, which Chromium prints as an origin of its own): when it
    // changes the error, the scenario uses an origin of the URL's kind instead.
    let mut simulated = None;
    if !rebuilt.stand_in && message.origin.is_some() {
        let first = simulate_with(&rebuilt.scenario, profile);
        if first.cors_error == expected {
            simulated = Some(first);
        } else {
            let mut other = rebuilt.scenario.clone();
            let origin = console::reproduce::assumed_origin_for(&other.request.url);
            let printed = other.origin.clone();
            for reply in other
                .preflight
                .iter_mut()
                .chain(std::iter::once(&mut other.response))
                .chain(other.redirects.iter_mut())
            {
                for (n, v) in &mut reply.headers {
                    if n.eq_ignore_ascii_case("access-control-allow-origin") && *v == printed {
                        v.clone_from(&origin);
                    }
                }
            }
            other.origin = origin.clone();
            let second = simulate_with(&other, profile);
            if second.cors_error == expected {
                notes.push(format!(
                    "corsim reads the origin {printed} otherwise than the browser printed it (as an opaque origin): the scenario uses {origin} instead, which gives the message's error"
                ));
                rebuilt.scenario = other;
                simulated = Some(second);
            } else {
                simulated = Some(first);
            }
        }
    }
    let index = reading.verdicts.len();
    verdict_of(
        label,
        rebuilt.scenario,
        rebuilt.assumed,
        notes,
        Some(i),
        profile,
        simulated,
        options,
        reading,
    );
    // The CorsError the failure stands for: a Firefox or Safari verdict has no DevTools
    // `cors_error` of its own, its reason still maps onto one.
    let rebuilt_error = |v: &ReadVerdict| {
        v.verdict
            .reason
            .as_ref()
            .and_then(crate::reason::Reason::cors_error)
    };
    if let Some(v) = reading.verdicts.get_mut(index)
        && !rebuilt.stand_in
        && rebuilt_error(v) != expected
    {
        let older_null = message.parameter.as_deref() == Some("null")
            && matches!(
                expected,
                Some(
                    CorsError::InvalidAllowOriginValue
                        | CorsError::PreflightInvalidAllowOriginValue
                )
            );
        if older_null {
            v.notes.push("older Chromium called Access-Control-Allow-Origin: null an invalid value; Chromium now reads null as an origin, one that is not the page's (AllowOriginMismatch): the fix is the same, send the page's own origin".to_string());
        }
        v.notes.push(format!(
            "the rebuilt scenario gives {}, not the message's {}",
            rebuilt_error(v).map_or("no CORS error", |e| e.name()),
            expected.map_or("error", |e| e.name())
        ));
    }
}

/// The page's origin for a request with its answers: the stand-in Origin [`masked_origin_kept`]
/// kept (an assumption, said in a note naming the `answers`), else the one the request gives or
/// the one assumed ([`origin_or_assumed`]).
fn origin_kept_or_assumed(
    request: &PastedRequest,
    kept: &Option<String>,
    answers: &str,
    assumed: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> String {
    match kept {
        Some(o) => {
            assumed.push("origin".to_string());
            notes.push(format!(
                "the Origin sent is a stand-in, and the {answers} repeat{} it: corsim uses {o} for both, so the mask changes nothing",
                if answers == "answer" { "s" } else { "" }
            ));
            o.clone()
        }
        None => origin_or_assumed(request, assumed, notes),
    }
}

/// A masked `Origin` (`https://xxx.com`, `Origin: xyz.com`, `<your-site>`) that every
/// `Access-Control-Allow-Origin` naming an origin repeats (the poster masked both the same way,
/// or the server echoes what it got): the page's origin to use and the answers with it, so that
/// the paste's relation between the two is kept — a mask must never create a mismatch, nor
/// hide one. An origin that is still one (`https://xxx.com`) is kept; any other stand-in is
/// replaced, in the request and the answers alike, by the origin corsim assumes.
fn masked_origin_kept(request: &PastedRequest, replies: &mut [Reply]) -> Option<String> {
    let o = request
        .header("origin")?
        .trim()
        .trim_end_matches('/')
        .to_string();
    if !super::tidy::is_placeholder(&o) {
        return None;
    }
    let same = |v: &str| v.trim().trim_end_matches('/').eq_ignore_ascii_case(&o);
    let mut named = replies
        .iter()
        .flat_map(|r| r.headers.iter())
        .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
        .map(|(_, v)| v.trim())
        .filter(|v| *v != "*")
        .peekable();
    named.peek()?;
    if !named.all(same) {
        return None;
    }
    if super::origin_of(&o).as_deref() == Some(o.as_str()) {
        return Some(o);
    }
    let assumed = console::reproduce::assumed_origin_for(&request.url);
    for reply in replies.iter_mut() {
        for (n, v) in reply.headers.iter_mut() {
            if n.eq_ignore_ascii_case("access-control-allow-origin") && same(v) {
                *v = assumed.clone();
            }
        }
    }
    Some(assumed)
}

/// The origin for a request that names none, and the note that says so.
fn origin_or_assumed(
    request: &PastedRequest,
    assumed: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> String {
    match request
        .origin
        .as_ref()
        .filter(|o| !super::tidy::is_placeholder(o))
    {
        Some(o) => o.clone(),
        None => {
            let o = console::reproduce::assumed_origin_for(&request.url);
            assumed.push("origin".to_string());
            notes.push(format!(
                "the paste has no Origin or Referer: corsim assumes the page is on {o} (the URL's scheme, another host)"
            ));
            o
        }
    }
}

fn read_request(request: PastedRequest, what: &str, options: &ReadOptions, reading: &mut Reading) {
    let mut assumed = Vec::new();
    let mut notes = Vec::new();
    let origin = origin_or_assumed(&request, &mut assumed, &mut notes);
    let (init, _) = request_or_preflight(&request, &mut notes);
    let browser_headers = request.browser_headers();
    if !browser_headers.is_empty() {
        notes.push(format!(
            "set by the browser itself, not by the script, and left out of the request: {}",
            browser_headers.join(", ")
        ));
    }
    // No answer is in the paste, so no verdict: what the request needs from the server is said.
    let scenario = Scenario {
        source: Some(format!("pasted {what}")),
        ..Scenario::of_request("pasted", origin, init)
    };
    let mut with_answer = assumed.clone();
    with_answer.extend(["preflight".to_string(), "response".to_string()]);
    reading.scenario = Some((scenario.clone(), with_answer));
    let v = simulate_with(&scenario, options.profile);
    match &v.preflight_request_headers {
        Some(h) => notes.push(format!(
            "the request needs a preflight: the browser first sends OPTIONS with {}; the server must answer it with a 2xx status, Access-Control-Allow-Origin: {} and Access-Control-Allow-Methods / -Headers that list them, then answer the request with Access-Control-Allow-Origin",
            h.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", "),
            scenario.origin
        )),
        None => notes.push(format!(
            "no preflight: the browser sends the request straight away; the server must answer it with Access-Control-Allow-Origin: {} (or *)",
            scenario.origin
        )),
    }
    notes.push("the server's answer is not part of the paste, so corsim gives no verdict: paste what the server answered (curl -i, DevTools' response headers) too".to_string());
    reading.notes.extend(notes);
    reading.request = Some(request);
}

/// What a paste leaves open about the request and the answers.
#[derive(Clone, Copy, Debug, Default)]
struct Unknowns {
    /// The page's origin was assumed.
    origin: bool,
    /// The credentials mode is not known.
    credentials: bool,
    /// The actual request's response is not in the paste (only the preflight's answer).
    response: bool,
    /// The request itself is not known (a header block).
    request: bool,
    /// The script's headers are not known (curl's own request is not the browser's).
    headers: bool,
    /// The answers' CORS headers may not be what a browser gets (the request carried no
    /// `Origin`, so the server may have answered it without them, or otherwise).
    cors_headers: bool,
}

/// The origins a scenario's answers allow (one origin in `Access-Control-Allow-Origin`, or
/// `null`).
fn allowed_origins(s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for reply in [Some(&s.response), s.preflight.as_ref()]
        .into_iter()
        .flatten()
    {
        let values: Vec<&str> = reply
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
            .map(|(_, v)| v.trim())
            .collect();
        if let [one] = values.as_slice() {
            let o = if *one == "null" {
                Some("null".to_string())
            } else {
                super::origin_of(one)
            };
            if let Some(o) = o
                && !out.contains(&o)
            {
                out.push(o);
            }
        }
    }
    out
}

/// The scenario under every assumption the paste leaves open.
fn variants(base: &Scenario, u: Unknowns) -> Vec<Scenario> {
    let mut list = vec![base.clone()];
    let widen = |list: &mut Vec<Scenario>, f: &dyn Fn(&Scenario) -> Vec<Scenario>| {
        let more: Vec<Scenario> = list.iter().flat_map(f).collect();
        list.extend(more);
    };
    if u.origin {
        let mut allowed = allowed_origins(base);
        // The page may be served over http: that assumption adds no failure of its own (an
        // http page may fetch https), and removes mixed content from a redirect to http.
        if let Some(host) = base.origin.strip_prefix("https://") {
            allowed.push(format!("http://{host}"));
        }
        widen(&mut list, &|s| {
            allowed
                .iter()
                .filter(|o| **o != s.origin)
                .map(|o| Scenario {
                    origin: o.clone(),
                    ..s.clone()
                })
                .collect()
        });
    }
    if u.credentials {
        widen(&mut list, &|s| {
            let mut t = s.clone();
            t.request.credentials = if s.request.credentials == Credentials::Include {
                Credentials::SameOrigin
            } else {
                Credentials::Include
            };
            vec![t]
        });
    }
    if u.request {
        widen(&mut list, &|s| {
            let mut t = s.clone();
            t.request.method = "PUT".to_string();
            t.request.headers = vec![("Content-Type".to_string(), "application/json".to_string())];
            t.request.body = Some("{}".to_string());
            vec![t]
        });
    }
    if u.headers {
        widen(&mut list, &|s| {
            let mut t = s.clone();
            if !t
                .request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            {
                t.request
                    .headers
                    .push(("Content-Type".to_string(), "application/json".to_string()));
            }
            vec![t]
        });
    }
    if u.cors_headers {
        widen(&mut list, &|s| {
            // The answers with the CORS headers a browser's request might have got: every
            // `Access-Control-*` replaced by ones that allow the request.
            let mut t = s.clone();
            let method = t.request.method.clone();
            let names: Vec<String> = t.request.headers.iter().map(|(n, _)| n.clone()).collect();
            let origin = t.origin.clone();
            let credentials = t.request.credentials == Credentials::Include;
            for reply in t
                .preflight
                .iter_mut()
                .chain(t.redirects.iter_mut())
                .chain(std::iter::once(&mut t.response))
            {
                // A server that sends Access-Control-Allow-Origin twice without `Origin` (two
                // layers that each add it) sends it twice with one too: those lines stay.
                let doubled = reply
                    .headers
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
                    .count()
                    >= 2;
                reply.headers.retain(|(n, _)| {
                    let n = n.to_ascii_lowercase();
                    !n.starts_with("access-control-")
                        || (doubled && n == "access-control-allow-origin")
                });
                if !doubled {
                    reply
                        .headers
                        .push(("Access-Control-Allow-Origin".to_string(), origin.clone()));
                }
                reply
                    .headers
                    .push(("Access-Control-Allow-Methods".to_string(), method.clone()));
                if !names.is_empty() {
                    reply
                        .headers
                        .push(("Access-Control-Allow-Headers".to_string(), names.join(", ")));
                }
                if credentials {
                    reply.headers.push((
                        "Access-Control-Allow-Credentials".to_string(),
                        "true".to_string(),
                    ));
                }
            }
            vec![t]
        });
    }
    if u.response {
        widen(&mut list, &|s| {
            // `*` for a request without credentials: it also allows the `null` origin a
            // request carries after a redirect to another origin.
            let credentialed = s.request.credentials == Credentials::Include;
            let allowed = if credentialed {
                s.origin.clone()
            } else {
                "*".to_string()
            };
            let mut allow = vec![("Access-Control-Allow-Origin".to_string(), allowed)];
            if credentialed {
                allow.push((
                    "Access-Control-Allow-Credentials".to_string(),
                    "true".to_string(),
                ));
            }
            let mut t = s.clone();
            t.response = Reply {
                status: 200,
                headers: allow,
                body: None,
            };
            let mut u = s.clone();
            u.response = Reply::default();
            vec![t, u]
        });
    }
    list
}

/// Whether the paste settles what `fetch()` does: every assumption it leaves open gives the
/// same outcome.
fn settled(base: &Scenario, u: Unknowns, profile: &Profile) -> bool {
    let mut outcomes = variants(base, u)
        .into_iter()
        .map(|s| crate::simulate::simulate_without_fix(&s, profile).fetch);
    let first = outcomes.next();
    outcomes.all(|o| Some(o) == first)
}

/// The script's request a pasted request stands for: itself, or, for a raw preflight
/// (`OPTIONS` with `Access-Control-Request-Method`), the request it is the preflight of.
fn request_or_preflight(request: &PastedRequest, notes: &mut Vec<String>) -> (RequestInit, bool) {
    let mut init = request.to_request_init();
    let acrm = request.header("access-control-request-method");
    if !request.method.eq_ignore_ascii_case("OPTIONS") || acrm.is_none() {
        return (init, false);
    }
    let method = acrm.unwrap_or("GET").trim().to_string();
    init.headers = super::curl::announced_headers(request);
    notes.push(format!(
        "this is a CORS preflight (OPTIONS with Access-Control-Request-Method): the browser sent it before a {method}; corsim explains that {method}{}",
        if init.headers.is_empty() {
            String::new()
        } else {
            format!(
                " with the headers it announced ({}), values assumed",
                init.headers
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    init.method = method;
    init.body = None;
    (init, true)
}

/// Gives the verdict when the paste settles it; else says what it depends on.
fn verdict_if_settled(
    label: String,
    scenario: Scenario,
    assumed: Vec<String>,
    mut notes: Vec<String>,
    unknown: Unknowns,
    options: &ReadOptions,
    reading: &mut Reading,
) {
    reading.scenario = Some((scenario.clone(), assumed.clone()));
    if settled(&scenario, unknown, options.profile) {
        verdict_of(
            label,
            scenario,
            assumed,
            notes,
            None,
            options.profile,
            None,
            options,
            reading,
        );
        return;
    }
    let mut open = Vec::new();
    if unknown.origin {
        open.push("the page's origin");
    }
    if unknown.credentials {
        open.push("whether credentials are sent");
    }
    if unknown.request || unknown.headers {
        open.push("the request's method and headers");
    }
    if unknown.response {
        open.push("what the server answers the request itself");
    }
    if unknown.cors_headers {
        open.push("what the server answers a request with Origin");
    }
    notes.push(format!(
        "no verdict: what fetch() does depends on what the paste does not say ({})",
        open.join(", ")
    ));
    reading.notes.extend(notes);
}

/// Whether a request's headers are a browser's (DevTools' "Copy as cURL"): then they are the
/// script's request as sent, not curl's own.
fn from_a_browser(request: &PastedRequest) -> bool {
    request.headers.iter().any(|(n, v)| {
        let n = n.to_ascii_lowercase();
        n.starts_with("sec-fetch-")
            || n.starts_with("sec-ch-ua")
            || (n == "user-agent" && v.contains("Mozilla/"))
    })
}

/// A paste of one or more curl commands with their output: each command is read with its own
/// output, and the reading holds them all, in order.
fn read_transcripts(text: &str, options: &ReadOptions, reading: &mut Reading) {
    let mut starts = vec![0];
    starts.extend(super::curl::later_commands(text));
    if starts.len() == 1 {
        read_transcript(&parse_curl_transcript(text), options, reading);
        return;
    }
    // The lines before each command, counted as the commands go (not from the start each time).
    let mut line_base = 0usize;
    let mut counted_to = 0usize;
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let part = text.get(start..end).unwrap_or("");
        line_base += text
            .get(counted_to..start)
            .unwrap_or("")
            .matches('\n')
            .count();
        counted_to = start;
        let mut one = Reading {
            format: Format::CurlTranscript,
            messages: Vec::new(),
            verdicts: Vec::new(),
            problems: Vec::new(),
            request: None,
            block: None,
            masked: Vec::new(),
            notes: Vec::new(),
            scenario: None,
        };
        read_transcript(&parse_curl_transcript(part), options, &mut one);
        let command = format!("command {} of {}", k + 1, starts.len());
        reading.verdicts.extend(one.verdicts);
        reading
            .notes
            .extend(one.notes.into_iter().map(|n| format!("{command}: {n}")));
        reading
            .problems
            .extend(one.problems.into_iter().map(|p| Problem {
                line: if p.line > 0 { p.line + line_base } else { 0 },
                message: format!("{command}: {}", p.message),
            }));
        // The first command's request and scenario are the ones the page loads.
        if reading.request.is_none() {
            reading.request = one.request;
            reading.block = one.block;
            reading.scenario = one.scenario;
        }
    }
}

fn read_transcript(t: &CurlTranscript, options: &ReadOptions, reading: &mut Reading) {
    for p in &t.problems {
        reading.problems.push(Problem {
            line: p.line,
            message: p.message.clone(),
        });
    }
    let Some(request) = t.request() else {
        if let Some(last) = t.received.last() {
            // Only the response side was pasted: it is judged on its own, as a header block.
            reading.notes.push(
                "the transcript shows no request (no command, no `> ` lines): its last response is judged on its own, as the answer to a request corsim does not know".to_string(),
            );
            let method = t
                .sent
                .last()
                .and_then(|b| b.request_line.as_ref())
                .map(|l| l.method.clone());
            judge_block(last, None, method.as_deref(), options, reading);
            reading.block = Some(last.clone());
            return;
        }
        reading.problems.push(Problem {
            line: 0,
            message:
                "this curl output shows no request to read (no command, no `> ` request lines)"
                    .to_string(),
        });
        return;
    };
    let mut assumed = Vec::new();
    let mut notes = Vec::new();
    let mut replies: Vec<Reply> = t.received.iter().map(HeaderBlock::to_reply).collect();
    let kept = masked_origin_kept(&request, &mut replies);
    let origin = origin_kept_or_assumed(&request, &kept, "answers", &mut assumed, &mut notes);
    let assumption_notes = notes.len();
    let real_origin = kept.is_some()
        || request
            .origin
            .as_deref()
            .is_some_and(|o| !super::tidy::is_placeholder(o));
    // Whether curl sent an Origin at all (a masked one too: the server got the real one).
    let origin_sent = request.header("origin").is_some();
    if !real_origin {
        notes.push("curl sent no Origin header (or a stand-in for one): a server that answers CORS by the Origin it gets may answer the browser differently (add -H 'Origin: https://your-page' to the command)".to_string());
    }
    let options_request = request.method.eq_ignore_ascii_case("OPTIONS");
    let (init, is_preflight) = request_or_preflight(&request, &mut notes);
    if options_request && !is_preflight {
        // An OPTIONS without Access-Control-Request-Method: a hand-made probe, not the
        // browser's preflight (servers answer the two differently). No scenario is built, so
        // no origin is assumed for one.
        notes.drain(..assumption_notes);
        notes.push("this OPTIONS has no Access-Control-Request-Method, so it is not the preflight a browser sends (servers often answer the two differently): send -H 'Access-Control-Request-Method: POST' (the method the page uses) and -H 'Origin: …' to see what the browser gets".to_string());
        reading.notes.extend(notes);
        reading.request = Some(request);
        return;
    }
    let mut scenario = Scenario {
        source: Some("pasted curl transcript".to_string()),
        ..Scenario::of_request("curl", origin, init)
    };
    let credentials_known = request.credentials.is_some();
    // A transcript that stops at the status line (`< HTTP/1.1 200 OK`, then nothing): the
    // answer's headers are not in the paste, not absent.
    let cut = t.received.last().is_some_and(|b| b.headers.is_empty());
    let mut unknown = Unknowns {
        origin: !real_origin,
        credentials: !credentials_known,
        headers: !from_a_browser(&request) && !is_preflight,
        cors_headers: !(real_origin || origin_sent) || cut,
        ..Unknowns::default()
    };
    if cut {
        notes.push("the transcript stops after the status line: the answer's headers are not in the paste, so corsim does not judge them (paste the whole output)".to_string());
    }
    if is_preflight {
        let reply = replies.last().cloned().unwrap_or_default();
        scenario.preflight = Some(reply);
        scenario.response = Reply::default();
        assumed.push("response".to_string());
        unknown.response = true;
    } else {
        if !super::curl::answer_with(&mut scenario, &replies) {
            notes.push("the transcript holds no response".to_string());
            reading.notes.extend(notes);
            reading.request = Some(request);
            return;
        }
        let location = |r: &Reply| {
            r.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("location"))
                .map(|(_, v)| v.trim().to_string())
        };
        // The transcript ends on a redirect (curl without -L, or its output cut): the answer
        // at its end is not in the paste.
        if (300..400).contains(&scenario.response.status)
            && let Some(to) = location(&scenario.response)
        {
            let last = std::mem::take(&mut scenario.response);
            scenario.redirects.push(last);
            assumed.push("response".to_string());
            unknown.response = true;
            notes.push(format!(
                "the transcript ends on a redirect to {to}: what the server answers there is not in the paste (curl -L follows it)"
            ));
        }
        if !scenario.redirects.is_empty() {
            let chain: Vec<String> = scenario
                .redirects
                .iter()
                .map(|r| {
                    format!(
                        "{} → {}",
                        r.status,
                        location(r).unwrap_or_else(|| "(no Location)".to_string())
                    )
                })
                .collect();
            notes.push(format!(
                "the redirect chain: {}; the browser checks CORS on every hop, and the last answer is the response",
                chain.join(", ")
            ));
        }
        if crate::simulate::simulate_without_fix(&scenario, options.profile).preflight_sent {
            assumed.push("preflight".to_string());
            notes.push("the request needs a preflight, and the transcript does not show one: corsim assumes the server answers OPTIONS with the same headers".to_string());
        }
    }
    verdict_if_settled(
        "the curl transcript".to_string(),
        scenario,
        assumed,
        notes,
        unknown,
        options,
        reading,
    );
    reading.request = Some(request);
}

fn read_headers(text: &str, options: &ReadOptions, reading: &mut Reading) {
    if read_httpie(text, options, reading) {
        return;
    }
    if let Some(sections) = parse_header_sections(text) {
        read_sections(sections, options, reading);
        return;
    }
    let block = parse_header_block(text);
    for p in &block.problems {
        reading.problems.push(Problem {
            line: p.line,
            message: format!("{} ({:?})", p.message, p.text),
        });
    }
    if block.is_request() {
        reading.format = Format::RequestHeaders;
        match block.to_pasted_request() {
            Some(r) => read_request(r, "the request headers", options, reading),
            None => reading.problems.push(Problem {
                line: 0,
                message: "these request headers have no request line with a host (`GET /path HTTP/1.1` and `Host:`), so the URL is not known".to_string(),
            }),
        }
        reading.block = Some(block);
        return;
    }
    reading.format = Format::ResponseHeaders;
    let (url, method) = match &block.request_line {
        Some(l) if url::Url::parse(&l.target).is_ok() => {
            (Some(l.target.clone()), Some(l.method.clone()))
        }
        Some(l) => (None, Some(l.method.clone())),
        None => (None, None),
    };
    judge_block(&block, url.as_deref(), method.as_deref(), options, reading);
    reading.block = Some(block);
}

/// HTTPie's output under the command that made it (`http OPTIONS url Origin:…`, then the
/// request it printed with `-v`, then the response): the response is judged as the answer to
/// the request the command sent, as a curl transcript is, and the format stays a header block.
/// `false` when the text does not start with an HTTPie command.
fn read_httpie(text: &str, options: &ReadOptions, reading: &mut Reading) -> bool {
    let start = text.len() - text.trim_start().len();
    let body = text.get(start..).unwrap_or("");
    let first = body.lines().next().unwrap_or("");
    if !super::httpie::is_command(first) {
        return false;
    }
    let Some((command, end)) = super::httpie::parse_command(body) else {
        return false;
    };
    let output = body.get(end..).unwrap_or("");
    // `-v` prints the request before the response: the response starts at the first status
    // line.
    let lines: Vec<&str> = output.lines().collect();
    let response_at = lines
        .iter()
        .position(|l| super::headers::status_line(l).is_some())
        .unwrap_or(0);
    let sent_text = lines.get(..response_at).unwrap_or(&[]).join("\n");
    let received_text = lines.get(response_at..).unwrap_or(&[]).join("\n");
    let sent_block = parse_header_block(&sent_text);
    let received_block = parse_header_block(&received_text);
    let transcript = CurlTranscript {
        command: Some(command),
        sent: if sent_block.request_line.is_some() {
            vec![sent_block]
        } else {
            Vec::new()
        },
        received: if received_block.headers.is_empty() && received_block.status.is_none() {
            Vec::new()
        } else {
            vec![received_block.clone()]
        },
        tls: None,
        problems: Vec::new(),
    };
    read_transcript(&transcript, options, reading);
    reading.notes = reading
        .notes
        .iter()
        .map(|n| n.replace("curl sent no Origin", "HTTPie sent no Origin"))
        .collect();
    reading.format = Format::ResponseHeaders;
    reading.block = Some(received_block);
    true
}

fn judge_block(
    block: &HeaderBlock,
    url: Option<&str>,
    method: Option<&str>,
    options: &ReadOptions,
    reading: &mut Reading,
) {
    let j = super::judge::judge(block, url, method, options.profile);
    let label = if j.is_preflight_answer {
        "the headers, as the preflight's answer"
    } else {
        "the headers, as the response"
    };
    let unknown = Unknowns {
        origin: true,
        credentials: true,
        request: method.is_none(),
        response: j.is_preflight_answer,
        headers: false,
        cors_headers: false,
    };
    verdict_if_settled(
        label.to_string(),
        j.scenario,
        j.assumed,
        j.findings,
        unknown,
        options,
        reading,
    );
}

/// DevTools' whole Headers tab: the request and the answer, both known.
fn read_sections(
    sections: super::headers::HeaderSections,
    options: &ReadOptions,
    reading: &mut Reading,
) {
    for block in [&sections.general, &sections.response, &sections.request]
        .into_iter()
        .flatten()
    {
        for p in &block.problems {
            reading.problems.push(Problem {
                line: p.line,
                message: format!("{} ({:?})", p.message, p.text),
            });
        }
    }
    let general = sections
        .general
        .clone()
        .unwrap_or_else(|| parse_header_block(""));
    let url = general
        .request_line
        .as_ref()
        .map(|l| l.target.clone())
        .filter(|t| url::Url::parse(t).is_ok());
    let method = general.request_line.as_ref().map(|l| l.method.clone());
    let mut response = sections
        .response
        .clone()
        .unwrap_or_else(|| parse_header_block(""));
    if response.status.is_none() {
        response.status = general.status;
    }
    reading.format = Format::ResponseHeaders;
    let request_block = sections.request.clone();
    let pasted = request_block.as_ref().and_then(|b| {
        let mut with_line = b.clone();
        if with_line.request_line.is_none()
            && let (Some(u), Some(m)) = (&url, &method)
        {
            with_line.request_line = Some(super::headers::RequestLine {
                method: m.clone(),
                target: u.clone(),
            });
        }
        with_line.to_pasted_request()
    });
    match pasted {
        Some(request) => {
            let mut assumed = Vec::new();
            let mut notes = Vec::new();
            let mut replies = vec![response.to_reply()];
            // A masked Origin the answer repeats keeps the relation, as in a transcript.
            let kept = masked_origin_kept(&request, &mut replies);
            let origin =
                origin_kept_or_assumed(&request, &kept, "answer", &mut assumed, &mut notes);
            let (init, is_preflight) = request_or_preflight(&request, &mut notes);
            let reply = replies.pop().unwrap_or_default();
            let mut scenario = Scenario {
                source: Some("pasted DevTools headers".to_string()),
                ..Scenario::of_request("headers", origin, init)
            };
            // A stand-in Origin is unknown, unless kept.
            let origin_unknown = kept.is_none()
                && request
                    .origin
                    .as_deref()
                    .is_none_or(super::tidy::is_placeholder);
            let mut unknown = Unknowns {
                origin: origin_unknown,
                credentials: request.credentials.is_none(),
                ..Unknowns::default()
            };
            if is_preflight {
                scenario.preflight = Some(reply);
                assumed.push("response".to_string());
                unknown.response = true;
            } else {
                scenario.response = reply;
                if crate::simulate::simulate_without_fix(&scenario, options.profile).preflight_sent
                {
                    assumed.push("preflight".to_string());
                }
            }
            let j = super::judge::judge(
                &response,
                url.as_deref(),
                method.as_deref(),
                options.profile,
            );
            notes.extend(j.findings);
            verdict_if_settled(
                "the request and its answer".to_string(),
                scenario,
                assumed,
                notes,
                unknown,
                options,
                reading,
            );
            reading.request = Some(request);
        }
        None => judge_block(
            &response,
            url.as_deref(),
            method.as_deref(),
            options,
            reading,
        ),
    }
    reading.block = Some(response);
}

/// The contract's JSON object, field order kept.
#[derive(Serialize)]
struct ReadingJson<'a> {
    format: &'static str,
    messages: Vec<MessageJson<'a>>,
    verdicts: Vec<VerdictJson<'a>>,
    problems: Vec<ProblemJson<'a>>,
    notes: &'a [String],
}

/// A message's eight contract fields.
#[derive(Serialize)]
pub struct MessageJson<'a> {
    browser: Option<&'static str>,
    kind: &'static str,
    cors_error: Option<&'static str>,
    firefox_reason: Option<&'static str>,
    url: Option<&'a str>,
    origin: Option<&'a str>,
    status: Option<u16>,
    parameter: Option<&'a str>,
}

impl<'a> MessageJson<'a> {
    /// The contract's view of a message.
    pub fn of(m: &'a ConsoleMessage) -> Self {
        MessageJson {
            browser: m.browser.map(Browser::id),
            kind: m.kind.as_str(),
            cors_error: m.cors_error_name(),
            firefox_reason: m.firefox_reason,
            url: m.url.as_deref(),
            origin: m.origin.as_deref(),
            status: m.status,
            parameter: m.parameter.as_deref(),
        }
    }
}

/// A verdict (which carries its `browser` and, for Firefox, `firefox_reason`), what was
/// assumed, and the notes.
#[derive(Serialize)]
pub struct VerdictJson<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    assumed: &'a [String],
    notes: &'a [String],
}

impl<'a> VerdictJson<'a> {
    /// The contract's view of a verdict read from a paste.
    pub fn of(v: &'a ReadVerdict) -> Self {
        VerdictJson {
            verdict: &v.verdict,
            assumed: &v.assumed,
            notes: &v.notes,
        }
    }
}

#[derive(Serialize)]
struct ProblemJson<'a> {
    line: usize,
    message: &'a str,
}

/// The scenario a page puts on screen for a paste, so that the verdict under the paste box is
/// always the paste's ([`Reading::on_screen`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnScreen {
    /// The scenario.
    pub scenario: Scenario,
    /// The fields the paste did not give and corsim assumed: marked as assumed, and kept out
    /// of the advice ([`crate::advice`]).
    pub assumed: Vec<String>,
    /// What it stands for, in a few words (`the scenario that reproduces console message 1`).
    pub label: String,
    /// The browser to judge it in: the one that printed the pasted message, when the paste
    /// says so.
    pub browser: Option<Browser>,
}

impl Reading {
    /// The scenario that stands for the whole paste: for console messages the one that
    /// reproduces the first CORS message (in the browser that printed it), for a curl
    /// transcript its request and the answers curl received, for scenario JSON the first
    /// scenario; `None` when the paste says too little to build one (a header block, which
    /// could be either answer; a HAR file, whose requests are chosen one by one; a request
    /// alone, whose answers the page keeps).
    pub fn on_screen(&self) -> Option<OnScreen> {
        match self.format {
            Format::Console => self.message_on_screen(0),
            Format::CurlTranscript => self
                .scenario
                .clone()
                .or_else(|| {
                    self.verdicts
                        .first()
                        .map(|v| (Scenario::clone(&v.scenario), v.assumed.clone()))
                })
                .map(|(scenario, assumed)| OnScreen {
                    scenario,
                    assumed,
                    label: "the curl transcript".to_string(),
                    browser: None,
                }),
            Format::Scenario => self.verdicts.first().map(|v| OnScreen {
                scenario: Scenario::clone(&v.scenario),
                assumed: v.assumed.clone(),
                label: "the pasted scenario".to_string(),
                browser: None,
            }),
            Format::Har
            | Format::CurlCommand
            | Format::FetchCall
            | Format::RequestHeaders
            | Format::ResponseHeaders
            | Format::Unknown => None,
        }
    }

    /// The scenario that reproduces a console message, for the verdict at `index` in
    /// [`Reading::verdicts`]: with the fields assumed, in the browser that printed the message
    /// (else the one whose profile the reading chose).
    pub fn message_on_screen(&self, index: usize) -> Option<OnScreen> {
        let v = self.verdicts.get(index)?;
        Some(OnScreen {
            scenario: Scenario::clone(&v.scenario),
            assumed: v.assumed.clone(),
            label: format!("the scenario that reproduces console {}", v.label),
            browser: Some(
                v.message
                    .and_then(|i| self.messages.get(i))
                    .and_then(|m| m.browser)
                    .unwrap_or(v.browser),
            ),
        })
    }
}

impl Reading {
    fn json_view(&self) -> ReadingJson<'_> {
        ReadingJson {
            format: self.format.as_str(),
            messages: self.messages.iter().map(MessageJson::of).collect(),
            verdicts: self.verdicts.iter().map(VerdictJson::of).collect(),
            problems: self
                .problems
                .iter()
                .map(|p| ProblemJson {
                    line: p.line,
                    message: &p.message,
                })
                .collect(),
            notes: &self.notes,
        }
    }

    /// The reading in the contract's JSON (`SCHEMA.md`, "explain --json"), fields in the
    /// contract's order.
    pub fn to_json_string(&self, pretty: bool) -> String {
        let view = self.json_view();
        let text = if pretty {
            serde_json::to_string_pretty(&view)
        } else {
            serde_json::to_string(&view)
        };
        text.unwrap_or_default()
    }

    /// The same as a JSON value.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.json_view()).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(text: &str) -> Reading {
        read(text, &ReadOptions::new(&Profile::CHROMIUM))
    }

    #[test]
    fn a_console_message_puts_its_reproducing_scenario_on_screen_in_its_browser() {
        let r = reading(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.orders-demo.io/v1/items. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 200.",
        );
        let Some(shown) = r.on_screen() else {
            panic!("nothing on screen: {r:?}");
        };
        assert_eq!(shown.browser, Some(Browser::Firefox));
        assert_eq!(
            shown.scenario.request.url,
            "https://api.orders-demo.io/v1/items"
        );
        assert!(
            shown.assumed.iter().any(|a| a == "origin"),
            "{:?}",
            shown.assumed
        );
        assert_eq!(r.message_on_screen(0), Some(shown));
        assert_eq!(r.message_on_screen(1), None);
    }

    #[test]
    fn a_transcript_puts_its_request_and_answer_on_screen() {
        let r = reading(
            "$ curl -i https://api.orders-demo.io/v1/items -H 'Origin: https://shop.orders-demo.io'\nHTTP/1.1 200 OK\ncontent-type: application/json\n\n{}",
        );
        let Some(shown) = r.on_screen() else {
            panic!("nothing on screen: {r:?}");
        };
        assert_eq!(shown.scenario.origin, "https://shop.orders-demo.io");
        assert_eq!(shown.scenario.response.status, 200);
        assert!(
            !shown.assumed.iter().any(|a| a == "origin"),
            "{:?}",
            shown.assumed
        );
        assert_eq!(shown.browser, None);
    }

    #[test]
    fn a_header_block_or_a_request_alone_puts_nothing_on_screen() {
        for text in [
            "HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: *\n",
            "curl 'https://api.orders-demo.io/v1/items' -H 'Authorization: Bearer x'",
        ] {
            assert_eq!(reading(text).on_screen(), None, "{text}");
        }
    }

    fn problem(text: &str) -> String {
        let profile = Profile::CHROMIUM;
        let reading = read(text, &ReadOptions::new(&profile));
        assert_eq!(reading.format, Format::Unknown, "{text}");
        reading
            .problems
            .first()
            .map(|p| p.message.clone())
            .unwrap_or_default()
    }

    /// Text that is not JSON never gets a JSON error: the problem says what was looked for and
    /// what the text holds that comes closest.
    #[test]
    fn unrecognised_text_says_what_was_seen() {
        let p = problem("my CORS setup is broken, the origin is rejected");
        assert!(p.starts_with("not recognised: corsim looked for"), "{p}");
        assert!(
            p.contains("\"cors\"") && p.contains("no browser message"),
            "{p}"
        );
        assert!(!p.contains("JSON:"), "{p}");
        let p = problem("it fails when I call https://api.shop.io/v1 from the app");
        assert!(p.contains("a URL (https://api.shop.io/v1)"), "{p}");
        let p = problem("const r = await fetchIt(url);\nif (!r.ok) { throw r; }");
        assert!(p.contains("program code"), "{p}");
        let p = problem("hello");
        assert!(p.ends_with("starting \"hello\""), "{p}");
        // JSON-looking text gets the JSON parser's error.
        let profile = Profile::CHROMIUM;
        let reading = read("{\"origin\": ", &ReadOptions::new(&profile));
        let p = reading.problems.first().map(|p| p.message.as_str());
        assert!(p.is_some_and(|p| p.contains("not valid JSON")), "{p:?}");
    }
}
