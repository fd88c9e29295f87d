// Benchmarks of the built page (a measurement, not a test: it asserts nothing).
//
// 1. Page weight: every file of www/ (html, css, js, wasm), each compressed with `gzip -9`.
// 2. Keystroke cost: real key presses (Chromium's input pipeline, via playwright-core), paced
//    like fast typing, into the URL field, the method field and the preflight's paste box. For
//    each keystroke the page records with performance.now() the time from the `input` event to
//    the end of the work it causes: the engine's re-evaluation and Yew's render (which runs in a
//    microtask after the event), then the style and layout of the new DOM (forced by reading a
//    layout property). Also reported: the script part alone, and the time to the next task,
//    which includes waiting for the next frame and painting it.
//
// Usage: node tests/e2e/bench.mjs [--keys N] [--delay MS] [--rounds N] [--loads-only]
//        prints median, p95 and max per field, and the same as JSON
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, ready, WWW } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const KEYS = arg('--keys', 200);
// Time between key presses: 60 ms is a fast typist (about 200 words a minute); with no pause
// the keystrokes queue up behind each other's frames and the figure measures the queue.
const DELAY = arg('--delay', 60);

function gzip9(file) {
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 }).length;
  } catch {
    return NaN;
  }
}

// Every file of www/ the page can load (the generated index.html included).
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(path.join(WWW, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) walk(rel);
    else if (!e.name.startsWith('.')) files.push(rel);
  }
})('');
files.sort();
const weight = files.map((f) => {
  const p = path.join(WWW, f);
  return { file: f, bytes: fs.statSync(p).size, gzip9: gzip9(p) };
});
// Fetched only when a paste needs it (Firefox's messages in other languages), not at load.
const ON_DEMAND = ['firefox-l10n.tsv'];
const atLoad = weight.filter((w) => !ON_DEMAND.includes(w.file));
const loadTotal = atLoad.reduce((a, w) => ({ bytes: a.bytes + w.bytes, gzip9: a.gzip9 + w.gzip9 }), { bytes: 0, gzip9: 0 });
const total = weight.reduce((a, w) => ({ bytes: a.bytes + w.bytes, gzip9: a.gzip9 + w.gzip9 }), { bytes: 0, gzip9: 0 });

const INSTRUMENT = () => {
  window.__lat = [];
  window.__script = [];
  window.__work = [];
  // The work a keystroke causes: the input event's handlers, the engine and Yew's render (a
  // microtask queued by the event handler), measured by a microtask queued after Yew's from a
  // bubbling listener; then the style and layout of the new DOM, forced there.
  let start = null;
  addEventListener('input', () => {
    const t = start;
    queueMicrotask(() => queueMicrotask(() => {
      if (t === null) return;
      window.__script.push(performance.now() - t);
      void document.body.offsetHeight;
      window.__work.push(performance.now() - t);
    }));
  }, false);
  const channel = new MessageChannel();
  // One message per input event, answered in order: each keystroke gets its own sample.
  const pending = [];
  channel.port1.onmessage = () => {
    const t0 = pending.shift();
    if (t0 === undefined) return;
    window.__lat.push(performance.now() - t0);
  };
  addEventListener('input', () => {
    const t = performance.now();
    start = t;
    pending.push(t);
    channel.port2.postMessage(0);
  }, true);
};

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))];
};
const summary = (xs) => ({
  n: xs.length,
  median_ms: +quantile(xs, 0.5).toFixed(2),
  p95_ms: +quantile(xs, 0.95).toFixed(2),
  max_ms: +Math.max(...xs).toFixed(2),
  within_one_frame: `${((100 * xs.filter((x) => x < 1000 / 60).length) / xs.length).toFixed(1)}%`,
});

