/**
 * Which incidents are still open (DESIGN §2.5): records on the base branch are immutable, so a resolution
 * arrives as a new record that `amends` an earlier one. An incident is the chain of records that amend its
 * first record; it is open while no record of its chain is resolved, and it is named by its first record.
 * The ledger (`incident.resolved`, src/record/incidents.ts), `monitor` and the report all group records
 * with these functions, so they agree on which incident a record speaks for and whether it is closed.
 */
import type { IncidentRecord } from './record.js';

/** The fields chains are built from (an IncidentRecord's front matter, or the report's record rows). */
export interface ChainLink {
  id: string;
  amends?: string | undefined;
  resolved_at?: string | null | undefined;
}

/**
 * The id of the incident a record speaks for: the end of its `amends` chain (itself when it amends
 * nothing). A record naming an id no record has still speaks for that id. An `amends` loop stops where
 * it would repeat.
 */
export function incidentIdOf<T extends ChainLink>(rec: T, byId: ReadonlyMap<string, T>): string {
  let id = rec.id;
  const seen = new Set([id]);
  for (let next = rec.amends; next !== undefined && !seen.has(next); next = byId.get(next)?.amends) {
    id = next;
    seen.add(next);
  }
  return id;
}

/** The first record of the chain `rec` belongs to (itself when it amends nothing known). */
export function chainRoot(rec: IncidentRecord, byId: ReadonlyMap<string, IncidentRecord>): IncidentRecord {
  const fronts = new Map([...byId].map(([k, v]) => [k, v.front]));
  return byId.get(incidentIdOf(rec.front, fronts)) ?? rec;
}

export interface IncidentChain<T extends ChainLink> {
  /** The incident's id: its first record's. */
  id: string;
  /** The first record, when there is one with that id. */
  root?: T;
  /** Every record of the chain, by id. */
  records: T[];
  /** The record that resolved it: the first resolved record of the chain, by id; undefined while open. */
  resolvedBy?: T;
  /** The latest record of the chain, by id (the newest correction). */
  latest: T;
}

/** Records grouped into incidents, in the order their first records appear in `records`. */
export function incidentChains<T extends ChainLink>(records: readonly T[]): IncidentChain<T>[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const groups = new Map<string, T[]>();
  for (const r of records) {
    const id = incidentIdOf(r, byId);
    const list = groups.get(id) ?? [];
    list.push(r);
    groups.set(id, list);
  }
  return [...groups].map(([id, list]) => {
    const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const root = byId.get(id);
    const resolvedBy = sorted.find((r) => !!r.resolved_at);
    return {
      id,
      ...(root ? { root } : {}),
      records: sorted,
      ...(resolvedBy ? { resolvedBy } : {}),
      latest: sorted[sorted.length - 1]!,
    };
  });
}

/** The first record of every incident none of whose records is resolved, in the order given. */
export function openIncidents(records: readonly IncidentRecord[]): IncidentRecord[] {
  const links = records.map((rec) => ({
    id: rec.front.id,
    amends: rec.front.amends,
    resolved_at: rec.open ? null : (rec.front.resolved_at ?? null) || 'resolved',
    rec,
  }));
  return incidentChains(links)
    .filter((c) => c.resolvedBy === undefined)
    .map((c) => (c.root ?? c.records[0]!).rec);
}
