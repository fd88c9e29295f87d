//! One of the server's answers: a paste box that reads what people copy (DevTools, curl), the
//! lines it could not read, the status, and the editable header list.

use corsim::scenario::Reply;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::HeaderEditorProps;
use crate::paste;
use crate::state::{Action, Pane, ReplyForm};

/// Props of [`ReplyPane`].
#[derive(Properties, PartialEq)]
pub struct ReplyPaneProps {
    /// Which answer.
    pub pane: Pane,
    /// Its form.
    pub reply: ReplyForm,
    /// For the preflight pane: whether the server answers OPTIONS separately.
    #[prop_or_default]
    pub separate: Option<bool>,
    /// A note on whether this answer is used at all (no preflight is sent, say).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// A problem with the status field.
    #[prop_or_default]
    pub status_problem: Option<AttrValue>,
    /// Whether the problem is in this answer (it is then outlined).
    #[prop_or_default]
    pub culprit: bool,
    /// Whether this answer was assumed (rebuilt from a console message, or kept beside a pasted
    /// request: not in the paste).
    #[prop_or_default]
    pub assumed: bool,
    /// Redirects kept from a loaded scenario (response pane only).
    #[prop_or_default]
    pub redirects: Vec<Reply>,
    /// Emits the edits.
    pub on_action: Callback<Action>,
}

/// A server answer's pane.
#[component]
pub fn ReplyPane(props: &ReplyPaneProps) -> Html {
    let pane = props.pane;
    let block = use_memo(props.reply.text.clone(), |t| paste::header_block(t));
    let (id, title) = match pane {
        Pane::Preflight => ("preflight", "Answer to the preflight (OPTIONS)"),
        Pane::Response => ("response", "Response to the request"),
    };
    let on_text = props.on_action.reform(move |e: InputEvent| {
        Action::SetText(
            pane,
            e.target_unchecked_into::<HtmlTextAreaElement>().value(),
        )
    });
    let on_status = props.on_action.reform(move |e: InputEvent| {
        Action::SetStatus(pane, e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let separate = props.separate;
    let on_separate = props
        .on_action
        .reform(move |_: Event| Action::SetPreflightSeparate(!separate.unwrap_or(true)));
    let used = separate.unwrap_or(true);
    let class = crate::view::class_names(&[
        "pane",
        id,
        if props.culprit { "culprit" } else { "" },
        if used { "" } else { "unused" },
    ]);
    html! {
        <section class={class} aria-labelledby={format!("{id}-title")}>
            <h3 id={format!("{id}-title")}>
                { title }
                if props.culprit {
                    <span class="culprit-tag">{ "the problem is here" }</span>
                }
                if props.assumed {
                    <span class="assumed-tag" id={format!("{id}-assumed")}>{ "assumed" }</span>
                }
            </h3>
            if props.assumed {
                <p class="pane-note assumed-note">{ "Assumed: the paste does not show this answer (corsim rebuilt it from a pasted message so that it gives the same error, or kept the one that was here). Paste the real answer (DevTools' Network panel, or curl -i) to check it." }</p>
            }
            if let Some(note) = &props.note {
                <p class="pane-note">{ note }</p>
            }
            if let Some(separate) = separate {
                <label class="check">
                    <input type="checkbox" id="preflight-separate" checked={separate} onchange={on_separate} />
                    { " The server answers OPTIONS with its own response" }
                </label>
                if !separate {
                    <p class="pane-note">{ "The server answers the preflight like any request, with the response below." }</p>
                }
            }
            if used {
                <div class="field status">
                    <label for={format!("{id}-status")}>{ "Status" }</label>
                    <input id={format!("{id}-status")} type="text" inputmode="numeric" value={props.reply.status.clone()}
                        oninput={on_status} aria-invalid={props.status_problem.is_some().then_some("true")}
                        aria-describedby={props.status_problem.as_ref().map(|_| format!("{id}-status-problem"))} />
                    if let Some(problem) = &props.status_problem {
                        <small class="field-problem" id={format!("{id}-status-problem")}>{ problem }</small>
                    }
                </div>
                <div class="field paste">
                    <label for={format!("{id}-paste")}>{ "Paste the headers" }</label>
                    <textarea id={format!("{id}-paste")} rows="6" value={props.reply.text.clone()} oninput={on_text}
                        spellcheck="false" aria-describedby={format!("{id}-paste-hint")}
                        placeholder={"HTTP/1.1 204 No Content\naccess-control-allow-origin: https://app.example.com"} />
                    <small id={format!("{id}-paste-hint")}>
                        { "From DevTools (raw or not, Chrome or Firefox), curl -i or curl -v, or one name: value per line." }
                        if let Some(format) = &block.format {
                            { format!(" Read as {format}.") }
                        }
                    </small>
                    if !block.problems.is_empty() {
                        <ul class="problems" aria-live="polite">
                            { for block.problems.iter().map(|p| html! {
                                <li>
                                    <span class="line-no">{ format!("line {}", p.line) }</span>
                                    <code>{ &p.text }</code>
                                    <span>{ &p.message }</span>
                                </li>
                            }) }
                        </ul>
                    }
                </div>
                <fieldset class="headers">
                    <legend>{ "Headers the server sends" }</legend>
                    { super::header_editor(&HeaderEditorProps {
                        list: pane.list(),
                        rows: props.reply.headers.clone(),
                        noun: match pane { Pane::Preflight => "preflight header", Pane::Response => "response header" }.into(),
                        suggestions: "response-header-names".into(),
                        on_action: props.on_action.clone(),
                    }) }
                </fieldset>
            }
            if !props.redirects.is_empty() {
                <div class="redirects">
                    <p>{ format!("Before this response, the server redirects {} time{}:", props.redirects.len(), if props.redirects.len() == 1 { "" } else { "s" }) }</p>
                    <ol>
                        { for props.redirects.iter().map(|r| html! {
                            <li><code>{ format!("{} {}", r.status, r.header("location").unwrap_or_default()) }</code></li>
                        }) }
                    </ol>
                    <button type="button" onclick={props.on_action.reform(|_: MouseEvent| Action::ClearRedirects)}>
                        { "Remove the redirects" }
                    </button>
                </div>
            }
        </section>
    }
}
