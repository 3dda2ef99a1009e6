/** An in-memory GithubApi for unit tests, recording every call. */
import { GithubApiError, type CheckRunUpdate, type GithubApi } from '../../../src/github/api.js';
import type { GithubReview, IssueSummary } from '../../../src/github/types.js';

export class MemoryApi implements GithubApi {
  calls: { op: string; args: unknown[] }[] = [];
  updates: CheckRunUpdate[] = [];
  issues: IssueSummary[] = [];
  reviews: GithubReview[] = [];
  failCreate?: number;

  async createCheckRun(...args: unknown[]): Promise<{ id: number }> {
    this.calls.push({ op: 'createCheckRun', args });
    if (this.failCreate)
      throw new GithubApiError('checks/create', this.failCreate, 'Resource not accessible by integration');
    return { id: 42 };
  }
  async updateCheckRun(_repo: unknown, _id: number, req: CheckRunUpdate): Promise<void> {
    this.calls.push({ op: 'updateCheckRun', args: [req] });
    this.updates.push(req);
  }
  async listReviews(): Promise<GithubReview[]> {
    this.calls.push({ op: 'listReviews', args: [] });
    return this.reviews;
  }
  async pullsForCommit(): Promise<number[]> {
    return [];
  }
  async listIssues(): Promise<IssueSummary[]> {
    this.calls.push({ op: 'listIssues', args: [] });
    return this.issues.map((i) => ({ ...i }));
  }
  async createIssue(_repo: unknown, req: { title: string; body: string; labels: string[] }): Promise<number> {
    this.calls.push({ op: 'createIssue', args: [req] });
    const number = this.issues.length + 1;
    this.issues.push({ number, state: 'open', ...req });
    return number;
  }
  async updateIssue(
    _repo: unknown,
    issue: number,
    req: { title?: string; body?: string; state?: 'open' | 'closed' },
  ): Promise<void> {
    this.calls.push({ op: 'updateIssue', args: [issue, req] });
    const i = this.issues.find((x) => x.number === issue);
    if (i) Object.assign(i, Object.fromEntries(Object.entries(req).filter(([k]) => k !== 'state_reason')));
  }
  async commentIssue(_repo: unknown, issue: number, body: string): Promise<void> {
    this.calls.push({ op: 'commentIssue', args: [issue, body] });
  }
}
