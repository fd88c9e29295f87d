// What every recorder shares, whatever the browser: the fetch() call the page makes, the verdict
// fields read from the server's log and from the script, the Firefox console-line matcher, and the
// scheduler that runs many scenarios at once. The browser drivers (browsers/*.mjs) only load the
// page, run the call and collect the browser's console lines.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeader, hopURLs, matchKey, normaliseScenario, pageURL, OBSERVED_FIELDS } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const SCENARIO_TIMEOUT_MS = 10_000;
/** After fetch settled: wait until no browser event arrived for QUIET_MS (at least MIN, at most MAX). */
export const QUIET_MS = 120;
export const QUIET_MIN_MS = 100;
export const QUIET_MAX_MS = 1500;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The fetch() call, run inside the page. Returns plain data only (JSON-safe). */
export async function pageFetch({ url, init }) {
  const out = {};
  let p;
  try {
    p = fetch(url, init);
  } catch (e) {
    return { fetch: 'rejected', threw: true, error: { name: e && e.name, message: String(e && e.message) } };
  }
  try {
    const r = await p;
    out.fetch = 'resolved';
    out.type = r.type;
    out.status = r.status;
    out.status_text = r.statusText;
    out.url = r.url;
    out.redirected = r.redirected;
    out.header_names = [...r.headers.keys()];
    out.header_entries = [...r.headers];
    try {
      const text = await r.text();
      out.body_length = text.length;
      out.body = text.length > 2000 ? text.slice(0, 2000) : text;
    } catch (e) {
      out.body_error = { name: e && e.name, message: String(e && e.message) };
    }
  } catch (e) {
    out.fetch = 'rejected';
    out.error = { name: e && e.name, message: String(e && e.message) };
    if (e && e.cause !== undefined) out.error.cause = String(e.cause);
  }
  return out;
}

/** The same call as a self-contained script expression that yields the result as a JSON string. */
export function pageFetchExpression(s) {
  const arg = JSON.stringify({ url: s.request.url, init: requestInit(s.request) });
  return `(async () => JSON.stringify(await (${pageFetch.toString()})(${arg})))()`;
}

/** What the page reports about itself, as an expression yielding a JSON string. */
export const PAGE_INFO_EXPRESSION = 'JSON.stringify({ origin: self.origin, isSecureContext: self.isSecureContext, href: location.href })';

/** The RequestInit the page passes: only the fields the scenario gives. */
export function requestInit(req) {
  const init = {};
  for (const k of ['method', 'headers', 'mode', 'credentials', 'redirect', 'body']) {
    if (req[k] !== undefined && req[k] !== null) init[k] = req[k];
  }
  return init;
}

/** The page origin a scenario must run in ("null" for the sandboxed page). */
export function expectedPageOrigin(s) {
  return s.origin === 'null' ? 'null' : new URL(s.origin).origin;
}

/** The server's log, shortened for the page's own request (always the same). */
export function shortenLog(log) {
  return log.map((e) => (e.reply === 'page'
    ? { t_ms: e.t_ms, conn: e.conn, scheme: e.scheme, host: e.host, method: e.method, target: e.target, reply: e.reply, status: e.status }
    : e));
}

/** The verdict fields the server saw: preflight_sent, preflight_request_headers, request_sent. */
export function serverFields(log) {
  const scenarioReqs = log.filter((e) => e.reply !== 'page' && e.reply !== 'unknown');
  const preflights = scenarioReqs.filter((e) => e.preflight);
  const actual = scenarioReqs.filter((e) => !e.preflight);
  let prh = null;
  if (preflights.length) {
    const h = preflights[0].headers;
    prh = { 'access-control-request-method': getHeader(h, 'Access-Control-Request-Method') };
    const acrh = getHeader(h, 'Access-Control-Request-Headers');
    if (acrh !== undefined) prh['access-control-request-headers'] = acrh;
  }
  return { preflight_sent: preflights.length > 0, preflight_request_headers: prh, request_sent: actual.length > 0 };
}

/** The verdict fields the script saw: fetch, response_type, status, exposed_headers. */
export function scriptFields(pageResult) {
  const resolved = pageResult && pageResult.fetch === 'resolved';
  return {
    fetch: pageResult ? pageResult.fetch : null,
    response_type: resolved ? pageResult.type : null,
    status: resolved ? pageResult.status : null,
    exposed_headers: resolved ? [...new Set(pageResult.header_names)].sort() : [],
  };
}

/** The error the script's catch received, as `Name: message`, or null when fetch resolved. */
export function jsError(pageResult) {
  if (!pageResult || !pageResult.error) return null;
  return `${pageResult.error.name}: ${pageResult.error.message}`;
}

