/**
 * Shapes the Action exchanges with GitHub and with the gate (DESIGN §6). Plain data: the Octokit
 * adapter (src/github/octokit-api.ts) fills them, the rest of the Action only reads them.
 */

export interface RepoRef {
  owner: string;
  repo: string;
}

/** A pull request review as the REST API reports it (only the fields Gatehouse reads). */
export interface GithubReview {
  id: number;
  user: { login: string; id: number } | null;
  /** APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING */
  state: string;
  commit_id: string | null;
  submitted_at?: string | null;
}

/**
 * An approving review turned into approval evidence for the gate (DESIGN §2.3, quorum `accept: [github]`).
 * Same field names as the gate's ApprovalEvidence so it can be passed through unchanged.
 */
export interface GithubApproval {
  source: 'github';
  change: string;
  digest: string;
  actor: string;
  decision: 'approve';
  ts: string;
  reviewId: number;
  login: string;
  commit: string;
}

/** A review that does not count, and why (listed in the summary so nobody wonders). */
export interface IgnoredReview {
  reviewId: number;
  login: string;
  reason: string;
}

/** A forge identity from the base branch's actors.yaml (the numeric id must match, DESIGN §2.7). */
export interface GithubIdentity {
  actor: string;
  login: string;
  id: number;
}

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface Annotation {
  path: string;
  line: number;
  level: AnnotationLevel;
  message: string;
  title?: string;
}

export type Conclusion = 'success' | 'failure' | 'neutral';

/** One monitor alert (`gatehouse monitor --json`); the fingerprint keys the one issue that tracks it. */
export interface Alert {
  fingerprint: string;
  title: string;
  body: string;
  severity: string;
  /** The invariant that fired (e.g. state-drift), who owns the response, how fast, and the playbook. */
  rule?: string;
  owner?: string;
  responseTime?: string;
  playbook?: string[];
}

export interface IssueSummary {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
}

/** What a check run shows (GitHub caps title, summary and text; see src/github/limits.ts). */
export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}
