/**
 * The whole `gatehouse check` process on the worked example (DESIGN §7): a temp bundle of the CLI built with
 * esbuild as scripts/build.mjs does, `init --example park` in a temp git repository, and a pull request that
 * ops-agent signs (a level-2 batch of 5 capacity changes) with approvals by alice and bob signed through
 * `approve --ssh-key`. Each run is a fresh `node cli.js check --timings` process; its stderr carries the split
 * (start-up, git read, signature checks, evaluation). The peer is a bare `node -e ""` start in the same run.
 * Usage: npx tsx bench/check.bench.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { exampleSshPrivateKey } from '../src/example/park.js';
import { precompiledValidators, standaloneValidatorsSource } from '../scripts/validators.mjs';

const NOW = '2026-01-18T15:00:00Z';
const RUNS = 15;
const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-check-'));
const repo = join(work, 'repo');
const cli = join(work, 'cli.js');

await build({
  entryPoints: ['src/cli.ts'],
  outfile: cli,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);",
  },
  // As scripts/build.mjs: validators generated ahead of time (set BENCH_RUNTIME_SCHEMAS=1 to compile at run time).
  plugins: process.env.BENCH_RUNTIME_SCHEMAS
    ? []
    : [precompiledValidators(await standaloneValidatorsSource())],
  logLevel: 'warning',
});

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_AUTHOR_DATE: '2026-01-18T12:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-18T12:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: work,
};
const git = (...args: string[]): string =>
  execFileSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' }).trim();
function gatehouse(args: string[], expect = 0): string {
  const r = spawnSync(process.execPath, [cli, ...args, '--repo', repo], { encoding: 'utf8' });
  if (r.status !== expect)
    throw new Error(`gatehouse ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// The worked example on main.
execFileSync('git', ['init', '-q', '-b', 'main', repo], { env: gitEnv });
git('config', 'commit.gpgsign', 'false');
gatehouse(['init', '.', '--example', 'park', '--now', '2026-01-18T09:00:00Z']);
git('add', '-A');
git('commit', '-q', '-m', 'adopt gatehouse: the worked example');

// A pull request: ops-agent raises five gate capacities in park-ticketing / us-east-1, signed and approved.
git('checkout', '-q', '-b', 'pr');
const keyFile = (actor: string): string => {
  const f = join(work, `${actor}.key`);
  writeFileSync(f, exampleSshPrivateKey(actor), { mode: 0o600 });
  return f;
};
const stateFile = join(repo, 'state/park-ticketing/us-east-1.yaml');
let changed = 0;
const text = readFileSync(stateFile, 'utf8').replace(/capacity: (\d+)/g, (m, n: string) =>
  changed++ < 5 ? `capacity: ${Number(n) + 100}` : m,
);
writeFileSync(stateFile, text);
const manifest = join(repo, 'changes/CHG-BENCH/change.yaml');
execFileSync('mkdir', ['-p', join(repo, 'changes/CHG-BENCH')]);
writeFileSync(
  manifest,
  'id: CHG-BENCH\nkind: change\ntitle: Holiday capacity for five gates\nproposer: ops-agent\nlevel: 2\n' +
    'proposed_at: 2026-01-18T14:00:00Z\njustification: Holiday crowd forecast\n',
);
gatehouse(['sign', manifest, '--ssh-key', keyFile('ops-agent'), '--now', '2026-01-18T14:00:00Z']);
git('add', '-A');
git('commit', '-q', '-m', 'CHG-BENCH: holiday capacity');
for (const a of ['alice', 'bob'])
  gatehouse([
    'approve',
    'CHG-BENCH',
    '--base',
    'main',
    '--ssh-key',
    keyFile(a),
    '--now',
    '2026-01-18T14:30:00Z',
  ]);
git('add', '-A');
git('commit', '-q', '-m', 'CHG-BENCH: approvals');

interface Split {
  startup_ms: number;
  git_read_ms: number;
  signatures_ms: number;
  evaluation_ms: number;
  total_ms: number;
}
/**
 * One process, timed: wall clock here, CPU time (user + system) from bash's `times` for its child — the
 * machine may be shared, and CPU time is what the process itself spent.
 */
