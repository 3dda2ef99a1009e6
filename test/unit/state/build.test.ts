import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../src/core/errors.js';
import { buildState } from '../../../src/state/build.js';
import { diffResources } from '../../../src/state/ops.js';
import { stateDoc } from './helpers.js';

function badInputOf(fn: () => unknown): GatehouseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GatehouseError);
    expect((e as GatehouseError).code).toBe('bad-input');
    return e as GatehouseError;
  }
  throw new Error('expected bad input');
}

const PARK = `service: park-ticketing
region: us-east-1
resources:
  - id: gate-a
    spec: { open: false, capacity: 500 }
  - id: gate-b
    region: us-west-2
    spec: { open: false, capacity: 500 }
`;

describe('buildState', () => {
  it('keys resources <service>/<id> and applies the file-level service and region', () => {
    const { state, origins } = buildState([stateDoc('state/park.yaml', PARK)]);
    expect(state).toEqual({
      resources: {
        'park-ticketing/gate-a': {
          service: 'park-ticketing',
          id: 'gate-a',
          region: 'us-east-1',
          spec: { open: false, capacity: 500 },
        },
        'park-ticketing/gate-b': {
          service: 'park-ticketing',
          id: 'gate-b',
          region: 'us-west-2',
          spec: { open: false, capacity: 500 },
        },
      },
      switches: {},
    });
    expect(origins.get('park-ticketing/gate-b')).toEqual({
      key: 'park-ticketing/gate-b',
      file: 'state/park.yaml',
      line: 6,
    });
  });

  it('lets a resource name its own service, and leaves region out when nothing sets it', () => {
    const { state } = buildState([
      stateDoc(
        'state/x.yaml',
        'service: a\nresources:\n  - id: one\n  - id: two\n    service: b\n    owner: ops\n',
      ),
    ]);
    expect(state.resources).toEqual({
      'a/one': { service: 'a', id: 'one' },
      'b/two': { service: 'b', id: 'two', owner: 'ops' },
    });
  });

  it('gives the same state whatever order the files come in', () => {
    const a = stateDoc('state/a.yaml', 'service: s\nresources:\n  - id: x\n');
    const b = stateDoc('state/b.yaml', 'service: s\nresources:\n  - id: y\n');
    expect(JSON.stringify(buildState([b, a]).state)).toBe(JSON.stringify(buildState([a, b]).state));
  });

  it('rejects a float with file:line:col and its pointer', () => {
    const e = badInputOf(() =>
      buildState([
        stateDoc('state/park.yaml', 'service: s\nresources:\n  - id: x\n    spec:\n      ratio: 0.5\n'),
      ]),
    );
    expect(e.message).toMatch(
      /^state\/park\.yaml:5:14: \/resources\/0\/spec\/ratio: 0\.5 is not an integer: the ledger carries integers only/,
    );
  });

  it('rejects floats nested in arrays, NaN and infinities, and reports every one', () => {
    const e = badInputOf(() =>
      buildState([
        stateDoc(
          'state/n.yaml',
          'service: s\nresources:\n  - id: x\n    spec: { a: [1, 2.5], b: .nan, c: -.inf }\n',
        ),
      ]),
    );
    expect(e.problems.map((p) => `${p.line}:${p.pointer}`)).toEqual([
      '4:/resources/0/spec/a/1',
      '4:/resources/0/spec/b',
      '4:/resources/0/spec/c',
    ]);
  });

  it('rejects a resource with no service, pointing at the resource', () => {
    const e = badInputOf(() => buildState([stateDoc('state/s.yaml', 'resources:\n  - id: lonely\n')]));
    expect(e.message).toBe(
      'state/s.yaml:2:5: /resources/0: resource "lonely" has no service: set `service:` on the resource or at the top of the file',
    );
  });

  it('rejects a duplicate key and names both places, across files', () => {
    const e = badInputOf(() =>
      buildState([
        stateDoc('state/b.yaml', 'resources:\n  - id: gate-a\n    service: park-ticketing\n'),
        stateDoc('state/a.yaml', 'service: park-ticketing\nresources:\n  - id: other\n  - id: gate-a\n'),
      ]),
    );
    expect(e.message).toBe(
      'state/b.yaml:2:5: /resources/0: duplicate resource park-ticketing/gate-a: already defined at state/a.yaml:4:5 (ids are unique within a service)',
    );
  });

  it('collects problems from every file before failing', () => {
    const e = badInputOf(() =>
      buildState([
        stateDoc('state/a.yaml', 'resources:\n  - id: x\n'),
        stateDoc('state/b.yaml', 'service: s\nresources:\n  - id: y\n    n: 1.5\n'),
      ]),
    );
    expect(e.problems.map((p) => p.file)).toEqual(['state/a.yaml', 'state/b.yaml']);
    expect(e.message).toMatch(/^2 problems in input:/);
  });

  it('freezes what it builds: a change in place throws and leaves the document as parsed', () => {
    const doc = stateDoc('state/a.yaml', 'service: s\nresources:\n  - id: x\n    spec: { n: 1 }\n');
    const { state } = buildState([doc]);
    expect(() => {
      (state.resources['s/x']!.spec as { n: number }).n = 2;
    }).toThrow(TypeError);
    expect(() => {
      (state.resources['s/x'] as Record<string, unknown>).extra = 1;
    }).toThrow(TypeError);
    expect((doc.value.resources[0]!.spec as { n: number }).n).toBe(1);
  });

  it('builds the same document once: unchanged files give the same resource objects on both sides', () => {
    const a = stateDoc('state/a.yaml', 'service: s\nresources:\n  - id: x\n    spec: { n: 1 }\n');
    const b1 = stateDoc('state/b.yaml', 'service: s\nresources:\n  - id: y\n    spec: { n: 1 }\n');
    const b2 = stateDoc('state/b.yaml', 'service: s\nresources:\n  - id: y\n    spec: { n: 2 }\n');
    const before = buildState([a, b1]).state;
    const after = buildState([a, b2]).state;
    expect(after.resources['s/x']).toBe(before.resources['s/x']);
    expect(after.resources['s/y']).not.toBe(before.resources['s/y']);
    expect(diffResources(before.resources, after.resources)).toEqual([
      { op: 'update', key: 's/y', path: '/spec/n', before: 1, after: 2 },
    ]);
  });
});
