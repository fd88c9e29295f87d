//! Why a fetch failed: an exhaustive enum carrying the offending datum, and Chromium's
//! `CorsError` taxonomy that the CORS reasons map onto one to one.

use serde::Serialize;

/// Declares [`CorsError`] with its DevTools names and its list of every value from one list, so
/// no value can be left out of [`CorsError::ALL`].
macro_rules! cors_errors {
    ($($(#[$doc:meta])* $error:ident,)*) => {
        /// Chromium's `network::mojom::CorsError`, spelled as the DevTools protocol spells it
        /// (`Network.CorsError`): what DevTools shows as the `corsErrorStatus.corsError` of a
        /// request.
        /// <https://chromedevtools.github.io/devtools-protocol/tot/Network/#type-CorsError>
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        pub enum CorsError {
            $($(#[$doc])* $error,)*
        }

        impl CorsError {
            /// Every value, for tables and tests.
            pub const ALL: &'static [CorsError] = &[$(CorsError::$error,)*];

            /// The DevTools protocol name.
            pub fn name(self) -> &'static str {
                match self {
                    $(CorsError::$error => stringify!($error),)*
                }
            }
        }
    };
}

cors_errors! {
    /// A `same-origin` request went to another origin.
    DisallowedByMode,
    /// A `no-cors` request with a redirect mode other than `follow`.
    NoCorsRedirectModeNotFollow,
    /// `Access-Control-Allow-Origin: *` on a credentialed request.
    WildcardOriginNotAllowed,
    /// No `Access-Control-Allow-Origin`.
    MissingAllowOriginHeader,
    /// An `Access-Control-Allow-Origin` holding a space or a comma.
    MultipleAllowOriginValues,
    /// An `Access-Control-Allow-Origin` that is not a URL.
    InvalidAllowOriginValue,
    /// An `Access-Control-Allow-Origin` naming another origin.
    AllowOriginMismatch,
    /// A credentialed request without `Access-Control-Allow-Credentials: true`.
    InvalidAllowCredentials,
    /// A CORS request to a scheme other than http(s).
    CorsDisabledScheme,
    /// The preflight's status is not 200–299.
    PreflightInvalidStatus,
    /// The preflight was answered with a redirect.
    PreflightDisallowedRedirect,
    /// `Access-Control-Allow-Origin: *` on the preflight of a credentialed request.
    PreflightWildcardOriginNotAllowed,
    /// No `Access-Control-Allow-Origin` on the preflight response.
    PreflightMissingAllowOriginHeader,
    /// The preflight's `Access-Control-Allow-Origin` holds a space or a comma.
    PreflightMultipleAllowOriginValues,
    /// The preflight's `Access-Control-Allow-Origin` is not a URL.
    PreflightInvalidAllowOriginValue,
    /// The preflight's `Access-Control-Allow-Origin` names another origin.
    PreflightAllowOriginMismatch,
    /// The preflight of a credentialed request without `Access-Control-Allow-Credentials: true`.
    PreflightInvalidAllowCredentials,
    /// `Access-Control-Allow-Methods` is not a list of tokens.
    InvalidAllowMethodsPreflightResponse,
    /// `Access-Control-Allow-Headers` is not a list of tokens.
    InvalidAllowHeadersPreflightResponse,
    /// The method is not in `Access-Control-Allow-Methods`.
    MethodDisallowedByPreflightResponse,
    /// A request header is not in `Access-Control-Allow-Headers`.
    HeaderDisallowedByPreflightResponse,
    /// A cross-origin redirect to a URL with a username or password.
    RedirectContainsCredentials,
}

impl CorsError {
    /// Whether Chromium prefixes the console message with "Response to preflight request
    /// doesn't pass access control check: " (`IsPreflightError` in cors_error_string.cc).
    pub fn is_preflight_error(self) -> bool {
        matches!(
            self,
            CorsError::PreflightWildcardOriginNotAllowed
                | CorsError::PreflightMissingAllowOriginHeader
                | CorsError::PreflightMultipleAllowOriginValues
                | CorsError::PreflightInvalidAllowOriginValue
                | CorsError::PreflightAllowOriginMismatch
                | CorsError::PreflightInvalidAllowCredentials
                | CorsError::PreflightInvalidStatus
                | CorsError::PreflightDisallowedRedirect
        )
    }
}

/// Which CORS check failed: the preflight's or the one on a response to the request itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The CORS-preflight response.
    Preflight,
    /// A response to the request itself (a redirect or the final response).
    Response,
}

/// Why `Access-Control-Allow-Origin` did not let the response through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AllowOriginProblem {
    /// The header is absent.
    Missing,
    /// `*` on a request whose credentials mode is `include`.
    WildcardWithCredentials,
    /// The value holds a space or a comma: a list, or two header lines joined with `, `.
    Multiple {
        /// The value as the browser read it.
        value: String,
    },
    /// The value is not a URL at all.
    Invalid {
        /// The value.
        value: String,
    },
    /// The value is a URL or `null` that is not the request's origin.
    Mismatch {
        /// The value.
        value: String,
        /// The origin it was compared with (`null` after a cross-origin redirect).
        origin: String,
    },
}

/// Why a fetch failed (or, for `no-cors`, why the script cannot read what came back). Every
/// variant carries the datum that caused it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// `fetch()` threw: the URL does not parse.
    InvalidUrl {
        /// The URL as written.
        url: String,
    },
    /// `fetch()` threw: the URL holds a username or password.
    UrlHasCredentials {
        /// The URL.
        url: String,
    },
    /// `fetch()` threw: the method is not a token.
    InvalidMethod {
        /// The method.
        method: String,
    },
    /// `fetch()` threw: `CONNECT`, `TRACE` and `TRACK` cannot be used.
    ForbiddenMethod {
        /// The method.
        method: String,
    },
    /// `fetch()` threw: a `no-cors` request may only use `GET`, `HEAD` or `POST`.
    NoCorsMethod {
        /// The method.
        method: String,
    },
    /// `fetch()` threw: a `GET` or `HEAD` request cannot have a body.
    BodyWithGetOrHead {
        /// The method.
        method: String,
    },
    /// `fetch()` threw: a header name is not a token.
    InvalidHeaderName {
        /// The name.
        name: String,
    },
    /// `fetch()` threw: a header value holds NUL, CR or LF.
    InvalidHeaderValue {
        /// The header's name.
        name: String,
        /// The value, normalized (leading and trailing HTTP whitespace removed).
        value: String,
    },
    /// `fetch()` threw: a header value holds a character above U+00FF (not a ByteString).
    HeaderValueNotByteString {
        /// The header's name.
        name: String,
        /// The value as the script gave it.
        value: String,
    },
    /// The page is https and the URL is plain http: blocked as mixed content before any CORS.
    MixedContent {
        /// The page's URL.
        page_url: String,
        /// The blocked URL.
        url: String,
    },
    /// A `same-origin` request to another origin.
    DisallowedByMode {
        /// The URL.
        url: String,
    },
    /// A `no-cors` request with redirect mode `error` or `manual`.
    NoCorsRedirectModeNotFollow {
        /// The redirect mode.
        redirect: String,
    },
    /// A CORS request to a scheme that is not http or https.
    CorsDisabledScheme {
        /// The scheme.
        scheme: String,
        /// Whether a redirect led there (Chromium's network service reports it then; the page
        /// reports a direct `fetch()` of such a URL, naming the scheme).
        redirected: bool,
    },
    /// A `same-origin` request redirected to another origin: Chromium fails it without a
    /// CORS error or a console line.
    SameOriginModeRedirect {
        /// Where the redirect pointed.
        location: String,
    },
    /// The preflight was answered with a redirect.
    PreflightDisallowedRedirect {
        /// The redirect's status.
        status: u16,
        /// Where it pointed.
        location: String,
    },
    /// `Access-Control-Allow-Origin` rejected the preflight or a response.
    AllowOrigin {
        /// Which response.
        stage: Stage,
        /// What was wrong.
        #[serde(flatten)]
        problem: AllowOriginProblem,
    },
    /// A credentialed request's response lacks `Access-Control-Allow-Credentials: true`.
    AllowCredentials {
        /// Which response.
        stage: Stage,
        /// The header's value, if present.
        value: Option<String>,
    },
    /// The preflight passed the origin check but its status is not 200–299.
    PreflightInvalidStatus {
        /// The status.
        status: u16,
    },
    /// `Access-Control-Allow-Methods` is not a comma-separated list of tokens.
    InvalidAllowMethods {
        /// The header's value.
        value: String,
        /// The first item that is not a token.
        item: String,
    },
    /// `Access-Control-Allow-Headers` is not a comma-separated list of tokens.
    InvalidAllowHeaders {
        /// The header's value.
        value: String,
        /// The first item that is not a token.
        item: String,
    },
    /// The request's method is not allowed by the preflight response.
    MethodNotAllowed {
        /// The method, as sent.
        method: String,
        /// `Access-Control-Allow-Methods`, if present.
        allowed: Option<String>,
    },
    /// A request header is not allowed by the preflight response.
    HeaderNotAllowed {
        /// The header name, lowercased.
        name: String,
        /// `Access-Control-Allow-Headers`, if present.
        allowed: Option<String>,
    },
    /// A redirect of a CORS request pointed at a URL with a username or password.
    RedirectContainsCredentials {
        /// The redirect's target.
        location: String,
    },
    /// A redirect to a URL with a username or password that the CORS rule does not cover (a
    /// same-origin redirect): Chromium refuses to follow it, without a CORS error.
    RedirectLocationHasCredentials {
        /// The redirect's target.
        location: String,
    },
    /// The network stack refused a reply (a NUL byte in a header, conflicting `Content-Length`
    /// or `Location` lines): no CORS error.
    InvalidHttpResponse {
        /// Which reply.
        stage: Stage,
        /// Chromium's net error.
        error: crate::http::NetError,
    },
    /// A redirect came back and the request's redirect mode is `error`.
    RedirectModeError {
        /// Where the redirect pointed.
        location: String,
    },
    /// More redirects than the browser follows.
    TooManyRedirects {
        /// The limit.
        limit: usize,
    },
    /// A redirect to a scheme other than http(s): the network stack refuses it.
    UnsafeRedirect {
        /// Where the redirect pointed.
        location: String,
    },
}

