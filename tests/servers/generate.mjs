// Writes the server differential cases: for each kind (nginx, apache, express, flask, php), the
// hand-written configurations of handwritten/<kind>/ (the articles' examples and known pitfalls)
// and COUNT configurations from a seeded generator, each with the same set of requests
// (preflights and actual requests with the headers a browser sends, a failing handler, an
// unknown path). corsim and the real servers read exactly the same configuration text.
//
// node servers/generate.mjs [--seed 1] [--count 300] [--out servers/cases]
// node servers/generate.mjs --realworld servers/realworld   (writes servers/realworld/cases/)
//   real-world configurations (DIR/index.json and DIR/<kind>/…), each with the requests of its
//   own page origin: the preflight, GET, POST and PUT from it, its origin matrix's origins
//   (corsim's `findings::probes`), the failing handler and the unknown path.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const SEED = Number(opt('--seed', '1'));
const COUNT = Number(opt('--count', '300'));
const OUT = opt('--out', join(here, 'cases'));

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rand = mulberry32(SEED);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;
const sample = (xs, n) => {
  const copy = [...xs];
  const out = [];
  while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]);
  return out;
};

const A = 'https://app.example.com';
const B = 'https://admin.example.com';
const E = 'https://evil.example';
const LOOK = 'https://app.example.com.evil.net';

// The requests every configuration gets. `kind` is the browser's: preflight or request.
const REQUESTS = [
  { id: 'pre-a', method: 'OPTIONS', path: '/api/items', origin: A, acrm: 'PUT', acrh: 'authorization,content-type' },
  { id: 'pre-b', method: 'OPTIONS', path: '/api/items', origin: B, acrm: 'PATCH' },
  { id: 'pre-e', method: 'OPTIONS', path: '/api/items', origin: E, acrm: 'DELETE', acrh: 'x-token' },
  { id: 'get-a', method: 'GET', path: '/api/items', origin: A },
  { id: 'get-b', method: 'GET', path: '/api/items', origin: B },
  { id: 'get-e', method: 'GET', path: '/api/items', origin: E },
  { id: 'get-look', method: 'GET', path: '/api/items', origin: LOOK },
  { id: 'get-null', method: 'GET', path: '/api/items', origin: 'null' },
  { id: 'get-none', method: 'GET', path: '/api/items' },
  { id: 'post-a', method: 'POST', path: '/api/items', origin: A, contentType: 'text/plain;charset=UTF-8' },
  { id: 'put-a', method: 'PUT', path: '/api/items', origin: A, contentType: 'application/json' },
  { id: 'fail-a', method: 'GET', path: '/api/fail', origin: A },
  { id: 'missing-a', method: 'GET', path: '/nope', origin: A },
  { id: 'pre-missing', method: 'OPTIONS', path: '/nope', origin: A, acrm: 'PUT', acrh: 'content-type' },
];

// The request list as stored: each request's headers after `Host: <config id>.test`. What the
// application behind the configuration answers is the same rule in the recorder's upstream and
// in tests/servers.rs: `/api/fail` fails (500) unless files are served, `/nope` is missing (404).
const STORED_REQUESTS = REQUESTS.map((r) => {
  const headers = [];
  if (r.origin) headers.push(['Origin', r.origin]);
  if (r.acrm) headers.push(['Access-Control-Request-Method', r.acrm]);
  if (r.acrh) headers.push(['Access-Control-Request-Headers', r.acrh]);
  if (r.contentType) headers.push(['Content-Type', r.contentType]);
  return { id: r.id, method: r.method, path: r.path, headers };
});

// ------------------------------------------------------------------------------------------
// Shared random policy pieces.
const originChoices = () => pick([
  { type: 'star' },
  { type: 'one', value: A },
  { type: 'one', value: A + '/' },
  { type: 'list', values: [A, B] },
  { type: 'list', values: [B] },
  { type: 'regex', anchored: true },
  { type: 'regex', anchored: false },
  { type: 'reflect' },
]);
const methodsList = () => pick(['GET, POST, PUT, DELETE, OPTIONS', 'GET, POST', 'GET, PUT, PATCH, DELETE', 'PUT', '*']);
const headersList = () => pick(['Authorization, Content-Type', 'Content-Type', 'authorization, content-type, x-token', '*']);

