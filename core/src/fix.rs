//! The fix: the smallest server-side change that makes a blocked scenario pass. Each change is
//! applied to a copy of the scenario and fetched again, so a fix is only called verified when
//! the simulator agrees that it works. The search reads the fetch's result and runs the fetch
//! again; it never calls back into the entry point, and [`crate::text::fix`] words its result.

use crate::check::{CheckFailure, CheckInput, cors_check};
use crate::fetch::{Fetched, fetch, refetch};
use crate::headers::{HeaderList, is_token, to_display};
use crate::http::wire_headers;
use crate::preflight::{
    MethodAllowance, PreflightResult, max_age, method_allowance, parse_token_list,
};
use crate::profile::Profile;
use crate::reason::{Reason, Stage};
use crate::redirect::location;
use crate::scenario::{Credentials, Reply, Scenario};
use crate::trace::{Outcome, StepKind};
use crate::verdict::{Change, Target};

/// How many rounds of change-and-simulate the search allows.
const ROUNDS: usize = 8;

/// What the search found: the changes, in the order they are needed, and whether the changed
/// scenario passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixSearch {
    /// The changes.
    pub changes: Vec<Change>,
    /// Whether the changed scenario passes in the simulator.
    pub verified: bool,
}

/// Looks for server changes that make the scenario readable by the script. `None` when it is
/// already readable, or when no server change can help (a TypeError, mixed content, no-cors).
pub fn find_fix(scenario: &Scenario, profile: &Profile, fetched: &Fetched) -> Option<FixSearch> {
    if fetched.is_readable() {
        return None;
    }
    let mut current = scenario.clone();
    let mut owned: Option<Fetched> = None;
    let mut changes: Vec<Change> = Vec::new();
    for _ in 0..ROUNDS {
        let verdict = owned.as_ref().unwrap_or(fetched);
        let reason = verdict.reason()?.clone();
        let mut round = changes_for(&current, profile, verdict, &reason);
        // One answer serves hops with different origins (the page's, then `null` after a
        // redirect): only `*` can satisfy both, and only without credentials.
        for change in &mut round {
            if let Change::SetHeader {
                target,
                header,
                value,
            } = change
                && header.eq_ignore_ascii_case("access-control-allow-origin")
                && changes.iter().any(|c| {
                    matches!(c, Change::SetHeader { target: t, header: h, value: v }
                        if t == target && h.eq_ignore_ascii_case(header) && v != value)
                })
            {
                if scenario.request.credentials == Credentials::Include {
                    return Some(FixSearch {
                        changes,
                        verified: false,
                    });
                }
                *value = "*".to_string();
            }
        }
        round.retain(|c| !changes.contains(c));
        if round.is_empty() {
            break;
        }
        for change in &round {
            apply(&mut current, change);
        }
        changes.extend(round);
        compact(&mut changes);
        let next = match (&fetched.page, &fetched.request) {
            (Some(page), Some(request)) => refetch(&current, profile, page, request),
            _ => fetch(&current, profile),
        };
        if next.is_readable() {
            return Some(FixSearch {
                changes,
                verified: true,
            });
        }
        owned = Some(next);
    }
    (!changes.is_empty()).then_some(FixSearch {
        changes,
        verified: false,
    })
}

/// The hop of the failing step.
fn failing_hop(verdict: &Fetched) -> usize {
    verdict
        .steps
        .iter()
        .rev()
        .find(|s| s.outcome == Outcome::Fail)
        .and_then(|s| s.hop)
        .unwrap_or(0)
}

/// The origin the failing check compared with: the page's, or `null` after a tainting redirect.
fn origin_to_allow(scenario: &Scenario, verdict: &Fetched) -> String {
    if verdict
        .steps
        .iter()
        .any(|s| matches!(s.kind, StepKind::RedirectTaint { .. }))
    {
        return "null".to_string();
    }
    match crate::origin::parse_page_origin(&scenario.origin) {
        Ok(page) => page.serialized.clone(),
        Err(_) => scenario.origin.clone(),
    }
}

