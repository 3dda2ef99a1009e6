import { describe, expect, it } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { GatehouseError } from '../../../src/core/errors.js';
import { affected, applyOps, applyOpsInPlace, diffResources, invertOps } from '../../../src/state/ops.js';
import type { GovernedState, Json, Op, Resource } from '../../../src/core/state-types.js';

const gate = (id: string, spec: Record<string, unknown>, region = 'us-east-1'): Resource =>
  ({ service: 'park-ticketing', id, region, spec }) as Resource;

/** A resource as an op value. */
const J = (r: Resource): Json => r as unknown as Json;

const state = (...rs: Resource[]): GovernedState => ({
  resources: Object.fromEntries(rs.map((r) => [`${r.service}/${r.id}`, r])),
  switches: {},
});

function conflictOf(fn: () => unknown): GatehouseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GatehouseError);
    expect((e as GatehouseError).code).toBe('conflict');
    return e as GatehouseError;
  }
  throw new Error('expected a conflict');
}

describe('diffResources', () => {
  it('gives create, delete and leaf-level updates, ordered by key then path', () => {
    const before = state(
      gate('gate-b', { open: false, capacity: 500, tags: ['a'] }),
      gate('gate-c', { open: true }),
    );
    const after = state(
      gate('gate-a', { open: true }),
      gate('gate-b', { open: true, capacity: 500, tags: ['a', 'b'], note: 'x' }),
    );
    expect(diffResources(before.resources, after.resources)).toEqual([
      { op: 'create', key: 'park-ticketing/gate-a', path: '', after: J(gate('gate-a', { open: true })) },
      { op: 'update', key: 'park-ticketing/gate-b', path: '/spec/note', after: 'x' },
      { op: 'update', key: 'park-ticketing/gate-b', path: '/spec/open', before: false, after: true },
      { op: 'update', key: 'park-ticketing/gate-b', path: '/spec/tags', before: ['a'], after: ['a', 'b'] },
      { op: 'delete', key: 'park-ticketing/gate-c', path: '', before: J(gate('gate-c', { open: true })) },
    ]);
  });

  it('omits before for an added field and after for a removed one, never using null for absent', () => {
    const ops = diffResources(state(gate('g', { x: 1 })).resources, state(gate('g', { y: null })).resources);
    expect(ops).toEqual([
      { op: 'update', key: 'park-ticketing/g', path: '/spec/x', before: 1 },
      { op: 'update', key: 'park-ticketing/g', path: '/spec/y', after: null },
    ]);
    expect('after' in ops[0]!).toBe(false);
    expect('before' in ops[1]!).toBe(false);
  });

  it('treats a change between an object and a scalar as one atomic update', () => {
    const ops = diffResources(
      state(gate('g', { x: { a: 1 } })).resources,
      state(gate('g', { x: 5 })).resources,
    );
    expect(ops).toEqual([
      { op: 'update', key: 'park-ticketing/g', path: '/spec/x', before: { a: 1 }, after: 5 },
    ]);
  });

  it('escapes "/" as ~1 and "~" as ~0 in paths (RFC 6901)', () => {
    const ops = diffResources(
      state(gate('g', { 'a/b': 1, 'c~d': 1 })).resources,
      state(gate('g', { 'a/b': 2, 'c~d': 2 })).resources,
    );
    expect(ops.map((o) => o.path)).toEqual(['/spec/a~1b', '/spec/c~0d']);
    const after = applyOps(state(gate('g', { 'a/b': 1, 'c~d': 1 })), ops);
    expect(after.resources['park-ticketing/g']!.spec).toEqual({ 'a/b': 2, 'c~d': 2 });
  });

  it('sorts paths by code units, not by tree order ("/a-c" before "/a/b")', () => {
    const ops = diffResources(
      state(gate('g', { a: { b: 1 }, 'a-c': 1 })).resources,
      state(gate('g', { a: { b: 2 }, 'a-c': 2 })).resources,
    );
    expect(ops.map((o) => o.path)).toEqual(['/spec/a-c', '/spec/a/b']);
  });

  it('gives no ops for equal states however their keys are ordered', () => {
    const a = gate('g', { x: 1, y: { p: 1, q: 2 } });
    const b = {
      spec: { y: { q: 2, p: 1 }, x: 1 },
      region: 'us-east-1',
      id: 'g',
      service: 'park-ticketing',
    } as Resource;
    expect(diffResources(state(a).resources, state(b).resources)).toEqual([]);
  });

  it('copies values, so later changes to a state do not alter the ops', () => {
    const before = state(gate('g', { x: [1] }));
    const ops = diffResources(before.resources, state(gate('g', { x: [2] })).resources);
    (before.resources['park-ticketing/g']!.spec as { x: number[] }).x.push(9);
    expect(ops[0]!.before).toEqual([1]);
  });

  it('keeps a field named __proto__ as data', () => {
    const spec = JSON.parse('{"__proto__": {"open": true}}') as Record<string, unknown>;
    const ops = diffResources({}, state(gate('g', spec)).resources);
    const after = applyOps({ resources: {}, switches: {} }, ops);
    expect(jcs(after.resources['park-ticketing/g'])).toContain('"__proto__":{"open":true}');
    expect(({} as Record<string, unknown>).open).toBeUndefined();
  });
});

