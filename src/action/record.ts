/**
 * `record` on a push to the default branch (DESIGN §4, §6): append the ledger entries for the merged change
 * through the gate, commit them, and push with a compare-and-swap on the branch head
 * (`--force-with-lease=refs/heads/<branch>:<expected sha>`). Losing a race (someone pushed first) fetches the
 * new head and records again — recording is idempotent, so an entry already appended by the winner is
 * skipped. The workflow also serialises runs with `concurrency: gatehouse-ledger-${{ github.ref }}`.
 */
import { conflict, notFound, usageError } from '../core/errors.js';
import { ZERO_SHA, type ActionEvent } from '../github/event.js';
import { code } from '../github/markdown.js';
import { reviewsMarkdown } from '../github/summary.js';
import { collectApprovals } from './approvals.js';
import type { ActionInputs } from './inputs.js';
import { readLayout } from './layout.js';
import { appendAndPush } from './ledger-push.js';
import type { ActionPorts, RecordOutcome } from './ports.js';
import type { CommandResult } from './result.js';
import { witnessAfterRecord } from './witness.js';

/** DESIGN §4: only what the gate allows is recorded; a merged change it denies is reported, never written. */
function refusedResult(
  base: string,
  head: string,
  pr: number | undefined,
  outcome: RecordOutcome,
  notes: string[],
): CommandResult {
  return {
    exitCode: 1,
    outputs: {
      decision: 'refused',
      'ledger-head': outcome.ledgerHead,
      'ledger-size': String(outcome.ledgerSize),
    },
    summary: {
      command: 'record',
      verdict: 'denied',
      headline: `The gate denies the merged change ${head.slice(0, 12)}, so nothing was recorded; run \`gatehouse check --base ${base.slice(0, 12)} --head ${head.slice(0, 12)}\` to see why. Monitor raises an unrecorded-merge alert until it is resolved.`,
      facts: [
        { label: 'Base', value: base, code: true },
        { label: 'Head', value: head, code: true },
        ...(pr !== undefined ? [{ label: 'Pull request', value: `#${pr}` }] : []),
        { label: 'Ledger size', value: String(outcome.ledgerSize) },
      ],
      notes,
      sections: [],
    },
  };
}

export async function runRecord(
  event: ActionEvent,
  inputs: ActionInputs,
  ports: ActionPorts,
): Promise<CommandResult> {
  const dir = inputs.workspace;
  let base = inputs.base;
  let head = inputs.head;
  let branch: string | undefined;
  if (event.kind === 'push') {
    const defaultRef = event.defaultBranch ? `refs/heads/${event.defaultBranch}` : undefined;
    if (event.ref !== defaultRef) {
      throw usageError(
        `record runs on pushes to the default branch (${defaultRef ?? 'unknown'}); this push is to ${event.ref}`,
      );
    }
    if (ZERO_SHA.test(event.before)) {
      throw usageError(
        `push ${event.after.slice(0, 12)} created ${event.ref}: there is no earlier commit to diff against`,
      );
    }
    branch = event.defaultBranch;
    base ??= event.before;
    head ??= event.after;
  }
  if (!base || !head || !branch) {
    throw usageError(
      'record needs a push to the default branch (or the "base" and "head" inputs on a push event)',
    );
  }
  for (const sha of [base, head]) {
    if (!(await ports.git.ensureCommit(dir, sha))) {
      throw notFound(
        `commit ${sha} is not in the checkout and could not be fetched; check out with fetch-depth: 0`,
      );
    }
  }
  const repo = event.repo;
  const pulls = await ports.github.pullsForCommit(repo, head);
  const pr = pulls[0];
  const collected = await collectApprovals(ports, {
    repo,
    repoDir: dir,
    base,
    head,
    ...(pr !== undefined ? { pr } : {}),
  });
  const layout = await readLayout((path) => ports.git.show(dir, 'HEAD', path));

  const { outcome, pushed, attempts, raced } = await appendAndPush(ports, {
    dir,
    branch,
    ledgerDir: layout.ledger,
    attempts: inputs.pushAttempts,
    activity: 'recording',
    append: () =>
      ports.gate.record({
        repoDir: dir,
        base,
        head,
        now: inputs.now,
        githubApprovals: collected.approvals,
        mergeCommit: head,
        ...(pr !== undefined ? { pr } : {}),
        ...(inputs.checkpointKey ? { checkpointKey: inputs.checkpointKey } : {}),
      }),
    nothingToPush: (o) => o.refused === true, // the gate denies the merged change: nothing was written
    message: (o) =>
      `gatehouse: record ${collected.change ?? head.slice(0, 12)} (ledger size ${o.ledgerSize})`,
  });
  if (outcome.refused) return refusedResult(base, head, pr, outcome, collected.notes);
  if (pushed === undefined && raced.length >= inputs.pushAttempts) {
    throw conflict(
      `could not push the ledger to ${branch}: it moved on each of ${attempts} attempts; re-run the workflow (runs share the concurrency group gatehouse-ledger-<ref>)`,
    );
  }
  // docs/witnesses.md: cosignatures on the new checkpoint, after the record commit is safe (alerts, never a throw).
  const witnessed = await witnessAfterRecord(ports, {
    dir,
    branch,
    ledgerDir: layout.ledger,
    attempts: inputs.pushAttempts,
  });
  return {
    exitCode: 0,
    outputs: {
      decision: 'recorded',
      'ledger-head': outcome.ledgerHead,
      'ledger-size': String(outcome.ledgerSize),
    },
    summary: {
      command: 'record',
      verdict: 'ok',
      headline:
        pushed !== undefined
          ? `Recorded ${outcome.appended} ledger entr${outcome.appended === 1 ? 'y' : 'ies'} and pushed ${pushed.slice(0, 12)} to ${branch}.`
          : `Nothing new to record: the ledger already holds this change.`,
      facts: [
        { label: 'Base', value: base, code: true },
        { label: 'Head', value: head, code: true },
        ...(pr !== undefined ? [{ label: 'Pull request', value: `#${pr}` }] : []),
        { label: 'Ledger size', value: String(outcome.ledgerSize) },
        { label: 'Ledger head', value: outcome.ledgerHead, code: true },
        { label: 'Push attempts', value: String(attempts) },
      ],
      notes: [
        ...collected.notes,
        ...raced.map(
          (sha) => `Lost a push race at ${sha.slice(0, 12)}; fetched the new head and recorded again.`,
        ),
        ...witnessed,
      ],
      sections: [
        { heading: 'Ledger', markdown: outcome.markdown || `Head ${code(outcome.ledgerHead)}` },
        ...(pr !== undefined
          ? [
              {
                heading: 'Pull request reviews',
                markdown: reviewsMarkdown(collected.approvals, collected.ignored),
              },
            ]
          : []),
      ],
    },
  };
}
