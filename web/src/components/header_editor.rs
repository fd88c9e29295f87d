//! An editable header list: add and remove rows, duplicates allowed.

use yew::prelude::*;

use super::header_row::{HeaderRowProps, header_row};
use crate::state::{Action, HeaderRow, List};

/// Props of [`header_editor`].
#[derive(Properties, PartialEq)]
pub struct HeaderEditorProps {
    /// Which list this is.
    pub list: List,
    /// The rows.
    pub rows: Vec<HeaderRow>,
    /// What the list holds, for labels (`request header`).
    pub noun: AttrValue,
    /// The id of a `<datalist>` of name suggestions.
    pub suggestions: AttrValue,
    /// Emits the edits.
    pub on_action: Callback<Action>,
}

/// The header rows with their inputs, and a button to add one.
pub fn header_editor(props: &HeaderEditorProps) -> Html {
    let list = props.list;
    let add = props
        .on_action
        .reform(move |_: MouseEvent| Action::AddHeader(list));
    html! {
        <div class="header-editor">
            if props.rows.is_empty() {
                <p class="empty">{ format!("No {}s.", props.noun) }</p>
            } else {
                <ul class="header-rows">
                    // Each row is keyed by its id (on its `<li>`).
                    { for props.rows.iter().enumerate().map(|(i, row)| header_row(&HeaderRowProps {
                        list,
                        row: row.clone(),
                        position: i + 1,
                        noun: props.noun.clone(),
                        suggestions: props.suggestions.clone(),
                        on_action: props.on_action.clone(),
                    })) }
                </ul>
            }
            <button type="button" class="add" onclick={add}>{ format!("+ Add a {}", props.noun) }</button>
        </div>
    }
}
