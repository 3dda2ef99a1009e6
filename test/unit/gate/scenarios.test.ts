import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import {
  BASE,
  DIGEST,
  OTHER_DIGEST,
  approval,
  authority,
  inputs,
  node,
  proposerAttestation,
  sigOk,
  stateOf,
  updates,
} from './helpers.js';

describe('evaluateGate: authority levels', () => {
  it('allows a level-1 change with one eligible approval', () => {
    const d = evaluateGate(inputs({ level: 1, approvals: [approval('bob')] }));
    expect(d.allowed).toBe(true);
    expect(d.status).toBe('pass');
    expect(d.change).toBe('CHG-0042');
    expect(d.counted).toEqual([
      {
        actor: 'bob',
        source: 'signed',
        fingerprint: 'SHA256:bob-fp',
        ts: '2026-01-18T14:30:00Z',
        rules: ['approval'],
      },
    ]);
    expect(node(d.root, 'quorum/approval').reason).toBe('1/1 approvals: bob');
  });

  it('denies a level-1 change approved only by its proposer', () => {
    const d = evaluateGate(inputs({ level: 1, approvals: [approval('alice')] }));
    expect(d.allowed).toBe(false);
    const rule = node(d.root, 'quorum/approval');
    expect(rule.status).toBe('pending');
    expect(rule.numbers).toMatchObject({ approvals: 0, needed: 1, ignored: 1 });
    expect(node(d.root, 'quorum/approval/ignored:alice').reason).toContain(
      'is the proposer (allow_self: false)',
    );
    expect(rule.fix).toMatch(
      /^needs 1 more signed or GitHub approval; eligible: bob, carol, dave, erin, low$/,
    );
  });

  it('denies a level-1 change with two ops', () => {
    const d = evaluateGate(inputs({ level: 1, ops: updates(2), approvals: [approval('bob')] }));
    expect(d.allowed).toBe(false);
    const ops = node(d.root, 'authority/ops');
    expect(ops.status).toBe('fail');
    expect(ops.reason).toBe('level 1 (assist) allows exactly one op per approval; this change has 2 ops');
  });

  it('allows a level-2 batch of 100 ops with its quorum', () => {
    const d = evaluateGate(
      inputs({ level: 2, ops: updates(100), approvals: [approval('bob'), approval('dave')] }),
    );
    expect(node(d.root, 'authority/ops').reason).toBe('batch of 100 ops (at most 100), approved as one unit');
    expect(d.allowed).toBe(true);
    expect(d.counted.map((c) => [c.actor, c.rules])).toEqual([
      ['bob', ['approval', 'batch-two-roles']],
      ['dave', ['approval', 'batch-two-roles']],
    ]);
  });

  it('denies a level-2 batch of 101 ops', () => {
    const d = evaluateGate(
      inputs({ level: 2, ops: updates(101), approvals: [approval('bob'), approval('dave')] }),
    );
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'authority/ops')).toMatchObject({
      status: 'fail',
      numbers: { ops: 101, max_ops: 100 },
    });
  });

  it('denies a level-0 mutation and allows a level-0 recommendation without ops', () => {
    const mutation = evaluateGate(inputs({ manifest: { proposer: 'recommender', level: 0 } }));
    expect(mutation.allowed).toBe(false);
    expect(node(mutation.root, 'authority/ops').reason).toContain(
      'level 0 (read-only) allows no state mutation',
    );
    const rec = evaluateGate(
      inputs({
        manifest: { proposer: 'recommender', level: 0, kind: 'recommendation' },
        ops: [],
        paths: [{ path: 'changes/CHG-0042/change.yaml', status: 'added' }],
      }),
    );
    expect(rec.allowed).toBe(true);
    expect(node(rec.root, 'authority/ops').reason).toBe('level 0 with no ops (recommendation)');
  });

  it('denies a level-3 change whose proposer did not bind the digest (a copied signed manifest on other ops)', () => {
    const m = { proposer: 'ops-agent', level: 3 as const };
    const none = evaluateGate(inputs({ manifest: m, approvals: [] }));
    expect(none.allowed).toBe(false);
    const sig = node(none.root, 'authority/signature');
    expect(sig.status).toBe('fail');
    expect(sig.reason).toContain('at level 3 nobody else approves, so ops-agent must sign the change digest');
    expect(sig.fix).toContain('gatehouse approve');
    const stale = evaluateGate(
      inputs({
        manifest: m,
        approvals: [{ ...proposerAttestation('CHG-0042', 'ops-agent'), digest: `sha256:${'0'.repeat(64)}` }],
      }),
    );
    expect(node(stale.root, 'authority/signature').reason).toContain('binds another digest');
    // Someone else's approval of the digest does not bind it for the proposer.
    const other = evaluateGate(
      inputs({ manifest: m, approvals: [proposerAttestation('CHG-0042', 'alice')] }),
    );
    expect(other.allowed).toBe(false);
    // A change with no ops (a level-3 kill-switch flip or escalation at level 3) needs none.
    expect(evaluateGate(inputs({ manifest: m, ops: [], approvals: [] })).allowed).toBe(
      evaluateGate(inputs({ manifest: m, ops: [] })).allowed,
    );
  });

  it('allows a level-3 change without approval and denies the 11th concurrent one', () => {
    const ok = evaluateGate(inputs({ manifest: { proposer: 'ops-agent', level: 3 } }));
    expect(ok.allowed).toBe(true);
    expect(node(ok.root, 'quorum').reason).toBe('no quorum rule applies');
    const window = Array.from({ length: 10 }, (_, i) => ({
      seq: 100 + i,
      ts: `2026-01-18T14:${String(40 + i).padStart(2, '0')}:00Z`,
      type: 'change.applied',
      level: 3 as const,
      affected: 1,
      services: ['park-ticketing'],
      regions: ['us-east-1'],
    }));
    const eleventh = evaluateGate(
      inputs({ manifest: { proposer: 'ops-agent', level: 3 }, extra: { ledgerWindow: window } }),
    );
    expect(eleventh.allowed).toBe(false);
    const c = node(eleventh.root, 'authority/concurrency');
    expect(c.numbers).toEqual({ concurrent: 11, max_concurrent: 10 });
    expect(c.reason).toContain('10 level-3 changes are already in their 30m observation window');
    // one of them rolled back, one outside the window: the change is the 9th
    const older = window.map((e, i) =>
      i === 0 ? { ...e, ts: '2026-01-18T14:20:00Z' } : i === 1 ? { ...e, rolledBack: true } : e,
    );
    const ninth = evaluateGate(
      inputs({ manifest: { proposer: 'ops-agent', level: 3 }, extra: { ledgerWindow: older } }),
    );
    expect(node(ninth.root, 'authority/concurrency').numbers.concurrent).toBe(9);
    expect(ninth.allowed).toBe(true);
  });

  it('denies level 4 when it is disabled, and outside production even when enabled', () => {
    const disabled = evaluateGate(inputs({ manifest: { proposer: 'ops-agent', level: 4 } }));
    expect(disabled.allowed).toBe(false);
    expect(node(disabled.root, 'authority/level-enabled').reason).toBe('level 4 is disabled');
    const staging = authority();
    staging.levels['4'] = { enabled: true };
    const d = evaluateGate(inputs({ manifest: { proposer: 'alice', level: 4 }, authority: staging }));
    expect(node(d.root, 'authority/level-enabled').reason).toContain('requires environment: production');
    const prod = { ...staging, environment: 'production' as const };
    const ok = evaluateGate(inputs({ manifest: { proposer: 'dave', level: 3 }, authority: prod }));
    expect(node(ok.root, 'authority/level-enabled').status).toBe('pass');
  });

  it('denies an unknown proposer', () => {
    const d = evaluateGate(inputs({ manifest: { proposer: 'mallory' }, approvals: [approval('bob')] }));
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'authority/proposer')).toMatchObject({
      status: 'fail',
      reason: 'unknown proposer mallory: not in the base actors policy',
      source: { file: 'changes/CHG-0042/change.yaml', line: 1 },
    });
  });

  it('denies an approval by an unknown actor', () => {
    const d = evaluateGate(inputs({ approvals: [approval('mallory')] }));
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'quorum/approval/ignored:mallory').reason).toContain('unknown actor mallory');
  });

  it('denies an unsigned agent manifest and one signed by someone else', () => {
    const base = inputs({ manifest: { proposer: 'ops-agent', level: 3 } });
    const { signature: _drop, ...unsigned } = base.manifest!;
    const d = evaluateGate({ ...base, manifest: unsigned });
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'authority/signature').reason).toBe(
      'manifest unsigned: ops-agent must sign it with a key of the base actors policy',
    );
    const other = evaluateGate({ ...base, manifest: { ...unsigned, signature: sigOk('alice') } });
    expect(node(other.root, 'authority/signature').reason).toBe(
      'manifest signed by alice, not by its proposer ops-agent',
    );
    const bad = evaluateGate({
      ...base,
      manifest: {
        ...unsigned,
        signature: { ok: false, code: 'bad-signature', reason: 'signature does not match the document' },
      },
    });
    expect(node(bad.root, 'authority/signature').reason).toContain(
      'does not verify: signature does not match',
    );
  });

  it('fails closed with an error on an unreadable key of an involved actor', () => {
    const base = inputs({ manifest: { proposer: 'ops-agent', level: 3 } });
    const d = evaluateGate({
      ...base,
      manifest: {
        ...base.manifest!,
        signature: { ok: false, code: 'key-unreadable', reason: 'key file unreadable' },
      },
      keyProblems: [
        { actor: 'ops-agent', file: 'policies/keys/ops-agent.pub', reason: 'not an SSH public key' },
      ],
    });
    expect(d.status).toBe('error');
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'keys')).toMatchObject({
      status: 'error',
      reason: 'cannot verify signatures: ops-agent: not an SSH public key',
    });
    // the same problem for an uninvolved actor is reported but does not block
    const other = evaluateGate({
      ...inputs({ approvals: [approval('bob')] }),
      keyProblems: [{ actor: 'erin', reason: 'unreadable' }],
    });
    expect(other.allowed).toBe(true);
    expect(node(other.root, 'keys').status).toBe('pass');
  });

  it('lets an escalation grant lift a proposer above max_level until it expires', () => {
    const grant = { actor: 'low', level: 2 as const, expires_at: '2026-01-18T15:30:00Z', seq: 7 };
    const approvals = [approval('bob'), approval('dave')];
    const without = evaluateGate(inputs({ manifest: { proposer: 'low', level: 2 }, approvals }));
    expect(node(without.root, 'authority/proposer').reason).toBe('low may act up to level 1, not 2');
    const live = evaluateGate(
      inputs({ manifest: { proposer: 'low', level: 2 }, approvals, extra: { escalations: [grant] } }),
    );
    expect(live.allowed).toBe(true);
    expect(node(live.root, 'authority/proposer').reason).toContain(
      'under escalation grant seq 7 until 2026-01-18T15:30:00Z',
    );
    const expired = evaluateGate(
      inputs({
        manifest: { proposer: 'low', level: 2 },
        approvals,
        extra: { escalations: [{ ...grant, expires_at: '2026-01-18T14:59:59Z' }] },
      }),
    );
    expect(expired.allowed).toBe(false);
    expect(node(expired.root, 'authority/proposer').reason).toContain(
      'escalation grant seq 7 expired at 2026-01-18T14:59:59Z',
    );
  });

  it('applies the most restrictive authority rule the change touches', () => {
    const rules = [
      { match: { services: ['park-ticketing'] }, max_level: 3 as const },
      { match: { services: ['park-ticketing'], regions: ['us-east-1'] }, max_level: 1 as const },
      { match: { services: ['staff-scheduling'] }, max_level: 0 as const },
    ];
    const d = evaluateGate(
      inputs({
        level: 2,
        ops: updates(1),
        authority: authority({ rules }),
        approvals: [approval('bob'), approval('dave')],
      }),
    );
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'authority/rules')).toMatchObject({
      status: 'fail',
      reason: 'rule 2 (services park-ticketing; regions us-east-1) caps this change at level 1',
      numbers: { level: 2, max_level: 1, matched: 2 },
    });
  });
});

