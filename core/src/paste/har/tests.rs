//! The HAR analysis on hand-made exports.

use super::*;
use crate::CorsError;
use crate::profile::Profile;
use crate::scenario::{Credentials, Mode};
use crate::verdict::FetchOutcome;

fn nv(pairs: &[(&str, &str)]) -> serde_json::Value {
    serde_json::Value::Array(
        pairs
            .iter()
            .map(|(n, v)| serde_json::json!({"name": n, "value": v}))
            .collect(),
    )
}

fn har(entries: Vec<serde_json::Value>) -> String {
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [{"id": "page_1", "title": "https://app.example.com/"}], "entries": entries}})
        .to_string()
}

#[test]
fn preflight_failure_recovered_from_the_preflight_entry() {
    let fetch = serde_json::json!({"pageref": "page_1", "_resourceType": "fetch", "_initiator": {"type": "script"},
            "request": {"method": "PUT", "url": "https://api.example.com/v1", "headers": nv(&[("Content-Type", "application/json"), ("User-Agent", "x")])},
            "response": {"status": 0, "headers": [], "_error": "net::ERR_FAILED"}});
    let preflight = serde_json::json!({"_resourceType": "preflight", "_initiator": {"type": "preflight", "url": "https://api.example.com/v1"},
            "request": {"method": "OPTIONS", "url": "https://api.example.com/v1", "headers": nv(&[("Access-Control-Request-Headers", "authorization,content-type"), ("Access-Control-Request-Method", "PUT"), ("Origin", "https://app.example.com")])},
            "response": {"status": 204, "headers": nv(&[("Access-Control-Allow-Methods", "GET, POST"), ("Access-Control-Allow-Origin", "https://app.example.com")]), "_error": null}});
    let image = serde_json::json!({"_resourceType": "image", "request": {"method": "GET", "url": "https://cdn.example.com/a.png", "headers": []}, "response": {"status": 200, "headers": []}});
    let a = analyze_har(&har(vec![fetch, preflight, image]), &Profile::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.entries.len(), 1);
    let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
    assert_eq!(r.method, "PUT");
    assert!(r.recorded_failure);
    assert_eq!(
        r.verdict.cors_error,
        Some(CorsError::MethodDisallowedByPreflightResponse)
    );
    assert!(
        r.scenario
            .request
            .headers
            .iter()
            .any(|(n, _)| n == "authorization")
    );
    assert!(r.notes.iter().any(|n| n.contains("restored")));
    assert_eq!(a.skipped, 2);
}

#[test]
fn response_failure_and_credentials_inference() {
    let fetch = serde_json::json!({"_resourceType": "fetch",
            "request": {"method": "GET", "url": "https://api.example.com/me", "headers": nv(&[("Origin", "https://app.example.com"), ("Sec-Fetch-Mode", "cors")])},
            "response": {"status": 200, "headers": nv(&[("Access-Control-Allow-Origin", "*")]), "_error": "net::ERR_FAILED"}});
    let same = serde_json::json!({"_resourceType": "fetch",
            "request": {"method": "GET", "url": "https://app.example.com/x", "headers": nv(&[("Origin", "https://app.example.com")])},
            "response": {"status": 200, "headers": []}});
    let a =
        analyze_har(&har(vec![fetch, same]), &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.entries.len(), 1);
    assert_eq!(
        a.entries.first().and_then(|r| r.verdict.cors_error),
        Some(CorsError::WildcardOriginNotAllowed)
    );
    assert_eq!(a.skipped, 1);
}

