// The comparison check-live.mjs makes between a stored recording and a live one of the same
// cases: any difference in a status or an Access-Control-*/Vary line fails, except one that is
// only in a version string (a point release of the server, its language or a package: Debian's
// Python 3.11.2 against a pyenv 3.11.7, Werkzeug/3.1.3 against 3.1.4, PHP's build date), which is
// a note, and so is, for Apache, a difference only in a value mod_headers computes at run time
// (`%i`: the idle workers' share). Unit-tested by compare.test.mjs (`node --test servers/compare.test.mjs`).

// A version as servers and packages print them: after a product name and a slash
// (`nginx/1.22.1`, `Werkzeug/3.1.3 Python/3.11.2`, `PHP/8.2.36`) or after a word and a space
// (`flask 3.1.3`, `node v20.20.2`, `PHP 8.2.36 (cli)`), dotted, with an optional Debian or
// pre-release tail (`2.4.62-1~deb12u2`). Digits after `//` or `:` (an IP address or a port in an
// origin) are not versions.
const VERSION = /(?<=[A-Za-z][\w.-]*\/|[A-Za-z:,]\s)v?\d+(?:\.\d+)+(?:[-+~][0-9A-Za-z.+~]+)?/g;
// PHP's `(built: Nov 18 2026 20:02:04)`: when this build was compiled.
const BUILT = /\(built: [^)]*\)/g;

/** `text` with every version string (and build date) replaced by a placeholder. */
export function versionless(text) {
  return String(text).replace(BUILT, '(built: …)').replace(VERSION, '<version>');
}

/** Whether `a` and `b` differ, but only in their version strings. */
export function differsOnlyInVersion(a, b) {
  return a !== b && versionless(a) === versionless(b);
}

// Apache's mod_headers run-time values: `%t` (when the request was received, `t=` and
// microseconds), `%D` (how long it took, `D=`), `%i` and `%b` (the share of idle and busy
// workers, `i=`/`b=`), `%l` (the load averages, `l=`). A configuration that writes them (the
// `%{Origin}i` pitfall: mod_headers reads it as `%i`) sends another number on every run.
const APACHE_RUN_VALUE = /\b([tDibl])=[\d.\/]+/g;

/** `text` with Apache's run-time values (`i=96`, `t=1733…`) replaced by a placeholder. */
export function runless(text) {
  return String(text).replace(APACHE_RUN_VALUE, '$1=<run>');
}

/** Whether `a` and `b` differ, but only in version strings and (for Apache) run-time values. */
function differsOnlyInRun(kind, a, b) {
  if (differsOnlyInVersion(a, b)) return true;
  if (kind !== 'apache') return false;
  return a !== b && versionless(runless(a)) === versionless(runless(b));
}

const shape = (o) => (o ? JSON.stringify({ status: o.status, headers: o.headers }) : undefined);

/**
 * Compares the live recording of a kind with the stored one (both as record.mjs writes them:
 * `{server, observations: [{config, request, status, headers}]}`).
 * Returns `{ failures, notes }`, each a list of lines: a failure is any difference in a status,
 * a header line (name, value, order, count) or the set of responses; a note is a difference
 * only in a version string (of the server line or of a header value) or, for Apache, in a
 * run-time value of mod_headers (`i=96` against `i=92`).
 */
export function compareRecordings(kind, stored, live) {
  const failures = [];
  const notes = [];
  if (stored.server !== live.server) {
    const line = `server version: stored ${stored.server}, live ${live.server}`;
    (differsOnlyInVersion(stored.server, live.server) ? notes : failures).push(line);
  }
  const key = (o) => `${o.config}/${o.request}`;
  const before = new Map(stored.observations.map((o) => [key(o), o]));
  for (const o of live.observations) {
    const s = before.get(key(o));
    before.delete(key(o));
    const a = shape(s);
    const b = shape(o);
    if (a === b) continue;
    const line = `${kind}/${key(o)}:\n    stored ${a}\n    live   ${b}`;
    (a !== undefined && differsOnlyInRun(kind, a, b) ? notes : failures).push(line);
  }
  for (const k of before.keys()) failures.push(`${kind}/${k}: stored but not recorded live`);
  return { failures, notes };
}
