//! The corsim page: build a `fetch()` call, paste what the server answered, and see step by step
//! what the browser does with it.
//!
//! The page holds no CORS logic. [`state`] keeps what the user typed; [`state::Form::build`] turns
//! it into a [`corsim::Scenario`]; [`corsim::simulate`] answers with a [`corsim::Verdict`]; the
//! components under [`components`] render that verdict. The "paste anything" box hands what
//! people paste to the engine's parsers ([`paste`], its state in [`paste_state`]) and analyses
//! HAR files in slices ([`har_job`]). Everything else here is presentation: permalinks
//! ([`permalink`]), the gallery ([`gallery`]), the server configuration snippets ([`snippets`])
//! and the words and shapes the components share ([`present`], [`view`]).
#![forbid(unsafe_code)]

pub mod app;
pub mod browser;
pub mod browser_lessons;
pub mod components;
pub mod gallery;
pub mod har_job;
pub mod locales;
pub mod paste;
pub mod paste_state;
pub mod present;
pub mod snippets;
pub mod state;
pub mod view;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod idna_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod ssr_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;

pub use app::{App, AppProps};
/// The page's permalinks, written and read by the engine's [`corsim::permalink`] (the CLI's
/// `corsim render` writes the same links).
pub use corsim::permalink;
