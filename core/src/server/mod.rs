//! Server configurations, simulated: read the nginx, Apache httpd, Express, Flask or PHP setup
//! people paste, compute the exact response the server sends to each request (status and
//! header lines in order, duplicates kept, each with the configuration line that produced it),
//! and hand those responses to the engine for the browser's verdict.
//!
//! The page's "Server configuration" pane and `corsim server` both call [`simulate_config`]:
//! configuration text, an optional kind, the page's origin and the `fetch()` call in; the
//! exchanges (preflight, request, and the same request when the handler fails or the path does
//! not exist), the verdict of each, the origin matrix and the findings out. Everything is pure
//! and total apart from the reader's [`ConfigErrors`], which name the lines it cannot read.
//!
//! Each reader's rules were checked against the real server by the differential test in
//! `tests/servers/` (see its README for the versions and agreement figures).

pub mod apache;
pub mod environment;
pub mod express;
pub mod findings;
pub mod flask;
mod js;
pub mod model;
pub mod nginx;
pub mod php;
mod python;
pub mod regex;
pub mod run;

use std::fmt;

use serde::Serialize;

pub use environment::{EnvironmentRead, environment_reads};
pub use findings::{Finding, MatrixRow};
pub use model::{Backend, HeaderLine, HttpRequest, Note, NoteKind, ServerResponse};
pub use run::{
    Case, Exchange, Outcome, Responder, Role, Simulation, compare_cases, simulate_config,
    simulate_config_all,
};

/// The largest configuration read, in bytes.
pub const MAX_CONFIG_BYTES: usize = 8 * 1024 * 1024;

/// Which server the configuration is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// nginx (`nginx.conf`, a `server` or `location` block).
    Nginx,
    /// Apache httpd (`httpd.conf`, a virtual host, `.htaccess`).
    Apache,
    /// Express with the `cors` package or hand-written middleware.
    Express,
    /// Flask with Flask-CORS or hand-written `after_request` hooks.
    Flask,
    /// PHP `header()` calls.
    Php,
}

impl Kind {
    /// Every kind, in the CLI's order.
    pub const ALL: [Kind; 5] = [
        Kind::Nginx,
        Kind::Apache,
        Kind::Express,
        Kind::Flask,
        Kind::Php,
    ];

    /// The identifier of `--kind` and of the JSON output.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Nginx => "nginx",
            Kind::Apache => "apache",
            Kind::Express => "express",
            Kind::Flask => "flask",
            Kind::Php => "php",
        }
    }

    /// The kind named by an identifier.
    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The server and version whose behaviour the reader models.
    pub fn modelled_version(self) -> &'static str {
        match self {
            Kind::Nginx => "nginx 1.22.1",
            Kind::Apache => "Apache httpd 2.4.71",
            Kind::Express => "Express 4.22.1 with cors 2.8.5",
            Kind::Flask => "Flask 3.1.3 with Flask-CORS 6.0.5",
            Kind::Php => "PHP 8.2",
        }
    }
}

/// A line of the configuration the reader cannot read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

