// Serves every Express configuration of a cases file on one port, each as its own app, chosen
// by the request's Host (<config id>.test). A configuration's text runs as a CommonJS module
// whose require() gives it the real express and cors packages (tests/node_modules); its
// app.listen() is a no-op.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const [file, port] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(file, 'utf8'));
const base = path.join(__dirname, '..', 'package.json');
const realRequire = Module.createRequire(base);
const express = realRequire('express');
const cors = realRequire('cors');
const apps = new Map();
for (const c of cases.configs) {
  const made = [];
  const wrapped = function () {
    const app = express();
    app.listen = () => ({ close() {} });
    made.push(app);
    return app;
  };
  Object.assign(wrapped, express);
  const fakeRequire = (name) => (name === 'express' ? wrapped : name === 'cors' ? cors : realRequire(name));
  let text = c.config;
  // A fragment that uses `app` without creating it gets one.
  const prelude = /express\(\)/.test(text) ? '' : 'const app = require("express")();\n';
  try {
    new Function('require', 'module', 'exports', 'console', prelude + text)(fakeRequire, { exports: {} }, {}, { log() {}, error() {} });
  } catch (e) {
    process.stderr.write(`${c.id}: ${e.message}\n`);
  }
  if (made[0]) apps.set(`${c.id}.test`, made[0]);
}
http.createServer((req, res) => {
  const app = apps.get(String(req.headers.host || '').split(':')[0]);
  if (!app) {
    res.statusCode = 421;
    return res.end();
  }
  app(req, res);
}).listen(Number(port), '127.0.0.1');
