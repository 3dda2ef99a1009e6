/**
 * Collects GitHub review approvals for a change: the change id and digest of base..head, the BASE policy's
 * GitHub identities, the PR's reviews, and the digest at each reviewed commit (src/github/reviews.ts).
 * A change without a manifest has no approvals to collect (the gate decides what that means); a GitHub API
 * failure propagates, so the caller denies (fail closed).
 */
import { isGatehouseError } from '../core/errors.js';
import { mapReviews } from '../github/reviews.js';
import type { GithubApproval, IgnoredReview, RepoRef } from '../github/types.js';
import type { ActionPorts } from './ports.js';

export interface CollectedApprovals {
  change?: string;
  digest?: string;
  approvals: GithubApproval[];
  ignored: IgnoredReview[];
  reviews: number;
  notes: string[];
}

export async function collectApprovals(
  ports: ActionPorts,
  req: { repo: RepoRef; repoDir: string; base: string; head: string; pr?: number },
): Promise<CollectedApprovals> {
  const out: CollectedApprovals = { approvals: [], ignored: [], reviews: 0, notes: [] };
  let current: { change: string; digest: string };
  try {
    current = await ports.gate.digest({ repoDir: req.repoDir, base: req.base, head: req.head });
  } catch (e) {
    if (!isGatehouseError(e) || e.code === 'internal') throw e;
    out.notes.push(`no change digest, so no review can count as an approval: ${e.message}`);
    return out;
  }
  out.change = current.change;
  out.digest = current.digest;
  if (req.pr === undefined) return out;
  const [identities, reviews] = await Promise.all([
    ports.gate.githubIdentities({ repoDir: req.repoDir, base: req.base }),
    ports.github.listReviews(req.repo, req.pr),
  ]);
  out.reviews = reviews.length;
  const mapping = await mapReviews({
    reviews,
    identities,
    change: current.change,
    currentDigest: current.digest,
    digestAt: async (commit) => {
      if (commit === req.head) return current.digest;
      if (!(await ports.git.ensureCommit(req.repoDir, commit))) return undefined;
      try {
        return (await ports.gate.digest({ repoDir: req.repoDir, base: req.base, head: commit })).digest;
      } catch (e) {
        if (isGatehouseError(e) && e.code !== 'internal') return undefined;
        throw e;
      }
    },
  });
  out.approvals = mapping.approvals;
  out.ignored = mapping.ignored;
  return out;
}
