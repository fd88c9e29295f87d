//! Main fetch: from `fetch(url, init)` to what the script gets, hop by hop, the way Chromium
//! runs it — the page's checks before the network (mode, scheme, mixed content), then for each
//! URL the CORS flag, the preflight, the request, and the CORS check of what came back.
//! <https://fetch.spec.whatwg.org/#main-fetch>

use std::collections::BTreeMap;

use url::Url;

use crate::cache::{CacheEntry, CacheLookup, PreflightCache};
use crate::check::{CheckFailure, CheckInput, cors_check, to_display_utf8};
use crate::console::{ConsoleContext, chromium_console_message, chromium_exception};
use crate::headers::{HeaderList, lowercase_name, to_display};
use crate::http::{NetError, read_reply};
use crate::method::is_cors_safelisted_method;
use crate::origin::{
    AddressSpace, Origin, OriginPart, PageOrigin, address_space, is_potentially_trustworthy_url,
    page_address_space, parse_page_origin,
};
use crate::preflight::{
    HeaderAllowance, MaxAgeRule, MethodAllowance, PreflightResult, header_allowance, max_age,
    method_allowance, parse_token_list, preflight_request,
};
use crate::profile::Profile;
use crate::reason::{AllowOriginProblem, Reason, Stage};
use crate::redirect::{
    location, location_credentials_forbidden, method_change, resolve_location, taints_origin,
};
use crate::request::{Request, construct};
use crate::response::{ExposeList, ResponseType, readable_header_names};
use crate::safelist::{
    Safelisting, UnsafeNames, cors_safelisted_request_header, cors_unsafe_request_header_names,
};
use crate::scenario::{Credentials, Mode, RedirectMode, Reply, Scenario};
use crate::trace::{Outcome, Phase, Trace, Values, spec};
use crate::verdict::{Facts, FetchOutcome, PreflightTrigger, Verdict, Warning};
use crate::warnings;

/// Simulates a scenario in Chromium: the verdict, with its trace, fix and warnings. Total: it
/// never fails and never panics; what goes wrong is in the verdict.
pub fn simulate(scenario: &Scenario) -> Verdict {
    simulate_with(scenario, &Profile::CHROMIUM)
}

/// Simulates a scenario in the browser a profile describes.
pub fn simulate_with(scenario: &Scenario, profile: &Profile) -> Verdict {
    let mut verdict = simulate_without_fix(scenario, profile);
    verdict.fix = crate::fix::find_fix(scenario, profile, &verdict);
    verdict
}

/// The simulation alone, without looking for a fix.
pub fn simulate_without_fix(scenario: &Scenario, profile: &Profile) -> Verdict {
    let mut sim = Sim {
        scenario,
        profile,
        trace: Trace::new(),
        warnings: Vec::new(),
        preflight_sent: false,
        preflight_request_headers: None,
        request_sent: false,
        url_list: Vec::new(),
        cache: PreflightCache::default(),
        multi_hop: !scenario.redirects.is_empty()
            || (crate::redirect::is_redirect_status(scenario.response.status)
                && scenario
                    .response
                    .headers
                    .iter()
                    .any(|(n, _)| n.trim().eq_ignore_ascii_case("location"))),
        page: None,
        request: None,
        final_headers: None,
        facts: Facts::default(),
    };
    let ending = sim.main();
    sim.finish(ending)
}

pub use crate::http::wire_headers;

enum Ending {
    Resolved {
        response_type: ResponseType,
        status: u16,
        exposed: Vec<String>,
    },
    Rejected(Reason),
}

struct Sim<'a> {
    scenario: &'a Scenario,
    profile: &'a Profile,
    trace: Trace,
    warnings: Vec<Warning>,
    preflight_sent: bool,
    preflight_request_headers: Option<BTreeMap<String, String>>,
    request_sent: bool,
    url_list: Vec<Url>,
    cache: PreflightCache,
    multi_hop: bool,
    page: Option<PageOrigin>,
    request: Option<Request>,
    final_headers: Option<HeaderList>,
    facts: Facts,
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

