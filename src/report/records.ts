/**
 * Derived facts about incident records (DESIGN §2.5) and overrides (DESIGN §2.6) for the report.
 * Pure. Signatures are not re-verified here (`gatehouse verify` does that); the report shows what the
 * files record and the status that follows from it at `now`.
 */
import { incidentChains } from '../incidents/open.js';
import { incidentTimes, wholeSeconds } from '../incidents/times.js';
import type { IncidentRecord, IncidentRow, OverrideRecord, OverrideRow, OverrideStatus } from './types.js';

/** DESIGN §2.6 default quorum: three signatures from distinct roles. */
export const OVERRIDE_ROLES = ['ethics', 'security', 'charter'];

/**
 * One row per incident (DESIGN §2.5): the records of an `amends` chain are one incident, named by its first
 * record and resolved once any of its records is (src/incidents/open.ts, as `monitor` and the ledger's
 * `incident.resolved`). Its times come from the record that resolved it (else its newest record), through
 * src/incidents/times.ts: MTTR detected→resolved, duration started→resolved.
 */
export function deriveIncidents(
  records: IncidentRecord[],
  ledgerSize: number,
  rollbacksByIncident: Map<string, number[]>,
): IncidentRow[] {
  return incidentChains(records)
    .map((chain) => {
      const shown = chain.resolvedBy ?? chain.latest;
      const first = chain.root ?? chain.records[0]!;
      const ids = chain.records.map((r) => r.id);
      const postMortemOf = [
        ...new Set(chain.records.map((r) => r.overrides).filter((o): o is string => !!o)),
      ];
      const { amends: _amends, overrides: _overrides, ...fields } = shown;
      const row: IncidentRow = {
        ...fields,
        id: chain.id,
        file: first.file,
        records: ids,
        ...(chain.resolvedBy ? { resolvedBy: chain.resolvedBy.id } : {}),
        ...(postMortemOf.length ? { overrides: postMortemOf.join(', '), postMortemOf } : { postMortemOf }),
        rollbacks: [...new Set(ids.flatMap((id) => rollbacksByIncident.get(id) ?? []))].sort((a, b) => a - b),
      };
      if (first.amends !== undefined) row.amends = first.amends;
      const t = incidentTimes(shown);
      const detect = wholeSeconds(t.detectMs);
      const mttr = wholeSeconds(t.mttrMs);
      const duration = wholeSeconds(t.durationMs);
      if (detect !== undefined) row.detectSeconds = detect;
      if (mttr !== undefined) row.mttrSeconds = mttr;
      if (duration !== undefined) row.durationSeconds = duration;
      if (typeof shown.culprit === 'number')
        row.culpritKnown = shown.culprit >= 0 && shown.culprit < ledgerSize;
      return row;
    })
    .sort((a, b) =>
      a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : a.id < b.id ? -1 : 1,
    );
}

export function deriveOverrides(
  records: OverrideRecord[],
  incidents: IncidentRow[],
  entries: Map<string, number[]>,
  now: Date,
): OverrideRow[] {
  const t = now.getTime();
  return records
    .map((rec) => {
      const q = rec.request;
      const signers = rec.signatures.map((s) => ({
        actor: s.actor,
        role: s.role,
        decision: s.decision,
        ts: s.ts,
      }));
      const approving = signers.filter((s) => s.decision === 'approve');
      // DESIGN §2.6: distinct roles, each filled by a different signer
      const filled = new Set<string>();
      const usedActors = new Set<string>();
      for (const role of OVERRIDE_ROLES) {
        const s = approving.find((a) => a.role === role && !usedActors.has(a.actor));
        if (s) {
          filled.add(role);
          usedActors.add(s.actor);
        }
      }
      const rolesMissing = OVERRIDE_ROLES.filter((r) => !filled.has(r));
      const postMortems = incidents.filter((i) => i.postMortemOf.includes(q.id)).map((i) => i.id);
      const logged = entries.get(q.id) ?? [];
      const status = overrideStatus({
        rejected: signers.some((s) => s.decision === 'reject'),
        quorum: rolesMissing.length === 0,
        reviewed: postMortems.length > 0,
        expired: t >= Date.parse(q.expires_at),
        overdue: t > Date.parse(q.post_mortem_due),
      });
      const row: OverrideRow = {
        file: rec.file,
        id: q.id,
        change: q.change,
        checks: q.checks,
        impact: q.impact,
        requested_by: q.requested_by,
        requested_at: q.requested_at,
        expires_at: q.expires_at,
        post_mortem_due: q.post_mortem_due,
        signers,
        rolesMissing,
        status,
        postMortems,
        entries: logged,
      };
      return row;
    })
    .sort((a, b) => (a.requested_at < b.requested_at ? -1 : a.requested_at > b.requested_at ? 1 : 0));
}

/** DESIGN §2.6: pending → active → completed → reviewed, or rejected, expired, review_overdue. */
export function overrideStatus(f: {
  rejected: boolean;
  quorum: boolean;
  reviewed: boolean;
  expired: boolean;
  overdue: boolean;
}): OverrideStatus {
  if (f.rejected) return 'rejected';
  if (!f.quorum) return f.expired ? 'expired' : 'pending';
  if (f.reviewed) return 'reviewed';
  if (!f.expired) return 'active';
  return f.overdue ? 'review_overdue' : 'completed';
}
