// Records the requests real Chromium (or Firefox) puts on the wire for a set of fetch() calls, so that
// tests/probe_recorded.rs can compare them with the requests `corsim probe` writes
// (core/src/wire.rs). Its own raw servers on ephemeral loopback ports (HTTP and HTTPS, with a
// throwaway certificate made by openssl when it runs) serve the page and answer every API
// request permissively (the origin reflected, credentials allowed, the requested method and
// headers allowed, Vary: Origin), and log each request's header lines in order, as received.
//
// node probe/record-wire.mjs [--browser chromium|firefox] [--out probe/<browser>-wire.json]
//   chromium  Debian's chromium through Playwright (--host-resolver-rules)
//   firefox   Debian's firefox-esr over WebDriver BiDi (differential/browsers/firefox.mjs: its
//             prefs, network.dns.forceResolve), a user context (container) per fetch
//
// Host names: app.corsim.test (the page), api.corsim.test (same site), api.other.test (cross
// site), all mapped to 127.0.0.1 by --host-resolver-rules; http: URLs to them are not
// potentially trustworthy, https: ones are.
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { FirefoxDriver } from '../differential/browsers/firefox.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const BROWSER = opt('--browser', 'chromium');
if (!['chromium', 'firefox'].includes(BROWSER)) throw new Error(`--browser ${BROWSER}: chromium or firefox`);
const OUT = opt('--out', join(here, `${BROWSER}-wire.json`));
const CHROMIUM = process.env.CORSIM_CHROMIUM || '/usr/bin/chromium';

const tmp = mkdtempSync(join(tmpdir(), 'corsim-wire-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(tmp, 'key.pem'), '-out', join(tmp, 'cert.pem'),
  '-days', '1', '-subj', '/CN=corsim wire recording', '-addext', 'subjectAltName=DNS:app.corsim.test,DNS:api.corsim.test,DNS:api.other.test'], { stdio: 'ignore' });

let log = [];
function handler(req, res) {
  const host = (req.headers.host || '').split(':')[0];
  const url = new URL(req.url, 'http://x');
  if (host === 'app.corsim.test') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>page</title>');
    return;
  }
  const headers = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  log.push({ method: req.method, target: req.url, headers });
  const origin = req.headers.origin;
  const out = { Vary: 'Origin', 'Content-Type': 'text/plain' };
  if (origin) {
    out['Access-Control-Allow-Origin'] = origin;
    out['Access-Control-Allow-Credentials'] = 'true';
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    out['Access-Control-Allow-Methods'] = req.headers['access-control-request-method'];
    if (req.headers['access-control-request-headers']) out['Access-Control-Allow-Headers'] = req.headers['access-control-request-headers'];
    req.resume();
    res.writeHead(204, out);
    res.end();
    return;
  }
  const to = url.searchParams.get('to');
  if (to) {
    out.Location = to;
    req.resume();
    res.writeHead(Number(url.searchParams.get('status') || 307), out);
    res.end();
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, out);
    res.end('ok');
  });
}

const listen = (server) => new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
const plain = http.createServer(handler);
const secure = https.createServer({ key: readFileSync(join(tmp, 'key.pem')), cert: readFileSync(join(tmp, 'cert.pem')) }, handler);
const P = await listen(plain);
const S = await listen(secure);

const page = { http: `http://app.corsim.test:${P}`, https: `https://app.corsim.test:${S}` };
const api = {
  http: `http://api.corsim.test:${P}`,
  https: `https://api.corsim.test:${S}`,
  other: `https://api.other.test:${S}`,
};

// Each fetch: the page it runs on, the URL, and the RequestInit (as corsim's scenario format
// writes it: method, headers as pairs, credentials, mode, body).
const cases = [
  ['get-same-site-https', 'https', `${api.https}/v1/items`, {}],
  ['get-cross-site-credentials', 'https', `${api.other}/v1/items`, { credentials: 'include' }],
  ['get-same-site-credentials', 'https', `${api.https}/v1/items?q=1`, { credentials: 'include' }],
  ['post-json-preflight', 'https', `${api.https}/v1/items`, { method: 'POST', headers: [['Content-Type', 'application/json']], body: '{"a":1}' }],
  ['put-token-cross-site-credentials', 'https', `${api.other}/v1/items/7`, { method: 'PUT', headers: [['X-Token', 'abc']], credentials: 'include', body: 'x' }],
  ['delete-plain-http', 'http', `${api.http}/v1/items/7`, { method: 'DELETE' }],
  ['get-plain-http', 'http', `${api.http}/v1/items`, {}],
  ['post-text-plain-http', 'http', `${api.http}/v1/items`, { method: 'POST', headers: [['Content-Type', 'text/plain']], body: 'hello' }],
  ['get-range', 'https', `${api.https}/v1/file`, { headers: [['Range', 'bytes=0-99']] }],
  ['get-conditional', 'https', `${api.https}/v1/items`, { headers: [['If-None-Match', '"abc"']] }],
  ['get-accept-json', 'https', `${api.https}/v1/items`, { headers: [['Accept', 'application/json']] }],
  ['patch-authorization-cross-site', 'https', `${api.other}/v1/items/7`, { method: 'PATCH', headers: [['Content-Type', 'application/json'], ['Authorization', 'Bearer t']], credentials: 'include', body: '{}' }],
  ['no-cors-get', 'https', `${api.other}/v1/pixel`, { mode: 'no-cors' }],
  ['http-page-to-https-api', 'http', `${api.https}/v1/items`, {}],
  ['redirect-cross-origin', 'https', `${api.https}/v1/old?to=${encodeURIComponent(`${api.other}/v1/new`)}`, {}],
  ['redirect-same-origin-preflighted', 'https', `${api.https}/v1/old?to=${encodeURIComponent('/v1/new')}`, { headers: [['X-Token', 'abc']] }],
  ['post-form-urlencoded', 'https', `${api.other}/v1/form`, { method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'a=1' }],
];