/** The script's side of the observation, kept in `extra`. */
export function jsExtra(pageResult) {
  return pageResult ? {
    threw: pageResult.threw || undefined,
    error: pageResult.error,
    status_text: pageResult.status_text,
    url: pageResult.url,
    redirected: pageResult.redirected,
    header_entries: pageResult.header_entries,
    body: pageResult.body,
    body_length: pageResult.body_length,
    body_error: pageResult.body_error,
  } : null;
}

// ---- Firefox's console templates --------------------------------------------------------------
let firefoxTemplates = null;

/**
 * Firefox's en-US console templates of the CORS and mixed-content keys (security.properties), read
 * from core/data/firefox-l10n.tsv, each as a whole-line pattern with %1$S and %2$S captured.
 */
export function firefoxTemplateList() {
  if (firefoxTemplates) return firefoxTemplates;
  const file = path.resolve(HERE, '../../core/data/firefox-l10n.tsv');
  firefoxTemplates = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const [locale, key, text] = line.split('\t');
    if (locale !== 'en-US' || !text) continue;
    const order = [];
    const source = text.split(/(%[12]\$S)/).map((part) => {
      if (part === '%1$S' || part === '%2$S') {
        order.push(part === '%1$S' ? 1 : 2);
        return '([\\s\\S]*?)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('');
    firefoxTemplates.push({ key, template: text, re: new RegExp(`^${source}$`), order });
  }
  return firefoxTemplates;
}

/** The key and arguments of a Firefox console line, or null when no template matches it. */
export function matchFirefoxLine(text) {
  if (typeof text !== 'string') return null;
  for (const t of firefoxTemplateList()) {
    const m = t.re.exec(text);
    if (!m) continue;
    const args = {};
    t.order.forEach((n, i) => { args[n] = m[i + 1]; });
    return { key: t.key, url: args[1] ?? null, param: args[2] ?? null };
  }
  return null;
}

// ---- comparison ---------------------------------------------------------------------------------
/** The fields compared between two recordings: the verdict's, and the per-browser ones when both have them. */
export const EXTRA_COMPARED_FIELDS = ['browser', 'firefox_reason', 'firefox_reason_param', 'js_error', 'console_errors'];

/**
 * A value as compared between runs: Firefox prints an opaque origin as
 * `moz-nullprincipal:{<a new UUID each time>}`, which says nothing about the browser's behaviour.
 */
function stable(text) {
  return text.replace(/moz-nullprincipal:\{[0-9a-f-]+\}/g, 'moz-nullprincipal:{…}');
}

export function compareRecordings(oldRec, newRec, fields = null) {
  const diffs = [];
  const oldById = new Map(oldRec.observations.map((o) => [o.id, o]));
  const newIds = new Set();
  for (const n of newRec.observations) {
    newIds.add(n.id);
    const o = oldById.get(n.id);
    if (!o) { diffs.push({ id: n.id, field: '(scenario)', old: 'absent', new: 'present' }); continue; }
    const extra = EXTRA_COMPARED_FIELDS.filter((f) => f in o.observed && f in n.observed);
    for (const f of fields || ['id', ...OBSERVED_FIELDS, ...extra]) {
      const a = stable(JSON.stringify(o.observed[f] ?? null));
      const b = stable(JSON.stringify(n.observed[f] ?? null));
      if (a !== b) diffs.push({ id: n.id, field: f, old: a, new: b });
    }
  }
  return { diffs, onlyOld: oldRec.observations.filter((o) => !newIds.has(o.id)).map((o) => o.id) };
}

export function printComparison(oldFile, oldRec, newRec) {
  const { diffs, onlyOld } = compareRecordings(oldRec, newRec);
  console.log(`\ncompare with ${oldFile} (${oldRec.browser}) -> ${newRec.browser}`);
  for (const d of diffs) console.log(`  ${d.id}  ${d.field}: ${d.old}  ->  ${d.new}`);
  if (onlyOld.length) console.log(`  only in old recording (not run now): ${onlyOld.length} scenario(s)${onlyOld.length <= 20 ? ': ' + onlyOld.join(' ') : ''}`);
  const ids = new Set(diffs.map((d) => d.id));
  console.log(diffs.length ? `${diffs.length} difference(s) in ${ids.size} scenario(s)` : 'no differences');
  return diffs.length;
}

// ---- summary ------------------------------------------------------------------------------------
export function summarise(observations) {
  const count = (f) => {
    const m = {};
    for (const o of observations) { const k = f(o); m[k] = (m[k] || 0) + 1; }
    return Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1]));
  };
  const failure = (o) => o.observed.cors_error ?? o.observed.firefox_reason ?? null;
  return {
    total: observations.length,
    fetch: count((o) => (o.harness_error ? 'HARNESS-ERROR' : o.observed.fetch)),
    cors_error: count((o) => o.observed.cors_error ?? '(none)'),
    firefox_reason: count((o) => o.observed.firefox_reason ?? '(none)'),
    rejected_without_cors_error: count((o) => (o.observed.fetch === 'rejected' && !failure(o)
      ? (o.observed.console ? o.observed.console.replace(/'[^']*'/g, "'…'").replace(/https?:\/\/\S+/g, 'URL').slice(0, 90) : '(no console line)')
      : null)),
    response_type: count((o) => (o.harness_error ? '(harness error)' : o.observed.response_type ?? '(rejected)')),
    preflight_sent: count((o) => o.observed.preflight_sent),
  };
}