// ------------------------------------------------------------------------------------------
function nginxConfig(id) {
  const always = () => (chance(0.6) ? ' always' : '');
  const origin = originChoices();
  const creds = chance(0.4);
  const proxied = chance(0.55);
  const upstream = proxied && chance(0.25) ? [['Access-Control-Allow-Origin', pick(['*', A])]] : [];
  const lines = [];
  const http = [];
  let acao;
  if (origin.type === 'star') acao = '"*"';
  else if (origin.type === 'one') acao = `"${origin.value}"`;
  else if (origin.type === 'reflect') acao = '$http_origin';
  else {
    const v = `$cors_${id}`;
    http.push(`map $http_origin ${v} {`, '    default "";');
    if (origin.type === 'list') for (const o of origin.values) http.push(`    "${o}" $http_origin;`);
    else http.push(origin.anchored ? '    "~^https://(app|admin)\\.example\\.com$" $http_origin;' : '    "~*https://app.example.com" $http_origin;');
    http.push('}');
    acao = v;
  }
  const cors = [`add_header Access-Control-Allow-Origin ${acao}${always()};`];
  if (creds) cors.push(`add_header Access-Control-Allow-Credentials true${always()};`);
  if (chance(0.4)) cors.push(`add_header Vary Origin${always()};`);
  if (chance(0.3)) cors.push(`add_header Access-Control-Expose-Headers "X-Request-Id"${always()};`);
  const pre = [`add_header Access-Control-Allow-Origin ${acao}${always()};`,
    `add_header Access-Control-Allow-Methods "${methodsList()}"${always()};`,
    `add_header Access-Control-Allow-Headers "${headersList()}"${always()};`];
  if (creds && chance(0.7)) pre.push(`add_header Access-Control-Allow-Credentials true${always()};`);
  if (chance(0.4)) pre.push(`add_header Access-Control-Max-Age ${pick([600, 86400])}${always()};`);
  const style = pick(['if-return', 'if-return', 'no-options', 'server-level', 'set-if', 'exact-location']);
  const prefix = pick(['/', '/api/', '/api']);
  lines.push('server {', '    listen 80;', `    server_name api.example.com;`);
  if (!proxied) lines.push('    root /var/www/html;');
  const content = proxied ? ['proxy_pass http://127.0.0.1:8080;'] : pick([[], ['return 200 "ok";']]);
  if (proxied && upstream.length && chance(0.4)) content.push('proxy_hide_header Access-Control-Allow-Origin;');
  const indent = (xs, n) => xs.map((x) => ' '.repeat(n) + x);
  if (style === 'server-level') {
    lines.push(...indent(cors, 4));
    lines.push(`    location ${prefix} {`);
    if (chance(0.5)) lines.push(`        add_header X-Content-Type-Options nosniff${always()};`);
    if (chance(0.6)) lines.push(`        if ($request_method = OPTIONS) {`, ...indent(pre, 12), `            return ${pick([204, 200])};`, '        }');
    lines.push(...indent(content, 8), '    }');
  } else if (style === 'set-if') {
    lines.push(`    location ${prefix} {`, '        set $cors "";',
      `        if ($http_origin ~* ${origin.type === 'regex' && !origin.anchored ? '"example.com"' : '"^https://(app|admin)\\.example\\.com$"'}) {`,
      '            set $cors $http_origin;', '        }',
      `        add_header Access-Control-Allow-Origin $cors${always()};`,
      ...(creds ? [`        add_header Access-Control-Allow-Credentials true${always()};`] : []),
      `        if ($request_method = 'OPTIONS') {`,
      `            add_header Access-Control-Allow-Origin $cors${always()};`,
      `            add_header Access-Control-Allow-Methods "${methodsList()}"${always()};`,
      `            return 204;`, '        }',
      ...indent(content, 8), '    }');
  } else if (style === 'exact-location') {
    lines.push('    location = /api/items {', ...indent(cors, 8));
    if (chance(0.7)) lines.push(`        if ($request_method = OPTIONS) {`, ...indent(pre, 12), `            return 204;`, '        }');
    lines.push(...indent(content, 8), '    }');
    lines.push('    location / {', ...indent(content, 8), '    }');
  } else {
    lines.push(`    location ${prefix} {`);
    if (style === 'if-return') lines.push(`        if ($request_method = ${pick(["'OPTIONS'", 'OPTIONS'])}) {`, ...indent(pre, 12), `            return ${pick([204, 200, 204])};`, '        }');
    lines.push(...indent(cors, 8), ...indent(content, 8), '    }');
  }
  lines.push('}');
  return { text: [...http, ...lines].join('\n') + '\n', proxied, upstream };
}

