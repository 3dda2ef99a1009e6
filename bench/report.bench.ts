/**
 * `report` on a generated 1,000,000-entry ledger (GATEHOUSE_BENCH_ENTRIES to change): time to write
 * the site (target < 60 s) and its total size, against a peer in the same run — the floor any report
 * must pay: read every segment and JSON.parse every line. Last line: BENCH {json}.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from '../src/repo/fs-tree.js';
import { buildReport } from '../src/report/build.js';
import { ReportWriter } from '../src/report/write.js';
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
  const writer = ReportWriter.open(join(dir, 'site'));
  const result = await buildReport(new FsTree(repo), writer, {
    now: new Date('2026-01-20T00:00:00Z'),
    repoLabel: 'bench',
  });
  writer.commit('{}\n');
  const seconds = (performance.now() - t) / 1000;
  const rss = process.memoryUsage().rss;
  console.log(
    `report: ${seconds.toFixed(1)} s (target < 60 s), ${writer.files} files, ${(writer.bytes / 1e6).toFixed(0)} MB ` +
      `(${result.chunks} entry files, ${result.states} state files), chain ${result.model.chain.ok ? 'verified' : 'FAILED'}`,
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
      site_bytes: writer.bytes,
      ledger_bytes: ledger.bytes,
      size_ratio: Number((writer.bytes / ledger.bytes).toFixed(3)),
      first_page_bytes: firstPageBytes,
      files: writer.files,
      rss_mb: Math.round(rss / 1e6),
      ok: result.model.chain.ok && seconds < 60,
    })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
