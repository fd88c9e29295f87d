// Writes browser-probes.json: scenarios aimed at the places where Chromium, Firefox and WebKit
// are known or suspected to differ (safelisted request headers, a header set twice, redirects
// and the Origin after them, the order of the preflight checks, the ACAO/ACAC/ACAM/ACAH value
// rules, exposed headers, statuses in console lines, mixed content). Each scenario's `note` says
// what it probes. Same file every run (no randomness).
//
//   node differential/make-browser-probes.mjs            (from tests/)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prettyJSON } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const APP = 'http://app.corsim.test';
const APPS = 'https://app.corsim.test';
const API = 'http://api.corsim.test:8081';
const APIS = 'https://api.corsim.test';
const CDN = 'http://cdn.corsim.test:8083';

const out = [];
const ids = new Map();
/** Adds one scenario; `topic` names the group, ids are bp-<topic>-NN, paths /bp/<topic>/NN. */
function add(topic, note, { origin = APP, base = API, path: p, request = {}, preflight, response, redirects }) {
  const n = (ids.get(topic) || 0) + 1;
  ids.set(topic, n);
  const id = `bp-${topic}-${String(n).padStart(2, '0')}`;
  const s = { id, note, origin, request: { url: `${base}${p || `/bp/${topic}/${n}`}`, ...request } };
  if (preflight) s.preflight = preflight;
  if (redirects) s.redirects = redirects;
  s.response = response || ok();
  out.push(s);
  return s;
}
function ok(headers = [['Access-Control-Allow-Origin', APP]], status = 200, body = 'ok') {
  return { status, headers, body };
}
function pre(headers, status = 204) {
  return { status, headers };
}

// 1. Client hints and Chromium's other extra safelisted request headers.
for (const [name, value] of [['DPR', '2'], ['Width', '800'], ['Viewport-Width', '1200'], ['Device-Memory', '8'], ['RTT', '50'],
  ['Downlink', '10'], ['ECT', '4g'], ['Save-Data', 'on'], ['Intervention', '<https://example.com>'], ['DPR', 'abc'], ['Device-Memory', '0.5']]) {
  add('hint', `${name}: ${value} with ACAO and no preflight answer of its own: Chromium safelists client hints, the others preflight them`, {
    request: { headers: [[name, value]] },
    response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Headers', 'x-unrelated']]),
  });
}
add('hint', 'Device-Memory listed in Access-Control-Allow-Headers: every browser passes, preflighting or not', {
  request: { headers: [['Device-Memory', '4']] }, response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Headers', 'device-memory']]),
});

// 2. CORS-safelisted request header values.
for (const [name, value, why] of [
  ['Accept', 'application/json', 'a plain value'],
  ['Accept', 'text/html, "x"', 'a double quote (CORS-unsafe byte)'],
  ['Accept', 'a{b}', 'braces (CORS-unsafe bytes)'],
  ['Accept', 'x'.repeat(129), '129 bytes (over 128)'],
  ['Accept', 'x'.repeat(128), '128 bytes (at the limit)'],
  ['Accept-Language', 'en-US,en;q=0.9', 'a plain value'],
  ['Accept-Language', 'en_US', 'an underscore (not in the allowed set)'],
  ['Accept-Language', 'en*', 'a star'],
  ['Content-Language', 'de-DE', 'a plain value'],
  ['Content-Language', 'de DE', 'a space'],
  ['Content-Language', 'de;q=1', 'a semicolon and equals sign'],
  ['Range', 'bytes=0-', 'an open range'],
  ['Range', 'bytes=-5', 'a suffix range (no start)'],
  ['Range', 'bytes=0-1,3-4', 'two ranges'],
  ['Range', 'bytes=5-5', 'a one-byte range'],
  ['Range', 'Bytes=0-1', 'the unit in capitals'],
  ['Range', 'bytes = 0-1', 'spaces around ='],
]) {
  add('safelist', `${name} with ${why}: safelisted or preflighted?`, {
    request: { headers: [[name, value]] }, response: ok([['Access-Control-Allow-Origin', APP]]),
  });
}
for (const [ct, why] of [
  ['text/plain;charset=utf-8', 'a charset parameter'],
  ['TEXT/PLAIN', 'capitals'],
  ['text/plain; x=y', 'an unknown parameter'],
  ['text/plain, text/html', 'two types in one value'],
  ['multipart/form-data; boundary=x', 'multipart with a boundary'],
  ['application/x-www-form-urlencoded;charset=utf-8', 'form-urlencoded with a charset'],
  ['text/plain;' + 'a'.repeat(120), 'a value over 128 bytes'],
  ['text/plain\u000b', 'a vertical tab'],
  ['application/json', 'JSON (never safelisted)'],
  ['text/csv', 'a type outside the three'],
]) {
  add('ctype', `POST with Content-Type ${why}`, {
    request: { method: 'POST', headers: [['Content-Type', ct]], body: 'x' }, response: ok(),
  });
}
add('ctype', 'five safelisted headers at once, three of them 128 bytes long', {
  request: { headers: [['Accept', 'a'.repeat(128)], ['Accept-Language', 'b'.repeat(128)], ['Content-Language', 'c'.repeat(128)], ['Content-Type', 'text/plain;' + 'd'.repeat(100)], ['Range', 'bytes=0-1']] },
  response: ok(),
});

