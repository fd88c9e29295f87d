//! Gallery lessons where the browsers part ways: the "works in Chrome, fails in Safari or
//! Firefox" cases (and the reverse) that the differential recordings show
//! (tests/differential/BROWSERS.md). Each opens with the browser that differs from Chrome
//! selected; its
//! scenario's `expect` holds, per browser, the verdict fields the lesson relies on, as the
//! recordings show them, and the tests check them against the engine's profile of each browser.

use corsim::Browser;

use crate::gallery::Entry;

/// A lesson about a difference between the browsers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrowserLesson {
    /// The gallery entry: id, title, lesson and scenario (whose `expect` is keyed by browser).
    pub entry: Entry,
    /// The browser the lesson opens with: one that differs from Chrome.
    pub browser: Browser,
    /// The recorded scenario that shows the difference (tests/differential).
    pub recorded_as: &'static str,
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static BrowserLesson> {
    LESSONS.iter().find(|l| l.entry.id == id)
}

/// Every lesson, in the gallery's order.
pub const LESSONS: &[BrowserLesson] = &[
    BrowserLesson {
        browser: Browser::Firefox,
        recorded_as: "bp-hint-01",
        entry: Entry {
            id: "client-hint-header",
            title: "Device-Memory: fine in Chrome, blocked in Firefox and Safari",
            lesson: "Chromium counts the client hints (DPR, Width, Viewport-Width, Device-Memory, RTT, \
                     Downlink, ECT, Save-Data) as CORS-safelisted request headers: a script that sets one \
                     sends no preflight in Chrome. Firefox and Safari follow the Fetch standard: the \
                     header makes the request preflighted, and unless Access-Control-Allow-Headers names \
                     it, fetch() fails. Tested in Chrome only, this breaks for every Firefox and Safari \
                     user: list the header in Access-Control-Allow-Headers, or stop setting it.",
            json: r#"{"origin": "https://shop.example.com",
  "request": {"url": "https://images.example.net/v1/resize?w=640", "headers": [["Device-Memory", "8"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://shop.example.com"], ["Content-Type", "image/webp"]]},
  "expect": {"chromium": {"fetch": "resolved", "preflight_sent": false},
             "firefox": {"fetch": "rejected", "preflight_sent": true, "request_sent": false,
                         "firefox_reason": "CORSMissingAllowHeaderFromPreflight2", "firefox_reason_param": "device-memory"},
             "safari": {"fetch": "rejected", "preflight_sent": true,
                        "console": "Request header field Device-Memory is not allowed by Access-Control-Allow-Headers."}}}"#,
        },
    },
    BrowserLesson {
        browser: Browser::Safari,
        recorded_as: "sc-user-agent",
        entry: Entry {
            id: "user-agent-header",
            title: "A custom User-Agent: dropped by Chrome, preflighted by Safari and Firefox",
            lesson: "Chrome silently drops a User-Agent set by the script, so the request stays simple \
                     and passes. User-Agent left the Fetch standard's forbidden headers years ago, and \
                     Safari and Firefox send it — as a header that is not safelisted, so the request is \
                     preflighted and fails unless Access-Control-Allow-Headers lists user-agent. Allow \
                     the header on the server, or send the client's name in a header of your own that \
                     the server allows.",
            json: r#"{"origin": "https://status.example.com",
  "request": {"url": "https://api.example.com/v1/health", "headers": [["User-Agent", "status-board/2.1"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Content-Type", "application/json"]]},
  "expect": {"chromium": {"fetch": "resolved", "preflight_sent": false},
             "firefox": {"fetch": "rejected", "preflight_sent": true,
                         "firefox_reason": "CORSMissingAllowHeaderFromPreflight2", "firefox_reason_param": "user-agent"},
             "safari": {"fetch": "rejected", "preflight_sent": true,
                        "console": "Request header field User-Agent is not allowed by Access-Control-Allow-Headers."}}}"#,
        },
    },
    BrowserLesson {
        browser: Browser::Safari,
        recorded_as: "bp-mixed-01",
        entry: Entry {
            id: "https-page-http-localhost",
            title: "An https page calling http://localhost: Safari blocks it",
            lesson: "Chrome and Firefox treat http://localhost, 127.0.0.1 and [::1] as potentially \
                     trustworthy, so an https page may call a local http API. WebKit blocks such a request \
                     as mixed content: nothing is sent, the console says “Not allowed to request \
                     resource”, and no CORS header can help. Serve the local API over https (a local \
                     certificate), or open the page over http://localhost too. This was recorded in \
                     WebKitGTK, Safari's engine; Apple's Safari was not checked.",
            json: r#"{"origin": "https://app.example.com",
  "request": {"url": "http://localhost:3000/api/todos"},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"], ["Content-Type", "application/json"]]},
  "expect": {"chromium": {"fetch": "resolved", "request_sent": true},
             "firefox": {"fetch": "resolved", "request_sent": true},
             "safari": {"fetch": "rejected", "request_sent": false, "console": "Not allowed to request resource"}}}"#,
        },
    },
    BrowserLesson {
        browser: Browser::Firefox,
        recorded_as: "bp-twice-01",
        entry: Entry {
            id: "content-type-twice",
            title: "Content-Type set twice: only Firefox skips the preflight",
            lesson: "A default header and an explicit one can add Content-Type twice, and fetch() then \
                     sends one header with both values: text/plain, text/plain;charset=UTF-8. Chrome and \
                     Safari judge that combined value, which is no MIME type they safelist, so they \
                     preflight and fail when Access-Control-Allow-Headers leaves out content-type. \
                     Firefox checks each value on its own, finds both safelisted and sends the POST \
                     without a preflight. Set the header once.",
            json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/notes", "method": "POST",
              "headers": [["Content-Type", "text/plain"], ["Content-Type", "text/plain;charset=UTF-8"]], "body": "remember the milk"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "GET, POST"]]},
  "response": {"status": 201, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"chromium": {"fetch": "rejected", "preflight_sent": true, "cors_error": "HeaderDisallowedByPreflightResponse"},
             "firefox": {"fetch": "resolved", "preflight_sent": false, "status": 201},
             "safari": {"fetch": "rejected", "preflight_sent": true,
                        "console": "Request header field Content-Type is not allowed by Access-Control-Allow-Headers."}}}"#,
        },
    },
    BrowserLesson {
        browser: Browser::Firefox,
        recorded_as: "r223",
        entry: Entry {
            id: "redirect-then-preflight",
            title: "A PUT redirected to a storage host: works in Firefox only",
            lesson: "The API answers the PUT with a redirect to another origin, and the browser must \
                     preflight again there. After a cross-origin redirect the request's origin becomes \
                     opaque: Chrome and Safari send that second preflight with Origin: null, so the \
                     storage host's Access-Control-Allow-Origin: https://app.example.com no longer \
                     matches. Firefox sends it with the page's origin and checks it against the page, so \
                     the same server passes there. Have the API return the storage URL and let the \
                     script call it, or answer the storage host's preflight with *.",
            json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/files/7", "method": "PUT", "credentials": "omit", "body": "{}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "PUT, POST"]]},
  "redirects": [{"status": 302, "headers": [["Location", "https://storage.example.net/files/7"],
                                            ["Access-Control-Allow-Origin", "https://app.example.com"]]}],
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]},
  "expect": {"chromium": {"fetch": "rejected", "cors_error": "PreflightAllowOriginMismatch"},
             "firefox": {"fetch": "resolved", "status": 200},
             "safari": {"fetch": "rejected",
                        "console": "Origin null is not allowed by Access-Control-Allow-Origin. Status code: 204"}}}"#,
        },
    },
    BrowserLesson {
        browser: Browser::Safari,
        recorded_as: "r241",
        entry: Entry {
            id: "post-302-preflight-again",
            title: "A JSON POST redirected with 302: Safari preflights again",
            lesson: "A 302 turns the preflighted JSON POST into a plain GET at the CDN. Chrome sends that \
                     GET without a preflight; Firefox preflights it with the page's origin. Safari \
                     preflights it with Origin: null and still lists content-type, so the CDN's \
                     Access-Control-Allow-Origin: https://app.example.com fails and fetch() rejects in \
                     Safari alone. Avoid redirecting preflighted requests: answer at the URL the script \
                     calls, or let the CDN's preflight answer allow *.",
            json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/reports", "method": "POST", "credentials": "omit",
              "headers": [["Content-Type", "application/json"]], "body": "{\"month\":11}"},
  "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"],
                                           ["Access-Control-Allow-Methods", "POST"],
                                           ["Access-Control-Allow-Headers", "content-type"]]},
  "redirects": [{"status": 302, "headers": [["Location", "https://cdn.example.net/reports/latest.json"],
                                            ["Access-Control-Allow-Origin", "https://app.example.com"]]}],
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Content-Type", "application/json"]]},
  "expect": {"chromium": {"fetch": "resolved", "status": 200},
             "firefox": {"fetch": "resolved", "status": 200},
             "safari": {"fetch": "rejected",
                        "console": "Origin null is not allowed by Access-Control-Allow-Origin. Status code: 204"}}}"#,
        },
    },
    BrowserLesson {
        browser: Browser::Safari,
        recorded_as: "bp-order-01",
        entry: Entry {
            id: "preflight-500-three-consoles",
            title: "The preflight crashes with 500: three consoles, three stories",
            lesson: "The OPTIONS handler fails, and like most error pages its 500 has no CORS headers. \
                     Chrome and Firefox check Access-Control-Allow-Origin before the status, so both \
                     report a missing header — Firefox's Reason adds “Status code: 500”, Chrome does \
                     not mention the status at all. Safari checks the status first and says “Preflight \
                     response is not successful. Status code: 500”. Same failure, same fix: make \
                     OPTIONS answer 2xx with the CORS headers, and read the server's error log.",
            json: r#"{"origin": "https://app.example.com",
  "request": {"url": "https://api.example.com/v1/orders/42", "method": "PUT",
              "headers": [["Content-Type", "application/json"]], "body": "{\"qty\":1}"},
  "preflight": {"status": 500, "headers": [["Content-Type", "text/html"]]},
  "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]},
  "expect": {"chromium": {"fetch": "rejected", "cors_error": "PreflightMissingAllowOriginHeader"},
             "firefox": {"fetch": "rejected", "firefox_reason": "CORSMissingAllowOrigin2", "firefox_reason_param": "500"},
             "safari": {"fetch": "rejected", "console": "Preflight response is not successful. Status code: 500"}}}"#,
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn every_lesson_says_what_each_browser_does() {
        for lesson in LESSONS {
            let id = lesson.entry.id;
            assert!(
                crate::gallery::ENTRIES.iter().all(|e| e.id != id),
                "{id}: also in the gallery"
            );
            let parsed = corsim::parse_scenario(lesson.entry.json);
            let Ok(scenario) = parsed else {
                panic!("{id}: {:?}", parsed.err());
            };
            let Some(Value::Object(expect)) = &scenario.expect else {
                panic!("{id}: no expect");
            };
            for browser in Browser::ALL {
                let Some(Value::Object(want)) = expect.get(browser.id()) else {
                    panic!("{id}: no expectation for {}", browser.id());
                };
                let verdict = corsim::simulate_without_fix(&scenario, corsim::Profile::of(browser));
                let fields = verdict.browser_fields();
                for (key, value) in want {
                    assert_eq!(
                        fields.get(key),
                        Some(value),
                        "{id}: {key} in {}",
                        browser.id()
                    );
                }
            }
            // The lesson opens in a browser that does otherwise than Chrome (the browser people
            // test in), or, when all three block, that says so in words of its own.
            let comparison = corsim::compare_browsers(&scenario, false);
            let console = |b: Browser| comparison.verdict(b).and_then(|v| v.console.clone());
            let own_words = Browser::ALL
                .into_iter()
                .filter(|b| *b != lesson.browser)
                .all(|o| console(o).is_some() && console(o) != console(lesson.browser));
            assert!(
                lesson.browser != Browser::Chromium
                    && (!comparison.same_outcome(lesson.browser, Browser::Chromium)
                        || (comparison.agree && own_words)),
                "{id}: {} does not differ from Chromium",
                lesson.browser.id()
            );
            assert_eq!(
                crate::gallery::find(id).map(|e| e.id),
                Some(id),
                "{id}: not found"
            );
            assert!(lesson.entry.lesson.len() > 80, "{id}: lesson too short");
        }
    }

    #[test]
    fn every_lesson_rests_on_a_recorded_scenario() {
        let names = ["chromium", "firefox", "webkit"];
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/differential/recordings"
        );
        for lesson in LESSONS {
            for name in names {
                let found = std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter(|f| f.file_name().to_string_lossy().starts_with(name))
                    .any(|f| {
                        std::fs::read_to_string(f.path()).is_ok_and(|text| {
                            text.contains(&format!("\"id\": \"{}\"", lesson.recorded_as))
                        })
                    });
                assert!(
                    found,
                    "{}: {} is not in the {name} recordings",
                    lesson.entry.id, lesson.recorded_as
                );
            }
        }
    }
}
