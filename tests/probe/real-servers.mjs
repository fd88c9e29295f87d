// corsim probe and corsim audit against real servers on loopback: the configurations of
// probe/real-servers.json (from servers/cases by id, or written there) run in real Express +
// cors, Flask + Flask-CORS, nginx and Apache httpd, started as servers/record.mjs starts them
// but on ports 19080-19090, and reached over TLS with a test CA made by openssl when this runs
// (nginx's own TLS on 19443; a TLS terminator that passes the bytes through unchanged on
// 19444-19446 for the others), since an https: page cannot fetch http: URLs (mixed content).
// For each configuration:
//   - every probe's verdict (can the page read the response?) is the one written down, and
//     `corsim check` on the scenario the probe recorded says the same as the probe; each probe
//     also goes to the server's plain HTTP port, where an https: page is blocked before CORS
//     (mixed content) and an http: or null one gets the same verdict as over TLS;
//   - each probe sent as Firefox sends it (--browser firefox, over TLS) gets the same verdict
//     from Firefox's rules, and `corsim check --browser firefox` agrees;
//   - the audit's findings (kinds and severities) are the ones written down, and each finding
//     is proven again: `corsim probe` from that origin, with credentials, reads the response
//     (and `corsim check` agrees).
// Run by scripts/test.sh after the servers' differential; needs target/debug/corsim (cargo
// build -p corsim) and what ensure_servers installs.
//
// node probe/real-servers.mjs [--kind nginx,express] [--corsim PATH]
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETUP, ownNginx, upstream, waitFor } from '../servers/record.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const KINDS = opt('--kind', 'express,flask,nginx,apache').split(',');
const CORSIM = resolve(opt('--corsim', join(here, '..', '..', 'target', 'debug', 'corsim')));
const PORTS = { nginx: 19080, apache: 19081, express: 19082, flask: 19083, upstream: 19090, tls: { port: 19443 } };
const TLS_PORTS = { nginx: 19443, apache: 19444, express: 19445, flask: 19446 };
const started = Date.now();

if (!existsSync(CORSIM)) {
  console.error(`no corsim at ${CORSIM}: cargo build -p corsim first`);
  process.exit(2);
}
const data = JSON.parse(readFileSync(join(here, 'real-servers.json'), 'utf8'));
const cases = data.cases.filter((c) => KINDS.includes(c.kind));
const stored = new Map();
const configOf = (c) => {
  if (c.text) return { id: c.id, config: c.text };
  if (!stored.has(c.kind)) stored.set(c.kind, JSON.parse(readFileSync(join(here, '..', 'servers', 'cases', `${c.kind}.json`), 'utf8')));
  const found = stored.get(c.kind).configs.find((x) => x.id === c.config);
  if (!found) throw new Error(`${c.kind}: no configuration ${c.config} in servers/cases/${c.kind}.json`);
  return found;
};
const idOf = (c) => c.id || c.config;

const tmp = mkdtempSync(join(tmpdir(), 'corsim-probe-real-'));
// The test CA and a leaf for every nginx host name.
const openssl = (a) => execFileSync('openssl', a, { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=corsim probe test CA',
  '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=corsim probe test server']);
