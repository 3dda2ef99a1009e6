import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { pushPayload, workflowDispatchPayload } from '../fixtures/github/payloads.js';
import { git, GITHUB, makeMergedRepo, STATE_FILE, type MergedRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub } from '../fixtures/github/server.js';

// verify + monitor (schedule, workflow_dispatch) and report with the real CLI, on a repository whose ledger
// the Action itself recorded on push: the alerts are real `gatehouse monitor` alerts.
let bundle: { index: string };
let r: MergedRepo;
beforeAll(async () => {
  bundle = await buildAction();
  r = makeMergedRepo();
  const m = new GithubModel();
  m.commitPulls.set(r.after, [7]);
  m.reviews.set(7, [
    { id: 101, login: GITHUB.alice.login, userId: GITHUB.alice.id, state: 'APPROVED', commit: r.head2 },
  ]);
  const gh = await startFakeGithub(m.routes());
  try {
    const recorded = await runAction({
      index: bundle.index,
      event: 'push',
      payload: pushPayload({ before: r.before, after: r.after }),
      workspace: r.work,
      apiUrl: gh.url,
      inputs: { 'checkpoint-key': r.checkpointKey },
    });
    if (recorded.code !== 0) throw new Error(`record failed: ${recorded.stdout}${recorded.stderr}`);
  } finally {
    await gh.close();
  }
});

