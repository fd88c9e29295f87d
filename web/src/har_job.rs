//! A HAR file analysed without freezing the page: the engine's [`HarAnalyzer`] driven in slices
//! of a few milliseconds from a `gloo_timers` timeout loop, so input events and frames run in
//! between, with progress reported after each slice.
//!
//! A large text arrives as a JavaScript string (a file read with `FileReader`, a paste). It is
//! copied into WebAssembly memory in pieces too ([`JobStage::Loading`]), then read entry by entry
//! ([`JobStage::Reading`]) and each cross-origin request simulated ([`JobStage::Simulating`]).
//! Dropping the [`HarJob`] stops it: the pending timeout is cancelled and the next slice never
//! runs.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use corsim::paste::PasteError;
use corsim::paste::har::{HarAnalysis, HarAnalyzer, Progress, Stage};
use gloo_timers::callback::Timeout;
use yew::Callback;

use crate::browser::{self, JsText};

/// The work done in one slice before handing control back to the browser, in milliseconds.
/// A slice stops at the first step that ends past it, so slices last a little longer.
pub const SLICE_MS: f64 = 6.0;

/// The budget of one [`HarAnalyzer::step`] call, in bytes of input: small, so that a slice
/// checks the clock often.
pub const STEP_BYTES: usize = 16 * 1024;

/// How many UTF-16 code units of a JavaScript string are copied into WebAssembly memory at a
/// time.
pub const COPY_UNITS: u32 = 256 * 1024;

/// The most steps one slice takes, should the clock not advance.
const MAX_STEPS_PER_SLICE: u32 = 4096;

/// What the job analyses.
#[derive(Debug)]
pub enum JobInput {
    /// A text already in WebAssembly memory (a small paste).
    Text(String),
    /// A JavaScript string (a file, a large paste), copied in pieces.
    Js(JsText),
}

/// The stage a job is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStage {
    /// Copying the text into WebAssembly memory: `done` and `total` count UTF-16 code units.
    Loading,
    /// Reading the entries: `done` and `total` count bytes.
    Reading,
    /// Simulating the cross-origin requests: `done` and `total` count requests.
    Simulating,
}

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobProgress {
    /// The stage.
    pub stage: JobStage,
    /// Work done in this stage.
    pub done: usize,
    /// Work in this stage.
    pub total: usize,
    /// A rough fraction of the whole job, from 0 to 1.
    pub fraction: f64,
}

impl JobProgress {
    /// The progress at the start of a job.
    pub fn start(input: &JobInput) -> JobProgress {
        let total = match input {
            JobInput::Text(t) => t.len(),
            JobInput::Js(t) => browser::js_text_len(t),
        };
        JobProgress {
            stage: JobStage::Loading,
            done: 0,
            total,
            fraction: 0.0,
        }
    }
}

/// The share of the progress bar that copying the text takes.
const LOADING_SHARE: f64 = 0.05;

/// How a job's time was spent, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct JobStats {
    /// The size of the text, in bytes of UTF-8.
    pub bytes: usize,
    /// How many slices of work ran.
    pub slices: u32,
    /// The longest slice.
    pub longest_ms: f64,
    /// The time spent working, all slices together.
    pub work_ms: f64,
    /// From the start to the end, waits between slices included.
    pub wall_ms: f64,
}

/// What a job reports.
#[derive(Debug)]
pub enum JobEvent {
    /// A slice ended; the job goes on.
    Progress(JobProgress),
    /// The analysis is complete.
    Finished(Box<HarAnalysis>, JobStats),
    /// The text is not a readable HAR file (too large, not JSON, no `log.entries`): where and
    /// why.
    Failed(PasteError),
}

/// A running analysis. Dropping it stops it.
pub struct HarJob {
    _inner: Rc<RefCell<Inner>>,
}

impl std::fmt::Debug for HarJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HarJob")
    }
}

enum Phase {
    Loading {
        source: JsText,
        pos: u32,
        len: u32,
        text: String,
    },
    Loaded(String),
    Analyzing(Box<HarAnalyzer>),
    Over,
}

struct Inner {
    phase: Phase,
    stats: JobStats,
    started_ms: f64,
    on_event: Callback<JobEvent>,
    pending: Option<Timeout>,
    /// The engine's last report.
    last: Option<Progress>,
}

impl HarJob {
    /// Starts analysing `input` after the current task; `on_event` hears of every slice and of
    /// the end.
    pub fn start(input: JobInput, on_event: Callback<JobEvent>) -> HarJob {
        let phase = match input {
            JobInput::Text(text) => Phase::Loaded(text),
            JobInput::Js(source) => {
                let len = source.length();
                Phase::Loading {
                    text: String::with_capacity(len as usize),
                    source,
                    pos: 0,
                    len,
                }
            }
        };
        let inner = Rc::new(RefCell::new(Inner {
            phase,
            stats: JobStats::default(),
            started_ms: browser::now_ms(),
            on_event,
            pending: None,
            last: None,
        }));
        schedule(&inner);
        HarJob { _inner: inner }
    }
}

