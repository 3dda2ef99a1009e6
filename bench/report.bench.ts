/**
 * `gatehouse report` on a generated 1,000,000-entry ledger (GATEHOUSE_BENCH_ENTRIES to change): time
 * to verify the ledger and write the site (target < 60 s) and its total size, against a peer in the same run — the floor any report
 * must pay: read every segment and JSON.parse every line. Last line: BENCH {json}.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { generateLedger } from '../test/browser/generate-ledger.js';

const N = Number(process.env.GATEHOUSE_BENCH_ENTRIES ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'gh-bench-report-'));
try {
  const repo = join(dir, 'repo');
  let t = performance.now();
  const ledger = generateLedger(repo, N);
  const ledgerSeconds = (performance.now() - t) / 1000;
  console.log(
    `generated ${N} entries (${(ledger.bytes / 1e6).toFixed(0)} MB) in ${ledgerSeconds.toFixed(1)} s`,
  );

  // peer: read and parse every line, nothing else
  t = performance.now();
  const events = join(repo, 'ledger', 'events');
  let parsed = 0;
  for (const f of readdirSync(events).sort())
    for (const line of readFileSync(join(events, f), 'utf8').split('\n'))
      if (line) {
        JSON.parse(line);
        parsed++;
      }
  const peerSeconds = (performance.now() - t) / 1000;
  console.log(`peer (read + JSON.parse ${parsed} lines): ${peerSeconds.toFixed(2)} s`);

  t = performance.now();
  // the command itself: full verification (as `gatehouse verify`) plus the site
  const captured: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (
    captured.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  const code = await main([
    'report',
    '--repo',
    repo,
    '--out',
    join(dir, 'site'),
    '--json',
    '--now',
    '2026-01-20T00:00:00Z',
  ]);
  process.stdout.write = write;
  const seconds = (performance.now() - t) / 1000;
  const rss = process.memoryUsage().rss;
  const summary = JSON.parse(captured.join('')) as {
    files: number;
    bytes: number;
    chunks: number;
    states: number;
    chain: { ok: boolean };
  };
  if (code !== 0) throw new Error(`report exited ${code}`);
  console.log(
    `report: ${seconds.toFixed(1)} s (target < 60 s), ${summary.files} files, ${(summary.bytes / 1e6).toFixed(0)} MB ` +
      `(${summary.chunks} entry files, ${summary.states} state files), chain ${summary.chain.ok ? 'verified' : 'FAILED'}`,
  );
  const first = readFileSync(join(dir, 'site', 'data', 'entries-000000.js')).byteLength;
  const index = readFileSync(join(dir, 'site', 'data', 'index.js')).byteLength;
  const html = readFileSync(join(dir, 'site', 'index.html')).byteLength;
  const firstPageBytes =
    first + index + html + readFileSync(join(dir, 'site', 'assets', 'app.js')).byteLength;
  console.log(
    `first page loads ${(firstPageBytes / 1e3).toFixed(0)} kB (index.html ${(html / 1e3).toFixed(0)} kB, index.js ${(index / 1e3).toFixed(0)} kB, first data file ${(first / 1e3).toFixed(0)} kB)`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: 'report',
      entries: N,
      seconds: Number(seconds.toFixed(2)),
      target_seconds: 60,
      entries_per_second: Math.round(N / seconds),
      peer: 'read + JSON.parse every line',
      peer_seconds: Number(peerSeconds.toFixed(2)),
      ratio_vs_peer: Number((seconds / peerSeconds).toFixed(2)),
      site_bytes: summary.bytes,
      ledger_bytes: ledger.bytes,
      size_ratio: Number((summary.bytes / ledger.bytes).toFixed(3)),
      first_page_bytes: firstPageBytes,
      files: summary.files,
      rss_mb: Math.round(rss / 1e6),
      ok: summary.chain.ok && seconds < 60,
    })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
