/**
 * The one definition of an incident's derived times (DESIGN §2.5 "Duration and MTTR are derived"), used by
 * `incident resolve`, the ledger's `incident.resolved`, `monitor` and the report alike.
 * Seed 000 Part 4, Incident Response Playbook: "Step 1: Detect Anomaly … MTTR clock starts: T=0" and
 * "Step 5: Verify Recovery … T=120: MTTR < 2 minutes". So:
 *   - MTTR     = resolved_at − detected_at (detection to recovery);
 *   - duration = resolved_at − started_at  (the whole incident, onset to recovery);
 *   - detection delay = detected_at − started_at.
 * Pure.
 */
import { parseDuration } from '../core/duration.js';
import type { IncidentPolicy } from '../core/documents.js';

/** Seed 000 ("< 2-minute MTTR", Rollback SLO "< 2 minutes MTTR"): the default `mttr_target`. */
export const DEFAULT_MTTR_TARGET = '2m';

export interface IncidentTimesInput {
  started_at: string;
  detected_at: string;
  resolved_at?: string | null;
}

export interface IncidentTimes {
  /** detected_at − started_at, ms (undefined when a time does not parse). */
  detectMs?: number;
  /** resolved_at − detected_at, ms; undefined while unresolved. */
  mttrMs?: number;
  /** resolved_at − started_at, ms; undefined while unresolved. */
  durationMs?: number;
}

const parse = (s: string | null | undefined): number | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

export function incidentTimes(f: IncidentTimesInput): IncidentTimes {
  const started = parse(f.started_at);
  const detected = parse(f.detected_at);
  const resolved = parse(f.resolved_at);
  const out: IncidentTimes = {};
  if (started !== undefined && detected !== undefined) out.detectMs = detected - started;
  if (resolved !== undefined && detected !== undefined) out.mttrMs = resolved - detected;
  if (resolved !== undefined && started !== undefined) out.durationMs = resolved - started;
  return out;
}

/** The MTTR clock of an incident still open at `now`: now − detected_at, in ms (the same definition). */
export function mttrClockMs(f: Omit<IncidentTimesInput, 'resolved_at'>, now: Date): number {
  return incidentTimes({ ...f, resolved_at: now.toISOString() }).mttrMs ?? 0;
}

/** Whole seconds (DESIGN §4: the ledger holds integers only). */
export const wholeSeconds = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : Math.round(ms / 1000);

/** The MTTR target of policies/incident.yaml (`mttr_target`), in ms; seed 000's 2 minutes by default. */
export function mttrTargetMs(policy: Pick<IncidentPolicy, 'mttr_target'> | undefined): number {
  return parseDuration(policy?.mttr_target ?? DEFAULT_MTTR_TARGET);
}
