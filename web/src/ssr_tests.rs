//! Native rendering tests: the page and its components rendered to HTML with Yew's server
//! renderer, checked for what the user must see.

use std::rc::Rc;

use yew::LocalServerRenderer;

use crate::app::{App, AppProps};
use crate::components::{
    ConsolePanelProps, FixPanel, HarProgressProps, HarTable, HeaderEditorProps, PasteBox,
    PasteOutcomeProps, ReplyPane, SharePanelProps, TimelineProps, VerdictBannerProps,
    fix_panel::FixPanelProps, har_table::HarTableProps, paste_box::PasteBoxProps,
    reply_pane::ReplyPaneProps,
};
use crate::har_job::{JobProgress, JobStage, JobStats};
use crate::paste_state::SharedAnalysis;
use crate::state::{HeaderRow, List, Pane, ReplyForm};
use crate::{gallery, permalink, present};

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
}

/// Props of [`View`]: what a view function returned.
#[derive(yew::Properties, PartialEq)]
struct ViewProps {
    html: yew::Html,
}

/// Shows what a view function returned, so that it renders inside a component as on the page.
#[yew::component]
fn View(props: &ViewProps) -> yew::Html {
    props.html.clone()
}

/// The HTML of what a view function returned.
fn render_view(html: yew::Html) -> String {
    block_on(LocalServerRenderer::<View>::with_props(ViewProps { html }).render())
}

fn render_app(props: AppProps) -> String {
    block_on(LocalServerRenderer::<App>::with_props(props).render())
}

fn scenario(json: &str) -> corsim::Scenario {
    match corsim::parse_scenario(json) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

/// Text as the HTML shows it (the renderer escapes quotes and ampersands).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn assert_contains(html: &str, text: &str) {
    assert!(
        html.contains(text) || html.contains(&escaped(text)),
        "{text:?} not in the page:\n{}",
        html.get(..html.len().min(3000)).unwrap_or_default()
    );
}

