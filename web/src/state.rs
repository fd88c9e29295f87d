//! The form: what the user typed, changed only through [`Action`]s by [`State`]'s reducer (the
//! yew `function_todomvc` pattern). Derived data — the scenario, the verdict, the parse problems
//! of a pasted block — is computed from it with `use_memo` and never stored here.

use std::rc::Rc;

use corsim::Browser;
use corsim::scenario::{Credentials, Mode, RedirectMode, Reply, RequestInit, Scenario};
use yew::Reducible;

use crate::paste;

/// The scenario id of a form that did not come from the gallery.
pub const DEFAULT_ID: &str = "corsim";

/// One row of a header editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRow {
    /// A key, stable while the row lives (for the list's `key`s and for actions).
    pub id: u32,
    /// The name as typed.
    pub name: String,
    /// The value as typed.
    pub value: String,
}

/// Which header list an action edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// The request's headers.
    Request,
    /// The headers of the answer to the preflight.
    Preflight,
    /// The headers of the response to the request itself.
    Response,
}

/// Which of the server's answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The answer to the CORS preflight (`OPTIONS`).
    Preflight,
    /// The response to the request itself.
    Response,
}

impl Pane {
    /// The header list of this pane.
    pub fn list(self) -> List {
        match self {
            Pane::Preflight => List::Preflight,
            Pane::Response => List::Response,
        }
    }
}

/// One answer of the server, as the form holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplyForm {
    /// The status as typed.
    pub status: String,
    /// The headers.
    pub headers: Vec<HeaderRow>,
    /// The text of the paste box: what the user pasted or typed, or the headers written out.
    pub text: String,
    /// A body, kept from a loaded scenario (the form does not edit it).
    pub body: Option<String>,
}

/// The whole form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The scenario's id: a gallery entry's id, or [`DEFAULT_ID`].
    pub id: String,
    /// The page's origin as typed.
    pub origin: String,
    /// The URL passed to `fetch()`.
    pub url: String,
    /// The method as typed (`patch` stays `patch`).
    pub method: String,
    /// The request's headers.
    pub headers: Vec<HeaderRow>,
    /// The request's mode.
    pub mode: Mode,
    /// The request's credentials mode.
    pub credentials: Credentials,
    /// The request's redirect mode.
    pub redirect: RedirectMode,
    /// The request's body, when it has one.
    pub body: Option<String>,
    /// Whether the server answers the preflight with its own answer (otherwise it answers
    /// `OPTIONS` like any other method, with [`Form::response`]).
    pub preflight_separate: bool,
    /// The answer to the preflight.
    pub preflight: ReplyForm,
    /// The response to the request itself.
    pub response: ReplyForm,
    /// Redirects before the response, kept from a loaded scenario.
    pub redirects: Vec<Reply>,
    /// The fields of a pasted scenario that the paste did not give and corsim assumed
    /// (`origin`, `request.method`, `preflight`, `response` …): marked in the form, kept out of
    /// the advice. A field leaves the list once the user edits it.
    pub assumed: Vec<String>,
}

/// The assumed fields an action's edit settles.
fn settled_by(action: &Action) -> &'static [&'static str] {
    match action {
        Action::SetOrigin(_) => &["origin"],
        Action::SetUrl(_) => &["request.url"],
        Action::SetMethod(_) => &["request.method"],
        Action::SetMode(_) => &["request.mode"],
        Action::SetCredentials(_) => &["request.credentials"],
        Action::SetHeaderName(List::Request, ..)
        | Action::SetHeaderValue(List::Request, ..)
        | Action::RemoveHeader(List::Request, _)
        | Action::AddHeader(List::Request) => &["request.headers"],
        Action::SetHeaderName(List::Preflight, ..)
        | Action::SetHeaderValue(List::Preflight, ..)
        | Action::RemoveHeader(List::Preflight, _)
        | Action::AddHeader(List::Preflight)
        | Action::SetStatus(Pane::Preflight, _)
        | Action::SetText(Pane::Preflight, _) => &["preflight"],
        Action::SetHeaderName(List::Response, ..)
        | Action::SetHeaderValue(List::Response, ..)
        | Action::RemoveHeader(List::Response, _)
        | Action::AddHeader(List::Response)
        | Action::SetStatus(Pane::Response, _)
        | Action::SetText(Pane::Response, _) => &["response"],
        Action::FillAnswers { .. } => &["preflight", "response"],
        _ => &[],
    }
}

