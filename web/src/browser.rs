//! The few things the page asks of the browser: the URL's fragment and query, rewriting the
//! fragment without a navigation, and the clipboard. Each call does nothing (or returns an empty
//! string) when there is no window, so rendering outside a browser never reaches them with harm;
//! none of them ever makes a network request.

use wasm_bindgen::JsValue;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The URL's fragment, with its `#` (empty when there is none).
pub fn location_hash() -> String {
    location().and_then(|l| l.hash().ok()).unwrap_or_default()
}

/// The URL's query, with its `?` (empty when there is none).
pub fn location_search() -> String {
    location().and_then(|l| l.search().ok()).unwrap_or_default()
}

/// The page's URL without query or fragment (`https://host/path/`).
pub fn page_base_url() -> String {
    let Some(l) = location() else {
        return String::new();
    };
    format!(
        "{}{}",
        l.origin().unwrap_or_default(),
        l.pathname().unwrap_or_default()
    )
}

/// Replaces the fragment (`fragment` without `#`) in place: no history entry, no
/// `hashchange`, no request.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let url = format!("{}#{fragment}", location_search());
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
}

/// Copies text to the clipboard (asynchronously; a refusal is ignored, the text stays
/// selectable on the page).
pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _promise = window.navigator().clipboard().write_text(text);
    }
}

/// Scrolls an element into view and focuses it, by id.
pub fn focus_id(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(element) = document.get_element_by_id(id) {
        element.scroll_into_view();
        if let Ok(html) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = html.focus();
        }
    }
}