impl Reason {
    /// Chromium's `CorsError` for this reason, when DevTools reports one.
    pub fn cors_error(&self) -> Option<CorsError> {
        use AllowOriginProblem as P;
        Some(match self {
            Reason::InvalidUrl { .. }
            | Reason::UrlHasCredentials { .. }
            | Reason::InvalidMethod { .. }
            | Reason::ForbiddenMethod { .. }
            | Reason::NoCorsMethod { .. }
            | Reason::BodyWithGetOrHead { .. }
            | Reason::InvalidHeaderName { .. }
            | Reason::InvalidHeaderValue { .. }
            | Reason::HeaderValueNotByteString { .. }
            | Reason::MixedContent { .. }
            | Reason::RedirectModeError { .. }
            | Reason::TooManyRedirects { .. }
            | Reason::UnsafeRedirect { .. }
            | Reason::SameOriginModeRedirect { .. }
            | Reason::RedirectLocationHasCredentials { .. }
            | Reason::InvalidHttpResponse { .. } => return None,
            Reason::DisallowedByMode { .. } => CorsError::DisallowedByMode,
            Reason::NoCorsRedirectModeNotFollow { .. } => CorsError::NoCorsRedirectModeNotFollow,
            Reason::CorsDisabledScheme { .. } => CorsError::CorsDisabledScheme,
            Reason::PreflightDisallowedRedirect { .. } => CorsError::PreflightDisallowedRedirect,
            Reason::AllowOrigin { stage, problem } => match (stage, problem) {
                (Stage::Preflight, P::Missing) => CorsError::PreflightMissingAllowOriginHeader,
                (Stage::Preflight, P::WildcardWithCredentials) => {
                    CorsError::PreflightWildcardOriginNotAllowed
                }
                (Stage::Preflight, P::Multiple { .. }) => {
                    CorsError::PreflightMultipleAllowOriginValues
                }
                (Stage::Preflight, P::Invalid { .. }) => {
                    CorsError::PreflightInvalidAllowOriginValue
                }
                (Stage::Preflight, P::Mismatch { .. }) => CorsError::PreflightAllowOriginMismatch,
                (Stage::Response, P::Missing) => CorsError::MissingAllowOriginHeader,
                (Stage::Response, P::WildcardWithCredentials) => {
                    CorsError::WildcardOriginNotAllowed
                }
                (Stage::Response, P::Multiple { .. }) => CorsError::MultipleAllowOriginValues,
                (Stage::Response, P::Invalid { .. }) => CorsError::InvalidAllowOriginValue,
                (Stage::Response, P::Mismatch { .. }) => CorsError::AllowOriginMismatch,
            },
            Reason::AllowCredentials { stage, .. } => match stage {
                Stage::Preflight => CorsError::PreflightInvalidAllowCredentials,
                Stage::Response => CorsError::InvalidAllowCredentials,
            },
            Reason::PreflightInvalidStatus { .. } => CorsError::PreflightInvalidStatus,
            Reason::InvalidAllowMethods { .. } => CorsError::InvalidAllowMethodsPreflightResponse,
            Reason::InvalidAllowHeaders { .. } => CorsError::InvalidAllowHeadersPreflightResponse,
            Reason::MethodNotAllowed { .. } => CorsError::MethodDisallowedByPreflightResponse,
            Reason::HeaderNotAllowed { .. } => CorsError::HeaderDisallowedByPreflightResponse,
            Reason::RedirectContainsCredentials { .. } => CorsError::RedirectContainsCredentials,
        })
    }

