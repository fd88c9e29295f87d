#!/usr/bin/env node
// Checks real-paste corpus files against the corpus format (BRIEF Appendix A; README.md here)
// and prints the counts the README's table gives.
//
//   node tests/paste/real/validate.mjs [DIR ...] [--disjoint] [--counts]
//
// With no DIR it checks the folder it sits in. Every *.json in each DIR is read. Names must be
// unique across every DIR given; with --disjoint, no source address may appear in two DIRs (a
// held-out set must come from other threads than the corpus). Exits 1 on any problem, listing
// every one with its file and case.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve, basename } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");

// Chromium's network::mojom::CorsError names as the DevTools protocol spells them
// (shared/reference/browsers.md §2.1; core/src/reason.rs holds the ones corsim models). The
// Private/Local Network Access names are kept because people paste those messages too.
const CORS_ERRORS = new Set([
  "DisallowedByMode", "InvalidResponse", "WildcardOriginNotAllowed", "MissingAllowOriginHeader",
  "MultipleAllowOriginValues", "InvalidAllowOriginValue", "AllowOriginMismatch",
  "InvalidAllowCredentials", "CorsDisabledScheme", "PreflightInvalidStatus",
  "PreflightDisallowedRedirect", "PreflightWildcardOriginNotAllowed",
  "PreflightMissingAllowOriginHeader", "PreflightMultipleAllowOriginValues",
  "PreflightInvalidAllowOriginValue", "PreflightAllowOriginMismatch",
  "PreflightInvalidAllowCredentials", "PreflightMissingAllowExternal",
  "PreflightInvalidAllowExternal", "PreflightMissingAllowPrivateNetwork",
  "PreflightInvalidAllowPrivateNetwork", "InvalidAllowMethodsPreflightResponse",
  "InvalidAllowHeadersPreflightResponse", "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse", "RedirectContainsCredentials",
  "InsecurePrivateNetwork", "InvalidPrivateNetworkAccess", "UnexpectedPrivateNetworkAccess",
  "InsecureLocalNetwork", "InvalidLocalNetworkAccess", "NoCorsRedirectModeNotFollow",
  "PreflightMissingPrivateNetworkAccessId", "PreflightMissingPrivateNetworkAccessName",
  "PrivateNetworkAccessPermissionUnavailable", "PrivateNetworkAccessPermissionDenied",
  "LocalNetworkAccessPermissionDenied",
]);

// Firefox security.properties keys no longer in the current file, as older Firefox printed them.
const OLDER_FIREFOX_KEYS = new Map([
  ["CORSMissingAllowOrigin", "(Reason: CORS header 'Access-Control-Allow-Origin' missing). — no status"],
  ["CORSDidNotSucceed", "(Reason: CORS request did not succeed). — no status"],
  ["CORSPreflightDidNotSucceed", "(Reason: CORS preflight channel did not succeed)."],
  ["CORSPreflightDidNotSucceed2", "(Reason: CORS preflight response did not succeed). — no status"],
  ["CORSMissingAllowHeaderFromPreflight", "(Reason: missing token 'X' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel)."],
  ["CORSRequestFailed", "(Reason: CORS request failed). — Firefox 38–49's wording of CORSDidNotSucceed"],
  // Before the reasons (Firefox up to 37): one message for every CORS failure.
  ["CrossSiteRequestBlocked", "Cross-Origin Request Blocked: … at X. This can be fixed by moving the resource to the same domain or enabling CORS."],
]);

// Which CorsError a Firefox reason may be given (README: "Rules"): only those whose Firefox
// message settles the Chromium name; the others must be null.
const FIREFOX_TO_CORS_ERROR = new Map([
  ["CORSPreflightDidNotSucceed3", ["PreflightInvalidStatus"]],
  ["CORSPreflightDidNotSucceed2", []],
  ["CORSPreflightDidNotSucceed", []],
  ["CORSExternalRedirectNotAllowed", ["PreflightDisallowedRedirect"]],
  ["CORSMethodNotFound", ["MethodDisallowedByPreflightResponse"]],
  ["CORSMissingAllowHeaderFromPreflight2", ["HeaderDisallowedByPreflightResponse"]],
  ["CORSMissingAllowHeaderFromPreflight", ["HeaderDisallowedByPreflightResponse"]],
  ["CORSInvalidAllowMethod", ["InvalidAllowMethodsPreflightResponse"]],
  ["CORSInvalidAllowHeader", ["InvalidAllowHeadersPreflightResponse"]],
  ["CORSRequestNotHttp", ["CorsDisabledScheme"]],
]);

