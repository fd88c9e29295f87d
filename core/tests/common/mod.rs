//! What the command-line tests share: running the `corsim` binary with its input on stdin, and
//! reading what it printed.

// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `corsim ARGS` with `stdin` as its input (and `NO_COLOR` set): its exit status and
/// output. corsim may refuse its arguments and exit before it reads its input: a closed pipe
/// is then no failure of the test.
pub fn corsim(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run corsim: {e}"));
    if let Some(mut input) = child.stdin.take()
        && let Err(e) = input.write_all(stdin.as_ref())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        panic!("cannot write stdin: {e}");
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("corsim did not finish: {e}"))
}

/// Printed bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a run that must succeed printed on stdout, as JSON (its stderr in the failure).
pub fn success_json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"))
}
