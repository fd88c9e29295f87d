//! `corsim audit` against the raw server of `raw_server` over TLS: 65 server policies as
//! application code writes them, 32 vulnerable and 33 safe, each with the findings `audit` must
//! report (none on the safe ones), and the count of requests printed before sending.

mod raw_server;

use raw_server::{Answer, Req, TRUSTED, json, response, serve};
use serde_json::Value;

// The audit's configurations: server policies as application code writes them.

type Policy = fn(&Req) -> Vec<(&'static str, String)>;

fn with_credentials(origin: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Access-Control-Allow-Origin", origin.to_string()),
        ("Access-Control-Allow-Credentials", "true".to_string()),
        ("Vary", "Origin".to_string()),
    ]
}

fn preflight_extras(r: &Req, mut h: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    if r.is_preflight() && !h.is_empty() {
        h.push(("Access-Control-Allow-Methods", "GET, POST, PUT".to_string()));
        h.push((
            "Access-Control-Allow-Headers",
            "Content-Type, X-Corsim-Audit".to_string(),
        ));
    }
    h
}

fn if_allowed(r: &Req, allowed: bool) -> Vec<(&'static str, String)> {
    let h = if allowed {
        with_credentials(r.origin())
    } else {
        vec![("Vary", "Origin".to_string())]
    };
    preflight_extras(r, h)
}

/// The findings of a server that lets every origin an attacker's page can have read its
/// credentialed responses.
const ANY_ORIGIN: &[&str] = &[
    "arbitrary-origin-with-credentials",
    "look-alike-origin-with-credentials",
    "null-origin-with-credentials",
    "insecure-scheme-with-credentials",
    "sibling-subdomain-with-credentials",
];

/// The request's origin reflected when it has one, followed by these lines (and the
/// preflight's lines): no header at all for a request without `Origin`.
fn reflect_any(r: &Req, then: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    if r.origin().is_empty() {
        return vec![];
    }
    let mut h = vec![("Access-Control-Allow-Origin", r.origin().to_string())];
    h.extend(then.iter().map(|(n, v)| (*n, v.to_string())));
    preflight_extras(r, h)
}

/// The trusted origin allowed with credentials, its preflight answered with these
/// `Access-Control-Allow-Methods` and `-Headers` values; any other origin gets only
/// `Vary: Origin`.
fn trusted_with_preflight(
    r: &Req,
    methods: Option<&str>,
    headers: Option<&str>,
) -> Vec<(&'static str, String)> {
    if r.origin() != TRUSTED {
        return vec![("Vary", "Origin".into())];
    }
    let mut h = with_credentials(TRUSTED);
    if r.is_preflight() {
        if let Some(m) = methods {
            h.push(("Access-Control-Allow-Methods", m.into()));
        }
        if let Some(v) = headers {
            h.push(("Access-Control-Allow-Headers", v.into()));
        }
    }
    h
}

