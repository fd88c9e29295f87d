//! How long the paste readers take (criterion; compare ratios, the machine is shared):
//!
//! - every case of the real-paste corpus (`tests/paste/real`), read as `corsim explain --json`
//!   reads it (format, messages, verdicts), one after the other;
//! - console pastes of 1 MB and 5 MB (Chromium lines with their network lines, Firefox lines in
//!   three languages, Safari groups, each for its own URL), read for their messages alone and
//!   read whole (with the verdicts of the first 1,000 messages, the reading's limit): linear
//!   work shows as a ratio of about 5; the same 5 MB with the same messages repeated (one
//!   scenario simulated once);
//! - pastes of 64 KiB (the fuzz targets' largest input): the corpus's cases concatenated, and
//!   adversarial ones (message starts that never end, in each browser's wording, a message
//!   hard-wrapped every 7 characters, quotes alone, one long word, network lines, every lead in
//!   turn, header-like and curl-like lines).
//!
//! `cargo bench -p corsim --bench paste`

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use corsim::Profile;
use corsim::paste::console::read_console;
use corsim::paste::reading::{ReadOptions, read};

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/paste/real");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let cases = doc.get("cases").and_then(|c| c.as_array()).cloned();
        for case in cases.unwrap_or_default() {
            let field = |key: &str| case.get(key).and_then(|v| v.as_str());
            if let (Some(name), Some(input)) = (field("name"), field("input")) {
                out.push((name.to_string(), input.to_string()));
            }
        }
    }
    out
}

/// A console paste of about `bytes` bytes, each message for its own URL unless `repeat`.
fn console_paste(bytes: usize, repeat: bool) -> String {
    let mut out = String::with_capacity(bytes + 1024);
    let mut i = 0usize;
    while out.len() < bytes {
        let n = if repeat { 0 } else { i };
        let line = match i % 5 {
            0 => format!(
                "Access to fetch at 'https://api.shop.io/v1/orders/{n}?page=2' from origin 'https://app.shop.io' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\nGET https://api.shop.io/v1/orders/{n}?page=2 net::ERR_FAILED 401 (Unauthorized)\n"
            ),
            1 => format!(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.io/v2/items/{n}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.\n"
            ),
            2 => format!(
                "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://api.shop.io/v3/{n}. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' stimmt nicht mit 'https://other.shop.io' überein).\n"
            ),
            3 => format!(
                "[Error] Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 403\n[Error] Fetch API cannot load http://localhost:8080/api/{n} due to access control checks.\n[Error] Failed to load resource: Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 403 (api, line 0)\n"
            ),
            _ => format!(
                "已拦截跨源请求：同源策略禁止读取位于 https://api.shop.io/zh/{n} 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。状态码：404。\n"
            ),
        };
        out.push_str(&line);
        i += 1;
    }
    out
}

/// Pastes of `bytes` bytes shaped to make a reader search far: each with its name.
fn adversarial(bytes: usize) -> Vec<(&'static str, String)> {
    let fill = |unit: &str| unit.repeat(bytes / unit.len().max(1) + 1);
    let message = "Access to fetch at 'https://api.shop.io/v1/orders?page=2' from origin \
                   'https://app.shop.io' has been blocked by CORS policy: Response to preflight \
                   request doesn't pass access control check: No 'Access-Control-Allow-Origin' \
                   header is present on the requested resource. ";
    let wrapped: String = fill(message)
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let cut = (i % 7 == 6).then_some('\n');
            std::iter::once(c).chain(cut)
        })
        .collect();
    vec![
        (
            "Chromium starts that never end",
            fill("Access to fetch at '"),
        ),
        (
            "Firefox heads without a reason",
            fill(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ",
            ),
        ),
        ("a message wrapped every 7 characters", wrapped),
        ("quotes alone", fill("'\"\u{2018}\u{201c}")),
        ("one long word", fill("x")),
        ("words on one line", fill("blocked by CORS policy origin ")),
        (
            "header-like lines",
            fill("Access-Control-Allow-Origin: *\n"),
        ),
        ("curl options", fill("curl -H 'Origin: https://a.io' ")),
        ("Safari prefixes", fill("[Error] ")),
        ("JSON brackets", fill("[{")),
        (
            "Safari wrappers that never end",
            fill("Fetch API cannot load "),
        ),
        ("old Chromium starts", fill("XMLHttpRequest cannot load ")),
        (
            "Chinese Firefox heads",
            fill("已拦截跨源请求：同源策略禁止读取位于 "),
        ),
        ("network lines", fill("GET https://a.io/x net::ERR_FAILED ")),
        (
            "mixed-content starts that never end",
            fill(
                "The page at 'https://a.io/' was loaded over HTTPS, but ran insecure content from ",
            ),
        ),
        (
            "source links between lines",
            fill("has been blocked by CORS\nindex.js:12\n\n"),
        ),
        (
            "lines cut with an ellipsis",
            fill("No 'Access-Control-Allow-Origin' header is pre…\n"),
        ),
        (
            "every lead in turn",
            fill(
                "Access to fetch at 'Cross-Origin Request Blocked: [Error] Failed to load Fetch API cannot load TypeError: net::ERR_",
            ),
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let profile = Profile::CHROMIUM;
    let options = ReadOptions {
        keep_secrets: true,
        ..ReadOptions::new(&profile)
    };
    let cases = corpus();
    let mut group = c.benchmark_group("paste");
    group.sample_size(10);
    group.bench_function(format!("real corpus, {} cases", cases.len()), |b| {
        b.iter(|| {
            for (_, input) in &cases {
                black_box(read(black_box(input), &options));
            }
        })
    });
    let mut joined = String::new();
    for (_, input) in cases.iter().cycle().take(cases.len() * 8) {
        if joined.len() >= 64 << 10 {
            break;
        }
        joined.push_str(input);
        joined.push('\n');
    }
    group.bench_function("64 KiB of real pastes joined", |b| {
        b.iter(|| read(black_box(&joined), &options))
    });
    for (name, paste) in adversarial(64 << 10) {
        group.bench_with_input(
            BenchmarkId::new("adversarial 64 KiB", name),
            &paste,
            |b, p| b.iter(|| read(black_box(p), &options)),
        );
    }
    for (mb, repeat) in [(1, false), (5, false), (5, true)] {
        let paste = console_paste(mb << 20, repeat);
        let what = if repeat { "same messages" } else { "own URLs" };
        group.bench_with_input(
            BenchmarkId::new(format!("console {mb} MB, {what}, messages"), paste.len()),
            &paste,
            |b, p| b.iter(|| read_console(black_box(p))),
        );
        group.bench_with_input(
            BenchmarkId::new(
                format!("console {mb} MB, {what}, whole reading"),
                paste.len(),
            ),
            &paste,
            |b, p| b.iter(|| read(black_box(p), &options)),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
