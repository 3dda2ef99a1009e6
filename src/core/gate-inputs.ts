/**
 * The gate's input contract (DESIGN §3). A repository adapter (src/gate/from-repo*.ts) reads git once
 * and fills this object; evaluateGate() is a pure function of it. Everything here is data: no
 * callbacks except `locate`, no I/O, and the clock is `now`.
 *
 * Conventions the adapter must follow:
 * - `policy` is always the BASE branch's policy (DESIGN §3: a PR that edits policies/ is judged by the
 *   old policy). `files` and `locate` are keyed by the policy field name: actors, authority, quorum,
 *   blastRadius, killSwitches.
 * - Signatures are verified by the adapter against keys of the BASE actors policy; the gate only reads
 *   the outcome (`SignatureCheck`). A key that could not be read goes to `keyProblems` (fail closed).
 * - `approvals` holds every approval the PR carries (signed files and, where the adapter maps them,
 *   GitHub reviews), valid or not: the gate decides which count and says why the others do not.
 * - `ledgerWindow` holds recent `change.applied` entries, enough to cover the longest window in policy
 *   (authority level 3 observation_window and blast-radius window.duration).
 */
import type {
  ActorsPolicy,
  AuthorityPolicy,
  BlastRadiusPolicy,
  ChangeManifest,
  KillSwitchPolicy,
  Level,
  Locate,
  QuorumPolicy,
  RepoPaths,
} from './documents.js';
import type { GovernedState, Op, StateTotals } from './state-types.js';

/** Outcome of verifying one signature against the base actors policy (DESIGN §2.4). */
export type SignatureCheck =
  | {
      ok: true;
      /** The actor whose key made the signature. */
      actor: string;
      /** Key fingerprint (OpenPGP fingerprint or SSH `SHA256:…`). */
      fingerprint: string;
      signedAt: string;
      keyType: string;
    }
  | {
      ok: false;
      /** Machine-readable failure, e.g. `bad-signature`, `unknown-key`, `key-expired`, `weak-algorithm`. */
      code: string;
      reason: string;
    };

/** One approval or rejection found on the PR (DESIGN §2.3). */
export interface ApprovalEvidence {
  source: 'signed' | 'github';
  /** changes/<ID>/approvals/<actor>.yaml for signed approvals. */
  file?: string;
  line?: number;
  change: string;
  digest: string;
  /** Actor id (GitHub reviews: the actor whose `github` identity matched the reviewer). */
  actor: string;
  decision: 'approve' | 'reject';
  role?: string;
  ts: string;
  /** Required for `signed`; absent means unsigned. */
  signature?: SignatureCheck;
  /** GitHub review id for `github` approvals. */
  reviewId?: number;
}

/** A recent ledger entry as the gate needs it (levels, windows, budgets). */
export interface LedgerWindowEntry {
  seq: number;
  ts: string;
  type: string;
  level?: Level;
  change?: string;
  kind?: string;
  /** Number of distinct resources the entry affected. */
  affected: number;
  services: string[];
  regions: string[];
  /** True once a later rollback reverted it. */
  rolledBack?: boolean;
}

export type PolicyKind = 'actors' | 'authority' | 'quorum' | 'blastRadius' | 'killSwitches';

export interface GatePolicy {
  actors: ActorsPolicy;
  authority: AuthorityPolicy;
  quorum: QuorumPolicy;
  blastRadius: BlastRadiusPolicy;
  killSwitches: KillSwitchPolicy;
  /** JSON Pointer → line/col inside each policy file, for file:line in results. */
  locate?: Partial<Record<PolicyKind, Locate>>;
  /** Path of each policy file in the repository, e.g. {quorum: 'policies/quorum.yaml'}. */
  files?: Partial<Record<PolicyKind, string>>;
}

export interface ChangedPath {
  path: string;
  status: 'added' | 'modified' | 'deleted';
}

export interface EscalationGrant {
  actor: string;
  level: Level;
  expires_at: string;
  /** Ledger seq of the escalation.granted entry. */
  seq: number;
}

export interface CommitCheck {
  sha: string;
  ok: boolean;
  actor?: string;
  reason?: string;
}

export interface OverrideInput {
  id: string;
  /** Node ids the override bypasses, e.g. `blast-radius`. */
  checks: string[];
  /** Derived status (DESIGN §2.6); only `active` overrides apply. */
  status: string;
  /**
   * Why the override does not cover the change as it is now (its signatures bound another change digest, or
   * none): set by the adapter; such an override applies to nothing.
   */
  unbound?: string;
}

