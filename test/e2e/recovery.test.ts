import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovernedRepo } from './governed.js';
import { baseEnv, Clock, json, removeTempDirs, tempDir } from './harness.js';
import { makeIdentities, type Identities } from './identities.js';

// Recovery and audit through the shipped CLI, in one governed repository: a level-3 change causes a metrics
// spike; `incident detect` finds it, `incident rca` names the change, `rollback` reverts it through the gate,
// the incident record is resolved and recorded; then an emergency override signed through the real gpg by
// three roles lets a too-large change through, its post-mortem closes it, and `verify` and `report` pass.

interface Node {
  id: string;
  status: string;
  reason: string;
  children: Node[];
}
interface Decision {
  allowed: boolean;
  root: Node;
}
const find = (n: Node, id: string): Node | undefined =>
  n.id === id ? n : n.children.map((c) => find(c, id)).find((x) => x !== undefined);

let ids: Identities;
let repo: GovernedRepo;
let clock: Clock;
let outside: string;
/** Facts later steps use. */
const at: {
  culprit?: number;
  capacity?: unknown;
  incident?: string;
  override?: string;
  postMortem?: string;
} = {};

function allowed(headRef: string, minute: number): Decision {
  const run = repo.cli(['check', '--base', 'main', '--head', headRef, '--format', 'json'], minute, null);
  const d = json<Decision>(run, 'check');
  if (run.code !== 0) throw new Error(`check main..${headRef} exited ${run.code}:\n${run.stdout}`);
  return d;
}

/** CSV `timestamp,metric,value,labels…` every 30 s from minute 20 to 60; us-west-2 spikes from 34 to 44. */
function metricsCsv(): string {
  const lines = ['timestamp,metric,value'];
  for (let s = 20 * 60; s <= 60 * 60; s += 30)
    for (const region of ['us-east-1', 'us-west-2', 'eu-central-1']) {
      const spike = region === 'us-west-2' && s >= 34 * 60 && s < 44 * 60;
      const value = (spike ? 0.18 : 0.01) + ((s / 30) % 5) / 1000;
      const ts = clock.iso(0).replace(/Z$/, '');
      const t = new Date(Date.parse(`${ts}Z`) + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      lines.push(`${t},http_error_rate,${value.toFixed(4)},service=park-ticketing,region=${region}`);
    }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  ids = makeIdentities(baseEnv(tempDir('home')));
  clock = new Clock();
  repo = GovernedRepo.create(ids, clock);
  outside = tempDir('work');
  // The culprit: a level-3 change ops-agent makes alone (no approval), signed in-process with its SSH key.
  repo.branch('pr-1', 30);
  at.capacity = repo.spec('park-ticketing', 'us-west-2', 'us-west-2-gate-05', 'capacity');
  repo.setSpec('park-ticketing', 'us-west-2', 'us-west-2-gate-05', 'capacity', 1200);
  const m = repo.manifest({
    id: 'CHG-0001',
    title: 'Lunch peak',
    proposer: 'ops-agent',
    level: 3,
    minute: 30,
  });
  repo.cli(['sign', m, '--ssh-key', ids.ssh.ed25519.path], 30);
  repo.commit(['state', 'changes'], 'CHG-0001: lunch peak', 30);
  // Level 3: the agent binds the change digest itself.
  repo.cli(['approve', 'CHG-0001', '--base', 'main', '--ssh-key', ids.ssh.ed25519.path], 30);
  repo.commit(['changes'], 'CHG-0001: ops-agent binds the digest', 30);
  allowed('pr-1', 31);
  at.culprit = repo.mergeAndRecord('pr-1', 1, 31).entries[0]?.seq;
}, 120_000);

afterAll(() => {
  ids?.close();
  removeTempDirs();
});

