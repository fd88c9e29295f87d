//! The entry point: a scenario's fetch, then the warnings, then the fix search, then the
//! verdict in words. Dependencies run one way: the warnings and the fix search read the fetch's
//! result ([`Fetched`]), the fix search runs the fetch again on changed scenarios, and only this
//! module puts the result into words ([`crate::text`]).

use url::Url;

use crate::fetch::{FetchResponse, Fetched, fetch};
use crate::fix::{FixSearch, find_fix};
use crate::origin::PageOrigin;
use crate::profile::{Browser, Profile};
use crate::reason::Reason;
use crate::scenario::Scenario;
use crate::text::{self, ConsoleContext, FailureDetail};
use crate::trace::StepKind;
use crate::verdict::{FetchOutcome, Finding, Fix, Verdict};
use crate::warnings;

/// Simulates a scenario in the default browser (Chromium): the verdict, with its trace, fix and
/// warnings. Total: it never fails and never panics; what goes wrong is in the verdict.
pub fn simulate(scenario: &Scenario) -> Verdict {
    simulate_with(scenario, &Profile::default())
}

/// Simulates a scenario in the browser a profile describes.
pub fn simulate_with(scenario: &Scenario, profile: &Profile) -> Verdict {
    let fetched = fetch(scenario, profile);
    let findings = warnings::collect(scenario, profile, &fetched);
    let fix = find_fix(scenario, profile, &fetched);
    verdict(scenario, profile, fetched, &findings, fix)
}

/// The simulation without the fix search (the verdict's `fix` is `None`).
pub fn simulate_without_fix(scenario: &Scenario, profile: &Profile) -> Verdict {
    let fetched = fetch(scenario, profile);
    let findings = warnings::collect(scenario, profile, &fetched);
    verdict(scenario, profile, fetched, &findings, None)
}

/// The verdict: the fetch's data, and its words for the profile's browser.
fn verdict(
    scenario: &Scenario,
    profile: &Profile,
    fetched: Fetched,
    findings: &[Finding],
    fix: Option<FixSearch>,
) -> Verdict {
    let browser = profile.browser;
    let detail = failure_detail(&fetched);
    let (fetch_outcome, response_type, status, exposed, reason) = match fetched.response {
        FetchResponse::Response {
            response_type,
            status,
            exposed,
        } => (
            FetchOutcome::Resolved,
            Some(response_type),
            Some(status),
            exposed,
            None,
        ),
        FetchResponse::NetworkError(reason) => {
            (FetchOutcome::Rejected, None, None, Vec::new(), Some(reason))
        }
    };
    // DevTools' fields are Chromium's alone.
    let cors_error = reason
        .as_ref()
        .and_then(Reason::cors_error)
        .filter(|_| browser == Browser::Chromium);
    // DevTools names a failed parameter only beside a CorsError.
    let failed_parameter = cors_error
        .and(reason.as_ref())
        .map(Reason::failed_parameter);
    let (console, exception, firefox) = match &reason {
        Some(r) => (
            text::console_line(
                browser,
                r,
                &console_context(&fetched.page, &fetched.url_list),
                &detail,
            ),
            text::exception(browser, r),
            text::firefox_reason(browser, r, &detail),
        ),
        None => (None, None, None),
    };
    let (firefox_reason, firefox_reason_param) = match firefox {
        Some((key, param)) => (Some(key.to_string()), param),
        None => (None, None),
    };
    let summary = text::summary::summary(
        fetch_outcome,
        response_type,
        status,
        reason.as_ref(),
        fetched.request_sent,
    );
    Verdict {
        browser,
        id: scenario.id.clone(),
        preflight_sent: fetched.preflight_sent,
        preflight_request_headers: fetched.preflight_request_headers,
        request_sent: fetched.request_sent,
        fetch: fetch_outcome,
        response_type,
        status,
        exposed_headers: exposed,
        cors_error,
        failed_parameter,
        firefox_reason,
        firefox_reason_param,
        console,
        steps: fetched.steps,
        fix: fix.map(|f| Fix {
            summary: text::fix::summary(&f.changes),
            changes: f.changes,
            verified: f.verified,
        }),
        warnings: findings
            .iter()
            .map(|f| text::warnings::warning(f, browser))
            .collect(),
        reason,
        exception,
        summary,
        facts: fetched.facts,
    }
}

/// Where a failure happened, as the console line names it.
fn console_context(page: &Option<PageOrigin>, url_list: &[Url]) -> ConsoleContext {
    let page_origin = page
        .as_ref()
        .map_or_else(|| "null".to_string(), |p| p.serialized.clone());
    ConsoleContext {
        initial_url: url_list
            .first()
            .map(crate::urls::chromium_string)
            .unwrap_or_default(),
        last_url: url_list
            .last()
            .map(crate::urls::chromium_string)
            .unwrap_or_default(),
        page_url: page
            .as_ref()
            .and_then(|p| p.page_url.as_ref().map(Url::to_string))
            .unwrap_or_else(|| format!("{page_origin}/")),
        page_origin,
    }
}

/// What the last failing check of the trace tells the other browsers' lines.
fn failure_detail(fetched: &Fetched) -> FailureDetail {
    let mut detail = FailureDetail {
        header_names: fetched
            .request
            .as_ref()
            .map(|r| {
                r.headers
                    .iter()
                    .map(|h| crate::headers::to_display(&h.name))
                    .collect()
            })
            .unwrap_or_default(),
        redirected_from: fetched
            .url_list
            .len()
            .checked_sub(2)
            .and_then(|i| fetched.url_list.get(i))
            .map(crate::urls::chromium_string),
        ..FailureDetail::default()
    };
    let mut redirect: Option<String> = None;
    for step in &fetched.steps {
        match &step.kind {
            StepKind::RedirectLocation { location, .. } => redirect = Some(location.clone()),
            StepKind::AllowOrigin {
                origin,
                status,
                stage,
                ..
            } => {
                detail.status = Some(*status);
                detail.origin = origin.clone();
                detail.redirect_to = match stage {
                    crate::reason::Stage::Response => redirect.take(),
                    crate::reason::Stage::Preflight => None,
                };
            }
            StepKind::PreflightStatus { status, .. } => detail.status = Some(*status),
            StepKind::PreflightRequest { .. } | StepKind::RequestSent { .. } => redirect = None,
            _ => {}
        }
    }
    detail
}
