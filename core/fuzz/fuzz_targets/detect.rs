//! Format detection, and secret masking of what it finds.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = corsim::paste::detect(text);
    let _ = corsim::paste::mask::mask_url(text);
    if let Some(line) = corsim::paste::console::parse_console_line(text) {
        if let Some(mut scenario) = line.scenario {
            let _ = corsim::paste::mask::mask_secrets(&mut scenario);
        }
    }
});
