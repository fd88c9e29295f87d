// Shared helpers of the end-to-end tests and the benchmark: a static file server for www/ on a
// free loopback port, and Debian's Chromium driven by playwright-core. Nothing is downloaded.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');
export const OUT = path.join(ROOT, 'tests/e2e/out');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `dir` on 127.0.0.1 at a free port; extra pages can be added by path. With `gzip`,
 * responses are compressed (`gzip -6`, as a static host would) when the client accepts it. */
export async function serve(dir = WWW, extra = {}, { gzip = false } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    const zip = gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    if (extra[rel]) {
      const body = zip ? zlib.gzipSync(extra[rel]) : extra[rel];
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(zip ? { 'content-encoding': 'gzip' } : {}) });
      res.end(body);
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
      ...(zip ? { 'content-encoding': 'gzip' } : {}),
    });
    if (zip) fs.createReadStream(file).pipe(zlib.createGzip({ level: 6 })).pipe(res);
    else fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, base: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches Debian's Chromium headless, with a fresh profile. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsim-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the page is live: the simulator has hydrated the pre-rendered example or
 * rendered the view the URL asks for (`html[data-live]`), and shows a verdict. */
export async function ready(page) {
  await page.waitForSelector('html[data-live]', { state: 'attached', timeout: 15000 });
  await page.waitForSelector('#verdict-summary', { timeout: 15000 });
}
