//! HAR files, read in small chunks (the page's way) so the chunking is exercised too.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let profile = corsim::Profile::default();
    if let Ok(mut analyzer) = corsim::paste::har::HarAnalyzer::new(text, &profile) {
        for _ in 0..100_000 {
            match analyzer.step(64) {
                Ok(p) if p.is_done() => break,
                Ok(_) => {}
                Err(_) => return,
            }
        }
        let _ = analyzer.finish();
    }
});
