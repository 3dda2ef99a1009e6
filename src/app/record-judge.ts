/**
 * The gate for `record` at the merge time (DESIGN §4, §5): the merged change is judged at `--merged-at`, else
 * the committer time of the head commit, never later than `now`. A change the gate allows at its merge time
 * is recorded even when its approvals have expired since, so a merge the PR check allowed is never left
 * unrecorded. When the merge time denies it (e.g. a rewritten committer date), `now` is tried as before, so
 * nothing that recorded before is refused now. Each judgement is the check use case (src/app/check-change.ts)
 * over the same change snapshot.
 */
import type { AssembledGate, GithubApprovalInput } from '../assembly/from-repo.js';
import type { Decision } from '../gate/evaluate.js';
import { checkChange } from './check-change.js';
import { mergeTimeOfCommit, parseMergedAt } from '../record/merge-time.js';
import type { RecordMergePorts } from './ports.js';

export interface MergeJudgeRequest {
  base: string;
  head: string;
  /** The time entries are stamped with (`--now`). */
  now: Date;
  /** `--merged-at` as given (checked here: ISO-8601 with a zone, not after `now`). */
  mergedAt?: string;
  githubApprovals?: readonly GithubApprovalInput[];
}

export interface JudgedMerge {
  assembled: AssembledGate;
  decision: Decision;
  /** The time the decision was taken at. */
  judgedAt: Date;
}

export async function judgeMerged(req: MergeJudgeRequest, ports: RecordMergePorts): Promise<JudgedMerge> {
  const merged =
    req.mergedAt !== undefined
      ? parseMergedAt(req.mergedAt, req.now)
      : mergeTimeOfCommit(await ports.committerTime(req.head), req.now);
  const judge = async (at: Date): Promise<JudgedMerge> => {
    const { base, head, githubApprovals } = req;
    const r = await checkChange(
      { base, head, now: at, ...(githubApprovals ? { githubApprovals } : {}) },
      ports,
    );
    return { assembled: r.assembled, decision: r.decision, judgedAt: at };
  };
  const first = await judge(merged);
  if (first.decision.allowed || merged.getTime() === req.now.getTime()) return first;
  const second = await judge(req.now);
  return second.decision.allowed ? second : first;
}
