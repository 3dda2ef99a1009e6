import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from '../../../src/incidents/record.js';
import { openIncidents } from '../../../src/incidents/open.js';

const rec = (id: string, open: boolean, amends?: string): IncidentRecord =>
  ({ file: `incidents/${id}.md`, open, front: { id, ...(amends ? { amends } : {}) } }) as IncidentRecord;
const ids = (rs: IncidentRecord[]): string[] => rs.map((r) => r.front.id);

describe('open incidents follow amends chains (DESIGN §2.5)', () => {
  it('an open record resolved by a record that amends it is closed', () => {
    expect(ids(openIncidents([rec('INC-1', true), rec('INC-2', false, 'INC-1')]))).toEqual([]);
  });
  it('a chain resolved at its third record closes the first; an open chain is named once, by its first record', () => {
    const chain = [rec('INC-1', true), rec('INC-2', true, 'INC-1'), rec('INC-3', false, 'INC-2')];
    expect(ids(openIncidents(chain))).toEqual([]);
    expect(ids(openIncidents(chain.slice(0, 2)))).toEqual(['INC-1']);
  });
  it('unrelated incidents stay apart, and an amends loop terminates', () => {
    const rs = [
      rec('INC-1', true),
      rec('INC-9', false),
      rec('INC-5', true, 'INC-6'),
      rec('INC-6', true, 'INC-5'),
    ];
    expect(ids(openIncidents(rs)).sort()).toEqual(['INC-1', 'INC-5', 'INC-6']);
  });
});
