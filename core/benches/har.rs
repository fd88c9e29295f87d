//! `corsim har` on large files: a genuine DevTools export (one cross-origin `DELETE`, its
//! preflight and the page) repeated `n` times, all to one URL (the case that once paired
//! preflights in quadratic time) and each to its own URL. Linear work shows as a time ratio of
//! about 4 between `n = 500` and `n = 2000`.
//!
//! `cargo bench -p corsim --bench har`

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde_json::Value;
use std::hint::black_box;

const EXPORT: &str = include_str!("../../tests/paste/har/dev/g0085.har");

/// The export with its entries repeated `n` times; with `distinct`, each copy's URLs get their
/// own query.
fn repeated(n: usize, distinct: bool) -> String {
    let Ok(mut har) = serde_json::from_str::<Value>(EXPORT) else {
        panic!("the export does not parse");
    };
    let entries = har
        .pointer("/log/entries")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::with_capacity(entries.len() * n);
    for copy in 0..n {
        for entry in &entries {
            let mut e = entry.clone();
            if distinct {
                for pointer in ["/request/url", "/_initiator/url"] {
                    if let Some(Value::String(url)) = e.pointer_mut(pointer) {
                        url.push_str(&format!("?copy={copy}"));
                    }
                }
            }
            out.push(e);
        }
    }
    if let Some(slot) = har.pointer_mut("/log/entries") {
        *slot = Value::Array(out);
    }
    har.to_string()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze HAR");
    group.sample_size(10);
    for distinct in [false, true] {
        for n in [500, 2000] {
            let text = repeated(n, distinct);
            let name = if distinct { "distinct URLs" } else { "one URL" };
            group.bench_with_input(BenchmarkId::new(name, n), &text, |b, text| {
                b.iter(|| {
                    corsim::paste::har::analyze_har(black_box(text), &corsim::Profile::default())
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
