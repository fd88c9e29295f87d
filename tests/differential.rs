//! The differential tests: every scenario recorded in real Chromium, Firefox and WebKit
//! (tests/differential/recordings/<browser>-*.json) is simulated by corsim with that browser's
//! profile, and the verdict's browser-visible fields are compared with what the browser did,
//! field by field (Firefox: also `firefox_reason` and `firefox_reason_param`).
//!
//! Differences that are understood are written down in tests/differential/expected-differences.json
//! (Chromium), expected-differences-firefox.json and expected-differences-webkit.json with their
//! reason; any other difference fails, and so does an expected difference that no
//! longer happens (so the list cannot rot). Agreement must stay at or above 99%, counted over the
//! scenarios whose expected difference is not a `browser_update`: a change the recorded browser
//! made after the version the engine follows, which still has to differ exactly as written down.

use std::collections::{BTreeMap, HashMap};

use corsim_tests::{BROWSER_FIELDS, differing_fields, json_files, read_json, tests_dir};
use serde_json::Value;

/// The agreement the project promises.
const REQUIRED_AGREEMENT: f64 = 0.99;

struct Expected {
    fields: Vec<String>,
    reason: String,
    /// The browser version that made this difference (the engine follows an older one), if that
    /// is why it differs.
    browser_update: Option<String>,
}

fn expected_differences(file: &str) -> HashMap<String, Expected> {
    let path = tests_dir().join("differential").join(file);
    let Ok(value) = read_json(&path) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for item in value
        .get("differences")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = item
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut fields: Vec<String> = item
            .get("fields")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        fields.sort();
        let reason = item
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        assert!(!reason.is_empty(), "expected difference {id} has no reason");
        let browser_update = item
            .get("browser_update")
            .and_then(Value::as_str)
            .map(str::to_string);
        out.insert(
            id,
            Expected {
                fields,
                reason,
                browser_update,
            },
        );
    }
    out
}

#[test]
fn corsim_agrees_with_chromium_recordings() {
    agrees_with(
        "chromium",
        &corsim::Profile::CHROMIUM,
        "expected-differences.json",
        &BROWSER_FIELDS,
    );
}

/// The fields compared for Firefox: the verdict's, and its reason key and argument.
const FIREFOX_FIELDS: [&str; 12] = [
    "preflight_sent",
    "preflight_request_headers",
    "request_sent",
    "fetch",
    "response_type",
    "status",
    "exposed_headers",
    "cors_error",
    "failed_parameter",
    "console",
    "firefox_reason",
    "firefox_reason_param",
];

#[test]
fn corsim_agrees_with_firefox_recordings() {
    agrees_with(
        "firefox",
        &corsim::Profile::FIREFOX,
        "expected-differences-firefox.json",
        &FIREFOX_FIELDS,
    );
}

#[test]
fn corsim_agrees_with_webkit_recordings() {
    agrees_with(
        "webkit",
        &corsim::Profile::SAFARI,
        "expected-differences-webkit.json",
        &FIREFOX_FIELDS,
    );
}

