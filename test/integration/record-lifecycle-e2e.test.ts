/**
 * End to end through the CLI over a real repository (DESIGN §2.5, §2.6, §4): an incident record opened in a
 * PR → check allows → record appends incident.opened → `incident resolve` writes an amending record (records
 * on main are immutable; a hand edit is denied) → record appends incident.resolved → verify; then a change over the blast radius passes under
 * an override with its three-role quorum → record appends change.applied and override.activated → the
 * post-mortem lands → record appends override.reviewed → `override status` says reviewed; a second
 * post-mortem changes nothing.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GovernedRepo, OVERRIDE_SIGNERS, node, withCapacity } from '../fixtures/governed-repo.js';

let r: GovernedRepo;
afterEach(() => r?.cleanup());

const T = (hhmmss: string): string => `2026-01-18T${hhmmss}Z`;
const OPEN = 'INC-20260118-143300';
const FIX = 'INC-20260118-145000';
const POSTMORTEM = 'INC-20260118-150000';
const SECOND = 'INC-20260118-150100';

type Entry = ReturnType<GovernedRepo['ledger']>[number];

async function ok(run: Promise<{ code: number; out: string; err: string }>): Promise<string> {
  const res = await run;
  expect(res.code, res.out + res.err).toBe(0);
  return res.out;
}

function incidentArgs(id: string, at: string, extra: string[] = []): string[] {
  return [
    'incident',
    'new',
    '--id',
    id,
    '--type',
    'gate scanner errors',
    '--severity',
    'high',
    '--operator',
    'alice',
    '--started-at',
    T('14:30:00'),
    '--detected-at',
    T('14:32:00'),
    '--services',
    'park-ticketing',
    '--regions',
    'us-east-1',
    '--description',
    'Scanners at the east gates rejected valid tickets.',
    '--now',
    at,
    ...extra,
  ];
}

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

const sshFingerprint = (blob: Buffer): string =>
  `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

async function landed(branch: string): Promise<Entry[]> {
  const before = r.ledger().length;
  const res = await r.land(branch, ['--json']);
  expect(res.code, res.out + res.err).toBe(0);
  return r.ledger().slice(before);
}

describe('incidents and overrides through record, end to end', () => {
  it('records the incident and override lifecycle and verifies', async () => {
    r = new GovernedRepo({ blastRadius: 'limits: { percent: 0.05, service: 1, region: 1 }\n' });

    // 1. incident new → PR → check allows → record appends incident.opened (after genesis: adoption)
    r.branch('inc-open');
    await ok(r.cli(...incidentArgs(OPEN, T('14:33:00'))));
    r.commit(`open ${OPEN}`);
    expect((await r.check()).code).toBe(0);
    const first = await landed('inc-open');
    expect(first.map((e) => e.type)).toEqual(['genesis', 'incident.opened']);
    expect(first[1]).toMatchObject({ subject: { incident: OPEN }, body: { id: OPEN, severity: 'high' } });

    // 2. an edit of the record on main, made by hand, is denied by the gate
    r.branch('inc-edit');
    const onMain = r.read(`incidents/${OPEN}.md`);
    r.write({ [`incidents/${OPEN}.md`]: onMain.replace('valid tickets.', 'valid tickets (edited).') });
    r.commit(`edit ${OPEN} in place`);
    const edit = await r.check();
    expect(edit.code).toBe(1);
    expect(node(edit.doc.root, `append-only/incidents/${OPEN}.md`).reason).toBe(
      'modified: incident records are immutable; add a new record with `amends`',
    );
    r.checkout('main');
    r.git('branch', '-q', '-D', 'inc-edit');

    // 3. `incident resolve` of the record on main leaves it alone and writes a new record amending it,
    // with its fields; it lands → incident.resolved for the first record
    r.branch('inc-fix');
    const resolved = JSON.parse(
      await ok(
        r.cli(
          'incident',
          'resolve',
          OPEN,
          '--id',
          FIX,
          '--resolved-at',
          T('14:50:00'),
          '--json',
          ...SECTIONS,
        ),
      ),
    ) as Record<string, unknown>;
    expect(resolved).toMatchObject({ id: OPEN, record: FIX, amends: OPEN, file: `incidents/${FIX}.md` });
    expect(r.read(`incidents/${OPEN}.md`)).toBe(onMain);
    r.commit(`${FIX}: resolves ${OPEN}`);
    expect((await r.check()).code).toBe(0);
    const fixed = await landed('inc-fix');
    expect(fixed.map((e) => e.type)).toEqual(['incident.resolved']);
    expect(fixed[0]).toMatchObject({
      subject: { incident: OPEN },
      body: {
        id: OPEN,
        record: FIX,
        amends: OPEN,
        started_at: T('14:30:00'),
        detected_at: T('14:32:00'),
        services: ['park-ticketing'],
        regions: ['us-east-1'],
        resolved_at: T('14:50:00'),
        mttr_s: 1080, // detected 14:32 → resolved 14:50 (seed 000: the MTTR clock starts at detection)
        duration_s: 1200, // started 14:30 → resolved 14:50
      },
    });
    expect(await ok(r.cli('verify'))).toContain('verify: ok');

    // 4. a change over the blast radius (3 resources, 2 allowed) is denied ...
    r.branch('chg');
    r.commit('three gates', {
      ...r.manifest({ id: 'CHG-3', proposer: 'ops-agent', level: 2 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 3),
    });
    await r.approve('CHG-3', ['alice', 'bob']);
    const denied = await r.check();
    expect(denied.code).toBe(1);
    expect(node(denied.doc.root, 'blast-radius').status).toBe('fail');
    r.checkout('main');

    // ... until an override with its quorum (ethics, security, charter), bound to chg's digest, lands in its own PR
    r.branch('ovr');
    const { made, signed } = await r.blastRadiusOverride('blast-radius', 'chg');
    for (const res of [made, ...signed]) expect(res.code, res.out + res.err).toBe(0);
    r.commit('override OVR-1');
    expect((await r.check()).code).toBe(0);
    expect(await landed('ovr')).toEqual([]); // an override request alone is not an entry

    // 5. the change, updated from main (same digest), passes under the override and is recorded with it
    r.checkout('chg');
    r.git('merge', '-q', '--no-ff', 'main', '-m', 'update chg');
    const allowed = await r.check();
    expect(allowed.code, JSON.stringify(allowed.doc.root)).toBe(0);
    expect(node(allowed.doc.root, 'blast-radius').reason).toMatch(/^overridden by OVR-1: /);
    const change = await landed('chg');
    expect(change.map((e) => e.type)).toEqual(['change.applied', 'override.activated']);
    expect(change[0]!.body.overrides).toEqual(['OVR-1']);
    expect(change[1]).toMatchObject({
      actor: 'ops-agent',
      subject: { override: 'OVR-1', change: 'CHG-3' },
      body: {
        override: 'OVR-1',
        change: 'CHG-3',
        checks: ['blast-radius'],
        bypassed: ['blast-radius'],
        impact: 'medium',
        activated_at: T('14:05:00'),
        expires_at: T('16:00:00'),
      },
    });
    const recordedSigners = change[1]!.body.signers as { actor: string; role: string; fingerprint: string }[];
    expect(
      recordedSigners.map((s) => [s.actor, s.role, s.fingerprint]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    ).toEqual(
      [...OVERRIDE_SIGNERS]
        .map(([actor, role]) => [actor, role, sshFingerprint(r.keys.get(actor)!.blob)])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    const before = JSON.parse(await ok(r.cli('override', 'status', 'OVR-1', '--json'))) as {
      overrides: { status: string }[];
    };
    expect(before.overrides[0]!.status).not.toBe('reviewed');

    // 6. the post-mortem record lands → override.reviewed, and `override status` says reviewed
    r.branch('pm');
    await ok(r.cli('override', 'postmortem', 'OVR-1', '--incident', POSTMORTEM));
    r.commit(`${POSTMORTEM}: post-mortem of OVR-1`);
    expect((await r.check()).code).toBe(0);
    const reviewed = await landed('pm');
    expect(reviewed.map((e) => e.type)).toEqual(['incident.opened', 'override.reviewed']);
    expect(reviewed[1]).toMatchObject({
      subject: { override: 'OVR-1', incident: POSTMORTEM },
      body: { override: 'OVR-1', change: 'CHG-3', incident: POSTMORTEM },
    });
    const status = JSON.parse(await ok(r.cli('override', 'status', 'OVR-1', '--json'))) as {
      overrides: { status: string; postmortem?: string }[];
    };
    expect(status.overrides[0]).toMatchObject({ status: 'reviewed', postmortem: POSTMORTEM });

    // 7. a second post-mortem for the same override changes nothing in the ledger, and record says so
    r.branch('pm2');
    await ok(r.cli(...incidentArgs(SECOND, T('15:01:00'), ['--overrides', 'OVR-1'])));
    r.commit(`${SECOND}: another post-mortem of OVR-1`);
    expect((await r.check()).code).toBe(0);
    const size = r.ledger().length;
    const m = r.merge('pm2');
    const rec = await r.cli('record', '--base', m.before, '--head', m.after);
    expect(rec.code, rec.err).toBe(0);
    expect(rec.out).toContain(
      `note: incidents/${SECOND}.md: OVR-1 already has its post-mortem in the ledger at seq ${size - 1}; nothing changed`,
    );
    r.commit('ledger: second post-mortem');
    expect(
      r
        .ledger()
        .slice(size)
        .map((e) => e.type),
    ).toEqual(['incident.opened']);

    const verify = JSON.parse(await ok(r.cli('verify', '--json'))) as { ok: boolean; entries: number };
    expect(verify).toMatchObject({ ok: true, entries: size + 1 });
  });
});
