//! The verdict, the output contract (`../shared/SCHEMA.md`): what Chromium shows for a
//! scenario, the trace that explains it, the fix and the warnings.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::origin::{AddressSpace, OriginPart};
use crate::profile::Browser;
use crate::reason::{CorsError, Reason, Stage};
use crate::response::ResponseType;
use crate::safelist::{Forbidden, Safelisting};
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

/// The answer for one scenario. The first eleven fields are exactly what Chromium shows. Its
/// JSON (`../shared/SCHEMA.md`) renders the steps' words for [`Verdict::browser`]
/// (`crate::text::json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The browser the verdict is for, whose words its sentences use.
    pub browser: Browser,
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
    /// Chromium's `CorsError`, as DevTools shows it (`None` in the other browsers' verdicts).
    pub cors_error: Option<CorsError>,
    /// The value Chromium quotes with the error, `""` when it has none.
    pub failed_parameter: Option<String>,
    /// Firefox: the `security.properties` key of its console message (`CORSMissingAllowOrigin2`);
    /// `None` for the other browsers.
    pub firefox_reason: Option<String>,
    /// Firefox: that message's `%2$S` argument as printed (`"404"`, `"(null)"`, the ACAO value,
    /// the header name, the bad token); `None` for keys without one.
    pub firefox_reason_param: Option<String>,
    /// The first console error line the verdict's browser prints.
    pub console: Option<String>,
    /// The trace: typed steps, rendered by [`crate::text::steps`].
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
    /// Facts about the request and the response, as data.
    pub facts: Facts,
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
            "browser": self.browser,
            "firefox_reason": self.firefox_reason,
            "firefox_reason_param": self.firefox_reason_param,
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

/// Facts about the request and what came back, as data for renderers (the steps say the same in
/// sentences).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// The parts in which the page's origin and the URL's origin differ; empty when they are
    /// the same origin.
    pub differing: Vec<OriginPart>,
    /// What makes the browser send a preflight (at the first CORS hop); empty when it sends none.
    pub preflight_triggers: Vec<PreflightTrigger>,
    /// Headers the script set that the browser does not send.
    pub dropped_headers: Vec<DroppedHeader>,
    /// Names of response headers the server sent that the script cannot read (safelisted and
    /// `Access-Control-*` headers aside): candidates for `Access-Control-Expose-Headers`.
    pub hidden_response_headers: Vec<String>,
}

/// Something that makes a request need a preflight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PreflightTrigger {
    /// The method is not GET, HEAD or POST.
    Method {
        /// The method.
        method: String,
    },
    /// A header is not CORS-safelisted.
    Header {
        /// The header's name.
        name: String,
        /// Why it is not safelisted.
        #[serde(flatten)]
        why: Safelisting,
    },
    /// The safelisted headers' values together are too long.
    SafelistedTotal {
        /// Their total length in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
}

/// A header the script set that the browser does not send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DroppedHeader {
    /// The name, as written.
    pub name: String,
    /// The value, as written.
    pub value: String,
    /// Why it is dropped.
    pub why: DropReason,
}

/// Why the browser drops a header the script set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DropReason {
    /// A forbidden request header: only the browser sets it.
    Forbidden {
        /// Which rule forbids it.
        #[serde(flatten)]
        rule: Forbidden,
    },
    /// Not a no-CORS-safelisted header, in a `no-cors` request.
    NoCors,
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

/// A true but non-blocking finding, as data: what [`Warning`]'s message is rendered from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The URL is in a more private address space than the page (Local Network Access).
    LocalNetworkAccess {
        /// The URL.
        url: String,
        /// Its address space.
        space: AddressSpace,
        /// The browser version that asks for the permission.
        since: u32,
    },
    /// `Authorization` is allowed only through `Access-Control-Allow-Headers: *`.
    AuthorizationWildcard,
    /// `Access-Control-Max-Age` is above the browser's cap.
    MaxAgeCapped {
        /// The header's value.
        header: String,
        /// The cap.
        seconds: u64,
    },
    /// Response headers the script cannot read.
    HiddenHeaders {
        /// Their names.
        names: Vec<String>,
    },
    /// A reflected origin without `Vary: Origin`.
    VaryOrigin {
        /// The `Access-Control-Allow-Origin` value.
        allow_origin: String,
    },
    /// `Access-Control-Allow-Origin: null`.
    AllowOriginNull,
    /// `Access-Control-Allow-Credentials: true` next to `Access-Control-Allow-Origin: *`.
    CredentialsWithWildcard {
        /// Which answer.
        stage: Stage,
    },
    /// `*` in a list header of a credentialed request is a literal name.
    WildcardWithCredentials {
        /// The header, canonically cased.
        header: &'static str,
    },
    /// A cookie the browser will not store.
    SetCookieIgnored,
    /// The request ran on the server although the script sees a failure.
    RequestExecuted {
        /// The method.
        method: String,
    },
    /// `no-cors` gave an opaque response.
    NoCorsOpaque,
    /// Headers that only this browser safelists.
    BrowserOnlySafelist {
        /// Their names.
        names: Vec<String>,
    },
}

impl Finding {
    /// The stable identifier (`vary-origin`).
    pub fn id(&self) -> &'static str {
        match self {
            Finding::LocalNetworkAccess { .. } => "local-network-access",
            Finding::AuthorizationWildcard => "authorization-wildcard",
            Finding::MaxAgeCapped { .. } => "max-age-capped",
            Finding::HiddenHeaders { .. } => "hidden-headers",
            Finding::VaryOrigin { .. } => "vary-origin",
            Finding::AllowOriginNull => "allow-origin-null",
            Finding::CredentialsWithWildcard { .. } => "credentials-with-wildcard",
            Finding::WildcardWithCredentials { .. } => "wildcard-with-credentials",
            Finding::SetCookieIgnored => "set-cookie-ignored",
            Finding::RequestExecuted { .. } => "request-executed",
            Finding::NoCorsOpaque => "no-cors-opaque",
            Finding::BrowserOnlySafelist { .. } => "chromium-only-safelist",
        }
    }

    /// Where it is written down.
    pub fn spec(&self) -> &'static str {
        use crate::trace::spec;
        match self {
            Finding::LocalNetworkAccess { .. } => spec::LOCAL_NETWORK_ACCESS,
            Finding::AuthorizationWildcard => spec::NON_WILDCARD_HEADER,
            Finding::MaxAgeCapped { .. } => spec::PREFLIGHT_CACHE,
            Finding::HiddenHeaders { .. } => spec::EXPOSED_HEADER_NAMES,
            Finding::VaryOrigin { .. } => spec::HTTP_CACHES,
            Finding::AllowOriginNull => spec::CORS_CHECK,
            Finding::CredentialsWithWildcard { .. }
            | Finding::WildcardWithCredentials { .. }
            | Finding::SetCookieIgnored => spec::CORS_CREDENTIALS,
            Finding::RequestExecuted { .. } => spec::HTTP_FETCH,
            Finding::NoCorsOpaque => spec::OPAQUE_FILTERED,
            Finding::BrowserOnlySafelist { .. } => spec::SAFELISTED_REQUEST_HEADER,
        }
    }
}
