// Copies what Chromium did (the verdict's browser-visible fields) and the replies exactly as the
// server sent them (with the computed Content-Length) from a recording into the
// `expect` of each hand-written scenario file, keeping the other expectations (reason, failing
// step, warnings, fix) as written. The corpus test then holds corsim to Chromium's answers.
//
//   node differential/fill-expect.mjs differential/recordings/chromium-scenarios.json
import fs from 'node:fs';
import path from 'node:path';

const FIELDS = ['preflight_sent', 'preflight_request_headers', 'request_sent', 'fetch', 'response_type',
  'status', 'exposed_headers', 'cors_error', 'failed_parameter', 'console'];

const recordingPath = process.argv[2];
if (!recordingPath) {
  console.error('usage: node differential/fill-expect.mjs RECORDING.json');
  process.exit(2);
}
const recording = JSON.parse(fs.readFileSync(recordingPath, 'utf8'));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let written = 0;
for (const obs of recording.observations) {
  const file = obs.source_file && path.resolve(root, obs.source_file);
  if (!file || !fs.existsSync(file)) {
    console.error(`${obs.id}: source file ${obs.source_file} not found`);
    process.exitCode = 1;
    continue;
  }
  const scenario = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (Array.isArray(scenario) || scenario.id !== obs.id) {
    console.error(`${file}: expected one scenario with id ${obs.id}`);
    process.exitCode = 1;
    continue;
  }
  // The server added a computed Content-Length to replies that had none: the file must list it,
  // since a scenario's replies are everything the server sends.
  for (const k of ['preflight', 'response']) if (obs.scenario[k]) scenario[k] = obs.scenario[k];
  if (obs.scenario.redirects) scenario.redirects = obs.scenario.redirects;
  const expect = { ...(scenario.expect || {}) };
  for (const f of FIELDS) expect[f] = obs.observed[f];
  scenario.expect = expect;
  fs.writeFileSync(file, JSON.stringify(scenario, null, 1) + '\n');
  written++;
}
console.log(`filled ${written} scenario file(s) from ${recording.browser}`);
