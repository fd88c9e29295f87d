//! Firefox's console messages, in every language Firefox ships, read by inverting Firefox's own
//! templates.
//!
//! Firefox prints its CORS and mixed-content errors from `security.properties`
//! (`CORSMissingAllowOrigin2=Cross-Origin Request Blocked: The Same Origin Policy disallows reading
//! the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing).
//! Status code: %2$S.`), translated into the browser's language. The grammar of a Firefox line is
//! therefore the list of those templates:
//!
//! - `core/data/firefox-l10n.tsv`: Firefox 153's templates in its 103 locales (the keys `CORS*` and
//!   `BlockMixed*`, from Debian's language packs; `scripts/firefox-l10n.py` regenerates it);
//! - `core/data/firefox-l10n-older.tsv`: older translations, every earlier wording of a key in a
//!   locale that the history of an l10n repository or language pack holds (the "preflight
//!   channel" in German, Portuguese, Russian, Chinese …, Japanese back to Firefox 33:
//!   `scripts/firefox-l10n.py --older`); a line in a pre-38 translation none of them holds (the
//!   head, the URL, one sentence naming CORS) is read as `CrossSiteRequestBlocked`;
//! - `core/data/firefox-older.tsv`: older English keys and wordings (`CORSMissingAllowOrigin`,
//!   `CORSPreflightDidNotSucceed` with "channel", `CORSMissingAllowHeaderFromPreflight` …), with
//!   the release they come from;
//! - [`OLDER_WITHOUT_STATUS`]: before Firefox added "Status code: %2$S" to three messages, they
//!   had older keys; each locale's current template without its status sentence stands for that
//!   older key in that locale.
//!
//! `%1$S` is the URL; `%2$S` is the reason's argument (the `Access-Control-Allow-Origin` value, a
//! token, a header name) or the status code. A line is read with [`super::super::template`]'s
//! matching: white space, quote styles and ASCII case do not count, and a message cut at the start
//! or at the end is still recognised. The catalogue is built once, on first use.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A hasher for the pairs of characters that index the heads: every visible character of a
/// paste is looked up once, so the hash must be cheap (a multiply per character, as in
/// rustc's FxHash); the keys come from the catalogue, not from the paste, so a crafted paste
/// cannot make the table slow.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u32(u32::from(*b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

use crate::paste::template::{Match, Projected, Template, Tolerance, lit, slot_url};

/// Firefox 153's templates, `locale\tkey\ttemplate` lines: in every locale with the
/// `firefox-l10n` feature (the CLI), in en-US only without it (the page, which adds the others
/// with [`add_locales`] when a paste needs them).
#[cfg(feature = "firefox-l10n")]
const L10N: &str = include_str!("../../../data/firefox-l10n.tsv");
/// Firefox 153's en-US templates (the `en-US` rows of core/data/firefox-l10n.tsv, written by
/// build.rs); the other locales are added at run time with [`add_locales`].
#[cfg(not(feature = "firefox-l10n"))]
const L10N: &str = include_str!(concat!(env!("OUT_DIR"), "/firefox-l10n-en-US.tsv"));
/// Older translations (wordings and keys of earlier releases, from l10n repositories' histories:
/// core/data/firefox-l10n-older.tsv), `locale\tkey\ttemplate` lines: built in with the
/// `firefox-l10n` feature; without it the page adds them with [`add_locales`] (its table is
/// firefox-l10n.tsv and this file, one after the other).
#[cfg(feature = "firefox-l10n")]
const L10N_OLDER: &str = include_str!("../../../data/firefox-l10n-older.tsv");
#[cfg(not(feature = "firefox-l10n"))]
const L10N_OLDER: &str = "";
/// Older English templates: `source\tkey\ttemplate` lines.
const OLDER: &str = include_str!("../../../data/firefox-older.tsv");

/// Keys whose current template ends with a status sentence, and the key Firefox used before that
/// sentence was added (Firefox 68 printed `CORSMissingAllowOrigin` and `CORSDidNotSucceed`;
/// `CORSPreflightDidNotSucceed2` replaced the "channel" wording before gaining a status as
/// `CORSPreflightDidNotSucceed3`).
pub(crate) const OLDER_WITHOUT_STATUS: [(&str, &str); 3] = [
    ("CORSMissingAllowOrigin2", "CORSMissingAllowOrigin"),
    ("CORSDidNotSucceed2", "CORSDidNotSucceed"),
    ("CORSPreflightDidNotSucceed3", "CORSPreflightDidNotSucceed2"),
];

