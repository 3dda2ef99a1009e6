/**
 * GithubApi over @octokit/rest 22 with @octokit/plugin-retry (5xx and network failures are retried with
 * backoff) and @octokit/plugin-throttling (primary and secondary rate limits wait for `retry-after` and
 * retry). A failure that outlasts the retries surfaces as GithubApiError, which the Action turns into a
 * denial with the reason (DESIGN §9: fail closed).
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { GithubApiError, type GithubApi } from './api.js';
import type { GithubReview, IssueSummary, RepoRef } from './types.js';

export interface ClientOptions {
  token: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  baseUrl: string;
  /** How many times a transient failure (5xx, network) is retried; default 3. */
  retries?: number;
  /** Base of the quadratic retry backoff in ms (1 s, 4 s, 9 s with the default 1000). */
  retryBaseMs?: number;
  /** Longest rate-limit wait (seconds) the client accepts before giving up; default 120. */
  maxRateLimitWait?: number;
  /**
   * Spacing of writes in ms instead of plugin-throttling's (1 s between writes, 3 s between writes that
   * notify). Honoured only when `baseUrl` is a loopback address: a test server, never GitHub.
   */
  writeSpacingMs?: number;
  log?: (message: string) => void;
}

const GatehouseOctokit = Octokit.plugin(retry, throttling);

/** True for http(s)://127.x.x.x, [::1] and localhost base URLs. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * A stand-in for plugin-throttling's write and notification limiters (Bottleneck groups: `key(id).schedule(
 * options, fn)`): one job at a time, starts at least `minMs` apart.
 */
export function spacedLimiter(minMs: number): {
  key(id: string): { schedule<T>(options: unknown, fn: () => Promise<T>): Promise<T> };
} {
  let tail: Promise<unknown> = Promise.resolve();
  let lastStart = -Infinity;
  const limiter = {
    schedule<T>(_options: unknown, fn: () => Promise<T>): Promise<T> {
      const run = tail.then(async () => {
        // setTimeout may fire a little early against performance.now(): wait until the spacing has passed.
        for (
          let wait = lastStart + minMs - performance.now();
          wait > 0;
          wait = lastStart + minMs - performance.now()
        )
          await new Promise((r) => setTimeout(r, Math.ceil(wait)));
        lastStart = performance.now();
        return fn();
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
  return { key: () => limiter };
}

export function createOctokit(opts: ClientOptions): InstanceType<typeof GatehouseOctokit> {
  const log = opts.log ?? (() => undefined);
  const maxWait = opts.maxRateLimitWait ?? 120;
  const retries = opts.retries ?? 3;
  // Only the `key(id).schedule(options, fn)` part of a Bottleneck group is used by the plugin.
  type Group = NonNullable<ThrottlingOptions['write']>;
  const spacing: { write?: Group; notifications?: Group } =
    opts.writeSpacingMs !== undefined && isLoopbackUrl(opts.baseUrl)
      ? {
          write: spacedLimiter(opts.writeSpacingMs) as unknown as Group,
          notifications: spacedLimiter(opts.writeSpacingMs) as unknown as Group,
        }
      : {};
  if (opts.writeSpacingMs !== undefined && !isLoopbackUrl(opts.baseUrl)) {
    log(`write spacing of ${opts.writeSpacingMs} ms ignored: ${opts.baseUrl} is not a loopback address`);
  }
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method: string; url: string },
      _o: unknown,
      retryCount: number,
    ): boolean => {
      const again = retryCount < retries && retryAfter <= maxWait;
      log(
        `${kind} rate limit on ${options.method} ${options.url}: ${again ? `retrying after ${retryAfter}s` : 'giving up'}`,
      );
      return again;
    };
  return new GatehouseOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    userAgent: 'gatehouse-action',
    // plugin-retry: retries 5xx/network failures only (doNotRetry keeps 4xx final); never set
    // request.retries globally, which would make every failure retryable.
    retry: { retries, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
    throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary'), ...spacing },
    log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
  });
}

function wrapError(operation: string, e: unknown): GithubApiError {
  const err = e as { status?: unknown; message?: unknown; response?: { data?: { message?: unknown } } };
  const status = typeof err.status === 'number' ? err.status : 0;
  const apiMessage = err.response?.data?.message;
  const message =
    typeof apiMessage === 'string' && apiMessage !== ''
      ? apiMessage
      : typeof err.message === 'string'
        ? err.message
        : String(e);
  return new GithubApiError(operation, status, message, { cause: e });
}

async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw wrapError(operation, e);
  }
}

export function octokitApi(opts: ClientOptions): GithubApi {
  const octokit = createOctokit(opts);
  return {
    async createCheckRun(repo: RepoRef, req) {
      const res = await call('checks/create', () =>
        octokit.rest.checks.create({
          ...repo,
          name: req.name,
          head_sha: req.headSha,
          status: 'in_progress',
          started_at: req.startedAt,
          output: { title: req.title, summary: req.summary },
        }),
      );
      return { id: res.data.id };
    },
    async updateCheckRun(repo, id, req) {
      await call('checks/update', () =>
        octokit.rest.checks.update({
          ...repo,
          check_run_id: id,
          ...(req.status ? { status: req.status } : {}),
          ...(req.conclusion ? { conclusion: req.conclusion } : {}),
          ...(req.completedAt ? { completed_at: req.completedAt } : {}),
          output: req.output,
        }),
      );
    },
    async listReviews(repo, pull) {
      const reviews = await call('pulls/list-reviews', () =>
        octokit.paginate(octokit.rest.pulls.listReviews, { ...repo, pull_number: pull, per_page: 100 }),
      );
      return reviews.map((r): GithubReview => ({
        id: r.id,
        user: r.user ? { login: r.user.login, id: r.user.id } : null,
        state: r.state,
        commit_id: r.commit_id,
        submitted_at: r.submitted_at ?? null,
      }));
    },
    async pullsForCommit(repo, sha) {
      const pulls = await call('repos/list-pull-requests-associated-with-commit', () =>
        octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
          ...repo,
          commit_sha: sha,
          per_page: 100,
        }),
      );
      return pulls.filter((p) => p.merged_at !== null).map((p) => p.number);
    },
    async listIssues(repo, label) {
      const issues = await call('issues/list-for-repo', () =>
        octokit.paginate(octokit.rest.issues.listForRepo, {
          ...repo,
          labels: label,
          state: 'all',
          per_page: 100,
        }),
      );
      return issues
        .filter((i) => !i.pull_request)
        .map((i): IssueSummary => ({
          number: i.number,
          title: i.title,
          body: i.body ?? '',
          state: i.state === 'closed' ? 'closed' : 'open',
          labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
        }));
    },
    async createIssue(repo, req) {
      const res = await call('issues/create', () => octokit.rest.issues.create({ ...repo, ...req }));
      return res.data.number;
    },
    async updateIssue(repo, issue, req) {
      await call('issues/update', () => octokit.rest.issues.update({ ...repo, issue_number: issue, ...req }));
    },
    async commentIssue(repo, issue, body) {
      await call('issues/create-comment', () =>
        octokit.rest.issues.createComment({ ...repo, issue_number: issue, body }),
      );
    },
  };
}
