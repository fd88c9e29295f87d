//! The trace: the ordered steps the engine took. A step is a [`StepKind`] variant carrying the
//! values it compared as data (origins, methods, header lists, the outcome of a rule); its
//! stable id, phase and spec link come from the variant, and its words (what was checked, the
//! values' names, the sentence) are rendered by [`crate::text::steps`] for a browser. The page
//! and the CLI render steps; they never invent explanations of their own.

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::check::Mismatch;
use crate::headers::HeaderList;
use crate::http::NetError;
use crate::origin::OriginPart;
use crate::preflight::{HeaderAllowance, MaxAge, MethodAllowance};
use crate::reason::{AllowOriginProblem, Stage};
use crate::response::{ExposeList, ResponseType};
use crate::safelist::{Forbidden, Safelisting};
use crate::scenario::{Credentials, RedirectMode};

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

/// Named values a step compared, in the order they matter, as words for a reader.
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

/// Why `fetch()` refused a header the script set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderProblem {
    /// The name is not a header name (or not a ByteString).
    Name,
    /// The value holds a character above U+00FF.
    NotByteString,
    /// The value holds NUL, CR or LF.
    Value,
}

/// A request header as the preflight decision saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderVerdict {
    /// The name, as the browser holds it.
    pub name: String,
    /// The value, as the browser holds it.
    pub value: String,
    /// Whether it is CORS-safelisted, and if not why not.
    pub safelisting: Safelisting,
}

/// Which `Access-Control-Allow-*` list of a preflight response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllowList {
    /// `Access-Control-Allow-Methods`.
    Methods,
    /// `Access-Control-Allow-Headers`.
    Headers,
}

