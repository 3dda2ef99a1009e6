import { describe, expect, it } from 'vitest';
import { GatehouseError, formatProblem } from '../../../src/core/errors.js';
import { join } from 'node:path';
import { FsTree } from '../../../src/repo/fs-tree.js';
import { keyringFromTree } from '../../../src/repo/policy-keyring.js';
import { defaultLayout, loadLayout } from '../../../src/repo/layout.js';
import { loadPolicy } from '../../../src/repo/load-policy.js';
import { loadStateDocuments } from '../../../src/repo/load-state.js';
import type { TreeReader } from '../../../src/core/tree.js';
import { FULL, MINIMAL, makeRepo } from '../../integration/validate-fixture.js';

async function tree(files: Record<string, string>): Promise<TreeReader> {
  return new FsTree(await makeRepo(files));
}

async function problemsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GatehouseError);
    expect(['bad-input', 'not-found']).toContain((e as GatehouseError).code);
    return (e as GatehouseError).problems.map(formatProblem);
  }
  throw new Error('expected bad input');
}

describe('loadLayout', () => {
  it('uses the DESIGN §2 defaults when there is no gatehouse.yaml', async () => {
    expect(await loadLayout(await tree(MINIMAL))).toEqual({
      paths: {
        policies: 'policies',
        state: 'state',
        changes: 'changes',
        overrides: 'overrides',
        incidents: 'incidents',
        ledger: 'ledger',
      },
      ledger: {
        origin: 'gatehouse.local/ledger',
        segment_size: 10000,
        snapshot_every: 1000,
        checkpoint_key: 'keys/checkpoint.pub',
      },
    });
  });

  it('remaps paths and ledger settings from gatehouse.yaml, keeping defaults for the rest', async () => {
    const layout = await loadLayout(
      await tree({
        'gatehouse.yaml':
          'paths: { policies: gov/policies/, state: ./desired }\nledger: { origin: example.com/x, snapshot_every: 50 }\n',
      }),
    );
    expect(layout.paths).toMatchObject({ policies: 'gov/policies', state: 'desired', ledger: 'ledger' });
    expect(layout.ledger).toEqual({ ...defaultLayout().ledger, origin: 'example.com/x', snapshot_every: 50 });
  });

  it('refuses paths that leave the repository or collide', async () => {
    const ps = await problemsOf(
      loadLayout(await tree({ 'gatehouse.yaml': 'paths:\n  policies: ../elsewhere\n  state: changes\n' })),
    );
    expect(ps).toEqual([
      'gatehouse.yaml:2:13: /paths/policies: must be a relative path inside the repository (no leading "/", no "..", no "\\"), found "../elsewhere"',
      'gatehouse.yaml:3:10: /paths/state: is the same directory as paths.changes ("changes")',
    ]);
  });

  it('refuses an unknown setting', async () => {
    const ps = await problemsOf(loadLayout(await tree({ 'gatehouse.yaml': 'ledger: { segments: 5 }\n' })));
    expect(ps).toEqual([
      'gatehouse.yaml:1:11: /ledger/segments: unknown field "segments" (allowed: origin, segment_size, snapshot_every, checkpoint_key)',
    ]);
  });
});

