//! The progress of a HAR analysis: a bar, the stage in words, and a button to stop it.

use yew::prelude::*;

use crate::har_job::JobProgress;
use crate::present;

/// Props of [`har_progress`].
#[derive(Properties, PartialEq)]
pub struct HarProgressProps {
    /// Where the analysis stands.
    pub progress: JobProgress,
    /// Stops the analysis.
    pub on_stop: Callback<()>,
}

/// The progress bar of a HAR analysis.
pub fn har_progress(props: &HarProgressProps) -> Html {
    let p = &props.progress;
    let permille = (p.fraction.clamp(0.0, 1.0) * 1000.0).round() as u32;
    let onclick = props.on_stop.reform(|_: MouseEvent| ());
    html! {
        <div class="har-progress" id="har-progress">
            <label for="har-progress-bar">{ present::job_words(p) }</label>
            <div class="progress-row">
                <progress id="har-progress-bar" max="1000" value={permille.to_string()}>
                    { format!("{} %", permille / 10) }
                </progress>
                <span class="percent" aria-hidden="true">{ format!("{} %", permille / 10) }</span>
                <button type="button" class="stop" {onclick}>{ "Stop" }</button>
            </div>
        </div>
    }
}
