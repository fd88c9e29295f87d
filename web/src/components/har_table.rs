//! A HAR file's cross-origin requests: one row each, with what the browser recorded, corsim's
//! verdict and DevTools' `CorsError`, and the notes on what the HAR could not say (a request
//! that failed in the browser often has no response headers in it). A row's request loads into
//! the form.

use yew::prelude::*;

use crate::har_job::JobStats;
use crate::paste_state::{ROWS_PER_PAGE, SharedAnalysis};
use crate::present::{self, HarRow};

/// Props of [`HarTable`].
#[derive(Properties, PartialEq)]
pub struct HarTableProps {
    /// The analysis.
    pub analysis: SharedAnalysis,
    /// How the analysis's time was spent.
    pub stats: JobStats,
    /// Whether secrets in URLs are shown as recorded.
    pub keep_secrets: bool,
    /// The position of the request loaded last.
    #[prop_or_default]
    pub selected: Option<usize>,
    /// How many rows to show.
    pub rows_shown: usize,
    /// Loads the request at this position into the form.
    pub on_select: Callback<usize>,
    /// Shows more rows.
    pub on_more: Callback<()>,
}

/// The HAR table.
#[component]
pub fn HarTable(props: &HarTableProps) -> Html {
    let rows = use_memo(
        (props.analysis.clone(), props.keep_secrets, props.rows_shown),
        |(analysis, keep, shown)| present::har_rows(&analysis.0, *keep, *shown),
    );
    let summary = use_memo(props.analysis.clone(), |a| present::har_summary(&a.0));
    let analysis = &props.analysis.0;
    let hidden = analysis.entries.len().saturating_sub(rows.len());
    let on_more = props.on_more.reform(|_: MouseEvent| ());
    html! {
        <div class="har" id="har-result">
            <p class="har-summary" id="har-summary" role="status"
                data-slices={props.stats.slices.to_string()}
                data-longest-ms={format!("{:.2}", props.stats.longest_ms)}
                data-work-ms={format!("{:.1}", props.stats.work_ms)}
                data-wall-ms={format!("{:.1}", props.stats.wall_ms)}>
                { present::har_summary_words(&summary) }
            </p>
            <p class="hint">
                { present::har_left_out_words(&summary) }
                { " " }
                { present::job_stats_words(&props.stats) }
                if !rows.is_empty() {
                    { " Choose a request to load it into the form: the verdict then shows every step." }
                }
            </p>
            if !analysis.problems.is_empty() {
                <ul class="problems" id="har-problems">
                    { for analysis.problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            if rows.is_empty() {
                <p class="empty">{ "There is no cross-origin request in this file." }</p>
            } else {
                <div class="har-table-wrap">
                    <table class="har-table" id="har-table">
                        <caption class="sr-only">{ "The HAR file's cross-origin requests" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Entry" }</th>
                                <th scope="col">{ "Request" }</th>
                                <th scope="col">{ "In the browser" }</th>
                                <th scope="col">{ "corsim" }</th>
                                <th scope="col">{ "Notes" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.iter().map(|r| row(r, props)) }
                        </tbody>
                    </table>
                </div>
                if hidden > 0 {
                    <button type="button" class="more" id="har-more" onclick={on_more}>
                        { format!("Show {} more ({hidden} not shown)", hidden.min(ROWS_PER_PAGE)) }
                    </button>
                }
            }
        </div>
    }
}

fn row(r: &HarRow, props: &HarTableProps) -> Html {
    let position = r.position;
    let onclick = props.on_select.reform(move |_: MouseEvent| position);
    let selected = props.selected == Some(position);
    html! {
        <tr class={crate::view::class_names(&["har-row", if r.failed { "failed" } else { "" }, if selected { "selected" } else { "" }])}
            data-entry={r.index.to_string()} aria-current={selected.then_some("true")}>
            <td class="har-index" data-label="Entry">{ format!("#{}", r.index) }</td>
            <td class="har-request" data-label="Request">
                <button type="button" class="har-load" {onclick}
                    title="Load this request into the form">
                    <span class="method">{ &r.method }</span>
                    { " " }
                    <span class="url">{ &r.url }</span>
                </button>
            </td>
            <td class="har-recorded" data-label="In the browser">
                <span class={crate::view::class_names(&["recorded", if r.failed { "failed" } else { "" }])}>{ &r.recorded }</span>
            </td>
            <td class="har-verdict" data-label="corsim">
                <span class={crate::view::class_names(&["badge", r.kind.class()])}>{ r.kind.label() }</span>
                <span class="verdict-words">{ &r.verdict }</span>
                if let Some(e) = r.cors_error {
                    <code class="cors-error">{ e }</code>
                }
            </td>
            <td class="har-notes" data-label="Notes">
                if r.notes.is_empty() {
                    <span class="none">{ "—" }</span>
                } else {
                    <ul>{ for r.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                }
            </td>
        </tr>
    }
}
