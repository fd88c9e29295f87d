//! The origin matrix (which origins get in, with and without credentials, each with the
//! engine's verdict) and the findings drawn from it and from the error cases, each with the
//! exact header lines and configuration lines that prove it.

use serde::Serialize;

use super::model::{HeaderLine, Origin, is_cors_header};
use super::run::{Case, Outcome, Responder, Role, exchange};
use crate::reason::CorsError;
use crate::scenario::{Credentials, RequestInit};
use crate::{Profile, verdict::FetchOutcome};

/// What kind of origin a matrix row tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Probe {
    /// The page's own origin.
    Own,
    /// Another subdomain of the same registrable domain.
    Sibling,
    /// The same host over `http://`.
    PlainHttp,
    /// The opaque origin `null` (sandboxed frames, `file:` pages, some redirects).
    Null,
    /// An unrelated origin.
    Attacker,
    /// A look-alike with the host as a prefix of the label (`evil-example.com`).
    LookAlikePrefix,
    /// A look-alike with the host as a prefix of another domain (`example.com.evil.net`).
    LookAlikeSuffix,
}

/// One row of the origin matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixRow {
    /// What the origin stands for.
    pub probe: Probe,
    /// The origin tried.
    pub origin: String,
    /// The credentials mode.
    pub credentials: Credentials,
    /// Whether the script can read the response.
    pub readable: bool,
    /// Chromium's `CorsError` when it cannot.
    pub cors_error: Option<CorsError>,
    /// The `Access-Control-Allow-Origin` lines the request's response carried.
    pub allow_origin: Vec<String>,
}

/// The origins a matrix tries for a page origin.
pub fn probes(origin: &str) -> Vec<(Probe, String)> {
    let (scheme, rest) = origin.split_once("://").unwrap_or(("https", origin));
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h, format!(":{p}")),
        _ => (rest, String::new()),
    };
    let labels: Vec<&str> = host.split('.').collect();
    let sibling = if labels.len() >= 3 {
        format!(
            "{scheme}://other.{}{port}",
            labels.get(1..).unwrap_or_default().join(".")
        )
    } else {
        format!("{scheme}://other.{host}{port}")
    };
    let registrable = if labels.len() >= 2 {
        labels.get(labels.len() - 2..).unwrap_or_default().join(".")
    } else {
        host.to_string()
    };
    let first = registrable.split('.').next().unwrap_or("example");
    let tld = registrable.split('.').nth(1).unwrap_or("com");
    let mut rows = vec![
        (Probe::Own, origin.to_string()),
        (Probe::Sibling, sibling),
        (Probe::Null, "null".to_string()),
        (Probe::Attacker, "https://attacker.example".to_string()),
        (
            Probe::LookAlikePrefix,
            format!("{scheme}://evil-{first}.{tld}{port}"),
        ),
        (
            Probe::LookAlikeSuffix,
            format!("{scheme}://{host}.evil.net{port}"),
        ),
    ];
    if scheme == "https" {
        rows.insert(2, (Probe::PlainHttp, format!("http://{host}{port}")));
    }
    rows
}

/// Which origins get in, for the same request, with credentials omitted and included.
pub fn origin_matrix(
    config: &dyn Responder,
    origin: &str,
    init: &RequestInit,
    upstream_headers: &[(String, String)],
    profile: &Profile,
) -> Vec<MatrixRow> {
    let backend = Case::Normal.backend(upstream_headers);
    let mut rows = Vec::new();
    for credentials in [Credentials::Omit, Credentials::Include] {
        for (probe, candidate) in probes(origin) {
            let mut request = init.clone();
            request.credentials = credentials;
            let outcome = exchange(
                config,
                &candidate,
                &request,
                &backend,
                Case::Normal,
                profile,
            );
            let allow_origin = outcome
                .exchanges
                .iter()
                .rev()
                .find(|e| e.sent)
                .map(|e| {
                    e.response
                        .headers
                        .iter()
                        .filter(|h| h.name.eq_ignore_ascii_case("access-control-allow-origin"))
                        .map(|h| h.value.clone())
                        .collect()
                })
                .unwrap_or_default();
            rows.push(MatrixRow {
                probe,
                origin: candidate,
                credentials,
                readable: outcome.verdict.is_readable()
                    && outcome.verdict.fetch == FetchOutcome::Resolved,
                cors_error: outcome.verdict.cors_error,
                allow_origin,
            });
        }
    }
    rows
}

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FindingKind {
    /// An unrelated origin can read credentialed responses: the origin is reflected.
    OriginReflectedWithCredentials,
    /// A look-alike origin gets in: an unanchored or unescaped pattern.
    LookAlikeAllowed {
        /// The look-alike that got in.
        origin: String,
    },
    /// `null` is trusted.
    NullTrusted,
    /// The response to a failing handler or an unknown path carries no CORS headers, so the
    /// script sees a CORS error instead of the status.
    MissingOnError {
        /// The case.
        case: Case,
        /// The status sent.
        status: u16,
    },
    /// The preflight is not answered with a 2xx status.
    PreflightNotHandled {
        /// The status sent.
        status: u16,
    },
    /// The preflight gets `Access-Control-Allow-Origin` but the request itself does not (the
    /// headers sit in the `OPTIONS` branch only): the preflight passes and the response is
    /// still blocked.
    AllowOriginOnlyOnPreflight,
    /// The page's origin is reflected without `Vary: Origin`.
    VaryOriginMissing,
    /// More than one `Access-Control-Allow-Origin` line (the web server and the application
    /// both add it, or two tables do).
    DuplicateAllowOrigin,
    /// `Access-Control-Allow-Origin: *` together with `Access-Control-Allow-Credentials: true`.
    WildcardWithCredentials,
}

