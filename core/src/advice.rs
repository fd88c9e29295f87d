//! The advice for a scenario, as the page gives it: what the server's CORS configuration has to
//! say (the page writes it out for each framework), with the fields a paste did not give kept
//! out of it. A scenario rebuilt from a console message has an origin corsim made up
//! ([`crate::paste::console::reproduce::ASSUMED_PAGE_HOST`]): it is fine for a simulation, but a
//! fix that says `Access-Control-Allow-Origin: https://your-site.example` would be copied into a
//! real server. The advice says [`ORIGIN_PLACEHOLDER`] there instead, and the page names the
//! assumption beside it.
//!
//! What the server must send comes from the engine: the verdict's fix (verified by simulation,
//! [`crate::fix`]) applied to the scenario's answers, and the `Access-Control-Request-*` values
//! of the preflight the engine built.

use crate::Verdict;
use crate::method::normalize;
use crate::scenario::{Credentials, Scenario};
use crate::trace::StepKind;

/// What the advice says instead of an origin the paste did not give.
pub const ORIGIN_PLACEHOLDER: &str = "<your page's origin>";

/// Whether an assumed field (`response`, `request.headers`) covers a field path
/// (`response.headers`), is it, or lies inside it (`request` is touched by `request.method`).
/// The names are those of [`crate::paste::reading::ReadVerdict::assumed`].
pub fn is_assumed(assumed: &[String], field: &str) -> bool {
    assumed.iter().any(|a| {
        a == field
            || field
                .strip_prefix(a.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
            || a.strip_prefix(field)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// The origin corsim assumed for a scenario, when its origin is assumed and is a real origin
/// that could end up in text (not `null`, not empty).
pub fn assumed_origin<'a>(scenario: &'a Scenario, assumed: &[String]) -> Option<&'a str> {
    let origin = scenario.origin.trim();
    (is_assumed(assumed, "origin") && !origin.is_empty() && origin != "null").then_some(origin)
}

/// A piece of advice (a fix's summary, a header value) with an assumed origin replaced by
/// [`ORIGIN_PLACEHOLDER`]; unchanged when the origin is the user's own.
pub fn without_assumed_origin(text: &str, scenario: &Scenario, assumed: &[String]) -> String {
    match assumed_origin(scenario, assumed) {
        Some(origin) => text.replace(origin, ORIGIN_PLACEHOLDER),
        None => text.to_string(),
    }
}

/// What the server's CORS configuration has to say for a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// The origin to allow, exactly as the browser sends it in `Origin`; [`ORIGIN_PLACEHOLDER`]
    /// when the origin was assumed.
    pub origin: String,
    /// The methods to list in `Access-Control-Allow-Methods`, as the script sends them.
    pub methods: Vec<String>,
    /// The request headers to list in `Access-Control-Allow-Headers`.
    pub allow_headers: Vec<String>,
    /// The response headers to list in `Access-Control-Expose-Headers`.
    pub expose_headers: Vec<String>,
    /// Whether the request carries credentials (`Access-Control-Allow-Credentials: true`).
    pub credentials: bool,
    /// `Access-Control-Max-Age`, when the scenario's preflight answer has a number there.
    pub max_age: Option<u64>,
    /// Whether the request is preflighted (the server must answer `OPTIONS`).
    pub preflight: bool,
    /// What the page says beside the configuration ([`crate::text::fix::config_note`]).
    pub notes: Vec<ConfigNote>,
}

/// Something the configuration written for a scenario holds that its reader must know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigNote {
    /// The script sends a method in lower or mixed case that `fetch()` does not normalize
    /// (`patch`): only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased
    /// (<https://fetch.spec.whatwg.org/#concept-method-normalize>), and the browser compares
    /// `Access-Control-Allow-Methods` with it byte for byte, so the configuration lists it as
    /// sent. Writing it in upper case in the script is the better fix.
    MethodAsSent {
        /// The method as the script writes and sends it.
        method: String,
        /// The method in upper case, as the script had better write it.
        upper: String,
    },
}

