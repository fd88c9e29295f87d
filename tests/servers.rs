//! The server differential test: every configuration × request of tests/servers/cases was sent
//! to the real server (tests/servers/recordings, made by tests/servers/record.mjs); corsim's
//! server model must predict the same status and the same `Access-Control-*` and `Vary` lines,
//! in order, for at least 99% of each kind's cases.
//!
//! Understood differences are written down in tests/servers/expected-differences.json with
//! their reason; any other difference fails, and so does a listed difference that no longer
//! happens.

use std::collections::{BTreeMap, HashMap};

use corsim::server::{Backend, HttpRequest, Kind, model::is_cors_header, read};
use corsim_tests::{read_json, tests_dir};
use serde_json::Value;

const REQUIRED_AGREEMENT: f64 = 0.99;

fn pairs(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let a = p.as_array()?;
            Some((
                a.first()?.as_str()?.to_string(),
                a.get(1)?.as_str()?.to_string(),
            ))
        })
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// What the application behind the configuration answers: the rule of generate.mjs and of
/// record.mjs's upstream.
fn backend(path: &str, proxied: bool, upstream: Vec<(String, String)>) -> Backend {
    let status = if path == "/nope" {
        404
    } else if path == "/api/fail" && proxied {
        500
    } else {
        200
    };
    Backend {
        status,
        headers: if proxied { upstream } else { Vec::new() },
    }
}

