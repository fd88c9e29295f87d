//! The browser switch (Chrome · Firefox · Safari): a radio group that picks whose verdict the
//! page shows, each choice with that browser's answer in a word, and the line saying whether the
//! other two browsers agree (`corsim::compare_browsers`, worded by
//! `corsim::text::summary::others_agree`).

use std::rc::Rc;

use corsim::{Browser, Comparison};
use yew::prelude::*;

use crate::present;

/// Props of [`browser_switch`].
#[derive(Properties, PartialEq)]
pub struct BrowserSwitchProps {
    /// The browser whose verdict is shown.
    pub browser: Browser,
    /// The scenario in the three browsers.
    pub comparison: Rc<Comparison>,
    /// Emits the browser picked.
    pub on_pick: Callback<Browser>,
}

/// The name on the switch: the browser people install.
fn label(browser: Browser) -> &'static str {
    match browser {
        Browser::Chromium => "Chrome",
        Browser::Firefox => "Firefox",
        Browser::Safari => "Safari",
    }
}

/// What the label stands for.
fn title(browser: Browser) -> &'static str {
    match browser {
        Browser::Chromium => "Chromium: Chrome, Edge, Opera, Brave",
        Browser::Firefox => "Firefox (Gecko)",
        Browser::Safari => "Safari and every browser built on WebKit",
    }
}

/// The switch and the agreement line.
pub fn browser_switch(props: &BrowserSwitchProps) -> Html {
    let comparison = &*props.comparison;
    let agreement = corsim::text::summary::others_agree(comparison, props.browser);
    html! {
        <section class="browsers" aria-labelledby="browser-switch-label">
            <div class="browser-switch" role="radiogroup" aria-labelledby="browser-switch-label">
                <span class="browser-switch-label" id="browser-switch-label">{ "Browser" }</span>
                { for Browser::ALL.into_iter().map(|b| {
                    let checked = b == props.browser;
                    let kind = comparison.verdict(b).map(present::kind);
                    let onchange = props.on_pick.reform(move |_: Event| b);
                    html! {
                        <label class={crate::view::class_names(&["browser-choice", if checked { "current" } else { "" }])}
                            title={title(b)} id={format!("browser-choice-{}", b.id())}>
                            <input type="radio" name="browser" value={b.id()} id={format!("browser-{}", b.id())}
                                {checked} {onchange} />
                            <span class="browser-name">{ label(b) }</span>
                            if let Some(kind) = kind {
                                <span class={crate::view::class_names(&["badge", "small", kind.class()])}>{ kind.label() }</span>
                            }
                        </label>
                    }
                }) }
            </div>
            <p class="agreement" id="browser-agreement">
                <strong>{ "Do the other browsers agree? " }</strong>
                { agreement }
            </p>
        </section>
    }
}
