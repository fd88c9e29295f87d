//! Probing a live server, the pure half: which request the browser sends next, given the
//! answers the server gave so far, and the scenario and verdict once it sends no more. The
//! caller (the CLI's `corsim probe` and `corsim audit`) does the sending; nothing here does
//! I/O.
//!
//! The engine decides every request: [`next_request`] runs the fetch on a scenario made of the
//! answers so far, with a placeholder (`200`, no headers) for the answer not yet known, and
//! reads the trace — each `preflight.request` and `request.sent` step is one request on the
//! wire, in order. When the trace holds a request beyond the answers, that request is next;
//! when it does not, the fetch is over and [`finish`] gives the verdict on the real answers.
//!
//! The scenario format has one preflight answer for every hop. A chain that is preflighted at
//! more than one hop is judged with the last preflight answer; [`Probed::preflights_differ`]
//! says when the server answered the preflights differently.

use serde::Serialize;
use url::Url;

use crate::fetch::fetch;
use crate::profile::Profile;
use crate::scenario::{Credentials, Reply, RequestInit, Scenario};
use crate::trace::StepKind;
use crate::verdict::Verdict;
use crate::wire::{self, Context, Role, Site, WireRequest};

/// The most requests one probe sends (Chromium follows 20 redirects; each hop may add a
/// preflight).
pub const MAX_REQUESTS: usize = 45;

/// A request the browser sent and the server's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answered {
    /// The request.
    pub request: WireRequest,
    /// The answer, as the browser reads it (status and header lines).
    pub reply: Reply,
    /// Whether the browser took the answer from its HTTP cache instead of sending the request
    /// (a permanent redirect it had seen in the same chain).
    pub from_cache: bool,
}

/// What comes next in a probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// The browser sends this request.
    Send(WireRequest),
    /// The browser replays this earlier answer from its HTTP cache for this request.
    Cached(WireRequest, Reply),
    /// The browser sends nothing more.
    Done,
}

fn is_redirect(reply: &Reply) -> bool {
    matches!(reply.status, 301 | 302 | 303 | 307 | 308)
        && reply
            .headers
            .iter()
            .any(|(n, _)| n.trim().eq_ignore_ascii_case("location"))
}

/// The scenario of the answers so far. `last_in_response`: whether a redirect answer last in
/// line is the final response (the browser did not follow it) or a hop to follow (with the
/// placeholder as the next hop's answer).
fn scenario(
    origin: &str,
    init: &RequestInit,
    answers: &[Answered],
    last_in_response: bool,
) -> Scenario {
    let mut s = Scenario::of_request("probe", origin, init.clone());
    s.preflight = answers
        .iter()
        .rev()
        .find(|a| a.request.role == Role::Preflight)
        .map(|a| a.reply.clone());
    let mut requests: Vec<Reply> = answers
        .iter()
        .filter(|a| a.request.role == Role::Request)
        .map(|a| a.reply.clone())
        .collect();
    let last = requests.pop();
    match last {
        Some(last) if is_redirect(&last) && !last_in_response => {
            requests.push(last);
            s.redirects = requests;
        }
        Some(last) => {
            s.redirects = requests;
            s.response = last;
        }
        None => {}
    }
    s
}

/// The requests the engine sends for a scenario, as the wire writes them; with each, whether
/// the HTTP cache answered it.
fn wire_requests(
    scenario: &Scenario,
    profile: &Profile,
    context: &Context<'_>,
) -> Vec<(WireRequest, bool)> {
    let fetched = fetch(scenario, profile);
    let mut out: Vec<(WireRequest, bool)> = Vec::new();
    let script_headers = fetched
        .request
        .as_ref()
        .map(|r| r.headers.clone())
        .unwrap_or_default();
    let mut site = Site::SameOrigin;
    for step in &fetched.steps {
        let hop = step.hop.unwrap_or(0);
        match &step.kind {
            StepKind::PreflightRequest {
                url,
                origin,
                method,
                headers,
            } => {
                let Ok(u) = Url::parse(url) else { continue };
                site = site.max(wire::site_of(context.page_origin, &u));
                out.push((
                    wire::preflight(
                        context,
                        hop,
                        &u,
                        site,
                        origin,
                        method,
                        headers.as_deref(),
                        &script_headers,
                        scenario.request.credentials == Credentials::Include,
                    ),
                    false,
                ));
            }
            StepKind::RequestSent {
                method,
                url,
                origin,
                headers,
                credentials,
            } => {
                let Ok(u) = Url::parse(url) else { continue };
                site = site.max(wire::site_of(context.page_origin, &u));
                out.push((
                    wire::request(
                        context,
                        hop,
                        &u,
                        site,
                        method,
                        origin.as_deref(),
                        headers,
                        scenario.request.body.as_deref(),
                        *credentials,
                    ),
                    false,
                ));
            }
            StepKind::CachedRedirect { .. } => {
                if let Some(last) = out.last_mut() {
                    last.1 = true;
                }
            }
            _ => {}
        }
    }
    out
}

