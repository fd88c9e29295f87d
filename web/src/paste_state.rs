//! The "paste anything" box: what it holds, the [`PasteAction`]s that change it and its
//! `impl Reducible` (the yew `function_todomvc` pattern, as [`crate::state`] for the form). What a
//! small text is read as is derived from [`PasteState::text`] with `use_memo`, never stored; a
//! HAR file's analysis arrives from [`crate::har_job`] and is kept here.
//!
//! A large text (a file, a paste of megabytes) never enters the state nor the text area: the
//! analysis holds it, and the state keeps only its name and size ([`Source`]).

use std::rc::Rc;

use corsim::paste::PasteError;
use corsim::paste::PasteKind;
use corsim::paste::har::HarAnalysis;
use yew::Reducible;

use crate::har_job::{JobEvent, JobProgress, JobStats};

/// The longest text kept in the text area, in UTF-16 code units (1 MiB): larger pastes and
/// files are kept out of it (and only HAR files are read at that size).
pub const INLINE_LIMIT: usize = 1024 * 1024;

/// How many rows of the HAR table are shown at first, and added by "Show more".
pub const ROWS_PER_PAGE: usize = 100;

/// A HAR analysis, shared; two are equal when they are the same analysis (comparing the
/// contents of thousands of verdicts on every render would cost more than rendering them).
#[derive(Clone, Debug)]
pub struct SharedAnalysis(pub Rc<HarAnalysis>);

impl PartialEq for SharedAnalysis {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A text kept out of the text area: a file, or a large paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file's name, or "pasted text".
    pub name: String,
    /// Its size in bytes (for a paste: in UTF-16 code units until it is copied).
    pub bytes: usize,
    /// What it was recognised as (from its first bytes).
    pub kind: Option<PasteKind>,
}

/// Where the analysis of a HAR file stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum HarStatus {
    /// No HAR file.
    #[default]
    Idle,
    /// A file is being read from the disk.
    Opening,
    /// The analysis is running.
    Running(JobProgress),
    /// The analysis is complete.
    Done {
        /// The cross-origin requests, with their verdicts.
        analysis: SharedAnalysis,
        /// How the time was spent.
        stats: JobStats,
    },
    /// The text is not a readable HAR file.
    Failed(PasteError),
}

/// The paste box's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PasteState {
    /// The text area's text (texts up to [`INLINE_LIMIT`]).
    pub text: String,
    /// A file or a large paste, kept out of the text area.
    pub source: Option<Source>,
    /// The HAR analysis.
    pub har: HarStatus,
    /// Why the last input was refused (too large, unreadable).
    pub refused: Option<String>,
    /// The position (in the analysis) of the HAR request loaded last, to mark its row.
    pub selected: Option<usize>,
    /// How many rows of the HAR table are shown.
    pub rows_shown: usize,
    /// The input's number: every new input gets the next one, and reports of an older input's
    /// analysis are ignored.
    pub epoch: u32,
}

/// Everything that changes the paste box.
#[derive(Debug)]
pub enum PasteAction {
    /// Text typed or pasted into the text area (or a small non-HAR file put there).
    Typed {
        /// The input's number.
        epoch: u32,
        /// The text.
        text: String,
        /// Whether it is a HAR file, whose analysis starts.
        har: bool,
    },
    /// A file was chosen; it is being read.
    Opening {
        /// The input's number.
        epoch: u32,
        /// The file.
        source: Source,
    },
    /// A file or a large paste whose analysis starts, kept out of the text area.
    Opened {
        /// The input's number.
        epoch: u32,
        /// What it is.
        source: Source,
        /// Where the analysis starts.
        progress: JobProgress,
    },
    /// An input refused, and why.
    Refused {
        /// The input's number.
        epoch: u32,
        /// The file or paste, when it is known.
        source: Option<Source>,
        /// Why.
        message: String,
    },
    /// A report of the analysis of input `epoch`.
    Job {
        /// The input the analysis is for.
        epoch: u32,
        /// What it reports.
        event: JobEvent,
    },
    /// A HAR request was loaded into the form (its position in the analysis).
    Select(usize),
    /// Shows more rows of the HAR table.
    ShowMore,
    /// Empties the box (and stops an analysis).
    Clear {
        /// The next input's number.
        epoch: u32,
    },
}

