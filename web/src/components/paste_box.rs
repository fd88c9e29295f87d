//! The "paste anything" box at the top of the page: a text area and a file picker that take a
//! browser console message, a DevTools HAR file, a `curl` command or transcript, "Copy as fetch",
//! a header block or scenario JSON, say what they recognised, and show what it means — the
//! explanation of a console message, the table of a HAR file's requests — with a way into the
//! form.
//!
//! Files are read locally with `FileReader`; nothing leaves the page. A large text (a file, a
//! paste over [`INLINE_LIMIT`]) never goes into the text area nor the state: it is handed, still
//! a JavaScript string, to a [`HarJob`] that copies and analyses it in slices, and only its name
//! and size are shown. A text over [`MAX_HAR_BYTES`] is refused before it is copied.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use corsim::paste::PasteKind;
use corsim::paste::reading::OnScreen;
use yew::prelude::*;

use super::{ConsolePanelProps, HarProgressProps, HarTable, PasteOutcomeProps};
use crate::browser::{self, JsText};
use crate::har_job::{HarJob, JobInput, JobProgress};
use crate::paste::{self, MAX_HAR_BYTES, Recognised};
use crate::paste_state::{HarStatus, INLINE_LIMIT, PasteAction, PasteState, Source};
use crate::state::{Action, Pane};

/// How much of a large text is looked at to recognise it, in UTF-16 code units.
const PREFIX_UNITS: u32 = 64 * 1024;

/// Props of [`PasteBox`].
#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    /// Whether secrets are kept as pasted ("Keep secrets" ticked).
    pub keep_secrets: bool,
    /// Emits what fills the form, and the "Keep secrets" choice.
    pub on_action: Callback<Action>,
    /// Emits the load of what was just pasted (without moving focus away from the box).
    pub on_pasted: Callback<Action>,
    /// Whether the form still holds what was loaded from the box (not edited since).
    pub form_from_paste: bool,
}

/// What a paste puts on screen at once: the scenario the engine says stands for it
/// ([`corsim::paste::reading::Reading::on_screen`]: the one that reproduces the first console
/// message, a transcript's request and answers), pasted scenario JSON, or a pasted request (the
/// server's answers stay, marked assumed). Header blocks wait for the user to say which answer
/// they are; HAR files for a row to be chosen.
pub(crate) fn load_of(read: &Recognised) -> Option<Action> {
    match read {
        Recognised::Console(reading) => reading.on_screen().map(pasted),
        Recognised::Transcript {
            scenario,
            assumed,
            label,
            ..
        } => Some(Action::LoadPasted {
            assumed: assumed.clone(),
            scenario: scenario.clone(),
            what: label.clone(),
            browser: None,
            announce: false,
        }),
        Recognised::Scenario { scenario, .. } => Some(Action::LoadPasted {
            scenario: scenario.clone(),
            what: paste::SCENARIO_LABEL.to_string(),
            assumed: Vec::new(),
            browser: None,
            announce: false,
        }),
        Recognised::Request(paste::PastedRequest::Read {
            init, origin, kind, ..
        }) => Some(Action::FillRequest {
            init: init.clone(),
            origin: origin.clone(),
            kind: kind.clone(),
            announce: false,
        }),
        Recognised::Empty
        | Recognised::Request(_)
        | Recognised::TranscriptProblems(_)
        | Recognised::ScenarioProblems(_)
        | Recognised::Headers { .. }
        | Recognised::Har
        | Recognised::Unknown(_) => None,
    }
}

/// Loads the scenario the engine put on screen for a paste (the paste box says what it is).
fn pasted(shown: OnScreen) -> Action {
    Action::LoadPasted {
        scenario: Box::new(shown.scenario),
        what: shown.label,
        assumed: shown.assumed,
        browser: shown.browser,
        announce: false,
    }
}

/// Where a text comes from.
enum Origin {
    /// Typed or pasted into the text area.
    TextArea,
    /// A paste too large for the text area.
    LargePaste,
    /// A file.
    File(Source),
}

/// What the event handlers share: the box's dispatcher, the running analysis and the current
/// input's number.
#[derive(Clone)]
struct Inputs {
    dispatcher: UseReducerDispatcher<PasteState>,
    job: Rc<RefCell<Option<HarJob>>>,
    epoch: Rc<Cell<u32>>,
}