const FORMATS = new Set(["console", "curl-command", "curl-transcript", "fetch-call",
  "request-headers", "response-headers", "har", "scenario", "unknown"]);
const BROWSERS = new Set(["chromium", "firefox", "safari", null]);
const KINDS = new Set(["cors", "mixed-content", "local-network-access", "csp", "network", "other"]);
const MESSAGE_KEYS = ["browser", "kind", "cors_error", "firefox_reason", "url", "origin", "status", "parameter"];
const VERDICT_KEYS = new Set(["cors_error", "fetch", "preflight_sent", "request_sent", "status",
  "browser", "firefox_reason"]);
const CASE_KEYS = new Set(["name", "source", "collected", "patterns", "input", "expect", "note"]);

// Firefox's templates: their keys, and each locale's character trigrams per key (placeholders
// left out), to tell which language a pasted Firefox line is in.
function loadFirefox() {
  const keys = new Set();
  const texts = new Map(); // locale -> key -> text
  const tsv = readFileSync(join(repoRoot, "core/data/firefox-l10n.tsv"), "utf8");
  for (const line of tsv.split("\n")) {
    if (line.startsWith("#") || line.startsWith("locale\t") || !line.trim()) continue;
    const [locale, key, text] = line.split("\t");
    keys.add(key);
    if (!key.startsWith("CORS")) continue;
    if (!texts.has(locale)) texts.set(locale, new Map());
    texts.get(locale).set(key, text.replace(/%\d\$S/g, " "));
  }
  const english = texts.get("en-US");
  const trigrams = new Map(); // locale -> key -> trigram set
  for (const [locale, byKey] of texts) {
    const same = [...byKey].every(([k, t]) => english.get(k) === t);
    const name = same ? "en" : locale;
    if (trigrams.has(name)) continue;
    trigrams.set(name, new Map([...byKey].map(([k, t]) => [k, trigramsOf(t)])));
  }
  return { keys, trigrams };
}