/// The next thing the browser does for `init` from `origin`, given the answers so far (in the
/// order the requests were sent).
pub fn next_request(
    origin: &str,
    init: &RequestInit,
    profile: &Profile,
    context: &Context<'_>,
    answers: &[Answered],
) -> Next {
    if answers.len() >= MAX_REQUESTS {
        return Next::Done;
    }
    let s = scenario(origin, init, answers, false);
    let planned = wire_requests(&s, profile, context);
    match planned.into_iter().nth(answers.len()) {
        Some((request, true)) => {
            // The cache replays the answer the same URL got last time.
            let earlier = answers
                .iter()
                .rev()
                .find(|a| a.request.role == Role::Request && a.request.url == request.url)
                .map(|a| a.reply.clone());
            match earlier {
                Some(reply) => Next::Cached(request, reply),
                None => Next::Send(request),
            }
        }
        Some((request, false)) => Next::Send(request),
        None => Next::Done,
    }
}

/// The outcome of a probe: the exchanges, the scenario they make, and the engine's verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Probed {
    /// Every request sent and its answer, in order.
    pub exchanges: Vec<Answered>,
    /// The scenario made of the answers.
    pub scenario: Scenario,
    /// The verdict on it.
    pub verdict: Verdict,
    /// Whether the server answered two preflights of the chain differently (the verdict used
    /// the last answer for both).
    pub preflights_differ: bool,
}

/// The verdict on a probe's answers, once [`next_request`] says [`Next::Done`].
pub fn finish(
    origin: &str,
    init: &RequestInit,
    profile: &Profile,
    context: &Context<'_>,
    answers: Vec<Answered>,
) -> Probed {
    // A redirect the browser did not follow is the final response; check that the engine sees
    // it so (the same requests), else keep the layout the probe ran with.
    let as_response = scenario(origin, init, &answers, true);
    let scenario = if wire_requests(&as_response, profile, context).len() == answers.len() {
        as_response
    } else {
        self::scenario(origin, init, &answers, false)
    };
    let verdict = crate::simulate_with(&scenario, profile);
    let preflights: Vec<&Reply> = answers
        .iter()
        .filter(|a| a.request.role == Role::Preflight)
        .map(|a| &a.reply)
        .collect();
    let preflights_differ = preflights.windows(2).any(|w| match w {
        [a, b] => a.status != b.status || cors_lines(a) != cors_lines(b),
        _ => false,
    });
    Probed {
        exchanges: answers,
        scenario,
        verdict,
        preflights_differ,
    }
}

fn cors_lines(reply: &Reply) -> Vec<(String, String)> {
    reply
        .headers
        .iter()
        .filter(|(n, _)| n.trim().to_ascii_lowercase().starts_with("access-control-"))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect()
}

/// A probe the network failed: the requests answered before, the one that got no answer, and
/// the caller's error.
#[derive(Debug)]
pub struct Failed<E> {
    /// The requests answered before the failure.
    pub answered: Vec<Answered>,
    /// The request that got no answer.
    pub request: WireRequest,
    /// Why.
    pub error: E,
}

/// Runs a whole probe against `send`, the network: a function that sends one request and
/// returns the server's answer or the caller's error. Stops at the first error.
pub fn run<E>(
    origin: &str,
    init: &RequestInit,
    profile: &Profile,
    context: &Context<'_>,
    mut send: impl FnMut(&WireRequest) -> Result<Reply, E>,
) -> Result<Probed, Box<Failed<E>>> {
    let mut answers: Vec<Answered> = Vec::new();
    loop {
        match next_request(origin, init, profile, context, &answers) {
            Next::Done => return Ok(finish(origin, init, profile, context, answers)),
            Next::Cached(request, reply) => answers.push(Answered {
                request,
                reply,
                from_cache: true,
            }),
            Next::Send(request) => match send(&request) {
                Ok(reply) => answers.push(Answered {
                    request,
                    reply,
                    from_cache: false,
                }),
                Err(error) => {
                    return Err(Box::new(Failed {
                        answered: answers,
                        request,
                        error,
                    }));
                }
            },
        }
    }
}

