//! What the components show, derived from a verdict: the kind of answer, where the problem
//! is, the messages of the sequence diagram, the facts about the request; and from the paste
//! box's results: the rows and counts of a HAR table, what a console message that is not CORS
//! really is, where an analysis stands. Pure functions over the engine's data; they arrange and
//! name it, they decide nothing about CORS (the steps, their outcomes and their sentences all
//! come from the engine).

use corsim::Verdict;
use corsim::paste::console::NotCors;
use corsim::paste::har::{HarAnalysis, HarRequest};
use corsim::reason::{AllowOriginProblem, Reason, Stage};
use corsim::response::ResponseType;
use corsim::scenario::Scenario;
use corsim::trace::{Outcome, Phase, StepKind};
use corsim::verdict::FetchOutcome;
use corsim::verdict::Target;

use crate::har_job::{JobProgress, JobStage, JobStats};
use crate::paste::size_words;
pub use corsim::text::sequence::{
    Lane, Message, Status, StepView, failing_step, messages, step_view,
};

/// The answer in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The script can read the response.
    Allowed,
    /// `fetch()` rejects (or throws before sending).
    Blocked,
    /// `fetch()` resolves with a response the script cannot read.
    Opaque,
}

impl Kind {
    /// The word shown in the verdict badge.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Allowed => "Allowed",
            Kind::Blocked => "Blocked",
            Kind::Opaque => "Opaque",
        }
    }

    /// The CSS class of the badge and the banner.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Allowed => "allowed",
            Kind::Blocked => "blocked",
            Kind::Opaque => "opaque",
        }
    }
}

/// The kind of a verdict.
pub fn kind(verdict: &Verdict) -> Kind {
    match verdict.fetch {
        FetchOutcome::Rejected => Kind::Blocked,
        FetchOutcome::Resolved => match verdict.response_type {
            Some(ResponseType::Opaque | ResponseType::Opaqueredirect) => Kind::Opaque,
            Some(ResponseType::Basic | ResponseType::Cors) | None => Kind::Allowed,
        },
    }
}

/// The verdict in a few words, for the bar that stays in view next to the form.
pub fn mini_verdict(kind: Kind, verdict: &Verdict) -> String {
    match (kind, &verdict.reason) {
        (Kind::Blocked, Some(reason)) => corsim::text::summary::headline(reason),
        (Kind::Blocked, None) => verdict.summary.clone(),
        (Kind::Opaque, _) => "the response is opaque: the script cannot read it".to_string(),
        (Kind::Allowed, _) => "the script can read the response".to_string(),
    }
}

/// Where the thing to change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Culprit {
    /// The script's `fetch()` call.
    Request,
    /// The server's answer to the preflight.
    Preflight,
    /// The server's response to the request itself.
    Response,
    /// A redirect the server sent.
    Redirect,
    /// Not the headers at all: where the page and the API are served from.
    Deployment,
}

impl Culprit {
    /// Where to look, in a few words.
    pub fn words(self) -> &'static str {
        match self {
            Culprit::Request => "the fetch() call in the page's script",
            Culprit::Preflight => "the server's answer to the preflight (OPTIONS)",
            Culprit::Response => "the server's response",
            Culprit::Redirect => "the server's redirect",
            Culprit::Deployment => {
                "where the page and the API are served from (no response header can fix it)"
            }
        }
    }
}

/// Where the problem behind a reason is.
pub fn culprit(reason: &Reason) -> Culprit {
    match reason {
        Reason::InvalidUrl { .. }
        | Reason::UrlHasCredentials { .. }
        | Reason::InvalidMethod { .. }
        | Reason::ForbiddenMethod { .. }
        | Reason::NoCorsMethod { .. }
        | Reason::BodyWithGetOrHead { .. }
        | Reason::InvalidHeaderName { .. }
        | Reason::InvalidHeaderValue { .. }
        | Reason::HeaderValueNotByteString { .. }
        | Reason::DisallowedByMode { .. }
        | Reason::NoCorsRedirectModeNotFollow { .. }
        | Reason::CorsDisabledScheme { .. } => Culprit::Request,
        Reason::MixedContent { .. } => Culprit::Deployment,
        Reason::PreflightDisallowedRedirect { .. }
        | Reason::PreflightInvalidStatus { .. }
        | Reason::InvalidAllowMethods { .. }
        | Reason::InvalidAllowHeaders { .. }
        | Reason::MethodNotAllowed { .. }
        | Reason::HeaderNotAllowed { .. } => Culprit::Preflight,
        Reason::AllowOrigin { stage, problem } => {
            let _: &AllowOriginProblem = problem;
            stage_culprit(*stage)
        }
        Reason::AllowCredentials { stage, .. } | Reason::InvalidHttpResponse { stage, .. } => {
            stage_culprit(*stage)
        }
        Reason::RedirectContainsCredentials { .. }
        | Reason::RedirectLocationHasCredentials { .. }
        | Reason::SameOriginModeRedirect { .. }
        | Reason::RedirectModeError { .. }
        | Reason::TooManyRedirects { .. }
        | Reason::UnsafeRedirect { .. } => Culprit::Redirect,
    }
}