/// Whether an assumed field covers a field path: the engine's [`corsim::advice::is_assumed`].
pub fn is_assumed(assumed: &[String], field: &str) -> bool {
    corsim::advice::is_assumed(assumed, field)
}

/// A field of the form that holds something the scenario cannot take as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// Which pane's status.
    pub pane: Pane,
    /// What is wrong, and what is used instead.
    pub message: String,
}

/// The scenario the form describes, and what in the form had to be read generously.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// The scenario.
    pub scenario: Scenario,
    /// Fields that were not usable as typed.
    pub problems: Vec<FieldProblem>,
}

impl Form {
    /// The scenario this form describes. Rows without a name are skipped (a row just added);
    /// a status that is not a number is read as 200 and reported.
    pub fn build(&self) -> Built {
        let mut problems = Vec::new();
        let request = RequestInit {
            url: self.url.clone(),
            method: self.method.clone(),
            headers: rows_to_pairs(&self.headers),
            mode: self.mode,
            credentials: self.credentials,
            redirect: self.redirect,
            body: self.body.clone(),
        };
        let preflight = self
            .preflight_separate
            .then(|| self.preflight.to_reply(Pane::Preflight, &mut problems));
        let response = self.response.to_reply(Pane::Response, &mut problems);
        Built {
            scenario: Scenario {
                preflight,
                response,
                redirects: self.redirects.clone(),
                ..Scenario::of_request(self.id.clone(), self.origin.clone(), request)
            },
            problems,
        }
    }

    /// The form for a scenario; `next_id` hands out the rows' keys.
    pub fn from_scenario(scenario: &Scenario, next_id: &mut u32) -> Form {
        let request = &scenario.request;
        Form {
            id: scenario.id.clone(),
            origin: scenario.origin.clone(),
            url: request.url.clone(),
            method: request.method.clone(),
            headers: pairs_to_rows(&request.headers, next_id),
            mode: request.mode,
            credentials: request.credentials,
            redirect: request.redirect,
            body: request.body.clone(),
            preflight_separate: scenario.preflight.is_some(),
            preflight: ReplyForm::from_reply(
                scenario.preflight.as_ref().unwrap_or(&scenario.response),
                next_id,
            ),
            response: ReplyForm::from_reply(&scenario.response, next_id),
            redirects: scenario.redirects.clone(),
            assumed: Vec::new(),
        }
    }

    fn list_mut(&mut self, list: List) -> &mut Vec<HeaderRow> {
        match list {
            List::Request => &mut self.headers,
            List::Preflight => &mut self.preflight.headers,
            List::Response => &mut self.response.headers,
        }
    }

    fn pane_mut(&mut self, pane: Pane) -> &mut ReplyForm {
        match pane {
            Pane::Preflight => &mut self.preflight,
            Pane::Response => &mut self.response,
        }
    }

    fn pane_of(list: List) -> Option<Pane> {
        match list {
            List::Request => None,
            List::Preflight => Some(Pane::Preflight),
            List::Response => Some(Pane::Response),
        }
    }
}

impl ReplyForm {
    fn from_reply(reply: &Reply, next_id: &mut u32) -> ReplyForm {
        let mut form = ReplyForm {
            status: reply.status.to_string(),
            headers: pairs_to_rows(&reply.headers, next_id),
            text: String::new(),
            body: reply.body.clone(),
        };
        form.rewrite_text();
        form
    }

