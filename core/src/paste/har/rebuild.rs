//! Rebuilding a paired HAR request as a scenario: the hops, the preflight's answer, the
//! script's headers, mode and credentials the export lets corsim infer, the simulation, and
//! notes (and the fields assumed) where the file is silent.

use super::read::{RawEntry, Work, header, page_origin};
use super::{HarAnalyzer, HarRequest};
use crate::safelist::is_cors_safelisted_request_header;
use crate::scenario::{Credentials, Mode, Reply, RequestInit, Scenario};
use crate::simulate::simulate_with;
use crate::verdict::{FetchOutcome, Verdict};

impl HarAnalyzer {
    /// Rebuilds one request as a scenario and simulates it. A scenario gives one answer to
    /// every preflight, so when each hop of a redirect chain had its own preflight, the first
    /// one whose answer gives the outcome the browser recorded is used (the first hop's when
    /// none does), and a note says so.
    pub(super) fn analyze(&self, work: &Work) -> Option<HarRequest> {
        let first = self.analyze_with(work, work.preflights.first().copied())?;
        if work.preflights.len() < 2 {
            return Some(first);
        }
        let agrees =
            |r: &HarRequest| r.recorded_failure == (r.verdict.fetch == FetchOutcome::Rejected);
        let entries = work
            .preflights
            .iter()
            .map(|j| format!("#{j}"))
            .collect::<Vec<_>>()
            .join(", ");
        let chosen = if agrees(&first) {
            (first, work.preflights.first().copied().unwrap_or(0))
        } else {
            work.preflights
                .iter()
                .skip(1)
                .filter_map(|&j| Some((self.analyze_with(work, Some(j))?, j)))
                .find(|(r, _)| agrees(r))
                .unwrap_or((first, work.preflights.first().copied().unwrap_or(0)))
        };
        let (mut request, used) = chosen;
        request.notes.insert(
            0,
            format!(
                "each hop of this redirect chain had its own preflight (entries {entries}); corsim's scenario gives every preflight the same answer: entry #{used}'s"
            ),
        );
        Some(request)
    }

