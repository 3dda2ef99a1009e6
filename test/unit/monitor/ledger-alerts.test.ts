import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/monitor/invariants.js';
import { alertDrafts, lastActivityTs, openAlerts } from '../../../src/monitor/ledger-alerts.js';

const alert = (fp: string): Alert => ({
  fingerprint: fp,
  rule: 'silence',
  severity: 'high',
  owner: 'sre',
  response_time: '30m',
  title: `alert ${fp}`,
  body: '',
  playbook: [],
});

/** The ledger lines a sequence of drafts becomes (seq = index, the store's body.key included). */
function asLines(lines: string[], drafts: ReturnType<typeof alertDrafts>['drafts']): string[] {
  return [
    ...lines,
    ...drafts.map((d) => {
      const { key, ...rest } = d;
      return JSON.stringify({ ...rest, body: { ...rest.body, key } });
    }),
  ];
}

describe('alerts in the ledger', () => {
  it('raises a new alert once, resolves it when it stops, and raises it again with a new key', () => {
    let lines = ['{"seq":0,"type":"genesis","ts":"2026-01-18T09:00:00Z"}'];
    const first = alertDrafts([alert('silence:x')], lines, '2026-01-18T10:00:00Z');
    expect(first.raised).toEqual(['silence:x']);
    expect(first.drafts.map((d) => d.type)).toEqual(['alert.raised']);
    lines = asLines(lines, first.drafts);
    expect(alertDrafts([alert('silence:x')], lines, '2026-01-18T11:00:00Z').drafts).toEqual([]);
    const gone = alertDrafts([], lines, '2026-01-18T12:00:00Z');
    expect(gone.resolved).toEqual(['silence:x']);
    expect(gone.drafts[0]).toMatchObject({
      type: 'alert.resolved',
      subject: { alert: 'silence:x' },
      body: { rule: 'silence', raised_seq: 1, raised_at: '2026-01-18T10:00:00Z' },
    });
    lines = asLines(lines, gone.drafts);
    const again = alertDrafts([alert('silence:x')], lines, '2026-01-18T13:00:00Z');
    expect(again.drafts[0]?.key).toBe('alert.raised:silence:x:1');
    expect(again.drafts[0]?.key).not.toBe(first.drafts[0]?.key);
  });

  it('property: after recording, the open alerts are exactly those firing, and a rerun appends nothing', () => {
    const fps = fc.subarray(['a', 'b', 'c', 'd']);
    fc.assert(
      fc.property(fc.array(fps, { minLength: 1, maxLength: 8 }), (runs) => {
        let lines: string[] = [];
        for (const firing of runs) {
          const planned = alertDrafts(firing.map(alert), lines, '2026-01-18T10:00:00Z');
          lines = asLines(lines, planned.drafts);
          expect([...openAlerts(lines).open.keys()].sort()).toEqual([...firing].sort());
          expect(alertDrafts(firing.map(alert), lines, '2026-01-18T10:00:00Z').drafts).toEqual([]);
          const keys = lines.map((l) => (JSON.parse(l) as { body: { key: string } }).body.key);
          expect(new Set(keys).size).toBe(keys.length);
        }
      }),
    );
  });

  it('the last sign of life skips the monitor’s own entries', () => {
    const lines = [
      '{"ts":"2026-01-18T09:00:00Z","type":"change.applied"}',
      '{"ts":"2026-01-18T10:00:00Z","type":"alert.raised"}',
      '{"ts":"2026-01-18T11:00:00Z","type":"alert.resolved"}',
    ];
    const ts = (l: string): string => (JSON.parse(l) as { ts: string }).ts;
    expect(lastActivityTs(lines, ts)).toBe('2026-01-18T09:00:00Z');
    expect(lastActivityTs(lines.slice(1), ts)).toBeUndefined();
  });
});