    fn to_reply(&self, pane: Pane, problems: &mut Vec<FieldProblem>) -> Reply {
        let status = match self.status.trim().parse::<u16>() {
            Ok(s) if (100..=999).contains(&s) => s,
            _ => {
                problems.push(FieldProblem {
                    pane,
                    message: format!(
                        "{:?} is not a status code (100–999); reading it as 200",
                        self.status
                    ),
                });
                200
            }
        };
        Reply {
            status,
            headers: rows_to_pairs(&self.headers),
            body: self.body.clone(),
        }
    }

    /// Writes the headers out into the paste box, after an edit of the list.
    fn rewrite_text(&mut self) {
        self.text = block_text(&self.status, &self.headers);
    }
}

/// A status line and one `name: value` line per header: how the paste box shows a header list.
pub fn block_text(status: &str, rows: &[HeaderRow]) -> String {
    let mut text = String::new();
    let status = status.trim();
    if !status.is_empty() {
        text.push_str("HTTP/1.1 ");
        text.push_str(status);
        text.push('\n');
    }
    for row in rows
        .iter()
        .filter(|r| !r.name.is_empty() || !r.value.is_empty())
    {
        text.push_str(&row.name);
        text.push_str(": ");
        text.push_str(&row.value);
        text.push('\n');
    }
    text
}

fn rows_to_pairs(rows: &[HeaderRow]) -> Vec<(String, String)> {
    rows.iter()
        .filter(|r| !r.name.trim().is_empty())
        .map(|r| (r.name.clone(), r.value.clone()))
        .collect()
}

fn pairs_to_rows(pairs: &[(String, String)], next_id: &mut u32) -> Vec<HeaderRow> {
    pairs
        .iter()
        .map(|(name, value)| HeaderRow {
            id: take_id(next_id),
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

fn take_id(next_id: &mut u32) -> u32 {
    let id = *next_id;
    *next_id = next_id.wrapping_add(1);
    id
}

/// The page's state: the form and the messages about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// The form.
    pub form: Form,
    /// The next header row key.
    pub next_id: u32,
    /// A message for the user (a permalink that could not be read, a paste that filled the
    /// form).
    pub notice: Option<Notice>,
    /// Whether secrets in pasted input and in permalinks are kept as they are ("Keep secrets",
    /// off by default: they are masked with [`paste::mask_secrets`]).
    pub keep_secrets: bool,
    /// Where the scenario on screen comes from.
    pub shown: Shown,
    /// The browser whose verdict the page shows (the browser switch).
    pub browser: Browser,
}

/// Where the scenario on screen comes from: the page says so above the verdict, and the paste
/// box shows a paste's explanation only while the form still holds that paste.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The built-in example the page opens with.
    Example,
    /// A gallery entry or a permalink, as loaded.
    Loaded,
    /// What the paste box read, as loaded.
    Pasted,
    /// The form, edited by hand since it was loaded.
    Edited,
}

/// A message above the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Whether it reports a problem (shown as an alert) or just informs.
    pub problem: bool,
    /// The message.
    pub text: String,
}

impl State {
    /// The state for a scenario.
    pub fn new(scenario: &Scenario, notice: Option<Notice>) -> State {
        let mut next_id = 1;
        let form = Form::from_scenario(scenario, &mut next_id);
        State {
            form,
            next_id,
            notice,
            keep_secrets: false,
            shown: Shown::Loaded,
            browser: Browser::Chromium,
        }
    }

    /// This state with the form replaced by a scenario; row keys keep growing, so rows of the old
    /// form are never reused, and the "Keep secrets" choice stays.
    fn loaded(&self, scenario: &Scenario, notice: Option<Notice>) -> State {
        let mut next = State::new(scenario, notice);
        next.keep_secrets = self.keep_secrets;
        next.browser = self.browser;
        next.next_id = next.next_id.wrapping_add(self.next_id);
        let offset = self.next_id;
        for row in next
            .form
            .headers
            .iter_mut()
            .chain(next.form.preflight.headers.iter_mut())
            .chain(next.form.response.headers.iter_mut())
        {
            row.id = row.id.wrapping_add(offset);
        }
        next
    }
}

