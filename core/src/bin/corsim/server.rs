//! `corsim server CONFIG|-`: what a pasted nginx, Apache, Express, Flask or PHP configuration
//! sends for a `fetch()`, and the browser's verdict. It renders `corsim::server`'s data and
//! explains nothing of its own.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use corsim::scenario::{Credentials, RequestInit};
use corsim::server::model::{NoteKind, Origin};
use corsim::server::{
    ConfigErrors, Exchange, Kind, Outcome, Role, Simulation, browser_profile, compare_cases,
    simulate_config, simulate_config_all,
};
use corsim::text::server::{case_title, finding_words, note_words, outcome_title, probe_words};

const USAGE: &str = "\
usage: corsim server CONFIG|- --origin ORIGIN --url URL [options]

  CONFIG                 an nginx, Apache httpd, Express, Flask or PHP configuration (- for stdin)
  --kind K               nginx | apache | express | flask | php (detected when not given)
  --origin ORIGIN        the page's origin (https://app.example.com)
  --url URL              the URL fetch() is called with; its path picks the location or route
  --method M             the method (default GET)
  -H 'Name: value'       a header the script sets (repeatable)
  --credentials C        omit | same-origin | include (default same-origin)
  --upstream 'Name: v'   a header the application behind proxy_pass/ProxyPass adds (repeatable)
  --browser B            chromium (default), firefox, safari (WebKit), or all: each browser's
                         requests, the configuration's answers and verdicts, and whether they agree
  --json                 the exchanges and verdicts as JSON
  --exit-code            exit with status 1 when the script cannot read the response
";

struct Args {
    path: String,
    kind: Option<Kind>,
    origin: String,
    init: RequestInit,
    upstream: Vec<(String, String)>,
    browser: String,
    json: bool,
    exit_code: bool,
}

pub(crate) fn header(value: &str, flag: &str) -> Result<(String, String), String> {
    let (n, v) = value
        .split_once(':')
        .ok_or_else(|| format!("{flag} {value:?}: expected 'Name: value'"))?;
    if n.trim().is_empty() {
        return Err(format!("{flag} {value:?}: the header name is empty"));
    }
    Ok((n.trim().to_string(), v.trim().to_string()))
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut path = None;
    let mut kind = None;
    let mut origin = None;
    let mut url = None;
    let mut method = "GET".to_string();
    let mut headers = Vec::new();
    let mut credentials = Credentials::SameOrigin;
    let mut upstream = Vec::new();
    let mut browser = "chromium".to_string();
    let mut json = false;
    let mut exit_code = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--kind" => {
                let k = value("--kind")?;
                kind = Some(Kind::from_id(&k).ok_or_else(|| {
                    format!("--kind {k:?}: expected nginx, apache, express, flask or php")
                })?);
            }
            "--origin" => origin = Some(value("--origin")?),
            "--url" => url = Some(value("--url")?),
            "--method" | "-X" => method = value("--method")?,
            "-H" | "--header" => headers.push(header(&value("-H")?, "-H")?),
            "--upstream" => upstream.push(header(&value("--upstream")?, "--upstream")?),
            "--credentials" => {
                credentials = match value("--credentials")?.as_str() {
                    "omit" => Credentials::Omit,
                    "same-origin" => Credentials::SameOrigin,
                    "include" => Credentials::Include,
                    other => {
                        return Err(format!(
                            "--credentials {other:?}: expected omit, same-origin or include"
                        ));
                    }
                }
            }
            "--browser" => browser = value("--browser")?,
            "--json" => json = true,
            "--exit-code" => exit_code = true,
            "-" => path = Some("-".to_string()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            other => {
                if path.is_some() {
                    return Err(format!("unexpected argument {other:?}"));
                }
                path = Some(other.to_string());
            }
        }
    }
    let path = path.ok_or("missing CONFIG (use - for standard input)")?;
    let origin = origin.ok_or("missing --origin (the page's origin)")?;
    let url = url.ok_or("missing --url (the URL fetch() is called with)")?;
    let mut init = RequestInit::get(url);
    init.method = method;
    init.headers = headers;
    init.credentials = credentials;
    Ok(Args {
        path,
        kind,
        origin,
        init,
        upstream,
        browser,
        json,
        exit_code,
    })
}

