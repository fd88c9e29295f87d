//! Small rendering helpers shared by the components: plain functions returning `Html`.

use corsim::trace::{Outcome, Values};

use crate::present::StepView;
use yew::prelude::*;

/// A `class` attribute from its parts, in order, the empty ones left out: what `classes!`
/// renders for distinct class names, without the ordered set it builds (its code costs about
/// 1.5 KB gzipped in the page).
pub fn class_names(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The label and CSS class of a step's outcome.
pub fn outcome_label(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::Pass => ("pass", "pass"),
        Outcome::Fail => ("fail", "fail"),
        Outcome::Note => ("note", "note"),
    }
}

/// The values a step compared, as a two-column table.
pub fn values_table(values: &Values) -> Html {
    if values.0.is_empty() {
        return Html::default();
    }
    html! {
        <table class="values">
            <tbody>
                { for values.0.iter().map(|(name, value)| html! {
                    <tr>
                        <th scope="row">{ name.as_ref() }</th>
                        <td><code>{ value }</code></td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// One step of the trace: what was checked, how it came out, the engine's sentence, the values
/// compared, and the spec section.
pub fn step(step: &StepView) -> Html {
    let (label, class) = outcome_label(step.outcome);
    html! {
        <li class={class_names(&["step", class])} data-step={step.id}>
            <div class="step-head">
                <span class={class_names(&["outcome", class])}>{ label }</span>
                <span class="step-check">{ &step.check }</span>
            </div>
            <p class="step-reason">{ &step.reason }</p>
            { values_table(&step.values) }
            <a class="spec" href={step.spec} target="_blank" rel="noopener noreferrer">
                { spec_label(step.spec) }
            </a>
        </li>
    }
}

/// A short name for a spec link: "Fetch §cors-check".
pub fn spec_label(link: &str) -> String {
    let anchor = link.rsplit_once('#').map_or("", |(_, a)| a);
    let doc = if link.contains("fetch.spec.whatwg.org") {
        "Fetch"
    } else if link.contains("html.spec.whatwg.org") {
        "HTML"
    } else if link.contains("mixed-content") {
        "Mixed Content"
    } else if link.contains("local-network-access") {
        "Local Network Access"
    } else {
        "spec"
    };
    if anchor.is_empty() {
        format!("{doc} ↗")
    } else {
        format!("{doc} §{anchor} ↗")
    }
}

/// A block of text shown as code, with a label for screen readers.
pub fn code_block(text: &str, label: &str, class: &str) -> Html {
    html! {
        <pre class={class_names(&["code", class])} aria-label={label.to_string()} tabindex="0">
            <code>{ text }</code>
        </pre>
    }
}
