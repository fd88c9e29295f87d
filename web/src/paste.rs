//! The page's door to the engine's paste parsers (`corsim::paste`): header blocks copied from
//! DevTools or curl, "Copy as fetch" and "Copy as cURL" requests, what the "paste anything" box
//! recognises (console messages, curl transcripts, scenario JSON, HAR files), and the masking of
//! secrets in what the page shows and in permalinks. The page parses nothing itself; this module
//! only adapts the engine's types to what the components show.

use std::rc::Rc;

use corsim::paste::PasteKind;
use corsim::paste::reading::Reading;
use corsim::scenario::{RequestInit, Scenario};

/// The largest HAR text the page reads, in bytes: the engine's limit.
pub const MAX_HAR_BYTES: usize = corsim::paste::har::MAX_HAR_BYTES;

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
    /// The request line (`GET /v1/orders`), when the block holds request headers.
    pub request: Option<String>,
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

/// Replaces secrets (`Authorization` values, cookies, API keys, tokens and passwords in URLs) in
/// a scenario that is about to be shown or shared, and names what was masked. The page's one
/// masking mechanism: `corsim::paste::mask::mask_secrets`, applied to pasted input loaded into
/// the form and to permalinks unless the user ticks "Keep secrets".
pub fn mask_secrets(scenario: &mut Scenario) -> Vec<String> {
    engine::mask(scenario)
}

/// [`mask_secrets`] for the request part alone (a pasted `curl` command or `fetch()` call).
pub fn mask_request(init: &mut RequestInit) -> Vec<String> {
    let mut scenario = Scenario::of_request("", "", init.clone());
    let masked = engine::mask(&mut scenario);
    *init = scenario.request;
    masked
}

/// A URL with its secrets (token-looking query parameters, a password) masked, as
/// [`mask_secrets`] masks it.
pub fn mask_url(url: &str) -> String {
    corsim::paste::mask::mask_url(url).0
}

/// A sentence that quotes `url`, with the URL's secrets masked.
pub fn mask_in_text(text: &str, url: &str) -> String {
    let masked = mask_url(url);
    if masked == url || url.is_empty() {
        text.to_string()
    } else {
        text.replace(url, &masked)
    }
}

/// What pasted scenario JSON is on screen (the engine's words,
/// [`corsim::paste::reading::Reading::on_screen`]).
pub const SCENARIO_LABEL: &str = "the pasted scenario";

/// What the "paste anything" box read from a text.
#[derive(Clone, Debug, PartialEq)]
pub enum Recognised {
    /// Nothing but white space.
    Empty,
    /// A `curl` command or a `fetch()` call: the request, as [`request`] reads it.
    Request(PastedRequest),
    /// A `curl` transcript: the scenario that replays it.
    Transcript {
        /// The request and the answers curl received.
        scenario: Box<Scenario>,
        /// What the transcript settles or leaves open (a preflight standing for its
        /// request …); what was assumed is in `assumed`.
        notes: Vec<String>,
        /// Lines that could not be read.
        problems: Vec<String>,
        /// The scenario fields the reading assumed (`origin` …): marked in the form.
        assumed: Vec<String>,
        /// What it is on screen, in the engine's words (`the curl transcript`).
        label: String,
    },
    /// A `curl` transcript from which no request can be read.
    TranscriptProblems(Vec<String>),
    /// corsim's scenario JSON.
    Scenario {
        /// The first scenario.
        scenario: Box<Scenario>,
        /// How many scenarios the text holds.
        count: usize,
    },
    /// Scenario JSON that does not read; each problem names where.
    ScenarioProblems(Vec<String>),
    /// Browser console messages: every message of the paste, and the verdict of the scenario
    /// each CORS message stands for.
    Console(Rc<Reading>),
    /// A block of HTTP headers, and what it does to any request (and what depends on the
    /// request).
    Headers {
        /// The headers read.
        block: Block,
        /// What the block does on its own, in sentences.
        findings: Vec<String>,
    },
    /// A HAR file: analysed in chunks by [`crate::har_job`], not here.
    Har,
    /// Nothing corsim reads: what it looked for and what it found.
    Unknown(String),
}

