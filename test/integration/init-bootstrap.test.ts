/**
 * The one-time quorum bootstrap of the starter policy (src/quorum/bootstrap.ts): a lone admin set up by
 * `init` (no --actor) can make the first policy change alone — adding the other approvers — it is recorded
 * in the ledger as a bootstrap, and never applies again.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StarterRepo } from './starter-fixture.js';

let r: StarterRepo;
afterEach(() => r?.cleanup());

interface Node {
  id: string;
  status: string;
  reason: string;
  children: Node[];
}
const find = (n: Node, id: string): Node | undefined =>
  n.id === id ? n : n.children.map((c) => find(c, id)).find((x) => x !== undefined);

async function policyChange(
  id: string,
  proposerKey: string,
  actorsYaml: string,
  files: Record<string, string>,
) {
  r.write({ 'policies/actors.yaml': actorsYaml, ...files });
  r.write({
    [`changes/${id}/change.yaml`]: `id: ${id}\nkind: policy\ntitle: Add approvers\nproposer: admin\nlevel: 2\nproposed_at: ${r.tick()}\njustification: a second approver\n`,
  });
  await r.ok('sign', `changes/${id}/change.yaml`, '--ssh-key', proposerKey);
  r.commit(`${id}`);
  await r.ok('approve', id, '--base', 'main', '--head', 'HEAD', '--ssh-key', proposerKey);
  r.commit(`approve ${id}`);
}

describe('the starter quorum bootstrap', () => {
  it('lets a lone admin make the first policy change alone, records it as a bootstrap, and never again', async () => {
    r = new StarterRepo();
    await r.ok('init');
    r.commit('gatehouse init');
    const adminKey = join(r.dir, '.gatehouse/admin_ed25519');
    const bob = r.key('bob');
    const base = r.read('policies/actors.yaml');
    const withBob = `${base}  - id: bob\n    kind: human\n    roles: [charter, operator]\n    max_level: 2\n    keys:\n      - { type: ssh, file: keys/bob.pub }\n`;

    r.branch('add-bob');
    await policyChange('CHG-1', adminKey, withBob, { 'policies/keys/bob.pub': r.readKey(bob.pub) });
    const first = await r.check();
    expect(first.allowed, first.text).toBe(true);
    const quorum = find(first.doc.root as Node, 'quorum')!;
    expect(quorum.reason).toBe(
      'met through the bootstrap: the first policy change, approved by every founding actor',
    );
    expect(find(quorum, 'quorum/bootstrap')).toMatchObject({ status: 'pass' });
    expect(find(quorum, 'quorum/policy-change')?.reason).toMatch(/^stood in for by the bootstrap: /);
    const landed = await r.land('add-bob');
    expect(landed.code, landed.text).toBe(0);
    expect(landed.types).toEqual(['change.applied', 'policy.changed']);
    const entry = r.ledger().find((e) => e.type === 'policy.changed')!;
    expect(entry.body).toMatchObject({ change: 'CHG-1', bootstrap: true });

    // spent: the next policy change by admin alone is pending under the ordinary rule, and says who could help
    r.branch('again');
    const carol = r.key('carol');
    const withCarol = `${r.read('policies/actors.yaml')}  - id: carol\n    kind: human\n    roles: [security]\n    max_level: 2\n    keys:\n      - { type: ssh, file: keys/carol.pub }\n`;
    await policyChange('CHG-2', adminKey, withCarol, { 'policies/keys/carol.pub': r.readKey(carol.pub) });
    const second = await r.check();
    expect(second.allowed).toBe(false);
    expect(find(second.doc.root as Node, 'quorum/bootstrap')).toBeUndefined();
    expect(find(second.doc.root as Node, 'quorum/policy-change')).toMatchObject({ status: 'pending' });
    expect(second.text).toMatch(/eligible: bob/);

    // ... and passes once bob, added through the bootstrap, approves it (security from admin, charter from bob)
    await r.ok('approve', 'CHG-2', '--base', 'main', '--head', 'HEAD', '--ssh-key', bob.key);
    r.commit('bob approves CHG-2');
    const third = await r.check();
    expect(third.allowed, third.text).toBe(true);
    expect((await r.land('again')).types).toEqual(['change.applied', 'policy.changed']);
    expect(
      r
        .ledger()
        .filter((e) => e.type === 'policy.changed')
        .map((e) => e.body.bootstrap),
    ).toEqual([true, undefined]);
    expect((await r.cli('verify')).code).toBe(0);
  });

  it('does not apply to a policy change that also carries state ops', async () => {
    r = new StarterRepo();
    await r.ok('init');
    r.commit('gatehouse init');
    const adminKey = join(r.dir, '.gatehouse/admin_ed25519');
    r.branch('mixed');
    await policyChange(
      'CHG-1',
      adminKey,
      r.read('policies/actors.yaml').replace('max_level: 2', 'max_level: 1'),
      {
        'state/web.yaml': 'service: web\nresources:\n  - id: a\n    spec: { count: 1 }\n',
      },
    );
    const mixed = await r.check();
    expect(mixed.allowed).toBe(false);
    expect(find(mixed.doc.root as Node, 'quorum/bootstrap')).toBeUndefined();
  });
});