fn stage_culprit(stage: Stage) -> Culprit {
    match stage {
        Stage::Preflight => Culprit::Preflight,
        Stage::Response => Culprit::Response,
    }
}

/// Which of the server's answers a change of the fix applies to, in words.
pub fn target_words(target: &Target, scenario: &Scenario, preflight_sent: bool) -> String {
    match target {
        Target::Preflight => "the answer to the preflight (OPTIONS)".to_string(),
        Target::Response if scenario.preflight.is_none() && preflight_sent => {
            "the response (which also answers the preflight)".to_string()
        }
        Target::Response => "the response".to_string(),
        Target::Redirect(i) => format!("redirect {}", i + 1),
    }
}

/// The facts about the request the page shows while the user types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestFacts {
    /// Same origin or cross-origin, and why.
    pub origin: Option<StepView>,
    /// Whether a preflight is needed, and what triggers it.
    pub preflight_decision: Option<StepView>,
    /// Headers the browser drops or changes before sending.
    pub dropped: Vec<StepView>,
    /// The preflight request, as HTTP/1.1 text.
    pub preflight_request: Option<String>,
    /// The step that stopped `fetch()` before anything was sent, if one did.
    pub request_error: Option<StepView>,
}

/// The request facts of a verdict.
pub fn request_facts(verdict: &Verdict) -> RequestFacts {
    let browser = verdict.browser;
    let find = |wanted: fn(&StepKind) -> bool| {
        verdict
            .steps
            .iter()
            .find(|s| wanted(&s.kind))
            .map(|s| step_view(s, browser))
    };
    RequestFacts {
        origin: find(|k| matches!(k, StepKind::SameOrigin { .. })),
        preflight_decision: find(|k| matches!(k, StepKind::PreflightDecision { .. })),
        dropped: verdict
            .steps
            .iter()
            .filter(|s| {
                matches!(
                    s.kind,
                    StepKind::HeaderForbidden { .. }
                        | StepKind::HeaderDroppedNoCors { .. }
                        | StepKind::HeaderTrimmed { .. }
                        | StepKind::BodyContentType
                        | StepKind::HeadersCombined { .. }
                )
            })
            .map(|s| step_view(s, browser))
            .collect(),
        preflight_request: verdict.steps.iter().find_map(|s| match &s.kind {
            StepKind::PreflightRequest {
                url,
                origin,
                method,
                headers,
            } => Some(preflight_http(url, origin, method, headers.as_deref())),
            _ => None,
        }),
        request_error: verdict
            .steps
            .iter()
            .find(|s| s.phase() == Phase::Request && s.outcome == Outcome::Fail)
            .map(|s| step_view(s, browser)),
    }
}

/// The preflight request as HTTP/1.1 text: request line, `Host`, and the CORS headers the
/// engine recorded.
pub fn preflight_http(url: &str, origin: &str, method: &str, headers: Option<&str>) -> String {
    let mut text = match url::Url::parse(url) {
        Ok(u) => {
            let mut path = u.path().to_string();
            if let Some(q) = u.query() {
                path.push('?');
                path.push_str(q);
            }
            let host = match (u.host_str(), u.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_string(),
                (None, _) => String::new(),
            };
            format!("OPTIONS {path} HTTP/1.1\nHost: {host}\n")
        }
        Err(_) => format!("OPTIONS {url} HTTP/1.1\n"),
    };
    text.push_str(&format!("Origin: {origin}\n"));
    text.push_str(&format!("Access-Control-Request-Method: {method}\n"));
    if let Some(h) = headers {
        text.push_str(&format!("Access-Control-Request-Headers: {h}\n"));
    }
    text
}

/// What a console message that looks like a CORS error really is, in a few words.
pub fn not_cors_label(not_cors: NotCors) -> &'static str {
    match not_cors {
        NotCors::MixedContent => "mixed content (an https page asking for an http URL)",
        NotCors::NetworkFailure => "a network failure, or only the script's generic error",
        NotCors::LocalNetworkAccess => {
            "Local Network Access (a public page reaching a local address)"
        }
        NotCors::ContentSecurityPolicy => "the page's own Content Security Policy",
        NotCors::Other => "something else (an extension, CORB or CORP, a warning)",
    }
}

