//! The whole reading as `corsim explain --json` does it, with the reading's own limit of 1,000
//! verdicts (the `detect` target keeps 8): a paste of many messages, transcripts or HAR entries
//! is read whole, rendered as the contract's JSON, and what the page puts on screen is built.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let profile = corsim::Profile::CHROMIUM;
    let options = corsim::paste::reading::ReadOptions::new(&profile);
    let reading = corsim::paste::reading::read(text, &options);
    let _ = reading.to_json_string(true);
    let _ = reading.on_screen();
    for i in 0..reading.verdicts.len().min(4) {
        let _ = reading.message_on_screen(i);
    }
});
