//! Writes Firefox's en-US console templates (the `en-US` rows of `data/firefox-l10n.tsv`) to
//! `OUT_DIR/firefox-l10n-en-US.tsv`: the engine's own Firefox lines need only those, and a build
//! without the `firefox-l10n` feature (the page) reads pastes with them alone until it is given
//! the other locales (`corsim::paste::console::add_firefox_locales`).

use std::io::Write;

fn main() {
    let source = "data/firefox-l10n.tsv";
    println!("cargo::rerun-if-changed={source}");
    let table = match std::fs::read_to_string(source) {
        Ok(t) => t,
        Err(e) => {
            println!("cargo::error=cannot read {source}: {e}");
            return;
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    let out = std::path::Path::new(&out_dir).join("firefox-l10n-en-US.tsv");
    let written = std::fs::File::create(&out).and_then(|mut f| {
        for line in table.lines().filter(|l| l.starts_with("en-US\t")) {
            writeln!(f, "{line}")?;
        }
        Ok(())
    });
    if let Err(e) = written {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
