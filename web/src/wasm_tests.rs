//! Tests in a real browser (`wasm-pack test --headless --chrome web`): the page mounted into
//! the document, driven through DOM events as a user would.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use crate::app::{App, AppProps};
use crate::permalink::codec;
use crate::{gallery, permalink};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    match web_sys::window().and_then(|w| w.document()) {
        Some(d) => d,
        None => panic!("no document"),
    }
}

/// Mounts the page into a fresh element and renders it.
async fn mount(props: AppProps) -> Element {
    let doc = document();
    let root = match doc.create_element("div") {
        Ok(e) => e,
        Err(e) => panic!("{e:?}"),
    };
    if let Some(body) = doc.body() {
        let _ = body.append_child(&root);
    }
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    match root.query_selector(selector) {
        Ok(Some(e)) => e,
        _ => panic!("nothing matches {selector}"),
    }
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// Types a value into an input or a text area, as the `input` event reports it.
async fn type_into(root: &Element, selector: &str, value: &str) {
    let element = find(root, selector);
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::InputEvent::new_with_event_init_dict("input", &init) {
        let _ = element.dispatch_event(&event);
    }
    yew::scheduler::flush().await;
}

async fn click(root: &Element, selector: &str) {
    if let Some(e) = find(root, selector).dyn_ref::<HtmlElement>() {
        e.click();
    }
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
fn upper_case_maps_as_rust_does() {
    for c in [
        'a',
        'Z',
        '1',
        'é',
        'ß',
        'ŉ',
        'ǅ',
        'ﬃ',
        'ω',
        'и',
        '\u{10428}',
        '中',
    ] {
        let rust: String = c.to_uppercase().collect();
        assert_eq!(crate::browser::upper_case(c), rust, "{c:?}");
    }
}

#[wasm_bindgen_test]
async fn the_page_renders_the_default_verdict() {
    let root = mount(AppProps::from_location("", "", "")).await;
    assert_eq!(text(&root, "#verdict-kind"), "Blocked");
    assert!(text(&root, "#console-line").contains("Request header field authorization"));
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_a_method_re_evaluates() {
    let root = mount(AppProps::from_location("", "", "")).await;
    // Allow Authorization first, so the method is what matters.
    type_into(
        &root,
        "#preflight-paste",
        "HTTP/1.1 204\nAccess-Control-Allow-Origin: https://app.example.com\nAccess-Control-Allow-Methods: PUT, PATCH\nAccess-Control-Allow-Headers: Content-Type, Authorization",
    ).await;
    assert_eq!(text(&root, "#verdict-kind"), "Allowed");
    type_into(&root, "#method", "patch").await;
    assert_eq!(text(&root, "#verdict-kind"), "Blocked");
    assert!(text(&root, "#console-line").contains("Method patch is not allowed"));
    type_into(&root, "#method", "PATCH").await;
    assert_eq!(text(&root, "#verdict-kind"), "Allowed");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_address_bar_holds_the_permalink() {
    let root = mount(AppProps::from_location("", "", "")).await;
    type_into(&root, "#url", "https://api.example.com/v2/x").await;
    // The fragment is written once typing pauses.
    gloo_timers::future::TimeoutFuture::new(crate::app::FRAGMENT_DELAY_MS + 100).await;
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let fragment = permalink::parse_fragment(&hash);
    match fragment.scenario {
        Some(Ok(s)) => assert_eq!(s.request.url, "https://api.example.com/v2/x"),
        other => panic!("fragment {hash}: {other:?}"),
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn a_gallery_card_loads_its_lesson() {
    let root = mount(AppProps::from_location("", "", "")).await;
    click(&root, "#gallery-patch-lowercase").await;
    assert!(text(&root, "#lesson-title").contains("'patch'"));
    let method = find(&root, "#method")
        .dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default();
    assert_eq!(method, "patch");
    root.remove();
}

#[wasm_bindgen_test]
async fn codecs_agree_in_wasm() {
    let Some(s) = gallery::default_scenario() else {
        panic!("no default scenario");
    };
    let data = permalink::encode_data(&s);
    assert_eq!(permalink::decode_data(&data), Ok(s));
    let bytes: Vec<u8> = (0..=255u8).collect();
    assert_eq!(
        codec::base64url_decode(&codec::base64url_encode(&bytes)),
        Ok(bytes)
    );
}

/// Waits (up to two seconds) for an element to appear, as the HAR analysis runs in slices
/// between timeouts.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..100 {
        if let Ok(Some(e)) = root.query_selector(selector) {
            return e;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
        yew::scheduler::flush().await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn a_pasted_console_line_is_explained_and_reproduced() {
    let root = mount(AppProps::from_location("", "", "")).await;
    type_into(
        &root,
        "#paste-anything",
        "Access to fetch at 'https://api.shop-demo.io/v1/items' from origin 'https://shop.shop-demo.io' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
    )
    .await;
    assert_eq!(
        text(&root, "#paste-kind"),
        "Recognised: browser console message"
    );
    assert_eq!(
        text(&root, "#console-cors-error-1"),
        "CorsError.WildcardOriginNotAllowed"
    );
    click(&root, "#load-console-scenario-1").await;
    assert_eq!(text(&root, "#verdict-kind"), "Blocked");
    assert!(text(&root, "#console-line").contains("must not be the wildcard '*'"));
    let origin = find(&root, "#origin")
        .dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default();
    assert_eq!(origin, "https://shop.shop-demo.io");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_pasted_har_is_analysed_in_slices_and_a_row_loads() {
    let root = mount(AppProps::from_location("", "", "")).await;
    type_into(
        &root,
        "#paste-anything",
        include_str!("../../tests/paste/har/dev/g0085.har"),
    )
    .await;
    assert_eq!(text(&root, "#paste-kind"), "Recognised: HAR file");
    wait_for(&root, "#har-table").await;
    assert!(text(&root, "#har-summary").starts_with("1 cross-origin request"));
    click(&root, "#har-table button.har-load").await;
    assert!(text(&root, "#console-line").contains("https://api.corsim.test/g0085/feed"));
    assert!(text(&root, ".notice").starts_with("Loaded HAR entry 1 into the form: DELETE"));
    // A text that is not a HAR file at all.
    type_into(&root, "#paste-anything", "{\"log\": {\"entries\": [1,]}}").await;
    let error = wait_for(&root, "#har-error").await;
    assert!(
        error
            .text_content()
            .unwrap_or_default()
            .contains("line 1, column"),
        "{:?}",
        error.text_content()
    );
    root.remove();
}
