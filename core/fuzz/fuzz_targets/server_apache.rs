//! The apache configuration reader, and the server model answering a preflight and a request.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(config) = corsim::server::read(text, Some(corsim::server::Kind::Apache)) {
        for request in corsim::server::fuzz_requests() {
            for case in corsim::server::Case::ALL {
                let _ = config.respond(&request, &case.backend(&[]));
            }
        }
    }
});
