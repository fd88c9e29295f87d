//! The browser's requests as `curl` commands: the preflight and the request itself, exactly as
//! the engine recorded them in the trace (`StepKind::PreflightRequest`,
//! `StepKind::RequestSent`), so that someone who cannot run corsim against their server can
//! send the same requests by hand and paste `curl -i`'s output back.
//!
//! What the commands carry: the method as sent (`patch` stays `patch`), the URL without its
//! fragment, `Origin`, the `Access-Control-Request-*` headers of the preflight, the headers the
//! script set as the browser sends them (forbidden ones dropped, values normalized, a repeated
//! name combined), `Accept: */*` where the script set none, `Sec-Fetch-Mode: cors` and
//! `Sec-Fetch-Dest: empty` (what `fetch()` always sends), and the body. What they leave out,
//! because it depends on the browser and the user rather than on the scenario: `User-Agent`,
//! `Accept-Language`, `Accept-Encoding`, `Referer`, `Sec-Fetch-Site` (it needs the public
//! suffix list) and the cookies of a credentialed request, which a comment names.

use crate::headers::{HeaderList, to_display};
use crate::profile::Profile;
use crate::scenario::{Reply, Scenario};
use crate::trace::StepKind;
use crate::verdict::Verdict;

/// The two commands, when the scenario gets that far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurlCommands {
    /// The preflight (`curl -i -X OPTIONS …`), when the browser sends one.
    pub preflight: Option<String>,
    /// The request itself, as the browser sends it once any preflight has passed; `None` when
    /// the browser never sends it whatever the server answers (the script's `fetch()` throws,
    /// mixed content, a scheme CORS does not allow).
    pub request: Option<String>,
}