/// The notice about masked secrets alone, when something was masked.
fn masked_notice(masked: &[String]) -> Option<Notice> {
    (!masked.is_empty()).then(|| Notice {
        problem: false,
        text: masked_words(masked).trim_start().to_string(),
    })
}

/// The end of a notice about masked secrets: what was masked, and how to keep it.
fn masked_words(masked: &[String]) -> String {
    if masked.is_empty() {
        String::new()
    } else {
        format!(
            " Masked: {}. To keep secrets, tick \u{201c}Keep secrets\u{201d} and load it again.",
            masked.join(", ")
        )
    }
}

/// Everything the user can do to the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Types the page's origin.
    SetOrigin(String),
    /// Types the URL.
    SetUrl(String),
    /// Types the method.
    SetMethod(String),
    /// Picks the mode.
    SetMode(Mode),
    /// Picks the credentials mode.
    SetCredentials(Credentials),
    /// Picks the redirect mode.
    SetRedirect(RedirectMode),
    /// Adds, edits or removes the body.
    SetBody(Option<String>),
    /// Adds an empty header row at the end of a list.
    AddHeader(List),
    /// Types a header's name.
    SetHeaderName(List, u32, String),
    /// Types a header's value.
    SetHeaderValue(List, u32, String),
    /// Removes a header row.
    RemoveHeader(List, u32),
    /// Types a pane's status.
    SetStatus(Pane, String),
    /// Types or pastes into a pane's paste box: the block is read and replaces the pane's
    /// headers (and status, when the block has a status line).
    SetText(Pane, String),
    /// Whether the server answers the preflight differently from the request.
    SetPreflightSeparate(bool),
    /// Drops the redirects kept from a loaded scenario.
    ClearRedirects,
    /// Fills the request part of the form from a pasted request.
    FillRequest {
        /// The `fetch()` arguments.
        init: RequestInit,
        /// The page's origin, when the paste says it.
        origin: Option<String>,
        /// What was pasted, for the notice.
        kind: String,
        /// Whether the notice says what was filled: not when the paste box says it beside
        /// the paste (the notice then only says what was masked).
        announce: bool,
    },
    /// Replaces the whole form with a scenario (gallery, permalink).
    Load {
        /// The scenario.
        scenario: Box<Scenario>,
        /// A message to show with it.
        notice: Option<Notice>,
    },
    /// Replaces the whole form with a permalink's scenario, in the browser it names, with the
    /// fields it names as assumed.
    OpenLink {
        /// The scenario.
        scenario: Box<Scenario>,
        /// The browser the link shows.
        browser: Browser,
        /// The scenario's fields the link names as assumed.
        assumed: Vec<String>,
    },
    /// Replaces the whole form with a scenario read from pasted input (a HAR entry, the scenario
    /// that reproduces a console message, a curl transcript, scenario JSON): its secrets are
    /// masked unless [`State::keep_secrets`] is set, and a notice says what was loaded.
    LoadPasted {
        /// The scenario, as read.
        scenario: Box<Scenario>,
        /// Where it comes from, for the notice (`HAR entry 4`).
        what: String,
        /// The fields the paste did not give and corsim assumed ([`Form::assumed`]).
        assumed: Vec<String>,
        /// The browser that printed what was pasted, when the paste says so: the page switches
        /// to it.
        browser: Option<Browser>,
        /// Whether the notice says what was loaded: not when the paste box says it beside the
        /// paste (the notice then only says what was masked).
        announce: bool,
    },
    /// Replaces the server's answers with what a pasted server configuration sends
    /// (`corsim::server::simulate_config`).
    FillAnswers {
        /// The answer to the preflight, when the server answers it on its own.
        preflight: Option<Box<Reply>>,
        /// The response.
        response: Box<Reply>,
        /// The redirects before it.
        redirects: Vec<Reply>,
        /// Where they come from (`the nginx configuration`).
        what: String,
    },
    /// Ticks or unticks "Keep secrets".
    SetKeepSecrets(bool),
    /// Picks the browser whose verdict the page shows.
    SetBrowser(Browser),
    /// Shows a message.
    Notify(Notice),
    /// Hides the message.
    DismissNotice,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        let settled = settled_by(&action);
        if !settled.is_empty() {
            state
                .form
                .assumed
                .retain(|a| !settled.contains(&a.as_str()));
        }
        state.shown = match &action {
            Action::Load { .. } | Action::OpenLink { .. } => Shown::Loaded,
            Action::LoadPasted { .. } | Action::FillRequest { .. } => Shown::Pasted,
            Action::SetKeepSecrets(_)
            | Action::SetBrowser(_)
            | Action::Notify(_)
            | Action::DismissNotice => state.shown,
            _ => Shown::Edited,
        };
        let form = &mut state.form;
        match action {
            Action::SetOrigin(v) => form.origin = v,
            Action::SetUrl(v) => form.url = v,
            Action::SetMethod(v) => form.method = v,
            Action::SetMode(v) => form.mode = v,
            Action::SetCredentials(v) => form.credentials = v,
            Action::SetRedirect(v) => form.redirect = v,
            Action::SetBody(v) => form.body = v,
            Action::AddHeader(list) => {
                let id = take_id(&mut state.next_id);
                state.form.list_mut(list).push(HeaderRow {
                    id,
                    name: String::new(),
                    value: String::new(),
                });
            }
            Action::SetHeaderName(list, id, name) => {
                edit_row(form, list, id, |row| row.name = name);
            }
            Action::SetHeaderValue(list, id, value) => {
                edit_row(form, list, id, |row| row.value = value);
            }
            Action::RemoveHeader(list, id) => {
                form.list_mut(list).retain(|r| r.id != id);
                if let Some(pane) = Form::pane_of(list) {
                    form.pane_mut(pane).rewrite_text();
                }
            }
            Action::SetStatus(pane, status) => {
                let reply = form.pane_mut(pane);
                reply.status = status;
                reply.rewrite_text();
            }
            Action::SetText(pane, text) => {
                let block = paste::header_block(&text);
                let mut next_id = state.next_id;
                let reply = state.form.pane_mut(pane);
                if let Some(status) = block.status {
                    reply.status = status.to_string();
                }
                if !block.headers.is_empty() || text.trim().is_empty() {
                    reply.headers = pairs_to_rows(&block.headers, &mut next_id);
                }
                reply.text = text;
                state.next_id = next_id;
            }
            Action::SetPreflightSeparate(v) => form.preflight_separate = v,
            Action::ClearRedirects => form.redirects.clear(),
            Action::FillRequest {
                mut init,
                origin,
                kind,
                announce,
            } => {
                let masked = if state.keep_secrets {
                    Vec::new()
                } else {
                    paste::mask_request(&mut init)
                };
                let mut next_id = state.next_id;
                let form = &mut state.form;
                form.url = init.url;
                form.method = init.method;
                form.headers = pairs_to_rows(&init.headers, &mut next_id);
                form.mode = init.mode;
                form.credentials = init.credentials;
                form.redirect = init.redirect;
                form.body = init.body;
                form.assumed.retain(|a| !a.starts_with("request"));
                // The answers (and the origin, when the paste has none) stay; unless the user
                // typed them, they are not the paste's, so they are marked assumed.
                let not_typed = matches!(self.shown, Shown::Example | Shown::Loaded);
                let mut keep_assumed = |field: &str| {
                    if not_typed && !is_assumed(&form.assumed, field) {
                        form.assumed.push(field.to_string());
                    }
                };
                keep_assumed("preflight");
                keep_assumed("response");
                let origin_note = match origin {
                    Some(o) => {
                        form.origin = o;
                        form.assumed.retain(|a| a != "origin");
                        " and the page's origin"
                    }
                    None => {
                        keep_assumed("origin");
                        ""
                    }
                };
                state.next_id = next_id;
                state.notice = if announce {
                    Some(Notice {
                        problem: false,
                        text: format!(
                            "Filled the request{origin_note} from the pasted {kind}.{}",
                            masked_words(&masked)
                        ),
                    })
                } else {
                    masked_notice(&masked)
                };
            }
            Action::Load { scenario, notice } => {
                state = state.loaded(&scenario, notice);
                state.shown = Shown::Loaded;
            }
            Action::OpenLink {
                scenario,
                browser,
                assumed,
            } => {
                state = state.loaded(&scenario, None);
                state.shown = Shown::Loaded;
                state.browser = browser;
                state.form.assumed = assumed;
            }
            Action::LoadPasted {
                scenario,
                what,
                assumed,
                browser,
                announce,
            } => {
                let mut scenario = *scenario;
                let masked = if state.keep_secrets {
                    Vec::new()
                } else {
                    paste::mask_secrets(&mut scenario)
                };
                let notice = if announce {
                    Some(Notice {
                        problem: false,
                        text: format!(
                            "Loaded {what} into the form: {} {}.{}",
                            scenario.request.method,
                            scenario.request.url,
                            masked_words(&masked)
                        ),
                    })
                } else {
                    masked_notice(&masked)
                };
                state = state.loaded(&scenario, notice);
                state.shown = Shown::Pasted;
                state.form.assumed = assumed;
                if let Some(browser) = browser {
                    state.browser = browser;
                }
            }
            Action::FillAnswers {
                preflight,
                response,
                redirects,
                what: _,
            } => {
                let mut next_id = state.next_id;
                let form = &mut state.form;
                form.preflight_separate = preflight.is_some();
                form.preflight =
                    ReplyForm::from_reply(preflight.as_deref().unwrap_or(&response), &mut next_id);
                form.response = ReplyForm::from_reply(&response, &mut next_id);
                form.redirects = redirects;
                state.next_id = next_id;
            }
            Action::SetKeepSecrets(keep) => state.keep_secrets = keep,
            Action::SetBrowser(browser) => state.browser = browser,
            Action::Notify(notice) => state.notice = Some(notice),
            Action::DismissNotice => state.notice = None,
        }
        Rc::new(state)
    }
}

