// Makes genuine DevTools HAR exports: each scenario runs in headless Chromium (Debian's
// /usr/bin/chromium) against the differential harness's raw loopback server, with Chromium's own
// DevTools frontend (the copy bundled with the browser, served at /devtools/inspector.html)
// attached to the page in a second tab; after the fetch, the script clicks the Network panel's
// "Export HAR (sanitized)…" button and keeps the file the browser downloads. Chromium's observed
// outcome (fetch resolved/rejected, the DevTools CorsError) is captured over CDP at the same
// time and written to an index next to the HAR files.
//
//   node paste/make-har.mjs --out paste/har/holdout --count 150 --seed 7 [--skip FILE.json]
//                           [--ids g0001,g0002] differential/generated.json
//
// See ../../shared/reference/devtools-har.md for what such an export holds.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CorsimServer } from '../differential/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS, requestInit } from '../differential/record.mjs';
import { loadScenarioFiles, normaliseScenario, collectPorts, pageURL, parseArgs, prettyJSON } from '../differential/lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The fetch() call, run inside the page. */
async function pageFetch({ url, init }) {
  try {
    const r = await fetch(url, init);
    try { await r.text(); } catch { /* opaque or aborted body */ }
    return { fetch: 'resolved', type: r.type, status: r.status };
  } catch (e) {
    return { fetch: 'rejected', error: String(e && e.message) };
  }
}

/** A small seeded generator, so a set can be made again. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2), { repeatable: ['skip'] });
  if (!opts.out || opts._.length === 0) {
    console.log('usage: node paste/make-har.mjs --out DIR [--count N] [--seed S] [--skip INDEX.json] [--ids a,b] SCENARIOS.json...');
    process.exit(2);
  }
  let items = loadScenarioFiles(opts._).map((x) => normaliseScenario(x.scenario));
  const skip = new Set();
  for (const f of [].concat(opts.skip || [])) {
    for (const e of JSON.parse(fs.readFileSync(f, 'utf8')).exports) skip.add(e.id);
  }
  if (opts.ids) {
    const ids = new Set(String(opts.ids).split(','));
    items = items.filter((s) => ids.has(s.id));
  } else {
    const random = rng(Number(opts.seed || 1));
    items = items.filter((s) => !skip.has(s.id));
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    items = items.slice(0, Number(opts.count || 50));
  }
  fs.mkdirSync(opts.out, { recursive: true });
  const port = 9400 + Math.floor(Math.random() * 500);
  const server = new CorsimServer();
  await server.start(collectPorts(items));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`, `--remote-allow-origins=http://127.0.0.1:${port}`],
  });
  const version = browser.version();
  const exports = [];
  const pageContext = await browser.newContext();
  const devtoolsContext = await browser.newContext({ acceptDownloads: true });
  let page = null;
  let devtools = null;
  const events = [];
  const open = async () => {
    if (page) await page.close().catch(() => {});
    if (devtools) await devtools.close().catch(() => {});
    page = await pageContext.newPage();
    const cdp = await pageContext.newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (p) => events.push({ m: 'sent', p }));
    cdp.on('Network.loadingFailed', (p) => events.push({ m: 'failed', p }));
    await cdp.send('Network.enable');
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    devtools = await devtoolsContext.newPage();
    await devtools.goto(`http://127.0.0.1:${port}/devtools/inspector.html?ws=127.0.0.1:${port}/devtools/page/${targetInfo.targetId}&panel=network`);
    await devtools.locator('button[aria-label^="Export HAR (sanitized)"]').first().waitFor({ timeout: 20000 });
    await sleep(500);
  };
  await open();
  let n = 0;
  for (const s of items) {
    n++;
    const token = `h${n}`;
    server.activate(token, s);
    events.length = 0;
    let observed = null;
    let problem = null;
    try {
      await page.goto(pageURL(s), { waitUntil: 'load', timeout: 10000 });
      const result = await page.evaluate(pageFetch, { url: s.request.url, init: requestInit(s.request) });
      await sleep(400);
      const fetchReq = events.find((e) => e.m === 'sent' && e.p.type === 'Fetch');
      const failed = fetchReq && events.find((e) => e.m === 'failed' && e.p.requestId === fetchReq.p.requestId);
      const cors = failed && failed.p.corsErrorStatus;
      observed = {
        fetch: result.fetch,
        response_type: result.fetch === 'resolved' ? result.type : null,
        status: result.fetch === 'resolved' ? result.status : null,
        cors_error: cors ? cors.corsError : null,
        failed_parameter: cors ? cors.failedParameter : null,
        net_error: failed ? failed.p.errorText : null,
      };
      const download = devtools.waitForEvent('download', { timeout: 15000 });
      await devtools.locator('button[aria-label^="Export HAR (sanitized)"]').first().click();
      const file = path.join(opts.out, `${s.id}.har`);
      await (await download).saveAs(file);
      exports.push({ id: s.id, har: path.basename(file), observed, scenario: s });
      console.log(`[${n}/${items.length}] ${s.id.padEnd(8)} ${observed.fetch} ${observed.cors_error ?? ''}`);
    } catch (e) {
      problem = String(e && e.message).split('\n')[0];
      console.log(`[${n}/${items.length}] ${s.id} FAILED: ${problem}`);
      await open().catch((err) => console.log(`reopen failed: ${err}`));
    } finally {
      server.deactivate(token);
    }
  }
  await browser.close();
  await server.stop();
  const index = {
    corsim_har_exports: 1,
    browser: `Chromium/${version}`,
    made_with: 'tests/paste/make-har.mjs: Chromium DevTools frontend (bundled /devtools/inspector.html), Network panel, Export HAR (sanitized)',
    recorded_at: new Date().toISOString(),
    exports,
  };
  fs.writeFileSync(path.join(opts.out, 'index.json'), prettyJSON(index));
  console.log(`wrote ${exports.length} HAR file(s) and index.json to ${opts.out}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
