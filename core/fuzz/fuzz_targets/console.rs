//! Console messages of Chromium, Firefox (any language) and Safari, and the scenarios that
//! reproduce them, each in the browser that printed it (as `reading::profile_for` chooses).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let chosen = corsim::Profile::CHROMIUM;
    let options = corsim::paste::reading::ReadOptions::new(&chosen);
    let _ = corsim::paste::console::looks_like_console(text);
    for message in corsim::paste::console::read_console(text) {
        let _ = corsim::paste::console::explain::explain(&message);
        let profile = corsim::paste::reading::profile_for(message.browser, &options);
        if let Some(rebuilt) = corsim::paste::console::reproduce::rebuild(&message, profile) {
            let _ = corsim::simulate_with(&rebuilt.scenario, profile);
        }
    }
});
