// The layer rules of src/ (.dependency-cruiser.cjs, docs/architecture.md) and one more that dependency-cruiser
// does not express: no cycle between folders of src/, type imports included. Exit 1 on any violation.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
// `--root DIR` checks another tree with the same rules (the layer tests run it on small fixtures).
const rootAt = process.argv.indexOf('--root');
if (rootAt > 0) process.chdir(process.argv[rootAt + 1]);
const { output } = await cruise(['src'], {
  validate: true,
  ruleSet: config,
  ...config.options,
  outputType: 'json',
});
const result = typeof output === 'string' ? JSON.parse(output) : output;

const problems = [];
for (const v of result.summary.violations) {
  const via = v.cycle ? v.cycle.map((c) => c.name ?? c).join(' → ') : v.to;
  problems.push(`${v.rule.name}: ${v.from} → ${via}`);
}

/** The folder under src/ a module lives in ("(root)" for src/*.ts). */
const folderOf = (path) =>
  /^src\/([^/]+)\//.exec(path)?.[1] ?? (path.startsWith('src/') ? '(root)' : undefined);
const edges = new Map();
for (const m of result.modules) {
  const from = folderOf(m.source);
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = folderOf(d.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} → ${d.resolved}`);
  }
}

// Tarjan's strongly connected components over the folder graph: any component of two or more is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) !== index.get(v)) return;
  const component = [];
  let w;
  do {
    w = stack.pop();
    onStack.delete(w);
    component.push(w);
  } while (w !== v);
  if (component.length < 2) return;
  const inside = new Set(component);
  const links = component.flatMap((a) =>
    [...(edges.get(a) ?? [])].filter(([b]) => inside.has(b)).map(([, why]) => why),
  );
  problems.push(`folder-cycle: ${component.sort().join(', ')}\n    ${links.join('\n    ')}`);
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);

if (process.argv.includes('--graph'))
  for (const [a, bs] of [...edges].sort())
    console.log(`${a.padEnd(14)} → ${[...bs.keys()].sort().join(' ')}`);
if (problems.length > 0) {
  console.error(`layers: ${problems.length} violation(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`layers: ok (${result.summary.totalCruised} modules, ${edges.size} folders, no folder cycles)`);