impl Inputs {
    /// A new input: stops the analysis of the previous one and numbers this one.
    fn next_epoch(&self) -> u32 {
        self.job.borrow_mut().take();
        let epoch = self.epoch.get().wrapping_add(1);
        self.epoch.set(epoch);
        epoch
    }

    fn is_current(&self, epoch: u32) -> bool {
        self.epoch.get() == epoch
    }

    fn dispatch(&self, action: PasteAction) {
        self.dispatcher.dispatch(action);
    }

    fn start_job(&self, epoch: u32, input: JobInput) {
        let dispatcher = self.dispatcher.clone();
        let on_event =
            Callback::from(move |event| dispatcher.dispatch(PasteAction::Job { epoch, event }));
        *self.job.borrow_mut() = Some(HarJob::start(input, on_event));
    }

    /// Reads a chosen or dropped file (locally, with `FileReader`), refusing one over the limit
    /// before reading it.
    fn open(&self, file: &web_sys::File) {
        let source = Source {
            name: file.name(),
            bytes: file.size().max(0.0) as usize,
            kind: None,
        };
        let epoch = self.next_epoch();
        if source.bytes > MAX_HAR_BYTES {
            self.dispatch(PasteAction::Refused {
                epoch,
                message: paste::too_large(source.bytes),
                source: Some(source),
            });
            return;
        }
        self.dispatch(PasteAction::Opening {
            epoch,
            source: source.clone(),
        });
        let inputs = self.clone();
        browser::read_file(file, move |result| {
            if !inputs.is_current(epoch) {
                return;
            }
            match result {
                Ok(text) => inputs.take(epoch, &text, Origin::File(source)),
                Err(message) => inputs.dispatch(PasteAction::Refused {
                    epoch,
                    source: Some(source),
                    message,
                }),
            }
        });
    }

    /// Takes a text still held by JavaScript: refuses it, puts it in the text area, or starts
    /// its analysis as a HAR file.
    fn take(&self, epoch: u32, text: &JsText, origin: Origin) {
        let units = browser::js_text_len(text);
        let source = match origin {
            Origin::TextArea => None,
            Origin::LargePaste => Some(Source {
                name: "Pasted text".to_string(),
                bytes: units,
                kind: None,
            }),
            Origin::File(source) => Some(source),
        };
        let bytes = source.as_ref().map_or(units, |s| s.bytes.max(units));
        if units > MAX_HAR_BYTES {
            self.dispatch(PasteAction::Refused {
                epoch,
                source,
                message: paste::too_large(bytes),
            });
            return;
        }
        let kind = paste::detect(&browser::js_text_prefix(text, PREFIX_UNITS));
        if units <= INLINE_LIMIT && (source.is_none() || kind != PasteKind::Har) {
            let full = browser::js_text_string(text);
            let har = paste::detect(&full) == PasteKind::Har;
            if har {
                self.start_job(epoch, JobInput::Text(full.clone()));
            }
            self.dispatch(PasteAction::Typed {
                epoch,
                text: full,
                har,
            });
            return;
        }
        let Some(mut source) = source else {
            return;
        };
        source.kind = Some(kind);
        if kind != PasteKind::Har {
            self.dispatch(PasteAction::Refused {
                epoch,
                source: Some(source),
                message: paste::too_large_for_kind(bytes, kind, INLINE_LIMIT),
            });
            return;
        }
        let input = JobInput::Js(text.clone());
        self.dispatch(PasteAction::Opened {
            epoch,
            source,
            progress: JobProgress::start(&input),
        });
        self.start_job(epoch, input);
    }
}

