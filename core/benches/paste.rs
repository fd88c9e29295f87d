//! How long the paste readers take, as figures (no pass/fail: the machine is shared):
//!
//! - every case of the real-paste corpus (`tests/paste/real`), read as `corsim explain --json`
//!   reads it (format, messages, verdicts): the slowest case, the median and the total;
//! - a 5 MB console paste (Chromium lines with their network lines, Firefox lines in three
//!   languages, Safari groups, each for its own URL), read for its messages alone and read
//!   whole (with the verdicts of the first 1,000 messages, the reading's limit);
//! - the same paste with the same messages repeated (one scenario simulated once);
//! - adversarial pastes of 64 KiB (the fuzz targets' largest input): message starts that never
//!   end, a message hard-wrapped every few characters, quotes alone, one long word, header-like
//!   and curl-like lines, the slowest of them printed.
//!
//! `cargo bench -p corsim --bench paste`

#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use corsim::Profile;
use corsim::paste::console::read_console;
use corsim::paste::reading::{ReadOptions, read};

/// The fastest of `runs` timings of `f` (the least disturbed by the machine's other work).
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        black_box(f());
        best = best.min(start.elapsed());
    }
    best
}

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
    ]
}

fn main() {
    let profile = Profile::CHROMIUM;
    let options = ReadOptions {
        keep_secrets: true,
        ..ReadOptions::new(&profile)
    };
    // Build the catalogues once (what the first paste of a session pays).
    let first = Instant::now();
    black_box(read("Cross-Origin Request Blocked: x", &options));
    println!(
        "first reading (catalogues built): {:.1} ms",
        first.elapsed().as_secs_f64() * 1e3
    );

    let cases = corpus();
    let mut times: Vec<(Duration, &str)> = cases
        .iter()
        .map(|(name, input)| (best(5, || read(input, &options)), name.as_str()))
        .collect();
    times.sort();
    if let (Some((slowest, name)), Some((median, _))) = (times.last(), times.get(times.len() / 2)) {
        let total: Duration = times.iter().map(|(t, _)| *t).sum();
        println!(
            "real pastes: {} cases, slowest {:.2} ms ({name}), median {:.3} ms, all {:.1} ms",
            times.len(),
            slowest.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3
        );
    }
    let mut slowest = (Duration::ZERO, "");
    for (name, paste) in adversarial(64 << 10) {
        let t = best(3, || read(&paste, &options));
        println!(
            "adversarial 64 KiB, {name}: {:.2} ms",
            t.as_secs_f64() * 1e3
        );
        if t > slowest.0 {
            slowest = (t, name);
        }
    }
    println!(
        "slowest adversarial paste: {:.2} ms ({})",
        slowest.0.as_secs_f64() * 1e3,
        slowest.1
    );
    for repeat in [false, true] {
        let paste = console_paste(5 << 20, repeat);
        let messages = read_console(&paste).len();
        let parse = best(3, || read_console(&paste));
        let whole = best(3, || read(&paste, &options));
        println!(
            "5 MB console paste ({} bytes, {messages} messages, {}): messages {:.0} ms, whole reading with verdicts {:.0} ms",
            paste.len(),
            if repeat {
                "the same messages repeated"
            } else {
                "each for its own URL"
            },
            parse.as_secs_f64() * 1e3,
            whole.as_secs_f64() * 1e3
        );
    }
}
