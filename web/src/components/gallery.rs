//! The gallery of ready scenarios: one card per situation, each loading into the form.

use yew::prelude::*;

use crate::gallery::{ENTRIES, Entry};

/// Props of [`gallery`].
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    /// The id of the scenario in the form, to mark its card.
    pub current: AttrValue,
    /// Emits the id of the entry to load.
    pub on_load: Callback<&'static str>,
}

/// The gallery.
pub fn gallery(props: &GalleryProps) -> Html {
    html! {
        <section class="gallery" aria-labelledby="gallery-title">
            <h2 id="gallery-title" tabindex="-1">{ "Learn from the classics" }</h2>
            <p>{ "The situations the CORS articles describe and the mix-ups people hit most. Pick one: it loads into the form with its lesson, and you can change anything." }</p>
            <ul class="cards">
                { for ENTRIES.iter().map(|e| card(e, props)) }
            </ul>
            <h3 id="gallery-browsers-title">{ "Works in Chrome, fails in Safari or Firefox (and the reverse)" }</h3>
            <p>{ "Where the browsers part ways, as recorded in real Chromium, Firefox and WebKit. Each opens in the browser that differs." }</p>
            <ul class="cards" aria-labelledby="gallery-browsers-title">
                { for crate::browser_lessons::LESSONS.iter().map(|l| card(&l.entry, props)) }
            </ul>
        </section>
    }
}

/// One card: a button that loads the entry.
fn card(e: &'static Entry, props: &GalleryProps) -> Html {
    let id = e.id;
    let onclick = props.on_load.reform(move |_: MouseEvent| id);
    let current = props.current == e.id;
    html! {
        <li>
            <button type="button" class={crate::view::class_names(&["card", if current { "current" } else { "" }])}
                id={format!("gallery-{}", e.id)} aria-current={current.then_some("true")} {onclick}>
                { e.title }
            </button>
        </li>
    }
}
