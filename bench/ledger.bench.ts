/**
 * Ledger verification throughput (DESIGN §7) on the shipped bundle: `gatehouse verify --no-history` run as its
 * own process (dist/cli.js, or GATEHOUSE_CLI for another build; run `npm run build` first) in a generated
 * governed repository of 1,000,000 entries (the first argument or GATEHOUSE_BENCH_ENTRIES to change), against a
 * peer in the same run: `sha256sum` over the same segment bytes. Each is run three times, alternating, and the
 * best of each is kept; wall clock, CPU time (user + system) and peak RSS come from GNU time when present, and
 * the load average is printed with the figures (the machine may be shared). Targets: at least 200,000 entries/s
 * on one core (entries per CPU second) and a wall clock within 3x of sha256sum's. Last line: BENCH {json}.
 * Usage: npx tsx bench/ledger.bench.ts [ENTRIES]
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateLedger } from '../test/browser/generate-ledger.js';
import { loadAverage, timeProcess, type ProcessTiming } from './process-timing.js';

const N = Number(process.argv[2] ?? process.env.GATEHOUSE_BENCH_ENTRIES ?? 1_000_000);
const RUNS = 3;
const TARGET_RATE = 200_000;
const TARGET_RATIO = 3;
const cli = resolve(process.env.GATEHOUSE_CLI ?? 'dist/cli.js');
if (!existsSync(cli)) throw new Error(`${cli} not found: run \`npm run build\` first`);
type Timing = ProcessTiming;
const timed = (args: string[], cwd: string): Timing => timeProcess(args, { cwd, check: true });
const load = loadAverage;
const r2 = (x: number): number => Math.round(x * 100) / 100;
const best = (runs: Timing[]): Timing => runs.reduce((a, b) => (b.wall < a.wall ? b : a));

const dir = mkdtempSync(join(tmpdir(), 'gh-ledger-bench-'));
try {
  const repo = join(dir, 'repo');
  const t = performance.now();
  const ledger = generateLedger(repo, N);
  console.log(
    `generated ${N} entries, ${ledger.segments} segments, ${(ledger.bytes / 1e6).toFixed(1)} MB ` +
      `(${Math.round(ledger.bytes / N)} bytes per line) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const events = join('ledger', 'events');
  const segments = readdirSync(join(repo, events))
    .sort()
    .map((f) => join(events, f));

  const loadBefore = load();
  const peers: Timing[] = [];
  const runs: Timing[] = [];
  for (let k = 0; k < RUNS; k++) {
    // peer: hash the same ledger bytes once, the floor of any pass that reads every segment
    const peer = timed(['sha256sum', ...segments], repo);
    const run = timed([process.execPath, cli, 'verify', '--no-history', '--json'], repo);
    const report = JSON.parse(run.stdout) as { ok: boolean; entries: number };
    if (!report.ok || report.entries !== N)
      throw new Error(`bench ledger did not verify: ${run.stdout.slice(0, 2000)}`);
    console.log(
      `run ${k + 1}: verify ${run.wall.toFixed(2)} s wall, ${run.cpu.toFixed(2)} s CPU, ${run.rssMb.toFixed(0)} MB; ` +
        `sha256sum ${peer.wall.toFixed(2)} s wall, ${peer.cpu.toFixed(2)} s CPU; load average ${load()}`,
    );
    peers.push(peer);
    runs.push(run);
  }
  const loadAfter = load();
  const run = best(runs);
  const peer = best(peers);
  const rate = N / run.wall;
  const cpuRate = N / run.cpu;
  const ratio = run.wall / peer.wall;
  const cpuRatio = run.cpu / peer.cpu;
  console.log(
    `verify (best of ${RUNS}): ${N} entries in ${run.wall.toFixed(2)} s wall = ${Math.round(rate).toLocaleString('en')} entries/s; ` +
      `${run.cpu.toFixed(2)} s CPU = ${Math.round(cpuRate).toLocaleString('en')} entries/s per core ` +
      `(target ≥ ${TARGET_RATE.toLocaleString('en')}); peak ${run.rssMb.toFixed(0)} MB; ` +
      `sha256sum over the same ${(ledger.bytes / 1e6).toFixed(1)} MB: ${peer.wall.toFixed(2)} s wall, ${peer.cpu.toFixed(2)} s CPU; ` +
      `ratio ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU (target ≤ ${TARGET_RATIO}×); ` +
      `load average ${loadBefore} → ${loadAfter}`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: 'ledger',
      cli,
      entries: N,
      bytes: ledger.bytes,
      runs: RUNS,
      seconds: r2(run.wall),
      cpu_seconds: r2(run.cpu),
      rss_mb: Math.round(run.rssMb),
      entries_per_second: Math.round(rate),
      entries_per_cpu_second: Math.round(cpuRate),
      target_entries_per_cpu_second: TARGET_RATE,
      peer: 'sha256sum over the same segment bytes',
      peer_seconds: r2(peer.wall),
      peer_cpu_seconds: r2(peer.cpu),
      ratio_vs_peer: r2(ratio),
      cpu_ratio_vs_peer: r2(cpuRatio),
      target_ratio: TARGET_RATIO,
      load_average: { before: loadBefore, after: loadAfter },
      ok: cpuRate >= TARGET_RATE && ratio <= TARGET_RATIO,
    })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
