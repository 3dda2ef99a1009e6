import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyChange,
  at,
  cli,
  makeRepo,
  read,
  setField,
  write,
  type TestRepo,
} from '../unit/incidents/repo-fixture.js';

let repo: TestRepo;
beforeEach(async () => {
  repo = await makeRepo();
});
afterEach(() => repo.cleanup());
const base = () => ['--repo', repo.dir];
const incidents = (): string[] =>
  existsSync(join(repo.dir, 'incidents')) ? readdirSync(join(repo.dir, 'incidents')).sort() : [];

/** `incident new` at 14:30:45 of a minimal record (type t, severity low, operator alice), flags overriding. */
const newIncident = (flags: Record<string, string> = {}) =>
  cli([
    'incident',
    'new',
    ...base(),
    ...Object.entries({
      now: '2026-01-18T14:30:45Z',
      type: 't',
      severity: 'low',
      operator: 'alice',
      ...flags,
    }).flatMap(([k, v]) => [`--${k}`, v]),
  ]);

/** CSV of an error rate every 5 s from T0+minute0: 0.001, then 0.15 from `spikeAt` for `long` samples. */
function metricsCsv(spikeMinute: number, labels: string, long = 12, total = 240): string {
  const rows = ['timestamp,metric,value,labels'];
  for (let i = 0; i < total; i++) {
    const t = new Date(Date.parse(at(0)) + i * 5000);
    const spiking =
      t.getTime() >= Date.parse(at(spikeMinute)) && t.getTime() < Date.parse(at(spikeMinute)) + long * 5000;
    rows.push(`${t.toISOString()},http_error_rate,${spiking ? 0.15 : 0.001},${labels}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('incident new and resolve', () => {
  it('writes a filled template, then resolves it with MTTR derived from the record', async () => {
    const n = await cli([
      'incident',
      'new',
      ...base(),
      '--now',
      '2026-01-18T14:30:45Z',
      '--type',
      'error spike',
      '--severity',
      'high',
      '--operator',
      'alice',
      '--started-at',
      '2026-01-18T14:29:00Z',
      '--detected-at',
      '2026-01-18T14:30:00Z',
      '--services',
      'park-ticketing',
      '--culprit',
      '3',
      '--description',
      'Errors at the gates.',
    ]);
    expect(n.code, n.stderr).toBe(0);
    expect(incidents()).toEqual(['INC-20260118-143045.md']);
    const text = read(repo.dir, 'incidents/INC-20260118-143045.md');
    expect(text).toMatch(/^---\nid: INC-20260118-143045\ntype: error spike\nseverity: high\n/);
    expect(text).toMatch(/## Description\n\nErrors at the gates\.\n/);
    const r = await cli([
      'incident',
      'resolve',
      'INC-20260118-143045',
      ...base(),
      '--now',
      '2026-01-18T14:32:00Z',
      '--json',
      '--cause',
      'Entry 3 raised capacity',
      '--impact',
      'Ticketing in us-east-1',
      '--response',
      'Rolled back',
      '--resolution',
      'Rollback RB-3 merged',
      '--prevention',
      'Lower the level-3 blast radius',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      resolved_at: '2026-01-18T14:32:00Z',
      mttr_s: 120, // detected 14:30:00 → resolved 14:32:00
      duration_s: 180, // started 14:29:00 → resolved 14:32:00
      mttr_target_s: 120, // seed 000 default: policies/incident.yaml sets no mttr_target
      within_target: true,
    });
  });

  it('an amending record speaks for the same incident: it inherits type, severity, times, scope and culprit', async () => {
    const first = await newIncident({
      'started-at': '2026-01-18T14:20:00Z',
      'detected-at': '2026-01-18T14:25:00Z',
      services: 'park-ticketing',
      regions: 'us-east-1',
      culprit: '3',
    });
    expect(first.code, first.stderr).toBe(0);
    const amend = await cli([
      'incident',
      'new',
      ...base(),
      '--now',
      '2026-01-18T15:10:00Z',
      '--amends',
      'INC-20260118-143045',
      '--severity',
      'high',
      '--json',
    ]);
    expect(amend.code, amend.stderr).toBe(0);
    const { file } = JSON.parse(amend.stdout) as { file: string };
    const text = read(repo.dir, file);
    for (const line of [
      'type: t',
      'severity: high', // a flag given overrides what is inherited
      'started_at: 2026-01-18T14:20:00Z',
      'detected_at: 2026-01-18T14:25:00Z',
      'operator: alice',
      'documented_at: 2026-01-18T15:10:00Z',
      'culprit: 3',
      'amends: INC-20260118-143045',
    ])
      expect(text).toContain(line);
    expect(text).toMatch(/services:\s*\n?\s*- park-ticketing|services: \[park-ticketing\]/);
    // Without --amends the required flags are still required.
    const bare = await cli(['incident', 'new', ...base(), '--now', '2026-01-18T15:11:00Z']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--severity/);
  });

  it('refuses to resolve while sections are empty: exit 2, each section with file:line, file unchanged', async () => {
    await newIncident();
    const file = 'incidents/INC-20260118-143045.md';
    const before = read(repo.dir, file);
    const r = await cli([
      'incident',
      'resolve',
      'INC-20260118-143045',
      ...base(),
      '--now',
      '2026-01-18T15:00:00Z',
      '--cause',
      'c',
    ]);
    expect(r.code).toBe(2);
    for (const s of ['Description', 'Impact', 'Response', 'Resolution', 'Prevention'])
      expect(r.stderr).toMatch(new RegExp(`${file}:\\d+: section "## ${s}" is empty`));
    expect(read(repo.dir, file)).toBe(before);
  });

  it('refuses bad flags and an existing record with exit 2, writing nothing', async () => {
    const bad = await cli([
      'incident',
      'new',
      ...base(),
      '--type',
      't',
      '--severity',
      'urgent',
      '--operator',
      'alice',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--severity must be/);
    const badOp = await newIncident({ operator: 'Not An Actor' });
    expect(badOp.code).toBe(2);
    expect(badOp.stderr).toMatch(/incidents\/INC-20260118-143045\.md:\d+:\d+: \/operator/);
    expect(incidents()).toEqual([]);
    await newIncident();
    const again = await newIncident({ type: 'other' });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(read(repo.dir, 'incidents/INC-20260118-143045.md')).toMatch(/type: t\n/);
  });

  it('never edits a committed record: resolve writes one amending record, and refuses a second resolution', async () => {
    expect(
      (await newIncident({ 'started-at': '2026-01-18T14:29:00Z', 'detected-at': '2026-01-18T14:30:00Z' }))
        .code,
    ).toBe(0);
    const git = (...a: string[]) =>
      execFileSync('git', ['-C', repo.dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...a], {
        encoding: 'utf8',
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'open the incident');
    const file = 'incidents/INC-20260118-143045.md';
    const committed = read(repo.dir, file);
    const sections = [
      '--description',
      'd',
      '--cause',
      'c',
      '--impact',
      'i',
      '--response',
      'r',
      '--resolution',
      'x',
      '--prevention',
      'p',
    ];
    const r = await cli([
      'incident',
      'resolve',
      'INC-20260118-143045',
      ...base(),
      '--now',
      '2026-01-18T14:31:30Z',
      ...sections,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${file} is committed (HEAD `);
    expect(r.stdout).toContain('wrote incidents/INC-20260118-143130.md (amends: INC-20260118-143045)');
    expect(r.stdout).toContain('MTTR (detected→resolved): 1m30s (target 2m: met)');
    expect(r.stdout).toContain('duration (started→resolved): 2m30s');
    expect(read(repo.dir, file)).toBe(committed);
    expect(incidents()).toEqual(['INC-20260118-143045.md', 'INC-20260118-143130.md']);
    // The incident is resolved by that record now: a second resolve of it is refused, nothing written.
    const again = await cli([
      'incident',
      'resolve',
      'INC-20260118-143045',
      ...base(),
      '--now',
      '2026-01-18T14:40:00Z',
      ...sections,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      'INC-20260118-143045 is already resolved (by INC-20260118-143130, which amends it',
    );
    expect(incidents()).toEqual(['INC-20260118-143045.md', 'INC-20260118-143130.md']);
  });

  it('refuses a malformed mttr_target: exit 2, policies/incident.yaml:line, the record unchanged', async () => {
    await newIncident();
    const file = 'incidents/INC-20260118-143045.md';
    const before = read(repo.dir, file);
    const policy = read(repo.dir, 'policies/incident.yaml');
    write(repo.dir, 'policies/incident.yaml', `${policy}mttr_target: soon\n`);
    const line = policy.split('\n').length;
    const r = await cli([
      'incident',
      'resolve',
      'INC-20260118-143045',
      ...base(),
      '--description',
      'd',
      '--cause',
      'c',
      '--impact',
      'i',
      '--response',
      'r',
      '--resolution',
      'x',
      '--prevention',
      'p',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`policies/incident\\.yaml:${line}:\\d+: .*mttr_target`));
    expect(read(repo.dir, file)).toBe(before);
  });

  it('reports a hand-written record missing fields and sections with file:line on resolve', async () => {
    write(
      repo.dir,
      'incidents/INC-20260118-150000.md',
      '---\nid: INC-20260118-150000\nseverity: high\n---\n\n## Description\n\nx\n',
    );
    const r = await cli(['incident', 'resolve', 'INC-20260118-150000', ...base()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/incidents\/INC-20260118-150000\.md:2:1: \/: missing required field "type"/);
    expect(r.stderr).toMatch(/incidents\/INC-20260118-150000\.md:6:1: missing section "## Cause"/);
  });
});

