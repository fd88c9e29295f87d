// Where the bytes of a wasm module go (a measurement, not a test): the size of each section, and
// the code section split by the crate (or module path) each function's name starts with, read
// from the module's `name` section. Run it on the linker's output (which keeps the names), e.g.
// web/page/target/wasm32-unknown-unknown/wasm-release/corsim_page.wasm (wasm-bindgen drops them;
// `wasm-opt -Oz -g` keeps them, for the optimised module's figures).
//
// Each figure is given raw and `gzip -9`ed on its own (a section's or a crate's bytes compressed
// alone: the parts add up to a little more than the whole module gzipped, as each loses the
// context of the others). `--strings N` lists the N longest runs of text in the data section.
//
// Usage: node tests/e2e/wasm-size.mjs FILE.wasm [--depth N] [--top N] [--strings N]
import fs from 'node:fs';
import zlib from 'node:zlib';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/e2e/wasm-size.mjs FILE.wasm [--depth N] [--top N]');
  process.exit(2);
}
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DEPTH = arg('--depth', 1);
const STRINGS = arg('--strings', 0);
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const TOP = arg('--top', 25);
const bytes = fs.readFileSync(file);

let pos = 0;
function u32() {
  let result = 0, shift = 0, b;
  do {
    b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return result;
}
function name() {
  const n = u32();
  const s = bytes.subarray(pos, pos + n).toString('utf8');
  pos += n;
  return s;
}

const SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
const sections = [];
let importedFunctions = 0;
let bodies = [];
const bodyBytes = [];
let dataBytes = null;
const names = new Map();
pos = 8;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const start = pos;
  const end = pos + size;
  let label = SECTIONS[id] || `section ${id}`;
  if (id === 0) {
    label = `custom "${name()}"`;
    if (label === 'custom "name"') {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = u32();
          for (let i = 0; i < count; i++) {
            const index = u32();
            names.set(index, name());
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      name();
      name();
      const kind = bytes[pos++];
      if (kind === 0) { u32(); importedFunctions++; }
      else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
    }
  } else if (id === 10) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      const len = u32();
      bodies.push(len + 1);
      bodyBytes.push(bytes.subarray(pos, pos + len));
      pos += len;
    }
  }
  if (id === 11) dataBytes = bytes.subarray(start, end);
  sections.push({ label, size, gzipped: gz(bytes.subarray(start, end)) });
  pos = end;
  void start;
}

/** A Rust symbol demangled well enough to be read and grouped (legacy `_ZN…E` names; v0 `_R…`
 * names give their crate only). */
function demangle(sym) {
  if (sym.startsWith('_ZN')) {
    const parts = [];
    let i = 3;
    while (i < sym.length && sym[i] !== 'E') {
      const m = /^\d+/.exec(sym.slice(i));
      if (!m) break;
      const len = Number(m[0]);
      i += m[0].length;
      parts.push(sym.slice(i, i + len));
      i += len;
    }
    if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
    const map = { LT: '<', GT: '>', RF: '&', BP: '*', C: ',', SP: '@', u20: ' ', u27: "'", u5b: '[', u5d: ']', u7b: '{', u7d: '}', u3b: ';', u2b: '+', u22: '"' };
    return parts.map((p) => p.replace(/^_\$/, '$').replace(/\$([A-Za-z0-9]+)\$/g, (all, k) => map[k] ?? all).replace(/\.\./g, '::')).join('::');
  }
  if (sym.startsWith('_R')) {
    const m = /C(?:s[0-9a-zA-Z]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)/.exec(sym);
    if (m) return `${m[2].slice(0, Number(m[1]))}::(v0) ${sym}`;
  }
  return sym;
}

/** The crate (or the first `depth` path segments) a function belongs to. */
function owner(fn) {
  let s = demangle(fn).replace(/^(<|&|\*const |\*mut |dyn )+/, '');
  // `core::ptr::drop_in_place<corsim::x::Y>`: the generic code is the type's, not core's.
  const m = /^(?:core|alloc)::ptr::drop_in_place<(.*)>$/.exec(s);
  if (m) s = m[1].replace(/^(<|&|\*const |\*mut |dyn )+/, '');
  const parts = s.split(/::|[ <>,]/).filter((p) => p.length);
  if (parts.length <= 1) return `(${s.length > 40 ? 'unnamed' : s.replace(/\.\d+$/, '')})`;
  return parts.slice(0, Math.min(DEPTH, parts.length - 1)).join('::');
}

const total = bytes.length;
console.log(`${file}: ${total} bytes, ${gz(bytes)} gzipped`);
console.log(`  ${'section'.padEnd(28)} ${'raw'.padStart(9)} ${'gzip -9'.padStart(9)}`);
for (const s of sections) console.log(`  ${s.label.padEnd(28)} ${String(s.size).padStart(9)} ${String(s.gzipped).padStart(9)}`);
if (STRINGS && dataBytes) {
  const runs = [];
  let from = -1;
  for (let i = 0; i <= dataBytes.length; i++) {
    const b = i < dataBytes.length ? dataBytes[i] : 0;
    const text = (b >= 0x20 && b < 0x7f) || b === 0x0a || b >= 0x80;
    if (text && from < 0) from = i;
    if (!text && from >= 0) {
      if (i - from >= 16) runs.push([from, i - from]);
      from = -1;
    }
  }
  const inRuns = runs.reduce((a, r) => a + r[1], 0);
  console.log(`data: ${inRuns} bytes in ${runs.length} runs of text (16 bytes or more), ${dataBytes.length - inRuns} other`);
  for (const [at, len] of runs.sort((a, b) => b[1] - a[1]).slice(0, STRINGS)) {
    const t = Buffer.from(dataBytes.subarray(at, at + Math.min(len, 100))).toString('utf8').replace(/\n/g, '\\n');
    console.log(`  ${String(len).padStart(7)} @${at}  ${t}`);
  }
}
if (names.size === 0) {
  console.log('(no name section: run this on the linker output, before wasm-opt or wasm-bindgen)');
  process.exit(0);
}
const byOwner = new Map();
const ownerBodies = new Map();
const fns = [];
bodies.forEach((size, i) => {
  const n = names.get(i + importedFunctions) || `(function ${i + importedFunctions})`;
  fns.push({ n, size });
  const o = owner(n);
  byOwner.set(o, (byOwner.get(o) || 0) + size);
  if (!ownerBodies.has(o)) ownerBodies.set(o, []);
  ownerBodies.get(o).push(bodyBytes[i]);
});
const code = bodies.reduce((a, b) => a + b, 0);
console.log(`code by owner (depth ${DEPTH}), ${code} bytes in ${bodies.length} functions:`);
for (const [o, size] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  const zipped = gz(Buffer.concat(ownerBodies.get(o)));
  console.log(`  ${o.padEnd(48)} ${String(size).padStart(9)}  ${((100 * size) / code).toFixed(1).padStart(5)}%  ${String(zipped).padStart(8)} gzipped`);
}
console.log(`largest functions:`);
for (const f of fns.sort((a, b) => b.size - a.size).slice(0, TOP)) {
  console.log(`  ${String(f.size).padStart(8)}  ${demangle(f.n).slice(0, 110)}`);
}