/// Keys whose `%2$S` is the HTTP status code (printed as `(null)` when there was no response).
const STATUS_KEYS: [&str; 3] = [
    "CORSMissingAllowOrigin2",
    "CORSDidNotSucceed2",
    "CORSPreflightDidNotSucceed3",
];

/// One template of the catalogue.
#[derive(Debug)]
struct Entry {
    key: &'static str,
    template: Template,
    /// The template after its URL slot: the reason, for messages cut before the URL.
    tail: Option<Template>,
    /// Whether the literal text holds "CORS" or "Access-Control" (a cheap test a fragment must
    /// pass before it is compared with this entry's reason).
    marked: bool,
}

/// Every template, and an index of the text before the URL ("head") by its first two
/// characters.
#[derive(Debug)]
struct Catalog {
    entries: Vec<Entry>,
    /// Distinct heads and the entries that have each.
    heads: Vec<(Vec<char>, Vec<usize>)>,
    /// Each head's bigrams, for comparing a reworded head.
    head_grams: Vec<Vec<u64>>,
    /// Each entry's reason (its text after the URL, slots left out), as bigrams.
    tail_grams: Vec<Vec<u64>>,
    /// The heads' first [`PREFIX`] characters, each once, and the heads that start so.
    prefixes: Vec<(Vec<char>, Vec<usize>)>,
    /// Prefix indices by their first two characters.
    by_pair: HashMap<(char, char), Vec<usize>, BuildHasherDefault<PairHasher>>,
    /// The status sentences Firefox added to older keys (` Status code: %2$S.` in every
    /// locale), each once, with the current key they belong to: an older wording followed by
    /// one is the current key (a translation that changed a word before it gained the status).
    status_tails: Vec<(&'static str, Template)>,
}

/// How many characters of a head mark a message's start: a head wrapped onto the next line
/// still starts a message, and an older wording that differs later on too.
const PREFIX: usize = 18;

/// The bigrams of a text (two characters packed in a number), sorted.
pub(crate) fn bigrams(chars: &[char]) -> Vec<u64> {
    let mut out: Vec<u64> = chars
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((u64::from(u32::from(*a)) << 32) | u64::from(u32::from(*b))),
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out
}

/// The Dice coefficient of two sorted bigram lists: 1 for the same text, 0 for nothing shared.
pub(crate) fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// The templates given at run time ([`add_locales`]).
static ADDED: OnceLock<String> = OnceLock::new();
/// The catalogue with the templates given at run time, once they are.
static FULL: OnceLock<Catalog> = OnceLock::new();

/// The catalogue: the built-in templates, with those given to [`add_locales`] once they are.
fn catalog() -> &'static Catalog {
    static BUILT_IN: OnceLock<Catalog> = OnceLock::new();
    FULL.get()
        .unwrap_or_else(|| BUILT_IN.get_or_init(|| build("")))
}

/// Whether Firefox's templates in every locale are known: built in (the `firefox-l10n`
/// feature) or given to [`add_locales`].
pub fn every_locale() -> bool {
    cfg!(feature = "firefox-l10n") || FULL.get().is_some()
}

/// Adds Firefox's templates in other locales to the catalogue, from a table in the format of
/// core/data/firefox-l10n.tsv (`locale<TAB>key<TAB>template` lines, `#` comments): for a build
/// without the `firefox-l10n` feature, which holds only the en-US ones. Returns how many
/// locales the table holds; a table given when every locale is already known changes nothing.
/// A line that is not three tab-separated fields is an error naming the line, and nothing is
/// added.
pub fn add_locales(table: String) -> Result<usize, String> {
    let mut locales = std::collections::BTreeSet::new();
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line.split('\t').collect::<Vec<_>>().as_slice() {
            [locale, key, template]
                if !locale.is_empty() && !key.is_empty() && !template.is_empty() =>
            {
                locales.insert(*locale);
            }
            _ => {
                return Err(format!(
                    "line {} of the Firefox templates: expected a locale, a key and a template separated by tabs",
                    n + 1
                ));
            }
        }
    }
    let count = locales.len();
    if every_locale() {
        return Ok(count);
    }
    let added = ADDED.get_or_init(|| table);
    let _ = FULL.set(build(added));
    Ok(count)
}

