// Seeded generator of CORS scenarios for the differential harness.
//
//   node generate.mjs --seed N --count 1200 --out generated.json
//
// Same seed and count -> byte-identical file. Each scenario aims at an "intent" (an outcome such as
// a given Chromium CorsError, an allowed request, or a non-CORS failure), recorded in its `tags`
// and `note`; the intent is only the generator's aim, what Chromium does is what gets recorded.
// The weights below were tuned so that about half the scenarios are allowed and every CorsError
// this loopback setup can produce appears at least 15 times (see README.md and generator-stats.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { prettyJSON, parseArgs } from './lib.mjs';
import {
  normaliseMethod, needsPreflight, unsafeNames, hopOrigins, originOf, SIMPLE_METHODS,
} from './model.mjs';

// ---- seeded randomness ----------------------------------------------------------------------
function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) { this.f = mulberry32(seed >>> 0); }
  float() { return this.f(); }
  int(a, b) { return a + Math.floor(this.f() * (b - a + 1)); }
  chance(p) { return this.f() < p; }
  pick(arr) { return arr[Math.floor(this.f() * arr.length)]; }
  /** pairs: [[weight, value], ...] */
  pickW(pairs) {
    const total = pairs.reduce((s, p) => s + p[0], 0);
    let r = this.f() * total;
    for (const [w, v] of pairs) { r -= w; if (r < 0) return v; }
    return pairs[pairs.length - 1][1];
  }
  shuffle(arr) {
    const a = arr.slice();
    for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.f() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
    return a;
  }
  sample(arr, n) { return this.shuffle(arr).slice(0, n); }
}

// ---- pools ----------------------------------------------------------------------------------
const APP = 'http://app.corsim.test';
const SAPP = 'https://app.corsim.test';
const PAGE_ORIGINS = [[40, APP], [20, SAPP], [12, 'http://localhost:3000'], [10, 'http://127.0.0.1:8080'], [8, 'http://[::1]:8082']];
const HTTP_TARGETS = ['http://api.corsim.test:8081', 'http://cdn.corsim.test:8083', 'http://localhost:3000',
  'http://127.0.0.1:8080', 'http://[::1]:8082', 'http://app.corsim.test'];
const HTTPS_TARGETS = ['https://api.corsim.test', 'https://cdn.corsim.test:8443', 'https://app.corsim.test'];
const INSECURE_CORSIM = ['http://api.corsim.test:8081', 'http://cdn.corsim.test:8083', 'http://app.corsim.test'];
const RESOURCES = ['orders', 'items', 'v1/users', 'data.json', 'search?q=cors', 'upload', 'img/logo.png', 'api/v2/things?page=2', 'feed', 'graphql'];

const SIMPLE_METHOD_POOL = [[10, 'GET'], [3, 'HEAD'], [6, 'POST'], [1.2, 'get'], [1.2, 'post'], [0.5, 'head']];
const NONSIMPLE_METHOD_POOL = [[5, 'PUT'], [4, 'DELETE'], [4, 'PATCH'], [1.6, 'patch'], [0.8, 'Patch'], [1, 'OPTIONS'],
  [1.3, 'PURGE'], [0.8, 'put'], [0.6, 'delete'], [0.5, 'REPORT'], [0.4, 'X-ACTION'], [0.3, 'options']];

// Safelisted names with values Chromium accepts.
const SAFE_HEADERS = [
  [5, 'Accept', ['application/json', 'text/html', '*/*', 'application/json, text/plain, */*', 'image/webp,*/*;q=0.8']],
  [3, 'Accept-Language', ['en-US,en;q=0.9', 'de-DE', 'fr', '*', 'en-GB;q=0.8, en;q=0.7']],
  [2, 'Content-Language', ['de-DE', 'en', 'fr-CA, en']],
  [4, 'Content-Type', ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=corsim', 'text/plain',
    'text/plain;charset=utf-8', 'TEXT/PLAIN', ' text/plain', 'text/plain; charset=UTF-8', 'text/plain\t']],
  [2, 'Range', ['bytes=0-', 'bytes=5-10', 'bytes=0-1023']],
  [1, 'DPR', ['2', '1.5']], [1, 'Width', ['100', '1920']], [0.5, 'Viewport-Width', ['800']], [1, 'Save-Data', ['on']],
  [1, 'ECT', ['4g', '3g', 'slow-2g']], [0.7, 'RTT', ['50', '150']], [0.7, 'Downlink', ['1.5', '10']], [0.5, 'Device-Memory', ['8', '0.5']],
];
// Safelisted names with values that make them CORS-unsafe.
const BAD_SAFE_HEADERS = [
  [3, 'Accept', ['application/"json"', 'text/html@x', `application/json;${'q'.repeat(120)}`, 'text/(html)']],
  [2, 'Accept-Language', ['en_US', 'de-DE;q=0.5!', 'fr(CA)', 'en-US/x']],
  [1.5, 'Content-Language', ['de/DE', 'en@x', 'fr_CA']],
  [5, 'Content-Type', ['application/json', 'text/html', 'text/plain,', 'application/xml', 'text/plain; charset="utf-8"',
    'multipart/related', 'application/json; charset=utf-8', 'text/csv']],
  [2, 'Range', ['bytes=-5', 'bytes=1-2,4-5', 'bytes = 0-', 'items=0-5', 'bytes=10-5']],
  [1, 'DPR', ['x', '2x', '.5']], [0.6, 'Width', ['100.5', 'auto']], [0.6, 'ECT', ['5g', '4G']], [0.6, 'Save-Data', ['off', 'ON']],
  [0.5, 'RTT', ['fast']], [0.5, 'Downlink', ['1.5mbps']],
];
const CUSTOM_HEADERS = [
  [4, 'Authorization', ['Bearer eyJhbGciOiJIUzI1NiJ9.corsim', 'Basic dXNlcjpwYXNz']],
  [3, 'X-Requested-With', ['XMLHttpRequest']],
  [3, 'X-Api-Key', ['k-12345']],
  [1.5, 'X-Custom-Header', ['1']], [1, 'x-TRACE-id', ['abc']], [1, 'X-Correlation-ID', ['c-1']],
  [1, 'If-None-Match', ['"etag-1"']], [1, 'Cache-Control', ['no-cache']], [1, 'X-CSRF-Token', ['t0k3n']],
  [0.5, 'X-Empty', ['']],
];
const FORBIDDEN_HEADERS = [
  [1, 'Cookie', ['a=b']], [1, 'Origin', ['http://evil.test']], [1, 'Host', ['evil.test']], [1, 'User-Agent', ['corsim/1.0']],
  [1, 'Sec-Foo', ['1']], [1, 'Proxy-Foo', ['1']], [1, 'X-HTTP-Method-Override', ['TRACE']], [0.6, 'Referer', ['http://evil.test/']],
  [0.6, 'Accept-Encoding', ['br']], [0.6, 'Connection', ['close']], [0.4, 'Keep-Alive', ['timeout=5']],
];

