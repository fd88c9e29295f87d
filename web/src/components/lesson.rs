//! The lesson of the gallery scenario in the form.

use yew::prelude::*;

use crate::gallery::Entry;

/// Props of [`Lesson`].
#[derive(Properties, PartialEq)]
pub struct LessonProps {
    /// The gallery entry.
    pub entry: &'static Entry,
}

/// The lesson: the entry's title and paragraph.
pub fn lesson(props: &LessonProps) -> Html {
    html! {
        <aside class="lesson" aria-labelledby="lesson-title">
            <h2 id="lesson-title" tabindex="-1"><span class="kicker">{ "Lesson · " }</span>{ props.entry.title }</h2>
            <p>{ props.entry.lesson }</p>
        </aside>
    }
}
