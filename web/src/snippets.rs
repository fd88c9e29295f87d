//! Ready-to-paste server configuration, written from the user's own scenario: their origin,
//! their method, the request headers their browser asks to send. These functions restate data
//! in each framework's syntax; they decide nothing. What the server must send is the engine's
//! [`corsim::advice::ServerConfig`]: the verdict's fix (verified by simulation) applied to the
//! scenario's answers, the `Access-Control-Request-*` values of the preflight the engine built,
//! and an assumed origin kept out.

pub use corsim::advice::ServerConfig;

/// A server framework or configuration format.
#[derive(Clone, Copy, Debug)]
pub struct Framework {
    /// A stable identifier (`express`), used in element ids and tests.
    pub id: &'static str,
    /// The name shown on its tab.
    pub label: &'static str,
    /// The language, for the code block's class.
    pub language: &'static str,
    /// Writes the configuration.
    pub render: fn(&ServerConfig) -> String,
}

/// Every framework, in the order of the tabs.
pub const FRAMEWORKS: [Framework; 10] = [
    Framework {
        id: "headers",
        label: "Headers",
        language: "http",
        render: raw_headers,
    },
    Framework {
        id: "express",
        label: "Express",
        language: "javascript",
        render: express,
    },
    Framework {
        id: "nginx",
        label: "nginx",
        language: "nginx",
        render: nginx,
    },
    Framework {
        id: "apache",
        label: "Apache",
        language: "apache",
        render: apache,
    },
    Framework {
        id: "flask",
        label: "Flask",
        language: "python",
        render: flask,
    },
    Framework {
        id: "django",
        label: "Django",
        language: "python",
        render: django,
    },
    Framework {
        id: "spring",
        label: "Spring",
        language: "java",
        render: spring,
    },
    Framework {
        id: "axum",
        label: "axum",
        language: "rust",
        render: axum,
    },
    Framework {
        id: "go",
        label: "Go",
        language: "go",
        render: go,
    },
    Framework {
        id: "php",
        label: "PHP",
        language: "php",
        render: php,
    },
];

/// A string literal in single quotes (JavaScript, PHP, Python) or double quotes (Java, Go, Rust,
/// nginx, Apache).
fn quote(s: &str, q: char) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        if c == q || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(q);
    out
}

fn list(items: &[String], q: char) -> String {
    items
        .iter()
        .map(|i| quote(i, q))
        .collect::<Vec<_>>()
        .join(", ")
}

fn joined(items: &[String]) -> String {
    items.join(", ")
}

/// The headers themselves, for any server.
pub fn raw_headers(c: &ServerConfig) -> String {
    let mut out = String::new();
    if c.preflight {
        out.push_str("# The answer to the preflight (OPTIONS), with a 204 or 200 status:\n");
        out.push_str(&format!("Access-Control-Allow-Origin: {}\n", c.origin));
        if !c.methods.is_empty() {
            out.push_str(&format!(
                "Access-Control-Allow-Methods: {}\n",
                joined(&c.methods)
            ));
        }
        if !c.allow_headers.is_empty() {
            out.push_str(&format!(
                "Access-Control-Allow-Headers: {}\n",
                joined(&c.allow_headers)
            ));
        }
        if c.credentials {
            out.push_str("Access-Control-Allow-Credentials: true\n");
        }
        if let Some(age) = c.max_age {
            out.push_str(&format!("Access-Control-Max-Age: {age}\n"));
        }
        out.push_str("Vary: Origin\n\n");
    }
    out.push_str("# Every response to the request itself, errors included:\n");
    out.push_str(&format!("Access-Control-Allow-Origin: {}\n", c.origin));
    if c.credentials {
        out.push_str("Access-Control-Allow-Credentials: true\n");
    }
    if !c.expose_headers.is_empty() {
        out.push_str(&format!(
            "Access-Control-Expose-Headers: {}\n",
            joined(&c.expose_headers)
        ));
    }
    out.push_str("Vary: Origin\n");
    out
}

