// Re-records every server kind live into servers/out/ and compares with the stored recordings:
// any change in a status or in an Access-Control-*/Vary line, or in a server's version, fails
// with the first differences listed. The generated and hand-written cases (cases/ against
// recordings/) and the real-world configurations (realworld/cases/ against
// realworld/recordings/). Run by scripts/test.sh.
//
// node servers/check-live.mjs [--kind nginx,apache,...]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    const key = (o) => `${o.config}/${o.request}`;
    const before = new Map(stored.observations.map((o) => [key(o), o]));
    const diffs = [];
    if (stored.server !== live.server) diffs.push(`server version: stored ${stored.server}, live ${live.server}`);
    for (const o of live.observations) {
      const s = before.get(key(o));
      before.delete(key(o));
      const a = JSON.stringify(s && { status: s.status, headers: s.headers });
      const b = JSON.stringify({ status: o.status, headers: o.headers });
      if (a !== b) diffs.push(`${kind}/${key(o)}:\n    stored ${a}\n    live   ${b}`);
    }
    for (const k of before.keys()) diffs.push(`${kind}/${k}: stored but not recorded live`);
    if (diffs.length) {
      problems += diffs.length;
      console.error(`${set.name} ${kind}: ${diffs.length} differences from the stored recording (re-record with node servers/record.mjs --kind ${kind} --cases ${set.cases} --out ${set.stored} if the change is expected):\n${diffs.slice(0, 20).join('\n')}`);
    } else {
      console.log(`${set.name} ${kind}: ${live.observations.length} responses, all as stored`);
    }
  }
}
console.log(`live server run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(problems ? 1 : 0);
