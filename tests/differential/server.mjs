// The raw loopback HTTP/1.1 server of the differential harness.
//
// One listener per port on 127.0.0.1 and ::1. The first byte of a connection decides TLS (0x16)
// or plain. Requests are parsed from the socket by hand; a reply is written as EXACTLY the status
// line and the scenario's header lines (order, case, duplicates kept) and the body, nothing else.
//
// As a module: `const srv = new CorsimServer(); await srv.start(ports); srv.setScenario(s);
// ... srv.takeLog(); await srv.stop();`
// Standalone: `node server.mjs FILE.json --id ID` serves that one scenario and logs what it gets.
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  PAGE_PATH, NULL_PAGE_HOST, hopURLs, matchKey, collectPorts, normaliseScenario, pageURL,
  loadScenarioFiles, parseArgs, getHeader,
} from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = path.join(HERE, 'out');

/** A throwaway self-signed certificate in out/ (made once, reused while it is valid). */
export function ensureCert(dir = OUT_DIR) {
  fs.mkdirSync(dir, { recursive: true });
  const key = path.join(dir, 'tls-key.pem');
  const cert = path.join(dir, 'tls-cert.pem');
  let ok = fs.existsSync(key) && fs.existsSync(cert);
  if (ok) {
    try {
      const x = new X509Certificate(fs.readFileSync(cert));
      ok = new Date(x.validTo).getTime() > Date.now() + 86400e3;
    } catch { ok = false; }
  }
  if (!ok) {
    execFileSync('/usr/bin/openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=corsim.test',
      '-addext', 'subjectAltName=DNS:*.corsim.test,DNS:corsim.test,DNS:localhost,IP:127.0.0.1,IP:::1',
    ], { stdio: 'ignore' });
  }
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

// The data: icon keeps Chromium from asking for /favicon.ico (a 404 line in the console).
const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>corsim</title><link rel="icon" href="data:,">'
  + '<script>window.__corsimReady = true;</script><p>corsim differential page</p>\n';

/**
 * Requests to this path prefix (on any host and port) are the harness's own: a page that runs its
 * scenario by itself (the WebKit driver) reports there. They go to `onControl`, never to a scenario.
 */
export const CONTROL_PATH = '/__corsim__/';

/** The page of a scenario whose script runs it by itself (`activate(token, s, {pageScript})`). */
export function pageHTML(script) {
  return '<!doctype html><meta charset="utf-8"><title>corsim</title><link rel="icon" href="data:,">'
    + `<script>${script.replace(/<\//g, '<\\/')}</script><p>corsim differential page</p>\n`;
}

export function reasonPhrase(status) {
  return http.STATUS_CODES[status] || 'Unknown';
}

/** Serialises a reply: exactly the status line, the header lines and the body. */
export function serialiseReply(reply, { head = false } = {}) {
  const status = Number(reply.status);
  const lines = [`HTTP/1.1 ${status} ${reasonPhrase(status)}`];
  for (const [n, v] of reply.headers || []) lines.push(`${n}: ${v}`);
  const head_ = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8');
  const noBody = head || (status >= 100 && status < 200) || status === 204 || status === 304;
  const body = noBody ? Buffer.alloc(0) : Buffer.from(reply.body ?? '', 'utf8');
  return Buffer.concat([head_, body]);
}

export class CorsimServer {
  constructor({ verbose = false, onLog = null, onControl = null } = {}) {
    this.verbose = verbose;
    this.onLog = onLog;
    // onControl({method, target, host, body}) -> reply or a promise of one (held open till then).
    this.onControl = onControl;
    this.listeners = [];
    this.sockets = new Set();
    this.active = new Map(); // token -> {scenario, hops, visits, log, t0}
    this.unknown = []; // requests no active scenario claimed (favicon, browser background traffic)
    this.connCount = 0;
    this.tlsContext = null;
  }

