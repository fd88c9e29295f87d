//! "Copy as fetch" calls.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(request) = corsim::paste::fetch_call::parse_fetch_call(text) {
        let _ = request.to_request_init();
    }
});