const COOKIES = [
  { name: 'sid', value: '1', domain: 'api.corsim.test', path: '/', sameSite: 'Lax' },
  { name: 'sid', value: '1', domain: 'api.other.test', path: '/', sameSite: 'None', secure: true },
];
const FETCH = async ([u, i]) => {
  try {
    const r = await fetch(u, { ...i, headers: i.headers || [] });
    return { type: r.type, status: r.status };
  } catch (e) {
    return { error: String(e) };
  }
};

// Chromium through Playwright: a browser context (its own cookies and caches) per fetch.
async function chromiumDriver() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors',
      '--host-resolver-rules=MAP *.google.com ~NOTFOUND, MAP *.googleapis.com ~NOTFOUND, MAP * 127.0.0.1'],
  });
  return {
    async run(pageURL, url, init) {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      await context.addCookies(COOKIES);
      const tab = await context.newPage();
      await tab.goto(pageURL);
      log = [];
      const outcome = await tab.evaluate(FETCH, [url, init]);
      await new Promise((r) => setTimeout(r, 100));
      await context.close();
      return outcome;
    },
    close: () => browser.close(),
    version: () => execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim().split('\n').pop(),
  };
}

// Firefox over BiDi: a user context (container: its own cookies, caches, preflight cache) and a
// tab per fetch, the cookies set in that container.
async function firefoxDriver() {
  const ff = new FirefoxDriver();
  await ff.start();
  return {
    async run(pageURL, url, init) {
      const userContext = (await ff.bidi.send('browser.createUserContext', {})).userContext;
      for (const c of COOKIES) {
        await ff.bidi.send('storage.setCookie', {
          cookie: { name: c.name, value: { type: 'string', value: c.value }, domain: c.domain, path: c.path, sameSite: c.sameSite.toLowerCase(), secure: Boolean(c.secure), httpOnly: false },
          partition: { type: 'storageKey', userContext },
        });
      }
      const context = await ff.createTab(userContext);
      await ff.bidi.send('browsingContext.navigate', { context, url: pageURL, wait: 'complete' });
      log = [];
      const expression = `(${FETCH.toString()})(${JSON.stringify([url, init])}).then(JSON.stringify)`;
      const outcome = await ff.evaluate(context, expression);
      await new Promise((r) => setTimeout(r, 200));
      await ff.bidi.send('browsingContext.close', { context }).catch(() => {});
      await ff.bidi.send('browser.removeUserContext', { userContext }).catch(() => {});
      return outcome;
    },
    close: () => ff.stop(),
    version: () => `Firefox ${ff.version}`,
  };
}

const driver = BROWSER === 'firefox' ? await firefoxDriver() : await chromiumDriver();
const recordings = [];
let version;
try {
  for (const [id, pageScheme, url, init] of cases) {
    const outcome = await driver.run(`${page[pageScheme]}/`, url, init);
    recordings.push({
      id,
      page_origin: page[pageScheme],
      url,
      init: { method: init.method || 'GET', headers: init.headers || [], credentials: init.credentials || 'same-origin', mode: init.mode || 'cors', body: init.body ?? null },
      cookie: 'sid=1',
      outcome,
      requests: log,
    });
    console.log(`${id}: ${log.length} requests, ${JSON.stringify(outcome)}`);
  }
  version = driver.version();
} finally {
  await driver.close();
  plain.close();
  secure.close();
  rmSync(tmp, { recursive: true, force: true });
}
// One case a line, one request a line.
const caseText = (c) => {
  const { requests, ...rest } = c;
  return `  {${JSON.stringify(rest).slice(1, -1)},\n   "requests": [\n${requests.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n   ]}`;
};
writeFileSync(OUT, `{"browser": ${JSON.stringify(version)}, "recorded": "${new Date().toISOString().slice(0, 10)}",\n "cases": [\n${recordings.map(caseText).join(',\n')}\n ]}\n`);
console.log(`wrote ${OUT}`);
