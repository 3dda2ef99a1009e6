/**
 * TypeScript shapes of every governed file kind (DESIGN §2, §2.7). The JSON Schemas in
 * src/formats/schemas/ are the full truth; these types mirror them after validation.
 * Durations are strings like "30m", "1h", "2h30m" (see parseDuration in src/formats/duration.ts).
 */

export type Level = 0 | 1 | 2 | 3 | 4;
export type ActorKind = 'human' | 'agent' | 'service';
export type SignatureType = 'openpgp' | 'ssh';

export interface Signature {
  type: SignatureType;
  value: string;
}

// gatehouse.yaml ------------------------------------------------------------------------------
export interface GatehouseConfig {
  paths?: Partial<RepoPaths>;
  ledger?: {
    origin?: string;
    segment_size?: number;
    snapshot_every?: number;
    checkpoint_key?: string; // path under policies/keys/ of the checkpoint verifier key
  };
}

export interface RepoPaths {
  policies: string;
  state: string;
  changes: string;
  overrides: string;
  incidents: string;
  ledger: string;
}

// policies/actors.yaml ------------------------------------------------------------------------
export interface ActorKeyRef {
  type: SignatureType;
  /** Path relative to policies/ of an armored OpenPGP key (.asc) or an SSH public key file. */
  file?: string;
  /** Inline SSH public key line ("ssh-ed25519 AAAA... comment") or armored OpenPGP key. */
  key?: string;
  /** OpenSSH allowed_signers style validity window. */
  valid_after?: string;
  valid_before?: string;
}

export interface Actor {
  id: string;
  kind: ActorKind;
  name?: string;
  roles: string[];
  max_level: Level;
  github?: { login: string; id: number };
  keys: ActorKeyRef[];
}

export interface ActorsPolicy {
  actors: Actor[];
}

// policies/authority.yaml ---------------------------------------------------------------------
export interface LevelPolicy {
  enabled: boolean;
  approval_ttl?: string;
  max_ops?: number;
  max_concurrent?: number;
  observation_window?: string;
}

export interface RuleMatch {
  paths?: string[];
  services?: string[];
  regions?: string[];
  kinds?: ChangeKind[];
}

export interface AuthorityPolicy {
  environment: 'production' | 'staging' | 'development';
  levels: Record<`${Level}`, LevelPolicy>;
  escalation?: { ttl: string; approvers: QuorumRequirement };
  rules?: { match: RuleMatch; max_level: Level }[];
  commits?: { require_signed: boolean };
  /** How manifests are bound to their proposer; default `[signed]` (DESIGN §2.4). */
  proposers?: { accept: ApprovalSource[] };
}

// policies/quorum.yaml ------------------------------------------------------------------------
export type ApprovalSource = 'signed' | 'github';

export interface QuorumRequirement {
  count?: number;
  roles_any?: string[];
  roles_all?: string[];
  humans_only?: boolean; // default true
  allow_self?: boolean; // default false
  accept?: ApprovalSource[]; // default [signed]
}

export interface QuorumRule {
  name: string;
  when: {
    levels?: Level[];
    paths?: string[];
    services?: string[];
    kind?: ChangeKind | 'override';
    kinds?: ChangeKind[];
  };
  require: QuorumRequirement;
}

export interface QuorumPolicy {
  rules: QuorumRule[];
  /**
   * The founding actors' one-time path to the first policy change: while the ledger holds no
   * `policy.changed` entry, a policy change they propose and all approve passes quorum (docs/behaviours.md).
   */
  bootstrap?: { actors: string[] };
}

// policies/blast-radius.yaml ------------------------------------------------------------------
export interface BlastFractions {
  percent?: number;
  service?: number;
  region?: number;
}

export interface BlastRadiusPolicy {
  /** min_allowed: a floor under every fraction-derived allowance (absolute max_affected caps still bind). */
  limits: BlastFractions & { min_allowed?: number };
  services?: Record<string, { max_affected: number }>;
  regions?: Record<string, { max_affected: number }>;
  levels?: Partial<Record<`${Level}`, BlastFractions & { max_affected?: number }>>;
  window?: { duration: string; levels: Level[] };
}

