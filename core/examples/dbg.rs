//! Debug.
fn main() {
    let mut text = String::new();
    let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text);
    println!("{:?}", corsim::paste::detect(&text));
    for m in corsim::paste::console::read_console(&text) {
        println!(
            "{:?} {:?} {:?} {:?} {:?} lines {:?}",
            m.browser, m.kind, m.firefox_reason, m.url, m.wording, m.lines
        );
    }
}
