//! The requests `corsim probe` writes (`corsim::wire`, driven by `corsim::probe`) against the
//! requests real Chromium and Firefox put on the wire for the same `fetch()` calls, recorded by
//! `tests/probe/record-wire.mjs` against its own raw servers (`tests/probe/chromium-wire.json`,
//! `tests/probe/firefox-wire.json`; Firefox's requests are compared in order, header by header):
//! preflights and requests, plain `http:` (not potentially trustworthy) and `https:`, same-site
//! and cross-site, with and without credentials (a cookie), conditional and `Range` requests, a
//! `no-cors` fetch, redirects.
//!
//! The probe runs with the recording server's answers (the origin reflected, credentials
//! allowed, the requested method and headers allowed, a redirect where the URL asks for one),
//! so it sends the same requests; every header list must then be equal: names, values and
//! order, except the `User-Agent` value (the recording's browser is HeadlessChrome, which the
//! test gives the probe) and the place of the script's own headers among `User-Agent`,
//! `Accept` and the client hints, which Chromium takes from a hash table (see
//! `corsim::wire`): those are compared as a set, the rest in order.

use corsim::probe;
use corsim::profile::Browser;
use corsim::scenario::{Reply, parse_scenario};
use corsim::wire::{Context, Role, WireRequest};
use corsim_tests::{read_json, tests_dir};
use serde_json::Value;

fn pairs(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some((
                p.get(0)?.as_str()?.to_string(),
                p.get(1)?.as_str()?.to_string(),
            ))
        })
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The recording server's answer to a request.
fn answer(request: &WireRequest) -> Reply {
    let h = &request.headers;
    let mut out = vec![("Vary".to_string(), "Origin".to_string())];
    if let Some(o) = header(h, "origin") {
        out.push(("Access-Control-Allow-Origin".into(), o.into()));
        out.push(("Access-Control-Allow-Credentials".into(), "true".into()));
    }
    let status = match request.role {
        Role::Preflight => {
            if let Some(m) = header(h, "access-control-request-method") {
                out.push(("Access-Control-Allow-Methods".into(), m.into()));
            }
            if let Some(v) = header(h, "access-control-request-headers") {
                out.push(("Access-Control-Allow-Headers".into(), v.into()));
            }
            204
        }
        Role::Request => {
            let to = url::Url::parse(&request.url).ok().and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "to")
                    .map(|(_, v)| v.to_string())
            });
            match to {
                Some(to) => {
                    out.push(("Location".into(), to));
                    307
                }
                None => 200,
            }
        }
    };
    Reply {
        status,
        headers: out,
        body: None,
    }
}

/// A request's header list split into the headers whose place is fixed, in order, and the
/// script's own headers (but `Range`, which Chromium writes last), which Chromium places by the
/// hash of their names among `User-Agent`, `Accept` and the client hints.
fn split(
    headers: &[(String, String)],
    script: &[(String, String)],
) -> (Vec<String>, Vec<(String, String)>) {
    let is_script = |n: &str| script.iter().any(|(s, _)| s.eq_ignore_ascii_case(n));
    let ordered = headers
        .iter()
        .filter(|(n, _)| !is_script(n) || n.eq_ignore_ascii_case("range"))
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    let mut loose: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| is_script(n))
        .cloned()
        .collect();
    loose.sort();
    (ordered, loose)
}