// 3. A request header set twice (fetch combines them with ", ").
for (const [name, a, b, why] of [
  ['Content-Type', 'text/plain', 'text/plain;charset=utf-8', 'both safelisted alone, not combined'],
  ['Accept', 'text/html', 'application/json', 'combined value stays safelisted'],
  ['Accept-Language', 'en', 'de', 'combined value with a comma and space'],
  ['Content-Language', 'en', 'de', 'combined value with a comma and space'],
  ['X-A', '1', '2', 'a custom header twice (listed once or twice in Access-Control-Request-Headers?)'],
  ['Range', 'bytes=0-1', 'bytes=2-3', 'two ranges in two headers'],
]) {
  add('twice', `${name} set twice (${a} / ${b}): ${why}`, {
    request: { method: name === 'Content-Type' ? 'POST' : 'GET', headers: [[name, a], [name, b]], body: name === 'Content-Type' ? 'x' : undefined },
    preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Headers', 'x-other']]),
    response: ok(),
  });
}
add('twice', 'X-A set twice and allowed: what Access-Control-Request-Headers lists', {
  request: { headers: [['X-A', '1'], ['X-A', '2'], ['X-B', '3']] },
  preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Headers', 'x-a, x-b']]), response: ok(),
});
add('twice', 'Content-Type text/plain twice (combined "text/plain, text/plain")', {
  request: { method: 'POST', headers: [['Content-Type', 'text/plain'], ['Content-Type', 'text/plain']], body: 'x' },
  preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Headers', 'content-type']]), response: ok(),
});

