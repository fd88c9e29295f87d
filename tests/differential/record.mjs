// The recorder of the differential harness: runs each scenario in real headless Chromium against
// the raw loopback server (server.mjs) and writes what the browser did.
//
//   node record.mjs --out FILE [--filter SUBSTRING] [--compare OLD.json] INPUT.json...
//   node record.mjs --compare OLD.json --with NEW.json          (compare two recordings, no run)
//
// See README.md in this folder.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CorsimServer } from './server.mjs';
import {
  loadScenarioFiles, normaliseScenario, collectPorts, pageURL, prettyJSON, parseArgs, getHeader,
  hopURLs, matchKey, OBSERVED_FIELDS,
} from './lib.mjs';

export const CHROMIUM = process.env.CORSIM_CHROMIUM || '/usr/bin/chromium';

// playwright-core launches Chromium with a --disable-features list of its own. Two of its entries
// change behaviour a page can see, so this harness replaces the list with one without them:
// AvoidCorsURLLoaderRestartOnRedirect (how CORS redirects are followed; Playwright turns it off
// only for its request interception, which is not used here) and ThirdPartyStoragePartitioning.
// The rest (no HTTPS upgrade of navigations, no background traffic...) stays.
// PLAYWRIGHT_DISABLE_FEATURES is playwright-core 1.65.1's switch, verbatim (ignoreDefaultArgs
// matches it exactly); checkLaunch() fails loudly if an upgrade changed it.
const PLAYWRIGHT_DISABLE_FEATURES = '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,'
  + 'HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,'
  + 'AvoidCorsURLLoaderRestartOnRedirect,TcpPortRandomizationWin,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,'
  + 'PreconnectToSearch,msForceBrowserSignIn,msEdgeUpdateLaunchServicesPreferredVersion';
const KEPT_ON = ['AvoidCorsURLLoaderRestartOnRedirect', 'ThirdPartyStoragePartitioning'];
const DISABLE_FEATURES = '--disable-features=' + PLAYWRIGHT_DISABLE_FEATURES.slice('--disable-features='.length)
  .split(',').filter((f) => !KEPT_ON.includes(f)).join(',');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Every host name reaches the loopback server (IP literals such as [::1] are not resolved).
  // (Browser background traffic to Google hosts is sent nowhere.)
  '--host-resolver-rules=MAP *.google.com ~NOTFOUND, MAP *.googleapis.com ~NOTFOUND, MAP * 127.0.0.1',
  // The server's certificate is a throwaway self-signed one.
  '--ignore-certificate-errors',
  DISABLE_FEATURES,
];

/** Options for chromium.launch(): the harness's browser. extraArgs are appended. */
export function launchOptions(extraArgs = []) {
  return {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    ignoreDefaultArgs: [PLAYWRIGHT_DISABLE_FEATURES],
  };
}

/** The browser's command line as chrome://version shows it; throws if the switches are not ours. */
export async function checkLaunch(browser) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto('chrome://version');
    const cmd = await page.locator('#command_line').innerText();
    const n = cmd.split('--disable-features=').length - 1;
    if (n !== 1 || KEPT_ON.some((f) => cmd.includes(f))) {
      throw new Error('Chromium was launched with playwright-core\'s own --disable-features list (its default '
        + 'switches changed?): update PLAYWRIGHT_DISABLE_FEATURES in record.mjs. Command line: ' + cmd);
    }
    return cmd;
  } finally {
    await ctx.close();
  }
}

const SCENARIO_TIMEOUT_MS = 10_000;
const QUIET_MS = 120; // wait until no CDP event arrived for this long after fetch settled
const QUIET_MIN_MS = 100;
const QUIET_MAX_MS = 1500;
const CORS_CONSOLE = 'has been blocked by CORS policy';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function launchBrowser() {
  const browser = await chromium.launch(launchOptions());
  browser.corsimCommandLine = await checkLaunch(browser);
  return browser;
}

