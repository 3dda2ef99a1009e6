/**
 * Kill switches and escalations end to end (seed 001 §7; DESIGN §3): the commands write the manifests, the
 * gate applies the flippers' and the escalation approvers' quorum, `record` appends killswitch.* and
 * escalation.granted, and later decisions read them from the replayed ledger at the base.
 */
import { describe, expect, it } from 'vitest';
import { governedRepos, node, withCapacity } from '../fixtures/governed-repo.js';

const repo = governedRepos();

const ticketing = (value: number): Record<string, string> => ({
  'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1, value),
});

describe('kill switches', () => {
  it('denies changes while a switch is active, and lets the rollback through', async () => {
    const r = repo();
    // CHG-1 raises a gate's capacity and is recorded.
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...ticketing(900) });
    await r.approve('CHG-1', ['alice']);
    expect((await r.land()).code).toBe(0);

    // bob proposes to activate ticketing-freeze (signed with his key, as every manifest is); the flippers
    // (sre, supervisor) decide, not the proposer.
    r.branch();
    const bobKey = r.keys.get('bob')!.privateFile;
    const ks = await r.cli('killswitch', 'activate', 'ticketing-freeze', '--id', 'KS-1', '--ssh-key', bobKey);
    expect(ks.code).toBe(0);
    expect(ks.out).toContain(
      'changes/KS-1/change.yaml: activate kill switch ticketing-freeze, proposed by bob',
    );
    r.commit('freeze ticketing');
    const pending = await r.check();
    expect(pending.code).toBe(1);
    expect(node(pending.doc.root, 'kill-switches/flip:ticketing-freeze').status).toBe('pending');
    await r.approve('KS-1', ['dave']);
    const flip = await r.check();
    expect(flip.code).toBe(0);
    expect(flip.doc.counted.map((c) => c.actor)).toEqual(['dave']);
    const landed = await r.land('pr', ['--json']);
    expect(JSON.parse(landed.out)).toMatchObject({
      entries: [
        { seq: 2, type: 'change.applied' },
        { seq: 3, type: 'killswitch.activated' },
      ],
    });

    // Any later ticketing change is blocked by the replayed switch ...
    r.branch();
    r.commit('raise again', {
      ...r.manifest({ id: 'CHG-2', proposer: 'ops-agent', level: 1 }),
      ...ticketing(950),
    });
    await r.approve('CHG-2', ['alice']);
    const blocked = await r.check();
    expect(blocked.code).toBe(1);
    const sw = node(blocked.doc.root, 'kill-switches/ticketing-freeze');
    expect(sw.status).toBe('fail');
    expect(sw.reason).toContain('active since 2026-01-18T15:00:00Z (seq 3, by bob)');
    r.checkout('main');
    r.git('branch', '-q', '-D', 'pr');

    // ... but the rollback of CHG-1 (written by `rollback`, signed by its proposer) passes.
    r.branch();
    const rb = await r.cli('rollback', '--event', '1', '--proposer', 'ops-agent', '--id', 'RB-1');
    expect(rb.err).toBe('');
    expect(rb.code).toBe(0);
    const signed = await r.cli(
      'sign',
      'changes/RB-1/change.yaml',
      '--ssh-key',
      r.keys.get('ops-agent')!.privateFile,
    );
    expect(signed.code).toBe(0);
    r.commit('roll back CHG-1');
    const rollback = await r.check();
    expect(rollback.code).toBe(0);
    expect(node(rollback.doc.root, 'kill-switches/ticketing-freeze').reason).toContain(
      'rollbacks always pass',
    );
    const recorded = await r.land('pr', ['--json']);
    expect(JSON.parse(recorded.out)).toMatchObject({ entries: [{ seq: 4, type: 'rollback.applied' }] });
    expect(r.ledger()[4]!.body).toMatchObject({ reverts: [1], ops: [{ before: 900, after: 500 }] });
    expect((await r.cli('verify')).code).toBe(0);
  });

  it('refuses a switch the policy does not define, and writes nothing', async () => {
    const r = repo();
    const before = r.snapshot();
    const ks = await r.cli('killswitch', 'activate', 'no-such-switch', '--id', 'KS-9', '--proposer', 'bob');
    expect(ks.code).toBe(2);
    expect(ks.err).toContain(
      'policies/kill-switches.yaml: no kill switch "no-such-switch" (switches: ticketing-freeze)',
    );
    expect(r.snapshot()).toBe(before);
  });
});

describe('escalation', () => {
  it('grants a temporary level through the escalation approvers, until it expires', async () => {
    const r = repo();
    r.branch();
    const erinKey = r.keys.get('erin')!.privateFile; // erin asks for the grant and signs its manifest
    const esc = await r.cli(
      'escalate',
      ...['--actor', 'erin', '--level', '3', '--ttl', '30m', '--id', 'ESC-1', '--ssh-key', erinKey],
    );
    expect(esc.code).toBe(0);
    r.commit('escalate erin');
    const waiting = await r.check();
    expect(waiting.code).toBe(1);
    expect(node(waiting.doc.root, 'quorum/escalation').reason).toMatch(/^grant erin level 3: 0\/1 approvals/);
    await r.approve('ESC-1', ['alice']); // not a supervisor: does not count
    expect((await r.check()).code).toBe(1);
    await r.approve('ESC-1', ['dave']);
    expect((await r.check()).code).toBe(0);
    const landed = await r.land('pr', ['--json']);
    expect(JSON.parse(landed.out)).toMatchObject({
      entries: [
        { seq: 0, type: 'genesis' },
        { seq: 1, type: 'change.applied' },
        { seq: 2, type: 'escalation.granted' },
      ],
    });
    expect(r.ledger()[2]!.body).toMatchObject({
      actor: 'erin',
      level: 3,
      ttl: '30m',
      expires_at: '2026-01-18T15:30:00Z',
      change: 'ESC-1',
    });

    // erin (max_level 2) acts at level 3 under the grant, without approval ...
    r.branch();
    r.commit('act', { ...r.manifest({ id: 'ACT-1', proposer: 'erin', level: 3 }), ...ticketing(700) });
    const within = await r.check('--now', '2026-01-18T15:20:00Z');
    expect(within.code).toBe(0);
    expect(node(within.doc.root, 'authority/proposer').reason).toBe(
      'erin may act at level 3 under escalation grant seq 2 until 2026-01-18T15:30:00Z (max_level 2)',
    );
    // ... and not once it has expired.
    const after = await r.check('--now', '2026-01-18T15:31:00Z');
    expect(after.code).toBe(1);
    expect(node(after.doc.root, 'authority/proposer').reason).toBe(
      'erin may act up to level 2, not 3; escalation grant seq 2 expired at 2026-01-18T15:30:00Z',
    );
  });

  it('refuses an escalation the actor does not need', async () => {
    const r = repo();
    const before = r.snapshot();
    const esc = await r.cli('escalate', '--actor', 'alice', '--level', '2', '--id', 'ESC-2');
    expect(esc.code).toBe(2);
    expect(esc.err).toContain('alice may already act up to level 3');
    expect(r.snapshot()).toBe(before);
  });
});