/// Runs `corsim server` with the arguments after `server`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("corsim server: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // `--browser all`: the three browsers; otherwise the one named.
    let profile = match args.browser.as_str() {
        "all" => None,
        id => match browser_profile(id) {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("corsim server: --browser {id}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let text = match super::read_input(&args.path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("corsim: {e}");
            return ExitCode::from(2);
        }
    };
    let name = if args.path == "-" {
        "<stdin>"
    } else {
        args.path.as_str()
    };
    let simulations = match &profile {
        Some(p) => simulate_config(
            &text,
            args.kind,
            &args.origin,
            &args.init,
            &args.upstream,
            p,
        )
        .map(|s| vec![s]),
        None => simulate_config_all(&text, args.kind, &args.origin, &args.init, &args.upstream),
    };
    let simulations = match simulations {
        Ok(s) => s,
        Err(errors) => return config_errors(name, &errors),
    };
    let rendered = match (profile.is_some(), args.json) {
        (true, true) => simulations
            .first()
            .map(|s| serde_json::to_string_pretty(&json(s)).unwrap_or_default() + "\n")
            .unwrap_or_default(),
        (true, false) => simulations
            .iter()
            .map(|s| text_of(s, &text))
            .collect::<String>(),
        (false, true) => {
            serde_json::to_string_pretty(&all_json(&simulations)).unwrap_or_default() + "\n"
        }
        (false, false) => all_text(&simulations, &text),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(rendered.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("corsim: cannot write output: {e}");
        return ExitCode::from(2);
    }
    let readable = simulations
        .iter()
        .all(|s| s.outcomes.first().is_some_and(|o| o.verdict.is_readable()));
    if args.exit_code && !readable {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn config_errors(name: &str, errors: &ConfigErrors) -> ExitCode {
    for e in &errors.0 {
        eprintln!("{name}: {e}");
    }
    eprintln!(
        "corsim: {} problem{} in the configuration",
        errors.0.len(),
        if errors.0.len() == 1 { "" } else { "s" }
    );
    ExitCode::from(2)
}

/// `--browser all --json`: `{"browsers": [one simulation's JSON per browser], "cases": [{"case",
/// "agree", "differences"}]}`.
fn all_json(simulations: &[Simulation]) -> serde_json::Value {
    serde_json::json!({
        "browsers": simulations.iter().map(json).collect::<Vec<_>>(),
        "cases": compare_cases(simulations).iter().map(|(case, c)| serde_json::json!({
            "case": case,
            "agree": c.agree,
            "differences": c.differences,
        })).collect::<Vec<_>>(),
    })
}

/// `--browser all`: each browser's simulation, then whether they agree on each case.
fn all_text(simulations: &[Simulation], config: &str) -> String {
    let mut out = String::new();
    for s in simulations {
        let _ = writeln!(out, "=== {} ===", s.browser.name());
        out.push_str(&text_of(s, config));
        out.push('\n');
    }
    let _ = writeln!(out, "Do the browsers agree?");
    for (case, c) in compare_cases(simulations) {
        let words = if c.agree {
            "the three browsers agree".to_string()
        } else {
            let fields: Vec<&str> = c.differences.iter().map(|d| d.field).collect();
            format!("the browsers differ in: {}", fields.join(", "))
        };
        let _ = writeln!(out, "  {}: {words}", case_title(case));
    }
    out
}

fn pairs(headers: &[(String, String)]) -> serde_json::Value {
    serde_json::Value::Array(
        headers
            .iter()
            .map(|(n, v)| serde_json::json!([n, v]))
            .collect(),
    )
}

fn exchange_json(e: &Exchange) -> serde_json::Value {
    serde_json::json!({
        "role": e.role,
        "sent": e.sent,
        "request": {"method": e.request.method, "target": e.request.target, "headers": pairs(&e.request.headers)},
        "response": {"status": e.response.status, "headers": pairs(&e.response.pairs()), "notes": e.response.notes},
        "from": e.response.headers.iter().map(|h| match h.from {
            Origin::Config { line } => serde_json::json!(line),
            Origin::Backend => serde_json::json!("backend"),
            Origin::Server => serde_json::json!("server"),
        }).collect::<Vec<_>>(),
    })
}

fn outcome_json(o: &Outcome) -> serde_json::Value {
    serde_json::json!({
        "case": o.case,
        "exchanges": o.exchanges.iter().map(exchange_json).collect::<Vec<_>>(),
        "verdict": o.verdict,
    })
}

/// `{"browser", "kind", "modelled", "exchanges", "verdict", "errors": [{"case", "exchanges",
/// "verdict"}], "matrix", "findings", "unmodelled", "assumed_unset"}`.
fn json(s: &Simulation) -> serde_json::Value {
    let normal = s.outcomes.first().map(outcome_json).unwrap_or_default();
    serde_json::json!({
        "browser": s.browser,
        "kind": s.kind,
        "modelled": s.modelled,
        "exchanges": normal.get("exchanges"),
        "verdict": normal.get("verdict"),
        "errors": s.outcomes.iter().skip(1).map(outcome_json).collect::<Vec<_>>(),
        "matrix": s.matrix,
        "findings": s.findings,
        "unmodelled": s.unmodelled.iter().map(|(line, what)| serde_json::json!({"line": line, "what": what})).collect::<Vec<_>>(),
        "assumed_unset": s.assumed_unset.iter().map(|r| serde_json::json!({"line": r.line, "variable": r.variable, "what": corsim::text::server::assumed_unset_words(s.kind, &r.variable)})).collect::<Vec<_>>(),
    })
}

fn config_line(config: &str, line: usize) -> String {
    config
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.trim().chars().take(70).collect())
        .unwrap_or_default()
}

fn exchange_text(out: &mut String, e: &Exchange, config: &str) {
    let title = match e.role {
        Role::Preflight => "preflight",
        Role::Request if e.sent => "request",
        Role::Request => "request (not sent by the browser; what the server would answer)",
    };
    let _ = writeln!(out, "  {title}: {} {}", e.request.method, e.request.target);
    for (n, v) in e
        .request
        .headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("host"))
    {
        let _ = writeln!(out, "      {n}: {v}");
    }
    let _ = writeln!(out, "    -> {}", e.response.status);
    for h in &e.response.headers {
        let from = match h.from {
            Origin::Config { line } => format!("line {line}"),
            Origin::Backend => "the application".to_string(),
            Origin::Server => "the server".to_string(),
        };
        let _ = writeln!(out, "      {}: {}    ({from})", h.name, h.value);
    }
    if e.response.headers.is_empty() {
        let _ = writeln!(out, "      (no headers from the configuration)");
    }
    let mut seen = Vec::new();
    for n in &e.response.notes {
        if matches!(n.kind, NoteKind::ConditionFalse) || seen.contains(&(n.line, n.kind.clone())) {
            continue;
        }
        seen.push((n.line, n.kind.clone()));
        let _ = writeln!(
            out,
            "      line {}: {}  [{}]",
            n.line,
            note_words(&n.kind),
            config_line(config, n.line)
        );
    }
}

fn text_of(s: &Simulation, config: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} configuration (modelled on {}), requests and verdicts of {}",
        s.kind.id(),
        s.modelled,
        s.browser.name()
    );
    for o in &s.outcomes {
        let _ = writeln!(out, "\n{}", outcome_title(o, s.kind));
        for e in &o.exchanges {
            exchange_text(&mut out, e, config);
        }
        let _ = writeln!(out, "  verdict: {}", o.verdict.summary);
        if let Some(c) = &o.verdict.console {
            let _ = writeln!(out, "  console: {c}");
        }
    }
    let _ = writeln!(out, "\nWhich origins get in (the same request)");
    for r in &s.matrix {
        let _ = writeln!(
            out,
            "  {:<8} {:<20} {:<40} {}",
            r.credentials.as_str(),
            probe_words(r.probe),
            r.origin,
            if r.readable {
                "readable".to_string()
            } else {
                r.cors_error
                    .map(|e| format!("blocked ({e:?})"))
                    .unwrap_or_else(|| "blocked".to_string())
            }
        );
    }
    if !s.findings.is_empty() {
        let _ = writeln!(out, "\nFindings");
        for f in &s.findings {
            let _ = writeln!(out, "  - {}", finding_words(&f.kind));
            for h in &f.evidence {
                let line = match h.from {
                    Origin::Config { line } => format!(" (line {line})"),
                    _ => String::new(),
                };
                let _ = writeln!(out, "      {}: {}{line}", h.name, h.value);
            }
        }
    }
    if !s.unmodelled.is_empty() {
        let _ = writeln!(out, "\nRead but not modelled");
        for (line, what) in &s.unmodelled {
            let _ = writeln!(out, "  line {line}: {what}");
        }
    }
    if !s.assumed_unset.is_empty() {
        let _ = writeln!(out, "\nAssumed");
        for r in &s.assumed_unset {
            let words = corsim::text::server::assumed_unset_words(s.kind, &r.variable);
            let _ = writeln!(out, "  line {}: {words}", r.line);
        }
    }
    out
}
