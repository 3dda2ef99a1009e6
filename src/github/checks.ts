/**
 * The one stable check run, named `gatehouse` (so branch protection can require it): created in_progress
 * when evaluation starts, then completed with the verdict. Annotations go 50 per request: the first batch
 * with the completing update, the rest in further updates, which GitHub appends (Checks API limits).
 * A token that cannot write checks (403 on fork PRs) is not fatal: the job summary and exit code still
 * carry the verdict.
 */
import { annotationBatches } from './annotations.js';
import { isForbidden, type GithubApi } from './api.js';
import { CHECK_TEXT_MAX, CHECK_TITLE_MAX, truncateChars } from './limits.js';
import type { Annotation, CheckOutput, Conclusion, RepoRef } from './types.js';

export const CHECK_NAME = 'gatehouse';

export type CheckHandle = { kind: 'posted'; id: number } | { kind: 'unavailable'; reason: string };

export async function startCheckRun(
  api: GithubApi,
  repo: RepoRef,
  headSha: string,
  now: Date,
): Promise<CheckHandle> {
  try {
    const { id } = await api.createCheckRun(repo, {
      name: CHECK_NAME,
      headSha,
      startedAt: now.toISOString(),
      title: 'Evaluating the change',
      summary: 'Gatehouse is evaluating this change against the base branch policy.',
    });
    return { kind: 'posted', id };
  } catch (e) {
    if (isForbidden(e)) {
      return {
        kind: 'unavailable',
        reason: `the token cannot write check runs (${(e as Error).message}); on a fork pull request the token is read-only — the job summary and the job's exit code carry the verdict`,
      };
    }
    throw e;
  }
}

/** Fits the output into GitHub's limits (title 255, summary and text 65535 characters each). */
export function fitOutput(output: CheckOutput): CheckOutput {
  return {
    title: truncateChars(output.title, CHECK_TITLE_MAX, '…'),
    summary: truncateChars(output.summary, CHECK_TEXT_MAX),
    ...(output.text !== undefined && output.text !== ''
      ? { text: truncateChars(output.text, CHECK_TEXT_MAX) }
      : {}),
  };
}

export interface CompleteResult {
  /** Number of update requests made. */
  requests: number;
  annotations: number;
}

export async function completeCheckRun(
  api: GithubApi,
  repo: RepoRef,
  handle: CheckHandle,
  verdict: { conclusion: Conclusion; output: CheckOutput; annotations: readonly Annotation[]; now: Date },
): Promise<CompleteResult> {
  if (handle.kind !== 'posted') return { requests: 0, annotations: 0 };
  const output = fitOutput(verdict.output);
  const [first = [], ...rest] = annotationBatches(verdict.annotations);
  await api.updateCheckRun(repo, handle.id, {
    status: 'completed',
    conclusion: verdict.conclusion,
    completedAt: verdict.now.toISOString(),
    output: { ...output, ...(first.length > 0 ? { annotations: first } : {}) },
  });
  for (const batch of rest) {
    // Re-send title, summary and text (output requires title and summary); annotations accumulate.
    await api.updateCheckRun(repo, handle.id, { output: { ...output, annotations: batch } });
  }
  return { requests: 1 + rest.length, annotations: verdict.annotations.length };
}