describe('evaluateGate: approvals', () => {
  it('denies a stale approval whose digest differs', () => {
    const d = evaluateGate(inputs({ approvals: [approval('bob', { digest: OTHER_DIGEST })] }));
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'quorum/approval/ignored:bob').reason).toMatch(
      /stale digest sha256:cdcdcdcdcdcd… \(current sha256:abababababab…\)/,
    );
  });

  it('denies an expired approval (level 1 approvals last 1h)', () => {
    const d = evaluateGate(inputs({ approvals: [approval('bob', { ts: '2026-01-18T13:59:59Z' })] }));
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'quorum/approval/ignored:bob').reason).toBe(
      'ignored approve by bob: expired: given 2026-01-18T13:59:59Z, approvals last 1h',
    );
    // a level-2 approval of the same age is still within its 2h
    const l2 = evaluateGate(
      inputs({ level: 2, approvals: [approval('bob', { ts: '2026-01-18T13:59:59Z' }), approval('dave')] }),
    );
    expect(l2.allowed).toBe(true);
  });

  it('denies one person filling two roles of roles_all', () => {
    const paths = [
      { path: 'policies/quorum.yaml', status: 'modified' as const },
      { path: 'changes/CHG-0042/change.yaml', status: 'added' as const },
    ];
    const both = inputs({
      manifest: { proposer: 'erin', level: 2, kind: 'policy' },
      ops: [],
      paths,
      approvals: [approval('alice', { role: 'security' }), approval('bob')],
    });
    both.policy.actors = {
      actors: both.policy.actors.actors.map((a) =>
        a.id === 'alice' ? { ...a, roles: [...a.roles, 'charter'] } : a,
      ),
    };
    const one = evaluateGate({ ...both, approvals: [approval('alice')] });
    const rule = node(one.root, 'quorum/policy-change');
    expect(one.allowed).toBe(false);
    expect(rule.reason).toBe('1/2 approvals (missing role: charter)');
    expect(rule.fix).toBe('needs 1 more signed approval from role charter; eligible: bob, carol');
    const two = evaluateGate(both);
    expect(node(two.root, 'quorum/policy-change').reason).toBe(
      '2/2 approvals: alice (security), bob (charter)',
    );
    expect(two.allowed).toBe(true);
    expect(node(two.root, 'policy').reason).toContain('judged by the base branch');
  });

  it('lets a reject by an eligible approver veto the change', () => {
    const d = evaluateGate(
      inputs({ approvals: [approval('bob'), approval('carol', { decision: 'reject' })] }),
    );
    expect(d.allowed).toBe(false);
    const rule = node(d.root, 'quorum/approval');
    expect(rule.status).toBe('fail');
    expect(rule.reason).toBe('vetoed by carol: 1/1 approvals');
    expect(node(d.root, 'quorum/approval/reject:carol').source).toEqual({
      file: 'changes/CHG-0042/approvals/carol.yaml',
      line: 1,
    });
    expect(d.counted).toEqual([]);
  });

  it('counts a GitHub review only where the rule accepts it', () => {
    const gh = approval('bob', { source: 'github', reviewId: 99 });
    delete gh.signature;
    delete gh.file;
    const d = evaluateGate(inputs({ approvals: [gh] }));
    expect(d.allowed).toBe(true);
    expect(d.counted[0]).toMatchObject({ actor: 'bob', source: 'github', reviewId: 99 });
  });
});

