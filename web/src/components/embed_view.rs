//! The embed view for documentation pages: the verdict, the console line and the sequence
//! diagram of one scenario, read-only, with a link to open it in the full page.

use std::rc::Rc;

use corsim::Verdict;
use yew::prelude::*;

use super::{TimelineProps, VerdictBannerProps};
use crate::present::Message;

/// Props of [`embed_view`].
#[derive(Properties, PartialEq)]
pub struct EmbedViewProps {
    /// The verdict.
    pub verdict: Rc<Verdict>,
    /// The sequence diagram's messages.
    pub messages: Rc<Vec<Message>>,
    /// The full page's link to this scenario.
    pub open_link: AttrValue,
    /// The scenario's request, in one line (`PUT https://…`).
    pub request_line: AttrValue,
    /// The page origin.
    pub origin: AttrValue,
    /// Whether the origin was assumed (a paste did not give it): said in the heading.
    pub origin_assumed: bool,
}

/// The compact view.
pub fn embed_view(props: &EmbedViewProps) -> Html {
    html! {
        <main class="embed">
            <header class="embed-head">
                <h1 class="embed-request">
                    <span class="embed-brand">{ "corsim · " }</span>
                    <code>{ &props.request_line }</code>
                    <span>{ " from " }</span>
                    <code>{ &props.origin }</code>
                    if props.origin_assumed {
                        <span class="embed-assumed">{ " (an assumed origin)" }</span>
                    }
                </h1>
                <a class="open" href={props.open_link.clone()} target="_blank" rel="noopener">{ "Open in corsim ↗" }</a>
            </header>
            { super::verdict_banner(&VerdictBannerProps { verdict: props.verdict.clone(), fix_link: false }) }
            { super::timeline(&TimelineProps { messages: props.messages.clone(), expanded: false }) }
        </main>
    }
}
