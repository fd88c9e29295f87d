//! Helpers shared by the cross-crate tests: finding data files, and comparing a verdict's
//! browser-visible fields with an expectation field by field.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The repository's `tests/` folder.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every `.json` file under a folder, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Reads a JSON file, with the path in the error.
pub fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The verdict fields that are exactly what Chromium shows.
pub const BROWSER_FIELDS: [&str; 10] = [
    "preflight_sent",
    "preflight_request_headers",
    "request_sent",
    "fetch",
    "response_type",
    "status",
    "exposed_headers",
    "cors_error",
    "failed_parameter",
    "console",
];

/// The fields of `expected` (an object) that differ in `actual`: `(field, expected, actual)`.
pub fn differing_fields(expected: &Value, actual: &Value) -> Vec<(String, Value, Value)> {
    let Value::Object(map) = expected else {
        return vec![("(expectation)".into(), expected.clone(), Value::Null)];
    };
    map.iter()
        .filter_map(|(k, v)| {
            let got = actual.get(k).cloned().unwrap_or(Value::Null);
            (got != *v).then(|| (k.clone(), v.clone(), got))
        })
        .collect()
}
