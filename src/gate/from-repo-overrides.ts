/**
 * Override records naming changes (DESIGN §2.6), read at head and at base (base wins for an id on both:
 * a PR cannot rewrite an override already merged). Signatures count only with keys of the BASE policy;
 * an override the ledger already records as used is completed.
 */
import type { ChangeSet } from '../change/read.js';
import type { Keyring } from '../identity/types.js';
import { loadIncidents } from '../incidents/load.js';
import { loadOverrides, type OverrideContext } from '../overrides/load.js';
import type { OverrideRecord } from '../overrides/lifecycle.js';
import type { BaseLedger } from './from-repo-ledger.js';

export async function overrideRecordsAt(
  change: ChangeSet,
  keyring: Keyring,
  ledger: BaseLedger,
  now: Date,
): Promise<Map<string, OverrideRecord>> {
  const usage = new Map<string, { seq: number; ts: string }>();
  for (const e of ledger.usedOverrides) if (!usage.has(e.id)) usage.set(e.id, { seq: e.seq, ts: e.ts });
  const incidents = await loadIncidents(change.trees.base, change.layout);
  const ctx: OverrideContext = {
    actors: change.policy.actors,
    quorum: change.policy.quorum,
    keyring,
    incidents: incidents.records,
    now,
    usage,
  };
  const [head, base] = await Promise.all([
    loadOverrides(change.trees.head, change.layout, ctx),
    loadOverrides(change.trees.base, change.layout, ctx),
  ]);
  const byId = new Map(base.records.map((r) => [r.request.id, r]));
  for (const r of head.records) if (!byId.has(r.request.id)) byId.set(r.request.id, r);
  return byId;
}
