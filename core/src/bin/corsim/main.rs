//! `corsim`: reads scenario JSON and prints what Chromium does with it.
//!
//! ```text
//! corsim check FILE|-      one verdict, or an array of verdicts, as JSON
//! corsim explain FILE|-    the same, as text for a terminal (also a pasted HAR, console line, curl, fetch, headers)
//! corsim explain --json FILE|-   what corsim read in any of those, as JSON
//! corsim har FILE          every cross-origin request of a HAR file, as JSON
//! corsim server CONFIG      what an nginx/Apache/Express/Flask/PHP configuration sends, and the verdict
//! corsim render FILE|-      the compact view as a static HTML fragment, for documentation
//! corsim probe URL         the browser's requests sent to a live server, and the verdict on its answers
//! corsim audit URL         which hostile origins can read a live server's responses
//! ```
//! Malformed input exits with status 2 and names every problem with its JSON path.

mod detect;
mod har;
mod net;
mod probe;
mod render;
mod server;
mod text;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use corsim::scenario::{Layout, parse_scenarios};
use corsim::{Browser, Profile, Scenario, Verdict, compare_browsers, simulate_with};

const USAGE: &str = "\
corsim: what a browser does with a cross-origin fetch(), step by step

usage:
  corsim check FILE|-     print the verdict as JSON (one object, or an array for an array input)
  corsim explain FILE|-   print the verdict as text; FILE may also hold a HAR file, browser
                          console messages, a curl command or transcript, a fetch() call or headers
  corsim explain --json FILE|-
                          what corsim read, as JSON: the format, every console message, the
                          verdicts of the scenarios it built (with what it assumed), the problems
  corsim har FILE|-       every cross-origin request of a DevTools HAR export, as a JSON array
  corsim render FILE|-    the compact view as a self-contained HTML fragment (no script)
  corsim server CONFIG|- --origin ORIGIN --url URL [--kind K] [--method M] [-H 'Name: value']...
                          what a server configuration sends for the fetch(), and the verdict
                          (corsim server --help for every option)
  corsim probe URL --origin ORIGIN [--method M] [-H 'Name: value']... [--credentials C]
                          send a live server the browser's requests; the verdict on its answers
  corsim audit URL --origin TRUSTED...
                          what origins an attacker's page can have get to read from URL
  corsim help             this text

options:
  --browser B             chromium (default), firefox, safari (WebKit), or all: the three verdicts
                          and whether they agree
  --exit-code             exit with status 1 when any scenario is blocked or opaque
  --compact               (check) one line of JSON per verdict array instead of pretty output
  --no-color              (explain) no colors, also when NO_COLOR is set or output is not a terminal
  --json                  (explain) the reading as JSON
  --keep-secrets          (explain, har) show tokens in URLs and Authorization values as given
                          (masked by default)

