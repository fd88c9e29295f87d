// Re-records every differential scenario set in the installed Chromium and compares the result
// with the stored recording, field by field: a Chromium update that changes behaviour shows up as
// a readable diff and a non-zero exit. Skipped (exit 0, with a message) when no chromium is
// installed. Run by scripts/test.sh.
//
//   node tests/differential/check-live.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const tests = path.resolve(here, '..');
const chromium = process.env.CORSIM_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.log(`check-live: ${chromium} is not installed; the live re-recording is skipped`);
  process.exit(0);
}

function jsonFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(p));
    else if (entry.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

// Each stored recording, and the scenario files it was recorded from.
const sets = [
  ['chromium-generated.json', [path.join(here, 'generated.json')]],
  ['chromium-selfcheck.json', [path.join(here, 'selfcheck.json')]],
  ['chromium-scenarios.json', jsonFiles(path.join(tests, 'scenarios'))],
  ['chromium-edges.json', [path.join(here, 'edges.json')]],
  ['chromium-probes.json', [path.join(here, 'probes.json')]],
];

fs.mkdirSync(path.join(here, 'out'), { recursive: true });
let failed = 0;
for (const [name, inputs] of sets) {
  const stored = path.join(here, 'recordings', name);
  const fresh = path.join(here, 'out', `live-${name}`);
  console.log(`check-live: recording ${inputs.length} file(s) for ${name}`);
  const run = spawnSync(process.execPath,
    [path.join(here, 'record.mjs'), '--quiet', '--out', fresh, '--compare', stored, ...inputs],
    { cwd: tests, stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`check-live: ${name}: the live recording differs from the stored one (or the run failed), see above`);
  }
}
if (failed) {
  console.log(`check-live: ${failed} set(s) differ; if Chromium changed on purpose, store the new recordings ` +
    '(tests/differential/out/live-*.json) and update corsim');
  process.exit(1);
}
console.log('check-live: the live Chromium agrees with every stored recording');