    /// [`HarAnalyzer::analyze`] with the answer of preflight entry `preflight`.
    fn analyze_with(&self, work: &Work, preflight: Option<usize>) -> Option<HarRequest> {
        let get = |i: usize| self.raw.get(i).and_then(Option::as_ref);
        let pf = preflight.and_then(get);
        let hops: Vec<&RawEntry> = work.chain.iter().filter_map(|&i| get(i)).collect();
        let mut notes = Vec::new();
        let mut assumed: Vec<String> = Vec::new();
        let (first, last) = match (hops.first(), hops.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => {
                let p = pf?;
                return Some(self.orphan_preflight(preflight.unwrap_or(0), p));
            }
        };
        let index = work.chain.first().copied().unwrap_or(0);
        let origin = match page_origin(&self.pages, first, pf) {
            Some(o) => o,
            None => {
                let page = crate::paste::console::reproduce::assumed_origin_for(&first.request.url);
                notes.push(format!(
                    "the HAR does not say which page made this request (no Origin, Referer or page URL); corsim assumes {page}"
                ));
                assumed.push("origin".to_string());
                page
            }
        };
        let method = first.request.method.clone();
        let recorded_failure = last.failed() || hops.iter().any(|h| h.error().is_some());
        // The script's headers: those the browser did not add itself.
        let acrh: Option<Vec<String>> = pf
            .and_then(|p| header(&p.request.headers, "access-control-request-headers"))
            .map(|v| {
                v.split(',')
                    .map(|n| n.trim().to_ascii_lowercase())
                    .filter(|n| !n.is_empty())
                    .collect()
            });
        let mut headers: Vec<(String, String)> = Vec::new();
        for h in &first.request.headers {
            if crate::paste::is_browser_added_header(&h.name) {
                continue;
            }
            let lower = h.name.to_ascii_lowercase();
            let safelisted = is_cors_safelisted_request_header(
                h.name.as_bytes(),
                h.value.as_bytes(),
                &self.profile,
            );
            if let Some(list) = &acrh
                && !safelisted
                && !list.contains(&lower)
            {
                continue;
            }
            headers.push((h.name.clone(), h.value.clone()));
        }
        if let Some(list) = &acrh {
            for name in list {
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    headers.push((name.clone(), crate::paste::curl::placeholder_value(name)));
                    notes.push(format!(
                        "the request header {name} is not in the HAR (a sanitized export drops Authorization and Cookie; a blocked request keeps only provisional headers): restored from the preflight's Access-Control-Request-Headers with a placeholder value"
                    ));
                    assumed.push("request.headers".to_string());
                }
            }
        }
        let recorded_mode = header(&first.request.headers, "sec-fetch-mode");
        // The headers as sent (not DevTools' provisional ones) hold `Host` or `:authority`. A
        // cors-mode request always carries `Origin`
        // (<https://fetch.spec.whatwg.org/#append-a-request-origin-header>), so sent headers
        // without it are a no-cors request's (Chromium sends no Sec-Fetch-Mode to a plain
        // http:// host that is not loopback).
        let sent_headers = header(&first.request.headers, "host").is_some()
            || header(&first.request.headers, ":authority").is_some();
        let mode = match recorded_mode
            .map(|m| m.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("no-cors") => Mode::NoCors,
            Some("same-origin") => Mode::SameOrigin,
            Some(_) => Mode::Cors,
            None if sent_headers && header(&first.request.headers, "origin").is_none() => {
                notes.push("the request went out without an Origin header, which a cors-mode request always sends: it was a no-cors request (mode: 'no-cors')".to_string());
                assumed.push("request.mode".to_string());
                Mode::NoCors
            }
            None => Mode::Cors,
        };
        let credentials = if header(&first.request.headers, "cookie").is_some() {
            Credentials::Include
        } else {
            Credentials::SameOrigin
        };
        let body = first
            .request
            .post_data
            .as_ref()
            .map(|p| p.text.clone().unwrap_or_default())
            .filter(|_| !matches!(method.as_str(), "GET" | "HEAD"));
        // `redirect: 'manual'`: the browser records the redirect, then aborts the next hop.
        let manual = hops.len() >= 2
            && last.status() == 0
            && last.error() == Some("net::ERR_ABORTED")
            && hops
                .get(hops.len() - 2)
                .is_some_and(|h| h.redirect_target().is_some());
        let hops: Vec<&RawEntry> = if manual {
            notes.push("the browser recorded the redirect and aborted the next hop: the request used redirect: 'manual'".to_string());
            assumed.push("request.redirect".to_string());
            hops.get(..hops.len() - 1)
                .map(<[_]>::to_vec)
                .unwrap_or_default()
        } else {
            hops
        };
        let last = hops.last().copied().unwrap_or(last);
        let recorded_failure = recorded_failure && !manual;
        let recorded_status = last.status();
        let recorded_error = if manual {
            None
        } else {
            last.error()
                .or_else(|| hops.iter().find_map(|h| h.error()))
                .map(str::to_string)
        };
        // The response after the last recorded hop, when the HAR does not hold it: one that
        // passes every check, so that only what the HAR shows can fail.
        let stand_in = Reply {
            status: 200,
            headers: vec![
                ("Access-Control-Allow-Origin".to_string(), origin.clone()),
                (
                    "Access-Control-Allow-Credentials".to_string(),
                    "true".to_string(),
                ),
            ],
            body: None,
        };
        let stopped_at_redirect = !manual && last.redirect_target().is_some();
        let (redirects, response): (Vec<Reply>, Reply) = if manual {
            (hops.iter().map(|h| h.reply()).collect(), Reply::default())
        } else if stopped_at_redirect {
            notes.push("the request stopped at a redirect: what the next URL would have answered is not in the HAR".to_string());
            assumed.push("response".to_string());
            (hops.iter().map(|h| h.reply()).collect(), stand_in.clone())
        } else if last.status() == 0 {
            let all_but_last = hops
                .iter()
                .take(hops.len().saturating_sub(1))
                .map(|h| h.reply())
                .collect();
            let reply = match (pf, last.error()) {
                (Some(_), _) => {
                    notes.push("the request failed in the browser (status 0): its response is not in the HAR; the verdict rests on the preflight's answer".to_string());
                    assumed.push("response".to_string());
                    stand_in.clone()
                }
                (None, Some(e)) if e != "net::ERR_FAILED" => {
                    notes.push(format!(
                        "the request failed in the browser with {e}, a network error, not a CORS one: its response is not in the HAR"
                    ));
                    assumed.push("response".to_string());
                    Reply::default()
                }
                (None, _) => {
                    notes.push("the request failed in the browser (status 0): its response headers are not in the HAR, so corsim can only show what the request needed".to_string());
                    assumed.push("response".to_string());
                    Reply::default()
                }
            };
            (all_but_last, reply)
        } else {
            (
                hops.iter()
                    .take(hops.len().saturating_sub(1))
                    .map(|h| h.reply())
                    .collect(),
                last.reply(),
            )
        };
        let request = RequestInit {
            url: first.request.url.clone(),
            method: method.clone(),
            headers,
            mode,
            credentials,
            redirect: if manual {
                crate::scenario::RedirectMode::Manual
            } else {
                Default::default()
            },
            body,
        };
        let mut scenario = Scenario {
            preflight: pf.map(RawEntry::reply),
            response,
            redirects,
            source: Some(format!("HAR entry {index}")),
            ..Scenario::of_request(format!("har-{index}"), origin, request)
        };
        if let Some(p) = pf
            && p.status() == 0
        {
            notes.push(format!(
                    "the preflight got no HTTP answer ({}): corsim cannot tell what the server would have said",
                    p.error().unwrap_or("status 0")
                ));
            assumed.push("preflight".to_string());
        }
        let mut verdict = simulate_with(&scenario, &self.profile);
        // After a redirect to another origin the request's origin is `null`: the stand-in
        // response must allow that one.
        let response_is_stand_in = scenario.response == stand_in;
        let last_hop = scenario.redirects.len();
        if response_is_stand_in && fails_at_hop(&verdict, last_hop) {
            let mut with = scenario.clone();
            for (n, v) in &mut with.response.headers {
                if n.eq_ignore_ascii_case("access-control-allow-origin") {
                    *v = "null".to_string();
                }
            }
            let v = simulate_with(&with, &self.profile);
            if !fails_at_hop(&v, last_hop) {
                scenario = with;
                verdict = v;
            }
        }
        // A request sent without a preflight in the file, though it needs one: the browser
        // answered from its preflight cache.
        if pf.is_none() && verdict.preflight_sent && !recorded_failure {
            let mut allow = vec![
                (
                    "Access-Control-Allow-Origin".to_string(),
                    scenario.origin.clone(),
                ),
                ("Access-Control-Allow-Methods".to_string(), method.clone()),
            ];
            let names: Vec<String> = scenario
                .request
                .headers
                .iter()
                .map(|(n, _)| n.clone())
                .collect();
            if !names.is_empty() {
                allow.push(("Access-Control-Allow-Headers".to_string(), names.join(", ")));
            }
            scenario.preflight = Some(Reply {
                status: 204,
                headers: allow,
                body: None,
            });
            notes.push("the request needs a preflight and none is in the HAR: the browser used a cached one; corsim assumes it allowed the request".to_string());
            assumed.push("preflight".to_string());
            verdict = simulate_with(&scenario, &self.profile);
        }
        // A response arrived and the browser then recorded net::ERR_ABORTED, which Chromium
        // never uses for a CORS failure (that is net::ERR_FAILED): when only provisional
        // headers were kept (no Sec-Fetch-Mode) and the rebuilt cors-mode request fails a CORS
        // check, the request was a no-cors one, whose opaque response the page did not read.
        if recorded_mode.is_none()
            && last.status() != 0
            && last.error() == Some("net::ERR_ABORTED")
            && verdict.cors_error.is_some()
        {
            let mut with = scenario.clone();
            with.request.mode = Mode::NoCors;
            let v = simulate_with(&with, &self.profile);
            if v.fetch == FetchOutcome::Resolved {
                notes.push("the browser got a response and recorded net::ERR_ABORTED, not the net::ERR_FAILED of a CORS failure, and kept only provisional headers: corsim assumes mode: 'no-cors' (the HAR does not say), whose opaque response passes no CORS check".to_string());
                assumed.push("request.mode".to_string());
                scenario = with;
                verdict = v;
            }
        }
        // A redirect that passes every CORS check and still failed: either the request's
        // redirect mode was 'error' or it was credentialed and the redirect fails the
        // credentialed checks (the HAR records neither). A server that sends
        // Access-Control-Allow-Credentials on the redirect expects credentialed requests:
        // credentials first then; else redirect: 'error' first.
        let credentialed = |s: &Scenario| {
            let mut with = s.clone();
            with.request.credentials = Credentials::Include;
            let v = simulate_with(&with, &self.profile);
            (v.fetch == FetchOutcome::Rejected && v.cors_error.is_some()).then_some((with, v))
        };
        let redirect_allows_credentials =
            header(&last.response.headers, "access-control-allow-credentials").is_some();
        if recorded_failure
            && stopped_at_redirect
            && redirect_allows_credentials
            && verdict.fetch != FetchOutcome::Rejected
            && credentials != Credentials::Include
            && let Some((with, v)) = credentialed(&scenario)
        {
            notes.push("the redirect passes every CORS check for a request without credentials, yet the request failed there, and the redirect sends Access-Control-Allow-Credentials: corsim assumes the request was credentialed (credentials: 'include'; the HAR does not say) — with redirect: 'error' it would fail there too, without a CORS error".to_string());
            assumed.push("request.credentials".to_string());
            scenario = with;
            verdict = v;
        }
        if recorded_failure
            && stopped_at_redirect
            && verdict.fetch != FetchOutcome::Rejected
            && last.error().is_some()
        {
            let mut with = scenario.clone();
            with.request.redirect = crate::scenario::RedirectMode::Error;
            let v = simulate_with(&with, &self.profile);
            if v.fetch == FetchOutcome::Rejected {
                let also = if credentials != Credentials::Include
                    && credentialed(&scenario).is_some()
                {
                    "; a credentialed request (credentials: 'include') would also fail there, with a CORS error in the console"
                } else {
                    ""
                };
                notes.push(format!("the redirect passes every CORS check yet the request failed there: corsim assumes it was made with redirect: 'error' (the HAR does not record the redirect mode){also}"));
                assumed.push("request.redirect".to_string());
                scenario = with;
                verdict = v;
            }
        }
        // The HAR does not say whether credentials were sent; a failure only credentials
        // explain tells.
        let rejected = verdict.fetch == FetchOutcome::Rejected;
        if recorded_failure
            && !rejected
            && credentials != Credentials::Include
            && let Some((with, v)) = credentialed(&scenario)
        {
            notes.push("the request failed in the browser, and only a credentialed request (credentials: 'include') fails with these headers: corsim assumes it was sent with credentials (the HAR does not say; a sanitized export drops cookies)".to_string());
            assumed.push("request.credentials".to_string());
            scenario = with;
            verdict = v;
        }
        let rejected = verdict.fetch == FetchOutcome::Rejected;
        if recorded_failure && !rejected {
            notes.push(format!(
                "the request failed in the browser ({}) but passes in corsim: the failure is probably not about CORS (a network error, a cancelled request, an extension)",
                last.error().unwrap_or("status 0")
            ));
        } else if !recorded_failure && rejected {
            notes.push("the request succeeded in the browser but fails in corsim: something the HAR does not show (credentials, a cached preflight, a header it sorted or dropped) differs".to_string());
        }
        Some(HarRequest {
            index,
            url: first.request.url.clone(),
            method,
            scenario,
            verdict,
            notes,
            assumed: dedup(assumed),
            recorded_failure,
            recorded_status,
            recorded_error,
        })
    }

    /// A preflight whose request is not in the file.
    fn orphan_preflight(&self, index: usize, p: &RawEntry) -> HarRequest {
        let origin = page_origin(&self.pages, p, None).unwrap_or_else(|| {
            crate::paste::console::reproduce::assumed_origin_for(&p.request.url)
        });
        let method = header(&p.request.headers, "access-control-request-method")
            .unwrap_or("GET")
            .trim()
            .to_string();
        let headers = header(&p.request.headers, "access-control-request-headers")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| (n.to_string(), crate::paste::curl::placeholder_value(n)))
                    .collect()
            })
            .unwrap_or_default();
        let url = p.preflight_target().to_string();
        let request = RequestInit {
            method: method.clone(),
            headers,
            ..RequestInit::get(url.clone())
        };
        let scenario = Scenario {
            preflight: Some(p.reply()),
            source: Some(format!("HAR entry {index} (a preflight)")),
            ..Scenario::of_request(format!("har-{index}"), origin, request)
        };
        let verdict = simulate_with(&scenario, &self.profile);
        HarRequest {
            index,
            url,
            method,
            scenario,
            verdict,
            notes: vec!["only the preflight of this request is in the HAR: the request was rebuilt from its Access-Control-Request-Method and -Headers, and its response is unknown".to_string()],
            assumed: {
                let mut a = vec!["request.headers".to_string(), "response".to_string()];
                if page_origin(&self.pages, p, None).is_none() {
                    a.insert(0, "origin".to_string());
                }
                a
            },
            recorded_failure: true,
            recorded_status: 0,
            recorded_error: None,
        }
    }
}

/// The fields in the order first assumed, each once.
fn dedup(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in list {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// Whether the verdict's failing step is at this hop (the hop after the last redirect is the
/// final response).
fn fails_at_hop(verdict: &Verdict, hop: usize) -> bool {
    verdict.fetch == FetchOutcome::Rejected
        && verdict
            .steps
            .iter()
            .any(|s| s.outcome == crate::trace::Outcome::Fail && s.hop == Some(hop))
}
