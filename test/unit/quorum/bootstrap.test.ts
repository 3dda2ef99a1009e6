import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import type { QuorumPolicy } from '../../../src/core/documents.js';
import { approval, inputs, node, updates } from '../gate/helpers.js';

// The starter's policy-change rule, and alice and bob as founders.
const QUORUM: QuorumPolicy = {
  rules: [
    {
      name: 'policy-change',
      when: { paths: ['policies/**'] },
      require: { count: 3, roles_all: ['security', 'charter', 'ethics'], accept: ['signed'] },
    },
  ],
  bootstrap: { actors: ['alice', 'bob'] },
};

function policyChange(o: {
  before?: boolean;
  approvers?: string[];
  ops?: boolean;
  proposer?: string;
  veto?: string;
}) {
  return inputs({
    manifest: { kind: 'policy', level: 0, proposer: o.proposer ?? 'alice' },
    ops: o.ops ? updates(1) : [],
    quorum: QUORUM,
    approvals: [
      ...(o.approvers ?? ['alice', 'bob']).map((a) => approval(a)),
      ...(o.veto ? [approval(o.veto, { decision: 'reject' })] : []),
    ],
    paths: [
      { path: 'policies/actors.yaml', status: 'modified' },
      { path: 'changes/CHG-0042/change.yaml', status: 'added' },
    ],
    extra: o.before === undefined ? {} : { policyChangedBefore: o.before },
  });
}

describe('the quorum bootstrap', () => {
  it('passes the first policy change that every founding actor approves, proposer included, and marks the decision', () => {
    const d = evaluateGate(policyChange({ before: false }));
    expect(node(d.root, 'quorum')).toMatchObject({ status: 'pass' });
    expect(node(d.root, 'quorum/bootstrap').status).toBe('pass');
    expect(node(d.root, 'quorum/policy-change').status).toBe('skip');
    expect(d.bootstrap).toBe(true);
    expect(d.counted.map((c) => [c.actor, c.rules])).toEqual([
      ['alice', ['bootstrap']],
      ['bob', ['bootstrap']],
    ]);
  });

  it('is spent once the ledger has a policy.changed entry, and fails closed when that was not checked', () => {
    for (const before of [true, undefined]) {
      const d = evaluateGate(policyChange({ before }));
      expect(node(d.root, 'quorum/policy-change').status).toBe('pending');
      expect(() => node(d.root, 'quorum/bootstrap')).toThrow();
      expect(d.bootstrap).toBeUndefined();
    }
  });

  it('needs every founding actor, and says so', () => {
    const d = evaluateGate(policyChange({ before: false, approvers: ['alice'] }));
    expect(d.allowed).toBe(false);
    expect(node(d.root, 'quorum/bootstrap')).toMatchObject({ status: 'pending' });
    expect(node(d.root, 'quorum/bootstrap').fix).toMatch(/eligible: bob/);
  });

  it('never applies to state ops, a proposer who is not a founder, or over a veto', () => {
    for (const o of [{ ops: true }, { proposer: 'carol', approvers: ['alice', 'bob'] }, { veto: 'carol' }]) {
      const d = evaluateGate(policyChange({ before: false, ...o }));
      expect(d.bootstrap).toBeUndefined();
      expect(node(d.root, 'quorum').status).not.toBe('pass');
    }
  });
});