/// Express with the `cors` package.
pub fn express(c: &ServerConfig) -> String {
    let mut o = vec![format!("  origin: {},", quote(&c.origin, '\''))];
    if !c.methods.is_empty() {
        o.push(format!("  methods: [{}],", list(&c.methods, '\'')));
    }
    if !c.allow_headers.is_empty() {
        o.push(format!(
            "  allowedHeaders: [{}],",
            list(&c.allow_headers, '\'')
        ));
    }
    if !c.expose_headers.is_empty() {
        o.push(format!(
            "  exposedHeaders: [{}],",
            list(&c.expose_headers, '\'')
        ));
    }
    if c.credentials {
        o.push("  credentials: true,".to_string());
    }
    if let Some(age) = c.max_age {
        o.push(format!("  maxAge: {age},"));
    }
    format!(
        "// npm install cors\nconst cors = require('cors');\n\n\
         // Before the routes and the error handlers, so that every answer\n\
         // (OPTIONS and errors too) carries the headers. cors() answers\n\
         // the preflight itself, with 204.\n\
         app.use(cors({{\n{}\n}}));\n",
        o.join("\n")
    )
}

/// nginx, with `always` so error responses carry the headers too.
pub fn nginx(c: &ServerConfig) -> String {
    let origin = quote(&c.origin, '"');
    let mut out = String::from("location / {\n");
    if c.preflight {
        out.push_str("    if ($request_method = OPTIONS) {\n");
        out.push_str(&format!(
            "        add_header Access-Control-Allow-Origin {origin} always;\n"
        ));
        if !c.methods.is_empty() {
            out.push_str(&format!(
                "        add_header Access-Control-Allow-Methods {} always;\n",
                quote(&joined(&c.methods), '"')
            ));
        }
        if !c.allow_headers.is_empty() {
            out.push_str(&format!(
                "        add_header Access-Control-Allow-Headers {} always;\n",
                quote(&joined(&c.allow_headers), '"')
            ));
        }
        if c.credentials {
            out.push_str("        add_header Access-Control-Allow-Credentials \"true\" always;\n");
        }
        if let Some(age) = c.max_age {
            out.push_str(&format!(
                "        add_header Access-Control-Max-Age {age} always;\n"
            ));
        }
        out.push_str("        add_header Vary Origin always;\n");
        out.push_str("        return 204;\n    }\n");
    }
    out.push_str(
        "    # `always`: without it nginx adds headers to 2xx and 3xx only,\n    \
         # and an error without them looks like a CORS error.\n",
    );
    out.push_str(&format!(
        "    add_header Access-Control-Allow-Origin {origin} always;\n"
    ));
    if c.credentials {
        out.push_str("    add_header Access-Control-Allow-Credentials \"true\" always;\n");
    }
    if !c.expose_headers.is_empty() {
        out.push_str(&format!(
            "    add_header Access-Control-Expose-Headers {} always;\n",
            quote(&joined(&c.expose_headers), '"')
        ));
    }
    out.push_str("    add_header Vary Origin always;\n");
    out.push_str(
        "    # If the app behind also sends CORS headers, hide its copies\n    \
         # (or the browser sees two Access-Control-Allow-Origin):\n    \
         # proxy_hide_header Access-Control-Allow-Origin;\n",
    );
    out.push_str("    proxy_pass http://backend;  # your upstream\n}\n");
    out
}

/// Apache httpd with `mod_headers` (and `mod_rewrite` for the preflight).
pub fn apache(c: &ServerConfig) -> String {
    let mut out = String::from(
        "# mod_headers; in the <VirtualHost>, a <Directory> or .htaccess.\n\
         # `always` also covers error responses.\n",
    );
    out.push_str(&format!(
        "Header always set Access-Control-Allow-Origin {}\n",
        quote(&c.origin, '"')
    ));
    if c.credentials {
        out.push_str("Header always set Access-Control-Allow-Credentials \"true\"\n");
    }
    if !c.expose_headers.is_empty() {
        out.push_str(&format!(
            "Header always set Access-Control-Expose-Headers {}\n",
            quote(&joined(&c.expose_headers), '"')
        ));
    }
    out.push_str("Header always merge Vary Origin\n");
    if c.preflight {
        if !c.methods.is_empty() {
            out.push_str(&format!(
                "Header always set Access-Control-Allow-Methods {}\n",
                quote(&joined(&c.methods), '"')
            ));
        }
        if !c.allow_headers.is_empty() {
            out.push_str(&format!(
                "Header always set Access-Control-Allow-Headers {}\n",
                quote(&joined(&c.allow_headers), '"')
            ));
        }
        if let Some(age) = c.max_age {
            out.push_str(&format!(
                "Header always set Access-Control-Max-Age \"{age}\"\n"
            ));
        }
        out.push_str(
            "\n# Answer the preflight with 204, before authentication:\n\
             RewriteEngine On\n\
             RewriteCond %{REQUEST_METHOD} OPTIONS\n\
             RewriteRule ^ - [R=204,L]\n",
        );
    }
    out
}