#[test]
fn the_default_page_shows_verdict_console_fix_and_preflight() {
    let html = render_app(AppProps::from_location("", "", "https://corsim.example/"));
    assert_eq!(kind_in(&html), "Blocked");
    assert_contains(
        &html,
        "Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.",
    );
    assert_contains(
        &html,
        "OPTIONS /v1/orders/42 HTTP/1.1\nHost: api.example.com\n",
    );
    assert_contains(
        &html,
        "Access-Control-Request-Headers: authorization,content-type",
    );
    assert_contains(&html, r#"id="fix-summary""#);
    assert_contains(&html, "✓ Checked");
    for f in crate::snippets::FRAMEWORKS {
        assert_contains(&html, &format!(r#"id="tab-{}""#, f.id));
    }
    // The first tab's snippet is rendered with the user's origin.
    assert_contains(
        &html,
        "Access-Control-Allow-Origin: https://app.example.com",
    );
    // Inputs and outputs.
    assert_contains(&html, r#"id="origin""#);
    assert_contains(&html, r#"id="preflight-paste""#);
    assert_contains(&html, r#"id="response-paste""#);
    assert_contains(&html, "What happens, step by step");
    assert_contains(&html, "failed here");
    assert_contains(&html, "never sent");
    // The share panel's link holds the permalink, with the token masked.
    assert_contains(&html, "https://corsim.example/#v1=");
    assert_contains(&html, "Masked in the link: request header Authorization");
    // Every gallery entry has its card.
    for e in gallery::ENTRIES {
        assert_contains(&html, &format!(r#"id="gallery-{}""#, e.id));
    }
    assert!(
        !html.contains("Lesson · "),
        "no lesson for the default scenario"
    );
}

#[test]
fn every_gallery_entry_renders_with_its_lesson() {
    for entry in gallery::ENTRIES {
        let Some(s) = entry.scenario() else {
            panic!("{} does not parse", entry.id);
        };
        let verdict = corsim::simulate(&s);
        let html = render_app(AppProps::for_scenario(s, false));
        assert_contains(&html, entry.title);
        assert_contains(&html, entry.lesson);
        let kind = present::kind(&verdict).label();
        assert_eq!(kind_in(&html), kind, "{}", entry.id);
        if let Some(console) = &verdict.console {
            assert_contains(&html, console);
        }
        for w in &verdict.warnings {
            assert_contains(&html, &format!(r#"data-warning="{}""#, w.id));
        }
    }
}

#[test]
fn a_permalink_opens_the_same_scenario() {
    let s = scenario(
        r#"{"id":"x","origin":"https://app.example.com",
            "request":{"url":"https://api.example.com/v1/things","method":"patch","credentials":"include"},
            "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Methods","PATCH"],["Access-Control-Allow-Credentials","true"]]},
            "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example.com"]]}}"#,
    );
    let hash = format!("#{}", permalink::encode(&s));
    let html = render_app(AppProps::from_location("", &hash, ""));
    assert_contains(&html, r#"value="patch""#);
    assert_contains(
        &html,
        "Method patch is not allowed by Access-Control-Allow-Methods in preflight response.",
    );
    assert!(!html.contains("Could not open the link"));
}

#[test]
fn a_permalink_keeps_the_browser_and_the_assumed_fields() {
    let s = scenario(
        r#"{"id":"x","origin":"https://your-site.example",
            "request":{"url":"https://api.orders-demo.io/v1/items"},
            "response":{"status":200}}"#,
    );
    let view = corsim::permalink::View {
        browser: corsim::Browser::Firefox,
        assumed: vec!["origin".into(), "response".into()],
    };
    let hash = format!("#{}", corsim::permalink::encode_view(&s, &view));
    assert!(
        hash.ends_with("&browser=firefox&assumed=origin,response"),
        "{hash}"
    );
    let html = render_app(AppProps::from_location("", &hash, ""));
    // Firefox is the chosen browser: its choice is the current one, its console line shown.
    assert_contains(
        &html,
        r#"id="browser-choice-firefox" class="browser-choice current""#,
    );
    assert_contains(&html, "Cross-Origin Request Blocked");
    // The origin is marked assumed and kept out of the fix.
    assert_contains(&html, r#"id="origin-assumed""#);
    assert_contains(&html, r#"id="fix-assumed""#);
    let fix = html
        .split(r#"id="fix-title""#)
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_default();
    assert!(fix.contains("&lt;your page's origin&gt;"), "{fix}");
    assert!(!fix.contains("your-site.example"), "{fix}");
    // A browser this page does not know is named, and Chromium's verdict shown.
    let html = render_app(AppProps::from_location(
        "",
        &format!("#{}&browser=netscape", permalink::encode(&s)),
        "",
    ));
    assert_contains(&html, "names a browser this page does not know");
}

#[test]
fn a_damaged_permalink_says_so_and_shows_the_example() {
    for (hash, words) in [
        ("#v1=AAAA", "Could not open the link: this link is damaged"),
        ("#v9=abc", "made by a newer corsim (format v9)"),
    ] {
        let html = render_app(AppProps::from_location("", hash, ""));
        assert_contains(&html, words);
        assert_contains(&html, r#"role="alert""#);
        assert_contains(&html, r#"id="verdict-summary""#);
    }
}

#[test]
fn the_embed_view_is_compact_and_links_to_the_full_page() {
    let s = gallery::find("wildcard-credentials").and_then(|e| e.scenario());
    let Some(s) = s else {
        panic!("missing gallery entry");
    };
    let hash = format!("#{}&embed", permalink::encode(&s));
    let props = AppProps::from_location("", &hash, "https://corsim.example/");
    assert!(props.embed);
    let html = render_app(props);
    assert_contains(&html, "Open in corsim ↗");
    assert_contains(&html, r#"href="https://corsim.example/#v1="#);
    assert_contains(&html, "What happens, step by step");
    assert_contains(&html, "must not be the wildcard");
    assert!(!html.contains("1 · The request"), "no form in the embed");
    assert!(
        !html.contains("Learn from the classics"),
        "no gallery in the embed"
    );
    assert!(AppProps::from_location("?embed", "", "").embed);
}

#[test]
fn the_reply_pane_points_at_lines_it_cannot_read() {
    let reply = ReplyForm {
        status: "204".into(),
        headers: vec![HeaderRow {
            id: 1,
            name: "Access-Control-Allow-Origin".into(),
            value: "*".into(),
        }],
        text: "HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: *\nthis is not a header\n"
            .into(),
        body: None,
    };
    let props = ReplyPaneProps {
        pane: Pane::Preflight,
        reply,
        separate: Some(true),
        note: None,
        status_problem: Some("\"2o4\" is not a status code".into()),
        culprit: true,
        assumed: false,
        redirects: Vec::new(),
        on_action: Default::default(),
    };
    let html = block_on(LocalServerRenderer::<ReplyPane>::with_props(props).render());
    assert_contains(&html, "line 3");
    assert_contains(&html, "this is not a header");
    assert_contains(&html, "the problem is here");
    assert_contains(&html, r#"id="preflight-status-problem""#);
    assert_contains(&html, r#"aria-label="preflight header 1 name""#);
    assert_contains(&html, r#"value="Access-Control-Allow-Origin""#);
}

#[test]
fn the_header_editor_labels_every_input() {
    let rows = vec![
        HeaderRow {
            id: 7,
            name: "X-A".into(),
            value: "1".into(),
        },
        HeaderRow {
            id: 9,
            name: "X-A".into(),
            value: "2".into(),
        },
    ];
    let props = HeaderEditorProps {
        list: List::Request,
        rows,
        noun: "request header".into(),
        suggestions: "names".into(),
        on_action: Default::default(),
    };
    let html = render_view(crate::components::header_editor(&props));
    for label in [
        "request header 1 name",
        "request header 2 value",
        "Remove request header 2",
    ] {
        assert_contains(&html, &format!(r#"aria-label="{label}""#));
    }
    assert_contains(&html, "+ Add a request header");
}

/// The text of the verdict badge.
fn kind_in(html: &str) -> &str {
    html.split_once(r#"id="verdict-kind""#)
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once('<'))
        .map_or("", |(text, _)| text)
}

fn verdict_of(json: &str) -> (Rc<corsim::Scenario>, Rc<corsim::Verdict>) {
    let s = scenario(json);
    let v = corsim::simulate(&s);
    (Rc::new(s), Rc::new(v))
}

#[test]
fn banner_fix_and_timeline_of_an_opaque_no_cors_request() {
    let (s, v) = verdict_of(
        r#"{"origin":"https://app.example.com",
            "request":{"url":"https://api.example.com/x","method":"POST","mode":"no-cors",
                       "headers":[["Content-Type","application/json"]],"body":"{}"},
            "response":{"status":200}}"#,
    );
    let html = render_view(crate::components::verdict_banner(&VerdictBannerProps {
        verdict: v.clone(),
        fix_link: true,
    }));
    assert_eq!(kind_in(&html), "Opaque");
    let html = block_on(
        LocalServerRenderer::<FixPanel>::with_props(FixPanelProps {
            scenario: s.clone(),
            verdict: v.clone(),
            assumed: Vec::new(),
        })
        .render(),
    );
    assert_contains(&html, "No response header fixes this");
    let messages = Rc::new(present::messages(&s, &v));
    let html = render_view(crate::components::timeline(&TimelineProps {
        messages,
        expanded: true,
    }));
    assert_contains(&html, "fetch() resolves: opaque response, status 0");
    assert_contains(&html, "data-step=\"request.header-no-cors-dropped\"");
}

#[test]
fn an_allowed_request_has_nothing_to_fix_but_offers_its_configuration() {
    let (s, v) = verdict_of(
        r#"{"origin":"https://app.example.com",
            "request":{"url":"https://api.example.com/x"},
            "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Vary","Origin"]]}}"#,
    );
    let html = block_on(
        LocalServerRenderer::<FixPanel>::with_props(FixPanelProps {
            scenario: s,
            verdict: v,
            assumed: Vec::new(),
        })
        .render(),
    );
    assert_contains(&html, "Nothing to fix");
    assert_contains(&html, "The configuration that makes this work");
}

#[test]
fn the_page_opens_with_the_paste_anything_box() {
    let html = render_app(AppProps::from_location("", "", ""));
    assert_contains(&html, "Paste anything");
    assert_contains(&html, r#"id="paste-anything""#);
    assert_contains(&html, r#"id="paste-file""#);
    assert_contains(&html, r#"accept=".har,.json,application/json""#);
    assert_contains(&html, "Keep secrets (Authorization, cookies, tokens)");
    // "Keep secrets" is off: the box comes before the verdict, unticked.
    let paste_box = html.find(r#"id="paste-anything""#).unwrap_or(usize::MAX);
    let verdict = html.find(r#"id="verdict-summary""#).unwrap_or(0);
    assert!(paste_box < verdict, "the paste box is at the top");
    let keep = html
        .split_once(r#"id="keep-secrets""#)
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or("", |(attrs, _)| attrs);
    assert!(!keep.contains("checked"), "keep secrets is off: {keep}");
    // The box alone, empty.
    let html = block_on(
        LocalServerRenderer::<PasteBox>::with_props(PasteBoxProps {
            keep_secrets: true,
            on_action: Default::default(),
            on_pasted: Default::default(),
            form_from_paste: false,
        })
        .render(),
    );
    assert_contains(&html, "nothing is uploaded");
    assert!(!html.contains("paste-clear"), "nothing to clear yet");
}

fn console_reading(text: &str) -> Rc<corsim::paste::reading::Reading> {
    let options = corsim::paste::reading::ReadOptions {
        keep_secrets: true,
        ..corsim::paste::reading::ReadOptions::new(&corsim::Profile::CHROMIUM)
    };
    let reading = corsim::paste::reading::read(text, &options);
    assert!(!reading.messages.is_empty(), "not read: {text}");
    Rc::new(reading)
}

fn render_console(text: &str, keep_secrets: bool) -> String {
    render_view(crate::components::console_panel(&ConsolePanelProps {
        reading: console_reading(text),
        keep_secrets,
        on_load: Default::default(),
        on_screen: None,
    }))
}

#[test]
fn a_console_line_is_explained_with_its_url_origin_and_error() {
    let text = "Access to fetch at 'https://api.shop.io/v1/orders?access_token=abc123' from origin 'https://app.shop.io' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let html = render_console(text, false);
    assert_contains(&html, "A CORS error, printed by Chromium");
    assert_contains(&html, "CorsError.PreflightMissingAllowOriginHeader");
    assert_contains(&html, "https://api.shop.io/v1/orders?access_token=****");
    assert_contains(
        &html,
        r#"<code id="console-origin-1">https://app.shop.io</code>"#,
    );
    assert_contains(&html, "has no Access-Control-Allow-Origin header");
    assert_contains(&html, "Load the reproducing scenario");
    assert!(!html.contains("abc123"), "the token is masked everywhere");
    assert!(!html.contains("Not really CORS"));
    // Kept when the user asks.
    assert_contains(&render_console(text, true), "access_token=abc123");
}

#[test]
fn a_message_that_only_looks_like_cors_says_what_it_is() {
    let html = render_console(
        "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/data'. This request has been blocked; the content must be served over HTTPS.",
        false,
    );
    assert_contains(&html, "Not a CORS error, printed by Chromium");
    assert_contains(&html, "Not really CORS: ");
    assert_contains(
        &html,
        "mixed content (an https page asking for an http URL)",
    );
    assert!(!html.contains("CorsError."));
    // Firefox does not print the page's origin.
    let html = render_console(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
        false,
    );
    assert_contains(&html, "printed by Firefox");
    assert_contains(&html, "not in the message");
    assert_contains(&html, "CORSMissingAllowOrigin2");
    assert!(
        !html.contains("CorsError."),
        "Firefox's message does not tell the preflight's failure from the response's"
    );
}

/// A genuine Chromium DevTools export: a DELETE whose preflight answered with another origin;
/// the fetch has status 0 and no response headers.
const GENUINE_HAR: &str = include_str!("../../tests/paste/har/dev/g0085.har");

/// A genuine export of a fetch blocked after its response arrived: status 200 and
/// `net::ERR_FAILED`.
const GENUINE_HAR_RESPONSE_BLOCKED: &str = include_str!("../../tests/paste/har/dev/g0038.har");

fn analysis(text: &str) -> SharedAnalysis {
    match corsim::paste::har::analyze_har(text, &corsim::Profile::CHROMIUM) {
        Ok(a) => SharedAnalysis(Rc::new(a)),
        Err(e) => panic!("{e}"),
    }
}

fn render_table(analysis: SharedAnalysis, keep_secrets: bool, rows_shown: usize) -> String {
    block_on(
        LocalServerRenderer::<HarTable>::with_props(HarTableProps {
            analysis,
            stats: JobStats {
                bytes: 9_800,
                slices: 1,
                longest_ms: 1.5,
                work_ms: 1.5,
                wall_ms: 2.0,
            },
            keep_secrets,
            selected: Some(0),
            rows_shown,
            on_select: Default::default(),
            on_more: Default::default(),
        })
        .render(),
    )
}

#[test]
fn a_failure_after_the_response_shows_its_status_and_error() {
    let html = render_table(analysis(GENUINE_HAR_RESPONSE_BLOCKED), false, 100);
    assert_contains(
        &html,
        r#"<span class="recorded failed">200, then net::ERR_FAILED</span>"#,
    );
}

#[test]
fn a_genuine_har_export_becomes_a_table_with_verdicts_and_notes() {
    let html = render_table(analysis(GENUINE_HAR), false, 100);
    assert_contains(
        &html,
        "1 cross-origin request: corsim blocks 1; 1 failed in the browser.",
    );
    assert_contains(&html, "2 other entries left out (same-origin requests");
    assert_contains(&html, r#"data-entry="1""#);
    assert_contains(&html, r#"aria-current="true""#);
    assert_contains(&html, "DELETE");
    assert_contains(&html, "https://api.corsim.test/g0085/feed");
    assert_contains(
        &html,
        r#"<span class="recorded failed">failed, no response</span>"#,
    );
    assert_contains(&html, "PreflightAllowOriginMismatch");
    assert_contains(
        &html,
        "The request failed in the browser (status 0): its response is not in the HAR; the verdict rests on the preflight",
    );
    assert_contains(&html, "Read 9.6 KB in 2 ms.");
}

fn synthetic_har(count: usize) -> String {
    let entries: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"_resourceType": "fetch", "request": {{"method": "GET", "url": "https://api.example.com/{i}?access_token=secret{i}",
                    "headers": [{{"name": "Origin", "value": "https://app.example.com"}}]}},
                    "response": {{"status": 200, "headers": [{{"name": "Access-Control-Allow-Origin", "value": "https://app.example.com"}}]}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"log": {{"version": "1.2", "entries": [{}]}}}}"#,
        entries.join(",")
    )
}

#[test]
fn the_har_table_masks_urls_and_shows_rows_a_page_at_a_time() {
    let a = analysis(&synthetic_har(130));
    let html = render_table(a.clone(), false, 100);
    assert_eq!(html.matches(r#"class="har-row"#).count(), 100);
    assert_contains(&html, "Show 30 more (30 not shown)");
    assert_contains(&html, "https://api.example.com/7?access_token=****");
    assert!(!html.contains("secret7"), "tokens are masked in the table");
    assert_contains(
        &html,
        "130 cross-origin requests: corsim blocks 0; 0 failed in the browser.",
    );
    let html = render_table(a, true, 200);
    assert_eq!(html.matches(r#"class="har-row"#).count(), 130);
    assert_contains(&html, "access_token=secret7");
    assert!(!html.contains("har-more"));
}

#[test]
fn an_empty_har_says_so() {
    let html = render_table(analysis(r#"{"log": {"entries": []}}"#), false, 100);
    assert_contains(&html, "There is no cross-origin request in this file.");
}

#[test]
fn the_progress_bar_says_where_the_analysis_stands() {
    let html = render_view(crate::components::har_progress(&HarProgressProps {
        progress: JobProgress {
            stage: JobStage::Reading,
            done: 9 << 20,
            total: 25 << 20,
            fraction: 0.21,
        },
        on_stop: Default::default(),
    }));
    assert_contains(&html, "Reading the entries: 9.0 MB of 25.0 MB");
    assert_contains(&html, r#"max="1000""#);
    assert_contains(&html, r#"value="210""#);
    assert_contains(&html, "21 %");
    assert_contains(&html, r#"<label for="har-progress-bar">"#);
    assert_contains(&html, ">Stop<");
}

fn render_outcome(text: &str) -> String {
    let (_, read) = crate::paste::recognise(text);
    render_view(crate::components::paste_outcome(&PasteOutcomeProps {
        read,
        keep_secrets: false,
        on_action: Default::default(),
        on_headers: Default::default(),
    }))
}

#[test]
fn what_fills_the_form_says_what_it_read() {
    let html = render_outcome(
        "curl 'https://api.example.com/x?api_key=k1' -X PUT -H 'user-agent: x' -H 'content-type: application/json'",
    );
    assert_contains(&html, "PUT https://api.example.com/x?api_key=****");
    assert_contains(
        &html,
        "leaving out the headers the browser sets itself: user-agent",
    );
    assert_contains(
        &html,
        "✓ In the form below: the request of the pasted curl command.",
    );
    assert_contains(&html, ">Fill it again<");
    let html = render_outcome(
        "$ curl -i https://api.example.com/x\nHTTP/2 500\ncontent-type: text/html\n\noops",
    );
    assert_contains(&html, "GET https://api.example.com/x, answered 500");
    assert_contains(&html, "Curl sent no Origin header");
    // One notice: what is on screen and what was assumed, in the engine's words.
    assert_contains(
        &html,
        "✓ On screen below: the curl transcript, with its verdict, its fix and its steps.",
    );
    assert_contains(&html, "corsim assumed the page's origin");
    assert_contains(&html, ">Load it again<");
    let html = render_outcome(
        "HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: *\nnot a header line",
    );
    assert_contains(&html, "1 header, status 204");
    assert_contains(&html, "1 line not read");
    assert_contains(&html, ">Use as the response<");
    assert_contains(&html, "Use as the preflight's answer");
    let html = render_outcome(
        r#"[{"origin": "https://a.example", "request": {"url": "https://b.example/"}}, {"origin": "https://a.example", "request": {"url": "https://c.example/"}}]"#,
    );
    assert_contains(
        &html,
        "GET https://b.example/ from https://a.example (the first of 2 scenarios)",
    );
    let html = render_outcome(r#"{"origin": 5, "request": {}}"#);
    assert_contains(&html, r#"id="paste-problems""#);
    let html = render_outcome("lorem ipsum dolor sit amet");
    assert_contains(&html, "Not recognised: corsim looked for");
}

#[test]
fn the_share_panel_says_whether_secrets_are_kept() {
    let render = |kept: bool| {
        render_view(crate::components::share_panel(&SharePanelProps {
            base_url: "https://corsim.example/".into(),
            fragment: "v1=abc".into(),
            masked: if kept {
                Vec::new()
            } else {
                vec!["request header Authorization".to_string()]
            },
            kept,
        }))
    };
    assert_contains(
        &render(false),
        "Masked in the link: request header Authorization. Tick “Keep secrets” in the paste box to keep them.",
    );
    assert_contains(&render(true), "“Keep secrets” is ticked");
}