/// The template without its last sentence (the status sentence): everything up to the last
/// sentence end (`.`, `。`, `)` …) before `%2$S`.
fn without_status(template: &str) -> Option<&str> {
    let before = template.get(..template.rfind("%2$S")?)?;
    let end = before
        .char_indices()
        .filter(|(_, c)| matches!(c, '.' | '。' | '．' | '।' | '։' | '۔'))
        .map(|(i, c)| i + c.len_utf8())
        .rfind(|&i| i < before.trim_end().len().saturating_sub(1))?;
    let cut = before.get(..end)?;
    (cut.contains("%1$S")).then_some(cut)
}

/// Builds the catalogue from the built-in templates ([`L10N`], [`OLDER`]) and `added` (the rows
/// given to [`add_locales`]).
fn build(added: &'static str) -> Catalog {
    let mut seen: HashMap<(&'static str, &'static str), ()> = HashMap::new();
    let mut rows: Vec<(&'static str, &'static str)> = Vec::new();
    let mut add = |key: &'static str, text: &'static str, rows: &mut Vec<_>| {
        if seen.insert((key, text), ()).is_none() {
            rows.push((key, text));
        }
    };
    let mut tails: Vec<(&'static str, &'static str)> = Vec::new();
    for line in L10N
        .lines()
        .chain(L10N_OLDER.lines())
        .chain(added.lines())
        .filter(|l| !l.starts_with('#'))
    {
        let mut fields = line.split('\t');
        let (Some(_locale), Some(key), Some(text)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        add(key, text, &mut rows);
        if let Some((current, older)) = OLDER_WITHOUT_STATUS.iter().find(|(k, _)| *k == key)
            && let Some(cut) = without_status(text)
        {
            add(older, cut, &mut rows);
            let tail = text.get(cut.len()..).unwrap_or("");
            if !tails.contains(&(*current, tail)) {
                tails.push((current, tail));
            }
        }
    }
    for line in OLDER.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        if let (Some(_source), Some(key), Some(text)) =
            (fields.next(), fields.next(), fields.next())
        {
            add(key, text, &mut rows);
        }
    }
    let mut entries = Vec::with_capacity(rows.len());
    let mut heads: Vec<(Vec<char>, Vec<usize>)> = Vec::new();
    let mut head_index: HashMap<Vec<char>, usize> = HashMap::new();
    for (key, text) in rows {
        let template = Template::new(text);
        let head = template.head().to_vec();
        let lower = text.to_ascii_lowercase();
        let entry = Entry {
            key,
            tail: template.tail_from_slot(1),
            marked: lower.contains("cors") || lower.contains("access-control"),
            template,
        };
        let i = entries.len();
        entries.push(entry);
        if head.len() >= 2 {
            let h = *head_index.entry(head.clone()).or_insert_with(|| {
                heads.push((head, Vec::new()));
                heads.len() - 1
            });
            if let Some((_, list)) = heads.get_mut(h) {
                list.push(i);
            }
        }
    }
    let mut prefixes: Vec<(Vec<char>, Vec<usize>)> = Vec::new();
    let mut prefix_index: HashMap<Vec<char>, usize> = HashMap::new();
    for (h, (head, _)) in heads.iter().enumerate() {
        let prefix: Vec<char> = head.iter().take(PREFIX).copied().collect();
        let k = *prefix_index.entry(prefix.clone()).or_insert_with(|| {
            prefixes.push((prefix, Vec::new()));
            prefixes.len() - 1
        });
        if let Some((_, list)) = prefixes.get_mut(k) {
            list.push(h);
        }
    }
    let mut by_pair: HashMap<(char, char), Vec<usize>, BuildHasherDefault<PairHasher>> =
        HashMap::default();
    for (k, (prefix, _)) in prefixes.iter().enumerate() {
        if let (Some(&a), Some(&b)) = (prefix.first(), prefix.get(1)) {
            by_pair.entry((a, b)).or_default().push(k);
        }
    }
    let head_grams = heads.iter().map(|(h, _)| bigrams(h)).collect();
    let tail_grams = entries
        .iter()
        .map(|e| {
            e.tail
                .as_ref()
                .map(|t| bigrams(&t.literal_chars()))
                .unwrap_or_default()
        })
        .collect();
    Catalog {
        entries,
        heads,
        head_grams,
        tail_grams,
        prefixes,
        by_pair,
        status_tails: tails
            .into_iter()
            .map(|(key, tail)| (key, Template::new(tail)))
            .collect(),
    }
}

