/**
 * The README's adoption walk-through, executed: an existing repository with state/ and a few commits →
 * `init --adopt --actor …` → first commit → a first governed merge (manifest, sign, approve, check, merge,
 * record) → a policy change adding a third approver → a rollback → an incident record; `verify` and
 * `validate` clean at the end. Only documented commands and git; real keys from ssh-keygen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StarterRepo } from './starter-fixture.js';

let r: StarterRepo;
afterEach(() => r?.cleanup());

const SHOP = (replicas: number): string =>
  `service: shop\nregion: eu-west-1\nresources:\n  - id: cart\n    spec: { replicas: 2 }\n  - id: checkout\n    spec: { replicas: ${replicas} }\n  - id: search\n    spec: { replicas: 3 }\n  - id: web\n    spec: { replicas: 4 }\n`;

async function allowed(): Promise<void> {
  const d = await r.check();
  expect(d.allowed, d.text).toBe(true);
}

describe('adoption walk-through (README "Adopt an existing repository")', () => {
  it('goes from an existing repository to governed merges, a policy change, a rollback and an incident', async () => {
    // an existing repository with state and history
    r = new StarterRepo();
    r.commit('shop: initial', { 'README.md': '# shop\n', 'state/shop.yaml': SHOP(2) });
    r.commit('shop: describe it', { 'README.md': '# shop\n\nThe shop and its services.\n' });
    const alice = r.key('alice');
    const bob = r.key('bob');

    // 1. adopt: policies around the existing state, genesis = that state
    await r.ok(
      'init',
      '--adopt',
      '--actor',
      `alice:security,operator:${alice.pub}`,
      '--actor',
      `bob:charter,operator:${bob.pub}`,
    );
    r.commit('gatehouse: adopt');
    expect((await r.cli('verify')).code).toBe(0);

    // 2. a first governed merge: alice proposes, bob approves
    r.branch('checkout-3');
    r.write({ 'state/shop.yaml': SHOP(3) });
    await r.ok('change', 'new', '--title', 'Three checkout replicas', '--proposer', 'alice', '--level', '2');
    await r.ok('sign', 'changes/CHG-0001/change.yaml', '--ssh-key', alice.key);
    r.commit('CHG-0001: three checkout replicas');
    await r.ok('approve', 'CHG-0001', '--base', 'main', '--head', 'HEAD', '--ssh-key', bob.key);
    r.commit('CHG-0001: approved by bob');
    await allowed();
    expect((await r.land('checkout-3')).types).toEqual(['change.applied']);
    const chg1 = r.ledger().at(-1)!;
    expect(chg1.seq).toBe(1); // the README's `rollback --event 1` and `--culprit 1`

    // 3. a policy change adding carol as a third approver (security from alice, charter from bob)
    const carol = r.key('carol');
    r.branch('add-carol');
    r.write({
      'policies/actors.yaml': `${r.read('policies/actors.yaml')}  - id: carol\n    kind: human\n    roles: [operator, security]\n    max_level: 2\n    keys:\n      - { type: ssh, file: keys/carol.pub }\n`,
      'policies/keys/carol.pub': r.readKey(carol.pub),
    });
    await r.ok(
      'change',
      'new',
      '--title',
      'Add carol as an approver',
      '--proposer',
      'alice',
      '--level',
      '2',
      '--kind',
      'policy',
    );
    await r.ok('sign', 'changes/CHG-0002/change.yaml', '--ssh-key', alice.key);
    r.commit('CHG-0002: add carol');
    await r.ok(
      'approve',
      'CHG-0002',
      '--base',
      'main',
      '--head',
      'HEAD',
      '--ssh-key',
      alice.key,
      '--role',
      'security',
    );
    await r.ok(
      'approve',
      'CHG-0002',
      '--base',
      'main',
      '--head',
      'HEAD',
      '--ssh-key',
      bob.key,
      '--role',
      'charter',
    );
    r.commit('CHG-0002: approved by alice and bob');
    await allowed();
    expect((await r.land('add-carol')).types).toEqual(['change.applied', 'policy.changed']);

    // 4. roll CHG-0001 back (level 2 in the starter policy), approved by carol, the new approver
    r.branch('rollback-1');
    await r.ok('rollback', '--event', String(chg1.seq), '--level', '2', '--proposer', 'bob');
    await r.ok('sign', 'changes/RB-1/change.yaml', '--ssh-key', bob.key);
    r.commit('RB-1: roll back CHG-0001');
    await r.ok('approve', 'RB-1', '--base', 'main', '--head', 'HEAD', '--ssh-key', carol.key);
    r.commit('RB-1: approved by carol');
    await allowed();
    expect((await r.land('rollback-1')).types).toEqual(['rollback.applied']);
    expect(r.read('state/shop.yaml')).toContain('replicas: 2');

    // 5. the incident record: opened and resolved before it reaches main
    r.branch('incident');
    const inc = 'INC-20260302-094500';
    await r.ok(
      'incident',
      'new',
      '--id',
      inc,
      '--type',
      'checkout latency',
      '--severity',
      'medium',
      '--operator',
      'bob',
      '--started-at',
      '2026-03-02T09:40:00Z',
      '--detected-at',
      '2026-03-02T09:41:00Z',
      '--services',
      'shop',
      '--culprit',
      String(chg1.seq),
      '--description',
      'Checkout latency rose after CHG-0001.',
    );
    await r.ok(
      'incident',
      'resolve',
      inc,
      '--resolved-at',
      '2026-03-02T09:44:00Z',
      '--cause',
      'CHG-0001 added a replica',
      '--impact',
      'Slow checkouts for four minutes',
      '--response',
      'Rolled back with RB-1',
      '--resolution',
      'RB-1 merged',
      '--prevention',
      'Load-test checkout changes first',
    );
    r.commit(`${inc}: checkout latency`);
    await allowed();
    expect((await r.land('incident')).types).toEqual(['incident.opened', 'incident.resolved']);

    // 6. everything verifies and validates
    const verify = await r.cli('verify', '--json');
    expect(verify.code, verify.out + verify.err).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, drift: [], findings: [] });
    expect((await r.cli('validate')).code).toBe(0);
  });
});
