import { describe, expect, it } from 'vitest';
import { mapReviews } from '../../../src/github/reviews.js';
import type { GithubIdentity, GithubReview } from '../../../src/github/types.js';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const ids: GithubIdentity[] = [
  { actor: 'alice', login: 'alice-ng', id: 1234567 },
  { actor: 'bob', login: 'bob-gh', id: 7654321 },
];
const digests: Record<string, string> = { [C1]: 'sha256:old', [C2]: 'sha256:cur' };
const review = (id: number, login: string, userId: number, state: string, commit = C2): GithubReview => ({
  id,
  user: { login, id: userId },
  state,
  commit_id: commit,
  submitted_at: '2026-01-18T14:10:00Z',
});
const map = (reviews: GithubReview[]) =>
  mapReviews({
    reviews,
    identities: ids,
    change: 'CHG-0042',
    currentDigest: 'sha256:cur',
    digestAt: async (c) => digests[c],
  });

describe('mapReviews', () => {
  it('turns an APPROVED review by a mapped login with the matching id into github approval evidence', async () => {
    const { approvals, ignored } = await map([review(1, 'alice-ng', 1234567, 'APPROVED')]);
    expect(ignored).toEqual([]);
    expect(approvals).toEqual([
      {
        source: 'github',
        change: 'CHG-0042',
        digest: 'sha256:cur',
        actor: 'alice',
        decision: 'approve',
        ts: '2026-01-18T14:10:00Z',
        reviewId: 1,
        login: 'alice-ng',
        commit: C2,
      },
    ]);
  });

  it('does not count a dismissed review', async () => {
    const r = await map([review(1, 'alice-ng', 1234567, 'DISMISSED')]);
    expect(r.approvals).toEqual([]);
    expect(r.ignored[0]?.reason).toBe('the review was dismissed');
  });

  it('lets a later request for changes withdraw an approval, but not a later comment', async () => {
    const withdrawn = await map([
      review(1, 'alice-ng', 1234567, 'APPROVED'),
      review(2, 'alice-ng', 1234567, 'CHANGES_REQUESTED'),
    ]);
    expect(withdrawn.approvals).toEqual([]);
    const commented = await map([
      review(1, 'alice-ng', 1234567, 'APPROVED'),
      review(2, 'alice-ng', 1234567, 'COMMENTED'),
    ]);
    expect(commented.approvals.map((a) => a.reviewId)).toEqual([1]);
  });

  it('refuses a login whose numeric id does not match the one in actors.yaml', async () => {
    const r = await map([review(1, 'alice-ng', 999, 'APPROVED')]);
    expect(r.approvals).toEqual([]);
    expect(r.ignored[0]?.reason).toContain('mapped to actor alice with id 1234567');
  });

  it('refuses an unmapped reviewer and a renamed login of a mapped id', async () => {
    const r = await map([
      review(1, 'mallory', 5, 'APPROVED'),
      review(2, 'alice-renamed', 1234567, 'APPROVED'),
    ]);
    expect(r.approvals).toEqual([]);
    expect(r.ignored.map((i) => i.reason)).toEqual([
      'GitHub user mallory (id 5) is not mapped to any actor in the base policy',
      'user id 1234567 is mapped to actor alice under login alice-ng, not alice-renamed',
    ]);
  });

  it('treats an approval of an older commit with another digest as stale', async () => {
    const r = await map([review(1, 'alice-ng', 1234567, 'APPROVED', C1)]);
    expect(r.approvals).toEqual([]);
    expect(r.ignored[0]?.reason).toMatch(/^stale: reviewed commit 111111111111 has digest sha256:old/);
  });

  it('keeps an approval of an older commit whose digest is unchanged (a rebase that changes nothing)', async () => {
    digests['3'.repeat(40)] = 'sha256:cur';
    const r = await map([review(1, 'bob-gh', 7654321, 'APPROVED', '3'.repeat(40))]);
    expect(r.approvals.map((a) => a.actor)).toEqual(['bob']);
  });

  it('ignores a review whose commit cannot be read', async () => {
    const r = await map([review(1, 'bob-gh', 7654321, 'APPROVED', 'f'.repeat(40))]);
    expect(r.ignored[0]?.reason).toContain('is not available');
  });
});