  async start(ports) {
    const { key, cert } = ensureCert();
    // No ALPNProtocols: Chromium then speaks HTTP/1.1 over TLS.
    this.tlsContext = tls.createSecureContext({ key, cert });
    for (const port of ports) {
      for (const host of ['127.0.0.1', '::1']) {
        const srv = net.createServer((sock) => this._onConnection(sock, port));
        await new Promise((resolve, reject) => {
          srv.once('error', (e) => reject(new Error(`cannot listen on ${host} port ${port}: ${e.code || e.message}`)));
          srv.listen({ port, host, ipv6Only: host === '::1' }, resolve);
        });
        this.listeners.push(srv);
      }
    }
    this.ports = ports;
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.listeners.map((l) => new Promise((r) => l.close(() => r()))));
    this.listeners = [];
  }

  /**
   * Makes `s` the current scenario (normalised here too) and clears its log. The simple API for
   * one scenario at a time; activate()/deactivate() let several run at once.
   */
  setScenario(s) {
    for (const t of [...this.active.keys()]) this.active.delete(t);
    if (s) this.activate('current', s);
  }

  /** The requests received since setScenario (page and unknown ones included, marked). */
  takeLog() {
    const a = this.active.get('current');
    return a ? a.log.slice() : [];
  }

  /**
   * Starts serving scenario `s` under `token`. Scenarios active at the same time must not share a
   * hop URL or a page URL (the recorder schedules them so).
   */
  activate(token, s, { pageScript = null } = {}) {
    const scenario = normaliseScenario(s);
    this.active.set(token, {
      pageBody: pageScript === null ? PAGE_HTML : pageHTML(pageScript),
      token,
      scenario,
      hops: hopURLs(scenario).map(matchKey),
      pageKey: matchKey(pageURL(scenario)),
      visits: new Map(), // match key -> how many non-preflight requests it got
      log: [],
      t0: Date.now(),
    });
  }

  /** Stops serving the scenario under `token`; returns its request log. */
  deactivate(token) {
    const a = this.active.get(token);
    this.active.delete(token);
    return a ? a.log : [];
  }

  _onConnection(sock, port) {
    const conn = ++this.connCount;
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => {});
    sock.once('data', (chunk) => {
      sock.pause();
      sock.unshift(chunk);
      if (chunk[0] === 0x16) {
        const t = new tls.TLSSocket(sock, { isServer: true, secureContext: this.tlsContext });
        t.on('error', () => {});
        this.sockets.add(t);
        t.on('close', () => this.sockets.delete(t));
        this._serve(t, 'https', port, conn);
      } else {
        this._serve(sock, 'http', port, conn);
        sock.resume();
      }
    });
  }

  _serve(sock, scheme, port, conn) {
    let buf = Buffer.alloc(0);
    let busy = false;
    const pump = () => {
      if (busy) return;
      for (;;) {
        const req = parseRequest(buf);
        if (req === null) return; // need more bytes
        if (req.error) {
          sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          return;
        }
        buf = buf.subarray(req.consumed);
        const handled = this._handle(req, scheme, port, conn);
        if (handled.deferred) {
          // A control reply the harness gives later: later requests on this connection wait.
          busy = true;
          handled.deferred.then((bytes) => {
            if (sock.destroyed) return;
            sock.write(bytes);
            busy = false;
            pump();
          }, () => sock.destroy());
          return;
        }
        const { bytes, close } = handled;
        sock.write(bytes);
        if (close) {
          busy = true;
          sock.end();
          return;
        }
      }
    };
    sock.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      pump();
    });
  }

  _handle(req, scheme, port, conn) {
    const host = getHeader(req.headers, 'Host') || `unknown:${port}`;
    const now = Date.now();
    const entry = {
      t_ms: 0,
      conn,
      scheme,
      port,
      host,
      method: req.method,
      target: req.target,
      http_version: req.version,
      headers: req.headers,
      body_length: req.body.length,
    };
    if (req.body.length && req.body.length <= 4096) entry.body = req.body.toString('utf8');
    let key = null;
    try {
      key = matchKey(`${scheme}://${host}${req.target.startsWith('/') ? req.target : '/' + req.target}`);
    } catch { key = null; }
    const pathOnly = req.target.split('?')[0];
    if (this.onControl && pathOnly.startsWith(CONTROL_PATH)) {
      const control = { method: req.method, target: req.target, host, body: req.body.toString('utf8') };
      return { deferred: Promise.resolve(this.onControl(control)).then((r) => serialiseReply(r, { head: req.method === 'HEAD' })) };
    }
    let reply;
    let owner = null;
    let pageOwner = null;
    if (pathOnly === PAGE_PATH && req.method === 'GET') {
      // The recorder never runs two scenarios with the same page URL at once, and loads the page
      // before the scenario's fetch(): the first GET of the page URL is the page, later ones
      // (a same-origin fetch of "/") are the scenario's.
      for (const a of this.active.values()) if (a.pageKey === key && !a.pageServed) { pageOwner = a; break; }
    }
    if (pageOwner) {
      owner = pageOwner;
      owner.pageServed = true;
      // The page of "origin": "null" scenarios: an opaque-origin (sandboxed) document.
      const sandbox = host.toLowerCase() === NULL_PAGE_HOST;
      const headers = [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store']];
      if (sandbox) headers.push(['Content-Security-Policy', 'sandbox allow-scripts']);
      headers.push(['Content-Length', String(Buffer.byteLength(owner.pageBody))]);
      reply = { status: 200, headers, body: owner.pageBody };
      entry.reply = 'page';
    } else {
      const isPreflight = req.method === 'OPTIONS' && getHeader(req.headers, 'Access-Control-Request-Method') !== undefined;
      let hopIdx = [];
      if (key) {
        for (const a of this.active.values()) {
          const idx = [];
          a.hops.forEach((h, i) => { if (h === key) idx.push(i); });
          if (idx.length) { owner = a; hopIdx = idx; break; }
        }
      }
      if (!owner) {
        reply = { status: 404, headers: [['Content-Type', 'text/plain'], ['Content-Length', '10']], body: 'not found\n' };
        entry.reply = 'unknown';
      } else if (isPreflight) {
        const s = owner.scenario;
        entry.preflight = true;
        entry.hop = hopIdx[0];
        if (s.preflight) { reply = s.preflight; entry.reply = 'preflight'; } else { reply = s.response; entry.reply = 'response'; }
      } else {
        const s = owner.scenario;
        const n = owner.visits.get(key) || 0;
        owner.visits.set(key, n + 1);
        const hop = hopIdx[Math.min(n, hopIdx.length - 1)];
        if (n >= hopIdx.length) entry.repeat = n - hopIdx.length + 1;
        entry.hop = hop;
        const reds = s.redirects || [];
        if (hop < reds.length) { reply = reds[hop]; entry.reply = `redirects[${hop}]`; } else { reply = s.response; entry.reply = 'response'; }
      }
    }
    entry.status = Number(reply.status);
    const bytes = serialiseReply(reply, { head: req.method === 'HEAD' });
    // A reply whose Content-Length does not frame its body, or that says Connection: close,
    // cannot be followed by another reply on the same connection.
    let close = false;
    const cl = getHeader(reply.headers, 'Content-Length');
    const bodyLen = Buffer.byteLength(reply.body ?? '', 'utf8');
    if (cl !== undefined && String(cl).trim() !== String(bodyLen)) close = true;
    // Several Content-Length lines frame nothing for sure: a browser that takes the last one
    // would wait for bytes that never come.
    if ((reply.headers || []).filter((x) => String(x[0]).toLowerCase() === 'content-length').length > 1) close = true;
    if (/close/i.test(getHeader(reply.headers, 'Connection') || '')) close = true;
    if (owner) {
      entry.t_ms = now - owner.t0;
      owner.log.push(entry);
    } else {
      // Nobody claimed it: shown in the log of every scenario active now, marked unknown.
      for (const a of this.active.values()) a.log.push({ ...entry, t_ms: now - a.t0 });
      this.unknown.push(entry);
      if (this.unknown.length > 1000) this.unknown.shift();
    }
    if (this.verbose) process.stdout.write(JSON.stringify(entry) + '\n');
    if (this.onLog) this.onLog(entry);
    return { bytes, close };
  }
}

