import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../src/core/errors.js';
import {
  checkIncident,
  INCIDENT_SECTIONS,
  incidentIdAt,
  parseIncident,
} from '../../../src/incidents/record.js';
import { renderIncident, resolveIncidentText } from '../../../src/incidents/template.js';
import type { IncidentFrontMatter } from '../../../src/core/documents.js';

const FILE = 'incidents/INC-20260118-143045.md';

const FRONT_LINES = [
  'id: INC-20260118-143045',
  'type: infrastructure failure',
  'severity: high',
  'started_at: 2026-01-18T14:29:00Z',
  'detected_at: 2026-01-18T14:30:00Z',
  'resolved_at: 2026-01-18T14:31:05Z',
  'operator: alice',
  'documented_at: 2026-01-18T15:00:00Z',
];

function record(frontLines = FRONT_LINES, sections: readonly string[] = INCIDENT_SECTIONS): string {
  return [
    '---',
    ...frontLines,
    '---',
    '',
    '# Error spike',
    '',
    ...sections.flatMap((s) => [`## ${s}`, '', `${s} text.`, '']),
  ].join('\n');
}

describe('incident records', () => {
  it('parses a complete record and derives duration (started→resolved) and MTTR (detected→resolved)', () => {
    const r = parseIncident(record(), FILE);
    expect(r.front.id).toBe('INC-20260118-143045');
    expect(r.open).toBe(false);
    // seed 000 Part 4: the MTTR clock starts at detection (T=0) and stops at recovery
    expect(r.mttrMs).toBe(65_000);
    expect(r.durationMs).toBe(125_000);
    expect(r.sections.Cause.text).toBe('Cause text.');
    expect(r.sections.Description.line).toBe(14);
  });

  const required = ['id', 'type', 'severity', 'started_at', 'detected_at', 'operator', 'documented_at'];
  for (const field of required) {
    it(`reports a missing front-matter field "${field}" with file:line`, () => {
      const { problems, record: rec } = checkIncident(
        record(FRONT_LINES.filter((l) => !l.startsWith(`${field}:`))),
        FILE,
      );
      expect(rec).toBeUndefined();
      const p = problems.find((x) => x.message.includes(`"${field}"`));
      expect(p, JSON.stringify(problems)).toBeDefined();
      expect(p!.file).toBe(FILE);
      expect(p!.line).toBeGreaterThanOrEqual(1);
    });
  }

  INCIDENT_SECTIONS.forEach((name, i) => {
    it(`reports a missing "## ${name}" section with file:line`, () => {
      const { problems } = checkIncident(
        record(
          FRONT_LINES,
          INCIDENT_SECTIONS.filter((s) => s !== name),
        ),
        FILE,
      );
      const p = problems.find((x) => x.message.includes(`missing section "## ${name}"`));
      expect(p, JSON.stringify(problems)).toBeDefined();
      expect(p!.file).toBe(FILE);
      // reported at the section it should follow (or just after the front matter for the first one)
      expect(p!.line).toBe(i === 0 ? 11 : 14 + 4 * (i - 1));
    });
  });

  it('reports every missing section and field at once', () => {
    const { problems } = checkIncident(record(FRONT_LINES.slice(0, 3), ['Description']), FILE);
    expect(problems.filter((p) => p.message.startsWith('missing section'))).toHaveLength(5);
    expect(problems.filter((p) => p.message.startsWith('missing required field'))).toHaveLength(4);
  });

  it('refuses an id that does not match the file name', () => {
    const { problems } = checkIncident(record(), 'incidents/INC-20260118-143046.md');
    expect(problems[0]!.message).toMatch(/does not match the file name INC-20260118-143046\.md/);
    expect(problems[0]!.line).toBe(2);
  });

  it('refuses an id that names no real time', () => {
    const lines = FRONT_LINES.map((l) => (l.startsWith('id:') ? 'id: INC-20261318-143045' : l));
    const { problems } = checkIncident(record(lines), 'incidents/INC-20261318-143045.md');
    expect(problems.some((p) => /does not name a real time/.test(p.message))).toBe(true);
  });

  it('refuses a detection before the start, pointing at detected_at', () => {
    const lines = FRONT_LINES.map((l) =>
      l.startsWith('detected_at') ? 'detected_at: 2026-01-18T14:00:00Z' : l,
    );
    const { problems } = checkIncident(record(lines), FILE);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(6);
    expect(problems[0]!.message).toMatch(/earlier than started_at/);
  });

  it('refuses a record without front matter at line 1', () => {
    const { problems } = checkIncident('# just a title\n', FILE);
    expect(problems[0]).toMatchObject({ file: FILE, line: 1 });
  });

  it('reports a duplicated section', () => {
    const { problems } = checkIncident(record(FRONT_LINES, [...INCIDENT_SECTIONS, 'Cause']), FILE);
    expect(problems.some((p) => /appears twice/.test(p.message))).toBe(true);
  });

  it('lets an open record keep placeholders but demands every section of a resolved one', () => {
    const open = FRONT_LINES.map((l) => (l.startsWith('resolved_at') ? 'resolved_at: null' : l));
    const empty = [
      '---',
      ...open,
      '---',
      '',
      ...INCIDENT_SECTIONS.flatMap((s) => [`## ${s}`, '', '<!-- todo -->', '']),
    ].join('\n');
    expect(parseIncident(empty, FILE).open).toBe(true);
    const resolved = empty.replace('resolved_at: null', 'resolved_at: 2026-01-18T14:31:05Z');
    const { problems } = checkIncident(resolved, FILE);
    expect(problems).toHaveLength(6);
    expect(problems.every((p) => /is empty/.test(p.message))).toBe(true);
  });

  it('names ids after the clock in UTC', () => {
    expect(incidentIdAt(new Date('2026-01-18T14:30:45.900Z'))).toBe('INC-20260118-143045');
  });
});

