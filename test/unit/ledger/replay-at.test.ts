import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeEntry } from '../../../src/ledger/chain.js';
import { countUntil, lineTs, stateAfter } from '../../../src/ledger/replay-at.js';
import { applyEntry, canonicalStateJson, emptyState, stateHash } from '../../../src/state/replay.js';
import { capacityDraft, genesisDraft } from './helpers.js';

/** genesis + `changes` capacity changes, a snapshot entry every 5th seq; snapshot files in a map. */
function ledger(changes: number): { lines: string[]; files: Map<string, string> } {
  const lines: string[] = [];
  const files = new Map<string, string>();
  const state = emptyState();
  const add = (fields: Parameters<typeof makeEntry>[0]): void => {
    const { entry, line } = makeEntry(fields, lines.length === 0 ? null : lines[lines.length - 1]!);
    applyEntry(state, entry);
    lines.push(line);
  };
  const { key: _g, ...g } = genesisDraft();
  add({ ...g, seq: 0 });
  for (let i = 1; i <= changes; i++) {
    if (lines.length % 5 === 0) {
      const file = `ledger/snapshots/${lines.length}.json`;
      files.set(file, `${canonicalStateJson(state)}\n`);
      add({
        seq: lines.length,
        ts: capacityDraft(i).ts,
        type: 'snapshot',
        actor: 'gatehouse',
        body: { state: stateHash(state), file },
      });
    }
    const { key: _k, ...c } = capacityDraft(i);
    add({ ...c, seq: lines.length });
  }
  return { lines, files };
}

describe('state at a point of the ledger', () => {
  const { lines, files } = ledger(40);
  const full = (count: number): string => canonicalStateJson(stateAfter(lines, count).state);

  it('gives the same state from the nearest snapshot as from genesis, for every target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines.length }), (count) => {
        const reads: number[] = [];
        const r = stateAfter(lines, count, (seq, file) => (reads.push(seq), files.get(file)));
        expect(canonicalStateJson(r.state)).toBe(full(count));
        const nearest = [...files.keys()]
          .map((f) => Number(/(\d+)\.json/.exec(f)![1]))
          .filter((s) => s <= Math.min(count, lines.length - 1));
        expect(r.from).toBe(nearest.length > 0 ? Math.max(...nearest) : null);
      }),
      { numRuns: 200 },
    );
  });

  it('ignores a snapshot file that does not match the hash its entry recorded', () => {
    const tampered = new Map(files);
    tampered.set(
      'ledger/snapshots/10.json',
      files.get('ledger/snapshots/10.json')!.replace('"capacity":', '"capacity":1'),
    );
    const r = stateAfter(lines, 12, (_s, f) => tampered.get(f));
    expect(r.from).toBe(5);
    expect(canonicalStateJson(r.state)).toBe(full(12));
  });

  it('counts the entries stamped at or before a time, and reads the top-level ts of a line', () => {
    expect(lineTs(lines[1]!)).toBe('2026-01-18T14:01:00Z');
    expect(countUntil(lines, new Date('2026-01-18T13:59:59Z'))).toBe(0);
    expect(countUntil(lines, new Date('2026-01-18T14:00:00Z'))).toBe(1);
    expect(countUntil(lines, new Date('2026-01-18T14:03:30Z'))).toBe(4);
    expect(countUntil(lines, new Date('2027-01-01T00:00:00Z'))).toBe(lines.length);
  });
});
