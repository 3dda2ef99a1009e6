import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Tagged } from '../../../src/core/jcs.js';
import { GatehouseError } from '../../../src/core/errors.js';
import { makeEntry } from '../../../src/ledger/chain.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { LedgerView, stateAfterSeq } from '../../../src/rollback/ledger-view.js';
import { planRollback } from '../../../src/rollback/plan.js';
import { compareCodeUnits } from '../../../src/state/json.js';
import { applyOps, diffResources, invertOps } from '../../../src/state/ops.js';
import { canonicalStateJson, replay } from '../../../src/state/replay.js';
import type { GovernedState, Op, Resource } from '../../../src/core/state-types.js';

const gate = (id: string, capacity: number, region = 'us-east-1'): Resource => ({
  service: 'park-ticketing',
  id,
  region,
  spec: { open: false, capacity },
});

function genesis(): GovernedState {
  return {
    resources: {
      'park-ticketing/a': gate('a', 500),
      'park-ticketing/b': gate('b', 500),
      'park-ticketing/c': gate('c', 500),
    },
    switches: {},
  };
}

/** A ledger built by applying each target (a full resources map) as a change.applied entry. */
function build(
  targets: Record<string, Resource>[],
  snapshotEvery = 0,
): { entries: LedgerEntry[]; lines: string[]; snapshots: Map<number, () => string> } {
  const lines: string[] = [];
  const entries: LedgerEntry[] = [];
  const snapshots = new Map<number, () => string>();
  let state = genesis();
  const push = (d: Omit<LedgerEntry, 'v' | 'seq' | 'prev'>): void => {
    const { entry, line } = makeEntry(
      { ...d, seq: lines.length },
      lines.length ? lines[lines.length - 1]! : null,
    );
    lines.push(line);
    entries.push(entry);
  };
  push({ ts: '2026-01-18T14:00:00Z', type: 'genesis', actor: 'alice', body: { state } });
  targets.forEach((t, i) => {
    if (snapshotEvery > 0 && lines.length % snapshotEvery === 0) {
      const text = canonicalStateJson(state);
      snapshots.set(lines.length, () => `${text}\n`);
      push({
        ts: '2026-01-18T14:00:00Z',
        type: 'snapshot',
        actor: 'gatehouse',
        body: { state: sha256Tagged(text), file: `ledger/snapshots/${lines.length}.json` },
      });
    }
    const ops = diffResources(state.resources, t);
    state = applyOps(state, ops);
    push({
      ts: '2026-01-18T14:00:00Z',
      type: 'change.applied',
      actor: 'ops-agent',
      subject: { change: `CHG-${i + 1}` },
      body: { ops },
    });
  });
  return { entries, lines, snapshots };
}

const sortOps = (ops: Op[]): Op[] =>
  [...ops].sort((x, y) => compareCodeUnits(x.key, y.key) || compareCodeUnits(x.path, y.path));

