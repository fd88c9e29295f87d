// How often Firefox's and WebKit's recordings agree with Chromium's, per scenario set: on the
// outcome (preflight sent, request sent, fetch resolved or rejected, response type, status,
// readable headers), on the preflight's Access-Control-Request-* values, and on the console line
// (verbatim). These are the figures of "use Chromium's verdict for the other browsers".
//
//   node differential/compare-browsers.mjs [--dir RECORDINGS_DIR] [--list] [--sets a,b]
// --list prints, per browser, every scenario whose outcome differs, with the fields.
import fs from 'node:fs';
import { parseArgs } from './lib.mjs';
import { RECORDINGS, recordingPath, scenarioSets } from './sets.mjs';

export const OUTCOME_FIELDS = ['preflight_sent', 'request_sent', 'fetch', 'response_type', 'status', 'exposed_headers'];

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Agreement of recording `other` with `base` (both loaded), scenario by scenario. */
export function agreement(base, other) {
  const byId = new Map(base.observations.map((o) => [o.id, o]));
  const r = { n: 0, outcome: 0, preflight_headers: 0, console: 0, all: 0, differing: [] };
  for (const o of other.observations) {
    const b = byId.get(o.id);
    if (!b || o.harness_error || b.harness_error) continue;
    r.n++;
    const fields = OUTCOME_FIELDS.filter((f) => !same(b.observed[f], o.observed[f]));
    const okOutcome = fields.length === 0;
    const okPrh = same(b.observed.preflight_request_headers, o.observed.preflight_request_headers);
    const okConsole = same(b.observed.console, o.observed.console);
    if (okOutcome) r.outcome++;
    if (okPrh) r.preflight_headers++;
    if (okConsole) r.console++;
    if (okOutcome && okPrh) r.all++;
    if (!okOutcome || !okPrh) r.differing.push({ id: o.id, fields: okPrh ? fields : [...fields, 'preflight_request_headers'] });
  }
  return r;
}

function main() {
  const opts = parseArgs(process.argv.slice(2), { booleans: ['list'] });
  const dir = opts.dir || RECORDINGS;
  const sets = opts.sets ? opts.sets.split(',') : Object.keys(scenarioSets());
  const pct = (a, n) => `${((100 * a) / Math.max(1, n)).toFixed(1)}%`.padStart(6);
  const totals = {};
  console.log(`recordings: ${dir}`);
  console.log('set              browser   scenarios  outcome  ACR-* headers  outcome+headers  console');
  for (const set of sets) {
    const basePath = recordingPath('chromium', set, dir);
    if (!fs.existsSync(basePath)) continue;
    const base = JSON.parse(fs.readFileSync(basePath, 'utf8'));
    for (const browser of ['firefox', 'webkit']) {
      const p = recordingPath(browser, set, dir);
      if (!fs.existsSync(p)) continue;
      const other = JSON.parse(fs.readFileSync(p, 'utf8'));
      const r = agreement(base, other);
      const t = (totals[browser] ||= { n: 0, outcome: 0, preflight_headers: 0, console: 0, all: 0, differing: [] });
      for (const k of ['n', 'outcome', 'preflight_headers', 'console', 'all']) t[k] += r[k];
      t.differing.push(...r.differing);
      console.log(`${set.padEnd(16)} ${browser.padEnd(8)} ${String(r.n).padStart(9)}  ${pct(r.outcome, r.n)}  ${pct(r.preflight_headers, r.n).padStart(13)}  ${pct(r.all, r.n).padStart(15)}  ${pct(r.console, r.n)}`);
    }
  }
  for (const [browser, t] of Object.entries(totals)) {
    console.log(`${'all'.padEnd(16)} ${browser.padEnd(8)} ${String(t.n).padStart(9)}  ${pct(t.outcome, t.n)}  ${pct(t.preflight_headers, t.n).padStart(13)}  ${pct(t.all, t.n).padStart(15)}  ${pct(t.console, t.n)}`
      + `   (outcome wrong with Chromium's verdict: ${pct(t.n - t.outcome, t.n).trim()})`);
  }
  if (opts.list) {
    for (const [browser, t] of Object.entries(totals)) {
      console.log(`\n${browser}: ${t.differing.length} scenario(s) whose outcome or ACR-* headers differ from Chromium's`);
      for (const d of t.differing) console.log(`  ${d.id.padEnd(32)} ${d.fields.join(', ')}`);
    }
  }
}

main();