export function printSummary(sum, ms) {
  console.log(`\n${sum.total} scenario(s) in ${(ms / 1000).toFixed(1)} s`);
  const pct = (n) => `${((100 * n) / Math.max(1, sum.total)).toFixed(1)}%`;
  for (const [k, v] of Object.entries(sum.fetch)) console.log(`  ${k.padEnd(14)} ${String(v).padStart(5)}  ${pct(v)}`);
  for (const field of ['cors_error', 'firefox_reason']) {
    const entries = Object.entries(sum[field]);
    if (entries.length === 1 && entries[0][0] === '(none)') continue;
    console.log(`${field}:`);
    for (const [k, v] of entries) console.log(`  ${k.padEnd(40)} ${String(v).padStart(5)}`);
  }
  const other = Object.entries(sum.rejected_without_cors_error).filter(([k]) => k !== 'null');
  if (other.length) {
    console.log('rejected without a cors_error or firefox_reason (by console line):');
    for (const [k, v] of other) console.log(`  ${String(v).padStart(5)}  ${k}`);
  }
  console.log('response_type: ' + Object.entries(sum.response_type).map(([k, v]) => `${k}=${v}`).join(' '));
  console.log('preflight_sent: ' + Object.entries(sum.preflight_sent).map(([k, v]) => `${k}=${v}`).join(' '));
}

// ---- expectations -------------------------------------------------------------------------------
/** Scenarios may carry `expect` (verdict fields): every field given is checked against the browser. */
export function checkExpectations(observations) {
  const out = [];
  for (const o of observations) {
    const exp = o.scenario.expect;
    if (!exp || typeof exp !== 'object') continue;
    for (const f of OBSERVED_FIELDS) {
      if (!(f in exp)) continue;
      const a = JSON.stringify(exp[f]);
      const b = JSON.stringify(o.observed[f] ?? null);
      if (a !== b) out.push({ id: o.id, field: f, expected: a, observed: b });
    }
  }
  return out;
}

// ---- running many -------------------------------------------------------------------------------
/** The URLs a scenario's requests go to (its page and every hop), as server match keys. */
export function scenarioKeys(scenario) {
  const s = normaliseScenario(scenario);
  return new Set([matchKey(pageURL(s)), ...hopURLs(s).map(matchKey)].filter(Boolean));
}

/**
 * Runs every item through `driver` (see browsers/*.mjs), at most `jobs` at once. Two scenarios
 * that share a hop URL or a page URL never run at the same time (the server routes by URL).
 * `driver.run(server, item, token, slot)` returns the observation; `slot` is the worker's number.
 * A scenario whose run hit a harness error is run once more.
 */
export async function runAll(items, server, driver, { jobs = 1, onResult = () => {} } = {}) {
  const keys = items.map((x) => scenarioKeys(x.scenario));
  const running = new Map(); // index -> key set
  const results = new Array(items.length);
  let next = 0;
  const conflicts = (i) => [...running.values()].some((ks) => [...keys[i]].some((k) => ks.has(k)));
  const worker = async (slot) => {
    for (;;) {
      if (next >= items.length) return;
      while (next < items.length && conflicts(next)) await sleep(5);
      if (next >= items.length) return;
      const i = next++;
      running.set(i, keys[i]);
      try {
        let obs = await driver.run(server, items[i], `s${i}`, slot);
        if (obs.harness_error) {
          // Once more, in a fresh browser state (a browser's automation can fail transiently);
          // the first attempt's error is kept in `extra`.
          const again = await driver.run(server, items[i], `s${i}`, slot);
          again.extra = { ...again.extra, first_attempt_error: obs.harness_error };
          obs = again;
        }
        results[i] = obs;
      } finally {
        running.delete(i);
      }
      onResult(i, results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, (_, slot) => worker(slot)));
  return results;
}

/** Races `work` against the scenario time limit; a late rejection is not unhandled. */
export async function withTimeout(work, ms = SCENARIO_TIMEOUT_MS) {
  work.catch(() => {});
  let timer;
  const timeout = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `lastEvent()` is QUIET_MS old (at least QUIET_MIN_MS, at most QUIET_MAX_MS). */
export async function waitQuiet(lastEvent, { quiet = QUIET_MS, min = QUIET_MIN_MS, max = QUIET_MAX_MS } = {}) {
  const settled = Date.now();
  await sleep(min);
  while (Date.now() - lastEvent() < quiet && Date.now() - settled < max) await sleep(20);
}
