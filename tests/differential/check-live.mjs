// Re-records every differential scenario set in the installed browsers and compares each result
// with the stored recording, field by field: a browser update that changes behaviour shows up as
// a readable diff and a non-zero exit. The three browsers run at once, each in a network
// namespace of its own (isolate.mjs), so each has the harness's ports to itself. A browser that is
// not installed is skipped with a message. Run by scripts/test.sh.
//
//   node tests/differential/check-live.mjs [--browsers chromium,firefox,webkit] [--sets a,b]
//        [--update] [--serial]
// --update stores the new recordings in recordings/ instead of only comparing (after a browser
// update whose changes are understood).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './lib.mjs';
import { HERE, TESTS, recordingPath, scenarioSets } from './sets.mjs';

const BINARIES = {
  chromium: process.env.CORSIM_CHROMIUM || '/usr/bin/chromium',
  firefox: process.env.CORSIM_FIREFOX || '/usr/bin/firefox-esr',
  webkit: process.env.CORSIM_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
};

const opts = parseArgs(process.argv.slice(2), { booleans: ['update', 'serial'] });
const browsers = (opts.browsers || 'chromium,firefox,webkit').split(',');
const allSets = scenarioSets();
const sets = opts.sets ? opts.sets.split(',') : Object.keys(allSets);
for (const b of browsers) if (!BINARIES[b]) throw new Error(`unknown browser ${b}`);
for (const s of sets) if (!allSets[s]) throw new Error(`unknown set ${s}`);
const OUT = path.join(HERE, 'out');
fs.mkdirSync(OUT, { recursive: true });

/** Records every set in one browser, one after another; resolves with its failures. */
async function runBrowser(browser) {
  const failures = [];
  const log = fs.createWriteStream(path.join(OUT, `live-${browser}.log`));
  const started = Date.now();
  for (const set of sets) {
    const stored = recordingPath(browser, set);
    const fresh = path.join(OUT, `live-${browser}-${set}.json`);
    const args = [path.join(HERE, 'record.mjs'), '--browser', browser, '--quiet', '--isolate', '--out', opts.update ? stored : fresh];
    if (!opts.update) {
      if (!fs.existsSync(stored)) { failures.push(`${browser}-${set}: no stored recording ${path.relative(TESTS, stored)}`); continue; }
      args.push('--compare', stored);
    }
    args.push(...allSets[set]);
    const t0 = Date.now();
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, args, { cwd: TESTS, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      const keep = (d) => { text += d; log.write(d); };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('exit', (c) => {
        // What a reader needs: the comparison and any harness error, not the progress lines.
        const lines = text.split('\n');
        const from = lines.findIndex((l) => l.startsWith('compare with') || l.includes('harness error'));
        const summary = from >= 0 ? lines.slice(from).join('\n') : lines.slice(-3).join('\n');
        console.log(`check-live: ${browser}-${set} (${((Date.now() - t0) / 1000).toFixed(0)} s)${c ? ':\n' + summary : ': no differences'}`);
        resolve(c);
      });
    });
    if (code !== 0) failures.push(`${browser}-${set}`);
  }
  console.log(`check-live: ${browser}: all sets in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  log.end();
  return failures;
}

const present = browsers.filter((b) => {
  if (fs.existsSync(BINARIES[b])) return true;
  console.log(`check-live: ${BINARIES[b]} is not installed; the live ${b} re-recording is skipped`);
  return false;
});
const started = Date.now();
let failures = [];
if (opts.serial) for (const b of present) failures.push(...await runBrowser(b));
else failures = (await Promise.all(present.map(runBrowser))).flat();
console.log(`check-live: ${present.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failures.length) {
  console.log(`check-live: ${failures.length} set(s) differ or failed: ${failures.join(', ')}. If a browser changed on purpose, `
    + 'store the new recordings (tests/differential/out/live-*.json, or run with --update) and update corsim');
  process.exit(1);
}
console.log(opts.update ? 'check-live: recordings stored' : 'check-live: every live browser agrees with every stored recording');
