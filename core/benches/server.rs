//! Reading a 1 MB server configuration of each kind, and answering one request with it. The
//! configurations are realistic blocks (locations, Header lines, middleware, routes, header()
//! calls) repeated until they weigh 1 MiB; the budget is 100 ms to read one.
//!
//! `cargo bench -p corsim --bench server`

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use std::hint::black_box;

use corsim::server::{Backend, Kind, fuzz_requests, read};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

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

fn bench(c: &mut Criterion) {
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

criterion_group!(benches, bench);
criterion_main!(benches);
