#!/usr/bin/env node
// Structure check over src/ (tests and test support left out): import cycles (type imports
// included), imports of an engine's internals from outside that engine (engines are used only
// through their index.ts), and source files over 400 lines.
//
// The known violations are listed in scripts/structure-baseline.json: the check fails on any
// violation that is not in the baseline (so nothing gets worse), and reports baseline entries
// that are gone (so the baseline only shrinks). `--write-baseline` rewrites it.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const BASELINE = join(ROOT, 'scripts', 'structure-baseline.json');
const MAX_LINES = 400;
/** Engines: plain libraries used from outside only through their entry file. */
const ENGINES = ['src/main/rtsp', 'src/main/turn', 'src/main/live', 'src/main/restream', 'src/main/webrtc'];

const isTestFile = (p) =>
  /\.(test|spec)\.tsx?$/.test(p) || p.split('/').includes('testing') || /test-harness\.ts$/.test(p);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const rel = (p) => relative(ROOT, p).split(sep).join('/');
const files = walk(SRC).filter((p) => !isTestFile(rel(p)));
const known = new Set(files.map(rel));

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC_RE = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveImport(fromFile, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    const r = rel(cand);
    if (known.has(r)) return r;
  }
  return undefined;
}

const graph = new Map();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const deps = new Set();
  for (const re of [IMPORT_RE, DYNAMIC_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const r = resolveImport(f, m[1]);
      if (r) deps.add(r);
    }
  }
  graph.set(rel(f), [...deps].sort());
}

const violations = [];

// Files over the limit.
for (const f of files) {
  const lines = readFileSync(f, 'utf8').split('\n').length;
  if (lines > MAX_LINES) violations.push(`size: ${rel(f)} has ${lines} lines (limit ${MAX_LINES})`);
}

// Engine internals imported from outside the engine.
const engineOf = (p) => ENGINES.find((e) => p === e || p.startsWith(`${e}/`));
for (const [from, deps] of graph) {
  for (const to of deps) {
    const engine = engineOf(to);
    if (!engine || engineOf(from) === engine) continue;
    if (to === `${engine}/index.ts`) continue;
    violations.push(`internal: ${from} imports ${to} (use ${engine}/index.ts)`);
  }
}

// Import cycles: strongly connected components of more than one file (Tarjan).
{
  let index = 0;
  const stack = [];
  const onStack = new Set();
  const idx = new Map();
  const low = new Map();
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) violations.push(`cycle: ${comp.sort().join(' <-> ')}`);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
}

violations.sort();
if (process.argv.includes('--write-baseline')) {
  writeFileSync(BASELINE, `${JSON.stringify(violations, null, 2)}\n`);
  console.log(`structure: baseline written with ${violations.length} known violations`);
  process.exit(0);
}
const baseline = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) : [];
const allowed = new Set(baseline);
const fresh = violations.filter((v) => !allowed.has(v));
const gone = baseline.filter((v) => !violations.includes(v));
const count = (kind) => violations.filter((v) => v.startsWith(kind)).length;
console.log(
  `structure: ${count('cycle:')} import cycles, ${count('internal:')} imports of engine internals, ` +
    `${count('size:')} files over ${MAX_LINES} lines (${baseline.length} known in the baseline)`,
);
if (gone.length) {
  console.log('structure: fixed since the baseline (run with --write-baseline to shrink it):');
  for (const v of gone) console.log(`  ${v}`);
}
if (fresh.length) {
  console.error('structure: new violations:');
  for (const v of fresh) console.error(`  ${v}`);
  process.exit(1);
}