/// Runs the next slice once the browser has had its turn. The timeout holds only a weak
/// reference: once the job is dropped, nothing runs.
fn schedule(inner: &Rc<RefCell<Inner>>) {
    let weak = Rc::downgrade(inner);
    let timeout = Timeout::new(0, move || tick(&weak));
    // Replacing the handle of the timeout that is running now is safe: wasm-bindgen frees a
    // closure dropped during its own call once the call returns.
    inner.borrow_mut().pending = Some(timeout);
}

fn tick(weak: &Weak<RefCell<Inner>>) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    let (event, on_event, more) = {
        let mut job = inner.borrow_mut();
        let event = job.slice();
        let more = matches!(event, JobEvent::Progress(_));
        (event, job.on_event.clone(), more)
    };
    // Reported outside the borrow: the page may start or drop jobs when it hears of this one.
    on_event.emit(event);
    if more {
        schedule(&inner);
    } else {
        inner.borrow_mut().pending = None;
    }
}

impl Inner {
    /// One slice of work: steps until [`SLICE_MS`] have passed or the job ends.
    fn slice(&mut self) -> JobEvent {
        let start = browser::now_ms();
        let mut steps = 0u32;
        let outcome = loop {
            if let Some(end) = self.step() {
                break Some(end);
            }
            steps += 1;
            if browser::now_ms() - start >= SLICE_MS || steps >= MAX_STEPS_PER_SLICE {
                break None;
            }
        };
        let end = browser::now_ms();
        let spent = end - start;
        self.stats.slices += 1;
        self.stats.work_ms += spent;
        self.stats.longest_ms = self.stats.longest_ms.max(spent);
        self.stats.wall_ms = end - self.started_ms;
        match outcome {
            // The stats of a finished job include its last slice.
            Some(JobEvent::Finished(analysis, _)) => JobEvent::Finished(analysis, self.stats),
            Some(event) => event,
            None => JobEvent::Progress(self.progress()),
        }
    }

    /// One step; `Some` when the job is over.
    fn step(&mut self) -> Option<JobEvent> {
        match &mut self.phase {
            Phase::Loading {
                source,
                pos,
                len,
                text,
            } => {
                let (piece, end) = browser::js_text_piece(source, *pos, COPY_UNITS);
                text.push_str(&piece);
                *pos = end;
                if *pos >= *len {
                    let text = std::mem::take(text);
                    self.phase = Phase::Loaded(text);
                }
                None
            }
            Phase::Loaded(text) => {
                let text = std::mem::take(text);
                self.stats.bytes = text.len();
                match HarAnalyzer::new(text, &corsim::Profile::CHROMIUM) {
                    Ok(analyzer) => {
                        self.phase = Phase::Analyzing(Box::new(analyzer));
                        None
                    }
                    Err(e) => {
                        self.phase = Phase::Over;
                        Some(JobEvent::Failed(e))
                    }
                }
            }
            Phase::Analyzing(analyzer) => match analyzer.step(STEP_BYTES) {
                Ok(p) if p.is_done() => {
                    let Phase::Analyzing(analyzer) =
                        std::mem::replace(&mut self.phase, Phase::Over)
                    else {
                        return None;
                    };
                    Some(match analyzer.finish() {
                        Ok(analysis) => JobEvent::Finished(Box::new(analysis), self.stats),
                        Err(e) => JobEvent::Failed(e),
                    })
                }
                Ok(p) => {
                    self.last = Some(p);
                    None
                }
                Err(e) => {
                    self.phase = Phase::Over;
                    Some(JobEvent::Failed(e))
                }
            },
            Phase::Over => None,
        }
    }

    fn progress(&self) -> JobProgress {
        match &self.phase {
            Phase::Loading { pos, len, .. } => JobProgress {
                stage: JobStage::Loading,
                done: *pos as usize,
                total: *len as usize,
                fraction: LOADING_SHARE * f64::from(*pos) / f64::from((*len).max(1)),
            },
            Phase::Loaded(text) => JobProgress {
                stage: JobStage::Reading,
                done: 0,
                total: text.len(),
                fraction: LOADING_SHARE,
            },
            Phase::Analyzing(_) => match self.last {
                Some(p) => from_engine(p),
                None => JobProgress {
                    stage: JobStage::Reading,
                    done: 0,
                    total: self.stats.bytes,
                    fraction: LOADING_SHARE,
                },
            },
            Phase::Over => JobProgress {
                stage: JobStage::Simulating,
                done: 1,
                total: 1,
                fraction: 1.0,
            },
        }
    }
}

/// The engine's progress, on the page's scale.
fn from_engine(p: Progress) -> JobProgress {
    let stage = match p.stage {
        Stage::Reading | Stage::Pairing => JobStage::Reading,
        Stage::Analyzing | Stage::Done => JobStage::Simulating,
    };
    JobProgress {
        stage,
        done: p.done,
        total: p.total,
        fraction: LOADING_SHARE + (1.0 - LOADING_SHARE) * p.fraction(),
    }
}