impl ConfigError {
    /// An error at a line.
    pub fn new(line: usize, message: impl Into<String>) -> ConfigError {
        ConfigError {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Every problem the reader found, at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// A configuration, read.
#[derive(Clone, Debug)]
pub enum Config {
    /// nginx.
    Nginx(nginx::Config),
    /// Apache httpd.
    Apache(apache::Config),
    /// Express.
    Express(express::Config),
    /// Flask.
    Flask(flask::Config),
    /// PHP.
    Php(php::Config),
}

impl Config {
    /// Which server it is for.
    pub fn kind(&self) -> Kind {
        match self {
            Config::Nginx(_) => Kind::Nginx,
            Config::Apache(_) => Kind::Apache,
            Config::Express(_) => Kind::Express,
            Config::Flask(_) => Kind::Flask,
            Config::Php(_) => Kind::Php,
        }
    }

    /// The response the server sends to `request`, the application behind the configuration
    /// answering `backend`.
    pub fn respond(&self, request: &HttpRequest, backend: &Backend) -> ServerResponse {
        match self {
            Config::Nginx(c) => c.respond(request, backend),
            Config::Apache(c) => c.respond(request, backend),
            Config::Express(c) => c.respond(request, backend),
            Config::Flask(c) => c.respond(request, backend),
            Config::Php(c) => c.respond(request, backend),
        }
    }

    /// Lines read but not modelled (they do not change CORS headers, or the model cannot
    /// evaluate them), with what they are.
    pub fn unmodelled(&self) -> Vec<(usize, String)> {
        match self {
            Config::Nginx(c) => c.unmodelled().to_vec(),
            Config::Apache(c) => c.unmodelled().to_vec(),
            Config::Express(c) => c.unmodelled().to_vec(),
            Config::Flask(c) => c.unmodelled().to_vec(),
            Config::Php(c) => c.unmodelled().to_vec(),
        }
    }
}

/// Guesses the kind of a configuration from what only that kind writes.
pub fn detect(text: &str) -> Option<Kind> {
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    let line_starts = |needles: &[&str]| {
        text.lines()
            .map(str::trim_start)
            .any(|l| needles.iter().any(|n| l.starts_with(n)))
    };
    if has(&["<?php", "$_SERVER"]) || line_starts(&["header('", "header(\"", "http_response_code("])
    {
        return Some(Kind::Php);
    }
    if has(&[
        "flask_cors",
        "from flask",
        "import flask",
        "@app.route",
        "@app.after_request",
        "CORS(app",
    ]) {
        return Some(Kind::Flask);
    }
    if has(&[
        "require('express')",
        "require(\"express\")",
        "from 'express'",
        "from \"express\"",
        "require('cors')",
        "require(\"cors\")",
        "app.use(",
        "res.setHeader(",
        "res.header(",
        "express()",
    ]) {
        return Some(Kind::Express);
    }
    if line_starts(&[
        "Header ",
        "<VirtualHost",
        "<Directory",
        "SetEnvIf",
        "RewriteEngine",
        "<IfModule",
        "<Location",
        "<If ",
        "ProxyPass ",
    ]) {
        return Some(Kind::Apache);
    }
    if has(&[
        "add_header",
        "location ",
        "server {",
        "proxy_pass",
        "http {",
        "server{",
    ]) {
        return Some(Kind::Nginx);
    }
    None
}

/// Reads a configuration of `kind`, or of the detected kind when `kind` is `None`.
pub fn read(text: &str, kind: Option<Kind>) -> Result<Config, ConfigErrors> {
    if text.len() > MAX_CONFIG_BYTES {
        return Err(ConfigErrors(vec![ConfigError::new(
            0,
            format!(
                "the configuration is {} bytes; the limit is {MAX_CONFIG_BYTES}",
                text.len()
            ),
        )]));
    }
    let Some(kind) = kind.or_else(|| detect(text)) else {
        return Err(ConfigErrors(vec![ConfigError::new(
            1,
            "cannot tell which server this configuration is for: give the kind (nginx, apache, express, flask, php)",
        )]));
    };
    match kind {
        Kind::Nginx => nginx::read(text).map(Config::Nginx),
        Kind::Apache => apache::read(text).map(Config::Apache),
        Kind::Express => express::read(text).map(Config::Express),
        Kind::Flask => flask::read(text).map(Config::Flask),
        Kind::Php => php::read(text).map(Config::Php),
    }
}

/// Why a `--browser` cannot be simulated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnsupportedBrowser {
    /// The browser asked for.
    pub browser: String,
}

impl fmt::Display for UnsupportedBrowser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown browser {:?}: use chromium, firefox or safari",
            self.browser
        )
    }
}

/// The browser profile a server simulation uses for `--browser` (and the page's browser
/// choice): `chromium` (or `chrome`), `firefox`, `safari` (or `webkit`).
pub fn browser_profile(browser: &str) -> Result<crate::Profile, UnsupportedBrowser> {
    crate::profile::Browser::from_id(browser)
        .map(|b| crate::Profile::of(b).clone())
        .ok_or_else(|| UnsupportedBrowser {
            browser: browser.to_string(),
        })
}

/// A preflight, a credentialed-looking `GET` and a request with no `Origin`, to a path most
/// configurations route: what the fuzz targets and the benchmark send.
pub fn fuzz_requests() -> Vec<HttpRequest> {
    let header = |n: &str, v: &str| (n.to_string(), v.to_string());
    vec![
        HttpRequest {
            method: "OPTIONS".to_string(),
            target: "/api/items".to_string(),
            headers: vec![
                header("Host", "api.example.com"),
                header("Origin", "https://app.example.com"),
                header("Access-Control-Request-Method", "PUT"),
                header(
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                ),
            ],
        },
        HttpRequest {
            method: "GET".to_string(),
            target: "/api/items?x=1".to_string(),
            headers: vec![
                header("Host", "api.example.com"),
                header("Origin", "https://app.example.com.evil.net"),
            ],
        },
        HttpRequest {
            method: "POST".to_string(),
            target: "/".to_string(),
            headers: vec![header("Host", "api.example.com")],
        },
    ]
}
