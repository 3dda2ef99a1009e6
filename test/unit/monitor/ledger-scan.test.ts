/**
 * The monitor's one-segment-at-a-time scan (src/app/run-monitor-history.ts LedgerScan) gives what the reading
 * of every line at once gave: the wanted commits some entry's subject.commit names, and the ts of the last
 * entry that is not an alert.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerScan, recordedCommits } from '../../../src/app/run-monitor-history.js';
import { lineTs } from '../../../src/ledger/replay-at.js';
import { lastActivityTs } from '../../../src/monitor/ledger-alerts.js';

const COMMITS = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'd'.repeat(64)];
const escaped = (c: string): string => `\\u00${c.charCodeAt(0).toString(16)}${c.slice(1)}`;

const line = fc
  .record({
    kind: fc.constantFrom('change', 'alert.raised', 'alert.resolved', 'body-commit', 'escaped', 'broken'),
    commit: fc.constantFrom(...COMMITS),
    other: fc.constantFrom(...COMMITS),
    minute: fc.integer({ min: 10, max: 59 }),
  })
  .map(({ kind, commit, other, minute }) => {
    const ts = `2026-01-18T10:${minute}:00Z`;
    switch (kind) {
      case 'change':
        return `{"body":{"commit":"${other}"},"subject":{"commit":"${commit}"},"ts":"${ts}","type":"change.applied"}`;
      case 'body-commit':
        return `{"body":{"commit":"${commit}"},"subject":{"change":"CHG-1"},"ts":"${ts}","type":"change.applied"}`;
      case 'escaped':
        return `{"subject":{"commit":"${escaped(commit)}"},"ts":"${ts}","type":"change.applied"}`;
      case 'broken':
        return `{"subject":{"commit":"${commit}"`;
      default:
        return `{"subject":{"alert":"fp-1"},"ts":"${ts}","type":"${kind}"}`;
    }
  });

describe('LedgerScan', () => {
  it('property: per segment, in any order and more than once, it equals the reading of every line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(line, { maxLength: 6 }), { maxLength: 5 }),
        fc.subarray(COMMITS),
        fc.boolean(),
        (segments, wanted, newline) => {
          const scan = new LedgerScan(new Set(wanted));
          const texts = segments.map((ls) => ls.join('\n') + (newline && ls.length > 0 ? '\n' : ''));
          const order = texts.map((_, i) => i).reverse();
          for (const i of [...order, ...order]) scan.segment(i, texts[i]!);
          const all = segments.flat();
          const expected = [...recordedCommits(all)].filter((c) => wanted.includes(c)).sort();
          expect([...scan.recorded].sort()).toEqual(expected);
          expect(scan.lastActivity()).toBe(lastActivityTs(all, lineTs));
          expect(texts.every((_, i) => scan.has(i))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a commit named only with an escape, and not one named only in a body', () => {
    const scan = new LedgerScan(new Set([COMMITS[0]!, COMMITS[1]!]));
    scan.segment(
      0,
      [
        `{"subject":{"commit":"${escaped(COMMITS[0]!)}"},"ts":"2026-01-18T10:00:00Z","type":"change.applied"}`,
        `{"body":{"commit":"${COMMITS[1]!}"},"ts":"2026-01-18T10:01:00Z","type":"change.applied"}`,
      ].join('\n'),
    );
    expect([...scan.recorded]).toEqual([COMMITS[0]]);
  });
});
