//! The server differential test: every configuration × request of tests/servers/cases was sent
//! to the real server (tests/servers/recordings, made by tests/servers/record.mjs); corsim's
//! server model must predict the same status and the same `Access-Control-*` and `Vary` lines,
//! in order, for at least 99% of each kind's cases.
//!
//! Understood differences are written down in tests/servers/expected-differences.json with
//! their reason; any other difference fails, and so does a listed difference that no longer
//! happens.

use std::collections::{BTreeMap, HashMap};

use corsim::scenario::{Credentials, RequestInit};
use corsim::server::run::simulate_responder;
use corsim::server::{
    Backend, HttpRequest, Kind, Responder, ServerResponse, model::is_cors_header, read,
};
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

/// Compares corsim's predictions with the recordings of every kind: each configuration × request
/// of `cases_dir` against `recordings_dir`, the understood differences of `expected_path` applied
/// when `stored` (the folders are the repository's own).
fn compare(
    cases_dir: &std::path::Path,
    recordings_dir: &std::path::Path,
    expected_path: &std::path::Path,
    stored: bool,
) {
    let expected: HashMap<String, String> = read_json(expected_path)
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
            let own_requests = configs.get(config_id).and_then(|c| c.get("requests"));
            let r = match own_requests.and_then(Value::as_array) {
                Some(list) => list.iter().find(|r| str_of(r, "id") == request_id),
                None => requests.get(request_id),
            };
            let (Some(c), Some(r)) = (configs.get(config_id), r) else {
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
    // Every problem, not only the first 40, to a file for the one fixing them.
    if let Some(path) = std::env::var_os("CORSIM_SERVER_REPORT").filter(|_| !failures.is_empty()) {
        let _ = std::fs::write(path, failures.join("\n"));
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

#[test]
fn corsim_predicts_the_real_servers() {
    let (cases_dir, recordings_dir, stored) = folders();
    compare(
        &cases_dir,
        &recordings_dir,
        &tests_dir().join("servers/expected-differences.json"),
        stored,
    );
}

/// The folder of the real-world configurations: tests/servers/realworld, or
/// `CORSIM_SERVER_REALWORLD` for a set corsim was not built with (same layout: cases/,
/// recordings/, an optional expected-differences.json).
fn realworld_dir() -> std::path::PathBuf {
    std::env::var_os("CORSIM_SERVER_REALWORLD")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tests_dir().join("servers/realworld"))
}

/// The real-world configurations of tests/servers/realworld (collected from repositories, Q&A
/// answers and articles; see its README), each with the requests of its own page origin.
#[test]
fn corsim_predicts_the_real_servers_on_real_world_configurations() {
    let dir = realworld_dir();
    compare(
        &dir.join("cases"),
        &dir.join("recordings"),
        &dir.join("expected-differences.json"),
        true,
    );
}

/// Every configuration of the cases, generated and real-world, is recognised as its kind
/// without `--kind`.
#[test]
fn kinds_are_detected() {
    let mut wrong = Vec::new();
    for kind in Kind::ALL {
        for folder in ["servers/cases", "servers/realworld/cases"] {
            let cases = read_json(&tests_dir().join(format!("{folder}/{}.json", kind.id())))
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
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What the application behind a configuration answers for a case's request: the case's
/// path (`/api/fail` when the handler fails, `/nope` when nothing is there) and the rule of
/// the recorder's upstream.
fn case_path(request_path: &str, backend: &Backend) -> String {
    match backend.status {
        500 => "/api/fail".to_string(),
        404 => "/nope".to_string(),
        _ => request_path.to_string(),
    }
}

/// corsim's model of a real-world configuration, asked the way the recorder asked the real
/// server (`Host: <id>.test`, the case's path).
struct Modelled<'a> {
    config: &'a corsim::server::Config,
    id: String,
    proxied: bool,
}

impl Responder for Modelled<'_> {
    fn kind(&self) -> Kind {
        self.config.kind()
    }

    fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        let path = case_path(request.path(), backend);
        let mut asked = request.clone();
        asked.target = path.clone();
        for h in asked.headers.iter_mut() {
            if h.0.eq_ignore_ascii_case("host") {
                h.1 = format!("{}.test", self.id);
            }
        }
        self.config
            .respond(&asked, &self::backend(&path, self.proxied, Vec::new()))
    }
}

/// The responses the real server was recorded sending, looked up by method, path, `Origin`
/// and `Access-Control-Request-*`.
struct Recorded {
    kind: Kind,
    responses: HashMap<String, ServerResponse>,
    missing: std::cell::RefCell<Vec<String>>,
}

fn recorded_key(method: &str, path: &str, headers: &[(String, String)]) -> String {
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_str())
            .unwrap_or("-")
    };
    format!(
        "{method} {path} {} {} {}",
        get("origin"),
        get("access-control-request-method"),
        get("access-control-request-headers")
    )
}

impl Responder for Recorded {
    fn kind(&self) -> Kind {
        self.kind
    }

    fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        let key = recorded_key(
            &request.method,
            &case_path(request.path(), backend),
            &request.headers,
        );
        match self.responses.get(&key) {
            Some(r) => r.clone(),
            None => {
                self.missing.borrow_mut().push(key);
                ServerResponse::new(0)
            }
        }
    }
}

/// The kinds of the findings (what they say, without the model's line evidence).
fn finding_kinds(s: &corsim::server::Simulation) -> Vec<String> {
    s.findings
        .iter()
        .map(|f| serde_json::to_string(&f.kind).unwrap_or_default())
        .collect()
}

/// On the real-world configurations, corsim's findings (reflected origin with credentials,
/// look-alikes that get in, `null` trusted, CORS headers missing on errors, an unhandled
/// preflight, `Allow-Origin` only on the preflight, `Vary: Origin` missing, duplicates, `*`
/// with credentials) are the findings the real server's recorded responses give, for a
/// credentialed `GET` and a credentialed `PUT` of JSON with `Authorization`, from each
/// configuration's page origin.
#[test]
fn findings_hold_on_what_the_real_servers_send() {
    let dir = realworld_dir();
    let expected = read_json(&dir.join("expected-differences.json")).unwrap_or_default();
    let differing: Vec<String> = expected
        .get("differences")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|d| format!("{}/{}", str_of(d, "kind"), str_of(d, "config")))
        .collect();
    let profile = corsim::Profile::CHROMIUM;
    let mut failures = Vec::new();
    let (mut compared, mut agree, mut with_findings) = (0usize, 0usize, 0usize);
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for kind in Kind::ALL {
        let cases = read_json(&dir.join(format!("cases/{}.json", kind.id())))
            .unwrap_or_else(|e| panic!("{e}"));
        let recording = read_json(&dir.join(format!("recordings/{}.json", kind.id())))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut by_config: HashMap<String, HashMap<String, ServerResponse>> = HashMap::new();
        let configs: Vec<Value> = cases
            .get("configs")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for obs in recording
            .get("observations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = str_of(obs, "config");
            let Some(c) = configs.iter().find(|c| str_of(c, "id") == id) else {
                continue;
            };
            let Some(r) = c
                .get("requests")
                .and_then(Value::as_array)
                .and_then(|l| l.iter().find(|r| str_of(r, "id") == str_of(obs, "request")))
            else {
                continue;
            };
            let mut response =
                ServerResponse::new(obs.get("status").and_then(Value::as_u64).unwrap_or(0) as u16);
            for (n, v) in pairs(obs.get("headers")) {
                response.add(&n, &v, corsim::server::model::Origin::Server);
            }
            by_config.entry(id.to_string()).or_default().insert(
                recorded_key(
                    str_of(r, "method"),
                    str_of(r, "path"),
                    &pairs(r.get("headers")),
                ),
                response,
            );
        }
        for c in &configs {
            let id = str_of(c, "id");
            if differing.contains(&format!("{}/{id}", kind.id())) {
                continue;
            }
            let Ok(config) = read(str_of(c, "config"), Some(kind)) else {
                continue;
            };
            let model = Modelled {
                config: &config,
                id: id.to_string(),
                proxied: c.get("proxied").and_then(Value::as_bool).unwrap_or(true),
            };
            let real = Recorded {
                kind,
                responses: by_config.remove(id).unwrap_or_default(),
                missing: Default::default(),
            };
            let origin = str_of(c, "origin");
            let url = "https://api.example.com/api/items";
            let mut get = RequestInit::get(url);
            get.credentials = Credentials::Include;
            let mut put = RequestInit::get(url);
            put.method = "PUT".to_string();
            put.headers = vec![
                ("Content-Type".to_string(), "application/json".to_string()),
                ("Authorization".to_string(), "Bearer t".to_string()),
            ];
            put.body = Some("{}".to_string());
            put.credentials = Credentials::Include;
            for (name, init) in [("GET", get), ("PUT", put)] {
                let predicted =
                    simulate_responder(&model, Vec::new(), origin, &init, &[], &profile);
                let observed = simulate_responder(&real, Vec::new(), origin, &init, &[], &profile);
                compared += 1;
                let (p, o) = (finding_kinds(&predicted), finding_kinds(&observed));
                if !o.is_empty() {
                    with_findings += 1;
                }
                for k in &o {
                    *tally.entry(k.clone()).or_default() += 1;
                }
                if p == o {
                    agree += 1;
                } else {
                    failures.push(format!(
                        "{}/{id} {name}:\n    from the real server: {o:?}\n    from corsim:          {p:?}",
                        kind.id()
                    ));
                }
            }
            let missing = real.missing.borrow();
            if !missing.is_empty() {
                failures.push(format!(
                    "{}/{id}: requests the findings send that were not recorded (regenerate and re-record): {:?}",
                    kind.id(),
                    missing.iter().take(3).collect::<Vec<_>>()
                ));
            }
        }
    }
    eprintln!(
        "findings: {agree}/{compared} configuration x request pairs agree with the real servers' responses ({with_findings} with at least one finding)"
    );
    for (k, n) in &tally {
        eprintln!("  {n:4} {k}");
    }
    assert!(compared > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
