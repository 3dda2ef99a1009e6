/**
 * `gatehouse report` on a generated 1,000,000-entry ledger (GATEHOUSE_BENCH_ENTRIES or the first argument to
 * change), run on the shipped bundle dist/cli.js (GATEHOUSE_CLI to point at another build; run `npm run build`
 * first) as its own process: wall clock, CPU time and peak RSS (GNU time when present) for the full verification
 * plus the site (issue 14: under 8 s and 500 MB), against a peer in the same run: `sha256sum` over the same
 * ledger bytes. The load average is printed with the figures (the machine may be shared). Last line: BENCH {json}.
 * Usage: npx tsx bench/report.bench.ts [ENTRIES]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateLedger } from '../test/browser/generate-ledger.js';
import { loadAverage, timeProcess, type ProcessTiming } from './process-timing.js';

const N = Number(process.argv[2] ?? process.env.GATEHOUSE_BENCH_ENTRIES ?? 1_000_000);
const TARGET_SECONDS = 8;
const TARGET_RSS_MB = 500;
const cli = resolve(process.env.GATEHOUSE_CLI ?? 'dist/cli.js');
if (!existsSync(cli)) throw new Error(`${cli} not found: run \`npm run build\` first`);
const timed = (args: string[]): ProcessTiming => timeProcess(args, { check: true });
const load = loadAverage;
const r2 = (x: number): number => Math.round(x * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'gh-bench-report-'));
try {
  const repo = join(dir, 'repo');
  let t = performance.now();
  const ledger = generateLedger(repo, N);
  console.log(
    `generated ${N} entries (${(ledger.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const events = join(repo, 'ledger', 'events');
  const segments = readdirSync(events)
    .sort()
    .map((f) => join(events, f));

  // the generated files reach the disk before anything is timed (writeback would share the cores)
  spawnSync('sync');
  const loadBefore = load();
  // peer: hash the same ledger bytes once, the floor of any pass that reads every segment
  const peer = timed(['sha256sum', ...segments]);
  console.log(`peer (sha256sum over the ${segments.length} segments): ${peer.wall.toFixed(2)} s`);
  t = performance.now();
  const run = timed([
    process.execPath,
    cli,
    'report',
    '--repo',
    repo,
    '--out',
    join(dir, 'site'),
    '--json',
    '--now',
    '2026-01-20T00:00:00Z',
  ]);
  const loadAfter = load();
  const summary = JSON.parse(run.stdout) as {
    files: number;
    bytes: number;
    chunks: number;
    states: number;
    chain: { ok: boolean };
  };
  console.log(
    `report: ${run.wall.toFixed(2)} s wall (target < ${TARGET_SECONDS} s), ${run.cpu.toFixed(2)} s CPU, ` +
      `peak ${run.rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB); ${(run.wall / peer.wall).toFixed(1)}× sha256sum; ` +
      `${summary.files} files, ${(summary.bytes / 1e6).toFixed(0)} MB (${summary.chunks} entry files, ` +
      `${summary.states} state files), chain ${summary.chain.ok ? 'verified' : 'FAILED'}; load average ${loadBefore} → ${loadAfter}`,
  );
  const size = (f: string): number => readFileSync(join(dir, 'site', f)).byteLength;
  const first = size('data/entries-000000.js');
  const index = size('data/index.js');
  const html = size('index.html');
  const firstPageBytes = first + index + html + size('assets/app.js');
  console.log(
    `first page loads ${(firstPageBytes / 1e3).toFixed(0)} kB (index.html ${(html / 1e3).toFixed(0)} kB, index.js ${(index / 1e3).toFixed(0)} kB, first data file ${(first / 1e3).toFixed(0)} kB)`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: 'report',
      cli,
      entries: N,
      seconds: r2(run.wall),
      cpu_seconds: r2(run.cpu),
      rss_mb: Math.round(run.rssMb),
      target_seconds: TARGET_SECONDS,
      target_rss_mb: TARGET_RSS_MB,
      entries_per_second: Math.round(N / run.wall),
      peer: 'sha256sum over the same ledger bytes',
      peer_seconds: r2(peer.wall),
      ratio_vs_peer: r2(run.wall / peer.wall),
      load_average: { before: loadBefore, after: loadAfter },
      site_bytes: summary.bytes,
      ledger_bytes: ledger.bytes,
      size_ratio: Number((summary.bytes / ledger.bytes).toFixed(3)),
      first_page_bytes: firstPageBytes,
      files: summary.files,
      ok: summary.chain.ok && run.wall < TARGET_SECONDS && !(run.rssMb >= TARGET_RSS_MB),
    })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
