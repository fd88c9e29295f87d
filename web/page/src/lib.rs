//! The corsim page's WebAssembly entry point (the `corsim-web` app is a library, so that the
//! build can pre-render it; this crate is the thin cdylib wasm-pack builds into `www/pkg/`).
#![forbid(unsafe_code)]

use corsim_web::{App, AppProps, browser};

/// Starts the page: reads the URL (a permalink, the embed flag) and takes over `#app`.
///
/// `www/index.html` ships the example's page pre-rendered (`corsim-prerender`) in an `#app`
/// marked `data-prerendered`. When the URL asks for that same view, the app hydrates it: the
/// HTML stays, the app attaches its listeners and state to it. When it asks for another (a
/// permalink, the embed view), the pre-rendered HTML is removed and the app renders afresh.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let props = AppProps::from_location(
        &browser::location_search(),
        &browser::location_hash(),
        &browser::page_base_url(),
    );
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id("app") else {
        if let Some(body) = document.body() {
            yew::Renderer::<App>::with_root_and_props(body.into(), props).render();
        }
        return;
    };
    if root.has_attribute("data-prerendered") && props.shows_prerendered() {
        yew::Renderer::<App>::with_root_and_props(root, props).hydrate();
    } else {
        root.set_inner_html("");
        yew::Renderer::<App>::with_root_and_props(root, props).render();
    }
}
