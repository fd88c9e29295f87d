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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use super::PasteError;
use super::json_scan::Scanner;
use crate::fetch::simulate_with;
use crate::profile::Profile;
use crate::safelist::is_cors_safelisted_request_header;
use crate::scenario::{Credentials, Mode, Reply, RequestInit, Scenario};
use crate::verdict::{FetchOutcome, Verdict};

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

#[derive(Clone, Debug, Default, Deserialize)]
struct NameValue {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct PostData {
    #[serde(default)]
    text: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
struct RawRequest {
    #[serde(default)]
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default, rename = "postData")]
    post_data: Option<PostData>,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct RawResponse {
    #[serde(default)]
    status: f64,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default, rename = "redirectURL")]
    redirect_url: Option<String>,
    #[serde(default, rename = "_error")]
    error: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct Initiator {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
struct RawEntry {
    #[serde(default)]
    pageref: Option<String>,
    request: RawRequest,
    #[serde(default)]
    response: RawResponse,
    #[serde(default, rename = "_resourceType")]
    resource_type: Option<String>,
    #[serde(default, rename = "_initiator")]
    initiator: Option<Initiator>,
    #[serde(default, rename = "_error")]
    error: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
struct RawPage {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
}

fn header<'a>(headers: &'a [NameValue], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

impl RawEntry {
    fn status(&self) -> u16 {
        let s = self.response.status;
        if s.is_finite() && (100.0..=999.0).contains(&s) {
            s as u16
        } else {
            0
        }
    }

    fn error(&self) -> Option<&str> {
        self.response
            .error
            .as_deref()
            .or(self.error.as_deref())
            .filter(|e| !e.is_empty())
    }

    fn failed(&self) -> bool {
        self.error().is_some() || self.status() == 0
    }

    fn is_preflight(&self) -> bool {
        self.resource_type.as_deref() == Some("preflight")
            || (self.request.method.eq_ignore_ascii_case("OPTIONS")
                && header(&self.request.headers, "access-control-request-method").is_some())
    }

    /// The URL of the request a preflight entry is for.
    fn preflight_target(&self) -> &str {
        self.initiator
            .as_ref()
            .and_then(|i| i.url.as_deref())
            .filter(|_| {
                self.initiator.as_ref().and_then(|i| i.kind.as_deref()) == Some("preflight")
            })
            .unwrap_or(&self.request.url)
    }

    fn redirect_target(&self) -> Option<String> {
        let status = self.status();
        if !(300..400).contains(&status) {
            return None;
        }
        let location = self
            .response
            .redirect_url
            .as_deref()
            .filter(|u| !u.is_empty())
            .or_else(|| header(&self.response.headers, "location"))?;
        let base = url::Url::parse(&self.request.url).ok()?;
        base.join(location).ok().map(|u| u.to_string())
    }

    fn reply(&self) -> Reply {
        Reply {
            status: match self.status() {
                0 => 200,
                s => s,
            },
            headers: self
                .response
                .headers
                .iter()
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect(),
            body: None,
        }
    }
}

/// The origin of the page an entry comes from: its `Origin`, its preflight's `Origin`, its
/// `Referer`'s origin, or its page's URL.
fn page_origin(
    pages: &BTreeMap<String, String>,
    entry: &RawEntry,
    preflight: Option<&RawEntry>,
) -> Option<String> {
    header(&entry.request.headers, "origin")
        .or_else(|| preflight.and_then(|p| header(&p.request.headers, "origin")))
        .map(|o| o.trim().to_string())
        .or_else(|| header(&entry.request.headers, "referer").and_then(super::origin_of))
        .or_else(|| {
            entry
                .pageref
                .as_ref()
                .and_then(|p| pages.get(p))
                .and_then(|title| super::origin_of(title))
        })
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

/// One request to rebuild: the entries of its redirect chain and its preflight entries (one
/// per preflighted hop, in hop order).
#[derive(Clone, Debug)]
struct Work {
    chain: Vec<usize>,
    preflights: Vec<usize>,
}

/// What pairing keeps between two [`HarAnalyzer::step`] calls. Lookups are by URL in ordered
/// sets, so a file with thousands of requests to one URL is paired in `n log n`.
#[derive(Debug, Default)]
struct Pairing {
    /// Entries (not preflights) by URL that no redirect leads to yet.
    unlinked: HashMap<String, BTreeSet<usize>>,
    /// Preflights not yet given to a request, by the URL and `Access-Control-Request-Method`
    /// they are for (empty when they have none).
    free_preflights: HashMap<(String, String), BTreeSet<usize>>,
    /// How many preflights the file holds.
    preflights: usize,
    /// Entries a redirect leads to.
    continuation: BTreeSet<usize>,
    /// The next hop of each redirect.
    next_hop: HashMap<usize, usize>,
    /// Passes done: the first `raw.len()` link redirects, the next `raw.len()` choose requests.
    cursor: usize,
    /// Entries left out so far.
    skipped: usize,
    /// Requests chosen so far.
    work: Vec<Work>,
}

impl Pairing {
    /// Takes the preflight for a hop: the closest free one for its URL and method after it in
    /// the file (Chromium records the request before its preflight), else the closest before.
    fn claim_preflight(&mut self, url: &str, method: &str, hop: usize) -> Option<usize> {
        let keys = [
            (url.to_string(), method.to_string()),
            (url.to_string(), String::new()),
        ];
        let sets = || keys.iter().filter_map(|k| self.free_preflights.get(k));
        let after = sets().filter_map(|s| s.range(hop + 1..).next()).min();
        let chosen = match after {
            Some(&j) => j,
            None => *sets().filter_map(|s| s.range(..hop).next_back()).max()?,
        };
        for k in &keys {
            if let Some(set) = self.free_preflights.get_mut(k)
                && set.remove(&chosen)
            {
                break;
            }
        }
        Some(chosen)
    }

    /// Gives a preflight back.
    fn release_preflight(&mut self, pf: &RawEntry, j: usize) {
        let method = header(&pf.request.headers, "access-control-request-method")
            .map(|m| m.trim().to_string())
            .unwrap_or_default();
        self.free_preflights
            .entry((pf.preflight_target().to_string(), method))
            .or_default()
            .insert(j);
    }
}

impl HarAnalyzer {
    /// Checks the size and finds `log.entries`. Fails on an input that is too large or is not a
    /// HAR file.
    pub fn new(text: impl Into<String>) -> Result<Self, PasteError> {
        Self::with_limit(text, MAX_HAR_BYTES)
    }

    /// [`HarAnalyzer::new`] with another size limit, in bytes.
    pub fn with_limit(text: impl Into<String>, max_bytes: usize) -> Result<Self, PasteError> {
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
            profile: Profile::CHROMIUM,
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

    /// Reads the next entry, or ends the reading stage.
    fn read_one(&mut self) -> Result<(), PasteError> {
        let mut s = Scanner::new(&self.text, self.pos);
        if s.eat(b']') {
            self.entries_end = Some(s.pos);
            self.pos = s.pos;
            self.start_pairing();
            return Ok(());
        }
        if !self.raw.is_empty() && !s.eat(b',') {
            return Err(s.error(format!(
                "log.entries: expected ',' or ']' after entry {}, found {}",
                self.raw.len() - 1,
                s.found()
            )));
        }
        let index = self.raw.len();
        let (a, b) = s.skip_value().map_err(|e| PasteError {
            message: format!("log.entries[{index}]: {}", e.message),
            ..e
        })?;
        self.pos = s.pos;
        let slice = self.text.get(a..b).unwrap_or("");
        match serde_json::from_str::<RawEntry>(slice) {
            Ok(entry) => self.raw.push(Some(entry)),
            Err(e) => {
                let (line, _) = super::line_column(&self.text, a);
                self.result.problems.push(format!(
                    "log.entries[{index}] (line {line}): not a HAR entry: {e}"
                ));
                self.raw.push(None);
                self.result.skipped += 1;
            }
        }
        Ok(())
    }

    /// Indexes the entries once reading is done: entries by URL (to link redirect chains) and
    /// preflights by the URL and method they are for (to pair them with their requests).
    fn start_pairing(&mut self) {
        let mut pairing = Pairing::default();
        for (i, e) in self.raw.iter().enumerate() {
            let Some(e) = e else { continue };
            if e.is_preflight() {
                let method = header(&e.request.headers, "access-control-request-method")
                    .map(|m| m.trim().to_string())
                    .unwrap_or_default();
                pairing
                    .free_preflights
                    .entry((e.preflight_target().to_string(), method))
                    .or_default()
                    .insert(i);
                pairing.preflights += 1;
            } else {
                pairing
                    .unlinked
                    .entry(e.request.url.clone())
                    .or_default()
                    .insert(i);
            }
        }
        self.pairing = pairing;
        self.stage = Stage::Pairing;
    }

    /// One entry's worth of pairing: first every redirect is linked to the next hop (an entry
    /// whose redirect target is a later entry's URL), then each request that starts a chain is
    /// given its chain and its preflights, and kept if it is a cross-origin request a script
    /// made. When every entry is done, preflights left without a request become work of their
    /// own and the analysis starts.
    fn pair_one(&mut self) {
        let total = self.raw.len();
        let p = &mut self.pairing;
        if p.cursor < total {
            let i = p.cursor;
            p.cursor += 1;
            let Some(e) = self.raw.get(i).and_then(Option::as_ref) else {
                return;
            };
            if e.is_preflight() {
                return;
            }
            if let Some(target) = e.redirect_target()
                && let Some(list) = p.unlinked.get_mut(target.as_str())
                && let Some(&k) = list.range(i + 1..).next()
            {
                list.remove(&k);
                p.continuation.insert(k);
                p.next_hop.insert(i, k);
            }
            return;
        }
        if p.cursor < 2 * total {
            let i = p.cursor - total;
            p.cursor += 1;
            self.choose(i);
            return;
        }
        // Preflights whose request is not in the file (Firefox leaves some blocked requests
        // out).
        let p = &mut self.pairing;
        // Unordered here: the sort of the work below orders them.
        let orphans: Vec<usize> = p.free_preflights.values().flatten().copied().collect();
        self.result.skipped += p.skipped + (p.preflights - orphans.len());
        let mut work = std::mem::take(&mut p.work);
        work.extend(orphans.into_iter().map(|j| Work {
            chain: Vec::new(),
            preflights: vec![j],
        }));
        // Every key is a distinct entry (a chain's first hop, or an orphan preflight), so an
        // unstable sort gives the one order.
        work.sort_unstable_by_key(|w| {
            w.chain
                .first()
                .or(w.preflights.first())
                .copied()
                .unwrap_or(0)
        });
        self.work = work;
        self.pairing = Pairing::default();
        self.stage = Stage::Analyzing;
    }

    /// Entry `i` in the second pass: if it starts a chain, its hops and preflights, and whether
    /// it is a cross-origin request a script made.
    fn choose(&mut self, i: usize) {
        let raw = &self.raw;
        let get = |k: usize| raw.get(k).and_then(Option::as_ref);
        let p = &mut self.pairing;
        let Some(e) = get(i) else { return };
        if e.is_preflight() || p.continuation.contains(&i) {
            return;
        }
        let mut chain = vec![i];
        let mut cur = i;
        while let Some(&k) = p.next_hop.get(&cur) {
            if chain.len() > 50 || chain.contains(&k) {
                break;
            }
            chain.push(k);
            cur = k;
        }
        // Each hop's preflight: Chromium sends one before each hop of a preflighted request.
        let preflights: Vec<usize> = chain
            .iter()
            .filter_map(|&hop| {
                let h = get(hop)?;
                p.claim_preflight(&h.request.url, &h.request.method, hop)
            })
            .collect();
        let pf_entry = preflights.first().and_then(|&j| get(j));
        let scheme_ok =
            url::Url::parse(&e.request.url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        let type_ok = match e.resource_type.as_deref() {
            Some(t) => {
                SCRIPT_TYPES.contains(&t)
                    || header(&e.request.headers, "origin").is_some()
                    || pf_entry.is_some()
            }
            // Firefox: no resource type; a CORS request carries Origin or Sec-Fetch-Mode.
            None => {
                header(&e.request.headers, "origin").is_some()
                    || pf_entry.is_some()
                    || header(&e.request.headers, "sec-fetch-mode")
                        .is_some_and(|m| m.eq_ignore_ascii_case("cors"))
            }
        };
        if !scheme_ok || !type_ok || e.resource_type.as_deref() == Some("websocket") {
            p.skipped += chain.len();
            for j in preflights {
                if let Some(pf) = get(j) {
                    p.release_preflight(pf, j);
                }
            }
            return;
        }
        let origin = page_origin(&self.pages, e, pf_entry);
        let cross = match (&origin, super::origin_of(&e.request.url)) {
            (Some(o), Some(target)) => o != &target,
            _ => true,
        };
        if !cross {
            p.skipped += chain.len();
            return;
        }
        p.work.push(Work { chain, preflights });
    }

    /// Rebuilds one request as a scenario and simulates it. A scenario gives one answer to
    /// every preflight, so when each hop of a redirect chain had its own preflight, the first
    /// one whose answer gives the outcome the browser recorded is used (the first hop's when
    /// none does), and a note says so.
    fn analyze(&self, work: &Work) -> Option<HarRequest> {
        let first = self.analyze_with(work, work.preflights.first().copied())?;
        if work.preflights.len() < 2 {
            return Some(first);
        }
        let agrees =
            |r: &HarRequest| r.recorded_failure == (r.verdict.fetch == FetchOutcome::Rejected);
        let entries = work
            .preflights
            .iter()
            .map(|j| format!("#{j}"))
            .collect::<Vec<_>>()
            .join(", ");
        let chosen = if agrees(&first) {
            (first, work.preflights.first().copied().unwrap_or(0))
        } else {
            work.preflights
                .iter()
                .skip(1)
                .filter_map(|&j| Some((self.analyze_with(work, Some(j))?, j)))
                .find(|(r, _)| agrees(r))
                .unwrap_or((first, work.preflights.first().copied().unwrap_or(0)))
        };
        let (mut request, used) = chosen;
        request.notes.insert(
            0,
            format!(
                "each hop of this redirect chain had its own preflight (entries {entries}); corsim's scenario gives every preflight the same answer: entry #{used}'s"
            ),
        );
        Some(request)
    }

    /// [`HarAnalyzer::analyze`] with the answer of preflight entry `preflight`.
    fn analyze_with(&self, work: &Work, preflight: Option<usize>) -> Option<HarRequest> {
        let get = |i: usize| self.raw.get(i).and_then(Option::as_ref);
        let pf = preflight.and_then(get);
        let hops: Vec<&RawEntry> = work.chain.iter().filter_map(|&i| get(i)).collect();
        let mut notes = Vec::new();
        let (first, last) = match (hops.first(), hops.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => {
                let p = pf?;
                return Some(self.orphan_preflight(preflight.unwrap_or(0), p));
            }
        };
        let index = work.chain.first().copied().unwrap_or(0);
        let origin = match page_origin(&self.pages, first, pf) {
            Some(o) => o,
            None => {
                let assumed = super::console::reproduce::assumed_origin_for(&first.request.url);
                notes.push(format!(
                    "the HAR does not say which page made this request (no Origin, Referer or page URL); corsim assumes {assumed}"
                ));
                assumed
            }
        };
        let method = first.request.method.clone();
        let recorded_failure = last.failed() || hops.iter().any(|h| h.error().is_some());
        // The script's headers: those the browser did not add itself.
        let acrh: Option<Vec<String>> = pf
            .and_then(|p| header(&p.request.headers, "access-control-request-headers"))
            .map(|v| {
                v.split(',')
                    .map(|n| n.trim().to_ascii_lowercase())
                    .filter(|n| !n.is_empty())
                    .collect()
            });
        let mut headers: Vec<(String, String)> = Vec::new();
        for h in &first.request.headers {
            if super::is_browser_added_header(&h.name) {
                continue;
            }
            let lower = h.name.to_ascii_lowercase();
            let safelisted = is_cors_safelisted_request_header(
                h.name.as_bytes(),
                h.value.as_bytes(),
                &self.profile,
            );
            if let Some(list) = &acrh
                && !safelisted
                && !list.contains(&lower)
            {
                continue;
            }
            headers.push((h.name.clone(), h.value.clone()));
        }
        if let Some(list) = &acrh {
            for name in list {
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    headers.push((name.clone(), super::curl::placeholder_value(name)));
                    notes.push(format!(
                        "the request header {name} is not in the HAR (a sanitized export drops Authorization and Cookie; a blocked request keeps only provisional headers): restored from the preflight's Access-Control-Request-Headers with a placeholder value"
                    ));
                }
            }
        }
        let recorded_mode = header(&first.request.headers, "sec-fetch-mode");
        // The headers as sent (not DevTools' provisional ones) hold `Host` or `:authority`. A
        // cors-mode request always carries `Origin`
        // (<https://fetch.spec.whatwg.org/#append-a-request-origin-header>), so sent headers
        // without it are a no-cors request's (Chromium sends no Sec-Fetch-Mode to a plain
        // http:// host that is not loopback).
        let sent_headers = header(&first.request.headers, "host").is_some()
            || header(&first.request.headers, ":authority").is_some();
        let mode = match recorded_mode
            .map(|m| m.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("no-cors") => Mode::NoCors,
            Some("same-origin") => Mode::SameOrigin,
            Some(_) => Mode::Cors,
            None if sent_headers && header(&first.request.headers, "origin").is_none() => {
                notes.push("the request went out without an Origin header, which a cors-mode request always sends: it was a no-cors request (mode: 'no-cors')".to_string());
                Mode::NoCors
            }
            None => Mode::Cors,
        };
        let credentials = if header(&first.request.headers, "cookie").is_some() {
            Credentials::Include
        } else {
            Credentials::SameOrigin
        };
        let body = first
            .request
            .post_data
            .as_ref()
            .map(|p| p.text.clone().unwrap_or_default())
            .filter(|_| !matches!(method.as_str(), "GET" | "HEAD"));
        // `redirect: 'manual'`: the browser records the redirect, then aborts the next hop.
        let manual = hops.len() >= 2
            && last.status() == 0
            && last.error() == Some("net::ERR_ABORTED")
            && hops
                .get(hops.len() - 2)
                .is_some_and(|h| h.redirect_target().is_some());
        let hops: Vec<&RawEntry> = if manual {
            notes.push("the browser recorded the redirect and aborted the next hop: the request used redirect: 'manual'".to_string());
            hops.get(..hops.len() - 1)
                .map(<[_]>::to_vec)
                .unwrap_or_default()
        } else {
            hops
        };
        let last = hops.last().copied().unwrap_or(last);
        let recorded_failure = recorded_failure && !manual;
        let recorded_status = last.status();
        let recorded_error = if manual {
            None
        } else {
            last.error()
                .or_else(|| hops.iter().find_map(|h| h.error()))
                .map(str::to_string)
        };
        // The response after the last recorded hop, when the HAR does not hold it: one that
        // passes every check, so that only what the HAR shows can fail.
        let stand_in = Reply {
            status: 200,
            headers: vec![
                ("Access-Control-Allow-Origin".to_string(), origin.clone()),
                (
                    "Access-Control-Allow-Credentials".to_string(),
                    "true".to_string(),
                ),
            ],
            body: None,
        };
        let stopped_at_redirect = !manual && last.redirect_target().is_some();
        let (redirects, response): (Vec<Reply>, Reply) = if manual {
            (hops.iter().map(|h| h.reply()).collect(), Reply::default())
        } else if stopped_at_redirect {
            notes.push("the request stopped at a redirect: what the next URL would have answered is not in the HAR".to_string());
            (hops.iter().map(|h| h.reply()).collect(), stand_in.clone())
        } else if last.status() == 0 {
            let all_but_last = hops
                .iter()
                .take(hops.len().saturating_sub(1))
                .map(|h| h.reply())
                .collect();
            let reply = match (pf, last.error()) {
                (Some(_), _) => {
                    notes.push("the request failed in the browser (status 0): its response is not in the HAR; the verdict rests on the preflight's answer".to_string());
                    stand_in.clone()
                }
                (None, Some(e)) if e != "net::ERR_FAILED" => {
                    notes.push(format!(
                        "the request failed in the browser with {e}, a network error, not a CORS one: its response is not in the HAR"
                    ));
                    Reply::default()
                }
                (None, _) => {
                    notes.push("the request failed in the browser (status 0): its response headers are not in the HAR, so corsim can only show what the request needed".to_string());
                    Reply::default()
                }
            };
            (all_but_last, reply)
        } else {
            (
                hops.iter()
                    .take(hops.len().saturating_sub(1))
                    .map(|h| h.reply())
                    .collect(),
                last.reply(),
            )
        };
        let request = RequestInit {
            url: first.request.url.clone(),
            method: method.clone(),
            headers,
            mode,
            credentials,
            redirect: if manual {
                crate::scenario::RedirectMode::Manual
            } else {
                Default::default()
            },
            body,
        };
        let mut scenario = Scenario {
            preflight: pf.map(RawEntry::reply),
            response,
            redirects,
            source: Some(format!("HAR entry {index}")),
            ..Scenario::of_request(format!("har-{index}"), origin, request)
        };
        if let Some(p) = pf
            && p.status() == 0
        {
            notes.push(format!(
                    "the preflight got no HTTP answer ({}): corsim cannot tell what the server would have said",
                    p.error().unwrap_or("status 0")
                ));
        }
        let mut verdict = simulate_with(&scenario, &self.profile);
        // After a redirect to another origin the request's origin is `null`: the stand-in
        // response must allow that one.
        let response_is_stand_in = scenario.response == stand_in;
        let last_hop = scenario.redirects.len();
        if response_is_stand_in && fails_at_hop(&verdict, last_hop) {
            let mut with = scenario.clone();
            for (n, v) in &mut with.response.headers {
                if n.eq_ignore_ascii_case("access-control-allow-origin") {
                    *v = "null".to_string();
                }
            }
            let v = simulate_with(&with, &self.profile);
            if !fails_at_hop(&v, last_hop) {
                scenario = with;
                verdict = v;
            }
        }
        // A request sent without a preflight in the file, though it needs one: the browser
        // answered from its preflight cache.
        if pf.is_none() && verdict.preflight_sent && !recorded_failure {
            let mut allow = vec![
                (
                    "Access-Control-Allow-Origin".to_string(),
                    scenario.origin.clone(),
                ),
                ("Access-Control-Allow-Methods".to_string(), method.clone()),
            ];
            let names: Vec<String> = scenario
                .request
                .headers
                .iter()
                .map(|(n, _)| n.clone())
                .collect();
            if !names.is_empty() {
                allow.push(("Access-Control-Allow-Headers".to_string(), names.join(", ")));
            }
            scenario.preflight = Some(Reply {
                status: 204,
                headers: allow,
                body: None,
            });
            notes.push("the request needs a preflight and none is in the HAR: the browser used a cached one; corsim assumes it allowed the request".to_string());
            verdict = simulate_with(&scenario, &self.profile);
        }
        // A response arrived and the browser then recorded net::ERR_ABORTED, which Chromium
        // never uses for a CORS failure (that is net::ERR_FAILED): when only provisional
        // headers were kept (no Sec-Fetch-Mode) and the rebuilt cors-mode request fails a CORS
        // check, the request was a no-cors one, whose opaque response the page did not read.
        if recorded_mode.is_none()
            && last.status() != 0
            && last.error() == Some("net::ERR_ABORTED")
            && verdict.cors_error.is_some()
        {
            let mut with = scenario.clone();
            with.request.mode = Mode::NoCors;
            let v = simulate_with(&with, &self.profile);
            if v.fetch == FetchOutcome::Resolved {
                notes.push("the browser got a response and recorded net::ERR_ABORTED, not the net::ERR_FAILED of a CORS failure, and kept only provisional headers: corsim assumes mode: 'no-cors' (the HAR does not say), whose opaque response passes no CORS check".to_string());
                scenario = with;
                verdict = v;
            }
        }
        // A redirect that passes every CORS check and still failed: either the request's
        // redirect mode was 'error' or it was credentialed and the redirect fails the
        // credentialed checks (the HAR records neither). A server that sends
        // Access-Control-Allow-Credentials on the redirect expects credentialed requests:
        // credentials first then; else redirect: 'error' first.
        let credentialed = |s: &Scenario| {
            let mut with = s.clone();
            with.request.credentials = Credentials::Include;
            let v = simulate_with(&with, &self.profile);
            (v.fetch == FetchOutcome::Rejected && v.cors_error.is_some()).then_some((with, v))
        };
        let redirect_allows_credentials =
            header(&last.response.headers, "access-control-allow-credentials").is_some();
        if recorded_failure
            && stopped_at_redirect
            && redirect_allows_credentials
            && verdict.fetch != FetchOutcome::Rejected
            && credentials != Credentials::Include
            && let Some((with, v)) = credentialed(&scenario)
        {
            notes.push("the redirect passes every CORS check for a request without credentials, yet the request failed there, and the redirect sends Access-Control-Allow-Credentials: corsim assumes the request was credentialed (credentials: 'include'; the HAR does not say) — with redirect: 'error' it would fail there too, without a CORS error".to_string());
            scenario = with;
            verdict = v;
        }
        if recorded_failure
            && stopped_at_redirect
            && verdict.fetch != FetchOutcome::Rejected
            && last.error().is_some()
        {
            let mut with = scenario.clone();
            with.request.redirect = crate::scenario::RedirectMode::Error;
            let v = simulate_with(&with, &self.profile);
            if v.fetch == FetchOutcome::Rejected {
                let also = if credentials != Credentials::Include
                    && credentialed(&scenario).is_some()
                {
                    "; a credentialed request (credentials: 'include') would also fail there, with a CORS error in the console"
                } else {
                    ""
                };
                notes.push(format!("the redirect passes every CORS check yet the request failed there: corsim assumes it was made with redirect: 'error' (the HAR does not record the redirect mode){also}"));
                scenario = with;
                verdict = v;
            }
        }
        // The HAR does not say whether credentials were sent; a failure only credentials
        // explain tells.
        let rejected = verdict.fetch == FetchOutcome::Rejected;
        if recorded_failure
            && !rejected
            && credentials != Credentials::Include
            && let Some((with, v)) = credentialed(&scenario)
        {
            notes.push("the request failed in the browser, and only a credentialed request (credentials: 'include') fails with these headers: corsim assumes it was sent with credentials (the HAR does not say; a sanitized export drops cookies)".to_string());
            scenario = with;
            verdict = v;
        }
        let rejected = verdict.fetch == FetchOutcome::Rejected;
        if recorded_failure && !rejected {
            notes.push(format!(
                "the request failed in the browser ({}) but passes in corsim: the failure is probably not about CORS (a network error, a cancelled request, an extension)",
                last.error().unwrap_or("status 0")
            ));
        } else if !recorded_failure && rejected {
            notes.push("the request succeeded in the browser but fails in corsim: something the HAR does not show (credentials, a cached preflight, a header it sorted or dropped) differs".to_string());
        }
        Some(HarRequest {
            index,
            url: first.request.url.clone(),
            method,
            scenario,
            verdict,
            notes,
            recorded_failure,
            recorded_status,
            recorded_error,
        })
    }

    /// A preflight whose request is not in the file.
    fn orphan_preflight(&self, index: usize, p: &RawEntry) -> HarRequest {
        let origin = page_origin(&self.pages, p, None)
            .unwrap_or_else(|| super::console::reproduce::assumed_origin_for(&p.request.url));
        let method = header(&p.request.headers, "access-control-request-method")
            .unwrap_or("GET")
            .trim()
            .to_string();
        let headers = header(&p.request.headers, "access-control-request-headers")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| (n.to_string(), super::curl::placeholder_value(n)))
                    .collect()
            })
            .unwrap_or_default();
        let url = p.preflight_target().to_string();
        let request = RequestInit {
            method: method.clone(),
            headers,
            ..RequestInit::get(url.clone())
        };
        let scenario = Scenario {
            preflight: Some(p.reply()),
            source: Some(format!("HAR entry {index} (a preflight)")),
            ..Scenario::of_request(format!("har-{index}"), origin, request)
        };
        let verdict = simulate_with(&scenario, &self.profile);
        HarRequest {
            index,
            url,
            method,
            scenario,
            verdict,
            notes: vec!["only the preflight of this request is in the HAR: the request was rebuilt from its Access-Control-Request-Method and -Headers, and its response is unknown".to_string()],
            recorded_failure: true,
            recorded_status: 0,
            recorded_error: None,
        }
    }
}

/// Whether the verdict's failing step is at this hop (the hop after the last redirect is the
/// final response).
fn fails_at_hop(verdict: &Verdict, hop: usize) -> bool {
    verdict.fetch == FetchOutcome::Rejected
        && verdict
            .steps
            .iter()
            .any(|s| s.outcome == crate::trace::Outcome::Fail && s.hop == Some(hop))
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
pub fn analyze_har(text: &str) -> Result<HarAnalysis, PasteError> {
    HarAnalyzer::new(text)?.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CorsError;

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
        let a = analyze_har(&har(vec![fetch, preflight, image])).unwrap_or_else(|e| panic!("{e}"));
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
        let a = analyze_har(&har(vec![fetch, same])).unwrap_or_else(|e| panic!("{e}"));
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
        let whole = analyze_har(&text).unwrap_or_else(|e| panic!("{e}"));
        let mut a = HarAnalyzer::new(text.as_str()).unwrap_or_else(|e| panic!("{e}"));
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
        let a = analyze_har(&har(entries)).unwrap_or_else(|e| panic!("{e}"));
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
        let a = analyze_har(&text).unwrap_or_else(|e| panic!("{e}"));
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
        let mut analyzer = HarAnalyzer::new(text.as_str()).unwrap_or_else(|e| panic!("{e}"));
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
        let a = analyze_har(&har(vec![fetch])).unwrap_or_else(|e| panic!("{e}"));
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
        let a = analyze_har(&har(vec![fetch])).unwrap_or_else(|e| panic!("{e}"));
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
        let a = analyze_har(&har(vec![fetch])).unwrap_or_else(|e| panic!("{e}"));
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
        let a = analyze_har(&har(vec![redirect(true)])).unwrap_or_else(|e| panic!("{e}"));
        let r = a.entries.first().unwrap_or_else(|| panic!("no request"));
        assert_eq!(r.scenario.request.credentials, Credentials::Include);
        assert_eq!(
            r.verdict.cors_error,
            Some(CorsError::InvalidAllowCredentials)
        );
        let a = analyze_har(&har(vec![redirect(false)])).unwrap_or_else(|e| panic!("{e}"));
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
        let e = analyze_har("{\"log\": {\"entries\": [{\"a\": 1},\n {\"b\": [").err();
        assert_eq!(e.map(|e| (e.line, e.column)), Some((2, 2)));
        let a = analyze_har("{\"log\": {\"entries\": [{\"request\": }]}}")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            a.problems
                .first()
                .is_some_and(|p| p.contains("log.entries[0] (line 1)")),
            "{:?}",
            a.problems
        );
        assert!(analyze_har("{\"foo\": 1}").is_err());
        let too_big = HarAnalyzer::with_limit("{\"log\": {\"entries\": []}}", 10).err();
        assert_eq!(
            too_big.map(|e| e.to_string()),
            Some("the file is 0.0 MB; corsim reads HAR files up to 0.0 MB (export only the requests you need: filter the Network panel first)".to_string())
        );
        assert!(analyze_har("[]").is_err());
        let a =
            analyze_har("{\"log\": {\"entries\": [{\"x\": 1}]}}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.problems.len(), 1);
    }
}
