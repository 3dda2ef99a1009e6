/**
 * The report model: everything the audit pages show, as plain data (built by model.ts, rendered by
 * html.ts). Ledger entries themselves are not in the model: they stream into chunk files.
 */
import type { IncidentFrontMatter, OverrideRequest, OverrideSignature } from '../core/documents.js';
import type { ChainStatus } from './chain.js';

/** An incident record with the file it came from (DESIGN §2.5). */
export interface IncidentRecord extends IncidentFrontMatter {
  file: string;
}

/** An override request with its signature files (DESIGN §2.6). */
export interface OverrideRecord {
  file: string;
  request: OverrideRequest;
  signatures: OverrideSignature[];
}

/** What the report needs from policies/actors.yaml. */
export interface ActorInfo {
  id: string;
  kind: string;
  max_level: number;
}

/** At most `sample` seqs of the entries counted, for links. */
export interface Tally {
  count: number;
  seqs: number[];
}

/**
 * One incident: the records of an `amends` chain (DESIGN §2.5), shown with the fields of the record that
 * resolved it (else its newest record); `id` and `file` are its first record's.
 */
export interface IncidentRow extends IncidentRecord {
  /** every record of the chain, by id */
  records: string[];
  /** the record that resolved the incident */
  resolvedBy?: string;
  /** overrides any record of the chain is the post-mortem of */
  postMortemOf: string[];
  /** detected_at − started_at, seconds */
  detectSeconds?: number;
  /** resolved_at − detected_at, seconds (seed 000 Part 4: the MTTR clock starts at detection) */
  mttrSeconds?: number;
  /** resolved_at − started_at, seconds */
  durationSeconds?: number;
  /** the culprit seq is inside the ledger */
  culpritKnown?: boolean;
  /** rollback entries linked to this incident (naming any of its records) */
  rollbacks: number[];
}

export type OverrideStatus =
  'pending' | 'active' | 'completed' | 'reviewed' | 'rejected' | 'expired' | 'review_overdue';

export interface OverrideRow {
  file: string;
  id: string;
  change: string;
  checks: string[];
  impact: string;
  requested_by: string;
  requested_at: string;
  expires_at: string;
  post_mortem_due: string;
  signers: { actor: string; role: string; decision: string; ts: string }[];
  rolesMissing: string[];
  status: OverrideStatus;
  /** incident ids that are post-mortems for this override */
  postMortems: string[];
  /** override.activated / override.reviewed / change.applied entries naming this override */
  entries: number[];
}

/** A change.applied entry allowed under one or more overrides (DESIGN §4 `overrides`), with what they bypass. */
export interface UnderOverrideRow {
  seq: number;
  ts: string;
  change: string;
  level: number | null;
  /** the gate decision's status as recorded */
  decision: string;
  overrides: { id: string; checks: string[]; status: string }[];
}

/** Where the report was built from (shown in its header). */
export interface Provenance {
  /** HEAD of the repository the report was built from, when it is a git repository */
  commit?: string;
  /** the working tree held uncommitted changes under the governed folders */
  dirty?: boolean;
  /** package.json version of the tool that wrote the report */
  tool: string;
  /** the checkpoint key that signed the verified checkpoints */
  checkpointKey?: { name: string; keyId: string; fingerprint: string; file: string; verified: number };
}

export interface EscalationRow {
  seq: number;
  ts: string;
  by: string;
  grantee: string;
  level: number | null;
  expires_at: string;
  change: string;
  approvals: number;
}

export interface SwitchRow {
  seq: number;
  ts: string;
  actor: string;
  switch: string;
  active: boolean;
  change: string;
}

export interface RollbackRow {
  seq: number;
  ts: string;
  actor: string;
  reverts: number[];
  incident: string;
  ops: number;
  documented: boolean;
  why: string;
}

export interface EventRow {
  seq: number;
  ts: string;
  type: string;
  actor: string;
  what: string;
}

/** One bucket of the changes-per-level chart. */
export interface LevelBucket {
  label: string;
  counts: [number, number, number, number, number];
}

export type CheckStatus = 'pass' | 'fail' | 'none';

export interface EvidenceItem {
  label: string;
  count: number;
  seqs: number[];
  /** timeline filter the count corresponds to, as a hash query ("type=change.applied&level=1") */
  filter?: string;
  status: CheckStatus;
  note: string;
  /** entries that break the item, sampled */
  failing?: Tally;
}

export interface Soc2Control {
  /** AICPA Trust Services Criteria id, e.g. CC8.1 */
  id: string;
  title: string;
  /** the criteria series, e.g. "CC8 Change Management" */
  section: string;
  /** seed 000 Part 7 controls this criterion covers (5.1.1–5.2.3) */
  seed: string[];
  status: CheckStatus;
  items: EvidenceItem[];
}

export interface ChecklistItem {
  n: number;
  label: string;
  status: CheckStatus;
  detail: string;
  failing: number[];
}

export interface ChecklistMonth {
  month: string;
  items: ChecklistItem[];
}

/** Per-chunk facets for the client's filters: [first seq, count, min ts, max ts, types, actors, levels, services]. */
export type ChunkIndex = [number, number, string, string, number[], number[], number[], number[]];

export interface ClientIndex {
  v: 1;
  size: number;
  chunkSize: number;
  stateEvery: number;
  dict: { types: string[]; actors: string[]; levels: string[]; services: string[] };
  /** facet arrays are flat [code, count, code, count, …] */
  chunks: ChunkIndex[];
  /** seqs s with a state file holding the state before entry s */
  states: number[];
  /** type code → entry count, for the types that also have their own data file (data/type-<code>.js) */
  rare: Record<string, number>;
}

export interface ReportModel {
  generatedAt: string;
  repo: string;
  chain: ChainStatus;
  size: number;
  byType: Record<string, number>;
  levelBuckets: LevelBucket[];
  bucketUnit: 'day' | 'month';
  incidents: IncidentRow[];
  overrides: OverrideRow[];
  escalations: { total: number; rows: EscalationRow[] };
  switches: { total: number; rows: SwitchRow[]; current: { switch: string; active: boolean; seq: number }[] };
  rollbacks: { total: number; rows: RollbackRow[] };
  events: { total: number; rows: EventRow[] };
  underOverride: UnderOverrideRow[];
  mttrTargetSeconds: number;
  provenance?: Provenance;
  soc2: Soc2Control[];
  checklist: ChecklistMonth[];
  index: ClientIndex;
}
