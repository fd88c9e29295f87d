//! The page: the form's state, the scenario and verdict derived from it with `use_memo`, the
//! permalink kept in the URL, and the layout of the components.

use std::rc::Rc;

use corsim::permalink::View;
use corsim::{Browser, Scenario};
use yew::prelude::*;

use crate::components::{
    self as ui, BrowserSwitchProps, EmbedViewProps, FixPanel, GalleryProps, LessonProps,
    NoticeBarProps, PasteBox, ReplyPane, RequestFactsProps, RequestFormProps, RequestPaste,
    SharePanelProps, TimelineProps, VerdictBannerProps, WarningsListProps,
};
use crate::present::{self, Culprit};
use crate::state::{Action, Notice, Pane, Shown, State};
use crate::{browser, gallery, paste, permalink};

/// How long after the last edit the address bar is updated, in milliseconds.
pub const FRAGMENT_DELAY_MS: u32 = 250;

/// What the page starts with.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// The scenario.
    pub scenario: Scenario,
    /// A message to show (a permalink that could not be read).
    pub notice: Option<Notice>,
    /// Whether it is the built-in example (no permalink, or one that could not be read).
    pub example: bool,
    /// The browser the link shows (Chromium when it names none).
    pub browser: Browser,
    /// The scenario's fields the link names as assumed.
    pub assumed: Vec<String>,
}

/// Props of [`App`].
#[derive(Properties, Clone, Debug, PartialEq)]
pub struct AppProps {
    /// What the page starts with.
    pub start: Rc<Start>,
    /// Whether to show the compact embed view.
    #[prop_or_default]
    pub embed: bool,
    /// The page's URL without query or fragment, for the links it offers.
    #[prop_or_default]
    pub base_url: AttrValue,
}

impl AppProps {
    /// The props for a URL's query and fragment: the permalink's scenario (or the default one,
    /// with a message when the link could not be read) and the embed flag.
    pub fn from_location(search: &str, hash: &str, base_url: &str) -> AppProps {
        let fragment = permalink::parse_fragment(hash);
        let embed = fragment.embed || permalink::query_has_embed(search);
        let browser_notice = fragment.unknown_browser.as_ref().map(|b| Notice {
            problem: true,
            text: format!(
                "The link names a browser this page does not know ({b:?}); showing Chromium's verdict."
            ),
        });
        let mut start = match fragment.scenario {
            Some(Ok(scenario)) => Start {
                scenario,
                notice: browser_notice,
                example: false,
                browser: fragment.browser.unwrap_or(Browser::Chromium),
                assumed: fragment.assumed,
            },
            Some(Err(e)) => Start {
                scenario: default_scenario(),
                notice: Some(Notice {
                    problem: true,
                    text: format!(
                        "Could not open the link: {e}. Showing the example scenario instead."
                    ),
                }),
                example: true,
                browser: Browser::Chromium,
                assumed: Vec::new(),
            },
            None => Start {
                scenario: default_scenario(),
                notice: browser_notice,
                example: true,
                browser: Browser::Chromium,
                assumed: Vec::new(),
            },
        };
        if start.example {
            // A browser named without a scenario still picks the browser.
            start.browser = fragment.browser.unwrap_or(Browser::Chromium);
        }
        AppProps {
            start: Rc::new(start),
            embed,
            base_url: base_url.to_string().into(),
        }
    }

    /// The props the page is pre-rendered with at build time (`corsim-prerender`): the example,
    /// for a URL with no query and no fragment. The page's base URL is not known then; the
    /// texts and attributes that hold it are rewritten when the app hydrates the HTML.
    pub fn prerendered() -> AppProps {
        AppProps::from_location("", "", "")
    }

    /// Whether these props show the same view as [`AppProps::prerendered`] (up to the base
    /// URL), so that the app can hydrate the pre-rendered HTML instead of rendering afresh.
    pub fn shows_prerendered(&self) -> bool {
        let prerendered = AppProps::prerendered();
        self.embed == prerendered.embed && self.start == prerendered.start
    }

