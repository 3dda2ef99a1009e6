import { describe, expect, it } from 'vitest';
import { amendingFront } from '../../../src/incidents/amend.js';
import {
  DEFAULT_MTTR_TARGET,
  incidentTimes,
  mttrTargetMs,
  wholeSeconds,
} from '../../../src/incidents/times.js';
import { derivedTimes } from '../../../src/incidents/record.js';
import type { IncidentFrontMatter } from '../../../src/core/documents.js';

// seed 000 Part 4, Example 2: error spike detected at T=1:00, rollback complete and recovered by T=2:05 — "mttr: 65 seconds"
const seedExample = {
  started_at: '2026-01-18T14:00:00Z', // T=0:00, the change that caused it
  detected_at: '2026-01-18T14:01:00Z', // T=1:00, anomaly detected: the MTTR clock starts
  resolved_at: '2026-01-18T14:02:05Z', // T=2:05
};

describe('one MTTR definition (seed 000 Part 4 playbook: the clock starts at detection)', () => {
  it('derives MTTR detected→resolved, duration started→resolved and the detection delay', () => {
    expect(incidentTimes(seedExample)).toEqual({ detectMs: 60_000, mttrMs: 65_000, durationMs: 125_000 });
    expect(wholeSeconds(incidentTimes(seedExample).mttrMs)).toBe(65); // the seed's "mttr: 65 seconds"
  });

  it('has no MTTR or duration while unresolved, and the record parser uses the same definition', () => {
    expect(incidentTimes({ ...seedExample, resolved_at: null })).toEqual({ detectMs: 60_000 });
    const front = { id: 'INC-20260118-140000', ...seedExample } as IncidentFrontMatter;
    expect(derivedTimes(front)).toEqual({ mttrMs: 65_000, durationMs: 125_000 });
  });

  it('reads the target from policies/incident.yaml, 2 minutes by default (seed 000: < 2-minute MTTR)', () => {
    expect(DEFAULT_MTTR_TARGET).toBe('2m');
    expect(mttrTargetMs(undefined)).toBe(120_000);
    expect(mttrTargetMs({})).toBe(120_000);
    expect(mttrTargetMs({ mttr_target: '90s' })).toBe(90_000);
  });
});

describe('amending records (DESIGN §2.5)', () => {
  const amended: IncidentFrontMatter = {
    id: 'INC-20260118-140100',
    type: 'error spike',
    severity: 'high',
    ...seedExample,
    resolved_at: null,
    operator: 'alice',
    documented_at: '2026-01-18T14:01:30Z',
    services: ['park-ticketing'],
    regions: ['us-east-1'],
    culprit: 41,
    overrides: 'OVR-1',
  };

  it('carries type, severity, operator, times, services, regions and culprit; fields given win', () => {
    expect(
      amendingFront(amended, {
        id: 'INC-20260118-150000',
        documented_at: '2026-01-18T15:00:00Z',
        severity: 'critical',
        culprit: undefined,
      }),
    ).toEqual({
      id: 'INC-20260118-150000',
      type: 'error spike',
      severity: 'critical',
      started_at: seedExample.started_at,
      detected_at: seedExample.detected_at,
      resolved_at: null,
      operator: 'alice',
      documented_at: '2026-01-18T15:00:00Z',
      services: ['park-ticketing'],
      regions: ['us-east-1'],
      culprit: 41,
      amends: 'INC-20260118-140100',
    });
  });
});
