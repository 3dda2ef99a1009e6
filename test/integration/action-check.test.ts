import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { mergeGroupPayload, pullRequestPayload, reviewPayload } from '../fixtures/github/payloads.js';
import { makePrRepo, type PrRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub, type FakeGithub } from '../fixtures/github/server.js';

let bundle: { index: string };
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

function approve(model: GithubModel, pr: number, id: number, commit: string, who: 'alice' | 'bob' = 'alice'): void {
  const list = model.reviews.get(pr) ?? [];
  list.push(
    who === 'alice'
      ? { id, login: 'alice-ng', userId: 1234567, state: 'APPROVED', commit }
      : { id, login: 'bob-gh', userId: 7654321, state: 'APPROVED', commit },
  );
  model.reviews.set(pr, list);
}

describe('the bundled Action on pull_request', () => {
  let repo: PrRepo;
  afterAll(() => undefined);
  beforeAll(() => {
    repo = makePrRepo();
  });

  it('creates the gatehouse check run in_progress, then completes it as success when an approving review counts', async () => {
    const model = new GithubModel();
    approve(model, 7, 101, repo.head2);
    await withGithub(model, async (gh) => {
      const run = await runAction({
        index: bundle.index,
        event: 'pull_request',
        payload: pullRequestPayload('synchronize', { number: 7, base: repo.base, head: repo.head2 }),
        workspace: repo.work,
        apiUrl: gh.url,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const creates = gh.calls('checks/create');
      expect(creates).toHaveLength(1);
      expect(creates[0]?.body).toMatchObject({ name: 'gatehouse', head_sha: repo.head2, status: 'in_progress' });
      const updates = gh.calls('checks/update');
      expect(updates).toHaveLength(1);
      expect(updates[0]?.body).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(model.checkRuns[0]?.conclusion).toBe('success');
      expect(run.outputs.decision).toBe('allowed');
      expect(run.summary).toContain('Allowed');
      expect(run.summary).toContain('approval by `alice`');
      expect(gh.schemaErrors).toEqual([]);
      expect(gh.unrouted).toEqual([]);
    });
  });
});
