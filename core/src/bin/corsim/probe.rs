//! `corsim probe URL` and `corsim audit URL`: send a live server the requests a browser would
//! send (`corsim::probe`, `corsim::wire`), over the client of [`super::net`], and render what
//! the engine makes of the answers (`corsim::audit` for the audit's findings).

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use corsim::audit::{self, Observation, Shape};
use corsim::probe::{self, Answered, Probed};
use corsim::profile::Browser;
use corsim::scenario::{Credentials, Mode, Reply, RequestInit};
use corsim::server::browser_profile;
use corsim::wire::{CHROMIUM_USER_AGENT, Context, FIREFOX_USER_AGENT, Role, WireRequest};
use corsim::{Profile, simulate_with};

use super::net::{self, NetError, Options};

const PROBE_USAGE: &str = "\
usage: corsim probe URL --origin ORIGIN [options]

  sends URL the requests a browser sends for fetch(URL, {method, headers, credentials}) from a
  page at ORIGIN (the preflight when one is needed, then the request, following redirects as
  the browser does), and says what the browser does with the real answers

  --origin ORIGIN         the page's origin (https://app.example.com, or null)
  --method M, -X M        the method (default GET)
  -H 'Name: value'        a header the script sets (repeatable)
  --credentials [C]       omit | same-origin | include (default same-origin; alone: include)
  --mode M                cors | no-cors | same-origin (default cors)
  --body TEXT             a string body
  --cookie 'a=b'          the cookie the browser would attach when credentials are included
  --browser B             chromium | firefox (its requests and rules) | safari (its rules,
                          Chromium's requests)
  --expect allowed|blocked  exit 0 when the verdict is that, else 1 (for a pipeline)
  --json                  the verdict with the exchanges, as JSON
  --no-color              no colors
network:
  --ca-cert FILE          trust this CA (PEM) besides the webpki roots (repeatable)
  --insecure              do not verify the server's certificate
  --connect-timeout S     seconds to connect (default 10)
  --timeout S             seconds for each request (default 30)
  --resolve H:P:ADDR      reach host H, port P at ADDR (as curl's --resolve)
  --max-body BYTES        read at most this much of each body (default 1048576)
  --no-proxy              ignore http_proxy / https_proxy / all_proxy

exit status: 0 the script can read the response, 1 it cannot, 2 bad input, 3 network error
(with --expect: 0 as expected, 1 not)
";

const AUDIT_USAGE: &str = "\
usage: corsim audit URL --origin TRUSTED [--origin TRUSTED2 ...] [options]

  tries URL from the trusted origins and from the origins an attacker's page can have (an
  unrelated site, look-alikes of each trusted host, a sibling subdomain, http:// instead of
  https://, null), with and without credentials, for a simple GET and a preflighted request,
  and reports only what a browser would let a hostile page read

  --origin ORIGIN         a trusted origin (repeatable; at least one)
  --method M, -H 'N: v'   the preflighted probe's method and headers (default: GET with
                          X-Corsim-Audit: 1; a method other than GET is really sent)
  --cookie 'a=b'          sent with the credentialed probes
  --delay MS              pause between requests (default 150)
  --json                  {\"requests_sent\", \"findings\", \"notes\"} as JSON
  network options as for corsim probe (--ca-cert, --insecure, --timeout, --resolve, ...)

exit status: 0 no finding, 1 findings, 2 bad input, 3 network error
";

struct Args {
    url: String,
    origins: Vec<String>,
    init: RequestInit,
    cookie: Option<String>,
    browser: String,
    expect: Option<bool>,
    json: bool,
    color: bool,
    delay: Duration,
    net: Options,
}

fn seconds(flag: &str, v: &str) -> Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{flag} {v:?}: expected a number of seconds"))
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut url = None;
    let mut origins = Vec::new();
    let mut method = "GET".to_string();
    let mut headers = Vec::new();
    let mut credentials = Credentials::SameOrigin;
    let mut mode = Mode::Cors;
    let mut body = None;
    let mut cookie = None;
    let mut browser = "chromium".to_string();
    let mut expect = None;
    let mut json = false;
    let mut no_color = false;
    let mut delay = Duration::from_millis(150);
    let mut net = Options {
        connect_timeout: Duration::from_secs(10),
        timeout: Duration::from_secs(30),
        ca_certs: Vec::new(),
        insecure: false,
        resolve: Vec::new(),
        max_body: 1 << 20,
        no_proxy: false,
    };
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let mut value = |name: &str| {
            let v = args
                .get(i)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"));
            i += 1;
            v
        };
        match arg.as_str() {
            "--origin" => origins.push(value("--origin")?),
            "--method" | "-X" => method = value("--method")?,
            "-H" | "--header" => headers.push(super::server::header(&value("-H")?, "-H")?),
            "--credentials" => {
                credentials = match args.get(i).map(String::as_str) {
                    Some("omit") => Credentials::Omit,
                    Some("same-origin") => Credentials::SameOrigin,
                    Some("include") => Credentials::Include,
                    _ => {
                        i -= 1;
                        Credentials::Include
                    }
                };
                i += 1;
            }
            "--mode" => {
                mode = match value("--mode")?.as_str() {
                    "cors" => Mode::Cors,
                    "no-cors" => Mode::NoCors,
                    "same-origin" => Mode::SameOrigin,
                    other => {
                        return Err(format!(
                            "--mode {other:?}: expected cors, no-cors or same-origin"
                        ));
                    }
                }
            }
            "--body" | "-d" => body = Some(value("--body")?),
            "--cookie" | "-b" => cookie = Some(value("--cookie")?),
            "--browser" => browser = value("--browser")?,
            "--expect" => {
                expect = Some(match value("--expect")?.as_str() {
                    "allowed" => true,
                    "blocked" => false,
                    other => {
                        return Err(format!("--expect {other:?}: expected allowed or blocked"));
                    }
                })
            }
            "--json" => json = true,
            "--no-color" => no_color = true,
            "--delay" => {
                let v = value("--delay")?;
                delay = Duration::from_millis(
                    v.parse::<u64>()
                        .map_err(|_| format!("--delay {v:?}: expected milliseconds"))?,
                );
            }
            "--ca-cert" | "--cacert" => net.ca_certs.push(value("--ca-cert")?),
            "--insecure" | "-k" => net.insecure = true,
            "--connect-timeout" => {
                net.connect_timeout = seconds("--connect-timeout", &value("--connect-timeout")?)?
            }
            "--timeout" | "--max-time" => net.timeout = seconds("--timeout", &value("--timeout")?)?,
            "--max-body" => {
                let v = value("--max-body")?;
                net.max_body = v
                    .parse()
                    .map_err(|_| format!("--max-body {v:?}: expected a number of bytes"))?;
            }
            "--no-proxy" => net.no_proxy = true,
            "--resolve" => {
                let v = value("--resolve")?;
                let mut parts = v.splitn(3, ':');
                let (h, p, a) = (parts.next(), parts.next(), parts.next());
                let port = p.and_then(|p| p.parse::<u16>().ok());
                match (h, port, a) {
                    (Some(h), Some(p), Some(a)) if !h.is_empty() && !a.is_empty() => {
                        net.resolve.push((h.to_string(), p, a.to_string()))
                    }
                    _ => return Err(format!("--resolve {v:?}: expected HOST:PORT:ADDRESS")),
                }
            }
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(format!("unknown option {flag}"));
            }
            other => {
                if url.is_some() {
                    return Err(format!("unexpected argument {other:?}"));
                }
                url = Some(other.to_string());
            }
        }
    }
    let url = url.ok_or("missing URL")?;
    match url::Url::parse(&url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {}
        Ok(u) => {
            return Err(format!(
                "{url}: a {}: URL cannot be probed (http: or https:)",
                u.scheme()
            ));
        }
        Err(e) => return Err(format!("{url}: not an absolute URL ({e})")),
    }
    if origins.is_empty() {
        return Err("missing --origin (the page's origin)".to_string());
    }
    for o in &origins {
        if o != "null" && corsim::origin::parse_page_origin(o).is_err() {
            return Err(format!(
                "--origin {o:?}: not an origin (https://app.example.com or null)"
            ));
        }
    }
    let mut init = RequestInit::get(url.clone());
    init.method = method;
    init.headers = headers;
    init.credentials = credentials;
    init.mode = mode;
    init.body = body;
    let color =
        !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    Ok(Args {
        url,
        origins,
        init,
        cookie,
        browser,
        expect,
        json,
        color,
        delay,
        net,
    })
}