/// The scenario with the verdict's fix applied by the engine ([`crate::fix::apply`]): what the
/// server's answers look like once the fix is in.
pub fn fixed_scenario(scenario: &Scenario, verdict: &Verdict) -> Scenario {
    let mut s = scenario.clone();
    if let Some(fix) = &verdict.fix {
        for change in &fix.changes {
            crate::fix::apply(&mut s, change);
        }
    }
    s
}

/// The items of a comma-separated header value, trimmed, without empty ones and without `*`.
fn items(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty() && *i != "*")
        .map(str::to_string)
        .collect()
}

fn push_unique(list: &mut Vec<String>, item: String, case_sensitive: bool) {
    let present = list.iter().any(|x| {
        if case_sensitive {
            *x == item
        } else {
            x.eq_ignore_ascii_case(&item)
        }
    });
    if !present {
        list.push(item);
    }
}

impl ServerConfig {
    /// The configuration for a scenario and its verdict, `assumed` naming the fields the paste
    /// did not give (an assumed origin is written [`ORIGIN_PLACEHOLDER`]).
    pub fn new(scenario: &Scenario, verdict: &Verdict, assumed: &[String]) -> ServerConfig {
        let fixed = fixed_scenario(scenario, verdict);
        let preflight_reply = fixed.preflight_reply();
        let asked = verdict.preflight_request_headers.as_ref();
        let asked_method = asked.and_then(|m| m.get("access-control-request-method").cloned());
        let asked_headers = asked.and_then(|m| m.get("access-control-request-headers").cloned());

        // A page whose origin is opaque sends `Origin: null`; the fix then allows `null`.
        let fixed_origin = fixed
            .response
            .header("access-control-allow-origin")
            .filter(|v| v == "null");
        let origin = fixed_origin
            .or_else(|| {
                verdict.steps.iter().find_map(|s| match &s.kind {
                    StepKind::PageOrigin { origin, .. } => Some(origin.clone()),
                    _ => None,
                })
            })
            .unwrap_or_else(|| scenario.origin.clone());
        let origin = if origin != "null" && assumed_origin(scenario, assumed).is_some() {
            ORIGIN_PLACEHOLDER.to_string()
        } else {
            origin
        };

        // One order everywhere: the lists as the fixed answer writes them (the fix keeps the
        // server's own items first and appends what it adds, in the order of the preflight's
        // Access-Control-Request-Headers), then anything asked for that they leave out.
        let mut methods = Vec::new();
        for m in items(preflight_reply.header("access-control-allow-methods"))
            .into_iter()
            .chain(asked_method)
        {
            // Methods compare case-sensitively: `patch` and `PATCH` are two methods.
            push_unique(&mut methods, m, true);
        }
        let mut allow_headers = Vec::new();
        for h in items(preflight_reply.header("access-control-allow-headers"))
            .into_iter()
            .chain(items(asked_headers))
        {
            push_unique(&mut allow_headers, h, false);
        }
        let mut expose_headers = Vec::new();
        for h in items(fixed.response.header("access-control-expose-headers")) {
            push_unique(&mut expose_headers, h, false);
        }
        let method = &scenario.request.method;
        let upper = method.to_ascii_uppercase();
        let notes = if normalize(method) == *method
            && upper != *method
            && methods.iter().any(|m| m == method)
        {
            vec![ConfigNote::MethodAsSent {
                method: method.clone(),
                upper,
            }]
        } else {
            Vec::new()
        };
        let max_age = preflight_reply
            .header("access-control-max-age")
            .and_then(|v| v.trim().parse::<u64>().ok());
        ServerConfig {
            origin,
            methods,
            allow_headers,
            expose_headers,
            credentials: scenario.request.credentials == Credentials::Include
                || fixed
                    .response
                    .header("access-control-allow-credentials")
                    .is_some_and(|v| v.trim() == "true"),
            max_age,
            preflight: verdict.preflight_sent,
            notes,
        }
    }

