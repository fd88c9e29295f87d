//! "Why does the browser block this? What is a preflight?": the engine's primer
//! ([`corsim::text::primer`]) next to the verdict, open until the reader has seen it once (the
//! choice is remembered in this browser's `localStorage`; nothing leaves the page).

use yew::prelude::*;

use crate::browser;

/// The `localStorage` key that records that the primer was seen.
const SEEN_KEY: &str = "corsim-primer-seen";

/// The primer.
#[component]
pub fn Primer() -> Html {
    // Open the first time on a wide screen (on a phone it would push the fix a screen down);
    // collapsed once the reader has seen it.
    let open = use_state_eq(|| browser::stored(SEEN_KEY).is_none() && browser::wide_screen());
    {
        use_effect_with((), move |_| {
            browser::store(SEEN_KEY, "1");
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    html! {
        <details class="primer" id="primer" open={*open} {ontoggle}>
            <summary>{ "New to CORS? Why the browser blocks this, and what a preflight is" }</summary>
            <dl>
                { for corsim::text::primer::PRIMER.iter().map(|e| html! {
                    <div id={format!("primer-{}", e.id)}>
                        <dt>{ e.question }</dt>
                        <dd>{ e.answer }</dd>
                    </div>
                }) }
            </dl>
        </details>
    }
}
