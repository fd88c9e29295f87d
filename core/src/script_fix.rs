//! Fixes in the page's script: when the `fetch()` call itself asks for more than it needs, the
//! simplest fix is there, not on the server. [`crate::fix`] looks for server changes; this
//! module looks for the script's, each one verified the same way — applied to a copy of the
//! scenario, which is fetched again.
//!
//! The changes it considers are the ones a script gets wrong by mistake, never one that would
//! take away something the script needs:
//!
//! - a method written in lower or mixed case that `fetch()` does not normalize (`patch`): only
//!   DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased
//!   (<https://fetch.spec.whatwg.org/#concept-method-normalize>), and methods compare
//!   case-sensitively in `Access-Control-Allow-Methods`;
//! - `Access-Control-*` headers set on the request: they are response headers, the server
//!   ignores them, and each one makes the request need a preflight;
//! - a `Content-Type` on a request without a body: it describes nothing, and any value but the
//!   three form types makes the request need a preflight;
//! - `mode: 'no-cors'`: the response is then opaque, so the script can never read it
//!   (<https://fetch.spec.whatwg.org/#concept-filtered-response-opaque>);
//! - `credentials: 'include'` when the failure is about credentials: without them the server's
//!   answer may already be enough (offered only with that condition).

use serde::Serialize;

use crate::fetch::fetch;
use crate::method::normalize;
use crate::profile::Profile;
use crate::reason::{AllowOriginProblem, Reason};
use crate::scenario::{Credentials, Mode, Scenario};
use crate::verdict::{Change, Verdict};

/// One change to the script's `fetch()` call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ScriptChange {
    /// Write the method in upper case.
    UpperCaseMethod {
        /// The method as written.
        from: String,
        /// The method to write.
        to: String,
    },
    /// Stop setting a request header the request does not need.
    RemoveHeader {
        /// The header's name, as the script writes it.
        name: String,
        /// Why it is not needed.
        why: NeedlessHeader,
    },
    /// Drop `mode: 'no-cors'` (the default mode, `cors`, is what lets the script read).
    UseCorsMode,
    /// Drop `credentials: 'include'`, if the request does not need the user's cookies.
    OmitCredentials,
}

/// Why a request header is not needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedlessHeader {
    /// An `Access-Control-*` header: a response header, meaningless in a request.
    ResponseHeader,
    /// A `Content-Type` on a request that has no body.
    ContentTypeWithoutBody,
}

/// The script's fix: the changes, whether they alone make the scenario pass, and the server
/// changes still needed after them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScriptFix {
    /// The changes to the `fetch()` call.
    pub changes: Vec<ScriptChange>,
    /// Whether the changed scenario passes with the server as it is.
    pub verified: bool,
    /// The server changes the changed scenario still needs (empty when `verified`).
    pub then_server: Vec<Change>,
}

/// Whether the failure is one that credentials cause: a wildcard or a missing
/// `Access-Control-Allow-Credentials` under `credentials: 'include'`.
fn credential_failure(reason: &Reason) -> bool {
    match reason {
        Reason::AllowCredentials { .. } => true,
        Reason::AllowOrigin { problem, .. } => {
            matches!(problem, AllowOriginProblem::WildcardWithCredentials)
        }
        _ => false,
    }
}

/// The changes the script could make, from the scenario and its verdict.
fn candidates(scenario: &Scenario, verdict: &Verdict) -> Vec<ScriptChange> {
    let request = &scenario.request;
    let mut changes = Vec::new();
    let normalized = normalize(&request.method);
    let upper = request.method.to_ascii_uppercase();
    if normalized == request.method && upper != request.method {
        changes.push(ScriptChange::UpperCaseMethod {
            from: request.method.clone(),
            to: upper,
        });
    }
    let has_body = request.body.is_some();
    for (name, _) in &request.headers {
        let why = if name.len() >= 15 && name[..15].eq_ignore_ascii_case("access-control-") {
            Some(NeedlessHeader::ResponseHeader)
        } else if !has_body && name.eq_ignore_ascii_case("content-type") {
            Some(NeedlessHeader::ContentTypeWithoutBody)
        } else {
            None
        };
        if let Some(why) = why
            && !changes
                .iter()
                .any(|c| matches!(c, ScriptChange::RemoveHeader { name: n, .. } if n.eq_ignore_ascii_case(name)))
        {
            changes.push(ScriptChange::RemoveHeader {
                name: name.clone(),
                why,
            });
        }
    }
    if request.mode == Mode::NoCors {
        changes.push(ScriptChange::UseCorsMode);
    }
    if request.credentials == Credentials::Include
        && verdict.reason.as_ref().is_some_and(credential_failure)
    {
        changes.push(ScriptChange::OmitCredentials);
    }
    changes
}

