/**
 * `check` on pull_request, pull_request_review and merge_group: post the `gatehouse` check run
 * in_progress, collect review approvals, ask the gate, complete the check run with the verdict and
 * annotations, and build the job summary. A merge_group is judged on its own head and never auto-passes.
 */
import { exitCodeFor, GatehouseError, notFound } from '../core/errors.js';
import { GithubApiError } from '../github/api.js';
import { completeCheckRun, startCheckRun, type CheckHandle } from '../github/checks.js';
import type { ActionEvent } from '../github/event.js';
import { capWorkflowAnnotations } from '../github/limits.js';
import { code, escapeMd } from '../github/markdown.js';
import { reviewsMarkdown, type SummaryDoc } from '../github/summary.js';
import { collectApprovals, type CollectedApprovals } from './approvals.js';
import type { ActionInputs } from './inputs.js';
import type { ActionPorts, GateOutcome } from './ports.js';
import type { CommandResult } from './result.js';

export interface Target {
  base: string;
  head: string;
  pr?: number;
  /** The commit the check run is attached to. */
  checkSha: string;
}

/** The verdict when the gate could not be asked or answered: a denial that says why (fail closed). */
export function denialFor(e: unknown): GateOutcome {
  const message = e instanceof Error ? e.message : String(e);
  const what =
    e instanceof GithubApiError
      ? 'the GitHub API failed'
      : e instanceof GatehouseError && e.code !== 'internal'
        ? 'the input could not be read'
        : 'an internal error occurred';
  return {
    allowed: false,
    conclusion: 'failure',
    title: `Denied: ${what}`,
    markdown: `### ❌ Denied\n\nGatehouse could not decide because ${what}, so the change is denied (fail closed):\n\n\`\`\`\n${message.replace(/```/g, "'''")}\n\`\`\``,
    annotations: [],
  };
}

function exitFor(e: unknown): 1 | 2 | 3 {
  if (e instanceof GithubApiError) return 1;
  return exitCodeFor(e);
}

export async function runCheck(
  event: ActionEvent,
  target: Target,
  inputs: ActionInputs,
  ports: ActionPorts,
): Promise<CommandResult> {
  const repo = event.repo;
  const notes: string[] = [];
  const now = inputs.now;
  let handle: CheckHandle = { kind: 'unavailable', reason: 'not created' };
  let outcome: GateOutcome;
  let collected: CollectedApprovals | undefined;
  let exitCode: 0 | 1 | 2 | 3;
  try {
    handle = await startCheckRun(ports.github, repo, target.checkSha, now);
    if (handle.kind === 'unavailable') notes.push(`Check run not posted: ${handle.reason}.`);
    for (const sha of [target.base, target.head]) {
      if (!(await ports.git.ensureCommit(inputs.workspace, sha))) {
        throw notFound(
          `commit ${sha} is not in the checkout at ${inputs.workspace} and could not be fetched; check out with fetch-depth: 0`,
        );
      }
    }
    collected = await collectApprovals(ports, { repo, repoDir: inputs.workspace, ...target });
    notes.push(...collected.notes);
    outcome = await ports.gate.check({
      repoDir: inputs.workspace,
      base: target.base,
      head: target.head,
      now,
      githubApprovals: collected.approvals,
    });
    exitCode = outcome.allowed ? 0 : 1;
  } catch (e) {
    outcome = denialFor(e);
    exitCode = exitFor(e);
  }
  if (event.kind === 'merge_group' && outcome.conclusion === 'neutral') {
    // A merge queue entry must earn its pass: neutral would let it through without a verdict.
    outcome = { ...outcome, allowed: false, conclusion: 'failure' };
    exitCode = 1;
  }
  if (outcome.conclusion !== 'success' && exitCode === 0) exitCode = 1;

  let checkRequests = 0;
  try {
    const done = await completeCheckRun(ports.github, repo, handle, {
      conclusion: outcome.conclusion,
      output: { title: outcome.title, summary: outcome.markdown },
      annotations: outcome.annotations,
      now,
    });
    checkRequests = done.requests;
  } catch (e) {
    notes.push(`The check run could not be completed: ${(e as Error).message}. Denying (fail closed).`);
    if (exitCode === 0) exitCode = 1;
    outcome = { ...outcome, allowed: false };
  }
  if (handle.kind === 'unavailable') {
    const { shown, omitted } = capWorkflowAnnotations(outcome.annotations);
    for (const a of shown) ports.log.annotate(a);
    if (omitted > 0)
      notes.push(
        `${omitted} more finding${omitted === 1 ? '' : 's'} than GitHub shows as annotations: see Findings below.`,
      );
  }

  const allowed = exitCode === 0 && outcome.allowed;
  const summary: SummaryDoc = {
    command: 'check',
    verdict: allowed ? 'allowed' : exitCode >= 2 ? 'error' : 'denied',
    headline: outcome.title,
    facts: [
      {
        label: 'Event',
        value: `${event.kind}${'action' in event && event.action ? `.${event.action}` : ''}`,
      },
      ...(target.pr !== undefined ? [{ label: 'Pull request', value: `#${target.pr}` }] : []),
      { label: 'Base', value: target.base, code: true },
      { label: 'Head', value: target.head, code: true },
      ...(collected?.change ? [{ label: 'Change', value: collected.change, code: true }] : []),
      ...(collected?.digest ? [{ label: 'Digest', value: collected.digest, code: true }] : []),
      {
        label: 'Check run',
        value:
          handle.kind === 'posted'
            ? `gatehouse #${handle.id} (${checkRequests} update${checkRequests === 1 ? '' : 's'})`
            : 'not posted',
      },
    ],
    notes,
    sections: [
      { heading: 'Decision', markdown: outcome.markdown },
      ...(collected && target.pr !== undefined
        ? [
            {
              heading: 'Pull request reviews',
              markdown: reviewsMarkdown(collected.approvals, collected.ignored, outcome.counted),
            },
          ]
        : []),
      ...(outcome.annotations.length > 0
        ? [
            {
              heading: 'Findings',
              markdown: outcome.annotations
                .map((a) => `- ${code(`${a.path}:${a.line}`)} ${escapeMd(a.message)}`)
                .join('\n'),
            },
          ]
        : []),
    ],
  };
  return {
    exitCode,
    outputs: { decision: allowed ? 'allowed' : exitCode >= 2 ? 'error' : 'denied' },
    summary,
  };
}
