import { describe, expect, it } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { GatehouseError } from '../../../src/core/errors.js';
import { diffOfOps, renderStateDiff, simulate } from '../../../src/state/simulate.js';
import type { GovernedState, Op } from '../../../src/core/state-types.js';

const base: GovernedState = {
  resources: {
    'park-ticketing/gate-a': {
      service: 'park-ticketing',
      id: 'gate-a',
      region: 'us-east-1',
      spec: { open: false },
    },
    'park-ticketing/gate-b': {
      service: 'park-ticketing',
      id: 'gate-b',
      region: 'us-west-2',
      spec: { open: false },
    },
  },
  switches: { freeze: { active: true, seq: 3, since: '2026-01-18T10:00:00Z', by: 'alice' } },
};
const head: GovernedState = {
  resources: {
    'park-ticketing/gate-a': {
      service: 'park-ticketing',
      id: 'gate-a',
      region: 'us-east-1',
      spec: { open: true },
    },
    'parade/float-1': { service: 'parade', id: 'float-1', region: 'eu-central-1', spec: { route: 'main' } },
  },
  switches: {},
};

describe('simulate', () => {
  it('forks the base, applies the derived ops, and reports ops, diff and what they touch', () => {
    const baseBytes = jcs(base);
    const sim = simulate(base, head);
    expect(sim.ops.map((o) => `${o.op} ${o.key} ${o.path}`)).toEqual([
      'create parade/float-1 ',
      'update park-ticketing/gate-a /spec/open',
      'delete park-ticketing/gate-b ',
    ]);
    expect(sim.after.resources).toEqual(head.resources);
    expect(sim.after.switches).toEqual(base.switches); // kill switches come from the ledger, not the tree
    expect(sim.affected).toEqual({
      keys: ['parade/float-1', 'park-ticketing/gate-a', 'park-ticketing/gate-b'],
      services: ['parade', 'park-ticketing'],
      regions: ['eu-central-1', 'us-east-1', 'us-west-2'],
    });
    expect(sim.diff).toEqual({
      created: ['parade/float-1'],
      deleted: ['park-ticketing/gate-b'],
      updated: [
        { key: 'park-ticketing/gate-a', changes: [{ path: '/spec/open', before: false, after: true }] },
      ],
    });
    expect(jcs(base)).toBe(baseBytes);
  });

  it('accepts ops instead of a head state, and refuses ops that do not apply', () => {
    const ops: Op[] = [
      { op: 'update', key: 'park-ticketing/gate-b', path: '/spec/open', before: false, after: true },
    ];
    expect(simulate(base, ops).after.resources['park-ticketing/gate-b']!.spec).toEqual({ open: true });
    expect(() => simulate(base, [{ ...ops[0]!, before: true }])).toThrow(GatehouseError);
  });

  it('gives nothing to do for equal states', () => {
    const sim = simulate(base, base);
    expect(sim.ops).toEqual([]);
    expect(sim.diff).toEqual({ created: [], deleted: [], updated: [] });
    expect(renderStateDiff(sim.diff)).toEqual([]);
  });
});

describe('renderStateDiff', () => {
  it('prints + for created, - for deleted and ~ key/path: before → after, in key order', () => {
    expect(renderStateDiff(simulate(base, head).diff)).toEqual([
      '+ parade/float-1',
      '~ park-ticketing/gate-a/spec/open: false → true',
      '- park-ticketing/gate-b',
    ]);
  });

  it('shows absent values and shortens long ones to one line', () => {
    const long = 'x'.repeat(200);
    const lines = renderStateDiff(
      diffOfOps([
        { op: 'update', key: 's/a', path: '/spec/new', after: long },
        { op: 'update', key: 's/a', path: '/spec/old', before: { a: [1, 2] } },
      ]),
    );
    expect(lines[0]).toMatch(/^~ s\/a\/spec\/new: \(absent\) → "x+…$/);
    expect(lines[0]!.length).toBeLessThan(120);
    expect(lines[1]).toBe('~ s/a/spec/old: {"a":[1,2]} → (absent)');
  });
});
