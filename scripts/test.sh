#!/usr/bin/env bash
# Runs every test the project has, after setting up what they need (idempotent):
# fmt, clippy (host and wasm32), unit/data/corpus/CLI tests, the differential comparison with
# the stored Chromium recordings, the page build, wasm-bindgen tests, end-to-end page tests in
# headless Chromium, a live re-recording in Chromium, Firefox and WebKit compared with the stored
# ones, the server configurations re-run in the real servers (tests/servers) compared with
# theirs, and corsim probe/audit run against real servers (tests/probe/real-servers.mjs).
# Usage: bash scripts/test.sh
source "$(dirname "$0")/lib.sh"
start=$(date +%s)
step() { say "[$(( $(date +%s) - start ))s] $*"; }

step "set-up"
ensure_wasm_target
ensure_wasm_pack
ensure_wasm_bindgen
ensure_node_modules
ensure_chromium
ensure_firefox
ensure_webkit
ensure_harness_ports_free
ensure_servers

step "cargo fmt"
cargo fmt --all --check
cargo fmt --all --check --manifest-path web/page/Cargo.toml

step "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p corsim-web --features ssr --bin corsim-prerender --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy -p corsim-web --target wasm32-unknown-unknown --locked -- -D warnings
# The page's own workspace (corsim-page and its IDNA, web/page/Cargo.toml). Not --locked: its
# Cargo.lock follows web/Cargo.toml's dependencies, and cargo adds a new one to it here.
cargo clippy --manifest-path web/page/Cargo.toml --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings

step "cargo test (unit, WPT tables, corpus, CLI, paste, differential comparison with stored recordings)"
cargo test --workspace --locked

step "build the page"
build_web

step "wasm-bindgen tests in headless Chromium"
wasm-pack test --headless --chrome web
wasm-pack test --headless --chrome web/page/idna

step "end-to-end page tests in headless Chromium"
node tests/e2e/run.mjs

step "the page's paste box fed real pastes of issue 10's patterns 1-8 (tests/paste/real)"
node tests/e2e/paste-real.mjs

step "live differential run: re-record the budgeted sample (tests/differential/README.md, Live runs; CORSIM_LIVE_FULL=1 for all) in Chromium, Firefox and WebKit at once and compare with the stored recordings"
node tests/differential/check-live.mjs

step "live server differential: every configuration re-run in real nginx, Apache httpd, Express, Flask and PHP, compared with the stored recordings"
(cd tests && node --test servers/compare.test.mjs && node servers/check-live.mjs)

step "corsim probe and audit against real Express, Flask, nginx and Apache on loopback (ports 19080-19090, TLS on 19443-19446), each verdict checked with corsim check"
(cd tests && node probe/real-servers.mjs)

step "all tests passed in $(( $(date +%s) - start ))s"