describe('incident: detect, rca, rollback, resolve', () => {
  it('detects the spike on park-ticketing/us-west-2 (exit 1) and ranks the level-3 change first', () => {
    const metrics = join(outside, 'http_error_rate.csv');
    writeFileSync(metrics, metricsCsv());
    const run = repo.cli(['incident', 'detect', '--metrics', metrics, '--json'], 45, 1);
    const report = json<{ anomalies: { labels: Record<string, string>; start: string }[] }>(run, 'detect');
    expect(report.anomalies).toHaveLength(1);
    expect(report.anomalies[0]?.labels).toMatchObject({ service: 'park-ticketing', region: 'us-west-2' });
    writeFileSync(join(outside, 'anomaly.json'), run.stdout);
    const rca = repo.cli(['incident', 'rca', '--anomaly-json', join(outside, 'anomaly.json'), '--json'], 46);
    const first = json<{ candidates: { seq: number; change?: string }[] }>(rca, 'rca').candidates[0];
    expect(at.culprit).toBe(1);
    expect(first).toMatchObject({ seq: at.culprit, change: 'CHG-0001' });
  });

  it('opens the incident and rolls the level-3 culprit back through the gate (interrupt, rollback.applied)', () => {
    const opened = repo.cli(
      [
        'incident',
        'new',
        '--type',
        'error-rate spike',
        '--severity',
        'high',
        '--operator',
        'alice',
        '--services',
        'park-ticketing',
        '--regions',
        'us-west-2',
        '--culprit',
        String(at.culprit),
        '--description',
        'http_error_rate on park-ticketing/us-west-2 rose to 0.18.',
        '--json',
      ],
      47,
    );
    at.incident = json<{ id: string }>(opened, 'incident new').id;
    expect(at.incident).toMatch(/^INC-\d{8}-\d{6}$/);
    repo.branch('pr-2', 48);
    const rb = repo.cli(['rollback', '--event', String(at.culprit), '--incident', at.incident, '--json'], 48);
    const plan = json<{ id: string; ops: { key: string; before: unknown; after: unknown }[] }>(
      rb,
      'rollback',
    );
    expect(plan.ops).toEqual([
      expect.objectContaining({ key: 'park-ticketing/us-west-2-gate-05', before: 1200, after: at.capacity }),
    ]);
    // Every manifest is signed by its proposer: the incident's operator, alice, through gpg.
    repo.cli(['sign', `changes/${plan.id}/change.yaml`, '--gpg', ids.gpg.rsa3072.fpr], 48);
    repo.commit(['state', 'changes'], `${plan.id}: roll back CHG-0001`, 48);
    repo.cli(['approve', plan.id, '--base', 'main', '--gpg', ids.gpg.rsa3072.fpr], 48);
    repo.commit(['changes'], `${plan.id}: alice binds the digest`, 48);
    expect(allowed('pr-2', 49).allowed).toBe(true);
    expect(repo.mergeAndRecord('pr-2', 2, 49).entries.map((e) => e.type)).toEqual([
      'interrupt',
      'rollback.applied',
    ]);
    // A second rollback of the same entry is refused.
    const again = repo.cli(['rollback', '--event', String(at.culprit), '--json'], 50, null);
    expect(again.code).toBe(2);
  });

  it('resolves the incident and records incident.opened and incident.resolved on merge', () => {
    const id = at.incident ?? '';
    repo.branch('pr-3', 55);
    const res = repo.cli(
      [
        'incident',
        'resolve',
        id,
        '--cause',
        'CHG-0001 raised gate-05 capacity past its scanners.',
        '--impact',
        'Ticket scans failed for ten minutes.',
        '--response',
        'Detected by incident detect; rca ranked the change first.',
        '--resolution',
        'Rolled back.',
        '--prevention',
        'Cap level-3 capacity changes at 20 % per step.',
      ],
      55,
    );
    expect(res.stdout).toMatch(/MTTR|mttr/);
    repo.commit(['incidents'], `${id}: incident record`, 55);
    allowed('pr-3', 56);
    const types = repo.mergeAndRecord('pr-3', 3, 56).entries.map((e) => e.type);
    expect(types).toEqual(['incident.opened', 'incident.resolved']);
  });
});

