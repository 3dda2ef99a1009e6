import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import type { ResultNode, Status } from '../../../src/core/result.js';
import { worst } from '../../../src/core/result.js';
import { ACTORS, BASE, DIGEST, OTHER_DIGEST, approval, inputs, updates } from './helpers.js';

function allStatuses(n: ResultNode, out: Status[] = []): Status[] {
  out.push(n.status);
  for (const c of n.children) allStatuses(c, out);
  return out;
}

const actorIds = [...ACTORS.map((a) => a.id), 'mallory'];

const arbApproval = fc
  .record({
    actor: fc.constantFrom(...actorIds),
    decision: fc.constantFrom<('approve' | 'reject')[]>('approve', 'approve', 'approve', 'reject'),
    stale: fc.boolean(),
    minutesAgo: fc.integer({ min: -5, max: 200 }),
    source: fc.constantFrom<('signed' | 'github')[]>('signed', 'github'),
    badSig: fc.boolean(),
    role: fc.option(fc.constantFrom('security', 'charter', 'operator', 'sre', 'ethics'), { nil: undefined }),
  })
  .map((a) =>
    approval(a.actor, {
      decision: a.decision,
      digest: a.stale ? OTHER_DIGEST : DIGEST,
      ts: new Date(Date.parse('2026-01-18T15:00:00Z') - a.minutesAgo * 60_000).toISOString(),
      source: a.source,
      ...(a.role ? { role: a.role } : {}),
      ...(a.badSig
        ? { signature: { ok: false as const, code: 'bad-signature', reason: 'does not verify' } }
        : {}),
    }),
  );

describe('evaluateGate decision', () => {
  it('is the worst node of the tree, and allows only pass or skip', () => {
    fc.assert(
      fc.property(
        fc.record({
          level: fc.constantFrom<(0 | 1 | 2 | 3 | 4)[]>(0, 1, 2, 3, 4),
          proposer: fc.constantFrom(...actorIds),
          kind: fc.constantFrom<('change' | 'recommendation' | 'rollback')[]>(
            'change',
            'recommendation',
            'rollback',
          ),
          ops: fc.integer({ min: 0, max: 30 }),
          approvals: fc.array(arbApproval, { maxLength: 6 }),
          switchOn: fc.boolean(),
          pct: fc.double({ min: 0.01, max: 1, noNaN: true }),
          policyEdit: fc.boolean(),
          ledgerEdit: fc.boolean(),
          keyProblem: fc.option(fc.constantFrom(...actorIds), { nil: undefined }),
          override: fc.option(
            fc.subarray(['blast-radius', 'quorum', 'authority/ops', 'append-only', 'kill-switches']),
            { nil: undefined },
          ),
          noManifest: fc.boolean(),
        }),
        (r) => {
          const paths = [
            { path: 'state/park-ticketing/us-east-1.yaml', status: 'modified' as const },
            ...(r.policyEdit ? [{ path: 'policies/quorum.yaml', status: 'modified' as const }] : []),
            ...(r.ledgerEdit ? [{ path: 'ledger/checkpoint', status: 'modified' as const }] : []),
          ];
          const i = inputs({
            manifest: r.noManifest ? null : { level: r.level, proposer: r.proposer, kind: r.kind },
            ops: updates(r.ops),
            approvals: r.approvals,
            blastRadius: { limits: { percent: r.pct, service: r.pct, region: 1 } },
            base: r.switchOn
              ? {
                  ...BASE,
                  switches: {
                    'ticketing-freeze': { active: true, seq: 1, since: '2026-01-18T10:00:00Z', by: 'bob' },
                  },
                }
              : BASE,
            paths,
            extra: {
              ...(r.keyProblem ? { keyProblems: [{ actor: r.keyProblem, reason: 'unreadable' }] } : {}),
              ...(r.override ? { overrides: [{ id: 'OVR-9', checks: r.override, status: 'active' }] } : {}),
            },
          });
          const d = evaluateGate(i);
          const all = allStatuses(d.root);
          expect(d.status).toBe(worst(all));
          expect(d.root.status).toBe(d.status);
          expect(d.allowed).toBe(d.status === 'pass' || d.status === 'skip');
          if (all.includes('error')) expect(d.status).toBe('error');
          if (r.ledgerEdit) expect(d.allowed).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
