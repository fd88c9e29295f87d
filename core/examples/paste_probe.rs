use corsim::Profile;
use corsim::paste::reading::{ReadOptions, read};
use std::time::Instant;

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let bytes = 64 << 10;
    let fill = |unit: &str| unit.repeat(bytes / unit.len().max(1) + 1);
    let text = match which.as_str() {
        "chromium" => fill("Access to fetch at '"),
        "firefox" => fill(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ",
        ),
        "file" => std::fs::read_to_string(std::env::args().nth(2).unwrap()).unwrap(),
        _ => fill(&which),
    };
    let profile = Profile::CHROMIUM;
    let options = ReadOptions {
        keep_secrets: true,
        ..ReadOptions::new(&profile)
    };
    let n: usize = std::env::args()
        .nth(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let cpu = || -> u64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
            .unwrap_or(0)
    };
    for _ in 0..n {
        let t = Instant::now();
        let c = cpu();
        let r = read(&text, &options);
        let c = cpu() - c;
        eprintln!(
            "{} bytes: wall {:?} cpu {:.1} ms ({} messages, {} verdicts)",
            text.len(),
            t.elapsed(),
            c as f64 / 1e6,
            r.messages.len(),
            r.verdicts.len()
        );
    }
}
