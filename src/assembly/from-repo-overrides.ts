/**
 * Override records naming changes (DESIGN §2.6), read at head and at base (base wins for an id on both:
 * a PR cannot rewrite an override already merged). Signatures count only with keys of the BASE policy;
 * an override the ledger already records as used is completed; an override covers its change only while
 * the change digest is the one its signatures bound (src/overrides/binding.ts). Post-mortems count only
 * when written by an actor of the base policy.
 */
import type { ChangeSet } from './change-read.js';
import type { Problem } from '../core/errors.js';
import type { Keyring } from '../identity/types.js';
import { loadIncidents } from '../incidents/load.js';
import { checkIncident } from '../incidents/record.js';
import { bindingProblem, overrideBindingDigest } from '../overrides/binding.js';
import { loadOverrides, type OverrideContext } from '../overrides/load.js';
import { activeOverridesFor, type OverrideRecord } from '../overrides/lifecycle.js';
import type { BaseLedger } from './from-repo-ledger.js';
import type { OverrideInput } from '../core/gate-inputs.js';

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

/**
 * The overrides naming the change, with their status at `now`; one whose signatures bound another content
 * of the change (or none) is marked `unbound` and applies to nothing.
 */
export function overridesForChange(
  change: ChangeSet,
  records: ReadonlyMap<string, OverrideRecord>,
  now: Date,
): OverrideInput[] {
  const id = change.changeId;
  const manifest = change.manifest;
  if (id === undefined || !manifest) return [];
  const list = [...records.values()];
  return activeOverridesFor(id, list, now).map((o) => {
    const rec = records.get(o.id);
    if (!rec) return o;
    const current = overrideBindingDigest(
      { manifest, ops: change.ops, files: change.files },
      change.layout.paths.overrides,
      o.id,
    );
    const why = bindingProblem(rec.request, current);
    return why ? { ...o, unbound: why } : o;
  });
}

/**
 * Post-mortems this PR adds or changes (incident records with `overrides:`) whose operator is not an actor of
 * the base policy: a post-mortem is accountable to a known principal (DESIGN §2.6, §9 fail closed).
 */
export async function postmortemProblems(change: ChangeSet): Promise<Problem[]> {
  const dir = `${change.layout.paths.incidents.replace(/\/+$/, '')}/`;
  const actors = new Set(change.policy.actors.actors.map((a) => a.id));
  const problems: Problem[] = [];
  for (const c of change.changed) {
    if (c.status === 'deleted' || !c.path.startsWith(dir) || !c.path.endsWith('.md')) continue;
    const bytes = await change.trees.head.read(c.path);
    if (bytes === undefined) continue;
    const rec = checkIncident(Buffer.from(bytes).toString('utf8'), c.path).record;
    const f = rec?.front;
    if (!rec || f?.overrides === undefined || actors.has(f.operator)) continue;
    const pos = rec.locate('/operator');
    problems.push({
      file: c.path,
      ...(pos ? { line: pos.line, col: pos.col } : {}),
      message: `/operator: the post-mortem of ${f.overrides} is by ${f.operator}, who is not an actor of the base policy; a post-mortem must be written by an actor`,
    });
  }
  return problems;
}
