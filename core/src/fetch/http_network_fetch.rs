//! HTTP-network-or-cache fetch: the request that goes on the wire (its `Origin`, its cookies),
//! the answer of the scenario's server, what the HTTP cache replays, and the replies the
//! network stack refuses before any CORS rule sees them.
//! <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>

use url::Url;

use super::{Current, Fetch};
use crate::headers::{HeaderList, split_list, to_display};
use crate::http::{read_reply, wire_headers};
use crate::reason::{Reason, Stage};
use crate::redirect::{is_redirect_status, location, resolve_location};
use crate::request::Request;
use crate::response::ResponseType;
use crate::scenario::{Credentials, Scenario};
use crate::trace::StepKind;

/// A reply as the browser read it.
pub(super) struct Reply {
    /// The status.
    pub status: u16,
    /// The header list.
    pub headers: HeaderList,
    /// Whether it is the scenario's `response` (not one of its redirects).
    pub is_response: bool,
}

/// Whether the scenario lays out more than one hop (its steps then name their hop).
pub(super) fn is_multi_hop(scenario: &Scenario) -> bool {
    !scenario.redirects.is_empty()
        || (is_redirect_status(scenario.response.status)
            && scenario
                .response
                .headers
                .iter()
                .any(|(n, _)| n.trim().eq_ignore_ascii_case("location")))
}

/// The URL of each hop as the scenario lays them out: hop 0 is the request's URL, hop i+1 the
/// `Location` of `redirects[i]` resolved against hop i.
pub fn scenario_hop_urls(scenario: &Scenario, first: &Url) -> Vec<String> {
    let mut urls = vec![first.to_string()];
    let mut current = first.clone();
    for reply in &scenario.redirects {
        let Some(next) = location(reply.status, &wire_headers(reply))
            .and_then(|l| resolve_location(&l, &current))
        else {
            break;
        };
        urls.push(next.to_string());
        current = next;
    }
    urls
}

/// The scenario's server, and the browser's HTTP cache of the redirects it sent.
pub(super) struct Server {
    /// The URL of each hop as the scenario lays them out.
    hop_urls: Vec<String>,
    /// The URLs requested so far, in order.
    visits: Vec<String>,
    /// Redirects the HTTP cache keeps: (URL, index of the reply in `redirects`).
    cached_redirects: Vec<(String, usize)>,
}

impl Server {
    /// The server of a scenario whose request goes to `first`.
    pub(super) fn new(scenario: &Scenario, first: &Url) -> Server {
        Server {
            hop_urls: if scenario.redirects.is_empty() {
                Vec::new()
            } else {
                scenario_hop_urls(scenario, first)
            },
            visits: Vec::new(),
            cached_redirects: Vec::new(),
        }
    }

    /// Which reply the server sends to the next request for `url`: a server answers a URL it
    /// sees again the way the scenario lays out that URL's next occurrence (the last one when
    /// it has run out), and a URL the scenario does not lay out with `response`.
    fn reply_index(&mut self, url: &str, redirects: usize) -> usize {
        if redirects == 0 {
            // Every URL gets `response`.
            return 0;
        }
        let visit = self.visits.iter().filter(|v| *v == url).count();
        self.visits.push(url.to_string());
        let occurrences: Vec<usize> = self
            .hop_urls
            .iter()
            .enumerate()
            .filter(|(_, u)| *u == url)
            .map(|(i, _)| i)
            .collect();
        occurrences
            .get(visit)
            .or(occurrences.last())
            .copied()
            .unwrap_or(redirects)
    }
}

