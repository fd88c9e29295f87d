// The scenario sets the harness records, and where each browser's recording of a set is stored.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const TESTS = path.resolve(HERE, '..');
export const RECORDINGS = path.join(HERE, 'recordings');

function jsonFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(p));
    else if (entry.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

/** Set name -> the scenario files it is recorded from. */
export function scenarioSets() {
  return {
    generated: [path.join(HERE, 'generated.json')],
    selfcheck: [path.join(HERE, 'selfcheck.json')],
    scenarios: jsonFiles(path.join(TESTS, 'scenarios')),
    edges: [path.join(HERE, 'edges.json')],
    probes: [path.join(HERE, 'probes.json')],
    'browser-probes': [path.join(HERE, 'browser-probes.json')],
  };
}

/** The stored recording of `set` in `browser`. */
export function recordingPath(browser, set, dir = RECORDINGS) {
  return path.join(dir, `${browser}-${set}.json`);
}

/**
 * The kind of outcome a stored observation shows, for stratified sampling: the CorsError (or
 * Firefox's reason key), else the console line with its URLs, quoted values and numbers blanked,
 * else what the script got; with whether a preflight went out.
 */
export function outcomeKind(observation) {
  const o = observation.observed || {};
  const failure = o.cors_error ?? o.firefox_reason
    ?? (o.console ? o.console.replace(/[a-z-]+:\/\/\S+/g, 'U').replace(/'[^']*'|‘[^’]*’|“[^”]*”/g, 'Q').replace(/\d+/g, 'N').slice(0, 60) : null)
    ?? `${o.fetch}:${o.response_type}`;
  return `${failure}|preflight:${o.preflight_sent}`;
}

/** FNV-1a of a string: a fixed order within a stratum that does not follow the file's order. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * How much of each set the live check re-records per browser within its time budget: `null` is
 * the whole set, a number N is a stratified sample of N scenarios per outcome kind of that
 * browser's stored recording (`outcomeKind`; every kind is represented, a kind with fewer
 * scenarios is taken whole). Chosen from measured times: a scenario costs about 1.2 s in
 * Chromium, 1.5 s in Firefox and 0.33 s in WebKit on the loaded 2-core machine (README.md).
 */
export const LIVE_SAMPLE = {
  chromium: { generated: 4, selfcheck: null, scenarios: null, edges: null, probes: null, 'browser-probes': null },
  firefox: { generated: 4, selfcheck: null, scenarios: 4, edges: 3, probes: 4, 'browser-probes': 4 },
  webkit: { generated: 6, selfcheck: null, scenarios: null, edges: null, probes: null, 'browser-probes': null },
};

/**
 * The ids of `recording` the live check re-records: `perKind` scenarios of every outcome kind,
 * chosen by a fixed hash of the id (the same sample every run), in recording order; all of them
 * when `perKind` is null.
 */
export function sampleIds(recording, perKind) {
  const observations = recording.observations || [];
  if (perKind == null) return observations.map((o) => o.id);
  const byKind = new Map();
  for (const o of observations) {
    const k = outcomeKind(o);
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k).push(o.id);
  }
  const chosen = new Set();
  for (const ids of byKind.values()) {
    for (const id of [...ids].sort((a, b) => fnv1a(a) - fnv1a(b) || a.localeCompare(b)).slice(0, perKind)) chosen.add(id);
  }
  return observations.map((o) => o.id).filter((id) => chosen.has(id));
}
