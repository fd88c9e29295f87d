//! The engine's IDNA in the main workspace (the registry's `idna`, ICU4X's tables, as in the
//! CLI). The page's wasm has the browser's instead (web/page/idna), tested in the browser with
//! the same table of hosts; the page's verdict for an IDN host is checked end to end in
//! tests/e2e/run.mjs.

include!("../page/idna/src/hosts.rs");

#[test]
fn hosts_are_read_as_the_url_standard_says() {
    for (input, expected) in HOSTS {
        let got = url::Url::parse(input)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        assert_eq!(got.as_deref(), *expected, "{input}");
    }
}

fn scenario(origin: &str, url: &str, allow_origin: &str) -> corsim::Scenario {
    let json = format!(
        r#"{{"origin": "{origin}", "request": {{"url": "{url}"}},
            "response": {{"status": 200, "headers": [["Access-Control-Allow-Origin", "{allow_origin}"]]}}}}"#
    );
    match corsim::parse_scenario(&json) {
        Ok(s) => s,
        Err(e) => panic!("{json}: {e:?}"),
    }
}

/// A page on an internationalised host gets the same verdict as one written in Punycode; the
/// server's `Access-Control-Allow-Origin` must name the ASCII form.
#[test]
fn an_idn_scenario_is_judged_as_its_punycode_twin() {
    let puny = "https://xn--bcher-kva.example";
    for allow in [puny, "https://bücher.example"] {
        let idn = corsim::simulate(&scenario(
            "https://bücher.example",
            "https://api.bücher.example/data",
            allow,
        ));
        let ascii = corsim::simulate(&scenario(
            puny,
            "https://api.xn--bcher-kva.example/data",
            allow,
        ));
        assert_eq!(idn.fetch, ascii.fetch, "{allow}");
        assert_eq!(idn.cors_error, ascii.cors_error, "{allow}");
        assert_eq!(idn.console, ascii.console, "{allow}");
        assert_eq!(idn.summary, ascii.summary, "{allow}");
        assert_eq!(idn.is_readable(), allow == puny, "{allow}");
    }
}
