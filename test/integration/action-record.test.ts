import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { pushPayload } from '../fixtures/github/payloads.js';
import { commit, git, makeMergedRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub } from '../fixtures/github/server.js';

let bundle: { index: string };
beforeAll(async () => {
  bundle = await buildAction();
});

const KEY = 'PRIVATE+KEY+gatehouse.test+0badc0de+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=';

function model(after: string): GithubModel {
  const m = new GithubModel();
  m.commitPulls.set(after, [7]);
  m.reviews.set(7, [{ id: 101, login: 'alice-ng', userId: 1234567, state: 'APPROVED', commit: 'HEAD2' }]);
  return m;
}

describe('the bundled Action on push to the default branch', () => {
  it('records the merged change, commits the ledger and pushes it to the branch', async () => {
    const r = makeMergedRepo();
    const m = model(r.after);
    m.reviews.set(7, [{ id: 101, login: 'alice-ng', userId: 1234567, state: 'APPROVED', commit: r.head2 }]);
    const gh = await startFakeGithub(m.routes());
    try {
      const run = await runAction({
        index: bundle.index,
        event: 'push',
        payload: pushPayload({ before: r.before, after: r.after }),
        workspace: r.work,
        apiUrl: gh.url,
        inputs: { 'checkpoint-key': KEY },
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      expect(git(r.origin, 'rev-parse', `${tip}^`)).toBe(r.after);
      const ledger = git(r.origin, 'show', `${tip}:ledger/events/000000000000.jsonl`);
      expect(JSON.parse(ledger)).toEqual({ approvals: ['alice'], change: 'CHG-0042', pr: 7, seq: 0 });
      const checkpoint = git(r.origin, 'show', `${tip}:ledger/checkpoint`);
      expect(checkpoint).toContain(createHash('sha256').update(KEY).digest('hex'));
      expect(run.outputs['ledger-size']).toBe('1');
      expect(run.outputs['ledger-head']).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(run.stdout).toContain(`::add-mask::${KEY}`);
      expect(run.stdout.replace(`::add-mask::${KEY}`, '')).not.toContain(KEY);
      expect(gh.schemaErrors).toEqual([]);
    } finally {
      await gh.close();
    }
  });

  it('loses a push race, fetches the new head, records again and pushes with the new expected head', async () => {
    const r = makeMergedRepo();
    // Another merge lands on origin/main after the checkout: the first compare-and-swap must fail.
    const other = commit(r.seed, { 'docs/other.md': 'another change\n' }, 'unrelated merge');
    git(r.seed, 'push', '-q', 'origin', 'main');
    const gh = await startFakeGithub(model(r.after).routes());
    try {
      const run = await runAction({
        index: bundle.index,
        event: 'push',
        payload: pushPayload({ before: r.before, after: r.after }),
        workspace: r.work,
        apiUrl: gh.url,
      });
      expect(run.code).toBe(0);
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      expect(git(r.origin, 'rev-parse', `${tip}^`)).toBe(other);
      expect(git(r.origin, 'show', `${tip}:ledger/events/000000000000.jsonl`)).toContain('CHG-0042');
      expect(run.summary).toContain('Lost a push race');
      expect(run.stdout).toContain('moved while recording');
    } finally {
      await gh.close();
    }
  });

  it('records nothing twice: a second run on the recorded head pushes nothing', async () => {
    const r = makeMergedRepo();
    const gh = await startFakeGithub(model(r.after).routes());
    try {
      const first = await runAction({
        index: bundle.index,
        event: 'push',
        payload: pushPayload({ before: r.before, after: r.after }),
        workspace: r.work,
        apiUrl: gh.url,
      });
      expect(first.code).toBe(0);
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      const again = await runAction({
        index: bundle.index,
        event: 'push',
        payload: pushPayload({ before: r.before, after: r.after }),
        workspace: r.work,
        apiUrl: gh.url,
      });
      expect(again.code).toBe(0);
      expect(again.summary).toContain('Nothing new to record');
      expect(git(r.origin, 'rev-parse', 'refs/heads/main')).toBe(tip);
    } finally {
      await gh.close();
    }
  });

  it('refuses a push to another branch with exit 2 and writes nothing', async () => {
    const r = makeMergedRepo();
    const gh = await startFakeGithub(model(r.after).routes());
    try {
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      const run = await runAction({
        index: bundle.index,
        event: 'push',
        payload: pushPayload({ before: r.before, after: r.after, ref: 'refs/heads/feature' }),
        workspace: r.work,
        apiUrl: gh.url,
      });
      expect(run.code).toBe(2);
      expect(run.summary).toContain('record runs on pushes to the default branch (refs/heads/main)');
      expect(git(r.origin, 'rev-parse', 'refs/heads/main')).toBe(tip);
      expect(git(r.work, 'status', '--porcelain')).toBe('');
      expect(gh.requests).toHaveLength(0);
    } finally {
      await gh.close();
    }
  });
});