/// Which reply the server sends to the `visit`-th request (from 0) for `url`: a server answers a
/// URL it sees again the way the scenario lays out that URL's next occurrence (the last one when
/// it has run out), and a URL the scenario does not lay out with `response`.
fn server_reply_index(hop_urls: &[String], url: &str, visit: usize, redirects: usize) -> usize {
    let occurrences: Vec<usize> = hop_urls
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

/// Whether the HTTP cache keeps a redirect: 301 and 308 are cacheable by default, others need
/// an explicit freshness lifetime; `no-store`, `no-cache` and `max-age=0` keep it out.
/// <https://httpwg.org/specs/rfc9111.html#heuristic.freshness>
fn is_cacheable_redirect(status: u16, headers: &HeaderList) -> bool {
    if location(status, headers).is_none() {
        return false;
    }
    let directives: Vec<String> = headers
        .get("cache-control")
        .map(|v| {
            crate::headers::split_list(&v)
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

fn is_http_scheme(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

fn part_names(parts: &[OriginPart]) -> String {
    let names: Vec<&str> = parts
        .iter()
        .map(|p| match p {
            OriginPart::Opaque => "opaque origin",
            OriginPart::Scheme => "scheme",
            OriginPart::Host => "host",
            OriginPart::Port => "port",
        })
        .collect();
    names.join(", ")
}

impl Sim<'_> {
    fn step(
        &mut self,
        id: &'static str,
        phase: Phase,
        outcome: Outcome,
        check: &'static str,
        values: Values,
        reason: String,
        link: &'static str,
    ) {
        self.trace
            .record(id, phase, outcome, check, values, reason, link);
    }

    fn warn(&mut self, id: &'static str, message: String, link: &'static str) {
        if !self.warnings.iter().any(|w| w.id == id) {
            self.warnings.push(Warning {
                id,
                message,
                spec: link,
            });
        }
    }

    fn main(&mut self) -> Ending {
        let scenario = self.scenario;
        let page = match parse_page_origin(&scenario.origin) {
            Ok(page) => page,
            Err(_) => {
                self.step(
                    "request.origin",
                    Phase::Request,
                    Outcome::Fail,
                    "page origin",
                    Values::default().with("origin", &scenario.origin),
                    format!("{:?} is not an origin: write \"null\" or a URL such as https://app.example.com.", scenario.origin),
                    spec::ORIGIN_SERIALIZATION,
                );
                return Ending::Rejected(Reason::InvalidUrl {
                    url: scenario.origin.clone(),
                });
            }
        };
        let origin = page.serialized.clone();
        let mut values = Values::default().with("origin", &origin);
        let sentence = match &page.rewritten_from {
            Some(written) => {
                values = values.with("written", written);
                format!("The page's origin is {origin}: scheme, host and port only, serialized the way the browser sends it in Origin.")
            }
            None if page.origin.is_opaque() => {
                "The page has an opaque origin (a sandboxed frame, a file: or data: page): it sends Origin: null.".to_string()
            }
            None => format!("The page's origin is {origin}."),
        };
        self.step(
            "request.origin",
            Phase::Request,
            Outcome::Note,
            "page origin",
            values,
            sentence,
            spec::ORIGIN_SERIALIZATION,
        );
        self.page = Some(page.clone());

        let request = match construct(&scenario.request, &page, self.profile, &mut self.trace) {
            Ok(r) => r,
            Err(reason) => return Ending::Rejected(reason),
        };
        self.request = Some(request.clone());
        self.url_list.push(request.url.clone());
        self.start(&page, &request)
    }

    /// The page's side of main fetch, before the network: same origin or not, the mode, the
    /// scheme, mixed content.
    fn start(&mut self, page: &PageOrigin, request: &Request) -> Ending {
        let url = request.url.clone();
        if url.scheme() == "data" {
            // A data: URL is fetched locally in every mode, as a basic response.
            self.step(
                "request.data-url",
                Phase::Response,
                Outcome::Pass,
                "data: URL",
                Values::default().with("URL", url.as_str()),
                "A data: URL is decoded by the browser itself: no request leaves it, CORS does not apply, and \
                 fetch() resolves with a basic 200 response whose only header is Content-Type."
                    .to_string(),
                spec::MAIN_FETCH,
            );
            return Ending::Resolved {
                response_type: ResponseType::Basic,
                status: 200,
                exposed: vec!["content-type".to_string()],
            };
        }
        let target = Origin::of_url(&url);
        let parts = page.origin.differences(&target);
        self.facts.differing = parts.clone();
        self.facts.dropped_headers = request.dropped.clone();
        let origin = page.serialized.clone();
        if parts.is_empty() {
            self.step(
                "request.same-origin",
                Phase::Request,
                Outcome::Note,
                "same origin or cross-origin",
                Values::default()
                    .with("page origin", &origin)
                    .with("URL origin", target.serialize()),
                format!(
                    "{} is on the page's own origin, so CORS does not apply.",
                    url.as_str()
                ),
                spec::SAME_ORIGIN,
            );
        } else {
            let why = if parts == [OriginPart::Opaque] {
                "the page's origin is opaque, and an opaque origin is same origin with nothing"
                    .to_string()
            } else {
                format!("they differ in {}", part_names(&parts))
            };
            self.step(
                "request.same-origin",
                Phase::Request,
                Outcome::Note,
                "same origin or cross-origin",
                Values::default().with("page origin", &origin).with("URL origin", target.serialize()),
                format!("The request is cross-origin: {why}, so the CORS rules decide what the script may read."),
                spec::SAME_ORIGIN,
            );
            match request.mode {
                Mode::SameOrigin => {
                    self.step(
                        "request.mode",
                        Phase::Request,
                        Outcome::Fail,
                        "request mode",
                        Values::default().with("mode", "same-origin").with("URL", url.as_str()),
                        "The request's mode is same-origin and the URL is on another origin, so fetch() fails without \
                         sending anything."
                            .to_string(),
                        spec::MAIN_FETCH,
                    );
                    return Ending::Rejected(Reason::DisallowedByMode { url: url.to_string() });
                }
                Mode::NoCors if request.redirect != RedirectMode::Follow => {
                    self.step(
                        "request.mode",
                        Phase::Request,
                        Outcome::Fail,
                        "redirect mode of a no-cors request",
                        Values::default().with("mode", "no-cors").with("redirect", request.redirect.as_str()),
                        "A no-cors request must follow redirects, so fetch() fails without sending anything.".to_string(),
                        spec::MAIN_FETCH,
                    );
                    return Ending::Rejected(Reason::NoCorsRedirectModeNotFollow {
                        redirect: request.redirect.as_str().to_string(),
                    });
                }
                Mode::NoCors => self.step(
                    "request.mode",
                    Phase::Request,
                    Outcome::Note,
                    "request mode",
                    Values::default().with("mode", "no-cors"),
                    "In no-cors mode there is no CORS check: the response comes back opaque (status 0, no headers, no \
                     body), so the script cannot read it whatever the server sends."
                        .to_string(),
                    spec::OPAQUE_FILTERED,
                ),
                Mode::Cors => {}
            }
        }
        if !is_http_scheme(&url) {
            self.step(
                "request.scheme",
                Phase::Request,
                Outcome::Fail,
                "URL scheme",
                Values::default().with("scheme", url.scheme()),
                format!("fetch() only loads http: and https: URLs across origins; {}: fails before anything is sent.", url.scheme()),
                spec::MAIN_FETCH,
            );
            return Ending::Rejected(Reason::CorsDisabledScheme {
                scheme: url.scheme().to_string(),
                redirected: false,
            });
        }
        if page.origin.scheme() == Some("https") && !is_potentially_trustworthy_url(&url) {
            let page_url = page
                .page_url
                .as_ref()
                .map_or_else(|| format!("{origin}/"), |u| u.to_string());
            self.step(
                "request.mixed-content",
                Phase::Request,
                Outcome::Fail,
                "mixed content",
                Values::default().with("page", &page_url).with("URL", url.as_str()),
                "The page was loaded over https and the URL is plain http, so the browser blocks it as mixed content \
                 before CORS is even considered; no header on the server can change that."
                    .to_string(),
                spec::MIXED_CONTENT,
            );
            return Ending::Rejected(Reason::MixedContent {
                page_url,
                url: crate::urls::chromium_string(&url),
            });
        }
        self.check_local_network_access(page, &url);
        self.network(page, request)
    }

    fn check_local_network_access(&mut self, page: &PageOrigin, url: &Url) {
        if !self.profile.local_network_access {
            return;
        }
        let (Some(from), Some(to)) = (page_address_space(&page.origin), address_space(url)) else {
            return;
        };
        if to < from {
            let space = match to {
                AddressSpace::Loopback => "loopback",
                AddressSpace::Local => "local",
                AddressSpace::Public => "public",
            };
            self.warn(
                "local-network-access",
                format!(
                    "{} is in a more private address space ({space}) than the page. Chromium 142 and later ask the \
                     user for Local Network Access permission first; if it is denied, fetch() fails with \"Permission \
                     was denied for this request to access the `{space}` address space.\" whatever the CORS headers say.",
                    url.as_str()
                ),
                spec::LOCAL_NETWORK_ACCESS,
            );
        }
    }

    /// The network service's side: hop by hop.
    fn network(&mut self, page: &PageOrigin, request: &Request) -> Ending {
        let scenario = self.scenario;
        let profile = self.profile;
        let page_origin = page.serialized.clone();
        let mut url = request.url.clone();
        let mut method = request.method.clone();
        let mut headers = request.headers.clone();
        let mut cors_flag = false;
        let mut tainted = false;
        let mut hop = 0usize;
        let mut method_changed = false;
        let mut cached_redirects: Vec<(String, usize)> = Vec::new();
        let hop_urls = scenario_hop_urls(scenario, &request.url);
        let mut visits: Vec<String> = Vec::new();
        let credentials = request.credentials;
        loop {
            if self.multi_hop {
                self.trace.set_hop(Some(hop));
            }
            let current = Origin::of_url(&url);
            let cors_flag_before = cors_flag;
            if !cors_flag && request.mode != Mode::NoCors && !page.origin.is_same_origin(&current) {
                cors_flag = true;
            }
            if hop > 0 && !is_http_scheme(&url) {
                // CHROMIUM: the redirect passed the network stack (no handler claims the scheme).
                // The CORS scheme check runs when the CORS loader restarts the request (a
                // preflight is needed, the method changed, or the CORS flag was just set); for
                // ws:/wss: only then, since the network stack's WebSocket handler otherwise takes
                // the URL and fails; ftp:, javascript: and the like always meet it; chrome: and
                // the other CORS-enabled schemes pass it and then fail to load.
                let scheme = url.scheme().to_string();
                let needs_preflight = !is_cors_safelisted_method(&method)
                    || !cors_unsafe_request_header_names(
                        &profile.request_header_list(&headers),
                        profile,
                    )
                    .sorted
                    .is_empty();
                let restarted =
                    cors_flag && (needs_preflight || method_changed || !cors_flag_before);
                if profile.redirect_scheme(&scheme, cors_flag, restarted)
                    == crate::profile::RedirectScheme::CorsDisabled
                {
                    self.step(
                        "redirect.scheme",
                        Phase::Redirect,
                        Outcome::Fail,
                        "scheme after a redirect",
                        Values::default().with("URL", url.as_str()),
                        format!("The request was redirected to a {scheme}: URL; a CORS request may only go to http: or https:."),
                        spec::MAIN_FETCH,
                    );
                    return Ending::Rejected(Reason::CorsDisabledScheme {
                        scheme,
                        redirected: true,
                    });
                }
                self.step(
                    "redirect.scheme",
                    Phase::Redirect,
                    Outcome::Fail,
                    "scheme after a redirect",
                    Values::default().with("URL", url.as_str()),
                    format!("The request was redirected to a {scheme}: URL, which fetch() cannot load; it fails without a CORS error."),
                    spec::MAIN_FETCH,
                );
                return Ending::Rejected(Reason::UnsafeRedirect {
                    location: url.to_string(),
                });
            }
            let tainting = if cors_flag {
                ResponseType::Cors
            } else if request.mode == Mode::NoCors
                && (tainted || !page.origin.is_same_origin(&current))
            {
                ResponseType::Opaque
            } else {
                ResponseType::Basic
            };
            let origin_value = profile.serialize_request_origin(&page_origin, tainted);
            let sent_headers = profile.request_header_list(&headers);
            let unsafe_names = cors_unsafe_request_header_names(&sent_headers, profile);

            if cors_flag {
                let needs = self.preflight_decision(&method, &sent_headers, &unsafe_names);
                if needs {
                    let lookup = self.cache.lookup(
                        &page_origin,
                        url.as_str(),
                        credentials == Credentials::Include,
                        &method,
                        &unsafe_names,
                        &sent_headers,
                        profile,
                    );
                    if lookup == CacheLookup::Hit {
                        self.step(
                            "preflight.cache",
                            Phase::Preflight,
                            Outcome::Note,
                            "preflight cache",
                            Values::default().with("URL", url.as_str()),
                            "An earlier preflight to this URL is still cached and allows this request, so no new \
                             preflight is sent."
                                .to_string(),
                            spec::PREFLIGHT_CACHE,
                        );
                    } else if let Err(reason) = self.preflight(
                        &url,
                        &method,
                        &sent_headers,
                        &unsafe_names,
                        &origin_value,
                        credentials,
                    ) {
                        return Ending::Rejected(reason);
                    }
                }
            }

            // The request itself goes out.
            self.request_sent = true;
            let mut sent_url = url.clone();
            sent_url.set_fragment(None);
            let mut values = Values::default().with("request", format!("{method} {sent_url}"));
            if cors_flag || method != "GET" && method != "HEAD" {
                values = values.with("Origin", &origin_value);
            }
            for h in sent_headers.iter() {
                values = values.with_named(to_display(&h.name), to_display(&h.value));
            }
            let credentials_sent = match credentials {
                Credentials::Include => true,
                Credentials::SameOrigin => tainting == ResponseType::Basic,
                Credentials::Omit => false,
            };
            self.step(
                "request.sent",
                Phase::Response,
                Outcome::Note,
                "request sent",
                values,
                format!(
                    "The browser sends {method} {sent_url}{}. The server receives and acts on it whatever CORS decides next.",
                    if credentials_sent { " with cookies" } else { " without cookies" }
                ),
                spec::HTTP_FETCH,
            );

            // CHROMIUM: the HTTP cache keeps a permanent redirect (301, 308) of a GET, so a chain
            // that comes back to a URL replays that redirect instead of asking the server again.
            let cached = (method == "GET")
                .then(|| {
                    cached_redirects
                        .iter()
                        .find(|(u, _)| u == url.as_str())
                        .map(|(_, i)| *i)
                })
                .flatten();
            let reply_index = match cached {
                Some(i) => i,
                None => {
                    let visit = visits.iter().filter(|v| *v == url.as_str()).count();
                    visits.push(url.to_string());
                    server_reply_index(&hop_urls, url.as_str(), visit, scenario.redirects.len())
                }
            };
            let reply = scenario
                .redirects
                .get(reply_index)
                .unwrap_or(&scenario.response);
            if cached.is_some() {
                self.step(
                    "redirect.http-cache",
                    Phase::Redirect,
                    Outcome::Note,
                    "redirect from the HTTP cache",
                    Values::default().with("URL", url.as_str()).with("status", reply.status.to_string()),
                    format!(
                        "The browser already followed a {} redirect from this URL; permanent redirects are cached, \
                         so it follows the cached one again without asking the server.",
                        reply.status
                    ),
                    spec::REDIRECT_FETCH,
                );
            }
            let wire = read_reply(reply);
            if let Some(error) = wire.error {
                self.step(
                    "response.http",
                    Phase::Response,
                    Outcome::Fail,
                    "a well-formed HTTP response",
                    Values::default().with("error", error.name()),
                    net_error_sentence("response", error),
                    spec::HTTP_FETCH,
                );
                return Ending::Rejected(Reason::InvalidHttpResponse {
                    stage: Stage::Response,
                    error,
                });
            }
            let reply_headers = wire.headers;
            if method == "GET"
                && cached.is_none()
                && is_cacheable_redirect(reply.status, &reply_headers)
            {
                cached_redirects.push((url.to_string(), reply_index));
            }
            if let Some(location_text) = location(reply.status, &reply_headers) {
                match self.redirect(
                    page,
                    request,
                    &url,
                    hop,
                    reply.status,
                    &reply_headers,
                    &location_text,
                    cors_flag,
                    &mut tainted,
                    &origin_value,
                ) {
                    Err(ending) => return ending,
                    Ok(next) => {
                        method_changed = false;
                        if let Some(new_method) = method_change(reply.status, &method) {
                            self.step(
                                "redirect.method",
                                Phase::Redirect,
                                Outcome::Note,
                                "method after redirect",
                                Values::default().with("status", reply.status.to_string()).with("method", new_method),
                                format!(
                                    "A {} redirect turns {method} into {new_method}: the body and its Content-Type \
                                     are dropped.",
                                    reply.status
                                ),
                                spec::REDIRECT_FETCH,
                            );
                            method_changed = method != new_method;
                            method = new_method.to_string();
                            for name in crate::redirect::REQUEST_BODY_HEADER_NAMES {
                                headers.delete(name);
                            }
                        }
                        if !Origin::of_url(&next).is_same_origin(&current)
                            && headers.contains("authorization")
                        {
                            headers.delete("authorization");
                            self.step(
                                "redirect.authorization",
                                Phase::Redirect,
                                Outcome::Note,
                                "Authorization on a cross-origin redirect",
                                Values::default().with("to", next.as_str()),
                                "The redirect goes to another origin, so the browser drops the Authorization header."
                                    .to_string(),
                                spec::REDIRECT_FETCH,
                            );
                        }
                        url = next;
                        hop += 1;
                        self.url_list.push(url.clone());
                        continue;
                    }
                }
            }

            // The final response.
            self.final_headers = Some(reply_headers.clone());
            if cors_flag
                && let Err(failure) = self.cors_check_step(
                    Stage::Response,
                    &reply_headers,
                    credentials,
                    &origin_value,
                    reply.status,
                )
            {
                return Ending::Rejected(failure);
            }
            return self.deliver(tainting, reply.status, &reply_headers, credentials);
        }
    }

    /// Decides whether a preflight is needed, and records why.
    fn preflight_decision(
        &mut self,
        method: &str,
        headers: &HeaderList,
        unsafe_names: &UnsafeNames,
    ) -> bool {
        let method_safe = is_cors_safelisted_method(method);
        let first_decision = self.facts.preflight_triggers.is_empty()
            && !self
                .trace
                .steps()
                .iter()
                .any(|s| s.id == "request.preflight-decision");
        if first_decision && !method_safe {
            self.facts
                .preflight_triggers
                .push(PreflightTrigger::Method {
                    method: method.to_string(),
                });
        }
        let mut triggers = Vec::new();
        if !method_safe {
            triggers.push(format!("the method {method} is not GET, HEAD or POST"));
        }
        let mut values = Values::default().with("method", method);
        for header in headers.iter() {
            let name = to_display(&header.name);
            let verdict = cors_safelisted_request_header(&header.name, &header.value, self.profile);
            let why = safelisting_words(&verdict, &name, &to_display(&header.value));
            if crate::safelist::is_forbidden_request_header(
                &header.name,
                &header.value,
                self.profile,
            ) {
                continue;
            }
            values = values.with_named(name.clone(), why.clone());
            if !verdict.is_safelisted() {
                triggers.push(why);
                if first_decision {
                    self.facts
                        .preflight_triggers
                        .push(PreflightTrigger::Header {
                            name: name.clone(),
                            why: verdict,
                        });
                }
            }
        }
        if let Some(total) = unsafe_names.over_total_limit {
            if first_decision {
                self.facts
                    .preflight_triggers
                    .push(PreflightTrigger::SafelistedTotal {
                        bytes: total,
                        limit: self.profile.safelisted_total_limit,
                    });
            }
            triggers.push(format!(
                "the safelisted headers' values total {total} bytes, more than the {} allowed",
                self.profile.safelisted_total_limit
            ));
        }
        let needs = !triggers.is_empty();
        let reason = if needs {
            format!("A preflight is needed because {}.", triggers.join("; "))
        } else {
            "No preflight is needed: the method is GET, HEAD or POST and every header is CORS-safelisted, so the \
             browser sends the request straight away (a \"simple\" request)."
                .to_string()
        };
        self.step(
            "request.preflight-decision",
            Phase::Request,
            Outcome::Note,
            "preflight needed",
            values,
            reason,
            spec::HTTP_FETCH,
        );
        needs
    }

    /// The CORS-preflight fetch and its checks.
    fn preflight(
        &mut self,
        url: &Url,
        method: &str,
        headers: &HeaderList,
        unsafe_names: &UnsafeNames,
        origin_value: &str,
        credentials: Credentials,
    ) -> Result<(), Reason> {
        let profile = self.profile;
        let pre = preflight_request(method, unsafe_names, origin_value);
        if !self.preflight_sent {
            let mut map = BTreeMap::new();
            map.insert(
                "access-control-request-method".to_string(),
                pre.method.clone(),
            );
            if let Some(h) = &pre.headers {
                map.insert("access-control-request-headers".to_string(), h.clone());
            }
            self.preflight_request_headers = Some(map);
        }
        self.preflight_sent = true;
        let mut values = Values::default()
            .with("request", format!("OPTIONS {url}"))
            .with("Origin", &pre.origin)
            .with("Access-Control-Request-Method", &pre.method);
        if let Some(h) = &pre.headers {
            values = values.with("Access-Control-Request-Headers", h);
        }
        self.step(
            "preflight.request",
            Phase::Preflight,
            Outcome::Note,
            "preflight request",
            values,
            "The browser first asks the server with an OPTIONS request that names the method and the non-safelisted \
             headers; it carries no cookies and none of the script's headers."
                .to_string(),
            spec::PREFLIGHT_FETCH,
        );

        let reply = self.scenario.preflight_reply();
        let wire = read_reply(reply);
        if let Some(error) = wire.error {
            self.step(
                "preflight.http",
                Phase::Preflight,
                Outcome::Fail,
                "a well-formed HTTP response",
                Values::default().with("error", error.name()),
                net_error_sentence("preflight response", error),
                spec::HTTP_FETCH,
            );
            return Err(Reason::InvalidHttpResponse {
                stage: Stage::Preflight,
                error,
            });
        }
        let reply_headers = wire.headers;
        if let Some(target) = location(reply.status, &reply_headers) {
            self.step(
                "preflight.redirect",
                Phase::Preflight,
                Outcome::Fail,
                "preflight not redirected",
                Values::default().with("status", reply.status.to_string()).with("Location", &target),
                format!(
                    "The server answered the preflight with a {} redirect to {target}; a preflight may not be \
                     redirected, so the request is never sent. Answer OPTIONS at this exact URL (watch for http→https \
                     and trailing-slash redirects).",
                    reply.status
                ),
                spec::PREFLIGHT_FETCH,
            );
            return Err(Reason::PreflightDisallowedRedirect {
                status: reply.status,
                location: target,
            });
        }
        self.cors_check_step(
            Stage::Preflight,
            &reply_headers,
            credentials,
            origin_value,
            reply.status,
        )?;

        // ...and response's status is an ok status.
        if !(200..=299).contains(&reply.status) {
            self.step(
                "preflight.status",
                Phase::Preflight,
                Outcome::Fail,
                "preflight status is 200–299",
                Values::default().with("status", reply.status.to_string()),
                format!(
                    "The preflight's status is {}, not 200–299. The OPTIONS request must succeed: it carries no \
                     cookies or Authorization, so authentication must not apply to it, and the route must exist.",
                    reply.status
                ),
                spec::OK_STATUS,
            );
            return Err(Reason::PreflightInvalidStatus {
                status: reply.status,
            });
        }
        self.step(
            "preflight.status",
            Phase::Preflight,
            Outcome::Pass,
            "preflight status is 200–299",
            Values::default().with("status", reply.status.to_string()),
            format!("The preflight's status {} is an ok status.", reply.status),
            spec::OK_STATUS,
        );

        // Let methods be the result of extracting header list values given
        // `Access-Control-Allow-Methods` and response's header list.
        let acam = reply_headers.get("access-control-allow-methods");
        let methods = match parse_token_list(acam.as_deref()) {
            Ok(m) => m,
            Err(e) => {
                self.step(
                    "preflight.allow-methods-syntax",
                    Phase::Preflight,
                    Outcome::Fail,
                    "Access-Control-Allow-Methods parses",
                    Values::default().with("Access-Control-Allow-Methods", &e.value).with("bad item", &e.item),
                    format!(
                        "Access-Control-Allow-Methods must be a comma-separated list of method names; {:?} is not one, \
                         so the whole preflight fails.",
                        e.item
                    ),
                    spec::HEADER_SYNTAX,
                );
                return Err(Reason::InvalidAllowMethods {
                    value: e.value,
                    item: e.item,
                });
            }
        };
        let acah = reply_headers.get("access-control-allow-headers");
        let header_names = match parse_token_list(acah.as_deref()) {
            Ok(h) => h
                .into_iter()
                .map(|n| n.to_ascii_lowercase())
                .collect::<Vec<_>>(),
            Err(e) => {
                self.step(
                    "preflight.allow-headers-syntax",
                    Phase::Preflight,
                    Outcome::Fail,
                    "Access-Control-Allow-Headers parses",
                    Values::default().with("Access-Control-Allow-Headers", &e.value).with("bad item", &e.item),
                    format!(
                        "Access-Control-Allow-Headers must be a comma-separated list of header names; {:?} is not \
                         one, so the whole preflight fails.",
                        e.item
                    ),
                    spec::HEADER_SYNTAX,
                );
                return Err(Reason::InvalidAllowHeaders {
                    value: e.value,
                    item: e.item,
                });
            }
        };
        let age = max_age(
            reply_headers.get("access-control-max-age").as_deref(),
            profile,
        );
        let result = PreflightResult {
            methods,
            headers: header_names,
            credentials: credentials == Credentials::Include,
            max_age: age.clone(),
        };

        let acam_text = acam.as_deref().map(to_display_utf8);
        let acah_text = acah.as_deref().map(to_display_utf8);
        self.method_step(&result, method, acam_text.clone())?;
        self.headers_step(&result, unsafe_names, headers, acah_text)?;
        self.max_age_step(&age);
        self.cache.append(CacheEntry {
            origin: self
                .page
                .as_ref()
                .map(|p| p.serialized.clone())
                .unwrap_or_default(),
            url: url.to_string(),
            result,
        });
        Ok(())
    }

    fn method_step(
        &mut self,
        result: &PreflightResult,
        method: &str,
        acam: Option<String>,
    ) -> Result<(), Reason> {
        let values = Values::default().with("method", method).with(
            "Access-Control-Allow-Methods",
            acam.clone().unwrap_or_else(|| "(absent)".into()),
        );
        match method_allowance(result, method) {
            MethodAllowance::Safelisted => {
                self.step(
                    "preflight.method",
                    Phase::Preflight,
                    Outcome::Pass,
                    "method allowed",
                    values,
                    format!("{method} is CORS-safelisted, so it needs no mention in Access-Control-Allow-Methods."),
                    spec::PREFLIGHT_FETCH,
                );
                Ok(())
            }
            MethodAllowance::Listed => {
                self.step(
                    "preflight.method",
                    Phase::Preflight,
                    Outcome::Pass,
                    "method allowed",
                    values,
                    format!("Access-Control-Allow-Methods lists {method}."),
                    spec::PREFLIGHT_FETCH,
                );
                Ok(())
            }
            MethodAllowance::Wildcard => {
                self.step(
                    "preflight.method",
                    Phase::Preflight,
                    Outcome::Pass,
                    "method allowed",
                    values,
                    format!("Access-Control-Allow-Methods is *, which allows {method} because the request has no credentials."),
                    spec::PREFLIGHT_FETCH,
                );
                Ok(())
            }
            MethodAllowance::Denied {
                case_mismatch,
                literal_star,
            } => {
                let detail = if let Some(listed) = case_mismatch {
                    format!(
                        " It lists {listed}, but methods are compared case-sensitively and fetch() sends {method} as \
                         written: use {listed} in the script, or list {method} on the server."
                    )
                } else if literal_star {
                    " The * there is a literal method name, not a wildcard, because the request's credentials mode is include."
                        .to_string()
                } else if acam.is_none() {
                    " The preflight response has no Access-Control-Allow-Methods at all."
                        .to_string()
                } else {
                    String::new()
                };
                self.step(
                    "preflight.method",
                    Phase::Preflight,
                    Outcome::Fail,
                    "method allowed",
                    values,
                    format!("{method} is not in Access-Control-Allow-Methods, so the request is never sent.{detail}"),
                    spec::PREFLIGHT_FETCH,
                );
                Err(Reason::MethodNotAllowed {
                    method: method.to_string(),
                    allowed: acam,
                })
            }
        }
    }

    fn headers_step(
        &mut self,
        result: &PreflightResult,
        unsafe_names: &UnsafeNames,
        headers: &HeaderList,
        acah: Option<String>,
    ) -> Result<(), Reason> {
        let values = Values::default()
            .with("request headers to allow", unsafe_names.sorted.join(", "))
            .with(
                "Access-Control-Allow-Headers",
                acah.clone().unwrap_or_else(|| "(absent)".into()),
            );
        match header_allowance(result, unsafe_names, headers, self.profile) {
            HeaderAllowance::NothingToAllow => {
                self.step(
                    "preflight.headers",
                    Phase::Preflight,
                    Outcome::Pass,
                    "headers allowed",
                    values,
                    "Every request header is CORS-safelisted, so Access-Control-Allow-Headers does not matter.".to_string(),
                    spec::PREFLIGHT_FETCH,
                );
                Ok(())
            }
            HeaderAllowance::Listed => {
                self.step(
                    "preflight.headers",
                    Phase::Preflight,
                    Outcome::Pass,
                    "headers allowed",
                    values,
                    "Access-Control-Allow-Headers lists every non-safelisted request header (names compare case-insensitively)."
                        .to_string(),
                    spec::PREFLIGHT_FETCH,
                );
                Ok(())
            }
            HeaderAllowance::Wildcard {
                authorization_relies_on_wildcard,
            } => {
                let sentence = if authorization_relies_on_wildcard {
                    self.warn(
                        "authorization-wildcard",
                        "Authorization is allowed only through Access-Control-Allow-Headers: *. The Fetch standard says \
                         * never covers Authorization and the request should fail; Chromium (like Firefox and Safari) \
                         still allows it and shows a deprecation issue in DevTools, and a future version may enforce \
                         the standard. List Authorization explicitly. Until then Chromium never caches this \
                         preflight: it is sent before every request."
                            .to_string(),
                        spec::NON_WILDCARD_HEADER,
                    );
                    "Access-Control-Allow-Headers is *. Chromium lets it cover Authorization too (the standard does \
                     not: see the warning)."
                        .to_string()
                } else {
                    "Access-Control-Allow-Headers is *, which allows any header because the request has no credentials."
                        .to_string()
                };
                self.step(
                    "preflight.headers",
                    Phase::Preflight,
                    Outcome::Pass,
                    "headers allowed",
                    values,
                    sentence,
                    spec::PREFLIGHT_FETCH,
                );
                Ok(())
            }
            HeaderAllowance::Denied {
                name,
                literal_star,
                authorization_not_covered,
            } => {
                let detail = if authorization_not_covered {
                    " * does not cover Authorization: it must be listed by name."
                } else if literal_star {
                    " The * there is a literal header name, not a wildcard, because the request's credentials mode is include."
                } else if acah.is_none() {
                    " The preflight response has no Access-Control-Allow-Headers at all."
                } else {
                    ""
                };
                let others: Vec<String> = unsafe_names
                    .sorted
                    .iter()
                    .filter(|n| {
                        **n != name && !result.headers.iter().any(|h| h.eq_ignore_ascii_case(n))
                    })
                    .cloned()
                    .collect();
                let also = if others.is_empty() || literal_star || authorization_not_covered {
                    String::new()
                } else {
                    format!(
                        " {} not allowed either: Chromium names one of them in the error, in an order of its own.",
                        others.join(", ")
                    )
                };
                self.step(
                    "preflight.headers",
                    Phase::Preflight,
                    Outcome::Fail,
                    "headers allowed",
                    values,
                    format!(
                        "The request header {name} is not in Access-Control-Allow-Headers, so the request is never sent.{detail}{also}"
                    ),
                    spec::PREFLIGHT_FETCH,
                );
                Err(Reason::HeaderNotAllowed {
                    name,
                    allowed: acah,
                })
            }
        }
    }

    fn max_age_step(&mut self, age: &crate::preflight::MaxAge) {
        let name = self.profile.name();
        let values = Values::default()
            .with(
                "Access-Control-Max-Age",
                age.header.clone().unwrap_or_else(|| "(absent)".into()),
            )
            .with("cached for", format!("{} s", age.seconds));
        let sentence = match age.rule {
            MaxAgeRule::Absent => format!(
                "Without Access-Control-Max-Age, {name} caches this preflight for {} seconds.",
                age.seconds
            ),
            MaxAgeRule::Unparsable => format!(
                "Access-Control-Max-Age is not a whole number of seconds, so {name} uses its default of {} seconds.",
                age.seconds
            ),
            MaxAgeRule::Negative => format!(
                "A negative Access-Control-Max-Age means {name} does not cache this preflight at all."
            ),
            MaxAgeRule::Capped => {
                self.warn(
                    "max-age-capped",
                    format!(
                        "Access-Control-Max-Age asks for {} seconds, but {name} caches a preflight for at most {} \
                         seconds (Firefox 86400, Safari 600).",
                        age.header.clone().unwrap_or_default(),
                        age.seconds
                    ),
                    spec::PREFLIGHT_CACHE,
                );
                format!(
                    "{name} caps the preflight cache at {} seconds.",
                    age.seconds
                )
            }
            MaxAgeRule::AsIs => {
                format!("{name} caches this preflight for {} seconds.", age.seconds)
            }
        };
        self.step(
            "preflight.max-age",
            Phase::Preflight,
            Outcome::Note,
            "how long the preflight is cached",
            values,
            sentence,
            spec::PREFLIGHT_CACHE,
        );
    }

    /// The CORS check on a preflight or a response, recorded.
    fn cors_check_step(
        &mut self,
        stage: Stage,
        headers: &HeaderList,
        credentials: Credentials,
        origin_value: &str,
        status: u16,
    ) -> Result<(), Reason> {
        let (phase, id_origin, id_credentials, what) = match stage {
            Stage::Preflight => (
                Phase::Preflight,
                "preflight.allow-origin",
                "preflight.allow-credentials",
                "preflight response",
            ),
            Stage::Response => (
                Phase::Response,
                "response.allow-origin",
                "response.allow-credentials",
                "response",
            ),
        };
        let input = CheckInput::read(headers);
        let acao_lines = headers.get_all("access-control-allow-origin").len();
        let values = Values::default()
            .with(
                "Access-Control-Allow-Origin",
                input
                    .allow_origin
                    .clone()
                    .unwrap_or_else(|| "(absent)".into()),
            )
            .with("request origin", origin_value)
            .with("credentials", credentials.as_str());
        match cors_check(&input, credentials, origin_value) {
            Ok(()) => {
                let sentence = if input.allow_origin.as_deref() == Some("*") {
                    format!(
                        "The {what} allows any origin with *, which works because the request carries no credentials."
                    )
                } else {
                    format!(
                        "The {what}'s Access-Control-Allow-Origin is exactly the request's origin."
                    )
                };
                self.step(
                    id_origin,
                    phase,
                    Outcome::Pass,
                    "Access-Control-Allow-Origin",
                    values,
                    sentence,
                    spec::CORS_CHECK,
                );
                if credentials == Credentials::Include {
                    self.step(
                        id_credentials,
                        phase,
                        Outcome::Pass,
                        "Access-Control-Allow-Credentials",
                        Values::default().with("Access-Control-Allow-Credentials", "true"),
                        "The request sends credentials and the server answers Access-Control-Allow-Credentials: true.".to_string(),
                        spec::CORS_CREDENTIALS,
                    );
                }
                Ok(())
            }
            Err(CheckFailure::AllowOrigin(problem)) => {
                let error_status = if stage == Stage::Response && status >= 400 {
                    format!(
                        " The server answered {status}: error responses need the CORS headers too, or the script sees \
                         only \"Failed to fetch\" instead of the error."
                    )
                } else {
                    String::new()
                };
                let sentence = match &problem {
                    AllowOriginProblem::Missing => format!(
                        "The {what} has no Access-Control-Allow-Origin header, so the browser does not let the page read it.{error_status}"
                    ),
                    AllowOriginProblem::WildcardWithCredentials => format!(
                        "The {what} says Access-Control-Allow-Origin: *, but the request's credentials mode is include, \
                         and * is never enough for a credentialed request: the server must name the origin {origin_value}."
                    ),
                    AllowOriginProblem::Multiple { value } => {
                        if acao_lines > 1 {
                            format!(
                                "The {what} sends Access-Control-Allow-Origin {acao_lines} times; the browser joins them \
                                 into {value:?}, and only one origin is allowed. Something (often a proxy, a CDN or a \
                                 second middleware) adds a second copy."
                            )
                        } else {
                            format!(
                                "Access-Control-Allow-Origin holds a list ({value:?}); it must be exactly one origin. \
                                 Pick the request's origin from an allow-list on the server and send only that."
                            )
                        }
                    }
                    AllowOriginProblem::Invalid { value } => format!(
                        "Access-Control-Allow-Origin is {value:?}, which is not an origin (scheme://host[:port]) or *; \
                         wildcard patterns are not supported."
                    ),
                    AllowOriginProblem::Mismatch { value, origin } => {
                        mismatch_sentence(what, value, origin)
                    }
                };
                self.step(
                    id_origin,
                    phase,
                    Outcome::Fail,
                    "Access-Control-Allow-Origin",
                    values,
                    sentence,
                    spec::CORS_CHECK,
                );
                Err(Reason::AllowOrigin { stage, problem })
            }
            Err(CheckFailure::AllowCredentials(value)) => {
                self.step(
                    id_origin,
                    phase,
                    Outcome::Pass,
                    "Access-Control-Allow-Origin",
                    values,
                    format!(
                        "The {what}'s Access-Control-Allow-Origin is exactly the request's origin."
                    ),
                    spec::CORS_CHECK,
                );
                let sentence = match &value {
                    None => format!(
                        "The request's credentials mode is include, so the {what} must also say \
                         Access-Control-Allow-Credentials: true, and it does not send that header."
                    ),
                    Some(v) => format!(
                        "Access-Control-Allow-Credentials is {v:?}; it must be exactly true (lowercase) when the \
                         request's credentials mode is include."
                    ),
                };
                self.step(
                    id_credentials,
                    phase,
                    Outcome::Fail,
                    "Access-Control-Allow-Credentials",
                    Values::default().with(
                        "Access-Control-Allow-Credentials",
                        value.clone().unwrap_or_else(|| "(absent)".into()),
                    ),
                    sentence,
                    spec::CORS_CREDENTIALS,
                );
                Err(Reason::AllowCredentials { stage, value })
            }
        }
    }

    /// A redirect of the request: the checks Chromium makes, in its order. Returns the next URL.
    #[allow(clippy::too_many_arguments)]
    fn redirect(
        &mut self,
        page: &PageOrigin,
        request: &Request,
        url: &Url,
        hop: usize,
        status: u16,
        headers: &HeaderList,
        location_text: &str,
        cors_flag: bool,
        tainted: &mut bool,
        origin_value: &str,
    ) -> Result<Url, Ending> {
        let next = match resolve_location(location_text, url) {
            Some(next)
                if self
                    .profile
                    .redirect_scheme(next.scheme(), cors_flag, false)
                    != crate::profile::RedirectScheme::Refused =>
            {
                next
            }
            resolved => {
                let target = resolved.map_or_else(|| location_text.to_string(), |u| u.to_string());
                self.step(
                    "redirect.location",
                    Phase::Redirect,
                    Outcome::Fail,
                    "redirect target",
                    Values::default().with("status", status.to_string()).with("Location", &target),
                    format!(
                        "The server redirects to {target:?}; the browser's network stack refuses to follow a redirect \
                         to a data:, file:, blob: or about: URL or to a URL that does not parse \
                         (net::ERR_UNSAFE_REDIRECT), and fetch() fails."
                    ),
                    spec::REDIRECT_FETCH,
                );
                return Err(Ending::Rejected(Reason::UnsafeRedirect {
                    location: target,
                }));
            }
        };
        self.step(
            "redirect.location",
            Phase::Redirect,
            Outcome::Note,
            "redirect target",
            Values::default()
                .with("status", status.to_string())
                .with("Location", next.as_str()),
            format!("The server answers {status} and points to {next}."),
            spec::REDIRECT_FETCH,
        );
        // If CORS flag is set and a CORS check for request and response returns failure, then
        // return a network error.
        if cors_flag {
            self.cors_check_step(
                Stage::Response,
                headers,
                request.credentials,
                origin_value,
                status,
            )
            .map_err(Ending::Rejected)?;
        }
        if request.redirect == RedirectMode::Manual {
            self.step(
                "redirect.mode",
                Phase::Redirect,
                Outcome::Note,
                "redirect mode",
                Values::default().with("redirect", "manual"),
                "The redirect mode is manual, so fetch() resolves with an opaque-redirect response: status 0, no \
                 headers, and the Location is not readable."
                    .to_string(),
                spec::OPAQUE_REDIRECT_FILTERED,
            );
            return Err(Ending::Resolved {
                response_type: ResponseType::Opaqueredirect,
                status: 0,
                exposed: Vec::new(),
            });
        }
        // If request's redirect count is 20, then return a network error.
        if hop >= self.profile.redirect_limit {
            self.step(
                "redirect.count",
                Phase::Redirect,
                Outcome::Fail,
                "redirect limit",
                Values::default().with("redirects", hop.to_string()),
                format!(
                    "The browser follows at most {} redirects; this is one more.",
                    self.profile.redirect_limit
                ),
                spec::REDIRECT_FETCH,
            );
            return Err(Ending::Rejected(Reason::TooManyRedirects {
                limit: self.profile.redirect_limit,
            }));
        }
        if location_credentials_forbidden(
            &next,
            &page.origin,
            request.mode == Mode::Cors,
            cors_flag,
            *tainted,
        ) {
            self.step(
                "redirect.credentials",
                Phase::Redirect,
                Outcome::Fail,
                "redirect target without credentials",
                Values::default().with("Location", next.as_str()),
                "The redirect target holds a username and password; a CORS request may not follow it.".to_string(),
                spec::REDIRECT_FETCH,
            );
            return Err(Ending::Rejected(Reason::RedirectContainsCredentials {
                location: next.to_string(),
            }));
        }
        // The page's own checks on the new URL: mixed content, credentials, the mode.
        if page.origin.scheme() == Some("https")
            && next.scheme() == "http"
            && !is_potentially_trustworthy_url(&next)
        {
            let page_url = page.page_url.as_ref().map_or_else(
                || format!("{}/", page.serialized.clone()),
                |u| u.to_string(),
            );
            self.step(
                "redirect.mixed-content",
                Phase::Redirect,
                Outcome::Fail,
                "mixed content",
                Values::default().with("page", &page_url).with("Location", next.as_str()),
                "The redirect leads an https page to a plain http URL, which the browser blocks as mixed content.".to_string(),
                spec::MIXED_CONTENT,
            );
            return Err(Ending::Rejected(Reason::MixedContent {
                page_url,
                url: crate::urls::chromium_string(&next),
            }));
        }
        if self.profile.refuses_redirect_with_credentials
            && (!next.username().is_empty() || next.password().is_some())
        {
            self.step(
                "redirect.credentials",
                Phase::Redirect,
                Outcome::Fail,
                "redirect target without credentials",
                Values::default().with("Location", next.as_str()),
                "The redirect target holds a username and password; Chromium does not follow such a redirect, even \
                 on the same origin."
                    .to_string(),
                spec::REDIRECT_FETCH,
            );
            return Err(Ending::Rejected(Reason::RedirectLocationHasCredentials {
                location: next.to_string(),
            }));
        }
        if request.mode == Mode::SameOrigin && !page.origin.is_same_origin(&Origin::of_url(&next)) {
            self.step(
                "redirect.mode",
                Phase::Redirect,
                Outcome::Fail,
                "request mode after a redirect",
                Values::default().with("mode", "same-origin").with("Location", next.as_str()),
                "A same-origin request was redirected to another origin, so fetch() fails (Chromium prints no \
                 CORS error for it)."
                    .to_string(),
                spec::MAIN_FETCH,
            );
            return Err(Ending::Rejected(Reason::SameOriginModeRedirect {
                location: next.to_string(),
            }));
        }
        if request.redirect == RedirectMode::Error {
            self.step(
                "redirect.mode",
                Phase::Redirect,
                Outcome::Fail,
                "redirect mode",
                Values::default().with("redirect", "error"),
                "The request's redirect mode is error, so any redirect makes fetch() fail."
                    .to_string(),
                spec::REDIRECT_FETCH,
            );
            return Err(Ending::Rejected(Reason::RedirectModeError {
                location: next.to_string(),
            }));
        }
        if !*tainted && taints_origin(&next, url, &page.origin) {
            *tainted = true;
            self.step(
                "redirect.taint",
                Phase::Redirect,
                Outcome::Note,
                "request origin after the redirect",
                Values::default().with("from", url.as_str()).with("to", next.as_str()).with("Origin", "null"),
                "The request was already cross-origin and is now redirected to yet another origin, so from here on it \
                 carries Origin: null, and the server must answer Access-Control-Allow-Origin: null or *."
                    .to_string(),
                spec::SERIALIZE_REQUEST_ORIGIN,
            );
        }
        Ok(next)
    }

    /// A response that passed: what the script gets.
    fn deliver(
        &mut self,
        response_type: ResponseType,
        status: u16,
        headers: &HeaderList,
        credentials: Credentials,
    ) -> Ending {
        let exposure = readable_header_names(response_type, headers, credentials);
        let shown_status = match response_type {
            ResponseType::Opaque | ResponseType::Opaqueredirect => 0,
            ResponseType::Basic | ResponseType::Cors => status,
        };
        let (sentence, link) = match response_type {
            ResponseType::Basic => (
                format!("fetch() resolves with a basic response: status {status}, every header but Set-Cookie readable."),
                spec::BASIC_FILTERED,
            ),
            ResponseType::Cors => (
                format!(
                    "fetch() resolves with a cors response: status {status}, the body, and only the safelisted and \
                     exposed headers are readable."
                ),
                spec::CORS_FILTERED,
            ),
            ResponseType::Opaque => (
                "fetch() resolves with an opaque response: status 0, no readable headers, an empty body.".to_string(),
                spec::OPAQUE_FILTERED,
            ),
            ResponseType::Opaqueredirect => (
                "fetch() resolves with an opaque-redirect response.".to_string(),
                spec::OPAQUE_REDIRECT_FILTERED,
            ),
        };
        self.step(
            "response.type",
            Phase::Response,
            Outcome::Pass,
            "what the script gets",
            Values::default()
                .with("type", response_type.as_str())
                .with("status", shown_status.to_string()),
            sentence,
            link,
        );
        if response_type == ResponseType::Cors {
            let mut values = Values::default().with("readable", exposure.readable.join(", "));
            if !exposure.hidden.is_empty() {
                values = values.with("hidden", exposure.hidden.join(", "));
            }
            let aceh = headers
                .get("access-control-expose-headers")
                .map(|v| to_display_utf8(&v));
            if let Some(v) = &aceh {
                values = values.with("Access-Control-Expose-Headers", v);
            }
            let sentence = match &exposure.list {
                ExposeList::Invalid(v) => format!(
                    "Access-Control-Expose-Headers ({v:?}) is not a comma-separated list of header names, so it \
                     exposes nothing beyond the safelisted headers."
                ),
                _ if exposure.wildcard => {
                    "Access-Control-Expose-Headers: * exposes every header (but Set-Cookie) because the request has no credentials."
                        .to_string()
                }
                _ if exposure.literal_star => "Access-Control-Expose-Headers: * is a literal name here, not a wildcard, \
                     because the request's credentials mode is include: only safelisted headers are readable."
                    .to_string(),
                ExposeList::Names(_) => "The script can read the safelisted response headers plus the ones named in \
                     Access-Control-Expose-Headers."
                    .to_string(),
                ExposeList::Absent => "Without Access-Control-Expose-Headers the script can read only Cache-Control, \
                     Content-Language, Content-Length, Content-Type, Expires, Last-Modified and Pragma."
                    .to_string(),
            };
            let hidden_custom: Vec<String> = exposure
                .hidden
                .iter()
                .filter(|n| {
                    !n.starts_with("access-control-")
                        && !matches!(
                            n.as_str(),
                            "set-cookie"
                                | "set-cookie2"
                                | "vary"
                                | "date"
                                | "server"
                                | "connection"
                                | "keep-alive"
                        )
                })
                .cloned()
                .collect();
            self.step(
                "response.exposed-headers",
                Phase::Response,
                Outcome::Note,
                "readable response headers",
                values,
                sentence,
                spec::EXPOSED_HEADER_NAMES,
            );
            self.facts.hidden_response_headers = hidden_custom.clone();
            if !hidden_custom.is_empty() {
                self.warn(
                    "hidden-headers",
                    format!(
                        "The script cannot read {}: response.headers.get() returns null for them. To expose them, \
                         add Access-Control-Expose-Headers: {}.",
                        hidden_custom.join(", "),
                        hidden_custom.join(", ")
                    ),
                    spec::EXPOSED_HEADER_NAMES,
                );
            }
        }
        Ending::Resolved {
            response_type,
            status: shown_status,
            exposed: exposure.readable,
        }
    }

    fn finish(mut self, ending: Ending) -> Verdict {
        warnings::collect(
            self.scenario,
            self.profile,
            self.page.as_ref(),
            self.request.as_ref(),
            &ending_summary(&ending),
            &mut self.warnings,
        );
        let page_origin = self
            .page
            .as_ref()
            .map_or_else(|| "null".to_string(), |p| p.serialized.clone());
        let page_url = self
            .page
            .as_ref()
            .and_then(|p| p.page_url.as_ref().map(Url::to_string))
            .unwrap_or_else(|| format!("{page_origin}/"));
        let initial_url = self
            .url_list
            .first()
            .map(crate::urls::chromium_string)
            .unwrap_or_default();
        let last_url = self
            .url_list
            .last()
            .map(crate::urls::chromium_string)
            .unwrap_or_default();
        let (fetch, response_type, status, exposed, reason) = match ending {
            Ending::Resolved {
                response_type,
                status,
                exposed,
            } => (
                FetchOutcome::Resolved,
                Some(response_type),
                Some(status),
                exposed,
                None,
            ),
            Ending::Rejected(reason) => {
                (FetchOutcome::Rejected, None, None, Vec::new(), Some(reason))
            }
        };
        let cors_error = reason.as_ref().and_then(Reason::cors_error);
        let failed_parameter = match (&reason, cors_error) {
            (Some(r), Some(_)) => Some(r.failed_parameter()),
            _ => None,
        };
        let ctx = ConsoleContext {
            initial_url,
            last_url,
            page_origin,
            page_url,
        };
        let console = reason
            .as_ref()
            .and_then(|r| chromium_console_message(r, &ctx));
        let exception = reason.as_ref().map(chromium_exception);
        let summary = crate::explain::summary(
            fetch,
            response_type,
            status,
            reason.as_ref(),
            self.request_sent,
        );
        Verdict {
            id: self.scenario.id.clone(),
            preflight_sent: self.preflight_sent,
            preflight_request_headers: self.preflight_request_headers,
            request_sent: self.request_sent,
            fetch,
            response_type,
            status,
            exposed_headers: exposed,
            cors_error,
            failed_parameter,
            console,
            steps: self.trace.into_steps(),
            fix: None,
            warnings: self.warnings,
            reason,
            exception,
            summary,
            facts: self.facts,
        }
    }
}

fn net_error_sentence(what: &str, error: NetError) -> String {
    let why = match error {
        NetError::InvalidHttpResponse => "a header holds a NUL byte",
        NetError::MultipleContentLength => "it sends two different Content-Length headers",
        NetError::MultipleLocation => "it sends two different Location headers",
        NetError::MultipleContentDisposition => {
            "it sends two different Content-Disposition headers"
        }
        NetError::ResponseHeadersTooBig => {
            "its headers are larger than the 256 KiB the browser reads"
        }
    };
    format!(
        "The browser's network stack refuses the {what} ({}) because {why}; fetch() fails before any CORS check, \
         with no CORS error.",
        error.name()
    )
}

/// What the warnings look at once the simulation is over.
#[derive(Clone, Debug)]
pub struct EndingSummary {
    /// The response type, when the fetch resolved.
    pub response_type: Option<ResponseType>,
    /// The failure, when it did not.
    pub reason: Option<Reason>,
}

fn ending_summary(ending: &Ending) -> EndingSummary {
    match ending {
        Ending::Resolved { response_type, .. } => EndingSummary {
            response_type: Some(*response_type),
            reason: None,
        },
        Ending::Rejected(reason) => EndingSummary {
            response_type: None,
            reason: Some(reason.clone()),
        },
    }
}

fn mismatch_sentence(what: &str, value: &str, origin: &str) -> String {
    let trimmed = value.trim_end_matches('/');
    let detail = if origin == "null" && value != "null" {
        " After a redirect to another origin the request's origin is null, so only null or * can match.".to_string()
    } else if value == "null" {
        " null matches only pages with an opaque origin (sandboxed frames, file: pages)."
            .to_string()
    } else if trimmed == origin {
        " The only difference is the trailing slash: an origin has no path, not even /.".to_string()
    } else if value.eq_ignore_ascii_case(origin) {
        " The comparison is case-sensitive, byte for byte.".to_string()
    } else {
        match (parse_page_origin(value), parse_page_origin(origin)) {
            (Ok(a), Ok(b)) if a.origin.is_same_origin(&b.origin) => format!(
                " They name the same origin, but the header must be written exactly as the browser serializes it: {origin}."
            ),
            (Ok(a), Ok(b)) => format!(
                " They differ in {}.",
                part_names(&a.origin.differences(&b.origin))
            ),
            _ => String::new(),
        }
    };
    format!(
        "The {what}'s Access-Control-Allow-Origin is {value:?}, but the request's origin is {origin}.{detail}"
    )
}

fn safelisting_words(verdict: &Safelisting, name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match verdict {
        Safelisting::Safelisted => {
            if matches!(
                lower.as_str(),
                "accept" | "accept-language" | "content-language" | "content-type" | "range"
            ) {
                format!("{name} is CORS-safelisted")
            } else {
                format!(
                    "{name} is CORS-safelisted in Chromium only (Firefox and Safari would preflight it)"
                )
            }
        }
        Safelisting::Name => {
            if lower == "authorization" {
                "Authorization is never CORS-safelisted".to_string()
            } else {
                format!("{name} is not a CORS-safelisted header")
            }
        }
        Safelisting::TooLong { length, limit } => {
            format!("the {name} value is {length} bytes, longer than {limit}")
        }
        Safelisting::UnsafeByte { byte } => {
            format!("the {name} value holds the byte {}", byte_words(*byte))
        }
        Safelisting::LanguageByte { byte } => format!(
            "the {name} value holds {}, outside 0-9 A-Z a-z space * , - . ; =",
            byte_words(*byte)
        ),
        Safelisting::ContentTypeUnparsable => {
            format!("Content-Type {value:?} does not parse as a MIME type")
        }
        Safelisting::ContentTypeEssence { essence } => format!(
            "Content-Type {essence} is not one of application/x-www-form-urlencoded, multipart/form-data or text/plain"
        ),
        Safelisting::RangeNotSimple => {
            format!("Range {value:?} is not a single bytes=N- or bytes=N-M range")
        }
        Safelisting::ClientHintValue => {
            format!("the {name} value {value:?} is not of the form Chromium safelists")
        }
    }
}

fn byte_words(b: u8) -> String {
    if (0x21..0x7f).contains(&b) {
        format!("{:?}", char::from(b))
    } else {
        format!("0x{b:02X}")
    }
}

/// The lowercased header names a scenario's reply sends.
pub fn reply_header_names(reply: &Reply) -> Vec<String> {
    wire_headers(reply)
        .iter()
        .map(|h| lowercase_name(&h.name))
        .collect()
}