function trigramsOf(text) {
  const t = text.toLowerCase().replace(/[‘’'«»“”„"]/g, "'").replace(/\s+/g, " ");
  const set = new Set();
  for (let i = 0; i + 3 <= t.length; i++) set.add(t.slice(i, i + 3));
  return set;
}

const firefox = loadFirefox();

// The older keys, by the current key whose template replaced theirs (for language detection).
const CURRENT_KEY = {
  CORSMissingAllowOrigin: "CORSMissingAllowOrigin2",
  CORSDidNotSucceed: "CORSDidNotSucceed2",
  CORSPreflightDidNotSucceed: "CORSPreflightDidNotSucceed3",
  CORSPreflightDidNotSucceed2: "CORSPreflightDidNotSucceed3",
  CORSMissingAllowHeaderFromPreflight: "CORSMissingAllowHeaderFromPreflight2",
};

// The locale whose templates (those of the reasons the case's Firefox messages carry, or all
// of them when none is named) are nearest the input by trigram overlap (Jaccard; English on a
// tie). Null when no Firefox message is a CORS line or carries a reason key: a bare
// "NetworkError when attempting to fetch resource." has no language to tell.
function languageOf(input, messages) {
  const ff = messages.filter((m) => m.browser === "firefox" && (m.firefox_reason || m.kind === "cors"));
  if (!ff.length) return null;
  const wanted = new Set(ff.filter((m) => m.firefox_reason).map((m) => CURRENT_KEY[m.firefox_reason] ?? m.firefox_reason));
  const grams = trigramsOf(input.replace(/\S+:\/\/\S+/g, " "));
  let best = ["en", -1];
  for (const [locale, byKey] of firefox.trigrams) {
    let set = new Set();
    for (const [k, g] of byKey) if (wanted.has(k)) for (const x of g) set.add(x);
    if (!set.size) for (const g of byKey.values()) for (const x of g) set.add(x);
    let n = 0;
    for (const g of grams) if (set.has(g)) n++;
    const score = n / (set.size + grams.size - n);
    if (score > best[1] || (score === best[1] && locale === "en")) best = [locale, score];
  }
  return best[0];
}

const problems = [];
function problem(where, what) {
  problems.push(`${where}: ${what}`);
}

function isStringOrNull(v) {
  return v === null || typeof v === "string";
}

// Whether a printed value occurs in the input once line breaks, quoting prefixes and the
// indentation of wrapped lines are taken out, and Markdown autolinks that a forum or chat tool
// made of a printed URL ("[https://a](https://a)") are turned back into the URL.
function occurs(value, input) {
  if (input.includes(value)) return true;
  const squash = (s) => s.replace(/\n(?:[ \t]*(?:>[ \t]?)*[ \t]*)/g, "").replace(/\s+/g, "");
  const unlink = (s) => s.replace(/\[([^\]\n]+)\]\(\1\)/g, "$1");
  return squash(input).includes(squash(value)) || squash(unlink(input)).includes(squash(value));
}

function checkMessage(where, m, input) {
  if (typeof m !== "object" || m === null || Array.isArray(m)) {
    problem(where, "message is not an object");
    return;
  }
  const keys = Object.keys(m);
  for (const k of MESSAGE_KEYS) if (!(k in m)) problem(where, `missing key "${k}"`);
  for (const k of keys) if (!MESSAGE_KEYS.includes(k)) problem(where, `unknown key "${k}"`);
  if (!BROWSERS.has(m.browser)) problem(where, `browser ${JSON.stringify(m.browser)}`);
  if (!KINDS.has(m.kind)) problem(where, `kind ${JSON.stringify(m.kind)}`);
  if (m.cors_error !== null && !CORS_ERRORS.has(m.cors_error)) {
    problem(where, `cors_error ${JSON.stringify(m.cors_error)} is no CorsError name`);
  }
  if (m.firefox_reason !== null) {
    if (!firefox.keys.has(m.firefox_reason) && !OLDER_FIREFOX_KEYS.has(m.firefox_reason)) {
      problem(where, `firefox_reason ${JSON.stringify(m.firefox_reason)} is no security.properties key`);
    }
    if (m.browser !== "firefox") problem(where, "firefox_reason on a message that is not Firefox's");
    const allowed = FIREFOX_TO_CORS_ERROR.get(m.firefox_reason) ?? [];
    if (m.cors_error !== null && !allowed.includes(m.cors_error)) {
      problem(where, `${m.firefox_reason} does not settle cors_error ${m.cors_error}`);
    }
  }
  if (m.kind !== "cors" && m.kind !== "local-network-access" && m.cors_error !== null) {
    problem(where, `cors_error on a ${m.kind} message`);
  }
  for (const k of ["url", "origin", "parameter"]) {
    if (!isStringOrNull(m[k])) problem(where, `${k} must be a string or null`);
  }
  for (const k of ["url", "origin"]) {
    if (typeof m[k] === "string" && !occurs(m[k], input)) {
      problem(where, `${k} ${JSON.stringify(m[k])} is not printed in the input`);
    }
  }
  if (typeof m.parameter === "string" && m.parameter !== "" && !occurs(m.parameter, input)) {
    problem(where, `parameter ${JSON.stringify(m.parameter)} is not printed in the input`);
  }
  if (m.status !== null && !(Number.isInteger(m.status) && m.status >= 0 && m.status <= 999)) {
    problem(where, `status ${JSON.stringify(m.status)}`);
  }
  if (m.status !== null && !input.includes(String(m.status))) {
    problem(where, `status ${m.status} is not stated in the input`);
  }
}

function checkVerdict(where, v) {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    problem(where, "verdict is not an object");
    return;
  }
  for (const [k, val] of Object.entries(v)) {
    if (!VERDICT_KEYS.has(k)) problem(where, `unknown verdict key "${k}"`);
    if (k === "cors_error" && val !== null && !CORS_ERRORS.has(val)) problem(where, `cors_error ${val}`);
    if (k === "fetch" && val !== "resolved" && val !== "rejected") problem(where, `fetch ${val}`);
    if ((k === "preflight_sent" || k === "request_sent") && typeof val !== "boolean") {
      problem(where, `${k} must be a boolean`);
    }
    if (k === "status" && val !== null && !Number.isInteger(val)) problem(where, "status must be an integer");
    if (k === "browser" && !["chromium", "firefox", "safari"].includes(val)) problem(where, `browser ${val}`);
    if (k === "firefox_reason" && val !== null && !firefox.keys.has(val) && !OLDER_FIREFOX_KEYS.has(val)) {
      problem(where, `firefox_reason ${val}`);
    }
  }
  if (v.browser && v.browser !== "chromium" && v.cors_error) {
    problem(where, "a Firefox or Safari verdict carries no cors_error (SCHEMA.md: null for those)");
  }
}

