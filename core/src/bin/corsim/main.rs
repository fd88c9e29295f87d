//! `corsim`: reads scenario JSON and prints what Chromium does with it.
//!
//! ```text
//! corsim check FILE|-      one verdict, or an array of verdicts, as JSON
//! corsim explain FILE|-    the same, as text for a terminal (also a pasted HAR, console line, curl, fetch, headers)
//! corsim har FILE          every cross-origin request of a HAR file, as JSON
//! corsim server CONFIG      what an nginx/Apache/Express/Flask/PHP configuration sends, and the verdict
//! corsim probe URL         the browser's requests sent to a live server, and the verdict on its answers
//! corsim audit URL         which hostile origins can read a live server's responses
//! ```
//! Malformed input exits with status 2 and names every problem with its JSON path.

mod detect;
mod har;
mod net;
mod probe;
mod server;
mod text;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use corsim::scenario::{Layout, parse_scenarios};
use corsim::{Scenario, Verdict, simulate};

const USAGE: &str = "\
corsim: what a browser does with a cross-origin fetch(), step by step

usage:
  corsim check FILE|-     print the verdict as JSON (one object, or an array for an array input)
  corsim explain FILE|-   print the verdict as text; FILE may also hold a HAR file, a browser
                          console message, a curl command or transcript, a fetch() call or headers
  corsim har FILE|-       every cross-origin request of a DevTools HAR export, as a JSON array
  corsim server CONFIG|- --origin ORIGIN --url URL [--kind K] [--method M] [-H 'Name: value']...
                          what a server configuration sends for the fetch(), and the verdict
                          (corsim server --help for every option)
  corsim probe URL --origin ORIGIN [--method M] [-H 'Name: value']... [--credentials C]
                          send a live server the browser's requests; the verdict on its answers
  corsim audit URL --origin TRUSTED...
                          what origins an attacker's page can have get to read from URL
  corsim help             this text

options:
  --exit-code             exit with status 1 when any scenario is blocked or opaque
  --compact               (check) one line of JSON per verdict array instead of pretty output
  --no-color              (explain) no colors, also when NO_COLOR is set or output is not a terminal

FILE holds one scenario object, an array of them, or {\"corsim\": 1, \"scenarios\": [...]}:
  {\"origin\": \"https://app.example.com\",
   \"request\": {\"url\": \"https://api.example.com/v1/orders\", \"method\": \"PUT\",
               \"headers\": [[\"Content-Type\", \"application/json\"]]},
   \"preflight\": {\"status\": 204, \"headers\": [[\"Access-Control-Allow-Origin\", \"https://app.example.com\"]]},
   \"response\": {\"status\": 200, \"headers\": [[\"Access-Control-Allow-Origin\", \"*\"]]}}
exit status: 0 ok, 1 blocked (with --exit-code), 2 bad input or usage
";

struct Options {
    command: String,
    path: String,
    exit_code: bool,
    compact: bool,
    color: bool,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut exit_code = false;
    let mut compact = false;
    let mut no_color = false;
    for arg in args {
        match arg.as_str() {
            "--exit-code" => exit_code = true,
            "--compact" => compact = true,
            "--no-color" => no_color = true,
            "-" => positional.push(arg.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg.clone()),
        }
    }
    let mut it = positional.into_iter();
    let command = it.next().ok_or_else(|| "missing command".to_string())?;
    if command == "help" {
        return Ok(Options {
            command,
            path: String::new(),
            exit_code,
            compact,
            color: false,
        });
    }
    if command != "check" && command != "explain" && command != "har" {
        return Err(format!("unknown command {command:?}"));
    }
    let path = it
        .next()
        .ok_or_else(|| format!("{command}: missing FILE (use - for standard input)"))?;
    if let Some(extra) = it.next() {
        return Err(format!("{command}: unexpected argument {extra:?}"));
    }
    let color =
        !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    Ok(Options {
        command,
        path,
        exit_code,
        compact,
        color,
    })
}

pub(crate) fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ())
    };
    let name = if path == "-" { "standard input" } else { path };
    result.map_err(|e| format!("{name}: cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: byte {}: input is not UTF-8 text (is this a binary file?)",
            e.utf8_error().valid_up_to()
        )
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "server") {
        return server::run(args.get(1..).unwrap_or_default());
    }
    if args.first().is_some_and(|a| a == "probe") {
        return probe::run(args.get(1..).unwrap_or_default());
    }
    if args.first().is_some_and(|a| a == "audit") {
        return probe::run_audit(args.get(1..).unwrap_or_default());
    }
    let options = match parse_args(&args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("corsim: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if options.command == "help" {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let text = match read_input(&options.path) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("corsim: {message}");
            return ExitCode::from(2);
        }
    };
    let name = if options.path == "-" {
        "<stdin>"
    } else {
        options.path.as_str()
    };
    if options.command == "har" {
        return har::run(name, &text, options.compact, options.exit_code);
    }
    if options.command == "explain" {
        use corsim::paste::PasteKind;
        let kind = detect::kind(&text);
        if !matches!(
            kind,
            PasteKind::Scenario | PasteKind::Empty | PasteKind::Unknown
        ) {
            return detect::run(name, &text, kind, options.color);
        }
    }
    let (layout, scenarios) = match parse_scenarios(&text) {
        Ok(parsed) => parsed,
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{name}: {e}");
            }
            eprintln!(
                "corsim: {} problem{} in the input",
                errors.0.len(),
                if errors.0.len() == 1 { "" } else { "s" }
            );
            return ExitCode::from(2);
        }
    };
    let verdicts: Vec<(Scenario, Verdict)> = scenarios
        .into_iter()
        .map(|s| {
            let v = simulate(&s);
            (s, v)
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let written = match options.command.as_str() {
        "check" => write_json(&mut out, layout, &verdicts, options.compact),
        _ => write_text(&mut out, &verdicts, options.color),
    };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("corsim: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if options.exit_code && verdicts.iter().any(|(_, v)| !v.is_readable()) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn write_json(
    out: &mut impl Write,
    layout: Layout,
    verdicts: &[(Scenario, Verdict)],
    compact: bool,
) -> std::io::Result<()> {
    // Serialized straight from the structs, so fields keep the contract's order.
    fn render<T: serde::Serialize + ?Sized>(
        value: &T,
        compact: bool,
    ) -> serde_json::Result<String> {
        if compact {
            serde_json::to_string(value)
        } else {
            serde_json::to_string_pretty(value)
        }
    }
    let list: Vec<&Verdict> = verdicts.iter().map(|(_, v)| v).collect();
    let rendered = match (layout, list.as_slice()) {
        (Layout::Single, [one]) => render(one, compact),
        _ => render(&list, compact),
    }
    .map_err(std::io::Error::other)?;
    writeln!(out, "{rendered}")
}

fn write_text(
    out: &mut impl Write,
    verdicts: &[(Scenario, Verdict)],
    color: bool,
) -> std::io::Result<()> {
    for (i, (scenario, verdict)) in verdicts.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write!(out, "{}", text::explain(scenario, verdict, color))?;
    }
    Ok(())
}
