//! The exchanges a configuration produces for one `fetch()`: the browser's requests (the
//! preflight when one is needed, then the request) sent to the server model, its responses
//! turned into a [`Scenario`], and the engine's verdict on it.

use serde::Serialize;

use super::findings::{self, Finding, MatrixRow};
use super::model::{Backend, HttpRequest, ServerResponse};
use super::{Config, ConfigErrors, EnvironmentRead, Kind, environment_reads, read};
use crate::scenario::{Mode, Reply, RequestInit, Scenario};
use crate::verdict::Verdict;
use crate::{Browser, Comparison, Profile, compare_verdicts, simulate_with};

/// What answers the browser's requests: a configuration read by corsim's model, or — in the
/// differential test — the responses a real server was recorded sending.
pub trait Responder {
    /// Which server.
    fn kind(&self) -> Kind;
    /// The response to `request`, the application behind the configuration answering
    /// `backend`.
    fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse;
}

impl Responder for Config {
    fn kind(&self) -> Kind {
        Config::kind(self)
    }

    fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        Config::respond(self, request, backend)
    }
}

/// Which of the browser's requests an exchange is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The CORS preflight (`OPTIONS`).
    Preflight,
    /// The request itself.
    Request,
}

/// One request the browser sends and the server's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// Preflight or request.
    pub role: Role,
    /// Whether the browser sends it (the request is not sent after a failed preflight; its
    /// response is still shown, as what the server would answer).
    pub sent: bool,
    /// The request as the server receives it.
    pub request: HttpRequest,
    /// The server's response, each header with the configuration line that produced it.
    pub response: ServerResponse,
    /// The configuration lines that produced a header of the response, in order.
    pub from: Vec<usize>,
}

/// What happens to the application behind the configuration in a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Case {
    /// The handler, file or upstream answers normally.
    Normal,
    /// The handler fails: the upstream answers 500, the route throws, the script throws.
    HandlerFails,
    /// There is nothing at the path: no route, no file, an upstream's 404.
    UnknownPath,
}

impl Case {
    /// Every case, in order.
    pub const ALL: [Case; 3] = [Case::Normal, Case::HandlerFails, Case::UnknownPath];

    /// The application's answer in this case, with the headers an upstream adds of its own.
    pub fn backend(self, upstream_headers: &[(String, String)]) -> Backend {
        let status = match self {
            Case::Normal => 200,
            Case::HandlerFails => 500,
            Case::UnknownPath => 404,
        };
        Backend {
            status,
            headers: upstream_headers.to_vec(),
        }
    }
}

/// The exchanges of one case and the verdict on them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// Which case.
    pub case: Case,
    /// The preflight (when one is needed) and the request.
    pub exchanges: Vec<Exchange>,
    /// The scenario built from the responses.
    pub scenario: Scenario,
    /// The engine's verdict.
    pub verdict: Verdict,
}

/// Everything the pane and the CLI show for a configuration and a `fetch()`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Simulation {
    /// The browser whose requests were sent and whose verdicts these are.
    pub browser: Browser,
    /// Which server.
    pub kind: Kind,
    /// The server and version modelled.
    pub modelled: &'static str,
    /// The normal case, then the handler failing, then an unknown path.
    pub outcomes: Vec<Outcome>,
    /// Which origins get in, with and without credentials.
    pub matrix: Vec<MatrixRow>,
    /// What is wrong with the configuration, each with its evidence.
    pub findings: Vec<Finding>,
    /// Lines read but not modelled.
    pub unmodelled: Vec<(usize, String)>,
    /// The environment variables the configuration reads, each assumed unset (corsim cannot
    /// see the environment the application runs in).
    pub assumed_unset: Vec<EnvironmentRead>,
}

/// The pane's call: reads `text` (of `kind`, or detected), sends the browser's requests for
/// `init` from `origin` to it, and returns the exchanges, verdicts, matrix and findings.
/// `upstream_headers` are the headers the application behind a proxy adds of its own (nginx
/// `proxy_pass`, Apache `ProxyPass`), empty when there is none.
pub fn simulate_config(
    text: &str,
    kind: Option<Kind>,
    origin: &str,
    init: &RequestInit,
    upstream_headers: &[(String, String)],
    profile: &Profile,
) -> Result<Simulation, ConfigErrors> {
    let config = read(text, kind)?;
    let mut simulation = simulate_read(&config, origin, init, upstream_headers, profile);
    simulation.assumed_unset = environment_reads(text, config.kind());
    Ok(simulation)
}

/// [`simulate_config`] in every browser ([`Browser::ALL`] order): each sends its own requests
/// to the configuration, read once.
pub fn simulate_config_all(
    text: &str,
    kind: Option<Kind>,
    origin: &str,
    init: &RequestInit,
    upstream_headers: &[(String, String)],
) -> Result<Vec<Simulation>, ConfigErrors> {
    let config = read(text, kind)?;
    let assumed = environment_reads(text, config.kind());
    Ok(Browser::ALL
        .iter()
        .map(|&b| {
            let mut s = simulate_read(&config, origin, init, upstream_headers, Profile::of(b));
            s.assumed_unset = assumed.clone();
            s
        })
        .collect())
}

/// Whether the browsers agree on each case of their simulations (as [`simulate_config_all`]
/// returns them): one [`Comparison`] of the case's verdicts per case, in [`Case::ALL`] order.
pub fn compare_cases(simulations: &[Simulation]) -> Vec<(Case, Comparison)> {
    Case::ALL
        .iter()
        .map(|&case| {
            let verdicts = simulations
                .iter()
                .filter_map(|s| s.outcomes.iter().find(|o| o.case == case))
                .map(|o| o.verdict.clone())
                .collect();
            (case, compare_verdicts(verdicts))
        })
        .collect()
}

