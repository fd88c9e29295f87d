//! The compact view of a scenario as a self-contained HTML fragment, for documentation sites
//! that embed a scenario at no JavaScript cost (`corsim render`): a heading, the verdict, the
//! console line with DevTools' `CorsError`, and the sequence diagram ([`super::sequence`]), with
//! an "Open in corsim" permalink ([`crate::permalink`]) to the interactive page. No script, no
//! WebAssembly, no external resource; its styles are scoped to the `corsim-embed` class and
//! follow the reader's light or dark scheme.

use crate::response::ResponseType;
use crate::scenario::Scenario;
use crate::text::sequence::{Lane, Status, messages};
use crate::verdict::{FetchOutcome, Verdict};

/// Text with `&`, `<`, `>`, `"` and `'` escaped, for element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The verdict's word and class: allowed, blocked or opaque.
fn kind(verdict: &Verdict) -> (&'static str, &'static str) {
    match verdict.fetch {
        FetchOutcome::Rejected => ("Blocked", "blocked"),
        FetchOutcome::Resolved => match verdict.response_type {
            Some(ResponseType::Opaque | ResponseType::Opaqueredirect) => ("Opaque", "opaque"),
            Some(ResponseType::Basic | ResponseType::Cors) | None => ("Allowed", "allowed"),
        },
    }
}

fn lane(l: Lane) -> &'static str {
    match l {
        Lane::Page => "page",
        Lane::Browser => "browser",
        Lane::Server => "server",
    }
}

/// The scoped styles (colours from the WCAG AA palette of the page).
const STYLE: &str = "<style>\
.corsim-embed{font:15px/1.45 system-ui,sans-serif;color:#1b1f24;background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:.8rem 1rem;margin:1rem 0;max-width:100%;box-sizing:border-box}\
.corsim-embed h3{font-size:1rem;margin:0 0 .5rem;word-break:break-all}\
.corsim-embed code,.corsim-embed pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}\
.corsim-embed .corsim-verdict{display:flex;gap:.6rem;align-items:baseline;margin:0 0 .5rem}\
.corsim-embed .corsim-badge{font-weight:700;font-size:.75rem;text-transform:uppercase;padding:.15rem .55rem;border-radius:999px}\
.corsim-embed .allowed{background:#dff3e4;color:#0b5c2a}.corsim-embed .blocked{background:#fde2e1;color:#8a1c14}.corsim-embed .opaque{background:#e8e3f8;color:#4b2f9e}\
.corsim-embed pre{white-space:pre-wrap;word-break:break-word;background:#fde2e1;color:#8a1c14;padding:.5rem .7rem;border-radius:6px;margin:.3rem 0}\
.corsim-embed ol{margin:.5rem 0;padding-left:1.3rem}.corsim-embed li{margin:.25rem 0}\
.corsim-embed li.failed{color:#8a1c14;font-weight:600}.corsim-embed li.not-reached{color:#57606a;text-decoration:line-through}\
.corsim-embed .corsim-lanes{color:#57606a;font-size:.8rem;margin-right:.4rem}\
.corsim-embed ul{margin:.1rem 0;padding-left:1rem;font-weight:400;color:#57606a;font-size:.85em;list-style:none}\
.corsim-embed a{color:#1a4fb8}\
@media (prefers-color-scheme:dark){.corsim-embed{color:#e6edf3;background:#161b22;border-color:#30363d}\
.corsim-embed .allowed{background:#12351f;color:#7ee2a0}.corsim-embed .blocked,.corsim-embed pre{background:#3d1512;color:#ffb3ac}.corsim-embed .opaque{background:#2a2150;color:#cbbcff}\
.corsim-embed li.failed{color:#ffb3ac}.corsim-embed .corsim-lanes,.corsim-embed li.not-reached,.corsim-embed ul{color:#9da7b3}.corsim-embed a{color:#8cb4ff}}\
</style>";