    /// The value Chromium quotes in the error (`failedParameter`): `""` when it has none.
    pub fn failed_parameter(&self) -> String {
        match self {
            Reason::AllowOrigin { problem, .. } => match problem {
                AllowOriginProblem::Missing | AllowOriginProblem::WildcardWithCredentials => {
                    String::new()
                }
                AllowOriginProblem::Multiple { value }
                | AllowOriginProblem::Invalid { value }
                | AllowOriginProblem::Mismatch { value, .. } => value.clone(),
            },
            Reason::AllowCredentials { value, .. } => value.clone().unwrap_or_default(),
            Reason::CorsDisabledScheme {
                scheme,
                redirected: false,
            } => scheme.clone(),
            Reason::MethodNotAllowed { method, .. } => method.clone(),
            Reason::HeaderNotAllowed { name, .. } => name.clone(),
            Reason::InvalidUrl { .. }
            | Reason::UrlHasCredentials { .. }
            | Reason::InvalidMethod { .. }
            | Reason::ForbiddenMethod { .. }
            | Reason::NoCorsMethod { .. }
            | Reason::BodyWithGetOrHead { .. }
            | Reason::InvalidHeaderName { .. }
            | Reason::InvalidHeaderValue { .. }
            | Reason::HeaderValueNotByteString { .. }
            | Reason::MixedContent { .. }
            | Reason::DisallowedByMode { .. }
            | Reason::NoCorsRedirectModeNotFollow { .. }
            | Reason::CorsDisabledScheme {
                redirected: true, ..
            }
            | Reason::SameOriginModeRedirect { .. }
            | Reason::PreflightDisallowedRedirect { .. }
            | Reason::PreflightInvalidStatus { .. }
            | Reason::InvalidAllowMethods { .. }
            | Reason::InvalidAllowHeaders { .. }
            | Reason::RedirectContainsCredentials { .. }
            | Reason::RedirectLocationHasCredentials { .. }
            | Reason::InvalidHttpResponse { .. }
            | Reason::RedirectModeError { .. }
            | Reason::TooManyRedirects { .. }
            | Reason::UnsafeRedirect { .. } => String::new(),
        }
    }