/// `(name, policy, expected finding kinds)`: the vulnerable ones.
fn vulnerable() -> Vec<(&'static str, Policy, &'static [&'static str])> {
    vec![
        (
            "reflect-any-with-credentials",
            |r| if_allowed(r, !r.origin().is_empty()),
            ANY_ORIGIN,
        ),
        (
            "reflect-any-except-null",
            |r| if_allowed(r, !r.origin().is_empty() && r.origin() != "null"),
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "null-allowed",
            |r| if_allowed(r, r.origin() == TRUSTED || r.origin() == "null"),
            &["null-origin-with-credentials"],
        ),
        (
            "static-null-with-credentials",
            |r| {
                preflight_extras(
                    r,
                    vec![
                        ("Access-Control-Allow-Origin", "null".into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                    ],
                )
            },
            &["null-origin-with-credentials"],
        ),
        (
            "starts-with-trusted",
            |r| if_allowed(r, r.origin().starts_with(TRUSTED)),
            &["look-alike-origin-with-credentials"],
        ),
        (
            "ends-with-host-no-dot",
            |r| {
                if_allowed(
                    r,
                    r.origin().starts_with("https://") && r.origin().ends_with("app.example.com"),
                )
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "unescaped-dot-regex",
            |r| {
                // /^https:\/\/app.example\.com$/: the first dot matches any character.
                let o = r.origin();
                let ok = o.len() == TRUSTED.len()
                    && o.starts_with("https://app")
                    && o.ends_with("example.com");
                if_allowed(r, ok)
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "contains-host",
            |r| if_allowed(r, r.origin().contains("app.example.com")),
            &[
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "contains-example",
            |r| if_allowed(r, r.origin().contains("example")),
            &[
                "arbitrary-origin-with-credentials",
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "any-subdomain",
            |r| {
                if_allowed(
                    r,
                    r.origin().starts_with("https://") && r.origin().ends_with(".example.com"),
                )
            },
            &["sibling-subdomain-with-credentials"],
        ),
        (
            "any-subdomain-any-scheme",
            |r| if_allowed(r, r.origin().ends_with(".example.com")),
            &[
                "sibling-subdomain-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "http-and-https",
            |r| {
                if_allowed(
                    r,
                    r.origin() == TRUSTED || r.origin() == "http://app.example.com",
                )
            },
            &["insecure-scheme-with-credentials"],
        ),
        (
            "host-only-comparison",
            |r| if_allowed(r, r.origin().split("://").nth(1) == Some("app.example.com")),
            &["insecure-scheme-with-credentials"],
        ),
        (
            "prefix-without-tld",
            |r| if_allowed(r, r.origin().starts_with("https://app.example")),
            &["look-alike-origin-with-credentials"],
        ),
        (
            "regex-no-end-anchor",
            |r| {
                // /^https:\/\/app\.example\.com/ (no $).
                if_allowed(r, r.origin().starts_with("https://app.example.com"))
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "regex-no-start-anchor",
            |r| {
                // /app\.example\.com$/ (no ^).
                if_allowed(r, r.origin().ends_with("app.example.com"))
            },
            &[
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "underscore-wildcard-pattern",
            |r| {
                // /^https:\/\/app\.example\.com[\w.]*$/: anything made of word characters and dots after the host.
                let o = r.origin();
                let ok = o.strip_prefix(TRUSTED).is_some_and(|rest| {
                    rest.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
                });
                if_allowed(r, ok)
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "only-preflight-checked",
            |r| {
                let ok = if r.is_preflight() {
                    r.origin() == TRUSTED
                } else {
                    !r.origin().is_empty()
                };
                if_allowed(r, ok)
            },
            ANY_ORIGIN,
        ),
        (
            "reflect-without-vary",
            |r| {
                let o = r.origin();
                if o == TRUSTED {
                    preflight_extras(
                        r,
                        vec![
                            ("Access-Control-Allow-Origin", o.into()),
                            ("Access-Control-Allow-Credentials", "true".into()),
                        ],
                    )
                } else {
                    vec![]
                }
            },
            &["missing-vary-origin"],
        ),
        (
            "reflect-any-without-vary-no-credentials",
            |r| reflect_any(r, &[]),
            &["missing-vary-origin"],
        ),
        (
            "reflects-requested-headers-trusted",
            |r| trusted_with_preflight(r, None, r.header("access-control-request-headers")),
            &["preflight-reflects-headers"],
        ),
        (
            "reflects-requested-method-and-headers",
            |r| {
                trusted_with_preflight(
                    r,
                    r.header("access-control-request-method"),
                    r.header("access-control-request-headers"),
                )
            },
            &["preflight-reflects-headers", "preflight-reflects-method"],
        ),
        (
            "reflect-on-get-only",
            |r| {
                if r.is_preflight() {
                    vec![]
                } else {
                    if_allowed(r, !r.origin().is_empty())
                }
            },
            ANY_ORIGIN,
        ),
        (
            "blocklist-of-one",
            |r| {
                if_allowed(
                    r,
                    !r.origin().is_empty() && r.origin() != "https://evil.example",
                )
            },
            ANY_ORIGIN,
        ),
        (
            "case-insensitive-contains",
            |r| {
                if_allowed(
                    r,
                    r.origin().to_ascii_lowercase().contains("app.example.com"),
                )
            },
            &[
                "look-alike-origin-with-credentials",
                "insecure-scheme-with-credentials",
            ],
        ),
        (
            "trusted-or-null-or-subdomain",
            |r| {
                if_allowed(
                    r,
                    r.origin() == "null"
                        || r.origin().ends_with(".example.com")
                            && r.origin().starts_with("https://"),
                )
            },
            &[
                "null-origin-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "endswith-registrable-no-dot",
            |r| {
                if_allowed(
                    r,
                    r.origin().starts_with("https://") && r.origin().ends_with("example.com"),
                )
            },
            &[
                "look-alike-origin-with-credentials",
                "sibling-subdomain-with-credentials",
            ],
        ),
        (
            "reflect-with-uppercase-credentials-header",
            |r| {
                preflight_extras(
                    r,
                    if r.origin().is_empty() {
                        vec![]
                    } else {
                        vec![
                            ("access-control-allow-origin", r.origin().into()),
                            ("access-control-allow-credentials", "true".into()),
                            ("vary", "origin".into()),
                        ]
                    },
                )
            },
            ANY_ORIGIN,
        ),
        (
            "redirect-then-reflect",
            |r| {
                if r.target.starts_with("/v1") {
                    let mut h = if_allowed(r, !r.origin().is_empty());
                    if !r.is_preflight() {
                        h.push(("Location", "/v2/orders".into()));
                    }
                    h
                } else {
                    if_allowed(r, !r.origin().is_empty())
                }
            },
            ANY_ORIGIN,
        ),
        (
            "allowlist-plus-localhost-and-null",
            |r| {
                if_allowed(
                    r,
                    matches!(r.origin(), TRUSTED | "http://localhost:3000" | "null"),
                )
            },
            &["null-origin-with-credentials"],
        ),
        (
            "suffix-list-check",
            |r| {
                // ['app.example.com'].some(d => origin.endsWith(d))
                if_allowed(
                    r,
                    r.origin().ends_with("app.example.com") && r.origin().starts_with("https://"),
                )
            },
            &["look-alike-origin-with-credentials"],
        ),
        (
            "vary-star-but-reflect-any",
            |r| {
                reflect_any(
                    r,
                    &[("Access-Control-Allow-Credentials", "true"), ("Vary", "*")],
                )
            },
            ANY_ORIGIN,
        ),
    ]
}

/// The safe ones: no finding expected.
fn safe() -> Vec<(&'static str, Policy)> {
    vec![
        ("no-cors-headers", |_| vec![]),
        ("wildcard", |r| {
            preflight_extras(r, vec![("Access-Control-Allow-Origin", "*".into())])
        }),
        ("wildcard-with-credentials-refused-by-browsers", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "*".into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("exact-with-credentials", |r| {
            if_allowed(r, r.origin() == TRUSTED)
        }),
        ("exact-static-no-vary-needed", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", TRUSTED.into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("exact-no-credentials", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("Access-Control-Allow-Origin", TRUSTED.into()),
                        ("Vary", "Origin".into()),
                    ]
                } else {
                    vec![("Vary", "Origin".into())]
                },
            )
        }),
        ("allowlist-two", |r| {
            if_allowed(
                r,
                matches!(r.origin(), TRUSTED | "https://admin.example.org"),
            )
        }),
        ("anchored-escaped-regex", |r| {
            if_allowed(r, r.origin() == TRUSTED)
        }),
        ("reflect-any-without-credentials-with-vary", |r| {
            reflect_any(r, &[("Vary", "Origin")])
        }),
        ("reflect-any-credentials-capitalised", |r| {
            reflect_any(
                r,
                &[
                    ("Access-Control-Allow-Credentials", "True"),
                    ("Vary", "Origin"),
                ],
            )
        }),
        ("reflect-any-credentials-false", |r| {
            reflect_any(
                r,
                &[
                    ("Access-Control-Allow-Credentials", "false"),
                    ("Vary", "Origin"),
                ],
            )
        }),
        ("trailing-slash-origin", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", format!("{}/", r.origin())),
                    ("Access-Control-Allow-Credentials", "true".into()),
                    ("Vary", "Origin".into()),
                ],
            )
        }),
        ("duplicate-allow-origin", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", r.origin().into()),
                    ("Access-Control-Allow-Origin", r.origin().into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                    ("Vary", "Origin".into()),
                ],
            )
        }),
        ("list-in-allow-origin", |r| {
            preflight_extras(
                r,
                vec![
                    (
                        "Access-Control-Allow-Origin",
                        format!("{TRUSTED}, {}", r.origin()),
                    ),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("null-without-credentials", |r| {
            preflight_extras(r, vec![("Access-Control-Allow-Origin", "null".into())])
        }),
        ("exact-forbidden-otherwise", |r| {
            if r.origin() == TRUSTED || r.origin().is_empty() {
                if_allowed(r, true)
            } else {
                vec![("Vary", "Origin".into())]
            }
        }),
        ("preflight-only", |r| {
            if r.is_preflight() {
                if_allowed(r, true)
            } else {
                vec![]
            }
        }),
        ("exact-case-sensitive", |r| {
            if_allowed(r, r.origin() == TRUSTED)
        }),
        ("exact-with-port-elsewhere", |r| {
            if_allowed(r, r.origin() == "https://app.example.com:8443")
        }),
        ("https-only-exact-host", |r| {
            if_allowed(
                r,
                r.origin().strip_prefix("https://") == Some("app.example.com"),
            )
        }),
        ("fixed-methods-and-headers", |r| {
            trusted_with_preflight(r, Some("GET"), Some("Content-Type, Authorization"))
        }),
        // `*` and the requested headers copied, never with credentials: what a page can send
        // without the user's cookies, as with `Access-Control-Allow-Headers: *` (`cors()`'s
        // default).
        ("reflects-requested-headers-with-wildcard", |r| {
            let mut h = vec![("Access-Control-Allow-Origin", "*".to_string())];
            if r.is_preflight() {
                h.push((
                    "Access-Control-Allow-Headers",
                    r.header("access-control-request-headers")
                        .unwrap_or("")
                        .to_string(),
                ));
            }
            h
        }),
        ("wildcard-headers-without-credentials", |r| {
            let mut h = vec![("Access-Control-Allow-Origin", "*".to_string())];
            if r.is_preflight() {
                h.push(("Access-Control-Allow-Headers", "*".into()));
                h.push(("Access-Control-Allow-Methods", "*".into()));
            }
            h
        }),
        ("trusted-subdomain-listed", |r| {
            if_allowed(r, matches!(r.origin(), TRUSTED | "https://www.example.com"))
        }),
        ("vary-star-exact", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("Access-Control-Allow-Origin", TRUSTED.into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                        ("Vary", "*".into()),
                    ]
                } else {
                    vec![]
                },
            )
        }),
        ("vary-list-exact", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("Access-Control-Allow-Origin", TRUSTED.into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                        ("Vary", "Accept-Encoding, Origin".into()),
                    ]
                } else {
                    vec![("Vary", "Accept-Encoding, Origin".into())]
                },
            )
        }),
        ("redirect-to-exact", |r| {
            let mut h = if_allowed(r, r.origin() == TRUSTED);
            if r.target.starts_with("/v1") && !r.is_preflight() {
                h.push(("Location", "/v2/orders".into()));
            }
            h
        }),
        ("forbidden-403-untrusted", |r| {
            if r.origin() == TRUSTED {
                if_allowed(r, true)
            } else {
                vec![("Vary", "Origin".into()), ("X-Status", "403".into())]
            }
        }),
        ("acao-on-preflight-missing-on-get", |r| {
            if r.is_preflight() {
                preflight_extras(
                    r,
                    vec![
                        ("Access-Control-Allow-Origin", r.origin().into()),
                        ("Access-Control-Allow-Credentials", "true".into()),
                        ("Vary", "Origin".into()),
                    ],
                )
            } else {
                vec![("Access-Control-Allow-Credentials", "true".into())]
            }
        }),
        ("invalid-origin-value", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "app.example.com".into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
        ("credentials-without-origin", |r| {
            preflight_extras(r, vec![("Access-Control-Allow-Credentials", "true".into())])
        }),
        ("wildcard-with-vary", |r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "*".into()),
                    ("Vary", "Origin".into()),
                ],
            )
        }),
        ("exact-uppercase-header-names", |r| {
            preflight_extras(
                r,
                if r.origin() == TRUSTED {
                    vec![
                        ("ACCESS-CONTROL-ALLOW-ORIGIN", TRUSTED.into()),
                        ("ACCESS-CONTROL-ALLOW-CREDENTIALS", "true".into()),
                        ("VARY", "Origin".into()),
                    ]
                } else {
                    vec![("VARY", "Origin".into())]
                },
            )
        }),
    ]
}