// 3. Cold load to the first verdict, side by side with a static page showing the same sentence
//    (same server, same browser, alternating, in one run): on loopback, and on DevTools' "Fast
//    3G" profile (562.5 ms round trip, 180 KB/s down) with gzip. The time is from navigation
//    start to the verdict's sentence on screen: in the DOM (a MutationObserver) and painted (the
//    first contentful paint, which the stylesheet holds back), median of ROUNDS; also the
//    time the page is live (the wasm has hydrated the pre-rendered HTML: `html[data-live]`) and
//    the bytes received by each of those times (Resource Timing's encoded body sizes).
const ROUNDS = arg('--rounds', 7);
const browser = await launch();
const STATIC_PAGE = (sentence) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>corsim</title>
<link rel="stylesheet" href="style.css"></head><body><main class="page"><section class="verdict blocked">
<p id="verdict-summary">${sentence}</p></section></main></body></html>`;
const WATCH = () => {
  window.__firstVerdict = null;
  window.__live = null;
  window.__fcp = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  const seen = () => {
    if (window.__firstVerdict === null && document.getElementById('verdict-summary')) window.__firstVerdict = performance.now();
    if (window.__live === null && document.documentElement.hasAttribute('data-live')) window.__live = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-live'] });
  document.addEventListener('DOMContentLoaded', seen);
};
// The bytes on the wire (bodies as sent, gzipped where the server gzips) of the responses that
// had ended by a time: the document and its resources (Resource Timing).
const BYTES_BY = (t) => {
  const nav = performance.getEntriesByType('navigation')[0];
  let bytes = nav && nav.responseEnd <= t ? nav.encodedBodySize : 0;
  for (const r of performance.getEntriesByType('resource')) if (r.responseEnd <= t) bytes += r.encodedBodySize;
  return bytes;
};
async function coldLoad(url, throttle, waitLive) {
  const p = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 562.5, downloadThroughput: 180000, uploadThroughput: 84375 });
  }
  await p.addInitScript(WATCH);
  await p.goto(url);
  await p.waitForFunction(() => window.__firstVerdict !== null, null, { timeout: 60000 });
  if (waitLive) await p.waitForFunction(() => window.__live !== null, null, { timeout: 60000 });
  await p.waitForFunction(() => window.__fcp !== null, null, { timeout: 60000 });
  await p.waitForLoadState('load');
  // (Each its own evaluate: the page's CSP forbids building a function from a string.)
  const [inDom, live, fcp] = await p.evaluate(() => [window.__firstVerdict, window.__live, window.__fcp]);
  // The verdict is seen when it is in the DOM and painted: at the first contentful paint when
  // it was in the DOM by then (the stylesheet holds back that paint), else when it was added
  // (the next frame paints it).
  const verdict = Math.max(inDom, fcp);
  const r = {
    inDom,
    verdict,
    live,
    verdictBytes: await p.evaluate(BYTES_BY, verdict),
    liveBytes: live === null ? null : await p.evaluate(BYTES_BY, live),
  };
  await p.close();
  return r;
}
const loads = {};
{
  const extra = {};
  const plain = await serve(WWW, extra);
  const zipped = await serve(WWW, extra, { gzip: true });
  const probe = await browser.context.newPage();
  await probe.goto(plain.base);
  await ready(probe);
  extra['/static.html'] = STATIC_PAGE(await probe.locator('#verdict-summary').textContent());
  await probe.close();
  for (const [name, srvX, throttle] of [['loopback', plain, false], ['fast3g-gzip', zipped, true]]) {
    const page = [], stat = [];
    for (let i = 0; i < ROUNDS; i++) {
      page.push(await coldLoad(srvX.base, throttle, true));
      stat.push(await coldLoad(`${srvX.base}static.html`, throttle, false));
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const verdict = med(page.map((r) => r.verdict)), still = med(stat.map((r) => r.verdict));
    loads[name] = {
      page_ms: +verdict.toFixed(1),
      static_ms: +still.toFixed(1),
      ratio: +(verdict / still).toFixed(2),
      live_ms: +med(page.map((r) => r.live)).toFixed(1),
      in_dom_ms: +med(page.map((r) => r.inDom)).toFixed(1),
      static_in_dom_ms: +med(stat.map((r) => r.inDom)).toFixed(1),
      verdict_bytes: med(page.map((r) => r.verdictBytes)),
      live_bytes: med(page.map((r) => r.liveBytes)),
      static_bytes: med(stat.map((r) => r.verdictBytes)),
    };
  }
  await plain.close();
  await zipped.close();
}

if (process.argv.includes('--loads-only')) {
  await browser.close();
  console.log(JSON.stringify({ first_verdict: loads }));
  process.exit(0);
}
const srv = await serve();
const page = await browser.context.newPage();
await page.setViewportSize({ width: 1280, height: 900 });
await page.goto(srv.base);
await ready(page);
await page.evaluate(INSTRUMENT);

async function typeInto(selector, text, clear = true) {
  await page.click(selector);
  if (clear) {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
  }
  await page.evaluate(() => { window.__lat = []; window.__script = []; window.__work = []; });
  for (const ch of text) {
    if (ch === '\n') await page.keyboard.press('Enter');
    else await page.keyboard.type(ch);
    if (DELAY > 0) await page.waitForTimeout(DELAY);
  }
  await page.waitForTimeout(50);
  const r = await page.evaluate(() => [window.__lat.slice(), window.__script.slice(), window.__work.slice()]);
  nextTask.push(...r[0]);
  scriptTimes.push(...r[1]);
  return r[2];
}

const urlText = 'https://api.example.com/v1/orders/42/items?expand=customer&page=2&per_page=50&sort=-created';
const block = [
  'HTTP/1.1 204 No Content',
  'access-control-allow-origin: https://app.example.com',
  'access-control-allow-methods: GET, POST, PUT, DELETE',
  'access-control-allow-headers: Content-Type, Authorization',
  'access-control-max-age: 600',
  'vary: Origin',
].join('\n');
const scriptTimes = [];
const nextTask = [];
const rounds = Math.max(1, Math.ceil(KEYS / urlText.length));
const results = { url: [], method: [], preflight_paste: [] };
for (let i = 0; i < rounds; i++) {
  results.url.push(...(await typeInto('#url', urlText)));
  results.method.push(...(await typeInto('#method', 'PATCH')));
  results.preflight_paste.push(...(await typeInto('#preflight-paste', block)));
}
const all = [...results.url, ...results.method, ...results.preflight_paste];
const verdict = await page.locator('#verdict-kind').textContent();

await browser.close();
await srv.close();

const report = {
  first_verdict: loads,
  page_weight: { files: weight, loaded_at_start: loadTotal, total, on_demand: ON_DEMAND },
  keystroke: {
    what: 'per field and all: input event → engine re-evaluation + Yew render + style and layout of the new DOM; script_only: input event → DOM updated; to_next_task: input event → the next task (includes waiting for the frame and painting it)',
    url: summary(results.url),
    method: summary(results.method),
    preflight_paste: summary(results.preflight_paste),
    all: summary(all),
    script_only: summary(scriptTimes),
    to_next_task: summary(nextTask),
  },
  typing_delay_ms: DELAY,
  final_verdict: verdict,
  chromium: '/usr/bin/chromium, headless',
};
console.log(`first verdict, cold load, median of ${ROUNDS} (ms):`);
for (const [k, v] of Object.entries(loads)) {
  console.log(`  ${k.padEnd(12)} page ${v.page_ms}  static page with the same sentence ${v.static_ms}  ratio ${v.ratio}; the page live (hydrated) at ${v.live_ms}`);
  console.log(`  ${''.padEnd(12)} (the sentence in the DOM, before it can be painted: page ${v.in_dom_ms}, static page ${v.static_in_dom_ms})`);
  console.log(`  ${''.padEnd(12)} bytes received by the first verdict ${v.verdict_bytes} (static page ${v.static_bytes}), by the page being live ${v.live_bytes}`);
}
console.log('page weight (gzip -9):');
for (const w of weight) console.log(`  ${w.file.padEnd(20)} ${String(w.bytes).padStart(8)} B  ${String(w.gzip9).padStart(7)} B gzip`);
console.log(`  ${'loaded at start'.padEnd(20)} ${String(loadTotal.bytes).padStart(8)} B  ${String(loadTotal.gzip9).padStart(7)} B gzip (${(loadTotal.gzip9 / 1024).toFixed(1)} KiB)`);
console.log(`  ${'all, with on demand'.padEnd(20)} ${String(total.bytes).padStart(8)} B  ${String(total.gzip9).padStart(7)} B gzip (${(total.gzip9 / 1024).toFixed(1)} KiB; on demand: ${ON_DEMAND.join(', ')})`);
console.log('keystroke → re-evaluated and rendered (ms):');
for (const [k, v] of Object.entries(report.keystroke)) {
  if (typeof v === 'object') console.log(`  ${k.padEnd(16)} n=${v.n} median ${v.median_ms} p95 ${v.p95_ms} max ${v.max_ms} within one frame ${v.within_one_frame}`);
}
console.log(JSON.stringify(report));
