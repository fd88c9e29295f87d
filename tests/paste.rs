//! The paste corpus (tests/paste/): real-shaped inputs of every format people paste, each with
//! the expected reading, and genuine Chromium DevTools HAR exports with Chromium's observed
//! outcome. Every case is checked and every failure is listed at once.
//!
//! - `console/*.json`, `headers/*.json`, `curl/*.json`, `fetch/*.json`: `{"cases": [{"name",
//!   "source", "input", "detect", "expect": {…}, "verdict": {…}, "scenario": {…}}]}`; only the
//!   fields an expectation gives are checked.
//! - `har/dev/`, `har/holdout/`, `har/fresh/`: HAR files exported by Chromium's own DevTools
//!   frontend (made by `make-har.mjs`), with `index.json` holding each scenario and Chromium's
//!   observed outcome. `fresh` was recorded after the analyser was frozen (see README.md): on
//!   each set, `corsim har` must give Chromium's fetch outcome and CorsError for at least 90% of
//!   the cross-origin fetches.

use std::path::Path;

use corsim::paste::console::{MessageKind, read_console, reproduce};
use corsim::paste::curl::{parse_curl_command, parse_curl_transcript};
use corsim::paste::fetch_call::parse_fetch_call;
use corsim::paste::har::analyze_har;
use corsim::paste::headers::parse_header_block;
use corsim::paste::mask::mask_secrets;
use corsim::paste::{PasteKind, PastedRequest, detect};
use corsim::{Scenario, simulate};
use corsim_tests::{json_files, read_json, tests_dir};
use serde_json::{Value, json};

fn cases(folder: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for path in json_files(&tests_dir().join("paste").join(folder)) {
        let file = path.display().to_string();
        let doc = read_json(&path).unwrap_or_else(|e| panic!("{e}"));
        for case in doc
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let name = case
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            out.push((format!("{file}: {name}"), case));
        }
    }
    assert!(!out.is_empty(), "no cases under tests/paste/{folder}");
    out
}

fn input(case: &Value) -> &str {
    case.get("input").and_then(Value::as_str).unwrap_or("")
}

fn kind_name(kind: PasteKind) -> String {
    format!("{kind:?}")
}

/// Compares the fields an expectation gives; `null` and `""` both mean "none" for optional text.
fn compare(name: &str, expect: Option<&Value>, actual: &Value, failures: &mut Vec<String>) {
    let Some(Value::Object(map)) = expect else {
        return;
    };
    for (k, want) in map {
        let got = actual.get(k).cloned().unwrap_or(Value::Null);
        let none = |v: &Value| v.is_null() || v.as_str() == Some("");
        if got != *want && !(none(&got) && none(want)) {
            failures.push(format!("{name}: {k}: expected {want}, got {got}"));
        }
    }
}

fn check_detect(name: &str, case: &Value, failures: &mut Vec<String>) {
    if let Some(want) = case.get("detect").and_then(Value::as_str) {
        let got = kind_name(detect(input(case)));
        if got != want {
            failures.push(format!("{name}: detect: expected {want}, got {got}"));
        }
    }
}

fn finish(what: &str, total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} of {total} {what} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn verdict_value(s: &Scenario) -> Value {
    simulate(s).browser_fields()
}

#[test]
fn console_corpus() {
    let all = cases("console");
    let mut failures = Vec::new();
    for (name, case) in &all {
        check_detect(name, case, &mut failures);
        let messages = read_console(input(case));
        let Some(m) = messages.first() else {
            failures.push(format!("{name}: not read as a console message"));
            continue;
        };
        if messages.len() != 1 {
            failures.push(format!("{name}: {} messages, expected one", messages.len()));
        }
        let not_cors = match m.kind {
            MessageKind::Cors => None,
            MessageKind::MixedContent => Some("MixedContent"),
            MessageKind::Network => Some("NetworkFailure"),
            MessageKind::LocalNetworkAccess => Some("LocalNetworkAccess"),
            MessageKind::Csp => Some("ContentSecurityPolicy"),
            MessageKind::Other => Some("Other"),
        };
        let actual = json!({
            "browser": m.browser.map(|b| b.name()),
            "url": m.url,
            "redirected_from": m.redirected_from,
            "origin": m.origin,
            "cors_error": m.cors_error_name(),
            "failed_parameter": m.parameter,
            "status": m.status,
            "not_cors": not_cors,
            "firefox_reason": m.firefox_reason,
        });
        compare(name, case.get("expect"), &actual, &mut failures);
        if corsim::paste::console::explain::explain(m).is_empty() {
            failures.push(format!("{name}: no explanation"));
        }
        // The rebuilt scenario reproduces the error (Chromium's, for all three browsers).
        if let Some(error) = m.cors_error {
            match reproduce::rebuild(m, &corsim::Profile::CHROMIUM) {
                Some(r) => {
                    let got = simulate(&r.scenario).cors_error;
                    if got != Some(error) {
                        failures.push(format!(
                            "{name}: the rebuilt scenario gives {got:?}, not {error:?}"
                        ));
                    }
                }
                None => failures.push(format!("{name}: no scenario for a CORS error")),
            }
        }
    }
    finish("console", all.len(), failures);
}

