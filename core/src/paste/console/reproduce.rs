//! A scenario that makes the simulator report what a console message reports, and the list of
//! what it had to assume.
//!
//! A message gives the URL, often the page's origin, the failure and sometimes the status; the
//! rest (the method, the headers, the server's other answers) is chosen so that the scenario
//! fails exactly as the message says, and every field so chosen is named in `assumed`. The
//! choices never change the diagnosis: a missing origin is one of the URL's own scheme (so an
//! `http:` URL never meets an `https:` page and mixed content) and of the URL's own address
//! space (a loopback URL gets a loopback page, so Local Network Access stays out), on another
//! host or port.

use super::{Base, ConsoleMessage, MessageKind};
use crate::profile::Profile;
use crate::reason::CorsError;
use crate::scenario::{Credentials, Mode, RedirectMode, Reply, RequestInit, Scenario};

/// The scenario rebuilt from a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebuilt {
    /// The scenario.
    pub scenario: Scenario,
    /// The scenario fields the message did not give (`origin`, `request.method`, `response` …).
    pub assumed: Vec<String>,
    /// Whether the message does not say which check failed, so the scenario shows a stand-in
    /// failure (a missing `Access-Control-Allow-Origin` at the stage the message names).
    pub stand_in: bool,
}

/// The host an assumed page origin gets when the URL's host is a name.
pub const ASSUMED_PAGE_HOST: &str = "your-site.example";
/// The URL assumed when a message names none.
pub const ASSUMED_URL_HOST: &str = "api.example.com";

/// A page origin that keeps a URL's failure what it is: the URL's scheme, and its address space
/// (the same IP or `localhost` on another port; a name gets [`ASSUMED_PAGE_HOST`]). A page of a
/// `file:` URL has the opaque origin `null`.
pub fn assumed_origin_for(url: &str) -> String {
    let Ok(parsed) = url::Url::parse(url.trim()) else {
        return format!("https://{ASSUMED_PAGE_HOST}");
    };
    let scheme = parsed.scheme();
    if !matches!(scheme, "http" | "https") {
        return if scheme == "file" {
            "null".to_string()
        } else {
            format!("https://{ASSUMED_PAGE_HOST}")
        };
    }
    match parsed.host() {
        Some(url::Host::Domain(d)) if d == "localhost" || d.ends_with(".localhost") => {
            format!(
                "{scheme}://{d}:{}",
                other_port(parsed.port_or_known_default())
            )
        }
        Some(url::Host::Ipv4(ip)) => {
            format!(
                "{scheme}://{ip}:{}",
                other_port(parsed.port_or_known_default())
            )
        }
        Some(url::Host::Ipv6(ip)) => {
            format!(
                "{scheme}://[{ip}]:{}",
                other_port(parsed.port_or_known_default())
            )
        }
        Some(url::Host::Domain(d)) if d == ASSUMED_PAGE_HOST => {
            format!("{scheme}://another-site.example")
        }
        _ => format!("{scheme}://{ASSUMED_PAGE_HOST}"),
    }
}

fn other_port(port: Option<u16>) -> u16 {
    if port == Some(3000) { 5173 } else { 3000 }
}

/// A URL for a page origin when a message names none: the origin's scheme, another host.
fn assumed_url_for(origin: Option<&str>) -> String {
    let scheme = origin
        .and_then(|o| o.split_once("://"))
        .map(|(s, _)| s)
        .filter(|s| *s == "http")
        .unwrap_or("https");
    format!("{scheme}://{ASSUMED_URL_HOST}/")
}

fn reply(status: u16, headers: &[(&str, &str)]) -> Reply {
    Reply {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
            .collect(),
        body: None,
    }
}

/// A request that needs a preflight: a JSON `PUT`.
fn preflighted(request: &mut RequestInit) {
    request.method = "PUT".to_string();
    request.headers = vec![("Content-Type".to_string(), "application/json".to_string())];
    request.body = Some("{}".to_string());
}