/// A Firefox message, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FirefoxHit {
    /// The `security.properties` key.
    pub key: &'static str,
    /// `%1$S`: the URL, as printed (a wrap's line breaks removed).
    pub url: Option<String>,
    /// `%2$S`, as printed.
    pub arg: Option<String>,
    /// Where it starts and ends (visible characters).
    pub start: usize,
    /// One past its end.
    pub end: usize,
}

impl FirefoxHit {
    /// Whether `%2$S` is the status code.
    pub(crate) fn arg_is_status(&self) -> bool {
        STATUS_KEYS.contains(&self.key)
    }
}

fn hit(entry: &Entry, p: &Projected, m: &Match, has_url: bool) -> FirefoxHit {
    let (url, arg) = if has_url {
        (m.slot(p, 1), m.slot(p, 2))
    } else {
        (None, m.slot(p, 2))
    };
    FirefoxHit {
        key: entry.key,
        url: url
            .map(crate::paste::template::slot_url)
            .filter(|u| !u.is_empty()),
        arg: arg
            .map(crate::paste::template::slot_value)
            .map(|a| a.trim().trim_end_matches(['.', '。']).to_string()),
        start: m.start,
        end: m.end,
    }
}

/// The first position at or after `from` where a Firefox head (the text before the URL, in any
/// locale) starts — its first [`PREFIX`] characters are enough — with the heads that start so.
fn next_prefix(p: &Projected, from: usize) -> Option<(usize, &'static [usize])> {
    let c = catalog();
    let mut i = from;
    let chars = p.len();
    while i + 1 < chars {
        let pair = (p.char_at(i)?, p.char_at(i + 1)?);
        if let Some(list) = c.by_pair.get(&pair)
            && let Some((_, heads)) =
                list.iter()
                    .filter_map(|&k| c.prefixes.get(k))
                    .find(|(prefix, heads)| {
                        p.lit_at(i, prefix) && heads.iter().any(|&h| head_here(p, i, h))
                    })
        {
            return Some((i, heads.as_slice()));
        }
        i += 1;
    }
    None
}

/// Whether head `h` is at visible character `i`: whole, cut by the end of the text (a line
/// that wraps inside it), or in a wording close to it (an older translation).
fn head_here(p: &Projected, i: usize, h: usize) -> bool {
    let c = catalog();
    let Some((head, _)) = c.heads.get(h) else {
        return false;
    };
    if p.lit_at(i, head) {
        return true;
    }
    let rest = p.len().saturating_sub(i);
    let common = head
        .iter()
        .enumerate()
        .take_while(|(k, ch)| p.char_at(i + k) == Some(**ch))
        .count();
    // Cut by the end of the text, or its first words there and then something else (HTML
    // tags, a wrap into another sentence).
    if common == rest || common >= head.len().min(26) {
        return true;
    }
    let window: Vec<char> = (i..p.len().min(i + head.len() + 4))
        .filter_map(|k| p.char_at(k))
        .collect();
    let grams = c.head_grams.get(h).map_or(&[][..], Vec::as_slice);
    dice(&bigrams(&window), grams) >= 0.72
}

/// Where the next Firefox message starts at or after `from` (visible characters).
pub(crate) fn next_start(p: &Projected, from: usize) -> Option<usize> {
    next_prefix(p, from).map(|(i, _)| i)
}

