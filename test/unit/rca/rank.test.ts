import { describe, expect, it } from 'vitest';
import { makeEntry } from '../../../src/ledger/chain.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { newestFirst, rankCauses, scoreEntry, touched } from '../../../src/rca/rank.js';

const T0 = Date.parse('2026-01-18T14:00:00Z');
const ts = (min: number): string => new Date(T0 + min * 60_000).toISOString().replace('.000Z', 'Z');

/** Ledger lines: genesis, then one capacity change per item at its minute, on its service's gate. */
function ledger(changes: { min: number; service: string; region?: string }[]): string[] {
  const lines: string[] = [];
  const push = (draft: Omit<LedgerEntry, 'v' | 'seq' | 'prev'>): void => {
    lines.push(
      makeEntry({ ...draft, seq: lines.length }, lines.length === 0 ? null : lines[lines.length - 1]!).line,
    );
  };
  push({ ts: ts(0), type: 'genesis', actor: 'alice', body: { state: { resources: {}, switches: {} } } });
  changes.forEach((c, i) => {
    const created = c.region !== undefined;
    push({
      ts: ts(c.min),
      type: 'change.applied',
      actor: 'ops-agent',
      level: 3,
      subject: { change: `CHG-${i + 1}` },
      body: {
        manifest: { title: `change ${i + 1}` },
        ops: created
          ? [
              {
                op: 'create',
                key: `${c.service}/r${i}`,
                path: '',
                after: { service: c.service, id: `r${i}`, region: c.region },
              },
            ]
          : [{ op: 'update', key: `${c.service}/gate-a`, path: '/spec/capacity', before: i, after: i + 1 }],
      },
    });
  });
  return lines;
}

const segs = (lines: string[], size: number) => {
  const out = [];
  for (let i = 0; i < lines.length; i += size) {
    const text = `${lines.slice(i, i + size).join('\n')}\n`;
    out.push({ firstSeq: i, read: () => text });
  }
  return out;
};

describe('root cause ranking', () => {
  it('ranks the change closest before the anomaly on the anomaly service first, and explains why', () => {
    const lines = ledger([
      { min: 10, service: 'park-ticketing' },
      { min: 50, service: 'staff-scheduling' },
      { min: 55, service: 'park-ticketing' },
      { min: 70, service: 'park-ticketing' }, // after the anomaly
    ]);
    const r = rankCauses(newestFirst(segs(lines, 2)), {
      at: ts(60),
      services: ['park-ticketing'],
      regions: [],
    });
    expect(r.candidates.map((c) => c.seq)).toEqual([3, 1, 2]);
    const top = r.candidates[0]!;
    expect(top).toMatchObject({ change: 'CHG-3', title: 'change 3', overlap: 1, before_s: 300 });
    expect(top.explain.join('\n')).toMatch(/5m before the anomaly/);
    expect(top.explain.join('\n')).toMatch(/touches service park-ticketing/);
    // the unrelated service scores low even though it is close in time
    expect(r.candidates[2]!.explain.join('\n')).toMatch(/touches no anomaly service/);
  });

  it('uses regions from the ops and from the resource index', () => {
    const e = JSON.parse(ledger([{ min: 1, service: 's', region: 'eu-central-1' }])[1]!) as LedgerEntry;
    expect(touched(e.body.ops as never)).toEqual({ services: ['s'], regions: ['eu-central-1'] });
    const u = JSON.parse(ledger([{ min: 1, service: 's' }])[1]!) as LedgerEntry;
    expect(touched(u.body.ops as never, () => 'us-west-2').regions).toEqual(['us-west-2']);
    const c = scoreEntry(
      u,
      { at: ts(1), services: ['s'], regions: ['us-east-1'] },
      { regionOf: () => 'us-west-2' },
    )!;
    expect(c.overlap).toBe(0.5);
  });

  it('ranks by time alone when the anomaly has no labels', () => {
    const lines = ledger([
      { min: 10, service: 'a' },
      { min: 20, service: 'b' },
    ]);
    const r = rankCauses(newestFirst(segs(lines, 10)), { at: ts(30), services: [], regions: [] });
    expect(r.candidates.map((c) => c.seq)).toEqual([2, 1]);
    expect(r.candidates[0]!.explain.join(' ')).toMatch(/ranked by time alone/);
  });

  it('stops scanning at the horizon instead of reading the whole ledger', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ min: i, service: 'park-ticketing' }));
    const lines = ledger(many);
    let reads = 0;
    const counted = segs(lines, 50).map((s) => ({ ...s, read: () => (reads++, s.read()) }));
    const r = rankCauses(
      newestFirst(counted),
      { at: ts(499), services: [], regions: [] },
      { horizonMs: 60 * 60_000 },
    );
    expect(r.scanned).toBe(61);
    expect(r.oldestSeq).toBe(440);
    expect(reads).toBe(3); // of 11 segments
  });

  it('numbers lines correctly when reading segments newest first', () => {
    const lines = ledger([
      { min: 1, service: 'a' },
      { min: 2, service: 'a' },
      { min: 3, service: 'a' },
    ]);
    const seen = [...newestFirst(segs(lines, 3))];
    expect(seen.map((x) => x.seq)).toEqual([3, 2, 1, 0]);
    expect(seen.every((x) => (JSON.parse(x.line) as LedgerEntry).seq === x.seq)).toBe(true);
  });
});
