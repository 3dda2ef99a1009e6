import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './ledger-helpers.js';
import { treeDigest } from './validate-fixture.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gatehouse-simulate-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** Every file under root with the SHA-256 of its bytes: to prove a run wrote nothing. */
const fingerprint = (): Promise<Record<string, string>> => treeDigest(root);

/** Runs the CLI on root and captures what it prints. */
const run = (...argv: string[]): ReturnType<typeof runCli> => runCli([...argv, '--repo', root]);

const BASE = `service: park-ticketing
region: us-east-1
resources:
  - id: gate-a
    spec: { open: false, capacity: 500 }
  - id: gate-b
    region: us-west-2
    spec: { open: false, capacity: 500 }
`;
const HEAD = `service: park-ticketing
region: us-east-1
resources:
  - id: gate-a
    spec: { open: true, capacity: 500 }
  - id: gate-c
    spec: { open: false, capacity: 200 }
`;
const PARADE = `service: parade-schedule
region: eu-central-1
resources:
  - id: float-1
    spec: { route: main }
`;

describe('gatehouse simulate', () => {
  it('prints the ops, the state diff and the affected counts, and writes nothing', async () => {
    await write({
      'base/state/park.yaml': BASE,
      'base/state/parade.yaml': PARADE,
      'head/state/park.yaml': HEAD,
      'head/state/parade.yaml': PARADE,
    });
    const before = await fingerprint();
    const r = await run('simulate', '--base-state', 'base', '--head-state', 'head');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'simulate: 3 ops over 3 resources',
        '',
        'ops:',
        '  update park-ticketing/gate-a /spec/open: false → true',
        '  delete park-ticketing/gate-b',
        '  create park-ticketing/gate-c',
        '',
        'state diff:',
        '  ~ park-ticketing/gate-a/spec/open: false → true',
        '  - park-ticketing/gate-b',
        '  + park-ticketing/gate-c',
        '',
        'affected: 3 resources; 1 service (park-ticketing); 2 regions (us-east-1, us-west-2)',
        'state: 3 resources at base, 3 at head (nothing written)',
        '',
      ].join('\n'),
    );
    expect(await fingerprint()).toEqual(before);
  });

  it('prints {ops, affected, diff} with --json', async () => {
    await write({ 'base/state/park.yaml': BASE, 'head/state/park.yaml': HEAD });
    const r = await run('simulate', '--base-state', 'base', '--head-state', 'head', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['affected', 'diff', 'ops', 'resources']);
    expect(doc.ops).toEqual([
      { op: 'update', key: 'park-ticketing/gate-a', path: '/spec/open', before: false, after: true },
      {
        op: 'delete',
        key: 'park-ticketing/gate-b',
        path: '',
        before: {
          service: 'park-ticketing',
          id: 'gate-b',
          region: 'us-west-2',
          spec: { open: false, capacity: 500 },
        },
      },
      {
        op: 'create',
        key: 'park-ticketing/gate-c',
        path: '',
        after: {
          service: 'park-ticketing',
          id: 'gate-c',
          region: 'us-east-1',
          spec: { open: false, capacity: 200 },
        },
      },
    ]);
    expect(doc.affected).toEqual({
      keys: ['park-ticketing/gate-a', 'park-ticketing/gate-b', 'park-ticketing/gate-c'],
      services: ['park-ticketing'],
      regions: ['us-east-1', 'us-west-2'],
    });
    expect(doc.diff).toEqual({
      created: ['park-ticketing/gate-c'],
      deleted: ['park-ticketing/gate-b'],
      updated: [
        { key: 'park-ticketing/gate-a', changes: [{ path: '/spec/open', before: false, after: true }] },
      ],
    });
  });

  it('takes a state directory itself as well as a repository tree', async () => {
    await write({ 'base/state/park.yaml': BASE, 'head-state/park.yaml': BASE });
    const r = await run('simulate', '--base-state', 'base', '--head-state', 'head-state', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ops: [], resources: { base: 2, head: 2 } });
  });

  it('reads the state directory named by the base tree gatehouse.yaml', async () => {
    await write({
      'base/gatehouse.yaml': 'paths:\n  state: desired\n',
      'base/desired/park.yaml': BASE,
      'head/desired/park.yaml': HEAD,
      'head/state/ignored.yaml': 'service: x\nresources:\n  - id: y\n',
    });
    const r = await run('simulate', '--base-state', 'base', '--head-state', 'head', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { ops: unknown[] }).ops).toHaveLength(3);
  });

  describe('refuses bad input with exit 2, file:line, and no write', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'a float in a resource',
        { 'head/state/park.yaml': HEAD.replace('capacity: 200', 'capacity: 200.5') },
        /head\/state\/park\.yaml:7:36: \/resources\/1\/spec\/capacity: .*integer/,
      ],
      [
        'a duplicate resource key, naming both places',
        {
          'head/state/park.yaml': HEAD,
          'head/state/more.yaml': 'service: park-ticketing\nresources:\n  - id: gate-a\n',
        },
        /head\/state\/park\.yaml:4:5: .*duplicate resource park-ticketing\/gate-a: already defined at head\/state\/more\.yaml:3:5/,
      ],
      [
        'a resource with no service',
        { 'head/state/park.yaml': 'resources:\n  - id: lonely\n' },
        /head\/state\/park\.yaml:2:\d+: .*no service/,
      ],
      ['broken YAML', { 'head/state/park.yaml': 'resources: [\n' }, /head\/state\/park\.yaml:\d+:\d+: /],
      [
        'a field the schema does not know',
        { 'head/state/park.yaml': 'service: s\nresources:\n  - id: x\n    colour: red\n' },
        /head\/state\/park\.yaml:4:\d+: /,
      ],
    ];
    for (const [what, files, message] of cases) {
      it(`refuses ${what}`, async () => {
        await write({ 'base/state/park.yaml': BASE, ...files });
        const before = await fingerprint();
        const r = await run('simulate', '--base-state', 'base', '--head-state', 'head');
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(message);
        expect(await fingerprint()).toEqual(before);
      });
    }

    it('refuses a missing directory, naming the flag', async () => {
      await write({ 'base/state/park.yaml': BASE });
      const before = await fingerprint();
      const r = await run('simulate', '--base-state', 'base', '--head-state', 'nowhere');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--head-state: nowhere is not a directory');
      expect(await fingerprint()).toEqual(before);
    });

    it('refuses a missing flag with the usage line', async () => {
      const r = await run('simulate', '--base-state', 'base');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--head-state is required');
      expect(r.stderr).toContain('usage: gatehouse simulate --base-state DIR --head-state DIR');
      expect(await fingerprint()).toEqual({});
    });
  });
});