/// Whether the HTTP cache keeps a redirect: 301 and 308 are cacheable by default, others need
/// an explicit freshness lifetime; `no-store`, `no-cache` and `max-age=0` keep it out.
/// <https://httpwg.org/specs/rfc9111.html#heuristic.freshness>
fn is_cacheable_redirect(status: u16, headers: &HeaderList) -> bool {
    if location(status, headers).is_none() {
        return false;
    }
    let directives: Vec<String> = headers
        .value("cache-control")
        .map(|v| {
            split_list(&v)
                .iter()
                .map(|d| to_display(d).to_ascii_lowercase().replace(' ', ""))
                .collect()
        })
        .unwrap_or_default();
    if directives
        .iter()
        .any(|d| d == "no-store" || d == "no-cache" || d == "max-age=0")
    {
        return false;
    }
    let explicit = directives.iter().any(|d| {
        d.strip_prefix("max-age=")
            .and_then(|n| n.parse::<u64>().ok())
            .is_some_and(|n| n > 0)
    });
    matches!(status, 301 | 308) || explicit
}

impl Fetch<'_> {
    /// The request goes out, and the server (or the HTTP cache) answers.
    /// <https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch>
    pub(super) fn http_network_or_cache_fetch(
        &mut self,
        request: &Request,
        current: &Current,
        server: &mut Server,
        origin: &str,
        headers: &HeaderList,
        tainting: ResponseType,
    ) -> Result<Reply, Reason> {
        let scenario = self.scenario;
        let method = &current.method;
        self.request_sent = true;
        // The fragment never leaves the browser.
        let sent_url = &current.url[..url::Position::AfterQuery];
        // 8.12. Append a request `Origin` header for httpRequest: if request's response
        //       tainting is "cors" [...], then append (`Origin`, serializedOrigin); otherwise,
        //       if request's method is neither `GET` nor `HEAD`, then [...] append (`Origin`,
        //       serializedOrigin).
        // <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
        let sends_origin = current.cors_flag || method != "GET" && method != "HEAD";
        // 8.3. Let includeCredentials be true if one of request's credentials mode is
        //      "include"; request's credentials mode is "same-origin" and request's response
        //      tainting is "basic" is true; otherwise false.
        let credentials = match request.credentials {
            Credentials::Include => true,
            Credentials::SameOrigin => tainting == ResponseType::Basic,
            Credentials::Omit => false,
        };
        self.trace.record(StepKind::RequestSent {
            method: method.clone(),
            url: sent_url.to_string(),
            origin: sends_origin.then(|| origin.to_string()),
            headers: headers.clone(),
            credentials,
        });

        // CHROMIUM: the HTTP cache keeps a permanent redirect (301, 308) of a GET, so a chain
        // that comes back to a URL replays that redirect instead of asking the server again
        // ("These responses are implicitly fresh", `HttpResponseHeaders::GetFreshnessLifetimes`
        // in net/http/http_response_headers.cc; the differential run saw such a loop end in
        // ERR_TOO_MANY_REDIRECTS).
        let url = current.url.as_str();
        let cached = (method == "GET" && self.profile.caches_permanent_redirects)
            .then(|| {
                server
                    .cached_redirects
                    .iter()
                    .find(|(u, _)| u == url)
                    .map(|(_, i)| *i)
            })
            .flatten();
        let index = match cached {
            Some(i) => i,
            None => server.reply_index(url, scenario.redirects.len()),
        };
        let reply = scenario.redirects.get(index).unwrap_or(&scenario.response);
        if cached.is_some() {
            self.trace.record(StepKind::CachedRedirect {
                url: url.to_string(),
                status: reply.status,
            });
        }
        let wire = read_reply(reply);
        if let Some(error) = wire.error {
            self.trace.record(StepKind::NetError {
                stage: Stage::Response,
                error,
            });
            return Err(Reason::InvalidHttpResponse {
                stage: Stage::Response,
                error,
            });
        }
        if method == "GET" && cached.is_none() && is_cacheable_redirect(reply.status, &wire.headers)
        {
            server.cached_redirects.push((url.to_string(), index));
        }
        Ok(Reply {
            status: reply.status,
            headers: wire.headers,
            is_response: index >= scenario.redirects.len(),
        })
    }
}
