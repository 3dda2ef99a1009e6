import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBlastRadius } from '../../../src/blast-radius/evaluate.js';
import type { BlastRadiusPolicy } from '../../../src/core/documents.js';
import type { Op } from '../../../src/core/state-types.js';
import { BASE, NOW, stateOf, updates } from '../gate/helpers.js';

const policy: BlastRadiusPolicy = {
  limits: { percent: 0.05, service: 0.1, region: 0.2 },
  services: { 'park-ticketing': { max_affected: 100 } },
  levels: { '3': { percent: 0.02 } },
  window: { duration: '1h', levels: [3, 4] },
};

function entry(seq: number, ts: string, affected: number, level: 3 | 2 = 3, rolledBack = false) {
  return {
    seq,
    ts,
    type: 'change.applied',
    level,
    affected,
    services: ['park-ticketing'],
    regions: ['us-east-1'],
    rolledBack,
  };
}

describe('evaluateBlastRadius', () => {
  it('counts distinct resources created, updated or deleted', () => {
    const ops: Op[] = [
      ...updates(2),
      { op: 'update', key: updates(1)[0]!.key, path: '/spec/open', before: false, after: true },
      {
        op: 'create',
        key: 'park-ticketing/new-1',
        path: '',
        after: { service: 'park-ticketing', id: 'new-1', region: 'us-east-1' },
      },
      { op: 'delete', key: 'parade-schedule/eu-central-1-r0000', path: '', before: {} },
    ];
    const r = evaluateBlastRadius({ policy, ops, baseState: BASE });
    expect(r.affected.keys).toHaveLength(4);
    expect(r.affected.total).toBe(301); // base ∪ created
    expect(Object.fromEntries(r.affected.byService)).toEqual({ 'parade-schedule': 1, 'park-ticketing': 3 });
    expect(Object.fromEntries(r.affected.byRegion)).toEqual({ 'eu-central-1': 1, 'us-east-1': 3 });
  });

  it('counts a resource moved between regions in both', () => {
    const key = updates(1)[0]!.key;
    const r = evaluateBlastRadius({
      policy,
      ops: [{ op: 'update', key, path: '/region', before: 'us-east-1', after: 'eu-central-1' }],
      baseState: BASE,
    });
    expect([...r.affected.byRegion.keys()]).toEqual(['eu-central-1', 'us-east-1']);
  });

  it('tightens limits for the level and names the binding dimension', () => {
    const r = evaluateBlastRadius({ policy, ops: updates(7), baseState: BASE, level: 3, now: NOW });
    expect(r.node.status).toBe('fail');
    expect(r.binding?.id).toBe('blast-radius/percent');
    expect(r.node.reason).toBe(
      '7 resources affected in the repository; allowed 6 (ceil(300 × 0.02)) (and 1 more dimension over)',
    );
    const l2 = evaluateBlastRadius({ policy, ops: updates(7), baseState: BASE, level: 2, now: NOW });
    expect(l2.node.status).toBe('pass');
  });

  it('spends a rolling window budget shared with recent entries of the windowed levels', () => {
    const ledgerWindow = [
      entry(1, '2026-01-18T14:10:00Z', 3),
      entry(2, '2026-01-18T14:20:00Z', 2, 2), // level 2 is not windowed
      entry(3, '2026-01-18T13:59:00Z', 50), // outside the hour
      entry(4, '2026-01-18T14:30:00Z', 50, 3, true), // rolled back
    ];
    const ok = evaluateBlastRadius({
      policy,
      ops: updates(3),
      baseState: BASE,
      level: 3,
      now: NOW,
      ledgerWindow,
    });
    expect(ok.node.status).toBe('pass');
    const w = ok.node.children.find((c) => c.id === 'blast-radius/window')!;
    expect(w.numbers).toEqual({ affected: 6, allowed: 6, total: 300 });
    expect(w.reason).toBe(
      '6 resources affected in the last 1h; allowed 6 (ceil(300 × 0.02); 3 already spent by 1 level 3/4 change)',
    );
    const over = evaluateBlastRadius({
      policy,
      ops: updates(4),
      baseState: BASE,
      level: 3,
      now: NOW,
      ledgerWindow,
    });
    expect(over.node.status).toBe('fail');
    expect(over.binding?.id).toBe('blast-radius/window');
    const notWindowed = evaluateBlastRadius({
      policy,
      ops: updates(4),
      baseState: BASE,
      level: 2,
      now: NOW,
      ledgerWindow,
    });
    expect(notWindowed.node.children.some((c) => c.id === 'blast-radius/window')).toBe(false);
  });

  it('is an error, not a pass, when the window duration does not parse', () => {
    const r = evaluateBlastRadius({
      policy: { ...policy, window: { duration: 'soon', levels: [3] } },
      ops: updates(1),
      baseState: BASE,
      level: 3,
      now: NOW,
    });
    expect(r.node.status).toBe('error');
    expect(r.node.reason).toBe('window.duration "soon" is not a duration');
  });

  it('points each dimension at the policy line that sets its limit', () => {
    const lines: Record<string, number> = {
      '/limits': 1,
      '/limits/percent': 6,
      '/limits/region': 1,
      '/services/park-ticketing': 2,
      '/levels/3': 4,
      '/window': 5,
    };
    const locate = (p: string) => (lines[p] !== undefined ? { line: lines[p]!, col: 3 } : undefined);
    const source = { file: 'policies/blast-radius.yaml' };
    const r = evaluateBlastRadius({
      policy,
      ops: updates(150),
      baseState: BASE,
      level: 2,
      now: NOW,
      source,
      locate,
    });
    const lineOf = (id: string) => r.node.children.find((c) => c.id === id)!.source?.line;
    expect(lineOf('blast-radius/service:park-ticketing')).toBe(2);
    expect(lineOf('blast-radius/percent')).toBe(6);
    expect(r.node.source).toEqual({ file: 'policies/blast-radius.yaml', line: 6, col: 3 }); // the binding dimension
    const l3 = evaluateBlastRadius({
      policy,
      ops: updates(1),
      baseState: BASE,
      level: 3,
      now: NOW,
      source,
      locate,
    });
    expect(l3.node.children.map((c) => c.source?.line)).toEqual([4, 2, 1, 5]);
  });

  it('passes a change with no ops', () => {
    const r = evaluateBlastRadius({ policy, ops: [], baseState: BASE });
    expect(r.node).toMatchObject({ status: 'pass', reason: 'no resources affected' });
  });

  it('never turns a fail into a pass when more resources are affected (monotonicity)', () => {
    const base = stateOf([
      { service: 's1', region: 'r1', count: 30 },
      { service: 's1', region: 'r2', count: 12 },
      { service: 's2', region: 'r2', count: 25 },
      { service: 's3', region: 'r3', count: 7 },
    ]);
    const keys = Object.keys(base.resources).sort();
    const opFor = (i: number, kind: number): Op => {
      if (i >= keys.length) {
        const id = `new-${i}`;
        return {
          op: 'create',
          key: `s${(i % 3) + 1}/${id}`,
          path: '',
          after: { service: `s${(i % 3) + 1}`, id, region: `r${(i % 3) + 1}` },
        };
      }
      const key = keys[i]!;
      return kind === 0
        ? { op: 'update', key, path: '/spec/capacity', before: 500, after: 1 }
        : kind === 1
          ? { op: 'delete', key, path: '', before: {} }
          : { op: 'update', key, path: '/region', before: base.resources[key]!.region!, after: 'r3' };
    };
    const frac = fc.double({ min: 0.01, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: keys.length + 10 }), { maxLength: 40 }),
        fc.array(fc.nat({ max: 2 }), { minLength: 90, maxLength: 90 }),
        fc.nat({ max: 40 }),
        frac,
        frac,
        frac,
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        fc.constantFrom<(2 | 3)[]>([2], [3]),
        (picked, kinds, cut, percent, service, region, cap, [level]) => {
          const p: BlastRadiusPolicy = {
            limits: { percent, service, region },
            ...(cap !== undefined
              ? { services: { s1: { max_affected: cap } }, regions: { r2: { max_affected: cap } } }
              : {}),
            window: { duration: '1h', levels: [3] },
          };
          const all = picked.map((i) => opFor(i, kinds[i] ?? 0));
          const fewer = all.slice(0, Math.min(cut, all.length));
          const ledgerWindow = [entry(1, '2026-01-18T14:30:00Z', 2)];
          const small = evaluateBlastRadius({
            policy: p,
            ops: fewer,
            baseState: base,
            level,
            now: NOW,
            ledgerWindow,
          });
          const big = evaluateBlastRadius({
            policy: p,
            ops: all,
            baseState: base,
            level,
            now: NOW,
            ledgerWindow,
          });
          if (small.node.status === 'fail') expect(big.node.status).toBe('fail');
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('evaluateBlastRadius: rollbacks and the rolling budget', () => {
  const ledgerWindow = [entry(1, '2026-01-18T14:10:00Z', 6), entry(2, '2026-01-18T14:20:00Z', 2)];
  const args = { policy, ops: updates(6), baseState: BASE, level: 3 as const, now: NOW, ledgerWindow };

  it('never blocks a genuine rollback on the budget, even the one its reverted entry spent', () => {
    const plain = evaluateBlastRadius(args);
    expect(plain.node.children.find((c) => c.id === 'blast-radius/window')!.status).toBe('fail'); // 6 + 8 > 6
    const rb = evaluateBlastRadius({ ...args, genuineRollback: [1] });
    const w = rb.node.children.find((c) => c.id === 'blast-radius/window')!;
    expect(w).toMatchObject({ status: 'pass', numbers: { affected: 0, spent: 2 } });
    expect(w.reason).toBe(
      'a rollback of entry 1 spends no rolling budget (2 spent in the last 1h by 1 level 3/4 change)',
    );
    expect(rb.node.status).toBe('pass');
    expect(rb.dimensions.some((d) => d.id === 'blast-radius/window')).toBe(false);
  });
});
