// Runs every bench/*.bench.ts in turn (each measures Gatehouse against a peer in the same run and
// prints a last line `BENCH {json}`), then prints all figures together and saves them to
// bench/out/results.json. Usage: npm run bench [-- name ...]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const results = [];
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const run = spawnSync('npx', ['tsx', `bench/${file}`], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  process.stdout.write(run.stdout);
  const line = run.stdout.split('\n').reverse().find((l) => l.startsWith('BENCH '));
  if (run.status !== 0 || !line) {
    failed++;
    console.error(`${file}: failed (exit ${run.status})`);
    continue;
  }
  results.push(JSON.parse(line.slice('BENCH '.length)));
}

mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\n== summary');
for (const r of results) console.log(JSON.stringify(r));
process.exitCode = failed > 0 ? 1 : 0;