/** The fetch() call, run inside the page. Returns plain data only. */
async function pageFetch({ url, init }) {
  const out = {};
  let p;
  try {
    p = fetch(url, init);
  } catch (e) {
    return { fetch: 'rejected', threw: true, error: { name: e && e.name, message: String(e && e.message) } };
  }
  try {
    const r = await p;
    out.fetch = 'resolved';
    out.type = r.type;
    out.status = r.status;
    out.status_text = r.statusText;
    out.url = r.url;
    out.redirected = r.redirected;
    out.header_names = [...r.headers.keys()];
    out.header_entries = [...r.headers];
    try {
      const text = await r.text();
      out.body_length = text.length;
      out.body = text.length > 2000 ? text.slice(0, 2000) : text;
    } catch (e) {
      out.body_error = { name: e && e.name, message: String(e && e.message) };
    }
  } catch (e) {
    out.fetch = 'rejected';
    out.error = { name: e && e.name, message: String(e && e.message) };
    if (e && e.cause !== undefined) out.error.cause = String(e.cause);
  }
  return out;
}

/** The RequestInit the page passes: only the fields the scenario gives. */
export function requestInit(req) {
  const init = {};
  for (const k of ['method', 'headers', 'mode', 'credentials', 'redirect', 'body']) {
    if (req[k] !== undefined && req[k] !== null) init[k] = req[k];
  }
  return init;
}

function consoleText(method, p) {
  if (method === 'Log.entryAdded') {
    return { from: 'log', level: p.entry.level, source: p.entry.source, text: p.entry.text, url: p.entry.url };
  }
  if (method === 'Runtime.consoleAPICalled') {
    const text = (p.args || []).map((a) => (a.value !== undefined ? String(a.value) : a.description || a.type)).join(' ');
    return { from: 'console-api', level: p.type === 'warning' ? 'warning' : p.type, source: 'console-api', text };
  }
  if (method === 'Runtime.exceptionThrown') {
    const d = p.exceptionDetails || {};
    const text = d.exception && d.exception.description ? d.exception.description : d.text;
    return { from: 'exception', level: 'error', source: 'javascript', text };
  }
  return null;
}

