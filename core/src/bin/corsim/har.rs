//! `corsim har FILE`: every cross-origin request of a DevTools HAR export, as JSON — the
//! verdict's fields (as `corsim check` prints them) plus the request's `url` and `method`, the
//! HAR `entry` index, the `notes` on what had to be assumed, and `recorded_failure`.

use std::io::Write;
use std::process::ExitCode;

use corsim::paste::har::{HarAnalysis, HarRequest, analyze_har};
use serde_json::Value;

/// One request as JSON: the verdict's fields, then `url`, `method`, `entry`, `notes`,
/// `recorded_failure`.
pub fn request_json(request: &HarRequest) -> Value {
    let mut value = serde_json::to_value(&request.verdict).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("url".to_string(), Value::String(request.url.clone()));
        map.insert("method".to_string(), Value::String(request.method.clone()));
        map.insert("entry".to_string(), Value::from(request.index));
        map.insert(
            "notes".to_string(),
            Value::Array(request.notes.iter().cloned().map(Value::String).collect()),
        );
        map.insert(
            "recorded_failure".to_string(),
            Value::Bool(request.recorded_failure),
        );
    }
    value
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
pub fn run(name: &str, text: &str, compact: bool, exit_code: bool) -> ExitCode {
    let analysis = match analyze(name, text) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let list = Value::Array(analysis.entries.iter().map(request_json).collect());
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
