//! "Your server's configuration": paste an nginx, Apache, Express, Flask or PHP configuration and
//! see what it sends for this page's `fetch()` — the preflight and the request, each header with
//! the configuration line that produced it, the 500 and 404 cases, which origins get in, the
//! findings — and the form's answers become what it sends. The page reads and simulates nothing
//! itself: `corsim::server::simulate_config` does, and `corsim::text::server` words it.

use std::rc::Rc;

use corsim::scenario::{RequestInit, Scenario};
use corsim::server::model::Origin;
use corsim::server::{ConfigErrors, Exchange, Kind, Role, Simulation, simulate_config};
use corsim::text::server::{finding_words, note_words, outcome_title, probe_words};
use corsim::{Browser, Profile};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::present;
use crate::state::Action;

/// Props of [`ServerConfig`].
#[derive(Properties, PartialEq)]
pub struct ServerConfigProps {
    /// The page's origin, as in the form.
    pub origin: AttrValue,
    /// The `fetch()` call, as in the form.
    pub init: Rc<RequestInit>,
    /// The browser the page shows the verdict of (the browser switch): its requests are sent
    /// to the configuration and its verdicts shown.
    pub browser: Browser,
    /// Emits the answers the configuration gives.
    pub on_action: Callback<Action>,
}

/// What the configuration does, or why it cannot be read.
type Read = Option<Result<Rc<Simulation>, ConfigErrors>>;

fn exchange_view(e: &Exchange) -> Html {
    let title = match e.role {
        Role::Preflight => "Preflight",
        Role::Request if e.sent => "Request",
        Role::Request => "Request (not sent by the browser: what the server would answer)",
    };
    html! {
        <div class="exchange">
            <p class="exchange-head"><strong>{ title }</strong>{ " " }<code>{ format!("{} {}", e.request.method, e.request.target) }</code>{ format!(" → {}", e.response.status) }</p>
            <ul class="header-lines">
                { for e.response.headers.iter().map(|h| {
                    let from = match h.from {
                        Origin::Config { line } => format!("line {line}"),
                        Origin::Backend => "the application".to_string(),
                        Origin::Server => "the server".to_string(),
                    };
                    html! { <li><code>{ format!("{}: {}", h.name, h.value) }</code><span class="from">{ from }</span></li> }
                }) }
                if e.response.headers.is_empty() {
                    <li class="none">{ "no headers from the configuration" }</li>
                }
                { for e.response.notes.iter()
                    .filter(|n| !matches!(n.kind, corsim::server::model::NoteKind::ConditionFalse))
                    .map(|n| html! { <li class="note">{ format!("line {}: {}", n.line, note_words(&n.kind)) }</li> }) }
            </ul>
        </div>
    }
}

