//! Sharing: the permalink (the whole scenario in the URL fragment, which browsers never send to
//! a server) and the `<iframe>` snippet of the embed view.

use yew::prelude::*;

use super::CopyButton;

/// Props of [`share_panel`].
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The page's URL without query or fragment.
    pub base_url: AttrValue,
    /// The permalink fragment, without `#`.
    pub fragment: AttrValue,
    /// What was masked in the link (secrets replaced before sharing).
    pub masked: Vec<String>,
    /// Whether secrets are kept in the link ("Keep secrets" ticked).
    #[prop_or_default]
    pub kept: bool,
}

/// The listener of the embed snippet: it sizes each corsim frame to the height the embedded page
/// reports. Written once per host page (the guard keeps a second snippet from adding another).
const RESIZE_LISTENER: &str = r#"<script>
if (!window.corsimResize) {
  window.corsimResize = true;
  addEventListener('message', function (e) {
    if (!e.data || e.data.corsim !== 'height') return;
    document.querySelectorAll('iframe').forEach(function (f) {
      if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';
    });
  });
}
</script>"#;

/// The whole embed snippet: the `<iframe>` of the embed view and the listener that sizes it.
pub fn embed_snippet(base_url: &str, fragment: &str) -> String {
    format!(
        "<iframe src=\"{base_url}?embed#{fragment}\" title=\"corsim: CORS scenario\" loading=\"lazy\" style=\"width:100%;border:0;height:480px\"></iframe>\n{RESIZE_LISTENER}"
    )
}

/// The share panel.
pub fn share_panel(props: &SharePanelProps) -> Html {
    let link = format!("{}#{}", props.base_url, props.fragment);
    let embed = embed_snippet(&props.base_url, &props.fragment);
    html! {
        <section class="share" aria-labelledby="share-title">
            <h2 id="share-title" tabindex="-1">{ "Share or embed" }</h2>
            <p>{ "The whole scenario lives in the link's fragment (after #), which browsers never send to a server: nothing you type leaves this page." }</p>
            if props.kept {
                <p class="masked">{ "\u{201c}Keep secrets\u{201d} is ticked: the link holds tokens and cookies as they are." }</p>
            } else if !props.masked.is_empty() {
                <p class="masked">{ format!("Masked in the link: {}. Tick \u{201c}Keep secrets\u{201d} in the paste box to keep them.", props.masked.join(", ")) }</p>
            }
            <div class="field">
                <div class="field-head">
                    <label for="permalink">{ "Link to this scenario" }</label>
                    <CopyButton text={link.clone()} what="the link" />
                </div>
                <input id="permalink" type="text" readonly=true value={link} />
            </div>
            <div class="field">
                <div class="field-head">
                    <label for="embed-snippet">{ "Embed it in documentation" }</label>
                    <CopyButton text={embed.clone()} what="the iframe snippet" />
                </div>
                <textarea id="embed-snippet" readonly=true rows="8" value={embed} />
                <small>{ "The snippet is complete: the iframe, and a listener that sizes it to the height the embedded view reports (postMessage({corsim: \"height\", height})). One listener serves every corsim frame on the page." }</small>
            </div>
        </section>
    }
}
