//! `corsim explain`: a verdict as text for a person at a terminal. It renders the verdict's
//! data (summary, steps, console line, fix, warnings) and the scenario; it explains nothing of
//! its own.

use std::fmt::Write;

use corsim::profile::Browser;
use corsim::scenario::{Reply, Scenario};
use corsim::text::steps;
use corsim::trace::{Outcome, Phase, Step, StepKind};
use corsim::verdict::{Change, Target, Verdict};

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    fn red(&self, text: &str) -> String {
        self.paint("1;31", text)
    }
    fn green(&self, text: &str) -> String {
        self.paint("1;32", text)
    }
    fn yellow(&self, text: &str) -> String {
        self.paint("1;33", text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Request => "request",
        Phase::Preflight => "preflight",
        Phase::Response => "response",
        Phase::Redirect => "redirect",
    }
}

fn reply_block(out: &mut String, title: &str, reply: &Reply) {
    let _ = writeln!(out, "  {title}: {}", reply.status);
    if reply.headers.is_empty() {
        let _ = writeln!(out, "    (no headers)");
    }
    for (name, value) in &reply.headers {
        let _ = writeln!(out, "    {name}: {value}");
    }
}

fn step_line(out: &mut String, step: &Step, browser: Browser, style: &Style) {
    let mark = match step.outcome {
        Outcome::Pass => style.green("✓"),
        Outcome::Fail => style.red("✗"),
        Outcome::Note => style.dim("·"),
    };
    let hop = step.hop.map(|h| format!(" [hop {h}]")).unwrap_or_default();
    let _ = writeln!(
        out,
        "  {mark} {:<9} {}{hop}",
        phase_name(step.phase()),
        steps::check(step)
    );
    let _ = writeln!(out, "      {}", steps::reason(step, browser));
    if step.outcome == Outcome::Fail {
        for (name, value) in &steps::values(step, browser).0 {
            let _ = writeln!(out, "        {name}: {value}");
        }
        let _ = writeln!(out, "        {}", style.dim(step.spec()));
    }
}

fn target_words(target: &Target) -> String {
    match target {
        Target::Preflight => "on the preflight (OPTIONS) response".to_string(),
        Target::Response => "on the response".to_string(),
        Target::Redirect(i) => format!("on the redirect at hop {i}"),
    }
}

/// Renders one scenario's verdict.
pub fn explain(scenario: &Scenario, verdict: &Verdict, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    let request = &scenario.request;
    let _ = writeln!(
        out,
        "{} {} {} from {}",
        style.bold(&format!("[{}]", verdict.id)),
        request.method,
        request.url,
        scenario.origin
    );
    // The summary starts with its verdict word ("Allowed:", "Blocked:", "Opaque:"): colour it.
    let (word, rest) = verdict
        .summary
        .split_once(": ")
        .unwrap_or(("", verdict.summary.as_str()));
    let painted = if verdict.is_readable() {
        style.green(word)
    } else if verdict.fetch == corsim::verdict::FetchOutcome::Resolved {
        style.yellow(word)
    } else {
        style.red(word)
    };
    let _ = writeln!(out, "{painted}: {rest}");
    let _ = writeln!(out);

    let _ = writeln!(out, "{}", style.bold("What the browser sent"));
    for step in verdict.steps.iter().filter(|s| {
        matches!(
            s.kind,
            StepKind::PreflightRequest { .. } | StepKind::RequestSent { .. }
        )
    }) {
        let hop = step.hop.map(|h| format!("  [hop {h}]")).unwrap_or_default();
        for (i, (name, value)) in steps::values(step, verdict.browser).0.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "  {value}{hop}");
            } else {
                let _ = writeln!(out, "    {name}: {value}");
            }
        }
    }
    if !verdict.preflight_sent && !verdict.request_sent {
        let _ = writeln!(
            out,
            "  nothing: fetch() failed before any request left the browser"
        );
    }
    let _ = writeln!(out);

    if verdict.preflight_sent || verdict.request_sent {
        let _ = writeln!(out, "{}", style.bold("What the server answered"));
        if verdict.preflight_sent {
            let title = if scenario.preflight.is_some() {
                "preflight"
            } else {
                "preflight (same answer as the response)"
            };
            reply_block(&mut out, title, scenario.preflight_reply());
        }
        if verdict.request_sent {
            for (i, r) in scenario.redirects.iter().enumerate() {
                if verdict
                    .steps
                    .iter()
                    .any(|s| matches!(s.kind, StepKind::RequestSent { .. }) && s.hop == Some(i))
                {
                    reply_block(&mut out, &format!("redirect at hop {i}"), r);
                }
            }
            if !verdict.steps.iter().any(|s| {
                matches!(s.kind, StepKind::RequestSent { .. })
                    && s.hop.is_some_and(|h| h >= scenario.redirects.len())
            }) && !scenario.redirects.is_empty()
            {
                // The response was never reached.
            } else {
                reply_block(&mut out, "response", &scenario.response);
            }
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "{}", style.bold("Step by step"));
    for step in &verdict.steps {
        step_line(&mut out, step, verdict.browser, &style);
    }
    let _ = writeln!(out);

    if let Some(console) = &verdict.console {
        let _ = writeln!(
            out,
            "{}",
            style.bold(&format!("Console ({})", verdict.browser.name()))
        );
        let _ = writeln!(out, "  {console}");
        if let Some(error) = &verdict.cors_error {
            let param = verdict.failed_parameter.as_deref().unwrap_or("");
            let _ = writeln!(
                out,
                "  DevTools: corsError {}{}",
                error.name(),
                if param.is_empty() {
                    String::new()
                } else {
                    format!(", failedParameter {param:?}")
                }
            );
        }
        let _ = writeln!(out);
    }
    if let Some(exception) = &verdict.exception {
        let _ = writeln!(out, "{}", style.bold("What the script sees"));
        let _ = writeln!(out, "  {exception}");
        let _ = writeln!(out);
    } else if verdict.fetch == corsim::verdict::FetchOutcome::Resolved {
        let _ = writeln!(out, "{}", style.bold("What the script sees"));
        let _ = writeln!(
            out,
            "  response.type {:?}, response.status {}, readable headers: {}",
            verdict.response_type.map(|t| t.as_str()).unwrap_or(""),
            verdict.status.unwrap_or(0),
            if verdict.exposed_headers.is_empty() {
                "none".to_string()
            } else {
                verdict.exposed_headers.join(", ")
            }
        );
        let _ = writeln!(out);
    }

    if let Some(fix) = &verdict.fix {
        let verified = if fix.verified {
            "verified: the changed scenario passes"
        } else {
            "partial: more is needed"
        };
        let _ = writeln!(out, "{} ({verified})", style.bold("Fix on the server"));
        for change in &fix.changes {
            let line = match change {
                Change::SetHeader {
                    target,
                    header,
                    value,
                } => format!("{header}: {value}   {}", target_words(target)),
                Change::RemoveHeader { target, header } => {
                    format!("remove {header}   {}", target_words(target))
                }
                Change::SetStatus { target, status } => {
                    format!("status {status}   {}", target_words(target))
                }
            };
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out);
    }
    if !verdict.warnings.is_empty() {
        let _ = writeln!(out, "{}", style.bold("Warnings"));
        for w in &verdict.warnings {
            let _ = writeln!(out, "  {} {}", style.yellow("!"), w.message);
        }
        let _ = writeln!(out);
    }
    out
}