fn simulation_view(s: &Simulation) -> Html {
    html! {
        <div class="config-result" id="config-result">
            <p class="hint" id="config-kind-read">{ format!("Read as {} (modelled on {}); the requests and verdicts are {}'s.", s.kind.id(), s.modelled, s.browser.name()) }</p>
            { for s.outcomes.iter().map(|o| {
                let kind = present::kind(&o.verdict);
                html! {
                    <div class={crate::view::class_names(&["config-case", kind.class()])} data-case={format!("{:?}", o.case)}>
                        <h4>{ outcome_title(o, s.kind) }</h4>
                        { for o.exchanges.iter().map(exchange_view) }
                        <p class="case-verdict">
                            <span class={crate::view::class_names(&["badge", kind.class()])}>{ kind.label() }</span>
                            { " " }{ &o.verdict.summary }
                        </p>
                    </div>
                }
            }) }
            if !s.findings.is_empty() {
                <div class="config-findings" id="config-findings">
                    <h4>{ "Findings" }</h4>
                    <ul>{ for s.findings.iter().map(|f| html! { <li>{ finding_words(&f.kind) }</li> }) }</ul>
                </div>
            }
            if !s.matrix.is_empty() {
                <details class="config-matrix">
                    <summary>{ "Which origins get in" }</summary>
                    <table class="values">
                        <thead><tr><th scope="col">{ "origin" }</th><th scope="col">{ "credentials" }</th><th scope="col">{ "the script can read" }</th></tr></thead>
                        <tbody>
                            { for s.matrix.iter().map(|r| html! {
                                <tr>
                                    <th scope="row"><code>{ &r.origin }</code>{ format!(" ({})", probe_words(r.probe)) }</th>
                                    <td>{ r.credentials.as_str() }</td>
                                    <td>{ if r.readable { "yes".to_string() } else { r.cors_error.map(|e| format!("no ({})", e.name())).unwrap_or_else(|| "no".to_string()) } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </details>
            }
            if !s.unmodelled.is_empty() {
                <ul class="notes">
                    { for s.unmodelled.iter().map(|(line, what)| html! { <li>{ format!("line {line}: not modelled: {what}") }</li> }) }
                </ul>
            }
            if !s.assumed_unset.is_empty() {
                <ul class="notes">
                    { for s.assumed_unset.iter().map(|r| html! { <li>{ format!("line {}: {}", r.line, corsim::text::server::assumed_unset_words(s.kind, &r.variable)) }</li> }) }
                </ul>
            }
        </div>
    }
}

/// The answers of the normal case, for the form.
fn answers_of(s: &Simulation) -> Option<&Scenario> {
    s.outcomes.first().map(|o| &o.scenario)
}

/// The configuration pane.
#[component]
pub fn ServerConfig(props: &ServerConfigProps) -> Html {
    let text = use_state_eq(String::new);
    let kind = use_state_eq(|| None::<Kind>);
    let read: Rc<Read> = use_memo(
        (
            (*text).clone(),
            *kind,
            props.origin.clone(),
            props.init.clone(),
            props.browser,
        ),
        |(text, kind, origin, init, browser)| {
            if text.trim().is_empty() {
                return None;
            }
            Some(
                simulate_config(text, *kind, origin, init, &[], Profile::of(*browser)).map(Rc::new),
            )
        },
    );
    // The form's answers become what the configuration sends, whenever it (or the request)
    // changes.
    {
        let on_action = props.on_action.clone();
        use_effect_with(read.clone(), move |read| {
            if let Some(Ok(sim)) = &**read
                && let Some(s) = answers_of(sim)
            {
                on_action.emit(Action::FillAnswers {
                    preflight: s.preflight.clone().map(Box::new),
                    response: Box::new(s.response.clone()),
                    redirects: s.redirects.clone(),
                    what: format!("the {} configuration", sim.kind.id()),
                });
            }
        });
    }
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            kind.set(Kind::from_id(&v));
        })
    };
    html! {
        <section class="server-config" aria-labelledby="config-title">
            <h2 id="config-title">{ "3 · Or paste your server's configuration" }</h2>
            <p class="hint" id="config-help">{ "nginx, Apache httpd (.htaccess too), Express (cors or your own middleware), Flask-CORS or PHP header() calls. corsim works out what it sends for the request above — the preflight, the response, a failing handler and an unknown path — and puts those answers into the panes. It stays in this page." }</p>
            <div class="field-row">
                <div class="field">
                    <label for="config-kind">{ "Server" }</label>
                    <select id="config-kind" onchange={on_kind}>
                        <option value="" selected={kind.is_none()}>{ "detect" }</option>
                        { for Kind::ALL.iter().map(|k| html! {
                            <option value={k.id()} selected={*kind == Some(*k)}>{ k.id() }</option>
                        }) }
                    </select>
                </div>
            </div>
            <textarea id="config-text" rows="6" value={(*text).clone()} oninput={on_text} spellcheck="false"
                aria-labelledby="config-title" aria-describedby="config-help"
                placeholder={"location /api/ {\n    add_header Access-Control-Allow-Origin $http_origin always;\n}"} />
            { match &*read {
                None => Html::default(),
                Some(Err(errors)) => html! {
                    <ul class="problems" id="config-problems">
                        { for errors.0.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }
                    </ul>
                },
                Some(Ok(sim)) => simulation_view(sim),
            } }
        </section>
    }
}
