//! The sequence diagram of a verdict: page → browser → server arrows (the preflight, its
//! answer, the request, the response, what the script reads), each with the engine's steps
//! that belong to it, grouped by the steps' stable ids. The page's timeline and `corsim render`
//! draw it; the words of each step come from [`steps`].

use crate::Verdict;
use crate::headers::to_display;
use crate::profile::Browser;
use crate::scenario::Scenario;
use crate::text::steps;
use crate::trace::{Outcome, Phase, Step, StepKind, Values};
use crate::verdict::FetchOutcome;

/// A lane of the sequence diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// The page's script.
    Page,
    /// The browser.
    Browser,
    /// The server.
    Server,
}

impl Lane {
    /// The lane's position, from the left.
    pub fn index(self) -> usize {
        match self {
            Lane::Page => 0,
            Lane::Browser => 1,
            Lane::Server => 2,
        }
    }
}

/// How a message of the diagram came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// It happened and nothing in it failed.
    Done,
    /// A check in it failed: this is where the fetch failed.
    Failed,
    /// It never happened (shown greyed, so the missing step is visible).
    NotReached,
}

/// One arrow of the sequence diagram, with the steps that belong to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Where the arrow starts.
    pub from: Lane,
    /// Where it ends.
    pub to: Lane,
    /// The label on the arrow.
    pub title: String,
    /// A few lines under the label (the headers that matter).
    pub lines: Vec<String>,
    /// The engine's steps, in order, in words.
    pub steps: Vec<StepView>,
    /// How it came out.
    pub status: Status,
    /// Whether it is the request itself going to the server.
    pub is_request: bool,
}

impl Message {
    fn new(from: Lane, to: Lane, title: String) -> Message {
        Message {
            from,
            to,
            title,
            lines: Vec::new(),
            steps: Vec::new(),
            status: Status::Done,
            is_request: false,
        }
    }
}

/// A step of the trace as the page shows it: the engine's words for the verdict's browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepView {
    /// The step's stable id (`preflight.allow-origin`), for tests and styling.
    pub id: &'static str,
    /// What was checked.
    pub check: &'static str,
    /// How it came out.
    pub outcome: Outcome,
    /// The sentence.
    pub reason: String,
    /// The values compared.
    pub values: Values,
    /// The spec section.
    pub spec: &'static str,
}

/// A step in words, for a browser.
pub fn step_view(step: &Step, browser: Browser) -> StepView {
    StepView {
        id: step.id(),
        check: steps::check(step),
        outcome: step.outcome,
        reason: steps::reason(step, browser),
        values: steps::values(step, browser),
        spec: step.spec(),
    }
}

/// The step that failed, if one did.
pub fn failing_step(verdict: &Verdict) -> Option<&Step> {
    verdict.steps.iter().find(|s| s.outcome == Outcome::Fail)
}

