//! The requests a browser puts on the wire for a `fetch()`: every header it sends, with the
//! value it writes, in the order it writes them — the preflight (`OPTIONS`) and the request,
//! at every hop. The engine decides *which* requests go out (and with which `Origin`,
//! `Access-Control-Request-*` values and script headers, see [`crate::fetch`]); this module
//! adds what the browser's network stack adds around them: `Host`, `Connection`, `Accept`,
//! `User-Agent`, the `Sec-Fetch-*` metadata, client hints, `Referer`, `Accept-Encoding`,
//! `Accept-Language`, and a cookie when credentials are included.
//!
//! CHROMIUM: the rules are read from what Chromium 156 sent to the differential harness's raw
//! server (`tests/differential/recordings/chromium-*.json`, `extra.server_log`), and the test
//! `tests/probe_wire.rs` compares them with every recorded request:
//!
//! - a preflight is always `Host, Connection, Accept, Access-Control-Request-Method,
//!   [Access-Control-Request-Headers], Origin, User-Agent, Sec-Fetch-Mode, [Sec-Fetch-Site,
//!   Sec-Fetch-Dest], [Referer], Accept-Encoding, Accept-Language`;
//! - `Sec-Fetch-Site`/`Sec-Fetch-Dest` (and on a request `Sec-Fetch-Mode`) go only to a
//!   potentially trustworthy URL; a preflight always carries `Sec-Fetch-Mode: cors`
//!   (<https://w3c.github.io/webappsec-fetch-metadata/#abstract-opdef-append-the-fetch-metadata-headers-for-a-request>);
//! - the client hints `sec-ch-ua`, `sec-ch-ua-mobile`, `sec-ch-ua-platform` go with a request
//!   (never a preflight) to a potentially trustworthy URL;
//! - `Sec-Fetch-Storage-Access: none` goes with a credentialed cross-site request;
//! - `Accept-Encoding` is `gzip, deflate, br, zstd` to a potentially trustworthy URL,
//!   `gzip, deflate` otherwise, and `identity` with a `Range` (which then goes last);
//! - `Referer` is the page's origin and `/` (`strict-origin-when-cross-origin`), and absent from
//!   an opaque-origin page and on a downgrade from `https:` to `http:`.
//!
//! FIREFOX: read from what Firefox ESR 153.8 sent for the same `fetch()` calls
//! (`tests/probe/firefox-wire.json`, compared by `tests/probe_recorded.rs`), one fixed order:
//! `Host, User-Agent, Accept, Accept-Language, Accept-Encoding, [Access-Control-Request-Method,
//! Access-Control-Request-Headers], [Referer], [the script's headers, Content-Length], Origin,
//! [Sec-Fetch-Storage-Access], Connection, [Cookie], [Sec-Fetch-Dest, Sec-Fetch-Mode,
//! Sec-Fetch-Site], Priority: u=4, [Pragma: no-cache, Cache-Control: no-cache]`; after a
//! redirect `Origin` comes before the script's headers and `Referer` after them; the
//! script's `Accept` and `Accept-Language` take the place of the defaults (values of a
//! repeated one joined); `Sec-Fetch-Storage-Access: none` goes with a credentialed request and
//! its preflight to another registrable domain (not to the same one over another scheme); a
//! conditional request and its preflight end with `Pragma` and `Cache-Control: no-cache`; a
//! `POST` or `PUT` without a body ends with `Content-Length: 0`. No client hints.
//! `tests/probe_wire.rs` also compares every request of the differential harness's Firefox
//! recordings: 916 of 917 preflights and 1,130 of 1,201 requests equal, in order.
//!
//! SAFARI: not recorded yet; Chromium's lists are written.
//!
//! What is not reproduced: the order in which Chromium writes the script's headers among
//! `User-Agent`, `Accept` and the client hints. Blink keeps them in a hash table
//! (`HTTPHeaderMap`), so that order follows the table's hash of the names; corsim writes the
//! script's headers in the order the script gave them, between `sec-ch-ua` and
//! `sec-ch-ua-mobile`, where one script header most often lands.

use serde::Serialize;
use url::Url;

use crate::headers::{HeaderList, to_display};
use crate::origin::is_potentially_trustworthy_url;
use crate::profile::Browser;
use crate::scenario::Mode;

