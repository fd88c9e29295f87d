//! A message above the form: a permalink that could not be read, a paste that filled the form.

use yew::prelude::*;

use crate::state::Notice;

/// Props of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    /// The message.
    pub notice: Notice,
    /// Hides it.
    pub on_dismiss: Callback<()>,
}

/// Shows a notice with a close button; problems are announced as alerts.
pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let onclick = props.on_dismiss.reform(|_: MouseEvent| ());
    let (class, role) = if props.notice.problem {
        ("notice problem", "alert")
    } else {
        ("notice", "status")
    };
    html! {
        <div class={class} role={role}>
            <p>{ &props.notice.text }</p>
            <button type="button" class="dismiss" {onclick} aria-label="Dismiss this message">{ "×" }</button>
        </div>
    }
}