function timed(args: string[]): {
  wall: number;
  cpu: number;
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const t = performance.now();
  const r = spawnSync('bash', ['-c', '"$@"; s=$?; times >&2; exit $s', 'bash', ...args], {
    encoding: 'utf8',
  });
  const wall = performance.now() - t;
  const lines = r.stderr.trimEnd().split('\n');
  const child = [...(lines.at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)];
  const cpu = child.reduce((acc, m) => acc + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return { wall, cpu, status: r.status, stdout: r.stdout, stderr: lines.slice(0, -2).join('\n') };
}

const walls: number[] = [];
const cpus: number[] = [];
const splits: Split[] = [];
let decision = '';
for (let i = 0; i < RUNS; i++) {
  const r = timed([
    process.execPath,
    cli,
    'check',
    '--base',
    'main',
    '--head',
    'pr',
    '--repo',
    repo,
    '--now',
    NOW,
    '--timings',
  ]);
  walls.push(r.wall);
  cpus.push(r.cpu);
  if (r.status !== 0) throw new Error(`check exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  decision = r.stdout.trim().split('\n').at(-1) ?? '';
  const m = /^timings (\{.*\})$/m.exec(r.stderr);
  if (!m) throw new Error(`no timings line:\n${r.stderr}`);
  splits.push(JSON.parse(m[1]!) as Split);
}
const peer: number[] = [];
const peerCpu: number[] = [];
const help: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const bare = timed([process.execPath, '-e', '']);
  peer.push(bare.wall);
  peerCpu.push(bare.cpu);
  // Start-up alone: load the bundle and print the command list.
  help.push(timed([process.execPath, cli, '--help']).cpu);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round = (x: number): number => Math.round(x * 10) / 10;
const pick = (k: keyof Split): number => round(median(splits.map((s) => s[k])));
const wall = round(median(walls));
const node = round(median(peer));
const cpu = round(median(cpus));
const nodeCpu = round(median(peerCpu));
const helpCpu = round(median(help));
const bundleKb = Math.round(statSync(cli).size / 1024);
console.log(`decision: ${decision}`);
console.log(
  `check, worked example (180 resources, 7 actors, 5-op level-2 change, 2 signed approvals), ${RUNS} runs:`,
);
console.log(`  wall clock median ${wall} ms (peer: bare node start ${node} ms; ratio ${round(wall / node)})`);
console.log(
  `  CPU time median ${cpu} ms (peer: bare node start ${nodeCpu} ms; \`--help\`, the bundle's start-up alone, ${helpCpu} ms)`,
);
console.log(
  `  split (medians): start-up ${pick('startup_ms')} ms, git read ${pick('git_read_ms')} ms, ` +
    `signature checks ${pick('signatures_ms')} ms, evaluation ${pick('evaluation_ms')} ms; in-process total ${pick('total_ms')} ms`,
);
console.log(`  bundle ${bundleKb} KiB`);
if (process.env.BENCH_KEEP) console.log(`kept ${repo}`);
else rmSync(work, { recursive: true, force: true });
console.log(
  `BENCH ${JSON.stringify({
    name: 'check',
    runs: RUNS,
    wall_median_ms: wall,
    peer: 'node -e ""',
    peer_median_ms: node,
    ratio_vs_peer: round(wall / node),
    cpu_median_ms: cpu,
    peer_cpu_median_ms: nodeCpu,
    help_cpu_median_ms: helpCpu,
    precompiled_validators: !process.env.BENCH_RUNTIME_SCHEMAS,
    startup_ms: pick('startup_ms'),
    git_read_ms: pick('git_read_ms'),
    signatures_ms: pick('signatures_ms'),
    evaluation_ms: pick('evaluation_ms'),
    in_process_total_ms: pick('total_ms'),
    bundle_kib: bundleKb,
  })}`,
);