/// Flask with Flask-CORS.
pub fn flask(c: &ServerConfig) -> String {
    let mut o = vec![format!("    origins=[{}],", quote(&c.origin, '"'))];
    if !c.methods.is_empty() {
        o.push(format!("    methods=[{}],", list(&c.methods, '"')));
    }
    if !c.allow_headers.is_empty() {
        o.push(format!(
            "    allow_headers=[{}],",
            list(&c.allow_headers, '"')
        ));
    }
    if !c.expose_headers.is_empty() {
        o.push(format!(
            "    expose_headers=[{}],",
            list(&c.expose_headers, '"')
        ));
    }
    if c.credentials {
        o.push("    supports_credentials=True,".to_string());
    }
    if let Some(age) = c.max_age {
        o.push(format!("    max_age={age},"));
    }
    format!(
        "# pip install flask-cors\nfrom flask_cors import CORS\n\nCORS(\n    app,\n{}\n)\n",
        o.join("\n")
    )
}

/// Django with django-cors-headers.
pub fn django(c: &ServerConfig) -> String {
    const DEFAULT_METHODS: [&str; 6] = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"];
    const DEFAULT_HEADERS: [&str; 6] = [
        "accept",
        "authorization",
        "content-type",
        "user-agent",
        "x-csrftoken",
        "x-requested-with",
    ];
    let extra_methods: Vec<String> = c
        .methods
        .iter()
        .filter(|m| !DEFAULT_METHODS.contains(&m.as_str()))
        .cloned()
        .collect();
    let extra_headers: Vec<String> = c
        .allow_headers
        .iter()
        .filter(|h| !DEFAULT_HEADERS.iter().any(|d| d.eq_ignore_ascii_case(h)))
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let mut out = String::from("# pip install django-cors-headers — in settings.py\n");
    if !extra_methods.is_empty() || !extra_headers.is_empty() {
        out.push_str("from corsheaders.defaults import default_headers, default_methods\n");
    }
    out.push_str(
        "\nINSTALLED_APPS = [\n    # ...\n    \"corsheaders\",\n]\n\n\
         MIDDLEWARE = [\n    \"corsheaders.middleware.CorsMiddleware\",  # as high as possible\n    \
         \"django.middleware.common.CommonMiddleware\",\n    # ...\n]\n\n",
    );
    out.push_str(&format!(
        "CORS_ALLOWED_ORIGINS = [{}]\n",
        quote(&c.origin, '"')
    ));
    if !extra_methods.is_empty() {
        out.push_str(&format!(
            "CORS_ALLOW_METHODS = (*default_methods, {})\n",
            list(&extra_methods, '"')
        ));
    }
    if !extra_headers.is_empty() {
        out.push_str(&format!(
            "CORS_ALLOW_HEADERS = (*default_headers, {})\n",
            list(&extra_headers, '"')
        ));
    }
    if !c.expose_headers.is_empty() {
        out.push_str(&format!(
            "CORS_EXPOSE_HEADERS = [{}]\n",
            list(&c.expose_headers, '"')
        ));
    }
    if c.credentials {
        out.push_str("CORS_ALLOW_CREDENTIALS = True\n");
    }
    if let Some(age) = c.max_age {
        out.push_str(&format!("CORS_PREFLIGHT_MAX_AGE = {age}\n"));
    }
    out
}

