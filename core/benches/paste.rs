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
//!   turn, header-like and curl-like lines);
//! - 64 KiB pastes of every shape a reader meets, from a generator ([`shapes`]), read and
//!   rendered as `explain --json` does: console messages of each browser repeated (each with
//!   its own scenario, all the same, seven cycling), curl transcripts, curl commands, fetch()
//!   calls, header blocks, DevTools' sections, HAR entries, scenario JSON; one header block,
//!   transcript, command, call or HAR entry with thousands of headers; HAR cut short, nested
//!   brackets, nested quotes, a long URL, a long header value, binary bytes.
//!
//! `cargo bench -p corsim --bench paste`; with `CORSIM_PASTE_SHAPES=DIR` the generated pastes
//! are also written to DIR, one file each, to time `corsim explain` on them.

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
        ("fetch calls nested", fill("fetch(")),
        ("client calls nested", fill("api.get('/x', ")),
        ("bindings nested", fill("const a = {b: ")),
        ("template openings", format!("fetch(`{}", fill("${"))),
        (
            "xhr calls",
            fill("x = new XMLHttpRequest(); x.open('GET', u); "),
        ),
        (
            "blank lines after a binding",
            format!("const u = 1{}fetch(u)", fill("\n")),
        ),
    ]
}

/// How the keys of a repeated unit vary: each its own (`i`), all the same (`0`), or a few
/// cycling (`i % 7`): distinct scenarios, one scenario, a few scenarios.
#[derive(Clone, Copy)]
enum Keys {
    Own,
    Same,
    Few,
}

impl Keys {
    fn name(self) -> &'static str {
        match self {
            Keys::Own => "own keys",
            Keys::Same => "one key",
            Keys::Few => "7 keys",
        }
    }

    fn of(self, i: usize) -> usize {
        match self {
            Keys::Own => i,
            Keys::Same => 0,
            Keys::Few => i % 7,
        }
    }
}

/// `unit(key, i)` for i = 0, 1, … until the paste has `bytes` bytes, between `head` and `tail`.
fn repeated(
    bytes: usize,
    keys: Keys,
    head: &str,
    tail: &str,
    unit: impl Fn(usize, usize) -> String,
) -> String {
    let mut out = String::with_capacity(bytes + 1024);
    out.push_str(head);
    let mut i = 0usize;
    while out.len() + tail.len() < bytes {
        let piece = unit(keys.of(i), i);
        if out.len() + piece.len() + tail.len() > bytes && i > 0 {
            break;
        }
        out.push_str(&piece);
        i += 1;
    }
    out.push_str(tail);
    out
}

/// Short console messages of each browser, each a CORS failure corsim builds a verdict for.
const MESSAGES: [&str; 8] = [
    "Access to fetch at 'https://api.shop.io/{k}' from origin 'https://app.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n",
    "Access to XMLHttpRequest at 'https://api.shop.io/{k}' from origin 'https://app.shop.io' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\n",
    "Access to fetch at 'https://api.shop.io/{k}' from origin 'https://app.shop.io' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.\n",
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.io/{k}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.\n",
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.io/{k}. (Reason: CORS request did not succeed). Status code: (null).\n",
    "[Error] Origin https://app.shop.io is not allowed by Access-Control-Allow-Origin. Status code: {s}\n",
    "[Error] Fetch API cannot load https://api.shop.io/{k} due to access control checks.\n",
    "Access to fetch at 'https://api.shop.io/{k}' from origin 'https://app.shop.io' has been blocked by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.\n",
];

fn message(template: &str, key: usize) -> String {
    template
        .replace("{k}", &format!("v1/orders/{key}"))
        .replace("{s}", &(200 + key % 300).to_string())
}

