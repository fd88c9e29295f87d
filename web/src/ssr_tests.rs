//! Native rendering tests: the page and its components rendered to HTML with Yew's server
//! renderer, checked for what the user must see.

use std::rc::Rc;

use yew::LocalServerRenderer;

use crate::app::{App, AppProps};
use crate::components::{
    FixPanel, HeaderEditor, ReplyPane, Timeline, VerdictBanner, fix_panel::FixPanelProps,
    header_editor::HeaderEditorProps, reply_pane::ReplyPaneProps, timeline::TimelineProps,
    verdict_banner::VerdictBannerProps,
};
use crate::state::{HeaderRow, List, Pane, ReplyForm};
use crate::{gallery, permalink, present};

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
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
    let html = block_on(LocalServerRenderer::<HeaderEditor>::with_props(props).render());
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
    let html = block_on(
        LocalServerRenderer::<VerdictBanner>::with_props(VerdictBannerProps { verdict: v.clone() })
            .render(),
    );
    assert_eq!(kind_in(&html), "Opaque");
    let html = block_on(
        LocalServerRenderer::<FixPanel>::with_props(FixPanelProps {
            scenario: s.clone(),
            verdict: v.clone(),
        })
        .render(),
    );
    assert_contains(&html, "No response header fixes this");
    let messages = Rc::new(present::messages(&s, &v));
    let html = block_on(
        LocalServerRenderer::<Timeline>::with_props(TimelineProps {
            messages,
            expanded: true,
        })
        .render(),
    );
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
        })
        .render(),
    );
    assert_contains(&html, "Nothing to fix");
    assert_contains(&html, "The configuration that makes this work");
}