describe('incident detect', () => {
  it('finds a confirmed error spike with its labels and exits 1', async () => {
    write(repo.dir, 'metrics.csv', metricsCsv(15, 'service=park-ticketing,region=us-east-1'));
    const r = await cli(['incident', 'detect', ...base(), '--metrics', 'metrics.csv', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { anomalies: Record<string, unknown>[] };
    expect(out.anomalies).toHaveLength(1);
    expect(out.anomalies[0]).toMatchObject({
      start: '2026-01-18T14:15:00Z',
      confirmed_at: '2026-01-18T14:15:30Z',
      labels: { service: 'park-ticketing', region: 'us-east-1' },
      peak: { value: 0.15 },
    });
    const text = await cli(['incident', 'detect', ...base(), '--metrics', 'metrics.csv']);
    expect(text.stdout).toMatch(/1 anomaly confirmed \(confirmation 30s\)/);
  });

  it('exits 0 on calm metrics and 2 on a malformed file', async () => {
    write(repo.dir, 'calm.csv', metricsCsv(15, 'service=a', 3));
    expect((await cli(['incident', 'detect', ...base(), '--metrics', 'calm.csv'])).code).toBe(0);
    write(repo.dir, 'bad.csv', 'timestamp,metric,value\n2026-01-18T14:00:00Z,err,lots\n');
    const bad = await cli(['incident', 'detect', ...base(), '--metrics', 'bad.csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.csv:2:\d+: value "lots" is not a number/);
  });
});

describe('incident rca', () => {
  it('names the change on the anomaly service closest before the anomaly first', async () => {
    await applyChange(repo, {
      id: 'CHG-1',
      minute: 2,
      edits: { 'state/staff-scheduling/us-east-1.yaml': setField('us-east-1-shift-01', 'staff', 20) },
    });
    const culprit = await applyChange(repo, {
      id: 'CHG-2',
      minute: 10,
      edits: { 'state/park-ticketing/us-east-1.yaml': setField('us-east-1-gate-01', 'capacity', 1000) },
    });
    await applyChange(repo, {
      id: 'CHG-3',
      minute: 13,
      edits: {
        'state/parade-schedule/eu-central-1.yaml': setField('eu-central-1-float-01', 'start', '16:00'),
      },
    });
    write(repo.dir, 'metrics.csv', metricsCsv(15, 'service=park-ticketing,region=us-east-1'));
    const d = await cli(['incident', 'detect', ...base(), '--metrics', 'metrics.csv', '--json']);
    write(repo.dir, 'anomaly.json', d.stdout);
    const r = await cli(['incident', 'rca', ...base(), '--anomaly-json', 'anomaly.json', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      candidates: { seq: number; change: string; regions: string[]; explain: string[] }[];
    };
    expect(out.candidates[0]).toMatchObject({ seq: culprit, change: 'CHG-2', regions: ['us-east-1'] });
    expect(out.candidates.map((c) => c.change)).toEqual(['CHG-2', 'CHG-1', 'CHG-3']);
    const text = await cli([
      'incident',
      'rca',
      ...base(),
      '--at',
      '2026-01-18T14:15:00Z',
      '--service',
      'park-ticketing',
      '--region',
      'us-east-1',
    ]);
    expect(text.stdout).toMatch(
      /^1\. seq \d+ change\.applied CHG-2 "change CHG-2" by ops-agent \(level 3\)/m,
    );
    expect(text.stdout).toMatch(/5m before the anomaly/);
  });

  it('needs --at or --anomaly-json (exit 2)', async () => {
    const r = await cli(['incident', 'rca', ...base()]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(repo.dir, 'gatehouse.yaml'), 'utf8')).toMatch(/ledger/);
  });
});