/// Sends only the preflight the browser would send first for `init` (none when it needs none)
/// and gives the verdict as if the request itself had been answered `200` with no headers:
/// what `corsim audit` uses to read a preflight answer without sending the request.
pub fn run_preflight<E>(
    origin: &str,
    init: &RequestInit,
    profile: &Profile,
    context: &Context<'_>,
    mut send: impl FnMut(&WireRequest) -> Result<Reply, E>,
) -> Result<Probed, Box<Failed<E>>> {
    let mut answers = Vec::new();
    if let Next::Send(request) = next_request(origin, init, profile, context, &answers)
        && request.role == Role::Preflight
    {
        match send(&request) {
            Ok(reply) => answers.push(Answered {
                request,
                reply,
                from_cache: false,
            }),
            Err(error) => {
                return Err(Box::new(Failed {
                    answered: answers,
                    request,
                    error,
                }));
            }
        }
    }
    Ok(finish(origin, init, profile, context, answers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Mode;

    fn context(page: &str) -> Context<'_> {
        Context {
            page_origin: page,
            user_agent: "UA",
            cookie: None,
            mode: Mode::Cors,
            browser: crate::profile::Browser::Chromium,
        }
    }

    fn reply(status: u16, headers: &[(&str, &str)]) -> Reply {
        Reply {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: None,
        }
    }

    #[test]
    fn preflight_then_request_then_done() {
        let origin = "https://app.example.com";
        let mut init = RequestInit::get("https://api.example.com/v1");
        init.method = "PUT".into();
        let ctx = context(origin);
        let mut sent = Vec::new();
        let probed = run(origin, &init, &Profile::CHROMIUM, &ctx, |r| {
            sent.push((r.role, r.method.clone()));
            Ok::<_, ()>(reply(
                if r.role == Role::Preflight { 204 } else { 200 },
                &[
                    ("Access-Control-Allow-Origin", origin),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            ))
        })
        .unwrap_or_else(|_| unreachable!());
        assert_eq!(
            sent,
            [
                (Role::Preflight, "OPTIONS".into()),
                (Role::Request, "PUT".into())
            ]
        );
        assert!(probed.verdict.is_readable());
    }

    #[test]
    fn failed_preflight_sends_nothing_more() {
        let origin = "https://app.example.com";
        let mut init = RequestInit::get("https://api.example.com/v1");
        init.method = "DELETE".into();
        let ctx = context(origin);
        let probed = run(origin, &init, &Profile::CHROMIUM, &ctx, |_| {
            Ok::<_, ()>(reply(404, &[]))
        })
        .unwrap_or_else(|_| unreachable!());
        assert_eq!(probed.exchanges.len(), 1);
        assert!(!probed.verdict.request_sent);
    }

    #[test]
    fn a_redirect_is_followed_with_a_null_origin_after_a_cross_origin_hop() {
        let origin = "https://app.example.com";
        let init = RequestInit::get("https://api.example.com/v1");
        let ctx = context(origin);
        let mut origins = Vec::new();
        let probed = run(origin, &init, &Profile::CHROMIUM, &ctx, |r| {
            let o = r
                .headers
                .iter()
                .find(|(n, _)| n == "Origin")
                .map(|(_, v)| v.clone());
            origins.push(o);
            Ok::<_, ()>(if r.url.contains("api.") {
                reply(
                    302,
                    &[
                        ("Location", "https://cdn.example.net/x"),
                        ("Access-Control-Allow-Origin", "*"),
                    ],
                )
            } else {
                reply(200, &[("Access-Control-Allow-Origin", "*")])
            })
        })
        .unwrap_or_else(|_| unreachable!());
        assert_eq!(
            origins,
            [Some(origin.to_string()), Some("null".to_string())]
        );
        assert!(probed.verdict.is_readable());
        assert_eq!(probed.scenario.redirects.len(), 1);
    }

    #[test]
    fn an_unfollowed_redirect_is_the_final_response() {
        let origin = "https://app.example.com";
        let mut init = RequestInit::get("https://api.example.com/v1");
        init.redirect = crate::scenario::RedirectMode::Error;
        let ctx = context(origin);
        let probed = run(origin, &init, &Profile::CHROMIUM, &ctx, |_| {
            Ok::<_, ()>(reply(302, &[("Location", "/elsewhere")]))
        })
        .unwrap_or_else(|_| unreachable!());
        assert_eq!(probed.exchanges.len(), 1);
        assert!(probed.scenario.redirects.is_empty());
        assert_eq!(probed.scenario.response.status, 302);
    }
}