fn edit_row(form: &mut Form, list: List, id: u32, edit: impl FnOnce(&mut HeaderRow)) {
    if let Some(row) = form.list_mut(list).iter_mut().find(|r| r.id == id) {
        edit(row);
    }
    if let Some(pane) = Form::pane_of(list) {
        form.pane_mut(pane).rewrite_text();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        Scenario {
            id: "t".into(),
            origin: "https://app.example.com".into(),
            request: RequestInit {
                url: "https://api.example.com/x".into(),
                method: "patch".into(),
                headers: vec![("X-A".into(), "1".into()), ("X-A".into(), "2".into())],
                mode: Mode::Cors,
                credentials: Credentials::Include,
                redirect: RedirectMode::Follow,
                body: Some("{}".into()),
            },
            preflight: Some(Reply {
                status: 204,
                headers: vec![("Access-Control-Allow-Origin".into(), "*".into())],
                body: None,
            }),
            response: Reply::default(),
            redirects: Vec::new(),
            note: None,
            source: None,
            tags: Vec::new(),
            expect: None,
        }
    }

    #[test]
    fn a_scenario_survives_the_form() {
        let s = scenario();
        let state = State::new(&s, None);
        assert_eq!(state.form.build().scenario, s);
        assert!(state.form.build().problems.is_empty());
        assert_eq!(
            state.form.preflight.text,
            "HTTP/1.1 204\nAccess-Control-Allow-Origin: *\n"
        );
    }

    #[test]
    fn without_a_separate_preflight_the_response_answers_it() {
        let mut s = scenario();
        s.preflight = None;
        let state = State::new(&s, None);
        assert!(!state.form.preflight_separate);
        assert_eq!(state.form.build().scenario.preflight, None);
    }

    #[test]
    fn header_rows_are_added_edited_and_removed_by_key() {
        let state = Rc::new(State::new(&scenario(), None));
        let state = state.reduce(Action::AddHeader(List::Response));
        let id = state
            .form
            .response
            .headers
            .last()
            .map(|r| r.id)
            .unwrap_or(0);
        // An empty row is not a header yet.
        assert!(state.form.build().scenario.response.headers.is_empty());
        let state = state.reduce(Action::SetHeaderName(List::Response, id, "Vary".into()));
        let state = state.reduce(Action::SetHeaderValue(List::Response, id, "Origin".into()));
        assert_eq!(
            state.form.build().scenario.response.headers,
            vec![("Vary".to_string(), "Origin".to_string())]
        );
        assert_eq!(state.form.response.text, "HTTP/1.1 200\nVary: Origin\n");
        let state = state.reduce(Action::RemoveHeader(List::Response, id));
        assert!(state.form.response.headers.is_empty());
        // Duplicate request headers stay two rows.
        assert_eq!(state.form.build().scenario.request.headers.len(), 2);
    }

    #[test]
    fn a_bad_status_is_reported_and_read_as_200() {
        let state = Rc::new(State::new(&scenario(), None));
        let state = state.reduce(Action::SetStatus(Pane::Preflight, "2o4".into()));
        let built = state.form.build();
        assert_eq!(built.scenario.preflight.map(|p| p.status), Some(200));
        assert_eq!(built.problems.len(), 1);
    }

    #[test]
    fn loading_keeps_row_keys_unique() {
        let state = Rc::new(State::new(&scenario(), None));
        let before: Vec<u32> = state.form.headers.iter().map(|r| r.id).collect();
        let state = state.reduce(Action::Load {
            scenario: Box::new(scenario()),
            notice: None,
        });
        let after: Vec<u32> = state.form.headers.iter().map(|r| r.id).collect();
        assert!(
            after.iter().all(|id| !before.contains(id)),
            "{before:?} {after:?}"
        );
        assert!(
            state.next_id > after.iter().copied().max().unwrap_or(0),
            "next id {} after {after:?}",
            state.next_id
        );
    }

    fn with_secrets() -> Scenario {
        let mut s = scenario();
        s.request.url = "https://api.example.com/x?access_token=abc".into();
        s.request
            .headers
            .push(("Authorization".into(), "Bearer abc".into()));
        s
    }

    #[test]
    fn pasted_scenarios_are_masked_unless_secrets_are_kept() {
        let state = Rc::new(State::new(&scenario(), None));
        let masked = state.clone().reduce(Action::LoadPasted {
            scenario: Box::new(with_secrets()),
            what: "HAR entry 3".into(),
            assumed: Vec::new(),
            browser: None,
            announce: true,
        });
        let built = masked.form.build().scenario;
        assert!(
            built.request.url.ends_with("access_token=****"),
            "{}",
            built.request.url
        );
        assert!(
            built
                .request
                .headers
                .iter()
                .any(|(n, v)| n == "Authorization" && v == "Bearer ····")
        );
        let notice = masked.notice.clone().map(|n| n.text).unwrap_or_default();
        assert!(notice.starts_with("Loaded HAR entry 3 into the form: patch https://api.example.com/x?access_token=****."), "{notice}");
        assert!(
            notice.contains("Masked: URL parameter access_token, request header Authorization."),
            "{notice}"
        );
        // The verdict does not change.
        assert_eq!(
            corsim::simulate(&built).cors_error,
            corsim::simulate(&with_secrets()).cors_error
        );

        let kept = state
            .reduce(Action::SetKeepSecrets(true))
            .reduce(Action::LoadPasted {
                scenario: Box::new(with_secrets()),
                what: "HAR entry 3".into(),
                assumed: Vec::new(),
                browser: None,
                announce: true,
            });
        assert!(kept.keep_secrets, "loading keeps the choice");
        assert_eq!(
            kept.form.build().scenario.request.url,
            with_secrets().request.url
        );
    }

    #[test]
    fn a_paste_the_box_describes_gets_a_notice_only_for_what_was_masked() {
        let state = Rc::new(State::new(&scenario(), None));
        let masked = state.clone().reduce(Action::LoadPasted {
            scenario: Box::new(with_secrets()),
            what: "the curl transcript".into(),
            assumed: Vec::new(),
            browser: None,
            announce: false,
        });
        let notice = masked.notice.clone().map(|n| n.text).unwrap_or_default();
        assert!(
            notice.starts_with("Masked: URL parameter access_token"),
            "{notice}"
        );
        assert!(!notice.contains("Loaded"), "{notice}");
        let filled = state.reduce(Action::FillRequest {
            init: scenario().request,
            origin: None,
            kind: "curl command".into(),
            announce: false,
        });
        assert_eq!(filled.notice, None);
    }

    #[test]
    fn a_pasted_request_is_masked_too() {
        let state = Rc::new(State::new(&scenario(), None));
        let filled = state.reduce(Action::FillRequest {
            init: with_secrets().request,
            origin: None,
            kind: "curl command".into(),
            announce: true,
        });
        let url = filled.form.url.clone();
        assert!(url.ends_with("access_token=****"), "{url}");
        assert!(
            filled
                .notice
                .as_ref()
                .is_some_and(|n| n.text.contains("Masked: URL parameter access_token"))
        );
    }

    #[test]
    fn a_pasted_request_marks_what_it_does_not_give_as_assumed() {
        let mut example = State::new(&scenario(), None);
        example.shown = Shown::Example;
        let filled = Rc::new(example).reduce(Action::FillRequest {
            init: scenario().request,
            origin: None,
            kind: "curl command".into(),
            announce: true,
        });
        for field in ["origin", "preflight", "response"] {
            assert!(is_assumed(&filled.form.assumed, field), "{field}");
        }
        assert!(!is_assumed(&filled.form.assumed, "request.method"));
        // With the page's origin in the paste, the origin is the paste's.
        let with_origin = filled.reduce(Action::FillRequest {
            init: scenario().request,
            origin: Some("https://shop.example.org".into()),
            kind: "fetch() call".into(),
            announce: true,
        });
        assert!(!is_assumed(&with_origin.form.assumed, "origin"));
        assert!(is_assumed(&with_origin.form.assumed, "response"));
        // Answers the user typed are the user's.
        let typed = Rc::new(State::new(&scenario(), None))
            .reduce(Action::SetStatus(Pane::Response, "200".into()))
            .reduce(Action::FillRequest {
                init: scenario().request,
                origin: None,
                kind: "curl command".into(),
                announce: true,
            });
        assert!(typed.form.assumed.is_empty(), "{:?}", typed.form.assumed);
    }

    #[test]
    fn assumed_fields_are_marked_until_edited_and_the_story_follows_the_form() {
        let state = Rc::new(State::new(&scenario(), None));
        let pasted = state.reduce(Action::LoadPasted {
            scenario: Box::new(scenario()),
            what: "the scenario that reproduces the console message".into(),
            assumed: vec!["origin".into(), "response".into()],
            browser: None,
            announce: false,
        });
        assert_eq!(pasted.shown, Shown::Pasted);
        // The paste box says what is on screen: no second notice about it.
        assert_eq!(pasted.notice, None);
        assert!(is_assumed(&pasted.form.assumed, "origin"));
        assert!(is_assumed(&pasted.form.assumed, "response.headers"));
        assert!(!is_assumed(&pasted.form.assumed, "request.method"));
        // Editing the response's headers settles the response; the origin stays assumed.
        let edited = pasted.reduce(Action::SetText(Pane::Response, "HTTP/1.1 200\n".into()));
        assert_eq!(edited.shown, Shown::Edited);
        assert!(!is_assumed(&edited.form.assumed, "response"));
        assert!(is_assumed(&edited.form.assumed, "origin"));
        let typed = edited.reduce(Action::SetOrigin("https://mine.example.org".into()));
        assert!(typed.form.assumed.is_empty());
        // Keeping secrets or dismissing a notice changes nothing the verdict depends on.
        let kept = typed.reduce(Action::SetKeepSecrets(true));
        assert_eq!(kept.shown, Shown::Edited);
        let loaded = kept.reduce(Action::Load {
            scenario: Box::new(scenario()),
            notice: None,
        });
        assert_eq!(loaded.shown, Shown::Loaded);
    }
}