/// Spring MVC (`WebMvcConfigurer`).
pub fn spring(c: &ServerConfig) -> String {
    let mut chain = vec![
        "registry.addMapping(\"/**\")".to_string(),
        format!(".allowedOrigins({})", quote(&c.origin, '"')),
        format!(".allowedMethods({})", list(&c.methods_with_simple(), '"')),
    ];
    if !c.allow_headers.is_empty() {
        chain.push(format!(".allowedHeaders({})", list(&c.allow_headers, '"')));
    }
    if !c.expose_headers.is_empty() {
        chain.push(format!(".exposedHeaders({})", list(&c.expose_headers, '"')));
    }
    if c.credentials {
        chain.push(".allowCredentials(true)".to_string());
    }
    if let Some(age) = c.max_age {
        chain.push(format!(".maxAge({age})"));
    }
    format!(
        "@Configuration\npublic class CorsConfig implements WebMvcConfigurer {{\n    \
         @Override\n    public void addCorsMappings(CorsRegistry registry) {{\n        {};\n    }}\n}}\n\
         // With Spring Security, enable CORS there too, or it rejects\n\
         // the preflight: http.cors(Customizer.withDefaults());\n",
        chain.join("\n            ")
    )
}

fn rust_method(m: &str) -> String {
    match m {
        "GET" | "POST" | "PUT" | "DELETE" | "HEAD" | "OPTIONS" | "PATCH" | "CONNECT" | "TRACE" => {
            format!("Method::{m}")
        }
        other => format!(
            "Method::from_bytes({}.as_bytes()).unwrap()",
            quote(other, '"')
        ),
    }
}

fn rust_header(h: &str) -> String {
    format!(
        "HeaderName::from_static({})",
        quote(&h.to_ascii_lowercase(), '"')
    )
}

/// A builder call with an array argument: on one line when short, one item a line otherwise.
fn rust_array(call: &str, items: &[String]) -> String {
    let one_line = format!("{call}([{}])", items.join(", "));
    if one_line.len() <= 64 {
        one_line
    } else {
        format!("{call}([\n        {},\n    ])", items.join(",\n        "))
    }
}

/// axum with tower-http's `CorsLayer`.
pub fn axum(c: &ServerConfig) -> String {
    let mut chain = vec![format!(
        ".allow_origin(HeaderValue::from_static({}))",
        quote(&c.origin, '"')
    )];
    if !c.methods.is_empty() {
        let methods: Vec<String> = c.methods.iter().map(|m| rust_method(m)).collect();
        chain.push(rust_array(".allow_methods", &methods));
    }
    if !c.allow_headers.is_empty() {
        let headers: Vec<String> = c.allow_headers.iter().map(|h| rust_header(h)).collect();
        chain.push(rust_array(".allow_headers", &headers));
    }
    if !c.expose_headers.is_empty() {
        let headers: Vec<String> = c.expose_headers.iter().map(|h| rust_header(h)).collect();
        chain.push(rust_array(".expose_headers", &headers));
    }
    if c.credentials {
        chain.push(".allow_credentials(true)".to_string());
    }
    if let Some(age) = c.max_age {
        chain.push(format!(".max_age(Duration::from_secs({age}))"));
    }
    format!(
        "// Cargo.toml: tower-http = {{ version = \"0.6\", features = [\"cors\"] }}\n\
         use std::time::Duration;\n\
         use axum::http::{{HeaderName, HeaderValue, Method}};\n\
         use tower_http::cors::CorsLayer;\n\n\
         let cors = CorsLayer::new()\n    {};\n\n\
         // The outermost layer: it answers preflights before auth.\n\
         let app = Router::new()\n    // .route(...)\n    .layer(cors);\n",
        chain.join("\n    ")
    )
}

/// Go with github.com/rs/cors.
pub fn go(c: &ServerConfig) -> String {
    let mut o = vec![
        format!("\tAllowedOrigins:   []string{{{}}},", quote(&c.origin, '"')),
        format!(
            "\tAllowedMethods:   []string{{{}}},",
            list(&c.methods_with_simple(), '"')
        ),
    ];
    if !c.allow_headers.is_empty() {
        o.push(format!(
            "\tAllowedHeaders:   []string{{{}}},",
            list(&c.allow_headers, '"')
        ));
    }
    if !c.expose_headers.is_empty() {
        o.push(format!(
            "\tExposedHeaders:   []string{{{}}},",
            list(&c.expose_headers, '"')
        ));
    }
    if c.credentials {
        o.push("\tAllowCredentials: true,".to_string());
    }
    if let Some(age) = c.max_age {
        o.push(format!("\tMaxAge:           {age},"));
    }
    format!(
        "// go get github.com/rs/cors\nc := cors.New(cors.Options{{\n{}\n}})\n\n\
         // Wrap the whole mux: preflights are answered before auth.\n\
         handler := c.Handler(mux)\n",
        o.join("\n")
    )
}