const names = cases.map((c) => `DNS:${idOf(c)}.test`);
writeFileSync(join(tmp, 'ext.cnf'), `subjectAltName=${names.concat('DNS:localhost').join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '1', '-extfile', 'ext.cnf']);
PORTS.tls.cert = join(tmp, 'leaf.pem');
PORTS.tls.key = join(tmp, 'leaf.key');
const CA = join(tmp, 'ca.pem');

function run(argv) {
  return new Promise((done) => {
    const p = spawn(CORSIM, argv, { env: { ...process.env, http_proxy: '', https_proxy: '', HTTPS_PROXY: '', all_proxy: '', ALL_PROXY: '' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => done({ code, out, err }));
  });
}

// JSON text with every object's keys sorted.
const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));

let checked = 0;
// `corsim check` on the scenario a probe recorded must give the probe's verdict.
async function checkAgrees(v, what, problems, browser = 'chromium') {
  const file = join(tmp, `scenario-${checked++}.json`);
  writeFileSync(file, JSON.stringify(v.scenario));
  const r = await run(['check', '--browser', browser, file]);
  if (r.code !== 0 && r.code !== 1) return problems.push(`${what}: corsim check exited ${r.code}: ${r.err}`);
  const checkVerdict = canonical(JSON.parse(r.out));
  const probeVerdict = canonical(v.verdict);
  if (checkVerdict !== probeVerdict) problems.push(`${what}: corsim check on the recorded scenario says ${checkVerdict}, the probe ${probeVerdict}`);
}

// The URL and network options of a configuration's endpoint, over HTTP or TLS.
function target(c, path, tls) {
  const host = `${idOf(c)}.test`;
  const port = tls ? TLS_PORTS[c.kind] : PORTS[c.kind];
  const url = `${tls ? 'https' : 'http'}://${host}:${port}${path}`;
  return { url, net: ['--resolve', `${host}:${port}:127.0.0.1`, ...(tls ? ['--ca-cert', CA] : [])] };
}

// A TLS terminator in front of a plain HTTP server: decrypts and passes the bytes both ways
// unchanged (as a load balancer in TCP mode does).
function terminate(port, backend) {
  const server = tls.createServer({ cert: readFileSync(PORTS.tls.cert), key: readFileSync(PORTS.tls.key) }, (client) => {
    const upstreamSocket = net.connect(backend, '127.0.0.1');
    client.pipe(upstreamSocket).pipe(client);
    const close = () => { client.destroy(); upstreamSocket.destroy(); };
    client.on('error', close);
    upstreamSocket.on('error', close);
  });
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r(server)));
}

async function probe(c, p, tls, problems, browser = 'chromium') {
  const { url, net } = target(c, p.path || '/api/items', tls);
  const argv = ['probe', url, '--origin', p.origin, '--credentials', p.credentials || 'same-origin', '--browser', browser, '--json', ...net];
  if (p.method) argv.push('-X', p.method);
  for (const h of p.headers || []) argv.push('-H', h);
  if (p.body) argv.push('--body', p.body);
  const what = `${c.kind}/${idOf(c)}: probe --browser ${browser} ${p.method || 'GET'} ${url} from ${p.origin} (credentials ${p.credentials || 'same-origin'})`;
  const r = await run(argv);
  if (r.code !== 0 && r.code !== 1) return problems.push(`${what}: exit ${r.code}: ${r.err.trim()}`);
  const v = JSON.parse(r.out);
  const got = v.verdict.fetch === 'resolved' && r.code === 0 ? 'allowed' : 'blocked';
  const mixed = !tls && p.origin.startsWith('https:');
  if (mixed && v.verdict.reason?.kind !== 'mixed_content') problems.push(`${what}: expected mixed content, got ${JSON.stringify(v.verdict.reason)}`);
  if (got !== (mixed ? 'blocked' : p.expect)) problems.push(`${what}: expected ${p.expect}, got ${got} (${v.verdict.cors_error || v.verdict.fetch}); exchanges: ${JSON.stringify(v.exchanges.map((e) => e.response && [e.response.status, e.response.headers]))}`);
  await checkAgrees(v, what, problems, browser);
}