/// The `User-Agent` the probe sends: the browser's (Chromium's for Safari, whose requests are
/// not recorded yet), saying that it is corsim.
fn user_agent(browser: Browser) -> String {
    let base = match browser {
        Browser::Firefox => FIREFOX_USER_AGENT,
        Browser::Chromium | Browser::Safari => CHROMIUM_USER_AGENT,
    };
    format!("{base} corsim/{} (CORS probe)", env!("CARGO_PKG_VERSION"))
}

/// A response as the engine reads it.
fn reply_of(r: &net::Response) -> Reply {
    Reply {
        status: r.status,
        headers: r.headers.clone(),
        body: None,
    }
}

struct Live {
    exchanges: Vec<(WireRequest, Option<net::Response>)>,
}

/// One probe: the exchanges, and the verdict of `profile`.
fn run_probe(
    origin: &str,
    init: &RequestInit,
    profile: &Profile,
    cookie: Option<&str>,
    net_options: &Options,
    tls: &std::sync::Arc<rustls::ClientConfig>,
    delay: Duration,
    preflight_only: bool,
    live: &mut Live,
) -> Result<Probed, Box<probe::Failed<NetError>>> {
    let ua = user_agent(profile.browser);
    let context = Context {
        page_origin: origin,
        user_agent: &ua,
        cookie,
        mode: init.mode,
        browser: profile.browser,
    };
    let mut first = true;
    let send = |request: &WireRequest| {
        if !first && !delay.is_zero() {
            std::thread::sleep(delay);
        }
        first = false;
        let response = net::send(request, net_options, tls)?;
        let reply = reply_of(&response);
        live.exchanges.push((request.clone(), Some(response)));
        Ok(reply)
    };
    if preflight_only {
        probe::run_preflight(origin, init, profile, &context, send)
    } else {
        probe::run(origin, init, profile, &context, send)
    }
}