/// Recognises a pasted text ([`corsim::paste::detect`]) and reads it with the engine's parser
/// for its kind. A HAR file is only recognised here: its analysis runs in chunks.
pub fn recognise(text: &str) -> (PasteKind, Recognised) {
    engine::recognise(text)
}

/// The format of a text, judged cheaply (a HAR file from its first bytes).
pub fn detect(text: &str) -> PasteKind {
    corsim::paste::detect(text)
}

/// A size in words: `812 bytes`, `14.2 KB`, `20.1 MB` (1 KB = 1024 bytes, as the engine counts).
pub fn size_words(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} bytes")
    } else if b < KIB * KIB {
        format!("{:.1} KB", b / KIB)
    } else {
        format!("{:.1} MB", b / (KIB * KIB))
    }
}

/// Why a HAR text of this size is refused, in the engine's words
/// ([`corsim::paste::har::check_size`]): the page checks the size before copying the text into
/// WebAssembly memory. Empty when the size is accepted.
pub fn too_large(bytes: usize) -> String {
    corsim::paste::har::check_size(bytes)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

/// Why a large text that is not a HAR file is refused.
pub fn too_large_for_kind(bytes: usize, kind: PasteKind, inline_limit: usize) -> String {
    format!(
        "this {} is {}: corsim reads text longer than {} only when it is a HAR file",
        kind.describe(),
        size_words(bytes),
        size_words(inline_limit)
    )
}

/// The calls into `corsim::paste`.
mod engine {
    use std::rc::Rc;

    use super::{Block, LineProblem, PastedRequest, Recognised};
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
            request: block
                .request_line
                .map(|l| format!("{} {}", l.method, l.target)),
        }
    }

    /// Reads with Chromium's profile and secrets kept: the page masks what it shows and what
    /// it loads, as the "Keep secrets" switch says at that moment.
    fn read(text: &str) -> corsim::paste::reading::Reading {
        let options = corsim::paste::reading::ReadOptions {
            keep_secrets: true,
            ..corsim::paste::reading::ReadOptions::new(&corsim::Profile::CHROMIUM)
        };
        corsim::paste::reading::read(text, &options)
    }

    fn problem_messages(reading: &corsim::paste::reading::Reading) -> String {
        reading
            .problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn problem_lines(reading: &corsim::paste::reading::Reading) -> Vec<String> {
        reading
            .problems
            .iter()
            .map(|p| {
                if p.line > 0 {
                    format!("line {}: {}", p.line, p.message)
                } else {
                    p.message.clone()
                }
            })
            .collect()
    }

    pub(super) fn recognise(text: &str) -> (PasteKind, Recognised) {
        // The format as the CLI sees it (fences, inline code, captions taken off); a console
        // paste is read as pasted, so that its line numbers are the paste's.
        let (kind, body) = corsim::paste::reading::recognise(text);
        let text = if kind == PasteKind::ConsoleLine {
            text
        } else {
            body.as_ref()
        };
        let read = match kind {
            PasteKind::Empty => Recognised::Empty,
            PasteKind::Har => Recognised::Har,
            PasteKind::CurlCommand | PasteKind::FetchCall => Recognised::Request(request(text)),
            PasteKind::CurlTranscript => {
                let reading = read(text);
                let problems = problem_lines(&reading);
                match reading.on_screen() {
                    Some(corsim::paste::reading::OnScreen {
                        scenario,
                        assumed,
                        label,
                        ..
                    }) => {
                        // What was assumed is said with what is on screen
                        // (`corsim::text::paste::assumed`), not among the notes.
                        let mut notes: Vec<String> = reading
                            .verdicts
                            .iter()
                            .flat_map(|v| v.notes.clone())
                            .collect();
                        notes.extend(reading.notes.clone());
                        Recognised::Transcript {
                            scenario: Box::new(scenario),
                            notes,
                            problems,
                            assumed,
                            label,
                        }
                    }
                    None => {
                        // No scenario: what the reading says instead (an OPTIONS that is no
                        // preflight, a transcript without a response), or that it found no request.
                        let mut problems = problems;
                        problems.extend(reading.notes.iter().cloned());
                        if reading.request.is_none() {
                            problems.push("this curl output shows no request to read".to_string());
                        }
                        Recognised::TranscriptProblems(problems)
                    }
                }
            }
            PasteKind::Scenario => match corsim::parse_scenarios(text) {
                Ok((_, list)) => {
                    let count = list.len();
                    match list.into_iter().next() {
                        Some(first) => Recognised::Scenario {
                            scenario: Box::new(first),
                            count,
                        },
                        None => Recognised::ScenarioProblems(vec![
                            "the list holds no scenario".to_string(),
                        ]),
                    }
                }
                Err(_) if !corsim::paste::reading::is_scenario_json(text) => {
                    Recognised::Unknown(problem_messages(&read(text)))
                }
                Err(errors) => {
                    Recognised::ScenarioProblems(errors.0.iter().map(ToString::to_string).collect())
                }
            },
            PasteKind::ConsoleLine => {
                let reading = read(text);
                if reading.messages.is_empty() {
                    Recognised::Unknown(problem_messages(&reading))
                } else {
                    Recognised::Console(Rc::new(reading))
                }
            }
            PasteKind::HeaderBlock => {
                let block = header_block(text);
                match (&block.request, request(text)) {
                    (Some(_), read @ PastedRequest::Read { .. }) => Recognised::Request(read),
                    _ => {
                        let reading = read(text);
                        let mut findings: Vec<String> = reading
                            .verdicts
                            .iter()
                            .flat_map(|v| v.notes.clone())
                            .collect();
                        findings.extend(reading.notes.clone());
                        Recognised::Headers { block, findings }
                    }
                }
            }
            PasteKind::Unknown => {
                let reading = read(text);
                if reading.format == corsim::paste::reading::Format::CurlCommand {
                    // A curl command inside prose.
                    Recognised::Request(request(text))
                } else {
                    Recognised::Unknown(problem_messages(&reading))
                }
            }
        };
        (kind, read)
    }

    pub(super) fn request(text: &str) -> PastedRequest {
        let (kind, body) = corsim::paste::reading::recognise(text);
        let text = body.as_ref();
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
            PasteKind::HeaderBlock => {
                match paste::headers::parse_header_block(text).to_pasted_request() {
                    Some(r) => Ok(r),
                    None => {
                        return PastedRequest::Problems(vec![
                        "these headers have no request line with a host (`GET /path HTTP/1.1` and `Host:`): paste DevTools' raw request headers, \"Copy as fetch\" or \"Copy as cURL\"".to_string(),
                    ]);
                    }
                }
            }
            PasteKind::Empty => return PastedRequest::Empty,
            PasteKind::Scenario | PasteKind::Har | PasteKind::ConsoleLine | PasteKind::Unknown => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_names_the_size_and_the_limit() {
        let message = too_large(300 << 20);
        assert!(message.contains("300.0 MB"), "{message}");
        assert!(message.contains("up to 256.0 MB"), "{message}");
        assert_eq!(too_large(MAX_HAR_BYTES), "");
    }

    #[test]
    fn each_kind_is_read_by_its_parser() {
        let rows: [(&str, &str, PasteKind); 9] = [
            ("empty", " \n", PasteKind::Empty),
            (
                "console",
                "Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                PasteKind::ConsoleLine,
            ),
            (
                "curl",
                "curl 'https://api.example.com/x' -X PUT -H 'authorization: Bearer abc'",
                PasteKind::CurlCommand,
            ),
            (
                "fetch",
                "fetch(\"https://api.example.com/x\", {\"method\": \"DELETE\"});",
                PasteKind::FetchCall,
            ),
            (
                "transcript",
                "$ curl -i https://api.example.com/x\nHTTP/2 500\ncontent-type: text/html\n\noops",
                PasteKind::CurlTranscript,
            ),
            (
                "headers",
                "HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: *",
                PasteKind::HeaderBlock,
            ),
            (
                "scenario",
                r#"{"origin": "https://a.example", "request": {"url": "https://b.example/"}}"#,
                PasteKind::Scenario,
            ),
            ("har", "{\"log\": {\"entries\": []}}", PasteKind::Har),
            (
                "prose",
                "hello, is it me you're looking for",
                PasteKind::Unknown,
            ),
        ];
        for (name, text, kind) in rows {
            let (got, read) = recognise(text);
            assert_eq!(got, kind, "{name}");
            let ok = match (&read, kind) {
                (Recognised::Empty, PasteKind::Empty)
                | (Recognised::Unknown(_), PasteKind::Unknown)
                | (Recognised::Har, PasteKind::Har) => true,
                (Recognised::Console(reading), PasteKind::ConsoleLine) => reading
                    .messages
                    .first()
                    .is_some_and(|m| m.cors_error.is_some()),
                (Recognised::Request(PastedRequest::Read { init, .. }), PasteKind::CurlCommand) => {
                    init.method == "PUT"
                }
                (Recognised::Request(PastedRequest::Read { init, .. }), PasteKind::FetchCall) => {
                    init.method == "DELETE"
                }
                (Recognised::Transcript { scenario, .. }, PasteKind::CurlTranscript) => {
                    scenario.response.status == 500
                }
                (Recognised::Headers { block, .. }, PasteKind::HeaderBlock) => {
                    block.status == Some(204) && block.request.is_none()
                }
                (Recognised::Scenario { count, .. }, PasteKind::Scenario) => *count == 1,
                _ => false,
            };
            assert!(ok, "{name}: {read:?}");
        }
    }

    #[test]
    fn problems_name_where() {
        let (_, read) = recognise(r#"{"origin": 5}"#);
        let Recognised::ScenarioProblems(problems) = read else {
            panic!("{read:?}");
        };
        assert!(
            problems.iter().any(|p| p.contains("origin")),
            "{problems:?}"
        );
        let (_, read) = recognise("GET /v1/x HTTP/1.1\nAccept: */*\nOrigin: https://a.example");
        let Recognised::Headers { block, .. } = read else {
            panic!("{read:?}");
        };
        assert_eq!(block.request.as_deref(), Some("GET /v1/x"));
    }

    #[test]
    fn raw_request_headers_fill_the_request() {
        let (_, read) = recognise(
            "PUT /v1/x HTTP/1.1\nHost: api.example.com\nOrigin: https://a.example\nX-Trace: 1",
        );
        let Recognised::Request(PastedRequest::Read {
            init,
            origin,
            left_out,
            ..
        }) = read
        else {
            panic!("{read:?}");
        };
        assert_eq!(init.url, "https://api.example.com/v1/x");
        assert_eq!(init.method, "PUT");
        assert_eq!(init.headers, vec![("X-Trace".to_string(), "1".to_string())]);
        assert_eq!(origin.as_deref(), Some("https://a.example"));
        assert_eq!(left_out, vec!["Host".to_string(), "Origin".to_string()]);
    }

    #[test]
    fn masking_covers_urls_sentences_and_requests() {
        assert_eq!(
            mask_url("https://api.example.com/x?access_token=abc&page=2"),
            "https://api.example.com/x?access_token=****&page=2"
        );
        let url = "https://api.example.com/x?token=abc";
        assert_eq!(
            mask_in_text(&format!("blocked the request to {url} from"), url),
            "blocked the request to https://api.example.com/x?token=**** from"
        );
        let (_, read) = recognise(
            "curl 'https://api.example.com/x?key=k1' -H 'Authorization: Bearer abc' -H 'X-Api-Key: sid=1'",
        );
        let Recognised::Request(PastedRequest::Read { mut init, .. }) = read else {
            panic!("{read:?}");
        };
        let masked = mask_request(&mut init);
        assert_eq!(masked.len(), 3, "{masked:?}");
        assert!(init.url.ends_with("key=****"), "{}", init.url);
        assert!(
            init.headers
                .iter()
                .all(|(_, v)| !v.contains("abc") && !v.contains("sid=1")),
            "{:?}",
            init.headers
        );
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(size_words(812), "812 bytes");
        assert_eq!(size_words(14_540), "14.2 KB");
        assert_eq!(size_words(21_076_378), "20.1 MB");
    }
}