async function audit(c, tls, problems) {
  const { url, net } = target(c, '/api/items', tls);
  const argv = ['audit', url, ...c.trusted.flatMap((o) => ['--origin', o]), '--delay', '0', '--json', ...net];
  const what = `${c.kind}/${idOf(c)}: audit ${url}`;
  const r = await run(argv);
  if (r.code !== 0 && r.code !== 1) return problems.push(`${what}: exit ${r.code}: ${r.err.trim()}`);
  if (!/^corsim audit: \d+ probes from \d+ origins to .*: \d+ requests if the server does not redirect/.test(r.err)) problems.push(`${what}: no count of requests before sending: ${r.err}`);
  const v = JSON.parse(r.out);
  const got = {};
  for (const f of v.findings) {
    if (got[f.kind] && got[f.kind] !== f.severity) problems.push(`${what}: ${f.kind} found both ${got[f.kind]} and ${f.severity}`);
    got[f.kind] = f.severity;
  }
  const want = c.audit;
  const sorted = (o) => JSON.stringify(Object.fromEntries(Object.entries(o).sort()));
  if (sorted(got) !== sorted(want)) {
    problems.push(`${what}: expected findings ${sorted(want)}, got ${sorted(got)}\n    ${v.findings.map((f) => `${f.kind} ${f.origin}: ${JSON.stringify(f.evidence.response_headers)}`).join('\n    ')}`);
  }
  console.log(`${c.kind}/${idOf(c)}: ${v.requests_sent} requests, findings ${sorted(got)}`);
  if ((r.code === 1) !== v.findings.length > 0) problems.push(`${what}: exit ${r.code} with ${v.findings.length} findings`);
  // A finding of a hostile origin reading with credentials is proven again by a probe.
  for (const f of v.findings.filter((f) => f.kind.endsWith('-with-credentials'))) {
    await probe(c, { origin: f.origin, credentials: 'include', expect: 'allowed' }, tls, problems);
  }
  return v.requests_sent;
}

async function startKind(kind, list) {
  const configs = list.map(configOf);
  const all = { kind, seed: 0, requests: [], configs };
  // An nginx whose map variables clash gets its own, as in servers/record.mjs; here they do not.
  if (kind === 'nginx' && ownNginx(configs).size) throw new Error(`nginx: configurations needing an nginx of their own: ${[...ownNginx(configs)].join(', ')}`);
  const dir = mkdtempSync(join(tmp, `${kind}-`));
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(all));
  const server = SETUP[kind](all, dir, file, PORTS);
  await waitFor(server.port, `${configs[0].id}.test`, server.proc, kind);
  return server;
}

const problems = [];
const servers = [];
const terminators = [];
let up;
let requests = 0;
let probes = 0;
try {
  const byKind = new Map();
  for (const c of cases) byKind.set(c.kind, [...(byKind.get(c.kind) || []), c]);
  up = await upstream({ configs: cases.map(configOf) }, PORTS.upstream);
  for (const [kind, list] of byKind) {
    servers.push([kind, await startKind(kind, list)]);
    if (kind !== 'nginx') terminators.push(await terminate(TLS_PORTS[kind], PORTS[kind]));
  }
  // One kind after another's configurations in turn, the four kinds at once.
  await Promise.all([...byKind].map(async ([kind, list]) => {
    for (const c of list) {
      // Over TLS and plain HTTP, and Firefox's requests (--browser firefox, over TLS) judged
      // with Firefox's rules: the same verdicts. A configuration's probes run at once.
      const runs = c.probes.flatMap((p) => [[p, true, 'chromium'], [p, false, 'chromium'], [p, true, 'firefox']]);
      await Promise.all(runs.map(([p, tls, browser]) => probe(c, p, tls, problems, browser)));
      probes += runs.length;
      const sent = await audit(c, true, problems);
      requests += sent || 0;
    }
  }));
} finally {
  for (const [, s] of servers) if (s.proc.exitCode === null) s.proc.kill('SIGTERM');
  if (up) up.close();
  for (const t of terminators) t.close();
  rmSync(tmp, { recursive: true, force: true });
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length) {
  console.error(`probe/audit against real servers: ${problems.length} problems\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`probe/audit against real servers: ${cases.length} configurations (${KINDS.join(', ')}), ${probes} probes and ${cases.length} audits (${requests} audit requests) as expected, every verdict equal to corsim check's, in ${seconds} s`);
