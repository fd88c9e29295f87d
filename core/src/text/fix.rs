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

/// A change to the script's `fetch()` call, in words: what to write, and why.
pub fn script_change(change: &crate::script_fix::ScriptChange) -> String {
    use crate::script_fix::{NeedlessHeader, ScriptChange};
    match change {
        ScriptChange::UpperCaseMethod { from, to } => format!(
            "Write method: '{to}' instead of '{from}': fetch() upper-cases only DELETE, GET, \
             HEAD, OPTIONS, POST and PUT, so '{from}' is sent as {from}, and methods compare \
             case-sensitively."
        ),
        ScriptChange::RemoveHeader { name, why } => match why {
            NeedlessHeader::ResponseHeader => format!(
                "Stop setting {name} in the request: it is a response header — only the server \
                 can send it — and in a request it only makes the browser send a preflight."
            ),
            NeedlessHeader::ContentTypeWithoutBody => format!(
                "Stop setting {name}: the request has no body for it to describe, and it makes \
                 the browser send a preflight."
            ),
        },
        ScriptChange::UseCorsMode => "Remove mode: 'no-cors': it does not lift CORS, it makes \
             the response opaque, so the script can never read it."
            .to_string(),
        ScriptChange::OmitCredentials => "If the request does not need the user's cookies, \
             remove credentials: 'include': without credentials the server's answer is enough."
            .to_string(),
    }
}

/// A note beside the server configuration the page writes ([`crate::advice::ServerConfig`]).
pub fn config_note(note: &crate::advice::ConfigNote) -> String {
    use crate::advice::ConfigNote;
    match note {
        ConfigNote::MethodAsSent { method, upper } => format!(
            "Access-Control-Allow-Methods lists {method} exactly as the script sends it: \
             fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT, and the browser \
             compares methods case-sensitively, so {upper} alone does not allow {method}. \
             Better: write method: '{upper}' in the script; then {upper} is the method to list."
        ),
    }
}