/// Rebuilds the scenario of a message; `None` for a message that no scenario reproduces (a
/// network failure, Local Network Access, a CORS message whose reason is unknown).
pub fn rebuild(message: &ConsoleMessage, profile: &Profile) -> Option<Rebuilt> {
    if message.kind == MessageKind::MixedContent {
        return mixed_content(message);
    }
    if message.kind != MessageKind::Cors {
        return None;
    }
    let stand_in = message.base.is_none();
    let mut base = message.base.unwrap_or(Base::Missing);
    // `*` fails only a request with credentials (Firefox before 2016 said "does not match '*'").
    if matches!(base, Base::Mismatch | Base::NotAllowed)
        && message.parameter.as_deref().map(str::trim) == Some("*")
    {
        base = Base::Wildcard;
    }
    let mut assumed: Vec<String> = Vec::new();
    let url = match message
        .url
        .clone()
        .or_else(|| message.redirected_from.clone())
    {
        Some(u) if url::Url::parse(&u).is_ok() => u,
        Some(u) if url::Url::parse(&format!("https://{u}")).is_ok() && !u.contains("://") => {
            assumed.push("request.url".to_string());
            format!("https://{u}")
        }
        // A scheme CORS does not support, with no URL given: a page opened from disk
        // fetching a file next to it (the usual case).
        _ if base == Base::Scheme => {
            assumed.push("request.url".to_string());
            "file:///C:/app/data.json".to_string()
        }
        _ => {
            assumed.push("request.url".to_string());
            assumed_url_for(message.origin.as_deref())
        }
    };
    // Safari's refused redirect prints where the redirect led, not the URL whose answer failed
    // the check (the script's, which its wrapper line names): without the wrapper, that URL is
    // assumed on the target's host with the page's own scheme (so no mixed content is added).
    let url = if message.wording == super::safari::REDIRECT_WORDING
        && message.redirected_from.is_none()
    {
        let page = message
            .origin
            .as_deref()
            .and_then(|o| url::Url::parse(o).ok());
        let moved = url::Url::parse(&url)
            .ok()
            .zip(page)
            .and_then(|(mut u, page)| {
                (u.scheme() != page.scheme() && u.set_scheme(page.scheme()).is_ok())
                    .then(|| u.to_string())
            });
        match moved {
            Some(u) => {
                assumed.push("request.url".to_string());
                u
            }
            None => url,
        }
    } else {
        url
    };
    let origin = match &message.origin {
        Some(o) => o.clone(),
        None => {
            assumed.push("origin".to_string());
            assumed_origin_for(&url)
        }
    };
    let o = origin.as_str();
    let mut request = RequestInit::get(url.clone());
    let status = message.status.unwrap_or(200);
    let allow = [("Access-Control-Allow-Origin", o)];
    let mut preflight: Option<Reply> = None;
    let mut response = reply(status, &allow);
    let mut redirects = Vec::new();
    let mut method_settled = false;
    let mut credentials_settled = false;
    // `None`: the message names no value; `Some("")`: it names an empty one.
    let given = message.parameter.clone();
    let param = given.clone().unwrap_or_default();
    // The Access-Control-Allow-Origin problem, on the stage where it happened.
    let acao: Option<Vec<(&str, String)>> = match base {
        Base::Missing | Base::NotAllowed => Some(vec![]),
        Base::Multiple => Some(vec![(
            "Access-Control-Allow-Origin",
            if param.is_empty() {
                format!("{o}, {o}")
            } else {
                param.clone()
            },
        )]),
        Base::Invalid => Some(vec![(
            "Access-Control-Allow-Origin",
            given.clone().unwrap_or_else(|| "not-an-origin".to_string()),
        )]),
        Base::Mismatch => Some(vec![(
            "Access-Control-Allow-Origin",
            if param.is_empty() || param == o {
                "https://another-site.example".to_string()
            } else {
                param.clone()
            },
        )]),
        Base::Wildcard => Some(vec![("Access-Control-Allow-Origin", "*".to_string())]),
        Base::Credentials => {
            let mut h = vec![("Access-Control-Allow-Origin", o.to_string())];
            if !param.is_empty() {
                h.push(("Access-Control-Allow-Credentials", param.clone()));
            }
            Some(h)
        }
        _ => None,
    };
    if matches!(base, Base::Wildcard | Base::Credentials) {
        request.credentials = Credentials::Include;
        credentials_settled = true;
    }
    let as_reply = |status: u16, headers: &[(&str, String)]| Reply {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_string(), v.clone()))
            .collect(),
        body: None,
    };
    if let Some(headers) = &acao {
        if message.preflight {
            preflighted(&mut request);
            let mut h = headers.clone();
            h.push(("Access-Control-Allow-Methods", "PUT".to_string()));
            h.push(("Access-Control-Allow-Headers", "Content-Type".to_string()));
            preflight = Some(as_reply(
                if message.status.is_some() {
                    status
                } else {
                    204
                },
                &h,
            ));
            let mut ok = vec![("Access-Control-Allow-Origin", o.to_string())];
            if request.credentials == Credentials::Include {
                ok.push(("Access-Control-Allow-Credentials", "true".to_string()));
            }
            response = as_reply(200, &ok);
        } else {
            response = as_reply(status, headers);
        }
    }
    match base {
        Base::InvalidStatus => {
            preflighted(&mut request);
            let s = message
                .status
                .filter(|s| !(200..300).contains(s))
                .unwrap_or(405);
            preflight = Some(reply(s, &allow));
        }
        Base::PreflightRedirect => {
            preflighted(&mut request);
            let location = format!("{}/", url.trim_end_matches('/'));
            let location = if location == url {
                format!("{url}index")
            } else {
                location
            };
            preflight = Some(reply(
                301,
                &[("Location", &location), ("Access-Control-Allow-Origin", o)],
            ));
        }
        Base::AllowMethodsParse => {
            preflighted(&mut request);
            let value = if param.is_empty() {
                "GET, PUT DELETE".to_string()
            } else {
                format!("GET, {param}")
            };
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", &value),
                    ("Access-Control-Allow-Headers", "Content-Type"),
                ],
            ));
        }
        Base::AllowHeadersParse => {
            preflighted(&mut request);
            let value = if param.is_empty() {
                "Content-Type; X-Requested-With".to_string()
            } else {
                param.clone()
            };
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", &value),
                ],
            ));
        }
        Base::Method => {
            method_settled = !param.is_empty();
            request.method = if param.is_empty() {
                "PUT".to_string()
            } else {
                param.clone()
            };
            let upper = request.method.to_ascii_uppercase();
            // A lower-case method against an upper-case list is the classic case trap.
            let listed = if upper != request.method {
                upper
            } else {
                "GET, POST".to_string()
            };
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", &listed),
                ],
            ));
        }
        Base::Header => {
            let name = if param.is_empty() {
                "x-requested-with".to_string()
            } else {
                param.clone()
            };
            let value = crate::paste::curl::placeholder_value(&name);
            request.headers = vec![(name, value)];
            preflight = Some(reply(
                204,
                &[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Methods", "GET, POST"),
                ],
            ));
        }
        Base::RedirectCredentials => {
            let location = if param.is_empty() {
                "https://user:pass@api.example.net/".to_string()
            } else {
                param.clone()
            };
            redirects.push(reply(
                302,
                &[("Location", &location), ("Access-Control-Allow-Origin", o)],
            ));
        }
        Base::DisallowedByMode => {
            request.mode = Mode::SameOrigin;
        }
        Base::NoCorsRedirect => {
            request.mode = Mode::NoCors;
            request.redirect = RedirectMode::Manual;
        }
        Base::Scheme
        | Base::Missing
        | Base::NotAllowed
        | Base::Multiple
        | Base::Invalid
        | Base::Mismatch
        | Base::Wildcard
        | Base::Credentials => {}
    }
    if let Some(from) = &message.redirected_from {
        // The script asked for `from`; a redirect led to `url`.
        request.url = from.clone();
        redirects.insert(
            0,
            reply(
                302,
                &[("Location", &url), ("Access-Control-Allow-Origin", o)],
            ),
        );
    }
    if !method_settled {
        assumed.push("request.method".to_string());
    }
    assumed.push("request.headers".to_string());
    if !credentials_settled {
        assumed.push("request.credentials".to_string());
    }
    if preflight.is_some() {
        assumed.push("preflight".to_string());
    }
    assumed.push("response".to_string());
    if !redirects.is_empty() {
        assumed.push("redirects".to_string());
    }
    let mut scenario = Scenario {
        preflight,
        response,
        redirects,
        note: Some("rebuilt from a pasted console message".to_string()),
        source: Some(format!(
            "pasted {} console message",
            message.browser.map_or("browser", |b| b.name())
        )),
        ..Scenario::of_request("console", origin, request)
    };
    // A redirect between origins can change which error comes out; fall back to the direct
    // request when it does.
    let expected = message
        .cors_error
        .or(Some(super::cors_error_of(base, message.preflight)));
    if message.redirected_from.is_some()
        && crate::simulate::simulate_without_fix(&scenario, profile).cors_error != expected
    {
        scenario.request.url = url;
        scenario.redirects.remove(0);
        assumed.retain(|a| a != "redirects");
    }
    Some(Rebuilt {
        scenario,
        assumed,
        stand_in,
    })
}