/// Chromium 156's `User-Agent` on Linux (the desktop browser, not the headless one the
/// differential harness drives, which writes `HeadlessChrome`).
pub const CHROMIUM_USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/// Chromium 156's `sec-ch-ua` brand list.
pub const CHROMIUM_SEC_CH_UA: &str = "\"Not:A-Brand\";v=\"8\", \"Chromium\";v=\"156\"";

/// Chromium's default `Accept-Language` (an `en-US` profile).
pub const CHROMIUM_ACCEPT_LANGUAGE: &str = "en-US,en;q=0.9";

/// Firefox ESR 153's `User-Agent` on Linux.
pub const FIREFOX_USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";

/// Firefox's default `Accept-Language` (an `en-US` profile): the same as Chromium's.
pub const FIREFOX_ACCEPT_LANGUAGE: &str = "en-US,en;q=0.9";

/// Which of the browser's requests a wire request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The CORS preflight (`OPTIONS`).
    Preflight,
    /// The request itself.
    Request,
}

/// How the request's URL relates to the page and to the URLs before it in a redirect chain.
/// <https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header>
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    /// Same origin as the page, at every hop.
    SameOrigin,
    /// Same scheme and registrable domain, at every hop.
    SameSite,
    /// Anything else.
    CrossSite,
}

impl Site {
    /// The header's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Site::SameOrigin => "same-origin",
            Site::SameSite => "same-site",
            Site::CrossSite => "cross-site",
        }
    }
}

/// The registrable domain of a host, as far as corsim can tell without the Public Suffix List:
/// its last two labels (the whole host for an IP address or a one-label name). Wrong for
/// multi-label public suffixes (`co.uk`), where it makes `a.co.uk` and `b.co.uk` the same site.
pub fn registrable(host: &str) -> &str {
    if host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok() {
        return host;
    }
    match host.rmatch_indices('.').nth(1) {
        Some((i, _)) => host.get(i + 1..).unwrap_or(host),
        None => host,
    }
}

/// The relation of `url` to the page's origin (`null` is cross-site to everything).
pub fn site_of(page_origin: &str, url: &Url) -> Site {
    let Ok(page) = Url::parse(page_origin) else {
        return Site::CrossSite;
    };
    if page.origin() == url.origin() {
        return Site::SameOrigin;
    }
    match (page.host_str(), url.host_str()) {
        (Some(a), Some(b)) if page.scheme() == url.scheme() && registrable(a) == registrable(b) => {
            Site::SameSite
        }
        _ => Site::CrossSite,
    }
}

/// A request as the browser writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireRequest {
    /// Preflight or request.
    pub role: Role,
    /// The hop (0 is the URL the script asked for).
    pub hop: usize,
    /// The method.
    pub method: String,
    /// The URL, without its fragment.
    pub url: String,
    /// Every header, in order, as written on the wire.
    pub headers: Vec<(String, String)>,
    /// The body, when one is sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Whether the browser includes credentials (cookies, HTTP authentication) with it.
    pub credentials: bool,
}

impl WireRequest {
    /// The request target of the request line: the URL's path and query.
    pub fn target(&self) -> String {
        match Url::parse(&self.url) {
            Ok(u) => u[url::Position::BeforePath..url::Position::AfterQuery].to_string(),
            Err(_) => "/".to_string(),
        }
    }
}

/// What the browser adds of its own, beside what the engine decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context<'a> {
    /// The page's origin, as the scenario gives it (`https://app.example.com`, `null`).
    pub page_origin: &'a str,
    /// The `User-Agent` value.
    pub user_agent: &'a str,
    /// A `Cookie` value to send when credentials are included, if the user gave one.
    pub cookie: Option<&'a str>,
    /// The request's mode (the value of `Sec-Fetch-Mode` on the request).
    pub mode: Mode,
    /// Whose network stack writes the requests: Chromium's or Firefox's (Safari's are not
    /// recorded yet: Chromium's are written for it).
    pub browser: Browser,
}

fn host_header(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    }
}

/// The `Referer` the browser sends from the page to `url`, under the default referrer policy
/// `strict-origin-when-cross-origin`: the page's origin and `/` (corsim assumes the page is at
/// its origin's root), nothing from an opaque origin or on a downgrade to `http:`.
/// <https://w3c.github.io/webappsec-referrer-policy/#referrer-policy-strict-origin-when-cross-origin>
fn referer(page_origin: &str, url: &Url) -> Option<String> {
    let page = Url::parse(page_origin).ok()?;
    if page.origin().is_tuple() && !(page.scheme() == "https" && url.scheme() == "http") {
        Some(format!("{}/", page.origin().ascii_serialization()))
    } else {
        None
    }
}