const EXTRA_RESPONSE_HEADERS = [
  ['X-Total-Count', () => '42'], ['X-Request-Id', () => 'req-7f3a'], ['Set-Cookie', () => 'session=abc; Path=/'],
  ['Content-Language', () => 'en'], ['Cache-Control', () => 'max-age=60'], ['Last-Modified', () => 'Wed, 21 Oct 2026 07:28:00 GMT'],
  ['Server', () => 'corsim-test'], ['Expires', () => 'Thu, 01 Jan 2099 00:00:00 GMT'], ['Pragma', () => 'no-cache'],
  ['ETag', () => '"v1"'], ['X-Powered-By', () => 'corsim'],
];
const EXPOSE_VALUES = ['*', 'X-Total-Count', 'X-Total-Count, X-Request-Id', 'x-total-count,,', 'bad token, X-Total-Count',
  'Set-Cookie', 'Content-Encoding, X-Total-Count', 'X-Request-Id ,X-Total-Count', 'ETag, Server', ''];
const MAX_AGE_VALUES = ['600', '99999', '-1', 'abc', '', '0', '7200', '5'];

// ---- scenario building ----------------------------------------------------------------------
class G {
  constructor(rng, id, intent) {
    this.rng = rng;
    this.id = id;
    this.intent = intent;
    this.variant = [];
    this.req = {};
    this.redirects = [];
    this.preflight = undefined;
    this.response = undefined;
  }

  tag(v) { this.variant.push(v); }

  /** Picks the page origin and the first hop's origin. */
  place({ same = false, cross = true, allowNull = true, httpsTargetForHttps = true } = {}) {
    const r = this.rng;
    if (allowNull && !same && r.chance(0.07)) this.origin = 'null';
    else this.origin = r.pickW(PAGE_ORIGINS);
    if (same && this.origin !== 'null') this.target = this.origin;
    else if (!cross) this.target = this.origin;
    else {
      let pool;
      if (this.origin.startsWith('https:') && httpsTargetForHttps) {
        // Secure page: https targets, or potentially trustworthy loopback http ones.
        pool = r.chance(0.85) ? HTTPS_TARGETS : ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:8082'];
      } else pool = r.chance(0.8) ? HTTP_TARGETS : HTTPS_TARGETS;
      const choices = pool.filter((t) => t !== this.origin);
      this.target = r.pick(choices);
    }
    const res = r.pick(RESOURCES);
    const [p, q] = res.split('?');
    this.url = `${this.target}/${this.id}/${p}${q ? '?' + q : ''}`;
    this.req.url = this.url;
    // Now and then a same-origin URL is written relative.
    if (this.target === this.origin && r.chance(0.3)) this.req.url = `/${this.id}/${p}${q ? '?' + q : ''}`;
  }

  pickHeaderFrom(pool) {
    const [, name, values] = this.rng.pickW(pool.map((x) => [x[0], x]));
    let value = this.rng.pick(values);
    let n = name;
    const r = this.rng;
    if (r.chance(0.12)) n = r.pick([name.toLowerCase(), name.toUpperCase()]);
    if (r.chance(0.08)) value = r.pick([` ${value}`, `${value} `, `\t${value}`, `  ${value}\t`]);
    return [n, value];
  }

  /** Many safelisted headers whose values add up to more than 1024 bytes. */
  bulkSafelisted() {
    const digits = (n) => '1'.repeat(n);
    const hs = [
      ['Accept', `text/html;${'a'.repeat(110)}`], ['Accept-Language', `en-US;q=0.9,${'x'.repeat(100)}`],
      ['Content-Language', `de-DE,${'y'.repeat(110)}`], ['DPR', `1.${digits(110)}`], ['Downlink', `2.${digits(110)}`],
      ['Device-Memory', `4.${digits(110)}`], ['Width', digits(115)], ['Viewport-Width', digits(115)], ['RTT', digits(115)],
      ['Content-Type', `text/plain;p=${'z'.repeat(110)}`],
    ];
    return this.rng.shuffle(hs);
  }

