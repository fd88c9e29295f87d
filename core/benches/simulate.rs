//! One full simulation (verdict, trace, fix search and warnings) for a few representative
//! scenarios, the simulation alone without the fix search, and what the page computes on each
//! keystroke: the chosen browser's full verdict, the three browsers' verdicts without the fix
//! search (`compare_browsers`) and the sentence saying whether the others agree.
//!
//! `cargo bench -p corsim --bench simulate`

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SCENARIOS: [(&str, &str); 4] = [
    (
        "simple GET allowed",
        r#"{"origin": "https://app.example.com",
            "request": {"url": "https://api.example.com/v1/products"},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Content-Type", "application/json"]]}}"#,
    ),
    (
        "PUT with JSON blocked at the preflight",
        r#"{"origin": "https://app.example.com",
            "request": {"url": "https://api.example.com/v1/orders/42", "method": "PUT",
                        "headers": [["Content-Type", "application/json"], ["Authorization", "Bearer abc"]], "body": "{}"},
            "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                          ["Access-Control-Allow-Methods", "GET, POST"], ["Access-Control-Allow-Headers", "Content-Type"]]},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}}"#,
    ),
    (
        "credentialed request through two redirects",
        r#"{"origin": "https://app.example.com",
            "request": {"url": "https://api.example.com/v1/me", "credentials": "include"},
            "redirects": [{"status": 302, "headers": [["Location", "/v2/me"], ["Access-Control-Allow-Origin", "https://app.example.com"], ["Access-Control-Allow-Credentials", "true"]]},
                          {"status": 307, "headers": [["Location", "https://api.example.com/v3/me"], ["Access-Control-Allow-Origin", "https://app.example.com"], ["Access-Control-Allow-Credentials", "true"]]}],
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"], ["Access-Control-Allow-Credentials", "true"], ["Vary", "Origin"], ["X-Total-Count", "3"]]}}"#,
    ),
    (
        "many headers, preflight allowed",
        r#"{"origin": "http://localhost:3000",
            "request": {"url": "http://localhost:8000/api/search", "method": "POST",
                        "headers": [["Content-Type", "application/json"], ["X-Request-Id", "1"], ["X-Trace", "a"], ["X-Trace", "b"],
                                    ["Accept", "application/json"], ["Accept-Language", "en-US,en;q=0.9"], ["DPR", "2"], ["Cookie", "x=1"]], "body": "{}"},
            "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "http://localhost:3000"],
                          ["Access-Control-Allow-Headers", "content-type, x-request-id, x-trace"], ["Access-Control-Max-Age", "600"]]},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "http://localhost:3000"], ["Access-Control-Expose-Headers", "X-Total-Count"], ["X-Total-Count", "9"]]}}"#,
    ),
];

fn bench(c: &mut Criterion) {
    let profile = corsim::Profile::default();
    for (name, text) in SCENARIOS {
        let Ok(scenario) = corsim::parse_scenario(text) else {
            panic!("benchmark scenario {name:?} does not parse");
        };
        c.bench_function(&format!("simulate: {name}"), |b| {
            b.iter(|| corsim::simulate(black_box(&scenario)))
        });
        c.bench_function(&format!("simulate without fix search: {name}"), |b| {
            b.iter(|| corsim::simulate_without_fix(black_box(&scenario), &profile))
        });
        c.bench_function(&format!("keystroke, three browsers: {name}"), |b| {
            b.iter(|| {
                let scenario = black_box(&scenario);
                let chosen = corsim::simulate_with(scenario, &profile);
                let all = corsim::compare_browsers(scenario, false);
                let line = corsim::text::summary::others_agree(&all, chosen.browser);
                (chosen, all, line)
            })
        });
    }
    let (_, text) = SCENARIOS[1];

    c.bench_function("parse scenario JSON", |b| {
        b.iter(|| corsim::parse_scenario(black_box(text)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