/// The messages of the sequence diagram: page → browser → server and back, each with the steps
/// the engine took there. The steps are grouped by their kind (the preflight request starts the
/// preflight, the request sent a request, the filtered response the answer to the script).
pub fn messages(scenario: &Scenario, verdict: &Verdict) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    let mut call = Message::new(
        Lane::Page,
        Lane::Browser,
        format!(
            "fetch({:?}, {{ method: {:?} }})",
            scenario.request.url, scenario.request.method
        ),
    );
    call.lines.push(format!(
        "mode: {}, credentials: {}",
        scenario.request.mode.as_str(),
        scenario.request.credentials.as_str()
    ));
    out.push(call);
    let mut hop_reply = 0usize;
    for step in &verdict.steps {
        let current = out.last().map(|m| (m.from, m.to));
        match &step.kind {
            StepKind::PreflightRequest {
                url,
                origin,
                method,
                headers,
            } => {
                let mut m = Message::new(Lane::Browser, Lane::Server, format!("OPTIONS {url}"));
                m.lines.push(format!("Origin: {origin}"));
                m.lines
                    .push(format!("Access-Control-Request-Method: {method}"));
                if let Some(h) = headers {
                    m.lines.push(format!("Access-Control-Request-Headers: {h}"));
                }
                out.push(m);
            }
            StepKind::PreflightCacheHit { .. } => {
                out.push(Message::new(
                    Lane::Browser,
                    Lane::Browser,
                    "preflight cache hit".to_string(),
                ));
            }
            StepKind::RequestSent {
                method,
                url,
                origin,
                headers,
                ..
            } => {
                let mut m = Message::new(Lane::Browser, Lane::Server, format!("{method} {url}"));
                if let Some(origin) = origin {
                    m.lines.push(format!("Origin: {origin}"));
                }
                for h in headers {
                    m.lines
                        .push(format!("{}: {}", to_display(&h.name), to_display(&h.value)));
                }
                m.is_request = true;
                out.push(m);
            }
            StepKind::ResponseType { .. } | StepKind::ExposedHeaders { .. } => {
                if current == Some((Lane::Browser, Lane::Server)) {
                    push_reply(&mut out, scenario, Phase::Response, &mut hop_reply);
                }
                if out.last().map(|m| (m.from, m.to)) != Some((Lane::Browser, Lane::Page)) {
                    out.push(Message::new(
                        Lane::Browser,
                        Lane::Page,
                        "fetch() resolves".to_string(),
                    ));
                }
            }
            _ => {
                let phase = step.phase();
                let starts_reply = match phase {
                    Phase::Preflight => current == Some((Lane::Browser, Lane::Server)),
                    Phase::Redirect | Phase::Response => {
                        current == Some((Lane::Browser, Lane::Server))
                            && out.last().is_some_and(|m| m.is_request)
                    }
                    Phase::Request => false,
                };
                if starts_reply {
                    push_reply(&mut out, scenario, phase, &mut hop_reply);
                }
            }
        }
        if let Some(last) = out.last_mut() {
            if step.outcome == Outcome::Fail {
                last.status = Status::Failed;
            }
            last.steps.push(step_view(step, verdict.browser));
        }
    }
    // What was never sent, so the gap is visible.
    if verdict.preflight_sent && !verdict.request_sent {
        let mut m = Message::new(
            Lane::Browser,
            Lane::Server,
            format!(
                "{} {} — never sent",
                scenario.request.method, scenario.request.url
            ),
        );
        m.status = Status::NotReached;
        out.push(m);
    }
    // The end: what the script gets.
    match verdict.fetch {
        FetchOutcome::Resolved => {
            if let Some(last) = out.last_mut().filter(|m| m.to == Lane::Page) {
                last.title = match verdict.response_type {
                    Some(t) => format!(
                        "fetch() resolves: {} response, status {}",
                        t.as_str(),
                        verdict.status.unwrap_or(0)
                    ),
                    None => "fetch() resolves".to_string(),
                };
                last.lines = if verdict.exposed_headers.is_empty() {
                    vec!["readable headers: none".to_string()]
                } else {
                    vec![format!(
                        "readable headers: {}",
                        verdict.exposed_headers.join(", ")
                    )]
                };
            }
        }
        FetchOutcome::Rejected => {
            let mut m = Message::new(
                Lane::Browser,
                Lane::Page,
                format!(
                    "fetch() rejects: {}",
                    verdict
                        .exception
                        .as_deref()
                        .unwrap_or("TypeError: Failed to fetch")
                ),
            );
            m.status = Status::Failed;
            if verdict.request_sent {
                m.lines.push(
                    "the server did receive and act on the request; only the answer is hidden"
                        .to_string(),
                );
            }
            out.push(m);
        }
    }
    out
}

/// Adds the server's answer to the last request: the preflight's answer, a redirect, or the
/// response.
fn push_reply(out: &mut Vec<Message>, scenario: &Scenario, phase: Phase, hop_reply: &mut usize) {
    let preflight = phase == Phase::Preflight;
    let reply = if preflight {
        scenario.preflight_reply()
    } else {
        let r = scenario
            .redirects
            .get(*hop_reply)
            .unwrap_or(&scenario.response);
        *hop_reply += 1;
        r
    };
    let what = if preflight {
        "answer to the preflight"
    } else if phase == Phase::Redirect {
        "redirect"
    } else {
        "response"
    };
    let mut m = Message::new(
        Lane::Server,
        Lane::Browser,
        format!("{} {what}", reply.status),
    );
    m.lines = reply
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    out.push(m);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preflight_blocked_request_greys_the_request_and_fails_the_answer() {
        let s = match crate::parse_scenario(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","method":"PUT"},
                "preflight":{"status":204},"response":{"status":200}}"#,
        ) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        };
        let v = crate::simulate(&s);
        let m = messages(&s, &v);
        assert!(m.iter().any(|m| m.status == Status::Failed), "{m:?}");
        assert!(
            m.iter()
                .any(|m| m.title.ends_with("never sent") && m.status == Status::NotReached),
            "{m:?}"
        );
        assert_eq!(
            m.first().map(|m| (m.from, m.to)),
            Some((Lane::Page, Lane::Browser))
        );
    }
}