  /**
   * Makes the request. pre: 'yes' | 'no' | 'any' (preflight needed when cross-origin);
   * need: {method: true} (non-simple method), {header: true} (CORS-unsafe header).
   */
  request({ pre = 'any', method = false, header = false, credentials = 'any', mode } = {}) {
    const r = this.rng;
    if (pre === 'any') pre = r.chance(0.45) ? 'yes' : 'no';
    for (let attempt = 0; attempt < 40; attempt++) {
      const req = { url: this.req.url };
      let m;
      const wantNonSimpleMethod = method || (pre === 'yes' && !header && r.chance(0.6));
      if (pre === 'no') m = r.pickW(SIMPLE_METHOD_POOL);
      else if (wantNonSimpleMethod) m = r.pickW(NONSIMPLE_METHOD_POOL);
      else m = r.pickW(SIMPLE_METHOD_POOL);
      if (!(m === 'GET' && r.chance(0.5))) req.method = m;
      const headers = [];
      const nSafe = r.pickW([[4, 0], [4, 1], [2, 2], [1, 3]]);
      for (let i = 0; i < nSafe; i++) headers.push(this.pickHeaderFrom(SAFE_HEADERS));
      if (r.chance(0.1)) headers.push(this.pickHeaderFrom(FORBIDDEN_HEADERS));
      if (pre === 'yes' && (header || !wantNonSimpleMethod || r.chance(0.35))) {
        const kind = r.pickW([[5, 'custom'], [3, 'badsafe'], [0.6, 'bulk'], [0.8, 'dup']]);
        if (kind === 'custom') {
          const k = r.pickW([[6, 1], [3, 2], [1, 3]]);
          for (let i = 0; i < k; i++) headers.push(this.pickHeaderFrom(CUSTOM_HEADERS));
        } else if (kind === 'badsafe') headers.push(this.pickHeaderFrom(BAD_SAFE_HEADERS));
        else if (kind === 'bulk') { headers.push(...this.bulkSafelisted()); this.tag('bulk-safelisted>1024'); }
        else {
          const h = this.pickHeaderFrom(CUSTOM_HEADERS);
          headers.push(h, [h[0], `${h[1]}-2`]);
          this.tag('duplicate-header');
        }
      }
      if (headers.length) req.headers = r.shuffle(headers);
      const nm = normaliseMethod(req.method);
      if (nm !== 'GET' && nm !== 'HEAD' && r.chance(0.5)) {
        req.body = r.pick(['hello', '{"name":"corsim","n":1}', 'a=1&b=2', 'x'.repeat(r.int(1, 300)), 'ünïcødé ✓']);
      }
      if (credentials === 'include') req.credentials = 'include';
      else if (credentials === 'noinclude') {
        const c = r.pickW([[6, undefined], [2, 'omit'], [1, 'same-origin']]);
        if (c) req.credentials = c;
      } else {
        const c = r.pickW([[5, undefined], [2, 'include'], [1.5, 'omit'], [1, 'same-origin']]);
        if (c) req.credentials = c;
      }
      if (mode) req.mode = mode;
      else if (r.chance(0.08)) req.mode = 'cors';
      if (r.chance(0.04)) req.redirect = 'follow';
      const needs = needsPreflight({ ...req, mode: 'cors' }); // what the request itself would need
      const unsafe = unsafeNames(req.headers, req.body);
      const nonSimple = !SIMPLE_METHODS.has(nm);
      if (pre === 'yes' && !needs) continue;
      if (pre === 'no' && needs) continue;
      if (method && !nonSimple) continue;
      if (header && unsafe.length === 0) continue;
      this.req = req;
      return;
    }
    throw new Error(`${this.id}: could not make a request for ${this.intent}`);
  }

  get include() { return this.req.credentials === 'include'; }
  get method() { return normaliseMethod(this.req.method); }
  get unsafe() { return unsafeNames(this.req.headers, this.req.body); }
  get needsPreflight() { return needsPreflight(this.req) && this.crossAny; }

  /** Hop URLs and per-hop Origin values (call after redirects are set). */
  hops() {
    const hops = [new URL(this.req.url, this.origin === 'null' ? 'http://sandbox.corsim.test/' : this.origin + '/').href];
    for (const red of this.redirects) {
      const loc = (red.headers.find((h) => h[0].toLowerCase() === 'location') || [])[1];
      if (loc === undefined) break;
      try { hops.push(new URL(loc, hops[hops.length - 1]).href); } catch { break; }
    }
    return hops;
  }

  get crossAny() {
    const pageOrigin = this.origin === 'null' ? 'null' : this.origin;
    return this.hops().some((h) => originOf(h) !== pageOrigin);
  }

  /** Origin values the server sees at each hop (after taint). */
  hopOriginList() {
    return hopOrigins(this.origin === 'null' ? 'null' : this.origin, this.hops().filter((h) => originOf(h)));
  }

  /** A good ACAO value for Origin `o`. */
  goodAcao(o, { star = true } = {}) {
    if (!this.include && star && this.rng.chance(0.4)) {
      return this.rng.pickW([[10, '*'], [1, ' *'], [1, '*\t']]);
    }
    return o;
  }

  /** Good CORS headers for a reply seen with Origin `o`. */
  goodCors(o, opts = {}) {
    const h = [['Access-Control-Allow-Origin', this.goodAcao(o, opts)]];
    if (this.include) h.push(['Access-Control-Allow-Credentials', this.rng.chance(0.9) ? 'true' : ' true']);
    if (this.rng.chance(0.3)) h.push(['Vary', 'Origin']);
    return this.rng.chance(0.15) ? this.rng.shuffle(h) : h;
  }

  /**
   * Origin values of every hop that may get a preflight: every hop checked as CORS, which after a
   * tainting redirect includes a hop back on the page's own origin (with Origin: null).
   */
  preflightOrigins() {
    return [...new Set(this.hopOriginList().filter((x) => x.cors).map((x) => x.origin))];
  }

  /** ACAO for a preflight reply that satisfies every hop's Origin, or null when none can. */
  preflightAcao() {
    const os = this.preflightOrigins();
    if (os.length <= 1) return this.goodAcao(os[0] ?? this.origin);
    return this.include ? null : '*';
  }

  goodAcam() {
    const r = this.rng;
    const m = this.method;
    if (SIMPLE_METHODS.has(m)) return r.chance(0.5) ? null : r.pick(['GET, POST', 'GET, POST, OPTIONS', 'GET']);
    const v = r.pickW([[6, m], [4, `GET, POST, ${m}`], [1, `${m},`], [1, `GET,,${m}`], [2, this.include ? m : '*'],
      [1, `${m}, ${m}`], [1, `OPTIONS,${m} , HEAD`]]);
    return v;
  }

  goodAcah() {
    const r = this.rng;
    const names = this.unsafe;
    if (names.length === 0) return r.chance(0.7) ? null : r.pick(['Content-Type', 'X-Requested-With, Content-Type']);
    const mixed = names.map((n) => n.replace(/(^|-)([a-z])/g, (x) => x.toUpperCase()));
    return r.pickW([[6, names.join(', ')], [3, mixed.join(',')], [1, names.map((n) => n.toUpperCase()).join(', ')],
      [2, this.include ? names.join(',') : '*'], [1, ['x-unused', ...names].join(', ')], [1, `${names.join(',,')},`]]);
  }

  /** Adds ACAM/ACAH/Max-Age to a header list the way a good preflight answer has them. */
  addPreflightAllows(h, { acam = this.goodAcam(), acah = this.goodAcah() } = {}) {
    const r = this.rng;
    if (acam !== null) {
      if (r.chance(0.1) && acam.includes(',')) {
        const parts = acam.split(',');
        h.push(['Access-Control-Allow-Methods', parts[0]], ['Access-Control-Allow-Methods', parts.slice(1).join(',')]);
        this.tag('acam-two-lines');
      } else h.push(['Access-Control-Allow-Methods', acam]);
    }
    if (acah !== null) {
      if (r.chance(0.1) && acah.includes(',')) {
        const parts = acah.split(',');
        h.push(['Access-Control-Allow-Headers', parts[0]], ['Access-Control-Allow-Headers', parts.slice(1).join(',')]);
        this.tag('acah-two-lines');
      } else h.push(['Access-Control-Allow-Headers', acah]);
    }
    if (r.chance(0.4)) h.push(['Access-Control-Max-Age', r.pick(MAX_AGE_VALUES)]);
    return h;
  }

