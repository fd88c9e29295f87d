// The WebKit driver: Debian's WebKitGTK 2.50 MiniBrowser under Xvfb, with
// `--enable-write-console-messages-to-stdout=true` (WebKitSettings' property), so WebKit writes
// every console message of the page, its CORS and security messages included, to its stdout as
// `CONSOLE SOURCE LEVEL message` (on stderr; with `URL:LINE:COLUMN: ` before it when the
// message has a source position).
//
// Why not WebKitWebDriver: a WebDriver session always runs MiniBrowser in automation mode, whose
// website data store is ephemeral (Tools/MiniBrowser/gtk/main.c, activate()), and WebCore never
// writes the console messages of an ephemeral session anywhere but to an attached inspector
// (FrameConsoleClient::addMessage checks !usesEphemeralSession()); WebKitGTK 2.50's
// WebKitWebDriver refuses `webSocketUrl` (no BiDi log.entryAdded), and with
// WEBKIT_INSPECTOR_HTTP_SERVER set the automation session never starts. So the page runs its
// scenario by itself: the server serves each scenario's page (`<origin>/`, as for the other
// browsers) with the same fetch() call inline; the page posts what the script saw to
// /__corsim__/result/<token> on its own origin, and that reply, held until the console has been
// quiet, names the next scenario's page, which the page navigates to. One MiniBrowser process per
// worker runs scenarios one after another and starts afresh (new data directories, so no cookie,
// HTTP cache or preflight cache is shared) whenever a scenario would reach a URL that process
// has already seen, after a harness error, and every RESTART_EVERY scenarios.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hopURLs, matchKey, normaliseScenario, pageURL } from '../lib.mjs';
import { CONTROL_PATH } from '../server.mjs';
import {
  SCENARIO_TIMEOUT_MS, expectedPageOrigin, jsError, jsExtra, pageFetch, requestInit, scriptFields,
  serverFields, shortenLog, waitQuiet,
} from '../observe.mjs';

export const MINIBROWSER = process.env.CORSIM_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const MINIBROWSER_ARGS = ['--enable-write-console-messages-to-stdout=true', '--ignore-tls-errors'];
const RESTART_EVERY = 150;
const STARTUP_TIMEOUT_MS = 20_000;

/** The script of a scenario's page: run the fetch at load, report, go where the reply says. */
function pageScript(s, token) {
  const arg = JSON.stringify({ url: s.request.url, init: requestInit(s.request) });
  return `window.addEventListener('load', async () => {
  const info = { origin: self.origin, isSecureContext: self.isSecureContext, href: location.href };
  const result = await (${pageFetch.toString()})(${arg});
  let next = null;
  try {
    const r = await fetch(${JSON.stringify(`${CONTROL_PATH}result/${token}`)}, { method: 'POST', body: JSON.stringify({ info, result }) });
    next = (await r.json()).next;
  } catch (e) { /* the harness stopped */ }
  if (next) location.href = next;
});`;
}

/** One console line of WebKit's stdout, or null for other output (GTK warnings...). */
export function parseConsoleLine(line) {
  const m = /^(?:(.*?):(\d+):(\d+): )?CONSOLE(?: ([A-Z][A-Z-]*))? (LOG|ERROR|WARN|WARNING|INFO|DEBUG) ([\s\S]*)$/.exec(line);
  if (!m) return null;
  return { url: m[1] ?? null, line: m[2] ? Number(m[2]) : null, column: m[3] ? Number(m[3]) : null, source: m[4] ?? null, level: m[5].toLowerCase(), text: m[6] };
}