/// Plain PHP.
pub fn php(c: &ServerConfig) -> String {
    let header = |line: String| format!("header({});\n", quote(&line, '\''));
    let mut out =
        String::from("<?php\n// At the top, before any output, on every path (errors too).\n");
    out.push_str(&header(format!(
        "Access-Control-Allow-Origin: {}",
        c.origin
    )));
    if c.credentials {
        out.push_str(&header("Access-Control-Allow-Credentials: true".into()));
    }
    if !c.expose_headers.is_empty() {
        out.push_str(&header(format!(
            "Access-Control-Expose-Headers: {}",
            joined(&c.expose_headers)
        )));
    }
    out.push_str(&header("Vary: Origin".into()));
    if c.preflight {
        out.push_str("if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {\n");
        if !c.methods.is_empty() {
            out.push_str("    ");
            out.push_str(&header(format!(
                "Access-Control-Allow-Methods: {}",
                joined(&c.methods)
            )));
        }
        if !c.allow_headers.is_empty() {
            out.push_str("    ");
            out.push_str(&header(format!(
                "Access-Control-Allow-Headers: {}",
                joined(&c.allow_headers)
            )));
        }
        if let Some(age) = c.max_age {
            out.push_str("    ");
            out.push_str(&header(format!("Access-Control-Max-Age: {age}")));
        }
        out.push_str("    http_response_code(204);\n    exit;\n}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> ServerConfig {
        match corsim::parse_scenario(json) {
            Ok(s) => ServerConfig::new(&s, &corsim::simulate(&s), &[]),
            Err(e) => panic!("{e}"),
        }
    }

    const JSON_PATCH: &str = r#"{"origin":"https://app.example.com:8443",
        "request":{"url":"https://api.example.com/v1/orders","method":"patch",
                   "headers":[["Content-Type","application/json"],["X-Request-Id","1"]],
                   "credentials":"include"},
        "preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com:8443"],
                     ["Access-Control-Allow-Methods","GET, POST, PATCH"],["Access-Control-Allow-Credentials","true"],
                     ["Access-Control-Max-Age","600"]]},
        "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example.com:8443"],
                    ["Access-Control-Allow-Credentials","true"],["Access-Control-Expose-Headers","X-Total-Count"]]}}"#;

    #[test]
    fn the_snippet_lists_headers_in_the_order_of_the_fix() {
        let Some(s) = crate::gallery::default_scenario() else {
            panic!("default scenario");
        };
        let v = corsim::simulate(&s);
        let c = ServerConfig::new(&s, &v, &[]);
        let fixed = v
            .fix
            .iter()
            .flat_map(|f| f.changes.iter())
            .find_map(|ch| match ch {
                corsim::verdict::Change::SetHeader { header, value, .. }
                    if header.eq_ignore_ascii_case("access-control-allow-headers") =>
                {
                    Some(value.clone())
                }
                _ => None,
            });
        assert_eq!(fixed.as_deref(), Some(c.allow_headers.join(", ").as_str()));
        assert!(raw_headers(&c).contains(&format!(
            "Access-Control-Allow-Headers: {}",
            fixed.unwrap_or_default()
        )));
    }

    #[test]
    fn the_config_is_the_users_own() {
        let c = config(JSON_PATCH);
        assert_eq!(c.origin, "https://app.example.com:8443");
        // The fixed answer's order: the server's own methods, then the one the fix adds.
        assert_eq!(c.methods, ["GET", "POST", "PATCH", "patch"]);
        assert_eq!(c.allow_headers, ["content-type", "x-request-id"]);
        assert_eq!(c.expose_headers, ["X-Total-Count"]);
        assert!(c.credentials);
        assert_eq!(c.max_age, Some(600));
        assert!(c.preflight);
    }

    #[test]
    fn every_framework_names_the_origin_method_and_headers() {
        let c = config(JSON_PATCH);
        for f in FRAMEWORKS {
            let text = (f.render)(&c);
            assert!(
                text.contains("https://app.example.com:8443"),
                "{}: {text}",
                f.id
            );
            assert!(text.contains("patch"), "{}: {text}", f.id);
            assert!(
                text.to_ascii_lowercase().contains("x-request-id"),
                "{}: {text}",
                f.id
            );
            assert!(
                text.contains("true") || text.contains("True"),
                "{}: {text}",
                f.id
            );
        }
    }

    #[test]
    fn framework_syntax_details() {
        let c = config(JSON_PATCH);
        let nginx = nginx(&c);
        // Every add_header carries `always`.
        for line in nginx
            .lines()
            .filter(|l| l.trim_start().starts_with("add_header"))
        {
            assert!(line.ends_with(" always;"), "{line}");
        }
        assert!(apache(&c).contains(
            "Header always set Access-Control-Allow-Origin \"https://app.example.com:8443\""
        ));
        assert!(express(&c).contains("methods: ['GET', 'POST', 'PATCH', 'patch'],"));
        assert!(axum(&c).contains(
            "Method::PATCH,\n        Method::from_bytes(\"patch\".as_bytes()).unwrap(),"
        ));
        assert!(axum(&c).contains("HeaderName::from_static(\"x-total-count\")"));
        assert!(django(&c).contains("CORS_ALLOW_METHODS = (*default_methods, \"patch\")"));
        assert!(django(&c).contains("CORS_ALLOW_HEADERS = (*default_headers, \"x-request-id\")"));
        assert!(
            spring(&c)
                .contains(".allowedMethods(\"GET\", \"HEAD\", \"POST\", \"PATCH\", \"patch\")")
        );
        assert!(go(&c).contains("AllowCredentials: true,"));
        assert!(flask(&c).contains("supports_credentials=True,"));
        assert!(
            php(&c).contains("header('Access-Control-Allow-Methods: GET, POST, PATCH, patch');")
        );
    }

    #[test]
    fn the_fix_is_applied_before_writing() {
        // Blocked: ACAO lists the origin with a trailing slash; the fix names it exactly.
        let c = config(
            r#"{"origin":"https://app.example.com",
                "request":{"url":"https://api.example.com/x"},
                "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example.com/"]]}}"#,
        );
        assert_eq!(c.origin, "https://app.example.com");
        assert!(!c.preflight);
        assert!(c.methods.is_empty());
        let headers = raw_headers(&c);
        assert!(!headers.contains("preflight"), "{headers}");
        assert!(headers.contains("Access-Control-Allow-Origin: https://app.example.com\n"));
    }

    #[test]
    fn the_patch_lesson_the_fix_and_the_snippet_agree() {
        let Some(entry) = crate::gallery::ENTRIES
            .iter()
            .find(|e| e.id == "patch-lowercase")
        else {
            panic!("no patch-lowercase entry");
        };
        let s = corsim::parse_scenario(entry.json).unwrap_or_else(|e| panic!("{e}"));
        let v = corsim::simulate(&s);
        // The first fix is the script's: write PATCH, as the lesson says.
        let script = corsim::script_fix::find_script_fix(&s, &v, &corsim::Profile::CHROMIUM);
        let Some(first) = script.as_ref().and_then(|f| f.changes.first()) else {
            panic!("no script fix: {script:?}");
        };
        let said = corsim::text::fix::script_change(first);
        assert!(said.starts_with("Write method: 'PATCH'"), "{said}");
        assert!(
            entry.lesson.contains("Write 'PATCH' in the script"),
            "{}",
            entry.lesson
        );
        // The snippet lists the method as the script sends it, and its note says why and
        // points at the same fix.
        let c = ServerConfig::new(&s, &v, &[]);
        assert!(c.methods.iter().any(|m| m == "patch"), "{:?}", c.methods);
        assert!(raw_headers(&c).contains(", patch"), "{}", raw_headers(&c));
        let notes: Vec<String> = c.notes.iter().map(corsim::text::fix::config_note).collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        let note = notes.first().cloned().unwrap_or_default();
        assert!(
            note.contains("lists patch exactly as the script sends it"),
            "{note}"
        );
        assert!(
            note.contains("write method: 'PATCH' in the script"),
            "{note}"
        );
    }

    #[test]
    fn quotes_are_escaped() {
        assert_eq!(quote("a'b\\c", '\''), "'a\\'b\\\\c'");
        assert_eq!(quote("x\"y", '"'), "\"x\\\"y\"");
    }
}