// 4. Authorization and Access-Control-Allow-Headers: *.
add('auth', 'Authorization under ACAH *, no credentials', {
  request: { headers: [['Authorization', 'Bearer x']] }, preflight: pre([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']]), response: ok([['Access-Control-Allow-Origin', '*']]),
});
add('auth', 'Authorization and X-A under ACAH *', {
  request: { headers: [['Authorization', 'Bearer x'], ['X-A', '1']] }, preflight: pre([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']]), response: ok([['Access-Control-Allow-Origin', '*']]),
});
add('auth', 'Authorization under ACAH "*, authorization"', {
  request: { headers: [['Authorization', 'Bearer x']] }, preflight: pre([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*, authorization']]), response: ok([['Access-Control-Allow-Origin', '*']]),
});
add('auth', 'Authorization under ACAH * with credentials (the star is a name then)', {
  request: { headers: [['Authorization', 'Bearer x']], credentials: 'include' },
  preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', '*']]),
  response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true']]),
});
add('auth', 'X-A under ACAH * with credentials', {
  request: { headers: [['X-A', '1']], credentials: 'include' },
  preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', '*']]),
  response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true']]),
});
add('auth', 'Authorization listed by name', {
  request: { headers: [['Authorization', 'Basic eDp5']] }, preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Headers', 'Authorization']]), response: ok(),
});
add('auth', 'PUT under ACAM * without credentials', {
  request: { method: 'PUT' }, preflight: pre([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', '*']]), response: ok([['Access-Control-Allow-Origin', '*']]),
});
add('auth', 'PUT under ACAM * with credentials (a method named *)', {
  request: { method: 'PUT', credentials: 'include' },
  preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', '*']]),
  response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true']]),
});

// 5. Access-Control-Allow-Origin values on a simple request and on a preflight.
const ACAO_VALUES = [
  [null, 'missing'], ['http://other.corsim.test', 'another origin'], [`${APP}/`, 'a trailing slash'], ['HTTP://APP.CORSIM.TEST', 'capitals'],
  ['app.corsim.test', 'no scheme'], ['null', 'the string null'], ['', 'empty'], [`${APP}, ${APP}`, 'the origin twice in one line'],
  [`${APP} `, 'a trailing space'], ['*', 'a star, with credentials'], ['http://app.corsim.test:80', 'the default port spelled out'],
  ['\u00e4', 'a non-ASCII byte'],
];
for (const [value, why] of ACAO_VALUES) {
  const headers = value === null ? [] : [['Access-Control-Allow-Origin', value]];
  const credentials = value === '*' ? 'include' : undefined;
  add('acao', `simple GET, ACAO ${why}`, { request: { credentials }, response: ok(headers, 200) });
  add('acao', `simple GET answered 404, ACAO ${why}`, { request: { credentials }, response: ok(headers, 404, 'nope') });
  add('pacao', `preflight (PUT), ACAO ${why}`, {
    request: { method: 'PUT', credentials }, preflight: pre([...headers, ['Access-Control-Allow-Methods', 'PUT'], ...(credentials ? [['Access-Control-Allow-Credentials', 'true']] : [])]), response: ok(),
  });
}
add('acao', 'two ACAO lines, both the origin', { response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Origin', APP]]) });
add('acao', 'two ACAO lines, * and the origin', { response: ok([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', APP]]) });
add('pacao', 'preflight with two ACAO lines', { request: { method: 'PUT' }, preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT']]) });

// 6. The order of the preflight checks: each preflight has two or more faults.
for (const [status, headers, why] of [
  [500, [], 'status 500 and no ACAO'],
  [500, [['Access-Control-Allow-Origin', 'http://other.corsim.test']], 'status 500 and a wrong ACAO'],
  [404, [['Access-Control-Allow-Origin', APP]], 'status 404, ACAO right, no ACAM'],
  [204, [['Access-Control-Allow-Origin', 'http://other.corsim.test'], ['Access-Control-Allow-Methods', 'GET']], 'wrong ACAO and a method not allowed'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'GET']], 'method not allowed and header not allowed'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT, b@d'], ['Access-Control-Allow-Headers', 'x-a']], 'invalid ACAM token, method listed'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-a, b@d']], 'invalid ACAH token, header listed'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'b@d'], ['Access-Control-Allow-Headers', 'b@d']], 'ACAM and ACAH both invalid'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-b']], 'header not allowed only'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'put'], ['Access-Control-Allow-Headers', 'X-A']], 'ACAM in lower case, ACAH in capitals'],
  [302, [['Access-Control-Allow-Origin', APP], ['Location', '/elsewhere']], 'a redirect with ACAO'],
  [200, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-a'], ['Access-Control-Max-Age', '-1']], 'everything right, Max-Age -1'],
  [200, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-a'], ['Access-Control-Max-Age', '86401']], 'everything right, Max-Age over a day'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT,'], ['Access-Control-Allow-Headers', ',x-a,']], 'empty list items'],
  [204, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Methods', 'POST'], ['Access-Control-Allow-Headers', 'x-a']], 'two ACAM lines'],
]) {
  add('order', `PUT with X-A, preflight: ${why}`, { request: { method: 'PUT', headers: [['X-A', '1']] }, preflight: pre(headers, status), response: ok() });
}
for (const [headers, why] of [
  [[['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT']], 'no ACAC with credentials'],
  [[['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'PUT']], 'ACAO * with credentials'],
  [[['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'TRUE'], ['Access-Control-Allow-Methods', 'PUT']], 'ACAC TRUE'],
  [[['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'false'], ['Access-Control-Allow-Methods', 'GET']], 'ACAC false and a method not allowed'],
]) {
  add('order', `PUT with credentials, preflight: ${why}`, { request: { method: 'PUT', credentials: 'include' }, preflight: pre(headers), response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true']]) });
}
for (const [value, why] of [['TRUE', 'capitals'], ['true ', 'a trailing space'], ['1', 'one'], [null, 'missing']]) {
  add('acac', `credentialed GET, ACAC ${why}`, {
    request: { credentials: 'include' }, response: ok([['Access-Control-Allow-Origin', APP], ...(value === null ? [] : [['Access-Control-Allow-Credentials', value]])]),
  });
}
add('acac', 'credentialed GET, two ACAC true lines', { request: { credentials: 'include' }, response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Credentials', 'true']]) });

// 7. Methods.
for (const [method, allow, why] of [
  ['patch', 'PATCH', 'lower-case patch against PATCH'], ['PATCH', 'patch', 'PATCH against lower-case patch'], ['delete', 'DELETE', 'lower-case delete (normalised to DELETE)'],
  ['put', 'PUT', 'lower-case put (normalised)'], ['Options', 'OPTIONS', 'mixed-case options'], ['PROPFIND', 'PROPFIND', 'a WebDAV method'],
  ['get', '', 'lower-case get (normalised, no preflight)'], ['post', '', 'lower-case post with a text body'], ['QUERY', 'QUERY', 'the QUERY method'],
]) {
  add('method', `${method}, ACAM ${allow || '(none)'}: ${why}`, {
    request: { method, body: /^post$/i.test(method) ? 'x' : undefined }, preflight: pre([['Access-Control-Allow-Origin', APP], ...(allow ? [['Access-Control-Allow-Methods', allow]] : [])]), response: ok(),
  });
}

// 8. Redirects.
const red = (status, location, extra = []) => ({ status, headers: [['Location', location], ...extra] });
add('redirect', 'preflighted PUT redirected 307 to a third origin: which Origin the second preflight carries', {
  request: { method: 'PUT', headers: [['X-A', '1']] }, redirects: [red(307, `${CDN}/bp/redirect/1/next`, [['Access-Control-Allow-Origin', APP]])],
  preflight: pre([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-a']]), response: ok([['Access-Control-Allow-Origin', '*']]),
});
add('redirect', 'preflighted PUT redirected 307 to a third origin that allows only the page origin', {
  request: { method: 'PUT' }, redirects: [red(307, `${CDN}/bp/redirect/2/next`, [['Access-Control-Allow-Origin', APP]])],
  preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT']]), response: ok([['Access-Control-Allow-Origin', APP]]),
});
add('redirect', 'preflighted PUT redirected 307 to a third origin that allows null', {
  request: { method: 'PUT' }, redirects: [red(307, `${CDN}/bp/redirect/3/next`, [['Access-Control-Allow-Origin', APP]])],
  preflight: pre([['Access-Control-Allow-Origin', 'null'], ['Access-Control-Allow-Methods', 'PUT']]), response: ok([['Access-Control-Allow-Origin', 'null']]),
});
add('redirect', 'simple GET redirected to a third origin that allows the page origin', {
  redirects: [red(302, `${CDN}/bp/redirect/4/next`, [['Access-Control-Allow-Origin', APP]])], response: ok([['Access-Control-Allow-Origin', APP]]),
});
add('redirect', 'simple GET redirected to a third origin that allows null', {
  redirects: [red(302, `${CDN}/bp/redirect/5/next`, [['Access-Control-Allow-Origin', APP]])], response: ok([['Access-Control-Allow-Origin', 'null']]),
});
add('redirect', 'simple GET redirected within the same cross origin', {
  redirects: [red(302, `${API}/bp/redirect/6/next`, [['Access-Control-Allow-Origin', APP]])], response: ok([['Access-Control-Allow-Origin', APP]]),
});
add('redirect', 'same-origin GET redirected to a cross origin allowing the page origin', {
  base: APP, redirects: [red(302, `${API}/bp/redirect/7/next`)], response: ok([['Access-Control-Allow-Origin', APP]]),
});
add('redirect', 'same-origin GET redirected to a cross origin allowing null', {
  base: APP, redirects: [red(302, `${API}/bp/redirect/8/next`)], response: ok([['Access-Control-Allow-Origin', 'null']]),
});
add('redirect', 'cross-origin redirect without ACAO on the 3xx', { redirects: [red(302, `${CDN}/bp/redirect/9/next`)], response: ok([['Access-Control-Allow-Origin', '*']]) });
add('redirect', 'credentialed GET redirected to a third origin, ACAO * on the 3xx', {
  request: { credentials: 'include' }, redirects: [red(302, `${CDN}/bp/redirect/10/next`, [['Access-Control-Allow-Origin', '*']])], response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true']]),
});
add('redirect', 'POST redirected 303 to a third origin (becomes GET)', {
  request: { method: 'POST', body: 'x' }, redirects: [red(303, `${CDN}/bp/redirect/11/next`, [['Access-Control-Allow-Origin', APP]])], response: ok([['Access-Control-Allow-Origin', '*']]),
});
add('redirect', 'POST with JSON redirected 307 (preflighted again at the new URL)', {
  request: { method: 'POST', headers: [['Content-Type', 'application/json']], body: '{}' }, redirects: [red(307, `${CDN}/bp/redirect/12/next`, [['Access-Control-Allow-Origin', APP]])],
  preflight: pre([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', 'content-type']]), response: ok([['Access-Control-Allow-Origin', '*']]),
});
add('redirect', 'the preflight itself answered 307', { request: { method: 'PUT' }, preflight: pre([['Access-Control-Allow-Origin', APP], ['Location', `${CDN}/x`]], 307) });
add('redirect', 'redirect to a URL with user:pass', { redirects: [red(302, 'http://u:p@cdn.corsim.test:8083/bp/redirect/14/next', [['Access-Control-Allow-Origin', APP]])], response: ok([['Access-Control-Allow-Origin', '*']]) });
add('redirect', 'redirect to about:blank', { redirects: [red(302, 'about:blank', [['Access-Control-Allow-Origin', APP]])] });
add('redirect', 'redirect: "manual" across origins with ACAO', { request: { redirect: 'manual' }, redirects: [red(302, `${CDN}/bp/redirect/16/next`, [['Access-Control-Allow-Origin', APP]])] });
add('redirect', 'redirect: "manual" across origins without ACAO', { request: { redirect: 'manual' }, redirects: [red(302, `${CDN}/bp/redirect/17/next`)] });
add('redirect', 'redirect: "error"', { request: { redirect: 'error' }, redirects: [red(302, `${CDN}/bp/redirect/18/next`, [['Access-Control-Allow-Origin', APP]])] });
add('redirect', 'a 3xx without Location, with ACAO', { response: ok([['Access-Control-Allow-Origin', APP]], 301, '') });
add('redirect', 'https page, redirect from https to http (mixed content after a redirect)', {
  origin: APPS, base: APIS, redirects: [red(302, `${API}/bp/redirect/20/next`, [['Access-Control-Allow-Origin', APPS]])], response: ok([['Access-Control-Allow-Origin', APPS]]),
});
add('redirect', 'Authorization on a request redirected to a third origin', {
  request: { headers: [['Authorization', 'Bearer x']] }, redirects: [red(307, `${CDN}/bp/redirect/21/next`, [['Access-Control-Allow-Origin', APP]])],
  preflight: pre([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', 'authorization']]), response: ok([['Access-Control-Allow-Origin', '*']]),
});

// 9. Exposed response headers.
const EXPOSE_BASE = [['Access-Control-Allow-Origin', APP], ['X-One', '1'], ['X-Two', '2'], ['Cache-Control', 'no-cache'], ['Content-Language', 'en'], ['Expires', '0'], ['Last-Modified', 'Mon, 01 Jan 2024 00:00:00 GMT'], ['Pragma', 'no-cache'], ['Content-Type', 'text/plain'], ['Set-Cookie', 'a=b']];
for (const [value, cred, why] of [
  [null, false, 'none: only the safelisted response headers'], ['*', false, 'a star'], ['*', true, 'a star with credentials'], ['x-one, X-TWO', false, 'names in mixed case'],
  ['x-one, b@d', false, 'one invalid token'], ['set-cookie', false, 'Set-Cookie (never exposed)'], ['*, x-one', true, 'a star and a name with credentials'], ['content-length', false, 'Content-Length'],
]) {
  const headers = [...EXPOSE_BASE, ...(value === null ? [] : [['Access-Control-Expose-Headers', value]]), ...(cred ? [['Access-Control-Allow-Credentials', 'true']] : [])];
  add('expose', `Access-Control-Expose-Headers ${why}`, { request: { credentials: cred ? 'include' : undefined }, response: ok(headers) });
}

// 10. Statuses quoted in console lines.
for (const status of [201, 204, 301, 400, 401, 403, 418, 500, 503]) {
  add('status', `GET answered ${status} without ACAO`, { response: ok([['Content-Type', 'text/plain']], status, status === 204 ? '' : 'x') });
}
for (const status of [200, 301, 401, 403, 405, 418, 503]) {
  add('pstatus', `preflight answered ${status} with ACAO and ACAM`, { request: { method: 'PUT' }, preflight: pre([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT']], status) });
}

// 11. Forbidden request headers and methods set by the script.
for (const [name, value] of [['Cookie', 'a=b'], ['Origin', 'http://evil.test'], ['Referer', 'http://x.test/'], ['Sec-Foo', '1'], ['Proxy-Foo', '1'], ['Accept-Charset', 'utf-8'], ['Connection', 'close'], ['X-HTTP-Method-Override', 'TRACE'], ['X-HTTP-Method-Override', 'PUT']]) {
  add('forbidden', `${name}: ${value} set by the script`, { request: { headers: [[name, value]] }, response: ok([['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Headers', 'x-http-method-override']]) });
}

// 12. Mixed content, modes, and the null origin.
add('mixed', 'https page, fetch to http://localhost (potentially trustworthy)', { origin: APPS, base: 'http://localhost:3000', response: ok([['Access-Control-Allow-Origin', APPS]]) });
add('mixed', 'https page, fetch to http://127.0.0.1', { origin: APPS, base: 'http://127.0.0.1:8080', response: ok([['Access-Control-Allow-Origin', APPS]]) });
add('mixed', 'https page, fetch to http://[::1]', { origin: APPS, base: 'http://[::1]:8082', response: ok([['Access-Control-Allow-Origin', APPS]]) });
add('mixed', 'https page, no-cors fetch to http://api.corsim.test', { origin: APPS, request: { mode: 'no-cors' }, response: ok([]) });
add('mixed', 'https page, fetch to http://api.corsim.test', { origin: APPS, response: ok([['Access-Control-Allow-Origin', APPS]]) });
add('mode', 'mode same-origin to another origin', { request: { mode: 'same-origin' }, response: ok([['Access-Control-Allow-Origin', '*']]) });
add('mode', 'no-cors PUT (a TypeError from fetch itself)', { request: { mode: 'no-cors', method: 'PUT' } });
add('mode', 'no-cors GET with a custom header (dropped)', { request: { mode: 'no-cors', headers: [['X-A', '1']] }, response: ok([]) });
add('mode', 'GET with a body (a TypeError)', { request: { body: 'x' } });
add('mode', 'TRACE (a forbidden method)', { request: { method: 'TRACE' } });
add('null', 'sandboxed page, ACAO null', { origin: 'null', response: ok([['Access-Control-Allow-Origin', 'null']]) });
add('null', 'sandboxed page, ACAO *', { origin: 'null', response: ok([['Access-Control-Allow-Origin', '*']]) });
add('null', 'sandboxed page, ACAO of the sandbox host', { origin: 'null', response: ok([['Access-Control-Allow-Origin', 'http://sandbox.corsim.test']]) });
add('null', 'sandboxed page, preflighted PUT, ACAO null', { origin: 'null', request: { method: 'PUT' }, preflight: pre([['Access-Control-Allow-Origin', 'null'], ['Access-Control-Allow-Methods', 'PUT']]), response: ok([['Access-Control-Allow-Origin', 'null']]) });
add('null', 'sandboxed page, credentialed GET, ACAO null and ACAC true', { origin: 'null', request: { credentials: 'include' }, response: ok([['Access-Control-Allow-Origin', 'null'], ['Access-Control-Allow-Credentials', 'true']]) });
add('null', 'sandboxed page fetching its own host (cross-origin from an opaque origin)', { origin: 'null', base: 'http://sandbox.corsim.test', response: ok([]) });
add('origin', 'page on localhost:3000, ACAO http://127.0.0.1:3000 (same host by address, another origin)', { origin: 'http://localhost:3000', response: ok([['Access-Control-Allow-Origin', 'http://127.0.0.1:3000']]) });
add('origin', 'page on [::1]:8082, ACAO http://[::1]:8082', { origin: 'http://[::1]:8082', response: ok([['Access-Control-Allow-Origin', 'http://[::1]:8082']]) });
add('origin', 'page on 127.0.0.1:8080, fetch to localhost:8080 (another origin, same port)', { origin: 'http://127.0.0.1:8080', base: 'http://localhost:8080', response: ok([]) });

const file = path.join(HERE, 'browser-probes.json');
fs.writeFileSync(file, prettyJSON({ corsim: 1, scenarios: out }));
console.log(`wrote ${path.relative(process.cwd(), file)}: ${out.length} scenarios`);
