//! Format detection, secret masking, and the whole reading (`explain --json`'s) of anything.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = corsim::paste::detect(text);
    let _ = corsim::paste::mask::mask_url(text);
    let options = corsim::paste::reading::ReadOptions {
        max_verdicts: 8,
        ..corsim::paste::reading::ReadOptions::new(&corsim::Profile::CHROMIUM)
    };
    let reading = corsim::paste::reading::read(text, &options);
    let _ = reading.to_json_string(false);
});
