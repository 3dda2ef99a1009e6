/**
 * DESIGN §7: the report use case (src/app/build-report.ts) reads each ledger segment once, the verifier and the
 * report sharing its text, and its site is the one the report builds from the tree alone (src/report/build.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/app/build-report.js';
import { reportPorts } from '../../../src/assembly/report-ports.js';
import { generateLedger } from '../../browser/generate-ledger.js';
import { siteFiles } from '../../support/site-files.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-01-20T00:00:00Z');

describe('report in one pass over the ledger', () => {
  it('reads every segment file once and writes the same site as reading them twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-report-pass-'));
    const repo = join(dir, 'repo');
    const g = generateLedger(repo, 45, { segment: 10 });
    writeFileSync(
      join(repo, 'gatehouse.yaml'),
      'ledger:\n  origin: test.example/ledger\n  segment_size: 10\n',
    );
    expect(g.segments).toBe(5);
    const reads = new Map<string, number>();
    const count = (file: string): void => void reads.set(file, (reads.get(file) ?? 0) + 1);
    const ports = reportPorts(repo);
    const ledgerFiles = ports.ledgerFiles;
    const read = ports.workTree.read.bind(ports.workTree);
    ports.workTree.read = async (path) => {
      if (path.endsWith('.jsonl')) count(path);
      return read(path);
    };
    const counted = {
      ...ports,
      ledgerFiles: async (layout: Parameters<typeof ledgerFiles>[0]) => {
        const lf = await ledgerFiles(layout);
        return {
          ...lf,
          segments: lf.segments.map((s) => ({
            file: s.file,
            text: () => (count(s.file), typeof s.text === 'string' ? s.text : s.text()),
          })),
        };
      },
    };
    const r = await buildReport({ out: join(dir, 'a'), now: NOW, repoLabel: 'repo', chunkSize: 4 }, counted);
    expect(r).toMatchObject({ entries: 45, chain: { ok: true } });
    expect([...reads.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(reads.size).toBe(5);

    // the same report when the verifier hands nothing over: every segment then read from the tree
    const none = {
      ...ports,
      ledgerFiles: async (layout: Parameters<typeof ledgerFiles>[0]) => ({
        ...(await ledgerFiles(layout)),
        segments: [],
      }),
    };
    const again = await buildReport({ out: join(dir, 'b'), now: NOW, repoLabel: 'repo', chunkSize: 4 }, none);
    expect(again.entries).toBe(45);
    const a = siteFiles(join(dir, 'a'));
    const b = siteFiles(join(dir, 'b'));
    expect(Object.keys(a).length).toBeGreaterThan(10);
    // the chain differs (the verifier saw no segments); every entry and state file is the same
    const data = Object.keys(a).filter((f) => f.includes('/data/entries-') || f.includes('/data/state-'));
    expect(data.length).toBeGreaterThanOrEqual(12);
    for (const f of data) expect(b[f], f).toBe(a[f]);
  });
});