describe('the bundled Action on workflow_dispatch (verify, then monitor), with the real CLI', () => {
  it('opens one issue per alert fingerprint, leaves it alone, closes it when the alert stops, and updates a changed one', async () => {
    const model = new GithubModel();
    const gh = await startFakeGithub(model.routes());
    const dispatch = (now: string) =>
      runAction({
        index: bundle.index,
        event: 'workflow_dispatch',
        payload: workflowDispatchPayload(),
        workspace: r.work,
        apiUrl: gh.url,
        inputs: { now },
      });
    const recorded = readFileSync(join(r.work, STATE_FILE), 'utf8');
    try {
      const quiet = await dispatch('2026-01-18T16:00:00Z');
      expect(quiet.code).toBe(0);
      expect(quiet.summary).toContain('## Gatehouse verify: ✅ OK');
      expect(quiet.summary).toContain('The ledger verifies (2 entries).');
      expect(quiet.summary).toContain('No alerts fire.');
      expect(quiet.outputs).toMatchObject({ decision: 'verified', 'ledger-size': '2' });
      expect(model.issues).toHaveLength(0);

      // state/ edited outside the gate: the replayed ledger and state/ differ.
      expect(recorded).toContain('capacity: 700');
      writeFileSync(join(r.work, STATE_FILE), recorded.replace('capacity: 700', 'capacity: 750'));
      const drift = await dispatch('2026-01-18T16:00:00Z');
      expect(drift.code).toBe(1);
      expect(drift.summary).toContain('## Gatehouse verify: ❌ Violation found');
      expect(drift.summary).toContain('1 alert firing');
      expect(drift.outputs.decision).toBe('violation');
      expect(model.issues).toHaveLength(1);
      const issue = model.issues[0];
      expect(issue).toMatchObject({ number: 1, state: 'open', labels: ['gatehouse-alert'] });
      expect(issue?.title).toBe(
        '[gatehouse] state/ differs from the replayed ledger: park-ticketing/us-east-1-r01',
      );
      expect(issue?.body).toMatch(/^<!-- gatehouse-alert:state-drift:[0-9a-f]{16} -->\n/);
      expect(issue?.body).toContain('**Invariant:** `state-drift`');
      expect(issue?.body).toContain('- park-ticketing/us-east-1-r01');
      expect(issue?.body).toContain('**Playbook**');

      const same = await dispatch('2026-01-18T16:30:00Z');
      expect(same.code).toBe(1);
      expect(gh.calls('issues/create')).toHaveLength(1);
      expect(gh.calls('issues/update')).toHaveLength(0);

      // Drift repaired, and a day and a half with no ledger activity: the heartbeat alert fires.
      writeFileSync(join(r.work, STATE_FILE), recorded);
      const silent = await dispatch('2026-01-20T03:00:00Z');
      expect(silent.code).toBe(1);
      expect(model.issues.map((i) => [i.number, i.state])).toEqual([
        [1, 'closed'],
        [2, 'open'],
      ]);
      expect(model.issues[0]?.comments).toHaveLength(1);
      expect(model.issues[1]?.title).toBe(
        '[gatehouse] no checkpoint or ledger activity within the heartbeat interval',
      );
      expect(model.issues[1]?.body).toContain(
        'Last activity 2026-01-18T15:00:00Z, 1d12h ago; heartbeat interval 1d.',
      );

      // Still silent an hour later: the same issue is updated, not duplicated.
      const later = await dispatch('2026-01-20T04:00:00Z');
      expect(later.code).toBe(1);
      expect(gh.calls('issues/create')).toHaveLength(2);
      expect(model.issues).toHaveLength(2);
      expect(model.issues[1]?.body).toContain('1d13h ago');
      expect(later.summary).toContain('| updated |');
      expect(gh.schemaErrors).toEqual([]);
      expect(gh.unrouted).toEqual([]);
    } finally {
      writeFileSync(join(r.work, STATE_FILE), recorded);
      await gh.close();
    }
  });

  it('writes the audit report on command report and names it in the report-path output', async () => {
    const gh = await startFakeGithub(new GithubModel().routes());
    const out = join(mkdtempSync(join(tmpdir(), 'gatehouse-report-')), 'site');
    try {
      const run = await runAction({
        index: bundle.index,
        event: 'workflow_dispatch',
        payload: workflowDispatchPayload(),
        workspace: r.work,
        apiUrl: gh.url,
        inputs: { command: 'report', 'report-dir': out },
      });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ decision: 'reported', 'report-path': out });
      expect(run.summary).toContain('(2 ledger entries)');
      expect(run.summary).toContain(`| Index | \`${out}/index.html\` |`);
      expect(existsSync(join(out, 'index.html'))).toBe(true);
      expect(gh.requests).toHaveLength(0);
      expect(git(r.work, 'status', '--porcelain')).toBe('');
    } finally {
      await gh.close();
    }
  });

  // Last in this file: it pushes ledger commits to origin.
  it('with record-alerts, appends alert.raised to the ledger once and pushes it to the default branch', async () => {
    const gh = await startFakeGithub(new GithubModel().routes());
    const dispatch = (now: string) =>
      runAction({
        index: bundle.index,
        event: 'workflow_dispatch',
        payload: workflowDispatchPayload(),
        workspace: r.work,
        apiUrl: gh.url,
        inputs: { command: 'monitor', 'record-alerts': 'true', 'checkpoint-key': r.checkpointKey, now },
      });
    const originLedger = (): string[] =>
      git(r.origin, 'show', 'main:ledger/events/000000000000.jsonl').split('\n').filter(Boolean);
    try {
      expect(originLedger()).toHaveLength(2);
      const silent = await dispatch('2026-01-20T03:00:00Z');
      expect(silent.code, silent.stdout).toBe(1);
      expect(silent.summary).toMatch(
        /Recorded 1 alert entry in the ledger and pushed [0-9a-f]{12} to main\./,
      );
      const lines = originLedger();
      expect(lines).toHaveLength(3);
      expect(JSON.parse(lines[2]!)).toMatchObject({ type: 'alert.raised', body: { rule: 'silence' } });
      expect(git(r.origin, 'show', 'main:ledger/checkpoint').split('\n')[1]).toBe('3');
      // The key reaches the log only in the mask command that hides it.
      const logged = silent.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(logged.join('\n')).not.toContain(r.checkpointKey.trim());

      const again = await dispatch('2026-01-20T04:00:00Z');
      expect(again.code).toBe(1);
      expect(again.summary).toContain('nothing new for the ledger');
      expect(originLedger()).toHaveLength(3);
      expect(gh.schemaErrors).toEqual([]);
    } finally {
      await gh.close();
    }
  });

  it('refuses a record-alerts value that is not true or false (exit 2, nothing written)', async () => {
    const gh = await startFakeGithub(new GithubModel().routes());
    const before = git(r.origin, 'rev-parse', 'main');
    try {
      const run = await runAction({
        index: bundle.index,
        event: 'workflow_dispatch',
        payload: workflowDispatchPayload(),
        workspace: r.work,
        apiUrl: gh.url,
        inputs: { command: 'monitor', 'record-alerts': 'yes' },
      });
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toContain('input "record-alerts" must be true or false; got "yes"');
      expect(git(r.origin, 'rev-parse', 'main')).toBe(before);
    } finally {
      await gh.close();
    }
  });
});
