//! HAR 1.2 files from Chrome's and Firefox's DevTools ("Save all as HAR", "Export HAR"): every
//! cross-origin request in them, rebuilt as a scenario and explained.
//!
//! What a Chromium export holds (../shared/reference/devtools-har.md): preflights are entries of
//! their own (`_resourceType: "preflight"`, `_initiator.url` naming the fetch's URL); a fetch
//! blocked at the preflight has `status: 0` and only provisional request headers; a fetch
//! blocked after its response keeps the real status and headers with
//! `_error: "net::ERR_FAILED"`; header lists are sorted by name; the sanitized export drops
//! `Authorization`, `Cookie` and `Set-Cookie`. The CORS error kind is nowhere in the file: it is
//! recovered by simulating the rebuilt scenario.
//!
//! Large files are analysed in chunks ([`HarAnalyzer::step`]) so a page never freezes.

//! The module reads in two parts: [`read`] turns the file into entries and pairs them
//! (preflights with their requests, redirect hops into chains); [`rebuild`] turns each paired
//! request into a scenario, simulates it, and says what it had to assume.

mod read;
mod rebuild;

use std::collections::BTreeMap;

use super::PasteError;
use super::json_scan::Scanner;
use crate::profile::Profile;
use crate::scenario::Scenario;
use crate::verdict::Verdict;
use read::{Pairing, RawEntry, RawPage, Work};

/// The largest HAR text read (256 MiB); larger inputs are refused with a message.
pub const MAX_HAR_BYTES: usize = 256 * 1024 * 1024;

/// What analysing one entry costs in [`HarAnalyzer::step`]'s budget, in bytes of input.
pub const ENTRY_COST: usize = 16 * 1024;

/// What one pass of pairing over one entry costs in [`HarAnalyzer::step`]'s budget.
const PAIR_COST: usize = 256;

/// The analysis of a HAR file.
#[derive(Clone, Debug, PartialEq)]
pub struct HarAnalysis {
    /// Each cross-origin request, in the order of the file.
    pub entries: Vec<HarRequest>,
    /// How many entries were left out: same-origin requests, `data:`/`blob:` URLs, documents,
    /// images, scripts without an `Origin` header, and preflights (folded into their request).
    pub skipped: usize,
    /// Entries that could not be read, and what else was odd, each naming its entry.
    pub problems: Vec<String>,
}

/// One cross-origin request of a HAR file, rebuilt and simulated.
#[derive(Clone, Debug, PartialEq)]
pub struct HarRequest {
    /// The index of its entry in `log.entries` (the first entry of a redirect chain).
    pub index: usize,
    /// The URL the page asked for.
    pub url: String,
    /// The method.
    pub method: String,
    /// The scenario rebuilt from the entry, its preflight entry and its redirects.
    pub scenario: Scenario,
    /// corsim's verdict on it: the recovered CORS error.
    pub verdict: Verdict,
    /// What had to be assumed or restored, and where the browser's record and corsim differ.
    pub notes: Vec<String>,
    /// The scenario fields the HAR did not give (`origin`, `response`, `request.credentials` …).
    pub assumed: Vec<String>,
    /// Whether the request failed in the browser (an `_error`, or status 0).
    pub recorded_failure: bool,
    /// The status the browser recorded for the last hop: 0 when no response was recorded
    /// (blocked at the preflight, or never sent).
    pub recorded_status: u16,
    /// The network error the browser recorded (`net::ERR_FAILED` for a CORS failure after the
    /// response arrived), if any.
    pub recorded_error: Option<String>,
}

/// Where the analysis stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading entries: `done` and `total` count bytes of the file.
    Reading,
    /// Pairing preflights with their requests and linking redirect chains: `done` and `total`
    /// count passes over the entries (two per entry).
    Pairing,
    /// Simulating requests: `done` and `total` count requests.
    Analyzing,
    /// Finished: [`HarAnalyzer::finish`] returns the result at once.
    Done,
}

/// Progress of a chunked analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Work done in this stage.
    pub done: usize,
    /// Work in this stage.
    pub total: usize,
}

impl Progress {
    /// Whether the analysis is finished.
    pub fn is_done(&self) -> bool {
        self.stage == Stage::Done
    }

    /// A rough fraction of the whole work, from 0 to 1 (reading counts for the first half,
    /// pairing for a twentieth).
    pub fn fraction(&self) -> f64 {
        let part = if self.total == 0 {
            1.0
        } else {
            self.done as f64 / self.total as f64
        };
        match self.stage {
            Stage::Reading => part * 0.5,
            Stage::Pairing => 0.5 + part * 0.05,
            Stage::Analyzing => 0.55 + part * 0.45,
            Stage::Done => 1.0,
        }
    }
}

/// Resource types that are requests a script makes (Chromium's `_resourceType`).
const SCRIPT_TYPES: [&str; 4] = ["fetch", "xhr", "eventsource", "websocket"];

/// A chunked HAR analysis: create it with [`HarAnalyzer::new`], call [`HarAnalyzer::step`]
/// until it reports [`Stage::Done`] (a page does so between frames), then
/// [`HarAnalyzer::finish`].
pub struct HarAnalyzer {
    text: String,
    pos: usize,
    entries_end: Option<usize>,
    pages: BTreeMap<String, String>,
    raw: Vec<Option<RawEntry>>,
    pairing: Pairing,
    work: Vec<Work>,
    next_work: usize,
    result: HarAnalysis,
    stage: Stage,
    profile: Profile,
}

