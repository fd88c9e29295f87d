//! The console reader on whole pastes: several messages, companions, wraps, fragments.

use super::*;
use crate::profile::Profile;

fn read(text: &str) -> Vec<ConsoleMessage> {
    read_console(text)
}

fn one(text: &str) -> ConsoleMessage {
    let all = read(text);
    assert_eq!(all.len(), 1, "{text}: {all:#?}");
    all.into_iter().next().unwrap_or_else(|| panic!("none"))
}

/// The scenario rebuilt from a message reproduces its error.
fn reproduces(m: &ConsoleMessage) {
    let rebuilt =
        reproduce::rebuild(m, &Profile::default()).unwrap_or_else(|| panic!("no scenario"));
    let verdict = crate::simulate(&rebuilt.scenario);
    assert_eq!(
        verdict.cors_error,
        reproduce::expected_error(m),
        "{:?}",
        rebuilt.scenario
    );
}

#[test]
fn chromium_with_its_network_line() {
    let all = read(
        "(index):1 Access to XMLHttpRequest at 'http://localhost:8080/api' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nxhr.js:247 GET http://localhost:8080/api net::ERR_FAILED 500 (Internal Server Error)",
    );
    assert_eq!(all.len(), 1, "{all:#?}");
    let m = all.first().unwrap_or_else(|| panic!("none"));
    assert_eq!(m.cors_error, Some(CorsError::MissingAllowOriginHeader));
    assert_eq!(m.status, Some(500));
    assert_eq!(m.lines, (1, 2));
    reproduces(m);
}

