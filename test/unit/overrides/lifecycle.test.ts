import { describe, expect, it } from 'vitest';
import type { OverrideRequest } from '../../../src/core/documents.js';
import {
  activeOverridesFor,
  DEFAULT_OVERRIDE_RULE,
  deriveStatus,
  overrideDigest,
  overrideRule,
  type OverrideRecord,
  type SignatureEvidence,
} from '../../../src/overrides/lifecycle.js';

const request: OverrideRequest = {
  id: 'OVR-1',
  change: 'CHG-0042',
  checks: ['blast-radius'],
  reason: 'r',
  impact: 'medium',
  requested_by: 'ops-agent',
  requested_at: '2026-01-18T14:00:00Z',
  expires_at: '2026-01-18T16:00:00Z',
  post_mortem_due: '2026-01-19T16:00:00Z',
};

const humans: Record<string, string[]> = {
  alice: ['security'],
  bob: ['charter'],
  erin: ['ethics'],
  carol: ['charter', 'ethics'],
};

function sig(
  actor: string,
  role: string,
  minute: number,
  over: Partial<SignatureEvidence> = {},
): SignatureEvidence {
  return {
    file: `overrides/OVR-1/signatures/${actor}.yaml`,
    doc: {
      override: 'OVR-1',
      actor,
      role,
      decision: 'approve',
      ts: `2026-01-18T14:${String(minute).padStart(2, '0')}:00Z`,
      digest: overrideDigest(request),
      signature: { type: 'ssh', value: 'x' },
    },
    check: { ok: true, actor, fingerprint: 'SHA256:x' },
    signer: { kind: actor === 'bot' ? 'agent' : 'human', roles: humans[actor] ?? ['security'] },
    ...over,
  };
}

function rec(signatures: SignatureEvidence[], extra: Partial<OverrideRecord> = {}): OverrideRecord {
  return {
    file: 'overrides/OVR-1/override.yaml',
    request,
    digest: overrideDigest(request),
    rule: { name: 'emergency-override', require: DEFAULT_OVERRIDE_RULE },
    signatures,
    postmortems: [],
    ...extra,
  };
}

const at = (hhmm: string): Date => new Date(`2026-01-18T${hhmm}:00Z`);

describe('override lifecycle', () => {
  const full = [sig('alice', 'security', 5), sig('bob', 'charter', 6), sig('erin', 'ethics', 7)];

  it('activates at the signature that completes the quorum', () => {
    const v = deriveStatus(rec(full), at('14:30'));
    expect(v).toMatchObject({ status: 'active', activated_at: '2026-01-18T14:07:00Z', missing: [] });
  });

  it('counts only signatures that verify, by the named actor, from humans, not the requester', () => {
    const bad = [
      sig('alice', 'security', 5, { check: { ok: false, code: 'bad-signature', reason: 'does not match' } }),
      sig('bob', 'charter', 6, { check: { ok: true, actor: 'mallory', fingerprint: 'x' } }),
      sig('bot', 'security', 7),
      sig('ops-agent', 'security', 8, { signer: { kind: 'human', roles: ['security'] } }),
    ];
    const v = deriveStatus(rec(bad), at('14:30'));
    expect(v.status).toBe('pending');
    expect(v.ignored.map((i) => i.why)).toEqual([
      'signature does not verify: does not match',
      "signed by mallory's key, not bob's",
      'bot is not human (agent)',
      'ops-agent requested the override (allow_self: false)',
    ]);
  });

  it('derives completed, review_overdue and reviewed from the clock and the post-mortems', () => {
    expect(deriveStatus(rec(full), at('16:00')).status).toBe('completed');
    expect(deriveStatus(rec(full), new Date('2026-01-19T16:00:01Z')).status).toBe('review_overdue');
    expect(
      deriveStatus(rec(full, { usedBy: { seq: 9, ts: '2026-01-18T14:20:00Z' } }), at('14:30')).status,
    ).toBe('completed');
    const pm = {
      postmortems: [{ incident: 'INC-20260119-100000', file: 'x', documented_at: '2026-01-19T10:00:00Z' }],
    };
    expect(deriveStatus(rec(full, pm), new Date('2026-01-20T00:00:00Z')).status).toBe('reviewed');
  });

  it('gives the gate the overrides of one change only, with their status', () => {
    const other = rec(full, { request: { ...request, id: 'OVR-2', change: 'CHG-9' } });
    expect(activeOverridesFor('CHG-0042', [rec(full), other], at('14:30'))).toEqual([
      { id: 'OVR-1', checks: ['blast-radius'], status: 'active' },
    ]);
    expect(activeOverridesFor('CHG-0042', [rec(full)], at('14:06'))).toEqual([
      { id: 'OVR-1', checks: ['blast-radius'], status: 'pending' },
    ]);
  });

  it('takes the rule with when.kind override from quorum.yaml, else the default of three distinct roles', () => {
    expect(overrideRule({ rules: [] }).require).toEqual(DEFAULT_OVERRIDE_RULE);
    const custom = { count: 2, roles_all: ['security', 'charter'] };
    expect(overrideRule({ rules: [{ name: 'eo', when: { kind: 'override' }, require: custom }] })).toEqual({
      name: 'eo',
      require: custom,
    });
  });
});

describe('deriveStatus: post-mortems by non-actors', () => {
  it('lists an ignored post-mortem and stays unreviewed', () => {
    const r = rec([sig('alice', 'security', 5), sig('bob', 'charter', 6), sig('erin', 'ethics', 7)], {
      postmortemsIgnored: [
        { file: 'incidents/INC-1.md', why: 'post-mortem INC-1 is by mallory, not counted' },
      ],
    });
    const v = deriveStatus(r, new Date('2026-01-19T17:00:00Z'));
    expect(v.status).toBe('review_overdue');
    expect(v.ignored).toContainEqual({
      file: 'incidents/INC-1.md',
      why: 'post-mortem INC-1 is by mallory, not counted',
    });
  });
});
