// The recorder of the differential harness: runs each scenario in a real browser (Chromium,
// Firefox or WebKit) against the raw loopback server (server.mjs) and writes what the browser did.
//
//   node record.mjs [--browser chromium|firefox|webkit] --out FILE [--filter SUBSTRING] [--ids IDS.json]
//                   [--compare OLD.json] [--jobs N] [--print] [--quiet] [--strict] [--isolate] INPUT.json...
//   node record.mjs --compare OLD.json --with NEW.json          (compare two recordings, no run)
//   node record.mjs --redo RECORDING.json     (run its scenarios that hit a harness error again, in place)
//
// See README.md in this folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CorsimServer } from './server.mjs';
import { loadScenarioFiles, normaliseScenario, collectPorts, prettyJSON, parseArgs } from './lib.mjs';
import { checkExpectations, printComparison, printSummary, runAll, summarise } from './observe.mjs';
import { ChromiumDriver } from './browsers/chromium.mjs';
import { isolated, reexecIsolated } from './isolate.mjs';

// The Chromium driver's pieces, as other tools (tests/paste/make-har.mjs) import them from here.
export {
  CHROMIUM, CHROMIUM_ARGS, launchOptions, launchBrowser, checkLaunch, runScenario,
} from './browsers/chromium.mjs';
export { requestInit, compareRecordings, summarise, checkExpectations } from './observe.mjs';

export const BROWSERS = ['chromium', 'firefox', 'webkit'];

/** A driver for `name` (browsers/*.mjs); Firefox and WebKit are loaded only when asked for. */
export async function makeDriver(name, options = {}) {
  if (name === 'chromium') return new ChromiumDriver(options);
  if (name === 'firefox') return new (await import('./browsers/firefox.mjs')).FirefoxDriver(options);
  if (name === 'webkit') return new (await import('./browsers/webkit.mjs')).WebKitDriver(options);
  throw new Error(`--browser must be one of ${BROWSERS.join(', ')}, not ${JSON.stringify(name)}`);
}