impl std::fmt::Debug for HarAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HarAnalyzer")
            .field("bytes", &self.text.len())
            .field("stage", &self.stage)
            .finish()
    }
}

impl HarAnalyzer {
    /// Checks the size and finds `log.entries`. Fails on an input that is too large or is not a
    /// HAR file.
    pub fn new(text: impl Into<String>, profile: &Profile) -> Result<Self, PasteError> {
        Self::with_limit(text, MAX_HAR_BYTES, profile)
    }

    /// [`HarAnalyzer::new`] with another size limit, in bytes.
    pub fn with_limit(
        text: impl Into<String>,
        max_bytes: usize,
        profile: &Profile,
    ) -> Result<Self, PasteError> {
        let text: String = text.into();
        check_size_with(text.len(), max_bytes)?;
        let mut pages = BTreeMap::new();
        let mut entries_at = None;
        {
            let start = text.len() - text.trim_start_matches('\u{feff}').len();
            let mut s = Scanner::new(&text, start);
            let mut saw_log = false;
            s.object(|s, key| {
                if key != "log" {
                    s.skip_value()?;
                    return Ok(true);
                }
                saw_log = true;
                s.object(|s, key| match key {
                    "pages" => {
                        let (a, b) = s.skip_value()?;
                        let slice = s.text.get(a..b).unwrap_or("[]");
                        if let Ok(list) = serde_json::from_str::<Vec<RawPage>>(slice) {
                            for p in list {
                                pages.insert(p.id, p.title);
                            }
                        }
                        Ok(true)
                    }
                    "entries" => {
                        s.skip_ws();
                        if !s.eat(b'[') {
                            return Err(s.error("log.entries is not an array"));
                        }
                        entries_at = Some(s.pos);
                        Ok(false)
                    }
                    _ => {
                        s.skip_value()?;
                        Ok(true)
                    }
                })?;
                Ok(false)
            })
            .map_err(|e| PasteError {
                message: format!("not a HAR file: {}", e.message),
                ..e
            })?;
            if !saw_log {
                return Err(PasteError::whole(
                    "not a HAR file: there is no \"log\" object at the top",
                ));
            }
        }
        let Some(pos) = entries_at else {
            return Err(PasteError::whole(
                "not a HAR file: the \"log\" object has no \"entries\" array",
            ));
        };
        Ok(HarAnalyzer {
            text,
            pos,
            entries_end: None,
            pages,
            raw: Vec::new(),
            pairing: Pairing::default(),
            work: Vec::new(),
            next_work: 0,
            result: HarAnalysis {
                entries: Vec::new(),
                skipped: 0,
                problems: Vec::new(),
            },
            stage: Stage::Reading,
            profile: profile.clone(),
        })
    }

    fn progress(&self) -> Progress {
        match self.stage {
            Stage::Reading => Progress {
                stage: Stage::Reading,
                done: self.pos,
                total: self.text.len(),
            },
            Stage::Pairing => Progress {
                stage: Stage::Pairing,
                done: self.pairing.cursor,
                total: 2 * self.raw.len(),
            },
            Stage::Analyzing => Progress {
                stage: Stage::Analyzing,
                done: self.next_work,
                total: self.work.len(),
            },
            Stage::Done => Progress {
                stage: Stage::Done,
                done: self.work.len(),
                total: self.work.len(),
            },
        }
    }

    /// Does about `budget` bytes' worth of work (reading counts bytes of the file; simulating a
    /// request counts [`ENTRY_COST`]) and says where the analysis stands. A syntax error in the
    /// entries list is an error with its line and column.
    pub fn step(&mut self, budget: usize) -> Result<Progress, PasteError> {
        let mut spent = 0usize;
        while spent < budget.max(1) {
            match self.stage {
                Stage::Reading => {
                    let before = self.pos;
                    self.read_one()?;
                    spent += self.pos.saturating_sub(before).max(1);
                }
                Stage::Pairing => {
                    self.pair_one();
                    spent += PAIR_COST;
                }
                Stage::Analyzing => {
                    match self.work.get(self.next_work).cloned() {
                        Some(w) => {
                            if let Some(r) = self.analyze(&w) {
                                self.result.entries.push(r);
                            }
                            self.next_work += 1;
                        }
                        None => self.stage = Stage::Done,
                    }
                    spent += ENTRY_COST;
                }
                Stage::Done => break,
            }
        }
        Ok(self.progress())
    }

    /// Runs the analysis to its end and returns it.
    pub fn finish(mut self) -> Result<HarAnalysis, PasteError> {
        while !self.step(usize::MAX)?.is_done() {}
        Ok(self.result)
    }
}

/// Whether a HAR text of `bytes` bytes is read, or the message refusing it: call it before
/// copying a large file anywhere.
pub fn check_size(bytes: usize) -> Result<(), PasteError> {
    check_size_with(bytes, MAX_HAR_BYTES)
}

/// [`check_size`] with another limit.
fn check_size_with(bytes: usize, max_bytes: usize) -> Result<(), PasteError> {
    if bytes <= max_bytes {
        return Ok(());
    }
    Err(PasteError::whole(format!(
        "the file is {:.1} MB; corsim reads HAR files up to {:.1} MB (export only the requests you need: filter the Network panel first)",
        bytes as f64 / 1_048_576.0,
        max_bytes as f64 / 1_048_576.0
    )))
}

/// Analyses a whole HAR text at once: every cross-origin request, rebuilt and simulated.
pub fn analyze_har(text: &str, profile: &Profile) -> Result<HarAnalysis, PasteError> {
    HarAnalyzer::new(text, profile)?.finish()
}

#[cfg(test)]
mod tests;
