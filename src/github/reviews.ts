/**
 * Approving pull request reviews as approval evidence (DESIGN §2.3, §3, §6). A review counts only if:
 * it is the reviewer's latest state-changing review and that state is APPROVED (a later CHANGES_REQUESTED
 * or a dismissal withdraws it; GitHub reports a dismissed review with state DISMISSED); the reviewer's login
 * maps to an actor in the BASE policy's actors.yaml and the numeric user id matches (a renamed or re-registered
 * login never inherits an identity); and the change digest at the reviewed commit equals the current digest
 * (a push that changes the change invalidates the review; a rebase that changes nothing keeps it).
 * Whether github approvals satisfy a quorum rule at all is the gate's call (`accept: [github]`).
 */
import type { GithubApproval, GithubIdentity, GithubReview, IgnoredReview } from './types.js';

// States that change a reviewer's standing; COMMENTED and PENDING leave it as it was (GitHub semantics).
const STANDING = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

export interface ReviewMapping {
  approvals: GithubApproval[];
  ignored: IgnoredReview[];
}

export interface MapReviewsInput {
  reviews: readonly GithubReview[];
  identities: readonly GithubIdentity[];
  change: string;
  currentDigest: string;
  /** The change digest with the reviewed commit as head; undefined if it cannot be computed. */
  digestAt: (commit: string) => Promise<string | undefined>;
}

export async function mapReviews(input: MapReviewsInput): Promise<ReviewMapping> {
  const approvals: GithubApproval[] = [];
  const ignored: IgnoredReview[] = [];
  // The latest standing review per user id; reviews arrive in chronological order (ascending id).
  const latest = new Map<number, GithubReview>();
  for (const r of [...input.reviews].sort((a, b) => a.id - b.id)) {
    if (!r.user) {
      ignored.push({
        reviewId: r.id,
        login: '(deleted user)',
        reason: 'the reviewer account no longer exists',
      });
      continue;
    }
    const state = r.state.toUpperCase();
    if (!STANDING.has(state)) continue;
    const prev = latest.get(r.user.id);
    if (prev)
      ignored.push({ reviewId: prev.id, login: r.user.login, reason: `superseded by review ${r.id}` });
    latest.set(r.user.id, r);
  }
  const digests = new Map<string, Promise<string | undefined>>();
  for (const r of latest.values()) {
    const user = r.user as { login: string; id: number };
    const state = r.state.toUpperCase();
    if (state !== 'APPROVED') {
      ignored.push({
        reviewId: r.id,
        login: user.login,
        reason: state === 'DISMISSED' ? 'the review was dismissed' : 'the latest review requests changes',
      });
      continue;
    }
    const byLogin = input.identities.find((i) => i.login.toLowerCase() === user.login.toLowerCase());
    const byId = input.identities.find((i) => i.id === user.id);
    if (!byLogin || !byId || byLogin !== byId) {
      const why = byLogin
        ? `login ${user.login} is mapped to actor ${byLogin.actor} with id ${byLogin.id}, but the reviewer's id is ${user.id}`
        : byId
          ? `user id ${user.id} is mapped to actor ${byId.actor} under login ${byId.login}, not ${user.login}`
          : `GitHub user ${user.login} (id ${user.id}) is not mapped to any actor in the base policy`;
      ignored.push({ reviewId: r.id, login: user.login, reason: why });
      continue;
    }
    if (!r.commit_id) {
      ignored.push({ reviewId: r.id, login: user.login, reason: 'the review names no commit' });
      continue;
    }
    if (!r.submitted_at) {
      ignored.push({ reviewId: r.id, login: user.login, reason: 'the review has no submission time' });
      continue;
    }
    let pending = digests.get(r.commit_id);
    if (!pending) {
      pending = input.digestAt(r.commit_id);
      digests.set(r.commit_id, pending);
    }
    const digest = await pending;
    if (digest === undefined) {
      ignored.push({
        reviewId: r.id,
        login: user.login,
        reason: `the reviewed commit ${r.commit_id.slice(0, 12)} is not available, so its digest cannot be checked`,
      });
      continue;
    }
    if (digest !== input.currentDigest) {
      ignored.push({
        reviewId: r.id,
        login: user.login,
        reason: `stale: reviewed commit ${r.commit_id.slice(0, 12)} has digest ${digest.slice(0, 19)}…, the change is now ${input.currentDigest.slice(0, 19)}…`,
      });
      continue;
    }
    approvals.push({
      source: 'github',
      change: input.change,
      digest,
      actor: byLogin.actor,
      decision: 'approve',
      ts: r.submitted_at,
      reviewId: r.id,
      login: user.login,
      commit: r.commit_id,
    });
  }
  approvals.sort((a, b) => a.reviewId - b.reviewId);
  ignored.sort((a, b) => a.reviewId - b.reviewId);
  return { approvals, ignored };
}
