//! Header blocks: `parse_header_block` is total and must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let block = corsim::paste::headers::parse_header_block(text);
    let _ = block.to_reply();
});