/// One row of the HAR table: a cross-origin request, what the browser recorded and corsim's
/// verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct HarRow {
    /// Its position in the analysis (to load it).
    pub position: usize,
    /// The index of its entry in the HAR's `log.entries`.
    pub index: usize,
    /// The method.
    pub method: String,
    /// The URL, its secrets masked unless they are kept.
    pub url: String,
    /// Whether the request failed in the browser (an `_error`, or status 0).
    pub failed: bool,
    /// What the browser recorded: the final status, or how the request failed.
    pub recorded: String,
    /// corsim's verdict.
    pub kind: Kind,
    /// The verdict in a few words.
    pub verdict: String,
    /// DevTools' name of the CORS error (`MissingAllowOriginHeader`).
    pub cors_error: Option<&'static str>,
    /// Whether the browser's record and corsim's verdict disagree.
    pub disagrees: bool,
    /// What had to be assumed or restored, and what the HAR could not say.
    pub notes: Vec<String>,
}

/// The first `limit` rows of the HAR table, in the order of the file (a file may hold thousands
/// of requests; the rows shown are the only ones worded).
pub fn har_rows(analysis: &HarAnalysis, keep_secrets: bool, limit: usize) -> Vec<HarRow> {
    analysis
        .entries
        .iter()
        .take(limit)
        .enumerate()
        .map(|(position, r)| har_row(position, r, keep_secrets))
        .collect()
}

fn har_row(position: usize, r: &HarRequest, keep_secrets: bool) -> HarRow {
    let kind = kind(&r.verdict);
    HarRow {
        position,
        index: r.index,
        method: r.method.clone(),
        url: if keep_secrets {
            r.url.clone()
        } else {
            crate::paste::mask_url(&r.url)
        },
        failed: r.recorded_failure,
        recorded: recorded(r),
        kind,
        verdict: mini_verdict(kind, &r.verdict),
        cors_error: r.verdict.cors_error.map(|e| e.name()),
        disagrees: disagrees(r),
        notes: r.notes.iter().map(|n| sentence(n)).collect(),
    }
}

/// What the browser recorded for a request: its final status, or how it failed — with no
/// response at all (status 0: blocked at the preflight, or never answered) or after the
/// response arrived (a status and a network error, as a CORS failure of the response leaves).
fn recorded(r: &HarRequest) -> String {
    match (
        r.recorded_failure,
        r.recorded_status,
        r.recorded_error.as_deref(),
    ) {
        (false, status, _) => status.to_string(),
        (true, 0, _) => "failed, no response".to_string(),
        (true, status, Some(error)) => format!("{status}, then {error}"),
        (true, status, None) => format!("{status}, failed"),
    }
}

/// An engine message (lowercase, no final period) as a sentence.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out = match chars.next() {
        Some(first) => crate::browser::upper_case(first) + chars.as_str(),
        None => String::new(),
    };
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The counts above the HAR table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HarSummary {
    /// Cross-origin requests.
    pub requests: usize,
    /// Requests corsim blocks.
    pub blocked: usize,
    /// Requests that failed in the browser.
    pub failed: usize,
    /// Requests on which the browser's record and corsim disagree.
    pub disagree: usize,
    /// Entries left out (same-origin, documents, images, preflights folded in).
    pub skipped: usize,
}

/// Whether the browser's record (failed or not) and corsim's verdict (blocked or not) differ.
fn disagrees(r: &HarRequest) -> bool {
    r.recorded_failure != (kind(&r.verdict) == Kind::Blocked)
}

