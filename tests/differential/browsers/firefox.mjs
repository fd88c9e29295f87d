// The Firefox driver: Debian's firefox-esr, headless, driven over WebDriver BiDi through Firefox's
// own Remote Agent (`--remote-debugging-port`; no geckodriver, nothing downloaded). Each scenario
// runs in a new tab of its worker's user context (a container: its own cookies, HTTP cache and
// preflight cache, as Firefox keys them by origin attributes); a worker starts a fresh user
// context whenever a scenario would reach a URL its current one has seen, and every
// USER_CONTEXT_REUSE scenarios (a new container per scenario costs Firefox new content
// processes each time, several times the run). Console lines come from BiDi's
// `log.entryAdded`, which forwards every nsIScriptError of the tab's window, the CORS messages
// of nsCORSListenerProxy included.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BidiConnection } from './bidi.mjs';
import { hopURLs, matchKey, normaliseScenario, pageURL } from '../lib.mjs';
import {
  PAGE_INFO_EXPRESSION, expectedPageOrigin, jsError, jsExtra, matchFirefoxLine, pageFetchExpression,
  scriptFields, serverFields, shortenLog, waitQuiet, withTimeout,
} from '../observe.mjs';

/** The wait after a rejected fetch: quiet for 300 ms, at least 500 ms (see `run`). */
const REJECTED_QUIET = { quiet: 300, min: 500, max: 2500 };

export const FIREFOX = process.env.CORSIM_FIREFOX || '/usr/bin/firefox-esr';
const USER_CONTEXT_REUSE = 100;

/**
 * The profile's prefs. Stock Firefox otherwise (the Remote Agent adds its recommended automation
 * prefs, remote/shared/RecommendedPreferences.sys.mjs, none of which touches CORS):
 * - every host name resolves to 127.0.0.1 (as Chromium's --host-resolver-rules; IP literals such
 *   as [::1] are not resolved);
 * - no HTTPS-First upgrade of the page's http:// navigation (the harness's Chromium also runs
 *   without HttpsUpgrades): the page must load on the scenario's own origin;
 * - no first-run, telemetry or update traffic;
 * - content processes kept for reuse (speed only).
 */
export const FIREFOX_PREFS = {
  'network.dns.forceResolve': '127.0.0.1',
  'dom.security.https_first': false,
  'dom.security.https_first_schemeless': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'browser.aboutwelcome.enabled': false,
  // Keep a site's content process when its last tab closes (a new tab per scenario would start
  // one each time): speed only.
  'dom.ipc.keepProcessesAlive.webIsolated.perOrigin': 4,
};

