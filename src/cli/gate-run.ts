/**
 * The gate as the CLI commands that judge a change run it (`check`, `record`): `--github-approvals FILE` and
 * the check use case with each phase timed (`check --timings`).
 */
import { performance } from 'node:perf_hooks';
import { checkChange, readGithubApprovals, type CheckChangeResult } from '../app/check-change.js';
import type { AssembledGate, GithubApprovalInput } from '../assembly/from-repo.js';
import type { Decision } from '../gate/evaluate.js';
import { optionalString } from './args.js';
import { cliPorts } from './app-ports.js';
import type { CliContext, ParsedArgs } from './command.js';

/** `--github-approvals FILE` (docs/action.md), relative to `--repo`; undefined without the flag. */
export async function readGithubApprovalsFlag(
  ctx: CliContext,
  args: ParsedArgs,
): Promise<GithubApprovalInput[] | undefined> {
  const file = optionalString(args, 'github-approvals');
  return file === undefined ? undefined : readGithubApprovals(cliPorts(ctx).work, file);
}

export interface GateRun {
  assembled: AssembledGate;
  decision: Decision;
  timings: { startupMs: number; gitReadMs: number; signaturesMs: number; evaluationMs: number };
  /** The whole use-case result (layout, SARIF root file). */
  result: CheckChangeResult;
}

/** Assemble and evaluate at `ctx.now`, timing each phase. Shared by `check` and `record`. */
export async function runGate(
  ctx: CliContext,
  base: string,
  head: string,
  githubApprovals: readonly GithubApprovalInput[] | undefined,
): Promise<GateRun> {
  const startupMs = performance.now();
  const result = await checkChange(
    { base, head, now: ctx.now, ...(githubApprovals ? { githubApprovals } : {}) },
    cliPorts(ctx),
  );
  return {
    assembled: result.assembled,
    decision: result.decision,
    timings: { startupMs, ...result.timings },
    result,
  };
}