/// Whether the script's headers make the request conditional: Chromium then revalidates
/// (`Cache-Control: max-age=0`, on the preflight too), as the Fetch standard's HTTP-network-or-
/// cache fetch turns the cache mode to "no-store" for them.
/// <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>
fn is_conditional(headers: &HeaderList) -> bool {
    [
        "if-modified-since",
        "if-none-match",
        "if-unmodified-since",
        "if-match",
        "if-range",
    ]
    .iter()
    .any(|n| headers.contains(n))
}

fn accept_encoding(url: &Url) -> &'static str {
    if is_potentially_trustworthy_url(url) {
        "gzip, deflate, br, zstd"
    } else {
        "gzip, deflate"
    }
}

/// The CORS preflight for `url`: `Access-Control-Request-Method` `method`,
/// `Access-Control-Request-Headers` `request_headers` when there are any, `Origin` `origin`;
/// `credentials`: whether the request it precedes includes them.
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
#[allow(clippy::too_many_arguments)]
pub fn preflight(
    context: &Context<'_>,
    hop: usize,
    url: &Url,
    site: Site,
    origin: &str,
    method: &str,
    request_headers: Option<&str>,
    script_headers: &HeaderList,
    credentials: bool,
) -> WireRequest {
    if context.browser == Browser::Firefox {
        let mut headers = firefox_head(
            url,
            context.user_agent,
            "*/*",
            FIREFOX_ACCEPT_LANGUAGE,
            accept_encoding(url),
        );
        headers.push((
            "Access-Control-Request-Method".to_string(),
            method.to_string(),
        ));
        if let Some(h) = request_headers {
            headers.push(("Access-Control-Request-Headers".to_string(), h.to_string()));
        }
        if let Some(r) = referer(context.page_origin, url) {
            headers.push(("Referer".to_string(), r));
        }
        headers.push(("Origin".to_string(), origin.to_string()));
        firefox_tail(
            &mut headers,
            context.page_origin,
            url,
            site,
            Mode::Cors,
            credentials,
            None,
            script_headers,
        );
        return preflight_with_headers(hop, url, headers);
    }
    let trustworthy = is_potentially_trustworthy_url(url);
    let mut headers = vec![
        ("Host".to_string(), host_header(url)),
        ("Connection".to_string(), "keep-alive".to_string()),
    ];
    if is_conditional(script_headers) {
        headers.push(("Cache-Control".to_string(), "max-age=0".to_string()));
    }
    headers.extend([
        ("Accept".to_string(), "*/*".to_string()),
        (
            "Access-Control-Request-Method".to_string(),
            method.to_string(),
        ),
    ]);
    if let Some(h) = request_headers {
        headers.push(("Access-Control-Request-Headers".to_string(), h.to_string()));
    }
    headers.push(("Origin".to_string(), origin.to_string()));
    headers.push(("User-Agent".to_string(), context.user_agent.to_string()));
    headers.push(("Sec-Fetch-Mode".to_string(), "cors".to_string()));
    if trustworthy {
        headers.push(("Sec-Fetch-Site".to_string(), site.as_str().to_string()));
        headers.push(("Sec-Fetch-Dest".to_string(), "empty".to_string()));
    }
    if let Some(r) = referer(context.page_origin, url) {
        headers.push(("Referer".to_string(), r));
    }
    headers.push((
        "Accept-Encoding".to_string(),
        accept_encoding(url).to_string(),
    ));
    headers.push((
        "Accept-Language".to_string(),
        CHROMIUM_ACCEPT_LANGUAGE.to_string(),
    ));
    preflight_with_headers(hop, url, headers)
}

/// The request itself at `url`: `method`, the script's `script_headers` as the engine sends
/// them, `Origin` when one is sent, the body, and a cookie when `credentials` are included.
#[allow(clippy::too_many_arguments)]
pub fn request(
    context: &Context<'_>,
    hop: usize,
    url: &Url,
    site: Site,
    method: &str,
    origin: Option<&str>,
    script_headers: &HeaderList,
    body: Option<&str>,
    credentials: bool,
) -> WireRequest {
    let sent = Sent {
        hop,
        url,
        site,
        method,
        origin,
        script_headers,
        body: body.filter(|_| method != "GET" && method != "HEAD"),
        credentials,
    };
    match context.browser {
        Browser::Firefox => firefox_request(context, &sent),
        Browser::Chromium | Browser::Safari => chromium_request(context, &sent),
    }
}

