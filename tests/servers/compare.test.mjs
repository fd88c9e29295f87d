// node --test servers/compare.test.mjs (from tests/): check-live.mjs's comparison — a
// difference only in a version string is a note, any other difference a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { versionless, differsOnlyInVersion, compareRecordings } from './compare.mjs';

test('version strings the servers print are found', () => {
  // (name, stored, live, whether only a version differs)
  const rows = [
    ['flask: Debian python against pyenv', 'flask 3.1.3 flask-cors 6.0.5 python 3.11.7', 'flask 3.1.3 flask-cors 6.0.5 python 3.11.2', true],
    ['flask-cors point release', 'flask 3.1.3 flask-cors 6.0.5 python 3.11.7', 'flask 3.1.3 flask-cors 6.0.6 python 3.11.7', true],
    ['apache point release', 'Server version: Apache/2.4.71 (Debian)', 'Server version: Apache/2.4.62 (Debian)', true],
    ['php point release and build date', 'PHP 8.2.36 (cli) (built: Nov 18 2026 20:02:04) (NTS)', 'PHP 8.2.29 (cli) (built: Jul  3 2025 16:16:05) (NTS)', true],
    ['node', 'express 4.22.1, cors 2.8.5, node v20.20.2', 'express 4.22.1, cors 2.8.5, node v20.19.0', true],
    ['Server header', 'Werkzeug/3.1.3 Python/3.11.7', 'Werkzeug/3.1.3 Python/3.11.2', true],
    ['X-Powered-By with a Debian tail', 'PHP/8.2.36', 'PHP/8.2.29-1~deb12u1', true],
    ['another server is no version difference', 'Server version: Apache/2.4.71 (Debian)', 'Server version: Apache/2.4.71 (Ubuntu)', false],
    ['another product is no version difference', 'express 4.22.1, cors 2.8.5, node v20.20.2', 'express 4.22.1, node v20.20.2', false],
    ['an origin with another IP address is no version', 'http://127.0.0.1:8080', 'http://127.0.0.2:8080', false],
    ['another port is no version', 'http://localhost:3000', 'http://localhost:3001', false],
    ['a Max-Age is no version', '86400', '600', false],
    ['the same text does not differ', 'nginx version: nginx/1.22.1', 'nginx version: nginx/1.22.1', false],
  ];
  for (const [name, a, b, want] of rows) assert.equal(differsOnlyInVersion(a, b), want, name);
  assert.equal(versionless('nginx version: nginx/1.22.1'), 'nginx version: nginx/<version>');
});

const observation = (config, request, status, headers) => ({ config, request, status, headers });
const recording = (server, observations) => ({ kind: 'flask', server, seed: 1, observations });

test('a difference only in the server version is a note', () => {
  const obs = [observation('c1', 'get-a', 200, [['Access-Control-Allow-Origin', 'https://a.example']])];
  const { failures, notes } = compareRecordings('flask',
    recording('flask 3.1.3 flask-cors 6.0.5 python 3.11.7', obs),
    recording('flask 3.1.3 flask-cors 6.0.5 python 3.11.2', obs));
  assert.deepEqual(failures, []);
  assert.equal(notes.length, 1);
  assert.match(notes[0], /python 3\.11\.7.*python 3\.11\.2/);
});

test('a header value differing only in a version is a note', () => {
  const { failures, notes } = compareRecordings('php',
    recording('PHP 8.2.36 (cli)', [observation('c1', 'get-a', 200, [['Access-Control-Expose-Headers', 'PHP/8.2.36']])]),
    recording('PHP 8.2.36 (cli)', [observation('c1', 'get-a', 200, [['Access-Control-Expose-Headers', 'PHP/8.2.29']])]));
  assert.deepEqual(failures, []);
  assert.equal(notes.length, 1);
});

test('any other difference fails', () => {
  const server = 'nginx version: nginx/1.22.1';
  const stored = recording(server, [
    observation('c1', 'pre-a', 204, [['Access-Control-Allow-Origin', 'https://a.example']]),
    observation('c1', 'get-a', 200, [['Access-Control-Allow-Origin', 'https://a.example'], ['Vary', 'Origin']]),
    observation('c1', 'fail-a', 500, []),
    observation('c1', 'get-b', 200, []),
  ]);
  const live = recording(server, [
    observation('c1', 'pre-a', 200, [['Access-Control-Allow-Origin', 'https://a.example']]), // status
    observation('c1', 'get-a', 200, [['Vary', 'Origin'], ['Access-Control-Allow-Origin', 'https://a.example']]), // order
    observation('c1', 'fail-a', 500, [['Access-Control-Allow-Origin', 'https://a.example']]), // a line more
    // get-b not recorded live
  ]);
  const { failures, notes } = compareRecordings('nginx', stored, live);
  assert.deepEqual(notes, []);
  assert.equal(failures.length, 4);
  assert.match(failures[0], /c1\/pre-a/);
  assert.match(failures[1], /c1\/get-a/);
  assert.match(failures[2], /c1\/fail-a/);
  assert.match(failures[3], /c1\/get-b: stored but not recorded live/);
});

test('another server is a failure, not a note', () => {
  const { failures, notes } = compareRecordings('apache',
    recording('Server version: Apache/2.4.71 (Debian)', []),
    recording('Server version: nginx/1.22.1', []));
  assert.equal(failures.length, 1);
  assert.deepEqual(notes, []);
});

test('for Apache, a difference only in a run-time value of mod_headers is a note', () => {
  const obs = (v) => [observation('pitfall-log-format-origin', 'get-e', 200, [['Access-Control-Allow-Origin', v], ['Vary', 'Origin']])];
  const rec = (v) => ({ kind: 'apache', server: 'Server version: Apache/2.4.71 (Debian)', seed: 1, observations: obs(v) });
  const apache = compareRecordings('apache', rec('i=96'), rec('i=92'));
  assert.deepEqual(apache.failures, []);
  assert.equal(apache.notes.length, 1);
  // The same values from another server are a failure: only mod_headers writes them.
  const other = compareRecordings('nginx', { ...rec('i=96'), kind: 'nginx' }, { ...rec('i=92'), kind: 'nginx' });
  assert.equal(other.failures.length, 1);
  // Another header value beside it still fails.
  assert.equal(compareRecordings('apache', rec('i=96'), rec('https://a.example')).failures.length, 1);
});