/// [`simulate_config`] on a configuration already read.
pub fn simulate_read(
    config: &Config,
    origin: &str,
    init: &RequestInit,
    upstream_headers: &[(String, String)],
    profile: &Profile,
) -> Simulation {
    simulate_responder(
        config,
        config.unmodelled(),
        origin,
        init,
        upstream_headers,
        profile,
    )
}

/// [`simulate_config`] on any [`Responder`]: the three cases, the origin matrix and the
/// findings drawn from the responses it gives.
pub fn simulate_responder(
    responder: &dyn Responder,
    unmodelled: Vec<(usize, String)>,
    origin: &str,
    init: &RequestInit,
    upstream_headers: &[(String, String)],
    profile: &Profile,
) -> Simulation {
    let outcomes: Vec<Outcome> = Case::ALL
        .into_iter()
        .map(|case| {
            exchange(
                responder,
                origin,
                init,
                &case.backend(upstream_headers),
                case,
                profile,
            )
        })
        .collect();
    let matrix = findings::origin_matrix(responder, origin, init, upstream_headers, profile);
    let findings = findings::findings(&outcomes, &matrix);
    Simulation {
        browser: profile.browser,
        kind: responder.kind(),
        modelled: responder.kind().modelled_version(),
        outcomes,
        matrix,
        findings,
        unmodelled,
        assumed_unset: Vec::new(),
    }
}

/// The browser's requests for `init` from `origin`: the preflight (when needed) and the request,
/// as the server receives them.
pub fn browser_requests(
    origin: &str,
    init: &RequestInit,
    profile: &Profile,
) -> (Option<HttpRequest>, HttpRequest) {
    // The engine says whether a preflight goes out, with which Access-Control-Request-*
    // values, and which of the script's headers the browser drops: ask it with a placeholder
    // answer.
    let probe = simulate_with(
        &Scenario::of_request("probe", origin, init.clone()),
        profile,
    );
    let (target, host) = match url::Url::parse(&init.url) {
        Ok(u) => {
            let mut target = u.path().to_string();
            if let Some(q) = u.query() {
                target.push('?');
                target.push_str(q);
            }
            let host = match (u.host_str(), u.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_string(),
                _ => String::new(),
            };
            (target, host)
        }
        Err(_) => ("/".to_string(), String::new()),
    };
    let cross_origin = !probe.facts.differing.is_empty();
    let method = init.method.to_ascii_uppercase();
    let normalized = if matches!(
        method.as_str(),
        "DELETE" | "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT"
    ) {
        method
    } else {
        init.method.clone()
    };
    let mut headers = vec![("Host".to_string(), host.clone())];
    let sends_origin =
        init.mode == Mode::Cors && (cross_origin || !matches!(normalized.as_str(), "GET" | "HEAD"));
    if sends_origin {
        headers.push(("Origin".to_string(), origin.to_string()));
    }
    for (name, value) in &init.headers {
        let dropped = probe
            .facts
            .dropped_headers
            .iter()
            .any(|d| d.name == *name && d.value == *value);
        if !dropped {
            headers.push((name.clone(), value.clone()));
        }
    }
    if init.body.is_some()
        && !init
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push((
            "Content-Type".to_string(),
            "text/plain;charset=UTF-8".to_string(),
        ));
    }
    let actual = HttpRequest {
        method: normalized,
        target: target.clone(),
        headers,
    };
    let preflight = match (&probe.preflight_sent, &probe.preflight_request_headers) {
        (true, Some(acr)) => {
            let mut headers = vec![
                ("Host".to_string(), host),
                ("Origin".to_string(), origin.to_string()),
            ];
            if let Some(m) = acr.get("access-control-request-method") {
                headers.push(("Access-Control-Request-Method".to_string(), m.clone()));
            }
            if let Some(h) = acr.get("access-control-request-headers") {
                headers.push(("Access-Control-Request-Headers".to_string(), h.clone()));
            }
            Some(HttpRequest {
                method: "OPTIONS".to_string(),
                target,
                headers,
            })
        }
        _ => None,
    };
    (preflight, actual)
}

fn reply(response: &ServerResponse) -> Reply {
    Reply {
        status: response.status,
        headers: response.pairs(),
        body: None,
    }
}

/// The exchanges and the verdict for one case.
pub fn exchange(
    config: &dyn Responder,
    origin: &str,
    init: &RequestInit,
    backend: &Backend,
    case: Case,
    profile: &Profile,
) -> Outcome {
    let (preflight, actual) = browser_requests(origin, init, profile);
    let preflight_exchange = preflight.map(|request| {
        let response = config.respond(&request, backend);
        Exchange {
            role: Role::Preflight,
            sent: true,
            from: response.lines(),
            request,
            response,
        }
    });
    let response = config.respond(&actual, backend);
    let mut scenario = Scenario::of_request(
        format!("{}-{}", config.kind().id(), case_id(case)),
        origin,
        init.clone(),
    );
    scenario.preflight = preflight_exchange.as_ref().map(|e| reply(&e.response));
    scenario.response = reply(&response);
    let verdict = simulate_with(&scenario, profile);
    let mut exchanges: Vec<Exchange> = preflight_exchange.into_iter().collect();
    exchanges.push(Exchange {
        role: Role::Request,
        sent: verdict.request_sent,
        from: response.lines(),
        request: actual,
        response,
    });
    Outcome {
        case,
        exchanges,
        scenario,
        verdict,
    }
}

fn case_id(case: Case) -> &'static str {
    match case {
        Case::Normal => "normal",
        Case::HandlerFails => "handler-fails",
        Case::UnknownPath => "unknown-path",
    }
}