impl PasteState {
    /// An empty box, for input `epoch`.
    pub fn fresh(epoch: u32) -> PasteState {
        PasteState {
            epoch,
            rows_shown: ROWS_PER_PAGE,
            ..PasteState::default()
        }
    }
}

impl Reducible for PasteState {
    type Action = PasteAction;

    fn reduce(self: Rc<Self>, action: PasteAction) -> Rc<Self> {
        let state = match action {
            PasteAction::Typed { epoch, text, har } => PasteState {
                har: if har {
                    HarStatus::Running(JobProgress {
                        stage: crate::har_job::JobStage::Reading,
                        done: 0,
                        total: text.len(),
                        fraction: 0.0,
                    })
                } else {
                    HarStatus::Idle
                },
                text,
                ..PasteState::fresh(epoch)
            },
            PasteAction::Opening { epoch, source } => PasteState {
                source: Some(source),
                har: HarStatus::Opening,
                ..PasteState::fresh(epoch)
            },
            PasteAction::Opened {
                epoch,
                source,
                progress,
            } => PasteState {
                source: Some(source),
                har: HarStatus::Running(progress),
                ..PasteState::fresh(epoch)
            },
            PasteAction::Refused {
                epoch,
                source,
                message,
            } => PasteState {
                source,
                refused: Some(message),
                ..PasteState::fresh(epoch)
            },
            PasteAction::Job { epoch, event } => {
                if epoch != self.epoch {
                    return self;
                }
                let mut state = (*self).clone();
                match event {
                    JobEvent::Progress(p) => state.har = HarStatus::Running(p),
                    JobEvent::Finished(analysis, stats) => {
                        if let Some(source) = &mut state.source {
                            source.bytes = stats.bytes;
                        }
                        state.har = HarStatus::Done {
                            analysis: SharedAnalysis(Rc::from(analysis)),
                            stats,
                        };
                    }
                    JobEvent::Failed(e) => state.har = HarStatus::Failed(e),
                }
                state
            }
            PasteAction::Select(position) => PasteState {
                selected: Some(position),
                ..(*self).clone()
            },
            PasteAction::ShowMore => PasteState {
                rows_shown: self.rows_shown.saturating_add(ROWS_PER_PAGE),
                ..(*self).clone()
            },
            PasteAction::Clear { epoch } => PasteState::fresh(epoch),
        };
        Rc::new(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::har_job::JobStage;

    fn analysis() -> Box<HarAnalysis> {
        Box::new(HarAnalysis {
            entries: Vec::new(),
            skipped: 2,
            problems: Vec::new(),
        })
    }

    #[test]
    fn reports_of_an_older_input_are_ignored() {
        let state = Rc::new(PasteState::fresh(1));
        let state = state.reduce(PasteAction::Typed {
            epoch: 2,
            text: "{\"log\": {\"entries\": []}}".into(),
            har: true,
        });
        assert!(matches!(state.har, HarStatus::Running(_)));
        let stale = state.clone().reduce(PasteAction::Job {
            epoch: 1,
            event: JobEvent::Finished(analysis(), JobStats::default()),
        });
        assert!(matches!(stale.har, HarStatus::Running(_)));
        let done = state.reduce(PasteAction::Job {
            epoch: 2,
            event: JobEvent::Finished(analysis(), JobStats::default()),
        });
        assert!(matches!(done.har, HarStatus::Done { .. }));
    }

    #[test]
    fn a_large_input_keeps_only_its_name_and_size() {
        let state = Rc::new(PasteState::fresh(1)).reduce(PasteAction::Opened {
            epoch: 2,
            source: Source {
                name: "big.har".into(),
                bytes: 40 << 20,
                kind: Some(PasteKind::Har),
            },
            progress: JobProgress {
                stage: JobStage::Loading,
                done: 0,
                total: 40 << 20,
                fraction: 0.0,
            },
        });
        assert!(state.text.is_empty());
        assert_eq!(state.source.as_ref().map(|s| s.bytes), Some(40 << 20));
        let state = state.reduce(PasteAction::Clear { epoch: 3 });
        assert_eq!(*state, PasteState::fresh(3));
    }

    #[test]
    fn more_rows_on_demand() {
        let state = Rc::new(PasteState::fresh(1)).reduce(PasteAction::ShowMore);
        assert_eq!(state.rows_shown, 2 * ROWS_PER_PAGE);
    }
}
