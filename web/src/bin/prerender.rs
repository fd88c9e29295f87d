//! `corsim-prerender TEMPLATE OUT`: writes the page's HTML with the example's view pre-rendered.
//!
//! The page's shell (`web/index.html`) holds `<div id="app" data-prerendered>` with the marker
//! [`MARKER`] inside; this writes the shell to OUT with the marker replaced by the app rendered
//! with Yew's server renderer for [`AppProps::prerendered`] (the example, as a URL with no query
//! and no fragment shows it). The browser shows the verdict as soon as the HTML and the
//! stylesheet are in; the wasm then hydrates that HTML (see `corsim-page`).

use std::process::ExitCode;

use corsim_web::{App, AppProps};

/// What the shell holds where the rendered app goes.
const MARKER: &str = "<!-- the pre-rendered app -->";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [template, out] = args.as_slice() else {
        eprintln!("usage: corsim-prerender TEMPLATE OUT");
        return ExitCode::from(2);
    };
    match prerender(template, out) {
        Ok(bytes) => {
            eprintln!("corsim-prerender: wrote {out} ({bytes} bytes)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("corsim-prerender: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Renders the app into the template read from `template` and writes it to `out`; the size
/// written.
fn prerender(template: &str, out: &str) -> Result<usize, String> {
    let shell =
        std::fs::read_to_string(template).map_err(|e| format!("cannot read {template}: {e}"))?;
    if shell.matches(MARKER).count() != 1 {
        return Err(format!("{template} must hold {MARKER} exactly once"));
    }
    let app = futures::executor::block_on(
        yew::LocalServerRenderer::<App>::with_props(AppProps::prerendered()).render(),
    );
    let page = shell.replace(MARKER, &app);
    std::fs::write(out, &page).map_err(|e| format!("cannot write {out}: {e}"))?;
    Ok(page.len())
}