// policies/incident.yaml ----------------------------------------------------------------------
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface IncidentPolicy {
  detection?: {
    confirmation?: string; // default 30s
    baseline_window?: string;
    error_rate_multiplier?: number;
    latency_multiplier?: number;
    resource_threshold?: number; // default 0.9
  };
  severities?: Partial<Record<Severity, { response_time: string; owner: string }>>;
  playbooks?: Record<string, { steps: string[]; severity?: Severity; owner?: string }>;
  monitor?: { heartbeat?: string };
  /** Seed 000: MTTR (detected_at → resolved_at) should stay under this; default 2m. */
  mttr_target?: string;
}

// policies/kill-switches.yaml -----------------------------------------------------------------
export interface KillSwitchDef {
  id: string;
  description?: string;
  blocks: RuleMatch & { levels?: Level[] };
  flippers?: QuorumRequirement;
}

export interface KillSwitchPolicy {
  switches: KillSwitchDef[];
}

// state/**/*.yaml -----------------------------------------------------------------------------
export interface StateDocument {
  service?: string;
  region?: string;
  resources: { id: string; service?: string; region?: string; spec?: unknown; [k: string]: unknown }[];
}

// changes/<ID>/change.yaml --------------------------------------------------------------------
export type ChangeKind = 'change' | 'recommendation' | 'rollback' | 'killswitch' | 'escalation' | 'policy';

export interface ChangeManifest {
  id: string;
  kind: ChangeKind;
  title: string;
  proposer: string;
  level: Level;
  proposed_at: string;
  justification?: string;
  related?: { incident?: string; reverts?: number | number[]; override?: string };
  /** kind: killswitch */
  killswitch?: { id: string; action: 'activate' | 'deactivate' };
  /** kind: escalation */
  escalation?: { actor: string; level: Level; ttl?: string };
  signature?: Signature;
}

// changes/<ID>/approvals/<actor>.yaml ---------------------------------------------------------
export interface Approval {
  change: string;
  digest: string;
  actor: string;
  decision: 'approve' | 'reject';
  role?: string;
  ts: string;
  comment?: string;
  signature: Signature;
}

// overrides/<ID>/override.yaml and signatures/<actor>.yaml --------------------------------------
export interface OverrideRequest {
  id: string;
  change: string;
  checks: string[];
  reason: string;
  impact: Severity;
  requested_by: string;
  requested_at: string;
  expires_at: string;
  post_mortem_due: string;
  /** The change digest (DESIGN §2.2) of the change this override covers, bound by its signatures. */
  change_digest?: string;
  signature?: Signature;
}

export interface OverrideSignature {
  override: string;
  actor: string;
  role: string;
  decision: 'approve' | 'reject';
  ts: string;
  /** `sha256:<hex>` of JCS(override.yaml without signature): binds the signature to the override's text. */
  digest?: string;
  signature: Signature;
}

// incidents/INC-*.md front matter -------------------------------------------------------------
export interface IncidentFrontMatter {
  id: string;
  type: string;
  severity: Severity;
  started_at: string;
  detected_at: string;
  resolved_at?: string | null;
  operator: string;
  documented_at: string;
  services?: string[];
  regions?: string[];
  culprit?: number;
  overrides?: string;
  amends?: string;
}

// ledger/checkpoint and ledger/checkpoints/<size>.note (C2SP signed note, parsed) ----------------
export interface CheckpointSignatureLine {
  /** Key name from the `— <name> <base64>` line. */
  name: string;
  /** First 4 bytes of the decoded signature blob, hex (C2SP signed-note key ID). */
  key_id: string;
  /** The rest of the decoded blob (the signature itself), base64. */
  signature: string;
}

export interface CheckpointNote {
  origin: string;
  size: number;
  /** Base64 Merkle root (RFC 9162) as written on line 3. */
  root: string;
  signatures: CheckpointSignatureLine[];
}

// Positions ---------------------------------------------------------------------------------------
/** Maps a JSON Pointer inside a parsed document to its 1-based line and column in the source file. */
export type Locate = ((pointer: string) => { line: number; col: number } | undefined) & {
  /** Position of the key that holds the value at `pointer` (falls back to the value's position). */
  key?: (pointer: string) => { line: number; col: number } | undefined;
};

/** A validated state document with where it came from. */
export interface StateDocFile {
  file: string;
  value: StateDocument;
  locate: Locate;
}