function apacheConfig() {
  const table = () => (chance(0.6) ? 'always ' : '');
  const origin = originChoices();
  const creds = chance(0.4);
  const proxied = chance(0.5);
  const upstream = proxied && chance(0.25) ? [['Access-Control-Allow-Origin', pick(['*', A])]] : [];
  const htaccess = !proxied && chance(0.35);
  const lines = [];
  let value = null;
  let cond = '';
  if (origin.type === 'star') value = '"*"';
  else if (origin.type === 'one') value = `"${origin.value}"`;
  else if (origin.type === 'reflect') value = '"expr=%{req:Origin}"';
  else {
    const re = origin.type === 'list' ? `^(${origin.values.map((o) => o.replace(/\./g, '\\.')).join('|')})$`
      : origin.anchored ? '^https://(app|admin)\\.example\\.com$' : 'https://app.example.com';
    lines.push(`${pick(['SetEnvIf', 'SetEnvIfNoCase'])} Origin "${re}" CORS_ORIGIN=$0`);
    value = '"%{CORS_ORIGIN}e"';
    cond = chance(0.8) ? ' env=CORS_ORIGIN' : '';
  }
  if (proxied) lines.push('ProxyPass /api/ http://127.0.0.1:8080/api/');
  const wrapLocation = chance(0.2);
  const body = [];
  body.push(`Header ${table()}set Access-Control-Allow-Origin ${value}${cond}`);
  if (chance(0.15)) body.push(`Header ${table()}${pick(['set', 'add'])} Access-Control-Allow-Origin ${value}${cond}`);
  if (creds) body.push(`Header ${table()}set Access-Control-Allow-Credentials "true"${cond}`);
  if (chance(0.5)) body.push(`Header ${table()}${pick(['set', 'merge', 'append', 'add'])} Vary Origin`);
  if (chance(0.5)) body.push(`Header ${table()}set Access-Control-Allow-Methods "${methodsList()}"`);
  if (chance(0.5)) body.push(`Header ${table()}set Access-Control-Allow-Headers "${headersList()}"`);
  if (chance(0.2)) body.push(`Header ${table()}set Access-Control-Max-Age "600"`);
  if (chance(0.15)) body.push(`Header ${table()}unset Access-Control-Allow-Origin`);
  if (chance(0.3)) body.push('<If "%{REQUEST_METHOD} == \'OPTIONS\'">', `    Header always set Access-Control-Allow-Methods "${methodsList()}"`, '</If>');
  if (wrapLocation && !htaccess) lines.push('<Location "/api">', ...body.map((b) => '    ' + b), '</Location>');
  else lines.push(...body);
  if (chance(0.55)) {
    lines.push('RewriteEngine On', `RewriteCond %{REQUEST_METHOD} ${pick(['OPTIONS', '^OPTIONS$', 'OPTIONS [NC]'])}`);
    lines.push(htaccess ? `RewriteRule ^(.*)$ $1 [R=${pick([204, 200])},L]` : `RewriteRule ${pick(['^(.*)$ $1', '.* -', '^/api/ -'])} [R=${pick([204, 200])},L]`);
  }
  return { text: lines.join('\n') + '\n', proxied, upstream, context: htaccess ? 'htaccess' : 'vhost' };
}

