// Runs every configuration of servers/cases/<kind>.json in the real server on loopback (ports
// 18080-18090 or from CORSIM_SERVER_PORT_BASE, a temporary prefix, never the system service), sends each request, and records
// the status and every Access-Control-* and Vary line, in order.
//
// node servers/record.mjs [--kind nginx] [--cases servers/cases] [--out servers/recordings] [--venv DIR]
//   nginx    nginx -p TMP -c TMP/nginx.conf (daemon off), one server block per configuration
//   apache   apache2 -d TMP -f TMP/httpd.conf -X, one virtual host (or .htaccess) per configuration
//   express  node servers/express-host.cjs: one Express app per configuration, by Host
//   flask    VENV/bin/python servers/flask_host.py: one Flask app per configuration, by Host
//   php      php -S 127.0.0.1:18084 servers/php-router.php: one script per configuration
// Requests name their configuration with `Host: <id>.test`; the application behind nginx's
// proxy_pass and Apache's ProxyPass is a small upstream on 18090 that answers a path ending in
// /fail with 500, one ending in /nope with 404 and anything else with 200, adding the
// configuration's upstream headers.
//
// Imported (tests/probe/real-servers.mjs), it runs nothing: the set-up functions take the ports
// to use, and nginxSetup can listen over TLS as well.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import net from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const KINDS = opt('--kind', 'nginx,apache,express,flask,php').split(',');
const OUT = resolve(opt('--out', join(here, 'recordings')));
const VENV = resolve(opt('--venv', join(here, '.venv')));
const CASES = resolve(opt('--cases', join(here, 'cases')));
// CORSIM_SERVER_PORT_BASE moves the six ports together (base to base+4, and base+10 for the
// upstream), for a run beside another one on the same machine.
const BASE = Number(process.env.CORSIM_SERVER_PORT_BASE || 18080);
if (!Number.isInteger(BASE) || BASE < 1024 || BASE > 65525) throw new Error(`CORSIM_SERVER_PORT_BASE=${process.env.CORSIM_SERVER_PORT_BASE}: expected a port from 1024 to 65525`);
export const PORTS = { nginx: BASE, apache: BASE + 1, express: BASE + 2, flask: BASE + 3, php: BASE + 4, upstream: BASE + 10 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The first line a command prints (on either stream), and everything it printed.
const output = (cmd, a) => {
  const r = spawnSync(cmd, a, { encoding: 'utf8' });
  return `${r.stdout || ''}${r.stderr || ''}`.trim();
};
const firstLine = (cmd, a) => output(cmd, a).split('\n')[0].trim();

function send(port, method, path, headers) {
  return new Promise((resolveSend) => {
    // A server that writes a body after a 204 (PHP's built-in server does when the script
    // echoes) makes the parser fail after the response: the response read so far counts.
    let got = null;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: Object.fromEntries([]), setHost: false, agent: false, insecureHTTPParser: true }, (res) => {
      const lines = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        const name = res.rawHeaders[i];
        const lower = name.toLowerCase();
        if (lower.startsWith('access-control-') || lower === 'vary') lines.push([name, res.rawHeaders[i + 1]]);
      }
      got = { status: res.statusCode, headers: lines };
      res.resume();
      res.on('end', () => resolveSend(got));
    });
    for (const [n, v] of headers) req.setHeader(n, v);
    // A header line Node's parser refuses (PHP sends a name with a space in it as written):
    // read the same request's response from the socket as the server wrote it.
    req.on('error', (e) => (got ? resolveSend(got) : sendRaw(port, method, path, headers).then((raw) => resolveSend(raw || { status: 0, headers: [], error: String(e.message) }))));
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

function sendRaw(port, method, path, headers) {
  return new Promise((resolveRaw) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      const head = data.split('\r\n\r\n')[0].split('\r\n');
      const status = Number((head[0] || '').split(' ')[1]) || 0;
      const lines = [];
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon);
        const lower = name.toLowerCase();
        if (lower.startsWith('access-control-') || lower === 'vary') lines.push([name, line.slice(colon + 1).trim()]);
      }
      resolveRaw(status ? { status, headers: lines } : null);
    };
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (data.includes('\r\n\r\n')) { socket.destroy(); }
    });
    socket.on('close', done);
    socket.on('error', () => {});
    socket.write(`${method} ${path} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`);
  });
}