/** The ledger entry that already applied a change id (DESIGN §4: approvals count for one application). */
export interface PriorApplication {
  seq: number;
  type: string;
  ts: string;
  /** The merge commit it recorded. */
  commit?: string;
}

export interface GateInputs {
  now: Date;
  policy: GatePolicy;
  manifest?: { file: string; value: ChangeManifest; signature?: SignatureCheck; line?: number };
  /** Why the manifest is missing or invalid; yields an error node. */
  manifestProblem?: string;
  /** Canonical ops of the change (DESIGN §2.1). */
  ops: Op[];
  /** Replayed state at the base: totals for percentages and kill-switch states. */
  baseState: GovernedState;
  /**
   * Optional: stateTotals(baseState), when the adapter computes it while loading the state. Saves the
   * gate an O(state) walk; when absent the gate computes it.
   */
  baseTotals?: StateTotals;
  /** merge-base(base, head)..head. */
  changedPaths: ChangedPath[];
  governedPaths: RepoPaths;
  /** Changed paths in governed folders that differ from another entry there only in letter case. */
  caseCollisions?: { path: string; other: string }[];
  /** Non-merge commits of the range that change the ledger folder, each on its own (append-only). */
  ledgerCommits?: { sha: string; summary: string; paths: string[] }[];
  /** The change digest (DESIGN §2.2). */
  digest: string;
  approvals: ApprovalEvidence[];
  ledgerWindow: LedgerWindowEntry[];
  /** Unexpired or recently expired escalation grants from the ledger. */
  escalations: EscalationGrant[];
  /** Keys of the base actors policy that could not be read or parsed. */
  keyProblems: { actor: string; file?: string; reason: string }[];
  /** Present when authority.commits.require_signed: every commit of the PR. */
  commits?: CommitCheck[];
  /** Overrides naming this change. */
  overrides?: OverrideInput[];
  /**
   * Problems in governed files the PR adds or changes at head (policy files, incident records, override
   * requests and signatures), with file:line. Absent when the adapter did not check (the node skips).
   */
  recordProblems?: { file: string; line?: number; col?: number; message: string }[];
  /** How many governed files were checked for `recordProblems`. */
  recordsChecked?: number;
  /** Present when the PR edits gatehouse.yaml (the ledger and other history must not move). */
  layoutEdit?: LayoutEdit;
  /** The PR author, when the Action passes it: binds an unsigned manifest where `proposers.accept` has github. */
  githubAuthor?: GithubAuthor;
  /**
   * For a `kind: rollback` manifest: whether its ops are exactly the inverse of the ledger entries it names
   * (src/rollback/verify.ts). Absent: not verified, so it gets no rollback exemption.
   */
  rollback?: RollbackVerdict;
  /** The base ledger's entry that already applied this change id; null when none. Absent: not checked. */
  priorApplication?: PriorApplication | null;
  /**
   * Whether the base ledger holds a `policy.changed` entry (the quorum bootstrap is then spent). Absent: not
   * checked, and the bootstrap never applies (fail closed).
   */
  policyChangedBefore?: boolean;
}

/** What the PR's own gatehouse.yaml would set, when the PR edits it and it loads (DESIGN §2). */
export interface LayoutEdit {
  /** The folders the head's gatehouse.yaml names (defaults for what it leaves out, or when it is deleted). */
  paths: RepoPaths;
  /** Line of each `paths.<folder>` entry in the head's gatehouse.yaml, for file:line. */
  lines?: Partial<Record<keyof RepoPaths, number>>;
  /** Append-only folders that already hold history at the base: ledger, changes, overrides, incidents. */
  history: (keyof RepoPaths)[];
}

/** The pull request's author as GitHub reports it (the Action only; the numeric id is what binds). */
export interface GithubAuthor {
  login: string;
  id: number;
  pr?: number;
}

/** An approval the gate counted, as `record` writes it to the ledger (DESIGN §4). */
export interface CountedApproval {
  actor: string;
  role?: string;
  source: 'signed' | 'github';
  fingerprint?: string;
  reviewId?: number;
  ts: string;
  /** Quorum rules this approval counted towards. */
  rules: string[];
}

/** The gate's judgement of a rollback manifest (rollback/verify.ts). */
export interface RollbackVerdict {
  /** The seqs the manifest names, as declared. */
  reverts: number[];
  genuine: boolean;
  /** Why (for the gate's `rollback` node). */
  reason: string;
}
