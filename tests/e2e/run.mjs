// End-to-end tests of the built page (www/, built by scripts/serve.sh or scripts/lib.sh's
// build_web) in Debian's headless Chromium: type, paste, click, check the verdict, the console
// line and the fix, open a permalink, a gallery scenario and the embed view, check that nothing
// is requested after load, and save screenshots at desktop and phone widths in light and dark.
//
// Usage: node tests/e2e/run.mjs        (exits non-zero on any failure; screenshots in tests/e2e/out/)
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, ready, OUT, ROOT, WWW } from './lib.mjs';

const failures = [];
const results = [];
let current = '';

function check(cond, message) {
  if (!cond) throw new Error(message);
}

// CORSIM_E2E_ONLY=words runs only the tests whose name holds them (while working on one).
async function test(name, fn) {
  if (process.env.CORSIM_E2E_ONLY && !name.includes(process.env.CORSIM_E2E_ONLY)) return;
  current = name;
  const t0 = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures.push(`${name}: ${e && e.stack ? e.stack : e}`);
    results.push(`FAIL ${name}: ${e && e.message ? e.message : e}`);
  }
}

if (!fs.existsSync(path.join(WWW, 'pkg/corsim_bg.wasm'))) {
  console.error('www/pkg/corsim_bg.wasm is missing: build the page first (bash scripts/serve.sh, or build_web in scripts/lib.sh)');
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });

const PREFLIGHT_RAW = [
  'HTTP/1.1 204 No Content',
  'access-control-allow-origin: https://app.example.com',
  'access-control-allow-methods: GET, POST, PUT',
  'access-control-allow-headers: Content-Type, Authorization',
  'access-control-max-age: 600',
  'vary: Origin',
  'date: Sun, 22 Nov 2026 20:00:00 GMT',
].join('\n');

// A parent page for the embed test: it frames the page and records the heights it reports.
const EMBED_PARENT = (src) => `<!doctype html><meta charset="utf-8"><title>embed test</title>
<body style="margin:0;font-family:sans-serif"><p>Documentation text above the embed.</p>
<iframe id="corsim" src="${src}" style="width:100%;border:0;height:200px" title="corsim"></iframe>
<script>window.heights = []; addEventListener('message', (e) => {
  if (e.data && e.data.corsim === 'height') { window.heights.push(e.data.height);
    document.getElementById('corsim').style.height = e.data.height + 'px'; } });</script></body>`;

/** The only files the page may request after it has loaded. */
const LATE_FILES = ['/firefox-l10n.tsv'];

const extra = {};
const srv = await serve(WWW, extra);
const browser = await launch();
const origin = new URL(srv.base).origin;
// The copy buttons write to the clipboard, and the tests read what they wrote.
await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

/** A new page that fails the current test on a page error, a console error, a request to
 * another origin, or any request made after the app is ready. */
async function open(url, { width = 1280, height = 900, scheme = 'light', init = null } = {}) {
  const page = await browser.context.newPage();
  if (init) await page.addInitScript(init);
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: scheme });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    // A policy the browser ignores or a directive it does not know is only a warning.
    else if (/content.security.policy/i.test(m.text())) problems.push(`console ${m.type()} about the CSP: ${m.text()}`);
  });
  page.requestsAfterReady = [];
  page.isReady = false;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:')) problems.push(`request to another origin: ${u}`);
    if (page.isReady) page.requestsAfterReady.push({ url: u, method: r.method(), body: r.postData(), headers: r.headers() });
  });
  page.problems = problems;
  // Any Content-Security-Policy violation fails the test (the page has no inline script).
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI || 'inline'}`);
    });
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('load');
  page.isReady = true;
  return page;
}

async function done(page) {
  const csp = await page.evaluate(() => window.__csp || []);
  check(csp.length === 0, `CSP violations: ${csp.join('; ')}`);
  check(page.problems.length === 0, page.problems.join('; '));
  // After load, the page requests only its own static files (Firefox's templates in other
  // languages, when a paste needs them): a GET of a fixed path, with no query, no body and no
  // header holding anything the user typed.
  const late = page.requestsAfterReady.filter((r) => {
    const u = new URL(r.url);
    const typed = page.typed || [];
    const carries = typed.some((t) => t.length >= 4 && [r.url, r.body || '', ...Object.values(r.headers)].some((v) => v.includes(t)));
    return !(u.origin === origin && LATE_FILES.includes(u.pathname) && u.search === '' && r.method === 'GET' && !r.body && !carries);
  });
  check(late.length === 0, `requests after load: ${late.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  await page.close();
}

/** The page's URL once the permalink is written (the page updates it when typing pauses). */
async function settledUrl(page) {
  // Written 250 ms after the last change; on a loaded machine later: wait until it holds still.
  let url = page.url();
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(400);
    const now = page.url();
    if (now === url && i > 0) break;
    url = now;
  }
  return url;
}

const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').trim();
const value = (page, sel) => page.locator(sel).first().inputValue();

let permalink = '';

await test('the default scenario: blocked, with the console line and a verified fix', async () => {
  const page = await open(srv.base);
  check((await text(page, '#verdict-kind')) === 'Blocked', 'verdict kind');
  const consoleLine = await text(page, '#console-line');
  check(consoleLine.includes("Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response."), consoleLine);
  check((await text(page, '#fix-summary')).includes('Access-Control-Allow-Headers'), 'fix summary');
  check((await text(page, 'section.fix .verified')).includes('Checked'), 'fix verified');
  check((await text(page, '#fact-preflight-request pre')).startsWith('OPTIONS /v1/orders/42 HTTP/1.1'), 'preflight request');
  check((await page.locator('li.msg.failed').count()) >= 1, 'a failing message in the timeline');
  check((await settledUrl(page)).includes('#v1='), 'permalink in the address bar');
  for (const [scheme, width, height, name] of [
    ['light', 1280, 900, 'desktop-light'], ['dark', 1280, 900, 'desktop-dark'],
    ['light', 360, 780, 'phone-light'], ['dark', 360, 780, 'phone-dark'],
  ]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${OUT}/${name}-top.png` });
    // The whole page, with the outputs column unrolled (on wide screens it scrolls on its own).
    // (Through the CSSOM: the page's CSP forbids inline style sheets, a <style> tag included.)
    const unroll = (on) => page.evaluate((on) => {
      for (const el of document.querySelectorAll('.outputs')) {
        for (const [p, v] of [['position', 'static'], ['max-height', 'none'], ['overflow', 'visible']]) {
          if (on) el.style.setProperty(p, v, 'important'); else el.style.removeProperty(p);
        }
      }
    }, on);
    await unroll(true);
    await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
    await unroll(false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${name}: ${overflow}px of horizontal overflow`);
  }
  await done(page);
});

