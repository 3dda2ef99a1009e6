import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { mergeGroupPayload, pullRequestPayload, reviewPayload } from '../fixtures/github/payloads.js';
import { git, GITHUB, makePrRepo, type PrRepo } from '../fixtures/github/repo.js';
import { runAction, type ActionRun } from '../fixtures/github/run-action.js';
import { startFakeGithub, type FakeGithub } from '../fixtures/github/server.js';

// The bundled Action (src/action.ts) with the real Gatehouse CLI (src/cli.ts) beside it, on a real governed
// repository: CHG-0042 is a signed level-1 change by ops-agent; quorum `approval` needs one human, signed or
// GitHub. Only the GitHub API is a stand-in (a loopback server validated against @octokit/openapi).
let bundle: { index: string; cli: string };
beforeAll(async () => {
  bundle = await buildAction();
});

async function withGithub<T>(model: GithubModel, fn: (gh: FakeGithub) => Promise<T>): Promise<T> {
  const gh = await startFakeGithub(model.routes());
  try {
    return await fn(gh);
  } finally {
    await gh.close();
  }
}

/** Runs the bundled Action for one event against the fake GitHub, in the checkout `workspace`. */
function act(gh: FakeGithub, workspace: string, event: string, payload: unknown): Promise<ActionRun> {
  return runAction({ index: bundle.index, event, payload, workspace, apiUrl: gh.url });
}

/** A pull_request event for PR 7 of `repo` (base → head2). */
const pr7 = (repo: PrRepo, action: string) =>
  pullRequestPayload(action, { number: 7, base: repo.base, head: repo.head2 });

/** The review event of alice-ng submitting review 101, an approval of PR 7 at the repository's head2. */
const aliceApproves = (repo: PrRepo) =>
  reviewPayload('submitted', {
    number: 7,
    base: repo.base,
    head: repo.head2,
    reviewId: 101,
    state: 'approved',
    login: 'alice-ng',
  });

function approve(
  model: GithubModel,
  pr: number,
  id: number,
  commit: string,
  who: 'alice' | 'bob' = 'alice',
): void {
  const list = model.reviews.get(pr) ?? [];
  list.push({ id, login: GITHUB[who].login, userId: GITHUB[who].id, state: 'APPROVED', commit });
  model.reviews.set(pr, list);
}