export async function waitFor(port, host, proc, name) {
  for (let i = 0; i < 200; i++) {
    if (proc && proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}: ${proc.stderrText || ''}`);
    const r = await send(port, 'GET', '/__ready', [['Host', host]]);
    if (r.status) return;
    await sleep(100);
  }
  throw new Error(`${name} did not start on port ${port}: ${proc?.stderrText || ''}`);
}

export function start(cmd, argv, options = {}) {
  const proc = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  proc.stderrText = '';
  proc.stderr.on('data', (d) => { proc.stderrText = (proc.stderrText + d).slice(-4000); });
  proc.stdout.on('data', () => {});
  return proc;
}

export function upstream(cases, port = PORTS.upstream) {
  const extra = new Map(cases.configs.map((c) => [c.id, c.upstream || []]));
  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    // By the last segment, so that a proxy that maps /api/ to / still reaches the same rule.
    const last = path.split('/').pop();
    const status = last === 'fail' ? 500 : last === 'nope' ? 404 : 200;
    for (const [n, v] of extra.get(req.headers['x-cfg']) || []) res.setHeader(n, v);
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(status === 200 ? 'ok' : 'upstream');
  });
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r(server)));
}

function docroot(dir) {
  mkdirSync(join(dir, 'api'), { recursive: true });
  writeFileSync(join(dir, 'api', 'items'), 'items\n');
  writeFileSync(join(dir, 'api', 'fail'), 'fail\n');
  writeFileSync(join(dir, 'index.html'), 'index\n');
  // The front controller a rewrite hands requests to (`RewriteRule ^ index.php`): served as a
  // file, it stands for the application answering normally.
  writeFileSync(join(dir, 'index.php'), 'index\n');
}

// ------------------------------------------------------------------------------------------
// Configurations that are a whole `http { … }` get an nginx of their own (their http-level
// directives would reach every other server); the others share one.
const hasHttp = (c) => /^\s*http\s*\{/m.test(c.config);
// A configuration whose `map` defines a variable an earlier one also defines gets its own
// nginx too (two maps of one variable do not start).
const mapVariables = (c) => [...c.config.matchAll(/^\s*map\s+\S+\s+\$(\w+)/gm)].map((m) => m[1]);
export function ownNginx(configs) {
  const seen = new Set();
  const own = new Set();
  for (const c of configs) {
    const vars = mapVariables(c);
    if (hasHttp(c) || vars.some((v) => seen.has(v))) own.add(c.id);
    else vars.forEach((v) => seen.add(v));
  }
  return own;
}
const requestsOf = (cases, c) => c.requests || cases.requests;
// ports.tls ({ port, cert, key }): every server block also listens there over TLS.
export function nginxSetup(cases, tmp, file, ports = PORTS) {
  const tls = ports.tls;
  const ssl = tls ? ` listen 127.0.0.1:${tls.port} ssl; ssl_certificate ${tls.cert}; ssl_certificate_key ${tls.key};` : '';
  const blocks = [];
  const root = join(tmp, 'www');
  docroot(root);
  let http = '';
  for (const c of cases.configs) {
    let t = c.config;
    if (hasHttp(c)) {
      const open = t.search(/^\s*http\s*\{/m);
      const brace = t.indexOf('{', open);
      const close = t.lastIndexOf('}');
      http = t.slice(brace + 1, close);
      t = http.replace(/\bserver\s*\{[\s\S]*$/, '');
      http = http.slice(t.length);
      blocks.push(`# http-level lines of ${c.id}\n${t}`);
      t = http;
    }
    t = t.replace(/proxy_pass\s+http:\/\/[^;/]+([^;]*);/g, (_, p) => `proxy_pass http://127.0.0.1:${ports.upstream}${p}; proxy_set_header X-Cfg ${c.id};`);
    t = t.replace(/\broot\s+[^;]+;/g, `root ${root};`);
    if (!/\bserver\s*\{/.test(t)) t = `server {\n${t}\n}\n`;
    t = t.replace(/\blisten\s+[^;]+;/g, '');
    t = t.replace(/\bserver_name\s+[^;]+;/g, '');
    t = t.replace(/\bserver\s*\{/, `server { listen 127.0.0.1:${ports.nginx};${ssl} server_name ${c.id}.test;`);
    blocks.push(`# ${c.id}\n${t}`);
  }
  const conf = `daemon off;\nmaster_process off;\npid ${tmp}/nginx.pid;\nerror_log ${tmp}/error.log;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n  root ${root};\n  server_names_hash_bucket_size 128;\n  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fcgi; uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;\n  server { listen 127.0.0.1:${ports.nginx} default_server; return 444; }\n${tls ? `  server { listen 127.0.0.1:${tls.port} ssl default_server; ssl_certificate ${tls.cert}; ssl_certificate_key ${tls.key}; return 444; }\n` : ''}${blocks.join('\n')}\n}\n`;
  writeFileSync(join(tmp, 'nginx.conf'), conf);
  return { proc: start('nginx', ['-p', tmp, '-c', join(tmp, 'nginx.conf')]), port: ports.nginx };
}

export function apacheSetup(cases, tmp, file, ports = PORTS) {
  const mods = ['mpm_event', 'authz_core', 'headers', 'setenvif', 'rewrite', 'proxy', 'proxy_http', 'mime', 'dir', 'env'];
  const out = [
    `ServerRoot ${tmp}`, `PidFile ${tmp}/httpd.pid`, `DefaultRuntimeDir ${tmp}`, `Mutex file:${tmp} default`,
    `ErrorLog ${tmp}/error.log`, 'LogLevel warn', `Listen 127.0.0.1:${ports.apache}`, 'ServerName localhost',
    ...mods.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    'TypesConfig /etc/mime.types',
    `<VirtualHost *:${ports.apache}>\n  ServerName default.invalid\n  DocumentRoot ${tmp}/www/default\n</VirtualHost>`,
  ];
  docroot(join(tmp, 'www', 'default'));
  for (const c of cases.configs) {
    const root = join(tmp, 'www', c.id);
    docroot(root);
    // ProxyPass (both forms) to the upstream; the configuration's own DocumentRoot and
    // <Directory> paths stand for the harness's document root.
    let t = c.config.replace(/(ProxyPass\s+(?:\S+\s+)?)"?http:\/\/[^/\s"]+/g, `$1http://127.0.0.1:${ports.upstream}`)
      .replace(/^\s*DocumentRoot\s+.*$/gm, '')
      .replace(/<Directory\s+("[^"]*"|[^>\s]+)\s*>/g, `<Directory ${root}>`);
    const vhost = [`<VirtualHost *:${ports.apache}>`, `  ServerName ${c.id}.test`, `  DocumentRoot ${root}`, `  RequestHeader set X-Cfg ${c.id}`,
      `  <Directory ${root}>`, '    AllowOverride All', '    Require all granted', '    AcceptPathInfo On', '  </Directory>'];
    if (c.context === 'htaccess') writeFileSync(join(root, '.htaccess'), t);
    else vhost.push(t);
    vhost.push('</VirtualHost>');
    out.push(`# ${c.id}`, vhost.join('\n'));
  }
  writeFileSync(join(tmp, 'httpd.conf'), out.join('\n') + '\n');
  const check = output('apache2', ['-d', tmp, '-f', join(tmp, 'httpd.conf'), '-t']);
  if (!/Syntax OK/.test(check)) throw new Error(`apache2 -t: ${check.slice(0, 2000)}`);
  return { proc: start('apache2', ['-d', tmp, '-f', join(tmp, 'httpd.conf'), '-X']), port: ports.apache };
}

export function expressSetup(cases, tmp, file, ports = PORTS) {
  return { proc: start('node', [join(here, 'express-host.cjs'), file, String(ports.express)], { cwd: join(here, '..') }), port: ports.express };
}

export function flaskSetup(cases, tmp, file, ports = PORTS) {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(python)) throw new Error(`no virtualenv at ${VENV} (scripts/test.sh makes it)`);
  return { proc: start(python, [join(here, 'flask_host.py'), file, String(ports.flask)]), port: ports.flask };
}

