//! The verdict, the output contract (`../shared/SCHEMA.md`): what Chromium shows for a
//! scenario, the trace that explains it, the fix and the warnings.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::reason::{CorsError, Reason};
use crate::response::ResponseType;
use crate::trace::Step;

/// What the script's `fetch()` promise does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FetchOutcome {
    /// It resolves with a response (which may be opaque).
    Resolved,
    /// It rejects with a `TypeError`.
    Rejected,
}

/// The answer for one scenario. The first eleven fields are exactly what Chromium shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The scenario's id.
    pub id: String,
    /// Whether a CORS-preflight `OPTIONS` went out.
    pub preflight_sent: bool,
    /// The first preflight's `Access-Control-Request-Method` and (when present)
    /// `Access-Control-Request-Headers`.
    pub preflight_request_headers: Option<BTreeMap<String, String>>,
    /// Whether the request itself reached the server (it did even when CORS then hid the
    /// response: the server acted on it).
    pub request_sent: bool,
    /// What the `fetch()` promise does.
    pub fetch: FetchOutcome,
    /// `response.type`, when it resolves.
    pub response_type: Option<ResponseType>,
    /// `response.status` as the script sees it (0 for opaque responses).
    pub status: Option<u16>,
    /// The header names the script can read: lowercased, sorted, unique.
    pub exposed_headers: Vec<String>,
    /// Chromium's `CorsError`, as DevTools shows it.
    pub cors_error: Option<CorsError>,
    /// The value Chromium quotes with the error, `""` when it has none.
    pub failed_parameter: Option<String>,
    /// The console line Chromium prints.
    pub console: Option<String>,
    /// The trace.
    pub steps: Vec<Step>,
    /// The smallest change that makes the scenario pass, verified by simulating it.
    pub fix: Option<Fix>,
    /// True but non-blocking findings.
    pub warnings: Vec<Warning>,
    /// Why it failed, as data.
    pub reason: Option<Reason>,
    /// What the script's `catch` receives.
    pub exception: Option<String>,
    /// The verdict in one sentence.
    pub summary: String,
}

impl Verdict {
    /// Whether the script can read the response (a resolved fetch that is not opaque).
    pub fn is_readable(&self) -> bool {
        self.fetch == FetchOutcome::Resolved
            && !matches!(
                self.response_type,
                Some(ResponseType::Opaque | ResponseType::Opaqueredirect)
            )
    }

    /// The Chromium-visible fields as JSON, in the schema's order: what the differential tests
    /// compare with the browser.
    pub fn browser_fields(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "preflight_sent": self.preflight_sent,
            "preflight_request_headers": self.preflight_request_headers,
            "request_sent": self.request_sent,
            "fetch": self.fetch,
            "response_type": self.response_type,
            "status": self.status,
            "exposed_headers": self.exposed_headers,
            "cors_error": self.cors_error,
            "failed_parameter": self.failed_parameter,
            "console": self.console,
        })
    }
}

/// Which reply of the scenario a change applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The answer to the preflight.
    Preflight,
    /// The final response (and the preflight, when the scenario gives no separate answer).
    Response,
    /// The redirect at this hop.
    Redirect(usize),
}

impl Target {
    /// The scenario path of the reply (`preflight`, `response`, `redirects[0]`).
    pub fn path(&self) -> String {
        match self {
            Target::Preflight => "preflight".to_string(),
            Target::Response => "response".to_string(),
            Target::Redirect(i) => format!("redirects[{i}]"),
        }
    }
}

/// One server-side change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Change {
    /// Send this header with this value (replacing every line of that name).
    SetHeader {
        /// Where.
        target: Target,
        /// The header name.
        header: String,
        /// The value.
        value: String,
    },
    /// Stop sending this header.
    RemoveHeader {
        /// Where.
        target: Target,
        /// The header name.
        header: String,
    },
    /// Answer with this status.
    SetStatus {
        /// Where.
        target: Target,
        /// The status.
        status: u16,
    },
}

/// The fix: what to change on the server, each change verified by simulating the changed
/// scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The fix in one sentence.
    pub summary: String,
    /// The changes, in the order they are needed.
    pub changes: Vec<Change>,
    /// Whether the changed scenario passes in the simulator.
    pub verified: bool,
}

/// A true but non-blocking finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// A stable identifier (`vary-origin`).
    pub id: &'static str,
    /// What to know, in plain words.
    pub message: String,
    /// Where it is written down.
    pub spec: &'static str,
}
