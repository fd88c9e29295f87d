//! The request: the page's origin and the `fetch()` call — URL, method (case kept), headers,
//! mode, credentials, redirect mode, body.

use corsim::scenario::{Credentials, Mode, RedirectMode};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::HeaderEditorProps;
use crate::state::{Action, Form, List};

/// Props of [`request_form`].
#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    /// The form.
    pub form: Form,
    /// Emits the edits.
    pub on_action: Callback<Action>,
}

const MODES: [Mode; 3] = [Mode::Cors, Mode::NoCors, Mode::SameOrigin];
const CREDENTIALS: [Credentials; 3] = [
    Credentials::Omit,
    Credentials::SameOrigin,
    Credentials::Include,
];
const REDIRECTS: [RedirectMode; 3] = [
    RedirectMode::Follow,
    RedirectMode::Error,
    RedirectMode::Manual,
];

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The request part of the form.
pub fn request_form(props: &RequestFormProps) -> Html {
    let form = &props.form;
    let a = &props.on_action;
    let on_origin = a.reform(|e: InputEvent| Action::SetOrigin(input_value(&e)));
    let on_url = a.reform(|e: InputEvent| Action::SetUrl(input_value(&e)));
    let on_method = a.reform(|e: InputEvent| Action::SetMethod(input_value(&e)));
    let on_mode = a.reform(|e: Event| {
        let v = select_value(&e);
        Action::SetMode(
            MODES
                .into_iter()
                .find(|m| m.as_str() == v)
                .unwrap_or_default(),
        )
    });
    let on_credentials = a.reform(|e: Event| {
        let v = select_value(&e);
        Action::SetCredentials(
            CREDENTIALS
                .into_iter()
                .find(|m| m.as_str() == v)
                .unwrap_or_default(),
        )
    });
    let on_redirect = a.reform(|e: Event| {
        let v = select_value(&e);
        Action::SetRedirect(
            REDIRECTS
                .into_iter()
                .find(|m| m.as_str() == v)
                .unwrap_or_default(),
        )
    });
    let has_body = form.body.is_some();
    let on_body_toggle = a
        .reform(move |_: Event| Action::SetBody(if has_body { None } else { Some(String::new()) }));
    let on_body = a.reform(|e: InputEvent| {
        Action::SetBody(Some(
            e.target_unchecked_into::<HtmlTextAreaElement>().value(),
        ))
    });
    let assumed = |field: &str| crate::state::is_assumed(&form.assumed, field);
    let field_class = |field: &str, base: &str| -> String {
        crate::view::class_names(&[base, if assumed(field) { "assumed" } else { "" }])
    };
    let assumed_tag = |field: &str| -> Html {
        if assumed(field) {
            html! { <span class="assumed-tag" id={format!("{}-assumed", field.replace('.', "-"))}>{ "assumed" }</span> }
        } else {
            Html::default()
        }
    };
    html! {
        <div class="request-form">
            <div class={field_class("origin", "field wide")}>
                <label for="origin">{ "Page origin" }{ assumed_tag("origin") }</label>
                <input id="origin" type="url" value={form.origin.clone()} oninput={on_origin}
                    spellcheck="false" autocomplete="off" inputmode="url"
                    aria-describedby="origin-hint" />
                <small id="origin-hint">
                    if assumed("origin") {
                        { "Assumed: the paste does not say which page sent the request. Type your page's origin (scheme, host and port) here; the fix leaves it out until then." }
                    } else {
                        { "Where the page that calls fetch() is served from (or null)." }
                    }
                </small>
            </div>
            <div class="field-row">
                <div class={field_class("request.method", "field method")}>
                    <label for="method">{ "Method" }{ assumed_tag("request.method") }</label>
                    <input id="method" type="text" value={form.method.clone()} oninput={on_method}
                        list="methods" spellcheck="false" autocomplete="off" autocapitalize="off" />
                </div>
                <div class={field_class("request.url", "field url")}>
                    <label for="url">{ "Request URL" }{ assumed_tag("request.url") }</label>
                    <input id="url" type="url" value={form.url.clone()} oninput={on_url}
                        spellcheck="false" autocomplete="off" inputmode="url" />
                </div>
            </div>
            <div class="field-row selects">
                <div class="field">
                    <label for="mode">{ "mode" }</label>
                    <select id="mode" onchange={on_mode}>
                        { for MODES.iter().map(|m| html! {
                            <option value={m.as_str()} selected={*m == form.mode}>{ m.as_str() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="credentials">{ "credentials" }</label>
                    <select id="credentials" onchange={on_credentials}>
                        { for CREDENTIALS.iter().map(|c| html! {
                            <option value={c.as_str()} selected={*c == form.credentials}>{ c.as_str() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="redirect">{ "redirect" }</label>
                    <select id="redirect" onchange={on_redirect}>
                        { for REDIRECTS.iter().map(|r| html! {
                            <option value={r.as_str()} selected={*r == form.redirect}>{ r.as_str() }</option>
                        }) }
                    </select>
                </div>
            </div>
            <fieldset class="headers">
                <legend>{ "Headers the script sets" }{ assumed_tag("request.headers") }</legend>
                { super::header_editor(&HeaderEditorProps {
                    list: List::Request,
                    rows: form.headers.clone(),
                    noun: "request header".into(),
                    suggestions: "request-header-names".into(),
                    on_action: a.clone(),
                }) }
            </fieldset>
            <div class="field body">
                <label class="check">
                    <input type="checkbox" id="has-body" checked={has_body} onchange={on_body_toggle} />
                    { " Send a body" }
                </label>
                if let Some(body) = &form.body {
                    <textarea id="body" aria-label="Request body" rows="3" value={body.clone()}
                        oninput={on_body} spellcheck="false" />
                }
            </div>
            <datalist id="methods">
                { for ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].iter().map(|m| html! { <option value={*m} /> }) }
            </datalist>
            <datalist id="request-header-names">
                { for ["Content-Type", "Authorization", "Accept", "Accept-Language", "Content-Language",
                       "X-Requested-With", "X-API-Key", "X-CSRF-Token", "Range", "Cache-Control"]
                    .iter().map(|h| html! { <option value={*h} /> }) }
            </datalist>
        </div>
    }
}
