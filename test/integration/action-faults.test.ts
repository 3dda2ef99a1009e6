import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { pullRequestPayload } from '../fixtures/github/payloads.js';
import { git, makePrRepo, type PrRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub } from '../fixtures/github/server.js';

let bundle: { index: string };
let repo: PrRepo;
beforeAll(async () => {
  bundle = await buildAction();
  repo = makePrRepo();
});

async function runPr(model: GithubModel) {
  const gh = await startFakeGithub(model.routes());
  try {
    const run = await runAction({
      index: bundle.index,
      event: 'pull_request',
      payload: pullRequestPayload('synchronize', { number: 7, base: repo.base, head: repo.head2 }),
      workspace: repo.work,
      apiUrl: gh.url,
    });
    return { run, gh };
  } finally {
    await gh.close();
  }
}

const approved = (): GithubModel => {
  const m = new GithubModel();
  m.reviews.set(7, [{ id: 101, login: 'alice-ng', userId: 1234567, state: 'APPROVED', commit: repo.head2 }]);
  return m;
};

describe('the bundled Action when the GitHub API fails', () => {
  it('retries a 502 and then succeeds', async () => {
    const model = approved();
    model.faults['checks/create'] = (attempt) =>
      attempt === 1
        ? { status: 502, body: { message: 'Bad Gateway', documentation_url: 'https://docs.github.com' } }
        : undefined;
    const { run, gh } = await runPr(model);
    expect(run.code).toBe(0);
    expect(gh.calls('checks/create').map((r) => r.status)).toEqual([502, 201]);
    expect(model.checkRuns).toHaveLength(1);
    expect(model.checkRuns[0]?.conclusion).toBe('success');
    expect(gh.schemaErrors).toEqual([]);
  });

  it('waits for retry-after on a secondary rate limit (403) and retries', async () => {
    const model = approved();
    model.faults['pulls/list-reviews'] = (attempt) =>
      attempt === 1
        ? {
            status: 403,
            headers: { 'retry-after': '1' },
            body: {
              message:
                'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
              documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            },
          }
        : undefined;
    const { run, gh } = await runPr(model);
    expect(run.code).toBe(0);
    expect(gh.calls('pulls/list-reviews').map((r) => r.status)).toEqual([403, 200]);
    expect(run.ms).toBeGreaterThanOrEqual(1000);
    expect(model.checkRuns[0]?.conclusion).toBe('success');
    expect(gh.schemaErrors).toEqual([]);
  });

  it('denies with a clear message and a non-zero exit when the API keeps failing with 500', async () => {
    const model = approved();
    model.faults['pulls/list-reviews'] = () => ({
      status: 500,
      body: { message: 'Server Error', documentation_url: 'https://docs.github.com' },
    });
    const { run, gh } = await runPr(model);
    expect(run.code).toBe(1);
    expect(gh.calls('pulls/list-reviews')).toHaveLength(4); // the first try and 3 retries
    expect(model.checkRuns[0]?.conclusion).toBe('failure');
    expect(model.checkRuns[0]?.output.summary).toContain(
      'GitHub API pulls/list-reviews failed (HTTP 500): Server Error',
    );
    expect(run.summary).toContain('Denied: the GitHub API failed');
    expect(run.outputs.decision).toBe('denied');
  });

  it('exits 2 on an event payload that is not JSON, naming the file, with no request and no write', async () => {
    const model = approved();
    const gh = await startFakeGithub(model.routes());
    try {
      const run = await runAction({
        index: bundle.index,
        event: 'pull_request',
        payload: '{"action": "opened", "pull_request": ',
        workspace: repo.work,
        apiUrl: gh.url,
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(/event\.json: the event payload is not JSON/);
      expect(gh.requests).toHaveLength(0);
      expect(git(repo.work, 'status', '--porcelain')).toBe('');
    } finally {
      await gh.close();
    }
  });
});
