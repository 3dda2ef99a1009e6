/**
 * `gatehouse check --base REF --head REF [--format text|json|markdown|sarif]` (DESIGN §3, §5): the gate.
 * Exit 0 allowed, 1 denied, 2 bad input, 3 internal. The policy, keyring and ledger are the base's; every
 * denial names what would make it pass. Writes nothing.
 *
 * `--github-approvals FILE` adds GitHub review approvals mapped by the Action (docs/action.md);
 * `--timings` prints the phase split (start-up, git read, signature checks, evaluation) on stderr.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { notFound, usageError } from '../../core/errors.js';
import { evaluateGate, type Decision } from '../../gate/evaluate.js';
import {
  assembleGateInputs,
  type AssembledGate,
  type GithubApprovalInput,
} from '../../assembly/from-repo.js';
import { parseGithubApprovals } from '../../assembly/from-repo-github.js';
import { renderDecision, type DecisionFormat } from '../../gate/render/index.js';
import { CONFIG_FILE, joinPath } from '../../repo/layout.js';
import { optionalString, requireString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { governedDirs, warnUncommitted } from '../worktree-warnings.js';

const USAGE =
  'gatehouse check --base REF [--head REF] [--format text|json|markdown|sarif] [--github-approvals FILE] ' +
  '[--timings] [--repo DIR] [--json] [--now ISO]';
const FORMATS: readonly DecisionFormat[] = ['text', 'json', 'markdown', 'sarif'];

export async function readGithubApprovalsFlag(
  ctx: CliContext,
  args: ParsedArgs,
): Promise<GithubApprovalInput[] | undefined> {
  const file = optionalString(args, 'github-approvals');
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(resolve(ctx.repo, file), 'utf8');
  } catch (e) {
    throw notFound(
      `--github-approvals ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      file,
    );
  }
  return parseGithubApprovals(text, file);
}

export interface GateRun {
  assembled: AssembledGate;
  decision: Decision;
  timings: { startupMs: number; gitReadMs: number; signaturesMs: number; evaluationMs: number };
}

/** Assemble and evaluate, timing each phase. Shared by `check` and `record`. */
export async function runGate(
  ctx: CliContext,
  base: string,
  head: string,
  githubApprovals: readonly GithubApprovalInput[] | undefined,
): Promise<GateRun> {
  const startupMs = performance.now();
  const assembled = await assembleGateInputs(ctx.repo, base, head, ctx.now, {
    ...(githubApprovals ? { githubApprovals } : {}),
  });
  const t = performance.now();
  const decision = evaluateGate(assembled.inputs);
  const evaluationMs = performance.now() - t;
  return { assembled, decision, timings: { startupMs, ...assembled.timings, evaluationMs } };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export const checkCommand: Command = {
  name: 'check',
  summary: 'the gate: allow or deny base..head under the base policy, with the decision tree',
  usage: USAGE,
  options: {
    base: { type: 'string' },
    head: { type: 'string' },
    format: { type: 'string' },
    'github-approvals': { type: 'string' },
    timings: { type: 'boolean', default: false },
  },
  async run(ctx, args) {
    const base = requireString(args, 'base', USAGE);
    const head = optionalString(args, 'head') ?? 'HEAD';
    const formatFlag = optionalString(args, 'format');
    if (formatFlag !== undefined && !FORMATS.includes(formatFlag as DecisionFormat))
      throw usageError(`--format must be one of ${FORMATS.join(', ')}; found "${formatFlag}"`);
    const format: DecisionFormat = (formatFlag as DecisionFormat | undefined) ?? (ctx.json ? 'json' : 'text');
    const githubApprovals = await readGithubApprovalsFlag(ctx, args);

    const run = await runGate(ctx, base, head, githubApprovals);
    // SARIF: repository-wide findings sit at the root configuration file (gatehouse.yaml when the repository
    // has one, else the actors file, which every governed repository has).
    const rootFile = existsSync(join(ctx.repo, CONFIG_FILE))
      ? CONFIG_FILE
      : joinPath(run.assembled.inputs.governedPaths.policies, 'actors.yaml');
    // The decision reads commits only: uncommitted governed files are named, never silently ignored.
    const warnings = warnUncommitted(ctx, governedDirs(run.assembled.change.layout), `check (head ${head})`);
    const color = (ctx.color ?? ctx.isTTY) && format === 'text';
    const rendered = renderDecision(run.decision, format, { color, rootFile }).trimEnd();
    ctx.stdout(format === 'json' ? JSON.stringify({ ...JSON.parse(rendered), warnings }, null, 2) : rendered);
    if (args.values.timings === true) {
      const t = run.timings;
      ctx.stderr(
        `timings ${JSON.stringify({
          startup_ms: round(t.startupMs),
          git_read_ms: round(t.gitReadMs),
          signatures_ms: round(t.signaturesMs),
          evaluation_ms: round(t.evaluationMs),
          total_ms: round(performance.now()),
        })}`,
      );
    }
    return run.decision.allowed ? 0 : 1;
  },
};
