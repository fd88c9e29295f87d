//! `corsim har FILE`: every cross-origin request of a DevTools HAR export, as JSON — the
//! verdict's fields (as `corsim check` prints them) plus the request's `url` and `method`, the
//! HAR `entry` index, the `notes` on what had to be assumed, and what the browser recorded
//! (`recorded_failure`, `recorded_status`, `recorded_error`).

use std::io::Write;
use std::process::ExitCode;

use corsim::paste::har::{HarAnalysis, HarRequest, analyze_har};

/// One request as JSON: the verdict's fields in the contract's order, then `url`, `method`,
/// `entry`, `notes`, `recorded_failure`, `recorded_status`, `recorded_error`.
#[derive(serde::Serialize)]
pub struct RequestJson<'a> {
    #[serde(flatten)]
    verdict: &'a corsim::Verdict,
    url: &'a str,
    method: &'a str,
    entry: usize,
    notes: &'a [String],
    recorded_failure: bool,
    recorded_status: u16,
    recorded_error: Option<&'a str>,
}

impl<'a> RequestJson<'a> {
    /// The JSON view of one analysed request.
    pub fn of(request: &'a HarRequest) -> Self {
        RequestJson {
            verdict: &request.verdict,
            url: &request.url,
            method: &request.method,
            entry: request.index,
            notes: &request.notes,
            recorded_failure: request.recorded_failure,
            recorded_status: request.recorded_status,
            recorded_error: request.recorded_error.as_deref(),
        }
    }
}

/// Reads and analyses a HAR text, reporting a malformed one on standard error.
pub fn analyze(name: &str, text: &str) -> Result<HarAnalysis, ExitCode> {
    match analyze_har(text) {
        Ok(a) => {
            for p in &a.problems {
                eprintln!("{name}: {p}");
            }
            Ok(a)
        }
        Err(e) => {
            eprintln!("{name}: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// `corsim har`: prints the JSON array.
/// With `--browser all`, one `{"browser", "requests"}` object per browser.
pub fn run(
    name: &str,
    text: &str,
    browsers: crate::Browsers,
    compact: bool,
    exit_code: bool,
) -> ExitCode {
    let mut analysis = match analyze(name, text) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let chosen: Vec<corsim::Browser> = match browsers {
        crate::Browsers::One(b) => vec![b],
        crate::Browsers::All => corsim::Browser::ALL.to_vec(),
    };
    let mut per_browser = Vec::new();
    for &browser in &chosen {
        let entries: Vec<HarRequest> = analysis
            .entries
            .iter()
            .map(|r| HarRequest {
                verdict: corsim::simulate_with(&r.scenario, corsim::Profile::of(browser)),
                ..r.clone()
            })
            .collect();
        per_browser.push((browser, entries));
    }
    if let Some((_, entries)) = per_browser.first() {
        analysis.entries = entries.clone();
    }
    let rendered = match browsers {
        crate::Browsers::One(_) => {
            let list: Vec<RequestJson<'_>> = analysis.entries.iter().map(RequestJson::of).collect();
            if compact {
                serde_json::to_string(&list)
            } else {
                serde_json::to_string_pretty(&list)
            }
        }
        crate::Browsers::All => {
            let all: Vec<serde_json::Value> = per_browser
                .iter()
                .map(|(b, entries)| {
                    let list: Vec<RequestJson<'_>> = entries.iter().map(RequestJson::of).collect();
                    serde_json::json!({"browser": b, "requests": list})
                })
                .collect();
            if compact {
                serde_json::to_string(&all)
            } else {
                serde_json::to_string_pretty(&all)
            }
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match rendered {
        Ok(r) => writeln!(out, "{r}"),
        Err(e) => Err(std::io::Error::other(e)),
    };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("corsim: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if exit_code
        && per_browser
            .iter()
            .any(|(_, entries)| entries.iter().any(|r| !r.verdict.is_readable()))
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
