//! The few things the page asks of the browser: the URL's fragment and query, rewriting the
//! fragment without a navigation, the clipboard, the clock, and texts held by JavaScript (a
//! pasted text, a file read locally with `FileReader`) measured and copied into WebAssembly memory
//! in pieces. Each call does nothing (or returns an empty value) when there is no window, so
//! rendering outside a browser never reaches them with harm; none of them ever makes a network
//! request.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// A text held by JavaScript (a paste, a file's contents), not yet copied into WebAssembly
/// memory: copying 40 MB at once would stall the page, and an absurdly large one is refused
/// before it is copied.
pub type JsText = js_sys::JsString;

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

/// Copies text to the clipboard, asynchronously; `done` learns whether the browser took it (a
/// refusal leaves the text selectable on the page).
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    // Whichever settles the promise calls `done` once.
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let settle = |copied: bool| {
        let done = done.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            if let Some(done) = done.borrow_mut().take() {
                done(copied);
            }
        })
    };
    let (ok, refused) = (settle(true), settle(false));
    let _ = promise.then2(&ok, &refused);
    // The two closures live as long as the page: a few bytes per click.
    ok.forget();
    refused.forget();
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

/// A character in upper case, as `char::to_uppercase` maps it (the Unicode full mapping: `ß`
/// gives `SS`). ASCII is mapped here; any other character, in the browser, by JavaScript's
/// `toUpperCase` (the same Unicode mapping), so that the page does not carry Rust's case tables
/// (about 7 KB gzipped) for the rare sentence that starts with one.
pub fn upper_case(c: char) -> String {
    if c.is_ascii() {
        return c.to_ascii_uppercase().to_string();
    }
    unicode_upper_case(c)
}

#[cfg(target_arch = "wasm32")]
fn unicode_upper_case(c: char) -> String {
    String::from(js_sys::JsString::from(c.to_string()).to_upper_case())
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_upper_case(c: char) -> String {
    c.to_uppercase().collect()
}

/// A monotonic clock in milliseconds (`performance.now()`; 0 without a window).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The length of a JavaScript text in UTF-16 code units: never more than its size in UTF-8
/// bytes, so a text longer than a byte limit is over it.
pub fn js_text_len(text: &JsText) -> usize {
    text.length() as usize
}

/// Copies up to `units` UTF-16 code units of `text` from `start` into a Rust string, never
/// splitting a surrogate pair; returns the piece and where the next one starts.
pub fn js_text_piece(text: &JsText, start: u32, units: u32) -> (String, u32) {
    let len = text.length();
    let mut end = start.saturating_add(units.max(2)).min(len);
    if end < len && end > start {
        let last = text.char_code_at(end - 1);
        if (f64::from(0xD800u16)..=f64::from(0xDBFFu16)).contains(&last) {
            end -= 1;
        }
    }
    (String::from(text.slice(start, end)), end)
}

/// The first `units` UTF-16 code units of a JavaScript text, as a Rust string.
pub fn js_text_prefix(text: &JsText, units: u32) -> String {
    js_text_piece(text, 0, units).0
}

/// The whole of a JavaScript text, as a Rust string.
pub fn js_text_string(text: &JsText) -> String {
    String::from(text)
}

/// The `value` of an input or text area, left in JavaScript.
pub fn value_text(target: Option<&web_sys::EventTarget>) -> Option<JsText> {
    let target = target?;
    js_sys::Reflect::get(target, &JsValue::from_str("value"))
        .ok()?
        .dyn_into::<JsText>()
        .ok()
}

/// Empties an input or a text area (after its value was taken elsewhere).
pub fn clear_value(target: Option<&web_sys::EventTarget>) {
    if let Some(target) = target {
        let _ = js_sys::Reflect::set(target, &JsValue::from_str("value"), &JsValue::from_str(""));
    }
}

/// The plain text of a `paste` event, left in JavaScript.
pub fn pasted_text(event: &web_sys::Event) -> Option<JsText> {
    let data = event
        .dyn_ref::<web_sys::ClipboardEvent>()?
        .clipboard_data()?;
    let get_data = js_sys::Reflect::get(&data, &JsValue::from_str("getData"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    get_data
        .call1(&data, &JsValue::from_str("text/plain"))
        .ok()?
        .dyn_into::<JsText>()
        .ok()
}

/// The file chosen in a file input (`change` event), and the input (to reset it, so that
/// choosing the same file again is noticed).
pub fn chosen_file(event: &web_sys::Event) -> Option<(web_sys::File, web_sys::HtmlInputElement)> {
    let input = event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files()?.get(0)?;
    Some((file, input))
}

/// Whether a drag carries files (a file dragged over the page, not text).
pub fn dragged_files(event: &web_sys::DragEvent) -> bool {
    event
        .data_transfer()
        .is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0))
}

/// The first file of a drop, if files were dropped.
pub fn dropped_file(event: &web_sys::DragEvent) -> Option<web_sys::File> {
    event.data_transfer()?.files()?.get(0)
}

/// Reads a local file as text with `FileReader` (nothing is sent anywhere), then calls `done`
/// with the text, or with why it could not be read.
pub fn read_file(file: &web_sys::File, done: impl FnOnce(Result<JsText, String>) + 'static) {
    let reader = match web_sys::FileReader::new() {
        Ok(r) => r,
        Err(_) => {
            done(Err("this browser cannot read local files".to_string()));
            return;
        }
    };
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |result: Result<JsText, String>| {
            if let Some(done) = done.borrow_mut().take() {
                done(result);
            }
        }
    };
    let handle = reader.clone();
    let on_end_finish = finish.clone();
    // `loadend` comes after a success and after a failure alike; the closure frees itself once
    // called.
    let on_end = Closure::once_into_js(move || {
        let text = handle
            .result()
            .ok()
            .and_then(|r| r.dyn_into::<JsText>().ok());
        match text {
            Some(t) if handle.error().is_none() => on_end_finish(Ok(t)),
            _ => on_end_finish(Err("the file could not be read".to_string())),
        }
    });
    reader.set_onloadend(Some(on_end.unchecked_ref()));
    if reader.read_as_text(file).is_err() {
        reader.set_onloadend(None);
        finish(Err("the file could not be read".to_string()));
    }
}

/// A value this page stored in the browser's `localStorage` (`None` when there is none, when
/// storage is refused, and outside a browser).
pub fn stored(key: &str) -> Option<String> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Stores a value in the browser's `localStorage` (ignored when storage is refused). It stays in
/// this browser: nothing is sent anywhere.
pub fn store(key: &str, value: &str) {
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
}

/// Whether the page is shown wide (at least 960 CSS pixels: the two-column layout). `false`
/// outside a browser.
pub fn wide_screen() -> bool {
    if !cfg!(target_arch = "wasm32") {
        return false;
    }
    web_sys::window()
        .and_then(|w| w.match_media("(min-width: 960px)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Marks the page as live (`<html data-live>`): the app has taken over the pre-rendered HTML or
/// rendered its own. Nothing outside a browser.
pub fn mark_live() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-live", "");
    }
}
