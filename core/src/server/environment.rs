//! The values a configuration reads from the process environment (`process.env.X`,
//! `os.environ["X"]`, `os.getenv("X")`, `$_ENV['X']`, `getenv('X')`): corsim cannot see the
//! environment the application runs in, so each reader takes it as empty — what a process
//! started without the variable sees — and the simulation lists every such read as an
//! assumption, with its line, for the CLI and the page to show beside the verdict.

use std::collections::HashSet;

use serde::Serialize;

use super::Kind;

/// A read of an environment variable: corsim assumed the variable unset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvironmentRead {
    /// The 1-based line.
    pub line: usize,
    /// The variable's name.
    pub variable: String,
}

/// The spellings that read a variable, per kind: the text before the name, and whether the
/// name is quoted (`os.environ["X"]`) or an identifier (`process.env.X`).
fn readers(kind: Kind) -> &'static [(&'static str, bool)] {
    match kind {
        Kind::Express => &[("process.env.", false), ("process.env[", true)],
        Kind::Flask => &[
            ("environ[", true),
            ("environ.get(", true),
            ("getenv(", true),
        ],
        Kind::Php => &[("$_ENV[", true), ("getenv(", true)],
        // nginx reads no environment in its configuration; httpd's `${VAR}` is a `Define`
        // or a variable of the environment httpd started in, which the reader does not model.
        Kind::Nginx | Kind::Apache => &[],
    }
}