export function phpSetup(cases, tmp, file, ports = PORTS) {
  const dir = join(tmp, 'scripts');
  mkdirSync(dir, { recursive: true });
  for (const c of cases.configs) writeFileSync(join(dir, `${c.id}.php`), c.config);
  return {
    proc: start('php', ['-n', '-d', 'display_errors=0', '-d', 'log_errors=0', '-S', `127.0.0.1:${ports.php}`, join(here, 'php-router.php')], { env: { ...process.env, CORSIM_SCRIPTS: dir } }),
    port: ports.php,
  };
}

export const SETUP = { nginx: nginxSetup, apache: apacheSetup, express: expressSetup, flask: flaskSetup, php: phpSetup };

export function versions(kind) {
  if (kind === 'nginx') return firstLine('nginx', ['-v']);
  if (kind === 'apache') return firstLine('apache2', ['-v']);
  if (kind === 'php') return firstLine('php', ['-v']);
  if (kind === 'express') {
    const v = (p) => JSON.parse(readFileSync(join(here, '..', 'node_modules', p, 'package.json'), 'utf8')).version;
    return `express ${v('express')}, cors ${v('cors')}, node ${process.version}`;
  }
  return firstLine(join(VENV, 'bin', 'python'), ['-c', 'import importlib.metadata as m, sys; print("flask", m.version("flask"), "flask-cors", m.version("flask-cors"), "python", sys.version.split()[0])']);
}

