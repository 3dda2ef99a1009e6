import { describe, expect, it } from 'vitest';
import type { IncidentFrontMatter } from '../../../src/core/documents.js';
import { derivedTimes, type IncidentRecord } from '../../../src/incidents/record.js';
import { incidentDrafts, incidentOf, keyLookup, type KeyLookup } from '../../../src/record/incidents.js';

const NOW = new Date('2026-01-18T15:00:00.500Z');
const D = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

function rec(front: Partial<IncidentFrontMatter> & { id: string }): IncidentRecord {
  const f: IncidentFrontMatter = {
    type: 'outage',
    severity: 'high',
    started_at: '2026-01-18T14:00:00Z',
    detected_at: '2026-01-18T14:01:00Z',
    operator: 'alice',
    documented_at: '2026-01-18T14:02:00Z',
    ...front,
  };
  return {
    file: `incidents/${f.id}.md`,
    front: f,
    locate: () => undefined,
    sections: {} as IncidentRecord['sections'],
    open: !f.resolved_at,
    ...derivedTimes(f),
  };
}

const none: KeyLookup = () => undefined;
const base = { known: new Map<string, IncidentRecord>(), overrides: new Set<string>(), seen: none, now: NOW };

describe('incidentOf', () => {
  it('follows amends to the first record, and stops on a cycle', () => {
    const a = rec({ id: 'INC-A' });
    const b = rec({ id: 'INC-B', amends: 'INC-A' });
    const c = rec({ id: 'INC-C', amends: 'INC-B' });
    const known = new Map([a, b, c].map((r) => [r.front.id, r]));
    expect(incidentOf(c, known)).toBe('INC-A');
    expect(incidentOf(a, known)).toBe('INC-A');
    const x = rec({ id: 'INC-X', amends: 'INC-Y' });
    const y = rec({ id: 'INC-Y', amends: 'INC-X' });
    expect(incidentOf(x, new Map([x, y].map((r) => [r.front.id, r])))).toBe('INC-Y');
  });
});

describe('incidentDrafts', () => {
  it('opens and resolves a record that lands resolved, with integer seconds and ts to the second', () => {
    const r = rec({ id: 'INC-A', resolved_at: '2026-01-18T14:20:00.600Z' });
    const { drafts, notes } = incidentDrafts({ ...base, added: [{ record: r, digest: D(1) }], pr: 4 });
    expect(notes).toEqual([]);
    expect(drafts.map((d) => [d.type, d.key, d.ts])).toEqual([
      ['incident.opened', `incident.opened:INC-A:${D(1)}`, '2026-01-18T15:00:00Z'],
      ['incident.resolved', `incident.resolved:INC-A:${D(1)}`, '2026-01-18T15:00:00Z'],
    ]);
    // MTTR detected 14:01:00 → resolved; duration started 14:00:00 → resolved (seed 000 Part 4)
    expect(drafts[1]!.body).toMatchObject({ mttr_s: 1141, duration_s: 1201 });
    expect(drafts[1]!.subject).toEqual({ incident: 'INC-A', pr: 4 });
  });

  it('resolves the first incident from an amending record, and opens nothing new', () => {
    const a = rec({ id: 'INC-A' });
    const b = rec({ id: 'INC-B', amends: 'INC-A', resolved_at: '2026-01-18T14:30:00Z' });
    const seen: KeyLookup = (t, id) => (t === 'incident.opened' && id === 'INC-A' ? 1 : undefined);
    const { drafts } = incidentDrafts({
      ...base,
      known: new Map([a, b].map((r) => [r.front.id, r])),
      added: [{ record: b, digest: D(2) }],
      seen,
    });
    expect(drafts.map((d) => d.type)).toEqual(['incident.resolved']);
    expect(drafts[0]!.body).toMatchObject({
      id: 'INC-A',
      record: 'INC-B',
      amends: 'INC-A',
      mttr_s: 1740,
      duration_s: 1800,
    });
  });

  it('does not resolve an incident twice, and says so', () => {
    const b = rec({ id: 'INC-B', amends: 'INC-A', resolved_at: '2026-01-18T14:30:00Z' });
    const seen: KeyLookup = (t) => (t === 'incident.opened' ? 1 : t === 'incident.resolved' ? 5 : undefined);
    const { drafts, notes } = incidentDrafts({ ...base, added: [{ record: b, digest: D(3) }], seen });
    expect(drafts).toEqual([]);
    expect(notes).toEqual([
      'incidents/INC-B.md: INC-A is already resolved in the ledger at seq 5; this record corrects it and is not a second resolution',
    ]);
  });

  it('opens one incident once when two of its records land together', () => {
    const a = rec({ id: 'INC-A' });
    const b = rec({ id: 'INC-B', amends: 'INC-A' });
    const { drafts } = incidentDrafts({
      ...base,
      known: new Map([a, b].map((r) => [r.front.id, r])),
      added: [
        { record: b, digest: D(5) },
        { record: a, digest: D(4) },
      ],
    });
    expect(drafts.map((d) => [d.type, d.subject?.incident])).toEqual([['incident.opened', 'INC-A']]);
  });

  it('records a post-mortem as override.reviewed once, and only for an override that exists', () => {
    const pm = rec({ id: 'INC-P', overrides: 'OVR-1' });
    const first = incidentDrafts({
      ...base,
      overrides: new Set(['OVR-1']),
      overrideChange: new Map([['OVR-1', 'CHG-3']]),
      added: [{ record: pm, digest: D(6) }],
    });
    expect(first.drafts.map((d) => d.type)).toEqual(['incident.opened', 'override.reviewed']);
    expect(first.drafts[1]).toMatchObject({
      subject: { override: 'OVR-1', incident: 'INC-P' },
      body: { override: 'OVR-1', change: 'CHG-3', incident: 'INC-P' },
      key: `override.reviewed:OVR-1:${D(6)}`,
    });
    const again = incidentDrafts({
      ...base,
      overrides: new Set(['OVR-1']),
      added: [{ record: rec({ id: 'INC-Q', overrides: 'OVR-1' }), digest: D(7) }],
      seen: (t) => (t === 'override.reviewed' ? 9 : undefined),
    });
    expect(again.drafts.map((d) => d.type)).toEqual(['incident.opened']);
    expect(again.notes).toEqual([
      'incidents/INC-Q.md: OVR-1 already has its post-mortem in the ledger at seq 9; nothing changed',
    ]);
    const unknown = incidentDrafts({ ...base, added: [{ record: pm, digest: D(6) }] });
    expect(unknown.notes).toEqual([
      'incidents/INC-P.md: names override OVR-1, which does not exist; no override.reviewed',
    ]);
  });
});

describe('keyLookup', () => {
  it('finds the first entry whose key starts with type and id, and nothing for a longer id', () => {
    const lines = [
      '{"body":{},"seq":0,"type":"genesis"}',
      `{"body":{"key":"incident.opened:INC-A:${D(1)}"},"seq":1}`,
      `{"body":{"key":"incident.opened:INC-A:${D(2)}"},"seq":2}`,
      `{"body":{"key":"override.reviewed:OVR-1:${D(3)}"},"seq":3}`,
    ];
    const seen = keyLookup(lines);
    expect(seen('incident.opened', 'INC-A')).toBe(1);
    expect(seen('incident.opened', 'INC')).toBeUndefined();
    expect(seen('incident.resolved', 'INC-A')).toBeUndefined();
    expect(seen('override.reviewed', 'OVR-1')).toBe(3);
  });
});