const prefLine = ([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`;

export class FirefoxDriver {
  constructor() {
    this.name = 'firefox';
    this.proc = null;
    this.bidi = null;
    this.version = null;
    this.targets = new Map(); // browsing context id -> event sink
    this.userContexts = new Map(); // worker slot -> {id, seen, count}
  }

  async start() {
    this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'corsim-firefox-'));
    fs.writeFileSync(path.join(this.profile, 'user.js'), Object.entries(FIREFOX_PREFS).map(prefLine).join('\n') + '\n');
    this.proc = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', this.profile, '--remote-debugging-port', '0', 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } });
    const wsURL = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`firefox did not open its BiDi port within 30 s: ${text.slice(-500)}`)), 30_000);
      this.proc.stderr.on('data', (d) => {
        text += String(d);
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(text);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      this.proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`firefox exited (${code}) before BiDi was up: ${text.slice(-500)}`)); });
    });
    this.proc.stderr.resume();
    this.bidi = await BidiConnection.open(`${wsURL}/session`);
    const session = await this.bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
    this.version = session.capabilities.browserVersion;
    const events = ['log.entryAdded', 'network.beforeRequestSent', 'network.responseCompleted', 'network.fetchError'];
    for (const m of events) {
      this.bidi.on(m, (p) => {
        const ctx = m === 'log.entryAdded' ? p.source && p.source.context : p.context;
        const sink = this.targets.get(ctx);
        if (sink) sink(m, p);
      });
    }
    await this.bidi.send('session.subscribe', { events });
  }

  async stop() {
    if (this.bidi) {
      await this.bidi.send('browser.close').catch(() => {});
      this.bidi.close();
    }
    if (this.proc && this.proc.exitCode === null) {
      await new Promise((r) => { const t = setTimeout(() => { this.proc.kill('SIGKILL'); r(); }, 5000); this.proc.once('exit', () => { clearTimeout(t); r(); }); });
    }
    if (this.profile) fs.rmSync(this.profile, { recursive: true, force: true });
  }

  browserName() {
    return `Firefox/${this.version}`;
  }

  info() {
    return {
      driver: 'WebDriver BiDi over Firefox\'s Remote Agent (--remote-debugging-port), ws npm package',
      command: [FIREFOX, '--headless', '--no-remote', '--profile', '<fresh temp dir>', '--remote-debugging-port', '0'],
      prefs: FIREFOX_PREFS,
      capabilities: { acceptInsecureCerts: true },
      page: '<origin>/ (origin "null": http://sandbox.corsim.test/ with CSP sandbox allow-scripts)',
      context: `a new tab per scenario in its worker's user context (container), a fresh one when a scenario reaches a URL the current one has seen and every ${USER_CONTEXT_REUSE} scenarios`,
    };
  }

  async evaluate(context, expression) {
    const r = await this.bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
    if (r.type !== 'success') throw new Error(`script error: ${r.exceptionDetails && r.exceptionDetails.text}`);
    return JSON.parse(r.result.value);
  }

  /** The worker's user context for scenario `s`: a fresh one when `s` could meet cached state. */
  async userContextFor(slot, s) {
    const pageKey = matchKey(pageURL(s));
    const keys = hopURLs(s).map(matchKey).filter((k) => k && k !== pageKey);
    let uc = this.userContexts.get(slot);
    if (uc && (uc.count >= USER_CONTEXT_REUSE || keys.some((k) => uc.seen.has(k)))) {
      this.userContexts.delete(slot);
      await this.bidi.send('browser.removeUserContext', { userContext: uc.id }).catch(() => {});
      uc = null;
    }
    if (!uc) {
      uc = { id: (await this.bidi.send('browser.createUserContext', {})).userContext, seen: new Set(), count: 0 };
      this.userContexts.set(slot, uc);
    }
    uc.count++;
    for (const k of keys) uc.seen.add(k);
    return uc.id;
  }

  /**
   * A new tab in `userContext`. Firefox now and then answers browsingContext.create with
   * DiscardedBrowsingContextError (the window it would open the tab next to is closing): try again.
   */
  async createTab(userContext) {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.bidi.send('browsingContext.create', { type: 'tab', userContext })).context;
      } catch (e) {
        if (attempt >= 5 || !/DiscardedBrowsingContextError|no such frame/.test(e.message)) throw e;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  async dropUserContext(slot) {
    const uc = this.userContexts.get(slot);
    if (!uc) return;
    this.userContexts.delete(slot);
    await this.bidi.send('browser.removeUserContext', { userContext: uc.id }).catch(() => {});
  }

  async run(server, item, token, slot) {
    const s = normaliseScenario(item.scenario);
    const started = Date.now();
    server.activate(token, s);
    const events = [];
    let lastEvent = Date.now();
    const harness = [];
    let context = null;
    let pageInfo = null;
    let pageResult = null;
    let fetchFrom = 0;
    try {
      await withTimeout((async () => {
        const userContext = await this.userContextFor(slot, s);
        context = await this.createTab(userContext);
        this.targets.set(context, (method, params) => {
          events.push({ t_ms: Date.now() - started, method, params });
          lastEvent = Date.now();
        });
        await this.bidi.send('browsingContext.navigate', { context, url: pageURL(s), wait: 'complete' });
        pageInfo = await this.evaluate(context, PAGE_INFO_EXPRESSION);
        const want = expectedPageOrigin(s);
        if (pageInfo.origin !== want) harness.push(`page origin is ${pageInfo.origin}, expected ${want}`);
        fetchFrom = events.length;
        pageResult = await this.evaluate(context, pageFetchExpression(s));
        // Firefox logs a blocked request from the parent process, and under load its lines
        // (the reason, then "CORS request did not succeed" for the request) can reach the tab
        // a few hundred milliseconds after the promise rejected: a rejection waits longer.
        await waitQuiet(() => lastEvent, pageResult && pageResult.fetch === 'rejected' ? REJECTED_QUIET : {});
      })());
    } catch (e) {
      harness.push(String(e && e.message ? e.message.split('\n')[0] : e));
    } finally {
      if (context) {
        this.targets.delete(context);
        await this.bidi.send('browsingContext.close', { context }).catch(() => {});
      }
      if (harness.length) await this.dropUserContext(slot);
    }
    const log = shortenLog(server.deactivate(token));
    return buildObservation(item, s, { events: events.slice(fetchFrom), log, pageResult, pageInfo, harness, ms: Date.now() - started });
  }
}

