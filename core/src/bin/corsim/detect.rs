//! `corsim explain` on anything pasted: it recognises the format (as the page's paste box does)
//! and explains what it got. Scenario JSON keeps its own path in main.rs.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use corsim::paste::console::parse_console_line;
use corsim::paste::curl::{parse_curl_command, parse_curl_transcript};
use corsim::paste::fetch_call::parse_fetch_call;
use corsim::paste::headers::{BlockFormat, parse_header_block};
use corsim::paste::{PasteError, PasteKind, PastedRequest, detect};
use corsim::scenario::Scenario;
use corsim::simulate;

use crate::text;

/// Explains a pasted text that is not scenario JSON. Exit status 2 for an unreadable input.
pub fn run(name: &str, input: &str, kind: PasteKind, color: bool) -> ExitCode {
    let result = match kind {
        PasteKind::Har => explain_har(name, input, color),
        PasteKind::ConsoleLine => explain_console(input, color),
        PasteKind::CurlCommand => parse_curl_command(input)
            .map_err(|e| errors(name, "curl command", &e))
            .map(|r| explain_request("curl command", &r, color)),
        PasteKind::FetchCall => parse_fetch_call(input)
            .map_err(|e| errors(name, "fetch() call", &e))
            .map(|r| explain_request("fetch() call", &r, color)),
        PasteKind::CurlTranscript => explain_transcript(name, input, color),
        PasteKind::HeaderBlock => Ok(
            match corsim::paste::headers::parse_header_block(input).to_pasted_request() {
                Some(r) => explain_request("raw request headers", &r, color),
                None => explain_headers(input),
            },
        ),
        PasteKind::Scenario | PasteKind::Empty | PasteKind::Unknown => Err(format!(
            "{name}: cannot tell what this is: expected scenario JSON, a HAR file, a browser console message, \
             a curl command or transcript, a fetch() call, or a block of HTTP headers"
        )),
    };
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = write!(stdout, "{out}")
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("corsim: cannot write output: {e}");
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn errors(name: &str, what: &str, list: &[PasteError]) -> String {
    let mut out = String::new();
    for e in list {
        let _ = writeln!(out, "{name}: {e}");
    }
    let _ = write!(
        out,
        "corsim: {} problem{} in the {what}",
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    );
    out
}

fn scenario_json(s: &Scenario) -> String {
    serde_json::to_string_pretty(s).unwrap_or_default()
}

fn explain_har(name: &str, input: &str, color: bool) -> Result<String, String> {
    let analysis = match crate::har::analyze(name, input) {
        Ok(a) => a,
        Err(_) => return Err(format!("corsim: {name} is not a readable HAR file")),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "HAR file: {} cross-origin request{} ({} other entr{} left out)\n",
        analysis.entries.len(),
        if analysis.entries.len() == 1 { "" } else { "s" },
        analysis.skipped,
        if analysis.skipped == 1 { "y" } else { "ies" }
    );
    for r in &analysis.entries {
        let outcome = match (r.verdict.cors_error, r.verdict.is_readable()) {
            (Some(e), _) => e.name().to_string(),
            (None, true) => "ok".to_string(),
            (None, false) => "blocked".to_string(),
        };
        let _ = writeln!(
            out,
            "  #{:<4} {:<7} {:<36} {}",
            r.index, r.method, outcome, r.url
        );
    }
    for r in &analysis.entries {
        let _ = writeln!(out, "\n── entry #{} {} {} ──", r.index, r.method, r.url);
        for note in &r.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        out.push_str(&text::explain(&r.scenario, &r.verdict, color));
    }
    Ok(out)
}

fn explain_console(input: &str, color: bool) -> Result<String, String> {
    let Some(line) = parse_console_line(input) else {
        return Err("corsim: no console message could be read".to_string());
    };
    let mut out = String::new();
    let _ = writeln!(out, "{} console message", line.browser.name());
    if let Some(url) = &line.url {
        let _ = writeln!(out, "  URL:     {url}");
    }
    if let Some(from) = &line.redirected_from {
        let _ = writeln!(out, "  redirected from: {from}");
    }
    if let Some(origin) = &line.origin {
        let _ = writeln!(out, "  origin:  {origin}");
    }
    if let Some(e) = line.cors_error {
        let _ = writeln!(out, "  error:   {}", e.name());
    }
    if let Some(p) = &line.failed_parameter {
        let _ = writeln!(out, "  value:   {p:?}");
    }
    if let Some(s) = line.status {
        let _ = writeln!(out, "  status:  {s}");
    }
    if let Some(n) = line.not_cors {
        let _ = writeln!(out, "  not CORS: {n:?}");
    }
    let _ = writeln!(out, "\n{}\n", line.explanation);
    if let Some(s) = &line.scenario {
        let _ = writeln!(
            out,
            "A scenario that reproduces it:\n{}\n",
            scenario_json(s)
        );
        out.push_str(&text::explain(s, &simulate(s), color));
    }
    Ok(out)
}

fn explain_request(what: &str, r: &PastedRequest, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{what}: {} {}", r.method, r.url);
    let init = r.to_request_init();
    for (n, v) in &init.headers {
        let _ = writeln!(out, "  {n}: {v}");
    }
    let left_out = r.browser_headers();
    if !left_out.is_empty() {
        let _ = writeln!(
            out,
            "  (set by the browser itself, not by the script: {})",
            left_out.join(", ")
        );
    }
    let origin = match &r.origin {
        Some(o) => o.clone(),
        None => {
            let _ = writeln!(
                out,
                "  no Origin or Referer: corsim assumes the page is {}",
                corsim::paste::curl::PLACEHOLDER_ORIGIN
            );
            corsim::paste::curl::PLACEHOLDER_ORIGIN.to_string()
        }
    };
    let _ = writeln!(
        out,
        "\nThe server's answer is not part of the paste: corsim assumes 200 with no headers, so the fix below \
         says what the server must send.\n"
    );
    let scenario = Scenario::of_request("pasted", origin, init);
    out.push_str(&text::explain(&scenario, &simulate(&scenario), color));
    out
}

fn explain_transcript(name: &str, input: &str, color: bool) -> Result<String, String> {
    let t = parse_curl_transcript(input);
    let mut out = String::new();
    for p in &t.problems {
        let _ = writeln!(out, "{name}: line {}: {}", p.line, p.message);
    }
    let Some((scenario, notes)) = t.to_scenario() else {
        return Err(format!(
            "{out}corsim: no request could be read from the curl transcript"
        ));
    };
    let _ = writeln!(
        out,
        "curl transcript: {} request{} sent, {} response{} received",
        t.sent.len().max(usize::from(t.command.is_some())),
        if t.sent.len() == 1 { "" } else { "s" },
        t.received.len(),
        if t.received.len() == 1 { "" } else { "s" }
    );
    for note in notes {
        let _ = writeln!(out, "  note: {note}");
    }
    out.push('\n');
    out.push_str(&text::explain(&scenario, &simulate(&scenario), color));
    Ok(out)
}

fn explain_headers(input: &str) -> String {
    let block = parse_header_block(input);
    let mut out = String::new();
    let format = match block.format {
        BlockFormat::Raw => "raw (status or request line, then Name: value)",
        BlockFormat::Alternating => "name and value on alternating lines (DevTools copy)",
        BlockFormat::NameColonValue => "Name: value lines",
        BlockFormat::CurlVerbose => "curl -v output",
        BlockFormat::Empty => "empty",
    };
    let _ = writeln!(out, "header block, {format}");
    if let Some(s) = block.status {
        let _ = writeln!(out, "  status: {s}");
    }
    if let Some(rl) = &block.request_line {
        let _ = writeln!(out, "  request: {} {}", rl.method, rl.target);
    }
    let _ = writeln!(
        out,
        "  {} header{}:",
        block.headers.len(),
        if block.headers.len() == 1 { "" } else { "s" }
    );
    for (n, v) in &block.headers {
        let _ = writeln!(out, "    {n}: {v}");
    }
    if block.problems.is_empty() {
        let _ = writeln!(out, "  no problems");
    } else {
        let _ = writeln!(
            out,
            "  {} problem{}:",
            block.problems.len(),
            if block.problems.len() == 1 { "" } else { "s" }
        );
        for p in &block.problems {
            let _ = writeln!(out, "    line {}: {} ({:?})", p.line, p.message, p.text);
        }
    }
    out
}

/// The format of an input, for `explain`.
pub fn kind(input: &str) -> PasteKind {
    detect(input)
}
