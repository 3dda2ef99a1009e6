import { describe, expect, it } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { makeEntry } from '../../../src/ledger/chain.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { leafHash, merkleRoot } from '../../../src/ledger/merkle.js';
import { ChainChecker } from '../../../src/report/chain.js';

function ledger(n: number): string[] {
  const lines: string[] = [];
  for (let seq = 0; seq < n; seq++) {
    const { line } = makeEntry(
      {
        seq,
        ts: `2026-01-18T10:00:${String(seq % 60).padStart(2, '0')}Z`,
        type: seq ? 'interrupt' : 'genesis',
        actor: 'alice',
        body: seq ? { n: seq } : { state: { resources: {}, switches: {} } },
      },
      seq ? lines[seq - 1]! : null,
    );
    lines.push(line);
  }
  return lines;
}

function check(lines: string[], checkpoints: { size: number; root: string }[] = []) {
  const c = new ChainChecker(checkpoints);
  lines.forEach((l, i) => c.add(l, JSON.parse(l) as LedgerEntry, { file: 'seg.jsonl', line: i + 1 }));
  return c.finish();
}

describe('ChainChecker', () => {
  it('computes the RFC 9162 root the ledger module computes, for every size up to 40', () => {
    const lines = ledger(40);
    for (let n = 0; n <= 40; n++) {
      const status = check(lines.slice(0, n));
      expect(status.ok).toBe(true);
      expect(status.size).toBe(n);
      expect(status.root).toBe(
        `sha256:${merkleRoot(lines.slice(0, n).map((l) => leafHash(l))).toString('hex')}`,
      );
    }
  });

  it('reports the head as the leaf hash of the last line', () => {
    const lines = ledger(3);
    expect(check(lines).head).toBe(`sha256:${leafHash(lines[2]!).toString('hex')}`);
  });

  it('finds a broken prev link, naming the seq and file:line', () => {
    const lines = ledger(5);
    const e = JSON.parse(lines[3]!) as LedgerEntry;
    e.prev = `sha256:${'f'.repeat(64)}`;
    lines[3] = jcs(e);
    const status = check(lines);
    expect(status.ok).toBe(false);
    expect(status.findings[0]).toMatchObject({ seq: 3, file: 'seg.jsonl', line: 4 });
    expect(status.findings[0]!.message).toMatch(/prev/);
  });

  it('finds a line that is not in JCS form and a seq gap', () => {
    const lines = ledger(4);
    lines[1] = lines[1]!.replace('{', '{ ');
    const status = check([...lines.slice(0, 2), ...lines.slice(3)]);
    expect(status.findings.map((f) => f.message).join('\n')).toMatch(/JCS/);
    expect(status.findings.map((f) => f.message).join('\n')).toMatch(/seq 3, expected 2/);
  });

  it('checks each checkpoint root at its size and flags one beyond the ledger', () => {
    const lines = ledger(10);
    const rootAt = (n: number) => merkleRoot(lines.slice(0, n).map((l) => leafHash(l))).toString('base64');
    const status = check(lines, [
      { size: 4, root: rootAt(4) },
      { size: 7, root: rootAt(6) },
      { size: 12, root: rootAt(10) },
    ]);
    expect(status.checkpoints.map((c) => [c.size, c.ok])).toEqual([
      [4, true],
      [7, false],
      [12, false],
    ]);
    expect(status.ok).toBe(false);
  });
});