/// Reads the Firefox message that starts at or after `from`: the best full match among the
/// templates whose head is there (more literal text matched is better; an uncut match beats a
/// cut one).
pub(crate) fn read(p: &Projected, from: usize) -> Option<FirefoxHit> {
    let c = catalog();
    let (at, heads) = next_prefix(p, from)?;
    let tolerance = Tolerance {
        cut_head: None,
        cut_tail: Some(40),
    };
    let mut matches: Vec<(&Entry, Match)> = Vec::new();
    for &h in heads {
        let Some((head, list)) = c.heads.get(h) else {
            continue;
        };
        if !p.lit_at(at, head) {
            continue;
        }
        for &i in list {
            let Some(entry) = c.entries.get(i) else {
                continue;
            };
            if let Some(m) = entry.template.match_at(p, at, tolerance) {
                matches.push((entry, m));
            }
        }
    }
    let rank = |m: &Match| (!m.cut_tail, m.literal);
    let (mut entry, mut m) = matches
        .iter()
        .max_by_key(|(_, m)| rank(m))
        .map(|(e, m)| (*e, *m))?;
    // An older key without the status sentence, where the text goes on with that sentence and
    // is cut inside it (`… did not succeed). Status code:`): the message is the current key's,
    // its status lost.
    if let Some((current, _)) = OLDER_WITHOUT_STATUS
        .iter()
        .find(|(_, older)| *older == entry.key)
        && let Some((e, o)) = matches
            .iter()
            .filter(|(e, o)| e.key == *current && o.cut_tail && o.literal > m.literal)
            .max_by_key(|(_, o)| o.literal)
    {
        (entry, m) = (*e, *o);
        let mut found = hit(entry, p, &m, true);
        found.arg = None;
        return Some(found);
    }
    // An older key's wording, whole, then a status sentence: the current key, in a translation
    // that changed before Firefox added the status.
    if !m.cut_tail
        && let Some((_, older)) = OLDER_WITHOUT_STATUS.iter().find(|(_, o)| *o == entry.key)
        && let Some((key, status)) = c.status_tails.iter().find_map(|(key, tail)| {
            let current = OLDER_WITHOUT_STATUS
                .iter()
                .any(|(k, o)| k == key && o == older);
            let t = tail.match_at(p, m.end, tolerance).filter(|_| current)?;
            Some((*key, t.slot(p, 2)))
        })
    {
        let mut found = hit(entry, p, &m, true);
        found.key = key;
        found.arg = status.map(|a| {
            crate::paste::template::slot_value(a)
                .trim()
                .trim_end_matches(['.', '。'])
                .to_string()
        });
        return Some(found);
    }
    let m = &m;
    let mut found = hit(entry, p, m, true);
    // A message cut before its reason: every key that fits as well is as likely.
    if m.cut_tail
        && matches
            .iter()
            .any(|(e, o)| rank(o) == rank(m) && e.key != entry.key)
    {
        found.key = "";
        found.arg = None;
    }
    Some(found)
}

/// The first URL-looking token at or after visible character `from` (`scheme://…`, `file:…`):
/// its start and end.
fn url_span(p: &Projected, from: usize) -> Option<(usize, usize)> {
    let text = p.text();
    let start_byte = p.offset(from);
    let rest = text.get(start_byte..)?;
    let mut byte = None;
    for (i, _) in rest.match_indices(':') {
        let before = rest.get(..i).unwrap_or("");
        let scheme_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
            .map_or(0, |k| k + 1);
        let scheme = before.get(scheme_start..).unwrap_or("");
        let after = rest.get(i + 1..).unwrap_or("");
        if (!scheme.is_empty() && after.starts_with("//")) || scheme.eq_ignore_ascii_case("file") {
            byte = Some(start_byte + scheme_start);
            break;
        }
    }
    let byte = byte?;
    let mut start = from;
    while start < p.len() && p.offset(start) < byte {
        start += 1;
    }
    let mut end = start;
    // The token, across a wrap when the URL goes on (no space in a URL).
    while end < p.len() {
        if end > start {
            let between = text.get(p.offset(end - 1)..p.offset(end)).unwrap_or("");
            if between.chars().skip(1).any(char::is_whitespace) {
                break;
            }
        }
        end += 1;
    }
    Some((start, end))
}

