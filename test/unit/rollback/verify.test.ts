import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { planRollback } from '../../../src/rollback/plan.js';
import { verifyRollback } from '../../../src/rollback/verify.js';
import { applyOps } from '../../../src/state/ops.js';
import type { GovernedState, Op, Resource } from '../../../src/core/state-types.js';

const gate = (id: string, capacity: number): Resource => ({
  service: 'park-ticketing',
  id,
  region: 'us-east-1',
  spec: { capacity },
});
const up = (key: string, before: number, after: number): Op => ({
  op: 'update',
  key: `park-ticketing/${key}`,
  path: '/spec/capacity',
  before,
  after,
});

function applied(
  seq: number,
  ops: Op[],
  type = 'change.applied',
  body: Record<string, unknown> = {},
): LedgerEntry {
  return {
    v: 1,
    seq,
    prev: `sha256:${'0'.repeat(64)}`,
    ts: '2026-01-18T14:00:00Z',
    type: type as LedgerEntry['type'],
    actor: 'ops-agent',
    subject: { change: `CHG-${seq}` },
    body: { ops, ...body },
  };
}

const start: GovernedState = {
  resources: {
    'park-ticketing/a': gate('a', 500),
    'park-ticketing/b': gate('b', 500),
    'park-ticketing/c': gate('c', 500),
  },
  switches: {},
};
// entry 1 raised a to 900, entry 2 raised b to 700 then a to 950: `start` is the state BEFORE them
const e1 = applied(1, [up('a', 500, 900)]);
const afterE1 = applyOps(start, e1.body.ops as Op[]);
const e2 = applied(2, [up('a', 900, 950), up('b', 500, 700)]);
const afterE2 = applyOps(afterE1, e2.body.ops as Op[]);
const named = (...es: LedgerEntry[]) => new Map<number, LedgerEntry | undefined>(es.map((e) => [e.seq, e]));

describe('verifyRollback', () => {
  it('accepts ops that are exactly the inverse of the named entry', () => {
    const v = verifyRollback([1], named(e1), 3, afterE1, [up('a', 900, 500)]);
    expect(v).toEqual({
      reverts: [1],
      genuine: true,
      reason: 'ops are exactly the inverse of entry 1 (CHG-1): 1 op',
    });
  });

  it('accepts the inverse of several entries as one change, as `rollback --to` writes it', () => {
    const ops = planRollback(afterE2, [e1, e2]).ops; // a 950→500, b 700→500
    expect(ops).toEqual([up('a', 950, 500), up('b', 700, 500)]);
    expect(verifyRollback([2, 1], named(e1, e2), 3, afterE2, ops)).toMatchObject({
      genuine: true,
      reverts: [1, 2],
    });
  });

  it('refuses ops that change something else, naming the first difference', () => {
    const v = verifyRollback([1], named(e1), 3, afterE1, [up('a', 900, 500), up('c', 500, 800)]);
    expect(v.genuine).toBe(false);
    expect(v.reason).toBe(
      'ops are not the inverse of entry 1 (CHG-1): the change has 2 ops, the inverse 1 op; the change also does update park-ticketing/c /spec/capacity (→ 800)',
    );
    const unrelated = verifyRollback([1], named(e1), 3, afterE1, [up('b', 500, 100)]);
    expect(unrelated.reason).toBe(
      'ops are not the inverse of entry 1 (CHG-1): the change has 1 op, the inverse 1 op; the inverse does update park-ticketing/a /spec/capacity, the change does update park-ticketing/b /spec/capacity',
    );
    const value = verifyRollback([1], named(e1), 3, afterE1, [up('a', 900, 600)]);
    expect(value.reason).toMatch(/the inverse sets 500 \(from 900\), the change sets 600 \(from 900\)$/);
  });

  it('refuses when the inverse does not apply to the state the change starts from', () => {
    // entry 2 changed a after entry 1: reverting entry 1 alone from the state after entry 2 does not apply
    const v = verifyRollback([1], named(e1), 3, afterE2, [up('a', 950, 500)]);
    expect(v.genuine).toBe(false);
    expect(v.reason).toMatch(
      /^ops are not the inverse of entry 1 \(CHG-1\): the inverse of entry 1 \(CHG-1\) does not apply to the state at the base: /,
    );
  });

  it('refuses entries that do not exist, carry no ops, or are not applied changes', () => {
    expect(verifyRollback([7], named(), 3, afterE1, []).reason).toBe(
      'entry 7 does not exist (the ledger at the base has 3 entries)',
    );
    expect(verifyRollback([], named(), 3, afterE1, []).reason).toBe(
      'it names no ledger entry to revert (related.reverts)',
    );
    const flip = { ...applied(1, []), type: 'killswitch.activated' as LedgerEntry['type'] };
    expect(verifyRollback([1], named(flip), 3, afterE1, []).reason).toBe(
      'entry 1 (CHG-1) is a killswitch.activated entry, not an applied change',
    );
    expect(verifyRollback([1], named(applied(1, [])), 3, afterE1, []).reason).toBe(
      'entry 1 (CHG-1) carries no state ops to invert',
    );
  });

  it('refuses undoing a rollback alone: that re-applies the change it undid', () => {
    const rb = applied(2, [up('a', 900, 500)], 'rollback.applied', { reverts: [1] });
    const afterRb = applyOps(afterE1, rb.body.ops as Op[]);
    const v = verifyRollback([2], named(rb), 3, afterRb, [up('a', 500, 900)]);
    expect(v.genuine).toBe(false);
    expect(v.reason).toBe(
      'entry 2 (CHG-2) is itself a rollback (of entry 1); undoing it re-applies that change: propose it as a new change',
    );
    // ... but a range holding both the change and its rollback is fine (they cancel out)
    expect(verifyRollback([1, 2], named(e1, rb), 3, afterRb, []).reason).toMatch(
      /^ops are exactly the inverse/,
    );
  });
});