describe('incident templates', () => {
  const front: IncidentFrontMatter = {
    id: 'INC-20260118-143045',
    type: 'error spike',
    severity: 'critical',
    started_at: '2026-01-18T14:29:00Z',
    detected_at: '2026-01-18T14:30:00Z',
    resolved_at: null,
    operator: 'alice',
    documented_at: '2026-01-18T14:30:45Z',
    services: ['park-ticketing'],
    culprit: 12,
  };

  it('renders a template that parses as an open record with the given fields', () => {
    const text = renderIncident(front, { Description: 'Error rate rose to 15 %.' });
    const r = parseIncident(text, FILE);
    expect(r.open).toBe(true);
    expect(r.front).toEqual(front);
    expect(r.sections.Description.text).toBe('Error rate rose to 15 %.');
    expect(r.sections.Cause.empty).toBe(true);
  });

  it('resolves a record: resolved_at set, sections filled, MTTR derived', () => {
    const text = renderIncident(front);
    const sections = Object.fromEntries(INCIDENT_SECTIONS.map((s) => [s, `${s} done.`]));
    const { text: out, record: r } = resolveIncidentText(text, FILE, {
      resolvedAt: '2026-01-18T14:31:05Z',
      sections,
    });
    expect(r.front.resolved_at).toBe('2026-01-18T14:31:05Z');
    expect(r.mttrMs).toBe(65_000);
    expect(r.durationMs).toBe(125_000);
    expect(r.sections.Prevention.text).toBe('Prevention done.');
    expect(out.endsWith('\n')).toBe(true);
    expect(() => resolveIncidentText(out, FILE, { resolvedAt: '2026-01-18T15:00:00Z' })).toThrow(
      /already resolved/,
    );
  });

  it('refuses to resolve a record whose sections are still empty, naming each with its line', () => {
    const text = renderIncident(front);
    try {
      resolveIncidentText(text, FILE, { resolvedAt: '2026-01-18T14:31:05Z', sections: { Cause: 'x' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GatehouseError);
      const problems = (e as GatehouseError).problems;
      expect(problems.map((p) => p.message.slice(0, 25))).toHaveLength(5);
      expect(problems.every((p) => p.file === FILE && typeof p.line === 'number')).toBe(true);
    }
  });
});