/// Reads a Firefox message whose wording is close to a template but not the same: an older
/// translation (`已阻止` for `已拦截`, `удаленного` for `удалённого`), one translated back into
/// English by hand, or one cut right after the URL. The text before the URL is compared with
/// every head and the text after it with every reason, by shared character pairs; the best
/// close pair wins.
pub(crate) fn read_fuzzy(p: &Projected, at: usize) -> Option<FirefoxHit> {
    let c = catalog();
    if p.len().saturating_sub(at) < 12 {
        return None;
    }
    // The heads compared: where a head's first words are (a message start found by
    // [`next_start`]), the heads that start with them; elsewhere (a fragment) every head.
    let all: Vec<usize>;
    let candidates: &[usize] = match next_prefix(p, at) {
        Some((i, heads)) if i == at => heads,
        _ => {
            all = (0..c.heads.len()).collect();
            &all
        }
    };
    let heads = || {
        candidates.iter().filter_map(|&h| {
            Some((
                h,
                c.heads.get(h)?,
                c.head_grams.get(h).map_or(&[][..], Vec::as_slice),
            ))
        })
    };
    // The URL splits the head from the reason; a message whose URL was dropped ("…disallows
    // reading the remote resource. Reason: …") splits where the closest head ends.
    let (url_start, url_end) = match url_span(p, at) {
        Some(span) => span,
        None => {
            // The paste's bigrams for each head length (heads of one length share them).
            let mut windows: HashMap<usize, Vec<u64>> = HashMap::new();
            let (len, score) = heads()
                .map(|(_, (head, _), grams)| {
                    let end = p.len().min(at + head.len());
                    let window = windows.entry(end).or_insert_with(|| {
                        let chars: Vec<char> = (at..end).filter_map(|i| p.char_at(i)).collect();
                        bigrams(&chars)
                    });
                    (head.len(), dice(window, grams))
                })
                .fold((0, 0.0_f64), |best, x| if x.1 > best.1 { x } else { best });
            if score < 0.8 {
                return None;
            }
            (at + len.saturating_sub(2), at + len.saturating_sub(2))
        }
    };
    let head_chars: Vec<char> = (at..url_start).filter_map(|i| p.char_at(i)).collect();
    if head_chars.len() < 12 {
        return None;
    }
    let head = bigrams(&head_chars);
    let raw_url = p.original(url_start, url_end);
    // The reason: up to the end of the message's sentence or line group.
    let tail_end = p.len().min(url_end + 400);
    let tail_chars: Vec<char> = (url_end..tail_end).filter_map(|i| p.char_at(i)).collect();
    let mut best: Option<(f64, f64, usize)> = None;
    // The paste's bigrams for each length compared (reasons of one length share them).
    let mut tail_grams: HashMap<usize, Vec<u64>> = HashMap::new();
    let mut best_head = 0.0_f64;
    for (_, (_, list), grams) in heads() {
        let hs = dice(&head, grams);
        best_head = best_head.max(hs);
        if hs < 0.45 {
            continue;
        }
        for &i in list {
            let tail = c.tail_grams.get(i).map_or(&[][..], Vec::as_slice);
            // Compare with as much of the paste as the reason is long (and a little more).
            let want = ((tail.len() + 1) * 5 / 4 + 2).min(tail_chars.len());
            let grams = tail_grams
                .entry(want)
                .or_insert_with(|| bigrams(tail_chars.get(..want).unwrap_or(&[])));
            let ts = dice(grams, tail);
            let accept = (hs >= 0.72 && ts >= 0.55)
                || (hs >= 0.55 && ts >= 0.62)
                || (hs >= 0.45 && ts >= 0.8);
            let better = best.is_none_or(|(bh, bt, _)| hs + 2.0 * ts > bh + 2.0 * bt);
            if accept && better {
                best = Some((hs, ts, i));
            }
        }
    }
    let url = slot_url(raw_url);
    let url = url.trim_end_matches(['.', ',', ')', '(']).to_string();
    let Some((_, _, i)) = best else {
        // The head alone, cut at or right after the URL: Firefox's message, reason unknown.
        let cut = tail_chars.len() < 4;
        // Before Firefox 38 gave reasons, the head and the URL were followed by one sentence
        // naming CORS, with no reason label (`Reason:`, `Причина:`): CrossSiteRequestBlocked,
        // in a translation corsim has no copy of.
        let tail_text = p.original(url_end, tail_end);
        let sentence = tail_text
            .trim_start_matches(['.', '。', ' ', '\n', '\t'])
            .split_inclusive(['.', '。'])
            .next()
            .unwrap_or("");
        // (In English the template is known: English words after an English head are the
        // poster's.)
        let english = p.lit_at(
            at,
            crate::paste::template::lit_once!("Cross-Origin Request Blocked: The Same Origin"),
        );
        let pre_38 = !cut
            && !english
            && sentence.contains("CORS")
            && !sentence.contains([':', '：', '(', '（', '[']);
        let key = if pre_38 {
            "CrossSiteRequestBlocked"
        } else {
            ""
        };
        return (best_head >= 0.72 && (cut || pre_38)).then(|| FirefoxHit {
            key,
            url: (!url.is_empty()).then_some(url),
            arg: None,
            start: at,
            end: p.len(),
        });
    };
    let entry = c.entries.get(i)?;
    let tail_text = p.original(url_end, tail_end);
    let arg = if STATUS_KEYS.contains(&entry.key) {
        tail_text
            .rsplit_once([':', '：'])
            .map(|(_, s)| s.trim().trim_end_matches(['.', '。']).to_string())
    } else if entry.template.literal_len() > 0 && entry.tail.as_ref().is_some_and(|t| t.has_slot(2))
    {
        quoted_values(tail_text)
            .into_iter()
            .find(|v| !v.starts_with("Access-Control") && v != "true" && v != "Authorization")
    } else {
        None
    };
    Some(FirefoxHit {
        key: entry.key,
        url: (!url.is_empty()).then_some(url),
        arg,
        start: at,
        end: p.len(),
    })
}