  /** A good preflight reply (or null when none can satisfy every hop). */
  goodPreflight() {
    const acao = this.preflightAcao();
    if (acao === null) return null;
    const h = [['Access-Control-Allow-Origin', acao]];
    if (this.include) h.push(['Access-Control-Allow-Credentials', 'true']);
    this.addPreflightAllows(h);
    const status = this.rng.pickW([[6, 204], [5, 200], [0.4, 299], [0.4, 202]]);
    const p = { status, headers: h };
    if (status !== 204 && this.rng.chance(0.3)) p.body = '';
    return p;
  }

  /** Decorates a final response: status, content headers, exposed headers, extras, body. */
  decorateResponse(h, { status } = {}) {
    const r = this.rng;
    const st = status ?? r.pickW([[80, 200], [6, 201], [5, 204], [5, 404], [4, 500]]);
    if (st !== 204) h.push(['Content-Type', r.pick(['text/plain', 'application/json', 'text/html; charset=utf-8'])]);
    if (r.chance(0.3)) h.push(['Access-Control-Expose-Headers', r.pick(EXPOSE_VALUES)]);
    const nExtra = r.pickW([[5, 0], [3, 1], [2, 2], [1, 3]]);
    for (const [n, v] of r.sample(EXTRA_RESPONSE_HEADERS, nExtra)) h.push([n, v()]);
    const resp = { status: st, headers: h };
    if (st !== 204) resp.body = st >= 400 ? 'error' : r.pick(['ok', '{"ok":true}', `<p>${this.id}</p>`, 'ünïcødé ✓']);
    return resp;
  }

  /** A good final response for the last hop. */
  goodResponse(extra = {}) {
    const ho = this.hopOriginList();
    const last = ho[ho.length - 1];
    const h = last && last.cors ? this.goodCors(last.origin) : (this.rng.chance(0.2) ? this.goodCors(this.origin === 'null' ? 'null' : this.origin) : []);
    // When nobody answers the preflight separately, the response must answer it too (and so
    // needs an ok status).
    if (this.preflight === undefined && this.needsPreflight) {
      this.addPreflightAllows(h);
      if (extra.status === undefined) extra = { ...extra, status: this.rng.pickW([[8, 200], [1, 201], [1, 204]]) };
    }
    return this.decorateResponse(h, extra);
  }

  /**
   * Adds n redirects from the current hop. cross: probability that a hop goes to another origin.
   * Each redirect reply carries good CORS headers when it is CORS-checked (unless bare).
   */
  addRedirects(n, { cross = 0.5, statuses = [[3, 302], [2, 301], [1, 303], [3, 307], [2, 308]], bare = false } = {}) {
    const r = this.rng;
    for (let i = 0; i < n; i++) {
      const hops = this.hops();
      const cur = hops[hops.length - 1];
      const curOrigin = originOf(cur);
      let next;
      const leg = `${this.id}/r${this.redirects.length + 1}`;
      let loc;
      if (r.chance(cross)) {
        const secure = curOrigin.startsWith('https:') || (this.origin && this.origin.startsWith('https:'));
        const pool = (secure ? HTTPS_TARGETS : HTTP_TARGETS.concat(HTTPS_TARGETS)).filter((t) => t !== curOrigin);
        next = r.pick(pool);
        loc = `${next}/${leg}`;
      } else {
        loc = r.chance(0.6) ? `/${leg}` : `${curOrigin}/${leg}`;
      }
      const status = r.pickW(statuses);
      const h = [['Location', loc]];
      this.redirects.push({ status, headers: h });
      // CORS headers for the redirect reply itself (checked with the Origin sent at that hop).
      const ho = this.hopOriginList();
      const me = ho[ho.length - 2];
      if (!bare && me && me.cors) h.push(...this.goodCors(me.origin));
      else if (!bare && r.chance(0.2)) h.push(['Access-Control-Allow-Origin', '*']);
      if (r.chance(0.2)) h.push(['Content-Type', 'text/html']);
    }
  }

  finish(note) {
    const s = { id: this.id, note, tags: [`intent:${this.intent}`, ...this.variant.map((v) => `variant:${v}`)], origin: this.origin, request: this.req };
    if (this.preflight !== undefined && this.preflight !== null) s.preflight = this.preflight;
    if (this.redirects.length) s.redirects = this.redirects;
    s.response = this.response;
    return s;
  }
}

// ---- intents --------------------------------------------------------------------------------
// Each builder returns a note, or throws 'retry' to be re-drawn.
const RETRY = new Error('retry');

function preflightedCross(g, opts = {}) {
  g.place({ allowNull: opts.allowNull ?? true });
  g.request({ pre: 'yes', ...opts });
}

function withGoodPreflightOrNone(g, pAbsent = 0.3) {
  // Absent preflight reply: the response answers the preflight too.
  if (g.rng.chance(pAbsent)) { g.preflight = undefined; g.tag('no-preflight-reply'); return; }
  g.preflight = g.goodPreflight();
  if (g.preflight === null) throw RETRY;
}

const ACAO_INVALID = ['not-a-url', '', 'app.corsim.test', '*.corsim.test', 'http://', 'https://', '//app.corsim.test',
  'http://app.corsim.test:99999', '%', 'null_origin', 'http//app.corsim.test', 'ftp:', '*x'];
