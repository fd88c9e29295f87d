//! Findings that do not block: missing `Vary: Origin`, `*` with credentials, `Authorization`
//! allowed only through `*`, `Access-Control-Max-Age` above the browser's cap, and the like.

use corsim::verdict::Warning;
use yew::prelude::*;

use crate::view;

/// Props of [`WarningsList`].
#[derive(Properties, PartialEq)]
pub struct WarningsListProps {
    /// The verdict's warnings.
    pub warnings: Vec<Warning>,
}

/// The warnings, if any.
pub fn warnings_list(props: &WarningsListProps) -> Html {
    if props.warnings.is_empty() {
        return Html::default();
    }
    html! {
        <section class="warnings" aria-labelledby="warnings-title">
            <h2 id="warnings-title">{ "Worth knowing" }</h2>
            <ul>
                { for props.warnings.iter().map(|w| html! {
                    <li data-warning={w.id}>
                        <p>{ &w.message }</p>
                        <a class="spec" href={w.spec} target="_blank" rel="noopener noreferrer">{ view::spec_label(w.spec) }</a>
                    </li>
                }) }
            </ul>
        </section>
    }
}
