import { describe, expect, it } from 'vitest';
import { evaluateRequirement, type QuorumContext } from '../../../src/quorum/evaluate.js';
import { ACTORS, DIGEST, NOW, approval } from '../gate/helpers.js';

const ctx: QuorumContext = {
  now: NOW,
  actors: { actors: ACTORS },
  change: 'CHG-0042',
  digest: DIGEST,
  proposer: 'alice',
  ttlMs: 3_600_000,
};

function ignoredReasons(r: ReturnType<typeof evaluateRequirement>): string[] {
  return r.node.children.filter((c) => c.id.includes('/ignored:')).map((c) => c.reason);
}

describe('evaluateRequirement', () => {
  it('lists every ignored approval with why', () => {
    const r = evaluateRequirement(
      'quorum/t',
      { count: 1 },
      [
        approval('bob', {
          signature: { ok: false, code: 'bad-signature', reason: 'ed25519 signature does not verify' },
        }),
        approval('carol', { signature: undefined }),
        approval('dave', { signature: { ...approval('erin').signature!, actor: 'erin' } as never }),
        approval('erin', { ts: '2026-01-18T15:00:01Z' }),
        approval('ops-agent'),
        approval('low', { role: 'security' }),
        approval('bob', { change: 'CHG-0041' }),
        approval('carol', { source: 'github' }),
      ],
      ctx,
    );
    expect(ignoredReasons(r)).toEqual([
      'ignored approve by bob: bad signature: ed25519 signature does not verify',
      'ignored approve by carol: unsigned',
      'ignored approve by dave: signed with a key of erin, not of dave',
      'ignored approve by erin: dated 2026-01-18T15:00:01Z, after now',
      'ignored approve by ops-agent: ops-agent is not human (agent)',
      'ignored approve by low: claims role security, which low does not hold',
      'ignored approve by bob: names change CHG-0041, not CHG-0042',
      'ignored approve by carol: GitHub review not accepted (accept: signed)',
    ]);
    expect(r.node).toMatchObject({ status: 'pending', numbers: { approvals: 0, needed: 1, ignored: 8 } });
    expect(r.node.reason).toBe('0/1 approvals; ignored 8 approvals');
  });

  it('counts agents when humans_only is false and the proposer when allow_self is true', () => {
    const r = evaluateRequirement(
      'quorum/t',
      { count: 2, humans_only: false, allow_self: true },
      [approval('ops-agent'), approval('alice')],
      ctx,
    );
    expect(r.met).toBe(true);
    expect(r.counted.map((c) => c.actor)).toEqual(['ops-agent', 'alice']);
  });

  it('counts each actor once and lets the latest decision stand', () => {
    const twice = evaluateRequirement(
      'quorum/t',
      { count: 2 },
      [approval('bob'), approval('bob', { ts: '2026-01-18T14:40:00Z' })],
      ctx,
    );
    expect(twice.node.numbers).toMatchObject({ approvals: 1, needed: 2 });
    expect(ignoredReasons(twice)).toEqual(['ignored approve by bob: superseded: bob counts once']);
    const changedMind = evaluateRequirement(
      'quorum/t',
      { count: 1 },
      [
        approval('bob', { decision: 'reject', ts: '2026-01-18T14:10:00Z' }),
        approval('bob', { ts: '2026-01-18T14:20:00Z' }),
      ],
      ctx,
    );
    expect(changedMind.met).toBe(true);
    const sameTime = evaluateRequirement(
      'quorum/t',
      { count: 1 },
      [approval('bob'), approval('bob', { decision: 'reject', source: 'github' })],
      {
        ...ctx,
      },
    );
    // the GitHub reject is not accepted by this rule, so it cannot veto
    expect(sameTime.met).toBe(true);
  });

  it('restricts approvers to roles_any and names the eligible actors who have not approved', () => {
    const r = evaluateRequirement(
      'quorum/batch',
      { count: 2, roles_any: ['operator', 'sre'] },
      [approval('bob'), approval('carol')],
      ctx,
    );
    expect(r.node.status).toBe('pending');
    expect(ignoredReasons(r)).toEqual([
      'ignored approve by carol: carol holds none of the roles operator, sre',
    ]);
    expect(r.node.fix).toBe('needs 1 more signed approval from roles operator, sre; eligible: erin, low');
  });

  it('vetoes on a reject by an eligible approver and names the actor', () => {
    const r = evaluateRequirement(
      'quorum/t',
      { count: 1 },
      [approval('bob'), approval('dave', { decision: 'reject' })],
      ctx,
    );
    expect(r).toMatchObject({ met: false, vetoed: true, counted: [] });
    expect(r.node.status).toBe('fail');
    expect(r.node.reason).toBe('vetoed by dave: 1/1 approvals');
    expect(r.node.fix).toContain('dave must approve the current digest');
  });

  it('does not let a reject outside the rule roles veto', () => {
    const r = evaluateRequirement(
      'quorum/t',
      { count: 1, roles_any: ['sre'] },
      [approval('bob'), approval('carol', { decision: 'reject' })],
      ctx,
    );
    expect(r.met).toBe(true);
  });

  it('needs max(count, roles_all) approvals with every role filled by a different person', () => {
    const req = { count: 3, roles_all: ['ethics', 'security', 'charter'] };
    const r = evaluateRequirement('quorum/emergency', req, [approval('carol'), approval('dave')], {
      ...ctx,
      proposer: 'ops-agent',
    });
    expect(r.node.reason).toBe('2/3 approvals (missing role: charter)');
    expect(r.node.fix).toBe('needs 1 more signed approval from role charter; eligible: bob');
    const full = evaluateRequirement(
      'quorum/emergency',
      req,
      [approval('carol'), approval('dave'), approval('bob')],
      { ...ctx, proposer: 'ops-agent' },
    );
    expect(full.met).toBe(true);
    expect(full.counted.map((c) => [c.actor, c.role])).toEqual([
      ['carol', 'ethics'],
      ['dave', 'security'],
      ['bob', 'charter'],
    ]);
  });

  it('expires approvals after the TTL and keeps them without one', () => {
    const old = approval('bob', { ts: '2026-01-18T12:00:00Z' });
    expect(evaluateRequirement('quorum/t', { count: 1 }, [old], ctx).met).toBe(false);
    const { ttlMs: _ttl, ...noTtl } = ctx;
    expect(evaluateRequirement('quorum/t', { count: 1 }, [old], noTtl).met).toBe(true);
  });
});
