import { describe, expect, it } from 'vitest';
import { evaluateKillSwitches } from '../../../src/killswitch/evaluate.js';
import { changeFacts } from '../../../src/gate/facts.js';
import { ACTORS, DIGEST, NOW, approval, inputs, killSwitches, updates } from '../gate/helpers.js';
import type { GovernedState } from '../../../src/core/state-types.js';

const on = (id: string): GovernedState['switches'] => ({
  [id]: { active: true, seq: 3, since: '2026-01-18T12:00:00Z', by: 'dave' },
});
const quorum = {
  now: NOW,
  actors: { actors: ACTORS },
  change: 'CHG-0042',
  digest: DIGEST,
  proposer: 'alice',
};

function run(
  state: GovernedState['switches'],
  over: Parameters<typeof inputs>[0] = {},
  approvals = [approval('dave')],
) {
  const i = inputs(over);
  const m = i.manifest?.value;
  return evaluateKillSwitches({
    policy: killSwitches(),
    state,
    facts: changeFacts(i),
    ...(m?.killswitch ? { flip: m.killswitch } : {}),
    approvals,
    quorum,
    file: 'policies/kill-switches.yaml',
    locate: (p) => ({ line: 2 + 5 * Number(p.split('/')[2]), col: 5 }),
  });
}

describe('evaluateKillSwitches', () => {
  it('passes when no switch is active', () => {
    expect(run({}).node).toMatchObject({ status: 'skip', reason: 'no kill switch is active' });
  });

  it('blocks only the changes an active switch matches, with file:line', () => {
    const blocked = run(on('autonomy-freeze'), { manifest: { proposer: 'ops-agent', level: 3 } });
    expect(blocked.node.status).toBe('fail');
    expect(blocked.node.children[0]).toMatchObject({
      id: 'kill-switches/autonomy-freeze',
      reason:
        'autonomy-freeze active since 2026-01-18T12:00:00Z (seq 3, by dave) blocks this change (blocks levels 3, 4)',
      source: { file: 'policies/kill-switches.yaml', line: 7 },
    });
    const level2 = run(on('autonomy-freeze'), { level: 2 });
    expect(level2.node).toMatchObject({ status: 'pass', reason: '1 active, none blocks this change' });
    const otherService = run(on('ticketing-freeze'), { ops: updates(1, 'staff-scheduling') });
    expect(otherService.node.status).toBe('pass');
  });

  it('fails closed on an active switch the policy does not define', () => {
    const r = run(on('mystery'));
    expect(r.node.status).toBe('fail');
    expect(r.node.children[0]!.reason).toContain(
      'has no definition in the base policy: it blocks every change',
    );
  });

  it('judges a flip by the flippers and refuses a flip that changes nothing', () => {
    const flip = (action: 'activate' | 'deactivate', id = 'autonomy-freeze') => ({
      manifest: { kind: 'killswitch' as const, killswitch: { id, action } },
      ops: [],
    });
    const ok = run({}, flip('activate'));
    expect(ok.node.status).toBe('pass');
    expect(ok.counted).toMatchObject([{ actor: 'dave', rules: ['flip:autonomy-freeze'] }]);
    const noRole = run({}, flip('activate'), [approval('bob')]);
    expect(noRole.node.children[0]).toMatchObject({
      status: 'pending',
      reason: 'activate autonomy-freeze: 0/1 approvals; ignored 1 approval',
    });
    expect(run(on('autonomy-freeze'), flip('activate')).node.children.at(-1)!.reason).toBe(
      'autonomy-freeze is already active; nothing to activate',
    );
    expect(run({}, flip('activate', 'nope')).node.children[0]!.reason).toBe(
      'no kill switch nope in the base policy',
    );
    // a killswitch change carrying state ops is judged like any change
    const smuggled = run(on('ticketing-freeze'), {
      manifest: { kind: 'killswitch', killswitch: { id: 'ticketing-freeze', action: 'deactivate' } },
    });
    expect(smuggled.node.children.find((c) => c.id === 'kill-switches/ticketing-freeze')!.status).toBe(
      'fail',
    );
  });
});

describe('evaluateKillSwitches: rollbacks', () => {
  it('exempts only a rollback the gate verified, not the declared kind', () => {
    const declared = { manifest: { kind: 'rollback' as const, proposer: 'ops-agent', level: 3 as const } };
    const i = inputs(declared);
    const args = {
      policy: killSwitches(),
      state: on('ticketing-freeze'),
      facts: changeFacts(i),
      approvals: [],
      quorum,
    };
    const kindOnly = evaluateKillSwitches(args);
    expect(kindOnly.node.status).toBe('fail');
    expect(kindOnly.node.reason).toBe('blocked by ticketing-freeze');
    const genuine = evaluateKillSwitches({ ...args, genuineRollback: [4] });
    expect(genuine.node.status).toBe('pass');
    expect(genuine.node.children[0]!.reason).toBe(
      'ticketing-freeze active since 2026-01-18T12:00:00Z (seq 3, by dave); rollbacks always pass (the exact inverse of entry 4)',
    );
  });
});