#[test]
fn header_corpus() {
    let all = cases("headers");
    let mut failures = Vec::new();
    for (name, case) in &all {
        check_detect(name, case, &mut failures);
        let b = parse_header_block(input(case));
        let actual = json!({
            "status": b.status,
            "request_line": b.request_line.as_ref().map(|r| json!([r.method, r.target])),
            "headers": b.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            "problems": b.problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            "format": format!("{:?}", b.format),
        });
        compare(name, case.get("expect"), &actual, &mut failures);
    }
    finish("header", all.len(), failures);
}

fn request_value(r: &PastedRequest) -> Value {
    let init = r.to_request_init();
    json!({
        "url": r.url,
        "method": r.method,
        "origin": r.origin,
        "body": r.body,
        "mode": r.mode.map(|m| m.as_str()),
        "credentials": r.credentials.map(|c| c.as_str()),
        "script_headers": init.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
    })
}

/// The request as a scenario whose server answers 200 with no headers: what the browser sends.
fn request_scenario(r: &PastedRequest) -> Scenario {
    let mut s = corsim::parse_scenario(
        r#"{"origin": "https://your-site.example", "request": {"url": "https://x.example/"}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    s.request = r.to_request_init();
    if let Some(o) = &r.origin {
        s.origin = o.clone();
    }
    s
}

#[test]
fn curl_corpus() {
    let all = cases("curl");
    let mut failures = Vec::new();
    for (name, case) in &all {
        check_detect(name, case, &mut failures);
        let text = input(case);
        match detect(text) {
            PasteKind::CurlCommand => match parse_curl_command(text) {
                Ok(r) => {
                    compare(name, case.get("expect"), &request_value(&r), &mut failures);
                    compare(
                        name,
                        case.get("verdict"),
                        &verdict_value(&request_scenario(&r)),
                        &mut failures,
                    );
                }
                Err(e) => failures.push(format!("{name}: {e:?}")),
            },
            _ => {
                let t = parse_curl_transcript(text);
                match t.to_scenario() {
                    Some((s, _)) => {
                        let actual = json!({
                            "method": s.request.method,
                            "url": s.request.url,
                            "origin": s.origin,
                            "redirects": s.redirects.len(),
                        });
                        compare(name, case.get("scenario"), &actual, &mut failures);
                        compare(name, case.get("verdict"), &verdict_value(&s), &mut failures);
                    }
                    None => failures.push(format!("{name}: no scenario from the transcript")),
                }
            }
        }
    }
    finish("curl", all.len(), failures);
}

#[test]
fn fetch_corpus() {
    let all = cases("fetch");
    let mut failures = Vec::new();
    for (name, case) in &all {
        check_detect(name, case, &mut failures);
        match parse_fetch_call(input(case)) {
            Ok(r) => {
                compare(name, case.get("expect"), &request_value(&r), &mut failures);
                compare(
                    name,
                    case.get("verdict"),
                    &verdict_value(&request_scenario(&r)),
                    &mut failures,
                );
            }
            Err(e) => failures.push(format!("{name}: {e:?}")),
        }
    }
    finish("fetch", all.len(), failures);
}

/// The agreement of `corsim har` with Chromium on one folder of exports.
struct Agreement {
    compared: usize,
    agreed: usize,
    not_in_har: usize,
    same_origin: usize,
    disagreements: Vec<String>,
    /// Exports of one fetch that give more than one row (a preflight or a redirect hop not
    /// paired with its request).
    extra_rows: Vec<String>,
}

fn har_agreement(folder: &Path) -> Agreement {
    let index = read_json(&folder.join("index.json")).unwrap_or_else(|e| panic!("{e}"));
    let mut a = Agreement {
        compared: 0,
        agreed: 0,
        not_in_har: 0,
        same_origin: 0,
        disagreements: Vec::new(),
        extra_rows: Vec::new(),
    };
    for export in index
        .get("exports")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    {
        let id = export.get("id").and_then(Value::as_str).unwrap_or("?");
        let file = export.get("har").and_then(Value::as_str).unwrap_or("");
        let scenario = export.get("scenario").cloned().unwrap_or(Value::Null);
        let url = scenario
            .pointer("/request/url")
            .and_then(Value::as_str)
            .unwrap_or("");
        let origin = scenario.get("origin").and_then(Value::as_str).unwrap_or("");
        let observed = export.get("observed").cloned().unwrap_or(Value::Null);
        let text =
            std::fs::read_to_string(folder.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        if detect(&text) != PasteKind::Har {
            a.disagreements
                .push(format!("{id}: {file} is not detected as a HAR file"));
        }
        // Is the fetch in the HAR at all, and is it cross-origin?
        let har: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let in_har = har
            .pointer("/log/entries")
            .and_then(Value::as_array)
            .is_some_and(|entries| {
                entries.iter().any(|e| {
                    e.get("_resourceType").and_then(Value::as_str) == Some("fetch")
                        && e.pointer("/request/url").and_then(Value::as_str) == Some(url)
                })
            });
        if !in_har {
            a.not_in_har += 1;
            continue;
        }
        let same =
            origin != "null" && corsim::paste::origin_of(origin) == corsim::paste::origin_of(url);
        if same {
            a.same_origin += 1;
            continue;
        }
        a.compared += 1;
        let analysis = match analyze_har(&text, &corsim::Profile::CHROMIUM) {
            Ok(x) => x,
            Err(e) => {
                a.disagreements.push(format!("{id}: {e}"));
                continue;
            }
        };
        if analysis.entries.len() > 1 {
            let rows: Vec<String> = analysis
                .entries
                .iter()
                .map(|r| format!("{} {}", r.method, r.url))
                .collect();
            a.extra_rows
                .push(format!("{id}: one fetch, rows {}", rows.join(" | ")));
        }
        let Some(r) = analysis.entries.iter().find(|r| r.url == url) else {
            a.disagreements.push(format!(
                "{id}: the fetch of {url} is not among the analysed requests"
            ));
            continue;
        };
        let got_fetch = serde_json::to_value(r.verdict.fetch).unwrap_or(Value::Null);
        let got_error = r.verdict.cors_error.map(|e| e.name());
        let want_fetch = observed.get("fetch").cloned().unwrap_or(Value::Null);
        let want_error = observed.get("cors_error").and_then(Value::as_str);
        if got_fetch == want_fetch && got_error == want_error {
            a.agreed += 1;
        } else {
            a.disagreements.push(format!(
                "{id}: Chromium {want_fetch} {want_error:?}, corsim {got_fetch} {got_error:?} ({})",
                r.notes.join("; ")
            ));
        }
    }
    a
}

fn report(name: &str, a: &Agreement) -> f64 {
    let rate = a.agreed as f64 / a.compared.max(1) as f64;
    eprintln!(
        "{name}: {}/{} cross-origin fetches agree with Chromium ({:.1}%); {} fetches not in the HAR, {} same-origin",
        a.agreed,
        a.compared,
        rate * 100.0,
        a.not_in_har,
        a.same_origin
    );
    for d in a.disagreements.iter().chain(&a.extra_rows) {
        eprintln!("  {d}");
    }
    assert!(
        a.extra_rows.is_empty(),
        "{name}: exports of one fetch analysed as several requests: {:?}",
        a.extra_rows
    );
    rate
}

/// Analyses the exports in `paste/har/<set>` and asserts that they hold at least `min_fetches`
/// cross-origin fetches and that at least 90% of them agree with Chromium.
fn assert_set_agrees(set: &str, min_fetches: usize) {
    let a = har_agreement(&tests_dir().join("paste/har").join(set));
    let rate = report(set, &a);
    assert!(
        a.compared >= min_fetches,
        "too few cross-origin fetches in the {set} set"
    );
    assert!(rate >= 0.9, "{set} set agreement {rate:.3} is below 90%");
}

#[test]
fn har_exports_dev_set() {
    assert_set_agrees("dev", 40);
}

#[test]
fn har_exports_holdout_set_agree_with_chromium() {
    assert_set_agrees("holdout", 80);
}

#[test]
fn har_exports_fresh_set_agree_with_chromium() {
    assert_set_agrees("fresh", 80);
}

#[test]
fn har_exports_second_fresh_set_agree_with_chromium() {
    assert_set_agrees("fresh2", 80);
}

#[test]
fn har_exports_third_fresh_set_agree_with_chromium() {
    assert_set_agrees("fresh3", 80);
}

#[test]
fn har_exports_fourth_fresh_set_agree_with_chromium() {
    assert_set_agrees("fresh4", 80);
}

#[test]
fn firefox_shaped_har() {
    let path = tests_dir().join("paste/har/firefox-shaped.har");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let a = analyze_har(&text, &corsim::Profile::CHROMIUM).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(String, Option<&str>)> = a
        .entries
        .iter()
        .map(|r| (r.method.clone(), r.verdict.cors_error.map(|e| e.name())))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "PUT".to_string(),
                Some("MethodDisallowedByPreflightResponse")
            ),
            ("GET".to_string(), None),
            ("GET".to_string(), Some("MissingAllowOriginHeader")),
        ]
    );
}