/// A finding and its evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What.
    #[serde(flatten)]
    pub kind: FindingKind,
    /// The header lines that show it (name, value, the line that produced it).
    pub evidence: Vec<HeaderLine>,
    /// The configuration lines involved.
    pub lines: Vec<usize>,
}

fn cors_lines(lines: &[HeaderLine]) -> Vec<HeaderLine> {
    lines
        .iter()
        .filter(|h| is_cors_header(&h.name))
        .cloned()
        .collect()
}

fn config_lines(lines: &[HeaderLine]) -> Vec<usize> {
    let mut out = Vec::new();
    for h in lines {
        if let Origin::Config { line } = h.from
            && !out.contains(&line)
        {
            out.push(line);
        }
    }
    out
}

/// The findings for the outcomes of the three cases and the origin matrix.
pub fn findings(outcomes: &[Outcome], matrix: &[MatrixRow]) -> Vec<Finding> {
    let mut out = Vec::new();
    let normal = outcomes.iter().find(|o| o.case == Case::Normal);
    let row = |probe: Probe, credentials: Credentials| {
        matrix
            .iter()
            .find(|r| r.probe == probe && r.credentials == credentials)
    };
    let evidence_of = |o: &Outcome| -> Vec<HeaderLine> {
        o.exchanges
            .iter()
            .rev()
            .find(|e| e.role == Role::Request)
            .map(|e| cors_lines(&e.response.headers))
            .unwrap_or_default()
    };
    if let Some(normal) = normal {
        let request = normal.exchanges.iter().find(|e| e.role == Role::Request);
        let preflight = normal.exchanges.iter().find(|e| e.role == Role::Preflight);
        if row(Probe::Attacker, Credentials::Include).is_some_and(|r| r.readable) {
            let ev = evidence_of(normal);
            out.push(Finding {
                kind: FindingKind::OriginReflectedWithCredentials,
                lines: config_lines(&ev),
                evidence: ev,
            });
        } else {
            for probe in [Probe::LookAlikePrefix, Probe::LookAlikeSuffix] {
                if let Some(r) = matrix.iter().find(|r| r.probe == probe && r.readable)
                    && !row(Probe::Attacker, r.credentials).is_some_and(|a| a.readable)
                {
                    let ev = evidence_of(normal);
                    out.push(Finding {
                        kind: FindingKind::LookAlikeAllowed {
                            origin: r.origin.clone(),
                        },
                        lines: config_lines(&ev),
                        evidence: ev,
                    });
                }
            }
        }
        if matrix.iter().any(|r| {
            r.probe == Probe::Null && r.readable && r.allow_origin.iter().any(|v| v == "null")
        }) {
            out.push(Finding {
                kind: FindingKind::NullTrusted,
                evidence: Vec::new(),
                lines: Vec::new(),
            });
        }
        if let Some(p) = preflight
            && !(200..300).contains(&p.response.status)
        {
            out.push(Finding {
                kind: FindingKind::PreflightNotHandled {
                    status: p.response.status,
                },
                evidence: cors_lines(&p.response.headers),
                lines: p.response.notes.iter().map(|n| n.line).collect(),
            });
        }
        let has_acao = |e: &super::run::Exchange| {
            e.response
                .headers
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case("access-control-allow-origin"))
        };
        if let (Some(p), Some(r)) = (preflight, request)
            && normal.verdict.request_sent
            && has_acao(p)
            && !has_acao(r)
        {
            let ev = cors_lines(&p.response.headers);
            out.push(Finding {
                kind: FindingKind::AllowOriginOnlyOnPreflight,
                lines: config_lines(&ev),
                evidence: ev,
            });
        }
        for e in normal.exchanges.iter() {
            let acao: Vec<&HeaderLine> = e
                .response
                .headers
                .iter()
                .filter(|h| h.name.eq_ignore_ascii_case("access-control-allow-origin"))
                .collect();
            if acao.len() > 1 {
                let ev: Vec<HeaderLine> = acao.iter().map(|h| (*h).clone()).collect();
                out.push(Finding {
                    kind: FindingKind::DuplicateAllowOrigin,
                    lines: config_lines(&ev),
                    evidence: ev,
                });
                break;
            }
        }
        for e in normal.exchanges.iter() {
            let wildcard = e.response.headers.iter().find(|h| {
                h.name.eq_ignore_ascii_case("access-control-allow-origin") && h.value.trim() == "*"
            });
            let credentials = e.response.headers.iter().find(|h| {
                h.name
                    .eq_ignore_ascii_case("access-control-allow-credentials")
                    && h.value.trim() == "true"
            });
            if let (Some(w), Some(c)) = (wildcard, credentials) {
                let ev = vec![w.clone(), c.clone()];
                out.push(Finding {
                    kind: FindingKind::WildcardWithCredentials,
                    lines: config_lines(&ev),
                    evidence: ev,
                });
                break;
            }
        }
        if let Some(request) = request {
            let origin = request.request.header("origin").unwrap_or_default();
            let reflected: Vec<&HeaderLine> = request
                .response
                .headers
                .iter()
                .filter(|h| {
                    h.name.eq_ignore_ascii_case("access-control-allow-origin")
                        && !origin.is_empty()
                        && h.value == origin
                })
                .collect();
            let varies = request.response.headers.iter().any(|h| {
                h.name.eq_ignore_ascii_case("vary")
                    && h.value
                        .split(',')
                        .any(|v| v.trim().eq_ignore_ascii_case("origin") || v.trim() == "*")
            });
            // An origin that only one configured value could produce does not vary; a
            // reflected one does: the sibling or attacker getting its own origin back shows it.
            let dynamic = matrix
                .iter()
                .any(|r| r.probe != Probe::Own && r.allow_origin.contains(&r.origin));
            if !reflected.is_empty() && !varies && dynamic {
                let ev: Vec<HeaderLine> = reflected.iter().map(|h| (*h).clone()).collect();
                out.push(Finding {
                    kind: FindingKind::VaryOriginMissing,
                    lines: config_lines(&ev),
                    evidence: ev,
                });
            }
        }
        let normal_ok = normal.verdict.is_readable();
        for o in outcomes.iter().filter(|o| o.case != Case::Normal) {
            if normal_ok
                && o.verdict.request_sent
                && matches!(
                    o.verdict.cors_error,
                    Some(CorsError::MissingAllowOriginHeader)
                )
            {
                let status = o
                    .exchanges
                    .iter()
                    .rev()
                    .find(|e| e.role == Role::Request)
                    .map(|e| e.response.status)
                    .unwrap_or(0);
                let lines = o
                    .exchanges
                    .iter()
                    .flat_map(|e| e.response.notes.iter().map(|n| n.line))
                    .collect();
                out.push(Finding {
                    kind: FindingKind::MissingOnError {
                        case: o.case,
                        status,
                    },
                    evidence: Vec::new(),
                    lines,
                });
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::server::{Kind, simulate_config};

    fn kinds(text: &str, kind: Kind, init: &RequestInit) -> Vec<FindingKind> {
        simulate_config(
            text,
            Some(kind),
            "https://app.example.com",
            init,
            &[],
            &Profile::CHROMIUM,
        )
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.kind)
        .collect()
    }

    fn put() -> RequestInit {
        let mut init = RequestInit::get("https://api.example.com/api/items");
        init.method = "PUT".to_string();
        init.headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        init.body = Some("{}".to_string());
        init
    }

    #[test]
    fn allow_origin_only_in_the_options_branch() {
        let text = "app.use(function (req, res, next) {\n  if (req.method === 'OPTIONS') {\n    res.header('Access-Control-Allow-Origin', '*');\n    res.header('Access-Control-Allow-Headers', '*');\n    res.header('Access-Control-Allow-Methods', 'PUT');\n    return res.sendStatus(204);\n  }\n  next();\n});\napp.put('/api/items', (req, res) => res.json({}));\n";
        assert!(
            kinds(text, Kind::Express, &put()).contains(&FindingKind::AllowOriginOnlyOnPreflight)
        );
        // Sent on every response: no such finding.
        let everywhere = "app.use(function (req, res, next) {\n  res.header('Access-Control-Allow-Origin', '*');\n  if (req.method === 'OPTIONS') {\n    res.header('Access-Control-Allow-Headers', '*');\n    res.header('Access-Control-Allow-Methods', 'PUT');\n    return res.sendStatus(204);\n  }\n  next();\n});\napp.put('/api/items', (req, res) => res.json({}));\n";
        assert!(
            !kinds(everywhere, Kind::Express, &put())
                .contains(&FindingKind::AllowOriginOnlyOnPreflight)
        );
    }
}