fn write_out(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("corsim: cannot write output: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn request_json(r: &WireRequest) -> serde_json::Value {
    serde_json::json!({
        "role": r.role, "hop": r.hop, "method": r.method, "url": r.url,
        "headers": r.headers.iter().map(|(n, v)| serde_json::json!([n, v])).collect::<Vec<_>>(),
        "body": r.body, "credentials": r.credentials,
    })
}

fn response_json(r: &net::Response) -> serde_json::Value {
    serde_json::json!({
        "version": r.version, "status": r.status, "reason": r.reason,
        "headers": r.headers.iter().map(|(n, v)| serde_json::json!([n, v])).collect::<Vec<_>>(),
        "head": String::from_utf8_lossy(&r.head),
        "body_bytes": r.body.len(), "body_truncated": r.body_truncated, "notes": r.notes,
    })
}

fn exchanges_json(p: &[Answered], live: &Live) -> Vec<serde_json::Value> {
    let mut sent = live.exchanges.iter();
    p.iter()
        .map(|a| {
            let response = if a.from_cache {
                None
            } else {
                sent.next().and_then(|(_, r)| r.as_ref())
            };
            serde_json::json!({
                "request": request_json(&a.request),
                "response": response.map(response_json),
                "from_cache": a.from_cache,
            })
        })
        .collect()
}

fn exchange_text(out: &mut String, request: &WireRequest, response: Option<&net::Response>) {
    let role = match request.role {
        Role::Preflight => "preflight",
        Role::Request => "request",
    };
    let _ = writeln!(out, "{role} (hop {}):", request.hop);
    let _ = writeln!(out, "> {} {} HTTP/1.1", request.method, request.target());
    for (n, v) in &request.headers {
        let _ = writeln!(out, "> {n}: {v}");
    }
    if let Some(b) = &request.body {
        let _ = writeln!(out, "> ({} body bytes)", b.len());
    }
    match response {
        Some(r) => {
            for line in String::from_utf8_lossy(&r.head).lines() {
                let _ = writeln!(out, "< {line}");
            }
            let _ = writeln!(
                out,
                "< ({} body bytes{})",
                r.body.len(),
                if r.body_truncated {
                    ", more not read"
                } else {
                    ""
                }
            );
            for n in &r.notes {
                let _ = writeln!(out, "  note: {n}");
            }
        }
        None => {
            let _ = writeln!(out, "< (from the browser's HTTP cache)");
        }
    }
    out.push('\n');
}

fn setup(
    args: &[String],
    usage: &str,
    name: &str,
) -> Result<(Args, Profile, std::sync::Arc<rustls::ClientConfig>), ExitCode> {
    let args = parse(args).map_err(|e| {
        eprintln!("corsim {name}: {e}\n\n{usage}");
        ExitCode::from(2)
    })?;
    let profile = browser_profile(&args.browser).map_err(|e| {
        eprintln!("corsim {name}: --browser {}: {e}", args.browser);
        ExitCode::from(2)
    })?;
    let tls = net::tls_config(&args.net).map_err(|e| {
        eprintln!("corsim {name}: {e}");
        ExitCode::from(2)
    })?;
    Ok((args, profile, tls))
}

/// Runs `corsim probe` with the arguments after `probe`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{PROBE_USAGE}");
        return ExitCode::SUCCESS;
    }
    let (args, profile, tls) = match setup(args, PROBE_USAGE, "probe") {
        Ok(s) => s,
        Err(code) => return code,
    };
    if args.origins.len() > 1 {
        eprintln!("corsim probe: one --origin (corsim audit tries several)");
        return ExitCode::from(2);
    }
    let origin = args.origins.first().cloned().unwrap_or_default();
    let mut live = Live {
        exchanges: Vec::new(),
    };
    let result = run_probe(
        &origin,
        &args.init,
        &profile,
        args.cookie.as_deref(),
        &args.net,
        &tls,
        Duration::ZERO,
        false,
        &mut live,
    );
    let probed = match result {
        Ok(p) => p,
        Err(failed) => {
            let probe::Failed {
                request, error: e, ..
            } = *failed;
            if args.json {
                let body = serde_json::json!({
                    "error": {"kind": e.kind(), "message": e.to_string()},
                    "request": request_json(&request),
                    "exchanges": live.exchanges.iter().map(|(q, r)| serde_json::json!({
                        "request": request_json(q), "response": r.as_ref().map(response_json)})).collect::<Vec<_>>(),
                });
                let _ =
                    write_out(&(serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"));
            } else {
                let mut out = String::new();
                for (q, r) in &live.exchanges {
                    exchange_text(&mut out, q, r.as_ref());
                }
                let _ = write_out(&out);
            }
            eprintln!("corsim probe: {} {}: {e}", request.method, request.url);
            return ExitCode::from(3);
        }
    };
    let mut notes = Vec::new();
    if probed.preflights_differ {
        notes.push("the server answered the preflights of the chain differently; the verdict judges every hop with the last preflight answer".to_string());
    }
    let rendered = if args.json {
        let body = serde_json::json!({
            "verdict": probed.verdict,
            "exchanges": exchanges_json(&probed.exchanges, &live),
            "scenario": probed.scenario,
            "notes": notes,
        });
        serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"
    } else {
        let mut out = String::new();
        let mut sent = live.exchanges.iter();
        for a in &probed.exchanges {
            let response = if a.from_cache {
                None
            } else {
                sent.next().and_then(|(_, r)| r.as_ref())
            };
            exchange_text(&mut out, &a.request, response);
        }
        if probed.exchanges.is_empty() {
            out.push_str("(the browser sends nothing for this fetch)\n\n");
        }
        for n in &notes {
            let _ = writeln!(out, "note: {n}");
        }
        out.push_str(&super::text::explain(
            &probed.scenario,
            &probed.verdict,
            args.color,
        ));
        out
    };
    let code = write_out(&rendered);
    if code != ExitCode::SUCCESS {
        return code;
    }
    let readable = probed.verdict.is_readable();
    let ok = match args.expect {
        Some(want) => readable == want,
        None => readable,
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The browsers whose profiles corsim has.
fn profiles() -> Vec<(Browser, Profile)> {
    [Browser::Chromium, Browser::Firefox, Browser::Safari]
        .into_iter()
        .filter_map(|b| browser_profile(b.id()).ok().map(|p| (b, p)))
        .collect()
}

/// Runs `corsim audit` with the arguments after `audit`.
pub fn run_audit(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{AUDIT_USAGE}");
        return ExitCode::SUCCESS;
    }
    let (args, profile, tls) = match setup(args, AUDIT_USAGE, "audit") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let judges = profiles();
    let plan = audit::plan(&args.origins);
    let origins = plan
        .iter()
        .map(|p| p.candidate.origin.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let at_most: usize = plan.iter().map(audit::Planned::max_requests).sum();
    eprintln!(
        "corsim audit: {} probes from {origins} origins to {}: {at_most} requests if the server does not redirect (more only if it does: each redirect it answers is followed, as the browser does, up to {} requests a probe), one at a time, {} ms apart",
        plan.len(),
        args.url,
        probe::MAX_REQUESTS,
        args.delay.as_millis()
    );
    let mut observations = Vec::new();
    let mut sent = 0usize;
    let mut failures: Vec<String> = Vec::new();
    let mut private = url::Url::parse(&args.url)
        .ok()
        .and_then(|u| u.host_str().map(audit::looks_private_host))
        .unwrap_or(false);
    for audit::Planned {
        candidate,
        credentials,
        shape,
    } in plan
    {
        let init = audit::probe_init(&args.init, shape, credentials);
        let mut live = Live {
            exchanges: Vec::new(),
        };
        if sent > 0 && !args.delay.is_zero() {
            std::thread::sleep(args.delay);
        }
        let result = run_probe(
            &candidate.origin,
            &init,
            &profile,
            args.cookie.as_deref(),
            &args.net,
            &tls,
            args.delay,
            shape == Shape::PreflightOnly,
            &mut live,
        );
        sent += live.exchanges.len();
        private |= live
            .exchanges
            .iter()
            .filter_map(|(_, r)| r.as_ref().and_then(|r| r.peer))
            .any(|a| audit::looks_private_host(&a.ip().to_string()));
        match result {
            Ok(probed) => {
                let judged = judges
                    .iter()
                    .map(|(b, p)| {
                        let verdict = simulate_with(&probed.scenario, p);
                        (
                            *b,
                            Probed {
                                verdict,
                                ..probed.clone()
                            },
                        )
                    })
                    .collect();
                observations.push(Observation {
                    candidate,
                    credentials,
                    shape,
                    judged,
                });
            }
            Err(failed) => {
                let probe::Failed {
                    request, error: e, ..
                } = *failed;
                sent += 1;
                failures.push(format!(
                    "{} {} (Origin: {}): {e}",
                    request.method, request.url, candidate.origin
                ));
                if observations.is_empty() && failures.len() >= 2 {
                    break;
                }
            }
        }
    }
    if observations.is_empty() {
        for f in &failures {
            eprintln!("corsim audit: {f}");
        }
        return ExitCode::from(3);
    }
    let (findings, mut notes) = audit::judge(&observations, private);
    for f in &failures {
        notes.push(format!("no answer: {f}"));
    }
    let rendered = if args.json {
        let body = serde_json::json!({
            "url": args.url,
            "requests_sent": sent,
            "findings": findings,
            "notes": notes,
        });
        serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"
    } else {
        let mut out = String::new();
        let _ = writeln!(out, "{} requests sent to {}", sent, args.url);
        if findings.is_empty() {
            out.push_str("no finding: no untrusted origin can read a credentialed response\n");
        }
        for f in &findings {
            let _ = writeln!(
                out,
                "\n[{}] {} — {} (credentials {}; readable in {})",
                serde_json::to_value(f.severity)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                serde_json::to_value(f.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                f.origin,
                if f.credentials { "included" } else { "omitted" },
                f.browsers
                    .iter()
                    .map(|b| b.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = writeln!(out, "  > {}", f.evidence.request);
            for (n, v) in f.evidence.request_headers.iter().filter(|(n, _)| {
                n.eq_ignore_ascii_case("origin")
                    || n.to_ascii_lowercase().starts_with("access-control-")
                    || n.eq_ignore_ascii_case("cookie")
            }) {
                let _ = writeln!(out, "  > {n}: {v}");
            }
            let _ = writeln!(out, "  < {}", f.evidence.status);
            for (n, v) in &f.evidence.response_headers {
                let _ = writeln!(out, "  < {n}: {v}");
            }
        }
        if !notes.is_empty() {
            out.push_str("\nnotes:\n");
            for n in &notes {
                let _ = writeln!(out, "  - {n}");
            }
        }
        out
    };
    let code = write_out(&rendered);
    if code != ExitCode::SUCCESS {
        return code;
    }
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