describe('evaluateGate: blast radius', () => {
  const tight = { limits: { percent: 0.05, service: 0.1, region: 0.2 } };
  const approvals = [approval('bob'), approval('dave')];

  it('denies over the percent limit and names it', () => {
    // 300 resources: 5% = 15; 16 ops spread over two services stays under each service's 10%
    const ops = [...updates(8, 'park-ticketing', 'us-west-2'), ...updates(8, 'staff-scheduling')];
    const d = evaluateGate(
      inputs({
        level: 2,
        ops,
        approvals,
        blastRadius: { limits: { percent: 0.05, service: 0.2, region: 0.5 } },
      }),
    );
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'blast-radius').reason).toBe(
      '16 resources affected in the repository; allowed 15 (ceil(300 × 0.05))',
    );
  });

  it('denies over a service limit and names the service', () => {
    const d = evaluateGate(
      inputs({
        level: 2,
        ops: updates(12, 'staff-scheduling'),
        approvals,
        blastRadius: { limits: { percent: 0.5, service: 0.1, region: 1 } },
      }),
    );
    expect(node(d.root, 'blast-radius').reason).toBe(
      '12 resources affected in service staff-scheduling; allowed 5 (ceil(50 × 0.10))',
    );
    expect(d.allowed).toBe(false);
  });

  it('denies over a region limit and names the region', () => {
    const d = evaluateGate(
      inputs({
        level: 2,
        ops: updates(12, 'parade-schedule'),
        approvals,
        blastRadius: { limits: { percent: 1, service: 1, region: 0.2 } },
      }),
    );
    expect(node(d.root, 'blast-radius').reason).toBe(
      '12 resources affected in region eu-central-1; allowed 10 (ceil(50 × 0.20))',
    );
  });

  it('denies over an absolute cap and names it', () => {
    const d = evaluateGate(
      inputs({
        level: 2,
        ops: updates(12),
        approvals,
        blastRadius: {
          limits: { percent: 1, service: 1, region: 1 },
          services: { 'park-ticketing': { max_affected: 10 } },
        },
      }),
    );
    expect(node(d.root, 'blast-radius').reason).toBe(
      '12 resources affected in service park-ticketing; allowed 10 (max_affected 10; ceil(200 × 1.00) = 200)',
    );
    expect(d.allowed).toBe(false);
  });

  it('reports every dimension with its numbers', () => {
    const d = evaluateGate(inputs({ level: 2, ops: updates(3), approvals, blastRadius: tight }));
    expect(d.allowed).toBe(true);
    const br = node(d.root, 'blast-radius');
    expect(br.children.map((c) => [c.id, c.numbers])).toEqual([
      ['blast-radius/percent', { affected: 3, allowed: 15, total: 300 }],
      ['blast-radius/service:park-ticketing', { affected: 3, allowed: 20, total: 200 }],
      ['blast-radius/region:us-east-1', { affected: 3, allowed: 30, total: 150 }],
    ]);
    expect(br.reason).toBe(
      '3 resources affected; within limits (binding: in the repository, 3 of 15 allowed)',
    );
  });
});

