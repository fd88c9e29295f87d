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

/// What the last click did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Copied {
    /// Not clicked since the text changed.
    No,
    /// The clipboard holds the text.
    Yes,
    /// The browser refused (no permission, not a secure context).
    Refused,
}

/// Copies [`CopyButtonProps::text`] on click, and says whether it worked: on the button, and
/// to screen readers through a status message.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state_eq(|| Copied::No);
    {
        let copied = copied.clone();
        use_effect_with(props.text.clone(), move |_| copied.set(Copied::No));
    }
    let onclick = {
        let copied = copied.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            browser::copy_text(&text, move |ok| {
                copied.set(if ok { Copied::Yes } else { Copied::Refused });
            });
        })
    };
    // The accessible name starts with the visible label (WCAG 2.5.3, "label in name").
    let name = if props.label == "Copy" {
        format!("Copy {}", props.what)
    } else {
        format!("{}: copies {}", props.label, props.what)
    };
    let (shown, said): (AttrValue, String) = match *copied {
        Copied::No => (props.label.clone(), String::new()),
        Copied::Yes => (
            "Copied ✓".into(),
            format!("Copied {} to the clipboard.", props.what),
        ),
        Copied::Refused => (
            "Not copied".into(),
            format!(
                "The browser did not let the page copy {}: select it and copy it yourself.",
                props.what
            ),
        ),
    };
    html! {
        <>
            <button type="button" class="copy" {onclick} aria-label={name}>{ shown }</button>
            <span class="sr-only" role="status">{ said }</span>
        </>
    }
}