/// The fragment for a scenario and its verdict; `page_url` is where the corsim page is served
/// (`https://corsim.example/`), for the permalink, which opens the page in the verdict's browser.
pub fn embed_fragment(scenario: &Scenario, verdict: &Verdict, page_url: &str) -> String {
    let (word, class) = kind(verdict);
    let view = crate::permalink::View {
        browser: verdict.browser,
        assumed: Vec::new(),
    };
    let link = format!(
        "{page_url}#{}",
        crate::permalink::encode_view(scenario, &view)
    );
    let mut out = String::new();
    out.push_str("<figure class=\"corsim-embed\">\n");
    out.push_str(STYLE);
    out.push('\n');
    out.push_str(&format!(
        "<h3>corsim · <code>{} {}</code> from <code>{}</code></h3>\n",
        escape(&scenario.request.method),
        escape(&scenario.request.url),
        escape(&scenario.origin)
    ));
    out.push_str(&format!(
        "<p class=\"corsim-verdict\"><span class=\"corsim-badge {class}\">{word}</span> <span>{}</span></p>\n",
        escape(&verdict.summary)
    ));
    if let Some(console) = &verdict.console {
        out.push_str(&format!(
            "<pre aria-label=\"Console line\"><code>{}</code></pre>\n",
            escape(console)
        ));
        if let Some(e) = verdict.cors_error {
            out.push_str(&format!(
                "<p>DevTools: <code>CorsError.{}</code></p>\n",
                escape(e.name())
            ));
        }
    }
    out.push_str("<ol aria-label=\"What happens, in order\">\n");
    for m in messages(scenario, verdict) {
        let (li_class, mark) = match m.status {
            Status::Done => ("done", ""),
            Status::Failed => ("failed", " — ✗ fails here"),
            Status::NotReached => ("not-reached", " — never happens"),
        };
        out.push_str(&format!(
            "<li class=\"{li_class}\"><span class=\"corsim-lanes\">{} → {}</span>{}{mark}",
            lane(m.from),
            lane(m.to),
            escape(&m.title)
        ));
        if !m.lines.is_empty() {
            out.push_str("<ul>");
            for l in &m.lines {
                out.push_str(&format!("<li><code>{}</code></li>", escape(l)));
            }
            out.push_str("</ul>");
        }
        if let Some(failed) = m
            .steps
            .iter()
            .find(|s| s.outcome == crate::trace::Outcome::Fail)
        {
            out.push_str(&format!("<ul><li>{}</li></ul>", escape(&failed.reason)));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    out.push_str(&format!(
        "<figcaption><a href=\"{}\">Open in corsim ↗</a> — step by step, with the fix</figcaption>\n",
        escape(&link)
    ));
    out.push_str("</figure>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fragment_has_the_verdict_console_diagram_and_link_and_no_script() {
        let s = match crate::parse_scenario(
            r#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/x?a=1&b=<2>","method":"PUT"},
                "preflight":{"status":204},"response":{"status":200}}"#,
        ) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        };
        let v = crate::simulate(&s);
        let html = embed_fragment(&s, &v, "https://corsim.example/");
        assert!(
            html.contains("<span class=\"corsim-badge blocked\">Blocked</span>"),
            "{html}"
        );
        assert!(
            html.contains("CorsError.PreflightMissingAllowOriginHeader"),
            "{html}"
        );
        assert!(
            html.contains("server → browser</span>204 answer to the preflight — ✗ fails here"),
            "{html}"
        );
        assert!(html.contains("— never happens"), "{html}");
        assert!(html.contains("a=1&amp;b=&lt;2&gt;"), "{html}");
        assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
        // The link opens the same scenario.
        let fragment = html
            .split_once("href=\"https://corsim.example/#")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(f, _)| f.replace("&amp;", "&"))
            .unwrap_or_default();
        let parsed = crate::permalink::parse_fragment(&format!("#{fragment}"));
        assert_eq!(
            parsed.scenario.and_then(Result::ok).map(|p| p.request),
            Some(s.request.clone())
        );
        assert_eq!(parsed.browser, None, "Chromium is the default");
        // A Firefox verdict's link opens the page in Firefox.
        let firefox = crate::simulate_with(&s, &crate::Profile::FIREFOX);
        let html = embed_fragment(&s, &firefox, "https://corsim.example/");
        assert!(html.contains("&amp;browser=firefox\""), "{html}");
    }
}