const ROUTES_JS = `app.get('/api/items', (req, res) => { res.json({ ok: true }); });
app.post('/api/items', (req, res) => { res.status(201).json({ ok: true }); });
app.put('/api/items', (req, res) => { res.json({ ok: true }); });
app.get('/api/fail', (req, res) => { throw new Error('boom'); });
`;

function jsValue(o) {
  if (o.type === 'star') return pick(["'*'", null]);
  if (o.type === 'one') return `'${o.value}'`;
  if (o.type === 'list') return `[${o.values.map((v) => `'${v}'`).join(', ')}]`;
  if (o.type === 'regex') return o.anchored ? '/^https:\\/\\/(app|admin)\\.example\\.com$/' : '/app\\.example\\.com/';
  return 'true';
}

function expressConfig() {
  const lines = ["const express = require('express');", "const cors = require('cors');", 'const app = express();'];
  const style = pick(['cors', 'cors', 'cors-options-star', 'per-route', 'hand', 'hand', 'cors-after-routes', 'origin-fn']);
  const o = originChoices();
  const opts = [];
  const ov = jsValue(o);
  if (ov) opts.push(`origin: ${ov}`);
  if (chance(0.3)) opts.push(`methods: ${pick(["['GET', 'PUT']", "'GET,POST'", "['GET', 'POST', 'PUT', 'DELETE']"])}`);
  if (chance(0.3)) opts.push(`allowedHeaders: ${pick(["['Content-Type', 'Authorization']", "'Content-Type'"])}`);
  if (chance(0.2)) opts.push(`exposedHeaders: ['X-Request-Id']`);
  if (chance(0.4)) opts.push('credentials: true');
  if (chance(0.2)) opts.push(`maxAge: ${pick([600, 86400])}`);
  if (chance(0.15)) opts.push('preflightContinue: true');
  if (chance(0.2)) opts.push(`optionsSuccessStatus: 200`);
  const optsText = opts.length ? `{ ${opts.join(', ')} }` : '';
  const errorHandler = chance(0.3);
  if (style === 'cors' || style === 'cors-options-star') {
    lines.push(`const corsOptions = ${optsText || '{}'};`);
    if (style === 'cors-options-star') lines.push("app.options('*', cors(corsOptions));");
    lines.push('app.use(cors(corsOptions));', ROUTES_JS);
  } else if (style === 'per-route') {
    lines.push(`const corsOptions = ${optsText || '{}'};`);
    lines.push("app.get('/api/items', cors(corsOptions), (req, res) => res.json({ ok: true }));");
    if (chance(0.6)) lines.push("app.options('/api/items', cors(corsOptions));");
    lines.push("app.put('/api/items', cors(corsOptions), (req, res) => res.json({ ok: true }));");
    lines.push("app.get('/api/fail', cors(corsOptions), (req, res) => { throw new Error('boom'); });");
  } else if (style === 'cors-after-routes') {
    lines.push(ROUTES_JS, `app.use(cors(${optsText}));`);
  } else if (style === 'origin-fn') {
    lines.push("const allowed = ['https://app.example.com', 'https://admin.example.com'];");
    const check = pick(['allowed.includes(origin)', 'allowed.indexOf(origin) !== -1', '!origin || allowed.includes(origin)']);
    const deny = pick(["callback(new Error('Not allowed by CORS'))", 'callback(null, false)']);
    lines.push(`app.use(cors({`, `  origin: function (origin, callback) {`, `    if (${check}) {`, '      callback(null, true);', '    } else {', `      ${deny};`, '    }', '  },', ...(chance(0.5) ? ['  credentials: true'] : []), '}));', ROUTES_JS);
  } else {
    const set = pick(['res.setHeader', 'res.header', 'res.set']);
    const mw = ['app.use((req, res, next) => {'];
    if (o.type === 'list' || o.type === 'regex') {
      mw.push("  const allowed = ['https://app.example.com', 'https://admin.example.com'];", '  const origin = req.headers.origin;');
      mw.push(`  if (${o.type === 'regex' ? "origin && origin.endsWith('example.com')" : 'allowed.includes(origin)'}) {`, `    ${set}('Access-Control-Allow-Origin', origin);`, `    ${set}('Vary', 'Origin');`, '  }');
    } else {
      mw.push(`  ${set}('Access-Control-Allow-Origin', ${o.type === 'one' ? `'${o.value}'` : o.type === 'reflect' ? 'req.headers.origin || "*"' : "'*'"});`);
    }
    if (chance(0.4)) mw.push(`  ${set}('Access-Control-Allow-Credentials', 'true');`);
    mw.push(`  ${set}('Access-Control-Allow-Methods', '${methodsList()}');`, `  ${set}('Access-Control-Allow-Headers', '${headersList()}');`);
    if (chance(0.7)) mw.push("  if (req.method === 'OPTIONS') {", `    return res.${pick(['sendStatus(204)', 'sendStatus(200)', 'status(204).end()'])};`, '  }');
    mw.push('  next();', '});');
    if (chance(0.3)) lines.push(ROUTES_JS, ...mw);
    else lines.push(...mw, ROUTES_JS);
  }
  if (errorHandler) {
    lines.push('app.use((err, req, res, next) => {');
    if (chance(0.5)) lines.push("  res.setHeader('Access-Control-Allow-Origin', '*');");
    lines.push("  res.status(500).json({ error: 'internal' });", '});');
  }
  lines.push('app.listen(3000);');
  return { text: lines.join('\n') + '\n' };
}

