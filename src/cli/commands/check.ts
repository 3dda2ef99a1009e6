/**
 * `gatehouse check --base REF --head REF [--format text|json|markdown|sarif]` (DESIGN §3, §5): the gate.
 * Exit 0 allowed, 1 denied, 2 bad input, 3 internal. The policy, keyring and ledger are the base's; every
 * denial names what would make it pass. Writes nothing.
 *
 * `--github-approvals FILE` adds GitHub review approvals mapped by the Action (docs/action.md);
 * `--timings` prints the phase split (start-up, git read, signature checks, evaluation) on stderr.
 */
import { performance } from 'node:perf_hooks';
import { usageError } from '../../core/errors.js';
import { renderDecision, type DecisionFormat } from '../../gate/render/index.js';
import { optionalString, requireString } from '../args.js';
import type { Command } from '../command.js';
import { readGithubApprovalsFlag, runGate, type GateRun } from '../gate-run.js';
import { governedDirs, warnUncommitted } from '../worktree-warnings.js';

// `record` and `record-time` import these from here until they import src/cli/gate-run.ts themselves.
export { readGithubApprovalsFlag, runGate, type GateRun };

const USAGE =
  'gatehouse check --base REF [--head REF] [--format text|json|markdown|sarif] [--github-approvals FILE] ' +
  '[--timings] [--repo DIR] [--json] [--now ISO]';
const FORMATS: readonly DecisionFormat[] = ['text', 'json', 'markdown', 'sarif'];

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
    // The decision reads commits only: uncommitted governed files are named, never silently ignored.
    const warnings = warnUncommitted(ctx, governedDirs(run.result.layout), `check (head ${head})`);
    const color = (ctx.color ?? ctx.isTTY) && format === 'text';
    const rootFile = run.result.rootFile;
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
