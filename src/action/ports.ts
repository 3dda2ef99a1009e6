/**
 * What `run(inputs, ports)` needs from the outside world. The entry (src/action.ts) wires the real ones:
 * the gate (every use case in process: src/action/app-gate.ts and src/action/*-in-process.ts), GitHub through
 * Octokit, git through the git CLI, outputs and the job summary through @actions/core. Tests wire their own.
 */
import type { GithubApi } from '../github/api.js';
import type { CountedDoc } from '../github/decision.js';
import type { Alert, Annotation, Conclusion, GithubApproval, GithubIdentity } from '../github/types.js';

export interface GateCheckRequest {
  repoDir: string;
  base: string;
  head: string;
  now: Date;
  githubApprovals: GithubApproval[];
}

export interface GateOutcome {
  allowed: boolean;
  conclusion: Conclusion;
  title: string;
  markdown: string;
  annotations: Annotation[];
  digest?: string;
  change?: string;
  /** Approvals the gate counted (GitHub ones carry their review id). */
  counted?: CountedDoc[];
}

export interface RecordRequest extends GateCheckRequest {
  mergeCommit: string;
  pr?: number;
  checkpointKey?: string;
}

export interface RecordOutcome {
  ledgerHead: string;
  ledgerSize: number;
  appended: number;
  markdown: string;
  /** The gate denies the merged change, so nothing was recorded (`record` exit 1, `refused: true`). */
  refused?: boolean;
}

export interface VerifyOutcome {
  ok: boolean;
  markdown: string;
  annotations: Annotation[];
  ledgerHead?: string;
  ledgerSize?: number;
}

export interface MonitorOutcome {
  ok: boolean;
  markdown: string;
  alerts: Alert[];
  /** With `record`: the alert entries appended (`alert.raised`, `alert.resolved`). */
  recorded?: { seq: number; type: string }[];
}

export interface MonitorRequest {
  repoDir: string;
  now: Date;
  /** Append alert.raised / alert.resolved to the ledger (`monitor --record`), with this checkpoint key. */
  record?: { checkpointKey?: string };
}

export interface ReportOutcome {
  /** The report folder and its index.html. */
  path: string;
  index: string;
  /** Whether the ledger verified while the report was built (`report` exits 1 when it did not). */
  chainOk: boolean;
  entries: number;
}

export interface GatePort {
  /** The change id and digest of base..head (DESIGN §2.2); throws a GatehouseError when there is none. */
  digest(req: { repoDir: string; base: string; head: string }): Promise<{ change: string; digest: string }>;
  /** GitHub identities of actors in the BASE policy (actors.yaml `github: {login, id}`). */
  githubIdentities(req: { repoDir: string; base: string }): Promise<GithubIdentity[]>;
  check(req: GateCheckRequest): Promise<GateOutcome>;
  record(req: RecordRequest): Promise<RecordOutcome>;
  /** `history: false` skips the git history proof (`verify --no-history`). */
  verify(req: { repoDir: string; now: Date; history: boolean }): Promise<VerifyOutcome>;
  monitor(req: MonitorRequest): Promise<MonitorOutcome>;
  report(req: { repoDir: string; now: Date; outDir: string }): Promise<ReportOutcome>;
}

export type PushResult = 'pushed' | 'rejected';

export interface GitPort {
  /** True if the commit is present locally, fetching it from origin when it is not. */
  ensureCommit(dir: string, sha: string): Promise<boolean>;
  headSha(dir: string): Promise<string>;
  /** Paths under `sub` that differ from HEAD (the ledger files `record` wrote). */
  changedUnder(dir: string, sub: string): Promise<string[]>;
  commit(dir: string, paths: string[], message: string): Promise<string>;
  /** Compare-and-swap push: update refs/heads/<branch> to HEAD only if it is still `expected`. */
  pushCas(dir: string, branch: string, expected: string): Promise<PushResult>;
  /** Fetches origin's branch and moves the work tree to it (after a lost race); returns its sha. */
  syncTo(dir: string, branch: string): Promise<string>;
  /** A path inside the repository at `ref` (for the ledger folder's location); undefined if absent. */
  show(dir: string, ref: string, path: string): Promise<string | undefined>;
}

export interface LogPort {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** A workflow-command annotation (::error file=…,line=…::) for runs without a check run. */
  annotate(a: Annotation): void;
  setSecret(secret: string): void;
}

export interface ActionPorts {
  gate: GatePort;
  github: GithubApi;
  git: GitPort;
  log: LogPort;
  writeSummary(markdown: string): Promise<void>;
  setOutput(name: string, value: string): void;
}