/** Parses one request from the front of buf: null = incomplete, {error} = malformed. */
export function parseRequest(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return buf.length > 1 << 20 ? { error: 'header too large' } : null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^(\S+) (\S+) (HTTP\/\d\.\d)$/.exec(lines[0]);
  if (!m) return { error: 'bad request line' };
  const headers = [];
  for (const line of lines.slice(1)) {
    const c = line.indexOf(':');
    if (c <= 0) return { error: 'bad header line' };
    // Header bytes are kept as they came (latin1 keeps each byte), then shown as UTF-8 when valid.
    const name = line.slice(0, c);
    const raw = line.slice(c + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    const b = Buffer.from(raw, 'latin1');
    const asUtf8 = b.toString('utf8');
    headers.push([name, Buffer.from(asUtf8, 'utf8').equals(b) ? asUtf8 : raw]);
  }
  let pos = end + 4;
  let body = Buffer.alloc(0);
  const te = getHeader(headers, 'Transfer-Encoding');
  if (te && /chunked/i.test(te)) {
    const parts = [];
    for (;;) {
      const le = buf.indexOf('\r\n', pos);
      if (le < 0) return null;
      const size = parseInt(buf.subarray(pos, le).toString('latin1'), 16);
      if (Number.isNaN(size)) return { error: 'bad chunk' };
      pos = le + 2;
      if (size === 0) {
        const tend = buf.indexOf('\r\n\r\n', pos - 2);
        if (tend < 0) return null;
        pos = tend + 4;
        break;
      }
      if (buf.length < pos + size + 2) return null;
      parts.push(buf.subarray(pos, pos + size));
      pos += size + 2;
    }
    body = Buffer.concat(parts);
  } else {
    const cl = Number(getHeader(headers, 'Content-Length') || 0);
    if (buf.length < pos + cl) return null;
    body = buf.subarray(pos, pos + cl);
    pos += cl;
  }
  return { method: m[1], target: m[2], version: m[3], headers, body, consumed: pos };
}

// ---- standalone ------------------------------------------------------------------------------
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts._.length === 0 || opts.help) {
    console.log('usage: node server.mjs FILE.json... [--id ID]\n'
      + 'Listens on every port the scenarios need (127.0.0.1 and ::1) and serves scenario ID\n'
      + '(default: the first). Each request is logged as one JSON line.');
    process.exit(opts.help ? 0 : 2);
  }
  const items = loadScenarioFiles(opts._);
  const all = items.map((x) => x.scenario);
  const s = opts.id ? all.find((x) => x.id === opts.id) : all[0];
  if (!s) throw new Error(`no scenario with id ${opts.id}`);
  const srv = new CorsimServer({ verbose: true });
  const ports = collectPorts([s]);
  await srv.start(ports);
  srv.setScenario(s);
  console.error(`serving scenario ${s.id} on ports ${ports.join(', ')} (127.0.0.1 and ::1)`);
  console.error(`page: ${pageURL(s)}`);
  console.error(`hops: ${hopURLs(normaliseScenario(s)).join('  ->  ')}`);
  console.error('try: curl -v --resolve "*:PORT:127.0.0.1" URL   (Ctrl-C to stop)');
  process.on('SIGINT', async () => { await srv.stop(); process.exit(0); });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(String(e.stack || e)); process.exit(1); });
}
