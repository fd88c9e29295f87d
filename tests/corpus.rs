//! The scenario corpus: hand-written scenarios under tests/scenarios, each with its source, the
//! situations it covers, and the verdict expected — the browser-visible fields as recorded in
//! Chromium, plus the reason, the failing step, the warnings and whether a verified fix exists.

use std::collections::BTreeSet;

use corsim::reason::ReasonKind;
use corsim_tests::{differing_fields, json_files, tests_dir};
use serde_json::Value;

/// The articles in ../shared/seeds whose situations the corpus must cover.
const SEEDS: [&str; 4] = ["seed:000", "seed:001", "seed:002", "seed:003"];

struct Loaded {
    file: String,
    scenario: corsim::Scenario,
}

fn load() -> Vec<Loaded> {
    let mut out = Vec::new();
    for path in json_files(&tests_dir().join("scenarios")) {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (_, scenarios) =
            corsim::parse_scenarios(&text).unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        let file = path
            .strip_prefix(tests_dir())
            .unwrap_or(&path)
            .display()
            .to_string();
        out.extend(scenarios.into_iter().map(|scenario| Loaded {
            file: file.clone(),
            scenario,
        }));
    }
    out
}

#[test]
fn every_scenario_meets_its_expectation() {
    let corpus = load();
    assert!(
        corpus.len() >= 60,
        "the corpus has {} scenarios; it needs at least 60",
        corpus.len()
    );
    let mut failures = Vec::new();
    let mut ids = BTreeSet::new();
    for Loaded { file, scenario } in &corpus {
        let id = &scenario.id;
        if !ids.insert(id.clone()) {
            failures.push(format!("{file}: id {id} is used twice in the corpus"));
        }
        if scenario.source.as_deref().unwrap_or("").is_empty() {
            failures.push(format!("{file} {id}: no source"));
        }
        let Some(expect) = &scenario.expect else {
            failures.push(format!("{file} {id}: no expect"));
            continue;
        };
        let verdict = corsim::simulate(scenario);
        let mut actual = verdict.browser_fields();
        if let Value::Object(map) = &mut actual {
            map.insert(
                "reason".into(),
                verdict
                    .reason
                    .as_ref()
                    .and_then(|r| serde_json::to_value(r).ok())
                    .and_then(|v| v.get("kind").cloned())
                    .unwrap_or(Value::Null),
            );
            let failing = verdict
                .steps
                .iter()
                .find(|s| s.outcome == corsim::trace::Outcome::Fail)
                .map(|s| s.id());
            map.insert(
                "failing_step".into(),
                failing.map_or(Value::Null, |s| Value::String(s.into())),
            );
            map.insert(
                "fix".into(),
                Value::Bool(verdict.fix.as_ref().is_some_and(|f| f.verified)),
            );
            let warnings: Vec<Value> = verdict
                .warnings
                .iter()
                .map(|w| Value::String(w.id.into()))
                .collect();
            map.insert("warnings".into(), Value::Array(warnings));
        }
        let mut expect = expect.clone();
        // `warnings` lists ids that must be present; others may be too.
        if let (Some(Value::Array(want)), Some(Value::Array(got))) = (
            expect.get("warnings").cloned(),
            actual.get("warnings").cloned(),
        ) {
            let missing: Vec<&Value> = want.iter().filter(|w| !got.contains(w)).collect();
            if !missing.is_empty() {
                failures.push(format!(
                    "{file} {id}: missing warnings {missing:?} (got {got:?})"
                ));
            }
            if let Value::Object(m) = &mut expect {
                m.remove("warnings");
            }
        }
        for (field, want, got) in differing_fields(&expect, &actual) {
            failures.push(format!(
                "{file} {id}: {field}\n    expected: {want}\n    corsim:   {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_reason_and_every_seed() {
    let corpus = load();
    let mut kinds = std::collections::HashSet::new();
    let mut errors = BTreeSet::new();
    // The reasons may also come from the scenario sets recorded in Chromium for the
    // differential test (tests/differential/*.json): a reason such as a reply the network stack
    // refuses is exercised there, with Chromium's outcome stored beside it.
    let mut recorded = Vec::new();
    for name in ["edges", "generated", "probes", "selfcheck"] {
        let path = tests_dir().join(format!("differential/{name}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (_, scenarios) =
            corsim::parse_scenarios(&text).unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        recorded.extend(scenarios);
    }
    for scenario in corpus.iter().map(|l| &l.scenario).chain(&recorded) {
        let verdict = corsim::simulate(scenario);
        if let Some(reason) = &verdict.reason {
            let tag = serde_json::to_value(reason)
                .ok()
                .and_then(|v| v.get("kind").and_then(Value::as_str).map(str::to_string));
            assert_eq!(
                tag.as_deref(),
                Some(reason.kind().name()),
                "{}: the reason's JSON tag is not its kind's name",
                scenario.id
            );
            kinds.insert(reason.kind());
        }
        if let Some(e) = verdict.cors_error {
            errors.insert(e.name());
        }
    }
    // Every kind of reason the engine can give, from the enum itself: a new `Reason` variant
    // without a stored scenario fails here.
    let missing: Vec<&str> = ReasonKind::ALL
        .iter()
        .filter(|k| !kinds.contains(*k))
        .map(|k| k.name())
        .collect();
    assert!(
        missing.is_empty(),
        "no stored scenario ends with reason {missing:?}"
    );
    let missing_errors: Vec<&str> = corsim::CorsError::ALL
        .iter()
        .map(|e| e.name())
        .filter(|e| !errors.contains(e))
        .collect();
    assert!(
        missing_errors.is_empty(),
        "no stored scenario produces CorsError {missing_errors:?}"
    );
    for seed in SEEDS {
        let n = corpus
            .iter()
            .filter(|l| l.scenario.tags.iter().any(|t| t.starts_with(seed)))
            .count();
        assert!(
            n >= 5,
            "{seed}: only {n} scenarios cover this article's situations"
        );
    }
}
