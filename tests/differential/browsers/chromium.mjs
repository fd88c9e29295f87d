// The Chromium driver: Debian's chromium, headless, driven by playwright-core over the DevTools
// protocol (nothing downloaded). Each scenario runs in a fresh browser context; the DevTools
// Network, Log, Runtime and Audits domains give the console lines and the corsErrorStatus.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { normaliseScenario, pageURL } from '../lib.mjs';
import {
  SCENARIO_TIMEOUT_MS, expectedPageOrigin, jsError, jsExtra, pageFetch, requestInit, scriptFields,
  serverFields, shortenLog, waitQuiet, withTimeout,
} from '../observe.mjs';

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
        + 'switches changed?): update PLAYWRIGHT_DISABLE_FEATURES in browsers/chromium.mjs. Command line: ' + cmd);
    }
    return cmd;
  } finally {
    await ctx.close();
  }
}

const CORS_CONSOLE = 'has been blocked by CORS policy';

export async function launchBrowser() {
  const browser = await chromium.launch(launchOptions());
  browser.corsimCommandLine = await checkLaunch(browser);
  return browser;
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
    await withTimeout((async () => {
      const resp = await page.goto(pageURL(s), { waitUntil: 'load', timeout: SCENARIO_TIMEOUT_MS });
      pageInfo = await page.evaluate(() => ({ origin: self.origin, isSecureContext: self.isSecureContext, href: location.href }));
      pageInfo.status = resp ? resp.status() : null;
      const want = expectedPageOrigin(s);
      if (pageInfo.origin !== want) harness.push(`page origin is ${pageInfo.origin}, expected ${want}`);
      pageInfo.events_before_fetch = events.length;
      pageResult = await page.evaluate(pageFetch, { url: s.request.url, init: requestInit(s.request) });
      // Let late console messages and issues arrive.
      await waitQuiet(() => lastEvent);
    })());
  } catch (e) {
    harness.push(String(e && e.message ? e.message.split('\n')[0] : e));
  } finally {
    if (context) await context.close().catch(() => {});
  }
  const log = shortenLog(server.deactivate(token));
  return buildObservation(item, s, { events, log, pageResult, pageInfo, harness, ms: Date.now() - started });
}

function buildObservation(item, s, { events, log, pageResult, pageInfo, harness, ms }) {
  const t0 = pageInfo ? pageInfo.events_before_fetch : 0;
  const fetchEvents = events.slice(t0);
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

  const observed = {
    id: s.id,
    ...serverFields(log),
    ...scriptFields(pageResult),
    cors_error: status ? status.corsError : null,
    failed_parameter: status ? status.failedParameter : null,
    console: cons,
    browser: 'chromium',
    firefox_reason: null,
    firefox_reason_param: null,
    js_error: jsError(pageResult),
    console_errors: errors.map((c) => c.text),
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
    js: jsExtra(pageResult),
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


/** The driver the recorder uses (see observe.mjs runAll): one browser, relaunched if it dies. */
export class ChromiumDriver {
  constructor() {
    this.name = 'chromium';
    this.browser = null;
    this.relaunching = null;
  }

  async start() {
    this.browser = await launchBrowser();
    this.version = this.browser.version();
  }

  async getBrowser() {
    if (this.browser.isConnected()) return this.browser;
    this.relaunching ||= launchBrowser().then((b) => { this.browser = b; this.relaunching = null; return b; });
    return this.relaunching;
  }

  async run(server, item, token) {
    return runScenario(await this.getBrowser(), server, item, token);
  }

  async stop() {
    if (this.browser) await this.browser.close();
  }

  browserName() {
    return `Chromium/${this.version}`;
  }

  /** How the browser was driven (kept in the recording: switches change behaviour). */
  info() {
    let pw = null;
    try {
      pw = JSON.parse(fs.readFileSync(new URL('../../node_modules/playwright-core/package.json', import.meta.url), 'utf8')).version;
    } catch { /* not installed next to us */ }
    return {
      driver: `playwright-core ${pw}`,
      chromium_args: CHROMIUM_ARGS,
      page: '<origin>/ (origin "null": http://sandbox.corsim.test/ with CSP sandbox allow-scripts)',
      context: 'a fresh browser context per scenario',
    };
  }
}