/// Compares every recording `<prefix>-*.json` with corsim's verdicts under `profile`.
fn agrees_with(
    prefix: &str,
    profile: &corsim::Profile,
    expected_file: &str,
    fields: &[&'static str],
) {
    let files: Vec<_> = json_files(&tests_dir().join("differential/recordings"))
        .into_iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{prefix}-")))
        })
        .collect();
    assert!(
        !files.is_empty(),
        "no recordings under tests/differential/recordings: record them first (see README)"
    );
    let expected = expected_differences(expected_file);
    let mut total = 0usize;
    let mut agreeing = 0usize;
    let mut field_agree: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_error: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut known = 0usize;
    let mut updates: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen_expected = Vec::new();
    let mut browsers = Vec::new();

    for file in &files {
        let recording = read_json(file).unwrap_or_else(|e| panic!("{e}"));
        browsers.push(
            recording
                .get("browser")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string(),
        );
        let observations = recording
            .get("observations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for obs in observations {
            let id = obs
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let scenario_text = obs
                .get("scenario")
                .map(Value::to_string)
                .unwrap_or_default();
            let scenario = corsim::parse_scenario(&scenario_text).unwrap_or_else(|e| {
                panic!(
                    "{}: recorded scenario {id} does not parse: {e}",
                    file.display()
                )
            });
            let observed = obs.get("observed").cloned().unwrap_or(Value::Null);
            let verdict = corsim::simulate_without_fix(&scenario, profile);
            let actual = verdict.browser_fields();
            let mut expectation = serde_json::Map::new();
            for f in fields.iter().copied() {
                expectation.insert(
                    f.to_string(),
                    observed.get(f).cloned().unwrap_or(Value::Null),
                );
            }
            let diffs = differing_fields(&Value::Object(expectation), &actual);
            total += 1;
            for f in fields.iter().copied() {
                if !diffs.iter().any(|(d, _, _)| d == f) {
                    *field_agree.entry(f).or_default() += 1;
                }
            }
            let error = observed
                .get("cors_error")
                .and_then(Value::as_str)
                .unwrap_or("(none)")
                .to_string();
            let entry = per_error.entry(error).or_default();
            entry.0 += 1;
            if diffs.is_empty() {
                agreeing += 1;
                entry.1 += 1;
            }
            let mut diff_fields: Vec<String> = diffs.iter().map(|(f, _, _)| f.clone()).collect();
            diff_fields.sort();
            match expected.get(&id) {
                Some(exp) => {
                    seen_expected.push(id.clone());
                    if diffs.is_empty() {
                        failures.push(format!(
                            "{id}: listed in {expected_file} ({}) but corsim now agrees with {prefix}: remove it",
                            exp.reason
                        ));
                    } else if exp.fields != diff_fields {
                        failures.push(format!(
                            "{id}: expected to differ in {:?} ({}), differs in {diff_fields:?}\n{}",
                            exp.fields,
                            exp.reason,
                            render(&diffs)
                        ));
                    } else {
                        known += 1;
                        if let Some(update) = &exp.browser_update {
                            *updates.entry(update.clone()).or_default() += 1;
                        }
                    }
                }
                None if !diffs.is_empty() => {
                    failures.push(format!(
                        "{id} ({}):\n{}",
                        file.file_name()
                            .map(|f| f.to_string_lossy())
                            .unwrap_or_default(),
                        render(&diffs)
                    ));
                }
                None => {}
            }
        }
    }
    for id in expected.keys() {
        if !seen_expected.contains(id) {
            failures.push(format!(
                "{id}: listed in {expected_file} but not in any recording"
            ));
        }
    }

    let ratio = agreeing as f64 / total.max(1) as f64;
    let updated: usize = updates.values().sum();
    let gated = total - updated;
    let gated_ratio = agreeing as f64 / gated.max(1) as f64;
    browsers.sort();
    browsers.dedup();
    eprintln!(
        "\ndifferential ({prefix}): {agreeing}/{total} scenarios agree on every field ({:.2}%), {known} known differences, browser {}",
        ratio * 100.0,
        browsers.join(", ")
    );
    for (update, n) in &updates {
        eprintln!(
            "  {n} of the known differences are {update}'s changes the engine does not follow yet; without them {agreeing}/{gated} ({:.2}%)",
            gated_ratio * 100.0
        );
    }
    for (field, n) in &field_agree {
        eprintln!("  {field:<28} {n:>5}/{total}");
    }
    eprintln!("  per observed CorsError (agreeing/total):");
    for (error, (n, ok)) in &per_error {
        eprintln!("    {error:<40} {ok:>5}/{n}");
    }
    // CORSIM_DIFFERENTIAL_DUMP=DIR writes every unexpected difference to DIR/<browser>.txt.
    if let Ok(dir) = std::env::var("CORSIM_DIFFERENTIAL_DUMP") {
        let _ = std::fs::write(
            std::path::Path::new(&dir).join(format!("{prefix}.txt")),
            failures.join("\n\n"),
        );
    }
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(40).collect();
        panic!(
            "{} unexpected difference(s) with {prefix}{}:\n\n{}",
            failures.len(),
            if failures.len() > shown.len() {
                " (first 40 shown)"
            } else {
                ""
            },
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n\n")
        );
    }
    assert!(
        gated_ratio >= REQUIRED_AGREEMENT,
        "agreement {:.2}% (without the {updated} browser-update differences) is below {:.0}%",
        gated_ratio * 100.0,
        REQUIRED_AGREEMENT * 100.0
    );
}

fn render(diffs: &[(String, Value, Value)]) -> String {
    diffs
        .iter()
        .map(|(f, browser, corsim)| {
            format!("  {f}:\n    browser:  {browser}\n    corsim:   {corsim}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