function checkCase(where, c, names) {
  if (typeof c !== "object" || c === null || Array.isArray(c)) {
    problem(where, "case is not an object");
    return;
  }
  for (const k of Object.keys(c)) if (!CASE_KEYS.has(k)) problem(where, `unknown key "${k}"`);
  for (const k of ["name", "source", "collected", "patterns", "input", "expect"]) {
    if (!(k in c)) problem(where, `missing key "${k}"`);
  }
  if (typeof c.name !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.name)) {
    problem(where, `name ${JSON.stringify(c.name)} is not kebab-case`);
  } else if (names.has(c.name)) {
    problem(where, `name ${c.name} also used in ${names.get(c.name)}`);
  } else {
    names.set(c.name, where);
  }
  if (typeof c.source !== "string" || !/https?:\/\/\S+/.test(c.source)) {
    problem(where, "source must give an address (http:// or https://)");
  }
  if (typeof c.collected !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(c.collected)) {
    problem(where, "collected must be YYYY-MM-DD");
  }
  if (!Array.isArray(c.patterns) || !c.patterns.every((p) => Number.isInteger(p) && p >= 1 && p <= 10)) {
    problem(where, "patterns must be a list of 1–10");
  } else if (new Set(c.patterns).size !== c.patterns.length) {
    problem(where, "patterns repeat");
  }
  if (typeof c.input !== "string" || !c.input.trim()) problem(where, "input must be a non-empty string");
  if ("note" in c && (typeof c.note !== "string" || !c.note.trim())) problem(where, "note must be text");
  const e = c.expect;
  if (typeof e !== "object" || e === null) {
    problem(where, "expect is not an object");
    return;
  }
  for (const k of Object.keys(e)) {
    if (!["format", "messages", "verdicts"].includes(k)) problem(where, `unknown expect key "${k}"`);
  }
  if (!FORMATS.has(e.format)) problem(where, `format ${JSON.stringify(e.format)}`);
  if (!Array.isArray(e.messages)) problem(where, "expect.messages must be a list");
  if (!Array.isArray(e.verdicts)) problem(where, "expect.verdicts must be a list");
  if (!Array.isArray(e.messages) || !Array.isArray(e.verdicts)) return;
  if (e.format !== "console" && e.messages.length) problem(where, "messages given for non-console input");
  if (e.format === "console" && !e.messages.length) problem(where, "console input without a message");
  e.messages.forEach((m, i) => checkMessage(`${where} messages[${i}]`, m, c.input ?? ""));
  e.verdicts.forEach((v, i) => checkVerdict(`${where} verdicts[${i}]`, v));
  // One verdict per CORS message (README: "Rules"), when the paste is console output.
  if (e.format === "console") {
    const cors = e.messages.filter((m) => m.kind === "cors").length;
    if (e.verdicts.length !== cors) {
      problem(where, `${cors} CORS message(s) but ${e.verdicts.length} verdict(s)`);
    }
  }
  if (c.patterns?.includes(4) && e.format === "console" && e.messages.length < 2 &&
      !/net::ERR_|Fetch API cannot load|XMLHttpRequest cannot load .* due to access control|Failed to load resource|TypeError|Load failed|NetworkError|(?:^|\s)(?:OPTIONS|GET|POST|PUT|PATCH|DELETE)(?: |$)/m.test(c.input)) {
    problem(where, "pattern 4 on a paste with one message and no accompanying line");
  }
}