function acaoMismatch(g, o) {
  const r = g.rng;
  if (o === 'null') return r.pick([APP, 'https://app.corsim.test', 'http://null', 'Null', 'NULL']);
  const u = new URL(o);
  const variants = [
    [3, 'http://other.corsim.test'], [3, `${o}/`], [2, o.toUpperCase()], [3, 'null'],
    [2, `${u.protocol === 'http:' ? 'https:' : 'http:'}//${u.host}`], [2, `${u.protocol}//${u.hostname}:9999`],
    [1, `${o}/path`], [1, `${o}.evil.test`], [1, `${u.protocol}//evil.${u.host}`],
  ];
  return r.pickW(variants);
}
function acaoMultiple(g, o) {
  const r = g.rng;
  const kind = r.pickW([[4, 'two-lines'], [3, 'comma'], [2, 'space'], [1, 'star-list']]);
  g.tag(`acao-${kind}`);
  if (kind === 'two-lines') return [['Access-Control-Allow-Origin', r.chance(0.5) ? o : '*'], ['Access-Control-Allow-Origin', r.chance(0.6) ? o : APP]];
  if (kind === 'comma') return [['Access-Control-Allow-Origin', r.pick([`${o}, ${APP}`, `${o},${o}`, `${o}, *`])]];
  if (kind === 'space') return [['Access-Control-Allow-Origin', r.pick([`${o} ${APP}`, 'foo bar', `${o} `.repeat(2).trim()])]];
  return [['Access-Control-Allow-Origin', '*, *']];
}
const ACAC_BAD = [[3, null], [2, 'True'], [1, 'TRUE'], [1, 'false'], [1, '1'], [1, 'yes'], [1, '"true"'], [1, 'true, true']];

/** A defective ACAO/ACAC header list for Origin `o`: kind is the CorsError suffix. */
function badOriginHeaders(g, kind, o) {
  const r = g.rng;
  switch (kind) {
    case 'WildcardOriginNotAllowed': {
      const h = [['Access-Control-Allow-Origin', r.pickW([[8, '*'], [1, ' *'], [1, '*\t']])]];
      if (r.chance(0.6)) h.push(['Access-Control-Allow-Credentials', 'true']);
      return h;
    }
    case 'MissingAllowOriginHeader': {
      const v = r.pickW([[5, 'none'], [1, 'misspelled'], [1, 'acac-only'], [1, 'expose-only']]);
      g.tag(`acao-${v}`);
      if (v === 'misspelled') return [[r.pick(['Access-Control-Allow-Origins', 'Access-Control-Allowed-Origin', 'Allow-Origin']), o]];
      if (v === 'acac-only') return [['Access-Control-Allow-Credentials', 'true']];
      if (v === 'expose-only') return [['Access-Control-Expose-Headers', '*']];
      return [];
    }
    case 'MultipleAllowOriginValues': {
      const h = acaoMultiple(g, o);
      if (g.include) h.push(['Access-Control-Allow-Credentials', 'true']);
      return h;
    }
    case 'InvalidAllowOriginValue': {
      const h = [['Access-Control-Allow-Origin', r.pick(ACAO_INVALID)]];
      if (g.include) h.push(['Access-Control-Allow-Credentials', 'true']);
      return h;
    }
    case 'AllowOriginMismatch': {
      const h = [['Access-Control-Allow-Origin', acaoMismatch(g, o)]];
      if (g.include) h.push(['Access-Control-Allow-Credentials', 'true']);
      return h;
    }
    case 'InvalidAllowCredentials': {
      const h = [['Access-Control-Allow-Origin', o]];
      const v = r.pickW(ACAC_BAD);
      if (v === 'true, true') h.push(['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Credentials', 'true']);
      else if (v !== null) h.push(['Access-Control-Allow-Credentials', v]);
      return h;
    }
    default: throw new Error(kind);
  }
}
const credentialsFor = (kind) => (['WildcardOriginNotAllowed', 'InvalidAllowCredentials'].includes(kind) ? 'include' : 'any');