    /// The props for a scenario (tests, and pages that embed the component).
    pub fn for_scenario(scenario: Scenario, embed: bool) -> AppProps {
        AppProps {
            start: Rc::new(Start {
                scenario,
                notice: None,
                example: false,
                browser: Browser::Chromium,
                assumed: Vec::new(),
            }),
            embed,
            base_url: AttrValue::default(),
        }
    }
}

/// The default scenario; a minimal one if the built-in JSON were ever broken (the tests rule
/// that out).
fn default_scenario() -> Scenario {
    gallery::default_scenario().unwrap_or_else(|| {
        Scenario::of_request(
            crate::state::DEFAULT_ID,
            "https://app.example.com",
            corsim::scenario::RequestInit::get("https://api.example.com/"),
        )
    })
}

/// The page.
#[component]
pub fn App(props: &AppProps) -> Html {
    let start = props.start.clone();
    let state = use_reducer_eq(move || {
        let mut state = State::new(&start.scenario, start.notice.clone());
        if start.example {
            state.shown = Shown::Example;
        }
        state.browser = start.browser;
        state.form.assumed = start.assumed.clone();
        state
    });
    let on_action = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: Action, _| dispatcher.dispatch(action))
    };

    // Derived data: never stored in the state.
    let built = use_memo(state.form.clone(), |form| form.build());
    let scenario = use_memo(built.clone(), |b| b.scenario.clone());
    // The chosen browser's verdict, with its fix; and the three browsers' verdicts without the
    // fix search, for the switch and the line saying whether the others agree.
    let browser = state.browser;
    let verdict = use_memo((scenario.clone(), browser), |(s, b)| {
        corsim::simulate_with(s, corsim::Profile::of(*b))
    });
    let comparison = use_memo(scenario.clone(), |s| corsim::compare_browsers(s, false));
    let messages = use_memo((scenario.clone(), verdict.clone()), |(s, v)| {
        present::messages(s, v)
    });
    let facts = use_memo(verdict.clone(), |v| present::request_facts(v));
    let curl = use_memo((scenario.clone(), verdict.clone()), |(s, v)| {
        corsim::text::curl::curl_commands(s, v, corsim::Profile::of(v.browser))
    });
    // Secrets are masked in the link unless the user keeps them: the same masking as for pasted
    // input (`paste::mask_secrets`). The link keeps the chosen browser and the assumed fields.
    let view = View {
        browser,
        assumed: state.form.assumed.clone(),
    };
    let shared = use_memo(
        (scenario.clone(), state.keep_secrets, view),
        |(s, keep, view)| {
            let mut s = (**s).clone();
            let masked = if *keep {
                Vec::new()
            } else {
                paste::mask_secrets(&mut s)
            };
            (permalink::encode_view(&s, view), masked)
        },
    );

    // The address bar holds the permalink of what is on screen, written once the user pauses
    // (history.replaceState costs milliseconds, and browsers throttle frequent calls).
    {
        let embed = props.embed;
        let pending = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
        use_effect_with(shared.clone(), move |shared| {
            let fragment = shared.0.clone();
            let write = gloo_timers::callback::Timeout::new(FRAGMENT_DELAY_MS, move || {
                let flag = if embed && permalink::parse_fragment(&browser::location_hash()).embed {
                    "&embed"
                } else {
                    ""
                };
                browser::replace_fragment(&format!("{fragment}{flag}"));
            });
            // Replacing the handle cancels the previous, not yet written, fragment.
            *pending.borrow_mut() = Some(write);
        });
    }
    // A permalink pasted into the address bar of an open page.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "hashchange", move |_| {
                    let fragment = permalink::parse_fragment(&browser::location_hash());
                    match fragment.scenario {
                        Some(Ok(scenario)) => dispatcher.dispatch(Action::OpenLink {
                            scenario: Box::new(scenario),
                            browser: fragment.browser.unwrap_or(Browser::Chromium),
                            assumed: fragment.assumed,
                        }),
                        Some(Err(e)) => dispatcher.dispatch(Action::Notify(Notice {
                            problem: true,
                            text: format!("Could not open the link: {e}."),
                        })),
                        None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The page is live (hydrated or rendered, its listeners attached): `html[data-live]`, which
    // the stylesheet and the end-to-end tests wait for.
    use_effect_with((), |_| browser::mark_live());

    // After a gallery entry loads, move focus (and the view) to its lesson, once it is rendered.
    let focus_lesson = use_mut_ref(|| false);
    {
        let focus_lesson = focus_lesson.clone();
        use_effect(move || {
            if std::mem::take(&mut *focus_lesson.borrow_mut()) {
                browser::focus_id("lesson-title");
            }
        });
    }
    let on_load = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id: &'static str, _| {
            if let Some(scenario) = gallery::find(id).and_then(|e| e.scenario()) {
                *focus_lesson.borrow_mut() = true;
                dispatcher.dispatch(Action::Load {
                    scenario: Box::new(scenario),
                    notice: None,
                });
                // A lesson about a browser difference opens in the browser that differs.
                if let Some(lesson) = crate::browser_lessons::find(id) {
                    dispatcher.dispatch(Action::SetBrowser(lesson.browser));
                }
            }
        })
    };
    // After the paste box fills the form, move focus (and the view) to the verdict.
    let focus_verdict = use_mut_ref(|| false);
    {
        let focus_verdict = focus_verdict.clone();
        use_effect(move || {
            if std::mem::take(&mut *focus_verdict.borrow_mut()) {
                browser::focus_id("verdict");
            }
        });
    }
    let on_paste_action = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: Action, _| {
            if matches!(
                action,
                Action::LoadPasted { .. } | Action::FillRequest { .. } | Action::SetText(..)
            ) {
                *focus_verdict.borrow_mut() = true;
            }
            dispatcher.dispatch(action)
        })
    };
    let on_dismiss = on_action.reform(|_| Action::DismissNotice);

    let open_link: AttrValue = format!("{}#{}", props.base_url, shared.0).into();
    if props.embed {
        let request_line = format!("{} {}", scenario.request.method, scenario.request.url);
        return html! {
            { ui::embed_view(&EmbedViewProps {
                verdict: verdict.clone(),
                messages: messages.clone(),
                open_link,
                request_line: request_line.into(),
                origin: scenario.origin.clone().into(),
                origin_assumed: corsim::advice::assumed_origin(&scenario, &state.form.assumed).is_some(),
            }) }
        };
    }

    let form = &state.form;
    let kind = present::kind(&verdict);
    let culprit = verdict.reason.as_ref().map(present::culprit);
    let preflight_culprit = culprit == Some(Culprit::Preflight) && form.preflight_separate;
    let response_culprit = culprit == Some(Culprit::Response)
        || culprit == Some(Culprit::Redirect)
        || (culprit == Some(Culprit::Preflight) && !form.preflight_separate);
    let status_problem = |pane: Pane| -> Option<AttrValue> {
        built
            .problems
            .iter()
            .find(|p| p.pane == pane)
            .map(|p| AttrValue::from(p.message.clone()))
    };
    let preflight_note: Option<AttrValue> = (!verdict.preflight_sent)
        .then(|| "No preflight is sent for this request, so this answer is not used.".into());
    let lesson = gallery::find(&form.id);
    html! {
        <>
            <header class="top">
                <div class="brand">
                    <h1>{ "corsim" }</h1>
                    <p class="tagline">{ "What the browser does with your cross-origin request, step by step — and the header that fixes it." }</p>
                </div>
                <nav aria-label="Sections">
                    <button type="button" class="link" onclick={Callback::from(|_: MouseEvent| browser::focus_id("gallery-title"))}>{ "Gallery" }</button>
                    <ui::CopyButton text={open_link.clone()} label="Share" what="the link to this scenario" />
                </nav>
            </header>
            <main class="page">
                <PasteBox keep_secrets={state.keep_secrets} on_action={on_paste_action}
                    on_pasted={on_action.clone()} form_from_paste={state.shown == Shown::Pasted} />
                if let Some(notice) = &state.notice {
                    { ui::notice_bar(&NoticeBarProps { notice: notice.clone(), on_dismiss }) }
                }
                if let Some(entry) = lesson {
                    { ui::lesson(&LessonProps { entry }) }
                }
                if state.shown == Shown::Example {
                    <p class="example-note" id="example-note">
                        <strong>{ "An example: " }</strong>
                        { "a JSON PUT with a bearer token, from app.example.com to api.example.com. Paste what your browser showed into the box above, pick a scenario from the gallery, or edit the form." }
                    </p>
                }
                { ui::browser_switch(&BrowserSwitchProps {
                    browser,
                    comparison: comparison.clone(),
                    on_pick: on_action.reform(Action::SetBrowser),
                }) }
                { ui::verdict_banner(&VerdictBannerProps { verdict: verdict.clone(), fix_link: true }) }
                <ui::Primer />
                <div class="columns">
                    <div class="inputs">
                        <section class="request" aria-labelledby="request-title">
                            <h2 id="request-title">{ "1 · The request" }</h2>
                            <RequestPaste on_action={on_action.clone()} />
                            { ui::request_form(&RequestFormProps { form: form.clone(), on_action: on_action.clone() }) }
                            { ui::request_facts(&RequestFactsProps { facts: facts.clone(), curl: curl.clone(),
                                assumed_origin: corsim::advice::assumed_origin(&scenario, &form.assumed).map(|o| AttrValue::from(o.to_string())) }) }
                        </section>
                        <section class="answers" aria-labelledby="answers-title">
                            <h2 id="answers-title">{ "2 · What the server answers" }</h2>
                            <ReplyPane pane={Pane::Preflight} reply={form.preflight.clone()}
                                separate={Some(form.preflight_separate)} note={preflight_note}
                                status_problem={status_problem(Pane::Preflight)} culprit={preflight_culprit}
                                assumed={crate::state::is_assumed(&form.assumed, "preflight")}
                                on_action={on_action.clone()} />
                            <ReplyPane pane={Pane::Response} reply={form.response.clone()}
                                status_problem={status_problem(Pane::Response)} culprit={response_culprit}
                                assumed={crate::state::is_assumed(&form.assumed, "response")}
                                redirects={form.redirects.clone()} on_action={on_action.clone()} />
                            <datalist id="response-header-names">
                                { for ["Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                                       "Access-Control-Allow-Headers", "Access-Control-Allow-Credentials",
                                       "Access-Control-Expose-Headers", "Access-Control-Max-Age", "Vary",
                                       "Content-Type", "Location", "Cache-Control"]
                                    .iter().map(|h| html! { <option value={*h} /> }) }
                            </datalist>
                        </section>
                        <ui::ServerConfig origin={AttrValue::from(scenario.origin.clone())}
                            init={Rc::new(scenario.request.clone())} browser={browser} on_action={on_action.clone()} />
                    </div>
                    <div class="outputs" tabindex="0" aria-label="The verdict, the fix and the steps">
                        <div class={crate::view::class_names(&["mini-verdict", kind.class()])} aria-hidden="true">
                            <span class={crate::view::class_names(&["badge", kind.class()])}>{ kind.label() }</span>
                            <span>{ present::mini_verdict(kind, &verdict) }</span>
                        </div>
                        <FixPanel scenario={scenario.clone()} verdict={verdict.clone()} assumed={form.assumed.clone()} />
                        { ui::timeline(&TimelineProps { messages: messages.clone(), expanded: false }) }
                        { ui::warnings_list(&WarningsListProps { warnings: verdict.warnings.clone() }) }
                    </div>
                </div>
                { ui::gallery(&GalleryProps { current: form.id.clone().into(), on_load }) }
                { ui::share_panel(&SharePanelProps {
                    base_url: props.base_url.clone(),
                    fragment: shared.0.clone().into(),
                    masked: shared.1.clone(),
                    kept: state.keep_secrets,
                }) }
            </main>
            <footer class="bottom">
                <p>
                    { "corsim simulates the CORS checks of Chromium, Firefox and Safari (WebKit) with an engine that follows the " }
                    <a href="https://fetch.spec.whatwg.org/#http-cors-protocol" target="_blank" rel="noopener noreferrer">{ "Fetch standard" }</a>
                    { ". It runs entirely in this page: no request is sent anywhere." }
                </p>
            </footer>
        </>
    }
}