/// The counts of an analysis.
pub fn har_summary(analysis: &HarAnalysis) -> HarSummary {
    let rows = &analysis.entries;
    HarSummary {
        requests: rows.len(),
        blocked: rows
            .iter()
            .filter(|r| kind(&r.verdict) == Kind::Blocked)
            .count(),
        failed: rows.iter().filter(|r| r.recorded_failure).count(),
        disagree: rows.iter().filter(|r| disagrees(r)).count(),
        skipped: analysis.skipped,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The counts in a sentence.
pub fn har_summary_words(s: &HarSummary) -> String {
    let mut text = format!(
        "{}: corsim blocks {}; {} in the browser.",
        plural(s.requests, "cross-origin request", "cross-origin requests"),
        s.blocked,
        plural(s.failed, "failed", "failed"),
    );
    if s.disagree > 0 {
        text.push_str(&format!(
            " corsim and the browser's record disagree on {} (see the notes).",
            s.disagree
        ));
    }
    text
}

/// What the table leaves out, in a sentence.
pub fn har_left_out_words(s: &HarSummary) -> String {
    format!(
        "{} left out (same-origin requests, documents, images; each preflight is shown with its request).",
        plural(s.skipped, "other entry", "other entries")
    )
}

/// Where a HAR analysis stands, in words: "Reading the entries: 8.4 of 20.1 MB".
pub fn job_words(p: &JobProgress) -> String {
    match p.stage {
        JobStage::Loading => format!(
            "Loading the text: {} of {}",
            size_words(p.done),
            size_words(p.total)
        ),
        JobStage::Reading => format!(
            "Reading the entries: {} of {}",
            size_words(p.done),
            size_words(p.total)
        ),
        JobStage::Simulating => format!(
            "Simulating the cross-origin requests: {} of {}",
            p.done, p.total
        ),
    }
}

/// How long an analysis took, in words.
pub fn job_stats_words(stats: &JobStats) -> String {
    if stats.slices <= 1 {
        format!(
            "Read {} in {:.0} ms.",
            size_words(stats.bytes),
            stats.wall_ms.ceil()
        )
    } else {
        format!(
            "Read {} in {:.1} s, in {} slices of work of at most {:.0} ms each, so the page stayed responsive.",
            size_words(stats.bytes),
            stats.wall_ms / 1000.0,
            stats.slices,
            stats.longest_ms.ceil()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(json: &str) -> (Scenario, Verdict) {
        match corsim::parse_scenario(json) {
            Ok(s) => {
                let v = corsim::simulate(&s);
                (s, v)
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_sentence_starts_with_a_capital() {
        assert_eq!(sentence("no response"), "No response.");
        assert_eq!(sentence("done!"), "Done!");
        assert_eq!(sentence("ßtraße"), "SStraße.");
        assert_eq!(sentence("élan"), "Élan.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn a_failed_preflight_shows_the_request_that_never_went() {
        let (s, v) = verdict(
            r#"{"origin":"https://app.example.com",
                "request":{"url":"https://api.example.com/v1/orders","method":"PUT"},
                "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"]]},
                "response":{"status":200}}"#,
        );
        let m = messages(&s, &v);
        let shape: Vec<(Lane, Lane, Status)> = m.iter().map(|m| (m.from, m.to, m.status)).collect();
        assert_eq!(
            shape,
            vec![
                (Lane::Page, Lane::Browser, Status::Done),
                (Lane::Browser, Lane::Server, Status::Done),
                (Lane::Server, Lane::Browser, Status::Failed),
                (Lane::Browser, Lane::Server, Status::NotReached),
                (Lane::Browser, Lane::Page, Status::Failed),
            ]
        );
        assert_eq!(
            m.get(2).map(|m| m.title.as_str()),
            Some("204 answer to the preflight")
        );
        // Every step is in exactly one message, in order.
        let all: Vec<&str> = m
            .iter()
            .flat_map(|m| m.steps.iter().map(|s| s.id))
            .collect();
        let expected: Vec<&str> = v.steps.iter().map(|s| s.id()).collect();
        assert_eq!(all, expected);
        assert_eq!(
            culprit(
                v.reason
                    .as_ref()
                    .unwrap_or(&Reason::TooManyRedirects { limit: 0 })
            ),
            Culprit::Preflight
        );
        let facts = request_facts(&v);
        let pre = facts.preflight_request.unwrap_or_default();
        assert!(pre.starts_with("OPTIONS /v1/orders HTTP/1.1\nHost: api.example.com\nOrigin: https://app.example.com\n"), "{pre}");
        assert!(
            pre.contains("Access-Control-Request-Method: PUT\n"),
            "{pre}"
        );
    }

    #[test]
    fn an_allowed_simple_request_ends_with_what_the_script_reads() {
        let (s, v) = verdict(
            r#"{"origin":"https://app.example.com",
                "request":{"url":"https://api.example.com/v1/orders"},
                "response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["Content-Type","text/plain"]]}}"#,
        );
        assert!(v.is_readable());
        let m = messages(&s, &v);
        let last = m
            .last()
            .map(|m| (m.from, m.to, m.title.clone(), m.lines.clone()));
        assert_eq!(
            last,
            Some((
                Lane::Browser,
                Lane::Page,
                "fetch() resolves: cors response, status 200".to_string(),
                vec!["readable headers: content-type".to_string()]
            ))
        );
        assert!(m.iter().all(|m| m.status == Status::Done));
        assert_eq!(m.get(2).map(|m| m.title.as_str()), Some("200 response"));
    }
}
