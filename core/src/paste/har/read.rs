//! Reading a HAR file: its entries, one at a time from the text, and their pairing —
//! preflights with the requests they were sent for, redirect hops into chains, and which
//! requests are cross-origin requests a script made.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use super::{HarAnalyzer, SCRIPT_TYPES, Stage};
use crate::paste::PasteError;
use crate::paste::json_scan::Scanner;
use crate::scenario::Reply;

#[derive(Clone, Debug, Default, Deserialize)]
pub(super) struct NameValue {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) value: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(super) struct PostData {
    #[serde(default)]
    pub(super) text: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub(super) struct RawRequest {
    #[serde(default)]
    pub(super) method: String,
    pub(super) url: String,
    #[serde(default)]
    pub(super) headers: Vec<NameValue>,
    #[serde(default, rename = "postData")]
    pub(super) post_data: Option<PostData>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(super) struct RawResponse {
    #[serde(default)]
    pub(super) status: f64,
    #[serde(default)]
    pub(super) headers: Vec<NameValue>,
    #[serde(default, rename = "redirectURL")]
    pub(super) redirect_url: Option<String>,
    #[serde(default, rename = "_error")]
    pub(super) error: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(super) struct Initiator {
    #[serde(default, rename = "type")]
    pub(super) kind: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub(super) struct RawEntry {
    #[serde(default)]
    pub(super) pageref: Option<String>,
    pub(super) request: RawRequest,
    #[serde(default)]
    pub(super) response: RawResponse,
    #[serde(default, rename = "_resourceType")]
    pub(super) resource_type: Option<String>,
    #[serde(default, rename = "_initiator")]
    pub(super) initiator: Option<Initiator>,
    #[serde(default, rename = "_error")]
    pub(super) error: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub(super) struct RawPage {
    #[serde(default)]
    pub(super) id: String,
    #[serde(default)]
    pub(super) title: String,
}

pub(super) fn header<'a>(headers: &'a [NameValue], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

impl RawEntry {
    pub(super) fn status(&self) -> u16 {
        let s = self.response.status;
        if s.is_finite() && (100.0..=999.0).contains(&s) {
            s as u16
        } else {
            0
        }
    }

    pub(super) fn error(&self) -> Option<&str> {
        self.response
            .error
            .as_deref()
            .or(self.error.as_deref())
            .filter(|e| !e.is_empty())
    }

    pub(super) fn failed(&self) -> bool {
        self.error().is_some() || self.status() == 0
    }

    pub(super) fn is_preflight(&self) -> bool {
        self.resource_type.as_deref() == Some("preflight")
            || (self.request.method.eq_ignore_ascii_case("OPTIONS")
                && header(&self.request.headers, "access-control-request-method").is_some())
    }

    /// The URL of the request a preflight entry is for.
    pub(super) fn preflight_target(&self) -> &str {
        self.initiator
            .as_ref()
            .and_then(|i| i.url.as_deref())
            .filter(|_| {
                self.initiator.as_ref().and_then(|i| i.kind.as_deref()) == Some("preflight")
            })
            .unwrap_or(&self.request.url)
    }

    pub(super) fn redirect_target(&self) -> Option<String> {
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

    pub(super) fn reply(&self) -> Reply {
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
pub(super) fn page_origin(
    pages: &BTreeMap<String, String>,
    entry: &RawEntry,
    preflight: Option<&RawEntry>,
) -> Option<String> {
    header(&entry.request.headers, "origin")
        .or_else(|| preflight.and_then(|p| header(&p.request.headers, "origin")))
        .map(|o| o.trim().to_string())
        .or_else(|| header(&entry.request.headers, "referer").and_then(crate::paste::origin_of))
        .or_else(|| {
            entry
                .pageref
                .as_ref()
                .and_then(|p| pages.get(p))
                .and_then(|title| crate::paste::origin_of(title))
        })
}

/// One request to rebuild: the entries of its redirect chain and its preflight entries (one
/// per preflighted hop, in hop order).
#[derive(Clone, Debug)]
pub(super) struct Work {
    pub(super) chain: Vec<usize>,
    pub(super) preflights: Vec<usize>,
}

/// What pairing keeps between two [`HarAnalyzer::step`] calls. Lookups are by URL in ordered
/// sets, so a file with thousands of requests to one URL is paired in `n log n`.
#[derive(Debug, Default)]
pub(super) struct Pairing {
    /// Entries (not preflights) by URL that no redirect leads to yet.
    pub(super) unlinked: HashMap<String, BTreeSet<usize>>,
    /// Preflights not yet given to a request, by the URL and `Access-Control-Request-Method`
    /// they are for (empty when they have none).
    pub(super) free_preflights: HashMap<(String, String), BTreeSet<usize>>,
    /// How many preflights the file holds.
    pub(super) preflights: usize,
    /// Entries a redirect leads to.
    pub(super) continuation: BTreeSet<usize>,
    /// The next hop of each redirect.
    pub(super) next_hop: HashMap<usize, usize>,
    /// Passes done: the first `raw.len()` link redirects, the next `raw.len()` choose requests.
    pub(super) cursor: usize,
    /// Entries left out so far.
    pub(super) skipped: usize,
    /// Requests chosen so far.
    pub(super) work: Vec<Work>,
}

impl Pairing {
    /// Takes the preflight for a hop: the closest free one for its URL and method after it in
    /// the file (Chromium records the request before its preflight), else the closest before.
    pub(super) fn claim_preflight(&mut self, url: &str, method: &str, hop: usize) -> Option<usize> {
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
    pub(super) fn release_preflight(&mut self, pf: &RawEntry, j: usize) {
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
    /// Reads the next entry, or ends the reading stage.
    pub(super) fn read_one(&mut self) -> Result<(), PasteError> {
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
                let (line, _) = crate::paste::line_column(&self.text, a);
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
    pub(super) fn start_pairing(&mut self) {
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
    pub(super) fn pair_one(&mut self) {
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
    pub(super) fn choose(&mut self, i: usize) {
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
        let cross = match (&origin, crate::paste::origin_of(&e.request.url)) {
            (Some(o), Some(target)) => o != &target,
            _ => true,
        };
        if !cross {
            p.skipped += chain.len();
            return;
        }
        p.work.push(Work { chain, preflights });
    }
}
