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
}

fn change_view(change: &Change, scenario: &Scenario, preflight_sent: bool) -> Html {
    match change {
        Change::SetHeader {
            target,
            header,
            value,
        } => {
            let line = format!("{header}: {value}");
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
    let config = use_memo((props.scenario.clone(), props.verdict.clone()), |(s, v)| {
        ServerConfig::new(s, v)
    });
    let v = &*props.verdict;
    let s = &*props.scenario;
    let kind = present::kind(v);
    let cors_allowed = kind == Kind::Allowed && v.response_type == Some(ResponseType::Cors);
    let show_config = v.fix.is_some() || cors_allowed;
    let framework = FRAMEWORKS.get(*selected).or(FRAMEWORKS.first()).copied();
    let snippet = framework.map(|f| (f, (f.render)(&config)));
    html! {
        <section class="fix" aria-labelledby="fix-title">
            <h2 id="fix-title">{ "The fix" }</h2>
            if let Some(fix) = &v.fix {
                <p id="fix-summary">{ &fix.summary }</p>
                <ul class="changes">
                    { for fix.changes.iter().map(|c| change_view(c, s, v.preflight_sent)) }
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
