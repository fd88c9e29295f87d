//! The page's door to the engine's paste parsers (`corsim::paste`): header blocks copied from
//! DevTools or curl, "Copy as fetch" and "Copy as cURL" requests, and the masking of secrets in
//! permalinks. The page parses nothing itself; this module only adapts the engine's types to
//! what the components show.

use corsim::scenario::{RequestInit, Scenario};

/// A header block as the page shows it: what was read, and the lines that could not be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Block {
    /// The status, when the block starts with a status line.
    pub status: Option<u16>,
    /// The headers read, in order, duplicates kept.
    pub headers: Vec<(String, String)>,
    /// The lines that could not be read.
    pub problems: Vec<LineProblem>,
    /// The format the parser recognised, in a few words (`curl -i output`).
    pub format: Option<String>,
}

/// A line of a pasted block that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    /// The line number, from 1.
    pub line: usize,
    /// The line as pasted.
    pub text: String,
    /// What is wrong with it.
    pub message: String,
}

/// Reads a pasted header block (Chrome's raw or non-raw copy, Firefox's raw headers, `curl -i`
/// or `curl -v` output, or one `name: value` per line).
pub fn header_block(text: &str) -> Block {
    engine::header_block(text)
}

/// What a pasted request turned into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PastedRequest {
    /// The box is empty.
    Empty,
    /// The request, read from a `fetch(…)` call or a curl command.
    Read {
        /// The `fetch()` arguments.
        init: RequestInit,
        /// The page's origin, when the paste says it (an `Origin` or `Referer` header).
        origin: Option<String>,
        /// What was recognised, in a few words (`fetch() call`).
        kind: String,
        /// The pasted headers left out because the browser sets them itself (`User-Agent`,
        /// `Sec-Fetch-Mode` …).
        left_out: Vec<String>,
    },
    /// The paste could not be read; each message names where.
    Problems(Vec<String>),
}

/// Reads a pasted "Copy as fetch" or "Copy as cURL" text.
pub fn request(text: &str) -> PastedRequest {
    if text.trim().is_empty() {
        return PastedRequest::Empty;
    }
    engine::request(text)
}

/// Replaces secrets (tokens, cookies, passwords) in a scenario that is about to be shared and
/// names what was masked. The hook for `corsim::paste::mask::mask_secrets`.
pub fn mask_for_sharing(scenario: &mut Scenario) -> Vec<String> {
    engine::mask(scenario)
}

/// The calls into `corsim::paste`.
mod engine {
    use super::{Block, LineProblem, PastedRequest};
    use corsim::paste::headers::{BlockFormat, parse_header_block};
    use corsim::paste::{self, PasteKind};
    use corsim::scenario::Scenario;

    pub(super) fn header_block(text: &str) -> Block {
        let block = parse_header_block(text);
        let format = match block.format {
            BlockFormat::Raw => Some("a raw header view (status line, then name: value)"),
            BlockFormat::Alternating => {
                Some("DevTools' copy with names and values on alternating lines")
            }
            BlockFormat::NameColonValue => Some("name: value lines"),
            BlockFormat::CurlVerbose => Some("curl -v output"),
            BlockFormat::Empty => None,
        };
        Block {
            status: block.status,
            headers: block.headers,
            problems: block
                .problems
                .into_iter()
                .map(|p| LineProblem {
                    line: p.line,
                    text: p.text,
                    message: p.message,
                })
                .collect(),
            format: format.map(str::to_string),
        }
    }

    pub(super) fn request(text: &str) -> PastedRequest {
        let kind = paste::detect(text);
        let parsed = match kind {
            PasteKind::FetchCall => paste::fetch_call::parse_fetch_call(text),
            PasteKind::CurlCommand => paste::curl::parse_curl_command(text),
            PasteKind::CurlTranscript => match paste::curl::parse_curl_transcript(text).request() {
                Some(r) => Ok(r),
                None => {
                    return PastedRequest::Problems(vec![
                        "this curl output shows no request to read".to_string(),
                    ]);
                }
            },
            PasteKind::Empty => return PastedRequest::Empty,
            PasteKind::Scenario
            | PasteKind::Har
            | PasteKind::ConsoleLine
            | PasteKind::HeaderBlock
            | PasteKind::Unknown => {
                return PastedRequest::Problems(vec![format!(
                    "this looks like a {}, not a request: paste DevTools' \"Copy as fetch\" or \"Copy as cURL\"",
                    kind.describe()
                )]);
            }
        };
        match parsed {
            Ok(request) => PastedRequest::Read {
                init: request.to_request_init(),
                origin: request.origin.clone(),
                kind: kind.describe().to_string(),
                left_out: request.browser_headers(),
            },
            Err(problems) => {
                PastedRequest::Problems(problems.iter().map(ToString::to_string).collect())
            }
        }
    }

    pub(super) fn mask(scenario: &mut Scenario) -> Vec<String> {
        paste::mask::mask_secrets(scenario)
    }
}
