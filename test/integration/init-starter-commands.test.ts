/**
 * The starter policy lets every command the tool offers pass the gate with the actors `init --actor` set
 * up, and `record` writes each to the ledger: a change, a rollback (level 2: the starter keeps level 3
 * off), an incident record, a kill switch flip, an escalation, and a change let through by an override
 * signed by the two founders. Real git, real ssh-keygen keys, the CLI only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StarterRepo } from './starter-fixture.js';

let r: StarterRepo;
afterEach(() => r?.cleanup());

const stateFile = (n: number, capacity: number): string =>
  `service: web\nregion: eu-west-1\nresources:\n${Array.from(
    { length: n },
    (_, i) => `  - id: node-${i}\n    spec: { capacity: ${capacity} }\n`,
  ).join('')}`;

/** Write changes/<id>/change.yaml and sign it with the proposer's key through `gatehouse sign`. */
async function manifest(id: string, proposer: string, level: number, title: string): Promise<void> {
  r.write({
    [`changes/${id}/change.yaml`]: `id: ${id}\nkind: change\ntitle: ${title}\nproposer: ${proposer}\nlevel: ${level}\nproposed_at: ${r.tick()}\njustification: ${title}\n`,
  });
  await r.ok('sign', `changes/${id}/change.yaml`, '--ssh-key', r.keyOf(proposer));
}

async function approve(id: string, actor: string): Promise<void> {
  r.commit(`${id}: work in progress`);
  await r.ok('approve', id, '--base', 'main', '--head', 'HEAD', '--ssh-key', r.keyOf(actor));
  r.commit(`approve ${id} by ${actor}`);
}

async function allowedAndRecorded(branch: string, types: string[]): Promise<void> {
  const decision = await r.check();
  expect(decision.allowed, decision.text).toBe(true);
  expect(decision.code).toBe(0);
  const landed = await r.land(branch);
  expect(landed.code, landed.text).toBe(0);
  expect(landed.types).toEqual(types);
}

describe('the starter policy of init --actor', () => {
  it('lets a change, rollback, incident, kill switch, escalation and override pass the gate and be recorded', async () => {
    r = new StarterRepo();
    const alice = r.key('alice');
    const bob = r.key('bob');
    await r.ok(
      'init',
      '--actor',
      `alice:security,operator:${alice.pub}`,
      '--actor',
      `bob:charter,operator:${bob.pub}`,
    );
    r.commit('gatehouse init');
    expect(r.ledgerTypes()).toEqual(['genesis']);

    // a change at level 2, approved by the other founder
    r.branch('chg-1');
    r.write({ 'state/web.yaml': stateFile(3, 10) });
    await manifest('CHG-1', 'alice', 2, 'Three web nodes');
    await approve('CHG-1', 'bob');
    await allowedAndRecorded('chg-1', ['change.applied']);
    const applied = r.ledger().find((e) => e.type === 'change.applied')!;

    // rollback of it: at level 2 by default, since the starter keeps level 3 off; approved by bob
    r.branch('rb-1');
    await r.ok('rollback', '--event', String(applied.seq), '--proposer', 'alice', '--id', 'CHG-2');
    expect(r.read('changes/CHG-2/change.yaml')).toMatch(/^level: 2$/m);
    await r.ok('sign', 'changes/CHG-2/change.yaml', '--ssh-key', alice.key);
    await approve('CHG-2', 'bob');
    await allowedAndRecorded('rb-1', ['rollback.applied']);

    // an incident record needs no manifest and no quorum
    r.branch('inc-1');
    await r.ok(
      'incident',
      'new',
      '--id',
      'INC-20260302-100000',
      '--type',
      'web outage',
      '--severity',
      'low',
      '--operator',
      'alice',
      '--started-at',
      '2026-03-02T09:50:00Z',
      '--detected-at',
      '2026-03-02T09:51:00Z',
      '--description',
      'The web nodes were removed by mistake.',
    );
    r.commit('INC-20260302-100000');
    await allowedAndRecorded('inc-1', ['incident.opened']);

    // a kill switch flip, proposed and signed by alice, approved by bob
    r.branch('ks-1');
    await r.ok(
      'killswitch',
      'activate',
      'autonomy-freeze',
      '--id',
      'CHG-3',
      '--proposer',
      'alice',
      '--ssh-key',
      alice.key,
    );
    await approve('CHG-3', 'bob');
    await allowedAndRecorded('ks-1', ['change.applied', 'killswitch.activated']);

    // an escalation alice asks for herself; bob (not the grantee) approves it
    r.branch('esc-1');
    await r.ok(
      'escalate',
      '--actor',
      'alice',
      '--level',
      '3',
      '--id',
      'CHG-4',
      '--proposer',
      'alice',
      '--ssh-key',
      alice.key,
    );
    await approve('CHG-4', 'bob');
    await allowedAndRecorded('esc-1', ['change.applied', 'escalation.granted']);

    // a change over the blast radius (6 of 6 resources; min_allowed 5) passes only under an override that
    // the two founders sign (security, charter)
    r.branch('chg-5');
    r.write({ 'state/web.yaml': stateFile(6, 20) });
    await manifest('CHG-5', 'alice', 2, 'Six web nodes at once');
    await approve('CHG-5', 'bob');
    const denied = await r.check();
    expect(denied.allowed).toBe(false);
    expect(denied.text).toMatch(/6 resources affected in the repository; allowed 5 \(min_allowed 5/);
    await r.ok(
      'override',
      'new',
      '--change',
      'CHG-5',
      '--base',
      'main',
      '--head',
      'HEAD',
      '--checks',
      'blast-radius',
      '--impact',
      'low',
      '--reason',
      'Bring the whole web tier up together',
      '--expires',
      '2h',
      '--requested-by',
      'alice',
      '--id',
      'OVR-1',
    );
    await r.ok('override', 'sign', 'OVR-1', '--ssh-key', alice.key, '--role', 'security');
    await r.ok('override', 'sign', 'OVR-1', '--ssh-key', bob.key, '--role', 'charter');
    r.commit('OVR-1 and its signatures');
    // the override is part of the PR, so the change's digest moved: bob approves again
    await approve('CHG-5', 'bob');
    await allowedAndRecorded('chg-5', ['change.applied', 'override.activated']);

    expect((await r.cli('verify')).code).toBe(0);
    expect((await r.cli('validate')).code).toBe(0);
  });
});
