//! Console messages of Chromium, Firefox (any language) and Safari, and the scenarios that
//! reproduce them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let profile = corsim::Profile::CHROMIUM;
    for message in corsim::paste::console::read_console(text) {
        let _ = corsim::paste::console::explain::explain(&message);
        if let Some(rebuilt) = corsim::paste::console::reproduce::rebuild(&message, &profile) {
            let _ = corsim::simulate_with(&rebuilt.scenario, &profile);
        }
    }
});
