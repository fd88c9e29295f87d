//! What the browser makes of the request, shown as the user types: same origin or not and why,
//! preflight or not and what triggers it, the headers it drops, the exact preflight it sends.

use std::rc::Rc;

use yew::prelude::*;

use super::CopyButton;
use crate::present::RequestFacts as Facts;
use crate::view;

/// Props of [`request_facts`].
#[derive(Properties, PartialEq)]
pub struct RequestFactsProps {
    /// The facts, from the verdict's steps.
    pub facts: Rc<Facts>,
    /// The preflight and the request as `curl` commands ([`corsim::text::curl`]).
    pub curl: Rc<corsim::text::curl::CurlCommands>,
    /// The page's origin when corsim assumed it ([`corsim::advice::assumed_origin`]): the
    /// `Origin` the preflight and the commands carry is named as an assumption.
    #[prop_or_default]
    pub assumed_origin: Option<AttrValue>,
}

/// The note that the `Origin` in what is shown is an assumption.
fn assumed_origin_note(origin: &Option<AttrValue>, id: &str) -> Html {
    match origin {
        Some(origin) => html! {
            <p class="assumed-note" id={id.to_string()}>
                { "The paste does not say which page sent the request: its Origin, " }
                <code>{ origin.clone() }</code>
                { ", is assumed. Put your page's origin there before you run it." }
            </p>
        },
        None => Html::default(),
    }
}

/// The facts about the request.
pub fn request_facts(props: &RequestFactsProps) -> Html {
    let f = &*props.facts;
    let preflight_text = f.preflight_request.clone();
    html! {
        <div class="facts" aria-live="polite">
            if let Some(step) = &f.request_error {
                <div class="fact fail" id="fact-error">
                    <h3>{ "fetch() throws before sending anything" }</h3>
                    <p>{ &step.reason }</p>
                </div>
            }
            if let Some(step) = &f.origin {
                <div class="fact" id="fact-origin">
                    <h3>{ "Same origin?" }</h3>
                    <p>{ &step.reason }</p>
                    { view::values_table(&step.values) }
                </div>
            }
            <div class="fact" id="fact-preflight">
                <h3>{ "Preflight?" }</h3>
                if let Some(step) = &f.preflight_decision {
                    <p>{ &step.reason }</p>
                    { view::values_table(&step.values) }
                } else if f.request_error.is_none() {
                    <p>{ "The browser makes no CORS preflight decision for this request: CORS does not apply to it (see above)." }</p>
                }
            </div>
            if !f.dropped.is_empty() {
                <div class="fact warn" id="fact-dropped">
                    <h3>{ "What the browser changes in your headers" }</h3>
                    <ul>
                        { for f.dropped.iter().map(|s| html! { <li>{ &s.reason }</li> }) }
                    </ul>
                </div>
            }
            if let Some(text) = preflight_text {
                <div class="fact" id="fact-preflight-request">
                    <div class="fact-head">
                        <h3>{ "The preflight it sends" }</h3>
                        <CopyButton text={text.clone()} what="the preflight request" />
                    </div>
                    { view::code_block(&text, "The preflight request", "http") }
                    { assumed_origin_note(&props.assumed_origin, "preflight-origin-assumed") }
                </div>
            }
            if props.curl.preflight.is_some() || props.curl.request.is_some() {
                <div class="fact" id="fact-curl">
                    <h3>{ "Ask your server yourself" }</h3>
                    <p>{ "corsim cannot reach your server from this page. These commands send what the browser sends; run one in a terminal and paste its output into the box at the top (or into an answer's paste box)." }</p>
                    { assumed_origin_note(&props.assumed_origin, "curl-origin-assumed") }
                    <div class="actions">
                        if let Some(pre) = &props.curl.preflight {
                            <CopyButton text={pre.clone()} label="Copy the preflight as curl" what="the preflight as a curl command" />
                        }
                        if let Some(req) = &props.curl.request {
                            <CopyButton text={req.clone()} label="Copy the request as curl" what="the request as a curl command" />
                        }
                    </div>
                    <details class="curl-text">
                        <summary>{ "Show the commands" }</summary>
                        if let Some(pre) = &props.curl.preflight {
                            { view::code_block(pre, "The preflight as a curl command", "shell") }
                        }
                        if let Some(req) = &props.curl.request {
                            { view::code_block(req, "The request as a curl command", "shell") }
                        }
                    </details>
                </div>
            }
        </div>
    }
}
