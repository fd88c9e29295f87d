//! Browser profiles: where a browser departs from the Fetch standard, written down as data and
//! small rules rather than as forks of the algorithms. Chromium is the first profile.

/// A browser engine: the one a verdict is for, and the one a pasted console message comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    /// Chromium (Chrome, Edge, Opera, Brave …).
    Chromium,
    /// Firefox (Gecko).
    Firefox,
    /// Safari, and every browser built on WebKit.
    Safari,
}

impl Browser {
    /// The name people use.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::Safari => "Safari",
        }
    }

    /// The lowercase identifier of the CLI's `--browser` and of the verdict's `browser` field.
    pub fn id(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
            Browser::Safari => "safari",
        }
    }
}

/// What a browser does where the Fetch standard leaves room or where the browser deviates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The engine.
    pub browser: Browser,
    /// The major version the profile was checked against.
    pub version: u32,
    /// CHROMIUM: `DPR`, `Width`, `Viewport-Width`, `RTT`, `Downlink`, `ECT`, `Device-Memory`,
    /// `Save-Data` and `Intervention` are CORS-safelisted request headers when their value is
    /// well formed (`IsCorsSafelistedHeader` in services/network/public/cpp/cors/cors.cc).
    pub client_hint_safelist: bool,
    /// The longest value a CORS-safelisted request header may have, in bytes (spec: 128).
    pub safelisted_value_limit: usize,
    /// The most bytes the values of CORS-safelisted request headers may total (spec: 1024).
    pub safelisted_total_limit: usize,
    /// CHROMIUM: `User-Agent` is still a forbidden request header (crbug.com/571722), although
    /// the standard removed it from the list; a script-set `User-Agent` is dropped.
    pub user_agent_forbidden: bool,
    /// CHROMIUM: `Authorization` is covered by `Access-Control-Allow-Headers: *` (feature
    /// `CorsNonWildcardRequestHeadersSupport` is disabled by default); the standard says it is not.
    pub authorization_covered_by_wildcard: bool,
    /// Seconds a preflight result is cached when `Access-Control-Max-Age` is absent or unparsable.
    pub max_age_default: u64,
    /// The longest a preflight result is cached, in seconds.
    pub max_age_cap: u64,
    /// The longest redirect chain a fetch follows.
    pub redirect_limit: usize,
}

impl Profile {
    /// Chromium, as checked against Debian's Chromium 148 by the differential tests.
    pub const CHROMIUM: Profile = Profile {
        browser: Browser::Chromium,
        version: 148,
        client_hint_safelist: true,
        safelisted_value_limit: 128,
        safelisted_total_limit: 1024,
        user_agent_forbidden: true,
        authorization_covered_by_wildcard: true,
        // CHROMIUM: services/network/cors/preflight_result.cc, kDefaultTimeout and kMaxTimeout.
        max_age_default: 5,
        max_age_cap: 7200,
        redirect_limit: 20,
    };

    /// The engine's name as people know it.
    pub fn name(&self) -> &'static str {
        self.browser.name()
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::CHROMIUM
    }
}