/// The request's own parts, as [`request`] takes them (the body only when one is sent).
#[derive(Clone, Copy)]
struct Sent<'a> {
    hop: usize,
    url: &'a Url,
    site: Site,
    method: &'a str,
    origin: Option<&'a str>,
    script_headers: &'a HeaderList,
    body: Option<&'a str>,
    credentials: bool,
}

impl Sent<'_> {
    /// The request, with these headers.
    fn with_headers(&self, headers: Vec<(String, String)>) -> WireRequest {
        WireRequest {
            role: Role::Request,
            hop: self.hop,
            method: self.method.to_string(),
            url: self.url[..url::Position::AfterQuery].to_string(),
            headers,
            body: self.body.map(str::to_string),
            credentials: self.credentials,
        }
    }
}

/// The preflight at `url`, with these headers (it never carries a body nor credentials).
fn preflight_with_headers(hop: usize, url: &Url, headers: Vec<(String, String)>) -> WireRequest {
    WireRequest {
        role: Role::Preflight,
        hop,
        method: "OPTIONS".to_string(),
        url: url[..url::Position::AfterQuery].to_string(),
        headers,
        body: None,
        credentials: false,
    }
}

/// CHROMIUM: [`request`] as Chromium writes it (Safari's requests are not recorded yet:
/// Chromium's are written for it).
fn chromium_request(context: &Context<'_>, sent: &Sent<'_>) -> WireRequest {
    let Sent {
        url,
        site,
        method,
        origin,
        script_headers,
        body,
        credentials,
        ..
    } = *sent;
    let trustworthy = is_potentially_trustworthy_url(url);
    let mut headers = vec![
        ("Host".to_string(), host_header(url)),
        ("Connection".to_string(), "keep-alive".to_string()),
    ];
    if let Some(b) = body {
        headers.push(("Content-Length".to_string(), b.len().to_string()));
    } else if matches!(method, "POST" | "PUT") {
        headers.push(("Content-Length".to_string(), "0".to_string()));
    }
    if is_conditional(script_headers) {
        headers.push(("Cache-Control".to_string(), "max-age=0".to_string()));
    }
    let hints = trustworthy;
    let script: Vec<(String, String)> = script_headers
        .iter()
        .map(|h| (to_display(&h.name), to_display(&h.value)))
        .collect();
    let has = |name: &str| script.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let range = script
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("range"))
        .cloned();
    if hints {
        headers.push(("sec-ch-ua-platform".to_string(), "\"Linux\"".to_string()));
    }
    headers.push(("User-Agent".to_string(), context.user_agent.to_string()));
    if hints {
        headers.push(("sec-ch-ua".to_string(), CHROMIUM_SEC_CH_UA.to_string()));
    }
    headers.extend(
        script
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("range"))
            .cloned(),
    );
    if hints {
        headers.push(("sec-ch-ua-mobile".to_string(), "?0".to_string()));
    }
    if !has("accept") {
        headers.push(("Accept".to_string(), "*/*".to_string()));
    }
    if let Some(o) = origin {
        headers.push(("Origin".to_string(), o.to_string()));
    }
    if trustworthy {
        headers.push(("Sec-Fetch-Site".to_string(), site.as_str().to_string()));
        headers.push((
            "Sec-Fetch-Mode".to_string(),
            context.mode.as_str().to_string(),
        ));
        headers.push(("Sec-Fetch-Dest".to_string(), "empty".to_string()));
        if credentials && site == Site::CrossSite {
            headers.push(("Sec-Fetch-Storage-Access".to_string(), "none".to_string()));
        }
    }
    if let Some(r) = referer(context.page_origin, url) {
        headers.push(("Referer".to_string(), r));
    }
    let encoding = if range.is_some() {
        "identity"
    } else {
        accept_encoding(url)
    };
    headers.push(("Accept-Encoding".to_string(), encoding.to_string()));
    if !has("accept-language") {
        headers.push((
            "Accept-Language".to_string(),
            CHROMIUM_ACCEPT_LANGUAGE.to_string(),
        ));
    }
    if let Some(r) = range {
        headers.push(r);
    }
    if let (true, Some(c)) = (credentials, context.cookie) {
        headers.push(("Cookie".to_string(), c.to_string()));
    }
    sent.with_headers(headers)
}