    /// The methods with GET, HEAD and POST first: for the libraries whose method list also
    /// gates requests that are not preflighted.
    pub fn methods_with_simple(&self) -> Vec<String> {
        let mut all: Vec<String> = ["GET", "HEAD", "POST"].map(String::from).to_vec();
        for m in &self.methods {
            push_unique(&mut all, m.clone(), true);
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(json: &str) -> Scenario {
        match crate::parse_scenario(json) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn assumed_fields_cover_their_parts() {
        let assumed = vec!["origin".to_string(), "response".to_string()];
        for (field, want) in [
            ("origin", true),
            ("response", true),
            ("response.headers", true),
            ("request.method", false),
            ("preflight", false),
        ] {
            assert_eq!(is_assumed(&assumed, field), want, "{field}");
        }
        assert!(is_assumed(&["request.method".to_string()], "request"));
    }

    #[test]
    fn an_assumed_origin_never_reaches_the_advice() {
        let s = scenario(
            r#"{"origin":"https://your-site.example","request":{"url":"https://api.orders-demo.io/v1/items",
                "method":"PUT","headers":[["Content-Type","application/json"]]},
                "preflight":{"status":204},"response":{"status":200}}"#,
        );
        let v = crate::simulate(&s);
        let assumed = vec!["origin".to_string()];
        let config = ServerConfig::new(&s, &v, &assumed);
        assert_eq!(config.origin, ORIGIN_PLACEHOLDER);
        assert_eq!(config.methods, ["PUT"]);
        assert_eq!(config.allow_headers, ["content-type"]);
        let fix = v
            .fix
            .as_ref()
            .map(|f| f.summary.clone())
            .unwrap_or_default();
        assert!(fix.contains("https://your-site.example"), "{fix}");
        let said = without_assumed_origin(&fix, &s, &assumed);
        assert!(!said.contains("your-site"), "{said}");
        assert!(said.contains(ORIGIN_PLACEHOLDER), "{said}");
        // The user's own origin is kept.
        assert_eq!(
            ServerConfig::new(&s, &v, &[]).origin,
            "https://your-site.example"
        );
        assert_eq!(without_assumed_origin(&fix, &s, &[]), fix);
    }

    #[test]
    fn a_method_fetch_does_not_normalize_is_listed_as_sent_and_named() {
        // The server lists PATCH; the script writes patch, which goes out as patch.
        let s = scenario(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","method":"patch"},
                "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],
                             ["Access-Control-Allow-Methods","GET, PATCH"]]},
                "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example.com"]]}}"#,
        );
        let v = crate::simulate(&s);
        let config = ServerConfig::new(&s, &v, &[]);
        assert_eq!(config.methods, ["GET", "PATCH", "patch"]);
        assert_eq!(
            config.notes,
            [ConfigNote::MethodAsSent {
                method: "patch".into(),
                upper: "PATCH".into()
            }]
        );
        // A method fetch() upper-cases (delete → DELETE) and one already in upper case need
        // no note.
        for method in ["delete", "PATCH"] {
            let mut s = s.clone();
            s.request.method = method.to_string();
            let v = crate::simulate(&s);
            let config = ServerConfig::new(&s, &v, &[]);
            assert!(config.notes.is_empty(), "{method}: {:?}", config.notes);
            assert!(
                config
                    .methods
                    .iter()
                    .all(|m| m.bytes().all(|b| !b.is_ascii_lowercase())),
                "{method}: {:?}",
                config.methods
            );
        }
    }

    #[test]
    fn an_opaque_origin_stays_null() {
        let s = scenario(
            r#"{"origin":"null","request":{"url":"https://api.example.com/x"},"response":{"status":200}}"#,
        );
        let v = crate::simulate(&s);
        let config = ServerConfig::new(&s, &v, &["origin".to_string()]);
        assert_eq!(config.origin, "null");
    }
}