const ROUTES_PY = `
@app.route("/api/items", methods=["GET", "POST", "PUT"])
def items():
    return {"ok": True}


@app.route("/api/fail")
def fail():
    raise RuntimeError("boom")
`;

function pyOrigins(o) {
  if (o.type === 'star') return pick(['"*"', null]);
  if (o.type === 'one') return `"${o.value}"`;
  if (o.type === 'list') return `[${o.values.map((v) => `"${v}"`).join(', ')}]`;
  if (o.type === 'regex') return o.anchored ? 'r"^https://(app|admin)\\.example\\.com$"' : 'r"https://app\\.example\\.com"';
  return '"*"';
}

function flaskConfig() {
  const o = originChoices();
  const kw = [];
  const ov = pyOrigins(o);
  if (ov) kw.push(`origins=${ov}`);
  if (chance(0.35)) kw.push('supports_credentials=True');
  if (chance(0.25)) kw.push(`methods=${pick(['["GET", "PUT"]', '"GET,POST"', '["GET", "POST", "PUT", "DELETE"]'])}`);
  if (chance(0.25)) kw.push(`allow_headers=${pick(['["Content-Type", "Authorization"]', '"Content-Type"', 'r"X-.*"'])}`);
  if (chance(0.2)) kw.push('expose_headers=["X-Request-Id", "X-Total"]');
  if (chance(0.2)) kw.push(`max_age=${pick(['600', '"86400"'])}`);
  if (chance(0.15)) kw.push('send_wildcard=True');
  if (chance(0.15)) kw.push('vary_header=False');
  if (chance(0.1)) kw.push('always_send=False');
  const lines = ['from flask import Flask, request', 'from flask_cors import CORS, cross_origin', '', 'app = Flask(__name__)'];
  const style = pick(['cors', 'cors', 'resources', 'config', 'decorator', 'after-request']);
  if (style === 'cors') lines.push(`CORS(app${kw.length ? ', ' + kw.join(', ') : ''})`, ROUTES_PY);
  else if (style === 'resources') {
    const res = pick(['r"/api/*"', '"/api/items"', 'r"/api/.*"', '"/api"', 'r"/other/*"']);
    const inner = kw.map((k) => { const [a, ...b] = k.split('='); return `"${a}": ${b.join('=')}`; });
    lines.push(`CORS(app, resources={${res}: {${inner.join(', ')}}})`, ROUTES_PY);
  } else if (style === 'config') {
    for (const k of kw) { const [a, ...b] = k.split('='); lines.push(`app.config["CORS_${a.toUpperCase()}"] = ${b.join('=')}`); }
    if (chance(0.3)) lines.push('app.config["CORS_HEADERS"] = "Content-Type"');
    lines.push('CORS(app)', ROUTES_PY);
  } else if (style === 'decorator') {
    lines.push('', '@app.route("/api/items", methods=["GET", "POST", "PUT"])', `@cross_origin(${kw.join(', ')})`, 'def items():', '    return {"ok": True}', '', '', '@app.route("/api/fail")', `@cross_origin(${kw.join(', ')})`, 'def fail():', '    raise RuntimeError("boom")');
  } else {
    lines.push('ALLOWED = ["https://app.example.com", "https://admin.example.com"]', '', '', '@app.after_request', 'def add_cors(response):');
    if (o.type === 'list' || o.type === 'regex') lines.push('    origin = request.headers.get("Origin")', '    if origin in ALLOWED:', '        response.headers["Access-Control-Allow-Origin"] = origin', '        response.headers.add("Vary", "Origin")');
    else lines.push(`    response.headers["Access-Control-Allow-Origin"] = ${o.type === 'one' ? `"${o.value}"` : '"*"'}`);
    if (chance(0.5)) lines.push('    if request.method == "OPTIONS":', `        response.headers["Access-Control-Allow-Methods"] = "${methodsList()}"`, `        response.headers["Access-Control-Allow-Headers"] = "${headersList()}"`);
    lines.push('    return response', ROUTES_PY);
    if (chance(0.3)) lines.push(`CORS(app${kw.length ? ', ' + kw.join(', ') : ''})`);
  }
  return { text: lines.join('\n') + '\n' };
}