async function main() {
  const argv = process.argv.slice(2);
  const opts = parseArgs(argv, { booleans: ['help', 'quiet', 'print', 'strict', 'isolate'] });
  if (opts.help || (!opts.with && !opts.redo && (opts._.length === 0 || !opts.out))) {
    console.log('usage: node record.mjs [--browser chromium|firefox|webkit] --out FILE [--filter SUBSTRING] [--ids IDS.json]\n'
      + '                        [--compare OLD.json]\n'
      + '                        [--jobs N] [--print] [--quiet] [--strict] [--isolate] INPUT.json...\n'
      + '       node record.mjs --redo RECORDING.json      (run the scenarios with a harness error again, in place)\n'
      + '       node record.mjs --compare OLD.json --with NEW.json');
    process.exit(opts.help ? 0 : 2);
  }
  if (opts.with) {
    if (!opts.compare) throw new Error('--with needs --compare OLD.json');
    const n = printComparison(opts.compare, JSON.parse(fs.readFileSync(opts.compare, 'utf8')), JSON.parse(fs.readFileSync(opts.with, 'utf8')));
    process.exit(n ? 1 : 0);
  }
  // --redo RECORDING.json: run again the scenarios that hit a harness error there, in place.
  const redo = opts.redo ? JSON.parse(fs.readFileSync(opts.redo, 'utf8')) : null;
  if (redo) {
    opts.out ||= opts.redo;
    opts.browser ||= String(redo.browser).startsWith('Firefox') ? 'firefox' : String(redo.browser).startsWith('WebKit') ? 'webkit' : 'chromium';
  }
  const browser = opts.browser || 'chromium';
  if (!BROWSERS.includes(browser)) throw new Error(`--browser must be one of ${BROWSERS.join(', ')}, not ${JSON.stringify(browser)}`);
  let items = redo
    ? redo.observations.filter((o) => o.harness_error).map((o) => ({ scenario: o.scenario, source_file: o.source_file }))
    : loadScenarioFiles(opts._);
  if (redo && items.length === 0) {
    console.log(`${opts.redo}: no harness error to run again`);
    process.exit(0);
  }
  if (opts.filter) items = items.filter((x) => x.scenario.id.includes(opts.filter));
  // --ids IDS.json: only the scenarios whose id the JSON array lists (check-live.mjs's sample).
  if (opts.ids) {
    const ids = new Set(JSON.parse(fs.readFileSync(opts.ids, 'utf8')));
    items = items.filter((x) => ids.has(x.scenario.id));
  }
  if (items.length === 0) throw new Error('no scenario to run');
  // WebKit has no host-resolver switch: it runs in a network and mount namespace of its own whose
  // /etc/hosts maps the scenarios' names to 127.0.0.1 (isolate.mjs). --isolate does the same for
  // the others (their own loopback, so several recorders can run at once).
  if ((opts.isolate || browser === 'webkit') && !isolated()) {
    process.exit(await reexecIsolated(process.argv.slice(1), items.map((x) => normaliseScenario(x.scenario))));
  }
  const oldRec = opts.compare ? JSON.parse(fs.readFileSync(opts.compare, 'utf8')) : null;

  const jobs = Number(opts.jobs || 2);
  const server = new CorsimServer();
  const ports = collectPorts(items.map((x) => normaliseScenario(x.scenario)));
  await server.start(ports);
  const driver = await makeDriver(browser, { jobs });
  await driver.start({ jobs });
  console.log(`${items.length} scenario(s) in ${browser} ${driver.version}, ${jobs} at a time, server ports ${ports.join(',')}${isolated() ? ' (own network namespace)' : ''}`);
  const started = Date.now();
  let done = 0;
  let observations;
  try {
    observations = await runAll(items, server, driver, {
      jobs,
      onResult: (i, obs) => {
        done++;
        const o = obs.observed;
        if (!opts.quiet) {
          const why = o.cors_error ?? o.firefox_reason ?? (o.console ? o.console.slice(0, 60) : '');
          const what = obs.harness_error ? `HARNESS ERROR: ${obs.harness_error}`
            : o.fetch === 'resolved' ? `resolved ${o.response_type} ${o.status}` : `rejected ${why}`;
          console.log(`[${String(done).padStart(4)}/${items.length}] ${obs.id.padEnd(28)} ${what}`);
        } else if (done % 100 === 0) console.log(`  ${done}/${items.length} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        if (opts.print) console.log(prettyJSON({ observed: o, extra: obs.extra }));
      },
    });
  } finally {
    await driver.stop().catch((e) => console.error(`stopping ${browser}: ${e.message}`));
    await server.stop();
  }
  const ms = Date.now() - started;
  const browserName = driver.browserName();
  console.log(`browser: ${browserName}`);

  if (redo) {
    // Put the new observations in place of the failed ones; the rest of the recording stays.
    const fresh = new Map(observations.map((o) => [o.id, o]));
    redo.observations = redo.observations.map((o) => fresh.get(o.id) || o);
    observations = redo.observations;
  }
  const rec = redo ? { ...redo, observations } : {
    corsim_recording: 1,
    browser: browserName,
    recorded_at: new Date().toISOString(),
    harness: driver.info(),
    observations,
  };
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, prettyJSON(rec));
  printSummary(summarise(observations), ms);
  console.log(`wrote ${opts.out}`);
  let bad = observations.filter((o) => o.harness_error).length;
  if (bad) {
    console.log(`${bad} harness error(s):`);
    for (const o of observations.filter((x) => x.harness_error)) console.log(`  ${o.id}: ${o.harness_error}`);
  }
  const mism = checkExpectations(observations);
  if (mism.length) {
    console.log(`${mism.length} expectation(s) not met (scenario "expect" vs ${browser}):`);
    for (const m of mism) console.log(`  ${m.id}  ${m.field}: expected ${m.expected}, ${browser} ${m.observed}`);
    if (opts.strict) bad += mism.length;
  } else if (observations.some((o) => o.scenario.expect)) console.log('every "expect" met');
  if (oldRec) bad += printComparison(opts.compare, oldRec, rec);
  process.exit(bad ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(String(e.stack || e)); process.exit(1); });
}
