/**
 * Rollbacks through the gate (DESIGN §3, §4; seed 000 Part 2): a `kind: rollback` manifest is a rollback only
 * when its ops are exactly the inverse of the ledger entries it names, computed from the ledger; only then
 * does it pass active kill switches and leave the rolling blast budget alone. A change id is applied once:
 * re-applying a rolled-back change under its old id is denied, and `record` refuses it instead of skipping it.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  governedRepos,
  node,
  resourceId,
  withCapacity,
  type GovernedRepo,
} from '../fixtures/governed-repo.js';

const repo = governedRepos();

/** state/<service>/<region>.yaml with the given capacities (index → value), 500 elsewhere. */
function cell(service: string, region: string, values: Record<number, number>): Record<string, string> {
  const resources = Array.from({ length: 4 }, (_, i) => ({
    id: resourceId(region, i),
    spec: { capacity: values[i] ?? 500 },
  }));
  return { [`state/${service}/${region}.yaml`]: stringify({ service, region, resources }, { lineWidth: 0 }) };
}

const EAST = 'state/park-ticketing/us-east-1.yaml';

/** Level 3 may touch 4 of the 36 resources per change and per hour (ceil(36 × 0.10)). */
const BUDGET = `limits: { percent: 1, service: 1, region: 1 }
levels: { 3: { percent: 0.10 } }
window: { duration: 1h, levels: [3] }
`;

/** A level-3 change by ops-agent, landed (merged and recorded). */
async function landLevel3(r: GovernedRepo, id: string, files: Record<string, string>): Promise<void> {
  r.branch();
  r.commit(id, { ...r.manifest({ id, proposer: 'ops-agent', level: 3 }), ...files });
  const landed = await r.land();
  expect(landed.code, landed.out + landed.err).toBe(0);
}

/** A `kind: rollback` manifest naming `reverts`, written by hand (not by `gatehouse rollback`). */
function declaredRollback(r: GovernedRepo, id: string, reverts: number[]): Record<string, string> {
  return r.manifest({ id, kind: 'rollback', proposer: 'ops-agent', level: 3, related: { reverts } });
}

/** `gatehouse rollback --event SEQ` on a fresh branch, its manifest signed by ops-agent, committed. */
async function genuineRollback(r: GovernedRepo, seq: number, id: string): Promise<void> {
  r.branch();
  const rb = await r.cli('rollback', '--event', String(seq), '--proposer', 'ops-agent', '--id', id);
  expect(rb.code, rb.err).toBe(0);
  const key = r.keys.get('ops-agent')!.privateFile;
  expect((await r.cli('sign', `changes/${id}/change.yaml`, '--ssh-key', key)).code).toBe(0);
  r.commit(`roll back entry ${seq}`);
}