/// FIREFOX: the first lines of every request Firefox writes.
fn firefox_head(
    url: &Url,
    user_agent: &str,
    accept: &str,
    accept_language: &str,
    encoding: &str,
) -> Vec<(String, String)> {
    vec![
        ("Host".to_string(), host_header(url)),
        ("User-Agent".to_string(), user_agent.to_string()),
        ("Accept".to_string(), accept.to_string()),
        ("Accept-Language".to_string(), accept_language.to_string()),
        ("Accept-Encoding".to_string(), encoding.to_string()),
    ]
}

/// FIREFOX: whether `url` is on another site than the page regardless of scheme (Firefox's
/// third-party test, by registrable domain: `http://app.example` and `https://api.example` are
/// cross-site for `Sec-Fetch-Site` but not third-party).
fn is_third_party(page_origin: &str, url: &Url) -> bool {
    match (
        Url::parse(page_origin)
            .ok()
            .and_then(|p| p.host_str().map(str::to_string)),
        url.host_str(),
    ) {
        (Some(page), Some(host)) => registrable(&page) != registrable(host),
        _ => true,
    }
}

/// FIREFOX: the lines Firefox writes after `Origin`: `Sec-Fetch-Storage-Access` (credentialed
/// and third-party), `Connection`, the cookie, the fetch metadata (to a potentially
/// trustworthy URL), `Priority`, and the no-cache lines of a conditional request.
#[allow(clippy::too_many_arguments)]
fn firefox_tail(
    headers: &mut Vec<(String, String)>,
    page_origin: &str,
    url: &Url,
    site: Site,
    mode: Mode,
    credentials: bool,
    cookie: Option<&str>,
    script_headers: &HeaderList,
) {
    let trustworthy = is_potentially_trustworthy_url(url);
    if trustworthy && credentials && site == Site::CrossSite && is_third_party(page_origin, url) {
        headers.push(("Sec-Fetch-Storage-Access".to_string(), "none".to_string()));
    }
    headers.push(("Connection".to_string(), "keep-alive".to_string()));
    if let Some(c) = cookie {
        headers.push(("Cookie".to_string(), c.to_string()));
    }
    if trustworthy {
        headers.push(("Sec-Fetch-Dest".to_string(), "empty".to_string()));
        headers.push(("Sec-Fetch-Mode".to_string(), mode.as_str().to_string()));
        headers.push(("Sec-Fetch-Site".to_string(), site.as_str().to_string()));
    }
    headers.push(("Priority".to_string(), "u=4".to_string()));
    if is_conditional(script_headers) {
        headers.push(("Pragma".to_string(), "no-cache".to_string()));
        headers.push(("Cache-Control".to_string(), "no-cache".to_string()));
    }
}

