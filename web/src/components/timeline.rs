//! The sequence diagram: page → browser → server and back, one arrow per message, the failing
//! one highlighted, each expandable to the engine's steps with the values compared and the spec
//! section.

use std::rc::Rc;

use yew::prelude::*;

use crate::present::{Lane, Message, Status};
use crate::view;

/// Props of [`timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The messages, from the verdict.
    pub messages: Rc<Vec<Message>>,
    /// Open every message, not only the failing one.
    #[prop_or_default]
    pub expanded: bool,
}

/// The arrow of a message: a CSS class names the two lifelines it joins (`span-01` joins the
/// page and the browser), another its direction.
fn arrow(m: &Message) -> Html {
    let (a, b) = (m.from.index(), m.to.index());
    if a == b {
        return html! {
            <div class={format!("arrow self at-{a}")} aria-hidden="true"></div>
        };
    }
    let dir = if b > a { "ltr" } else { "rtl" };
    html! {
        <div class={format!("arrow {dir} span-{}{}", a.min(b), a.max(b))} aria-hidden="true"></div>
    }
}

fn lane_name(lane: Lane) -> &'static str {
    match lane {
        Lane::Page => "page",
        Lane::Browser => "browser",
        Lane::Server => "server",
    }
}

fn message(m: &Message, expanded: bool) -> Html {
    let (class, badge) = match m.status {
        Status::Done => ("done", None),
        Status::Failed => ("failed", Some("failed here")),
        Status::NotReached => ("not-reached", Some("never happens")),
    };
    let open = expanded || m.status == Status::Failed;
    html! {
        <li class={crate::view::class_names(&["msg", class])}>
            { arrow(m) }
            <details {open}>
                <summary>
                    <span class="sr-only">{ format!("{} to {}: ", lane_name(m.from), lane_name(m.to)) }</span>
                    <span class="msg-title">{ &m.title }</span>
                    if let Some(badge) = badge {
                        <span class={crate::view::class_names(&["msg-badge", class])}>{ badge }</span>
                    }
                </summary>
                if !m.lines.is_empty() {
                    <ul class="msg-lines">
                        { for m.lines.iter().map(|l| html! { <li><code>{ l }</code></li> }) }
                    </ul>
                }
                if !m.steps.is_empty() {
                    <ol class="steps">
                        { for m.steps.iter().map(view::step) }
                    </ol>
                }
            </details>
        </li>
    }
}

/// The sequence diagram.
pub fn timeline(props: &TimelineProps) -> Html {
    html! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{ "What happens, step by step" }</h2>
            <div class="lanes" aria-hidden="true">
                <span>{ "Page" }</span>
                <span>{ "Browser" }</span>
                <span>{ "Server" }</span>
            </div>
            <ol class="seq">
                { for props.messages.iter().map(|m| message(m, props.expanded)) }
            </ol>
        </section>
    }
}
