//! The fix: the smallest server-side change that makes a blocked scenario pass. Each change is
//! applied to a copy of the scenario and simulated again, so a fix is only called verified when
//! the simulator agrees that it works.

use crate::fetch::simulate_without_fix;
use crate::headers::is_token;
use crate::profile::Profile;
use crate::reason::{AllowOriginProblem, Reason, Stage};
use crate::scenario::{Reply, Scenario};
use crate::trace::Outcome;
use crate::verdict::{Change, Fix, Target, Verdict};

/// How many rounds of change-and-simulate the search allows.
const ROUNDS: usize = 8;

/// Looks for server changes that make the scenario readable by the script. `None` when it is
/// already readable, or when no server change can help (a TypeError, mixed content, no-cors).
pub fn find_fix(scenario: &Scenario, profile: &Profile, verdict: &Verdict) -> Option<Fix> {
    if verdict.is_readable() {
        return None;
    }
    let mut current = scenario.clone();
    let mut verdict = verdict.clone();
    let mut changes: Vec<Change> = Vec::new();
    for _ in 0..ROUNDS {
        let reason = verdict.reason.clone()?;
        let round = changes_for(&current, &verdict, &reason);
        if round.is_empty() {
            break;
        }
        for change in &round {
            apply(&mut current, change);
        }
        changes.extend(round);
        verdict = simulate_without_fix(&current, profile);
        if verdict.is_readable() {
            return Some(Fix {
                summary: summarize(&changes),
                changes,
                verified: true,
            });
        }
    }
    (!changes.is_empty()).then(|| Fix {
        summary: summarize(&changes),
        changes,
        verified: false,
    })
}

/// The hop of the failing step.
fn failing_hop(verdict: &Verdict) -> usize {
    verdict
        .steps
        .iter()
        .rev()
        .find(|s| s.outcome == Outcome::Fail)
        .and_then(|s| s.hop)
        .unwrap_or(0)
}

/// The origin the failing check compared with: the page's, or `null` after a tainting redirect.
fn origin_to_allow(scenario: &Scenario, verdict: &Verdict) -> String {
    if verdict.steps.iter().any(|s| s.id == "redirect.taint") {
        return "null".to_string();
    }
    match crate::origin::parse_page_origin(&scenario.origin) {
        Ok(page) => page.serialized.clone(),
        Err(_) => scenario.origin.clone(),
    }
}

fn target_for(scenario: &Scenario, verdict: &Verdict, stage: Stage) -> Target {
    match stage {
        Stage::Preflight if scenario.preflight.is_some() => Target::Preflight,
        Stage::Preflight => Target::Response,
        Stage::Response => {
            let hop = failing_hop(verdict);
            if hop < scenario.redirects.len() {
                Target::Redirect(hop)
            } else {
                Target::Response
            }
        }
    }
}

fn tokens_of(value: &str) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| is_token(t.as_bytes()))
        .map(str::to_string)
        .collect()
}