function phpConfig() {
  const o = originChoices();
  const lines = ['<?php'];
  const h = (line, replace = true) => lines.push(`header(${line}${replace ? '' : ', false'});`);
  if (o.type === 'list' || o.type === 'regex') {
    lines.push(`$origin = ${pick(["$_SERVER['HTTP_ORIGIN'] ?? ''", "isset($_SERVER['HTTP_ORIGIN']) ? $_SERVER['HTTP_ORIGIN'] : ''"])};`);
    if (o.type === 'list') lines.push("$allowed = ['https://app.example.com', 'https://admin.example.com'];", `if (in_array($origin, $allowed${chance(0.5) ? ', true' : ''})) {`);
    else lines.push(`if (preg_match('${o.anchored ? '/^https:\\/\\/(app|admin)\\.example\\.com$/' : '/example\\.com/'}', $origin)) {`);
    lines.push(`    header(${pick(['"Access-Control-Allow-Origin: $origin"', '"Access-Control-Allow-Origin: {$origin}"', "'Access-Control-Allow-Origin: ' . $origin"])});`);
    if (chance(0.6)) lines.push("    header('Vary: Origin');");
    lines.push('}');
  } else if (o.type === 'reflect') {
    h("'Access-Control-Allow-Origin: ' . ($_SERVER['HTTP_ORIGIN'] ?? '*')");
  } else {
    h(`'Access-Control-Allow-Origin: ${o.type === 'one' ? o.value : '*'}'`);
  }
  if (chance(0.15)) h(`'Access-Control-Allow-Origin: ${A}'`, false);
  if (chance(0.4)) h("'Access-Control-Allow-Credentials: true'");
  const pre = [`    header('Access-Control-Allow-Methods: ${methodsList()}');`, `    header('Access-Control-Allow-Headers: ${headersList()}');`];
  if (chance(0.3)) pre.push("    header('Access-Control-Max-Age: 600');");
  const style = pick(['exit', 'exit', 'code-only', 'unconditional', 'status-line']);
  if (style === 'unconditional') lines.push(...pre.map((p) => p.trim()));
  else {
    lines.push(`if ($_SERVER['REQUEST_METHOD'] ${pick(['===', '=='])} 'OPTIONS') {`, ...pre);
    if (style === 'exit') lines.push(`    http_response_code(${pick([204, 200])});`, `    ${pick(['exit;', 'exit(0);', 'die();'])}`);
    else if (style === 'status-line') lines.push("    header('HTTP/1.1 204 No Content');", '    exit;');
    else lines.push('    http_response_code(204);');
    lines.push('}');
  }
  if (chance(0.1)) lines.push("header_remove('X-Powered-By');");
  return { text: lines.join('\n') + '\n' };
}