#[test]
fn the_network_line_on_the_same_line_and_before() {
    let m = one(
        "Access to fetch at 'https://api.shop.io/x' from origin 'https://app.shop.io' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status. GET https://api.shop.io/x net::ERR_FAILED 401 (Unauthorized)",
    );
    assert_eq!(
        (m.cors_error, m.status),
        (Some(CorsError::PreflightInvalidStatus), Some(401))
    );
    let m = one(
        "POST https://api.shop.io/x net::ERR_FAILED 403\nAccess to fetch at 'https://api.shop.io/x' from origin 'https://app.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    assert_eq!(m.status, Some(403));
}

#[test]
fn several_messages_and_browsers() {
    let all = read(
        "Chrome:\nAccess to fetch at 'https://api.shop.io/a' from origin 'https://app.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nAccess to fetch at 'https://api.shop.io/b' from origin 'https://app.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\nFirefox:\nCross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.io/a. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
    );
    let got: Vec<(Option<Browser>, Option<&str>)> =
        all.iter().map(|m| (m.browser, m.url.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (Some(Browser::Chromium), Some("https://api.shop.io/a")),
            (Some(Browser::Chromium), Some("https://api.shop.io/b")),
            (Some(Browser::Firefox), Some("https://api.shop.io/a")),
        ]
    );
    let firefox = all.get(2).unwrap_or_else(|| panic!("no third message"));
    assert_eq!(firefox.firefox_reason, Some("CORSMissingAllowOrigin2"));
    assert_eq!(firefox.status, Some(200));
}

#[test]
fn safari_group() {
    let m = one(
        "[Error] Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 401\n[Error] Fetch API cannot load https://api.shop.io/x due to access control checks.\n[Error] Failed to load resource: Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 401 (x, line 0)",
    );
    assert_eq!(m.browser, Some(Browser::Safari));
    assert_eq!(m.origin.as_deref(), Some("http://localhost:3000"));
    assert_eq!(m.url.as_deref(), Some("https://api.shop.io/x"));
    assert_eq!(m.status, Some(401));
    assert_eq!(m.lines, (1, 3));
    let m = one("[Error] Preflight response is not successful. Status code: 401");
    assert_eq!(m.cors_error, Some(CorsError::PreflightInvalidStatus));
    reproduces(&m);
}

#[test]
fn wrapped_quoted_and_cut() {
    let m = one(
        "> Access to fetch at 'https://api.shop.io/v1/\n> orders' from origin 'https://app.shop.io' has been\n> blocked by CORS policy: Request header field x-api-key is not\n> allowed by Access-Control-Allow-Headers in preflight response.",
    );
    assert_eq!(m.url.as_deref(), Some("https://api.shop.io/v1/orders"));
    assert_eq!(
        m.cors_error,
        Some(CorsError::HeaderDisallowedByPreflightResponse)
    );
    assert_eq!(m.parameter.as_deref(), Some("x-api-key"));
    reproduces(&m);
    let m = one(
        "to fetch at 'https://a.shop.io/x' from origin 'https://b.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    assert_eq!(m.browser, Some(Browser::Chromium));
    assert_eq!(m.url.as_deref(), Some("https://a.shop.io/x"));
    let m = one(
        "```\nResponse to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n```",
    );
    assert_eq!(
        m.cors_error,
        Some(CorsError::PreflightMissingAllowOriginHeader)
    );
    assert_eq!((m.url.as_deref(), m.origin.as_deref()), (None, None));
    reproduces(&m);
}

#[test]
fn placeholders_are_unknown() {
    let m = one(
        "Access to XMLHttpRequest at 'URL' from origin 'ORIGIN' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    assert_eq!((m.url.as_deref(), m.origin.as_deref()), (None, None));
    let m = one(
        "Access to fetch at 'https://xxx.com/api' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    assert_eq!(
        (m.url.as_deref(), m.origin.as_deref()),
        (None, Some("http://localhost:3000"))
    );
    reproduces(&m);
}

#[test]
fn an_http_url_without_origin_keeps_its_error() {
    let m = one(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.shop.io/x. (Reason: CORS header 'Access-Control-Allow-Origin' missing). Status code: 200.",
    );
    let rebuilt = reproduce::rebuild(&m, &Profile::default()).unwrap_or_else(|| panic!("none"));
    assert_eq!(rebuilt.scenario.origin, "http://your-site.example");
    assert!(rebuilt.assumed.contains(&"origin".to_string()));
    let v = crate::simulate(&rebuilt.scenario);
    assert_eq!(v.cors_error, Some(CorsError::MissingAllowOriginHeader));
}

#[test]
fn not_cors() {
    let rows: [(&str, MessageKind); 6] = [
        (
            "Mixed Content: The page at 'https://app.shop.io/' was loaded over HTTPS, but requested an insecure resource 'http://api.shop.io/x'. This request has been blocked; the content must be served over HTTPS.",
            MessageKind::MixedContent,
        ),
        (
            "Uncaught (in promise) TypeError: Failed to fetch",
            MessageKind::Network,
        ),
        (
            "Access to fetch at 'http://192.168.1.10/' from origin 'https://app.shop.io' has been blocked by CORS policy: Permission was denied for this request to access the `local` address space.",
            MessageKind::LocalNetworkAccess,
        ),
        (
            "Refused to connect to 'https://api.shop.io/' because it violates the following Content Security Policy directive: \"connect-src 'self'\".",
            MessageKind::Csp,
        ),
        (
            "GET https://api.shop.io/x net::ERR_BLOCKED_BY_CLIENT",
            MessageKind::Network,
        ),
        (
            "Blocked loading mixed active content “http://api.shop.io/x”",
            MessageKind::MixedContent,
        ),
    ];
    for (text, kind) in rows {
        let m = one(text);
        assert_eq!(m.kind, kind, "{text}");
        assert_eq!(m.cors_error, None, "{text}");
    }
    let mixed = one(rows[0].0);
    let rebuilt = reproduce::rebuild(&mixed, &Profile::default()).unwrap_or_else(|| panic!("none"));
    let v = crate::simulate(&rebuilt.scenario);
    assert!(matches!(v.reason, Some(crate::Reason::MixedContent { .. })));
}

#[test]
fn every_generated_chromium_message_is_read_back() {
    use crate::reason::{AllowOriginProblem as P, Reason, Stage};
    use crate::text::chromium::{ConsoleContext, console_message as chromium_console_message};
    let ctx = ConsoleContext {
        initial_url: "https://api.shop.io/x".into(),
        last_url: "https://api.shop.io/x".into(),
        page_origin: "https://app.shop.io".into(),
        page_url: "https://app.shop.io/".into(),
    };
    let reasons = [
        Reason::AllowOrigin {
            stage: Stage::Response,
            problem: P::Missing,
        },
        Reason::AllowOrigin {
            stage: Stage::Preflight,
            problem: P::WildcardWithCredentials,
        },
        Reason::AllowOrigin {
            stage: Stage::Response,
            problem: P::Multiple {
                value: "a, b".into(),
            },
        },
        Reason::AllowOrigin {
            stage: Stage::Preflight,
            problem: P::Invalid {
                value: "x\ty".into(),
            },
        },
        Reason::AllowOrigin {
            stage: Stage::Response,
            problem: P::Mismatch {
                value: "https://c".into(),
                origin: "o".into(),
            },
        },
        Reason::AllowCredentials {
            stage: Stage::Preflight,
            value: Some("TRUE".into()),
        },
        Reason::PreflightInvalidStatus { status: 404 },
        Reason::MethodNotAllowed {
            method: "patch".into(),
            allowed: None,
        },
        Reason::HeaderNotAllowed {
            name: "x-api-key".into(),
            allowed: None,
        },
    ];
    for reason in reasons {
        let text = chromium_console_message(&reason, &ctx).unwrap_or_default();
        let m = one(&text);
        assert_eq!(m.cors_error, reason.cors_error(), "{text}");
        let expected = Some(reason.failed_parameter()).filter(|p| !p.is_empty());
        assert_eq!(m.parameter, expected, "{text}");
        reproduces(&m);
    }
}

#[test]
fn unknown_text() {
    assert!(read("hello world").is_empty());
    assert!(read("").is_empty());
    assert!(!looks_like_console("GET is a method"));
}

/// A message names the failure, not the request: the verdict keeps the pasted error and status,
/// lists the request as assumed, and says that the fix's allow-lists follow that assumption.
#[test]
fn a_fix_on_an_assumed_request_says_so() {
    use crate::paste::reading::{ReadOptions, read};
    let profile = Profile::default();
    let reading = read(
        "Access to fetch at 'https://api.shop.io/v1/orders' from origin 'https://app.shop.io' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\nGET https://api.shop.io/v1/orders net::ERR_FAILED 401 (Unauthorized)",
        &ReadOptions::new(&profile),
    );
    let v = reading
        .verdicts
        .first()
        .unwrap_or_else(|| panic!("no verdict"));
    assert_eq!(
        v.verdict.cors_error,
        Some(CorsError::PreflightInvalidStatus)
    );
    assert_eq!(
        v.verdict.reason,
        Some(crate::Reason::PreflightInvalidStatus { status: 401 })
    );
    for field in ["request.method", "request.headers", "preflight"] {
        assert!(
            v.assumed.iter().any(|a| a == field),
            "{field}: {:?}",
            v.assumed
        );
    }
    assert!(
        v.notes
            .iter()
            .any(|n| n.contains("Access-Control-Allow-Methods")
                && n.contains("the request corsim assumed")),
        "{:?}",
        v.notes
    );
}

/// Each message is judged in the browser that printed it: a paste with a Firefox line, a Safari
/// group and a Chromium line gets a Firefox, a Safari and a Chromium verdict (Firefox's with
/// the key today's Firefox prints); a profile the user forced judges them all.
#[test]
fn each_message_is_judged_by_its_own_browser() {
    use crate::paste::reading::{ReadOptions, profile_for, read};
    let paste = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.io/a. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.\n\
[Error] Origin https://app.shop.io is not allowed by Access-Control-Allow-Origin. Status code: 200\n\
[Error] Fetch API cannot load https://api.shop.io/b due to access control checks.\n\
Access to fetch at 'https://api.shop.io/c' from origin 'https://app.shop.io' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let chromium = Profile::CHROMIUM;
    let options = ReadOptions::new(&chromium);
    let reading = read(paste, &options);
    let printed: Vec<Option<Browser>> = reading.messages.iter().map(|m| m.browser).collect();
    assert_eq!(
        printed,
        [
            Some(Browser::Firefox),
            Some(Browser::Safari),
            Some(Browser::Chromium)
        ]
    );
    let judged: Vec<Browser> = reading.verdicts.iter().map(|v| v.browser).collect();
    assert_eq!(
        judged,
        [Browser::Firefox, Browser::Safari, Browser::Chromium]
    );
    let firefox = reading.verdicts.first().map(|v| &v.verdict);
    assert_eq!(
        firefox.and_then(|v| v.firefox_reason.as_deref()),
        Some("CORSMissingAllowOrigin2")
    );
    assert_eq!(
        reading.verdicts.get(2).and_then(|v| v.verdict.cors_error),
        Some(CorsError::MissingAllowOriginHeader)
    );
    for v in &reading.verdicts {
        assert_eq!(v.verdict.fetch, crate::verdict::FetchOutcome::Rejected);
    }
    // Forced: every message in the chosen browser.
    let forced = ReadOptions {
        browser_forced: true,
        ..ReadOptions::new(&chromium)
    };
    let reading = read(paste, &forced);
    assert!(
        reading
            .verdicts
            .iter()
            .all(|v| v.browser == Browser::Chromium),
        "{:?}",
        reading
            .verdicts
            .iter()
            .map(|v| v.browser)
            .collect::<Vec<_>>()
    );
    assert_eq!(reading.verdicts.len(), 3);
    // The one place that chooses.
    let firefox_chosen = ReadOptions::new(&Profile::FIREFOX);
    assert_eq!(
        profile_for(Some(Browser::Safari), &firefox_chosen).browser,
        Browser::Safari
    );
    assert_eq!(profile_for(None, &firefox_chosen).browser, Browser::Firefox);
    assert_eq!(
        profile_for(Some(Browser::Chromium), &forced).browser,
        Browser::Chromium
    );
    assert_eq!(
        profile_for(Some(Browser::Firefox), &forced).browser,
        Browser::Chromium
    );
}

#[test]
fn safari_refused_redirect_with_its_wrapper() {
    let m = one(
        "[Error] Cross-origin redirection to https://login.shop.io/sso denied by Cross-Origin Resource Sharing policy: Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 302\n[Error] Fetch API cannot load https://api.shop.io/me due to access control checks.\n[Error] Failed to load resource: Cross-origin redirection to https://login.shop.io/sso denied by Cross-Origin Resource Sharing policy: Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 302",
    );
    assert_eq!(m.browser, Some(Browser::Safari));
    assert_eq!(m.url.as_deref(), Some("https://login.shop.io/sso"));
    assert_eq!(m.redirected_from.as_deref(), Some("https://api.shop.io/me"));
    assert_eq!(m.origin.as_deref(), Some("http://localhost:3000"));
    assert_eq!((m.status, m.base), (Some(302), Some(Base::NotAllowed)));
    assert_eq!(m.lines, (1, 3));
    // Its other reasons name their check.
    let m = one(
        "Cross-origin redirection to itms-apps://x denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme",
    );
    assert_eq!(m.cors_error, Some(CorsError::CorsDisabledScheme));
    let m = one(
        "Cross-origin redirection to https://u:p@b.io/ denied by Cross-Origin Resource Sharing policy: redirection URL https://u:p@b.io/ has credentials",
    );
    assert_eq!(m.cors_error, Some(CorsError::RedirectContainsCredentials));
}

#[test]
fn webkit_sentences_that_name_no_check() {
    for (text, kind) in [
        (
            "[Error] Cross-origin image load denied by Cross-Origin Resource Sharing policy.",
            MessageKind::Cors,
        ),
        (
            "[Error] Load cannot follow more than 20 redirections\n[Error] Fetch API cannot load https://a.io/x due to access control checks.",
            MessageKind::Network,
        ),
        (
            "Not allowed to follow a redirection while loading https://a.io/x\nFetch API cannot load https://a.io/x due to access control checks.",
            MessageKind::Network,
        ),
    ] {
        let m = one(text);
        assert_eq!((m.browser, m.kind), (Some(Browser::Safari), kind), "{text}");
    }
    let m = one(
        "[Error] Cross origin requests are not allowed when using same-origin fetch mode.\n[Error] Fetch API cannot load https://b.io/x due to access control checks.",
    );
    assert_eq!(m.cors_error, Some(CorsError::DisallowedByMode));
    assert_eq!(m.url.as_deref(), Some("https://b.io/x"));
}

#[test]
fn the_http_only_sentence_names_its_browser_by_its_lead() {
    // WebKit's sentence: Safari's after `Fetch API cannot load X.` (Chrome's fetch never
    // printed it), Chrome's or Safari's after `XMLHttpRequest cannot load X.` (2012-2013).
    let m = one(
        "Fetch API cannot load file:///a/b.json. Cross origin requests are only supported for HTTP.",
    );
    assert_eq!(m.browser, Some(Browser::Safari));
    assert_eq!(m.cors_error, Some(CorsError::CorsDisabledScheme));
    let m = one(
        "XMLHttpRequest cannot load file:///a/b.json. Cross origin requests are only supported for HTTP.",
    );
    assert_eq!(m.browser, None);
    assert_eq!(m.url.as_deref(), Some("file:///a/b.json"));
}

#[test]
fn older_chromium_reasons() {
    let m = one(
        "Access to Script at 'file:///tmp/main.js' from origin 'null' has been blocked by CORS policy: Invalid response. Origin 'null' is therefore not allowed access.",
    );
    assert_eq!(m.cors_error_name(), Some("InvalidResponse"));
    assert!(!m.preflight);
    let m = one(
        "Failed to load http://10.0.0.2/x: Response to preflight request doesn't pass access control check: Invalid response. Origin 'http://localhost:4200' is therefore not allowed access.",
    );
    assert_eq!(m.cors_error_name(), Some("InvalidResponse"));
    assert!(m.preflight);
    let m = one("XMLHttpRequest cannot load http://a.io/x. Invalid HTTP status code 405");
    assert_eq!(
        (m.cors_error, m.status),
        (Some(CorsError::PreflightInvalidStatus), Some(405))
    );
    let m = one(
        "XMLHttpRequest cannot load http://a.io/x. The request was redirected to a URL ('ftp://b.io/y') which has a disallowed scheme for cross-origin requests.",
    );
    assert_eq!(m.cors_error, Some(CorsError::CorsDisabledScheme));
    let m = one(
        "Failed to load http://10.0.0.2/x: No 'Access-Control-Allow-External' header was present in the preflight response for this external request (This is an experimental header which is defined in 'https://wicg.github.io/cors-rfc1918/').",
    );
    assert_eq!(
        (m.kind, m.cors_error_name()),
        (
            MessageKind::LocalNetworkAccess,
            Some("PreflightMissingAllowExternal")
        )
    );
    // 2017's `Failed to load A: Redirect from 'A' to 'B' …` is one message.
    let m = one(
        "Failed to load https://a.io/x: Redirect from 'https://a.io/x' to 'https://b.io/y' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:3000' is therefore not allowed access.",
    );
    assert_eq!(m.cors_error, Some(CorsError::MissingAllowOriginHeader));
    assert_eq!(m.origin.as_deref(), Some("http://localhost:3000"));
}

#[test]
fn safari_11_and_12_groups() {
    // The reason under `Fetch API cannot load URL` (a URL ending in `]`), and a status line
    // about another resource (Safari names it at the end), which is not the message's status.
    let all = read(
        "[Error] Failed to load resource: the server responded with a status of 404 (Not Found) (app.js.map, line 0)\n[Error] Fetch API cannot load https://a.io/token?code=[redacted]\nRequest header field X-Id is not allowed by Access-Control-Allow-Headers.",
    );
    let [status_line, message] = all.as_slice() else {
        panic!("two messages expected: {all:#?}");
    };
    assert_eq!(
        (status_line.kind, status_line.browser),
        (MessageKind::Network, Some(Browser::Safari))
    );
    assert_eq!(
        message.cors_error,
        Some(CorsError::HeaderDisallowedByPreflightResponse)
    );
    assert_eq!(message.status, None);
    // The same status line naming the message's resource is its status.
    let m = one(
        "[Error] Failed to load resource: the server responded with a status of 403 (Forbidden) (acl, line 0)\n[Error] XMLHttpRequest cannot load https://b.io/api/acl/. Preflight response is not successful",
    );
    assert_eq!(m.status, Some(403));
    // A service worker's fetch, and the wrapper without "due to access control checks".
    let m = one(
        "[Error] FetchEvent.respondWith received an error: TypeError: Request header field Pragma is not allowed by Access-Control-Allow-Headers.\n[Error] Fetch API cannot load https://c.io/config.json.",
    );
    assert_eq!(m.browser, Some(Browser::Safari));
    assert_eq!(m.parameter.as_deref(), Some("Pragma"));
    assert_eq!(m.url.as_deref(), Some("https://c.io/config.json"));
}

#[test]
fn a_source_location_line_inside_a_message_is_taken_out() {
    // A copy of the console put the source link where the first line ended: one message.
    for link in [
        "index.js:12",
        "(index):1",
        "https://app.shop.io/static/js/main.js:1:2045",
    ] {
        for gap in ["\n", "\n\n"] {
            let text = format!(
                "Access to fetch at 'https://api.shop.io/x' from origin 'https://app.shop.io' has been blocked by CORS policy:{gap}{link}{gap}Response to preflight request doesn't pass access control check: It does not have HTTP ok status."
            );
            let m = one(&text);
            assert_eq!(
                m.cors_error,
                Some(CorsError::PreflightInvalidStatus),
                "{text}"
            );
            assert_eq!(m.url.as_deref(), Some("https://api.shop.io/x"));
        }
    }
    // A URL with a port and no line is no source link.
    let all = read("https://api.shop.io:8443/x");
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn a_message_cut_with_an_ellipsis_is_read_with_its_tail_cut() {
    for cut in [
        "No 'Access-Control-Allow-Origin' header is present on the requ…",
        "No 'Access-Control-Allow-Origin' header is…",
        "No 'Access-Control-Allow-Origin' header is pres...",
    ] {
        let text = format!(
            "Access to XMLHttpRequest at 'https://api.shop.io/x' from origin 'https://app.shop.io' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: {cut}\nI tried every header the docs name, also in the OPTIONS handler."
        );
        let m = one(&text);
        assert_eq!(
            m.cors_error,
            Some(CorsError::PreflightMissingAllowOriginHeader),
            "{text}"
        );
        assert_eq!(m.origin.as_deref(), Some("https://app.shop.io"));
    }
}

#[test]
fn mixed_content_in_older_chromium_and_in_safari() {
    let m = one(
        "[blocked] The page at 'https://app.shop.io/' was loaded over HTTPS, but ran insecure content from 'http://api.shop.io/x.js': this content should also be loaded over HTTPS.",
    );
    assert_eq!(
        (m.kind, m.browser, m.url.as_deref()),
        (
            MessageKind::MixedContent,
            Some(Browser::Chromium),
            Some("http://api.shop.io/x.js")
        )
    );
    // Safari's, with the lines that go with it: one message.
    let m = one(
        "[Warning] [blocked] The page at https://app.shop.io/login requested insecure content from http://api.shop.io/auth/login. This content was blocked and must be served over HTTPS. (app.js, line 1)\n[Error] Not allowed to request resource\n[Error] Fetch API cannot load http://api.shop.io/auth/login due to access control checks.",
    );
    assert_eq!(
        (m.kind, m.browser, m.url.as_deref()),
        (
            MessageKind::MixedContent,
            Some(Browser::Safari),
            Some("http://api.shop.io/auth/login")
        )
    );
    let m = one(
        "[blocked] The page at https://app.shop.io/ was not allowed to display insecure content from http://127.0.0.1:47821/.",
    );
    assert_eq!(m.url.as_deref(), Some("http://127.0.0.1:47821/"));
}

#[test]
fn old_chromium_repeated_its_reason_as_the_resource_load_error() {
    let m = one(
        "1) Failed to load resource: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'null' is therefore not allowed access. file:///a/main.html\n\n2) XMLHttpRequest cannot load file:///a/main.html. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'null' is therefore not allowed access.",
    );
    assert_eq!(m.cors_error, Some(CorsError::MissingAllowOriginHeader));
    assert_eq!(m.url.as_deref(), Some("file:///a/main.html"));
}

#[test]
fn a_url_the_poster_elided_names_the_urls_it_starts() {
    let elided = Some("http://127.0.0.1:7242/ingest/...");
    assert!(same_url(elided, Some("http://127.0.0.1:7242/ingest/a/b")));
    assert!(same_url(Some("http://127.0.0.1:7242/ingest/a"), elided));
    assert!(!same_url(elided, Some("http://127.0.0.1:7242/other")));
    assert!(!same_url(
        Some("https://a.example/x"),
        Some("https://a.example/y")
    ));
}

#[test]
fn safari_lines_in_a_numbered_or_bulleted_list_are_one_group() {
    for (a, b) in [
        ("1. ", "2. "),
        ("1.", "2."),
        ("- ", "- "),
        ("1) ", "2) "),
        ("* ", "* "),
    ] {
        for gap in ["\n", "\n\n"] {
            for wrapper in ["Fetch API", "XMLHttpRequest"] {
                let text = format!(
                    "{a}[Error] Origin https://app.shop.io is not allowed by Access-Control-Allow-Origin. Status code: 403{gap}{b}[Error] {wrapper} cannot load https://api.shop.io/x due to access control checks."
                );
                let m = one(&text);
                assert_eq!(
                    (m.browser, m.url.as_deref(), m.status),
                    (
                        Some(Browser::Safari),
                        Some("https://api.shop.io/x"),
                        Some(403)
                    ),
                    "{text}"
                );
            }
        }
    }
}

/// (Every locale built in: the Russian head is one of Firefox's translations.)
#[cfg(feature = "firefox-l10n")]
#[test]
fn firefox_before_38_in_a_translation_is_cross_site_request_blocked() {
    let m = one(
        "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на https://api.shop.io/x?q=1. Это может быть исправлено путем перемещения ресурса в тот же домен или включением CORS.",
    );
    assert_eq!(
        (m.firefox_reason, m.kind, m.url.as_deref()),
        (
            Some("CrossSiteRequestBlocked"),
            MessageKind::Cors,
            Some("https://api.shop.io/x?q=1")
        )
    );
    // A reason with its label is no pre-38 message, even when corsim does not know it.
    let all = read(
        "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на https://api.shop.io/x. Причина: что-то новое про CORS.",
    );
    assert!(
        all.iter()
            .all(|m| m.firefox_reason != Some("CrossSiteRequestBlocked")),
        "{all:#?}"
    );
}

#[test]
fn english_prose_after_a_cut_firefox_head_is_no_pre_38_message() {
    let all = read(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.io/x. Please enable CORS on the server, I tried everything.",
    );
    assert!(
        all.iter()
            .all(|m| m.firefox_reason != Some("CrossSiteRequestBlocked")),
        "{all:#?}"
    );
}