/// The values a text puts in quotes (any quote style).
pub(crate) fn quoted_values(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for ch in text.chars() {
        if crate::paste::template::is_quote(ch) {
            match current.take() {
                Some(v) => out.push(v.trim().to_string()),
                None => current = Some(String::new()),
            }
        } else if let Some(v) = &mut current {
            v.push(ch);
            if v.len() > 200 {
                current = None;
            }
        }
    }
    out
}

/// Reads a Firefox message cut before its head: the text starts inside the head ("…disallows
/// reading the remote resource at …") or with the reason ("(Reason: …)", "Reason: …", or the
/// reason alone), in any locale. Tried at `at` only.
pub(crate) fn read_cut(p: &Projected, at: usize) -> Option<FirefoxHit> {
    let c = catalog();
    let window = p.original(at, p.len().min(at + 4000)).to_ascii_lowercase();
    if !window.contains("cors") && !window.contains("access-control") {
        return None;
    }
    let mut best: Option<(&Entry, Match, bool)> = None;
    let mut consider = |entry: &'static Entry, m: Match, has_url: bool| {
        let better = match &best {
            None => true,
            Some((_, b, _)) => (!m.cut_tail, m.literal) > (!b.cut_tail, b.literal),
        };
        if better {
            best = Some((entry, m, has_url));
        }
    };
    for entry in c.entries.iter().filter(|e| e.marked) {
        let whole = Tolerance {
            cut_head: Some(12),
            cut_tail: Some(30),
        };
        if let Some(m) = entry.template.match_at(p, at, whole) {
            consider(entry, m, true);
            continue;
        }
        if let Some(tail) = &entry.tail {
            let reason = Tolerance {
                cut_head: Some(12),
                cut_tail: Some(20),
            };
            // A cut match must cover most of the reason: a header name alone is no reason.
            if let Some(m) = tail.match_at(p, at, reason)
                && m.literal >= 40.min(tail.literal_len() * 3 / 5)
            {
                consider(entry, m, false);
            }
        }
    }
    best.map(|(entry, m, has_url)| hit(entry, p, &m, has_url))
}

