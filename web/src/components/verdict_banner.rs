//! The answer at the top: allowed, blocked or opaque in one sentence, the console line
//! Chromium prints, and where to look.

use std::rc::Rc;

use corsim::Verdict;
use yew::prelude::*;

use super::CopyButton;
use crate::present::{self, Kind};

/// Props of [`verdict_banner`].
#[derive(Properties, PartialEq)]
pub struct VerdictBannerProps {
    /// The verdict.
    pub verdict: Rc<Verdict>,
    /// Whether to offer a link down to the fix (the full page; the embed view has no fix).
    pub fix_link: bool,
}

/// The verdict banner.
pub fn verdict_banner(props: &VerdictBannerProps) -> Html {
    let v = &*props.verdict;
    let kind = present::kind(v);
    let culprit = v.reason.as_ref().map(present::culprit);
    html! {
        <section class={crate::view::class_names(&["verdict", kind.class()])} id="verdict" tabindex="-1" aria-labelledby="verdict-summary">
            <div class="verdict-head">
                <span class={crate::view::class_names(&["badge", kind.class()])} id="verdict-kind">{ kind.label() }</span>
                <p id="verdict-summary" role="status">{ &v.summary }</p>
            </div>
            if let Some(culprit) = culprit {
                if kind == Kind::Blocked {
                    <p class="where" id="verdict-where"><strong>{ "Where to look: " }</strong>{ culprit.words() }</p>
                }
            }
            if props.fix_link && kind != Kind::Allowed {
                <p class="to-fix">
                    <button type="button" class="link" id="to-fix"
                        onclick={Callback::from(|_: MouseEvent| crate::browser::focus_id("fix-title"))}>
                        { "See the fix ↓" }
                    </button>
                </p>
            }
            if let Some(console) = &v.console {
                <div class="console">
                    <div class="console-head">
                        <span>{ "Chromium's console says" }</span>
                        <CopyButton text={console.clone()} what="the console line" />
                    </div>
                    <pre id="console-line" tabindex="0" aria-label="Console line"><code>{ console }</code></pre>
                    if let Some(error) = v.cors_error {
                        <p class="devtools">
                            { "DevTools: " }<code>{ format!("CorsError.{}", error.name()) }</code>
                            if let Some(p) = v.failed_parameter.as_deref().filter(|p| !p.is_empty()) {
                                { " · failed parameter " }<code>{ p }</code>
                            }
                            if let Some(e) = &v.exception {
                                { " · the script's catch gets " }<code>{ e }</code>
                            }
                        </p>
                    } else if let Some(e) = &v.exception {
                        <p class="devtools">{ "The script's catch gets " }<code>{ e }</code></p>
                    }
                </div>
            } else if let Some(e) = &v.exception {
                <p class="devtools">{ "The script's catch gets " }<code>{ e }</code></p>
            }
        </section>
    }
}