/// What one step of the engine did, with the values it compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepKind {
    // The Request constructor and `fetch()` (request.rs).
    /// The page's origin is not an origin.
    PageOriginInvalid {
        /// What the scenario says.
        origin: String,
    },
    /// The page's origin, serialized.
    PageOrigin {
        /// The serialization.
        origin: String,
        /// What was written, when it differs from the serialization.
        written: Option<String>,
        /// Whether the origin is opaque.
        opaque: bool,
    },
    /// The URL does not parse.
    UrlInvalid {
        /// The URL as written.
        url: String,
        /// The parser's error.
        error: String,
    },
    /// The URL holds a username or password.
    UrlWithCredentials {
        /// The URL as written.
        url: String,
    },
    /// The URL parses.
    UrlParsed {
        /// The parsed URL.
        url: String,
        /// What was written, when it differs.
        written: Option<String>,
    },
    /// The method is not a token.
    MethodNotAToken {
        /// The method.
        method: String,
    },
    /// The method is CONNECT, TRACE or TRACK.
    MethodForbidden {
        /// The method.
        method: String,
    },
    /// The method, normalized.
    MethodNormalized {
        /// As written.
        written: String,
        /// As sent.
        sent: String,
        /// Written in a case normalization keeps, although its upper case is a common method.
        case_kept: bool,
    },
    /// A `no-cors` request with a method that is not CORS-safelisted.
    NoCorsMethod {
        /// The method.
        method: String,
    },
    /// The `request-no-cors` header guard applies.
    NoCorsGuard,
    /// A header `fetch()` refuses.
    HeaderInvalid {
        /// The name, as written.
        name: String,
        /// What is wrong.
        problem: HeaderProblem,
    },
    /// A header value lost leading or trailing whitespace.
    HeaderTrimmed {
        /// The name.
        name: String,
        /// The value as written.
        written: String,
        /// The value as sent.
        sent: String,
    },
    /// A forbidden request header, dropped.
    HeaderForbidden {
        /// The name.
        name: String,
        /// The value.
        value: String,
        /// The rule that forbids it.
        rule: Forbidden,
    },
    /// A header dropped by the `no-cors` guard.
    HeaderDroppedNoCors {
        /// The name.
        name: String,
        /// The value.
        value: String,
    },
    /// A body on a GET or HEAD request.
    BodyWithGetOrHead {
        /// The method.
        method: String,
    },
    /// A string body brought `Content-Type: text/plain;charset=UTF-8`.
    BodyContentType,
    /// A header the script set several times, combined into one.
    HeadersCombined {
        /// The name.
        name: String,
        /// The combined value.
        value: String,
        /// How many times it was set.
        lines: usize,
    },

    // Main fetch.
    /// A `data:` URL, fetched by the browser itself.
    DataUrl {
        /// The URL.
        url: String,
    },
    /// Same origin or cross-origin.
    SameOrigin {
        /// The page's origin.
        page_origin: String,
        /// The URL's origin.
        url_origin: String,
        /// The URL.
        url: String,
        /// The parts in which they differ; empty when same origin.
        differing: Vec<OriginPart>,
    },
    /// A `same-origin` request to another origin.
    ModeSameOrigin {
        /// The URL.
        url: String,
    },
    /// A `no-cors` request whose redirect mode is not `follow`.
    NoCorsRedirectMode {
        /// The redirect mode.
        redirect: RedirectMode,
    },
    /// A cross-origin `no-cors` request: the response will be opaque.
    NoCorsOpaque,
    /// A scheme other than http(s).
    SchemeNotHttp {
        /// The scheme.
        scheme: String,
    },
    /// Mixed content.
    MixedContent {
        /// The page's URL.
        page_url: String,
        /// The blocked URL.
        url: String,
    },

    // HTTP fetch.
    /// Whether a preflight is needed, and what triggers it.
    PreflightDecision {
        /// The method.
        method: String,
        /// Whether the method is CORS-safelisted.
        method_safelisted: bool,
        /// The request's headers (forbidden ones aside), each with its safelisting.
        headers: Vec<HeaderVerdict>,
        /// The safelisted values' total, when it is over the limit.
        over_total: Option<usize>,
        /// The limit on that total.
        total_limit: usize,
    },
    /// A cached preflight result stands in for a preflight.
    PreflightCacheHit {
        /// The URL.
        url: String,
    },
    /// The request goes out.
    RequestSent {
        /// The method.
        method: String,
        /// The URL, without its fragment.
        url: String,
        /// The `Origin` header, when one is sent.
        origin: Option<String>,
        /// The header list as sent.
        headers: HeaderList,
        /// Whether cookies go with it.
        credentials: bool,
    },
    /// The network stack refused a reply.
    NetError {
        /// The preflight's reply or a response to the request.
        stage: Stage,
        /// The net error.
        error: NetError,
    },
    /// A permanent redirect replayed from the HTTP cache.
    CachedRedirect {
        /// The URL.
        url: String,
        /// The cached redirect's status.
        status: u16,
    },

    // CORS-preflight fetch.
    /// The preflight request.
    PreflightRequest {
        /// The URL.
        url: String,
        /// `Origin`.
        origin: String,
        /// `Access-Control-Request-Method`.
        method: String,
        /// `Access-Control-Request-Headers`, when there are any.
        headers: Option<String>,
    },
    /// The preflight was answered with a redirect.
    PreflightRedirect {
        /// The status.
        status: u16,
        /// Where it pointed.
        location: String,
    },
    /// The preflight's status, ok or not.
    PreflightStatus {
        /// The status.
        status: u16,
        /// Whether it is an ok status.
        ok: bool,
    },
    /// An `Access-Control-Allow-Methods`/`-Headers` value that does not parse.
    AllowListSyntax {
        /// Which header.
        list: AllowList,
        /// Its value.
        value: String,
        /// The first item that is not a token.
        item: String,
    },
    /// The method check.
    MethodAllowed {
        /// The method.
        method: String,
        /// `Access-Control-Allow-Methods`, when present.
        allow_methods: Option<String>,
        /// How it came out.
        allowance: MethodAllowance,
    },
    /// The header check.
    HeadersAllowed {
        /// The CORS-unsafe request-header names to allow.
        to_allow: Vec<String>,
        /// `Access-Control-Allow-Headers`, when present.
        allow_headers: Option<String>,
        /// How it came out.
        allowance: HeaderAllowance,
        /// The other names that are not allowed either, when one is denied.
        others: Vec<String>,
    },
    /// How long the preflight result is cached.
    MaxAge {
        /// The header and the seconds.
        max_age: MaxAge,
    },

    // CORS check.
    /// `Access-Control-Allow-Origin`, on the preflight's or a response's answer.
    AllowOrigin {
        /// Which answer.
        stage: Stage,
        /// The header as the browser read it.
        allow_origin: Option<String>,
        /// The request's serialized origin.
        origin: String,
        /// The request's credentials mode.
        credentials: Credentials,
        /// What is wrong, if anything.
        problem: Option<AllowOriginProblem>,
        /// How a mismatching value differs from the origin.
        mismatch: Option<Mismatch>,
        /// How many `Access-Control-Allow-Origin` lines the answer has.
        lines: usize,
        /// The answer's status.
        status: u16,
    },
    /// `Access-Control-Allow-Credentials`, for a credentialed request.
    AllowCredentials {
        /// Which answer.
        stage: Stage,
        /// The header's value, if present.
        value: Option<String>,
        /// Whether it is exactly `true`.
        ok: bool,
    },

    // HTTP-redirect fetch.
    /// A redirect to a scheme that is not http(s).
    RedirectScheme {
        /// The URL.
        url: String,
        /// The scheme.
        scheme: String,
        /// Whether the CORS scheme check fails it (else it fails to load).
        cors_disabled: bool,
    },
    /// Where a redirect points.
    RedirectLocation {
        /// The redirect's status.
        status: u16,
        /// The target (resolved when it resolves).
        location: String,
        /// Whether the network stack refuses to follow it.
        refused: bool,
    },
    /// Redirect mode `manual`: an opaque-redirect response.
    RedirectManual,
    /// One redirect too many.
    RedirectCount {
        /// Redirects followed so far.
        redirects: usize,
        /// The limit.
        limit: usize,
    },
    /// A CORS request redirected to a URL with credentials.
    RedirectCredentials {
        /// The target.
        location: String,
    },
    /// A redirect to a URL with credentials the browser refuses outside the CORS rule.
    RedirectLocationCredentials {
        /// The target.
        location: String,
    },
    /// An https page redirected to a plain http URL.
    RedirectMixedContent {
        /// The page's URL.
        page_url: String,
        /// The target.
        location: String,
    },
    /// A `same-origin` request redirected to another origin.
    RedirectModeSameOrigin {
        /// The target.
        location: String,
    },
    /// Redirect mode `error`.
    RedirectModeError,
    /// The redirect taints the request's origin.
    RedirectTaint {
        /// The URL redirected from.
        from: String,
        /// The URL redirected to.
        to: String,
    },
    /// The redirect changes the method to GET.
    RedirectMethod {
        /// The redirect's status.
        status: u16,
        /// The method before.
        from: String,
        /// The method after.
        to: String,
    },
    /// The redirect goes to another origin: `Authorization` is removed.
    RedirectAuthorization {
        /// The target.
        to: String,
    },

    // Main fetch, at the end: the filtered response.
    /// What the script gets.
    ResponseType {
        /// The filtered response's type.
        response_type: ResponseType,
        /// The status the script sees.
        status: u16,
    },
    /// The response headers the script can read.
    ExposedHeaders {
        /// The names it can read.
        readable: Vec<String>,
        /// The names it cannot.
        hidden: Vec<String>,
        /// `Access-Control-Expose-Headers`, when present.
        expose_headers: Option<String>,
        /// How that header was read.
        list: ExposeList,
        /// Whether `*` exposed every name.
        wildcard: bool,
        /// Whether `*` was a literal name (a credentialed request).
        literal_star: bool,
    },
}

