//! Header blocks: `parse_header_block` is total and must never panic; a block is judged on its
//! own (what any request would meet), as `explain` does.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let block = corsim::paste::headers::parse_header_block(text);
    let _ = block.to_reply();
    let _ = block.to_pasted_request();
    let _ = corsim::paste::judge::judge(&block, None, None, &corsim::Profile::default());
    let _ = block.is_request();
    let _ = corsim::paste::headers::parse_header_sections(text);
});
