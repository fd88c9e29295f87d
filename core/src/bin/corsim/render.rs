//! `corsim render SCENARIO|- [--page URL] [--browser B]`: the compact view of a scenario as a self-contained
//! HTML fragment (verdict, console line, sequence diagram, "Open in corsim" permalink; no
//! script), for documentation sites. It renders `corsim::text::html` and decides nothing.

use std::io::Write;
use std::process::ExitCode;

use corsim::{Browser, Profile, parse_scenario, simulate_with};

const USAGE: &str = "\
usage: corsim render SCENARIO|- [--page URL] [--browser chromium|firefox|safari]

  SCENARIO     one scenario as JSON (- for stdin)
  --page URL   where the corsim page is served, for the \"Open in corsim\" link
               (default https://corsim.example/)
  --browser B  the browser whose verdict is shown (default chromium); the link opens
               the page in it
";

/// Runs `corsim render` with the arguments after `render`.
pub fn run(args: &[String]) -> ExitCode {
    let mut path = None;
    let mut page = "https://corsim.example/".to_string();
    let mut browser = Browser::Chromium;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--page" => match rest.next() {
                Some(url) => page = url.clone(),
                None => return usage("--page needs a URL"),
            },
            "--browser" => match rest.next().and_then(|b| Browser::from_id(b)) {
                Some(b) => browser = b,
                None => return usage("--browser needs chromium, firefox or safari"),
            },
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "-" => path = Some(arg.clone()),
            flag if flag.starts_with('-') => return usage(&format!("unknown option {flag}")),
            _ if path.is_some() => return usage("give one scenario file"),
            _ => path = Some(arg.clone()),
        }
    }
    let Some(path) = path else {
        return usage("give a scenario file (or - for stdin)");
    };
    let text = match crate::read_input(&path) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("corsim: {message}");
            return ExitCode::from(2);
        }
    };
    let scenario = match parse_scenario(&text) {
        Ok(s) => s,
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{path}: {e}");
            }
            return ExitCode::from(2);
        }
    };
    let verdict = simulate_with(&scenario, Profile::of(browser));
    let html = corsim::text::html::embed_fragment(&scenario, &verdict, &page);
    let mut out = std::io::stdout().lock();
    if out.write_all(html.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn usage(message: &str) -> ExitCode {
    eprintln!("corsim: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
