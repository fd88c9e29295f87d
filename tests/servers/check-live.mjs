// Re-records every server kind live into servers/out/ and compares with the stored recordings
// (compare.mjs): any change in a status or in an Access-Control-*/Vary line fails, with the
// first differences listed; a difference only in a version string (the server's version line, a
// version in a header value) is listed as a note and does not fail. The generated and
// hand-written cases (cases/ against recordings/) and the real-world configurations
// (realworld/cases/ against realworld/recordings/). Run by scripts/test.sh, after the
// comparison's own tests (node --test servers/compare.test.mjs).
//
// node servers/check-live.mjs [--kind nginx,apache,...]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRecordings } from './compare.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const i = args.indexOf('--kind');
const kinds = (i >= 0 ? args[i + 1] : 'nginx,apache,express,flask,php').split(',');
const out = join(here, 'out');
const started = Date.now();
let problems = 0;
const SETS = [
  { name: 'generated', cases: join(here, 'cases'), stored: join(here, 'recordings'), out },
  { name: 'real-world', cases: join(here, 'realworld', 'cases'), stored: join(here, 'realworld', 'recordings'), out: join(out, 'realworld') },
];
for (const set of SETS) {
  const run = spawnSync('node', [join(here, 'record.mjs'), '--kind', kinds.join(','), '--cases', set.cases, '--out', set.out], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  for (const kind of kinds) {
    const stored = JSON.parse(readFileSync(join(set.stored, `${kind}.json`), 'utf8'));
    const live = JSON.parse(readFileSync(join(set.out, `${kind}.json`), 'utf8'));
    const { failures, notes } = compareRecordings(kind, stored, live);
    if (notes.length) {
      console.log(`${set.name} ${kind}: ${notes.length} differences only in a version string (noted, not failed):\n${notes.slice(0, 20).join('\n')}`);
    }
    if (failures.length) {
      problems += failures.length;
      console.error(`${set.name} ${kind}: ${failures.length} differences from the stored recording (re-record with node servers/record.mjs --kind ${kind} --cases ${set.cases} --out ${set.stored} if the change is expected):\n${failures.slice(0, 20).join('\n')}`);
    } else {
      console.log(`${set.name} ${kind}: ${live.observations.length} responses, all as stored${notes.length ? ' (versions apart)' : ''}`);
    }
  }
}
console.log(`live server run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(problems ? 1 : 0);