    /// Whether `fetch()` threw before anything reached the network.
    pub fn is_type_error_before_network(&self) -> bool {
        self.kind().is_type_error_before_network()
    }

    /// The reason's kind, without its data.
    pub fn kind(&self) -> ReasonKind {
        use ReasonKind as K;
        match self {
            Reason::InvalidUrl { .. } => K::InvalidUrl,
            Reason::UrlHasCredentials { .. } => K::UrlHasCredentials,
            Reason::InvalidMethod { .. } => K::InvalidMethod,
            Reason::ForbiddenMethod { .. } => K::ForbiddenMethod,
            Reason::NoCorsMethod { .. } => K::NoCorsMethod,
            Reason::BodyWithGetOrHead { .. } => K::BodyWithGetOrHead,
            Reason::InvalidHeaderName { .. } => K::InvalidHeaderName,
            Reason::InvalidHeaderValue { .. } => K::InvalidHeaderValue,
            Reason::HeaderValueNotByteString { .. } => K::HeaderValueNotByteString,
            Reason::MixedContent { .. } => K::MixedContent,
            Reason::DisallowedByMode { .. } => K::DisallowedByMode,
            Reason::NoCorsRedirectModeNotFollow { .. } => K::NoCorsRedirectModeNotFollow,
            Reason::CorsDisabledScheme { .. } => K::CorsDisabledScheme,
            Reason::SameOriginModeRedirect { .. } => K::SameOriginModeRedirect,
            Reason::PreflightDisallowedRedirect { .. } => K::PreflightDisallowedRedirect,
            Reason::AllowOrigin { .. } => K::AllowOrigin,
            Reason::AllowCredentials { .. } => K::AllowCredentials,
            Reason::PreflightInvalidStatus { .. } => K::PreflightInvalidStatus,
            Reason::InvalidAllowMethods { .. } => K::InvalidAllowMethods,
            Reason::InvalidAllowHeaders { .. } => K::InvalidAllowHeaders,
            Reason::MethodNotAllowed { .. } => K::MethodNotAllowed,
            Reason::HeaderNotAllowed { .. } => K::HeaderNotAllowed,
            Reason::RedirectContainsCredentials { .. } => K::RedirectContainsCredentials,
            Reason::RedirectLocationHasCredentials { .. } => K::RedirectLocationHasCredentials,
            Reason::InvalidHttpResponse { .. } => K::InvalidHttpResponse,
            Reason::RedirectModeError { .. } => K::RedirectModeError,
            Reason::TooManyRedirects { .. } => K::TooManyRedirects,
            Reason::UnsafeRedirect { .. } => K::UnsafeRedirect,
        }
    }
}