/// A shell word in single quotes (a `'` inside becomes `'\''`).
pub fn shell_quote(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('\'');
    for c in word.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// A command from its words, one option per line, each line but the last ending in ` \`.
fn command(lines: &[String]) -> String {
    lines.join(" \\\n  ")
}

/// The preflight the verdict's trace records, as a `curl` command.
pub fn preflight_command(verdict: &Verdict) -> Option<String> {
    verdict.steps.iter().find_map(|s| match &s.kind {
        StepKind::PreflightRequest {
            url,
            origin,
            method,
            headers,
        } => {
            // The trace keeps the fragment (the console quotes it); it never goes on the wire.
            let sent = url.split_once('#').map_or(url.as_str(), |(u, _)| u);
            let mut lines = vec![format!("curl -i -X OPTIONS {}", shell_quote(sent))];
            lines.push(format!("-H {}", shell_quote(&format!("Origin: {origin}"))));
            lines.push(format!(
                "-H {}",
                shell_quote(&format!("Access-Control-Request-Method: {method}"))
            ));
            if let Some(h) = headers {
                lines.push(format!(
                    "-H {}",
                    shell_quote(&format!("Access-Control-Request-Headers: {h}"))
                ));
            }
            lines.push("-H 'Accept: */*'".to_string());
            lines.push("-H 'Sec-Fetch-Mode: cors'".to_string());
            lines.push("-H 'Sec-Fetch-Dest: empty'".to_string());
            Some(command(&lines))
        }
        _ => None,
    })
}

/// The first request the trace records going out, as a `curl` command (`body` is the
/// script's).
fn request_sent_command(verdict: &Verdict, body: Option<&str>) -> Option<String> {
    verdict.steps.iter().find_map(|s| match &s.kind {
        StepKind::RequestSent {
            method,
            url,
            origin,
            headers,
            credentials,
        } => Some(request_command(
            method,
            url,
            origin.as_deref(),
            headers,
            *credentials,
            body,
        )),
        _ => None,
    })
}

fn request_command(
    method: &str,
    url: &str,
    origin: Option<&str>,
    headers: &HeaderList,
    credentials: bool,
    body: Option<&str>,
) -> String {
    let mut out = String::new();
    if credentials {
        out.push_str(
            "# The browser also sends the cookies it holds for this site (credentials): add them \
             with -H 'Cookie: …' to see what the server answers them.\n",
        );
    }
    let mut lines = vec![match method {
        "GET" => format!("curl -i {}", shell_quote(url)),
        // `-X HEAD` would wait for a body that never comes.
        "HEAD" => format!("curl -i --head {}", shell_quote(url)),
        m => format!("curl -i -X {} {}", shell_quote(m), shell_quote(url)),
    }];
    if let Some(o) = origin {
        lines.push(format!("-H {}", shell_quote(&format!("Origin: {o}"))));
    }
    for h in headers.iter() {
        lines.push(format!(
            "-H {}",
            shell_quote(&format!(
                "{}: {}",
                to_display(&h.name),
                to_display(&h.value)
            ))
        ));
    }
    if !headers.contains("accept") {
        lines.push("-H 'Accept: */*'".to_string());
    }
    lines.push("-H 'Sec-Fetch-Mode: cors'".to_string());
    lines.push("-H 'Sec-Fetch-Dest: empty'".to_string());
    if let Some(b) = body {
        lines.push(format!("--data-raw {}", shell_quote(b)));
    }
    out.push_str(&command(&lines));
    out
}

/// The preflight and the request of a scenario as `curl` commands. When the request is blocked
/// at its preflight, the request is the one the browser sends once the preflight passes: the
/// engine is asked again with a preflight answer that allows exactly what was asked.
pub fn curl_commands(scenario: &Scenario, verdict: &Verdict, profile: &Profile) -> CurlCommands {
    let body = scenario.request.body.as_deref();
    let preflight = preflight_command(verdict);
    let mut request = request_sent_command(verdict, body);
    if request.is_none()
        && let Some(allowing) = preflight_passed(scenario, verdict)
    {
        let passed = crate::simulate::simulate_without_fix(&allowing, profile);
        request = request_sent_command(&passed, body);
    }
    CurlCommands { preflight, request }
}

/// The scenario with a preflight answer that allows what the preflight asked for (origin,
/// method, headers, credentials), or `None` when no preflight was sent.
fn preflight_passed(scenario: &Scenario, verdict: &Verdict) -> Option<Scenario> {
    let (origin, method, headers) = verdict.steps.iter().find_map(|s| match &s.kind {
        StepKind::PreflightRequest {
            origin,
            method,
            headers,
            ..
        } => Some((origin.clone(), method.clone(), headers.clone())),
        _ => None,
    })?;
    let mut lines = vec![
        ("Access-Control-Allow-Origin".to_string(), origin),
        ("Access-Control-Allow-Methods".to_string(), method),
        (
            "Access-Control-Allow-Credentials".to_string(),
            "true".to_string(),
        ),
    ];
    if let Some(h) = headers {
        lines.push(("Access-Control-Allow-Headers".to_string(), h));
    }
    let mut s = scenario.clone();
    s.preflight = Some(Reply {
        status: 204,
        headers: lines,
        body: None,
    });
    // The preflight's answer is no longer the response: the redirects before it stay.
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_scenario;

    fn commands(json: &str) -> CurlCommands {
        let s = match parse_scenario(json) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        };
        let v = crate::simulate(&s);
        curl_commands(&s, &v, &Profile::CHROMIUM)
    }

    const PUT: &str = r#"{"origin":"https://app.example.com",
      "request":{"url":"https://api.example.com/v1/o'k?x=1#frag","method":"PUT",
        "headers":[["Content-Type","application/json"],["Authorization","Bearer x"],["User-Agent","me"]],
        "credentials":"include","body":"{\"a\":1}"},
      "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"]]},
      "response":{"status":200}}"#;

    #[test]
    fn a_preflight_blocked_put_gives_both_commands() {
        let c = commands(PUT);
        let pre = c.preflight.unwrap_or_default();
        assert_eq!(
            pre,
            "curl -i -X OPTIONS 'https://api.example.com/v1/o'\\''k?x=1' \\\n  \
             -H 'Origin: https://app.example.com' \\\n  \
             -H 'Access-Control-Request-Method: PUT' \\\n  \
             -H 'Access-Control-Request-Headers: authorization,content-type' \\\n  \
             -H 'Accept: */*' \\\n  -H 'Sec-Fetch-Mode: cors' \\\n  -H 'Sec-Fetch-Dest: empty'"
        );
        // Blocked at the preflight, the request is the one sent once the preflight passes.
        let req = c.request.unwrap_or_default();
        assert!(
            req.starts_with("# The browser also sends the cookies"),
            "{req}"
        );
        assert!(
            req.contains("curl -i -X 'PUT' 'https://api.example.com/v1/o'\\''k?x=1'"),
            "{req}"
        );
        assert!(
            req.contains("-H 'Origin: https://app.example.com'"),
            "{req}"
        );
        assert!(req.contains("-H 'Authorization: Bearer x'"), "{req}");
        assert!(req.contains("-H 'Content-Type: application/json'"), "{req}");
        assert!(req.contains("--data-raw '{\"a\":1}'"), "{req}");
        // A forbidden header never leaves the browser, and the fragment is not sent.
        assert!(!req.contains("User-Agent"), "{req}");
        assert!(!req.contains("#frag"), "{req}");
    }

    #[test]
    fn a_simple_get_has_no_preflight_and_keeps_a_lower_case_method() {
        let c = commands(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x"},
                "response":{"status":200}}"#,
        );
        assert_eq!(c.preflight, None);
        let req = c.request.unwrap_or_default();
        assert!(
            req.starts_with("curl -i 'https://api.example.com/x'"),
            "{req}"
        );
        assert!(
            req.contains("-H 'Origin: https://app.example.com'"),
            "{req}"
        );

        let c = commands(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x","method":"patch"},
                "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","PATCH"]]},
                "response":{"status":200}}"#,
        );
        assert!(
            c.preflight
                .as_deref()
                .is_some_and(|p| p.contains("Access-Control-Request-Method: patch")),
            "{c:?}"
        );
        assert!(
            c.request
                .as_deref()
                .is_some_and(|r| r.starts_with("curl -i -X 'patch'")),
            "{c:?}"
        );
    }

    #[test]
    fn a_request_the_browser_never_sends_has_no_command() {
        // Mixed content: an https page cannot fetch an http URL.
        let c = commands(
            r#"{"origin":"https://app.example.com","request":{"url":"http://api.example.com/x"},
                "response":{"status":200}}"#,
        );
        assert_eq!(c, CurlCommands::default());
    }

    #[test]
    fn quotes_are_escaped_for_the_shell() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
