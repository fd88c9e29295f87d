//! `corsim explain` on anything pasted: the engine reads it (`corsim::paste::reading`, the same
//! reading the page's paste box shows) and this module prints the reading, as text or as the
//! `explain --json` contract. Scenario JSON explained as text keeps its own path in main.rs.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use corsim::Profile;
use corsim::Scenario;
use corsim::paste::console::explain::explain as explain_message;
use corsim::paste::reading::{Format, ReadOptions, Reading, read};
use corsim::paste::{PasteKind, detect};
use corsim::verdict::Verdict;

use crate::text;

/// How `explain` prints.
pub struct Printing {
    /// The contract's JSON instead of text.
    pub json: bool,
    /// Colors in text.
    pub color: bool,
    /// Secrets kept as pasted.
    pub keep_secrets: bool,
    /// Exit with status 1 when a verdict is blocked or opaque.
    pub exit_code: bool,
    /// Whether the browser was left to the paste (no `--browser`): each Firefox or Safari
    /// console line is then simulated with its browser's profile.
    pub browser_from_paste: bool,
}

/// Reads a paste and prints the reading. Exit status 2 for a paste with nothing corsim reads.
pub fn run(name: &str, input: &str, profile: &Profile, printing: &Printing) -> ExitCode {
    // Without `--browser`, each console message is simulated in the browser that printed it
    // (`reading::profile_for`): a Firefox line as Firefox, a Safari line as Safari.
    let options = ReadOptions {
        keep_secrets: printing.keep_secrets,
        browser_forced: !printing.browser_from_paste,
        ..ReadOptions::new(profile)
    };
    let reading = read(input, &options);
    let unreadable = reading.format == Format::Unknown
        || (reading.verdicts.is_empty()
            && reading.messages.is_empty()
            && !reading.problems.is_empty());
    let out = if printing.json {
        let mut s = reading.to_json_string(true);
        s.push('\n');
        s
    } else if unreadable {
        let mut s = String::new();
        for p in &reading.problems {
            if p.line > 0 {
                let _ = writeln!(s, "{name}: line {}: {}", p.line, p.message);
            } else {
                let _ = writeln!(s, "{name}: {}", p.message);
            }
        }
        eprint!("{s}");
        return ExitCode::from(2);
    } else {
        render(name, &reading, profile, printing.color)
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = write!(stdout, "{out}")
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("corsim: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if unreadable {
        return ExitCode::from(2);
    }
    if printing.exit_code && reading.verdicts.iter().any(|v| !v.verdict.is_readable()) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The reading as text for a terminal.
fn render(name: &str, reading: &Reading, profile: &Profile, color: bool) -> String {
    let mut out = String::new();
    let _ = write!(out, "{}", reading.format.describe());
    if reading.format == Format::Console {
        let _ = write!(
            out,
            ": {}",
            plural(reading.messages.len(), "message", "messages")
        );
    }
    let _ = writeln!(out);
    for p in &reading.problems {
        if p.line > 0 {
            let _ = writeln!(out, "  {name}: line {}: {}", p.line, p.message);
        } else {
            let _ = writeln!(out, "  {name}: {}", p.message);
        }
    }
    if !reading.masked.is_empty() {
        let _ = writeln!(
            out,
            "  masked (use --keep-secrets to show them): {}",
            reading.masked.join(", ")
        );
    }
    for (i, m) in reading.messages.iter().enumerate() {
        let lines = if m.lines.0 == m.lines.1 {
            format!("line {}", m.lines.0)
        } else {
            format!("lines {}–{}", m.lines.0, m.lines.1)
        };
        let _ = writeln!(
            out,
            "\n[{}] {} {} message ({lines}, {})",
            i + 1,
            m.browser.map_or("A", |b| b.name()),
            m.kind.as_str(),
            m.wording
        );
        let fields: [(&str, Option<String>); 8] = [
            ("URL", m.url.clone()),
            ("redirected from", m.redirected_from.clone()),
            ("origin", m.origin.clone()),
            ("error", m.cors_error_name().map(str::to_string)),
            ("Firefox key", m.firefox_reason.map(str::to_string)),
            ("value", m.parameter.as_ref().map(|p| format!("{p:?}"))),
            ("status", m.status.map(|s| s.to_string())),
            ("network", m.net_error.clone()),
        ];
        for (label, value) in fields {
            if let Some(v) = value {
                let _ = writeln!(out, "  {label:<16} {v}");
            }
        }
        let _ = writeln!(out, "  {}", explain_message(m));
    }
    if let Some(r) = &reading.request {
        let _ = writeln!(
            out,
            "\n{}: {} {}",
            reading.format.describe(),
            r.method,
            r.url
        );
    }
    for note in &reading.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    // A paste that settles no verdict (a request without its answer, an answer that depends on
    // the request): the scenario corsim built, with what it assumed, for what the browser sends.
    if reading.verdicts.is_empty()
        && let Some((scenario, assumed)) = &reading.scenario
    {
        let _ = writeln!(
            out,
            "\n── what the browser does if the assumptions hold (assumed: {}) ──",
            assumed.join(", ")
        );
        let verdict = corsim::simulate_with(scenario, profile);
        out.push_str(&text::explain(scenario, &verdict, color));
    }
    // A verdict shared by several messages (the same message printed again) is rendered once.
    let mut rendered: HashMap<(*const Verdict, *const Scenario), String> = HashMap::new();
    for v in &reading.verdicts {
        let _ = writeln!(out, "\n── {} ──", v.label);
        if !v.assumed.is_empty() {
            let _ = writeln!(out, "  assumed: {}", v.assumed.join(", "));
        }
        for note in &v.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        let text = rendered
            .entry((Arc::as_ptr(&v.verdict), Arc::as_ptr(&v.scenario)))
            .or_insert_with(|| text::explain(&v.scenario, &v.verdict, color));
        out.push_str(text);
    }
    out
}

/// The format of an input, for `explain`.
pub fn kind(input: &str) -> PasteKind {
    detect(input)
}