/// Declares [`ReasonKind`] and its list of every kind from one list, so a kind cannot be left
/// out of [`ReasonKind::ALL`].
macro_rules! reason_kinds {
    ($($(#[$doc:meta])* $kind:ident = $name:literal,)*) => {
        /// Each kind of [`Reason`], without its data: what tests and tables enumerate. A new
        /// `Reason` variant needs an arm in [`Reason::kind`], hence a kind here, hence a place
        /// in [`ReasonKind::ALL`] (and the scenario corpus must then produce it).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ReasonKind {
            $($(#[$doc])* $kind,)*
        }

        impl ReasonKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ReasonKind] = &[$(ReasonKind::$kind,)*];

            /// The `kind` tag of the reason's JSON (`allow_origin`).
            pub fn name(self) -> &'static str {
                match self {
                    $(ReasonKind::$kind => $name,)*
                }
            }
        }
    };
}

reason_kinds! {
    /// [`Reason::InvalidUrl`].
    InvalidUrl = "invalid_url",
    /// [`Reason::UrlHasCredentials`].
    UrlHasCredentials = "url_has_credentials",
    /// [`Reason::InvalidMethod`].
    InvalidMethod = "invalid_method",
    /// [`Reason::ForbiddenMethod`].
    ForbiddenMethod = "forbidden_method",
    /// [`Reason::NoCorsMethod`].
    NoCorsMethod = "no_cors_method",
    /// [`Reason::BodyWithGetOrHead`].
    BodyWithGetOrHead = "body_with_get_or_head",
    /// [`Reason::InvalidHeaderName`].
    InvalidHeaderName = "invalid_header_name",
    /// [`Reason::InvalidHeaderValue`].
    InvalidHeaderValue = "invalid_header_value",
    /// [`Reason::HeaderValueNotByteString`].
    HeaderValueNotByteString = "header_value_not_byte_string",
    /// [`Reason::MixedContent`].
    MixedContent = "mixed_content",
    /// [`Reason::DisallowedByMode`].
    DisallowedByMode = "disallowed_by_mode",
    /// [`Reason::NoCorsRedirectModeNotFollow`].
    NoCorsRedirectModeNotFollow = "no_cors_redirect_mode_not_follow",
    /// [`Reason::CorsDisabledScheme`].
    CorsDisabledScheme = "cors_disabled_scheme",
    /// [`Reason::SameOriginModeRedirect`].
    SameOriginModeRedirect = "same_origin_mode_redirect",
    /// [`Reason::PreflightDisallowedRedirect`].
    PreflightDisallowedRedirect = "preflight_disallowed_redirect",
    /// [`Reason::AllowOrigin`].
    AllowOrigin = "allow_origin",
    /// [`Reason::AllowCredentials`].
    AllowCredentials = "allow_credentials",
    /// [`Reason::PreflightInvalidStatus`].
    PreflightInvalidStatus = "preflight_invalid_status",
    /// [`Reason::InvalidAllowMethods`].
    InvalidAllowMethods = "invalid_allow_methods",
    /// [`Reason::InvalidAllowHeaders`].
    InvalidAllowHeaders = "invalid_allow_headers",
    /// [`Reason::MethodNotAllowed`].
    MethodNotAllowed = "method_not_allowed",
    /// [`Reason::HeaderNotAllowed`].
    HeaderNotAllowed = "header_not_allowed",
    /// [`Reason::RedirectContainsCredentials`].
    RedirectContainsCredentials = "redirect_contains_credentials",
    /// [`Reason::RedirectLocationHasCredentials`].
    RedirectLocationHasCredentials = "redirect_location_has_credentials",
    /// [`Reason::InvalidHttpResponse`].
    InvalidHttpResponse = "invalid_http_response",
    /// [`Reason::RedirectModeError`].
    RedirectModeError = "redirect_mode_error",
    /// [`Reason::TooManyRedirects`].
    TooManyRedirects = "too_many_redirects",
    /// [`Reason::UnsafeRedirect`].
    UnsafeRedirect = "unsafe_redirect",
}

impl ReasonKind {
    /// Whether `fetch()` throws for this kind before anything reaches the network.
    pub fn is_type_error_before_network(self) -> bool {
        use ReasonKind as K;
        match self {
            K::InvalidUrl
            | K::UrlHasCredentials
            | K::InvalidMethod
            | K::ForbiddenMethod
            | K::NoCorsMethod
            | K::BodyWithGetOrHead
            | K::InvalidHeaderName
            | K::InvalidHeaderValue
            | K::HeaderValueNotByteString => true,
            K::MixedContent
            | K::DisallowedByMode
            | K::NoCorsRedirectModeNotFollow
            | K::CorsDisabledScheme
            | K::SameOriginModeRedirect
            | K::PreflightDisallowedRedirect
            | K::AllowOrigin
            | K::AllowCredentials
            | K::PreflightInvalidStatus
            | K::InvalidAllowMethods
            | K::InvalidAllowHeaders
            | K::MethodNotAllowed
            | K::HeaderNotAllowed
            | K::RedirectContainsCredentials
            | K::RedirectLocationHasCredentials
            | K::InvalidHttpResponse
            | K::RedirectModeError
            | K::TooManyRedirects
            | K::UnsafeRedirect => false,
        }
    }
}