describe('applyOps', () => {
  const base = state(gate('g', { open: false, capacity: 500 }));

  it('returns a new state and leaves the input untouched', () => {
    const before = jcs(base);
    const after = applyOps(base, [
      { op: 'update', key: 'park-ticketing/g', path: '/spec/open', before: false, after: true },
    ]);
    expect(jcs(base)).toBe(before);
    expect(after.resources['park-ticketing/g']!.spec).toEqual({ open: true, capacity: 500 });
  });

  it('refuses an update whose before is not the current value, naming the op', () => {
    const e = conflictOf(() =>
      applyOps(base, [
        { op: 'update', key: 'park-ticketing/g', path: '/spec/capacity', before: 600, after: 700 },
      ]),
    );
    expect(e.message).toBe(
      'op 0 (update park-ticketing/g /spec/capacity) does not apply: before is not the current value 500',
    );
  });

  it('refuses to add a field that already exists', () => {
    const e = conflictOf(() =>
      applyOps(base, [{ op: 'update', key: 'park-ticketing/g', path: '/spec/open', after: true }]),
    );
    expect(e.message).toContain('before is not the current value false');
  });

  it('refuses to remove a field that is absent', () => {
    const e = conflictOf(() =>
      applyOps(base, [{ op: 'update', key: 'park-ticketing/g', path: '/spec/nope', before: 1 }]),
    );
    expect(e.message).toContain('before expects a value that is absent');
  });

  it('refuses a create of an existing key', () => {
    const e = conflictOf(() =>
      applyOps(base, [{ op: 'create', key: 'park-ticketing/g', path: '', after: J(gate('g', {})) }]),
    );
    expect(e.message).toBe('op 0 (create park-ticketing/g) does not apply: park-ticketing/g already exists');
  });

  it('refuses a delete or an update of a missing key', () => {
    expect(
      conflictOf(() =>
        applyOps(base, [{ op: 'delete', key: 'park-ticketing/h', path: '', before: J(gate('h', {})) }]),
      ).message,
    ).toContain('park-ticketing/h does not exist');
    expect(
      conflictOf(() => applyOps(base, [{ op: 'update', key: 'park-ticketing/h', path: '/spec/x', after: 1 }]))
        .message,
    ).toContain('park-ticketing/h does not exist');
  });

  it('refuses a delete whose before is not the whole current resource', () => {
    const e = conflictOf(() =>
      applyOps(base, [
        { op: 'delete', key: 'park-ticketing/g', path: '', before: J(gate('g', { open: false })) },
      ]),
    );
    expect(e.message).toContain('before is not the current value');
  });

  it('refuses a path through a value that is not an object', () => {
    const e = conflictOf(() =>
      applyOps(base, [{ op: 'update', key: 'park-ticketing/g', path: '/spec/capacity/x', after: 1 }]),
    );
    expect(e.message).toContain('/spec/capacity is not an object');
  });

  it('refuses a pointer with a bad escape, and changes to the key fields', () => {
    expect(
      conflictOf(() =>
        applyOps(base, [{ op: 'update', key: 'park-ticketing/g', path: '/spec/a~2', after: 1 }]),
      ).message,
    ).toContain('invalid "~" escape');
    expect(
      conflictOf(() =>
        applyOps(base, [{ op: 'update', key: 'park-ticketing/g', path: '/id', before: 'g', after: 'h' }]),
      ).message,
    ).toContain('service and id make the key');
  });

  it('refuses something that is not an op at all', () => {
    expect(conflictOf(() => applyOps(base, [null as unknown as Op])).message).toBe(
      'op 0 (null) does not apply: an op needs a string key and path',
    );
    expect(
      conflictOf(() =>
        applyOps(base, [{ op: 'move', key: 'park-ticketing/g', path: '/spec' } as unknown as Op]),
      ).message,
    ).toContain('unknown op "move"');
  });

  it('refuses a create whose resource does not match its key', () => {
    const e = conflictOf(() =>
      applyOps(base, [{ op: 'create', key: 'park-ticketing/h', path: '', after: J(gate('i', {})) }]),
    );
    expect(e.message).toContain('service/id is not its key');
  });

  it('applies all or nothing in place: a conflict in op 2 undoes ops 0 and 1', () => {
    const s = state(gate('g', { open: false, capacity: 500 }));
    const before = jcs(s);
    const ops: Op[] = [
      { op: 'update', key: 'park-ticketing/g', path: '/spec/open', before: false, after: true },
      { op: 'create', key: 'park-ticketing/h', path: '', after: J(gate('h', {})) },
      { op: 'update', key: 'park-ticketing/g', path: '/spec/capacity', before: 1, after: 2 },
    ];
    const e = conflictOf(() => applyOpsInPlace(s, ops));
    expect(e.message).toMatch(/^op 2 /);
    expect(jcs(s)).toBe(before);
  });

  it('copies op values into the state, so the state never aliases an op', () => {
    const s: GovernedState = { resources: {}, switches: {} };
    const ops: Op[] = [{ op: 'create', key: 'park-ticketing/g', path: '', after: J(gate('g', { n: 1 })) }];
    applyOpsInPlace(s, ops);
    applyOpsInPlace(s, [{ op: 'update', key: 'park-ticketing/g', path: '/spec/n', before: 1, after: 2 }]);
    expect(ops[0]!.after).toEqual(gate('g', { n: 1 }));
  });
});

