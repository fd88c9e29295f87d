// A rough model of what fetch() in Chromium does to a request before it leaves (method
// normalisation, forbidden and CORS-safelisted headers, preflight need, origin tainting over
// redirects). The generator uses it only to aim each scenario at an intended outcome; the truth is
// always what Chromium records. Keep it simple: a wrong guess only costs balance, not correctness.

export const NORMALISED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
export const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);
export const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const FORBIDDEN_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
  // Not forbidden by the Fetch standard any more, but Chromium still drops it (seen in recordings).
  'user-agent',
]);

export function normaliseMethod(m) {
  if (m === undefined) return 'GET';
  const u = m.toUpperCase();
  return NORMALISED_METHODS.includes(u) ? u : m;
}

export function isForbiddenHeader(name, value) {
  const n = name.toLowerCase();
  if (FORBIDDEN_NAMES.has(n) || n.startsWith('proxy-') || n.startsWith('sec-')) return true;
  if (['x-http-method', 'x-http-method-override', 'x-method-override'].includes(n)) {
    return value.split(',').some((v) => FORBIDDEN_METHODS.has(v.trim().toUpperCase()));
  }
  return false;
}

const trimWs = (v) => v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
const hasUnsafeByte = (v) => [...Buffer.from(v, 'utf8')].some((c) => (c < 0x20 && c !== 0x09) || c === 0x7f
  || '"():<>?@[\\]{}'.includes(String.fromCharCode(c)));

export function isSafelisted(name, value) {
  const n = name.toLowerCase();
  if (Buffer.byteLength(value, 'utf8') > 128) return false;
  switch (n) {
    case 'accept': return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language': return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type': {
      if (hasUnsafeByte(value)) return false;
      const essence = trimWs(value.split(';')[0]).toLowerCase();
      return ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'].includes(essence);
    }
    case 'range': {
      const m = /^bytes=(\d+)-(\d*)$/.exec(value);
      return !!m && (m[2] === '' || Number(m[1]) <= Number(m[2])); // 'bytes=10-5' is not safelisted
    }
    case 'dpr': case 'downlink': case 'device-memory': return /^\d+(\.\d+)?$/.test(value);
    case 'width': case 'viewport-width': case 'rtt': return /^\d+$/.test(value);
    case 'ect': return ['slow-2g', '2g', '3g', '4g'].includes(value);
    case 'save-data': return value.toLowerCase() === 'on'; // Chromium: 'ON' passes too
    default: return false;
  }
}

/** The header list fetch() sends (script-set part): forbidden dropped, duplicates combined. */
export function effectiveHeaders(headers = [], body) {
  const map = new Map();
  for (const [name, rawValue] of headers) {
    const value = trimWs(String(rawValue));
    if (isForbiddenHeader(name, value)) continue;
    const n = name.toLowerCase();
    map.set(n, map.has(n) ? `${map.get(n)}, ${value}` : value);
  }
  if (body !== undefined && !map.has('content-type')) map.set('content-type', 'text/plain;charset=UTF-8');
  return map;
}

/** Lower-cased, sorted names that need a preflight (Access-Control-Request-Headers). */
export function unsafeNames(headers, body) {
  const map = effectiveHeaders(headers, body);
  const unsafe = [];
  const safe = [];
  let size = 0;
  for (const [n, v] of map) {
    if (isSafelisted(n, v)) { safe.push(n); size += Buffer.byteLength(v, 'utf8'); } else unsafe.push(n);
  }
  if (size > 1024) unsafe.push(...safe);
  return [...new Set(unsafe)].sort();
}

export function originOf(url) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch { return null; }
}

/** Does a request (method, headers, body, mode) need a preflight when it goes cross-origin? */
export function needsPreflight(req) {
  if ((req.mode || 'cors') !== 'cors') return false;
  return !SIMPLE_METHODS.has(normaliseMethod(req.method)) || unsafeNames(req.headers, req.body).length > 0;
}

/**
 * For hop URLs h0..hn (a page at `pageOrigin`): per hop, the Origin value sent, whether the hop
 * is checked as CORS (response tainting), and whether it is cross-origin to the page.
 */
export function hopOrigins(pageOrigin, hops) {
  const out = [];
  let tainted = pageOrigin === 'null';
  let cors = false;
  for (let i = 0; i < hops.length; i++) {
    const o = originOf(hops[i]);
    if (i > 0) {
      const prev = originOf(hops[i - 1]);
      if (prev !== o && pageOrigin !== prev) tainted = true;
    }
    if (o !== pageOrigin) cors = true;
    out.push({ origin: tainted ? 'null' : pageOrigin, cors, cross: o !== pageOrigin });
  }
  return out;
}