#[test]
fn chunked_matches_whole() {
    let entries: Vec<serde_json::Value> = (0..40)
            .map(|i| serde_json::json!({"_resourceType": "fetch",
                "request": {"method": "GET", "url": format!("https://api.example.com/{i}"), "headers": nv(&[("Origin", "https://app.example.com")])},
                "response": {"status": 200, "headers": nv(&[("Access-Control-Allow-Origin", "https://app.example.com")]), "content": {"text": "x".repeat(1000)}}}))
            .collect();
    let text = har(entries);
    let whole = analyze_har(&text, &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut a =
        HarAnalyzer::new(text.as_str(), &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut steps = 0;
    loop {
        let p = a.step(4096).unwrap_or_else(|e| panic!("{e}"));
        steps += 1;
        if p.is_done() {
            break;
        }
    }
    assert!(steps > 10);
    assert_eq!(a.finish().map(|r| r.entries.len()), Ok(whole.entries.len()));
    assert_eq!(whole.entries.len(), 40);
}

#[test]
fn each_request_gets_the_preflight_recorded_after_it() {
    // Three PUTs to one URL, each followed by its preflight: only the second preflight
    // allows PUT.
    let mut entries = Vec::new();
    for allowed in ["GET", "PUT", "POST"] {
        let response = if allowed == "PUT" {
            serde_json::json!({"status": 200, "headers": nv(&[("Access-Control-Allow-Origin", "https://app.example.com")])})
        } else {
            serde_json::json!({"status": 0, "headers": [], "_error": "net::ERR_FAILED"})
        };
        entries.push(serde_json::json!({"_resourceType": "fetch",
                "request": {"method": "PUT", "url": "https://api.example.com/x", "headers": nv(&[("Content-Type", "application/json")])},
                "response": response}));
        entries.push(serde_json::json!({"_resourceType": "preflight", "_initiator": {"type": "preflight", "url": "https://api.example.com/x"},
                "request": {"method": "OPTIONS", "url": "https://api.example.com/x", "headers": nv(&[("Access-Control-Request-Method", "PUT"), ("Origin", "https://app.example.com")])},
                "response": {"status": 204, "headers": nv(&[("Access-Control-Allow-Origin", "https://app.example.com"), ("Access-Control-Allow-Methods", allowed), ("Access-Control-Allow-Headers", "content-type")])}}));
    }
    let a = analyze_har(&har(entries), &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(usize, Option<CorsError>)> = a
        .entries
        .iter()
        .map(|r| (r.index, r.verdict.cors_error))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, Some(CorsError::MethodDisallowedByPreflightResponse)),
            (2, None),
            (4, Some(CorsError::MethodDisallowedByPreflightResponse)),
        ]
    );
    assert_eq!(
        a.skipped, 3,
        "the three preflights are folded into their requests"
    );
}

#[test]
fn a_redirect_chain_with_a_preflight_per_hop_is_one_request() {
    let origin = ("Origin", "https://app.example.com");
    let allow = |extra: &[(&str, &str)]| {
        let mut h = vec![
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "x-a"),
        ];
        h.extend_from_slice(extra);
        nv(&h)
    };
    let entries = vec![
        serde_json::json!({"_resourceType": "fetch",
                "request": {"method": "PUT", "url": "https://api.example.com/a", "headers": nv(&[("X-A", "1"), origin])},
                "response": {"status": 307, "headers": allow(&[("Location", "https://api.example.com/b")]), "redirectURL": "https://api.example.com/b"}}),
        serde_json::json!({"_resourceType": "preflight", "_initiator": {"type": "preflight", "url": "https://api.example.com/a"},
                "request": {"method": "OPTIONS", "url": "https://api.example.com/a", "headers": nv(&[("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-a"), origin])},
                "response": {"status": 204, "headers": allow(&[])}}),
        serde_json::json!({"_resourceType": "fetch",
                "request": {"method": "PUT", "url": "https://api.example.com/b", "headers": nv(&[("X-A", "1"), origin])},
                "response": {"status": 200, "headers": allow(&[])}}),
        serde_json::json!({"_resourceType": "preflight", "_initiator": {"type": "preflight", "url": "https://api.example.com/b"},
                "request": {"method": "OPTIONS", "url": "https://api.example.com/b", "headers": nv(&[("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-a"), origin])},
                "response": {"status": 204, "headers": allow(&[])}}),
    ];
    let text = har(entries);
    let a = analyze_har(&text, &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.entries.len(), 1, "{:?}", a.entries);
    let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
    assert_eq!(
        (r.recorded_status, r.recorded_error.as_deref()),
        (200, None)
    );
    assert_eq!(r.verdict.fetch, FetchOutcome::Resolved);
    assert!(
        r.notes
            .first()
            .is_some_and(|n| n.contains("its own preflight (entries #1, #3)")),
        "{:?}",
        r.notes
    );
    // Chunked, the pairing is a stage of its own.
    let mut analyzer =
        HarAnalyzer::new(text.as_str(), &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut stages = Vec::new();
    loop {
        let p = analyzer.step(300).unwrap_or_else(|e| panic!("{e}"));
        if stages.last() != Some(&p.stage) {
            stages.push(p.stage);
        }
        if p.is_done() {
            break;
        }
    }
    assert_eq!(
        stages,
        vec![
            Stage::Reading,
            Stage::Pairing,
            Stage::Analyzing,
            Stage::Done
        ]
    );
}

