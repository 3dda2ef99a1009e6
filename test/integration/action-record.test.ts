import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { pushPayload } from '../fixtures/github/payloads.js';
import { git, GITHUB, makeMergedRepo, NOW, type MergedRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub } from '../fixtures/github/server.js';

// `record` on push with the real CLI: it re-evaluates the merged change through the gate (with the PR's
// approving reviews), appends genesis (adoption) and change.applied, signs a checkpoint, and the Action
// commits and pushes the ledger with a compare-and-swap on main.
let bundle: { index: string; cli: string };
beforeAll(async () => {
  bundle = await buildAction();
});

/** PR #7 merged as `after`, approved on GitHub by alice at its last commit (review 101). */
function model(r: MergedRepo, reviews = true): GithubModel {
  const m = new GithubModel();
  m.commitPulls.set(r.after, [7]);
  if (reviews)
    m.reviews.set(7, [
      { id: 101, login: GITHUB.alice.login, userId: GITHUB.alice.id, state: 'APPROVED', commit: r.head2 },
    ]);
  return m;
}

interface Line {
  seq: number;
  type: string;
  subject?: { change?: string; pr?: number; commit?: string };
  body: { approvals?: Record<string, unknown>[] };
}

function ledgerAt(r: MergedRepo, ref: string): Line[] {
  return git(r.origin, 'show', `${ref}:ledger/events/000000000000.jsonl`)
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

function push(r: MergedRepo, gh: { url: string }, inputs: Record<string, string> = {}) {
  return runAction({
    index: bundle.index,
    event: 'push',
    payload: pushPayload({ before: r.before, after: r.after }),
    workspace: r.work,
    apiUrl: gh.url,
    inputs,
  });
}

describe('the bundled Action on push to the default branch, with the real gate', () => {
  it('records the merged change with its GitHub review, signs a checkpoint, commits the ledger and pushes it', async () => {
    const r = makeMergedRepo();
    const gh = await startFakeGithub(model(r).routes());
    try {
      const run = await push(r, gh, { 'checkpoint-key': r.checkpointKey });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      expect(git(r.origin, 'rev-parse', `${tip}^`)).toBe(r.after);
      expect(git(r.origin, 'log', '-1', '--format=%s', tip)).toBe(
        'gatehouse: record CHG-0042 (ledger size 2)',
      );
      const lines = ledgerAt(r, tip);
      expect(lines.map((l) => [l.seq, l.type])).toEqual([
        [0, 'genesis'],
        [1, 'change.applied'],
      ]);
      expect(lines[1]?.subject).toMatchObject({ change: 'CHG-0042', pr: 7, commit: r.after });
      // DESIGN §4: every counted approval with its GitHub review id.
      expect(lines[1]?.body.approvals).toEqual([
        {
          actor: 'alice',
          source: 'github',
          review_id: 101,
          ts: '2026-01-18T14:50:00Z',
          rules: ['approval'],
        },
      ]);
      expect(git(r.origin, 'show', `${tip}:ledger/checkpoint`)).toMatch(
        /^.+\n2\n[A-Za-z0-9+/=]+\n\n— gatehouse\.test /,
      );
      expect(run.outputs.decision).toBe('recorded');
      expect(run.outputs['ledger-size']).toBe('2');
      expect(run.outputs['ledger-head']).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(run.summary).toContain('Recorded 2 ledger entries and pushed');
      expect(run.stdout).toContain(`::add-mask::${r.checkpointKey}`);
      expect(run.stdout.replace(`::add-mask::${r.checkpointKey}`, '')).not.toContain(r.checkpointKey);
      expect(run.summary).not.toContain(r.checkpointKey);
      // The pushed ledger verifies offline with the real CLI, checkpoint signature included.
      const verify = JSON.parse(
        execFileSync(process.execPath, [bundle.cli, 'verify', '--json', '--repo', r.work, '--now', NOW], {
          encoding: 'utf8',
        }),
      ) as { ok: boolean; entries: number; checkpoints: number; head: string };
      // ledger/checkpoint and its archive ledger/checkpoints/2.note.
      expect(verify).toMatchObject({
        ok: true,
        entries: 2,
        checkpoints: 2,
        head: run.outputs['ledger-head'],
      });
      expect(git(r.origin, 'show', `${tip}:ledger/checkpoints/2.note`)).toBe(
        git(r.origin, 'show', `${tip}:ledger/checkpoint`),
      );
      expect(gh.schemaErrors).toEqual([]);
    } finally {
      await gh.close();
    }
  });

  it('loses a push race, fetches the new head, records again and pushes with the new expected head', async () => {
    const r = makeMergedRepo();
    // Another commit lands on origin/main after the checkout: the first compare-and-swap must fail.
    const other = r.seed.commit('unrelated commit', { 'docs/other.md': 'another change\n' });
    r.seed.git('push', '-q', 'origin', 'main');
    const gh = await startFakeGithub(model(r).routes());
    try {
      const run = await push(r, gh);
      expect(run.code).toBe(0);
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      expect(git(r.origin, 'rev-parse', `${tip}^`)).toBe(other);
      expect(ledgerAt(r, tip).map((l) => l.type)).toEqual(['genesis', 'change.applied']);
      expect(run.summary).toContain(`Lost a push race at ${r.after.slice(0, 12)}`);
      expect(run.summary).toContain('| Push attempts | 2 |');
      expect(run.stdout).toContain('moved while recording');
    } finally {
      await gh.close();
    }
  });

  it('records nothing twice: a second run on the recorded head pushes nothing', async () => {
    const r = makeMergedRepo();
    const gh = await startFakeGithub(model(r).routes());
    try {
      const first = await push(r, gh);
      expect(first.code).toBe(0);
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      const again = await push(r, gh);
      expect(again.code).toBe(0);
      expect(again.summary).toContain('Nothing new to record');
      expect(again.outputs['ledger-size']).toBe('2');
      expect(git(r.origin, 'rev-parse', 'refs/heads/main')).toBe(tip);
      expect(git(r.work, 'status', '--porcelain')).toBe('');
    } finally {
      await gh.close();
    }
  });

  it('refuses to record a merged change the gate denies (no approving review): exit 1, nothing pushed', async () => {
    const r = makeMergedRepo();
    const gh = await startFakeGithub(model(r, false).routes());
    try {
      const tip = git(r.origin, 'rev-parse', 'refs/heads/main');
      const run = await push(r, gh);
      expect(run.code).toBe(1);
      expect(run.outputs.decision).toBe('refused');
      expect(run.outputs['ledger-size']).toBe('0');
      expect(run.summary).toContain('## Gatehouse record: ❌ Denied');
      expect(run.summary).toContain('so nothing was recorded');
      expect(git(r.origin, 'rev-parse', 'refs/heads/main')).toBe(tip);
      expect(git(r.work, 'status', '--porcelain')).toBe('');
    } finally {
      await gh.close();
    }
  });

  it('refuses a push to another branch with exit 2 and writes nothing', async () => {
    const r = makeMergedRepo();
    const gh = await startFakeGithub(model(r).routes());
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