/// Applies a script change to a scenario.
pub fn apply(scenario: &mut Scenario, change: &ScriptChange) {
    let request = &mut scenario.request;
    match change {
        ScriptChange::UpperCaseMethod { to, .. } => request.method = to.clone(),
        ScriptChange::RemoveHeader { name, .. } => {
            request
                .headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        }
        ScriptChange::UseCorsMode => request.mode = Mode::Cors,
        ScriptChange::OmitCredentials => request.credentials = Credentials::SameOrigin,
    }
}

/// The script's fix for a scenario the script cannot read, when the `fetch()` call has
/// something to change; `None` when it has not (or the script can already read the response).
pub fn find_script_fix(
    scenario: &Scenario,
    verdict: &Verdict,
    profile: &Profile,
) -> Option<ScriptFix> {
    if verdict.is_readable() {
        return None;
    }
    let changes = candidates(scenario, verdict);
    if changes.is_empty() {
        return None;
    }
    let mut changed = scenario.clone();
    for c in &changes {
        apply(&mut changed, c);
    }
    if fetch(&changed, profile).is_readable() {
        return Some(ScriptFix {
            changes,
            verified: true,
            then_server: Vec::new(),
        });
    }
    let after = crate::simulate::simulate_with(&changed, profile);
    let then_server = after.fix.map(|f| f.changes).unwrap_or_default();
    Some(ScriptFix {
        changes,
        verified: false,
        then_server,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix_of(json: &str) -> Option<ScriptFix> {
        let s = match crate::parse_scenario(json) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        };
        let v = crate::simulate(&s);
        find_script_fix(&s, &v, &Profile::CHROMIUM)
    }

    #[test]
    fn a_lower_case_patch_is_fixed_in_the_script() {
        let f = fix_of(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","method":"patch"},
                "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Methods","GET, PATCH"]]},
                "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example.com"]]}}"#,
        );
        assert_eq!(
            f,
            Some(ScriptFix {
                changes: vec![ScriptChange::UpperCaseMethod {
                    from: "patch".into(),
                    to: "PATCH".into()
                }],
                verified: true,
                then_server: Vec::new(),
            })
        );
    }

    #[test]
    fn methods_fetch_normalizes_need_no_script_change() {
        // `put` goes out as PUT: the failure is the server's.
        let f = fix_of(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","method":"put"},
                "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"]]},
                "response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}"#,
        );
        assert_eq!(f, None);
    }

    #[test]
    fn response_headers_set_on_the_request_are_removed() {
        let f = fix_of(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x",
                "headers":[["Access-Control-Allow-Origin","*"],["Content-Type","application/json"]]},
                "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"]]},
                "response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}"#,
        );
        let Some(f) = f else { panic!("no fix") };
        assert!(f.verified, "{f:?}");
        assert_eq!(
            f.changes,
            vec![
                ScriptChange::RemoveHeader {
                    name: "Access-Control-Allow-Origin".into(),
                    why: NeedlessHeader::ResponseHeader
                },
                ScriptChange::RemoveHeader {
                    name: "Content-Type".into(),
                    why: NeedlessHeader::ContentTypeWithoutBody
                },
            ]
        );
    }

    #[test]
    fn no_cors_needs_cors_mode_and_then_the_server() {
        let f = fix_of(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","mode":"no-cors"},
                "response":{"status":200}}"#,
        );
        let Some(f) = f else { panic!("no fix") };
        assert_eq!(f.changes, vec![ScriptChange::UseCorsMode]);
        assert!(!f.verified);
        assert!(
            f.then_server
                .iter()
                .any(|c| matches!(c, Change::SetHeader { header, .. }
                if header.eq_ignore_ascii_case("access-control-allow-origin"))),
            "{f:?}"
        );
    }

    #[test]
    fn credentials_are_dropped_only_when_they_cause_the_failure() {
        let wildcard = fix_of(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","credentials":"include"},
                "response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}"#,
        );
        assert_eq!(
            wildcard.map(|f| (f.changes, f.verified)),
            Some((vec![ScriptChange::OmitCredentials], true))
        );
        let missing = fix_of(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","credentials":"include"},
                "response":{"status":200}}"#,
        );
        assert_eq!(missing, None);
    }
}
