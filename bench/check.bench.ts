/**
 * The whole `gatehouse check` process, run on the shipped bundle dist/cli.js (GATEHOUSE_CLI to point at another
 * build; run `npm run build` first). Two parts:
 *  1. The worked example (DESIGN §7): `init --example park` in a temp git repository and a pull request that
 *     ops-agent signs (a level-2 batch of 5 capacity changes) with approvals by alice and bob signed through
 *     `approve --ssh-key`. Each run is a fresh `node dist/cli.js check --timings` process; its stderr carries the
 *     split (start-up, git read, signature checks, evaluation). Peer: a bare `node -e ""` start in the same run.
 *  2. The scale series (issue 14): the same example with state/ replaced by 1,000 / 10,000 / 100,000 generated
 *     resources (files of 1,000 resources, shaped like the example's), and a one-op level-3 change signed by
 *     ops-agent. Wall clock, CPU time and peak RSS (GNU time) per size, the ratio to the 1,000 run, and a peer
 *     in the same run: `git cat-file --batch` reading every state blob of base and head. At each size also
 *     `digest` of the same change, and `record` of its merge (the ledger reset between runs), each as a process.
 * Usage: npx tsx bench/check.bench.ts [SIZES, e.g. 1000,10000,100000]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exampleSshPrivateKey } from '../src/example/park.js';
import { timeProcess, type ProcessTiming } from './process-timing.js';

const NOW = '2026-01-18T15:00:00Z';
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 3);
const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const cli = resolve(process.env.GATEHOUSE_CLI ?? 'dist/cli.js');
if (!existsSync(cli)) throw new Error(`${cli} not found: run \`npm run build\` first`);
const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-check-'));

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
const git = (repo: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
function gatehouse(repo: string, args: string[], expect = 0): string {
  const r = spawnSync(process.execPath, [cli, ...args, '--repo', repo], { encoding: 'utf8' });
  if (r.status !== expect)
    throw new Error(`gatehouse ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const keyFile = (actor: string): string => {
  const f = join(work, `${actor}.key`);
  if (!existsSync(f)) writeFileSync(f, exampleSshPrivateKey(actor), { mode: 0o600 });
  return f;
};

/** A repository holding the worked example on main, checked out on a new branch `pr`. */
function exampleRepo(name: string, state?: (repo: string) => void): string {
  const repo = join(work, name);
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env: gitEnv });
  git(repo, 'config', 'commit.gpgsign', 'false');
  gatehouse(repo, ['init', '.', '--example', 'park', '--now', '2026-01-18T09:00:00Z']);
  state?.(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'adopt gatehouse: the worked example');
  git(repo, 'checkout', '-q', '-b', 'pr');
  return repo;
}

function writeManifest(repo: string, id: string, level: number, title: string): void {
  const manifest = join(repo, `changes/${id}/change.yaml`);
  mkdirSync(join(repo, `changes/${id}`), { recursive: true });
  writeFileSync(
    manifest,
    `id: ${id}\nkind: change\ntitle: ${title}\nproposer: ops-agent\nlevel: ${level}\n` +
      'proposed_at: 2026-01-18T14:00:00Z\njustification: Holiday crowd forecast\n',
  );
  gatehouse(repo, ['sign', manifest, '--ssh-key', keyFile('ops-agent'), '--now', '2026-01-18T14:00:00Z']);
}

