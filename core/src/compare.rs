//! The same scenario in the three browsers: one verdict per [`Browser`], whether they agree on
//! what the script sees, and where they differ. What the CLI's `--browser all` prints and what
//! the page's "do the other browsers agree?" line is computed from (its words:
//! [`crate::text::summary::others_agree`]).

use serde::Serialize;

use crate::profile::{Browser, Profile};
use crate::scenario::Scenario;
use crate::simulate::{simulate_with, simulate_without_fix};
use crate::verdict::Verdict;

/// The outcome fields compared across browsers: what reaches the server and what the script
/// gets (the console line and Chromium's DevTools fields differ by design).
pub const OUTCOME_FIELDS: [&str; 7] = [
    "preflight_sent",
    "preflight_request_headers",
    "request_sent",
    "fetch",
    "response_type",
    "status",
    "exposed_headers",
];

/// One outcome field on which the browsers differ, with each browser's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// The verdict field (`fetch`, `preflight_request_headers`, …).
    pub field: &'static str,
    /// Each browser's value, in [`Browser::ALL`] order.
    pub values: Vec<(Browser, serde_json::Value)>,
}

/// The verdicts of one scenario in every browser.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// One verdict per browser, in [`Browser::ALL`] order.
    pub verdicts: Vec<Verdict>,
    /// Whether every browser agrees on every outcome field.
    pub agree: bool,
    /// The outcome fields on which they differ.
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// The verdict for `browser`.
    pub fn verdict(&self, browser: Browser) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.browser == browser)
    }

    /// Whether `other` does what `browser` does with the scenario (same outcome fields).
    pub fn same_outcome(&self, browser: Browser, other: Browser) -> bool {
        match (self.verdict(browser), self.verdict(other)) {
            (Some(a), Some(b)) => outcome(a) == outcome(b),
            _ => false,
        }
    }
}

/// A verdict's outcome fields as JSON.
fn outcome(verdict: &Verdict) -> Vec<serde_json::Value> {
    let fields = verdict.browser_fields();
    OUTCOME_FIELDS
        .iter()
        .map(|f| fields.get(f).cloned().unwrap_or(serde_json::Value::Null))
        .collect()
}

/// Simulates the scenario in every browser, each verdict with its fix search when `with_fix`
/// (the page leaves it out for speed), and compares the outcomes.
pub fn compare_browsers(scenario: &Scenario, with_fix: bool) -> Comparison {
    let verdicts: Vec<Verdict> = Browser::ALL
        .iter()
        .map(|&b| {
            if with_fix {
                simulate_with(scenario, Profile::of(b))
            } else {
                simulate_without_fix(scenario, Profile::of(b))
            }
        })
        .collect();
    compare_verdicts(verdicts)
}

/// Compares verdicts the browsers reached (one per browser, in [`Browser::ALL`] order), each
/// possibly on its own scenario: the server-configuration simulation sends each browser's own
/// requests to the configuration and gets each its own answers.
pub fn compare_verdicts(verdicts: Vec<Verdict>) -> Comparison {
    let outcomes: Vec<Vec<serde_json::Value>> = verdicts.iter().map(outcome).collect();
    let differences: Vec<Difference> = OUTCOME_FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let mut values = outcomes.iter().filter_map(|o| o.get(*i));
            let first = values.next();
            values.any(|v| Some(v) != first)
        })
        .map(|(i, &field)| Difference {
            field,
            values: verdicts
                .iter()
                .zip(&outcomes)
                .map(|(v, o)| (v.browser, o.get(i).cloned().unwrap_or_default()))
                .collect(),
        })
        .collect();
    Comparison {
        agree: differences.is_empty(),
        verdicts,
        differences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_hint_is_safelisted_only_in_chromium() {
        let scenario = crate::parse_scenario(
            r#"{"origin": "https://app.example.com",
                "request": {"url": "https://api.example.com/x", "headers": [["Device-Memory", "8"]]},
                "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let c = compare_browsers(&scenario, false);
        assert!(!c.agree);
        assert!(c.same_outcome(Browser::Firefox, Browser::Safari));
        assert!(!c.same_outcome(Browser::Chromium, Browser::Firefox));
        assert!(c.differences.iter().any(|d| d.field == "preflight_sent"));
        assert_eq!(
            c.verdict(Browser::Firefox)
                .and_then(|v| v.firefox_reason.as_deref()),
            Some("CORSMissingAllowHeaderFromPreflight2")
        );
    }

    fn comparison(json: &str) -> Comparison {
        let scenario = crate::parse_scenario(json).unwrap_or_else(|e| panic!("{e}"));
        compare_browsers(&scenario, false)
    }

    #[test]
    fn the_others_say_whether_they_agree_and_why_not() {
        use crate::text::summary::others_agree;
        let hint = comparison(
            r#"{"origin": "https://app.example.com",
                "request": {"url": "https://api.example.com/x", "headers": [["Device-Memory", "8"]]},
                "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}"#,
        );
        assert_eq!(
            others_agree(&hint, Browser::Chromium),
            "Firefox blocks this (it sends a preflight, Chromium does not): the device-memory header is not in Access-Control-Allow-Headers. \
             Safari blocks this (it sends a preflight, Chromium does not): the device-memory header is not in Access-Control-Allow-Headers."
        );
        assert_eq!(
            others_agree(&hint, Browser::Safari),
            "Chromium allows this (it sends no preflight, Safari does). Firefox blocks this too."
        );
        // Blocked everywhere, for one reason in Chromium and Firefox and another in WebKit,
        // which checks the preflight's status first.
        let status = comparison(
            r#"{"origin": "https://app.example.com",
                "request": {"url": "https://api.example.com/x", "method": "PUT"},
                "preflight": {"status": 500},
                "response": {"status": 200}}"#,
        );
        let words = others_agree(&status, Browser::Chromium);
        assert!(
            words.starts_with(
                "Firefox blocks this too. Safari blocks this too, for another reason: "
            ),
            "{words}"
        );
    }
}