await test('the HTML ships the example pre-rendered under a strict CSP; hydrated, the page looks the same', async () => {
  // The HTML as served, before any script: the example's verdict, the console line, the fix.
  const html = await (await fetch(srv.base)).text();
  check(html.includes('id="app" data-prerendered'), 'the pre-rendered root');
  for (const id of ['verdict-summary', 'console-line', 'fix-summary', 'example-note']) check(html.includes(`id="${id}"`), `#${id} in the HTML`);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  check(csp, 'the CSP meta');
  const policy = new Map(csp[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
  for (const [k, v] of [['default-src', "'none'"], ['script-src', "'self' 'wasm-unsafe-eval'"], ['connect-src', "'self'"],
    ['object-src', "'none'"], ['base-uri', "'none'"], ['form-action', "'none'"]]) {
    check(policy.get(k) === v, `CSP ${k}: ${policy.get(k)}, expected ${v}`);
  }
  // The pre-rendered page alone (the wasm held back), then live: the same pixels, on a first
  // visit (the primer open on a wide screen) and a later one.
  const firstVisit = () => localStorage.removeItem('corsim-primer-seen');
  const laterVisit = () => localStorage.setItem('corsim-primer-seen', '1');
  for (const [width, height, name, init] of [[1280, 900, 'desktop-first-visit', firstVisit], [1280, 900, 'desktop', laterVisit],
    [360, 780, 'phone-first-visit', firstVisit]]) {
    const still = await browser.context.newPage();
    if (init) await still.addInitScript(init);
    await still.setViewportSize({ width, height });
    await still.route('**/corsim_bg.wasm', () => {});
    await still.goto(srv.base, { waitUntil: 'domcontentloaded' });
    await still.waitForTimeout(300);
    check((await still.locator('html[data-live]').count()) === 0, 'live without the wasm');
    check((await text(still, '#verdict-kind')) === 'Blocked', 'pre-rendered verdict');
    const inline = await still.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => !s.src).length,
      styles: document.querySelectorAll('style, [style]').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    check(inline.scripts + inline.styles + inline.handlers === 0, `inline script or style in the HTML: ${JSON.stringify(inline)}`);
    const before = await still.screenshot({ path: `${OUT}/prerendered-${name}.png` });
    await still.close();
    const page = await open(srv.base, { width, height, init });
    const after = await page.screenshot({ path: `${OUT}/live-${name}.png` });
    check(before.equals(after), `${name}: the live page does not look like the pre-rendered one (see ${OUT}/prerendered-${name}.png and live-${name}.png)`);
    await done(page);
  }
});

await test('pasting a raw header block fills the preflight pane and the verdict follows', async () => {
  const page = await open(srv.base);
  await page.fill('#preflight-paste', PREFLIGHT_RAW);
  check((await text(page, '#verdict-kind')) === 'Allowed', `verdict after paste: ${await text(page, '#verdict-summary')}`);
  const names = await page.locator('section.pane.preflight .header-name').evaluateAll((els) => els.map((e) => e.value));
  check(names.length === 6 && names[3] === 'access-control-max-age', `parsed names: ${names}`);
  check((await value(page, '#preflight-status')) === '204', 'status from the status line');
  check((await page.locator('#console-line').count()) === 0, 'no console line when allowed');
  // A line that cannot be read is pointed at, the rest still counts.
  await page.fill('#preflight-paste', PREFLIGHT_RAW + '\nthis line is not a header');
  const problems = await text(page, 'section.pane.preflight ul.problems');
  check(problems.includes('line 8'), `problem list: ${problems}`);
  check((await text(page, '#verdict-kind')) === 'Allowed', 'still allowed');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('section.answers').screenshot({ path: `${OUT}/paste-preflight.png` });
  await done(page);
});

await test('the panes read curl -v output and DevTools\' alternating-lines copy', async () => {
  const page = await open(srv.base);
  await page.fill('#response-paste', [
    '*   Trying 127.0.0.1:443...',
    '> PUT /v1/orders/42 HTTP/1.1',
    '> Host: api.example.com',
    '>',
    '< HTTP/1.1 500 Internal Server Error',
    '< Content-Type: text/html',
    '< Content-Length: 21',
    '<',
  ].join('\n'));
  check((await value(page, '#response-status')) === '500', 'status from curl -v');
  let names = await page.locator('section.pane.response .header-name').evaluateAll((els) => els.map((e) => e.value));
  check(names.join() === 'Content-Type,Content-Length', `curl -v headers: ${names}`);
  await page.fill('#preflight-paste', PREFLIGHT_RAW);
  check((await text(page, '#console-line')).includes("No 'Access-Control-Allow-Origin' header is present"), await text(page, '#console-line'));
  await page.fill('#response-paste', 'access-control-allow-origin\nhttps://app.example.com\ncontent-type\napplication/json\nvary\nOrigin');
  names = await page.locator('section.pane.response .header-name').evaluateAll((els) => els.map((e) => e.value));
  check(names.join() === 'access-control-allow-origin,content-type,vary', `alternating lines: ${names}`);
  check((await text(page, '#verdict-kind')) === 'Allowed', 'allowed once the response has the header');
  await done(page);
});

await test('typing the method patch: blocked by the case-sensitive method check, nginx fix with always', async () => {
  const page = await open(srv.base);
  await page.fill('#preflight-paste', PREFLIGHT_RAW.replace('GET, POST, PUT', 'GET, POST, PUT, PATCH'));
  await page.fill('#method', 'patch');
  check((await text(page, '#verdict-kind')) === 'Blocked', 'blocked');
  const consoleLine = await text(page, '#console-line');
  check(consoleLine.includes('Method patch is not allowed by Access-Control-Allow-Methods in preflight response.'), consoleLine);
  check((await text(page, '#fact-preflight-request pre')).includes('Access-Control-Request-Method: patch'), 'preflight keeps the case');
  check((await text(page, '#fix-summary')).includes('Access-Control-Allow-Methods'), 'fix names the header');
  // The fault is the script's: its fix comes first, and says what the gallery's lesson says.
  const scriptFix = await text(page, '#script-fix');
  check(scriptFix.includes("Write method: 'PATCH' instead of 'patch'") && scriptFix.includes('Checked'), scriptFix);
  const order = await page.evaluate(() => {
    const a = document.querySelector('#script-fix'), b = document.querySelector('#fix-summary');
    return !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  check(order, 'the script fix comes before the server fix');
  // The snippet lists the method exactly as the script sends it, and says why, pointing at the
  // same fix as the script's and the gallery's lesson.
  const configNote = await text(page, '#config-note-1');
  check(configNote.includes('lists patch exactly as the script sends it') && configNote.includes("write method: 'PATCH' in the script"), configNote);
  await page.click('#tab-nginx');
  const nginx = await text(page, '#snippet pre');
  check(nginx.includes('add_header Access-Control-Allow-Methods') && nginx.includes('patch') && nginx.includes(' always;'), nginx);
  for (const line of nginx.split('\n').filter((l) => l.trim().startsWith('add_header'))) {
    check(line.trim().endsWith('always;'), `nginx line without always: ${line}`);
  }
  await page.click('#tab-express');
  const express = await text(page, '#snippet pre');
  check(express.includes("origin: 'https://app.example.com'") && express.includes("'patch'"), express);
  await page.locator('section.fix').screenshot({ path: `${OUT}/fix-patch.png` });
  check((await text(page, 'section.share .masked')).includes('Authorization'), 'masking is reported');
  permalink = await settledUrl(page);
  await done(page);
});

await test('a permalink reproduces the exact scenario', async () => {
  check(permalink.includes('#v1='), `permalink: ${permalink}`);
  const page = await open(permalink);
  check((await value(page, '#method')) === 'patch', 'method from the link');
  check((await text(page, '#verdict-kind')) === 'Blocked', 'same verdict');
  check((await text(page, '#console-line')).includes('Method patch is not allowed'), 'same console line');
  const names = await page.locator('section.pane.preflight .header-name').count();
  check(names === 6, `preflight headers from the link: ${names}`);
  // The shared link carries a masked bearer token, never the real one.
  const values = await page.locator('.request-form .header-value').evaluateAll((els) => els.map((e) => e.value));
  check(values.some((v) => v.startsWith('Bearer ') && !v.includes('eyJhbGciOi')), `request header values: ${values}`);
  await done(page);
});

await test('a gallery scenario loads with its lesson', async () => {
  const page = await open(srv.base);
  await page.click('#gallery-two-acao');
  check((await text(page, '#lesson-title')).includes('Two Access-Control-Allow-Origin headers'), 'lesson title');
  check((await text(page, '#console-line')).includes("contains multiple values 'https://app.example.com, https://app.example.com'"), await text(page, '#console-line'));
  check((await page.locator('#gallery-two-acao[aria-current="true"]').count()) === 1, 'current card marked');
  check((await page.locator('section.pane.response.culprit').count()) === 1, 'the response pane is outlined');
  await page.screenshot({ path: `${OUT}/gallery-two-acao-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: `${OUT}/gallery-two-acao-phone-top.png` });
  // The gallery link keeps the lesson.
  const link = await settledUrl(page);
  const again = await open(link);
  check((await text(again, '#lesson-title')).includes('Two Access-Control-Allow-Origin'), 'lesson from the link');
  await done(again);
  await done(page);
});

await test('every gallery scenario renders without overflow at 360 px', async () => {
  const page = await open(srv.base, { width: 360, height: 780 });
  const ids = await page.locator('ul.cards button.card').evaluateAll((els) => els.map((e) => e.id));
  check(ids.length >= 15, `${ids.length} gallery entries`);
  for (const id of ids) {
    await page.click(`#${id}`);
    const kind = await text(page, '#verdict-kind');
    check(['Allowed', 'Blocked', 'Opaque'].includes(kind), `${id}: ${kind}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${id}: ${overflow}px of horizontal overflow`);
  }
  await done(page);
});

await test('a damaged or newer permalink shows a clear message, not a broken page', async () => {
  for (const [hash, words] of [['#v1=AAAA', 'Could not open the link'], ['#v1=%%%', 'Could not open the link'], ['#v2=abc', 'newer corsim']]) {
    const page = await open(srv.base + hash);
    const notice = await text(page, '.notice.problem');
    check(notice.includes(words), `${hash}: ${notice}`);
    check((await text(page, '#verdict-kind')).length > 0, 'the example scenario is shown');
    await done(page);
  }
});

await test('a permalink pasted into an open page is loaded (hashchange)', async () => {
  const page = await open(srv.base);
  await page.click('#gallery-wildcard-credentials');
  const link = await settledUrl(page);
  await page.click('#gallery-json-post');
  await settledUrl(page);
  await page.evaluate((h) => { window.location.hash = h; }, new URL(link).hash);
  await page.waitForFunction(() => document.querySelector('#lesson-title')?.textContent.includes('with cookies'));
  check((await text(page, '#console-line')).includes("must not be the wildcard '*'"), await text(page, '#console-line'));
  await done(page);
});

await test('pasting "Copy as cURL" fills the request', async () => {
  const page = await open(srv.base);
  await page.click('details.request-paste summary');
  await page.fill('#request-paste', "curl 'https://api.example.com/v1/items/7' \\\n  -X 'DELETE' \\\n  -H 'origin: https://shop.example.com' \\\n  -H 'x-api-key: k-123' \\\n  -H 'user-agent: Mozilla/5.0'");
  check((await text(page, '#request-paste-status')).includes('DELETE https://api.example.com/v1/items/7'), await text(page, '#request-paste-status'));
  await page.click('details.request-paste button.primary');
  check((await value(page, '#url')) === 'https://api.example.com/v1/items/7', 'url');
  check((await value(page, '#method')) === 'DELETE', 'method');
  check((await value(page, '#origin')) === 'https://shop.example.com', 'origin');
  const names = await page.locator('.request-form .header-name').evaluateAll((els) => els.map((e) => e.value));
  check(names.join() === 'x-api-key', `request headers: ${names}`);
  check((await text(page, '.notice')).includes('Filled the request'), 'notice');
  check((await text(page, '#fact-preflight')).includes('x-api-key'), 'preflight trigger named');
  await done(page);
});

await test('pasting "Copy as fetch" fills the request', async () => {
  const page = await open(srv.base);
  await page.click('details.request-paste summary');
  await page.fill('#request-paste', 'fetch("https://api.example.com/v1/orders", {\n  "headers": {\n    "content-type": "application/json"\n  },\n  "body": "{\\"a\\":1}",\n  "method": "POST",\n  "mode": "cors",\n  "credentials": "include"\n});');
  await page.click('details.request-paste button.primary');
  check((await value(page, '#method')) === 'POST', 'method');
  check((await page.locator('#credentials').inputValue()) === 'include', 'credentials');
  check((await page.locator('#body').inputValue()) === '{"a":1}', 'body');
  await done(page);
});

await test('paste anything: raw request headers from DevTools fill the request', async () => {
  const page = await open(srv.base);
  await page.fill('#paste-anything', 'PUT /v1/orders/42 HTTP/1.1\nHost: localhost:3000\nContent-Type: application/json\nOrigin: http://localhost:5173\nSec-Fetch-Mode: cors\nUser-Agent: Mozilla/5.0');
  const outcome = await text(page, '#paste-outcome');
  check(outcome.includes('PUT http://localhost:3000/v1/orders/42'), outcome);
  check(outcome.includes('Origin, Sec-Fetch-Mode, User-Agent'), `left-out headers named: ${outcome}`);
  await page.click('#paste-load');
  check((await value(page, '#url')) === 'http://localhost:3000/v1/orders/42', 'url');
  check((await value(page, '#method')) === 'PUT', 'method');
  check((await value(page, '#origin')) === 'http://localhost:5173', 'origin');
  const names = await page.locator('.request-form .header-name').evaluateAll((els) => els.map((e) => e.value));
  check(names.join() === 'Content-Type', `request headers: ${names}`);
  const fact = await text(page, '#fact-preflight');
  check(/PUT/.test(fact) && /content-type/i.test(fact), `preflight triggers named: ${fact}`);
  await done(page);
});

const CONSOLE_LINE = "Access to fetch at 'https://api.orders-demo.io/v1/orders?access_token=abc123' from origin 'https://shop.orders-demo.io' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
const HAR_DIR = path.join(ROOT, 'tests/paste/har');
/** Genuine Chromium DevTools exports (tests/paste/README.md): g0085, a DELETE whose preflight
 * answered with another origin (the fetch: status 0, no response headers); g0393, a HEAD that
 * succeeded; g0403, a GET whose header the preflight did not allow (status 0); g0116, a POST that
 * succeeded. */
const GENUINE = ['dev/g0085.har', 'dev/g0393.har', 'dev/g0403.har', 'holdout/g0116.har'];
const readHar = (f) => JSON.parse(fs.readFileSync(path.join(HAR_DIR, f), 'utf8'));

/** Screenshots of the paste box at desktop and phone width. */
async function shootPasteBox(page, name, schemes = ['light']) {
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height, size] of [[1280, 900, 'desktop'], [360, 780, 'phone']]) {
      await page.setViewportSize({ width, height });
      await page.locator('section.paste-anything').screenshot({ path: `${OUT}/${name}-${size}-${scheme}.png` });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `${name} at ${width}px: ${overflow}px of horizontal overflow`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

await test('paste anything: a console line is explained, and its scenario reproduces the CorsError', async () => {
  const page = await open(srv.base);
  await page.fill('#paste-anything', CONSOLE_LINE);
  check((await text(page, '#paste-kind')) === 'Recognised: browser console message', await text(page, '#paste-kind'));
  check((await text(page, '#console-cors-error-1')) === 'CorsError.PreflightMissingAllowOriginHeader', await text(page, '#console-cors-error-1'));
  check((await text(page, '#console-origin-1')) === 'https://shop.orders-demo.io', 'origin');
  // The token in the URL is masked in what the page shows ("Keep secrets" is off by default).
  check((await text(page, '#console-url-1')) === 'https://api.orders-demo.io/v1/orders?access_token=****', await text(page, '#console-url-1'));
  const explanation = await text(page, '#console-explanation-1');
  check(explanation.includes('has no Access-Control-Allow-Origin header') && !explanation.includes('abc123'), explanation);
  check(!(await page.locator('#keep-secrets').isChecked()), 'keep secrets is off by default');
  await shootPasteBox(page, 'paste-console', ['light', 'dark']);
  await page.click('#load-console-scenario-1');
  check((await text(page, '#verdict-kind')) === 'Blocked', 'blocked');
  check((await text(page, '#verdict .devtools')).includes('CorsError.PreflightMissingAllowOriginHeader'), await text(page, '#verdict .devtools'));
  check((await text(page, '#console-line')).includes("No 'Access-Control-Allow-Origin' header is present"), await text(page, '#console-line'));
  check((await value(page, '#origin')) === 'https://shop.orders-demo.io', 'origin in the form');
  check((await value(page, '#url')).endsWith('access_token=****'), `url in the form: ${await value(page, '#url')}`);
  check((await text(page, '.notice')).includes('Masked: URL parameter access_token'), await text(page, '.notice'));
  check((await page.evaluate(() => document.activeElement && document.activeElement.id)) === 'verdict', 'focus moves to the verdict');
  check((await page.locator('li.msg.failed').count()) >= 1, 'the trace shows the failing step');
  // With "Keep secrets", the URL stays as pasted, in the page and in the permalink.
  await page.check('#keep-secrets');
  check((await text(page, '#console-url-1')).endsWith('access_token=abc123'), 'kept');
  await page.click('#load-console-scenario-1');
  check((await value(page, '#url')).endsWith('access_token=abc123'), 'kept in the form');
  check((await text(page, 'section.share .masked')).includes('Keep secrets'), await text(page, 'section.share .masked'));
  const link = await settledUrl(page);
  const again = await open(link);
  check((await value(again, '#url')).endsWith('access_token=abc123'), 'kept in the link');
  await done(again);
  // A message that only looks like CORS.
  await page.fill('#paste-anything', "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/data'. This request has been blocked; the content must be served over HTTPS.");
  check((await text(page, '.not-cors')).includes('mixed content'), await text(page, '.not-cors'));
  check((await text(page, '#console-read-title')).startsWith('Not a CORS error'), await text(page, '#console-read-title'));
  await done(page);
});

await test('paste anything: genuine DevTools HAR exports through the file input', async () => {
  const page = await open(srv.base);
  // One genuine export, as downloaded from DevTools.
  await page.setInputFiles('#paste-file', path.join(HAR_DIR, 'dev/g0085.har'));
  await page.waitForSelector('#har-table');
  check((await text(page, '#paste-kind')).startsWith('g0085.har · 9.6 KB · HAR file'), await text(page, '#paste-kind'));
  check((await value(page, '#paste-anything')) === '', 'the file stays out of the text area');
  let rows = page.locator('#har-table tbody tr');
  check((await rows.count()) === 1, `rows: ${await rows.count()}`);
  const row = await text(page, '#har-table tbody tr');
  check(row.includes('DELETE') && row.includes('https://api.corsim.test/g0085/feed'), row);
  check((await text(page, '#har-table tbody tr .recorded')) === 'failed, no response', 'recorded failure');
  check(row.includes('PreflightAllowOriginMismatch'), row);
  check(row.includes('failed in the browser (status 0): its response is not in the HAR'), row);
  // Four genuine exports in one file: several cross-origin requests, some failed.
  const merged = readHar(GENUINE[0]);
  merged.log.pages = GENUINE.flatMap((f) => readHar(f).log.pages || []);
  merged.log.entries = GENUINE.flatMap((f) => readHar(f).log.entries);
  await page.setInputFiles('#paste-file', { name: 'four-exports.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(merged, null, 2)) });
  await page.waitForFunction(() => document.querySelectorAll('#har-table tbody tr').length === 4);
  rows = page.locator('#har-table tbody tr');
  const recorded = await page.locator('#har-table tbody tr .recorded').allTextContents();
  check(recorded.join('|') === 'failed, no response|200|failed, no response|200', `recorded: ${recorded}`);
  const errors = await page.locator('#har-table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.querySelector('code.cors-error') || {}).textContent || ''));
  check(errors.join() === 'PreflightAllowOriginMismatch,,HeaderDisallowedByPreflightResponse,', `errors: ${errors}`);
  check((await text(page, '#har-summary')).startsWith('4 cross-origin requests: corsim blocks 2; 2 failed in the browser.'), await text(page, '#har-summary'));
  await shootPasteBox(page, 'paste-har', ['light', 'dark']);
  // A row loads its request; the verdict shows the full trace.
  await page.locator('#har-table tbody tr').nth(2).locator('button.har-load').click();
  check((await value(page, '#method')) === 'GET', 'method');
  check((await text(page, '#verdict .devtools')).includes('CorsError.HeaderDisallowedByPreflightResponse'), await text(page, '#verdict .devtools'));
  check((await text(page, '.notice')).startsWith('Loaded HAR entry'), await text(page, '.notice'));
  check((await page.locator('#har-table tbody tr').nth(2).getAttribute('aria-current')) === 'true', 'the loaded row is marked');
  check((await page.locator('li.msg.failed').count()) >= 1, 'the trace shows the failing step');
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${overflow}px of horizontal overflow at 360 px`);
  // A file dropped on the box is read the same way (and the page stays).
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'g0403.har', { type: 'application/json' }));
    document.querySelector('section.paste-anything').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, fs.readFileSync(path.join(HAR_DIR, 'dev/g0403.har'), 'utf8'));
  await page.waitForFunction(() => (document.getElementById('paste-kind') || {}).textContent?.startsWith('g0403.har'));
  await page.waitForSelector('#har-table');
  check((await text(page, '#har-table tbody tr code.cors-error')) === 'HeaderDisallowedByPreflightResponse', await text(page, '#har-table tbody tr'));
  await done(page);
});

/** Builds, in the page, a HAR of about `mb` MB by repeating the entries of the genuine exports
 * (each copy with its own query string, as a page polling an API makes). */
async function buildBigHar(page, mb) {
  const parts = GENUINE.map((f) => readHar(f).log.entries);
  return page.evaluate(({ parts, target }) => {
    const round = parts.flat();
    const roundSize = JSON.stringify({ log: { entries: round } }, null, 2).length;
    const entries = [];
    for (let i = 0; i < Math.ceil(target / roundSize); i++) {
      for (const e of round) {
        const c = JSON.parse(JSON.stringify(e));
        const tag = (u) => u + (u.includes('?') ? '&' : '?') + 'copy=' + i;
        c.request.url = tag(c.request.url);
        if (c._initiator && c._initiator.url) c._initiator.url = tag(c._initiator.url);
        entries.push(c);
      }
    }
    window.bigHar = JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } }, null, 2);
    return { chars: window.bigHar.length, entries: entries.length };
  }, { parts, target: mb * 1024 * 1024 });
}

/** Pastes `window.bigHar` into the paste box (a `paste` event with its text, as Ctrl+V does). */
const pasteBigHar = (page) => page.evaluate(() => {
  const data = new DataTransfer();
  data.setData('text/plain', window.bigHar);
  const area = document.getElementById('paste-anything');
  area.focus();
  area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
});

await test('paste anything: a 20 MB HAR is analysed in slices, with progress, and the page stays responsive', async () => {
  const page = await open(srv.base);
  const big = await buildBigHar(page, 20);
  check(big.chars > 19 * 1024 * 1024, `HAR of ${big.chars} characters`);
  // Frames keep coming while the analysis runs: count them, and the gaps between them.
  await page.evaluate(() => {
    window.gaps = []; window.frames = 0;
    let last = performance.now();
    const tick = (t) => { window.frames++; window.gaps.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.waitForTimeout(300);
  const start = await page.evaluate(() => { window.gaps = []; window.frames = 0; window.start = performance.now(); return window.start; });
  await pasteBigHar(page);
  await page.waitForSelector('#har-progress', { timeout: 2000 });
  check((await value(page, '#paste-anything')) === '', 'the HAR stays out of the text area');
  check((await text(page, '#paste-kind')).includes('HAR file'), await text(page, '#paste-kind'));
  await page.locator('section.paste-anything').screenshot({ path: `${OUT}/paste-progress-desktop-light.png` });
  // Typing into the form while the analysis runs.
  await page.fill('#method', 'POST');
  check((await value(page, '#method')) === 'POST', 'typing works during the analysis');
  await page.waitForSelector('#har-table', { timeout: 60000 });
  const frames = await page.evaluate(() => ({ frames: window.frames, ms: performance.now() - window.start, gaps: window.gaps.slice().sort((a, b) => b - a).slice(0, 5) }));
  const s = page.locator('#har-summary');
  const slices = Number(await s.getAttribute('data-slices'));
  const longest = Number(await s.getAttribute('data-longest-ms'));
  const work = Number(await s.getAttribute('data-work-ms'));
  const wall = Number(await s.getAttribute('data-wall-ms'));
  const requests = (await text(page, '#har-summary')).split(' ')[0];
  console.log(`  20 MB HAR: ${big.entries} entries, ${requests} cross-origin requests, ${wall.toFixed(0)} ms (work ${work.toFixed(0)} ms in ${slices} slices, mean ${(work / slices).toFixed(1)} ms, longest ${longest.toFixed(1)} ms); ${frames.frames} frames in ${frames.ms.toFixed(0)} ms, longest gaps ${frames.gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
  check(slices > 20, `${slices} slices`);
  check(work / slices < 12, `mean slice ${(work / slices).toFixed(1)} ms`);
  check(frames.frames >= frames.ms / 100, `${frames.frames} frames in ${frames.ms.toFixed(0)} ms`);
  check(frames.gaps[0] < 500, `a frame waited ${frames.gaps[0].toFixed(0)} ms`);
  // Thousands of requests: a hundred rows at a time.
  check((await page.locator('#har-table tbody tr').count()) === 100, 'first hundred rows');
  await page.click('#har-more');
  check((await page.locator('#har-table tbody tr').count()) === 200, 'two hundred rows');
  // The progress bar at phone width, on a second paste.
  await page.setViewportSize({ width: 360, height: 780 });
  await pasteBigHar(page);
  await page.waitForSelector('#har-progress', { timeout: 2000 });
  await page.locator('section.paste-anything').screenshot({ path: `${OUT}/paste-progress-phone-light.png` });
  await page.click('#har-progress button.stop');
  check((await page.locator('#har-progress').count()) === 0, 'stopped');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${overflow}px of horizontal overflow at 360 px`);
  await done(page);
});

await test('paste anything: an absurdly large text is refused with the limit', async () => {
  const page = await open(srv.base);
  await page.evaluate(() => {
    const text = '{"log": {"entries": [' + ' '.repeat(300 * 1024 * 1024) + ']}}';
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.getElementById('paste-anything').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const refused = await text(page, '#paste-refused');
  check(refused.includes('the file is 300.0 MB; corsim reads HAR files up to 256.0 MB'), refused);
  check((await value(page, '#paste-anything')) === '', 'nothing went into the text area');
  // A file over the limit is refused before it is read.
  await page.evaluate(() => {
    const chunk = new Uint8Array(1024 * 1024);
    const file = new File(Array.from({ length: 257 }, () => chunk), 'huge.har', { type: 'application/json' });
    const data = new DataTransfer();
    data.items.add(file);
    const input = document.getElementById('paste-file');
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  check((await text(page, '#paste-refused')).includes('the file is 257.0 MB'), await text(page, '#paste-refused'));
  check((await text(page, '#paste-kind')).startsWith('huge.har · 257.0 MB'), await text(page, '#paste-kind'));
  // A HAR that is not valid JSON: the error says where.
  await page.fill('#paste-anything', '{"log": {"entries": [\n  {"request": {"url": "https://a.example/"}},\n  {"request": ]}}');
  check((await text(page, '#har-error')).includes('line 3, column'), await text(page, '#har-error'));
  await done(page);
});

await test('the embed view: compact, with an open link, sized by postMessage', async () => {
  const fragment = new URL(permalink).hash;
  extra['/embed-test.html'] = EMBED_PARENT(`/?embed${fragment}`);
  const page = await browser.context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 760, height: 900 });
  await page.goto(srv.base + 'embed-test.html');
  const frame = page.frameLocator('#corsim');
  await frame.locator('html[data-live]').waitFor({ state: 'attached' });
  await frame.locator('#verdict-summary').waitFor();
  check((await frame.locator('a.open').innerText()).includes('Open in corsim'), 'open link');
  const href = await frame.locator('a.open').getAttribute('href');
  check(href.includes('#v1=') && !href.includes('embed'), `open link: ${href}`);
  check((await frame.locator('#request-title').count()) === 0, 'no form in the embed');
  await page.waitForFunction(() => window.heights.length > 0 && window.heights[window.heights.length - 1] > 150);
  const heights = await page.evaluate(() => window.heights);
  await page.screenshot({ path: `${OUT}/embed.png`, fullPage: true });
  check(problems.length === 0, problems.join('; '));
  check(heights.every((h) => h > 0), `heights: ${heights}`);
  await page.close();
});

await test('keyboard: controls are reachable with Tab and show a focus ring', async () => {
  const page = await open(srv.base);
  const seen = new Set();
  let ring = true;
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id || el.className || el.tagName, outline: style.outlineStyle, width: style.outlineWidth };
    });
    seen.add(info.id);
    if (info.outline === 'none' || info.width === '0px') ring = false;
  }
  check(seen.has('origin') && seen.has('method') && seen.has('url'), `focus went through ${[...seen].join(', ')}`);
  check(ring, 'every focused control has a visible outline');
  await page.locator('#method').focus();
  await page.keyboard.press('Tab');
  await page.screenshot({ path: `${OUT}/keyboard-focus.png` });
  // The paste box: the text area, then the file picker (its label shows the ring), then "Keep
  // secrets".
  await page.locator('#paste-anything').focus();
  await page.keyboard.press('Tab');
  check((await page.evaluate(() => document.activeElement.id)) === 'paste-file', 'Tab reaches the file picker');
  const pickRing = await page.evaluate(() => getComputedStyle(document.querySelector('label.file-pick')).outlineStyle);
  check(pickRing !== 'none', `the file picker's focus ring: ${pickRing}`);
  await page.locator('section.paste-anything').screenshot({ path: `${OUT}/paste-keyboard-focus.png` });
  await page.keyboard.press('Tab');
  check((await page.evaluate(() => document.activeElement.id)) === 'keep-secrets', 'Tab reaches Keep secrets');
  await page.keyboard.press('Space');
  check(await page.locator('#keep-secrets').isChecked(), 'Space ticks Keep secrets');
  // Every form control has a label (a <label for>, aria-label or aria-labelledby).
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.id || el.outerHTML.slice(0, 60)));
  check(unlabelled.length === 0, `unlabelled controls: ${unlabelled.join(', ')}`);
  await done(page);
});

await test('a bad status and odd input never break the page', async () => {
  const page = await open(srv.base);
  await page.fill('#preflight-status', 'abc');
  check((await text(page, '#preflight-status-problem')).includes('not a status code'), 'status problem shown');
  await page.fill('#origin', 'not an origin');
  await page.fill('#url', '::::');
  await page.fill('#method', 'GE T');
  check((await text(page, '#verdict-kind')) === 'Blocked', 'still a verdict');
  await page.fill('#response-paste', '\u0000\u00ff💥\n:\n::::\nname only\n\n\n');
  check((await text(page, '#verdict-summary')).length > 0, 'still a verdict');
  await done(page);
});

await test("an internationalised host is read with the browser's IDNA: the verdict of its Punycode form", async () => {
  // The page's wasm has no Unicode tables: the engine's URL parser asks the browser's
  // (web/page/idna). The console line names hosts in their ASCII form, as Chromium's does.
  const page = await open(srv.base);
  await page.fill('#origin', 'https://Bücher.example');
  await page.fill('#url', 'https://api.bücher.example/v1/orders/42');
  const idn = [await text(page, '#verdict-kind'), await text(page, '#verdict-summary'), await text(page, '#console-line')];
  check(idn[2].includes("from origin 'https://xn--bcher-kva.example'"), idn[2]);
  check(idn[2].includes("'https://api.xn--bcher-kva.example/v1/orders/42'"), idn[2]);
  await page.fill('#origin', 'https://xn--bcher-kva.example');
  await page.fill('#url', 'https://api.xn--bcher-kva.example/v1/orders/42');
  const ascii = [await text(page, '#verdict-kind'), await text(page, '#verdict-summary'), await text(page, '#console-line')];
  check(JSON.stringify(idn) === JSON.stringify(ascii), `IDN ${JSON.stringify(idn)} vs Punycode ${JSON.stringify(ascii)}`);
  // A host UTS #46 maps to a forbidden code point (U+FF0F to "/") is not a URL.
  await page.fill('#url', 'https://a\uFF0Fb.example/');
  check((await text(page, '#verdict-summary')).length > 0, 'still a verdict');
  await done(page);
});

const AXE = fs.readFileSync(path.join(ROOT, 'tests/node_modules/axe-core/axe.min.js'), 'utf8');
/** axe-core's serious and critical violations on the page as it is now. */
async function axeProblems(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

const FIREFOX_LINE = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.orders-demo.io/v1/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.';

const NGINX = `server {
    listen 80;
    location /v1/ {
        if ($request_method = OPTIONS) {
            add_header Access-Control-Allow-Origin $http_origin;
            add_header Access-Control-Allow-Methods "GET, POST, PUT";
            add_header Access-Control-Allow-Headers "Content-Type, Authorization";
            return 204;
        }
        add_header Access-Control-Allow-Origin $http_origin;
        proxy_pass http://127.0.0.1:3000;
    }
}`;

await test('the server configuration pane: a pasted nginx block fills the answers, with the line behind each header', async () => {
  const page = await open(srv.base);
  await page.fill('#config-text', NGINX);
  await page.waitForSelector('#config-result');
  check((await text(page, '#config-kind-read')).startsWith('Read as nginx'), await text(page, '#config-kind-read'));
  const result = await text(page, '#config-result');
  check(result.includes('Access-Control-Allow-Origin: https://app.example.com') && result.includes('line 5'), result);
  // The 500 goes out without the header (no `always`), and the pane says which line did not apply.
  check(result.includes('no `always`'), result);
  // The panes now hold what the configuration sends, and the verdict follows.
  check((await value(page, '#preflight-paste')).includes('Access-Control-Allow-Headers: Content-Type, Authorization'), await value(page, '#preflight-paste'));
  check((await text(page, '#verdict-kind')) === 'Allowed', await text(page, '#verdict-summary'));
  await page.locator('section.server-config').screenshot({ path: `${OUT}/server-config.png` });
  // The pane follows the browser switch: the requests and verdicts are the chosen browser's.
  check((await text(page, '#config-kind-read')).includes("Chromium's"), await text(page, '#config-kind-read'));
  await page.check('#browser-firefox');
  await page.waitForFunction(() => document.querySelector('#config-kind-read')?.textContent.includes("Firefox's"));
  await page.fill('#config-text', 'location / {\n  add_header X-A "b\n}');
  await page.waitForSelector('#config-problems');
  check((await text(page, '#config-problems')).includes('line'), await text(page, '#config-problems'));
  await done(page);
});

await test('one story: a paste becomes the verdict at once, assumed fields are marked and kept out of the fix', async () => {
  const page = await open(srv.base);
  check((await text(page, '#example-note')).startsWith('An example:'), 'the first load says it is an example');
  await page.fill('#paste-anything', FIREFOX_LINE);
  // No button to press: the verdict below is the paste's.
  await page.waitForSelector('#origin-assumed');
  check((await value(page, '#url')) === 'https://api.orders-demo.io/v1/items', `url: ${await value(page, '#url')}`);
  check((await page.locator('#example-note').count()) === 0, 'no longer the example');
  // A pasted Firefox line is judged in Firefox: its Reason key, not a DevTools CorsError.
  check((await text(page, '#firefox-reason')) === 'CORSMissingAllowOrigin2', await text(page, '#verdict .devtools'));
  check((await page.evaluate(() => document.activeElement && document.activeElement.id)) === 'paste-anything', 'focus stays in the paste box');
  // One notice, in the paste box: what is on screen, in which browser, and what was assumed;
  // no second one above the form.
  const onScreen = await text(page, '#console-on-screen-1');
  check(onScreen.startsWith('✓ On screen below, judged in Firefox:') && onScreen.includes("corsim assumed the page's origin"), onScreen);
  const notices = await page.locator('.notice').allTextContents();
  check(notices.length === 0, `a second notice: ${notices}`);
  // Every word about the message is Firefox's: its Reason key, no DevTools CorsError.
  const read = await text(page, '#console-read');
  check(read.includes('(CORSMissingAllowOrigin2)') && !read.includes('DevTools'), read);
  check((await text(page, '#load-console-scenario-1')) === 'Load it again', await text(page, '#load-console-scenario-1'));
  const assumedOrigin = await value(page, '#origin');
  const fix = await text(page, 'section.fix');
  check(!fix.includes(assumedOrigin) && !fix.includes('your-site.example'), `the assumed origin is in the fix: ${fix}`);
  check(fix.includes("<your page's origin>"), fix);
  for (const tab of ['headers', 'express', 'nginx', 'php']) {
    await page.click(`#tab-${tab}`);
    const snippet = await text(page, '#snippet pre');
    check(!snippet.includes(assumedOrigin), `${tab}: ${snippet}`);
  }
  await page.click('#tab-headers');
  for (const [width, height, name] of [[1280, 900, 'desktop'], [360, 780, 'phone']]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${OUT}/one-story-pasted-${name}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // Typing the real origin settles it: the mark goes, the fix names it.
  await page.fill('#origin', 'https://shop.example.org');
  check((await page.locator('#origin-assumed').count()) === 0, 'the mark goes once typed');
  check((await text(page, '#fix-summary')).includes('https://shop.example.org'), await text(page, '#fix-summary'));
  // The paste's explanation is no longer shown above a verdict that is not the paste's.
  check((await page.locator('#console-read').count()) === 0, 'the explanation is hidden once the form changes');
  check((await text(page, '#paste-stale')).includes('has changed since this paste was loaded'), 'the box says so');
  await page.click('#paste-reload');
  check((await page.locator('#console-read').count()) === 1, 'loaded again');
  check((await page.locator('#origin-assumed').count()) === 1, 'assumed again');
  await done(page);
});

await test('the curl buttons copy the exact preflight and request', async () => {
  const page = await open(srv.base);
  await page.locator('#fact-curl button', { hasText: 'Copy the preflight as curl' }).click();
  const pre = await page.evaluate(() => navigator.clipboard.readText());
  check(pre.startsWith("curl -i -X OPTIONS 'https://api.example.com/v1/orders/42'") && pre.includes("Access-Control-Request-Headers: authorization,content-type"), pre);
  await page.locator('#fact-curl button', { hasText: 'Copy the request as curl' }).click();
  const req = await page.evaluate(() => navigator.clipboard.readText());
  check(req.startsWith("curl -i -X 'PUT' 'https://api.example.com/v1/orders/42'") && req.includes("--data-raw '{\"status\":\"shipped\"}'"), req);
  await done(page);
});

await test('Share copies the link; the copied embed snippet renders the whole view in a plain host page', async () => {
  const page = await open(srv.base);
  await page.locator('header.top button.copy').click();
  // It says so, on the button and to screen readers.
  await page.waitForFunction(() => document.querySelector('header.top button.copy').textContent === 'Copied ✓');
  check((await text(page, 'header.top [role="status"]')) === 'Copied the link to this scenario to the clipboard.', await text(page, 'header.top [role="status"]'));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  check(link.startsWith(srv.base) && link.includes('#v1='), `copied: ${link}`);
  const snippet = await value(page, '#embed-snippet');
  check(snippet.includes('<iframe') && snippet.includes("addEventListener('message'"), snippet);
  await done(page);
  extra['/host.html'] = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Docs</title><body><h1>API docs</h1>${snippet}<p id="after">After the embed.</p></body></html>`;
  const host = await browser.context.newPage();
  await host.setViewportSize({ width: 900, height: 700 });
  await host.goto(`${srv.base}host.html`);
  const frame = host.locator('iframe');
  // The frame follows the height the embedded view reports, once it has rendered.
  await host.waitForFunction(() => {
    const f = document.querySelector('iframe');
    const d = f.contentDocument && f.contentDocument.querySelector('main.embed');
    return d && Math.abs(f.getBoundingClientRect().height - Math.ceil(f.contentDocument.documentElement.getBoundingClientRect().height)) <= 2;
  }, null, { timeout: 10000 }).catch(() => {});
  const sizes = await host.evaluate(() => {
    const f = document.querySelector('iframe');
    const d = f.contentDocument.documentElement;
    return { frame: f.getBoundingClientRect().height, content: Math.ceil(d.getBoundingClientRect().height) };
  });
  check(Math.abs(sizes.frame - sizes.content) <= 2, `frame ${sizes.frame} px for content ${sizes.content} px`);
  // Nothing is cut: the view's last element ends inside the frame, whatever the 480 px start.
  const cut = await host.evaluate(() => {
    const f = document.querySelector('iframe');
    const els = [...f.contentDocument.querySelectorAll('main.embed > *')];
    const bottom = Math.max(...els.map((e) => e.getBoundingClientRect().bottom));
    return { bottom, frame: f.clientHeight, start: f.getAttribute('style') };
  });
  check(cut.bottom <= cut.frame + 1, `the view ends at ${cut.bottom} px in a ${cut.frame} px frame (${cut.start})`);
  const inner = await frame.contentFrame();
  check((await inner.locator('h1.embed-request').count()) === 1, 'the embed view has a heading');
  await host.screenshot({ path: `${OUT}/embed-host.png`, fullPage: true });
  await host.close();
});

await test('desktop: See the fix lands the fix heading in view, below the sticky verdict line', async () => {
  const page = await open(srv.base);
  await page.click('#to-fix');
  await page.waitForTimeout(300);
  const place = await page.evaluate(() => ({
    heading: document.querySelector('#fix-title').getBoundingClientRect().top,
    bar: document.querySelector('.mini-verdict').getBoundingClientRect().bottom,
  }));
  check(place.heading >= place.bar - 1 && place.heading < 900, `fix heading at ${place.heading} px, the verdict line ends at ${place.bar} px`);
  await done(page);
});

await test('phone: the verdict links to its fix, at most one screen away', async () => {
  const page = await open(srv.base, { width: 360, height: 780 });
  const gap = await page.evaluate(() => document.querySelector('#fix-title').getBoundingClientRect().top
    - document.querySelector('#verdict').getBoundingClientRect().top);
  check(gap <= 780, `the fix is ${gap} px below the verdict`);
  await page.click('#to-fix');
  check((await page.evaluate(() => document.activeElement && document.activeElement.id)) === 'fix-title', 'focus on the fix');
  const top = await page.evaluate(() => document.querySelector('#fix-title').getBoundingClientRect().top);
  // (less than a pixel above the top is the scroll's rounding)
  check(top > -1 && top < 780, `fix heading at ${top}`);
  await page.screenshot({ path: `${OUT}/phone-fix.png` });
  // The primer: closed on a phone, one tap away.
  await page.click('#primer summary');
  check((await text(page, '#primer-what-preflight dt')) === 'What is a preflight?', 'primer');
  await page.locator('#primer').screenshot({ path: `${OUT}/primer-phone.png` });
  await done(page);
});

await test('axe-core: no serious or critical violation on the page, a pasted scenario, the gallery lesson and the embed view, at 1280 and 360 px', async () => {
  const embed = `${srv.base}?embed${permalink.slice(permalink.indexOf('#'))}`;
  const views = [[srv.base, 'main', 1280], [embed, 'embed', 1280], [srv.base, 'phone', 360], [embed, 'phone embed', 360]];
  for (const [url, name, width] of views) {
    for (const scheme of ['light', 'dark']) {
      const page = await open(url, { scheme, width, height: width === 360 ? 780 : 900 });
      const found = await axeProblems(page);
      check(found.length === 0, `${name} (${scheme}): ${found.join('; ')}`);
      if ((name === 'main' || name === 'phone') && scheme === 'light') {
        if (name === 'phone') {
          await page.click('#primer summary');
          const primer = await axeProblems(page);
          check(primer.length === 0, `phone, primer open: ${primer.join('; ')}`);
        }
        await page.fill('#paste-anything', FIREFOX_LINE);
        await page.waitForSelector('#origin-assumed');
        const pasted = await axeProblems(page);
        check(pasted.length === 0, `pasted: ${pasted.join('; ')}`);
        await page.click('#gallery-patch-lowercase');
        const lesson = await axeProblems(page);
        check(lesson.length === 0, `lesson: ${lesson.join('; ')}`);
      }
      await done(page);
    }
  }
});

await test('corsim render: the static fragment shows the verdict in a plain page, with no script and no axe-core issue', async () => {
  const scenario = fs.readFileSync(path.join(ROOT, 'tests/e2e/render-scenario.json'), 'utf8');
  const { execFileSync } = await import('node:child_process');
  const html = execFileSync('cargo', ['run', '-q', '--bin', 'corsim', '--', 'render', '-', '--page', srv.base],
    { cwd: ROOT, input: scenario, encoding: 'utf8', stdio: ['pipe', 'pipe', 'inherit'] });
  check(!/<script/i.test(html), 'no script in the fragment');
  extra['/docs.html'] = `<!doctype html><html lang="en"><meta charset="utf-8"><title>API docs</title><body><main><h1>Orders API</h1><h2>Updating an order</h2>${html}</main></body></html>`;
  for (const scheme of ['light', 'dark']) {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 900, height: 800 });
    await page.goto(`${srv.base}docs.html`);
    check((await page.locator('.corsim-badge').textContent()) === 'Blocked', 'verdict');
    const found = await axeProblems(page);
    check(found.length === 0, `render (${scheme}): ${found.join('; ')}`);
    await page.screenshot({ path: `${OUT}/render-${scheme}.png`, fullPage: true });
    // Its link opens the same scenario in the page.
    const href = await page.locator('.corsim-embed figcaption a').getAttribute('href');
    await page.close();
    const full = await open(href);
    check((await value(full, '#method')) === 'PUT', 'the link opens the scenario');
    await done(full);
  }
});

await test('the browser switch: the verdict of each browser, the agreement line, a pasted Firefox line, the browser lessons', async () => {
  const page = await open(srv.base);
  // The client-hint lesson opens in Firefox, where it is blocked; Chrome allows it.
  await page.click('#gallery-client-hint-header');
  check(await page.locator('#browser-firefox').isChecked(), 'the lesson opens in Firefox');
  check((await text(page, '#verdict-kind')) === 'Blocked', await text(page, '#verdict-kind'));
  check((await text(page, '#console-browser')).startsWith('Firefox'), await text(page, '#console-browser'));
  check((await text(page, '#firefox-reason')) === 'CORSMissingAllowHeaderFromPreflight2', 'Firefox reason key');
  check((await text(page, '#browser-agreement')).includes('Chromium allows this'), await text(page, '#browser-agreement'));
  await page.screenshot({ path: `${OUT}/browsers-firefox-desktop.png`, fullPage: true });
  await page.check('#browser-chromium');
  check((await text(page, '#verdict-kind')) === 'Allowed', 'Chrome allows the client hint');
  check((await text(page, '#browser-agreement')).includes('Firefox blocks this'), await text(page, '#browser-agreement'));
  await page.check('#browser-safari');
  check((await text(page, '#verdict-kind')) === 'Blocked', 'Safari blocks it');
  check((await text(page, '#console-line')).includes('Request header field Device-Memory is not allowed'), await text(page, '#console-line'));
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: `${OUT}/browsers-safari-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  // Every browser lesson opens, in a browser other than Chrome.
  for (const id of ['client-hint-header', 'user-agent-header', 'https-page-http-localhost', 'content-type-twice',
    'redirect-then-preflight', 'post-302-preflight-again', 'preflight-500-three-consoles']) {
    await page.click(`#gallery-${id}`);
    check((await page.locator('#lesson-title').count()) === 1, `${id}: lesson`);
    check(!(await page.locator('#browser-chromium').isChecked()), `${id}: opens outside Chrome`);
    check((await text(page, '#browser-agreement')).length > 30, `${id}: agreement line`);
  }
  await done(page);
  // A pasted Firefox console line selects Firefox.
  const ff = await open(srv.base);
  await ff.fill('#paste-anything', 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.orders-demo.io/v1/orders. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: 200.');
  await ff.waitForTimeout(300);
  check(await ff.locator('#browser-firefox').isChecked(), 'a pasted Firefox line selects Firefox');
  check((await text(ff, '#console-browser')).startsWith('Firefox'), await text(ff, '#console-browser'));
  await ff.screenshot({ path: `${OUT}/browsers-pasted-firefox.png`, fullPage: false });
  await done(ff);
});

await test('a permalink keeps the chosen browser and the assumed fields, and Share copies them', async () => {
  const page = await open(srv.base);
  await page.check('#browser-safari');
  const link = await settledUrl(page);
  check(link.includes('&browser=safari'), `link: ${link}`);
  await page.locator('header.top button.copy').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied.endsWith('&browser=safari'), `Share copied: ${copied}`);
  check((await value(page, '#embed-snippet')).includes('&browser=safari'), 'the embed snippet keeps the browser');
  await done(page);
  const again = await open(link);
  check(await again.locator('#browser-safari').isChecked(), 'the link opens in Safari');
  check((await text(again, '#console-browser')).startsWith('Safari'), await text(again, '#console-browser'));
  // Back to Chrome: the browser leaves the link.
  await again.check('#browser-chromium');
  check(!(await settledUrl(again)).includes('browser='), 'Chromium is the default, left out');
  await done(again);
  // A pasted console line: the link keeps its browser and what was assumed.
  const pasted = await open(srv.base);
  await pasted.fill('#paste-anything', FIREFOX_LINE);
  await pasted.waitForSelector('#origin-assumed');
  const pastedLink = await settledUrl(pasted);
  check(pastedLink.includes('&browser=firefox') && /&assumed=[a-z.,]*origin/.test(pastedLink), `link: ${pastedLink}`);
  const assumedOrigin = await value(pasted, '#origin');
  await done(pasted);
  const opened = await open(pastedLink);
  check(await opened.locator('#browser-firefox').isChecked(), 'the pasted link opens in Firefox');
  check((await opened.locator('#origin-assumed').count()) === 1, 'the origin is still marked assumed');
  const fix = await text(opened, 'section.fix');
  check(!fix.includes(assumedOrigin), `the assumed origin is in the fix: ${fix}`);
  await done(opened);
  // Its embed view says the origin in its heading is assumed.
  const embedded = await open(`${srv.base}?embed${new URL(pastedLink).hash}`);
  check((await text(embedded, 'h1.embed-request')).endsWith('(an assumed origin)'), await text(embedded, 'h1.embed-request'));
  check((await text(embedded, '#console-browser')).startsWith('Firefox'), 'the embed shows Firefox');
  await done(embedded);
});

await test('one story: a pasted curl transcript becomes the request and the answer at once', async () => {
  const page = await open(srv.base);
  await page.fill('#paste-anything', [
    "$ curl -i 'https://api.orders-demo.io/v1/items' -H 'Origin: https://shop.orders-demo.io'",
    'HTTP/2 200',
    'content-type: application/json',
    'access-control-allow-origin: https://orders-demo.io',
    '',
    '[]',
  ].join('\n'));
  await page.waitForFunction(() => document.querySelector('#url').value === 'https://api.orders-demo.io/v1/items');
  check((await value(page, '#origin')) === 'https://shop.orders-demo.io', 'the origin from the transcript');
  check((await page.locator('#origin-assumed').count()) === 0, 'an origin the transcript gives is not assumed');
  check((await value(page, '#response-paste')).includes('access-control-allow-origin: https://orders-demo.io'), await value(page, '#response-paste'));
  check((await text(page, '#verdict-kind')) === 'Blocked', await text(page, '#verdict-summary'));
  check((await text(page, '#console-line')).includes("'https://orders-demo.io' that is not equal to the supplied origin"), await text(page, '#console-line'));
  check((await text(page, '#fix-summary')).includes('https://shop.orders-demo.io'), await text(page, '#fix-summary'));
  check((await page.locator('#example-note').count()) === 0, 'no longer the example');
  await done(page);
});

await test('one story: a pasted curl command keeps the answers, marked assumed, and the origin it lacks', async () => {
  const page = await open(srv.base);
  await page.fill('#paste-anything', "curl 'https://api.orders-demo.io/v1/items/7' -X 'DELETE' -H 'x-api-key: k-123'");
  await page.waitForFunction(() => document.querySelector('#method').value === 'DELETE');
  for (const id of ['#origin-assumed', '#preflight-assumed', '#response-assumed']) {
    check((await page.locator(id).count()) === 1, `${id}: not marked`);
  }
  check((await page.locator('#curl-origin-assumed').count()) === 1, 'the curl commands name the assumed Origin');
  const fix = await text(page, 'section.fix');
  check(!fix.includes(await value(page, '#origin')), `the assumed origin is in the fix: ${fix}`);
  // Typing an answer settles it.
  await page.fill('#response-status', '204');
  check((await page.locator('#response-assumed').count()) === 0, 'typed: no longer assumed');
  await done(page);
});

await test('a pasted Firefox line in French: the other languages are fetched from the page\'s origin, then it is read', async () => {
  const page = await open(srv.base);
  const line = 'Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur https://api.exemple-prive.fr/v2/commandes. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : 200.';
  page.typed = ['api.exemple-prive.fr', 'commandes'];
  const fetched = page.waitForRequest((r) => r.url().endsWith('/firefox-l10n.tsv'));
  await page.fill('#paste-anything', line);
  await fetched;
  await page.waitForFunction(() => (document.getElementById('console-browser') || {}).textContent?.startsWith('Firefox'), null, { timeout: 10000 });
  check(await page.locator('#browser-firefox').isChecked(), 'the French Firefox line selects Firefox');
  check((await value(page, '#url')).includes('api.exemple-prive.fr'), `url: ${await value(page, '#url')}`);
  // A second paste needs no second fetch.
  const before = page.requestsAfterReady.length;
  await page.fill('#paste-anything', line.replace('commandes', 'factures'));
  await page.waitForTimeout(300);
  check(page.requestsAfterReady.length === before, 'fetched twice');
  await done(page);
});

await browser.close();
await srv.close();

console.log(results.join('\n'));
if (failures.length) {
  console.error(`\n${failures.length} failed:\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log(`\nall ${results.length} end-to-end checks passed; screenshots in ${path.relative(process.cwd(), OUT)}/`);
