/**
 * Which incidents are still open (DESIGN §2.5): records on the base branch are immutable, so a resolution
 * arrives as a new record that `amends` an earlier one. An incident is the chain of records that amend its
 * first record; it is open while no record of its chain is resolved, and it is named by its first record.
 */
import type { IncidentRecord } from './record.js';

/** The first record of the chain `rec` belongs to (itself when it amends nothing known). */
export function chainRoot(rec: IncidentRecord, byId: ReadonlyMap<string, IncidentRecord>): IncidentRecord {
  let root = rec;
  const seen = new Set([rec.front.id]);
  for (
    let next = rec.front.amends;
    next !== undefined && !seen.has(next);
    next = byId.get(next)?.front.amends
  ) {
    const r = byId.get(next);
    if (!r) break;
    seen.add(next);
    root = r;
  }
  return root;
}

/** The first record of every incident none of whose records is resolved, in the order given. */
export function openIncidents(records: readonly IncidentRecord[]): IncidentRecord[] {
  const byId = new Map(records.map((r) => [r.front.id, r]));
  const resolved = new Set<string>();
  for (const r of records) if (!r.open) resolved.add(chainRoot(r, byId).front.id);
  const out = new Map<string, IncidentRecord>();
  for (const r of records) {
    const root = chainRoot(r, byId);
    if (!resolved.has(root.front.id)) out.set(root.front.id, root);
  }
  return [...out.values()];
}
