//! A button that copies a text to the clipboard and says so.

use yew::prelude::*;

use crate::browser;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The text to copy.
    pub text: AttrValue,
    /// The button's label (`Copy`).
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
    /// What is copied, for screen readers (`the console line`).
    pub what: AttrValue,
}

/// Copies [`CopyButtonProps::text`] on click.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state_eq(|| false);
    {
        let copied = copied.clone();
        use_effect_with(props.text.clone(), move |_| copied.set(false));
    }
    let onclick = {
        let copied = copied.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            browser::copy_text(&text);
            copied.set(true);
        })
    };
    // The accessible name starts with the visible label (WCAG 2.5.3, "label in name").
    let name = if props.label == "Copy" {
        format!("Copy {}", props.what)
    } else {
        format!("{}: copies {}", props.label, props.what)
    };
    html! {
        <button type="button" class="copy" {onclick} aria-label={name}>
            { if *copied { "Copied ✓".into() } else { props.label.clone() } }
        </button>
    }
}