fn tokens_of(value: &str) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| is_token(t.as_bytes()))
        .map(str::to_string)
        .collect()
}

fn changes_for(
    scenario: &Scenario,
    profile: &Profile,
    verdict: &Fetched,
    reason: &Reason,
) -> Vec<Change> {
    match reason {
        Reason::AllowOrigin {
            stage: Stage::Preflight,
            ..
        }
        | Reason::AllowCredentials {
            stage: Stage::Preflight,
            ..
        }
        | Reason::PreflightInvalidStatus { .. }
        | Reason::PreflightDisallowedRedirect { .. }
        | Reason::InvalidAllowMethods { .. }
        | Reason::InvalidAllowHeaders { .. }
        | Reason::MethodNotAllowed { .. }
        | Reason::HeaderNotAllowed { .. } => preflight_changes(scenario, profile, verdict),
        Reason::AllowOrigin {
            stage: Stage::Response,
            ..
        }
        | Reason::AllowCredentials {
            stage: Stage::Response,
            ..
        } => response_changes(scenario, verdict),
        Reason::RedirectContainsCredentials { location } => match url::Url::parse(location) {
            Ok(mut url) => {
                let _ = url.set_username("");
                let _ = url.set_password(None);
                vec![Change::SetHeader {
                    target: Target::Redirect(failing_hop(verdict)),
                    header: "Location".to_string(),
                    value: url.to_string(),
                }]
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

fn set(target: &Target, header: &str, value: String) -> Change {
    Change::SetHeader {
        target: target.clone(),
        header: header.to_string(),
        value,
    }
}

/// Everything the preflight answer needs at once: an ok status without a redirect, the origin,
/// credentials, the method and every requested header, each only where it is missing.
fn preflight_changes(scenario: &Scenario, profile: &Profile, verdict: &Fetched) -> Vec<Change> {
    let reply = scenario.preflight_reply();
    let wire = wire_headers(reply);
    let include = scenario.request.credentials == Credentials::Include;
    let mut changes = Vec::new();
    let redirected = location(reply.status, &wire).is_some();
    let status_needed = redirected || !(200..=299).contains(&reply.status);
    // Once the preflight gets an answer of its own, every other change goes there too.
    let target = if scenario.preflight.is_some() || status_needed {
        Target::Preflight
    } else {
        Target::Response
    };
    if status_needed {
        changes.push(Change::SetStatus {
            target: Target::Preflight,
            status: 204,
        });
    }
    if redirected {
        changes.push(Change::RemoveHeader {
            target: Target::Preflight,
            header: "Location".to_string(),
        });
    }
    changes.extend(origin_changes(&target, &wire, scenario, verdict));
    let credentials_flag = include;
    if let Some(method) = method_of(verdict) {
        let acam = wire
            .get("access-control-allow-methods")
            .map(|v| to_display(&v));
        let methods = parse_token_list(acam.as_deref().map(str::as_bytes)).ok();
        let allowed = methods.as_ref().is_some_and(|m| {
            let result = PreflightResult {
                methods: m.clone(),
                headers: Vec::new(),
                credentials: credentials_flag,
                max_age: max_age(None, profile),
            };
            !matches!(
                method_allowance(&result, &method),
                MethodAllowance::Denied { .. }
            )
        });
        if !allowed {
            let mut items = acam.as_deref().map(tokens_of).unwrap_or_default();
            if include {
                items.retain(|i| i != "*");
            }
            if !items.contains(&method) {
                items.push(method);
            }
            changes.push(set(
                &target,
                "Access-Control-Allow-Methods",
                items.join(", "),
            ));
        }
    }
    let requested = requested_headers(verdict);
    if !requested.is_empty() {
        let acah = wire
            .get("access-control-allow-headers")
            .map(|v| to_display(&v));
        let listed: Option<Vec<String>> = parse_token_list(acah.as_deref().map(str::as_bytes))
            .ok()
            .map(|h| h.into_iter().map(|n| n.to_ascii_lowercase()).collect());
        let covered = listed.as_ref().is_some_and(|l| {
            let set = crate::headers::NameSet::new(l.iter().map(|h| h.as_bytes()));
            (!include && l.iter().any(|h| h == "*"))
                || requested.iter().all(|r| set.contains(r.as_bytes()))
        });
        if !covered {
            let mut items = acah.as_deref().map(tokens_of).unwrap_or_default();
            if include {
                items.retain(|i| i != "*");
            }
            let mut present: std::collections::HashSet<String> =
                items.iter().map(|i| i.to_ascii_lowercase()).collect();
            for name in requested {
                if present.insert(name.to_ascii_lowercase()) {
                    items.push(name);
                }
            }
            changes.push(set(
                &target,
                "Access-Control-Allow-Headers",
                items.join(", "),
            ));
        }
    }
    changes
}

/// What a response (or the redirect at the failing hop) needs: the origin, and credentials.
fn response_changes(scenario: &Scenario, verdict: &Fetched) -> Vec<Change> {
    let hop = failing_hop(verdict);
    let (target, reply) = match scenario.redirects.get(hop) {
        Some(r) => (Target::Redirect(hop), r),
        None => (Target::Response, &scenario.response),
    };
    origin_changes(&target, &wire_headers(reply), scenario, verdict)
}

/// `Access-Control-Allow-Origin` and `Access-Control-Allow-Credentials`, where they fail.
fn origin_changes(
    target: &Target,
    wire: &HeaderList,
    scenario: &Scenario,
    verdict: &Fetched,
) -> Vec<Change> {
    let origin = origin_to_allow(scenario, verdict);
    let credentials = scenario.request.credentials;
    let mut changes = Vec::new();
    match cors_check(&CheckInput::read(wire), credentials, &origin) {
        Ok(()) => {}
        Err(CheckFailure::AllowOrigin(_)) => {
            changes.push(set(target, "Access-Control-Allow-Origin", origin.clone()));
            let acac = wire.get("access-control-allow-credentials");
            if credentials == Credentials::Include && acac.as_deref() != Some(b"true") {
                changes.push(set(
                    target,
                    "Access-Control-Allow-Credentials",
                    "true".to_string(),
                ));
            }
        }
        Err(CheckFailure::AllowCredentials(_)) => {
            changes.push(set(
                target,
                "Access-Control-Allow-Credentials",
                "true".to_string(),
            ));
        }
    }
    changes
}

fn method_of(verdict: &Fetched) -> Option<String> {
    verdict
        .preflight_request_headers
        .as_ref()
        .and_then(|m| m.get("access-control-request-method").cloned())
}

fn requested_headers(verdict: &Fetched) -> Vec<String> {
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

/// Keeps only the last value set for each header of each reply.
fn compact(changes: &mut Vec<Change>) {
    let mut kept: Vec<Change> = Vec::new();
    for change in changes.drain(..).rev() {
        let superseded = match &change {
            Change::SetHeader { target, header, .. } => kept.iter().any(|k| {
                matches!(k, Change::SetHeader { target: t, header: h, .. } if t == target && h.eq_ignore_ascii_case(header))
            }),
            Change::RemoveHeader { .. } | Change::SetStatus { .. } => false,
        };
        if !superseded {
            kept.push(change);
        }
    }
    kept.reverse();
    *changes = kept;
}

/// Removes every line of a header, with the folded lines that continue it.
fn remove_header(reply: &mut Reply, header: &str) {
    let mut removing = false;
    reply.headers.retain(|(n, _)| {
        let folded = n.starts_with([' ', '\t']);
        removing = if folded {
            removing
        } else {
            n.eq_ignore_ascii_case(header)
        };
        !removing
    });
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
                remove_header(reply, header);
                let at = first
                    .unwrap_or(reply.headers.len())
                    .min(reply.headers.len());
                reply.headers.insert(at, (header.clone(), value.clone()));
            }
        }
        Change::RemoveHeader { target, header } => {
            if let Some(reply) = reply_mut(scenario, target) {
                remove_header(reply, header);
            }
        }
        Change::SetStatus { target, status } => {
            if let Some(reply) = reply_mut(scenario, target) {
                reply.status = *status;
            }
        }
    }
}
