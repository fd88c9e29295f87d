//! In the browser (`wasm-pack test --headless --chrome web/page/idna`): the `url` crate with this
//! IDNA reads hosts as the main workspace's ICU4X build does (web/src/idna_tests.rs, same table).

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

include!("hosts.rs");

#[wasm_bindgen_test]
fn hosts_are_read_as_the_url_standard_says() {
    for (input, expected) in HOSTS {
        let got = url::Url::parse(input)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        assert_eq!(got.as_deref(), *expected, "{input}");
    }
}

#[wasm_bindgen_test]
fn ascii_domains_stay_borrowed_unless_upper_case() {
    use std::borrow::Cow;
    assert!(matches!(
        crate::domain_to_ascii_cow(b"api.example.com", crate::AsciiDenyList::URL),
        Ok(Cow::Borrowed("api.example.com"))
    ));
    assert!(matches!(
        crate::domain_to_ascii_cow(b"API.example.com", crate::AsciiDenyList::URL),
        Ok(Cow::Owned(s)) if s == "api.example.com"
    ));
    assert!(crate::domain_to_ascii_cow(b"a%b", crate::AsciiDenyList::URL).is_err());
    assert!(crate::domain_to_ascii_cow(b"\xff.example", crate::AsciiDenyList::URL).is_err());
}