#[test]
fn masking_never_changes_a_verdict() {
    let mut scenarios: Vec<Scenario> = Vec::new();
    for folder in ["paste/har/dev", "paste/har/holdout", "paste/har/fresh"] {
        let dir = tests_dir().join(folder);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "har") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if let Ok(a) = analyze_har(&text, &corsim::Profile::CHROMIUM) {
                    scenarios.extend(a.entries.into_iter().map(|r| r.scenario));
                }
            }
        }
    }
    for (_, case) in cases("console") {
        for m in read_console(input(&case)) {
            if let Some(r) = reproduce::rebuild(&m, &corsim::Profile::CHROMIUM) {
                scenarios.push(r.scenario);
            }
        }
    }
    let mut failures = Vec::new();
    for s in &scenarios {
        let before = simulate(s).browser_fields();
        let mut masked = s.clone();
        mask_secrets(&mut masked);
        let after = simulate(&masked).browser_fields();
        for field in [
            "fetch",
            "cors_error",
            "preflight_sent",
            "request_sent",
            "response_type",
            "status",
            "exposed_headers",
        ] {
            if before.get(field) != after.get(field) {
                failures.push(format!("{}: {field} changed by masking", s.id));
            }
        }
    }
    assert!(scenarios.len() > 100);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The real-paste corpus (`paste/real/*.json`, format: paste/real/README.md): every case is read
