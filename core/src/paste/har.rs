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

use std::collections::{HashMap, HashSet};

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
}

/// Where the analysis stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading entries: `done` and `total` count bytes of the file.
    Reading,
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

    /// A rough fraction of the whole work, from 0 to 1 (reading counts for the first half).
    pub fn fraction(&self) -> f64 {
        let part = if self.total == 0 {
            1.0
        } else {
            self.done as f64 / self.total as f64
        };
        match self.stage {
            Stage::Reading => part * 0.5,
            Stage::Analyzing => 0.5 + part * 0.5,
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

/// Resource types that are requests a script makes (Chromium's `_resourceType`).
const SCRIPT_TYPES: [&str; 4] = ["fetch", "xhr", "eventsource", "websocket"];

/// A chunked HAR analysis: create it with [`HarAnalyzer::new`], call [`HarAnalyzer::step`]
/// until it reports [`Stage::Done`] (a page does so between frames), then
/// [`HarAnalyzer::finish`].
pub struct HarAnalyzer {
    text: String,
    pos: usize,
    entries_end: Option<usize>,
    pages: HashMap<String, String>,
    raw: Vec<Option<RawEntry>>,
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

/// One request to rebuild: the entries of its redirect chain and its preflight entry.
#[derive(Clone, Debug)]
struct Work {
    chain: Vec<usize>,
    preflight: Option<usize>,
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
        if text.len() > max_bytes {
            return Err(PasteError::whole(format!(
                "the file is {:.1} MB; corsim reads HAR files up to {:.1} MB (export only the requests you need: filter the Network panel first)",
                text.len() as f64 / 1_048_576.0,
                max_bytes as f64 / 1_048_576.0
            )));
        }
        let mut pages = HashMap::new();
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
            self.plan();
            self.stage = Stage::Analyzing;
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

    /// The origin of the page an entry comes from: its `Origin`, its preflight's `Origin`, its
    /// `Referer`'s origin, or its page's URL.
    fn page_origin(&self, entry: &RawEntry, preflight: Option<&RawEntry>) -> Option<String> {
        header(&entry.request.headers, "origin")
            .or_else(|| preflight.and_then(|p| header(&p.request.headers, "origin")))
            .map(|o| o.trim().to_string())
            .or_else(|| header(&entry.request.headers, "referer").and_then(super::origin_of))
            .or_else(|| {
                entry
                    .pageref
                    .as_ref()
                    .and_then(|p| self.pages.get(p))
                    .and_then(|title| super::origin_of(title))
            })
    }

    /// Pairs preflights with their requests, links redirect chains and picks the cross-origin
    /// requests.
    fn plan(&mut self) {
        let entries: Vec<(usize, &RawEntry)> = self
            .raw
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i, e)))
            .collect();
        // Entries by URL, in file order.
        let mut by_url: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut preflights_for: HashMap<&str, Vec<usize>> = HashMap::new();
        for &(i, e) in &entries {
            if e.is_preflight() {
                preflights_for
                    .entry(e.preflight_target())
                    .or_default()
                    .push(i);
            } else {
                by_url.entry(e.request.url.as_str()).or_default().push(i);
            }
        }
        // Redirect chains: an entry whose redirect target is a later entry's URL.
        let mut continuation: HashSet<usize> = HashSet::new();
        let mut next_hop: HashMap<usize, usize> = HashMap::new();
        for &(i, e) in &entries {
            if e.is_preflight() {
                continue;
            }
            if let Some(target) = e.redirect_target() {
                let next = by_url
                    .get(target.as_str())
                    .and_then(|list| list.iter().find(|k| **k > i && !continuation.contains(*k)))
                    .copied();
                if let Some(k) = next {
                    continuation.insert(k);
                    next_hop.insert(i, k);
                }
            }
        }
        let mut preflights: Vec<usize> = entries
            .iter()
            .filter(|(_, e)| e.is_preflight())
            .map(|(i, _)| *i)
            .collect();
        let mut used_preflights: HashSet<usize> = HashSet::new();
        let mut work = Vec::new();
        let mut skipped = 0usize;
        for &(i, e) in &entries {
            if e.is_preflight() || continuation.contains(&i) {
                continue;
            }
            let mut chain = vec![i];
            let mut cur = i;
            while let Some(&k) = next_hop.get(&cur) {
                if chain.len() > 50 || chain.contains(&k) {
                    break;
                }
                chain.push(k);
                cur = k;
            }
            // Its preflight: the closest unused preflight for one of the chain's URLs, after
            // the request if there is one, else before.
            let mut preflight = None;
            'find: for &hop in &chain {
                let Some(hop_entry) = self.raw.get(hop).and_then(Option::as_ref) else {
                    continue;
                };
                let mut candidates: Vec<usize> = preflights_for
                    .get(hop_entry.request.url.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                    .iter()
                    .copied()
                    .filter(|j| {
                        !used_preflights.contains(j)
                            && self.raw.get(*j).and_then(Option::as_ref).is_some_and(|p| {
                                header(&p.request.headers, "access-control-request-method")
                                    .is_none_or(|m| m.trim() == hop_entry.request.method)
                            })
                    })
                    .collect();
                candidates.sort_by_key(|j| if *j > hop { (0, j - hop) } else { (1, hop - j) });
                if let Some(&j) = candidates.first() {
                    used_preflights.insert(j);
                    preflight = Some(j);
                    break 'find;
                }
            }
            let pf_entry = preflight
                .and_then(|j| self.raw.get(j))
                .and_then(Option::as_ref);
            let scheme_ok = url::Url::parse(&e.request.url)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
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
                skipped += chain.len();
                if let Some(j) = preflight {
                    used_preflights.remove(&j);
                }
                continue;
            }
            let origin = self.page_origin(e, pf_entry);
            let cross = match (&origin, super::origin_of(&e.request.url)) {
                (Some(o), Some(target)) => o != &target,
                _ => true,
            };
            if !cross {
                skipped += chain.len();
                continue;
            }
            work.push(Work { chain, preflight });
        }
        // Preflights whose request is not in the file (Firefox leaves some blocked requests out).
        preflights.retain(|j| !used_preflights.contains(j));
        for j in preflights {
            work.push(Work {
                chain: Vec::new(),
                preflight: Some(j),
            });
        }
        work.sort_by_key(|w| {
            w.chain
                .first()
                .or(w.preflight.as_ref())
                .copied()
                .unwrap_or(0)
        });
        self.result.skipped += skipped + used_preflights.len();
        self.work = work;
    }

    /// Rebuilds one request as a scenario and simulates it.
    fn analyze(&self, work: &Work) -> Option<HarRequest> {
        let get = |i: usize| self.raw.get(i).and_then(Option::as_ref);
        let pf = work.preflight.and_then(get);
        let hops: Vec<&RawEntry> = work.chain.iter().filter_map(|&i| get(i)).collect();
        let mut notes = Vec::new();
        let (first, last) = match (hops.first(), hops.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => {
                let p = pf?;
                return Some(self.orphan_preflight(work.preflight.unwrap_or(0), p));
            }
        };
        let index = work.chain.first().copied().unwrap_or(0);
        let origin = match self.page_origin(first, pf) {
            Some(o) => o,
            None => {
                notes.push(format!(
                    "the HAR does not say which page made this request (no Origin, Referer or page URL); corsim assumes {}",
                    super::console::ASSUMED_ORIGIN
                ));
                super::console::ASSUMED_ORIGIN.to_string()
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
        let mode = match header(&first.request.headers, "sec-fetch-mode")
            .map(|m| m.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("no-cors") => Mode::NoCors,
            Some("same-origin") => Mode::SameOrigin,
            _ => Mode::Cors,
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
        let mut scenario = Scenario {
            id: format!("har-{index}"),
            origin,
            request: RequestInit {
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
            },
            preflight: pf.map(RawEntry::reply),
            response,
            redirects,
            note: None,
            source: Some(format!("HAR entry {index}")),
            tags: Vec::new(),
            expect: None,
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
        // The HAR does not say whether credentials were sent; a failure only credentials
        // explain tells.
        let rejected = verdict.fetch == FetchOutcome::Rejected;
        if recorded_failure && !rejected && credentials != Credentials::Include {
            let mut with = scenario.clone();
            with.request.credentials = Credentials::Include;
            let v = simulate_with(&with, &self.profile);
            if v.fetch == FetchOutcome::Rejected && v.cors_error.is_some() {
                notes.push("the request failed in the browser, and only a credentialed request (credentials: 'include') fails with these headers: corsim assumes it was sent with credentials (the HAR does not say; a sanitized export drops cookies)".to_string());
                scenario = with;
                verdict = v;
            }
        }
        // A redirect that passes every CORS check and still failed: the request's redirect
        // mode was 'error' (the HAR does not record it).
        if recorded_failure
            && stopped_at_redirect
            && verdict.fetch != FetchOutcome::Rejected
            && last.error().is_some()
        {
            let mut with = scenario.clone();
            with.request.redirect = crate::scenario::RedirectMode::Error;
            let v = simulate_with(&with, &self.profile);
            if v.fetch == FetchOutcome::Rejected {
                notes.push("the redirect passes every CORS check yet the request failed there: it was made with redirect: 'error' (the HAR does not record the redirect mode)".to_string());
                scenario = with;
                verdict = v;
            }
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
        })
    }

    /// A preflight whose request is not in the file.
    fn orphan_preflight(&self, index: usize, p: &RawEntry) -> HarRequest {
        let origin = self
            .page_origin(p, None)
            .unwrap_or_else(|| super::console::ASSUMED_ORIGIN.to_string());
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
        let scenario = Scenario {
            id: format!("har-{index}"),
            origin,
            request: RequestInit {
                url: url.clone(),
                method: method.clone(),
                headers,
                mode: Mode::Cors,
                credentials: Credentials::SameOrigin,
                redirect: Default::default(),
                body: None,
            },
            preflight: Some(p.reply()),
            response: Reply::default(),
            redirects: Vec::new(),
            note: None,
            source: Some(format!("HAR entry {index} (a preflight)")),
            tags: Vec::new(),
            expect: None,
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