async function recordKind(kind) {
  const file = join(CASES, `${kind}.json`);
  const all = JSON.parse(readFileSync(file, 'utf8'));
  const own = kind === 'nginx' ? ownNginx(all.configs) : new Set();
  const groups = kind === 'nginx'
    ? [{ ...all, configs: all.configs.filter((c) => !own.has(c.id)) }, ...all.configs.filter((c) => own.has(c.id)).map((c) => ({ ...all, configs: [c] }))]
    : [all];
  const observations = [];
  for (const cases of groups) observations.push(...(await recordGroup(kind, cases, file)));
  const order = new Map();
  for (const c of all.configs) for (const r of requestsOf(all, c)) order.set(`${c.id}/${r.id}`, order.size);
  observations.sort((a, b) => order.get(`${a.config}/${a.request}`) - order.get(`${b.config}/${b.request}`));
  const body = [`{"kind": ${JSON.stringify(kind)}, "server": ${JSON.stringify(versions(kind))}, "seed": ${all.seed},`, ' "observations": [',
    observations.map((o) => '  ' + JSON.stringify(o)).join(',\n'), ' ]}'].join('\n');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${kind}.json`), body + '\n');
}

async function recordGroup(kind, cases, file) {
  const tmp = mkdtempSync(join(tmpdir(), `corsim-${kind}-`));
  const started = Date.now();
  const up = kind === 'nginx' || kind === 'apache' ? await upstream(cases) : null;
  let server;
  try {
    server = SETUP[kind](cases, tmp, file);
    await waitFor(server.port, `${cases.configs[0].id}.test`, server.proc, kind);
    const observations = [];
    const jobs = [];
    for (const c of cases.configs) for (const r of requestsOf(cases, c)) jobs.push([c, r]);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const [c, r] = jobs[next++];
        const res = await send(server.port, r.method, r.path, [['Host', `${c.id}.test`], ...r.headers]);
        observations.push({ config: c.id, request: r.id, ...res });
      }
    };
    await Promise.all(Array.from({ length: kind === 'apache' ? 1 : 8 }, worker));
    const failed = observations.filter((o) => !o.status);
    if (failed.length) throw new Error(`${kind}: ${failed.length} requests got no response, e.g. ${JSON.stringify(failed[0])}`);
    if (cases.configs.length > 1) console.log(`${kind}: ${observations.length} responses recorded in ${((Date.now() - started) / 1000).toFixed(1)} s (${versions(kind)})`);
    return observations;
  } finally {
    if (server?.proc && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await sleep(300);
      if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
    }
    if (up) up.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const kind of KINDS) await recordKind(kind);
}