describe('evaluateGate: kill switches', () => {
  const active = {
    ...BASE,
    switches: { 'ticketing-freeze': { active: true, seq: 9, since: '2026-01-18T14:00:00Z', by: 'bob' } },
  };

  it('denies a change while a kill switch blocking it is active, and allows the genuine rollback only', () => {
    const d = evaluateGate(inputs({ base: active, approvals: [approval('bob')] }));
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'kill-switches').reason).toBe('blocked by ticketing-freeze');
    const declared = inputs({ base: active, manifest: { kind: 'rollback' }, approvals: [approval('bob')] });
    const unverified = evaluateGate(declared);
    expect(unverified.allowed).toBe(false); // the kind alone earns nothing
    expect(node(unverified.root, 'rollback').reason).toMatch(/^not a rollback: it was not checked/);
    const rollback = evaluateGate({
      ...declared,
      rollback: { reverts: [1], genuine: true, reason: 'ops are exactly the inverse of entry 1: 1 op' },
    });
    expect(rollback.allowed).toBe(true);
    expect(rollback.rollback).toEqual({ reverts: [1] });
    expect(node(rollback.root, 'kill-switches/ticketing-freeze').reason).toContain('rollbacks always pass');
  });

  it('judges a change flipping a switch by its flippers', () => {
    const flip = {
      kind: 'killswitch' as const,
      killswitch: { id: 'ticketing-freeze', action: 'deactivate' as const },
    };
    const paths = [{ path: 'changes/CHG-0042/change.yaml', status: 'added' as const }];
    const pending = evaluateGate(
      inputs({ base: active, manifest: flip, ops: [], paths, approvals: [approval('carol')] }),
    );
    expect(pending.allowed).toBe(false);
    expect(node(pending.root, 'kill-switches/flip:ticketing-freeze').reason).toMatch(
      /^deactivate ticketing-freeze: 0\/1 approvals/,
    );
    const ok = evaluateGate(
      inputs({ base: active, manifest: flip, ops: [], paths, approvals: [approval('bob')] }),
    );
    expect(ok.allowed).toBe(true);
    expect(ok.counted.map((c) => c.rules)).toEqual([['approval', 'flip:ticketing-freeze']]);
  });
});