fn mixed_content(message: &ConsoleMessage) -> Option<Rebuilt> {
    let url = message.url.clone()?;
    let mut assumed = vec!["request.method".to_string(), "response".to_string()];
    let page = match &message.page_url {
        Some(p) => p.clone(),
        None => {
            // Firefox and Safari name only the blocked URL: the page was https, or it would
            // not be mixed content.
            assumed.insert(0, "origin".to_string());
            format!("https://{ASSUMED_PAGE_HOST}")
        }
    };
    Some(Rebuilt {
        stand_in: false,
        scenario: Scenario {
            note: Some("rebuilt from a pasted mixed-content message".to_string()),
            source: Some("pasted console message".to_string()),
            ..Scenario::of_request("console", page, RequestInit::get(url))
        },
        assumed,
    })
}

/// The `CorsError` a rebuilt scenario is expected to give.
pub(crate) fn expected_error(message: &ConsoleMessage) -> Option<CorsError> {
    message.cors_error.or_else(|| {
        message
            .base
            .map(|b| super::cors_error_of(b, message.preflight))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assumed_origin_keeps_the_scheme_and_the_address_space() {
        let rows: [(&str, &str); 7] = [
            ("http://api.example.com/x", "http://your-site.example"),
            ("https://api.example.com/x", "https://your-site.example"),
            ("http://localhost:8080/api", "http://localhost:3000"),
            ("http://localhost:3000/api", "http://localhost:5173"),
            ("http://192.168.1.20/api", "http://192.168.1.20:3000"),
            ("file:///C:/data.json", "null"),
            ("not a url", "https://your-site.example"),
        ];
        for (url, origin) in rows {
            assert_eq!(assumed_origin_for(url), origin, "{url}");
        }
    }
}
