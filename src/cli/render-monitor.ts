/** The output of `monitor` (seed 001 §3–5): one JSON document with --json (the Action reads it), else text. */
import type { RunMonitorResult } from '../app/run-monitor.js';
import { formatAlert } from '../monitor/invariants.js';

/** `monitor --json`: {ok, now, verified, alerts, notes, recorded?} (docs/action.md). */
export function monitorJson(r: RunMonitorResult, now: Date): string {
  return JSON.stringify({
    ok: r.ok,
    now: now.toISOString(),
    verified: r.verified,
    alerts: r.alerts,
    notes: r.notes,
    ...(r.recorded ? { recorded: r.recorded } : {}),
  });
}

/** One block per alert, the notes, how the ledger was verified, the entries appended, then the summary line. */
export function monitorText(r: RunMonitorResult): string {
  const n = r.alerts.length;
  return [
    ...r.alerts.map(formatAlert),
    ...r.notes.map((note) => `note: ${note}`),
    r.verified,
    ...(r.recorded?.entries ?? []).map((e) => `appended seq ${e.seq}: ${e.type}`),
    n === 0 ? 'monitor: ok — every invariant holds' : `monitor: ${n} alert${n === 1 ? '' : 's'}`,
  ].join('\n');
}
