import { describe, expect, it } from 'vitest';
import type { OverrideSignature } from '../../../src/core/documents.js';
import { deriveOverrides, overrideStatus } from '../../../src/report/records.js';
import type { IncidentRow, OverrideRecord } from '../../../src/report/types.js';

const request = {
  id: 'OVR-0001',
  change: 'CHG-0007',
  checks: ['blast-radius'],
  reason: 'storm',
  impact: 'medium' as const,
  requested_by: 'ops-agent',
  requested_at: '2026-01-18T10:00:00Z',
  expires_at: '2026-01-18T12:00:00Z',
  post_mortem_due: '2026-01-19T12:00:00Z',
};
const sig = (actor: string, role: string, decision: 'approve' | 'reject' = 'approve'): OverrideSignature => ({
  override: 'OVR-0001',
  actor,
  role,
  decision,
  ts: '2026-01-18T10:05:00Z',
  signature: { type: 'ssh', value: 'x' },
});
const record = (signatures: OverrideSignature[]): OverrideRecord => ({
  file: 'overrides/OVR-0001/override.yaml',
  request,
  signatures,
});
const quorum = [sig('erin', 'ethics'), sig('alice', 'security'), sig('frank', 'charter')];
const postMortem = {
  id: 'INC-20260119-090000',
  overrides: 'OVR-0001',
  postMortemOf: ['OVR-0001'],
} as IncidentRow;
const status = (signatures: OverrideSignature[], now: string, incidents: IncidentRow[] = []) =>
  deriveOverrides([record(signatures)], incidents, new Map(), new Date(now))[0]!;

describe('override status in the report (DESIGN §2.6)', () => {
  it('is pending without three distinct roles, naming the missing one', () => {
    const o = status(quorum.slice(0, 2), '2026-01-18T10:30:00Z');
    expect(o.status).toBe('pending');
    expect(o.rolesMissing).toEqual(['charter']);
  });

  it('does not let one signer holding two roles fill both', () => {
    const o = status(
      [sig('erin', 'ethics'), sig('erin', 'security'), sig('frank', 'charter')],
      '2026-01-18T10:30:00Z',
    );
    expect(o.status).toBe('pending');
    expect(o.rolesMissing).toEqual(['security']);
  });

  it('is active with quorum before expiry, completed after, and review_overdue past the post-mortem due time', () => {
    expect(status(quorum, '2026-01-18T11:00:00Z').status).toBe('active');
    expect(status(quorum, '2026-01-18T13:00:00Z').status).toBe('completed');
    expect(status(quorum, '2026-01-20T00:00:00Z').status).toBe('review_overdue');
  });

  it('is reviewed once an incident record is its post-mortem', () => {
    const o = status(quorum, '2026-01-20T00:00:00Z', [postMortem]);
    expect(o.status).toBe('reviewed');
    expect(o.postMortems).toEqual(['INC-20260119-090000']);
  });

  it('is rejected by any rejecting signature and expired without quorum after expiry', () => {
    expect(status([...quorum, sig('gus', 'ethics', 'reject')], '2026-01-18T11:00:00Z').status).toBe(
      'rejected',
    );
    expect(status(quorum.slice(0, 1), '2026-01-18T12:00:00Z').status).toBe('expired');
  });

  it('orders every status rule as documented', () => {
    const base = { rejected: false, quorum: true, reviewed: false, expired: false, overdue: false };
    expect(overrideStatus({ ...base, rejected: true, reviewed: true })).toBe('rejected');
    expect(overrideStatus({ ...base, quorum: false, reviewed: true })).toBe('pending');
    expect(overrideStatus({ ...base, expired: true, overdue: true, reviewed: true })).toBe('reviewed');
  });
});