/// Runs every case of a recording through the probe with `browser`'s wire and profile: the
/// number of requests compared, and the differences. Firefox writes every header in one fixed
/// order, so its requests are compared in order too.
fn compare(file: &str, browser: Browser) -> (usize, Vec<String>) {
    let profile = corsim::Profile::of(browser);
    let name = browser.name();
    let path = tests_dir().join(file);
    let recording = read_json(&path).unwrap_or_else(|e| panic!("{e}"));
    let cases = recording
        .get("cases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    assert!(cases.len() >= 15, "{} cases", cases.len());
    let (mut requests, mut equal, mut cross_site_cookies) = (0, 0, 0);
    let mut wrong = Vec::new();
    for case in &cases {
        let id = case.get("id").and_then(Value::as_str).unwrap_or("?");
        let origin = case
            .get("page_origin")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let init = case.get("init").cloned().unwrap_or_default();
        let mut request = init.clone();
        if let Some(r) = request.as_object_mut() {
            r.insert("url".into(), case.get("url").cloned().unwrap_or_default());
            if r.get("body").is_some_and(Value::is_null) {
                r.remove("body");
            }
        }
        let scenario = serde_json::json!({"id": id, "origin": origin, "request": request});
        let scenario =
            parse_scenario(&scenario.to_string()).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        let logged: Vec<&Value> = case
            .get("requests")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        let user_agent = logged
            .iter()
            .find_map(|r| header(&pairs(r.get("headers")), "user-agent").map(str::to_string))
            .unwrap_or_default();
        let context = Context {
            page_origin: origin,
            user_agent: &user_agent,
            cookie: case.get("cookie").and_then(Value::as_str),
            mode: scenario.request.mode,
            browser,
        };
        let probed = probe::run(origin, &scenario.request, profile, &context, |r| {
            Ok::<_, ()>(answer(r))
        })
        .unwrap_or_else(|_| unreachable!());
        let sent: Vec<&WireRequest> = probed
            .exchanges
            .iter()
            .filter(|a| !a.from_cache)
            .map(|a| &a.request)
            .collect();
        if sent.len() != logged.len() {
            wrong.push(format!(
                "{id}: corsim sends {} requests, {name} sent {}",
                sent.len(),
                logged.len()
            ));
            continue;
        }
        // The fetch's outcome in the browser is the verdict's too.
        let browser_type = case.pointer("/outcome/type").and_then(Value::as_str);
        let ours = probed
            .verdict
            .response_type
            .map(|t| serde_json::to_value(t).unwrap_or_default());
        if browser_type.map(Value::from) != ours {
            wrong.push(format!(
                "{id}: {name}'s response type {browser_type:?}, corsim's {ours:?}"
            ));
        }
        let script = &scenario.request.headers;
        for (ours, theirs) in sent.iter().zip(&logged) {
            requests += 1;
            let theirs_headers = pairs(theirs.get("headers"));
            // The user's cookie goes where the browser would send one; Chromium also leaves it
            // out where its third-party cookie setting blocks it (the recording's Chromium does
            // for a cross-site request), which corsim cannot know.
            let mut ours = (*ours).clone();
            if header(&theirs_headers, "cookie").is_none()
                && ours.headers.iter().any(|(n, _)| n == "Cookie")
                && header(&ours.headers, "sec-fetch-site") == Some("cross-site")
            {
                ours.headers.retain(|(n, _)| n != "Cookie");
                cross_site_cookies += 1;
            }
            let line = |m: &str, t: &str| format!("{m} {t}");
            let same_line = line(&ours.method, &ours.target())
                == line(
                    theirs.get("method").and_then(Value::as_str).unwrap_or(""),
                    theirs.get("target").and_then(Value::as_str).unwrap_or(""),
                );
            let ok = same_line
                && if ours.role == Role::Preflight || browser == Browser::Firefox {
                    ours.headers == theirs_headers
                } else {
                    split(&ours.headers, script) == split(&theirs_headers, script)
                };
            if ok {
                equal += 1;
            } else {
                wrong.push(format!(
                    "{id} {:?} {} {}\n  corsim: {:?}\n  {name}: {:?}",
                    ours.role,
                    ours.method,
                    ours.target(),
                    ours.headers,
                    theirs_headers
                ));
            }
        }
    }
    eprintln!(
        "{equal}/{requests} requests equal what {name} sent ({cross_site_cookies} cross-site cookies {name} did not send)"
    );
    (requests, wrong)
}

#[test]
fn probe_requests_equal_the_recorded_chromium_requests() {
    let (requests, wrong) = compare("probe/chromium-wire.json", Browser::Chromium);
    assert!(requests >= 20);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn probe_requests_equal_the_recorded_firefox_requests() {
    let (requests, wrong) = compare("probe/firefox-wire.json", Browser::Firefox);
    assert!(requests >= 20);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