describe('rollback planning', () => {
  it('rolls back one entry with exactly the inverse of its ops', () => {
    const g = genesis().resources;
    const { entries } = build([
      { ...g, 'park-ticketing/a': gate('a', 900) },
      { ...g, 'park-ticketing/a': gate('a', 900), 'park-ticketing/b': gate('b', 700) },
    ]);
    const head = replay(entries);
    const plan = planRollback(head, [entries[1]!], [entries[2]!]);
    expect(plan.reverts).toEqual([1]);
    expect(plan.ops).toEqual(sortOps(invertOps(entries[1]!.body.ops as Op[])));
    expect(plan.target.resources['park-ticketing/a']).toEqual(gate('a', 500));
    expect(plan.target.resources['park-ticketing/b']).toEqual(gate('b', 700));
  });

  it('refuses to roll back an entry alone when a later entry changed the same field, and says what to do', () => {
    const g = genesis().resources;
    const { entries } = build([
      { ...g, 'park-ticketing/a': gate('a', 900) },
      { ...g, 'park-ticketing/a': gate('a', 950) },
    ]);
    const head = replay(entries);
    try {
      planRollback(head, [entries[1]!], [entries[2]!]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GatehouseError);
      expect((e as Error).message).toMatch(
        /cannot roll back entry 1 \(CHG-1\) alone: entry 2 \(CHG-2\) changed update park-ticketing\/a \/spec\/capacity/,
      );
      expect((e as Error).message).toMatch(/rollback --to 0/);
    }
  });

  it('refuses entries that carry no ops', () => {
    const { entries } = build([]);
    expect(() => planRollback(replay(entries), [entries[0]!])).toThrow(/genesis entry with no state ops/);
  });

  it('rolls back a cascade A→B→C as one change whose result equals replay to before A', () => {
    const g = genesis().resources;
    const a = { ...g, 'park-ticketing/a': gate('a', 900) };
    const b: Record<string, Resource> = { ...a, 'park-ticketing/z': gate('z', 10) };
    const c: Record<string, Resource> = { ...b };
    delete c['park-ticketing/b'];
    const { entries } = build([a, b, c]);
    const head = replay(entries);
    const plan = planRollback(head, entries.slice(1));
    expect(plan.reverts).toEqual([1, 2, 3]);
    expect(canonicalStateJson(plan.target)).toBe(canonicalStateJson(replay(entries, { at: 0 })));
  });

  it('property: rolling back everything after k gives replay to k; one entry gives its sorted inverse', () => {
    const capacity = fc.integer({ min: 1, max: 5000 });
    const step = fc.record({
      a: fc.option(capacity, { nil: undefined }),
      b: fc.option(capacity, { nil: undefined }),
      z: fc.option(capacity, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), fc.nat(), (steps, kSeed) => {
        let cur: Record<string, Resource> = genesis().resources;
        const targets = steps.map((s) => {
          const next: Record<string, Resource> = { ...cur };
          for (const id of ['a', 'b', 'z'] as const) {
            const v = s[id];
            if (v === undefined) continue;
            if (v % 7 === 0) delete next[`park-ticketing/${id}`];
            else next[`park-ticketing/${id}`] = gate(id, v);
          }
          cur = next;
          return next;
        });
        const { entries } = build(targets);
        const head = replay(entries);
        const k = kSeed % entries.length;
        const after = entries.slice(k + 1).filter((e) => (e.body.ops as Op[]).length > 0);
        if (after.length > 0) {
          const plan = planRollback(head, after);
          expect(canonicalStateJson(plan.target)).toBe(canonicalStateJson(replay(entries, { at: k })));
        }
        const last = entries[entries.length - 1]!;
        if ((last.body.ops as Op[]).length > 0) {
          const plan = planRollback(head, [last]);
          expect(plan.ops).toEqual(sortOps(invertOps(last.body.ops as Op[])));
          expect(canonicalStateJson(plan.target)).toBe(
            canonicalStateJson(replay(entries, { at: last.seq - 1 })),
          );
        }
      }),
      { numRuns: 250 },
    );
  });
});

describe('ledger view', () => {
  it('computes the head state from the nearest snapshot, reading only the segments it needs', () => {
    const g = genesis().resources;
    const targets = Array.from({ length: 60 }, (_, i) => ({ ...g, 'park-ticketing/a': gate('a', 600 + i) }));
    const { entries, lines, snapshots } = build(targets, 10);
    const segments = [];
    for (let i = 0; i < lines.length; i += 8) {
      const text = `${lines.slice(i, i + 8).join('\n')}\n`;
      segments.push({ file: `ledger/events/${i}.jsonl`, firstSeq: i, read: () => text });
    }
    const view = new LedgerView(segments);
    expect(view.size).toBe(lines.length);
    const { state, from } = stateAfterSeq(view, view.size - 1, snapshots);
    expect(from).toBe(60);
    expect(canonicalStateJson(state)).toBe(canonicalStateJson(replay(entries)));
    expect(view.reads).toBeLessThanOrEqual(3);
    expect(view.where(9)).toBe('ledger/events/8.jsonl:2');
  });

  it('skips a snapshot whose file does not match its entry and goes further back', () => {
    const g = genesis().resources;
    const targets = Array.from({ length: 25 }, (_, i) => ({ ...g, 'park-ticketing/a': gate('a', 600 + i) }));
    const { entries, lines, snapshots } = build(targets, 10);
    const bad = new Map(snapshots);
    bad.set(20, () => '{"resources":{},"switches":{}}\n');
    const view = new LedgerView([{ file: 'x', firstSeq: 0, read: () => `${lines.join('\n')}\n` }]);
    const { state, from } = stateAfterSeq(view, view.size - 1, bad);
    expect(from).toBe(10);
    expect(canonicalStateJson(state)).toBe(canonicalStateJson(replay(entries)));
  });
});
