//! corsim: the Fetch standard's CORS algorithms made executable and explainable.
//!
//! Give [`simulate()`] a [`Scenario`] (the page's origin, the `fetch()` call, the server's answers)
//! and it returns a [`Verdict`]: what Chromium does with it — whether a preflight goes out and
//! with which headers, whether the request reaches the server, whether `fetch()` resolves, what
//! the script can read, the DevTools `CorsError` and the exact console line — plus the ordered
//! steps that led there, each with its spec link, the smallest server change that fixes it, and
//! warnings. The simulation is total: it never fails and never panics.
//!
//! The engine is one module per Fetch algorithm under [`fetch`] (main fetch, HTTP fetch,
//! HTTP-network-or-cache fetch, HTTP-redirect fetch, CORS-preflight fetch, CORS check), with the
//! definitions they use beside it ([`check`], [`cache`], [`preflight`], [`safelist`],
//! [`request`], …); browser behaviour is in [`profile`], every sentence in [`text`], and
//! [`simulate`](mod@simulate) runs the fetch, then the warnings, then the fix search. The map
//! from each Fetch section to its module and function, and how to add a browser, are in
//! core/README.md.
//!
//! ```
//! let scenario = corsim::parse_scenario(r#"{
//!   "origin": "https://app.example.com",
//!   "request": {"url": "https://api.example.com/v1/orders", "method": "PUT",
//!               "headers": [["Content-Type", "application/json"]]},
//!   "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example.com"]]}
//! }"#).unwrap();
//! let verdict = corsim::simulate(&scenario);
//! assert_eq!(verdict.cors_error, Some(corsim::CorsError::MethodDisallowedByPreflightResponse));
//! ```
#![forbid(unsafe_code)]

pub mod advice;
pub mod audit;
pub mod cache;
pub mod check;
pub mod compare;
pub mod fetch;
pub mod fix;
pub mod headers;
pub mod http;
pub mod method;
pub mod origin;
pub mod paste;
pub mod permalink;
pub mod preflight;
pub mod probe;
pub mod profile;
pub mod reason;
pub mod redirect;
pub mod request;
pub mod response;
pub mod safelist;
pub mod scenario;
pub mod script_fix;
pub mod server;
pub mod simulate;
pub mod text;
pub mod trace;
pub mod urls;
pub mod verdict;
pub mod warnings;
pub mod wire;

pub use compare::{Comparison, compare_browsers, compare_verdicts};
pub use profile::{Browser, Profile};
pub use reason::{CorsError, Reason};
pub use scenario::{InputError, InputErrors, Scenario, parse_scenario, parse_scenarios};
pub use simulate::{simulate, simulate_with, simulate_without_fix};
pub use verdict::Verdict;