describe('gate: a declared rollback must be the inverse of the entry it names', () => {
  it('judges a "rollback" of an unrelated entry as an ordinary change: an active kill switch blocks it', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
      ...cell('park-ticketing', 'us-east-1', { 0: 900 }),
    });
    await r.approve('CHG-1', ['alice']);
    expect((await r.land()).code).toBe(0); // seq 1
    r.branch();
    const bobKey = r.keys.get('bob')!.privateFile; // manifests are signed by their proposer
    await r.cli('killswitch', 'activate', 'ticketing-freeze', '--id', 'KS-1', '--ssh-key', bobKey);
    r.commit('freeze');
    await r.approve('KS-1', ['dave']);
    expect((await r.land()).code).toBe(0); // seq 2, 3: killswitch.activated

    // Claims to revert entry 1 but raises another gate instead.
    r.branch();
    r.commit('not a rollback', {
      ...declaredRollback(r, 'RB-FAKE', [1]),
      ...cell('park-ticketing', 'us-east-1', { 0: 900, 1: 950 }),
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'kill-switches/ticketing-freeze')).toMatchObject({ status: 'fail' });
    const rb = node(doc.root, 'rollback');
    expect(rb.status).toBe('skip');
    expect(rb.reason).toMatch(/^not a rollback: ops are not the inverse of entry 1 \(CHG-1\): /);
    expect(rb.reason).toContain('judged as an ordinary change');

    // The genuine rollback of entry 1 still walks through the switch.
    r.checkout('main');
    r.git('branch', '-q', '-D', 'pr');
    await genuineRollback(r, 1, 'RB-1');
    const genuine = await r.check();
    expect(genuine.code, JSON.stringify(genuine.doc.root.children.map((c) => [c.id, c.status]))).toBe(0);
    expect(node(genuine.doc.root, 'rollback')).toMatchObject({
      status: 'pass',
      reason: 'ops are exactly the inverse of entry 1 (CHG-1): 1 op',
    });
    expect(node(genuine.doc.root, 'kill-switches/ticketing-freeze').reason).toContain(
      'rollbacks always pass',
    );
  });

  it('records a declared rollback that is not the inverse as change.applied, so it refunds no budget', async () => {
    const r = repo({ blastRadius: BUDGET });
    await landLevel3(r, 'CHG-A', cell('park-ticketing', 'us-east-1', { 0: 900, 1: 900, 2: 900 })); // seq 1
    // "Reverts" CHG-A, but changes a staff-scheduling resource.
    r.branch();
    r.commit('not a rollback', {
      ...declaredRollback(r, 'RB-FAKE', [1]),
      ...cell('staff-scheduling', 'us-east-1', { 0: 700 }),
    });
    const fake = await r.check();
    expect(fake.code).toBe(0); // 1 + 3 ≤ 4: an ordinary level-3 change within the budget
    expect(node(fake.doc.root, 'rollback').status).toBe('skip');
    expect((await r.land()).code).toBe(0);
    const entry = r.ledger().at(-1)!;
    expect(entry.type).toBe('change.applied');
    expect(entry.body.reverts).toBeUndefined();

    // CHG-A's 3 and the fake's 1 are still spent: one more resource is over the budget.
    r.branch();
    r.commit('one more', {
      ...r.manifest({ id: 'CHG-B', proposer: 'ops-agent', level: 3 }),
      ...cell('parade-schedule', 'us-east-1', { 0: 600 }),
    });
    const next = await r.check();
    expect(next.code).toBe(1);
    expect(node(next.doc.root, 'blast-radius/window')).toMatchObject({
      status: 'fail',
      numbers: { affected: 5, allowed: 4 },
    });
    expect(node(next.doc.root, 'blast-radius/window').reason).toContain(
      '4 already spent by 2 level 3 changes',
    );
  });

  it('does not block the genuine rollback of the change that spent the rolling budget', async () => {
    const r = repo({ blastRadius: BUDGET });
    await landLevel3(r, 'CHG-A', cell('park-ticketing', 'us-east-1', { 0: 900, 1: 900, 2: 900, 3: 900 }));
    await genuineRollback(r, 1, 'RB-1');
    const { code, doc } = await r.check();
    expect(code, JSON.stringify(doc.root.children.map((c) => [c.id, c.status, c.reason]))).toBe(0);
    const win = node(doc.root, 'blast-radius/window');
    expect(win.status).toBe('pass');
    expect(win.reason).toMatch(/^a rollback of entry 1 spends no rolling budget/);
    expect((await r.land()).code).toBe(0);
    expect(r.ledger().at(-1)).toMatchObject({ type: 'rollback.applied', body: { reverts: [1] } });
    expect(r.read(EAST)).toBe(withCapacity(4, 'park-ticketing', 'us-east-1', 0));
  });
});

describe('gate: a change id is applied once', () => {
  it('denies re-applying a rolled-back change under its old id, and record refuses it instead of skipping it', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
      ...cell('park-ticketing', 'us-east-1', { 0: 900 }),
    });
    await r.approve('CHG-1', ['alice']);
    const first = await r.land(); // seq 1
    expect(first.code).toBe(0);
    // Recording the same merge twice is still a no-op (DESIGN §4).
    const twice = await r.cli('record', '--base', first.before, '--head', first.after, '--json');
    expect(twice.code, twice.err).toBe(0);
    expect(JSON.parse(twice.out)).toMatchObject({ appended: 0, already: 1 });

    await genuineRollback(r, 1, 'RB-1');
    expect((await r.land()).code).toBe(0); // seq 2: rollback.applied

    // Same manifest (one comment added, so the PR carries it), same ops, same digest, alice's old approval.
    r.branch();
    const manifest = 'changes/CHG-1/change.yaml';
    r.commit('re-apply CHG-1', {
      [manifest]: `${r.read(manifest)}# re-applied\n`,
      ...cell('park-ticketing', 'us-east-1', { 0: 900 }),
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const once = node(doc.root, 'applied-once');
    expect(once.status).toBe('fail');
    expect(once.reason).toMatch(
      /^CHG-1 was already applied at ledger entry 1 \(merge [0-9a-f]{12}\); approvals count for one application only$/,
    );
    expect(once.fix).toBe('open a new change with a new id and new approvals');

    const size = r.ledger().length;
    const rec = await r.land();
    expect(rec.code).toBe(1);
    expect(rec.out).toContain('record: refused, the gate denies CHG-1; nothing recorded');
    expect(r.ledger()).toHaveLength(size);
  });
});
