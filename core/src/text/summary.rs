//! Plain-English headlines for reasons and verdicts, shared by the CLI and the page.

use crate::reason::{AllowOriginProblem, Reason, Stage};
use crate::response::ResponseType;
use crate::verdict::FetchOutcome;

/// What went wrong, in one sentence without a final period, for a reason.
pub fn headline(reason: &Reason) -> String {
    match reason {
        Reason::InvalidUrl { url } => format!("{url:?} is not a valid URL"),
        Reason::UrlHasCredentials { .. } => "the URL holds a username or password".to_string(),
        Reason::InvalidMethod { method } => format!("{method:?} is not a valid method name"),
        Reason::ForbiddenMethod { method } => format!("{method} is a forbidden method"),
        Reason::NoCorsMethod { method } => format!("no-cors mode does not allow {method}"),
        Reason::BodyWithGetOrHead { method } => format!("a {method} request cannot have a body"),
        Reason::InvalidHeaderName { name } => format!("{name:?} is not a valid header name"),
        Reason::InvalidHeaderValue { name } => format!("the value of {name} holds NUL, CR or LF"),
        Reason::HeaderValueNotByteString { name } => {
            format!("the value of {name} holds a character above U+00FF")
        }
        Reason::MixedContent { .. } => {
            "an https page cannot fetch a plain http URL (mixed content)".to_string()
        }
        Reason::DisallowedByMode { .. } => {
            "the request's mode is same-origin and the URL is on another origin".to_string()
        }
        Reason::NoCorsRedirectModeNotFollow { redirect } => {
            format!("a no-cors request must follow redirects, and its redirect mode is {redirect}")
        }
        Reason::CorsDisabledScheme {
            scheme,
            redirected: false,
        } => {
            format!("fetch() cannot load {scheme}: URLs across origins")
        }
        Reason::CorsDisabledScheme {
            scheme,
            redirected: true,
        } => {
            format!(
                "the request was redirected to a {scheme}: URL, and CORS requests may only go to http(s)"
            )
        }
        Reason::SameOriginModeRedirect { .. } => {
            "a same-origin request was redirected to another origin".to_string()
        }
        Reason::InvalidHttpResponse { error, .. } => {
            format!("the network stack refused the reply ({})", error.name())
        }
        Reason::RedirectLocationHasCredentials { .. } => {
            "the redirect target holds a username and password".to_string()
        }
        Reason::PreflightDisallowedRedirect { status, .. } => {
            format!("the preflight was answered with a {status} redirect")
        }
        Reason::AllowOrigin { stage, problem } => {
            let what = match stage {
                Stage::Preflight => "the preflight response",
                Stage::Response => "the response",
            };
            match problem {
                AllowOriginProblem::Missing => {
                    format!("{what} has no Access-Control-Allow-Origin header")
                }
                AllowOriginProblem::WildcardWithCredentials => {
                    format!("{what} allows * but the request sends credentials")
                }
                AllowOriginProblem::Multiple { value } => {
                    format!(
                        "{what}'s Access-Control-Allow-Origin holds more than one value ({value:?})"
                    )
                }
                AllowOriginProblem::Invalid { value } => {
                    format!(
                        "{what}'s Access-Control-Allow-Origin ({value:?}) is not a valid origin"
                    )
                }
                AllowOriginProblem::Mismatch { value, origin } => {
                    format!("{what}'s Access-Control-Allow-Origin is {value:?}, not {origin}")
                }
            }
        }
        Reason::AllowCredentials { stage, value } => {
            let what = match stage {
                Stage::Preflight => "the preflight response",
                Stage::Response => "the response",
            };
            match value {
                None => format!("{what} lacks Access-Control-Allow-Credentials: true"),
                Some(v) => format!("{what}'s Access-Control-Allow-Credentials is {v:?}, not true"),
            }
        }
        Reason::PreflightInvalidStatus { status } => {
            format!("the preflight's status is {status}, not 200–299")
        }
        Reason::InvalidAllowMethods { item, .. } => {
            format!("Access-Control-Allow-Methods does not parse ({item:?})")
        }
        Reason::InvalidAllowHeaders { item, .. } => {
            format!("Access-Control-Allow-Headers does not parse ({item:?})")
        }
        Reason::MethodNotAllowed { method, .. } => {
            format!("{method} is not in Access-Control-Allow-Methods")
        }
        Reason::HeaderNotAllowed { name, .. } => {
            format!("the {name} header is not in Access-Control-Allow-Headers")
        }
        Reason::RedirectContainsCredentials { .. } => {
            "the redirect target holds a username and password".to_string()
        }
        Reason::RedirectModeError { .. } => {
            "the server redirected and the redirect mode is error".to_string()
        }
        Reason::TooManyRedirects { limit } => format!("more than {limit} redirects"),
        Reason::UnsafeRedirect { location } => {
            format!("the redirect to {location:?} is not an http(s) URL")
        }
    }
}

