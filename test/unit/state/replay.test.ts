import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { GatehouseError } from '../../../src/core/errors.js';
import { diffResources } from '../../../src/state/ops.js';
import { applyEntry, canonicalStateJson, emptyState, replay, stateHash } from '../../../src/state/replay.js';
import type { GovernedState } from '../../../src/core/state-types.js';
import { entry } from './helpers.js';

const g0: GovernedState = {
  resources: { 's/a': { service: 's', id: 'a', spec: { n: 1 } } },
  switches: {},
};
const g1: GovernedState = {
  resources: { 's/a': { service: 's', id: 'a', spec: { n: 2 } }, 's/b': { service: 's', id: 'b' } },
  switches: {},
};
const g2: GovernedState = { resources: { 's/b': { service: 's', id: 'b', region: 'r' } }, switches: {} };

// seq: 0 genesis, 1 change, 2 killswitch on, 3 interrupt, 4 change, 5 killswitch off
const ledger = [
  entry(0, 'genesis', { state: g0 }, '2026-01-18T10:00:00Z'),
  entry(1, 'change.applied', { ops: diffResources(g0.resources, g1.resources) }, '2026-01-18T11:00:00Z'),
  entry(2, 'killswitch.activated', { switch: 'freeze' }, '2026-01-18T12:00:00Z'),
  entry(3, 'interrupt', {}, '2026-01-18T12:30:00Z'),
  entry(4, 'rollback.applied', { ops: diffResources(g1.resources, g2.resources) }, '2026-01-18T13:00:00Z'),
  entry(5, 'killswitch.deactivated', { switch: 'freeze' }, '2026-01-18T14:00:00Z'),
];

describe('replay', () => {
  it('starts from the genesis state and applies changes, rollbacks and switch flips', () => {
    expect(replay(ledger)).toEqual({
      resources: g2.resources,
      switches: { freeze: { active: false, seq: 5, since: '2026-01-18T14:00:00Z', by: 'alice' } },
    });
  });

  it('stops after seq --at', () => {
    expect(replay(ledger, { at: 0 })).toEqual(g0);
    expect(replay(ledger, { at: 3 })).toEqual({
      resources: g1.resources,
      switches: { freeze: { active: true, seq: 2, since: '2026-01-18T12:00:00Z', by: 'alice' } },
    });
  });

  it('stops after the last entry at or before --until, comparing instants', () => {
    expect(replay(ledger, { until: '2026-01-18T11:59:59Z' }).resources).toEqual(g1.resources);
    expect(replay(ledger, { until: '2026-01-18T13:00:00+00:00' }).resources).toEqual(g2.resources);
    expect(replay(ledger, { until: '2026-01-18T09:00:00Z' })).toEqual(emptyState());
  });

  it('resumes from a snapshot state and gives the same state as replay from genesis', () => {
    const at1 = replay(ledger, { at: 1 });
    const resumed = replay(ledger, { from: { seq: 1, state: at1 } });
    expect(canonicalStateJson(resumed)).toBe(canonicalStateJson(replay(ledger)));
    expect(canonicalStateJson(at1)).toBe(canonicalStateJson(replay(ledger, { at: 1 })));
  });

  it('leaves the entries untouched', () => {
    const before = jcs(ledger);
    replay(ledger);
    expect(jcs(ledger)).toBe(before);
  });

  it('refuses an entry whose ops do not apply, naming the entry, and leaves the state as it was', () => {
    const s = replay(ledger, { at: 1 });
    const before = canonicalStateJson(s);
    let err: unknown;
    try {
      applyEntry(s, entry(9, 'change.applied', { ops: [...diffResources(g0.resources, g1.resources)] }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).code).toBe('conflict');
    expect((err as Error).message).toMatch(
      /^ledger entry 9 \(change\.applied\): op 0 \(update s\/a \/spec\/n\) does not apply/,
    );
    expect(canonicalStateJson(s)).toBe(before);
  });

  it('refuses malformed bodies', () => {
    expect(() => applyEntry(emptyState(), entry(1, 'change.applied', {}))).toThrow(
      /body\.ops must be an array/,
    );
    expect(() => applyEntry(emptyState(), entry(1, 'killswitch.activated', {}))).toThrow(
      /body\.switch must name a switch/,
    );
    expect(() => applyEntry(emptyState(), entry(0, 'genesis', { state: 1 }))).toThrow(/body\.state must be/);
  });

  it('hashes the JCS of the state', () => {
    expect(canonicalStateJson(g0)).toBe(
      '{"resources":{"s/a":{"id":"a","service":"s","spec":{"n":1}}},"switches":{}}',
    );
    const hex = createHash('sha256').update(canonicalStateJson(g0), 'utf8').digest('hex');
    expect(stateHash(g0)).toBe(`sha256:${hex}`);
    expect(stateHash(g0)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stateHash(g0)).not.toBe(stateHash(g1));
  });
});
