// Shared helpers of the differential harness: loading and normalising scenarios, hop URLs,
// ports, stable JSON output. No dependencies beyond node's standard library.
import fs from 'node:fs';
import path from 'node:path';

// The page whose script calls fetch() is the origin's root, `<origin>/`: corsim takes a scenario's
// page URL to be its origin followed by `/`, and Chromium quotes that URL in mixed-content lines.
export const PAGE_PATH = '/';
// Where the page of an `"origin": "null"` scenario is served from (with a CSP sandbox, so the
// document's origin is opaque). Any loopback-resolvable origin would do.
export const NULL_PAGE_ORIGIN = 'http://sandbox.corsim.test';

const utf8 = (s) => Buffer.byteLength(s ?? '', 'utf8');

/** Reads a scenario file: one scenario object, an array, or {"corsim":1,"scenarios":[...]}. */
export function loadScenarioFile(file) {
  const text = fs.readFileSync(file, 'utf8');
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${e.message}`);
  }
  let list;
  if (Array.isArray(data)) list = data;
  else if (data && typeof data === 'object' && Array.isArray(data.scenarios)) list = data.scenarios;
  else if (data && typeof data === 'object' && data.request) list = [data];
  else throw new Error(`${file}: expected a scenario, an array of scenarios or {"scenarios": [...]}`);
  list.forEach((s, i) => {
    if (!s || typeof s !== 'object') throw new Error(`${file}[${i}]: not an object`);
    if (typeof s.id !== 'string') throw new Error(`${file}[${i}]: missing string id`);
    if (typeof s.origin !== 'string') throw new Error(`${file}[${i}] (${s.id}): missing string origin`);
    if (!s.request || typeof s.request.url !== 'string') throw new Error(`${file}[${i}] (${s.id}): missing request.url`);
    if (!s.response || typeof s.response !== 'object') throw new Error(`${file}[${i}] (${s.id}): missing response`);
  });
  return list;
}

export function loadScenarioFiles(files) {
  const out = [];
  const seen = new Map();
  for (const f of files) {
    for (const s of loadScenarioFile(f)) {
      if (seen.has(s.id)) throw new Error(`duplicate scenario id ${JSON.stringify(s.id)} in ${seen.get(s.id)} and ${f}`);
      seen.set(s.id, f);
      out.push({ scenario: s, source_file: path.relative(process.cwd(), path.resolve(f)) });
    }
  }
  return out;
}

export function hasHeader(headers, name) {
  const n = name.toLowerCase();
  return (headers || []).some((h) => String(h[0]).toLowerCase() === n);
}

export function getHeader(headers, name) {
  const n = name.toLowerCase();
  const h = (headers || []).find((x) => String(x[0]).toLowerCase() === n);
  return h ? h[1] : undefined;
}

function normaliseReply(reply) {
  if (!reply || typeof reply !== 'object') return reply;
  const headers = (reply.headers || []).map((h) => [String(h[0]), String(h[1])]);
  if (!hasHeader(headers, 'Content-Length')) headers.push(['Content-Length', String(utf8(reply.body))]);
  // Keep the reply's own key order, with headers in place.
  const out = {};
  for (const k of Object.keys(reply)) out[k] = k === 'headers' ? headers : reply[k];
  if (!('headers' in out)) out.headers = headers;
  return out;
}

/** The scenario as it goes on the wire: every reply gets a Content-Length if it has none. */
export function normaliseScenario(s) {
  const out = {};
  for (const k of Object.keys(s)) {
    if (k === 'preflight' || k === 'response') out[k] = normaliseReply(s[k]);
    else if (k === 'redirects' && Array.isArray(s[k])) out[k] = s[k].map(normaliseReply);
    else out[k] = s[k];
  }
  return out;
}

/**
 * The page URL for a scenario (the document whose script calls fetch()): exactly `<origin>/`
 * (Chromium quotes it in some console lines, e.g. mixed content, and corsim assumes it), and
 * for an `"origin": "null"` scenario `http://sandbox.corsim.test/`, which the server
 * answers with `Content-Security-Policy: sandbox allow-scripts` (so the document's origin is opaque).
 */
export function pageURL(s) {
  if (s.origin === 'null') return `${NULL_PAGE_ORIGIN}${PAGE_PATH}`;
  return `${s.origin.replace(/\/$/, '')}${PAGE_PATH}`;
}

export const NULL_PAGE_HOST = new URL(NULL_PAGE_ORIGIN).host;

/** Key used to match a hop URL with a request the server receives: no fragment, no userinfo. */
export function matchKey(u) {
  try {
    const x = new URL(u);
    if (x.protocol !== 'http:' && x.protocol !== 'https:') return null;
    x.hash = '';
    x.username = '';
    x.password = '';
    // Chromium's URL parser (unlike WHATWG's, which node implements) escapes | and ^ in paths.
    x.pathname = x.pathname.replace(/\|/g, '%7C').replace(/\^/g, '%5E');
    return x.href;
  } catch {
    return null;
  }
}

/**
 * hop 0 = request.url resolved against the page; hop i+1 = Location of redirects[i] resolved
 * against hop i. Stops at a redirect without a (resolvable) Location.
 */
export function hopURLs(s) {
  const hops = [];
  let cur;
  try {
    cur = new URL(s.request.url, pageURL(s)).href;
  } catch {
    return hops;
  }
  hops.push(cur);
  const reds = s.redirects || [];
  for (let i = 0; i < reds.length; i++) {
    const loc = getHeader(reds[i].headers, 'Location');
    if (loc === undefined) break;
    try {
      cur = new URL(loc, cur).href;
    } catch {
      break;
    }
    hops.push(cur);
  }
  return hops;
}

/** Every TCP port a set of scenarios needs (origins, hops, the null page). */
export function collectPorts(scenarios) {
  const ports = new Set();
  const add = (u) => {
    try {
      const x = new URL(u);
      if (x.protocol === 'http:') ports.add(Number(x.port || 80));
      else if (x.protocol === 'https:') ports.add(Number(x.port || 443));
    } catch { /* not a URL */ }
  };
  add(NULL_PAGE_ORIGIN);
  for (const s of scenarios) {
    if (s.origin !== 'null') add(s.origin);
    for (const h of hopURLs(s)) add(h);
  }
  return [...ports].sort((a, b) => a - b);
}

/** Pretty JSON with a 1-space indent; arrays of scalars (header pairs, lists) stay on one line. */
export function prettyJSON(value) {
  const out = [];
  const write = (v, indent) => {
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v === undefined ? null : v));
      return;
    }
    const pad = ' '.repeat(indent + 1);
    const endPad = ' '.repeat(indent);
    if (Array.isArray(v)) {
      if (v.length === 0) return out.push('[]');
      // Lists of scalars (a header pair, a list of names) stay on one line; a list of such lists
      // too while it is short, else one item a line.
      const scalar = (x) => x === null || typeof x !== 'object';
      if (v.every(scalar)) return out.push(JSON.stringify(v));
      const inline = JSON.stringify(v);
      if (v.every((x) => scalar(x) || (Array.isArray(x) && x.every(scalar))) && inline.length <= 160) return out.push(inline);
      out.push('[\n');
      v.forEach((x, i) => {
        out.push(pad);
        write(x, indent + 1);
        out.push(i < v.length - 1 ? ',\n' : '\n');
      });
      out.push(endPad + ']');
      return;
    }
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    if (keys.length === 0) return out.push('{}');
    out.push('{\n');
    keys.forEach((k, i) => {
      out.push(pad + JSON.stringify(k) + ': ');
      write(v[k], indent + 1);
      out.push(i < keys.length - 1 ? ',\n' : '\n');
    });
    out.push(endPad + '}');
  };
  write(value, 0);
  return out.join('') + '\n';
}

/** Simple argv parser: --flag value, --bool, positional. */
export function parseArgs(argv, { booleans = [], repeatable = [] } = {}) {
  const opts = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      let val;
      if (booleans.includes(name)) val = eq > 0 ? a.slice(eq + 1) !== 'false' : true;
      else if (eq > 0) val = a.slice(eq + 1);
      else {
        val = argv[++i];
        if (val === undefined) throw new Error(`${a} needs a value`);
      }
      if (repeatable.includes(name)) (opts[name] ||= []).push(val);
      else opts[name] = val;
    } else opts._.push(a);
  }
  return opts;
}

export const OBSERVED_FIELDS = [
  'preflight_sent', 'preflight_request_headers', 'request_sent', 'fetch', 'response_type', 'status',
  'exposed_headers', 'cors_error', 'failed_parameter', 'console',
];