#[test]
fn sent_headers_without_origin_are_a_no_cors_request() {
    // Chromium sends no Sec-Fetch-Mode to a plain http:// host; the headers as sent (Host
    // is there) have no Origin, which a cors-mode request always sends.
    let fetch = serde_json::json!({"_resourceType": "fetch",
            "request": {"method": "GET", "url": "http://api.example.com/x", "headers": nv(&[("Host", "api.example.com"), ("Referer", "http://app.example.com/")])},
            "response": {"status": 200, "headers": nv(&[("Content-Type", "text/plain")])}});
    let a = analyze_har(&har(vec![fetch]), &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
    assert_eq!(r.scenario.request.mode, Mode::NoCors);
    assert_eq!(
        r.verdict.response_type,
        Some(crate::response::ResponseType::Opaque)
    );
    // Provisional headers (no Host) say nothing: a cors-mode request is assumed.
    let fetch = serde_json::json!({"_resourceType": "fetch",
            "request": {"method": "GET", "url": "http://api.example.com/x", "headers": nv(&[("Referer", "http://app.example.com/")])},
            "response": {"status": 200, "headers": nv(&[("Content-Type", "text/plain")])}});
    let a = analyze_har(&har(vec![fetch]), &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
    assert_eq!(r.scenario.request.mode, Mode::Cors);
    assert_eq!(
        r.verdict.cors_error,
        Some(CorsError::MissingAllowOriginHeader)
    );
}

#[test]
fn a_response_then_err_aborted_is_no_cors_failure() {
    let fetch = serde_json::json!({"_resourceType": "fetch",
            "request": {"method": "GET", "url": "https://api.example.com/x", "headers": nv(&[("Referer", "https://app.example.com/")])},
            "response": {"status": 200, "headers": [], "_error": "net::ERR_ABORTED"}});
    let a = analyze_har(&har(vec![fetch]), &Profile::default()).unwrap_or_else(|e| panic!("{e}"));
    let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
    assert_eq!(r.scenario.request.mode, Mode::NoCors);
    assert_eq!(r.verdict.fetch, FetchOutcome::Resolved);
    assert_eq!(
        (r.recorded_status, r.recorded_error.as_deref()),
        (200, Some("net::ERR_ABORTED"))
    );
}

#[test]
fn a_failed_redirect_that_allows_credentials_was_credentialed() {
    let redirect = |acac: bool| {
        let mut headers = vec![
            ("Access-Control-Allow-Origin", "https://app.example.com"),
            ("Location", "https://api.example.com/b"),
        ];
        if acac {
            headers.push(("Access-Control-Allow-Credentials", "true, true"));
        }
        serde_json::json!({"_resourceType": "fetch",
                "request": {"method": "GET", "url": "https://api.example.com/a", "headers": nv(&[("Origin", "https://app.example.com"), ("Sec-Fetch-Mode", "cors")])},
                "response": {"status": 302, "headers": nv(&headers), "redirectURL": "https://api.example.com/b", "_error": "net::ERR_FAILED"}})
    };
    let a = analyze_har(&har(vec![redirect(true)]), &Profile::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
    assert_eq!(r.scenario.request.credentials, Credentials::Include);
    assert_eq!(
        r.verdict.cors_error,
        Some(CorsError::InvalidAllowCredentials)
    );
    let a = analyze_har(&har(vec![redirect(false)]), &Profile::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
    assert_eq!(
        r.scenario.request.redirect,
        crate::scenario::RedirectMode::Error
    );
    assert_eq!(r.verdict.fetch, FetchOutcome::Rejected);
    assert_eq!(r.verdict.cors_error, None);
}

#[test]
fn the_size_check_names_both_sizes() {
    assert!(check_size(MAX_HAR_BYTES).is_ok());
    let message = check_size(300 << 20).err().map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some(
            "the file is 300.0 MB; corsim reads HAR files up to 256.0 MB (export only the requests you need: filter the Network panel first)"
        )
    );
}

#[test]
fn errors_name_where() {
    let e = analyze_har(
        "{\"log\": {\"entries\": [{\"a\": 1},\n {\"b\": [",
        &Profile::default(),
    )
    .err();
    assert_eq!(e.map(|e| (e.line, e.column)), Some((2, 2)));
    let a = analyze_har(
        "{\"log\": {\"entries\": [{\"request\": }]}}",
        &Profile::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        a.problems
            .first()
            .is_some_and(|p| p.contains("log.entries[0] (line 1)")),
        "{:?}",
        a.problems
    );
    assert!(analyze_har("{\"foo\": 1}", &Profile::default()).is_err());
    let too_big =
        HarAnalyzer::with_limit("{\"log\": {\"entries\": []}}", 10, &Profile::default()).err();
    assert_eq!(
            too_big.map(|e| e.to_string()),
            Some("the file is 0.0 MB; corsim reads HAR files up to 0.0 MB (export only the requests you need: filter the Network panel first)".to_string())
        );
    assert!(analyze_har("[]", &Profile::default()).is_err());
    let a = analyze_har(
        "{\"log\": {\"entries\": [{\"x\": 1}]}}",
        &Profile::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.problems.len(), 1);
}
