//! What the paste box read, for the inputs that fill the form: a `curl` command or `fetch()`
//! call (the request), a `curl` transcript (the request and the answers), scenario JSON, a header
//! block (the preflight's answer or the response); and for an input it does not read, what it
//! reads.

use yew::prelude::*;

use crate::paste::{PastedRequest, Recognised};
use crate::state::{Action, Pane};

/// Props of [`paste_outcome`].
#[derive(Properties, PartialEq)]
pub struct PasteOutcomeProps {
    /// What was read.
    pub read: Recognised,
    /// Whether secrets in URLs are shown as pasted.
    pub keep_secrets: bool,
    /// Emits what fills the form.
    pub on_action: Callback<Action>,
    /// Uses the pasted header block as one of the server's answers.
    pub on_headers: Callback<Pane>,
}

/// The one notice about what a paste put on screen: what it is and what corsim assumed, in
/// the engine's words, with a button that loads it again.
fn on_screen(label: &str, assumed: &[String], onclick: Callback<MouseEvent>) -> Html {
    let assumed = corsim::text::paste::assumed(assumed, None, true);
    html! {
        <div class="actions on-screen">
            <p class="on-screen-note" id="paste-on-screen">
                { corsim::text::paste::on_screen(label, None) }
                if !assumed.is_empty() {
                    { " " }<span class="assumed" id="paste-assumed">{ assumed }</span>
                }
            </p>
            <button type="button" class="secondary" id="paste-load" {onclick}>{ "Load it again" }</button>
        </div>
    }
}

/// The outcome of a paste that fills the form.
pub fn paste_outcome(props: &PasteOutcomeProps) -> Html {
    let url = |u: &str| {
        if props.keep_secrets {
            u.to_string()
        } else {
            crate::paste::mask_url(u)
        }
    };
    let emit = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    match &props.read {
        Recognised::Request(PastedRequest::Read {
            init,
            origin,
            kind,
            left_out,
        }) => {
            let onclick = emit(Action::FillRequest {
                init: init.clone(),
                origin: origin.clone(),
                kind: kind.clone(),
                announce: false,
            });
            html! {
                <div class="paste-outcome" id="paste-outcome">
                    <p>
                        { format!("{} {}", init.method, url(&init.url)) }
                        if !left_out.is_empty() {
                            { format!(" (leaving out the headers the browser sets itself: {})", left_out.join(", ")) }
                        }
                    </p>
                    <div class="actions on-screen">
                        <p class="on-screen-note" id="paste-on-screen">{ corsim::text::paste::request_filled(kind, origin.is_some()) }</p>
                        <button type="button" class="secondary" id="paste-load" {onclick}>{ "Fill it again" }</button>
                    </div>
                </div>
            }
        }
        Recognised::Request(PastedRequest::Problems(problems))
        | Recognised::TranscriptProblems(problems)
        | Recognised::ScenarioProblems(problems) => html! {
            <ul class="problems" id="paste-problems">
                { for problems.iter().map(|p| html! { <li>{ p }</li> }) }
            </ul>
        },
        Recognised::Transcript {
            scenario,
            notes,
            problems,
            assumed,
            label,
        } => {
            let onclick = emit(Action::LoadPasted {
                assumed: assumed.clone(),
                scenario: scenario.clone(),
                what: label.clone(),
                browser: None,
                announce: false,
            });
            let redirects = scenario.redirects.len();
            html! {
                <div class="paste-outcome" id="paste-outcome">
                    <p>
                        { format!("{} {}, answered {}", scenario.request.method, url(&scenario.request.url), scenario.response.status) }
                        if redirects > 0 {
                            { format!(" after {redirects} redirect{}", if redirects == 1 { "" } else { "s" }) }
                        }
                    </p>
                    if !notes.is_empty() {
                        <ul class="notes">{ for notes.iter().map(|n| html! { <li>{ crate::present::sentence(n) }</li> }) }</ul>
                    }
                    if !problems.is_empty() {
                        <ul class="problems">{ for problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                    }
                    { on_screen(label, assumed, onclick) }
                </div>
            }
        }
        Recognised::Scenario { scenario, count } => {
            let onclick = emit(Action::LoadPasted {
                scenario: scenario.clone(),
                what: crate::paste::SCENARIO_LABEL.to_string(),
                assumed: Vec::new(),
                browser: None,
                announce: false,
            });
            html! {
                <div class="paste-outcome" id="paste-outcome">
                    <p>
                        { format!("{} {} from {}", scenario.request.method, url(&scenario.request.url), scenario.origin) }
                        if *count > 1 {
                            { format!(" (the first of {count} scenarios)") }
                        }
                    </p>
                    { on_screen(crate::paste::SCENARIO_LABEL, &[], onclick) }
                </div>
            }
        }
        Recognised::Headers { block, findings } => {
            if let Some(request) = &block.request {
                return html! {
                    <div class="paste-outcome" id="paste-outcome">
                        <p>{ format!("Request headers ({request}).") }</p>
                        <p class="hint">{ "There is no Host header, so the URL is not known. Copy the whole request from DevTools' Network panel (the raw request headers, Copy as fetch or Copy as cURL) and paste that." }</p>
                    </div>
                };
            }
            let on_preflight = props.on_headers.reform(|_: MouseEvent| Pane::Preflight);
            let on_response = props.on_headers.reform(|_: MouseEvent| Pane::Response);
            let count = block.headers.len();
            html! {
                <div class="paste-outcome" id="paste-outcome">
                    <p>
                        { format!("{count} header{}", if count == 1 { "" } else { "s" }) }
                        if let Some(status) = block.status {
                            { format!(", status {status}") }
                        }
                        if let Some(format) = &block.format {
                            { format!(", read as {format}") }
                        }
                        if !block.problems.is_empty() {
                            { format!("; {} line{} not read", block.problems.len(), if block.problems.len() == 1 { "" } else { "s" }) }
                        }
                    </p>
                    if !findings.is_empty() {
                        <ul class="notes" id="paste-findings">{ for findings.iter().map(|f| html! { <li>{ crate::present::sentence(f) }</li> }) }</ul>
                    }
                    <div class="actions">
                        <button type="button" class="primary" id="paste-use-response" onclick={on_response}>{ "Use as the response" }</button>
                        <button type="button" class="secondary" id="paste-use-preflight" onclick={on_preflight}>{ "Use as the preflight's answer" }</button>
                    </div>
                </div>
            }
        }
        Recognised::Unknown(why) => html! {
            <p class="hint" id="paste-outcome">
                { crate::present::sentence(why) }
            </p>
        },
        Recognised::Request(PastedRequest::Empty)
        | Recognised::Empty
        | Recognised::Console(_)
        | Recognised::Har => Html::default(),
    }
}
