/**
 * Ledger entry shapes (DESIGN §4). One JSON object per line, in JCS form; integers only.
 * The `body` of each type is documented here; the JSON Schema in src/formats/schemas is the full truth.
 */
import type { Level } from './documents.js';
import type { GovernedState, Op } from './state-types.js';

export const ENTRY_TYPES = [
  'genesis',
  'snapshot',
  'change.applied',
  'rollback.applied',
  'interrupt',
  'escalation.granted',
  'override.activated',
  'override.reviewed',
  'incident.opened',
  'incident.resolved',
  'killswitch.activated',
  'killswitch.deactivated',
  'policy.changed',
  'alert.raised',
  'alert.resolved',
] as const;

export type EntryType = (typeof ENTRY_TYPES)[number];

export interface EntrySubject {
  change?: string;
  commit?: string;
  pr?: number;
  incident?: string;
  override?: string;
  alert?: string;
}

export interface LedgerEntry {
  v: 1;
  seq: number;
  /** `sha256:<hex>` of the previous entry's leaf hash; 64 zeros for seq 0. */
  prev: string;
  ts: string;
  type: EntryType;
  actor: string;
  level?: Level;
  subject?: EntrySubject;
  body: Record<string, unknown>;
}

/** genesis: the state the ledger starts from. */
export interface GenesisBody {
  state: GovernedState;
}

/** snapshot: `state` is sha256:<hex> of JCS(replayed state after every entry with seq < this one). */
export interface SnapshotBody {
  state: string;
  file: string;
}

/** change.applied and rollback.applied: the ops replay applies, with before/after values. */
export interface AppliedBody {
  manifest: Record<string, unknown>;
  digest: string;
  ops: Op[];
  approvals?: Record<string, unknown>[];
  overrides?: string[];
  decision?: Record<string, unknown>;
  reverts?: number[];
}

/** killswitch.activated / killswitch.deactivated */
export interface KillSwitchBody {
  switch: string;
  change?: string;
}

/** escalation.granted */
export interface EscalationBody {
  actor: string;
  level: Level;
  expires_at: string;
  change: string;
}

export const ZERO_HASH = `sha256:${'0'.repeat(64)}`;
