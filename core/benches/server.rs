//! Reading a 1 MB server configuration of each kind, and answering one request with it. The
//! configurations are realistic blocks (locations, Header lines, middleware, routes, header()
//! calls) repeated until they weigh 1 MiB; the budget is 100 ms to read one.
//!
//! `cargo bench -p corsim --bench server`
//!
//! Measured in the thread's CPU time (`/proc/thread-self/schedstat`, Linux), not wall time: on a
//! shared machine other processes' load stretches the wall clock of every sample, and the
//! CPU time the reader itself takes is what the budget is about. Where the file cannot be read
//! the measurement falls back to the wall clock.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use std::hint::black_box;

use corsim::server::{Backend, Kind, fuzz_requests, read};
use std::time::Instant;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const MIB: usize = 1024 * 1024;

/// One block of each kind, numbered so that repeats are distinct.
fn block(kind: Kind, i: usize) -> String {
    match kind {
        Kind::Nginx => format!(
            "location /api/v{i}/ {{\n    if ($request_method = 'OPTIONS') {{\n        add_header Access-Control-Allow-Origin $http_origin always;\n        add_header Access-Control-Allow-Methods \"GET, PUT, DELETE\" always;\n        return 204;\n    }}\n    add_header Access-Control-Allow-Origin \"https://app{i}.example.com\" always;\n    proxy_pass http://127.0.0.1:8080;\n}}\n"
        ),
        Kind::Apache => format!(
            "<Location \"/api/v{i}\">\n    SetEnvIf Origin \"^https://(app|admin){i}\\.example\\.com$\" CORS_{i}=$0\n    Header always set Access-Control-Allow-Origin \"%{{CORS_{i}}}e\" env=CORS_{i}\n    Header always merge Vary Origin\n</Location>\n"
        ),
        Kind::Express => format!(
            "app.use('/api/v{i}', cors({{ origin: ['https://app{i}.example.com', /^https:\\/\\/admin\\.example\\.com$/], credentials: true, maxAge: 600 }}));\napp.get('/api/v{i}/items', (req, res) => {{ res.setHeader('X-Version', '{i}'); res.json({{ ok: true }}); }});\n"
        ),
        Kind::Flask => format!(
            "@app.route(\"/api/v{i}/items\", methods=[\"GET\", \"PUT\"])\n@cross_origin(origins=[\"https://app{i}.example.com\"], supports_credentials=True)\ndef items_{i}():\n    return {{\"ok\": True}}\n\n"
        ),
        Kind::Php => format!(
            "if ($_SERVER['HTTP_ORIGIN'] === 'https://app{i}.example.com') {{\n    header(\"Access-Control-Allow-Origin: {{$_SERVER['HTTP_ORIGIN']}}\");\n    header('Vary: Origin', false);\n}}\n"
        ),
    }
}

fn config(kind: Kind) -> String {
    let mut text = match kind {
        Kind::Express => "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n".to_string(),
        Kind::Flask => "from flask import Flask\nfrom flask_cors import CORS, cross_origin\napp = Flask(__name__)\n".to_string(),
        Kind::Php => "<?php\n".to_string(),
        Kind::Nginx => "server {\n".to_string(),
        Kind::Apache => String::new(),
    };
    let mut i = 0;
    while text.len() < MIB {
        text.push_str(&block(kind, i));
        i += 1;
    }
    if kind == Kind::Nginx {
        text.push_str("}\n");
    }
    text
}

/// The calling thread's time on the CPU, in nanoseconds (the first field of
/// `/proc/thread-self/schedstat`), or the wall clock since the first call where that is not
/// available.
fn cpu_nanos() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or_else(|| START.get_or_init(Instant::now).elapsed().as_nanos() as f64)
}

/// Thread CPU time as a criterion measurement.
struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = f64;
    type Value = f64;
    fn start(&self) -> f64 {
        cpu_nanos()
    }
    fn end(&self, start: f64) -> f64 {
        cpu_nanos() - start
    }
    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }
    fn zero(&self) -> f64 {
        0.0
    }
    fn to_f64(&self, v: &f64) -> f64 {
        *v
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanos
    }
}

/// Nanoseconds shown as ns, µs or ms (CPU time).
struct Nanos;

impl ValueFormatter for Nanos {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical >= 1e6 {
            (1e6, "ms (cpu)")
        } else if typical >= 1e3 {
            (1e3, "µs (cpu)")
        } else {
            (1.0, "ns (cpu)")
        };
        values.iter_mut().for_each(|v| *v /= div);
        unit
    }
    fn scale_throughputs(&self, _: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let per = match t {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => *n as f64,
            Throughput::Elements(n) => *n as f64,
        };
        values.iter_mut().for_each(|v| *v = per * 1e9 / *v);
        "per cpu second"
    }
    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn bench(c: &mut Criterion<CpuTime>) {
    let mut group = c.benchmark_group("server");
    group.sample_size(10);
    for kind in Kind::ALL {
        let text = config(kind);
        group.bench_with_input(
            BenchmarkId::new("read 1 MiB", kind.id()),
            &text,
            |b, text| b.iter(|| read(black_box(text), Some(kind)).is_ok()),
        );
        if let Ok(config) = read(&text, Some(kind)) {
            let requests = fuzz_requests();
            group.bench_with_input(
                BenchmarkId::new("respond", kind.id()),
                &config,
                |b, config| {
                    b.iter(|| {
                        for r in &requests {
                            black_box(config.respond(r, &Backend::default()));
                        }
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench
}
criterion_main!(benches);
