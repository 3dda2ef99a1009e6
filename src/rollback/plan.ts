/**
 * Rollback planning (DESIGN §4, seed 000 Part 2 backward rollback and Part 4): the inverse ops of the
 * reverted entries, applied to the state at the ledger's head in reverse seq order. A rollback of one
 * entry is refused when a later entry touched what it changed (reverting it alone would undo or clash
 * with that later change); `--to SEQ` reverts everything after SEQ as one change, so it never clashes.
 */
import { conflict } from '../core/errors.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { opsOf } from '../ledger/entry.js';
import { applyOps, describeOp, diffResources, invertOps } from '../state/ops.js';
import type { GovernedState, Op } from '../core/state-types.js';

export const REVERTIBLE = new Set(['change.applied', 'rollback.applied']);

export interface RollbackPlan {
  /** Seqs reverted, ascending. */
  reverts: number[];
  /** The inverse ops in application order: the last entry's inverse first. */
  inverse: Op[];
  /** The canonical ops between head and target (what the gate derives from the state files). */
  ops: Op[];
  head: GovernedState;
  target: GovernedState;
  /** Entries in the range that carry no ops and are not rolled back (e.g. kill-switch flips). */
  skipped: { seq: number; type: string }[];
}

/** Two op paths overlap when one is a prefix of the other ("" is the whole resource). */
function overlaps(a: Op, b: Op): boolean {
  if (a.key !== b.key) return false;
  const pa = `${a.path}/`;
  const pb = `${b.path}/`;
  return a.path === '' || b.path === '' || pa.startsWith(pb) || pb.startsWith(pa);
}

function label(e: LedgerEntry): string {
  return `entry ${e.seq}${e.subject?.change ? ` (${e.subject.change})` : ''}`;
}

/**
 * Plans a rollback. `reverted` are the entries to revert (any order); `later` are the entries after the
 * earliest reverted one that are NOT reverted (for `--event`), in seq order. `head` is the state after the
 * ledger's last entry (or, for the gate, the state the rollback change starts from: `at` names it).
 */
export function planRollback(
  head: GovernedState,
  reverted: readonly LedgerEntry[],
  later: readonly LedgerEntry[] = [],
  at = "the state at the ledger's head",
): RollbackPlan {
  const sorted = [...reverted].sort((a, b) => a.seq - b.seq);
  const skipped: RollbackPlan['skipped'] = [];
  const revertible = sorted.filter((e) => {
    if (REVERTIBLE.has(e.type) && opsOf(e).length > 0) return true;
    skipped.push({ seq: e.seq, type: e.type });
    return false;
  });
  if (revertible.length === 0)
    throw conflict(
      `nothing to roll back: ${sorted.length === 1 ? `entry ${sorted[0]!.seq} is a ${sorted[0]!.type} entry` : 'the range holds no change.applied or rollback.applied entries'} with no state ops`,
    );
  const revertedSeqs = new Set(revertible.map((e) => e.seq));
  for (const e of revertible) {
    for (const l of later) {
      if (l.seq <= e.seq || revertedSeqs.has(l.seq) || !REVERTIBLE.has(l.type)) continue;
      for (const a of opsOf(e))
        for (const b of opsOf(l))
          if (overlaps(a, b))
            throw conflict(
              `cannot roll back ${label(e)} alone: ${label(l)} changed ${describeOp(b)} after it (${describeOp(a)}). ` +
                `Roll back both as one change with \`rollback --to ${e.seq - 1}\`, or roll back ${label(l)} first.`,
            );
    }
  }
  const inverse: Op[] = [];
  for (let i = revertible.length - 1; i >= 0; i--) inverse.push(...invertOps(opsOf(revertible[i]!)));
  let target: GovernedState;
  try {
    target = applyOps(head, inverse);
  } catch (err) {
    throw conflict(
      `the inverse of ${revertible.map(label).join(', ')} does not apply to ${at}: ${(err as Error).message}`,
      err,
    );
  }
  return {
    reverts: revertible.map((e) => e.seq),
    inverse,
    ops: diffResources(head.resources, target.resources),
    head,
    target,
    skipped,
  };
}
