/**
 * `record` and incident records (DESIGN §2.5, §4): a PR that only adds an incident record is allowed by the
 * base policy with no manifest and no quorum, and `record` appends `incident.opened` (and `incident.resolved`
 * for a resolved record) once; an added record that does not parse is bad input and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { governedRepos, node, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();

const INC = 'INC-20260118-143000';
const FILE = `incidents/${INC}.md`;

const incidentNew = (r: GovernedRepo, extra: string[] = []): ReturnType<GovernedRepo['cli']> =>
  r.cli(
    'incident',
    'new',
    '--id',
    INC,
    '--type',
    'gate scanner errors',
    '--severity',
    'high',
    '--operator',
    'alice',
    '--started-at',
    '2026-01-18T14:30:00Z',
    '--detected-at',
    '2026-01-18T14:32:00Z',
    '--services',
    'park-ticketing',
    '--regions',
    'us-east-1',
    '--culprit',
    '3',
    '--description',
    'Scanners at the east gates rejected valid tickets.',
    '--now',
    '2026-01-18T14:33:00Z',
    ...extra,
  );

const SECTIONS = [
  '--cause',
  'A firmware push to the scanners',
  '--impact',
  'Queues at four gates',
  '--response',
  'Scanners rolled back by hand',
  '--resolution',
  'Firmware reverted',
  '--prevention',
  'Stage firmware on one gate first',
];

type Entry = ReturnType<GovernedRepo['ledger']>[number];
const types = (entries: Entry[]): string[] => entries.map((e) => e.type);

describe('record: incident records', () => {
  it('allows a PR that only adds an incident record, under no quorum, and records incident.opened once', async () => {
    const r = repo();
    r.branch();
    expect((await incidentNew(r)).code).toBe(0);
    r.commit(`open ${INC}`);

    // No state ops, nothing under policies/ or state/: no manifest needed, so no quorum rule applies.
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(node(doc.root, 'manifest')).toMatchObject({
      status: 'skip',
      reason: 'no governed state or policy changes; no manifest needed',
    });
    expect(node(doc.root, 'quorum')).toMatchObject({ status: 'skip' });
    expect(node(doc.root, 'append-only').status).toBe('pass');

    const landed = await r.land('pr', ['--json']);
    expect(landed.code, landed.out + landed.err).toBe(0);
    expect(JSON.parse(landed.out)).toMatchObject({
      appended: 2,
      entries: [
        { seq: 0, type: 'genesis' },
        { seq: 1, type: 'incident.opened' },
      ],
    });
    const opened = r.ledger()[1]!;
    expect(opened).toMatchObject({
      actor: 'alice',
      subject: { incident: INC, commit: landed.after, pr: 1 },
      body: {
        id: INC,
        file: FILE,
        type: 'gate scanner errors',
        severity: 'high',
        operator: 'alice',
        services: ['park-ticketing'],
        regions: ['us-east-1'],
        culprit: 3,
        started_at: '2026-01-18T14:30:00Z',
        detected_at: '2026-01-18T14:32:00Z',
      },
    });
    expect(opened.body.key).toMatch(new RegExp(`^incident\\.opened:${INC}:sha256:[0-9a-f]{64}$`));
    expect(opened.body).not.toHaveProperty('resolved_at');

    // Recording the same merge again appends nothing, and says why.
    const again = await r.cli('record', '--base', landed.before, '--head', landed.after);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain(`note: ${FILE}: ${INC} is already opened in the ledger at seq 1`);
    expect(again.out).toContain('nothing to record');
    expect(r.ledger()).toHaveLength(2);
    expect((await r.cli('verify')).code).toBe(0);
  });

  it('records incident.opened and incident.resolved for a record that lands resolved, with integer MTTR', async () => {
    const r = repo();
    r.branch();
    expect((await incidentNew(r)).code).toBe(0);
    const res = await r.cli('incident', 'resolve', INC, '--resolved-at', '2026-01-18T14:50:30Z', ...SECTIONS);
    expect(res.code, res.err).toBe(0);
    r.commit(`${INC}: incident record`);
    expect((await r.check()).code).toBe(0);
    const landed = await r.land('pr', ['--json']);
    expect(landed.code, landed.out + landed.err).toBe(0);
    expect(types(r.ledger())).toEqual(['genesis', 'incident.opened', 'incident.resolved']);
    const resolved = r.ledger()[2]!;
    expect(resolved).toMatchObject({
      subject: { incident: INC },
      body: {
        id: INC,
        severity: 'high',
        resolved_at: '2026-01-18T14:50:30Z',
        mttr_s: 1110, // detected 14:32:00 → resolved 14:50:30 (seed 000: the MTTR clock starts at detection)
        duration_s: 1230, // started 14:30:00 → resolved 14:50:30
      },
    });
    expect(Number.isInteger(resolved.body.mttr_s)).toBe(true);
    expect((await r.cli('verify')).code).toBe(0);
  });

  it('denies an added incident record that does not parse, and record refuses it if merged anyway, naming file:line and writing nothing', async () => {
    const r = repo();
    r.branch();
    const bad = `incidents/INC-20260118-150000.md`;
    r.commit('a broken record', {
      [bad]: '---\nid: INC-20260118-150000\ntype: outage\nseverity: severe\n---\n\n## Description\n\nx\n',
    });
    // The gate denies it (records node); merged anyway (an admin merge past the check), record refuses it too.
    const gate = await r.check();
    expect(gate.code).toBe(1);
    expect(node(gate.doc.root, 'records').children.map((c) => c.source?.file)).toContain(bad);
    const m = r.merge();
    const before = r.snapshot();
    const rec = await r.cli('record', '--base', m.before, '--head', m.after);
    // record re-evaluates the gate and records only what it allows.
    expect(rec.code).toBe(1);
    expect(`${rec.out}${rec.err}`).toMatch(new RegExp(`${bad}:4.*severity`));
    expect(r.snapshot()).toBe(before);
    expect(r.ledger()).toEqual([]);
  });
});