/** Firefox's console lines of the fetch: every log entry, with its BiDi type and level. */
function consoleLines(events) {
  return events.filter((e) => e.method === 'log.entryAdded').map((e) => ({
    t_ms: e.t_ms, type: e.params.type, level: e.params.level, text: e.params.text,
  }));
}

/**
 * `console` is Firefox's first error line of the fetch (an nsIScriptError: the page makes no
 * console calls of its own and its script catches the rejection). When it is one of Firefox's CORS
 * or mixed-content messages (a security.properties template in core/data/firefox-l10n.tsv), its key
 * and %2$S argument are firefox_reason and firefox_reason_param.
 */
export function firefoxConsole(lines) {
  const first = lines.find((c) => c.level === 'error' && c.type === 'javascript');
  if (!first) return { console: null, firefox_reason: null, firefox_reason_param: null };
  const m = matchFirefoxLine(first.text);
  return { console: first.text, firefox_reason: m ? m.key : null, firefox_reason_param: m ? m.param : null };
}

function buildObservation(item, s, { events, log, pageResult, pageInfo, harness, ms }) {
  const lines = consoleLines(events);
  const fx = firefoxConsole(lines);
  const observed = {
    id: s.id,
    ...serverFields(log),
    ...scriptFields(pageResult),
    cors_error: null,
    failed_parameter: null,
    console: fx.console,
    browser: 'firefox',
    firefox_reason: fx.firefox_reason,
    firefox_reason_param: fx.firefox_reason_param,
    js_error: jsError(pageResult),
    console_errors: lines.filter((c) => c.level === 'error').map((c) => c.text),
  };
  const network = events.filter((e) => e.method.startsWith('network.')).map((e) => {
    const p = e.params;
    const o = { t_ms: e.t_ms, event: e.method.slice(8), request: p.request && p.request.request, redirectCount: p.redirectCount };
    if (p.request) Object.assign(o, { method: p.request.method, url: p.request.url });
    if (p.response) Object.assign(o, { status: p.response.status, response_url: p.response.url });
    if (e.method === 'network.fetchError') o.errorText = p.errorText;
    if (e.method === 'network.beforeRequestSent' && p.request) o.request_headers = (p.request.headers || []).map((h) => [h.name, h.value && h.value.value]);
    return o;
  });
  const extra = {
    duration_ms: ms,
    page: pageInfo ? { origin: pageInfo.origin, isSecureContext: pageInfo.isSecureContext, href: pageInfo.href } : null,
    js: jsExtra(pageResult),
    console: lines,
    server_log: log,
    bidi_network: network,
  };
  const obs = { id: s.id, source_file: item.source_file, scenario: s, observed, extra };
  if (harness.length) obs.harness_error = harness.join('; ');
  return obs;
}