describe('evaluateGate: repository checks', () => {
  it('denies edits to history and any PR change under ledger/', () => {
    const d = evaluateGate(
      inputs({
        approvals: [approval('bob')],
        paths: [
          { path: 'state/park-ticketing/us-east-1.yaml', status: 'modified' },
          { path: 'changes/CHG-0042/change.yaml', status: 'added' },
          { path: 'ledger/events/000000000000.jsonl', status: 'added' },
          { path: 'incidents/INC-20260101-000000.md', status: 'modified' },
          { path: 'changes/CHG-0001/approvals/bob.yaml', status: 'deleted' },
          { path: 'overrides/OVR-1/signatures/carol.yaml', status: 'modified' },
          { path: 'incidents/INC-20260118-143045.md', status: 'added' },
        ],
      }),
    );
    expect(d.allowed).toBe(false);
    const ao = node(d.root, 'append-only');
    expect(ao.numbers.violations).toBe(4);
    expect(ao.children.map((c) => c.id)).toEqual([
      'append-only/ledger/events/000000000000.jsonl',
      'append-only/incidents/INC-20260101-000000.md',
      'append-only/changes/CHG-0001/approvals/bob.yaml',
      'append-only/overrides/OVR-1/signatures/carol.yaml',
    ]);
    expect(ao.children[0]!.reason).toContain('only `record` appends to ledger/');
  });

  it('fails a policy edit when no base quorum rule covers policy paths', () => {
    const i = inputs({
      level: 2,
      ops: [],
      paths: [{ path: 'policies/actors.yaml', status: 'modified' }],
      approvals: [approval('bob'), approval('dave')],
    });
    i.policy.quorum = { rules: i.policy.quorum.rules.filter((r) => r.name !== 'policy-change') };
    const d = evaluateGate(i);
    expect(node(d.root, 'policy').status).toBe('fail');
    expect(d.allowed).toBe(false);
  });

  it('requires signed commits when policy says so, listing the bad ones', () => {
    const a = authority({ commits: { require_signed: true } });
    const missing = evaluateGate(inputs({ authority: a, approvals: [approval('bob')] }));
    expect(node(missing.root, 'commits').status).toBe('error');
    const d = evaluateGate(
      inputs({
        authority: a,
        approvals: [approval('bob')],
        extra: {
          commits: [
            { sha: 'a'.repeat(40), ok: true, actor: 'alice' },
            { sha: 'b'.repeat(40), ok: false, reason: 'no signature' },
            { sha: 'c'.repeat(40), ok: true, actor: 'mallory' },
          ],
        },
      }),
    );
    const c = node(d.root, 'commits');
    expect(c.reason).toBe('2 of 3 commits not signed by a known actor: bbbbbbbbbbbb, cccccccccccc');
    expect(d.allowed).toBe(false);
  });

  it('needs a manifest for governed changes but not for ungoverned ones', () => {
    const none = evaluateGate(
      inputs({ manifest: null, ops: [], paths: [{ path: 'src/index.ts', status: 'modified' }] }),
    );
    expect(none.allowed).toBe(true);
    expect(node(none.root, 'manifest').status).toBe('skip');
    const missing = evaluateGate(inputs({ manifest: null }));
    expect(missing.allowed).toBe(false);
    expect(node(missing.root, 'manifest').status).toBe('fail');
    const invalid = evaluateGate(
      inputs({
        manifest: null,
        extra: { manifestProblem: 'changes/CHG-1/change.yaml:3:1: /level: must be <= 4' },
      }),
    );
    expect(invalid.status).toBe('error');
  });
});

