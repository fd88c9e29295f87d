//! Every sentence a user reads, rendered from the engine's data in one place: the trace's words
//! ([`steps`]), the warnings ([`warnings`]), the fix ([`fix`]), the verdict's headline and
//! summary ([`summary`]), and each browser's own console lines and exception texts
//! ([`chromium`]). The algorithms record data and never build a sentence; the CLI and the page
//! render through these functions, and a verdict's JSON ([`RenderedStep`], the `Serialize`
//! impl of [`Verdict`]) carries the words for its browser.
//!
//! The browser is a parameter wherever the words depend on it: [`chromium`], [`firefox`] and
//! [`webkit`] hold each engine's console lines and exception texts, [`console_line`] and
//! [`exception`] pick one; the step and warning sentences name the browser through
//! [`Browser::name`].

pub mod chromium;
pub mod curl;
pub mod firefox;
pub mod fix;
pub mod html;
pub mod paste;
pub mod primer;
pub mod sequence;
pub mod server;
pub mod steps;
pub mod summary;
pub mod warnings;
pub mod webkit;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::profile::Browser;
use crate::reason::Reason;
use crate::trace::Step;
use crate::verdict::Verdict;

pub use chromium::ConsoleContext;

/// What Firefox's and WebKit's lines say beyond [`ConsoleContext`], read from the fetch's
/// trace: the status of the answer that failed, the origin it was checked against, the
/// redirect whose check failed, and the request's header names as the script wrote them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailureDetail {
    /// The status of the answer whose check failed (the preflight's or a response's).
    pub status: Option<u16>,
    /// The serialized origin the failing CORS check compared with.
    pub origin: String,
    /// When the failing check was a redirect's: where it pointed.
    pub redirect_to: Option<String>,
    /// The request's header names, as written.
    pub header_names: Vec<String>,
    /// The URL whose redirect led to the last one, when the request was redirected.
    pub redirected_from: Option<String>,
}

/// The console error line `browser` prints for this failure, if it prints one (Chromium's
/// lines need only the context; see [`console_line`] for the others).
pub fn console_message(browser: Browser, reason: &Reason, ctx: &ConsoleContext) -> Option<String> {
    console_line(browser, reason, ctx, &FailureDetail::default())
}

/// The first console error line `browser` prints for this failure, if it prints one: Chromium's
/// `Access to fetch at …`, Firefox's `Cross-Origin Request Blocked: …` (its en-US template),
/// WebKit's reason line.
pub fn console_line(
    browser: Browser,
    reason: &Reason,
    ctx: &ConsoleContext,
    detail: &FailureDetail,
) -> Option<String> {
    match browser {
        Browser::Chromium => chromium::console_message(reason, ctx),
        Browser::Firefox => firefox::console_message(reason, ctx, detail),
        Browser::Safari => webkit::console_message(reason, ctx, detail),
    }
}

/// Firefox's reason key (`security.properties`) and its `%2$S` argument, for a Firefox
/// verdict's `firefox_reason` and `firefox_reason_param`; `None` for the other browsers.
pub fn firefox_reason(
    browser: Browser,
    reason: &Reason,
    detail: &FailureDetail,
) -> Option<(&'static str, Option<String>)> {
    match browser {
        Browser::Firefox => firefox::reason_key(reason, detail),
        Browser::Chromium | Browser::Safari => None,
    }
}

/// What the script's `catch` receives in `browser`.
pub fn exception(browser: Browser, reason: &Reason) -> Option<String> {
    Some(match browser {
        Browser::Chromium => chromium::exception(reason),
        Browser::Firefox => firefox::exception(reason),
        Browser::Safari => webkit::exception(reason),
    })
}

/// A step with its words for a browser: the form `steps[]` takes in a verdict's JSON (its
/// stable `id`, `phase`, `hop`, `check`, `values`, `outcome`, `reason` and `spec`).
#[derive(Clone, Copy, Debug)]
pub struct RenderedStep<'a> {
    /// The step.
    pub step: &'a Step,
    /// The browser whose words are used.
    pub browser: Browser,
}

impl Serialize for RenderedStep<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let step = self.step;
        let mut map = serializer.serialize_map(Some(if step.hop.is_some() { 8 } else { 7 }))?;
        map.serialize_entry("id", step.id())?;
        map.serialize_entry("phase", &step.phase())?;
        if let Some(h) = step.hop {
            map.serialize_entry("hop", &h)?;
        }
        map.serialize_entry("check", steps::check(step))?;
        map.serialize_entry("values", &steps::values(step, self.browser))?;
        map.serialize_entry("outcome", &step.outcome)?;
        map.serialize_entry("reason", &steps::reason(step, self.browser))?;
        map.serialize_entry("spec", step.spec())?;
        map.end()
    }
}

/// The steps of a verdict, rendered for its browser.
struct RenderedSteps<'a>(&'a [Step], Browser);

impl Serialize for RenderedSteps<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|step| RenderedStep {
            step,
            browser: self.1,
        }))
    }
}

/// The verdict's JSON, the contract of `../shared/SCHEMA.md`: its fields in the schema's order,
/// the steps with their words for the verdict's browser.
impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Verdict", 21)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("browser", &self.browser)?;
        s.serialize_field("preflight_sent", &self.preflight_sent)?;
        s.serialize_field("preflight_request_headers", &self.preflight_request_headers)?;
        s.serialize_field("request_sent", &self.request_sent)?;
        s.serialize_field("fetch", &self.fetch)?;
        s.serialize_field("response_type", &self.response_type)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("exposed_headers", &self.exposed_headers)?;
        s.serialize_field("cors_error", &self.cors_error)?;
        s.serialize_field("failed_parameter", &self.failed_parameter)?;
        s.serialize_field("firefox_reason", &self.firefox_reason)?;
        s.serialize_field("firefox_reason_param", &self.firefox_reason_param)?;
        s.serialize_field("console", &self.console)?;
        s.serialize_field("steps", &RenderedSteps(&self.steps, self.browser))?;
        s.serialize_field("fix", &self.fix)?;
        s.serialize_field("warnings", &self.warnings)?;
        s.serialize_field("reason", &self.reason)?;
        s.serialize_field("exception", &self.exception)?;
        s.serialize_field("summary", &self.summary)?;
        s.serialize_field("facts", &self.facts)?;
        s.end()
    }
}