/// FIREFOX: [`request`] as Firefox writes it.
fn firefox_request(context: &Context<'_>, sent: &Sent<'_>) -> WireRequest {
    let Sent {
        hop,
        url,
        site,
        method,
        origin,
        script_headers,
        body,
        credentials,
    } = *sent;
    let script: Vec<(String, String)> = script_headers
        .iter()
        .map(|h| (to_display(&h.name), to_display(&h.value)))
        .collect();
    // A header the script set more than once is one line, its values joined.
    let value = |name: &str| {
        let values: Vec<&str> = script
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    let encoding = if value("range").is_some() {
        "identity"
    } else {
        accept_encoding(url)
    };
    let mut headers = firefox_head(
        url,
        context.user_agent,
        &value("accept").unwrap_or_else(|| "*/*".to_string()),
        &value("accept-language").unwrap_or_else(|| FIREFOX_ACCEPT_LANGUAGE.to_string()),
        encoding,
    );
    let referer = referer(context.page_origin, url);
    let own: Vec<(String, String)> = script
        .iter()
        .filter(|(n, _)| {
            !n.eq_ignore_ascii_case("accept") && !n.eq_ignore_ascii_case("accept-language")
        })
        .cloned()
        .collect();
    // A `POST` or `PUT` without a body gets `Content-Length: 0` last of all.
    let length = body.map(|b| b.len().to_string());
    let empty = body.is_none() && matches!(method, "POST" | "PUT");
    if hop == 0 {
        headers.extend(referer.map(|r| ("Referer".to_string(), r)));
        headers.extend(own);
        headers.extend(length.map(|l| ("Content-Length".to_string(), l)));
        headers.extend(origin.map(|o| ("Origin".to_string(), o.to_string())));
    } else {
        // After a redirect Firefox writes `Origin` first and `Referer` after the script's
        // headers.
        headers.extend(origin.map(|o| ("Origin".to_string(), o.to_string())));
        headers.extend(own);
        headers.extend(length.map(|l| ("Content-Length".to_string(), l)));
        headers.extend(referer.map(|r| ("Referer".to_string(), r)));
    }
    firefox_tail(
        &mut headers,
        context.page_origin,
        url,
        site,
        context.mode,
        credentials,
        context.cookie.filter(|_| credentials),
        script_headers,
    );
    if empty {
        headers.push(("Content-Length".to_string(), "0".to_string()));
    }
    sent.with_headers(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(page: &str) -> Context<'_> {
        Context {
            page_origin: page,
            user_agent: "UA",
            cookie: Some("sid=1"),
            mode: Mode::Cors,
            browser: Browser::Chromium,
        }
    }

    fn names(w: &WireRequest) -> Vec<&str> {
        w.headers.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn plain_http_preflight_has_only_sec_fetch_mode() {
        let url =
            Url::parse("http://api.corsim.test:8081/x?q#frag").unwrap_or_else(|_| unreachable!());
        let w = preflight(
            &context("http://app.corsim.test"),
            0,
            &url,
            Site::SameSite,
            "http://app.corsim.test",
            "POST",
            Some("content-type"),
            &HeaderList::new(),
            false,
        );
        assert_eq!(
            names(&w),
            [
                "Host",
                "Connection",
                "Accept",
                "Access-Control-Request-Method",
                "Access-Control-Request-Headers",
                "Origin",
                "User-Agent",
                "Sec-Fetch-Mode",
                "Referer",
                "Accept-Encoding",
                "Accept-Language"
            ]
        );
        assert_eq!(w.url, "http://api.corsim.test:8081/x?q");
        assert_eq!(w.target(), "/x?q");
    }

    #[test]
    fn credentialed_cross_site_https_request_has_storage_access_and_cookie() {
        let url = Url::parse("https://api.other.test/").unwrap_or_else(|_| unreachable!());
        let w = request(
            &context("https://app.corsim.test"),
            0,
            &url,
            site_of("https://app.corsim.test", &url),
            "GET",
            Some("https://app.corsim.test"),
            &HeaderList::new(),
            None,
            true,
        );
        assert!(
            w.headers
                .contains(&("Sec-Fetch-Site".into(), "cross-site".into()))
        );
        assert!(
            w.headers
                .contains(&("Sec-Fetch-Storage-Access".into(), "none".into()))
        );
        assert_eq!(w.headers.last(), Some(&("Cookie".into(), "sid=1".into())));
    }

    #[test]
    fn no_referer_from_null_or_on_downgrade() {
        let url = Url::parse("http://api.corsim.test/").unwrap_or_else(|_| unreachable!());
        assert_eq!(referer("null", &url), None);
        assert_eq!(referer("https://app.corsim.test", &url), None);
        assert_eq!(
            referer("http://app.corsim.test", &url).as_deref(),
            Some("http://app.corsim.test/")
        );
    }

    #[test]
    fn sites() {
        let u = |s: &str| Url::parse(s).unwrap_or_else(|_| unreachable!());
        assert_eq!(
            site_of("https://a.example.com", &u("https://b.example.com/")),
            Site::SameSite
        );
        assert_eq!(
            site_of("http://a.example.com", &u("https://b.example.com/")),
            Site::CrossSite
        );
        assert_eq!(
            site_of("null", &u("https://b.example.com/")),
            Site::CrossSite
        );
        assert_eq!(
            site_of("http://127.0.0.1:1", &u("http://127.0.0.1:2/")),
            Site::SameSite
        );
        assert_eq!(
            site_of("https://x.test", &u("https://x.test/p")),
            Site::SameOrigin
        );
    }
}
