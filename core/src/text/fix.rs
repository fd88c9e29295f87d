//! The fix in words: one sentence naming each change and the answer it goes on.

use crate::verdict::{Change, Target};

/// The answer a change goes on, in words.
fn place(target: &Target) -> String {
    match target {
        Target::Preflight => "the preflight (OPTIONS) response".to_string(),
        Target::Response => "the response".to_string(),
        Target::Redirect(i) => format!("the redirect at hop {i}"),
    }
}

/// The fix in one sentence.
pub fn summary(changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|c| match c {
            Change::SetHeader {
                target,
                header,
                value,
            } => format!("send {header}: {value} on {}", place(target)),
            Change::RemoveHeader { target, header } => {
                format!("stop sending {header} on {}", place(target))
            }
            Change::SetStatus { target, status } => {
                format!("answer {} with status {status}", place(target))
            }
        })
        .collect();
    let mut sentence = parts.join(", then ");
    if let Some(first) = sentence.get(..1) {
        sentence = first.to_ascii_uppercase() + sentence.get(1..).unwrap_or("");
    }
    sentence.push('.');
    sentence
}
