import { describe, expect, it } from 'vitest';
import { evaluateMonitor, formatAlert, type MonitorFacts } from '../../../src/monitor/invariants.js';
import type { IncidentPolicy } from '../../../src/core/documents.js';

const policy: IncidentPolicy = {
  severities: {
    critical: { response_time: '15m', owner: 'sre' },
    high: { response_time: '1h', owner: 'sre' },
  },
  playbooks: { 'state-drift': { severity: 'high', owner: 'sre', steps: ['Run gatehouse verify'] } },
  monitor: { heartbeat: '24h' },
};

function facts(over: Partial<MonitorFacts> = {}): MonitorFacts {
  return {
    now: new Date('2026-01-18T15:00:00Z'),
    verify: { ok: true, findings: [] },
    ledgerSize: 10,
    checkpoint: { size: 10, file: 'ledger/checkpoint' },
    drift: [],
    unrecordedMerges: [],
    overrides: [],
    openIncidents: [],
    lastActivity: '2026-01-18T14:00:00Z',
    ...over,
  };
}

describe('monitor invariants', () => {
  it('raises nothing when every invariant holds', () => {
    expect(evaluateMonitor(facts(), policy)).toEqual([]);
  });

  it('raises a critical alert when the entry count falls below the last checkpoint, owned and timed from policy', () => {
    const [a] = evaluateMonitor(facts({ ledgerSize: 7 }), policy);
    expect(a).toMatchObject({
      rule: 'ledger-count-decrease',
      severity: 'critical',
      owner: 'sre',
      response_time: '15m',
    });
    expect(a!.playbook.length).toBeGreaterThan(0);
  });

  it('takes severity, owner and steps from the playbook of the same name', () => {
    const [a] = evaluateMonitor(facts({ drift: ['park-ticketing/gate-a'] }), policy);
    expect(a).toMatchObject({
      rule: 'state-drift',
      severity: 'high',
      owner: 'sre',
      response_time: '1h',
      playbook: ['Run gatehouse verify'],
    });
  });

  it('treats silence beyond the heartbeat as an alert', () => {
    const alerts = evaluateMonitor(facts({ now: new Date('2026-01-19T14:00:01Z') }), policy);
    expect(alerts.map((a) => a.rule)).toEqual(['silence']);
    expect(alerts[0]!.body).toMatch(/1d0h0m1s|24h|1d/);
  });

  it('flags incidents open past their response time with the incident severity', () => {
    const alerts = evaluateMonitor(
      facts({
        openIncidents: [
          {
            id: 'INC-20260118-140000',
            file: 'incidents/INC-20260118-140000.md',
            severity: 'critical',
            detected_at: '2026-01-18T14:00:00Z',
          },
        ],
      }),
      policy,
    );
    expect(alerts[0]).toMatchObject({ rule: 'incident-response-overdue', severity: 'critical' });
    expect(alerts[0]!.body).toMatch(/45m past its 15m response time/);
    // the MTTR clock runs from detection (src/incidents/times.ts), against mttr_target (default 2m)
    expect(alerts[0]!.body).toContain('(MTTR so far 1h, target 2m)');
    expect(alerts[0]!.playbook.join('\n')).toContain('gatehouse incident resolve INC-…');
  });

  it('gives each alert a fingerprint that is stable across runs and distinct per subject', () => {
    const one = evaluateMonitor(
      facts({
        unrecordedMerges: [{ commit: 'a'.repeat(40), subject: 's', at: 'x', paths: ['state/x.yaml'] }],
      }),
      policy,
    );
    const again = evaluateMonitor(
      facts({
        now: new Date('2026-01-18T15:30:00Z'),
        unrecordedMerges: [{ commit: 'a'.repeat(40), subject: 's', at: 'x', paths: ['state/x.yaml'] }],
      }),
      policy,
    );
    const other = evaluateMonitor(
      facts({
        unrecordedMerges: [{ commit: 'b'.repeat(40), subject: 's', at: 'x', paths: ['state/x.yaml'] }],
      }),
      policy,
    );
    expect(one[0]!.fingerprint).toBe(again[0]!.fingerprint);
    expect(one[0]!.fingerprint).not.toBe(other[0]!.fingerprint);
    expect(formatAlert(one[0]!)).toMatch(
      /^\[high\] a merge changed governed files without a ledger entry: aaaaaaaaaaaa/,
    );
  });

  it('flags overrides whose post-mortem is overdue', () => {
    const alerts = evaluateMonitor(
      facts({
        overrides: [
          {
            id: 'OVR-1',
            change: 'CHG-1',
            checks: ['blast-radius'],
            impact: 'high',
            status: 'review_overdue',
            reason: '',
            expires_at: 'x',
            post_mortem_due: '2026-01-18T14:30:00Z',
            signers: [],
            missing: [],
            ignored: [],
          },
        ],
      }),
      policy,
    );
    expect(alerts.map((a) => a.rule)).toEqual(['override-review-overdue']);
  });
});