const INTENTS = {
  // -- allowed --
  ok_simple: [16, (g) => {
    g.place({});
    g.request({ pre: 'no' });
    g.response = g.goodResponse();
    return 'simple cross-origin request with good CORS headers';
  }],
  ok_preflight: [15, (g) => {
    preflightedCross(g);
    withGoodPreflightOrNone(g);
    g.response = g.goodResponse();
    return 'preflighted request with a good preflight answer and response';
  }],
  ok_nocors: [3.5, (g) => {
    g.place({});
    g.request({ pre: 'no', mode: 'no-cors' });
    if (g.rng.chance(0.4)) g.request({ pre: 'any', mode: 'no-cors' });
    if (!['GET', 'HEAD', 'POST'].includes(g.method)) g.req.method = 'GET';
    if (g.req.method === 'GET' || g.req.method === 'HEAD') delete g.req.body;
    if (g.rng.chance(0.15)) g.addRedirects(1, { cross: 0.5, bare: true });
    g.response = g.decorateResponse(g.rng.chance(0.5) ? [] : g.goodCors(g.origin));
    return 'no-cors request: opaque response whatever the headers';
  }],
  ok_same_origin: [5, (g) => {
    g.place({ same: true, allowNull: false });
    g.request({ pre: 'any', mode: g.rng.pickW([[6, undefined], [3, 'same-origin'], [1, 'cors']]) });
    if (g.rng.chance(0.2)) g.addRedirects(g.rng.int(1, 2), { cross: 0, bare: true });
    g.response = g.decorateResponse(g.rng.chance(0.8) ? [] : [['Access-Control-Allow-Origin', 'http://other.corsim.test']]);
    return 'same-origin request: no CORS check, basic response';
  }],
  ok_redirect: [6, (g) => {
    g.place({});
    g.request({ pre: g.rng.chance(0.3) ? 'yes' : 'no', credentials: g.rng.chance(0.8) ? 'noinclude' : 'any' });
    g.addRedirects(g.rng.pickW([[6, 1], [3, 2], [2, 3]]), { cross: 0.5 });
    if (g.redirects.length >= 2 && g.rng.chance(0.15)) {
      // The chain comes back to its first URL (the server counts visits per URL). The first
      // redirect must not be a cacheable 301/308, or Chromium replays it from its HTTP cache and
      // loops (ERR_TOO_MANY_REDIRECTS).
      g.redirects[1].headers.find((h) => h[0] === 'Location')[1] = g.hops()[0];
      g.redirects.length = 2;
      g.redirects[0].status = { 301: 302, 308: 307 }[g.redirects[0].status] ?? g.redirects[0].status;
      const ho = g.hopOriginList();
      g.redirects[1].headers = g.redirects[1].headers.filter((h) => !h[0].startsWith('Access-Control-'));
      if (ho[1].cors) g.redirects[1].headers.push(...g.goodCors(ho[1].origin));
      g.tag('revisit');
    }
    if (g.needsPreflight) withGoodPreflightOrNone(g, 0);
    g.response = g.goodResponse();
    return 'redirect chain where every CORS-checked reply has good CORS headers';
  }],
  ok_manual: [2, (g) => {
    g.place({ same: g.rng.chance(0.4), allowNull: false });
    g.request({ pre: 'no' });
    g.req.redirect = 'manual';
    g.addRedirects(1, { cross: 0.5 });
    g.response = g.goodResponse();
    return "redirect: 'manual' -> opaqueredirect";
  }],
  ok_quirks: [6, (g) => {
    const q = g.rng.pickW([[3, 'client-hints'], [2, 'acao-whitespace'], [2, 'authorization-star'], [1, 'preflight-299'],
      [2, 'redirect-no-location'], [1, 'lowercase-simple'], [1, 'acac-space'], [1, 'status-error-allowed'], [1, 'https-page-localhost']]);
    g.tag(q);
    if (q === 'https-page-localhost') {
      g.origin = SAPP;
      g.target = g.rng.pick(['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:8082']);
      g.url = `${g.target}/${g.id}/data`;
      g.req.url = g.url;
    } else g.place({ allowNull: q !== 'acac-space' });
    if (q === 'client-hints') {
      g.request({ pre: 'no' });
      g.req.headers = g.rng.sample([['DPR', '2'], ['Width', '100'], ['Save-Data', 'on'], ['ECT', '4g'], ['RTT', '50'], ['Downlink', '1.5'], ['Viewport-Width', '1280'], ['Device-Memory', '4']], g.rng.int(1, 4));
      g.response = g.goodResponse();
    } else if (q === 'acao-whitespace') {
      g.request({ pre: 'no', credentials: 'noinclude' });
      const h = [['Access-Control-Allow-Origin', g.rng.pick([' *  ', '\t*', '* ', ` ${g.origin === 'null' ? 'null' : g.origin}\t`])]];
      g.response = g.decorateResponse(h);
    } else if (q === 'authorization-star') {
      g.request({ pre: 'no', credentials: 'noinclude' });
      g.req.headers = [...(g.req.headers || []), ['Authorization', 'Bearer t']];
      const o = g.origin === 'null' ? 'null' : g.origin;
      g.preflight = { status: 204, headers: [['Access-Control-Allow-Origin', g.goodAcao(o)], ['Access-Control-Allow-Headers', '*']] };
      g.response = g.goodResponse();
    } else if (q === 'preflight-299') {
      g.request({ pre: 'yes' });
      g.preflight = g.goodPreflight() || (() => { throw RETRY; })();
      g.preflight.status = g.rng.pick([299, 203, 206]);
      g.response = g.goodResponse();
    } else if (q === 'redirect-no-location') {
      g.request({ pre: 'no' });
      const h = g.goodCors(g.origin === 'null' ? 'null' : g.origin);
      g.response = { status: g.rng.pick([301, 302, 303, 307, 308, 300]), headers: h, body: 'moved' };
    } else if (q === 'lowercase-simple') {
      g.request({ pre: 'no' });
      g.req.method = g.rng.pick(['get', 'post', 'head', 'Get', 'pOsT']);
      if (['get', 'head', 'Get'].includes(g.req.method)) delete g.req.body;
      g.response = g.goodResponse();
    } else if (q === 'acac-space') {
      g.request({ pre: 'no', credentials: 'include' });
      g.response = g.decorateResponse([['Access-Control-Allow-Origin', g.origin], ['Access-Control-Allow-Credentials', g.rng.pick([' true', 'true ', '\ttrue'])]]);
    } else if (q === 'status-error-allowed') {
      g.request({ pre: 'any' });
      if (g.needsPreflight) withGoodPreflightOrNone(g, 0);
      g.response = g.goodResponse({ status: g.rng.pick([400, 403, 404, 500, 503]) });
    } else {
      g.request({ pre: 'no' });
      g.response = g.goodResponse();
    }
    return `allowed, with a quirk: ${q}`;
  }],

  // -- CorsErrors on the (actual) response --
  ...Object.fromEntries(['WildcardOriginNotAllowed', 'MissingAllowOriginHeader', 'MultipleAllowOriginValues',
    'InvalidAllowOriginValue', 'AllowOriginMismatch', 'InvalidAllowCredentials'].map((kind) => [kind, [
    { WildcardOriginNotAllowed: 2.6, MissingAllowOriginHeader: 2.6, MultipleAllowOriginValues: 2.4,
      InvalidAllowOriginValue: 2.4, AllowOriginMismatch: 2.8, InvalidAllowCredentials: 2.4 }[kind], (g) => {
      g.place({});
      const pre = g.rng.chance(0.2) ? 'yes' : 'no';
      g.request({ pre, credentials: credentialsFor(kind) });
      // Sometimes the defect is on a redirect reply instead of the final response.
      const onRedirect = g.rng.chance(0.15);
      if (onRedirect) {
        g.tag('on-redirect');
        g.addRedirects(1, { cross: 0.5, bare: true });
        const o = g.hopOriginList()[0].origin;
        g.redirects[0].headers.push(...badOriginHeaders(g, kind, o));
        if (g.needsPreflight) withGoodPreflightOrNone(g, 0);
        g.response = g.goodResponse();
      } else {
        if (g.needsPreflight) withGoodPreflightOrNone(g, 0);
        const ho = g.hopOriginList();
        const h = badOriginHeaders(g, kind, ho[ho.length - 1].origin);
        g.response = g.decorateResponse(h);
      }
      return `${kind} on the ${onRedirect ? 'redirect' : 'response'}`;
    }]])),

  // -- CorsErrors on the preflight --
  ...Object.fromEntries(['WildcardOriginNotAllowed', 'MissingAllowOriginHeader', 'MultipleAllowOriginValues',
    'InvalidAllowOriginValue', 'AllowOriginMismatch', 'InvalidAllowCredentials'].map((kind) => [`Preflight${kind}`, [
    2.4, (g) => {
      preflightedCross(g, { credentials: credentialsFor(kind) });
      const o = g.preflightOrigins()[0];
      const h = badOriginHeaders(g, kind, o);
      g.addPreflightAllows(h);
      if (kind === 'MissingAllowOriginHeader' && g.rng.chance(0.4)) {
        // No preflight reply: the response (without ACAO) answers the preflight.
        g.preflight = undefined;
        g.tag('no-preflight-reply');
        g.response = g.decorateResponse(h);
      } else {
        g.preflight = { status: g.rng.pickW([[3, 204], [2, 200]]), headers: h };
        g.response = g.goodResponse();
      }
      return `Preflight${kind}`;
    }]])),

  PreflightInvalidStatus: [2.6, (g) => {
    preflightedCross(g);
    const pf = g.goodPreflight() || (() => { throw RETRY; })();
    const st = g.rng.pickW([[3, 404], [2, 401], [1, 403], [2, 405], [3, 500], [1, 503], [1, 400], [1, 300], [1.5, 302], [0.5, 418]]);
    pf.status = st;
    if (g.rng.chance(0.12)) pf.headers = [];
    if (g.rng.chance(0.3)) pf.body = 'Method Not Allowed';
    g.preflight = pf;
    g.response = g.goodResponse();
    return `preflight answered ${pf.status}${pf.status >= 300 && pf.status < 400 ? ' without Location' : ''}`;
  }],
  PreflightDisallowedRedirect: [2.4, (g) => {
    preflightedCross(g);
    const pf = g.goodPreflight() || (() => { throw RETRY; })();
    pf.status = g.rng.pick([301, 302, 303, 307, 308]);
    pf.headers.unshift(['Location', g.rng.pick([`/${g.id}/moved`, `${g.target}/${g.id}/moved`, 'https://api.corsim.test/elsewhere'])]);
    g.preflight = pf;
    g.response = g.goodResponse();
    return `preflight answered ${pf.status} with Location`;
  }],
  InvalidAllowMethodsPreflightResponse: [2.4, (g) => {
    preflightedCross(g, { method: g.rng.chance(0.8) });
    const pf = g.goodPreflight() || (() => { throw RETRY; })();
    pf.headers = pf.headers.filter((h) => h[0] !== 'Access-Control-Allow-Methods');
    const m = g.method;
    pf.headers.push(['Access-Control-Allow-Methods', g.rng.pick([`${m} PATCH`, `GET;${m}`, `${m},(PATCH)`, `"${m}"`, `GET, ${m} X`,
      `${m}/PATCH`, `GET, POST; ${m}`, '{PUT}', `${m}, DEL ETE`])]);
    g.preflight = pf;
    g.response = g.goodResponse();
    return 'Access-Control-Allow-Methods with a non-token item';
  }],
  InvalidAllowHeadersPreflightResponse: [2.4, (g) => {
    preflightedCross(g, { header: true });
    const pf = g.goodPreflight() || (() => { throw RETRY; })();
    pf.headers = pf.headers.filter((h) => h[0] !== 'Access-Control-Allow-Headers');
    const n = g.unsafe[0];
    pf.headers.push(['Access-Control-Allow-Headers', g.rng.pick(['bad header', `${n};x-b`, `${n}, (x-b)`, `"${n}"`, `${n},x b`,
      `${n}:`, `${n}, x-a/b`, `[${n}]`, `${n}, {x}`])]);
    g.preflight = pf;
    g.response = g.goodResponse();
    return 'Access-Control-Allow-Headers with a non-token item';
  }],
  MethodDisallowedByPreflightResponse: [2.6, (g) => {
    preflightedCross(g, { method: true });
    const pf = g.goodPreflight() || (() => { throw RETRY; })();
    pf.headers = pf.headers.filter((h) => h[0] !== 'Access-Control-Allow-Methods');
    const m = g.method;
    const v = g.rng.pickW([[3, null], [3, 'GET, POST'], [2, m.toLowerCase() === m ? m.toUpperCase() : m.toLowerCase()],
      [2, g.include ? '*' : 'GET, HEAD'], [1, `${m}S`], [1, '']]);
    if (v !== null) pf.headers.push(['Access-Control-Allow-Methods', v]);
    if (v === '*') g.tag('star-with-credentials');
    g.preflight = pf;
    g.response = g.goodResponse();
    return `method ${m} not in Access-Control-Allow-Methods (${JSON.stringify(v)})`;
  }],
  HeaderDisallowedByPreflightResponse: [2.6, (g) => {
    preflightedCross(g, { header: true });
    const pf = g.goodPreflight() || (() => { throw RETRY; })();
    pf.headers = pf.headers.filter((h) => h[0] !== 'Access-Control-Allow-Headers');
    const names = g.unsafe;
    const v = g.rng.pickW([[3, null], [3, names.slice(1).join(', ') || 'x-other'], [2, g.include ? '*' : 'x-other'], [1, ''],
      [1, names.map((n) => `${n}s`).join(',')]]);
    if (v !== null) pf.headers.push(['Access-Control-Allow-Headers', v]);
    if (v === '*') g.tag('star-with-credentials');
    g.preflight = pf;
    g.response = g.goodResponse();
    return `request header(s) ${names.join(',')} not all in Access-Control-Allow-Headers (${JSON.stringify(v)})`;
  }],
  RedirectContainsCredentials: [2.6, (g) => {
    g.place({});
    g.request({ pre: g.rng.chance(0.25) ? 'yes' : 'no' });
    g.addRedirects(g.rng.chance(0.8) ? 1 : 2, { cross: 0.6 });
    const last = g.redirects[g.redirects.length - 1];
    const loc = last.headers.find((h) => h[0] === 'Location');
    const hops = g.hops();
    const u = new URL(hops[hops.length - 1]);
    u.username = g.rng.pick(['user', 'admin', 'u']);
    u.password = g.rng.pick(['pass', 'secret', '']);
    if (!u.password && g.rng.chance(0.5)) u.password = 'p';
    loc[1] = u.href;
    if (g.needsPreflight) withGoodPreflightOrNone(g, 0);
    g.response = g.goodResponse();
    return 'redirect Location with user:pass@';
  }],
  CorsDisabledScheme: [2.6, (g) => {
    g.place({});
    const direct = g.rng.chance(0.3);
    if (direct) {
      g.request({ pre: 'no' });
      g.req.url = g.rng.pick(['ftp://files.corsim.test', 'ws://api.corsim.test:8081', 'wss://api.corsim.test', 'gopher://api.corsim.test']) + `/${g.id}/file`;
      g.response = g.decorateResponse([]);
      g.tag('direct');
      return 'fetch of a non-HTTP URL';
    }
    g.request({ pre: g.rng.chance(0.2) ? 'yes' : 'no' });
    g.addRedirects(1, { cross: 0.3 });
    const loc = g.redirects[0].headers.find((h) => h[0] === 'Location');
    loc[1] = g.rng.pickW([[4, `ftp://files.corsim.test/${g.id}/file`], [2, 'javascript:void(0)'], [1, `FTP://files.corsim.test/${g.id}/f`]]);
    if (g.needsPreflight) withGoodPreflightOrNone(g, 0);
    g.response = g.goodResponse();
    return 'redirect to a non-HTTP(S) URL';
  }],
  DisallowedByMode: [2.4, (g) => {
    g.place({});
    g.request({ pre: 'any', mode: 'same-origin' });
    if (g.needsPreflight) withGoodPreflightOrNone(g, 0.5);
    g.response = g.goodResponse();
    return "mode 'same-origin' to another origin";
  }],

  // -- failures that are not CORS errors --
  mixed_content: [2.6, (g) => {
    g.origin = SAPP;
    g.target = g.rng.pick(INSECURE_CORSIM);
    g.url = `${g.target}/${g.id}/${g.rng.pick(RESOURCES)}`;
    g.req.url = g.url;
    const viaRedirect = g.rng.chance(0.25);
    if (viaRedirect) {
      g.target = g.rng.pick(['https://api.corsim.test', 'https://cdn.corsim.test:8443']);
      g.url = `${g.target}/${g.id}/start`;
      g.req.url = g.url;
    }
    g.request({ pre: 'any', mode: g.rng.pickW([[4, undefined], [1, 'no-cors']]) });
    if (g.req.mode === 'no-cors' && !['GET', 'HEAD', 'POST'].includes(g.method)) g.req.method = 'POST';
    if (viaRedirect) {
      g.tag('via-redirect');
      const h = [['Location', `${g.rng.pick(INSECURE_CORSIM)}/${g.id}/insecure`], ...g.goodCors(SAPP)];
      g.redirects.push({ status: g.rng.pick([301, 302, 307]), headers: h });
    }
    if (g.needsPreflight) withGoodPreflightOrNone(g, 0.3);
    g.response = g.goodResponse();
    return 'https page fetching http:// (mixed content)';
  }],
  redirect_error: [1.2, (g) => {
    g.place({});
    g.request({ pre: 'no' });
    g.req.redirect = 'error';
    g.addRedirects(1, { cross: 0.5 });
    g.response = g.goodResponse();
    return "redirect: 'error' meets a redirect";
  }],
  bad_method: [0.9, (g) => {
    g.place({});
    g.request({ pre: 'no' });
    g.req.method = g.rng.pick(['CONNECT', 'TRACE', 'TRACK', 'trace', 'connect', 'GE T', 'PO(ST', 'GET\u00e9']);
    delete g.req.body;
    g.response = g.goodResponse();
    return 'forbidden or invalid method: fetch() rejects at once';
  }],
  unsafe_redirect: [0.9, (g) => {
    g.place({});
    g.request({ pre: 'no' });
    g.addRedirects(1, { cross: 0.5 });
    g.redirects[0].headers.find((h) => h[0] === 'Location')[1] = g.rng.pick(['data:text/plain,hi', 'about:blank', 'file:///etc/hostname',
      'blob:http://app.corsim.test/0000', 'ws://api.corsim.test:8081/ws']);
    g.response = g.goodResponse();
    return 'redirect to data:/about:/file:/blob:/ws: (unsafe redirect)';
  }],
  request_type_error: [0.8, (g) => {
    g.place({});
    const v = g.rng.pick(['no-cors-method', 'get-body', 'head-body', 'no-cors-method']);
    g.tag(v);
    if (v === 'no-cors-method') {
      g.request({ pre: 'yes', method: true, mode: 'no-cors' });
    } else {
      g.request({ pre: 'no' });
      g.req.method = v === 'get-body' ? 'GET' : 'HEAD';
      g.req.body = 'x';
    }
    g.response = g.goodResponse();
    return 'fetch() throws a TypeError for the request itself';
  }],
  same_origin_mode_redirect: [0.6, (g) => {
    g.place({ same: true, allowNull: false });
    g.request({ pre: 'no', mode: 'same-origin' });
    g.addRedirects(1, { cross: 1 });
    g.response = g.goodResponse();
    return "mode 'same-origin' redirected to another origin";
  }],
  same_origin_credentials_url: [0.4, (g) => {
    g.place({ same: true, allowNull: false });
    g.request({ pre: 'no' });
    g.addRedirects(1, { cross: 0 });
    const hops = g.hops();
    const u = new URL(hops[1]);
    u.username = 'user';
    u.password = 'pass';
    g.redirects[0].headers.find((h) => h[0] === 'Location')[1] = u.href;
    g.response = g.goodResponse();
    return 'same-origin redirect to a URL with user:pass@';
  }],
};

