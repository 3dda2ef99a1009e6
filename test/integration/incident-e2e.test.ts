/**
 * End to end (issue 6 acceptance): a level-3 change → a metrics series with a spike → incident detect →
 * incident rca names that change first → rollback → the gate allows it → record → incident resolve →
 * verify passes; MTTR from the record. Real git, real keys, the real CLI in-process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GovernedRepo, withCapacity } from '../fixtures/governed-repo.js';

let r: GovernedRepo;
afterEach(() => r?.cleanup());

const T = (hhmm: string): string => `2026-01-18T${hhmm}Z`;

function spikeCsv(): string {
  const rows = ['timestamp,metric,value,labels'];
  const start = Date.parse(T('14:00:00'));
  for (let i = 0; i < 240; i++) {
    const t = start + i * 5000;
    const v = t >= Date.parse(T('14:15:00')) && t < Date.parse(T('14:17:00')) ? 0.15 : 0.001;
    rows.push(`${new Date(t).toISOString()},http_error_rate,${v},service=park-ticketing,region=us-east-1`);
    rows.push(`${new Date(t).toISOString()},http_error_rate,0.001,service=staff-scheduling,region=us-east-1`);
  }
  return `${rows.join('\n')}\n`;
}

describe('incident lifecycle end to end', () => {
  it('detects, finds the cause, rolls it back through the gate, records it, resolves the incident and verifies', async () => {
    r = new GovernedRepo();
    // 1. a level-3 change by the operations agent, allowed and recorded
    r.branch('chg');
    r.commit('raise capacity', {
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1, 900),
      ...r.manifest({ id: 'CHG-0001', proposer: 'ops-agent', level: 3, title: 'Raise gate capacity' }),
    });
    // At level 3 the proposer binds the change digest with an approval of its own.
    const bind = (actor: string, change: string, at: string) =>
      r.cli('approve', change, '--base', 'main', '--ssh-key', r.keys.get(actor)!.privateFile, '--now', at);
    expect((await bind('ops-agent', 'CHG-0001', T('14:04:00'))).code).toBe(0);
    r.commit('ops-agent binds CHG-0001');
    const chk = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--now', T('14:05:00'));
    expect(chk.code, chk.out + chk.err).toBe(0);
    const m1 = r.merge('chg');
    const rec1 = await r.cli(
      'record',
      '--base',
      m1.before,
      '--head',
      m1.after,
      '--merge-commit',
      m1.after,
      '--now',
      T('14:10:00'),
      '--json',
    );
    expect(rec1.code, rec1.out + rec1.err).toBe(0);
    r.commit('record CHG-0001');
    const culprit = (JSON.parse(rec1.out) as { size: number }).size - 1;

    // 2. a spike in the error rate of park-ticketing in us-east-1
    r.write({ 'metrics.csv': spikeCsv() });
    const det = await r.cli('incident', 'detect', '--metrics', 'metrics.csv', '--json');
    expect(det.code, det.err).toBe(1);
    const anomalies = (
      JSON.parse(det.out) as {
        anomalies: { start: string; confirmed_at: string; labels: Record<string, string> }[];
      }
    ).anomalies;
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      start: T('14:15:00'),
      confirmed_at: T('14:15:30'),
      labels: { service: 'park-ticketing', region: 'us-east-1' },
    });
    r.write({ 'anomaly.json': det.out });

    // 3. root cause: the change comes first
    const rca = await r.cli(
      'incident',
      'rca',
      '--anomaly-json',
      'anomaly.json',
      '--json',
      '--now',
      T('14:16:00'),
    );
    expect(rca.code, rca.err).toBe(0);
    const top = (JSON.parse(rca.out) as { candidates: { seq: number; change: string }[] }).candidates[0]!;
    expect(top).toMatchObject({ seq: culprit, change: 'CHG-0001' });

    // 4. the incident record, then the rollback as a change through the gate
    const inc = await r.cli(
      'incident',
      'new',
      '--now',
      T('14:16:30'),
      '--type',
      'error spike',
      '--severity',
      'high',
      '--operator',
      'alice',
      '--started-at',
      T('14:15:00'),
      '--detected-at',
      T('14:15:30'),
      '--services',
      'park-ticketing',
      '--regions',
      'us-east-1',
      '--culprit',
      String(culprit),
      '--description',
      'Error rate 15 % at the us-east-1 gates.',
    );
    expect(inc.code, inc.err).toBe(0);
    r.commit('open INC-20260118-141630');
    r.branch('rb');
    const rb = await r.cli(
      'rollback',
      '--event',
      String(culprit),
      '--incident',
      'INC-20260118-141630',
      '--now',
      T('14:17:00'),
      '--json',
    );
    expect(rb.code, rb.err).toBe(0);
    const rbOut = JSON.parse(rb.out) as { id: string; manifest: string };
    const signed = await r.cli(
      'sign',
      rbOut.manifest,
      '--ssh-key',
      r.keys.get('alice')!.privateFile,
      '--now',
      T('14:17:00'),
    );
    expect(signed.code, signed.err).toBe(0);
    r.commit(`rollback ${rbOut.id}`);
    expect((await bind('alice', rbOut.id, T('14:17:00'))).code).toBe(0);
    r.commit(`alice binds ${rbOut.id}`);
    const chk2 = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--now', T('14:18:00'));
    expect(chk2.code, chk2.out + chk2.err).toBe(0);
    const m2 = r.merge('rb');
    const rec2 = await r.cli(
      'record',
      '--base',
      m2.before,
      '--head',
      m2.after,
      '--merge-commit',
      m2.after,
      '--now',
      T('14:19:00'),
      '--json',
    );
    expect(rec2.code, rec2.out + rec2.err).toBe(0);
    r.commit(`record ${rbOut.id}`);
    expect(r.read('state/park-ticketing/us-east-1.yaml')).toBe(
      withCapacity(4, 'park-ticketing', 'us-east-1', 0),
    );
    const log = await r.cli('log', '--type', 'rollback.applied', '--json');
    expect(log.out).toContain(rbOut.id);

    // 5. resolve the incident: it is committed on main, so the resolution is a new record amending it;
    // MTTR from detection (14:15:30 → resolved 14:20:00), duration from the start (14:15:00)
    const committedText = r.read('incidents/INC-20260118-141630.md');
    const res = await r.cli(
      'incident',
      'resolve',
      'INC-20260118-141630',
      '--now',
      T('14:20:00'),
      '--json',
      '--cause',
      `Ledger entry ${culprit} (CHG-0001) raised capacity`,
      '--impact',
      'Ticketing errors in us-east-1',
      '--response',
      'Detected, ranked, rolled back',
      '--resolution',
      `${rbOut.id} merged and recorded`,
      '--prevention',
      'Lower the level-3 capacity step',
    );
    expect(res.code, res.err).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({
      id: 'INC-20260118-141630',
      record: 'INC-20260118-142000',
      amends: 'INC-20260118-141630',
      file: 'incidents/INC-20260118-142000.md',
      mttr_s: 270,
      duration_s: 300,
      mttr_target_s: 120,
      within_target: false,
    });
    expect(r.read('incidents/INC-20260118-141630.md')).toBe(committedText);
    const amending = r.read('incidents/INC-20260118-142000.md');
    for (const line of [
      'started_at: 2026-01-18T14:15:00Z',
      'detected_at: 2026-01-18T14:15:30Z',
      'resolved_at: 2026-01-18T14:20:00Z',
      `culprit: ${culprit}`,
      'amends: INC-20260118-141630',
    ])
      expect(amending).toContain(line);
    expect(amending).toContain('Error rate 15 % at the us-east-1 gates.'); // the written sections carry over
    r.commit('resolve INC-20260118-141630');

    // 6. the ledger verifies and matches state/
    const ver = await r.cli('verify', '--now', T('14:21:00'));
    expect(ver.code, ver.out + ver.err).toBe(0);
  });
});
