//! Pasted console messages, read: every message of the paste, in order — which browser printed
//! it, what it is, the reason in plain words, the URL and the page's origin, DevTools'
//! `CorsError`, the status — and, for each CORS message, what corsim had to assume to rebuild it
//! and a button that loads that scenario.

use std::rc::Rc;

use corsim::paste::console::explain::explain;
use corsim::paste::console::{ConsoleMessage, MessageKind};
use corsim::paste::reading::{ReadVerdict, Reading};
use corsim::text::paste as words;
use yew::prelude::*;

use crate::{paste, present};

/// Props of [`console_panel`].
#[derive(Properties, PartialEq)]
pub struct ConsolePanelProps {
    /// What the engine read.
    pub reading: Rc<Reading>,
    /// Whether secrets in URLs are shown as pasted.
    pub keep_secrets: bool,
    /// Loads the scenario of verdict `i` (an index into the reading's verdicts).
    pub on_load: Callback<usize>,
    /// The verdict whose scenario is on screen below (loaded at once when pasted, or by its
    /// button): it says so instead of asking to be loaded.
    #[prop_or_default]
    pub on_screen: Option<usize>,
}

fn title(m: &ConsoleMessage) -> String {
    let what = match m.kind {
        MessageKind::Cors => "A CORS error",
        MessageKind::MixedContent
        | MessageKind::LocalNetworkAccess
        | MessageKind::Csp
        | MessageKind::Network
        | MessageKind::Other => "Not a CORS error",
    };
    match m.browser {
        Some(b) => format!("{what}, printed by {}", b.name()),
        None => format!("{what} (the words do not tell which browser printed it)"),
    }
}

fn lines(m: &ConsoleMessage) -> String {
    if m.lines.0 == m.lines.1 {
        format!("line {}", m.lines.0)
    } else {
        format!("lines {}–{}", m.lines.0, m.lines.1)
    }
}

fn message_view(
    i: usize,
    m: &ConsoleMessage,
    verdict: Option<(usize, &ReadVerdict)>,
    props: &ConsolePanelProps,
) -> Html {
    let show_url = |url: &str| {
        if props.keep_secrets {
            url.to_string()
        } else {
            paste::mask_url(url)
        }
    };
    let mut explanation = explain(m);
    if !props.keep_secrets {
        for url in [&m.url, &m.redirected_from].into_iter().flatten() {
            explanation = paste::mask_in_text(&explanation, url);
        }
    }
    let n = i + 1;
    let load = verdict.map(|(index, v)| {
        let onclick = props.on_load.reform(move |_: MouseEvent| index);
        let outcome = words::rebuilt_outcome(v);
        let shown = props.reading.message_on_screen(index);
        let on_screen = props.on_screen == Some(index);
        let assumed = words::assumed(&v.assumed, Some(outcome.as_str()), on_screen);
        let notes = html! {
            if !v.notes.is_empty() {
                <ul class="notes">{ for v.notes.iter().map(|note| html! { <li>{ present::sentence(note) }</li> }) }</ul>
            }
        };
        html! {
            <div class="console-verdict">
                if let (true, Some(shown)) = (on_screen, &shown) {
                    // The one notice: what is on screen, in which browser, and what was assumed.
                    <div class="actions on-screen">
                        <p class="on-screen-note" id={format!("console-on-screen-{n}")}>
                            { words::on_screen(&shown.label, shown.browser) }
                            { " " }<span class="assumed" id={format!("console-assumed-{n}")}>{ assumed }</span>
                        </p>
                        <button type="button" class="secondary" id={format!("load-console-scenario-{n}")} {onclick}>
                            { "Load it again" }
                        </button>
                    </div>
                    { notes }
                } else {
                    <p class="assumed" id={format!("console-assumed-{n}")}>{ assumed }</p>
                    { notes }
                    <div class="actions">
                        <button type="button" class="primary" id={format!("load-console-scenario-{n}")} {onclick}>
                            { "Load the reproducing scenario" }
                        </button>
                    </div>
                }
            </div>
        }
    });
    html! {
        <li class="console-message" id={format!("console-message-{n}")}>
            // One message: the panel's heading is already its title.
            if props.reading.messages.len() == 1 {
                <p class="hint message-where">{ format!("{} · {}", lines(m), m.wording) }</p>
            } else {
                <h4>{ title(m) }<small class="hint">{ format!(" · {} · {}", lines(m), m.wording) }</small></h4>
            }
            if let Some(kind) = m.not_cors() {
                <p class="not-cors"><strong>{ "Not really CORS: " }</strong>{ present::not_cors_label(kind) }</p>
            }
            <p class="explanation" id={format!("console-explanation-{n}")}>{ explanation }</p>
            <dl class="console-facts">
                if let Some(url) = &m.url {
                    <div><dt>{ "URL" }</dt><dd><code id={format!("console-url-{n}")}>{ show_url(url) }</code></dd></div>
                }
                if let Some(from) = &m.redirected_from {
                    <div><dt>{ "Redirected from" }</dt><dd><code>{ show_url(from) }</code></dd></div>
                }
                <div>
                    <dt>{ "Page origin" }</dt>
                    <dd>
                        if let Some(origin) = &m.origin {
                            <code id={format!("console-origin-{n}")}>{ origin }</code>
                        } else {
                            { "not in the message" }
                        }
                    </dd>
                </div>
                if let Some(error) = m.cors_error_name() {
                    <div>
                        <dt>{ words::cors_error_label(m.browser) }</dt>
                        <dd>
                            <code id={format!("console-cors-error-{n}")}>{ format!("CorsError.{error}") }</code>
                            if let Some(p) = m.parameter.as_deref() {
                                { " · failed parameter " }<code>{ format!("{p:?}") }</code>
                            }
                        </dd>
                    </div>
                }
                if let Some(key) = m.firefox_reason {
                    <div><dt>{ "Firefox key" }</dt><dd><code>{ key }</code></dd></div>
                }
                if let Some(status) = m.status {
                    <div><dt>{ "Status" }</dt><dd>{ status.to_string() }</dd></div>
                }
            </dl>
            { for load }
        </li>
    }
}

/// Every console message of a paste.
pub fn console_panel(props: &ConsolePanelProps) -> Html {
    let reading = &*props.reading;
    let count = reading.messages.len();
    let heading = match (count, reading.messages.first()) {
        (1, Some(m)) => title(m),
        _ => format!("{count} console messages"),
    };
    html! {
        <div class="console-read" id="console-read" aria-labelledby="console-read-title">
            <h3 id="console-read-title">{ heading }</h3>
            <ol class="console-messages">
                { for reading.messages.iter().enumerate().map(|(i, m)| {
                    let verdict = reading
                        .verdicts
                        .iter()
                        .enumerate()
                        .find(|(_, v)| v.message == Some(i));
                    message_view(i, m, verdict, props)
                }) }
            </ol>
            if !reading.problems.is_empty() {
                <ul class="problems">{ for reading.problems.iter().map(|p| html! { <li>{ &p.message }</li> }) }</ul>
            }
        </div>
    }
}