/// with `corsim::paste::reading::read`, as `corsim explain --json` reads it, and compared with its
/// expectation — the format, every message's eight fields, and the verdict keys it gives. At
/// least 95% must be read exactly; every other case must be listed, with why, in
/// `paste/real-expected-failures.json`, and a listed case that passes fails the test too.
///
/// A verdict's `browser` and `firefox_reason` are what the profile that simulated it says: each
/// message is simulated in the browser that printed it (`reading::profile_for`).
#[test]
fn real_pastes() {
    use corsim::paste::reading::{ReadOptions, profile_for, read};
    use corsim::profile::Browser;
    // CORSIM_PASTE_CASES points the reading at cases kept elsewhere (the same format): they are
    // scored and printed, with no list of expected failures.
    let elsewhere = std::env::var_os("CORSIM_PASTE_CASES").map(std::path::PathBuf::from);
    let dir = elsewhere
        .clone()
        .unwrap_or_else(|| tests_dir().join("paste/real"));
    let mut all: Vec<(String, Value)> = Vec::new();
    for path in json_files(&dir) {
        let doc = read_json(&path).unwrap_or_else(|e| panic!("{e}"));
        for case in doc
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let name = case
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            all.push((name, case));
        }
    }
    assert!(
        elsewhere.is_some() || all.len() >= 100,
        "only {} real pastes",
        all.len()
    );
    let listed: std::collections::BTreeMap<String, String> = if elsewhere.is_some() {
        Default::default()
    } else {
        read_json(&tests_dir().join("paste/real-expected-failures.json"))
            .unwrap_or_else(|e| panic!("{e}"))
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|c| {
                (
                    c.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    c.get("why")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                )
            })
            .collect()
    };
    let profile = corsim::Profile::CHROMIUM;
    let options = ReadOptions {
        keep_secrets: true,
        ..ReadOptions::new(&profile)
    };
    let browser_of = |v: &Value| match v.as_str() {
        Some("chromium") => Some(Browser::Chromium),
        Some("firefox") => Some(Browser::Firefox),
        Some("safari") => Some(Browser::Safari),
        _ => None,
    };
    let none = |v: &Value| v.is_null();
    let mut failing: Vec<(String, Vec<String>)> = Vec::new();
    for (name, case) in &all {
        let expect = case.get("expect").cloned().unwrap_or(Value::Null);
        let reading = read(input(case), &options);
        let got = reading.to_json();
        let mut diffs = Vec::new();
        if got.get("format") != expect.get("format") {
            diffs.push(format!(
                "format: expected {}, got {}",
                expect.get("format").unwrap_or(&Value::Null),
                got.get("format").unwrap_or(&Value::Null)
            ));
        }
        let empty = Vec::new();
        let want_m = expect
            .get("messages")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        let got_m = got
            .get("messages")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        if want_m.len() != got_m.len() {
            diffs.push(format!(
                "messages: expected {}, got {}",
                want_m.len(),
                got_m.len()
            ));
        }
        for (i, (w, g)) in want_m.iter().zip(got_m).enumerate() {
            for key in [
                "browser",
                "kind",
                "cors_error",
                "firefox_reason",
                "url",
                "origin",
                "status",
                "parameter",
            ] {
                let (wv, gv) = (
                    w.get(key).unwrap_or(&Value::Null),
                    g.get(key).unwrap_or(&Value::Null),
                );
                if wv != gv && !(none(wv) && none(gv)) {
                    diffs.push(format!("messages[{i}].{key}: expected {wv}, got {gv}"));
                }
            }
        }
        let want_v = expect
            .get("verdicts")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        let got_v = got
            .get("verdicts")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        if want_v.len() != got_v.len() {
            diffs.push(format!(
                "verdicts: expected {}, got {}",
                want_v.len(),
                got_v.len()
            ));
        }
        for (i, (w, g)) in want_v.iter().zip(got_v).enumerate() {
            let Value::Object(keys) = w else { continue };
            let line_browser = keys.get("browser").and_then(browser_of);
            let profile_written =
                line_browser.is_none_or(|b| profile_for(Some(b), &options).browser == b);
            for (key, wv) in keys {
                if matches!(key.as_str(), "browser" | "firefox_reason") && !profile_written {
                    continue;
                }
                let gv = g.get(key).unwrap_or(&Value::Null);
                if wv != gv && !(none(wv) && none(gv)) {
                    diffs.push(format!("verdicts[{i}].{key}: expected {wv}, got {gv}"));
                }
            }
        }
        if !diffs.is_empty() {
            failing.push((name.clone(), diffs));
        }
    }
    let exact = all.len() - failing.len();
    // Partly right: the format, the number of messages, and each message's kind and error are
    // right (a URL, an origin, a status, a parameter or a verdict field is not).
    let diagnosis = |d: &String| {
        d.starts_with("format")
            || d.starts_with("messages:")
            || [".kind:", ".cors_error:", ".firefox_reason:"]
                .iter()
                .any(|k| d.starts_with("messages[") && d.contains(k))
    };
    let partly = failing
        .iter()
        .filter(|(_, diffs)| !diffs.iter().any(diagnosis))
        .count();
    let share = |n: usize| 100.0 * n as f64 / all.len().max(1) as f64;
    eprintln!(
        "real pastes ({}): {exact}/{} read exactly ({:.1}%), {partly} partly ({:.1}%), {} wrong ({:.1}%)",
        dir.display(),
        all.len(),
        share(exact),
        share(partly),
        failing.len() - partly,
        share(failing.len() - partly)
    );
    if elsewhere.is_some() {
        for (name, diffs) in &failing {
            eprintln!("  {name}:\n    {}", diffs.join("\n    "));
        }
        return;
    }
    let mut problems = Vec::new();
    for (name, diffs) in &failing {
        let marker = if listed.contains_key(name) {
            "listed"
        } else {
            "NOT LISTED"
        };
        eprintln!("  {name} ({marker}):\n    {}", diffs.join("\n    "));
        if !listed.contains_key(name) {
            problems.push(format!(
                "{name}: fails and is not in real-expected-failures.json"
            ));
        }
    }
    for name in listed.keys() {
        if !failing.iter().any(|(n, _)| n == name) {
            problems.push(format!(
                "{name}: listed as an expected failure but read exactly (or gone)"
            ));
        }
    }
    assert!(
        exact as f64 >= 0.95 * all.len() as f64,
        "only {exact} of {} real pastes read exactly (95% needed)",
        all.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 10, pattern 1, on every console paste of the real corpus: the verdict rebuilt from a
/// message keeps the message's error (an assumption never creates a failure of its own), every
/// field the message did not give is listed as assumed, and another page origin of the same kind
/// (the URL's scheme, another host) gives the same diagnosis.
#[test]
fn assumptions_never_change_a_pasted_error() {
    use corsim::paste::reading::{Format, ReadOptions, read};
    let profile = corsim::Profile::CHROMIUM;
    let options = ReadOptions {
        keep_secrets: true,
        ..ReadOptions::new(&profile)
    };
    use corsim::CorsError;
    let expected_failures = read_json(&tests_dir().join("paste/real-expected-failures.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let listed = |name: &str| {
        expected_failures
            .get("cases")
            .and_then(Value::as_array)
            .is_some_and(|cases| {
                cases
                    .iter()
                    .any(|c| c.get("name").and_then(Value::as_str) == Some(name))
            })
    };
    // The failure a verdict shows, as Chromium's CorsError names it: a Firefox or Safari verdict
    // (each message is simulated in its own browser) has no DevTools name of its own, its
    // reason maps onto one.
    let error_of = |v: &corsim::Verdict| {
        v.cors_error
            .or_else(|| v.reason.as_ref().and_then(corsim::Reason::cors_error))
    };
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in json_files(&tests_dir().join("paste/real")) {
        let doc = read_json(&path).unwrap_or_else(|e| panic!("{e}"));
        let cases = doc.get("cases").and_then(Value::as_array).cloned();
        for case in cases.unwrap_or_default() {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
            let reading = read(input(&case), &options);
            if reading.format != Format::Console {
                continue;
            }
            for v in &reading.verdicts {
                let Some(m) = v.message.and_then(|i| reading.messages.get(i)) else {
                    continue;
                };
                let stand_in = v
                    .notes
                    .iter()
                    .any(|n| n.contains("does not say which check"));
                // Chromium's older wording called `Access-Control-Allow-Origin: null` invalid;
                // today it is an origin that does not match (the differential recordings).
                let renamed = |e: CorsError| match e {
                    CorsError::InvalidAllowOriginValue
                        if m.parameter.as_deref() == Some("null") =>
                    {
                        CorsError::AllowOriginMismatch
                    }
                    CorsError::PreflightInvalidAllowOriginValue
                        if m.parameter.as_deref() == Some("null") =>
                    {
                        CorsError::PreflightAllowOriginMismatch
                    }
                    e => e,
                };
                if let Some(pasted) = m.cors_error.filter(|_| !stand_in && !listed(name)) {
                    checked += 1;
                    if error_of(&v.verdict) != Some(renamed(pasted)) {
                        problems.push(format!(
                            "{name} {}: pasted {}, verdict {:?}",
                            v.label,
                            pasted.name(),
                            error_of(&v.verdict)
                        ));
                    }
                }
                for (given, field) in [
                    (m.origin.is_some(), "origin"),
                    (m.url.is_some(), "request.url"),
                ] {
                    if !given && !v.assumed.iter().any(|a| a == field) {
                        problems.push(format!("{name} {}: {field} not listed as assumed", v.label));
                    }
                }
                if v.assumed.iter().any(|a| a == "origin")
                    && v.scenario.origin.ends_with("://your-site.example")
                {
                    // The same assumption with another host: everywhere the scenario names it
                    // (the page, and the answers that allow it).
                    let json = serde_json::to_string(&v.scenario).unwrap_or_default();
                    let other = corsim::parse_scenario(
                        &json.replace("://your-site.example", "://another-site.example"),
                    )
                    .unwrap_or_else(|e| panic!("{e}"));
                    let again = corsim::simulate_with(&other, corsim::Profile::of(v.browser));
                    if error_of(&again) != error_of(&v.verdict) {
                        problems.push(format!(
                            "{name} {}: another assumed origin gives {:?}, not {:?}",
                            v.label,
                            error_of(&again),
                            error_of(&v.verdict)
                        ));
                    }
                }
            }
        }
    }
    assert!(checked >= 100, "only {checked} pasted errors checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
