//! Console messages of Chromium, Firefox and Safari, and the scenarios that reproduce them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(line) = corsim::paste::console::parse_console_line(text) {
        if let Some(scenario) = &line.scenario {
            let _ = corsim::simulate_without_fix(scenario, &corsim::Profile::default());
        }
    }
});