/**
 * Intents are allotted by weight (largest remainder), so each gets a stable share of `count`,
 * then shuffled; a builder that cannot satisfy its intent with the drawn values is re-drawn.
 */
export function allot(count) {
  const names = Object.keys(INTENTS);
  const total = names.reduce((t, n) => t + INTENTS[n][0], 0);
  const exact = names.map((n) => (INTENTS[n][0] * count) / total);
  const quota = exact.map(Math.floor);
  let left = count - quota.reduce((t, q) => t + q, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; left > 0; k++, left--) quota[order[k % order.length][1]]++;
  return names.flatMap((n, i) => Array(quota[i]).fill(n));
}

export function generate(seed, count) {
  const rng = new Rng(seed);
  const plan = rng.shuffle(allot(count));
  const out = [];
  const width = Math.max(4, String(count).length);
  for (let i = 1; i <= count; i++) {
    const id = `g${String(i).padStart(width, '0')}`;
    for (let attempt = 0; ; attempt++) {
      const intent = plan[i - 1];
      const g = new G(rng, id, intent);
      try {
        const note = INTENTS[intent][1](g);
        out.push(g.finish(note));
        break;
      } catch (e) {
        if (e !== RETRY && !/could not make a request/.test(e.message)) throw e;
        if (attempt > 100) throw new Error(`${id}: gave up on ${intent}`);
      }
    }
  }
  return out;
}

function main() {
  const opts = parseArgs(process.argv.slice(2), { booleans: ['help'] });
  if (opts.help || !opts.out) {
    console.log('usage: node generate.mjs --seed N --count 1200 --out FILE.json');
    process.exit(opts.help ? 0 : 2);
  }
  const seed = Number(opts.seed ?? 1);
  const count = Number(opts.count ?? 1200);
  const scenarios = generate(seed, count);
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, prettyJSON(scenarios));
  console.log(`wrote ${scenarios.length} scenarios (seed ${seed}) to ${opts.out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