/// The verdict in one sentence.
pub fn summary(
    fetch: FetchOutcome,
    response_type: Option<ResponseType>,
    status: Option<u16>,
    reason: Option<&Reason>,
    request_sent: bool,
) -> String {
    match (fetch, reason) {
        (FetchOutcome::Rejected, Some(reason)) => {
            let what = headline(reason);
            if reason.is_type_error_before_network() {
                format!("Blocked before sending: fetch() throws a TypeError because {what}.")
            } else if request_sent {
                format!(
                    "Blocked: {what}. The request reached the server, but the browser hides the response and fetch() rejects."
                )
            } else {
                format!("Blocked: {what}. The request itself was never sent.")
            }
        }
        _ => match response_type {
            Some(ResponseType::Basic) => format!(
                "Allowed: same-origin request, no CORS involved; the script reads the {} response.",
                status.unwrap_or(0)
            ),
            Some(ResponseType::Cors) => format!(
                "Allowed: the CORS checks pass and the script can read the {} response.",
                status.unwrap_or(0)
            ),
            Some(ResponseType::Opaque) => {
                "Opaque: fetch() resolves, but the response is opaque (status 0, no headers, no body); the script cannot read it."
                    .to_string()
            }
            Some(ResponseType::Opaqueredirect) => {
                "Opaque redirect: fetch() resolves with status 0 and the redirect's target is not readable.".to_string()
            }
            None => "Unknown outcome.".to_string(),
        },
    }
}

/// Whether the other browsers do what `browser` does with the scenario, one sentence per other
/// browser: "Safari does the same." or "Firefox blocks this: <its headline>." (the page's line
/// under a verdict, the CLI's `--browser all`).
pub fn others_agree(
    comparison: &crate::compare::Comparison,
    browser: crate::profile::Browser,
) -> String {
    let mut sentences = Vec::new();
    for other in crate::profile::Browser::ALL {
        if other == browser {
            continue;
        }
        let Some(verdict) = comparison.verdict(other) else {
            continue;
        };
        if comparison.same_outcome(browser, other) {
            sentences.push(format!("{} does the same.", other.name()));
            continue;
        }
        let mine = comparison.verdict(browser).map(|v| v.is_readable());
        let sentence = match (&verdict.reason, verdict.is_readable()) {
            (_, true) if mine == Some(false) => format!("{} allows this.", other.name()),
            (Some(reason), false) if mine == Some(true) => {
                format!("{} blocks this: {}.", other.name(), headline(reason))
            }
            (Some(reason), _) => format!("{} fails otherwise: {}.", other.name(), headline(reason)),
            (None, _) => {
                let fields: Vec<&str> = comparison.differences.iter().map(|d| d.field).collect();
                format!("{} differs in {}.", other.name(), fields.join(", "))
            }
        };
        sentences.push(sentence);
    }
    sentences.join(" ")
}
