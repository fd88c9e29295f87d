// End-to-end tests of the built page (www/, built by scripts/serve.sh or scripts/lib.sh's
// build_web) in Debian's headless Chromium: type, paste, click, check the verdict, the console
// line and the fix, open a permalink, a gallery scenario and the embed view, check that nothing
// is requested after load, and save screenshots at desktop and phone widths in light and dark.
//
// Usage: node tests/e2e/run.mjs        (exits non-zero on any failure; screenshots in tests/e2e/out/)
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, ready, OUT, WWW } from './lib.mjs';

const failures = [];
const results = [];
let current = '';

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function test(name, fn) {
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

const extra = {};
const srv = await serve(WWW, extra);
const browser = await launch();
const origin = new URL(srv.base).origin;

/** A new page that fails the current test on a page error, a console error, a request to
 * another origin, or any request made after the app is ready. */
async function open(url, { width = 1280, height = 900, scheme = 'light' } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: scheme });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.requestsAfterReady = [];
  page.isReady = false;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:')) problems.push(`request to another origin: ${u}`);
    if (page.isReady) page.requestsAfterReady.push(u);
  });
  page.problems = problems;
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('load');
  page.isReady = true;
  return page;
}

async function done(page) {
  check(page.problems.length === 0, page.problems.join('; '));
  check(page.requestsAfterReady.length === 0, `requests after load: ${page.requestsAfterReady.join(', ')}`);
  await page.close();
}

/** The page's URL once the permalink is written (the page updates it when typing pauses). */
async function settledUrl(page) {
  await page.waitForTimeout(400);
  return page.url();
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
    const unroll = await page.addStyleTag({ content: '.outputs { position: static !important; max-height: none !important; overflow: visible !important; }' });
    await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
    await unroll.evaluate((el) => el.remove());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${name}: ${overflow}px of horizontal overflow`);
  }
  await done(page);
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

await test('the embed view: compact, with an open link, sized by postMessage', async () => {
  const fragment = new URL(permalink).hash;
  extra['/embed-test.html'] = EMBED_PARENT(`/?embed${fragment}`);
  const page = await browser.context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 760, height: 900 });
  await page.goto(srv.base + 'embed-test.html');
  const frame = page.frameLocator('#corsim');
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

await browser.close();
await srv.close();

console.log(results.join('\n'));
if (failures.length) {
  console.error(`\n${failures.length} failed:\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log(`\nall ${results.length} end-to-end checks passed; screenshots in ${path.relative(process.cwd(), OUT)}/`);
