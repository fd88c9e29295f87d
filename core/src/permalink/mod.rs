//! Permalinks of the corsim page: the whole scenario in the URL fragment, so a link reproduces it exactly and
//! nothing is ever sent to a server (browsers do not send the fragment).
//!
//! Format, version 1: `#v1=<data>`, where `<data>` is the scenario as JSON (the schema of
//! `SCHEMA.md`, with default values left out), compressed with [`codec::compress`] and written in
//! unpadded base64url. Flags follow after `&`: `#v1=<data>&embed` opens the embed view,
//! `browser=firefox` (or `safari`; Chromium, the default, is left out) shows that browser's
//! verdict, and `assumed=origin,response` names the scenario's fields a paste did not give, so
//! the page that opens the link marks them and keeps them out of the advice again. A future
//! format takes the next version key (`v2=`); this page names such a link instead of guessing.

use std::fmt;

use serde_json::Value;

use crate::Scenario;
use crate::profile::Browser;
use crate::scenario::InputErrors;

pub mod codec;

use codec::DecodeError;

/// The key of the format this page writes.
pub const VERSION_KEY: &str = "v1";

/// What a fragment holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fragment {
    /// The scenario, when the fragment has one: read, or why it could not be.
    pub scenario: Option<Result<Scenario, LinkError>>,
    /// Whether the embed flag is set.
    pub embed: bool,
    /// The browser the link shows (`browser=`), when it names one this page knows.
    pub browser: Option<Browser>,
    /// A `browser=` value this page does not know (a newer corsim's browser, a typo): the page
    /// says so and shows Chromium.
    pub unknown_browser: Option<String>,
    /// The scenario's assumed fields (`assumed=`), as [`crate::paste::reading::ReadVerdict`]
    /// names them; unknown names are dropped.
    pub assumed: Vec<String>,
}

/// How the page shows a scenario, beside the scenario itself: what a link keeps so the page that
/// opens it shows the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    /// The browser whose verdict is shown.
    pub browser: Browser,
    /// The scenario's fields a paste did not give (`origin`, `request.method`, `response` …).
    pub assumed: Vec<String>,
}

impl Default for View {
    fn default() -> Self {
        View {
            browser: Browser::Chromium,
            assumed: Vec::new(),
        }
    }
}

/// The scenario fields a link may name as assumed: the names
/// [`crate::paste::reading::ReadVerdict::assumed`] uses.
pub const ASSUMABLE: [&str; 10] = [
    "origin",
    "request.url",
    "request.method",
    "request.headers",
    "request.mode",
    "request.credentials",
    "request.redirect",
    "preflight",
    "response",
    "redirects",
];

/// Why a permalink could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// The link was written by a newer corsim, in this format version.
    NewerVersion(String),
    /// The data is not what this format writes.
    Data(DecodeError),
    /// The data is not UTF-8 text.
    NotText,
    /// The text is not a scenario; each problem names its JSON path.
    Scenario(InputErrors),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NewerVersion(v) => write!(
                f,
                "this link was made by a newer corsim (format {v}); this page reads format {VERSION_KEY}"
            ),
            LinkError::Data(e) => write!(f, "this link is damaged ({e}); was it cut short?"),
            LinkError::NotText => write!(f, "this link is damaged (its data is not text)"),
            LinkError::Scenario(errors) => {
                write!(f, "this link does not hold a valid scenario: ")?;
                for (i, e) in errors.0.iter().enumerate() {
                    if i > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
        }
    }
}

/// The fragment (without `#`) for a scenario.
pub fn encode(scenario: &Scenario) -> String {
    format!("{VERSION_KEY}={}", encode_data(scenario))
}

/// The fragment (without `#`) for a scenario shown as `view` says: the scenario, then the
/// browser when it is not Chromium and the assumed fields when there are any.
pub fn encode_view(scenario: &Scenario, view: &View) -> String {
    let mut out = encode(scenario);
    if view.browser != Browser::Chromium {
        out.push_str("&browser=");
        out.push_str(view.browser.id());
    }
    let assumed: Vec<&str> = view
        .assumed
        .iter()
        .map(String::as_str)
        .filter(|a| ASSUMABLE.contains(a))
        .collect();
    if !assumed.is_empty() {
        out.push_str("&assumed=");
        out.push_str(&assumed.join(","));
    }
    out
}

