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