describe('emergency override signed through gpg by three roles', () => {
  it('denies a ten-gate change on blast radius, naming the override that would pass', () => {
    repo.branch('pr-4', 70);
    for (let n = 1; n <= 10; n++)
      repo.setSpec(
        'park-ticketing',
        'eu-central-1',
        `eu-central-1-gate-${String(n).padStart(2, '0')}`,
        'open',
        true,
      );
    const m = repo.manifest({
      id: 'CHG-0002',
      title: 'Evacuate the plaza',
      proposer: 'ops-agent',
      level: 2,
      minute: 70,
    });
    repo.cli(['sign', m, '--key', repo.opsKey], 70);
    repo.commit(['state', 'changes'], 'CHG-0002: open ten gates', 70);
    repo.cli(
      ['approve', 'CHG-0002', '--base', 'main', '--gpg', ids.gpg.rsa3072.fpr, '--role', 'operator'],
      71,
    );
    repo.cli(['approve', 'CHG-0002', '--base', 'main', '--ssh-key', ids.ssh.rsa.path, '--role', 'sre'], 72);
    repo.commit(['changes'], 'CHG-0002: approvals', 73);
    const run = repo.cli(['check', '--base', 'main', '--head', 'pr-4', '--format', 'json'], 73, 1);
    const br = find(json<Decision>(run).root, 'blast-radius');
    expect(br?.status).toBe('fail');
    const text = repo.cli(['check', '--base', 'main', '--head', 'pr-4'], 73, 1).stdout;
    expect(text).toContain('request an override of blast-radius');
  });

  it('activates the override once carol (ed25519), dave (signing subkey) and bob (RSA 4096) sign it with gpg', () => {
    repo.branch('override-1', 74);
    const req = repo.cli(
      [
        'override',
        'new',
        '--change',
        'CHG-0002',
        '--base',
        'main',
        '--head',
        'pr-4',
        '--checks',
        'blast-radius',
        '--impact',
        'medium',
        '--reason',
        'Fire alarm: evacuate the plaza',
        '--expires',
        '2h',
        '--requested-by',
        'alice',
        '--json',
      ],
      74,
    );
    const id = json<{ id: string }>(req, 'override new').id;
    at.override = id;
    const status = (minute: number) =>
      json<{ overrides: { id: string; status: string; signers?: unknown }[] }>(
        repo.cli(['override', 'status', id, '--json'], minute),
        'override status',
      ).overrides[0];
    // status reads the committed tree, as the gate does: commit the request, then each signature as it lands
    repo.commit(['overrides'], `${id}: override request for CHG-0002`, 74);
    expect(status(74)?.status).toBe('pending');
    const signers = [
      [ids.gpg.ed25519, 'ethics'],
      [ids.gpg['ed25519-subkey'], 'security'],
      [ids.gpg.rsa4096, 'charter'],
    ] as const;
    let minute = 75;
    for (const [g, role] of signers) {
      const run = repo.cli(['override', 'sign', id, '--gpg', g.fpr, '--role', role, '--json'], minute++);
      expect(json(run)).toMatchObject({ actor: g.actor });
      expect(readFileSync(join(repo.dir, `overrides/${id}/signatures/${g.actor}.yaml`), 'utf8')).toContain(
        'BEGIN PGP SIGNATURE',
      );
    }
    repo.commit(['overrides'], `${id}: override signatures for CHG-0002`, 77);
    expect(status(77)?.status).toBe('active');
    allowed('override-1', 78);
    repo.mergeAndRecord('override-1', 4, 78);
  });

  it('allows the change under the active override and records override.activated with its quorum', () => {
    repo.git(['checkout', '-q', 'pr-4'], 80);
    repo.git(['merge', '-q', '--no-ff', 'main', '-m', "Merge branch 'main' into pr-4"], 80);
    const d = allowed('pr-4', 80);
    expect(find(d.root, 'overrides')?.reason).toContain(at.override ?? '?');
    const entries = repo.mergeAndRecord('pr-4', 5, 81).entries;
    expect(entries.map((e) => e.type)).toEqual(['change.applied', 'override.activated']);
  });

  it('closes the override with a post-mortem record (override.reviewed; status reviewed)', () => {
    const id = at.override ?? '';
    repo.branch('pr-5', 90);
    const pm = repo.cli(
      [
        'incident',
        'new',
        '--type',
        'override post-mortem',
        '--severity',
        'low',
        '--operator',
        'alice',
        '--overrides',
        id,
        '--description',
        'Post-mortem of the plaza evacuation override.',
        '--cause',
        'Fire alarm.',
        '--impact',
        'None beyond the drill.',
        '--response',
        'Override under quorum.',
        '--resolution',
        'Gates closed after the drill.',
        '--prevention',
        'Rehearse the override.',
        '--json',
      ],
      90,
    );
    at.postMortem = json<{ id: string }>(pm, 'incident new --overrides').id;
    repo.cli(['incident', 'resolve', at.postMortem], 91);
    repo.commit(['incidents'], `${at.postMortem}: post-mortem of ${id}`, 91);
    allowed('pr-5', 92);
    const types = repo.mergeAndRecord('pr-5', 6, 92).entries.map((e) => e.type);
    expect(types).toContain('override.reviewed');
    const view = json<{ overrides: { status: string }[] }>(
      repo.cli(['override', 'status', id, '--json'], 93),
    );
    expect(view.overrides[0]?.status).toBe('reviewed');
  });
});

describe('audit', () => {
  it('verifies the whole history and writes the HTML report', () => {
    const v = json<{ ok: boolean; entries: number }>(
      repo.cli(['verify', '--history', '--json'], 100),
      'verify',
    );
    expect(v.ok).toBe(true);
    const log = json<{ entries: { type: string }[] }>(repo.cli(['log', '--json'], 100), 'log');
    expect(v.entries).toBe(log.entries.length);
    expect(new Set(log.entries.map((e) => e.type))).toEqual(
      new Set([
        'genesis',
        'change.applied',
        'interrupt',
        'rollback.applied',
        'incident.opened',
        'incident.resolved',
        'override.activated',
        'override.reviewed',
      ]),
    );
    const out = join(outside, 'report');
    const r = json<{ index: string; entries: number }>(
      repo.cli(['report', '--out', out, '--json'], 101),
      'report',
    );
    expect(r.entries).toBe(v.entries);
    expect(existsSync(r.index)).toBe(true);
    const html = readFileSync(r.index, 'utf8');
    expect(html).toContain('<html');
    expect(readdirSync(out).length).toBeGreaterThan(0);
  });
});