/// The `<data>` part of a version 1 fragment.
pub fn encode_data(scenario: &Scenario) -> String {
    let mut value = serde_json::to_value(scenario).unwrap_or(Value::Null);
    strip_defaults(&mut value);
    let json = value.to_string();
    codec::base64url_encode(&codec::compress(json.as_bytes()))
}

/// Reads a version 1 `<data>` part.
pub fn decode_data(data: &str) -> Result<Scenario, LinkError> {
    let packed = codec::base64url_decode(data).map_err(LinkError::Data)?;
    let bytes = codec::decompress(&packed).map_err(LinkError::Data)?;
    let json = String::from_utf8(bytes).map_err(|_| LinkError::NotText)?;
    crate::parse_scenario(&json).map_err(LinkError::Scenario)
}

/// Reads a fragment, with or without its leading `#`.
pub fn parse_fragment(hash: &str) -> Fragment {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let mut fragment = Fragment::default();
    for part in hash.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        if key == VERSION_KEY {
            fragment.scenario = Some(decode_data(value));
        } else if key == "embed" {
            fragment.embed = true;
        } else if key == "browser" {
            // The CLI's names (`chrome`, `webkit`) are read too.
            match Browser::from_id(value) {
                Some(b) => fragment.browser = Some(b),
                None => fragment.unknown_browser = Some(value.to_string()),
            }
        } else if key == "assumed" {
            fragment.assumed = value
                .split(',')
                .filter(|a| ASSUMABLE.contains(a))
                .map(str::to_string)
                .collect();
        } else if is_version_key(key) && fragment.scenario.is_none() {
            fragment.scenario = Some(Err(LinkError::NewerVersion(key.to_string())));
        }
    }
    fragment
}

/// Whether the query string (`?embed`, `?a=b&embed=1`) asks for the embed view.
pub fn query_has_embed(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "embed" || p.starts_with("embed="))
}

