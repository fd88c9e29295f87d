//! A pasted console message, read: which browser printed it, the reason in plain words, the URL
//! and the page's origin, DevTools' `CorsError`, what it really is when it only looks like CORS,
//! and a button that loads the scenario reproducing it.

use std::rc::Rc;

use corsim::paste::console::ConsoleLine;
use yew::prelude::*;

use crate::{paste, present};

/// Props of [`console_panel`].
#[derive(Properties, PartialEq)]
pub struct ConsolePanelProps {
    /// The message, read by the engine.
    pub line: Rc<ConsoleLine>,
    /// Whether secrets in the URL are shown as pasted.
    pub keep_secrets: bool,
    /// Loads the scenario that reproduces the message.
    pub on_load: Callback<()>,
}

/// What a console message says.
pub fn console_panel(props: &ConsolePanelProps) -> Html {
    let line = &*props.line;
    let show_url = |url: &str| {
        if props.keep_secrets {
            url.to_string()
        } else {
            paste::mask_url(url)
        }
    };
    let explanation = match (&line.url, props.keep_secrets) {
        (Some(url), false) => paste::mask_in_text(&line.explanation, url),
        _ => line.explanation.clone(),
    };
    let title = match (line.cors_error, line.not_cors) {
        (Some(_), _) => "A CORS error",
        (None, Some(_)) => "Not a CORS error",
        (None, None) => "A console message",
    };
    let onclick = props.on_load.reform(|_: MouseEvent| ());
    html! {
        <div class="console-read" id="console-read" aria-labelledby="console-read-title">
            <h3 id="console-read-title">{ format!("{title}, printed by {}", line.browser.name()) }</h3>
            if let Some(n) = line.not_cors {
                <p class="not-cors" id="not-cors">
                    <strong>{ "Not really CORS: " }</strong>{ present::not_cors_label(n) }
                </p>
            }
            <p class="explanation" id="console-explanation">{ explanation }</p>
            <dl class="console-facts">
                if let Some(url) = &line.url {
                    <div><dt>{ "URL" }</dt><dd><code id="console-url">{ show_url(url) }</code></dd></div>
                }
                if let Some(from) = &line.redirected_from {
                    <div><dt>{ "Redirected from" }</dt><dd><code>{ show_url(from) }</code></dd></div>
                }
                <div>
                    <dt>{ "Page origin" }</dt>
                    <dd>
                        if let Some(origin) = &line.origin {
                            <code id="console-origin">{ origin }</code>
                        } else {
                            { "not in the message (" }{ line.browser.name() }{ " does not print it)" }
                        }
                    </dd>
                </div>
                if let Some(error) = line.cors_error {
                    <div>
                        <dt>{ "DevTools" }</dt>
                        <dd>
                            <code id="console-cors-error">{ format!("CorsError.{}", error.name()) }</code>
                            if let Some(p) = line.failed_parameter.as_deref().filter(|p| !p.is_empty()) {
                                { " · failed parameter " }<code>{ p }</code>
                            }
                        </dd>
                    </div>
                }
                if let Some(status) = line.status {
                    <div><dt>{ "Status" }</dt><dd>{ status.to_string() }</dd></div>
                }
            </dl>
            if line.scenario.is_some() {
                <div class="actions">
                    <button type="button" class="primary" id="load-console-scenario" {onclick}>
                        { "Load the reproducing scenario" }
                    </button>
                    <small>{ "It fills the form below; the verdict then shows every step, and the fix." }</small>
                </div>
            }
        </div>
    }
}