/** Runs one scenario in a fresh browser context. */
export async function runScenario(browser, server, item, token = 'current') {
  const s = normaliseScenario(item.scenario);
  const started = Date.now();
  server.activate(token, s);
  const events = [];
  let lastEvent = Date.now();
  const harness = [];
  let context;
  let pageResult = null;
  let pageInfo = null;
  try {
    context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const wanted = [
      'Network.requestWillBeSent', 'Network.responseReceived', 'Network.loadingFailed', 'Network.loadingFinished',
      'Log.entryAdded', 'Runtime.consoleAPICalled', 'Runtime.exceptionThrown', 'Audits.issueAdded',
    ];
    for (const m of wanted) {
      cdp.on(m, (params) => {
        events.push({ t_ms: Date.now() - started, method: m, params });
        lastEvent = Date.now();
      });
    }
    await Promise.all(['Network', 'Log', 'Runtime', 'Audits'].map((d) => cdp.send(`${d}.enable`)));
    const work = (async () => {
      const purl = pageURL(s);
      const resp = await page.goto(purl, { waitUntil: 'load', timeout: SCENARIO_TIMEOUT_MS });
      pageInfo = await page.evaluate(() => ({ origin: self.origin, isSecureContext: self.isSecureContext, href: location.href }));
      pageInfo.status = resp ? resp.status() : null;
      const expectOrigin = s.origin === 'null' ? 'null' : new URL(s.origin).origin;
      if (pageInfo.origin !== expectOrigin) {
        harness.push(`page origin is ${pageInfo.origin}, expected ${expectOrigin}`);
      }
      const eventsBefore = events.length;
      pageInfo.events_before_fetch = eventsBefore;
      pageResult = await page.evaluate(pageFetch, { url: s.request.url, init: requestInit(s.request) });
      // Let late console messages and issues arrive.
      const settled = Date.now();
      await sleep(QUIET_MIN_MS);
      while (Date.now() - lastEvent < QUIET_MS && Date.now() - settled < QUIET_MAX_MS) await sleep(20);
    })();
    work.catch(() => {}); // after a timeout it may still reject: not an unhandled rejection
    let timer;
    const timeout = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timeout after ${SCENARIO_TIMEOUT_MS} ms`)), SCENARIO_TIMEOUT_MS); });
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    harness.push(String(e && e.message ? e.message.split('\n')[0] : e));
  } finally {
    if (context) await context.close().catch(() => {});
  }
  // The page's own request is always the same: keep it short.
  const log = server.deactivate(token).map((e) => (e.reply === 'page'
    ? { t_ms: e.t_ms, conn: e.conn, scheme: e.scheme, host: e.host, method: e.method, target: e.target, reply: e.reply, status: e.status }
    : e));
  return buildObservation(item, s, { events, log, pageResult, pageInfo, harness, ms: Date.now() - started });
}

function buildObservation(item, s, { events, log, pageResult, pageInfo, harness, ms }) {
  const t0 = pageInfo ? pageInfo.events_before_fetch : 0;
  const fetchEvents = events.slice(t0);
  const scenarioReqs = log.filter((e) => e.reply !== 'page' && e.reply !== 'unknown');
  const preflights = scenarioReqs.filter((e) => e.preflight);
  const actual = scenarioReqs.filter((e) => !e.preflight);
  let prh = null;
  if (preflights.length) {
    const h = preflights[0].headers;
    prh = { 'access-control-request-method': getHeader(h, 'Access-Control-Request-Method') };
    const acrh = getHeader(h, 'Access-Control-Request-Headers');
    if (acrh !== undefined) prh['access-control-request-headers'] = acrh;
  }

  // The fetch's own request in DevTools: the first request of type Fetch after the page loaded.
  const rws = fetchEvents.filter((e) => e.method === 'Network.requestWillBeSent');
  const fetchReq = rws.find((e) => e.params.type === 'Fetch');
  const fetchId = fetchReq ? fetchReq.params.requestId : null;
  const failed = fetchEvents.filter((e) => e.method === 'Network.loadingFailed');
  const fetchFailed = fetchId ? failed.find((e) => e.params.requestId === fetchId) : null;
  const issues = fetchEvents.filter((e) => e.method === 'Audits.issueAdded').map((e) => e.params.issue);
  const corsIssues = issues.filter((i) => i.code === 'CorsIssue').map((i) => i.details.corsIssueDetails);
  let status = null;
  let statusFrom = null;
  if (fetchFailed && fetchFailed.params.corsErrorStatus) {
    status = fetchFailed.params.corsErrorStatus;
    statusFrom = 'loadingFailed';
  } else {
    const mine = corsIssues.filter((d) => !d.isWarning && d.corsErrorStatus
      && (!fetchId || !d.request || d.request.requestId === fetchId));
    const any = mine.length ? mine : corsIssues.filter((d) => !d.isWarning && d.corsErrorStatus && !fetchId);
    if (any.length) {
      status = any[0].corsErrorStatus;
      statusFrom = 'CorsIssue';
    }
  }

  const consoleLines = fetchEvents.map((e) => {
    const c = consoleText(e.method, e.params);
    return c ? { t_ms: e.t_ms, ...c } : null;
  }).filter(Boolean);
  const errors = consoleLines.filter((c) => c.level === 'error');
  const cons = (errors.find((c) => c.text && c.text.includes(CORS_CONSOLE))
    || errors.find((c) => c.text && (c.text.startsWith('Fetch API cannot load') || c.text.startsWith('Mixed Content')))
    || {}).text ?? null;

  const resolved = pageResult && pageResult.fetch === 'resolved';
  const observed = {
    id: s.id,
    preflight_sent: preflights.length > 0,
    preflight_request_headers: prh,
    request_sent: actual.length > 0,
    fetch: pageResult ? pageResult.fetch : null,
    response_type: resolved ? pageResult.type : null,
    status: resolved ? pageResult.status : null,
    exposed_headers: resolved ? [...new Set(pageResult.header_names)].sort() : [],
    cors_error: status ? status.corsError : null,
    failed_parameter: status ? status.failedParameter : null,
    console: cons,
  };

  const networkSummary = fetchEvents.filter((e) => e.method.startsWith('Network.')).map((e) => {
    const p = e.params;
    const o = { t_ms: e.t_ms, event: e.method.slice(8), requestId: p.requestId };
    if (e.method === 'Network.requestWillBeSent') {
      Object.assign(o, { type: p.type, method: p.request.method, url: p.request.url, initiator: p.initiator && p.initiator.type });
      if (p.redirectResponse) o.redirect_response = { status: p.redirectResponse.status, url: p.redirectResponse.url };
      o.request_headers = p.request.headers;
    } else if (e.method === 'Network.responseReceived') {
      Object.assign(o, { type: p.type, status: p.response.status, url: p.response.url });
    } else if (e.method === 'Network.loadingFailed') {
      Object.assign(o, { type: p.type, errorText: p.errorText, canceled: p.canceled, blockedReason: p.blockedReason, corsErrorStatus: p.corsErrorStatus });
    }
    return o;
  });

  const extra = {
    duration_ms: ms,
    page: pageInfo ? { origin: pageInfo.origin, isSecureContext: pageInfo.isSecureContext, href: pageInfo.href, status: pageInfo.status } : null,
    js: pageResult ? {
      threw: pageResult.threw || undefined,
      error: pageResult.error,
      status_text: pageResult.status_text,
      url: pageResult.url,
      redirected: pageResult.redirected,
      header_entries: pageResult.header_entries,
      body: pageResult.body,
      body_length: pageResult.body_length,
      body_error: pageResult.body_error,
    } : null,
    cors_error_from: statusFrom,
    cors_error_status: status,
    console: consoleLines,
    server_log: log,
    devtools_network: networkSummary,
    cors_issues: corsIssues,
    other_issues: issues.filter((i) => i.code !== 'CorsIssue'),
  };
  const obs = { id: s.id, source_file: item.source_file, scenario: s, observed, extra };
  if (harness.length) obs.harness_error = harness.join('; ');
  return obs;
}

// ---- comparison -----------------------------------------------------------------------------
export function compareRecordings(oldRec, newRec) {
  const diffs = [];
  const oldById = new Map(oldRec.observations.map((o) => [o.id, o]));
  const newIds = new Set();
  for (const n of newRec.observations) {
    newIds.add(n.id);
    const o = oldById.get(n.id);
    if (!o) { diffs.push({ id: n.id, field: '(scenario)', old: 'absent', new: 'present' }); continue; }
    for (const f of ['id', ...OBSERVED_FIELDS]) {
      const a = JSON.stringify(o.observed[f] ?? null);
      const b = JSON.stringify(n.observed[f] ?? null);
      if (a !== b) diffs.push({ id: n.id, field: f, old: a, new: b });
    }
  }
  return { diffs, onlyOld: oldRec.observations.filter((o) => !newIds.has(o.id)).map((o) => o.id) };
}

function printComparison(oldFile, oldRec, newRec) {
  const { diffs, onlyOld } = compareRecordings(oldRec, newRec);
  console.log(`\ncompare with ${oldFile} (${oldRec.browser}) -> ${newRec.browser}`);
  for (const d of diffs) console.log(`  ${d.id}  ${d.field}: ${d.old}  ->  ${d.new}`);
  if (onlyOld.length) console.log(`  only in old recording (not run now): ${onlyOld.length} scenario(s)${onlyOld.length <= 20 ? ': ' + onlyOld.join(' ') : ''}`);
  const ids = new Set(diffs.map((d) => d.id));
  console.log(diffs.length ? `${diffs.length} difference(s) in ${ids.size} scenario(s)` : 'no differences');
  return diffs.length;
}

// ---- summary --------------------------------------------------------------------------------
export function summarise(observations) {
  const count = (f) => {
    const m = {};
    for (const o of observations) { const k = f(o); m[k] = (m[k] || 0) + 1; }
    return Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1]));
  };
  return {
    total: observations.length,
    fetch: count((o) => (o.harness_error ? 'HARNESS-ERROR' : o.observed.fetch)),
    cors_error: count((o) => o.observed.cors_error ?? '(none)'),
    rejected_without_cors_error: count((o) => (o.observed.fetch === 'rejected' && !o.observed.cors_error
      ? (o.observed.console ? o.observed.console.replace(/'[^']*'/g, "'…'").replace(/https?:\/\/\S+/g, 'URL').slice(0, 90) : '(no console line)')
      : null)),
    response_type: count((o) => (o.harness_error ? '(harness error)' : o.observed.response_type ?? '(rejected)')),
    preflight_sent: count((o) => o.observed.preflight_sent),
  };
}

function printSummary(sum, ms) {
  console.log(`\n${sum.total} scenario(s) in ${(ms / 1000).toFixed(1)} s`);
  const pct = (n) => `${((100 * n) / Math.max(1, sum.total)).toFixed(1)}%`;
  for (const [k, v] of Object.entries(sum.fetch)) console.log(`  ${k.padEnd(14)} ${String(v).padStart(5)}  ${pct(v)}`);
  console.log('cors_error:');
  for (const [k, v] of Object.entries(sum.cors_error)) console.log(`  ${k.padEnd(40)} ${String(v).padStart(5)}`);
  const other = Object.entries(sum.rejected_without_cors_error).filter(([k]) => k !== 'null');
  if (other.length) {
    console.log('rejected without a cors_error (by console line):');
    for (const [k, v] of other) console.log(`  ${String(v).padStart(5)}  ${k}`);
  }
  console.log('response_type: ' + Object.entries(sum.response_type).map(([k, v]) => `${k}=${v}`).join(' '));
  console.log('preflight_sent: ' + Object.entries(sum.preflight_sent).map(([k, v]) => `${k}=${v}`).join(' '));
}

// ---- expectations -------------------------------------------------------------------------
/** Scenarios may carry `expect` (verdict fields): every field given is checked against Chromium. */
export function checkExpectations(observations) {
  const out = [];
  for (const o of observations) {
    const exp = o.scenario.expect;
    if (!exp || typeof exp !== 'object') continue;
    for (const f of OBSERVED_FIELDS) {
      if (!(f in exp)) continue;
      const a = JSON.stringify(exp[f]);
      const b = JSON.stringify(o.observed[f] ?? null);
      if (a !== b) out.push({ id: o.id, field: f, expected: a, observed: b });
    }
  }
  return out;
}

// ---- running many ---------------------------------------------------------------------------
/**
 * Runs every item, at most `jobs` at once, each in its own browser context. Two scenarios that
 * share a hop URL or a page URL never run at the same time (the server routes by URL).
 */
export async function runAll(items, server, { jobs = 1, onResult = () => {} } = {}) {
  let browser = await launchBrowser();
  let relaunching = null;
  const getBrowser = async () => {
    if (browser.isConnected()) return browser;
    relaunching ||= launchBrowser().then((b) => { browser = b; relaunching = null; return b; });
    return relaunching;
  };
  const keys = items.map((x) => {
    const s = normaliseScenario(x.scenario);
    return new Set([matchKey(pageURL(s)), ...hopURLs(s).map(matchKey)].filter(Boolean));
  });
  const running = new Map(); // index -> key set
  const results = new Array(items.length);
  let next = 0;
  const conflicts = (i) => [...running.values()].some((ks) => [...keys[i]].some((k) => ks.has(k)));
  const worker = async () => {
    for (;;) {
      if (next >= items.length) return;
      while (next < items.length && conflicts(next)) await sleep(5);
      if (next >= items.length) return;
      const i = next++;
      running.set(i, keys[i]);
      try {
        const b = await getBrowser();
        results[i] = await runScenario(b, server, items[i], `s${i}`);
      } finally {
        running.delete(i);
      }
      onResult(i, results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  const version = browser.version();
  await browser.close();
  return { results, version };
}

/** How the browser was driven (kept in the recording: switches change behaviour). */
export function harnessInfo() {
  let pw = null;
  try {
    pw = JSON.parse(fs.readFileSync(new URL('../node_modules/playwright-core/package.json', import.meta.url), 'utf8')).version;
  } catch { /* not installed next to us */ }
  return {
    driver: `playwright-core ${pw}`,
    chromium_args: CHROMIUM_ARGS,
    page: '<origin>/<origin>/ (origin "null": http://sandbox.corsim.test/__corsim__/page with CSP sandbox allow-scripts)',
    context: 'a fresh browser context per scenario',
  };
}

// ---- main -----------------------------------------------------------------------------------
async function main() {
  const opts = parseArgs(process.argv.slice(2), { booleans: ['help', 'quiet', 'print', 'strict'] });
  if (opts.help || (!opts.with && (opts._.length === 0 || !opts.out))) {
    console.log('usage: node record.mjs --out FILE [--filter SUBSTRING] [--compare OLD.json] [--jobs N] [--print] [--quiet] [--strict] INPUT.json...\n'
      + '       node record.mjs --compare OLD.json --with NEW.json');
    process.exit(opts.help ? 0 : 2);
  }
  if (opts.with) {
    if (!opts.compare) throw new Error('--with needs --compare OLD.json');
    const n = printComparison(opts.compare, JSON.parse(fs.readFileSync(opts.compare, 'utf8')), JSON.parse(fs.readFileSync(opts.with, 'utf8')));
    process.exit(n ? 1 : 0);
  }
  let items = loadScenarioFiles(opts._);
  if (opts.filter) items = items.filter((x) => x.scenario.id.includes(opts.filter));
  if (items.length === 0) throw new Error('no scenario to run');
  const oldRec = opts.compare ? JSON.parse(fs.readFileSync(opts.compare, 'utf8')) : null;

  const jobs = Number(opts.jobs || 2);
  const server = new CorsimServer();
  const ports = collectPorts(items.map((x) => normaliseScenario(x.scenario)));
  await server.start(ports);
  console.log(`${items.length} scenario(s), ${jobs} at a time, server ports ${ports.join(',')}`);
  const started = Date.now();
  let done = 0;
  const { results: observations, version } = await runAll(items, server, {
    jobs,
    onResult: (i, obs) => {
      done++;
      const o = obs.observed;
      if (!opts.quiet) {
        const what = obs.harness_error ? `HARNESS ERROR: ${obs.harness_error}`
          : o.fetch === 'resolved' ? `resolved ${o.response_type} ${o.status}` : `rejected ${o.cors_error ?? ''}`;
        console.log(`[${String(done).padStart(4)}/${items.length}] ${obs.id.padEnd(28)} ${what}`);
      } else if (done % 100 === 0) console.log(`  ${done}/${items.length} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      if (opts.print) console.log(prettyJSON({ observed: o, extra: obs.extra }));
    },
  });
  const ms = Date.now() - started;
  await server.stop();
  const browserName = `Chromium/${version}`;
  console.log(`browser: ${browserName}`);

  const rec = {
    corsim_recording: 1,
    browser: browserName,
    recorded_at: new Date().toISOString(),
    harness: harnessInfo(),
    observations,
  };
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, prettyJSON(rec));
  const sum = summarise(observations);
  printSummary(sum, ms);
  console.log(`wrote ${opts.out}`);
  let bad = observations.filter((o) => o.harness_error).length;
  if (bad) {
    console.log(`${bad} harness error(s):`);
    for (const o of observations.filter((x) => x.harness_error)) console.log(`  ${o.id}: ${o.harness_error}`);
  }
  const mism = checkExpectations(observations);
  if (mism.length) {
    console.log(`${mism.length} expectation(s) not met (scenario "expect" vs Chromium):`);
    for (const m of mism) console.log(`  ${m.id}  ${m.field}: expected ${m.expected}, Chromium ${m.observed}`);
    if (opts.strict) bad += mism.length;
  } else if (observations.some((o) => o.scenario.expect)) console.log('every "expect" met');
  if (oldRec) bad += printComparison(opts.compare, oldRec, rec);
  process.exit(bad ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((e) => { console.error(String(e.stack || e)); process.exit(1); });
}