/** A line that goes on with the console message before it (not GLib's or GTK's own output). */
function isContinuation(line) {
  return line !== '' && !/^(\(|\*\*|[A-Za-z-]+-(WARNING|CRITICAL|Message|DEBUG)\b)/.test(line);
}

/** WebKit's generic wrapper line, printed after the line that says why. */
export const WRAPPER_RE = /^(Fetch API|XMLHttpRequest) cannot load .* due to access control checks\.$/;

/**
 * `console` is WebKit's first error line of the fetch that is not the generic wrapper (which
 * follows the reason line); the wrapper itself when it is the only one.
 */
export function webkitConsole(lines) {
  const errors = lines.filter((c) => c.level === 'error' && c.source !== null);
  const reason = errors.find((c) => !WRAPPER_RE.test(c.text));
  return (reason || errors[0] || {}).text ?? null;
}

class Xvfb {
  async start() {
    this.proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    this.display = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error('Xvfb gave no display number within 10 s')), 10_000);
      this.proc.stdio[3].on('data', (d) => {
        text += String(d);
        if (text.includes('\n')) { clearTimeout(timer); resolve(`:${text.trim()}`); }
      });
      this.proc.once('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start Xvfb: ${e.message}`)); });
      this.proc.once('exit', (c) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${c})`)); });
    });
  }

  stop() {
    if (this.proc && this.proc.exitCode === null) this.proc.kill();
  }
}

/** One MiniBrowser process: its stdout console lines, and the page waiting for its next URL. */
class Browser {
  constructor(display, firstURL) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsim-webkit-'));
    this.lines = [];
    this.lastLine = Date.now();
    this.seen = new Set();
    this.count = 0;
    this.waiting = null; // resolves the held result reply with the next URL
    const env = {
      ...process.env, DISPLAY: display,
      // One GStreamer registry for every process (a fresh cache dir would rebuild it each time).
      GST_REGISTRY: path.join(os.tmpdir(), 'corsim-webkit-gst-registry.bin'),
      XDG_DATA_HOME: path.join(this.dir, 'data'), XDG_CACHE_HOME: path.join(this.dir, 'cache'), XDG_CONFIG_HOME: path.join(this.dir, 'config'),
    };
    // stdbuf: WebKit's web process writes with stdio; line-buffered, each line arrives when written.
    this.proc = spawn('stdbuf', ['-oL', '-eL', MINIBROWSER, ...MINIBROWSER_ARGS, firstURL], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // The lines come on stderr (WebCore's logMessageToSystemConsole goes through WTF's logging);
    // stdout is read too.
    for (const stream of [this.proc.stdout, this.proc.stderr]) {
      let rest = '';
      stream.on('data', (d) => {
        rest += String(d);
        const parts = rest.split('\n');
        rest = parts.pop();
        for (const l of parts) {
          const c = parseConsoleLine(l);
          if (c) {
            this.lines.push({ t: Date.now(), stream: stream === this.proc.stdout ? 'stdout' : 'stderr', ...c });
            this.lastLine = Date.now();
          } else if (isContinuation(l)) {
            // A message with a line break goes on on the next line(s) of the same stream.
            const last = [...this.lines].reverse().find((x) => x.stream === (stream === this.proc.stdout ? 'stdout' : 'stderr'));
            if (last) last.text += `\n${l}`;
          }
        }
      });
    }
    this.exited = new Promise((r) => this.proc.once('exit', r));
  }

  alive() {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async stop() {
    if (this.waiting) { this.waiting(null); this.waiting = null; }
    // The whole process group: MiniBrowser and the web and network processes it started.
    const group = (sig) => { try { process.kill(-this.proc.pid, sig); } catch { /* gone */ } };
    if (this.alive()) {
      group('SIGTERM');
      const t = setTimeout(() => group('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(t);
    }
    group('SIGKILL');
    try {
      fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch { /* a late writer: the temp dir stays */ }
  }
}

export class WebKitDriver {
  constructor() {
    this.name = 'webkit';
    this.slots = new Map(); // worker slot -> Browser
    this.results = new Map(); // token -> resolve({info, result}) of the scenario's report
  }

  async start() {
    this.xvfb = new Xvfb();
    await this.xvfb.start();
    const out = execFileSync(MINIBROWSER, ['--version'], { encoding: 'utf8', env: { ...process.env, DISPLAY: this.xvfb.display } });
    const m = /WebKitGTK ([\d.]+)/.exec(out);
    this.version = m ? m[1] : out.trim();
  }

  /** The server's control handler: a page's report, answered with the next page when there is one. */
  control(server) {
    return async ({ method, target, body }) => {
      const m = new RegExp(`^${CONTROL_PATH}result/([^/?]+)`).exec(target);
      if (method !== 'POST' || !m) return { status: 404, headers: [['Content-Length', '0']], body: '' };
      const deliver = this.results.get(m[1]);
      let next = null;
      if (deliver) {
        let report = null;
        try { report = JSON.parse(body); } catch { /* reported below as a harness error */ }
        next = await deliver(report);
      }
      const text = JSON.stringify({ next });
      return { status: 200, headers: [['Content-Type', 'application/json'], ['Access-Control-Allow-Origin', '*'], ['Cache-Control', 'no-store'], ['Content-Length', String(Buffer.byteLength(text))]], body: text };
    };
  }

  async stop() {
    await Promise.all([...this.slots.values()].map((b) => b.stop()));
    this.slots.clear();
    if (this.xvfb) this.xvfb.stop();
  }

  browserName() {
    return `WebKitGTK/${this.version}`;
  }

  info() {
    return {
      driver: 'MiniBrowser under Xvfb, console lines from its stdout (WebKitSettings enable-write-console-messages-to-stdout); the page runs its own scenario and reports to the harness server',
      command: ['stdbuf', '-oL', '-eL', MINIBROWSER, ...MINIBROWSER_ARGS, '<page URL>'],
      env: 'XDG_DATA_HOME, XDG_CACHE_HOME, XDG_CONFIG_HOME: fresh temp dirs per MiniBrowser process',
      hosts: 'own network and mount namespace; /etc/hosts there maps the scenario host names to 127.0.0.1 (isolate.mjs)',
      page: '<origin>/ (origin "null": http://sandbox.corsim.test/ with CSP sandbox allow-scripts), the fetch() inline, run at load',
      context: `one MiniBrowser per worker, started afresh when a scenario reaches a URL it has seen, after an error, and every ${RESTART_EVERY} scenarios`,
    };
  }

  async run(server, item, token, slot) {
    if (!server.onControl) server.onControl = this.control(server);
    const s = normaliseScenario(item.scenario);
    const started = Date.now();
    // The URLs whose replies a browser could keep (the page itself is served no-store).
    const pageKey = matchKey(pageURL(s));
    const keys = new Set(hopURLs(s).map(matchKey).filter((k) => k && k !== pageKey));
    const harness = [];
    let report = null;
    let browser = this.slots.get(slot);
    // A URL this process has loaded before could come from its caches: start afresh.
    if (browser && (!browser.alive() || browser.count >= RESTART_EVERY || [...keys].some((k) => browser.seen.has(k)))) {
      await browser.stop();
      browser = null;
      this.slots.delete(slot);
    }
    server.activate(token, s, { pageScript: pageScript(s, token) });
    let from = browser ? browser.lines.length : 0;
    const reported = new Promise((resolve) => {
      this.results.set(token, (r) => {
        resolve(r);
        // Hold the reply until the next scenario of this worker names its page (or the end).
        return new Promise((next) => { if (this.slots.get(slot)) this.slots.get(slot).waiting = next; else next(null); });
      });
    });
    try {
      if (browser) {
        const go = browser.waiting;
        browser.waiting = null;
        if (!go) throw new Error('the previous page is not waiting for its next scenario');
        go(pageURL(s));
      } else {
        browser = new Browser(this.xvfb.display, pageURL(s));
        this.slots.set(slot, browser);
        from = 0;
      }
      browser.count++;
      for (const k of keys) browser.seen.add(k);
      const limit = (browser.count === 1 ? STARTUP_TIMEOUT_MS : 0) + SCENARIO_TIMEOUT_MS;
      let timer;
      report = await Promise.race([
        reported,
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timeout after ${limit} ms`)), limit); }),
        browser.exited.then((c) => { throw new Error(`MiniBrowser exited (${c})`); }),
      ]).finally(() => clearTimeout(timer));
      if (!report || !report.result) throw new Error('the page sent no result');
      const want = expectedPageOrigin(s);
      if (report.info.origin !== want) harness.push(`page origin is ${report.info.origin}, expected ${want}`);
      const b = browser;
      await waitQuiet(() => b.lastLine);
    } catch (e) {
      harness.push(String(e && e.message ? e.message.split('\n')[0] : e));
    } finally {
      this.results.delete(token);
    }
    const lines = browser ? browser.lines.slice(from).map(({ t, stream, ...c }) => ({ t_ms: t - started, ...c })) : [];
    if (harness.length && browser) {
      await browser.stop();
      this.slots.delete(slot);
    }
    const log = shortenLog(server.deactivate(token)).filter((e) => !String(e.target || '').startsWith(CONTROL_PATH));
    return buildObservation(item, s, { lines, log, report, harness, ms: Date.now() - started });
  }
}

function buildObservation(item, s, { lines, log, report, harness, ms }) {
  const pageResult = report ? report.result : null;
  const observed = {
    id: s.id,
    ...serverFields(log),
    ...scriptFields(pageResult),
    cors_error: null,
    failed_parameter: null,
    console: webkitConsole(lines),
    browser: 'webkit',
    firefox_reason: null,
    firefox_reason_param: null,
    js_error: jsError(pageResult),
    console_errors: lines.filter((c) => c.level === 'error' && c.source !== null).map((c) => c.text),
  };
  const extra = {
    duration_ms: ms,
    page: report && report.info ? report.info : null,
    js: jsExtra(pageResult),
    console: lines,
    server_log: log,
  };
  const obs = { id: s.id, source_file: item.source_file, scenario: s, observed, extra };
  if (harness.length) obs.harness_error = harness.join('; ');
  return obs;
}
