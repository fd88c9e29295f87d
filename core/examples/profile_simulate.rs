//! Runs one scenario many times, for profilers: `cargo run --release --example profile_simulate -- FILE N`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("usage: profile_simulate FILE [N]");
        std::process::exit(2);
    };
    let Ok(scenario) = corsim::parse_scenario(&text) else {
        eprintln!("{path}: not a scenario");
        std::process::exit(2);
    };
    let mut steps = 0;
    for _ in 0..n {
        steps += corsim::simulate(&scenario).steps.len();
    }
    println!("{steps}");
}