fn changes_for(scenario: &Scenario, verdict: &Verdict, reason: &Reason) -> Vec<Change> {
    let set = |target: Target, header: &str, value: String| Change::SetHeader {
        target,
        header: header.to_string(),
        value,
    };
    match reason {
        Reason::AllowOrigin { stage, problem } => {
            let target = target_for(scenario, verdict, *stage);
            let _ = matches!(problem, AllowOriginProblem::Missing);
            vec![set(
                target,
                "Access-Control-Allow-Origin",
                origin_to_allow(scenario, verdict),
            )]
        }
        Reason::AllowCredentials { stage, .. } => {
            vec![set(
                target_for(scenario, verdict, *stage),
                "Access-Control-Allow-Credentials",
                "true".to_string(),
            )]
        }
        Reason::PreflightInvalidStatus { .. } => vec![Change::SetStatus {
            target: Target::Preflight,
            status: 204,
        }],
        Reason::PreflightDisallowedRedirect { .. } => vec![
            Change::SetStatus {
                target: Target::Preflight,
                status: 204,
            },
            Change::RemoveHeader {
                target: Target::Preflight,
                header: "Location".to_string(),
            },
        ],
        Reason::InvalidAllowMethods { value, .. }
        | Reason::MethodNotAllowed {
            allowed: Some(value),
            ..
        } => {
            let method = method_of(verdict);
            let mut items = tokens_of(value);
            if let Some(m) = method.filter(|m| !items.contains(m)) {
                items.push(m);
            }
            vec![set(
                target_for(scenario, verdict, Stage::Preflight),
                "Access-Control-Allow-Methods",
                items.join(", "),
            )]
        }
        Reason::MethodNotAllowed {
            method,
            allowed: None,
        } => {
            vec![set(
                target_for(scenario, verdict, Stage::Preflight),
                "Access-Control-Allow-Methods",
                method.clone(),
            )]
        }
        Reason::InvalidAllowHeaders { value, .. }
        | Reason::HeaderNotAllowed {
            allowed: Some(value),
            ..
        } => {
            let mut items = tokens_of(value);
            for name in requested_headers(verdict) {
                if !items.iter().any(|i| i.eq_ignore_ascii_case(&name)) {
                    items.push(name);
                }
            }
            vec![set(
                target_for(scenario, verdict, Stage::Preflight),
                "Access-Control-Allow-Headers",
                items.join(", "),
            )]
        }
        Reason::HeaderNotAllowed {
            allowed: None,
            name,
        } => {
            let mut items = requested_headers(verdict);
            if items.is_empty() {
                items.push(name.clone());
            }
            vec![set(
                target_for(scenario, verdict, Stage::Preflight),
                "Access-Control-Allow-Headers",
                items.join(", "),
            )]
        }
        Reason::RedirectContainsCredentials { location } => match url::Url::parse(location) {
            Ok(mut url) => {
                let _ = url.set_username("");
                let _ = url.set_password(None);
                vec![set(
                    Target::Redirect(failing_hop(verdict)),
                    "Location",
                    url.to_string(),
                )]
            }
            Err(_) => Vec::new(),
        },
        Reason::InvalidUrl { .. }
        | Reason::UrlHasCredentials { .. }
        | Reason::InvalidMethod { .. }
        | Reason::ForbiddenMethod { .. }
        | Reason::NoCorsMethod { .. }
        | Reason::BodyWithGetOrHead { .. }
        | Reason::InvalidHeaderName { .. }
        | Reason::InvalidHeaderValue { .. }
        | Reason::HeaderValueNotByteString { .. }
        | Reason::MixedContent { .. }
        | Reason::DisallowedByMode { .. }
        | Reason::NoCorsRedirectModeNotFollow { .. }
        | Reason::CorsDisabledScheme { .. }
        | Reason::RedirectModeError { .. }
        | Reason::TooManyRedirects { .. }
        | Reason::UnsafeRedirect { .. }
        | Reason::SameOriginModeRedirect { .. }
        | Reason::RedirectLocationHasCredentials { .. }
        | Reason::InvalidHttpResponse { .. } => Vec::new(),
    }
}

fn method_of(verdict: &Verdict) -> Option<String> {
    verdict
        .preflight_request_headers
        .as_ref()
        .and_then(|m| m.get("access-control-request-method").cloned())
}

fn requested_headers(verdict: &Verdict) -> Vec<String> {
    verdict
        .preflight_request_headers
        .as_ref()
        .and_then(|m| m.get("access-control-request-headers"))
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default()
}

fn reply_mut<'a>(scenario: &'a mut Scenario, target: &Target) -> Option<&'a mut Reply> {
    match target {
        Target::Preflight => {
            if scenario.preflight.is_none() {
                scenario.preflight = Some(scenario.response.clone());
            }
            scenario.preflight.as_mut()
        }
        Target::Response => Some(&mut scenario.response),
        Target::Redirect(i) => scenario.redirects.get_mut(*i),
    }
}

/// Applies a change to a scenario.
pub fn apply(scenario: &mut Scenario, change: &Change) {
    match change {
        Change::SetHeader {
            target,
            header,
            value,
        } => {
            if let Some(reply) = reply_mut(scenario, target) {
                let first = reply
                    .headers
                    .iter()
                    .position(|(n, _)| n.eq_ignore_ascii_case(header));
                reply
                    .headers
                    .retain(|(n, _)| !n.eq_ignore_ascii_case(header));
                let at = first
                    .unwrap_or(reply.headers.len())
                    .min(reply.headers.len());
                reply.headers.insert(at, (header.clone(), value.clone()));
            }
        }
        Change::RemoveHeader { target, header } => {
            if let Some(reply) = reply_mut(scenario, target) {
                reply
                    .headers
                    .retain(|(n, _)| !n.eq_ignore_ascii_case(header));
            }
        }
        Change::SetStatus { target, status } => {
            if let Some(reply) = reply_mut(scenario, target) {
                reply.status = *status;
            }
        }
    }
}

fn place(target: &Target) -> String {
    match target {
        Target::Preflight => "the preflight (OPTIONS) response".to_string(),
        Target::Response => "the response".to_string(),
        Target::Redirect(i) => format!("the redirect at hop {i}"),
    }
}

/// The fix in one sentence.
pub fn summarize(changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|c| match c {
            Change::SetHeader {
                target,
                header,
                value,
            } => format!("send {header}: {value} on {}", place(target)),
            Change::RemoveHeader { target, header } => {
                format!("stop sending {header} on {}", place(target))
            }
            Change::SetStatus { target, status } => {
                format!("answer {} with status {status}", place(target))
            }
        })
        .collect();
    let mut sentence = parts.join(", then ");
    if let Some(first) = sentence.get(..1) {
        sentence = first.to_uppercase() + sentence.get(1..).unwrap_or("");
    }
    sentence.push('.');
    sentence
}
