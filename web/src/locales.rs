//! Firefox's console templates in its other 102 languages, loaded the first time a paste needs
//! them. The page's wasm holds only the en-US templates (the engine is built without its
//! `firefox-l10n` feature: the table is 57 KB gzipped); the table is a static file of the page's
//! own origin ([`TABLE`], core/data/firefox-l10n.tsv and firefox-l10n-older.tsv joined by the
//! build), fetched with a plain GET that carries nothing the user typed, and handed to
//! [`corsim::paste::console::add_firefox_locales`].

use std::cell::Cell;

use wasm_bindgen::JsCast;

/// The table's path, relative to the page.
pub const TABLE: &str = "firefox-l10n.tsv";

thread_local! {
    /// Whether the table is being fetched (or was, successfully or not): it is fetched once.
    static REQUESTED: Cell<bool> = const { Cell::new(false) };
}

/// Starts fetching the table when `text` needs it
/// ([`corsim::paste::console::wants_firefox_locales`]) and it was not requested before; `done`
/// is called once the templates are added. Outside a browser, nothing.
pub fn load_for(text: &str, done: impl FnOnce() + 'static) {
    if !cfg!(target_arch = "wasm32")
        || REQUESTED.with(Cell::get)
        || !corsim::paste::console::wants_firefox_locales(text)
    {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    REQUESTED.with(|r| r.set(true));
    let request = window.fetch_with_str(TABLE);
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_text(request).await {
            Ok(table) => match corsim::paste::console::add_firefox_locales(table) {
                Ok(_) => done(),
                Err(e) => log(&format!("corsim: {TABLE}: {e}")),
            },
            Err(e) => log(&format!("corsim: could not load {TABLE}: {e}")),
        }
    });
}

/// The body of a fetch's response, as text.
async fn fetch_text(request: js_sys::Promise) -> Result<String, String> {
    let describe = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let response = wasm_bindgen_futures::JsFuture::from(request)
        .await
        .map_err(describe)?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string().ok_or_else(|| "not a text".to_string())
}

/// A warning in the browser's console (the paste is then read with the en-US templates only).
fn log(message: &str) {
    web_sys::console::warn_1(&message.into());
}