describe('loadPolicy', () => {
  it('loads the required policies and defaults the optional ones to empty', async () => {
    const policy = await loadPolicy(await tree(MINIMAL), defaultLayout());
    expect(policy.actors.actors.map((a) => a.id)).toEqual(['alice', 'ops-agent']);
    expect(policy.authority.levels['4'].enabled).toBe(false);
    expect(policy.quorum.rules).toHaveLength(3);
    expect(policy.blastRadius.limits.percent).toBe(0.05);
    expect(policy.incident).toEqual({});
    expect(policy.killSwitches).toEqual({ switches: [] });
    expect(Object.keys(policy.locate).sort()).toEqual([
      'policies/actors.yaml',
      'policies/authority.yaml',
      'policies/blast-radius.yaml',
      'policies/quorum.yaml',
    ]);
    expect(policy.locate['policies/quorum.yaml']?.('/rules/1/name')).toEqual({ line: 5, col: 11 });
  });

  it('loads the optional policies when present', async () => {
    const policy = await loadPolicy(await tree(FULL), defaultLayout());
    expect(policy.killSwitches.switches.map((s) => s.id)).toEqual(['freeze-ticketing']);
    expect(policy.incident.detection?.confirmation).toBe('30s');
  });

  it('names each missing required policy file and what to do', async () => {
    const files = { ...MINIMAL };
    delete files['policies/quorum.yaml'];
    delete files['policies/blast-radius.yaml'];
    expect(await problemsOf(loadPolicy(await tree(files), defaultLayout()))).toEqual([
      'policies/quorum.yaml: missing: every governed repository needs policies/quorum.yaml (run "gatehouse init" to scaffold one, or restore it)',
      'policies/blast-radius.yaml: missing: every governed repository needs policies/blast-radius.yaml (run "gatehouse init" to scaffold one, or restore it)',
    ]);
  });

  it('collects problems across every policy file before failing', async () => {
    const files = {
      ...FULL,
      'policies/actors.yaml': MINIMAL['policies/actors.yaml']!.replace('max_level: 3', 'max_level: 9'),
      'policies/kill-switches.yaml': 'switches:\n  - { id: a, blocks: {} }\n  - { id: a, blocks: {} }\n',
    };
    expect(await problemsOf(loadPolicy(await tree(files), defaultLayout()))).toEqual([
      'policies/actors.yaml:6:16: /actors/0/max_level: expected an integer 0..4, found 9',
      'policies/kill-switches.yaml:3:11: /switches/1/id: duplicate switch id "a" (first at line 2)',
    ]);
  });

  it('reads policies from a remapped directory', async () => {
    const files: Record<string, string> = {};
    for (const [k, v] of Object.entries(MINIMAL)) files[k.replace(/^policies\//, 'gov/')] = v;
    const t = await tree({ ...files, 'gatehouse.yaml': 'paths: { policies: gov }\n' });
    const policy = await loadPolicy(t, await loadLayout(t));
    expect(Object.keys(policy.locate)).toContain('gov/actors.yaml');
  });
});

describe('loadStateDocuments', () => {
  it('loads every state YAML file, hidden ones too (a deployer may read them), sorted by path, skipping other files', async () => {
    const t = await tree({
      'state/z.yml': 'service: z\nresources: []\n',
      'state/a/b.yaml': 'service: b\nresources: [ { id: x } ]\n',
      'state/a.yaml': 'service: a\nresources: []\n',
      'state/README.md': '# not state\n',
      'state/.gitkeep': '',
      'state/.hidden.yaml': 'service: h\nresources: []\n',
    });
    const docs = await loadStateDocuments(t, defaultLayout());
    expect(docs.map((d) => d.file)).toEqual([
      'state/.hidden.yaml',
      'state/a.yaml',
      'state/a/b.yaml',
      'state/z.yml',
    ]);
    expect(docs[2]?.value.resources[0]?.id).toBe('x');
    expect(docs[2]?.locate('/resources/0/id')).toEqual({ line: 2, col: 20 });
  });

  it('returns nothing when there is no state directory', async () => {
    expect(await loadStateDocuments(await tree({ 'x.txt': '' }), defaultLayout())).toEqual([]);
  });

  it('reports problems from every state file at once', async () => {
    const t = await tree({
      'state/a.yaml': 'service: a\nresources:\n  - id: x\n    spec: { ratio: 0.5 }\n',
      'state/b.yaml': 'service: b\nresources:\n  - id: z\n    labels: {}\n',
    });
    expect(await problemsOf(loadStateDocuments(t, defaultLayout()))).toEqual([
      'state/a.yaml:4:20: /resources/0/spec/ratio: expected an integer (the ledger carries integers only; write it as a string)',
      'state/b.yaml:4:5: /resources/0/labels: unknown field "labels" (allowed: id, service, region, spec)',
    ]);
  });
});

describe('messages about a directory tree', () => {
  it('name a missing policy file by its path under the directory', async () => {
    const dir = await makeRepo({});
    const err = await keyringFromTree(new FsTree(dir)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).message).toContain(`${join(dir, 'policies', 'actors.yaml')} is missing`);
  });
});