describe('evaluateGate: overrides', () => {
  const over = { limits: { percent: 0.01, service: 1, region: 1 } };
  it('turns only the named check into pass-with-note', () => {
    const i = inputs({
      level: 1,
      blastRadius: over,
      ops: updates(5, 'park-ticketing'),
      approvals: [approval('bob')],
    });
    const denied = evaluateGate(i);
    expect(denied.allowed).toBe(false);
    const ok = evaluateGate({
      ...i,
      ops: updates(1),
      overrides: [{ id: 'OVR-1', checks: ['blast-radius'], status: 'active' }],
    });
    expect(ok.allowed).toBe(true);
    const withOps = evaluateGate({
      ...i,
      overrides: [{ id: 'OVR-1', checks: ['blast-radius'], status: 'active' }],
    });
    expect(withOps.allowed).toBe(false); // authority/ops still fails: 5 ops at level 1
    expect(node(withOps.root, 'blast-radius').reason).toMatch(/^overridden by OVR-1: 5 resources affected/);
    expect(node(withOps.root, 'authority/ops').status).toBe('fail');
  });

  it('ignores overrides that are not active and refuses to override history checks', () => {
    const i = inputs({
      blastRadius: over,
      approvals: [approval('bob')],
      ops: updates(1),
      paths: [{ path: 'ledger/checkpoint', status: 'modified' }],
    });
    i.baseState = stateOf([{ service: 'park-ticketing', region: 'us-east-1', count: 10 }]);
    i.ops = updates(1, 'park-ticketing', undefined, i.baseState);
    const d = evaluateGate({
      ...i,
      overrides: [
        { id: 'OVR-2', checks: ['append-only'], status: 'active' },
        { id: 'OVR-3', checks: ['quorum'], status: 'expired' },
      ],
    });
    expect(node(d.root, 'append-only').status).toBe('fail');
    expect(node(d.root, 'overrides/OVR-2:append-only').reason).toBe(
      'OVR-2 names append-only, which cannot be overridden',
    );
    expect(node(d.root, 'overrides/OVR-3').reason).toBe('OVR-3 is expired, not active: it changes nothing');
    expect(d.allowed).toBe(false);
    expect(d.digest).toBe(DIGEST);
  });
});
