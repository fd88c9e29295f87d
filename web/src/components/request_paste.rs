//! Paste a whole request — DevTools' "Copy as fetch" or "Copy as cURL" — to fill the form.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::paste::{self, PastedRequest};
use crate::state::Action;

/// Props of [`RequestPaste`].
#[derive(Properties, PartialEq)]
pub struct RequestPasteProps {
    /// Emits [`Action::FillRequest`].
    pub on_action: Callback<Action>,
}

/// A text area for a copied request, what it was read as, and a button that fills the form.
#[component]
pub fn RequestPaste(props: &RequestPasteProps) -> Html {
    let text = use_state(String::new);
    let parsed = use_memo((*text).clone(), |t| paste::request(t));
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let status = match &*parsed {
        PastedRequest::Empty => html! {
            <p class="hint" id="request-paste-status">{ "In DevTools' Network panel, right-click the request → Copy → Copy as fetch, or Copy as cURL; or paste its raw request headers." }</p>
        },
        PastedRequest::Read {
            init,
            kind,
            left_out,
            ..
        } => html! {
            <p class="ok" id="request-paste-status">
                { format!("Read a {kind}: {} {}", init.method, init.url) }
                if !left_out.is_empty() {
                    { format!(" (leaving out the headers the browser sets itself: {})", left_out.join(", ")) }
                }
            </p>
        },
        PastedRequest::Problems(problems) => html! {
            <ul class="problems" id="request-paste-status">
                { for problems.iter().map(|p| html! { <li>{ p }</li> }) }
            </ul>
        },
    };
    let fill = match &*parsed {
        PastedRequest::Read {
            init, origin, kind, ..
        } => {
            let action = Action::FillRequest {
                init: init.clone(),
                origin: origin.clone(),
                kind: kind.clone(),
                announce: true,
            };
            let on_action = props.on_action.clone();
            Some(Callback::from(move |_: MouseEvent| {
                on_action.emit(action.clone())
            }))
        }
        PastedRequest::Empty | PastedRequest::Problems(_) => None,
    };
    html! {
        <details class="request-paste">
            <summary>{ "Paste a request (Copy as fetch / Copy as cURL)" }</summary>
            <textarea id="request-paste" rows="5" value={(*text).clone()} {oninput}
                spellcheck="false" aria-label="Copied request" aria-describedby="request-paste-status"
                placeholder={"fetch(\"https://api.example.com/v1/orders\", {\n  \"headers\": {\"content-type\": \"application/json\"},\n  \"method\": \"POST\"\n});"} />
            { status }
            <button type="button" class="primary" disabled={fill.is_none()}
                onclick={fill.unwrap_or_default()}>{ "Fill the form" }</button>
        </details>
    }
}
