// Distribution of a scenario file, or of the outcomes in a recording.
//
//   node generator-stats.mjs generated.json                         (what the scenarios contain)
//   node generator-stats.mjs recordings/chromium-generated.json     (what Chromium did, per intent too)
import fs from 'node:fs';
import { parseArgs } from './lib.mjs';
import { normaliseMethod, needsPreflight } from './model.mjs';

function tally(items, f) {
  const m = new Map();
  for (const x of items) {
    for (const k of [].concat(f(x))) m.set(k, (m.get(k) || 0) + 1);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

function show(title, rows, total) {
  console.log(`\n${title}`);
  for (const [k, v] of rows) {
    const pct = total ? `  ${((100 * v) / total).toFixed(1).padStart(5)}%` : '';
    console.log(`  ${String(v).padStart(5)}${pct}  ${k}`);
  }
}

const intentOf = (s) => ((s.tags || []).find((t) => t.startsWith('intent:')) || 'intent:(none)').slice(7);
const originKind = (s) => {
  if (s.origin === 'null') return 'null origin';
  try {
    const u = new URL(s.request.url, s.origin + '/');
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return `non-http URL (${u.protocol})`;
    if (u.origin === s.origin) return 'same-origin';
    if (s.origin.startsWith('https:') && u.protocol === 'http:') return 'https page -> http URL';
    return 'cross-origin';
  } catch { return 'bad URL'; }
};

export function scenarioStats(list) {
  const n = list.length;
  console.log(`${n} scenarios`);
  show('page origin', tally(list, (s) => s.origin), n);
  show('target', tally(list, originKind), n);
  show('method (verbatim)', tally(list, (s) => (s.request.method === undefined ? '(absent: GET)' : s.request.method)), n);
  show('mode', tally(list, (s) => s.request.mode ?? '(absent: cors)'), n);
  show('credentials', tally(list, (s) => s.request.credentials ?? '(absent: same-origin)'), n);
  show('redirect', tally(list, (s) => s.request.redirect ?? '(absent: follow)'), n);
  show('request headers (count)', tally(list, (s) => (s.request.headers || []).length), n);
  show('request header names (lower-cased, top 30)', tally(list, (s) => [...new Set((s.request.headers || []).map((h) => h[0].toLowerCase()))]).slice(0, 30), n);
  show('body', tally(list, (s) => (s.request.body === undefined ? 'no body' : 'string body')), n);
  show('needs a preflight (model, if cross-origin)', tally(list, (s) => needsPreflight(s.request)), n);
  show('preflight reply', tally(list, (s) => (s.preflight ? `status ${s.preflight.status}` : '(absent: response answers)')), n);
  show('redirects', tally(list, (s) => (s.redirects || []).length), n);
  show('redirect statuses', tally(list, (s) => (s.redirects || []).map((r) => r.status)));
  show('response status', tally(list, (s) => s.response.status), n);
  const acao = (r) => (r ? (r.headers || []).filter((h) => h[0].toLowerCase() === 'access-control-allow-origin').map((h) => h[1]) : []);
  const acaoKind = (s, r) => {
    const v = acao(r);
    if (v.length === 0) return 'absent';
    if (v.length > 1) return 'several lines';
    const x = v[0];
    if (x.trim() === '*') return x === '*' ? '*' : '* with whitespace';
    if (x === s.origin) return 'exact origin';
    if (x.trim() === s.origin) return 'origin with whitespace';
    if (x === 'null') return 'null';
    return 'other value';
  };
  show('response ACAO', tally(list, (s) => acaoKind(s, s.response)), n);
  show('preflight ACAO', tally(list.filter((s) => s.preflight), (s) => acaoKind(s, s.preflight)));
  show('intent (generator aim)', tally(list, intentOf), n);
  show('variant tags', tally(list, (s) => (s.tags || []).filter((t) => t.startsWith('variant:')).map((t) => t.slice(8))));
  const normalised = tally(list, (s) => normaliseMethod(s.request.method));
  show('method (after fetch normalisation)', normalised, n);
}

export function recordingStats(rec) {
  const obs = rec.observations;
  const n = obs.length;
  console.log(`${rec.browser}, recorded ${rec.recorded_at}: ${n} observations`);
  show('fetch', tally(obs, (o) => (o.harness_error ? 'HARNESS ERROR' : o.observed.fetch)), n);
  show('cors_error', tally(obs, (o) => o.observed.cors_error ?? '(none)'), n);
  show('response_type', tally(obs, (o) => o.observed.response_type ?? '(rejected)'), n);
  show('preflight_sent / request_sent', tally(obs, (o) => `preflight ${o.observed.preflight_sent ? 'yes' : 'no'}, request ${o.observed.request_sent ? 'yes' : 'no'}`), n);
  show('rejected without cors_error: console line (URLs elided)', tally(obs.filter((o) => o.observed.fetch === 'rejected' && !o.observed.cors_error),
    (o) => (o.observed.console ? o.observed.console.replace(/'[^']*'/g, "'…'").replace(/\b(https?|ftp|ws):\/\/\S+/g, 'URL').slice(0, 100)
      : `(none) JS: ${(o.extra.js && o.extra.js.error && o.extra.js.error.message || '').replace(/'[^']*'/g, "'…'").slice(0, 70)}`)));
  // Intent (aim) vs outcome.
  const byIntent = new Map();
  for (const o of obs) {
    const k = intentOf(o.scenario);
    if (!byIntent.has(k)) byIntent.set(k, []);
    byIntent.get(k).push(o);
  }
  console.log('\nintent -> outcomes');
  for (const [k, list] of [...byIntent.entries()].sort()) {
    const outs = tally(list, (o) => (o.observed.fetch === 'resolved' ? `resolved:${o.observed.response_type}` : `rejected:${o.observed.cors_error ?? '-'}`));
    console.log(`  ${k} (${list.length}): ${outs.map(([a, b]) => `${a}=${b}`).join('  ')}`);
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2), { booleans: ['help'] });
  if (opts.help || opts._.length !== 1) {
    console.log('usage: node generator-stats.mjs FILE.json   (a scenario file or a recording)');
    process.exit(opts.help ? 0 : 2);
  }
  const data = JSON.parse(fs.readFileSync(opts._[0], 'utf8'));
  if (data && data.corsim_recording) recordingStats(data);
  else scenarioStats(Array.isArray(data) ? data : data.scenarios || [data]);
}

main();
