/**
 * The report builder's options and inputs, and the pure pieces of its finish (src/report/model.ts):
 * month tallies, the level chart's buckets and the chain status with the replay's findings.
 */
import type { ChainStatus } from './chain.js';
import type {
  ActorInfo,
  IncidentRecord,
  LevelBucket,
  OverrideRecord,
  Provenance,
  RollbackRow,
  Tally,
} from './types.js';

export interface BuilderOptions {
  chunkSize?: number;
  /** a state file every this many entries; a multiple of chunkSize */
  stateEvery?: number;
  maxRows?: number;
  /** seqs kept per tally, for links */
  sample?: number;
  actors?: ActorInfo[];
  /** false: the chunk files are written elsewhere from the same lines (chunk-files.ts); the sink gets no chunks */
  chunkFiles?: boolean;
}

export interface FinishInput {
  chain: ChainStatus;
  incidents: IncidentRecord[];
  overrides: OverrideRecord[];
  now: Date;
  repo: string;
  /** policies/incident.yaml `mttr_target`, seconds (default: seed 000's 2 minutes) */
  mttrTargetSeconds?: number;
  /** where the report comes from: repository commit, tool version, checkpoint key */
  provenance?: Provenance;
}

/** Per-month counters for the monthly audit checklist (seed 000 Part 7). */
export interface MonthTallies {
  escalations: Tally;
  escalationFailures: Tally;
  approvalsNeeded: Tally;
  approvalFailures: Tally;
  rollbacks: Tally;
  rollbackFailures: Tally;
}

/** What the SOC 2 table and the checklist are computed from. */
export interface LedgerStats {
  size: number;
  byType: Record<string, number>;
  tallies: Record<string, Tally>;
  months: Map<string, MonthTallies>;
  rollbacks: RollbackRow[];
  stateFiles: number;
}

export function tally(): Tally {
  return { count: 0, seqs: [] };
}

export function monthTallies(): MonthTallies {
  return {
    escalations: tally(),
    escalationFailures: tally(),
    approvalsNeeded: tally(),
    approvalFailures: tally(),
    rollbacks: tally(),
    rollbackFailures: tally(),
  };
}

/** Changes per level per day, or per month once there are more than 120 days. */
export function levelBuckets(byDay: ReadonlyMap<string, [number, number, number, number, number]>): {
  unit: 'day' | 'month';
  buckets: LevelBucket[];
} {
  const days = [...byDay].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (days.length <= 120) return { unit: 'day', buckets: days.map(([label, counts]) => ({ label, counts })) };
  const months = new Map<string, [number, number, number, number, number]>();
  for (const [day, c] of days) {
    const m = day.slice(0, 7);
    const acc = months.get(m) ?? [0, 0, 0, 0, 0];
    for (let i = 0; i < 5; i++) acc[i]! += c[i]!;
    months.set(m, acc);
  }
  return { unit: 'month', buckets: [...months].map(([label, counts]) => ({ label, counts })) };
}

/** A replay that failed makes the chain status fail, with its messages as findings. */
export function chainWithReplay(chain: ChainStatus, replayFindings: readonly string[]): ChainStatus {
  if (replayFindings.length === 0) return chain;
  return {
    ...chain,
    ok: false,
    findings: [...chain.findings, ...replayFindings.map((message) => ({ message: `replay: ${message}` }))],
  };
}