/// The reason words of English fragments ("Reason:"), where a cut message often starts.
pub(crate) fn reason_marks(p: &Projected) -> Vec<usize> {
    let mark = lit("Reason:");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = p.find(from, &mark) {
        out.push(i);
        from = i + 1;
        if out.len() > 16 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Option<FirefoxHit> {
        let p = Projected::new(text);
        read(&p, 0)
    }

    #[test]
    fn a_table_with_a_line_that_is_not_three_fields_is_refused_naming_the_line() {
        let table = "# a comment\nfr\tCORSDisabled\n".to_string();
        match add_locales(table) {
            Err(e) => assert!(e.starts_with("line 2 "), "{e}"),
            Ok(n) => panic!("accepted, {n} locales"),
        }
    }

    /// Without the `firefox-l10n` feature (`cargo test -p corsim --no-default-features --lib
    /// firefox`): a French line is not read until the table is added, then it is.
    #[cfg(not(feature = "firefox-l10n"))]
    #[test]
    fn other_locales_are_read_once_added() {
        let fr = "Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur https://api.example.com/v1. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : 200.";
        let chromium = "Access to fetch at 'https://api.example.com/v1' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
        assert!(!every_locale());
        assert!(super::super::wants_firefox_locales(fr));
        assert!(!super::super::wants_firefox_locales(chromium));
        assert!(super::super::wants_firefox_locales(&format!(
            "{chromium}\n\n{fr}"
        )));
        let cut = "Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur file:";
        assert!(super::super::wants_firefox_locales(cut));
        assert!(read_text(fr).is_none());
        let table = match std::fs::read_to_string("data/firefox-l10n.tsv") {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(add_locales(table), Ok(103));
        assert!(every_locale());
        assert!(!super::super::wants_firefox_locales(fr));
        let hit = read_text(fr).map(|h| h.key);
        assert_eq!(hit, Some("CORSMissingAllowOrigin2"));
    }

    #[cfg(feature = "firefox-l10n")]
    #[test]
    fn the_catalogue_holds_every_locale_and_the_older_keys() {
        let c = catalog();
        assert!(c.entries.len() > 1300, "{}", c.entries.len());
        for key in [
            "CORSMissingAllowOrigin",
            "CORSDidNotSucceed",
            "CORSPreflightDidNotSucceed",
            "CORSPreflightDidNotSucceed2",
            "CORSMissingAllowHeaderFromPreflight",
        ] {
            assert!(c.entries.iter().any(|e| e.key == key), "{key}");
        }
        assert_eq!(
            without_status("A %1$S. (Reason: x). Status code: %2$S."),
            Some("A %1$S. (Reason: x).")
        );
        assert_eq!(
            without_status("已拦截：%1$S 的远程资源。（原因：x）。状态码：%2$S。"),
            Some("已拦截：%1$S 的远程资源。（原因：x）。")
        );
    }

    #[test]
    fn english_current_and_older() {
        let rows: [(&str, &str, Option<&str>, Option<&str>); 4] = [
            (
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.",
                "CORSMissingAllowOrigin2",
                Some("https://api.example.com/x"),
                Some("404"),
            ),
            (
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/x. (Reason: CORS header 'Access-Control-Allow-Origin' missing).",
                "CORSMissingAllowOrigin",
                Some("https://api.example.com/x"),
                None,
            ),
            (
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.example/x. (Reason: CORS preflight channel did not succeed).",
                "CORSPreflightDidNotSucceed",
                Some("https://a.example/x"),
                None,
            ),
            (
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.example/x. (Reason: missing token 'x-token' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel).",
                "CORSMissingAllowHeaderFromPreflight",
                Some("https://a.example/x"),
                Some("x-token"),
            ),
        ];
        for (text, key, url, arg) in rows {
            let h = read_text(text).unwrap_or_else(|| panic!("not read: {text}"));
            assert_eq!(h.key, key, "{text}");
            assert_eq!(h.url.as_deref(), url, "{text}");
            assert_eq!(h.arg.as_deref(), arg, "{text}");
        }
    }

    /// (Every locale built in: a build without `firefox-l10n` reads them once added, see
    /// `other_locales_are_read_once_added`.)
    #[cfg(feature = "firefox-l10n")]
    #[test]
    fn translated_lines() {
        let rows: [(&str, &str, &str); 4] = [
            (
                "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://api.example.com/v1. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt). Statuscode: 200.",
                "CORSMissingAllowOrigin2",
                "https://api.example.com/v1",
            ),
            (
                "已拦截跨源请求：同源策略禁止读取位于 http://localhost:8080/api 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。状态码：403。",
                "CORSMissingAllowOrigin2",
                "http://localhost:8080/api",
            ),
            (
                "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur https://a.example/x. Raison : l’en-tête CORS « Access-Control-Allow-Origin » ne correspond pas à « https://b.example ».",
                "CORSAllowOriginNotMatchingOrigin",
                "https://a.example/x",
            ),
            (
                "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на https://a.example/x. (Причина: не удалось выполнить запрос CORS). Код состояния: (null).",
                "CORSDidNotSucceed2",
                "https://a.example/x",
            ),
        ];
        for (text, key, url) in rows {
            let h = read_text(text).unwrap_or_else(|| panic!("not read: {text}"));
            assert_eq!((h.key, h.url.as_deref()), (key, Some(url)), "{text}");
        }
    }

    #[test]
    fn cut_messages() {
        let p = Projected::new(
            "Same Origin Policy disallows reading the remote resource at https://a.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 500.",
        );
        let h = read_cut(&p, 0).unwrap_or_else(|| panic!("not read"));
        assert_eq!(h.key, "CORSMissingAllowOrigin2");
        assert_eq!(h.url.as_deref(), Some("https://a.example/x"));
        let p = Projected::new("Reason: CORS preflight response did not succeed");
        let h = read_cut(&p, 0).unwrap_or_else(|| panic!("not read"));
        assert!(h.key.starts_with("CORSPreflightDidNotSucceed"), "{}", h.key);
        assert_eq!(h.url, None);
    }
}