describe('the bundled Action on pull_request, with the real gate', () => {
  let repo: PrRepo;
  beforeAll(() => {
    repo = makePrRepo();
  });

  it('creates the gatehouse check run in_progress, then completes it as success when an approving review counts', async () => {
    const model = new GithubModel();
    approve(model, 7, 101, repo.head2);
    await withGithub(model, async (gh) => {
      const run = await act(gh, repo.work, 'pull_request', pr7(repo, 'synchronize'));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const creates = gh.calls('checks/create');
      expect(creates).toHaveLength(1);
      expect(creates[0]?.body).toMatchObject({
        name: 'gatehouse',
        head_sha: repo.head2,
        status: 'in_progress',
      });
      const updates = gh.calls('checks/update');
      expect(updates).toHaveLength(1);
      expect(updates[0]?.body).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(gh.requests.map((r) => r.operationId)).toEqual([
        'checks/create',
        'pulls/list-reviews',
        'checks/update',
      ]);
      const checkRun = model.checkRuns[0];
      expect(checkRun?.conclusion).toBe('success');
      expect(checkRun?.output.title).toBe('Allowed: CHG-0042 (level 1)');
      // The real gate counted the review: quorum rule `approval` accepts github.
      expect(checkRun?.output.summary).toContain('approved by alice at 2026-01-18T14:50:00Z via github');
      expect(checkRun?.output.summary).toContain('Counted approvals: `alice` via GitHub review 101');
      expect(run.outputs.decision).toBe('allowed');
      expect(run.summary).toContain('## Gatehouse check: ✅ Allowed');
      expect(run.summary).toContain('| 101 | @alice-ng | approval by `alice` |');
      expect(run.summary).toContain('counted for `approval`');
      expect(gh.schemaErrors).toEqual([]);
      expect(gh.unrouted).toEqual([]);
    });
  });

  it('denies with conclusion failure, exit 1 and a file:line annotation when no review counts', async () => {
    const model = new GithubModel();
    // A reviewer whose login is mapped but whose numeric id is not, and one nobody mapped.
    model.reviews.set(7, [
      { id: 101, login: 'alice-ng', userId: 999, state: 'APPROVED', commit: repo.head2 },
      { id: 102, login: 'mallory', userId: 31337, state: 'APPROVED', commit: repo.head2 },
    ]);
    await withGithub(model, async (gh) => {
      const run = await act(gh, repo.work, 'pull_request', pr7(repo, 'opened'));
      expect(run.code).toBe(1);
      const checkRun = model.checkRuns[0];
      expect(checkRun?.conclusion).toBe('failure');
      expect(checkRun?.output.title).toBe('Denied: CHG-0042 (level 1) — quorum/approval pending');
      expect(checkRun?.annotations).toEqual([
        expect.objectContaining({
          path: 'policies/quorum.yaml',
          start_line: 2,
          end_line: 2,
          annotation_level: 'warning',
          title: 'gatehouse: quorum/approval',
        }),
      ]);
      expect(String(checkRun?.annotations[0]?.message)).toContain(
        'To pass: needs 1 more signed or GitHub approval; eligible: alice, bob, carol, dave, erin',
      );
      expect(run.outputs.decision).toBe('denied');
      expect(run.summary).toContain(
        "login alice-ng is mapped to actor alice with id 1234567, but the reviewer's id is 999",
      );
      expect(run.summary).toContain('GitHub user mallory (id 31337) is not mapped to any actor');
      expect(gh.schemaErrors).toEqual([]);
    });
  });

  it('never logs the token and masks it first', async () => {
    const model = new GithubModel();
    await withGithub(model, async (gh) => {
      const run = await act(gh, repo.work, 'pull_request', pr7(repo, 'reopened'));
      expect(run.stdout.startsWith('::add-mask::ghs_test-token-do-not-log')).toBe(true);
      expect(run.stdout.split('\n').slice(1).join('\n')).not.toContain('ghs_test-token-do-not-log');
      expect(run.summary).not.toContain('ghs_test-token-do-not-log');
      expect(gh.requests[0]?.headers.authorization).toBe('token ghs_test-token-do-not-log');
    });
  });

  it('sends 121 annotations as 50 with the completing update and the rest in two further updates', async () => {
    // 120 files a PR must not add (ledger/ is written only by `record`): one append-only node each, plus
    // the pending quorum node.
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`ledger/notes/n-${String(i).padStart(3, '0')}.txt`] = `${i}\n`;
    const many = makePrRepo({ prFiles: files });
    const model = new GithubModel();
    await withGithub(model, async (gh) => {
      const run = await act(
        gh,
        many.work,
        'pull_request',
        pullRequestPayload('opened', { number: 8, base: many.base, head: many.head2 }),
      );
      expect(run.code).toBe(1);
      const updates = gh
        .calls('checks/update')
        .map((r) => r.body as { conclusion?: string; output: { annotations?: unknown[] } });
      expect(updates.map((u) => u.output.annotations?.length)).toEqual([50, 50, 21]);
      expect(updates[0]?.conclusion).toBe('failure');
      expect(updates.slice(1).every((u) => u.conclusion === undefined)).toBe(true);
      const annotations = model.checkRuns[0]?.annotations ?? [];
      expect(annotations).toHaveLength(121);
      expect(annotations.filter((a) => String(a.path).startsWith('ledger/notes/'))).toHaveLength(120);
      expect(model.checkRuns[0]?.output.title).toMatch(/^Denied: CHG-0042 \(level 1\) — append-only\//);
      expect(gh.schemaErrors).toEqual([]);
    });
  });

  it('stops counting an approval once the review is dismissed', async () => {
    const model = new GithubModel();
    model.reviews.set(7, [
      { id: 101, login: 'alice-ng', userId: 1234567, state: 'DISMISSED', commit: repo.head2 },
    ]);
    await withGithub(model, async (gh) => {
      const run = await act(
        gh,
        repo.work,
        'pull_request_review',
        reviewPayload('dismissed', {
          number: 7,
          base: repo.base,
          head: repo.head2,
          reviewId: 101,
          state: 'dismissed',
          login: 'alice-ng',
        }),
      );
      expect(run.code).toBe(1);
      expect(model.checkRuns[0]?.conclusion).toBe('failure');
      expect(run.summary).toContain('the review was dismissed');
      expect(gh.schemaErrors).toEqual([]);
    });
  });

  it('ignores an approval of an older commit whose digest differs from the current one', async () => {
    const model = new GithubModel();
    approve(model, 7, 101, repo.head1);
    // The digests the real CLI computes at each commit.
    const digest = (head: string): string =>
      (
        JSON.parse(
          execFileSync(
            process.execPath,
            [bundle.cli, 'digest', '--base', repo.base, '--head', head, '--json', '--repo', repo.work],
            { encoding: 'utf8' },
          ),
        ) as { digest: string }
      ).digest;
    const older = digest(repo.head1);
    const current = digest(repo.head2);
    expect(older).not.toBe(current);
    await withGithub(model, async (gh) => {
      const run = await act(gh, repo.work, 'pull_request_review', aliceApproves(repo));
      expect(run.code).toBe(1);
      expect(model.checkRuns[0]?.conclusion).toBe('failure');
      expect(run.summary).toContain(
        `stale: reviewed commit ${repo.head1.slice(0, 12)} has digest ${older.slice(0, 19)}…, the change is now ${current.slice(0, 19)}…`,
      );
      expect(run.summary).toContain(`| Digest | \`${current}\` |`);
      expect(gh.schemaErrors).toEqual([]);
    });
  });

  it('re-evaluates a merge_group on its own head_sha with the approvals of the queued PR', async () => {
    git(repo.work, 'checkout', '-q', '-B', 'mq', repo.base);
    git(repo.work, 'merge', '-q', '--no-ff', '-m', 'merge queue entry', repo.head2);
    const mq = git(repo.work, 'rev-parse', 'HEAD');
    git(repo.work, 'checkout', '-q', repo.head2);
    const approved = new GithubModel();
    approve(approved, 7, 101, repo.head2);
    await withGithub(approved, async (gh) => {
      const run = await act(
        gh,
        repo.work,
        'merge_group',
        mergeGroupPayload({ base: repo.base, head: mq, pr: 7 }),
      );
      expect(run.code).toBe(0);
      expect(gh.calls('checks/create')[0]?.body).toMatchObject({ head_sha: mq });
      expect(gh.calls('pulls/list-reviews')[0]?.path).toBe('/repos/park-ops/governed/pulls/7/reviews');
      expect(approved.checkRuns[0]?.conclusion).toBe('success');
      expect(run.summary).toContain(`| Head | \`${mq}\` |`);
    });
    const none = new GithubModel();
    await withGithub(none, async (gh) => {
      const run = await act(
        gh,
        repo.work,
        'merge_group',
        mergeGroupPayload({ base: repo.base, head: mq, pr: 7 }),
      );
      expect(run.code).toBe(1);
      expect(none.checkRuns[0]?.conclusion).toBe('failure');
    });
  });

  it('lets the job summary and exit code carry the verdict when a fork PR token cannot write checks', async () => {
    const model = new GithubModel();
    model.faults['checks/create'] = () => ({
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    await withGithub(model, async (gh) => {
      const denied = await act(
        gh,
        repo.work,
        'pull_request',
        pullRequestPayload('opened', { number: 9, base: repo.base, head: repo.head2, fork: true }),
      );
      expect(denied.code).toBe(1);
      expect(denied.summary).toContain('Denied');
      expect(denied.summary).toContain('Check run not posted');
      expect(denied.stdout).toMatch(/::warning title=[^\n]*file=policies\/quorum\.yaml,line=2::/);
      expect(gh.calls('checks/create')).toHaveLength(1); // a 403 is final, not retried
      expect(gh.calls('checks/update')).toHaveLength(0);
      approve(model, 9, 201, repo.head2);
      const allowed = await act(
        gh,
        repo.work,
        'pull_request',
        pullRequestPayload('synchronize', {
          number: 9,
          base: repo.base,
          head: repo.head2,
          fork: true,
        }),
      );
      expect(allowed.code).toBe(0);
      expect(allowed.summary).toContain('Allowed');
      expect(allowed.outputs.decision).toBe('allowed');
      expect(gh.schemaErrors).toEqual([]);
    });
  });

  it('reports a pull_request action it does not handle and does not pass', async () => {
    const model = new GithubModel();
    await withGithub(model, async (gh) => {
      const run = await act(gh, repo.work, 'pull_request', pr7(repo, 'labeled'));
      expect(run.code).toBe(1);
      expect(run.summary).toContain('pull_request.labeled is not an event Gatehouse decides on');
      expect(run.outputs.decision).toBe('not-evaluated');
      expect(gh.requests).toHaveLength(0);
    });
  });

  it('rejects a payload without a head SHA with exit 2, naming the field, and makes no request', async () => {
    const model = new GithubModel();
    const payload = pr7(repo, 'opened');
    delete ((payload.pull_request as Record<string, unknown>).head as Record<string, unknown>).sha;
    await withGithub(model, async (gh) => {
      const run = await act(gh, repo.work, 'pull_request', payload);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(/event\.json: \/pull_request\/head\/sha: missing: expected a string/);
      expect(run.outputs.decision).toBe('error');
      expect(gh.requests).toHaveLength(0);
      expect(git(repo.work, 'status', '--porcelain')).toBe('');
    });
  });
});

describe('reviews as approvals under a rule that accepts only signed approvals', () => {
  it('offers the review to the gate, which does not count it, and says so', async () => {
    const repo = makePrRepo({
      quorum: `rules:
  - name: signed-only
    when: { levels: [1, 2] }
    require: { count: 1, humans_only: true, accept: [signed] }
`,
    });
    const model = new GithubModel();
    approve(model, 7, 101, repo.head2);
    await withGithub(model, async (gh) => {
      const run = await act(gh, repo.work, 'pull_request_review', aliceApproves(repo));
      expect(run.code).toBe(1);
      expect(model.checkRuns[0]?.conclusion).toBe('failure');
      expect(model.checkRuns[0]?.output.title).toContain('quorum/signed-only');
      expect(run.summary).toContain('| 101 | @alice-ng | approval by `alice` |');
      expect(run.summary).toContain('not counted by the gate');
      expect(gh.schemaErrors).toEqual([]);
    });
  });
});