/// Adversarial pastes of `bytes` bytes in every shape a reader meets, each with its name: many
/// console messages (each with its own scenario, all the same, a few), many curl transcripts
/// (with and without Origin, `-v` and `-i`), many curl commands and fetch() calls, header blocks
/// (long, many blocks, DevTools' sections), HAR files with many entries, HAR and JSON cut
/// short, scenario JSON with many scenarios, deeply nested brackets, binary bytes, long lines.
fn shapes(bytes: usize) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for keys in [Keys::Own, Keys::Same, Keys::Few] {
        for (t, template) in MESSAGES.iter().enumerate() {
            out.push((
                format!("console message {t}, {}", keys.name()),
                repeated(bytes, keys, "", "", |k, _| message(template, k)),
            ));
        }
        out.push((
            format!("console, every browser in turn, {}", keys.name()),
            repeated(bytes, keys, "", "", |k, i| {
                message(MESSAGES.get(i % MESSAGES.len()).copied().unwrap_or(""), k)
            }),
        ));
        out.push((
            format!("curl -i transcripts without Origin, {}", keys.name()),
            repeated(bytes, keys, "", "", |k, _| {
                format!(
                    "$ curl -i https://api.shop.io/v1/{k}\nHTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://app.shop.io\nVary: Origin\n\n"
                )
            }),
        ));
        out.push((
            format!("curl -v transcripts with Origin, {}", keys.name()),
            repeated(bytes, keys, "", "", |k, _| {
                format!(
                    "curl -v -X OPTIONS https://api.shop.io/v1/{k} -H 'Origin: https://app.shop.io' -H 'Access-Control-Request-Method: PUT'\n> OPTIONS /v1/{k} HTTP/1.1\n> Host: api.shop.io\n> Origin: https://app.shop.io\n< HTTP/1.1 204 No Content\n< Access-Control-Allow-Origin: *\n< Access-Control-Allow-Methods: GET\n"
                )
            }),
        ));
        out.push((
            format!("curl commands, {}", keys.name()),
            repeated(bytes, keys, "", "", |k, _| {
                format!(
                    "curl 'https://api.shop.io/v1/{k}' -H 'Origin: https://app.shop.io' -H 'Authorization: Bearer abc{k}' --data-raw '{{}}'\n"
                )
            }),
        ));
        out.push((
            format!("fetch() calls, {}", keys.name()),
            repeated(bytes, keys, "", "", |k, _| {
                format!(
                    "fetch(\"https://api.shop.io/v1/{k}\", {{\"headers\": {{\"content-type\": \"application/json\", \"x-k\": \"{k}\"}}, \"body\": \"{{}}\", \"method\": \"PUT\", \"mode\": \"cors\"}});\n"
                )
            }),
        ));
        out.push((
            format!("header blocks, {}", keys.name()),
            repeated(bytes, keys, "", "", |k, _| {
                format!(
                    "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://app{k}.shop.io\nAccess-Control-Allow-Credentials: true\n\n"
                )
            }),
        ));
        out.push((
            format!("DevTools sections, {}", keys.name()),
            repeated(bytes, keys, "", "", |k, _| {
                format!(
                    "General\nRequest URL: https://api.shop.io/v1/{k}\nRequest Method: PUT\nStatus Code: 403 Forbidden\nResponse Headers\naccess-control-allow-origin: *\nRequest Headers\norigin: https://app.shop.io\n"
                )
            }),
        ));
        out.push((
            format!("HAR entries, {}", keys.name()),
            repeated(
                bytes,
                keys,
                "{\"log\": {\"version\": \"1.2\", \"entries\": [",
                "{}]}}",
                |k, _| {
                    format!(
                        "{{\"request\": {{\"method\": \"PUT\", \"url\": \"https://api.shop.io/v1/{k}\", \"headers\": [{{\"name\": \"Origin\", \"value\": \"https://app.shop.io\"}}, {{\"name\": \"Content-Type\", \"value\": \"application/json\"}}]}}, \"response\": {{\"status\": 0, \"headers\": []}}, \"_error\": \"net::ERR_FAILED\"}},"
                    )
                },
            ),
        ));
        out.push((
            format!("scenario JSON, {}", keys.name()),
            repeated(bytes, keys, "[", "{}]", |k, i| {
                format!(
                    "{{\"id\": \"s{i}\", \"origin\": \"https://app.shop.io\", \"request\": {{\"url\": \"https://api.shop.io/{k}\", \"method\": \"PUT\"}}, \"response\": {{\"headers\": {{\"Access-Control-Allow-Origin\": \"*\"}}}}}},"
                )
            }),
        ));
    }
    let fill = |unit: &str| unit.repeat(bytes / unit.len().max(1));
    out.push((
        "one header block, many headers".to_string(),
        repeated(bytes, Keys::Own, "HTTP/1.1 200 OK\n", "", |k, _| {
            format!("X-Header-{k}: value {k}\n")
        }),
    ));
    out.push((
        "one header block, many Access-Control headers".to_string(),
        repeated(bytes, Keys::Own, "HTTP/1.1 204 No Content\n", "", |k, i| {
            let name = [
                "Access-Control-Allow-Origin",
                "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers",
                "Access-Control-Allow-Credentials",
            ]
            .get(i % 4)
            .copied()
            .unwrap_or("");
            format!("{name}: https://a{k}.shop.io, x-{k}, PUT\n")
        }),
    ));
    out.push((
        "one curl transcript, many headers".to_string(),
        repeated(
            bytes,
            Keys::Own,
            "curl -i https://api.shop.io/ -H 'Origin: https://app.shop.io'\nHTTP/1.1 200 OK\n",
            "",
            |k, _| format!("Access-Control-Expose-Headers: x-{k}\n"),
        ),
    ));
    out.push((
        "one curl command, many -H".to_string(),
        repeated(bytes, Keys::Own, "curl https://api.shop.io/", "", |k, _| {
            format!(" -H 'X-H{k}: {k}'")
        }),
    ));
    out.push((
        "one fetch() call, many headers".to_string(),
        repeated(
            bytes,
            Keys::Own,
            "fetch(\"https://api.shop.io/\", {\"headers\": {",
            "}});",
            |k, _| format!("\"x-h{k}\": \"{k}\", "),
        ),
    ));
    out.push((
        "one HAR entry, many headers".to_string(),
        repeated(
            bytes,
            Keys::Own,
            "{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", \"url\": \"https://api.shop.io/\", \"headers\": [",
            "{\"name\": \"Origin\", \"value\": \"https://app.shop.io\"}]}, \"response\": {\"status\": 200, \"headers\": []}}]}}",
            |k, _| format!("{{\"name\": \"X-H{k}\", \"value\": \"{k}\"}}, "),
        ),
    ));
    out.push((
        "HAR cut short".to_string(),
        repeated(bytes, Keys::Own, "{\"log\": {\"entries\": [", "", |k, _| {
            format!("{{\"request\": {{\"method\": \"GET\", \"url\": \"https://a.io/{k}\"")
        }),
    ));
    out.push(("nested [ brackets".to_string(), fill("[")));
    out.push(("nested {\"a\": objects".to_string(), fill("{\"a\":")));
    out.push((
        "fetch() with nested brackets".to_string(),
        format!("fetch(\"https://api.shop.io/\", {}", fill("{a: [")),
    ));
    out.push((
        "curl with nested quotes".to_string(),
        format!("curl https://api.shop.io/ -H {}", fill("'\"$'\\'")),
    ));
    out.push((
        "a message with a long URL".to_string(),
        format!(
            "Access to fetch at 'https://api.shop.io/{}' from origin 'https://app.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            fill("a")
        ),
    ));
    out.push((
        "a header with a long value".to_string(),
        format!(
            "HTTP/1.1 200 OK\nAccess-Control-Allow-Headers: {}",
            fill("x-a, ")
        ),
    ));
    // Binary: the bytes of a small linear congruential generator, read as UTF-8 (lossy), as a
    // pasted file would be.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let raw: Vec<u8> = (0..bytes)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect();
    out.push((
        "binary bytes".to_string(),
        String::from_utf8_lossy(&raw).into_owned(),
    ));
    out
}

/// Writes every shape to `dir` (one file each), to time `corsim explain` on them.
fn dump(dir: &str, shapes: &[(String, String)]) {
    let _ = std::fs::create_dir_all(dir);
    for (name, paste) in shapes {
        let file: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let _ = std::fs::write(format!("{dir}/{file}.txt"), paste);
    }
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
    let all = shapes(64 << 10);
    if let Ok(dir) = std::env::var("CORSIM_PASTE_SHAPES") {
        dump(&dir, &all);
        let older: Vec<(String, String)> = adversarial(64 << 10)
            .into_iter()
            .map(|(n, p)| (n.to_string(), p))
            .collect();
        dump(&dir, &older);
    }
    for (name, paste) in &all {
        group.bench_with_input(BenchmarkId::new("64 KiB shape", name), paste, |b, p| {
            b.iter(|| read(black_box(p), &options).to_json_string(true))
        });
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