/// The "paste anything" box.
#[component]
pub fn PasteBox(props: &PasteBoxProps) -> Html {
    let state = use_reducer(|| PasteState::fresh(0));
    let job = use_mut_ref(|| None::<HarJob>);
    // The current input's number, shared by every handler (a stable `Rc` for the box's life).
    let epoch: Rc<Cell<u32>> = use_memo((), |_| Cell::new(0u32));
    let inputs = Inputs {
        dispatcher: state.dispatcher(),
        job,
        epoch,
    };
    // Firefox's templates in other languages, loaded the first time a paste needs them; the
    // paste is read again once they are.
    let locales = use_state_eq(corsim::paste::console::every_firefox_locale);
    {
        let locales = locales.clone();
        use_effect_with(state.text.clone(), move |text| {
            crate::locales::load_for(text, move || locales.set(true));
        });
    }
    let read = use_memo((state.text.clone(), *locales), |(t, _)| paste::recognise(t));

    let oninput = {
        let inputs = inputs.clone();
        Callback::from(move |e: InputEvent| {
            let target = e.target();
            let Some(text) = browser::value_text(target.as_ref()) else {
                return;
            };
            let epoch = inputs.next_epoch();
            if browser::js_text_len(&text) > INLINE_LIMIT {
                browser::clear_value(target.as_ref());
                inputs.take(epoch, &text, Origin::LargePaste);
            } else {
                inputs.take(epoch, &text, Origin::TextArea);
            }
        })
    };
    let onpaste = {
        let inputs = inputs.clone();
        Callback::from(move |e: Event| {
            let Some(text) = browser::pasted_text(&e) else {
                return;
            };
            // A text that fits goes into the text area; its `input` event follows.
            if browser::js_text_len(&text) <= INLINE_LIMIT {
                return;
            }
            e.prevent_default();
            let epoch = inputs.next_epoch();
            inputs.take(epoch, &text, Origin::LargePaste);
        })
    };
    let onchange_file = {
        let inputs = inputs.clone();
        Callback::from(move |e: Event| {
            if let Some((file, input)) = browser::chosen_file(&e) {
                input.set_value("");
                inputs.open(&file);
            }
        })
    };
    // A file dropped on the box is read like a chosen one (without this, the browser would
    // leave the page to show the file).
    let ondragover = Callback::from(|e: DragEvent| {
        if browser::dragged_files(&e) {
            e.prevent_default();
        }
    });
    let ondrop = {
        let inputs = inputs.clone();
        Callback::from(move |e: DragEvent| {
            if let Some(file) = browser::dropped_file(&e) {
                e.prevent_default();
                inputs.open(&file);
            }
        })
    };
    let on_clear = {
        let inputs = inputs.clone();
        Callback::from(move |_: MouseEvent| {
            let epoch = inputs.next_epoch();
            inputs.dispatch(PasteAction::Clear { epoch });
        })
    };
    let on_stop = {
        let inputs = inputs.clone();
        Callback::from(move |_: ()| {
            let epoch = inputs.next_epoch();
            inputs.dispatch(PasteAction::Clear { epoch });
        })
    };
    let on_keep = props.on_action.reform(|e: Event| {
        Action::SetKeepSecrets(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked(),
        )
    });
    let on_select = {
        let state = state.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |position: usize| {
            if let HarStatus::Done { analysis, .. } = &state.har
                && let Some(r) = analysis.0.entries.get(position)
            {
                state.dispatch(PasteAction::Select(position));
                on_action.emit(Action::LoadPasted {
                    scenario: Box::new(r.scenario.clone()),
                    what: format!("HAR entry {}", r.index),
                    assumed: Vec::new(),
                    browser: None,
                    announce: true,
                });
            }
        })
    };
    let on_more = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(PasteAction::ShowMore))
    };
    // Which console message's scenario is on screen (the first, once pasted).
    let console_shown = use_state_eq(|| None::<usize>);
    let on_console_load = {
        let read = read.clone();
        let on_action = props.on_action.clone();
        let console_shown = console_shown.clone();
        Callback::from(move |index: usize| {
            if let (_, Recognised::Console(reading)) = &*read
                && let Some(shown) = reading.message_on_screen(index)
            {
                console_shown.set(Some(index));
                on_action.emit(pasted(shown));
            }
        })
    };
    // One state: what is pasted becomes the scenario on screen at once.
    {
        let on_pasted = props.on_pasted.clone();
        let console_shown = console_shown.clone();
        use_effect_with(read.clone(), move |read| {
            let action = load_of(&read.1);
            console_shown.set(match (&read.1, &action) {
                (Recognised::Console(_), Some(_)) => Some(0),
                _ => None,
            });
            if let Some(action) = action {
                on_pasted.emit(action);
            }
        });
    }
    let on_headers = {
        let text = state.text.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |pane: Pane| {
            if pane == Pane::Preflight {
                on_action.emit(Action::SetPreflightSeparate(true));
            }
            on_action.emit(Action::SetText(pane, text.clone()));
        })
    };

    let (kind, recognised) = &*read;
    let status = match (&state.source, *kind) {
        (Some(source), _) => format!(
            "{} · {}{}",
            source.name,
            paste::size_words(source.bytes),
            source
                .kind
                .map(|k| format!(" · {}", k.describe()))
                .unwrap_or_default()
        ),
        (None, PasteKind::Empty) => String::new(),
        (None, kind) => format!("Recognised: {}", kind.describe()),
    };
    let has_input = !state.text.is_empty() || state.source.is_some() || state.refused.is_some();
    let result = match &state.har {
        HarStatus::Idle
            if state.source.is_none()
                && state.refused.is_none()
                && !props.form_from_paste
                && load_of(recognised).is_some() =>
        {
            let onclick = {
                let read = read.clone();
                let on_action = props.on_action.clone();
                Callback::from(move |_: MouseEvent| {
                    if let Some(action) = load_of(&read.1) {
                        on_action.emit(action);
                    }
                })
            };
            html! {
                <div class="paste-stale" id="paste-stale">
                    <p>{ "The form below has changed since this paste was loaded: the verdict is the form's, not the paste's." }</p>
                    <button type="button" class="secondary" id="paste-reload" {onclick}>{ "Load the paste again" }</button>
                </div>
            }
        }
        HarStatus::Idle if state.source.is_none() && state.refused.is_none() => match recognised {
            Recognised::Console(reading) => html! {
                { super::console_panel(&ConsolePanelProps {
                    reading: reading.clone(),
                    keep_secrets: props.keep_secrets,
                    on_load: on_console_load,
                    on_screen: *console_shown,
                }) }
            },
            other => html! {
                { super::paste_outcome(&PasteOutcomeProps {
                    read: other.clone(),
                    keep_secrets: props.keep_secrets,
                    on_action: props.on_action.clone(),
                    on_headers,
                }) }
            },
        },
        HarStatus::Idle => Html::default(),
        HarStatus::Opening => {
            html! { <p class="hint" id="har-opening">{ "Reading the file…" }</p> }
        }
        HarStatus::Running(progress) => super::har_progress(&HarProgressProps {
            progress: *progress,
            on_stop,
        }),
        HarStatus::Done { analysis, stats } => html! {
            <HarTable analysis={analysis.clone()} stats={*stats} keep_secrets={props.keep_secrets}
                selected={state.selected} rows_shown={state.rows_shown} {on_select} {on_more} />
        },
        HarStatus::Failed(e) => html! {
            <p class="paste-problem" id="har-error" role="alert">{ format!("This is not a readable HAR file: {e}.") }</p>
        },
    };
    html! {
        <section class="paste-anything" aria-labelledby="paste-title" {ondragover} {ondrop}>
            <div class="paste-head">
                <h2 id="paste-title">{ "Paste anything" }</h2>
                <p class="hint" id="paste-help">{ "A console error, a HAR file exported from DevTools (paste it, open it or drop it here), a curl command or its output, Copy as fetch, response headers, or corsim scenario JSON. It stays in this page: nothing is uploaded." }</p>
            </div>
            <textarea id="paste-anything" rows="3" value={state.text.clone()} {oninput} {onpaste}
                spellcheck="false" aria-labelledby="paste-title" aria-describedby="paste-help paste-kind"
                placeholder="Access to fetch at 'https://api.example.com/' from origin 'https://app.example.com' has been blocked by CORS policy: …" />
            <div class="paste-controls">
                <label class="file-pick">
                    <span>{ "Open a HAR file…" }</span>
                    <input type="file" id="paste-file" accept=".har,.json,application/json"
                        onchange={onchange_file} />
                </label>
                <label class="check" for="keep-secrets">
                    <input type="checkbox" id="keep-secrets" checked={props.keep_secrets} onchange={on_keep} />
                    { "Keep secrets (Authorization, cookies, tokens)" }
                </label>
                if has_input {
                    <button type="button" class="clear" id="paste-clear" onclick={on_clear}>{ "Clear" }</button>
                }
            </div>
            <p class="paste-kind" id="paste-kind" role="status">{ status }</p>
            if let Some(message) = &state.refused {
                <p class="paste-problem" id="paste-refused" role="alert">{ format!("Not read: {message}.") }</p>
            }
            { result }
        </section>
    }
}