// The address a source names (its first URL, without a trailing fragment of punctuation).
function sourceAddress(source) {
  const m = /https?:\/\/[^\s)]+/.exec(source ?? "");
  return m ? m[0].replace(/[.,;]+$/, "").replace(/#.*$/, "") : null;
}

const args = process.argv.slice(2);
const disjoint = args.includes("--disjoint");
const wantCounts = args.includes("--counts");
const dirs = args.filter((a) => !a.startsWith("--"));
if (!dirs.length) dirs.push(here);

const names = new Map();
const sourcesByDir = [];
const stats = [];
for (const dir of dirs) {
  const sources = new Map();
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  let count = 0;
  for (const file of files) {
    const path = join(dir, file);
    let doc;
    try {
      doc = JSON.parse(readFileSync(path, "utf8"));
    } catch (err) {
      problem(path, `not JSON: ${err.message}`);
      continue;
    }
    if (typeof doc !== "object" || doc === null || !Array.isArray(doc.cases) || Object.keys(doc).length !== 1) {
      problem(path, 'must be {"cases": [...]}');
      continue;
    }
    doc.cases.forEach((c, i) => {
      const where = `${basename(dir)}/${file} [${i}] ${c?.name ?? ""}`;
      checkCase(where, c, names);
      const addr = sourceAddress(c?.source);
      if (addr) sources.set(addr, where);
      stats.push({ dir: basename(dir), file, c });
      count++;
    });
  }
  sourcesByDir.push(sources);
  console.log(`${dir}: ${files.length} files, ${count} cases`);
}

if (disjoint) {
  for (let i = 0; i < sourcesByDir.length; i++) {
    for (let j = i + 1; j < sourcesByDir.length; j++) {
      for (const [addr, where] of sourcesByDir[i]) {
        if (sourcesByDir[j].has(addr)) {
          problem(where, `source ${addr} is also used by ${sourcesByDir[j].get(addr)}`);
        }
      }
    }
  }
}

if (wantCounts) {
  for (const dir of [...new Set(stats.map((s) => s.dir))]) {
    const rows = stats.filter((s) => s.dir === dir);
    const tally = (label, keyOf) => {
      const t = new Map();
      for (const r of rows) for (const k of keyOf(r.c)) t.set(k, (t.get(k) ?? 0) + 1);
      const parts = [...t.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
      console.log(`  ${label}: ${parts.join(" · ")}`);
    };
    console.log(`${dir} (${rows.length} cases)`);
    tally("format", (c) => [c.expect?.format]);
    tally("browser (cases with a message of)", (c) => [...new Set((c.expect?.messages ?? []).map((m) => m.browser ?? "none"))]);
    tally("kind (cases with a message of)", (c) => [...new Set((c.expect?.messages ?? []).map((m) => m.kind))]);
    tally("pattern", (c) => (c.patterns?.length ? c.patterns : ["none"]).map(String));
    tally("Firefox language", (c) => {
      const l = languageOf(c.input ?? "", c.expect?.messages ?? []);
      return l ? [l] : [];
    });
    tally("cors_error", (c) => [...new Set((c.expect?.messages ?? []).map((m) => m.cors_error).filter(Boolean))]);
    tally("firefox_reason", (c) => [...new Set((c.expect?.messages ?? []).map((m) => m.firefox_reason).filter(Boolean))]);
    tally("file", (c) => [stats.find((s) => s.c === c).file]);
    const msgs = rows.reduce((n, r) => n + (r.c.expect?.messages?.length ?? 0), 0);
    console.log(`  messages: ${msgs}`);
  }
}

if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log("ok");