/// Every environment variable `text` (a configuration of `kind`) reads, in order, once per
/// line and name.
pub fn environment_reads(text: &str, kind: Kind) -> Vec<EnvironmentRead> {
    let mut out: Vec<EnvironmentRead> = Vec::new();
    let mut seen: HashSet<(usize, &str)> = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        // (byte offset, name) of each read on the line, in the line's order.
        let mut found: Vec<(usize, &str)> = Vec::new();
        for &(prefix, quoted) in readers(kind) {
            for (at, _) in line.match_indices(prefix) {
                let after = line.get(at + prefix.len()..).unwrap_or_default();
                let name = if quoted {
                    let Some(quote) = after.chars().next().filter(|c| matches!(c, '\'' | '"'))
                    else {
                        continue;
                    };
                    let body = after.get(1..).unwrap_or_default();
                    body.split(quote).next().unwrap_or_default()
                } else {
                    let end = after
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                        .unwrap_or(after.len());
                    after.get(..end).unwrap_or_default()
                };
                if !name.is_empty() && name.len() <= 200 {
                    found.push((at, name));
                }
            }
        }
        found.sort_unstable();
        for (_, name) in found {
            if seen.insert((i, name)) {
                out.push(EnvironmentRead {
                    line: i + 1,
                    variable: name.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn names(text: &str, kind: Kind) -> Vec<(usize, String)> {
        environment_reads(text, kind)
            .into_iter()
            .map(|r| (r.line, r.variable))
            .collect()
    }

    #[test]
    fn reads_of_each_kind() {
        // (name, kind, text, the reads expected: line and variable)
        type Row<'a> = (&'a str, Kind, &'a str, &'a [(usize, &'a str)]);
        let rows: &[Row] = &[
            (
                "express: process.env.X and process.env['Y'], once each",
                Kind::Express,
                "const a = process.env.CORS_ORIGIN.split(',');\nconst b = process.env['ALLOWED'] || process.env.CORS_ORIGIN;",
                &[(1, "CORS_ORIGIN"), (2, "ALLOWED"), (2, "CORS_ORIGIN")],
            ),
            (
                "flask: os.environ[...], os.environ.get, os.getenv",
                Kind::Flask,
                "o = os.environ[\"ORIGINS\"].split(\",\")\np = os.environ.get('P', 'x')\nq = os.getenv(\"Q\")",
                &[(1, "ORIGINS"), (2, "P"), (3, "Q")],
            ),
            (
                "php: $_ENV and getenv",
                Kind::Php,
                "<?php\n$a = explode(',', $_ENV['ALLOWED_ORIGINS']);\n$b = getenv(\"B\");",
                &[(2, "ALLOWED_ORIGINS"), (3, "B")],
            ),
            (
                "an unquoted or empty name is no read",
                Kind::Flask,
                "x = os.environ[key]\ny = os.getenv('')",
                &[],
            ),
            ("nginx reads none", Kind::Nginx, "set $x $ENV;", &[]),
        ];
        for (name, kind, text, want) in rows {
            let want: Vec<(usize, String)> =
                want.iter().map(|(l, n)| (*l, n.to_string())).collect();
            assert_eq!(names(text, *kind), want, "{name}");
        }
    }

    /// The `Access-Control-Allow-Origin` values the configuration sends a `GET /api/items`
    /// from `origin`.
    fn allowed(text: &str, kind: Kind, origin: &str) -> Vec<String> {
        let config = match super::super::read(text, Some(kind)) {
            Ok(c) => c,
            Err(e) => panic!("{kind:?} does not read: {e:?}"),
        };
        let request = super::super::HttpRequest {
            method: "GET".to_string(),
            target: "/api/items".to_string(),
            headers: vec![
                ("Host".to_string(), "api.example.com".to_string()),
                ("Origin".to_string(), origin.to_string()),
            ],
        };
        config
            .respond(&request, &super::super::Backend::default())
            .headers
            .into_iter()
            .filter(|h| h.name.eq_ignore_ascii_case("access-control-allow-origin"))
            .map(|h| h.value)
            .collect()
    }

    #[test]
    fn a_default_applies_where_the_variable_is_unset() {
        // (name, kind, configuration whose only allowed origin is https://b.example when the
        // variable is unset): the default's origin gets in, another does not, and the read is
        // still listed as assumed.
        type Row<'a> = (&'a str, Kind, &'a str);
        const FLASK: &str = "from flask import Flask\nfrom flask_cors import CORS\nimport os\napp = Flask(__name__)\n";
        const ROUTE: &str = "\n@app.route('/api/items')\ndef items():\n    return 'ok'\n";
        const APP: &str = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n";
        const PHP_TAIL: &str = "\nif (in_array($_SERVER['HTTP_ORIGIN'] ?? '', $allowed, true)) {\n    header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);\n}\n";
        let flask = |line: &str| format!("{FLASK}{line}{ROUTE}");
        let express = |line: &str| {
            format!("{APP}{line}\napp.get('/api/items', (req, res) => res.json([]));\n")
        };
        let php = |line: &str| format!("<?php\n{line}{PHP_TAIL}");
        let rows: Vec<(String, Row)> = vec![
            (
                flask(
                    "CORS(app, origins=os.environ.get('ORIGINS', 'https://a.example,https://b.example').split(','))",
                ),
                (
                    "flask: os.environ.get default, split",
                    Kind::Flask,
                    "ORIGINS",
                ),
            ),
            (
                flask("CORS(app, origins=os.getenv('ORIGIN', 'https://b.example'))"),
                ("flask: os.getenv default", Kind::Flask, "ORIGIN"),
            ),
            (
                flask("CORS(app, origins=os.getenv('ORIGIN', default='https://b.example'))"),
                ("flask: os.getenv default=", Kind::Flask, "ORIGIN"),
            ),
            (
                flask("CORS(app, origins=os.environ.get('ORIGIN') or 'https://b.example')"),
                (
                    "flask: os.environ.get(...) or default",
                    Kind::Flask,
                    "ORIGIN",
                ),
            ),
            (
                flask(
                    "ORIGIN = os.getenv('ORIGIN', 'https://b.example')\nCORS(app, origins=[ORIGIN])",
                ),
                (
                    "flask: default through a module variable",
                    Kind::Flask,
                    "ORIGIN",
                ),
            ),
            (
                php(
                    "$allowed = explode(',', getenv('ORIGINS') ?: 'https://a.example,https://b.example');",
                ),
                ("php: getenv(...) ?: default, explode", Kind::Php, "ORIGINS"),
            ),
            (
                php("$allowed = [$_ENV['ORIGIN'] ?? 'https://b.example'];"),
                ("php: $_ENV[...] ?? default", Kind::Php, "ORIGIN"),
            ),
            (
                php(
                    "$o = getenv('ORIGIN');\nif ($o === false) { $o = 'https://b.example'; }\n$allowed = [$o];",
                ),
                ("php: getenv is false where unset", Kind::Php, "ORIGIN"),
            ),
            (
                express("app.use(cors({ origin: [process.env.ORIGIN || 'https://b.example'] }));"),
                ("express: process.env.X || default", Kind::Express, "ORIGIN"),
            ),
            (
                express(
                    "app.use(cors({ origin: [process.env['ORIGIN'] ?? 'https://b.example'] }));",
                ),
                (
                    "express: process.env['X'] ?? default",
                    Kind::Express,
                    "ORIGIN",
                ),
            ),
            (
                express(
                    "const allowed = (process.env.ORIGINS || 'https://a.example,https://b.example').split(',');\napp.use(cors({ origin: allowed }));",
                ),
                ("express: default, split", Kind::Express, "ORIGINS"),
            ),
        ];
        for (text, (name, kind, variable)) in &rows {
            assert_eq!(
                allowed(text, *kind, "https://b.example"),
                vec!["https://b.example".to_string()],
                "{name}: the default's origin"
            );
            assert!(
                allowed(text, *kind, "https://evil.example").is_empty(),
                "{name}: another origin"
            );
            assert!(
                names(text, *kind).iter().any(|(_, v)| v == variable),
                "{name}: listed as assumed"
            );
        }
    }
}
