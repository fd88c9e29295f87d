//! curl commands (bash and cmd flavours) and transcripts, and the scenarios rebuilt from them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(request) = corsim::paste::curl::parse_curl_command(text) {
        let _ = request.to_request_init();
        let _ = request.browser_headers();
    }
    let transcript = corsim::paste::curl::parse_curl_transcript(text);
    let _ = transcript.request();
    if let Some((scenario, _)) = transcript.to_scenario() {
        let _ = corsim::simulate_with(&scenario, &corsim::Profile::default());
    }
});
