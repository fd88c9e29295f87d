//! The fix: the server changes the engine found (verified by simulating them), and the same
//! configuration written for common servers and frameworks, with the user's own origin, method
//! and headers.

use std::rc::Rc;

use corsim::Verdict;
use corsim::response::ResponseType;
use corsim::scenario::Scenario;
use corsim::verdict::Change;
use yew::prelude::*;

use super::CopyButton;
use crate::present::{self, Kind};
use crate::snippets::{FRAMEWORKS, ServerConfig};
use crate::view;

/// Props of [`FixPanel`].
#[derive(Properties, PartialEq)]
pub struct FixPanelProps {
    /// The scenario.
    pub scenario: Rc<Scenario>,
    /// Its verdict.
    pub verdict: Rc<Verdict>,
    /// The scenario's fields that were assumed ([`crate::state::Form::assumed`]): an assumed
    /// origin is never written into the advice.
    #[prop_or_default]
    pub assumed: Vec<String>,
}

/// What the advice says instead of an origin the paste did not give (the engine's).
pub const ORIGIN_PLACEHOLDER: &str = corsim::advice::ORIGIN_PLACEHOLDER;

fn change_view(
    change: &Change,
    scenario: &Scenario,
    preflight_sent: bool,
    unassume: &dyn Fn(&str) -> String,
) -> Html {
    match change {
        Change::SetHeader {
            target,
            header,
            value,
        } => {
            let line = format!("{header}: {}", unassume(value));
            html! {
                <li class="change">
                    <span>{ format!("In {}, send", present::target_words(target, scenario, preflight_sent)) }</span>
                    <code class="header-line">{ &line }</code>
                    <CopyButton text={line.clone()} what={format!("the header {header}")} />
                </li>
            }
        }
        Change::RemoveHeader { target, header } => html! {
            <li class="change">
                <span>{ format!("In {}, stop sending", present::target_words(target, scenario, preflight_sent)) }</span>
                <code class="header-line">{ header }</code>
            </li>
        },
        Change::SetStatus { target, status } => html! {
            <li class="change">
                <span>{ format!("Answer {} with status", present::target_words(target, scenario, preflight_sent)) }</span>
                <code class="header-line">{ status.to_string() }</code>
            </li>
        },
    }
}

/// The fix panel.
#[component]
pub fn FixPanel(props: &FixPanelProps) -> Html {
    let selected = use_state_eq(|| 0usize);
    let origin_assumed = corsim::advice::assumed_origin(&props.scenario, &props.assumed).is_some();
    let config = use_memo(
        (
            props.scenario.clone(),
            props.verdict.clone(),
            props.assumed.clone(),
        ),
        |(s, v, assumed)| ServerConfig::new(s, v, assumed),
    );
    let config = &*config;
    let unassume = |text: &str| -> String {
        corsim::advice::without_assumed_origin(text, &props.scenario, &props.assumed)
    };
    let script_fix = use_memo((props.scenario.clone(), props.verdict.clone()), |(s, v)| {
        corsim::script_fix::find_script_fix(s, v, corsim::Profile::of(v.browser))
    });
    let v = &*props.verdict;
    let s = &*props.scenario;
    let kind = present::kind(v);
    let cors_allowed = kind == Kind::Allowed && v.response_type == Some(ResponseType::Cors);
    let show_config = v.fix.is_some() || cors_allowed;
    let framework = FRAMEWORKS.get(*selected).or(FRAMEWORKS.first()).copied();
    let snippet = framework.map(|f| (f, (f.render)(config)));
    html! {
        <section class="fix" aria-labelledby="fix-title">
            <h2 id="fix-title" tabindex="-1">{ "The fix" }</h2>
            if origin_assumed {
                <p class="assumed-note" id="fix-assumed">
                    { "The paste does not say which page sent the request, so the page's origin in the form is assumed. Below it is written " }
                    <code>{ ORIGIN_PLACEHOLDER }</code>
                    { ": put your page's origin there (the scheme, host and port in its address bar, written scheme://host:port)." }
                </p>
            }
            if let Some(sf) = &*script_fix {
                <div class="script-fix" id="script-fix">
                    <h3>{ "In the script" }</h3>
                    <ul class="changes">
                        { for sf.changes.iter().map(|c| html! {
                            <li class="change script-change">{ corsim::text::fix::script_change(c) }</li>
                        }) }
                    </ul>
                    if sf.verified {
                        <p class="verified">{ "✓ Checked: with this change to the fetch() call the simulation passes, with the server as it is." }</p>
                    } else if !sf.then_server.is_empty() {
                        <p>{ "Then, on the server:" }</p>
                        <ul class="changes">
                            { for sf.then_server.iter().map(|c| change_view(c, s, v.preflight_sent, &unassume)) }
                        </ul>
                    }
                </div>
                if v.fix.is_some() {
                    <h3 class="or-server" id="server-fix-title">{ "Or on the server" }</h3>
                }
            }
            if let Some(fix) = &v.fix {
                <p id="fix-summary">{ unassume(&fix.summary) }</p>
                <ul class="changes">
                    { for fix.changes.iter().map(|c| change_view(c, s, v.preflight_sent, &unassume)) }
                </ul>
                <p class={crate::view::class_names(&["verified", if fix.verified { "" } else { "unverified" }])}>
                    if fix.verified {
                        { "✓ Checked: with these changes the simulation passes." }
                    } else {
                        { "These changes alone do not make it pass; see the steps below." }
                    }
                </p>
            } else if kind == Kind::Allowed {
                <p id="fix-summary">{ "Nothing to fix: the script can read the response." }</p>
            } else {
                <p id="fix-summary">
                    { "No response header fixes this. Look at " }
                    { v.reason.as_ref().map(|r| present::culprit(r).words()).unwrap_or("the request") }
                    { "." }
                </p>
            }
            if show_config {
                if let Some((framework, text)) = snippet {
                    <div class="frameworks">
                        <h3>{ if v.fix.is_some() { "Ready-to-paste configuration" } else { "The configuration that makes this work" } }</h3>
                        { for config.notes.iter().enumerate().map(|(i, note)| html! {
                            <p class="config-note" id={format!("config-note-{}", i + 1)}>{ corsim::text::fix::config_note(note) }</p>
                        }) }
                        <div class="tabs" role="group" aria-label="Server or framework">
                            { for FRAMEWORKS.iter().enumerate().map(|(i, f)| {
                                let selected = selected.clone();
                                let onclick = Callback::from(move |_: MouseEvent| selected.set(i));
                                html! {
                                    <button type="button" class="tab" id={format!("tab-{}", f.id)}
                                        aria-pressed={(f.id == framework.id).to_string()} {onclick}>
                                        { f.label }
                                    </button>
                                }
                            }) }
                        </div>
                        <div class="snippet" id="snippet">
                            <div class="snippet-head">
                                <span>{ framework.label }</span>
                                <CopyButton text={text.clone()} what={format!("the {} configuration", framework.label)} />
                            </div>
                            { view::code_block(&text, &format!("{} configuration", framework.label), framework.language) }
                        </div>
                    </div>
                }
            }
        </section>
    }
}
