/**
 * The GitHub REST operations the Action uses, as a small port. src/github/octokit-api.ts implements it with
 * Octokit (retry + throttling); unit tests implement it in memory.
 */
import type { RestAnnotation } from './annotations.js';
import type { GithubReview, IssueSummary, RepoRef } from './types.js';

export interface CheckRunCreate {
  name: string;
  headSha: string;
  startedAt: string;
  title: string;
  summary: string;
}

export interface CheckRunUpdate {
  status?: 'completed';
  conclusion?: 'success' | 'failure' | 'neutral';
  completedAt?: string;
  output: { title: string; summary: string; text?: string; annotations?: RestAnnotation[] };
}

export interface GithubApi {
  /** checks/create with status in_progress. */
  createCheckRun(repo: RepoRef, req: CheckRunCreate): Promise<{ id: number }>;
  /** checks/update. */
  updateCheckRun(repo: RepoRef, id: number, req: CheckRunUpdate): Promise<void>;
  /** pulls/list-reviews, every page. */
  listReviews(repo: RepoRef, pull: number): Promise<GithubReview[]>;
  /** repos/list-pull-requests-associated-with-commit: PR numbers whose merge produced `sha`. */
  pullsForCommit(repo: RepoRef, sha: string): Promise<number[]>;
  /** issues/list-for-repo with a label, open and closed, every page (pull requests filtered out). */
  listIssues(repo: RepoRef, label: string): Promise<IssueSummary[]>;
  createIssue(repo: RepoRef, req: { title: string; body: string; labels: string[] }): Promise<number>;
  updateIssue(
    repo: RepoRef,
    issue: number,
    req: {
      title?: string;
      body?: string;
      state?: 'open' | 'closed';
      state_reason?: 'completed' | 'reopened';
    },
  ): Promise<void>;
  commentIssue(repo: RepoRef, issue: number, body: string): Promise<void>;
}

/** A GitHub API call that failed for good (after the retries the client allows). */
export class GithubApiError extends Error {
  readonly status: number;
  readonly operation: string;
  constructor(operation: string, status: number, message: string, options?: { cause?: unknown }) {
    super(`GitHub API ${operation} failed${status ? ` (HTTP ${status})` : ''}: ${message}`, options);
    this.name = 'GithubApiError';
    this.operation = operation;
    this.status = status;
  }
}

export function isForbidden(e: unknown): boolean {
  return e instanceof GithubApiError && (e.status === 403 || e.status === 404);
}