fn answer_policy(policy: Policy) -> impl Fn(&Req) -> Answer + Send + Sync {
    move |r: &Req| {
        let headers = policy(r);
        let location = headers.iter().any(|(n, _)| *n == "Location");
        let forbidden = headers.iter().any(|(n, v)| *n == "X-Status" && v == "403");
        let status = if location {
            302
        } else if forbidden {
            403
        } else if r.is_preflight() {
            204
        } else {
            200
        };
        response(status, &headers)
    }
}

fn audit(policy: Policy) -> (i32, Value) {
    let server = serve(true, answer_policy(policy));
    let (code, out, err) = server.corsim(
        "audit",
        "/v1/orders",
        &["--origin", TRUSTED, "--delay", "0", "--json"],
    );
    assert!(code == 0 || code == 1, "{code}: {err}");
    (code, json(&out))
}

fn kinds(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.get("kind").and_then(Value::as_str).map(str::to_string))
        .collect();
    k.sort();
    k.dedup();
    k
}

#[test]
fn audit_finds_every_planted_misconfiguration() {
    let cases = vulnerable();
    assert!(cases.len() >= 30);
    let mut wrong = Vec::new();
    for (name, policy, expected) in cases {
        let (code, v) = audit(policy);
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        let got = kinds(&v);
        if got != want || code != 1 {
            wrong.push(format!(
                "{name}: exit {code}, expected {want:?}, got {got:?}"
            ));
        }
        // Every finding carries its evidence: the request sent and the header lines received.
        for f in v
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(
                f.pointer("/evidence/request")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.contains("https://api.example.com:")),
                "{name}: {f}"
            );
            assert!(
                f.pointer("/evidence/request_headers")
                    .and_then(Value::as_array)
                    .is_some_and(|h| !h.is_empty())
            );
            assert!(
                f.get("browsers")
                    .and_then(Value::as_array)
                    .is_some_and(|b| !b.is_empty())
            );
        }
        assert!(
            v.get("requests_sent")
                .and_then(Value::as_u64)
                .is_some_and(|n| n > 0)
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn audit_reports_nothing_on_safe_configurations() {
    let cases = safe();
    assert!(cases.len() >= 30);
    let mut wrong = Vec::new();
    for (name, policy) in cases {
        let (code, v) = audit(policy);
        let got = kinds(&v);
        if !got.is_empty() || code != 0 {
            wrong.push(format!("{name}: exit {code}, findings {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn audit_notes_wildcard_with_credentials_and_counts_before_sending() {
    let server = serve(
        true,
        answer_policy(|r| {
            preflight_extras(
                r,
                vec![
                    ("Access-Control-Allow-Origin", "*".into()),
                    ("Access-Control-Allow-Credentials", "true".into()),
                ],
            )
        }),
    );
    let (code, out, err) = server.corsim(
        "audit",
        "/v1/orders",
        &["--origin", TRUSTED, "--delay", "0"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("41 probes from 10 origins to https://api.example.com:"),
        "{err}"
    );
    assert!(
        err.contains(": 61 requests if the server does not redirect"),
        "{err}"
    );
    assert!(
        out.contains("Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true"),
        "{out}"
    );
    let log = server.requests();
    assert!(
        out.starts_with(&format!("{} requests sent", log.len())),
        "{out}"
    );
    assert!(log.iter().all(|r| {
        r.header("user-agent")
            .is_some_and(|u| u.contains("corsim/"))
    }));
}
