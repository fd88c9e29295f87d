//! The engine's reshaping (issue 11) must not change a single verdict. This test serializes the
//! full verdict JSON (steps, fix, warnings, summary and all) of every stored scenario — the
//! differential recordings and scenario sets, the scenario corpus, the paste corpus's rebuilt
//! scenarios and the HAR export sets — under Chromium's profile and under a stricter variant, and
//! compares it byte for byte with a snapshot the engine wrote before the reshaping began.
//!
//! The snapshot lives outside git, in `target/equivalence/verdicts.jsonl`: when it is absent, the
//! test writes it (run it once on the engine to compare with). It is deleted together with the
//! old engine.

use std::collections::BTreeMap;
use std::path::PathBuf;

use corsim::paste::console::{explain::explain, read_console, reproduce::rebuild};
use corsim::paste::curl::{parse_curl_command, parse_curl_transcript};
use corsim::paste::fetch_call::parse_fetch_call;
use corsim::paste::har::analyze_har;
use corsim::paste::{PasteKind, PastedRequest, detect};
use corsim::{Profile, Scenario};
use corsim_tests::{json_files, read_json, tests_dir};
use serde_json::{Value, json};

fn snapshot_path() -> PathBuf {
    tests_dir().join("../target/equivalence/verdicts.jsonl")
}

/// A profile that departs from Chromium's wherever a profile field can, so those paths are
/// compared too.
fn strict() -> Profile {
    Profile {
        client_hint_safelist: false,
        user_agent_forbidden: false,
        authorization_covered_by_wildcard: false,
        max_age_cap: 600,
        redirect_limit: 3,
        ..Profile::CHROMIUM
    }
}

fn scenario_files() -> Vec<(String, Scenario)> {
    let mut out = Vec::new();
    let mut files = json_files(&tests_dir().join("scenarios"));
    for name in ["edges", "generated", "probes", "selfcheck"] {
        files.push(tests_dir().join(format!("differential/{name}.json")));
    }
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let (_, scenarios) =
            corsim::parse_scenarios(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path.display().to_string();
        for s in scenarios {
            out.push((format!("{file}#{}", s.id), s));
        }
    }
    for path in json_files(&tests_dir().join("differential/recordings")) {
        let recording = read_json(&path).unwrap_or_else(|e| panic!("{e}"));
        for obs in recording
            .get("observations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let text = obs
                .get("scenario")
                .map(Value::to_string)
                .unwrap_or_default();
            let s = corsim::parse_scenario(&text).unwrap_or_else(|e| panic!("{e}"));
            out.push((format!("{}#{}", path.display(), s.id), s));
        }
    }
    out
}

fn request_scenario(r: &PastedRequest) -> Option<Scenario> {
    let mut s = corsim::parse_scenario(
        r#"{"origin": "https://your-site.example", "request": {"url": "https://x.example/"}}"#,
    )
    .ok()?;
    s.request = r.to_request_init();
    if let Some(o) = &r.origin {
        s.origin = o.clone();
    }
    Some(s)
}

fn paste_cases(folder: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in json_files(&tests_dir().join("paste").join(folder)) {
        let doc = read_json(&path).unwrap_or_else(|e| panic!("{e}"));
        for case in doc
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
            let input = case.get("input").and_then(Value::as_str).unwrap_or("");
            out.push((format!("{}#{name}", path.display()), input.to_string()));
        }
    }
    out
}

fn har_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![tests_dir().join("paste/har")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "har") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every case, by name: its full JSON.
fn current() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut put = |name: String, value: String| {
        out.insert(name, value);
    };
    // The verdict's JSON exactly as `corsim check` prints it (fields in the contract's order).
    let verdict_json = |v: &corsim::Verdict| serde_json::to_string(v).unwrap_or_default();
    let strict = strict();
    let mut scenarios = scenario_files();
    for (name, input) in paste_cases("console") {
        for (i, message) in read_console(&input).iter().enumerate() {
            let name = if i == 0 {
                name.clone()
            } else {
                format!("{name}#{i}")
            };
            put(
                format!("{name}#explanation"),
                json!(explain(message)).to_string(),
            );
            if let Some(rebuilt) = rebuild(message, &Profile::CHROMIUM) {
                scenarios.push((name, rebuilt.scenario));
            }
        }
    }
    for folder in ["curl", "fetch"] {
        for (name, input) in paste_cases(folder) {
            let s = match detect(&input) {
                PasteKind::CurlCommand => parse_curl_command(&input)
                    .ok()
                    .and_then(|r| request_scenario(&r)),
                PasteKind::CurlTranscript => {
                    parse_curl_transcript(&input).to_scenario().map(|(s, _)| s)
                }
                _ => parse_fetch_call(&input)
                    .ok()
                    .and_then(|r| request_scenario(&r)),
            };
            if let Some(s) = s {
                scenarios.push((name, s));
            }
        }
    }
    for (name, s) in &scenarios {
        put(name.clone(), verdict_json(&corsim::simulate(s)));
        put(
            format!("{name}#strict"),
            verdict_json(&corsim::simulate_with(s, &strict)),
        );
    }
    for path in har_files() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let name = path.display().to_string();
        match analyze_har(&text, &Profile::CHROMIUM) {
            Ok(a) => {
                for (i, r) in a.entries.iter().enumerate() {
                    put(
                        format!("{name}#{i}"),
                        json!({
                            "index": r.index,
                            "method": r.method,
                            "url": r.url,
                            "notes": r.notes,
                            "recorded_failure": r.recorded_failure,
                            "recorded_status": r.recorded_status,
                            "recorded_error": r.recorded_error,
                            "scenario_id": r.scenario.id,
                        })
                        .to_string()
                            + &verdict_json(&r.verdict),
                    );
                }
                put(format!("{name}#skipped"), a.skipped.to_string());
            }
            Err(e) => put(name, e.to_string()),
        }
    }
    out
}

#[test]
fn every_verdict_is_what_it_was_before_the_reshaping() {
    let now = current();
    assert!(now.len() > 3000, "only {} cases", now.len());
    let path = snapshot_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
        }
        let lines: Vec<String> = now.iter().map(|(k, v)| format!("{k}\t{v}")).collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "wrote the snapshot of {} cases to {}",
            now.len(),
            path.display()
        );
        return;
    };
    let before: BTreeMap<String, String> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut failures = Vec::new();
    for (name, old) in &before {
        match now.get(name) {
            None => failures.push(format!("{name}: no longer produced")),
            Some(new) if new != old => {
                let at = old
                    .bytes()
                    .zip(new.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(old.len().min(new.len()));
                let from = at.saturating_sub(120);
                failures.push(format!(
                    "{name}: differs at byte {at}\n    before: …{}…\n    now:    …{}…",
                    old.get(from..(at + 120).min(old.len())).unwrap_or(""),
                    new.get(from..(at + 120).min(new.len())).unwrap_or("")
                ));
            }
            Some(_) => {}
        }
    }
    for name in now.keys().filter(|k| !before.contains_key(*k)) {
        failures.push(format!("{name}: new case"));
    }
    let shown: Vec<&String> = failures.iter().take(15).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from the snapshot:\n{}",
        failures.len(),
        before.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
