//! What the page says about a paste it read: the scenario it put on screen (and the browser
//! that judges it), the fields corsim had to assume to build it, what the rebuilt scenario
//! gives, and the name each browser gives a failure. One notice per paste, said in the paste
//! box next to what was pasted.

use crate::paste::reading::ReadVerdict;
use crate::profile::Browser;

/// A scenario field a reading assumed, in words: the names of
/// [`crate::paste::reading::ReadVerdict::assumed`].
pub fn assumed_field(field: &str) -> &str {
    match field {
        "origin" => "the page's origin",
        "request" => "the request",
        "request.url" => "the URL",
        "request.method" => "the method",
        "request.headers" => "the request's headers",
        "request.body" => "the request's body",
        "request.credentials" => "whether credentials are sent",
        "request.mode" => "the request's mode",
        "request.redirect" => "the redirect mode",
        "preflight" => "the preflight's answer",
        "response" => "the response",
        "redirects" => "the redirects",
        other => other,
    }
}

/// The scenario fields a reading assumed, in words: `the page's origin, the method and the
/// response`.
pub fn assumed_fields(assumed: &[String]) -> String {
    let words: Vec<&str> = assumed.iter().map(|a| assumed_field(a)).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the scenario rebuilt from a console message gives, in a few words (`the rebuilt
/// scenario gives PreflightMissingAllowOriginHeader`).
pub fn rebuilt_outcome(v: &ReadVerdict) -> String {
    match (v.verdict.cors_error, v.verdict.is_readable()) {
        (Some(e), _) => format!("the rebuilt scenario gives {}", e.name()),
        (None, true) => "the rebuilt scenario is allowed".to_string(),
        (None, false) => "the rebuilt scenario is blocked".to_string(),
    }
}

/// The one notice about a paste the page put on screen: what is below the paste box (`label`,
/// as [`crate::paste::reading::OnScreen::label`] says it) and the browser that judges it (`✓ On screen below, judged
/// in Firefox: the scenario that reproduces console message 1, with its verdict, its fix and
/// its steps.`).
pub fn on_screen(label: &str, browser: Option<Browser>) -> String {
    let judged = browser
        .map(|b| format!(", judged in {}", b.name()))
        .unwrap_or_default();
    format!("✓ On screen below{judged}: {label}, with its verdict, its fix and its steps.")
}

/// The one notice about a pasted request (a `curl` command, a `fetch()` call) that filled the
/// form's request: what it filled, and that the server's answers are not part of it.
pub fn request_filled(kind: &str, origin_given: bool) -> String {
    let origin = if origin_given {
        " and the page's origin"
    } else {
        ""
    };
    format!(
        "✓ In the form below: the request{origin} of the pasted {kind}. The server's answers \
         are not part of it: the form keeps its own, marked “assumed” unless you typed them; \
         fill them in, or paste what the server sent."
    )
}

/// What corsim assumed to build a scenario, followed by what the rebuilt scenario gives when
/// there is one. Once the scenario is on screen (`on_screen`), where the assumption shows
/// (`corsim assumed the page's origin and the response: they are marked “assumed” in the form,
/// and the fix writes <your page's origin> for the origin.`); before, what it took (`To rebuild it corsim assumed the page's
/// origin.`). Empty when nothing was assumed and there is nothing to add.
pub fn assumed(assumed: &[String], outcome: Option<&str>, on_screen: bool) -> String {
    let outcome = outcome
        .map(|o| {
            let mut o = o.to_string();
            if let Some(first) = o.get(..1) {
                o = first.to_ascii_uppercase() + o.get(1..).unwrap_or("");
            }
            format!(" {o}.")
        })
        .unwrap_or_default();
    if assumed.is_empty() {
        return outcome.trim_start().to_string();
    }
    let fields = assumed_fields(assumed);
    if !on_screen {
        return format!("To rebuild it corsim assumed {fields}.{outcome}");
    }
    let (them, are) = if assumed.len() == 1 {
        ("it", "is")
    } else {
        ("they", "are")
    };
    // Only an assumed origin is kept out of the advice ([`crate::advice`]): the fix follows
    // the request and answers corsim assumed.
    let origin = if crate::advice::is_assumed(assumed, "origin") {
        format!(
            ", and the fix writes {} for the origin",
            crate::advice::ORIGIN_PLACEHOLDER
        )
    } else {
        String::new()
    };
    format!("corsim assumed {fields}: {them} {are} marked “assumed” in the form{origin}.{outcome}")
}

/// The note for a console message whose words do not settle which check failed (one message
/// for a failed preflight and a failed response, or no status), worded for the browser that
/// printed it: a Chromium message names DevTools' CorsError; a Firefox or Safari message is
/// judged in that browser, which has no CorsError.
pub fn unsettled_failure(browser: Option<Browser>) -> String {
    match browser {
        Some(Browser::Chromium) => "Chromium's message does not settle its DevTools CorsError \
            (one message for a failed preflight and a failed response, or no status): corsim \
            rebuilt the most likely failure"
            .to_string(),
        Some(b @ (Browser::Firefox | Browser::Safari)) => format!(
            "{}'s message does not say whether the preflight or the response failed (one \
             message for both, or no status): corsim rebuilt the most likely failure",
            b.name()
        ),
        None => "the message does not say whether the preflight or the response failed (one \
            message for both, or no status): corsim rebuilt the most likely failure"
            .to_string(),
    }
}

/// What the field holding a console message's CorsError is called, for the browser that
/// printed the message: `DevTools` shows it in Chromium; a Firefox or Safari message's failure
/// only maps onto Chromium's name.
pub fn cors_error_label(browser: Option<Browser>) -> &'static str {
    match browser {
        Some(Browser::Chromium) | None => "DevTools",
        Some(Browser::Firefox | Browser::Safari) => "In Chromium",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paste::reading::OnScreen;

    fn fields(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn assumed_fields_read_as_a_list() {
        assert_eq!(assumed_fields(&[]), "");
        assert_eq!(assumed_fields(&fields(&["origin"])), "the page's origin");
        assert_eq!(
            assumed_fields(&fields(&["origin", "request.method", "response"])),
            "the page's origin, the method and the response"
        );
    }

    #[test]
    fn the_notice_names_what_is_shown_its_browser_and_what_was_assumed() {
        let shown = OnScreen {
            scenario: crate::scenario::Scenario::of_request(
                "a",
                "https://app.example.com",
                crate::scenario::RequestInit::get("https://api.example.com/"),
            ),
            assumed: fields(&["origin", "response"]),
            label: "the scenario that reproduces console message 1".to_string(),
            browser: Some(Browser::Firefox),
        };
        assert_eq!(
            on_screen(&shown.label, shown.browser),
            "✓ On screen below, judged in Firefox: the scenario that reproduces console message 1, with its verdict, its fix and its steps."
        );
        assert_eq!(
            assumed(
                &shown.assumed,
                Some("the rebuilt scenario is blocked"),
                true
            ),
            "corsim assumed the page's origin and the response: they are marked “assumed” in the form, and the fix writes <your page's origin> for the origin. The rebuilt scenario is blocked."
        );
        assert_eq!(
            request_filled("curl command", true),
            "✓ In the form below: the request and the page's origin of the pasted curl command. The server's answers are not part of it: the form keeps its own, marked “assumed” unless you typed them; fill them in, or paste what the server sent."
        );
        assert_eq!(
            on_screen("the curl transcript", None),
            "✓ On screen below: the curl transcript, with its verdict, its fix and its steps."
        );
        assert_eq!(
            assumed(&fields(&["response"]), None, true),
            "corsim assumed the response: it is marked “assumed” in the form."
        );
        assert_eq!(
            assumed(&[], Some("the rebuilt scenario is allowed"), true),
            "The rebuilt scenario is allowed."
        );
        assert_eq!(
            assumed(
                &fields(&["origin"]),
                Some("the rebuilt scenario is blocked"),
                false
            ),
            "To rebuild it corsim assumed the page's origin. The rebuilt scenario is blocked."
        );
        assert_eq!(assumed(&[], None, false), "");
    }

    #[test]
    fn an_unsettled_failure_is_worded_for_its_browser() {
        assert!(unsettled_failure(Some(Browser::Chromium)).contains("DevTools CorsError"));
        for b in [Some(Browser::Firefox), Some(Browser::Safari), None] {
            let note = unsettled_failure(b);
            assert!(
                !note.contains("Chromium") && !note.contains("CorsError"),
                "{note}"
            );
            assert!(
                note.contains("whether the preflight or the response failed"),
                "{note}"
            );
        }
        assert!(unsettled_failure(Some(Browser::Firefox)).starts_with("Firefox's message"));
    }

    #[test]
    fn the_cors_error_is_named_for_the_browser_that_printed_the_message() {
        assert_eq!(cors_error_label(Some(Browser::Chromium)), "DevTools");
        assert_eq!(cors_error_label(Some(Browser::Firefox)), "In Chromium");
        assert_eq!(cors_error_label(Some(Browser::Safari)), "In Chromium");
    }
}