FILE holds one scenario object, an array of them, or {\"corsim\": 1, \"scenarios\": [...]}:
  {\"origin\": \"https://app.example.com\",
   \"request\": {\"url\": \"https://api.example.com/v1/orders\", \"method\": \"PUT\",
               \"headers\": [[\"Content-Type\", \"application/json\"]]},
   \"preflight\": {\"status\": 204, \"headers\": [[\"Access-Control-Allow-Origin\", \"https://app.example.com\"]]},
   \"response\": {\"status\": 200, \"headers\": [[\"Access-Control-Allow-Origin\", \"*\"]]}}
exit status: 0 ok, 1 blocked (with --exit-code), 2 bad input or usage
";

/// The browsers `--browser` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Browsers {
    /// One browser's verdict.
    One(Browser),
    /// Every browser's, compared.
    All,
}

struct Options {
    browsers: Browsers,
    /// Whether `--browser` was given.
    browser_given: bool,
    command: String,
    path: String,
    exit_code: bool,
    compact: bool,
    color: bool,
    json: bool,
    keep_secrets: bool,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut exit_code = false;
    let mut compact = false;
    let mut no_color = false;
    let mut browsers = Browsers::One(Browser::Chromium);
    let mut browser_given = false;
    let mut json = false;
    let mut keep_secrets = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--browser" => {
                browser_given = true;
                let value = args.next().ok_or_else(|| {
                    "--browser needs a value: chromium, firefox, safari or all".to_string()
                })?;
                browsers = match value.as_str() {
                    "all" => Browsers::All,
                    id => Browsers::One(Browser::from_id(id).ok_or_else(|| {
                        format!("unknown browser {id:?}: use chromium, firefox, safari or all")
                    })?),
                };
            }
            "--exit-code" => exit_code = true,
            "--json" => json = true,
            "--keep-secrets" => keep_secrets = true,
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
            browsers,
            browser_given,
            command,
            path: String::new(),
            exit_code,
            compact,
            color: false,
            json,
            keep_secrets,
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
    if json && command != "explain" {
        return Err(format!(
            "{command}: --json is for explain ({command} prints JSON already)"
        ));
    }
    let color =
        !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    Ok(Options {
        browsers,
        browser_given,
        command,
        path,
        exit_code,
        compact,
        color,
        json,
        keep_secrets,
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
    if args.first().is_some_and(|a| a == "render") {
        return render::run(args.get(1..).unwrap_or_default());
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
    // The browser profile the verdicts are for (`--browser all`: each, where it applies).
    let profile = match options.browsers {
        Browsers::One(b) => Profile::of(b).clone(),
        Browsers::All => Profile::CHROMIUM,
    };
    if options.command == "har" {
        if options.browsers == Browsers::All {
            return har::run_all(name, &text, &options_har(&options));
        }
        return har::run(name, &text, &profile, &options_har(&options));
    }
    if options.command == "explain" {
        let kind = detect::kind(&text);
        let scenario = kind == corsim::paste::PasteKind::Scenario
            && corsim::paste::reading::is_scenario_json(&text);
        if options.json || !scenario {
            let printing = detect::Printing {
                json: options.json,
                color: options.color,
                keep_secrets: options.keep_secrets,
                exit_code: options.exit_code,
                browser_from_paste: !options.browser_given,
            };
            return detect::run(name, &text, &profile, &printing);
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
    let browser = match options.browsers {
        Browsers::One(b) => b,
        Browsers::All => return compare_all(layout, scenarios, &options),
    };
    let verdicts: Vec<(Scenario, Verdict)> = scenarios
        .into_iter()
        .map(|s| {
            let v = simulate_with(&s, Profile::of(browser));
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

fn options_har(options: &Options) -> har::HarOptions {
    har::HarOptions {
        compact: options.compact,
        exit_code: options.exit_code,
        keep_secrets: options.keep_secrets,
    }
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

/// `--browser all`: each scenario in the three browsers, whether they agree and where not.
fn compare_all(layout: Layout, scenarios: Vec<Scenario>, options: &Options) -> ExitCode {
    let comparisons: Vec<(Scenario, corsim::Comparison)> = scenarios
        .into_iter()
        .map(|s| {
            let c = compare_browsers(&s, true);
            (s, c)
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let written = if options.command == "check" {
        let list: Vec<&corsim::Comparison> = comparisons.iter().map(|(_, c)| c).collect();
        let rendered = match (layout, list.as_slice()) {
            (Layout::Single, [one]) if options.compact => serde_json::to_string(one),
            (Layout::Single, [one]) => serde_json::to_string_pretty(one),
            _ if options.compact => serde_json::to_string(&list),
            _ => serde_json::to_string_pretty(&list),
        };
        rendered
            .map_err(std::io::Error::other)
            .and_then(|r| writeln!(out, "{r}"))
    } else {
        (|| {
            for (i, (scenario, comparison)) in comparisons.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                for verdict in &comparison.verdicts {
                    writeln!(out, "=== {} ===", verdict.browser.name())?;
                    write!(out, "{}", text::explain(scenario, verdict, options.color))?;
                    writeln!(
                        out,
                        "{}",
                        corsim::text::summary::others_agree(comparison, verdict.browser)
                    )?;
                    writeln!(out)?;
                }
                writeln!(
                    out,
                    "{}",
                    if comparison.agree {
                        "The three browsers agree.".to_string()
                    } else {
                        let fields: Vec<&str> =
                            comparison.differences.iter().map(|d| d.field).collect();
                        format!("The browsers differ in: {}.", fields.join(", "))
                    }
                )?;
            }
            Ok(())
        })()
    };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("corsim: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if options.exit_code
        && comparisons
            .iter()
            .any(|(_, c)| c.verdicts.iter().any(|v| !v.is_readable()))
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