fn render(lines: &[(String, String)]) -> String {
    lines
        .iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The folders of the cases and the recordings: tests/servers/cases and recordings, or, for a
/// run on configurations corsim was not built with, `CORSIM_SERVER_CASES` and
/// `CORSIM_SERVER_RECORDINGS` (then the expected differences do not apply and only the figures
/// and the differences are reported).
fn folders() -> (std::path::PathBuf, std::path::PathBuf, bool) {
    match (
        std::env::var_os("CORSIM_SERVER_CASES"),
        std::env::var_os("CORSIM_SERVER_RECORDINGS"),
    ) {
        (Some(c), Some(r)) => (c.into(), r.into(), false),
        _ => (
            tests_dir().join("servers/cases"),
            tests_dir().join("servers/recordings"),
            true,
        ),
    }
}

#[test]
fn corsim_predicts_the_real_servers() {
    let (cases_dir, recordings_dir, stored) = folders();
    let expected_path = tests_dir().join("servers/expected-differences.json");
    let expected: HashMap<String, String> = read_json(&expected_path)
        .ok()
        .filter(|_| stored)
        .and_then(|v| v.get("differences").cloned())
        .and_then(|d| d.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let key = format!(
                "{}/{}/{}",
                str_of(d, "kind"),
                str_of(d, "config"),
                str_of(d, "request")
            );
            let reason = str_of(d, "reason").to_string();
            assert!(
                !reason.is_empty(),
                "expected difference {key} has no reason"
            );
            (key, reason)
        })
        .collect();
    let mut seen = Vec::new();
    let mut failures = Vec::new();
    let mut summary = BTreeMap::new();
    for kind in Kind::ALL {
        let cases = read_json(&cases_dir.join(format!("{}.json", kind.id())))
            .unwrap_or_else(|e| panic!("{e}"));
        let recording = read_json(&recordings_dir.join(format!("{}.json", kind.id())))
            .unwrap_or_else(|e| panic!("{e}: record it with node servers/record.mjs"));
        let requests: HashMap<String, Value> = cases
            .get("requests")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|r| (str_of(r, "id").to_string(), r.clone()))
            .collect();
        let configs: HashMap<String, Value> = cases
            .get("configs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| (str_of(c, "id").to_string(), c.clone()))
            .collect();
        let mut read_configs = HashMap::new();
        let (mut total, mut agree) = (0usize, 0usize);
        for obs in recording
            .get("observations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (config_id, request_id) = (str_of(obs, "config"), str_of(obs, "request"));
            let key = format!("{}/{config_id}/{request_id}", kind.id());
            let (Some(c), Some(r)) = (configs.get(config_id), requests.get(request_id)) else {
                failures.push(format!(
                    "{key}: recorded but not in the cases (regenerate and re-record)"
                ));
                continue;
            };
            let config = read_configs
                .entry(config_id.to_string())
                .or_insert_with(|| read(str_of(c, "config"), Some(kind)));
            let observed_status = obs.get("status").and_then(Value::as_u64).unwrap_or(0) as u16;
            let config = match config {
                Ok(config) => config,
                // The framework refused the configuration too: the host answers 421 for an
                // application that did not start.
                Err(_) if observed_status == 421 => {
                    total += 1;
                    agree += 1;
                    continue;
                }
                Err(e) => {
                    failures.push(format!("{key}: corsim cannot read the configuration: {e}"));
                    total += 1;
                    continue;
                }
            };
            let path = str_of(r, "path");
            let mut headers = vec![("Host".to_string(), format!("{config_id}.test"))];
            headers.extend(pairs(r.get("headers")));
            let request = HttpRequest {
                method: str_of(r, "method").to_string(),
                target: path.to_string(),
                headers,
            };
            let proxied = c.get("proxied").and_then(Value::as_bool).unwrap_or(true);
            let predicted =
                config.respond(&request, &backend(path, proxied, pairs(c.get("upstream"))));
            let predicted_lines: Vec<(String, String)> = predicted
                .headers
                .iter()
                .filter(|h| is_cors_header(&h.name))
                .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
                .collect();
            let observed_lines: Vec<(String, String)> = pairs(obs.get("headers"))
                .into_iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), v))
                .collect();
            let same = observed_status == predicted.status && observed_lines == predicted_lines;
            total += 1;
            match (same, expected.get(&key)) {
                (true, None) => agree += 1,
                (true, Some(reason)) => {
                    agree += 1;
                    seen.push(key.clone());
                    failures.push(format!("{key}: listed in expected-differences.json ({reason}) but corsim now agrees: remove it"));
                }
                (false, Some(_)) => seen.push(key.clone()),
                (false, None) => failures.push(format!(
                    "{key}: {} {path}\n    server: {observed_status} {}\n    corsim: {} {}",
                    str_of(r, "method"),
                    render(&observed_lines),
                    predicted.status,
                    render(&predicted_lines)
                )),
            }
        }
        let server = str_of(&recording, "server").to_string();
        summary.insert(kind.id(), (total, agree, server));
        let ratio = if total == 0 {
            0.0
        } else {
            agree as f64 / total as f64
        };
        assert!(total > 0, "{}: no recorded responses", kind.id());
        if ratio < REQUIRED_AGREEMENT {
            failures.push(format!(
                "{}: corsim agrees with the real server on {agree}/{total} ({:.2}%), below {:.0}%",
                kind.id(),
                100.0 * ratio,
                100.0 * REQUIRED_AGREEMENT
            ));
        }
    }
    for key in expected.keys() {
        if !seen.contains(key) {
            failures.push(format!(
                "{key}: listed in expected-differences.json but not recorded"
            ));
        }
    }
    for (kind, (total, agree, server)) in &summary {
        eprintln!(
            "{kind}: {agree}/{total} ({:.2}%) agree with {server}",
            100.0 * *agree as f64 / (*total).max(1) as f64
        );
    }
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(40).collect();
        panic!(
            "{} problems:\n{}",
            failures.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Every configuration of the cases is recognised as its kind without `--kind`.
#[test]
fn kinds_are_detected() {
    let mut wrong = Vec::new();
    for kind in Kind::ALL {
        let cases = read_json(&tests_dir().join(format!("servers/cases/{}.json", kind.id())))
            .unwrap_or_else(|e| panic!("{e}"));
        for c in cases
            .get("configs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let detected = corsim::server::detect(str_of(c, "config"));
            if detected != Some(kind) {
                wrong.push(format!(
                    "{}/{}: detected {detected:?}",
                    kind.id(),
                    str_of(c, "id")
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
