//! The trace: the ordered steps the engine took, each with what it checked, the values it
//! compared, the outcome, one plain sentence, and the spec section. The page and the CLI render
//! steps; they never invent explanations of their own.

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// The part of the exchange a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Building the request in the page (`new Request`, the header guard, the mode checks).
    Request,
    /// The CORS-preflight request and its response.
    Preflight,
    /// The response to the request itself and what the script may read of it.
    Response,
    /// A redirect of the request.
    Redirect,
}

/// How a step came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The check passed.
    Pass,
    /// The check failed: this step is why the fetch failed.
    Fail,
    /// A fact worth knowing that neither passes nor fails anything.
    Note,
}

/// Named values a step compared, in the order they matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(pub Vec<(Cow<'static, str>, String)>);

impl Values {
    /// Adds a value under a fixed name.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// Adds a value under a name that comes from the input (a header name).
    pub fn with_named(mut self, name: String, value: impl Into<String>) -> Self {
        self.0.push((Cow::Owned(name), value.into()));
        self
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One step of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// A stable identifier (`preflight.allow-origin`), the same for the same check in every
    /// scenario.
    pub id: &'static str,
    /// The phase.
    pub phase: Phase,
    /// For steps taken at a redirect hop, the hop (0 is the URL the script asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hop: Option<usize>,
    /// What was checked, in a few words.
    pub check: &'static str,
    /// The values involved.
    pub values: Values,
    /// The outcome.
    pub outcome: Outcome,
    /// One plain-English sentence saying why.
    pub reason: String,
    /// The Fetch standard section (or the browser source) that says so.
    pub spec: &'static str,
}

/// The steps, in order, as the engine records them.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    steps: Vec<Step>,
    hop: Option<usize>,
}

impl Trace {
    /// An empty trace.
    pub fn new() -> Self {
        Trace::default()
    }

    /// Records the hop that the following steps belong to.
    pub fn set_hop(&mut self, hop: Option<usize>) {
        self.hop = hop;
    }

    /// Records a step.
    pub fn record(
        &mut self,
        id: &'static str,
        phase: Phase,
        outcome: Outcome,
        check: &'static str,
        values: Values,
        reason: impl Into<String>,
        spec: &'static str,
    ) {
        self.steps.push(Step {
            id,
            phase,
            hop: self.hop,
            check,
            values,
            outcome,
            reason: reason.into(),
            spec,
        });
    }

    /// The steps so far.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The steps, consumed.
    pub fn into_steps(self) -> Vec<Step> {
        self.steps
    }
}

/// Links to the sections the steps cite.
pub mod spec {
    /// The Request constructor.
    pub const REQUEST_CONSTRUCTOR: &str = "https://fetch.spec.whatwg.org/#dom-request";
    /// Appending to a Headers object (the guard).
    pub const HEADERS_APPEND: &str = "https://fetch.spec.whatwg.org/#concept-headers-append";
    /// Header value normalization.
    pub const HEADER_VALUE_NORMALIZE: &str =
        "https://fetch.spec.whatwg.org/#concept-header-value-normalize";
    /// Forbidden request-header.
    pub const FORBIDDEN_REQUEST_HEADER: &str =
        "https://fetch.spec.whatwg.org/#forbidden-request-header";
    /// No-CORS-safelisted request-header.
    pub const NO_CORS_SAFELISTED: &str =
        "https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header";
    /// Method normalization.
    pub const METHOD_NORMALIZE: &str = "https://fetch.spec.whatwg.org/#concept-method-normalize";
    /// Forbidden method.
    pub const FORBIDDEN_METHOD: &str = "https://fetch.spec.whatwg.org/#forbidden-method";
    /// CORS-safelisted method.
    pub const SAFELISTED_METHOD: &str = "https://fetch.spec.whatwg.org/#cors-safelisted-method";
    /// CORS-safelisted request-header.
    pub const SAFELISTED_REQUEST_HEADER: &str =
        "https://fetch.spec.whatwg.org/#cors-safelisted-request-header";
    /// CORS-unsafe request-header names.
    pub const UNSAFE_NAMES: &str =
        "https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names";
    /// Body extraction (the Content-Type a body adds).
    pub const BODY_EXTRACT: &str = "https://fetch.spec.whatwg.org/#concept-bodyinit-extract";
    /// Origin concept and same origin.
    pub const SAME_ORIGIN: &str =
        "https://html.spec.whatwg.org/multipage/browsers.html#same-origin";
    /// Origin serialization.
    pub const ORIGIN_SERIALIZATION: &str =
        "https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin";
    /// Main fetch.
    pub const MAIN_FETCH: &str = "https://fetch.spec.whatwg.org/#main-fetch";
    /// HTTP fetch.
    pub const HTTP_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-http-fetch";
    /// CORS-preflight fetch.
    pub const PREFLIGHT_FETCH: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch-0";
    /// CORS check.
    pub const CORS_CHECK: &str = "https://fetch.spec.whatwg.org/#concept-cors-check";
    /// The CORS protocol and credentials.
    pub const CORS_CREDENTIALS: &str =
        "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials";
    /// Ok status.
    pub const OK_STATUS: &str = "https://fetch.spec.whatwg.org/#ok-status";
    /// The new headers' syntax (Access-Control-Allow-Methods etc. as `#token` lists).
    pub const HEADER_SYNTAX: &str = "https://fetch.spec.whatwg.org/#http-new-header-syntax";
    /// Extracting header list values.
    pub const EXTRACT_HEADER_LIST_VALUES: &str =
        "https://fetch.spec.whatwg.org/#extract-header-list-values";
    /// The CORS-preflight cache.
    pub const PREFLIGHT_CACHE: &str = "https://fetch.spec.whatwg.org/#cors-preflight-cache";
    /// HTTP-redirect fetch.
    pub const REDIRECT_FETCH: &str = "https://fetch.spec.whatwg.org/#http-redirect-fetch";
    /// Serializing a request origin (`null` after a cross-origin redirect).
    pub const SERIALIZE_REQUEST_ORIGIN: &str =
        "https://fetch.spec.whatwg.org/#serializing-a-request-origin";
    /// CORS filtered response.
    pub const CORS_FILTERED: &str = "https://fetch.spec.whatwg.org/#concept-filtered-response-cors";
    /// Basic filtered response.
    pub const BASIC_FILTERED: &str =
        "https://fetch.spec.whatwg.org/#concept-filtered-response-basic";
    /// Opaque filtered response.
    pub const OPAQUE_FILTERED: &str =
        "https://fetch.spec.whatwg.org/#concept-filtered-response-opaque";
    /// Opaque-redirect filtered response.
    pub const OPAQUE_REDIRECT_FILTERED: &str =
        "https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect";
    /// CORS-exposed header-name list.
    pub const EXPOSED_HEADER_NAMES: &str =
        "https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list";
    /// CORS-safelisted response-header name.
    pub const SAFELISTED_RESPONSE_HEADER: &str =
        "https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name";
    /// CORS non-wildcard request-header name (Authorization).
    pub const NON_WILDCARD_HEADER: &str =
        "https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name";
    /// Mixed content: should fetching be blocked.
    pub const MIXED_CONTENT: &str =
        "https://w3c.github.io/webappsec-mixed-content/#should-block-fetch";
    /// The CORS protocol and HTTP caches (Vary: Origin).
    pub const HTTP_CACHES: &str = "https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches";
    /// Local Network Access.
    pub const LOCAL_NETWORK_ACCESS: &str = "https://wicg.github.io/local-network-access/";
}