fn is_version_key(key: &str) -> bool {
    key.strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Drops the fields that hold their default value, so links stay short; the scenario parser
/// puts the defaults back.
fn strip_defaults(value: &mut Value) {
    let Value::Object(map) = value else {
        return;
    };
    if let Some(Value::Object(request)) = map.get_mut("request") {
        for (key, default) in [
            ("method", "GET"),
            ("mode", "cors"),
            ("credentials", "same-origin"),
            ("redirect", "follow"),
        ] {
            if request.get(key).and_then(Value::as_str) == Some(default) {
                request.remove(key);
            }
        }
        drop_empty_headers(request);
    }
    for key in ["preflight", "response"] {
        if let Some(Value::Object(reply)) = map.get_mut(key) {
            if reply.get("status").and_then(Value::as_u64) == Some(200) {
                reply.remove("status");
            }
            drop_empty_headers(reply);
        }
    }
    if let Some(Value::Array(redirects)) = map.get_mut("redirects") {
        for reply in redirects.iter_mut() {
            if let Value::Object(reply) = reply {
                drop_empty_headers(reply);
            }
        }
    }
}

fn drop_empty_headers(map: &mut serde_json::Map<String, Value>) {
    if map
        .get("headers")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        map.remove("headers");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Credentials, Mode, RedirectMode, Reply, RequestInit};

    fn scenario() -> Scenario {
        Scenario {
            id: "trailing-slash".into(),
            origin: "https://app.example.com".into(),
            request: RequestInit {
                url: "https://api.example.com/v1/orders?x=1#frag".into(),
                method: "patch".into(),
                headers: vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("X-Ünïcode".into(), "värde & = # %".into()),
                ],
                mode: Mode::Cors,
                credentials: Credentials::Include,
                redirect: RedirectMode::Follow,
                body: Some("{\"a\":1}".into()),
            },
            preflight: Some(Reply {
                status: 204,
                headers: vec![
                    (
                        "Access-Control-Allow-Origin".into(),
                        "https://app.example.com/".into(),
                    ),
                    ("Access-Control-Allow-Origin".into(), "*".into()),
                ],
                body: None,
            }),
            response: Reply::default(),
            redirects: vec![Reply {
                status: 301,
                headers: vec![("Location".into(), "/v2".into())],
                body: None,
            }],
            note: None,
            source: None,
            tags: Vec::new(),
            expect: None,
        }
    }

    #[test]
    fn a_scenario_round_trips() {
        let s = scenario();
        let fragment = parse_fragment(&format!("#{}", encode(&s)));
        assert_eq!(fragment.scenario, Some(Ok(s)));
        assert!(!fragment.embed);
    }

    #[test]
    fn the_fragment_is_url_safe_and_compact() {
        let text = encode(&scenario());
        assert!(text.starts_with("v1="));
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)),
            "{text}"
        );
        let json_len = serde_json::to_string(&scenario()).map_or(0, |j| j.len());
        assert!(text.len() < json_len, "{} vs {json_len}", text.len());
    }

    #[test]
    fn flags_and_versions() {
        let data = encode_data(&scenario());
        for (name, hash, embed, kind) in [
            ("embed after", format!("#v1={data}&embed"), true, "ok"),
            ("embed before", format!("embed&v1={data}"), true, "ok"),
            ("embed alone", "#embed".to_string(), true, "none"),
            ("empty", String::new(), false, "none"),
            ("unknown flag", "#foo=bar".to_string(), false, "none"),
            ("newer version", "#v2=abc".to_string(), false, "newer"),
            (
                "cut short",
                format!("#v1={}", data.get(..data.len() / 2).unwrap_or("")),
                false,
                "error",
            ),
            ("not base64", "#v1=%%%".to_string(), false, "error"),
            (
                "not a scenario",
                format!(
                    "#v1={}",
                    codec::base64url_encode(&codec::compress(b"[1,2]"))
                ),
                false,
                "error",
            ),
        ] {
            let f = parse_fragment(&hash);
            assert_eq!(f.embed, embed, "{name}");
            let got = match &f.scenario {
                None => "none",
                Some(Ok(_)) => "ok",
                Some(Err(LinkError::NewerVersion(_))) => "newer",
                Some(Err(_)) => "error",
            };
            assert_eq!(got, kind, "{name}");
            if let Some(Err(e)) = &f.scenario {
                assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn the_view_round_trips_and_chromium_is_left_out() {
        let s = scenario();
        for (name, view, tail) in [
            ("default", View::default(), ""),
            (
                "firefox, assumed",
                View {
                    browser: Browser::Firefox,
                    assumed: vec!["origin".into(), "response".into()],
                },
                "&browser=firefox&assumed=origin,response",
            ),
            (
                "safari",
                View {
                    browser: Browser::Safari,
                    assumed: Vec::new(),
                },
                "&browser=safari",
            ),
            (
                "unknown assumed names are not written",
                View {
                    browser: Browser::Chromium,
                    assumed: vec!["origin".into(), "x&y=z".into()],
                },
                "&assumed=origin",
            ),
        ] {
            let text = encode_view(&s, &view);
            assert_eq!(text, format!("{}{tail}", encode(&s)), "{name}");
            let f = parse_fragment(&format!("#{text}&embed"));
            assert_eq!(f.scenario, Some(Ok(s.clone())), "{name}");
            assert!(f.embed, "{name}");
            let browser = f.browser.unwrap_or(Browser::Chromium);
            assert_eq!(browser, view.browser, "{name}");
            let kept: Vec<String> = view
                .assumed
                .iter()
                .filter(|a| ASSUMABLE.contains(&a.as_str()))
                .cloned()
                .collect();
            assert_eq!(f.assumed, kept, "{name}");
        }
    }

    #[test]
    fn browser_and_assumed_flags_are_read_leniently() {
        let f = parse_fragment("#browser=WebKit&assumed=origin,nonsense,,request.method");
        assert_eq!(f.browser, Some(Browser::Safari));
        assert_eq!(f.assumed, vec!["origin", "request.method"]);
        let f = parse_fragment("#browser=opera");
        assert_eq!(f.browser, None);
        assert_eq!(f.unknown_browser.as_deref(), Some("opera"));
    }

    #[test]
    fn query_embed() {
        assert!(query_has_embed("?embed"));
        assert!(query_has_embed("?a=1&embed=1"));
        assert!(!query_has_embed("?embedded"));
        assert!(!query_has_embed(""));
    }
}
