// Re-records the differential scenario sets in the installed browsers and compares each result
// with the stored recording, field by field: a browser update that changes behaviour shows up as
// a readable diff and a non-zero exit. The three browsers run at once, each in a network
// namespace of its own (isolate.mjs), so each has the harness's ports to itself. A browser that is
// not installed is skipped with a message. Run by scripts/test.sh.
//
// By default each browser re-records what fits the test command's time budget (LIVE_SAMPLE in
// sets.mjs): some sets whole, the others as a fixed sample with every outcome kind of the stored
// recording represented. --full (or CORSIM_LIVE_FULL=1) re-records every scenario of every set.
//
//   node tests/differential/check-live.mjs [--browsers chromium,firefox,webkit] [--sets a,b]
//        [--full] [--update] [--serial]
// --update stores the new recordings in recordings/ instead of only comparing (after a browser
// update whose changes are understood); it always records the whole sets.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './lib.mjs';
import { compareRecordings } from './observe.mjs';
import { HERE, LIVE_SAMPLE, TESTS, recordingPath, sampleIds, scenarioSets } from './sets.mjs';

const BINARIES = {
  chromium: process.env.CORSIM_CHROMIUM || '/usr/bin/chromium',
  firefox: process.env.CORSIM_FIREFOX || '/usr/bin/firefox-esr',
  webkit: process.env.CORSIM_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
};

const opts = parseArgs(process.argv.slice(2), { booleans: ['update', 'serial', 'full'] });
const full = opts.full || opts.update || process.env.CORSIM_LIVE_FULL === '1';
const browsers = (opts.browsers || 'chromium,firefox,webkit').split(',');
const allSets = scenarioSets();
const sets = opts.sets ? opts.sets.split(',') : Object.keys(allSets);
for (const b of browsers) if (!BINARIES[b]) throw new Error(`unknown browser ${b}`);
for (const s of sets) if (!allSets[s]) throw new Error(`unknown set ${s}`);
const OUT = path.join(HERE, 'out');
fs.mkdirSync(OUT, { recursive: true });

/** Runs record.mjs with `args`; resolves with its exit code and the part of its output a reader needs. */
function record(args, log) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: TESTS, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const keep = (d) => { text += d; log.write(d); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (c) => {
      // The comparison and any harness error, not the progress lines.
      const lines = text.split('\n');
      const from = lines.findIndex((l) => l.startsWith('compare with') || l.includes('harness error'));
      resolve({ code: c, summary: c ? (from >= 0 ? lines.slice(from).join('\n') : lines.slice(-3).join('\n')) : '' });
    });
  });
}

/** Records every set in one browser, one after another; resolves with its failures. */
async function runBrowser(browser) {
  const failures = [];
  const log = fs.createWriteStream(path.join(OUT, `live-${browser}.log`));
  const started = Date.now();
  for (const set of sets) {
    const stored = recordingPath(browser, set);
    const fresh = path.join(OUT, `live-${browser}-${set}.json`);
    const args = [path.join(HERE, 'record.mjs'), '--browser', browser, '--quiet', '--isolate', '--out', opts.update ? stored : fresh];
    let what = 'all';
    if (!opts.update) {
      if (!fs.existsSync(stored)) { failures.push(`${browser}-${set}: no stored recording ${path.relative(TESTS, stored)}`); continue; }
      args.push('--compare', stored);
      const perKind = full ? null : LIVE_SAMPLE[browser]?.[set] ?? null;
      if (perKind != null) {
        const recording = JSON.parse(fs.readFileSync(stored, 'utf8'));
        const ids = sampleIds(recording, perKind);
        const idsFile = path.join(OUT, `live-${browser}-${set}.ids.json`);
        fs.writeFileSync(idsFile, JSON.stringify(ids));
        args.push('--ids', idsFile);
        what = `${ids.length} of ${recording.observations.length}`;
      }
    }
    args.push(...allSets[set]);
    const t0 = Date.now();
    if (!opts.update) fs.rmSync(fresh, { force: true });
    let code = await record(args, log);
    let summary = code.summary;
    // A scenario that differs is recorded once more: a browser change repeats, a console line
    // that reached the recorder too late once (Firefox under load) does not. Only differences
    // that repeat fail; the others are named.
    if (code.code !== 0 && !opts.update && fs.existsSync(fresh)) {
      const stored_ = JSON.parse(fs.readFileSync(stored, 'utf8'));
      const first = JSON.parse(fs.readFileSync(fresh, 'utf8'));
      const harnessErrors = first.observations.some((o) => o.harness_error);
      const differing = [...new Set(compareRecordings(stored_, first).diffs.map((d) => d.id))];
      if (!harnessErrors && differing.length > 0 && differing.length <= 40) {
        const idsFile = path.join(OUT, `live-${browser}-${set}.retry-ids.json`);
        const again = path.join(OUT, `live-${browser}-${set}.retry.json`);
        fs.writeFileSync(idsFile, JSON.stringify(differing));
        const retryArgs = args.map((x) => (x === fresh ? again : x));
        const i = retryArgs.indexOf('--ids');
        if (i >= 0) retryArgs.splice(i, 2);
        retryArgs.splice(retryArgs.indexOf('--compare'), 0, '--ids', idsFile);
        const second = await record(retryArgs, log);
        const repeated = second.code === 0 ? [] : [...new Set(compareRecordings(stored_, JSON.parse(fs.readFileSync(again, 'utf8'))).diffs.map((d) => d.id))];
        const flaky = differing.filter((id) => !repeated.includes(id));
        summary = `${summary}\nrecorded again: ${repeated.length ? `still differ: ${repeated.join(' ')}` : 'no difference repeated'}`
          + (flaky.length ? `; did not repeat (not counted): ${flaky.join(' ')}` : '');
        code = { code: second.code };
      }
    }
    console.log(`check-live: ${browser}-${set} (${what}, ${((Date.now() - t0) / 1000).toFixed(0)} s)${code.code ? ':\n' + summary : summary ? ': no differences that repeat\n' + summary : ': no differences'}`);
    if (code.code !== 0) failures.push(`${browser}-${set}`);
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
console.log(`check-live: ${full ? 'every scenario' : 'the sample of LIVE_SAMPLE (sets.mjs; --full for every scenario)'} in ${present.join(', ')}`);
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
