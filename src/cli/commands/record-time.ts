/**
 * The two clocks of `record` (DESIGN §4, §5): entries are stamped `--now`, which may never be earlier than the
 * ledger's last entry (bad input, exit 2, checked before anything is read or written); and the merged change is
 * judged at its merge time — `--merged-at`, else the committer time of the head commit (the merge commit) —
 * never later than `--now`. A change the gate allows at its merge time is recorded even when its approvals
 * have expired since, so a merge the PR check allowed is never left unrecorded. When the merge time denies it
 * (e.g. a rewritten committer date), `--now` is tried as before, so nothing that recorded before is refused now.
 */
import { usageError } from '../../core/errors.js';
import { readCommit } from '../../git/log.js';
import { resolveRef } from '../../git/refs.js';
import { optionalString } from '../args.js';
import type { CliContext, ParsedArgs } from '../command.js';
import { isoSeconds } from '../../record/build.js';
import type { GithubApprovalInput } from '../../assembly/from-repo.js';
import { runGate, type GateRun } from './check.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** `--merged-at`, else the head commit's committer time; never after `--now`. */
async function mergeTime(ctx: CliContext, args: ParsedArgs, head: string): Promise<Date> {
  const flag = optionalString(args, 'merged-at');
  if (flag !== undefined) {
    const d = new Date(flag);
    if (!ISO.test(flag) || Number.isNaN(d.getTime()))
      throw usageError(
        `--merged-at expects an ISO-8601 time with a zone, e.g. 2026-01-18T14:30:00Z; found "${flag}"`,
      );
    if (d.getTime() > ctx.now.getTime())
      throw usageError(
        `--merged-at ${flag} is after --now ${isoSeconds(ctx.now)}: a change is recorded after it merged`,
      );
    return d;
  }
  const commit = await readCommit(ctx.repo, await resolveRef(ctx.repo, head));
  return new Date(Math.min(commit.committer.timestamp * 1000, ctx.now.getTime()));
}

export interface JudgedRun extends GateRun {
  /** The time the decision was taken at. */
  judgedAt: Date;
  /** True when the merge time denied and `--now` decided (the behaviour before merge-time judging). */
  atNow: boolean;
}

/** The gate at the merge time, then at `--now` when the merge time denies (see the file comment). */
export async function judgeMerged(
  ctx: CliContext,
  args: ParsedArgs,
  base: string,
  head: string,
  githubApprovals: readonly GithubApprovalInput[] | undefined,
): Promise<JudgedRun> {
  const merged = await mergeTime(ctx, args, head);
  const first = await runGate({ ...ctx, now: merged }, base, head, githubApprovals);
  if (first.decision.allowed || merged.getTime() === ctx.now.getTime())
    return { ...first, judgedAt: merged, atNow: merged.getTime() === ctx.now.getTime() };
  const second = await runGate(ctx, base, head, githubApprovals);
  return second.decision.allowed
    ? { ...second, judgedAt: ctx.now, atNow: true }
    : { ...first, judgedAt: merged, atNow: false };
}
