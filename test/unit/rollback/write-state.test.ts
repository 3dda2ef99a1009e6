import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../../src/formats/validate.js';
import { writeState } from '../../../src/rollback/write-state.js';
import { buildState } from '../../../src/state/build.js';
import { applyOps, diffResources } from '../../../src/state/ops.js';
import type { GovernedState, Op } from '../../../src/core/state-types.js';

const EAST = `# ticketing gates in the east
service: park-ticketing
region: us-east-1
resources:
  - id: gate-a # main entrance
    spec: { open: false, capacity: 500 }
  - id: gate-b
    spec: { open: false, capacity: 500 }
`;
const WEST = `service: park-ticketing
region: us-west-2
resources:
  - id: gate-w
    spec: { open: true, capacity: 300 }
`;

function setup(files: Map<string, string>): { head: GovernedState; origins: Map<string, { file: string }> } {
  const built = buildState(
    [...files].map(([file, text]) => ({ file, ...loadDocument('state', text, file) })),
  );
  return { head: built.state, origins: built.origins };
}

const files = (): Map<string, string> =>
  new Map([
    ['state/east.yaml', EAST],
    ['state/west.yaml', WEST],
  ]);

describe('writing the rollback state into state/ files', () => {
  it('edits the touched field in place and leaves other files untouched', () => {
    const f = files();
    const { head, origins } = setup(f);
    const ops: Op[] = [
      { op: 'update', key: 'park-ticketing/gate-a', path: '/spec/capacity', before: 500, after: 400 },
    ];
    const edits = writeState(f, ops, head, applyOps(head, ops), { stateDir: 'state', origins });
    expect(edits.map((e) => e.file)).toEqual(['state/east.yaml']);
    expect(edits[0]!.text).toBe(
      EAST.replace('capacity: 500 }\n  - id: gate-b', 'capacity: 400 }\n  - id: gate-b'),
    );
  });

  it('removes a created resource from its file and re-adds a deleted one to the file of its service and region', () => {
    const f = files();
    const { head, origins } = setup(f);
    const target: GovernedState = { resources: { ...head.resources }, switches: {} };
    delete target.resources['park-ticketing/gate-b'];
    target.resources['park-ticketing/gate-x'] = {
      service: 'park-ticketing',
      id: 'gate-x',
      region: 'us-west-2',
      spec: { open: false, capacity: 50 },
    };
    const ops = diffResources(head.resources, target.resources);
    const edits = writeState(f, ops, head, target, { stateDir: 'state', origins });
    expect(edits.map((e) => e.file)).toEqual(['state/east.yaml', 'state/west.yaml']);
    expect(edits[0]!.text).not.toContain('gate-b');
    expect(edits[0]!.text).toContain('# main entrance');
    expect(edits[1]!.text).toContain('gate-x');
    expect(edits[1]!.text).not.toMatch(/region: us-west-2\n.*region/s);
  });

  it('creates state/<service>/<region>.yaml for a resource whose service and region no file holds', () => {
    const f = files();
    const { head, origins } = setup(f);
    const target: GovernedState = {
      resources: {
        ...head.resources,
        'parade-schedule/float-01': {
          service: 'parade-schedule',
          id: 'float-01',
          region: 'eu-central-1',
          spec: { route: 'plaza-loop' },
        },
      },
      switches: {},
    };
    const edits = writeState(f, diffResources(head.resources, target.resources), head, target, {
      stateDir: 'state',
      origins,
    });
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ file: 'state/parade-schedule/eu-central-1.yaml', created: true });
    expect(loadDocument('state', edits[0]!.text, 'x').value).toEqual({
      service: 'parade-schedule',
      region: 'eu-central-1',
      resources: [{ id: 'float-01', spec: { route: 'plaza-loop' } }],
    });
  });

  it('refuses when state/ has drifted from the ledger for a touched resource', () => {
    const f = files();
    const { head, origins } = setup(f);
    const drifted = new Map(f);
    drifted.set(
      'state/east.yaml',
      EAST.replace('capacity: 500 }\n  - id: gate-b', 'capacity: 999 }\n  - id: gate-b'),
    );
    const ops: Op[] = [
      { op: 'update', key: 'park-ticketing/gate-a', path: '/spec/capacity', before: 500, after: 400 },
    ];
    expect(() => writeState(drifted, ops, head, applyOps(head, ops), { stateDir: 'state', origins })).toThrow(
      /state\/ differs from the ledger's state for park-ticketing\/gate-a/,
    );
  });
});