// ------------------------------------------------------------------------------------------
// Hand-written configurations: an article's or a pitfall's text, completed where it is only a
// fragment (Flask needs its app, Express and Flask their routes, PHP its opening tag).
function completeHandwritten(kind, text) {
  if (kind === 'express') {
    let t = text;
    const prelude = [];
    if (!/require\(['"]express['"]\)/.test(t)) prelude.push("const express = require('express');");
    if (!/require\(['"]cors['"]\)/.test(t)) prelude.push("const cors = require('cors');");
    if (!/express\(\)/.test(t)) prelude.push('const app = express();');
    if (prelude.length) t = prelude.join('\n') + '\n' + t;
    if (!/app\.(get|post|put)\(/.test(t)) t += '\n// Routes added by the test.\n' + ROUTES_JS;
    return t;
  }
  if (kind === 'flask') {
    let t = text;
    if (!/Flask\(/.test(t)) t = 'from flask import Flask\napp = Flask(__name__)\n' + t;
    if (!/@app\.route/.test(t)) t += '\n# Routes added by the test.\n' + ROUTES_PY;
    return t;
  }
  if (kind === 'php' && !t0(text)) return '<?php\n' + text;
  return text;
}
const t0 = (text) => text.trimStart().startsWith('<?php');

function upstreamFrom(text) {
  const out = [];
  for (const m of text.matchAll(/^#\s*upstream-headers:\s*([^:]+):\s*(.*)$/gm)) out.push([m[1].trim(), m[2].trim()]);
  return out;
}

// The origins corsim's origin matrix tries for a page origin: the same rule as
// core/src/server/findings.rs `probes`, so that every request the matrix sends was recorded.
function probes(origin) {
  const at = origin.indexOf('://');
  const [scheme, rest] = at >= 0 ? [origin.slice(0, at), origin.slice(at + 3)] : ['https', origin];
  const colon = rest.lastIndexOf(':');
  const [host, port] = colon >= 0 && /^[0-9]*$/.test(rest.slice(colon + 1)) ? [rest.slice(0, colon), rest.slice(colon)] : [rest, ''];
  const labels = host.split('.');
  const sibling = labels.length >= 3 ? `${scheme}://other.${labels.slice(1).join('.')}${port}` : `${scheme}://other.${host}${port}`;
  const registrable = labels.length >= 2 ? labels.slice(-2).join('.') : host;
  const [first, tld = 'com'] = registrable.split('.');
  const rows = [['own', origin], ['sibling', sibling], ['null', 'null'], ['attacker', 'https://attacker.example'],
    ['look-alike-prefix', `${scheme}://evil-${first}.${tld}${port}`], ['look-alike-suffix', `${scheme}://${host}.evil.net${port}`]];
  if (scheme === 'https') rows.splice(2, 0, ['plain-http', `http://${host}${port}`]);
  return rows;
}

// The requests of a real-world configuration whose page is at `origin`: what the browser sends
// for a credentialed GET and for a PUT of JSON with an Authorization header, from the page and
// from every origin of the matrix, to the API path, to a failing handler and to a missing path.
function realworldRequests(origin) {
  const out = [];
  const pre = (id, path, o) => out.push({ id, method: 'OPTIONS', path, headers: [['Origin', o], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'authorization,content-type']] });
  const get = (id, path, o) => out.push({ id, method: 'GET', path, headers: o ? [['Origin', o]] : [] });
  const put = (id, path, o) => out.push({ id, method: 'PUT', path, headers: [['Origin', o], ['Content-Type', 'application/json'], ['Authorization', 'Bearer t']] });
  for (const [probe, o] of probes(origin)) {
    pre(`pre-${probe}`, '/api/items', o);
    get(`get-${probe}`, '/api/items', o);
    put(`put-${probe}`, '/api/items', o);
  }
  get('get-none', '/api/items');
  out.push({ id: 'post-own', method: 'POST', path: '/api/items', headers: [['Origin', origin], ['Content-Type', 'text/plain;charset=UTF-8']] });
  for (const [name, path] of [['fail', '/api/fail'], ['missing', '/nope']]) {
    pre(`pre-${name}`, path, origin);
    get(`get-${name}`, path, origin);
    put(`put-${name}`, path, origin);
  }
  return out;
}

function writeCases(out, kind, seed, requests, configs) {
  const body = [`{"kind": ${JSON.stringify(kind)}, "seed": ${seed},`, ` "requests": [`,
    requests.map((r) => '  ' + JSON.stringify(r)).join(',\n'), ' ],', ' "configs": [',
    configs.map((c) => '  ' + JSON.stringify(c)).join(',\n'), ' ]}'].join('\n');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${kind}.json`), body + '\n');
}

const REALWORLD = opt('--realworld', null);
if (REALWORLD) {
  const index = JSON.parse(readFileSync(join(REALWORLD, 'index.json'), 'utf8'));
  for (const kind of ['nginx', 'apache', 'express', 'flask', 'php']) {
    const configs = index.configs.filter((c) => c.kind === kind).map((c) => {
      const text = completeHandwritten(kind, readFileSync(join(REALWORLD, c.file), 'utf8'));
      const origin = c.origin || 'https://app.example.com';
      return {
        id: c.id, source: c.source, config: text, origin,
        ...(kind === 'apache' ? { context: c.context || 'vhost' } : {}),
        proxied: kind === 'nginx' || kind === 'apache' ? /proxy_pass|ProxyPass/.test(text) : true,
        upstream: [], requests: realworldRequests(origin),
      };
    });
    writeCases(opt('--out', join(REALWORLD, 'cases')), kind, 0, [], configs);
    console.log(`${kind}: ${configs.length} real-world configurations, ${configs.reduce((n, c) => n + c.requests.length, 0)} requests`);
  }
  process.exit(0);
}

const GENERATORS = { nginx: nginxConfig, apache: apacheConfig, express: expressConfig, flask: flaskConfig, php: phpConfig };
mkdirSync(OUT, { recursive: true });
for (const kind of Object.keys(GENERATORS)) {
  rand = mulberry32(SEED * 1000 + Object.keys(GENERATORS).indexOf(kind));
  const configs = [];
  const dir = join(here, 'handwritten', kind);
  for (const file of readdirSync(dir).sort()) {
    const raw = readFileSync(join(dir, file), 'utf8');
    const id = file.replace(/\.[a-z]+$/, '');
    const text = completeHandwritten(kind, raw);
    const proxied = /proxy_pass|ProxyPass/.test(text);
    const upstream = upstreamFrom(text);
    configs.push({
      id, source: `handwritten/${kind}/${file}`, config: text,
      ...(kind === 'apache' ? { context: file.endsWith('.htaccess') ? 'htaccess' : 'vhost' } : {}),
      proxied: kind === 'nginx' || kind === 'apache' ? proxied : true, upstream,
    });
  }
  for (let i = 0; i < COUNT; i++) {
    const id = `g${String(i).padStart(4, '0')}`;
    const made = GENERATORS[kind](id);
    const proxied = made.proxied ?? true;
    configs.push({
      id, source: `generated (seed ${SEED})`, config: made.text,
      ...(made.context ? { context: made.context } : {}),
      proxied, upstream: made.upstream ?? [],
    });
  }
  writeCases(OUT, kind, SEED, STORED_REQUESTS, configs);
  console.log(`${kind}: ${configs.length} configurations, ${configs.length * REQUESTS.length} requests`);
}