/** One process, timed (bench/process-timing.ts), in milliseconds. */
function timed(args: string[]): ProcessTiming {
  const r = timeProcess(args);
  return { ...r, wall: r.wall * 1000, cpu: r.cpu * 1000 };
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round = (x: number): number => Math.round(x * 10) / 10;
const checkArgs = (repo: string): string[] => [
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
];

// 1. The worked example: five gate capacities in park-ticketing / us-east-1, signed and approved. ------------
const repo = exampleRepo('example');
const stateFile = join(repo, 'state/park-ticketing/us-east-1.yaml');
let changed = 0;
const text = readFileSync(stateFile, 'utf8').replace(/capacity: (\d+)/g, (m, n: string) =>
  changed++ < 5 ? `capacity: ${Number(n) + 100}` : m,
);
writeFileSync(stateFile, text);
writeManifest(repo, 'CHG-BENCH', 2, 'Holiday capacity for five gates');
git(repo, 'add', '-A');
git(repo, 'commit', '-q', '-m', 'CHG-BENCH: holiday capacity');
for (const a of ['alice', 'bob'])
  gatehouse(repo, [
    'approve',
    'CHG-BENCH',
    '--base',
    'main',
    '--ssh-key',
    keyFile(a),
    '--now',
    '2026-01-18T14:30:00Z',
  ]);
git(repo, 'add', '-A');
git(repo, 'commit', '-q', '-m', 'CHG-BENCH: approvals');

interface Split {
  startup_ms: number;
  git_read_ms: number;
  signatures_ms: number;
  evaluation_ms: number;
  total_ms: number;
}
function runCheck(dir: string): { r: ReturnType<typeof timed>; split: Split; decision: string } {
  const r = timed(checkArgs(dir));
  if (r.status !== 0) throw new Error(`check exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const m = /^timings (\{.*\})$/m.exec(r.stderr);
  if (!m) throw new Error(`no timings line:\n${r.stderr}`);
  return { r, split: JSON.parse(m[1]!) as Split, decision: r.stdout.trim().split('\n').at(-1) ?? '' };
}

const walls: number[] = [];
const cpus: number[] = [];
const splits: Split[] = [];
let decision = '';
for (let i = 0; i < RUNS; i++) {
  const c = runCheck(repo);
  walls.push(c.r.wall);
  cpus.push(c.r.cpu);
  splits.push(c.split);
  decision = c.decision;
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
const pick = (k: keyof Split, from: Split[] = splits): number => round(median(from.map((s) => s[k])));
const wall = round(median(walls));
const node = round(median(peer));
const cpu = round(median(cpus));
const nodeCpu = round(median(peerCpu));
const helpCpu = round(median(help));
const bundleKb = Math.round(statSync(cli).size / 1024);
console.log(`bundle: ${cli} (${bundleKb} KiB)`);
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

// 2. The scale series. --------------------------------------------------------------------------------------
const SERVICES = ['park-ticketing', 'staff-scheduling', 'parade-schedule'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];
const PER_FILE = 1000;

/** One state file as the example writes them: file-level service and region, resources with a small spec. */
function stateText(service: string, region: string, start: number, n: number): string {
  const lines = [`service: ${service}`, `region: ${region}`, 'resources:'];
  for (let i = start; i < start + n; i++)
    lines.push(
      `  - id: ${region}-gate-${String(i).padStart(6, '0')}`,
      '    spec:',
      `      open: ${i % 7 !== 0}`,
      `      capacity: ${500 + (i % 50) * 10}`,
      `      lanes: ${2 + (i % 3)}`,
    );
  return `${lines.join('\n')}\n`;
}

/** state/<service>/<region>-<shard>.yaml, PER_FILE resources each, spread over the 9 service/region pairs. */
function generateState(dir: string, n: number): string[] {
  rmSync(join(dir, 'state'), { recursive: true, force: true });
  const files: string[] = [];
  for (let f = 0; f * PER_FILE < n; f++) {
    const service = SERVICES[f % 3]!;
    const region = REGIONS[Math.floor(f / 3) % 3]!;
    const shard = Math.floor(f / 9);
    const file = `state/${service}/${region}-${String(shard).padStart(3, '0')}.yaml`;
    mkdirSync(join(dir, `state/${service}`), { recursive: true });
    writeFileSync(
      join(dir, file),
      stateText(service, region, shard * PER_FILE, Math.min(PER_FILE, n - f * PER_FILE)),
    );
    files.push(file);
  }
  return files;
}

/** The peer: `git cat-file --batch` reading every state blob of base and head (what any reader pays). */
function catFilePeer(dir: string): ReturnType<typeof timed> {
  const blobs = ['main', 'pr']
    .flatMap((ref) => git(dir, 'ls-tree', '-r', '--format=%(objectname)', ref, 'state/').split('\n'))
    .join('\n');
  const input = join(dir, '..', `${dir.split('/').at(-1)}.oids`);
  writeFileSync(input, `${blobs}\n`);
  return timed([
    'bash',
    '-c',
    `git --git-dir "$1/.git" cat-file --batch < "$2" > /dev/null`,
    'peer',
    dir,
    input,
  ]);
}

interface ScaleRow {
  resources: number;
  files: number;
  state_bytes: number;
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
  git_read_ms: number;
  peer_cat_file_ms: number;
  digest_wall_ms: number;
  digest_peak_rss_mb: number;
  record_wall_ms: number;
  record_peak_rss_mb: number;
  decision: string;
}

/** `digest` of the change, then `record` of its merge into main (the ledger put back after each run). */
function digestAndRecord(
  dir: string,
): Pick<ScaleRow, 'digest_wall_ms' | 'digest_peak_rss_mb' | 'record_wall_ms' | 'record_peak_rss_mb'> {
  const digests = Array.from({ length: SCALE_RUNS }, () =>
    timed([process.execPath, cli, 'digest', '--base', 'main', '--head', 'pr', '--repo', dir]),
  );
  if (digests.some((d) => d.status !== 0)) throw new Error(`digest failed:\n${digests[0]!.stderr}`);
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-ff', 'pr', '-m', 'Merge CHG-SCALE');
  const merge = git(dir, 'rev-parse', 'HEAD');
  const records = Array.from({ length: SCALE_RUNS }, () => {
    const r = timed([
      process.execPath,
      cli,
      'record',
      '--base',
      'HEAD~1',
      '--head',
      'pr',
      '--merge-commit',
      merge,
      '--repo',
      dir,
      '--now',
      NOW,
    ]);
    if (!/ledger: 2 entries/.test(r.stdout))
      throw new Error(`record did not append:\n${r.stdout}\n${r.stderr}`);
    git(dir, 'checkout', '-q', '--', 'ledger/');
    return r;
  });
  return {
    digest_wall_ms: round(median(digests.map((x) => x.wall))),
    digest_peak_rss_mb: round(Math.max(...digests.map((x) => x.rssMb))),
    record_wall_ms: round(median(records.map((x) => x.wall))),
    record_peak_rss_mb: round(Math.max(...records.map((x) => x.rssMb))),
  };
}
const rows: ScaleRow[] = [];
for (const n of SIZES) {
  let files: string[] = [];
  const dir = exampleRepo(`scale-${n}`, (d) => (files = generateState(d, n)));
  const first = join(dir, files[0]!);
  writeFileSync(
    first,
    readFileSync(first, 'utf8').replace(/capacity: (\d+)/, (_m, c: string) => `capacity: ${Number(c) + 5}`),
  );
  writeManifest(dir, 'CHG-SCALE', 3, 'One gate capacity');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'CHG-SCALE: one gate capacity');
  // Level 3: nobody else approves, so the proposer signs the change digest.
  gatehouse(dir, [
    'approve',
    'CHG-SCALE',
    '--base',
    'main',
    '--ssh-key',
    keyFile('ops-agent'),
    '--now',
    '2026-01-18T14:30:00Z',
  ]);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'CHG-SCALE: signed by its proposer');
  const bytes = files.reduce((acc, f) => acc + statSync(join(dir, f)).size, 0);
  runCheck(dir); // warm the file cache
  const runs = Array.from({ length: SCALE_RUNS }, () => runCheck(dir));
  const peers = Array.from({ length: SCALE_RUNS }, () => catFilePeer(dir));
  const others = digestAndRecord(dir);
  rows.push({
    resources: n,
    files: files.length,
    state_bytes: bytes,
    wall_ms: round(median(runs.map((x) => x.r.wall))),
    cpu_ms: round(median(runs.map((x) => x.r.cpu))),
    peak_rss_mb: round(Math.max(...runs.map((x) => x.r.rssMb))),
    git_read_ms: pick(
      'git_read_ms',
      runs.map((x) => x.split),
    ),
    peer_cat_file_ms: round(median(peers.map((p) => p.wall))),
    ...others,
    decision: runs[0]!.decision,
  });
}
const base = rows[0]!;
console.log(
  `check scale series, one-op level-3 change, ${SCALE_RUNS} runs each (medians; peak RSS the max):`,
);
console.log(
  '  resources | state MB | wall ms | CPU ms | peak RSS MB | git read ms | ratio wall/1st | peer cat-file ms',
);
for (const r of rows)
  console.log(
    `  ${String(r.resources).padStart(9)} | ${(r.state_bytes / 1e6).toFixed(2).padStart(8)} | ${String(r.wall_ms).padStart(7)} | ` +
      `${String(r.cpu_ms).padStart(6)} | ${String(r.peak_rss_mb).padStart(11)} | ${String(r.git_read_ms).padStart(11)} | ` +
      `${round(r.wall_ms / base.wall_ms)
        .toFixed(1)
        .padStart(14)} | ${String(r.peer_cat_file_ms).padStart(16)}   ${r.decision}`,
  );
console.log(
  '  resources | digest wall ms | digest RSS MB | record wall ms | record RSS MB | record ratio wall/1st',
);
for (const r of rows)
  console.log(
    `  ${String(r.resources).padStart(9)} | ${String(r.digest_wall_ms).padStart(14)} | ${String(r.digest_peak_rss_mb).padStart(13)} | ` +
      `${String(r.record_wall_ms).padStart(14)} | ${String(r.record_peak_rss_mb).padStart(13)} | ` +
      `${round(r.record_wall_ms / base.record_wall_ms)
        .toFixed(1)
        .padStart(21)}`,
  );

if (process.env.BENCH_KEEP) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
const last = rows.at(-1)!;
console.log(
  `BENCH ${JSON.stringify({
    name: 'check',
    cli,
    runs: RUNS,
    wall_median_ms: wall,
    peer: 'node -e ""',
    peer_median_ms: node,
    ratio_vs_peer: round(wall / node),
    cpu_median_ms: cpu,
    peer_cpu_median_ms: nodeCpu,
    help_cpu_median_ms: helpCpu,
    startup_ms: pick('startup_ms'),
    git_read_ms: pick('git_read_ms'),
    signatures_ms: pick('signatures_ms'),
    evaluation_ms: pick('evaluation_ms'),
    in_process_total_ms: pick('total_ms'),
    bundle_kib: bundleKb,
    scale: rows,
    scale_peer: 'git cat-file --batch over every state blob of base and head',
    scale_ratio_wall_last_vs_first: round(last.wall_ms / base.wall_ms),
    scale_peak_rss_mb_last: last.peak_rss_mb,
  })}`,
);
