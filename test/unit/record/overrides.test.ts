import { describe, expect, it } from 'vitest';
import type { OverrideRequest } from '../../../src/core/documents.js';
import {
  DEFAULT_OVERRIDE_RULE,
  overrideDigest,
  type OverrideRecord,
  type SignatureEvidence,
} from '../../../src/overrides/lifecycle.js';
import { overrideActivatedDrafts } from '../../../src/record/overrides.js';

const NOW = new Date('2026-01-18T15:00:00Z');
const request: OverrideRequest = {
  id: 'OVR-1',
  change: 'CHG-3',
  checks: ['blast-radius', 'kill-switches'],
  reason: 'Evacuate the plaza',
  impact: 'medium',
  requested_by: 'ops-agent',
  requested_at: '2026-01-18T14:00:00Z',
  expires_at: '2026-01-18T16:00:00Z',
  post_mortem_due: '2026-01-19T16:00:00Z',
};
const digest = overrideDigest(request);

function sig(actor: string, role: string, ts: string, ok = true): SignatureEvidence {
  return {
    file: `overrides/OVR-1/signatures/${actor}.yaml`,
    doc: {
      override: 'OVR-1',
      actor,
      role,
      decision: 'approve',
      ts,
      digest,
      signature: { type: 'ssh', value: 'x' },
    },
    check: ok
      ? { ok: true, actor, fingerprint: `SHA256:${actor}-key` }
      : { ok: false, code: 'bad-signature', reason: 'does not verify' },
    signer: { kind: 'human', roles: [role] },
  };
}

const record: OverrideRecord = {
  file: 'overrides/OVR-1/override.yaml',
  request,
  digest,
  rule: { name: 'emergency-override', require: DEFAULT_OVERRIDE_RULE },
  signatures: [
    sig('erin', 'ethics', '2026-01-18T14:05:00Z'),
    sig('mallory', 'security', '2026-01-18T14:06:00Z', false),
    sig('alice', 'security', '2026-01-18T14:07:00Z'),
    sig('bob', 'charter', '2026-01-18T14:09:00Z'),
  ],
  postmortems: [],
};

describe('overrideActivatedDrafts', () => {
  it('records the override, its named and bypassed checks, and the quorum with fingerprints', () => {
    const { drafts, notes } = overrideActivatedDrafts({
      records: new Map([['OVR-1', record]]),
      bypassed: new Map([['OVR-1', ['blast-radius']]]),
      change: 'CHG-3',
      seen: () => undefined,
      now: NOW,
      pr: 6,
    });
    expect(notes).toEqual([]);
    expect(drafts).toEqual([
      {
        ts: '2026-01-18T15:00:00Z',
        type: 'override.activated',
        actor: 'ops-agent',
        subject: { override: 'OVR-1', change: 'CHG-3', pr: 6 },
        key: `override.activated:OVR-1:${digest}`,
        body: {
          override: 'OVR-1',
          change: 'CHG-3',
          digest,
          checks: ['blast-radius', 'kill-switches'],
          bypassed: ['blast-radius'],
          impact: 'medium',
          reason: 'Evacuate the plaza',
          requested_by: 'ops-agent',
          activated_at: '2026-01-18T14:09:00Z',
          expires_at: '2026-01-18T16:00:00Z',
          post_mortem_due: '2026-01-19T16:00:00Z',
          rule: 'emergency-override',
          signers: [
            { actor: 'erin', role: 'ethics', fingerprint: 'SHA256:erin-key', ts: '2026-01-18T14:05:00Z' },
            { actor: 'alice', role: 'security', fingerprint: 'SHA256:alice-key', ts: '2026-01-18T14:07:00Z' },
            { actor: 'bob', role: 'charter', fingerprint: 'SHA256:bob-key', ts: '2026-01-18T14:09:00Z' },
          ],
        },
      },
    ]);
  });

  it('does not activate an override twice, nor one whose record is missing, and says so', () => {
    const r = overrideActivatedDrafts({
      records: new Map([['OVR-1', record]]),
      bypassed: new Map([
        ['OVR-1', ['blast-radius']],
        ['OVR-9', ['blast-radius']],
      ]),
      change: 'CHG-3',
      seen: (type, id) => (type === 'override.activated' && id === 'OVR-1' ? 7 : undefined),
      now: NOW,
    });
    expect(r.drafts).toEqual([]);
    expect(r.notes).toEqual([
      'OVR-1 is already activated in the ledger at seq 7',
      'override OVR-9 applied but its record could not be read; no override.activated',
    ]);
  });
});
