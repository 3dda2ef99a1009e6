import { afterEach, describe, expect, it } from 'vitest';
import { readChangeCore, readChangeSet } from '../../../src/assembly/change-read.js';
import { changeDigest, fileHash } from '../../../src/change/digest.js';
import { exitCodeFor } from '../../../src/core/errors.js';
import { examplePolicyFiles } from '../../../src/example/park.js';
import { makeRepo } from '../git/fixture.js';
import type { Fixture } from '../git/fixture.js';

const repos: Fixture[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const GATES = `service: park-ticketing
region: us-east-1
resources:
  - id: gate-a
    spec: { open: false, capacity: 500 }
  - id: gate-b
    spec: { open: false, capacity: 500 }
`;

function manifest(id: string, extra = ''): string {
  return `id: ${id}
kind: change
title: Raise holiday capacity
proposer: ops-agent
level: 2
proposed_at: 2026-01-18T14:00:00Z
${extra}`;
}

function approval(id: string, actor: string, digest = `sha256:${'a'.repeat(64)}`): string {
  return `change: ${id}
digest: ${digest}
actor: ${actor}
decision: approve
ts: 2026-01-18T14:10:00Z
signature: { type: ssh, value: "not checked here" }
`;
}

/** A governed repo on main with the example policy and one state file; returns the fixture and base oid. */
function governed(): { r: Fixture; base: string } {
  const r = makeRepo('gh-change-');
  repos.push(r);
  const files: Record<string, string> = Object.fromEntries(examplePolicyFiles());
  const base = r.commit('governed repo', {
    ...files,
    'state/park/gates.yaml': GATES,
    'docs/runbook.md': '# runbook\n',
    'ledger/events/000000000000.jsonl': '{"seq":0}\n',
  });
  return { r, base };
}

function branch(r: Fixture, name: string): void {
  r.git('checkout', '-q', '-b', name);
}

describe('readChangeSet', () => {
  it('derives the change id, ops, in-scope files and the digest from merge-base..head', async () => {
    const { r, base } = governed();
    branch(r, 'pr');
    r.commit('raise capacity', {
      'changes/CHG-0042/change.yaml': manifest('CHG-0042'),
      'state/park/gates.yaml': GATES.replace(
        'capacity: 500 }\n  - id: gate-b',
        'capacity: 800 }\n  - id: gate-b',
      ),
      'docs/runbook.md': '# runbook v2\n',
      'changes/CHG-0042/approvals/alice.yaml': approval('CHG-0042', 'alice'),
      'ledger/events/000000000000.jsonl': '{"seq":0}\n{"seq":1}\n',
    });
    const cs = await readChangeSet(r.dir, 'main', 'pr');
    expect(cs.baseOid).toBe(base);
    expect(cs.mergeBaseOid).toBe(base);
    expect(cs.headOid).toBe(r.head());
    expect(cs.changeId).toBe('CHG-0042');
    expect(cs.manifestFile).toBe('changes/CHG-0042/change.yaml');
    expect(cs.manifestProblem).toBeUndefined();
    expect(cs.ops).toEqual([
      { op: 'update', key: 'park-ticketing/gate-a', path: '/spec/capacity', before: 500, after: 800 },
    ]);
    expect(cs.changed.map((f) => f.path)).toEqual([
      'changes/CHG-0042/approvals/alice.yaml',
      'changes/CHG-0042/change.yaml',
      'docs/runbook.md',
      'ledger/events/000000000000.jsonl',
      'state/park/gates.yaml',
    ]);
    expect(cs.files).toEqual([
      {
        path: 'docs/runbook.md',
        before: fileHash(Buffer.from('# runbook\n')),
        after: fileHash(Buffer.from('# runbook v2\n')),
      },
    ]);
    expect(cs.digest).toBe(changeDigest({ manifest: cs.manifest!, ops: cs.ops, files: cs.files }));
    expect(cs.approvals.map((a) => [a.file, a.value.actor, a.line])).toEqual([
      ['changes/CHG-0042/approvals/alice.yaml', 'alice', 1],
    ]);
    expect(cs.approvalProblems).toEqual([]);
    expect(Object.keys(cs.baseState.resources).sort()).toEqual([
      'park-ticketing/gate-a',
      'park-ticketing/gate-b',
    ]);
    expect(cs.headOrigins.get('park-ticketing/gate-a')?.file).toBe('state/park/gates.yaml');
  });

  it('reads the policy and layout from the base, never from the head', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('loosen quorum and remap state', {
      'changes/CHG-1/change.yaml': manifest('CHG-1'),
      'policies/quorum.yaml': 'rules: []\n',
      'gatehouse.yaml': 'paths: { state: elsewhere }\n',
      'elsewhere/x.yaml': 'service: s\nresources: [ { id: x } ]\n',
    });
    const cs = await readChangeSet(r.dir, 'main', 'pr');
    expect(cs.policy.quorum.rules.map((q) => q.name)).toContain('policy-change');
    expect(cs.layout.paths.state).toBe('state');
    expect(cs.ops).toEqual([]); // elsewhere/ is not state under the base layout...
    expect(cs.files.map((f) => f.path)).toEqual([
      'elsewhere/x.yaml',
      'gatehouse.yaml',
      'policies/quorum.yaml',
    ]);
  });

  it('measures ops from the merge-base, and gives the base state as it is on the base branch', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('change', { 'changes/CHG-1/change.yaml': manifest('CHG-1'), 'docs/new.md': 'new\n' });
    r.git('checkout', '-q', 'main');
    r.commit('base moves on', {
      'state/park/more.yaml': 'service: park-ticketing\nresources: [ { id: gate-c } ]\n',
    });
    const cs = await readChangeSet(r.dir, 'main', 'pr');
    expect(cs.mergeBaseOid).not.toBe(cs.baseOid);
    expect(cs.ops).toEqual([]);
    expect(cs.files.map((f) => f.path)).toEqual(['docs/new.md']);
    expect(Object.keys(cs.baseState.resources)).toContain('park-ticketing/gate-c');
    expect(Object.keys(cs.mergeBaseState.resources)).not.toContain('park-ticketing/gate-c');
  });

  it('reports a missing manifest without a digest', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('no manifest', { 'docs/runbook.md': 'edited\n' });
    const cs = await readChangeSet(r.dir, 'main', 'pr');
    expect(cs.manifestProblem).toBe('no change manifest: add changes/<ID>/change.yaml');
    expect(cs.changeId).toBeUndefined();
    expect(cs.digest).toBe('');
  });

  it('ignores a manifest the change deletes when looking for its own', async () => {
    const { r } = governed();
    r.commit('old change', { 'changes/CHG-OLD/change.yaml': manifest('CHG-OLD') });
    branch(r, 'pr');
    r.commit('delete old', { 'changes/CHG-OLD/change.yaml': null });
    const cs = await readChangeCore(r.dir, 'main', 'pr');
    expect(cs.manifestProblem).toContain('no change manifest');
  });

  it('refuses several manifests in one change, naming each', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('two', {
      'changes/CHG-1/change.yaml': manifest('CHG-1'),
      'changes/CHG-2/change.yaml': manifest('CHG-2'),
    });
    const cs = await readChangeCore(r.dir, 'main', 'pr');
    expect(cs.manifestProblem).toContain('found 2 change manifests (CHG-1, CHG-2)');
    expect(cs.manifestProblems.map((p) => p.file)).toEqual([
      'changes/CHG-1/change.yaml',
      'changes/CHG-2/change.yaml',
    ]);
    expect(cs.digest).toBe('');
  });

  it('reports an invalid manifest with file:line and no digest', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('bad manifest', { 'changes/CHG-1/change.yaml': manifest('CHG-1', 'colour: blue\n') });
    const cs = await readChangeCore(r.dir, 'main', 'pr');
    expect(cs.manifestProblems[0]).toMatchObject({ file: 'changes/CHG-1/change.yaml', line: 7 });
    expect(cs.manifestProblem).toMatch(/^changes\/CHG-1\/change\.yaml:7:\d+: .*colour/);
    expect(cs.digest).toBe('');
  });

  it('refuses a manifest whose id does not match its folder', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('mismatch', { 'changes/CHG-1/change.yaml': manifest('CHG-2') });
    const cs = await readChangeCore(r.dir, 'main', 'pr');
    expect(cs.manifestProblem).toBe(
      'changes/CHG-1/change.yaml:1:5: /id: id "CHG-2" does not match its folder "CHG-1": rename one so they agree',
    );
  });

  it('lists invalid approval files as problems with file:line and keeps the valid ones', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('approvals', {
      'changes/CHG-1/change.yaml': manifest('CHG-1'),
      'changes/CHG-1/approvals/alice.yaml': approval('CHG-1', 'alice'),
      'changes/CHG-1/approvals/bob.yaml': approval('CHG-1', 'bob').replace(
        'decision: approve',
        'decision: maybe',
      ),
      'changes/CHG-1/approvals/notes.txt': 'hi',
    });
    const cs = await readChangeSet(r.dir, 'main', 'pr');
    expect(cs.approvals.map((a) => a.value.actor)).toEqual(['alice']);
    expect(cs.approvalProblems.map((p) => [p.file, p.line])).toEqual([
      ['changes/CHG-1/approvals/bob.yaml', 4],
      ['changes/CHG-1/approvals/notes.txt', undefined],
    ]);
  });

  it('fails with exit 2 and file:line on an invalid state document at head', async () => {
    const { r } = governed();
    branch(r, 'pr');
    r.commit('bad state', {
      'changes/CHG-1/change.yaml': manifest('CHG-1'),
      'state/park/gates.yaml': GATES + '  - id: gate-c\n    spec: { ratio: 0.5 }\n',
    });
    const err = await readChangeSet(r.dir, 'main', 'pr').catch((e: unknown) => e);
    expect(exitCodeFor(err)).toBe(2);
    expect((err as Error).message).toMatch(/state\/park\/gates\.yaml:9:\d+/);
  });

  it('fails with exit 2 when the base policy is broken', async () => {
    const { r } = governed();
    r.commit('break policy', { 'policies/actors.yaml': null });
    branch(r, 'pr');
    r.commit('c', { 'changes/CHG-1/change.yaml': manifest('CHG-1') });
    const err = await readChangeSet(r.dir, 'main', 'pr').catch((e: unknown) => e);
    expect(exitCodeFor(err)).toBe(2);
    expect((err as Error).message).toContain('policies/actors.yaml');
  });

  it('fails with exit 2 on an unknown ref', async () => {
    const { r } = governed();
    const err = await readChangeSet(r.dir, 'main', 'nope').catch((e: unknown) => e);
    expect(exitCodeFor(err)).toBe(2);
    expect((err as Error).message).toContain('unknown git ref "nope"');
  });
});
