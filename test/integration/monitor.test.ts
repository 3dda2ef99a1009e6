import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const git = (...args: string[]): string =>
  execFileSync('git', args, {
    cwd: repo.dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });

beforeEach(async () => {
  repo = await makeRepo();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'adopt gatehouse');
});
afterEach(() => repo.cleanup());

interface Out {
  ok: boolean;
  alerts: {
    rule: string;
    fingerprint: string;
    severity: string;
    owner: string;
    response_time: string;
    playbook: string[];
  }[];
}
async function monitor(now = at(30)): Promise<{ code: number; out: Out }> {
  const r = await cli(['monitor', '--repo', repo.dir, '--now', now, '--json']);
  expect([0, 1], r.stderr).toContain(r.code);
  return { code: r.code, out: JSON.parse(r.stdout) as Out };
}

describe('monitor', () => {
  it('is quiet on a healthy repository and exits 0', async () => {
    await applyChange(repo, {
      id: 'CHG-1',
      minute: 5,
      edits: { 'state/park-ticketing/us-east-1.yaml': setField('us-east-1-gate-01', 'capacity', 700) },
    });
    git('add', '-A');
    git('commit', '-q', '-m', 'CHG-1 and its ledger entry');
    const { code, out } = await monitor();
    expect(out.alerts).toEqual([]);
    expect(code).toBe(0);
  });

  it('alerts on a merge that changed state/ without a ledger entry, and on the drift it causes', async () => {
    write(
      repo.dir,
      'state/park-ticketing/us-east-1.yaml',
      setField('us-east-1-gate-01', 'capacity', 9999)(read(repo.dir, 'state/park-ticketing/us-east-1.yaml')),
    );
    git('commit', '-q', '-am', 'bypass the gate');
    const sha = git('rev-parse', 'HEAD').trim();
    const { code, out } = await monitor();
    expect(code).toBe(1);
    expect(out.alerts.map((a) => a.rule).sort()).toEqual(['state-drift', 'unrecorded-merge']);
    const drift = out.alerts.find((a) => a.rule === 'state-drift')!;
    expect(drift).toMatchObject({ severity: 'high', owner: 'sre', response_time: '1h' });
    expect(drift.playbook[0]).toMatch(/gatehouse verify/);
    const text = await cli(['monitor', '--repo', repo.dir, '--now', at(30)]);
    expect(text.stdout).toContain(sha.slice(0, 12));
    // same problem, same fingerprints on the next run
    const again = await monitor(at(45));
    expect(again.out.alerts.map((a) => a.fingerprint).sort()).toEqual(
      out.alerts.map((a) => a.fingerprint).sort(),
    );
  });

  it('alerts when the ledger holds fewer entries than the last checkpoint', async () => {
    await applyChange(repo, {
      id: 'CHG-1',
      minute: 5,
      edits: { 'state/park-ticketing/us-east-1.yaml': setField('us-east-1-gate-01', 'capacity', 700) },
    });
    const { openLedger } = await import('../../src/store/ledger-store.js');
    await (await openLedger(repo.dir, repo.layout)).writeCheckpoint(repo.checkpointKey);
    const seg = join(repo.dir, 'ledger/events/000000000000.jsonl');
    const lines = readFileSync(seg, 'utf8').split('\n').filter(Boolean);
    writeFileSync(seg, `${lines.slice(0, -1).join('\n')}\n`);
    const { code, out } = await monitor();
    expect(code).toBe(1);
    expect(out.alerts.map((a) => a.rule)).toContain('ledger-count-decrease');
    expect(out.alerts.find((a) => a.rule === 'ledger-count-decrease')).toMatchObject({
      severity: 'critical',
      owner: 'security',
      response_time: '15m',
    });
  });

  it('treats silence as an alert and flags an incident open past its response time', async () => {
    const r = await cli([
      'incident',
      'new',
      '--repo',
      repo.dir,
      '--now',
      at(1),
      '--type',
      'outage',
      '--severity',
      'critical',
      '--operator',
      'alice',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { out } = await monitor('2026-01-20T14:00:00Z');
    expect(out.alerts.map((a) => a.rule).sort()).toEqual(['incident-response-overdue', 'silence']);
  });

  it('--record appends alert.raised once while an alert fires and alert.resolved when it stops; verify passes', async () => {
    const later = '2026-01-20T14:00:00Z';
    const rec = async (now: string): Promise<{ code: number; types: string[] }> => {
      const r = await cli(['monitor', '--record', '--repo', repo.dir, '--now', now, '--json']);
      expect([0, 1], r.stderr).toContain(r.code);
      const doc = JSON.parse(r.stdout) as { recorded: { entries: { type: string }[] } };
      return { code: r.code, types: doc.recorded.entries.map((e) => e.type) };
    };
    const raised = await rec(later);
    expect(raised).toEqual({ code: 1, types: ['alert.raised'] });
    // Still silent an hour later: the alert is open, nothing new; the entry itself is no sign of life.
    expect(await rec('2026-01-20T15:00:00Z')).toEqual({ code: 1, types: [] });
    await applyChange(repo, {
      id: 'CHG-1',
      minute: 3000,
      edits: { 'state/park-ticketing/us-east-1.yaml': setField('us-east-1-gate-01', 'capacity', 700) },
    });
    expect(await rec(at(3001))).toEqual({ code: 0, types: ['alert.resolved'] });
    const log = await cli(['log', '--repo', repo.dir, '--json']);
    const entries = (JSON.parse(log.stdout) as { entries: { type: string; subject?: { alert?: string } }[] })
      .entries;
    const alerts = entries.filter((e) => e.type.startsWith('alert.'));
    expect(alerts.map((e) => e.type)).toEqual(['alert.raised', 'alert.resolved']);
    expect(alerts[0]?.subject?.alert).toBe(alerts[1]?.subject?.alert);
    const v = await cli(['verify', '--repo', repo.dir, '--json']);
    expect(v.code, v.stdout).toBe(0);
  });

  it('--record refuses a --now before the last entry: exit 2 and nothing written', async () => {
    await applyChange(repo, {
      id: 'CHG-1',
      minute: 50,
      edits: { 'state/park-ticketing/us-east-1.yaml': setField('us-east-1-gate-01', 'capacity', 700) },
    });
    const seg = join(repo.dir, 'ledger/events/000000000000.jsonl');
    const before = readFileSync(seg, 'utf8');
    const r = await cli(['monitor', '--record', '--repo', repo.dir, '--now', at(10), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/never goe?s? back/);
    expect(readFileSync(seg, 'utf8')).toBe(before);
  });

  it('refuses a malformed --history before reading anything, in a git repository or not: exit 2, nothing written', async () => {
    await applyChange(repo, {
      id: 'CHG-1',
      minute: 5,
      edits: { 'state/park-ticketing/us-east-1.yaml': setField('us-east-1-gate-01', 'capacity', 700) },
    });
    const seg = join(repo.dir, 'ledger/events/000000000000.jsonl');
    const before = readFileSync(seg, 'utf8');
    for (const outsideGit of [false, true]) {
      if (outsideGit) rmSync(join(repo.dir, '.git'), { recursive: true, force: true });
      const r = await cli(['monitor', '--record', '--history', 'ten', '--repo', repo.dir, '--now', at(30)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('gatehouse: --history expects a non-negative integer, found "ten"\n');
      expect(r.stdout).toBe('');
      expect(readFileSync(seg, 'utf8')).toBe(before);
    }
  });
});
