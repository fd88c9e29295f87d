//! The server-configuration simulation in words ([`crate::server`]): why a configuration line
//! produced no header, the cases, the origins tried, the findings. The CLI (`corsim server`) and
//! the page's configuration pane render through these functions.

use crate::server::findings::{FindingKind, Probe};
use crate::server::model::NoteKind;
use crate::server::{Case, Kind, Outcome, Role};

/// A note in words: why a configuration line produced no header.
pub fn note_words(kind: &NoteKind) -> String {
    match kind {
        NoteKind::NotAlways { status } => {
            format!("not sent: status {status} and no `always`")
        }
        NoteKind::NotInherited { hidden_by } => format!(
            "not sent: the block at line {hidden_by} has add_header lines of its own, so none are inherited"
        ),
        NoteKind::EmptyValue => "not sent: the value is empty".to_string(),
        NoteKind::ConditionFalse => "condition false for this request".to_string(),
        NoteKind::OnSuccessSkipped { status } => format!(
            "not sent: httpd made this {status} itself, and only `Header always` lines apply to it"
        ),
        NoteKind::OriginNotAllowed => "the request's origin is not allowed here".to_string(),
        NoteKind::MethodNotAllowed => {
            "the preflight's method is not allowed: no preflight headers".to_string()
        }
        NoteKind::NotReached => "never reached for this request".to_string(),
        NoteKind::AlreadySet => {
            "did nothing: Access-Control-Allow-Origin was already set".to_string()
        }
        NoteKind::Answered { status } => format!("answered {status} here"),
        NoteKind::CannotEvaluate { what } => format!("not evaluated: {what}"),
    }
}

/// An environment variable the configuration reads, in words: corsim assumed it unset, and
/// what that makes of the line (each reader's rule).
pub fn assumed_unset_words(kind: Kind, variable: &str) -> String {
    let rule = match kind {
        Kind::Express => format!(
            "process.env.{variable} is undefined, as in a process started without it (a default given with `||` applies)"
        ),
        Kind::Flask => "os.environ.get and os.getenv give the default the line gives (None without one), and `or` its other side; os.environ[...] is not evaluated".to_string(),
        Kind::Php => "getenv gives false and $_ENV[...] null, so a default given with `?:` or `??` applies".to_string(),
        Kind::Nginx | Kind::Apache => {
            "the value is not evaluated, so a condition on it is taken as false".to_string()
        }
    };
    format!(
        "assumed: {variable} comes from the environment, which corsim cannot see, and is taken as unset: {rule}; write the value in the configuration to see what it does"
    )
}

/// The title of a case.
pub fn case_title(case: Case) -> &'static str {
    match case {
        Case::Normal => "The request",
        Case::HandlerFails => "When the handler fails (the application answers 500)",
        Case::UnknownPath => "When nothing is at the path (404)",
    }
}

/// The title of a case as it came out. nginx and httpd answer a path they serve themselves (a
/// file, no `proxy_pass`/`ProxyPass`) with the file whatever the application would do: there is
/// no handler to fail, and the "handler fails" case says so rather than promise a 500 that the
/// response below it does not have.
pub fn outcome_title(outcome: &Outcome, kind: Kind) -> String {
    let status = outcome
        .exchanges
        .iter()
        .rev()
        .find(|e| e.role == Role::Request)
        .map(|e| e.response.status);
    match (outcome.case, kind, status) {
        (Case::HandlerFails, Kind::Nginx | Kind::Apache, Some(status)) if status != 500 => {
            let server = if kind == Kind::Nginx {
                "nginx"
            } else {
                "httpd"
            };
            format!(
                "When the handler fails: there is none here — {server} serves the path itself (a file), so it answers {status}, not 500; behind proxy_pass/ProxyPass the application's 500 would be the case"
            )
        }
        _ => case_title(outcome.case).to_string(),
    }
}

/// What a probed origin stands for, in a few words.
pub fn probe_words(p: Probe) -> &'static str {
    match p {
        Probe::Own => "your origin",
        Probe::Sibling => "a sibling subdomain",
        Probe::PlainHttp => "plain http://",
        Probe::Null => "null",
        Probe::Attacker => "an attacker",
        Probe::LookAlikePrefix => "look-alike (prefix)",
        Probe::LookAlikeSuffix => "look-alike (suffix)",
    }
}

/// A finding in words.
pub fn finding_words(k: &FindingKind) -> String {
    match k {
        FindingKind::OriginReflectedWithCredentials => {
            "any origin is reflected with credentials: every site can read your users' responses".to_string()
        }
        FindingKind::LookAlikeAllowed { origin } => format!(
            "{origin} gets in: the origin pattern is unanchored or its dots are unescaped"
        ),
        FindingKind::NullTrusted => {
            "the origin null is trusted (sandboxed frames and file: pages send it)".to_string()
        }
        FindingKind::MissingOnError { case, status } => format!(
            "{}: the {status} goes out without the CORS headers the normal response has, so the script sees a CORS error instead of the status",
            match case {
                Case::HandlerFails => "when the handler fails",
                Case::UnknownPath => "on an unknown path",
                Case::Normal => "on the normal response",
            }
        ),
        FindingKind::PreflightNotHandled { status } => format!(
            "the preflight (OPTIONS) is answered {status}: the browser needs a 2xx"
        ),
        FindingKind::AllowOriginOnlyOnPreflight => {
            "only the preflight (OPTIONS) gets Access-Control-Allow-Origin: the preflight passes, then the response itself is blocked".to_string()
        }
        FindingKind::VaryOriginMissing => {
            "the origin is reflected without Vary: Origin: a cache can serve one origin's answer to another".to_string()
        }
        FindingKind::DuplicateAllowOrigin => {
            "Access-Control-Allow-Origin is sent more than once (the web server and the application both add it, or two tables do)".to_string()
        }
        FindingKind::WildcardWithCredentials => {
            "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true: credentialed requests always fail".to_string()
        }
    }
}
