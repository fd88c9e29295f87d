//! `corsim har FILE`: every cross-origin request of a DevTools HAR export, as JSON — the
//! verdict's fields (as `corsim check` prints them) plus the request's `url` and `method`, the
//! HAR `entry` index, the `notes` on what had to be assumed, and what the browser recorded
//! (`recorded_failure`, `recorded_status`, `recorded_error`).

use std::io::Write;
use std::process::ExitCode;

use corsim::Profile;
use corsim::paste::har::{HarAnalysis, HarRequest, analyze_har};
use corsim::paste::mask::{mask_secrets, mask_url};

/// How `har` prints.
pub struct HarOptions {
    /// One line of JSON.
    pub compact: bool,
    /// Exit with status 1 when a request is blocked or opaque.
    pub exit_code: bool,
    /// Secrets kept as in the file.
    pub keep_secrets: bool,
}

/// One request as JSON: the verdict's fields in the contract's order, then `url`, `method`,
/// `entry`, `notes`, `assumed`, `recorded_failure`, `recorded_status`, `recorded_error`.
#[derive(serde::Serialize)]
pub struct RequestJson<'a> {
    #[serde(flatten)]
    verdict: &'a corsim::Verdict,
    url: &'a str,
    method: &'a str,
    entry: usize,
    notes: &'a [String],
    assumed: &'a [String],
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
            assumed: &request.assumed,
            recorded_failure: request.recorded_failure,
            recorded_status: request.recorded_status,
            recorded_error: request.recorded_error.as_deref(),
        }
    }
}

/// Reads and analyses a HAR text, reporting a malformed one on standard error.
pub fn analyze(name: &str, text: &str, profile: &Profile) -> Result<HarAnalysis, ExitCode> {
    match analyze_har(text, profile) {
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
pub fn run(name: &str, text: &str, profile: &Profile, options: &HarOptions) -> ExitCode {
    let compact = options.compact;
    let exit_code = options.exit_code;
    let mut analysis = match analyze(name, text, profile) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if !options.keep_secrets {
        // Masking changes no verdict field but the URLs they quote: simulate the masked
        // scenario again.
        for r in &mut analysis.entries {
            if !mask_secrets(&mut r.scenario).is_empty() {
                r.verdict = corsim::simulate_with(&r.scenario, profile);
                r.url = mask_url(&r.url).0;
            }
        }
    }
    let list: Vec<RequestJson<'_>> = analysis.entries.iter().map(RequestJson::of).collect();
    let rendered = if compact {
        serde_json::to_string(&list)
    } else {
        serde_json::to_string_pretty(&list)
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
    if exit_code && analysis.entries.iter().any(|r| !r.verdict.is_readable()) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `corsim har --browser all`: the analysis in each browser, one `{"browser", "requests"}`
/// object per browser.
pub fn run_all(name: &str, text: &str, options: &HarOptions) -> ExitCode {
    let mut all = Vec::new();
    let mut blocked = false;
    for browser in corsim::Browser::ALL {
        let profile = Profile::of(browser);
        let mut analysis = match analyze(name, text, profile) {
            Ok(a) => a,
            Err(code) => return code,
        };
        if !options.keep_secrets {
            for r in &mut analysis.entries {
                if !mask_secrets(&mut r.scenario).is_empty() {
                    r.verdict = corsim::simulate_with(&r.scenario, profile);
                    r.url = mask_url(&r.url).0;
                }
            }
        }
        blocked |= analysis.entries.iter().any(|r| !r.verdict.is_readable());
        let list: Vec<RequestJson<'_>> = analysis.entries.iter().map(RequestJson::of).collect();
        all.push(serde_json::json!({"browser": browser, "requests": list}));
    }
    let rendered = if options.compact {
        serde_json::to_string(&all)
    } else {
        serde_json::to_string_pretty(&all)
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
    if options.exit_code && blocked {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
