import { describe, expect, it } from 'vitest';
import type { AuthorityPolicy, ChangeManifest } from '../../../src/core/documents.js';
import type { Decision } from '../../../src/gate/evaluate.js';
import {
  buildRecordDrafts,
  escalationTtlMs,
  genesisDraft,
  recordKey,
  type RecordInput,
} from '../../../src/record/build.js';

const NOW = new Date('2026-01-18T15:00:00.123Z');
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const authority = {
  environment: 'staging',
  levels: {},
  escalation: { ttl: '1h', approvers: { count: 1 } },
} as unknown as AuthorityPolicy;
const decision: Decision = {
  allowed: true,
  status: 'pass',
  digest: DIGEST,
  root: {
    id: 'gate',
    status: 'pass',
    reason: 'allowed',
    numbers: {},
    children: [{ id: 'quorum', status: 'pass', reason: 'ok', numbers: {}, children: [] }],
  },
  counted: [
    {
      actor: 'alice',
      role: 'security',
      source: 'signed',
      fingerprint: 'SHA256:abc',
      ts: '2026-01-18T14:50:00Z',
      rules: ['approval'],
    },
    { actor: 'bob', source: 'github', reviewId: 77, ts: '2026-01-18T14:55:00Z', rules: ['approval'] },
  ],
};

function input(manifest: Partial<ChangeManifest>, extra: Partial<RecordInput> = {}): RecordInput {
  return {
    manifest: {
      id: 'CHG-1',
      kind: 'change',
      title: 't',
      proposer: 'ops-agent',
      level: 1,
      proposed_at: '2026-01-18T14:00:00Z',
      ...manifest,
    } as ChangeManifest,
    digest: DIGEST,
    ops: [{ op: 'update', key: 'svc/a', path: '/spec/capacity', before: 500, after: 900 }],
    decision,
    baseState: {
      resources: { 'svc/a': { service: 'svc', id: 'a', region: 'r1', spec: { capacity: 500 } } },
      switches: {},
    },
    policyFiles: [],
    authority,
    overrides: [],
    now: NOW,
    ...extra,
  };
}

describe('buildRecordDrafts', () => {
  it('writes change.applied with the manifest without its signature, ops, counted approvals and the decision', () => {
    const [d, ...rest] = buildRecordDrafts(
      input({ signature: { type: 'ssh', value: 'SIG' } }, { pr: 17, mergeCommit: 'f'.repeat(40) }),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      ts: '2026-01-18T15:00:00Z',
      type: 'change.applied',
      actor: 'ops-agent',
      level: 1,
      subject: { change: 'CHG-1', commit: 'f'.repeat(40), pr: 17 },
      key: recordKey('change.applied', 'CHG-1', DIGEST),
    });
    expect(d!.body.manifest).not.toHaveProperty('signature');
    expect(d!.body.approvals).toEqual([
      {
        actor: 'alice',
        role: 'security',
        source: 'signed',
        fingerprint: 'SHA256:abc',
        ts: '2026-01-18T14:50:00Z',
        rules: ['approval'],
      },
      { actor: 'bob', source: 'github', review_id: 77, ts: '2026-01-18T14:55:00Z', rules: ['approval'] },
    ]);
    expect(d!.body.decision).toEqual({
      allowed: true,
      status: 'pass',
      checks: { quorum: 'pass' },
      affected: { count: 1, services: ['svc'], regions: ['r1'] },
    });
  });

  it('writes rollback.applied with the reverted seqs for a rollback the gate verified', () => {
    const verified = { decision: { ...decision, rollback: { reverts: [5] } } };
    const [d] = buildRecordDrafts(input({ kind: 'rollback', related: { reverts: 5 } }, verified));
    expect(d).toMatchObject({ type: 'rollback.applied', body: { reverts: [5] } });
    // declared only: recorded as the ordinary change it is, reverting (and refunding) nothing
    const [declared] = buildRecordDrafts(input({ kind: 'rollback', related: { reverts: 5 } }));
    expect(declared!.type).toBe('change.applied');
    expect(declared!.body.reverts).toBeUndefined();
  });

  it('adds escalation.granted with an expiry capped at the policy ttl', () => {
    const asked = buildRecordDrafts(
      input({ kind: 'escalation', level: 0, escalation: { actor: 'erin', level: 3, ttl: '30m' } }),
    );
    expect(asked[1]).toMatchObject({
      type: 'escalation.granted',
      body: { actor: 'erin', level: 3, ttl: '30m', expires_at: '2026-01-18T15:30:00Z' },
    });
    const greedy = buildRecordDrafts(
      input({ kind: 'escalation', level: 0, escalation: { actor: 'erin', level: 3, ttl: '3h' } }),
    );
    expect(greedy[1]!.body).toMatchObject({ ttl: '1h', expires_at: '2026-01-18T16:00:00Z' });
    expect(escalationTtlMs(input({ escalation: { actor: 'erin', level: 3 } }).manifest, authority)).toBe(
      3_600_000,
    );
  });

  it('adds killswitch entries and policy.changed with file hashes', () => {
    const on = buildRecordDrafts(
      input({ kind: 'killswitch', killswitch: { id: 'freeze', action: 'activate' } }),
    );
    expect(on.map((d) => d.type)).toEqual(['change.applied', 'killswitch.activated']);
    expect(on[1]!.body).toEqual({ switch: 'freeze', change: 'CHG-1' });
    const off = buildRecordDrafts(
      input({ kind: 'killswitch', killswitch: { id: 'freeze', action: 'deactivate' } }),
    );
    expect(off[1]!.type).toBe('killswitch.deactivated');
    const policy = buildRecordDrafts(
      input(
        { kind: 'policy' },
        { policyFiles: [{ path: 'policies/quorum.yaml', before: 'sha256:1', after: 'sha256:2' }] },
      ),
    );
    expect(policy[1]).toMatchObject({
      type: 'policy.changed',
      key: recordKey('policy.changed', 'CHG-1', DIGEST),
      body: { files: [{ path: 'policies/quorum.yaml', before: 'sha256:1', after: 'sha256:2' }] },
    });
  });

  it('gives every entry of one change its own idempotency key', () => {
    const drafts = buildRecordDrafts(
      input(
        { kind: 'killswitch', killswitch: { id: 'f', action: 'activate' } },
        { policyFiles: [{ path: 'policies/x', before: null, after: 'sha256:1' }] },
      ),
    );
    const keys = drafts.map((d) => d.key);
    expect(new Set(keys).size).toBe(drafts.length);
  });

  it('starts an adopted ledger from the base state', () => {
    const g = genesisDraft({ resources: {}, switches: {} }, NOW);
    expect(g).toMatchObject({
      type: 'genesis',
      actor: 'gatehouse',
      ts: '2026-01-18T15:00:00Z',
      body: { state: { resources: {}, switches: {} }, adopted: true },
    });
  });
});
