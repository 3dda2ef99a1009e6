/**
 * Branch simulation (seed 000 Part 2, fork-and-replay): apply a hypothetical change to a copy of a
 * state in memory and report what it would do. Never writes; the inputs are untouched.
 */
import { compareCodeUnits } from './json.js';
import { affected, applyOps, diffResources, show } from './ops.js';
import type { AffectedSummary, GovernedState, Json, Op } from '../core/state-types.js';

export interface FieldChange {
  path: string;
  before?: Json;
  after?: Json;
}

/** A state diff, per resource: what appears, what goes, and which fields change. */
export interface StateDiff {
  created: string[];
  deleted: string[];
  updated: { key: string; changes: FieldChange[] }[];
}

export interface Simulation {
  ops: Op[];
  before: GovernedState;
  after: GovernedState;
  affected: AffectedSummary;
  diff: StateDiff;
}

/**
 * What `head` would do to `base`. `head` is either the desired state (its ops are the canonical diff
 * of the resources; `base`'s kill switches carry over) or a list of ops, applied strictly (a conflict
 * throws, as it would on the real ledger).
 */
export function simulate(base: GovernedState, head: GovernedState | readonly Op[]): Simulation {
  const ops = Array.isArray(head)
    ? [...(head as readonly Op[])]
    : diffResources(base.resources, (head as GovernedState).resources);
  const after = applyOps(base, ops);
  return { ops, before: base, after, affected: affected(ops, base), diff: diffOfOps(ops) };
}

/** The ops regrouped per resource (keys in code-unit order, fields in op order). */
export function diffOfOps(ops: readonly Op[]): StateDiff {
  const created = new Set<string>();
  const deleted = new Set<string>();
  const updated = new Map<string, FieldChange[]>();
  for (const op of ops) {
    if (op.op === 'create') created.add(op.key);
    else if (op.op === 'delete') deleted.add(op.key);
    else {
      const change: FieldChange = { path: op.path };
      if (op.before !== undefined) change.before = op.before;
      if (op.after !== undefined) change.after = op.after;
      const list = updated.get(op.key);
      if (list) list.push(change);
      else updated.set(op.key, [change]);
    }
  }
  return {
    created: [...created].sort(compareCodeUnits),
    deleted: [...deleted].sort(compareCodeUnits),
    updated: [...updated.keys()].sort(compareCodeUnits).map((key) => ({ key, changes: updated.get(key)! })),
  };
}

/**
 * The diff for people, one line each, in key order:
 * `+ key` (created), `- key` (deleted), `~ key/path: before → after` (changed field).
 */
export function renderStateDiff(diff: StateDiff): string[] {
  const lines: { key: string; order: number; text: string }[] = [];
  for (const key of diff.created) lines.push({ key, order: 0, text: `+ ${key}` });
  for (const key of diff.deleted) lines.push({ key, order: 0, text: `- ${key}` });
  for (const { key, changes } of diff.updated)
    for (const c of changes)
      lines.push({ key, order: 1, text: `~ ${key}${c.path}: ${show(c.before)} → ${show(c.after)}` });
  return lines.sort((a, b) => compareCodeUnits(a.key, b.key) || a.order - b.order).map((l) => l.text);
}
