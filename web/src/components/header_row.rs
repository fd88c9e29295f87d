//! One row of a header editor: name, value, and a remove button.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, HeaderRow, List};

/// Props of [`header_row`].
#[derive(Properties, PartialEq)]
pub struct HeaderRowProps {
    /// Which list the row is in.
    pub list: List,
    /// The row.
    pub row: HeaderRow,
    /// Its position, from 1, for labels.
    pub position: usize,
    /// What the list holds, for labels.
    pub noun: AttrValue,
    /// The id of a `<datalist>` of name suggestions.
    pub suggestions: AttrValue,
    /// Emits the edits.
    pub on_action: Callback<Action>,
}

/// One header row: name, value, remove.
pub fn header_row(props: &HeaderRowProps) -> Html {
    let (list, id) = (props.list, props.row.id);
    let on_name = props.on_action.reform(move |e: InputEvent| {
        Action::SetHeaderName(
            list,
            id,
            e.target_unchecked_into::<HtmlInputElement>().value(),
        )
    });
    let on_value = props.on_action.reform(move |e: InputEvent| {
        Action::SetHeaderValue(
            list,
            id,
            e.target_unchecked_into::<HtmlInputElement>().value(),
        )
    });
    let on_remove = props
        .on_action
        .reform(move |_: MouseEvent| Action::RemoveHeader(list, id));
    let n = props.position;
    html! {
        <li key={props.row.id} class="header-row">
            <input
                class="header-name"
                type="text"
                value={props.row.name.clone()}
                oninput={on_name}
                list={props.suggestions.clone()}
                placeholder="Name"
                spellcheck="false"
                autocomplete="off"
                aria-label={format!("{} {n} name", props.noun)}
            />
            <input
                class="header-value"
                type="text"
                value={props.row.value.clone()}
                oninput={on_value}
                placeholder="Value"
                spellcheck="false"
                autocomplete="off"
                aria-label={format!("{} {n} value", props.noun)}
            />
            <button type="button" class="remove" onclick={on_remove} aria-label={format!("Remove {} {n}", props.noun)}>
                { "×" }
            </button>
        </li>
    }
}