impl StepKind {
    /// The stable identifier (`preflight.allow-origin`), the same for the same check in every
    /// scenario and every browser.
    pub fn id(&self) -> &'static str {
        use StepKind as K;
        match self {
            K::PageOriginInvalid { .. } | K::PageOrigin { .. } => "request.origin",
            K::UrlInvalid { .. } | K::UrlWithCredentials { .. } | K::UrlParsed { .. } => {
                "request.url"
            }
            K::MethodNotAToken { .. } | K::MethodForbidden { .. } | K::MethodNormalized { .. } => {
                "request.method"
            }
            K::NoCorsMethod { .. } => "request.no-cors-method",
            K::NoCorsGuard => "request.no-cors-guard",
            K::HeaderInvalid { .. } => "request.header-invalid",
            K::HeaderTrimmed { .. } => "request.header-normalized",
            K::HeaderForbidden { .. } => "request.header-forbidden",
            K::HeaderDroppedNoCors { .. } => "request.header-no-cors-dropped",
            K::BodyWithGetOrHead { .. } => "request.body",
            K::BodyContentType => "request.body-content-type",
            K::HeadersCombined { .. } => "request.headers-combined",
            K::DataUrl { .. } => "request.data-url",
            K::SameOrigin { .. } => "request.same-origin",
            K::ModeSameOrigin { .. } | K::NoCorsRedirectMode { .. } | K::NoCorsOpaque => {
                "request.mode"
            }
            K::SchemeNotHttp { .. } => "request.scheme",
            K::MixedContent { .. } => "request.mixed-content",
            K::PreflightDecision { .. } => "request.preflight-decision",
            K::PreflightCacheHit { .. } => "preflight.cache",
            K::RequestSent { .. } => "request.sent",
            K::NetError {
                stage: Stage::Preflight,
                ..
            } => "preflight.http",
            K::NetError {
                stage: Stage::Response,
                ..
            } => "response.http",
            K::CachedRedirect { .. } => "redirect.http-cache",
            K::PreflightRequest { .. } => "preflight.request",
            K::PreflightRedirect { .. } => "preflight.redirect",
            K::PreflightStatus { .. } => "preflight.status",
            K::AllowListSyntax {
                list: AllowList::Methods,
                ..
            } => "preflight.allow-methods-syntax",
            K::AllowListSyntax {
                list: AllowList::Headers,
                ..
            } => "preflight.allow-headers-syntax",
            K::MethodAllowed { .. } => "preflight.method",
            K::HeadersAllowed { .. } => "preflight.headers",
            K::MaxAge { .. } => "preflight.max-age",
            K::AllowOrigin {
                stage: Stage::Preflight,
                ..
            } => "preflight.allow-origin",
            K::AllowOrigin {
                stage: Stage::Response,
                ..
            } => "response.allow-origin",
            K::AllowCredentials {
                stage: Stage::Preflight,
                ..
            } => "preflight.allow-credentials",
            K::AllowCredentials {
                stage: Stage::Response,
                ..
            } => "response.allow-credentials",
            K::RedirectScheme { .. } => "redirect.scheme",
            K::RedirectLocation { .. } => "redirect.location",
            K::RedirectManual | K::RedirectModeSameOrigin { .. } | K::RedirectModeError => {
                "redirect.mode"
            }
            K::RedirectCount { .. } => "redirect.count",
            K::RedirectCredentials { .. } | K::RedirectLocationCredentials { .. } => {
                "redirect.credentials"
            }
            K::RedirectMixedContent { .. } => "redirect.mixed-content",
            K::RedirectTaint { .. } => "redirect.taint",
            K::RedirectMethod { .. } => "redirect.method",
            K::RedirectAuthorization { .. } => "redirect.authorization",
            K::ResponseType { .. } => "response.type",
            K::ExposedHeaders { .. } => "response.exposed-headers",
        }
    }

    /// The phase the step belongs to.
    pub fn phase(&self) -> Phase {
        use StepKind as K;
        match self {
            K::PageOriginInvalid { .. }
            | K::PageOrigin { .. }
            | K::UrlInvalid { .. }
            | K::UrlWithCredentials { .. }
            | K::UrlParsed { .. }
            | K::MethodNotAToken { .. }
            | K::MethodForbidden { .. }
            | K::MethodNormalized { .. }
            | K::NoCorsMethod { .. }
            | K::NoCorsGuard
            | K::HeaderInvalid { .. }
            | K::HeaderTrimmed { .. }
            | K::HeaderForbidden { .. }
            | K::HeaderDroppedNoCors { .. }
            | K::BodyWithGetOrHead { .. }
            | K::BodyContentType
            | K::HeadersCombined { .. }
            | K::SameOrigin { .. }
            | K::ModeSameOrigin { .. }
            | K::NoCorsRedirectMode { .. }
            | K::NoCorsOpaque
            | K::SchemeNotHttp { .. }
            | K::MixedContent { .. }
            | K::PreflightDecision { .. } => Phase::Request,
            K::PreflightCacheHit { .. }
            | K::PreflightRequest { .. }
            | K::PreflightRedirect { .. }
            | K::PreflightStatus { .. }
            | K::AllowListSyntax { .. }
            | K::MethodAllowed { .. }
            | K::HeadersAllowed { .. }
            | K::MaxAge { .. } => Phase::Preflight,
            K::NetError { stage, .. }
            | K::AllowOrigin { stage, .. }
            | K::AllowCredentials { stage, .. } => match stage {
                Stage::Preflight => Phase::Preflight,
                Stage::Response => Phase::Response,
            },
            K::DataUrl { .. }
            | K::RequestSent { .. }
            | K::ResponseType { .. }
            | K::ExposedHeaders { .. } => Phase::Response,
            K::CachedRedirect { .. }
            | K::RedirectScheme { .. }
            | K::RedirectLocation { .. }
            | K::RedirectManual
            | K::RedirectCount { .. }
            | K::RedirectCredentials { .. }
            | K::RedirectLocationCredentials { .. }
            | K::RedirectMixedContent { .. }
            | K::RedirectModeSameOrigin { .. }
            | K::RedirectModeError
            | K::RedirectTaint { .. }
            | K::RedirectMethod { .. }
            | K::RedirectAuthorization { .. } => Phase::Redirect,
        }
    }

    /// How the step came out.
    pub fn outcome(&self) -> Outcome {
        use StepKind as K;
        match self {
            K::PageOriginInvalid { .. }
            | K::UrlInvalid { .. }
            | K::UrlWithCredentials { .. }
            | K::MethodNotAToken { .. }
            | K::MethodForbidden { .. }
            | K::NoCorsMethod { .. }
            | K::HeaderInvalid { .. }
            | K::BodyWithGetOrHead { .. }
            | K::ModeSameOrigin { .. }
            | K::NoCorsRedirectMode { .. }
            | K::SchemeNotHttp { .. }
            | K::MixedContent { .. }
            | K::NetError { .. }
            | K::PreflightRedirect { .. }
            | K::AllowListSyntax { .. }
            | K::RedirectScheme { .. }
            | K::RedirectCount { .. }
            | K::RedirectCredentials { .. }
            | K::RedirectLocationCredentials { .. }
            | K::RedirectMixedContent { .. }
            | K::RedirectModeSameOrigin { .. }
            | K::RedirectModeError => Outcome::Fail,
            K::UrlParsed { .. }
            | K::MethodNormalized { .. }
            | K::DataUrl { .. }
            | K::ResponseType { .. } => Outcome::Pass,
            K::PageOrigin { .. }
            | K::NoCorsGuard
            | K::HeaderTrimmed { .. }
            | K::HeaderForbidden { .. }
            | K::HeaderDroppedNoCors { .. }
            | K::BodyContentType
            | K::HeadersCombined { .. }
            | K::SameOrigin { .. }
            | K::NoCorsOpaque
            | K::PreflightDecision { .. }
            | K::PreflightCacheHit { .. }
            | K::RequestSent { .. }
            | K::CachedRedirect { .. }
            | K::PreflightRequest { .. }
            | K::MaxAge { .. }
            | K::RedirectManual
            | K::RedirectTaint { .. }
            | K::RedirectMethod { .. }
            | K::RedirectAuthorization { .. }
            | K::ExposedHeaders { .. } => Outcome::Note,
            K::PreflightStatus { ok, .. } | K::AllowCredentials { ok, .. } => {
                if *ok {
                    Outcome::Pass
                } else {
                    Outcome::Fail
                }
            }
            K::RedirectLocation { refused, .. } => {
                if *refused {
                    Outcome::Fail
                } else {
                    Outcome::Note
                }
            }
            K::MethodAllowed { allowance, .. } => match allowance {
                MethodAllowance::Denied { .. } => Outcome::Fail,
                MethodAllowance::Safelisted
                | MethodAllowance::Listed
                | MethodAllowance::Wildcard => Outcome::Pass,
            },
            K::HeadersAllowed { allowance, .. } => match allowance {
                HeaderAllowance::Denied { .. } => Outcome::Fail,
                HeaderAllowance::NothingToAllow
                | HeaderAllowance::Listed
                | HeaderAllowance::Wildcard { .. } => Outcome::Pass,
            },
            K::AllowOrigin { problem, .. } => match problem {
                Some(_) => Outcome::Fail,
                None => Outcome::Pass,
            },
        }
    }

    /// The Fetch standard section (or the other standard) that says so.
    pub fn spec(&self) -> &'static str {
        use StepKind as K;
        match self {
            K::PageOriginInvalid { .. } | K::PageOrigin { .. } => spec::ORIGIN_SERIALIZATION,
            K::UrlInvalid { .. }
            | K::UrlWithCredentials { .. }
            | K::UrlParsed { .. }
            | K::MethodNotAToken { .. }
            | K::NoCorsMethod { .. }
            | K::BodyWithGetOrHead { .. } => spec::REQUEST_CONSTRUCTOR,
            K::MethodForbidden { .. } => spec::FORBIDDEN_METHOD,
            K::MethodNormalized { .. } => spec::METHOD_NORMALIZE,
            K::NoCorsGuard | K::HeaderDroppedNoCors { .. } => spec::NO_CORS_SAFELISTED,
            K::HeaderInvalid { .. } | K::HeadersCombined { .. } => spec::HEADERS_APPEND,
            K::HeaderTrimmed { .. } => spec::HEADER_VALUE_NORMALIZE,
            K::HeaderForbidden { .. } => spec::FORBIDDEN_REQUEST_HEADER,
            K::BodyContentType => spec::BODY_EXTRACT,
            K::SameOrigin { .. } => spec::SAME_ORIGIN,
            K::DataUrl { .. }
            | K::ModeSameOrigin { .. }
            | K::NoCorsRedirectMode { .. }
            | K::SchemeNotHttp { .. }
            | K::RedirectScheme { .. }
            | K::RedirectModeSameOrigin { .. } => spec::MAIN_FETCH,
            K::NoCorsOpaque => spec::OPAQUE_FILTERED,
            K::MixedContent { .. } | K::RedirectMixedContent { .. } => spec::MIXED_CONTENT,
            K::PreflightDecision { .. } | K::RequestSent { .. } | K::NetError { .. } => {
                spec::HTTP_FETCH
            }
            K::PreflightCacheHit { .. } | K::MaxAge { .. } => spec::PREFLIGHT_CACHE,
            K::PreflightRequest { .. }
            | K::PreflightRedirect { .. }
            | K::MethodAllowed { .. }
            | K::HeadersAllowed { .. } => spec::PREFLIGHT_FETCH,
            K::PreflightStatus { .. } => spec::OK_STATUS,
            K::AllowListSyntax { .. } => spec::HEADER_SYNTAX,
            K::AllowOrigin { .. } => spec::CORS_CHECK,
            K::AllowCredentials { .. } => spec::CORS_CREDENTIALS,
            K::CachedRedirect { .. }
            | K::RedirectLocation { .. }
            | K::RedirectCount { .. }
            | K::RedirectCredentials { .. }
            | K::RedirectLocationCredentials { .. }
            | K::RedirectModeError
            | K::RedirectMethod { .. }
            | K::RedirectAuthorization { .. } => spec::REDIRECT_FETCH,
            K::RedirectManual => spec::OPAQUE_REDIRECT_FILTERED,
            K::RedirectTaint { .. } => spec::SERIALIZE_REQUEST_ORIGIN,
            K::ResponseType { response_type, .. } => match response_type {
                ResponseType::Basic => spec::BASIC_FILTERED,
                ResponseType::Cors => spec::CORS_FILTERED,
                ResponseType::Opaque => spec::OPAQUE_FILTERED,
                ResponseType::Opaqueredirect => spec::OPAQUE_REDIRECT_FILTERED,
            },
            K::ExposedHeaders { .. } => spec::EXPOSED_HEADER_NAMES,
        }
    }
}

/// One step of the trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What the step did, with its values.
    pub kind: StepKind,
    /// For steps taken at a redirect hop, the hop (0 is the URL the script asked for).
    pub hop: Option<usize>,
    /// How it came out.
    pub outcome: Outcome,
}

impl Step {
    /// The stable identifier (`preflight.allow-origin`).
    pub fn id(&self) -> &'static str {
        self.kind.id()
    }

    /// The phase.
    pub fn phase(&self) -> Phase {
        self.kind.phase()
    }

    /// The spec section.
    pub fn spec(&self) -> &'static str {
        self.kind.spec()
    }
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
        Trace {
            steps: Vec::new(),
            hop: None,
        }
    }

    /// Records the hop that the following steps belong to.
    pub fn set_hop(&mut self, hop: Option<usize>) {
        self.hop = hop;
    }

    /// Records a step.
    pub fn record(&mut self, kind: StepKind) {
        let outcome = kind.outcome();
        self.steps.push(Step {
            kind,
            hop: self.hop,
            outcome,
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