describe('invertOps', () => {
  it('reverses the order, swaps before and after, and turns create into delete', () => {
    const ops: Op[] = [
      { op: 'create', key: 'a/1', path: '', after: { service: 'a', id: '1' } },
      { op: 'update', key: 'b/1', path: '/x', after: 1 },
      { op: 'delete', key: 'c/1', path: '', before: { service: 'c', id: '1' } },
    ];
    expect(invertOps(ops)).toEqual([
      { op: 'create', key: 'c/1', path: '', after: { service: 'c', id: '1' } },
      { op: 'update', key: 'b/1', path: '/x', before: 1 },
      { op: 'delete', key: 'a/1', path: '', before: { service: 'a', id: '1' } },
    ]);
  });

  it('undoes a change exactly', () => {
    const a = state(gate('g', { open: false }), gate('h', { x: 1 }));
    const b = state(gate('g', { open: true, more: [1] }), gate('i', {}, 'eu-central-1'));
    const ops = diffResources(a.resources, b.resources);
    expect(jcs(applyOps(applyOps(a, ops), invertOps(ops)))).toBe(jcs(a));
  });
});

describe('affected', () => {
  it('counts distinct keys, services and regions, including both sides of a region move', () => {
    const a = state(gate('g', { open: false }), {
      service: 'parade',
      id: 'p1',
      region: 'eu-central-1',
      spec: {},
    } as Resource);
    const b = state(gate('g', { open: true }, 'us-west-2'), gate('n', {}, 'us-east-1'));
    const ops = diffResources(a.resources, b.resources);
    expect(affected(ops, a)).toEqual({
      keys: ['parade/p1', 'park-ticketing/g', 'park-ticketing/n'],
      services: ['parade', 'park-ticketing'],
      regions: ['eu-central-1', 'us-east-1', 'us-west-2'],
    });
  });

  it('leaves resources without a region out of the regions', () => {
    const ops = diffResources({}, { 'svc/x': { service: 'svc', id: 'x' } });
    expect(affected(ops, { resources: {}, switches: {} })).toEqual({
      keys: ['svc/x'],
      services: ['svc'],
      regions: [],
    });
  });
});
