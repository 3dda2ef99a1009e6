/**
 * Is a `kind: rollback` change really a rollback? (DESIGN §2.1, §4; seed 000 Part 2 backward rollback.) The
 * kind is declared; what it does is not: a change is a rollback only when its ops are exactly what reverting
 * the ledger entries it names (`related.reverts`) yields — the inverse of their recorded ops (each op carries
 * its before value), applied to the state the change starts from, as `gatehouse rollback` writes it. Only a
 * genuine rollback passes active kill switches and leaves the rolling blast budget alone; anything else is
 * judged as the ordinary change it is. Pure: the caller reads the named entries (and only those) from the
 * ledger at the base.
 */
import { GatehouseError } from '../core/errors.js';
import { jcs } from '../core/jcs.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { opsOf, revertsOf } from '../ledger/entry.js';
import type { RollbackVerdict } from '../core/gate-inputs.js';

export type { RollbackVerdict };
import { describeOp, show } from '../state/ops.js';
import type { GovernedState, Op } from '../core/state-types.js';
import { planRollback } from './plan.js';

function label(seq: number, e: LedgerEntry | undefined): string {
  const change = e?.subject?.change;
  return `entry ${seq}${typeof change === 'string' ? ` (${change})` : ''}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The first place two op lists differ, for people. */
function firstDifference(expected: readonly Op[], actual: readonly Op[]): string {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e !== undefined && a !== undefined && jcs(e) === jcs(a)) continue;
    if (e === undefined) return `the change also does ${describeOp(a!)} (→ ${show(a!.after)})`;
    if (a === undefined) return `the change does not ${describeOp(e)} (→ ${show(e.after)})`;
    if (e.key !== a.key || e.path !== a.path || e.op !== a.op)
      return `the inverse does ${describeOp(e)}, the change does ${describeOp(a)}`;
    return `${describeOp(a)}: the inverse sets ${show(e.after)} (from ${show(e.before)}), the change sets ${show(a.after)} (from ${show(a.before)})`;
  }
  return 'they differ';
}

/**
 * Verdict on a declared rollback. `named` holds the ledger entry at each declared seq (undefined when the
 * ledger has no such entry); `size` is the ledger's length at the base; `start` is the state the change's
 * ops start from (the merge-base state files) and `ops` its canonical ops.
 */
export function verifyRollback(
  reverts: readonly number[],
  named: ReadonlyMap<number, LedgerEntry | undefined>,
  size: number,
  start: GovernedState,
  ops: readonly Op[],
): RollbackVerdict {
  const seqs = [...new Set(reverts)].sort((a, b) => a - b);
  const no = (why: string): RollbackVerdict => ({ reverts: seqs, genuine: false, reason: why });
  const list = seqs.map((s) => label(s, named.get(s))).join(', ');
  if (seqs.length === 0) return no('it names no ledger entry to revert (related.reverts)');
  const entries: LedgerEntry[] = [];
  for (const seq of seqs) {
    const e = named.get(seq);
    if (e === undefined)
      return no(
        `entry ${seq} does not exist (the ledger at the base has ${size} ${size === 1 ? 'entry' : 'entries'})`,
      );
    if (e.type === 'rollback.applied') {
      // Undoing a rollback re-applies what it undid: that is a new change with new approvals.
      const undone = revertsOf(e).filter((s) => !seqs.includes(s));
      if (undone.length > 0)
        return no(
          `${label(seq, e)} is itself a rollback (of entry ${undone.join(', ')}); undoing it re-applies that change: propose it as a new change`,
        );
    } else if (e.type !== 'change.applied')
      return no(`${label(seq, e)} is a ${e.type} entry, not an applied change`);
    if (opsOf(e).length === 0) return no(`${label(seq, e)} carries no state ops to invert`);
    entries.push(e);
  }
  let expected: Op[];
  try {
    expected = planRollback(start, entries, [], 'the state at the base').ops;
  } catch (err) {
    if (!(err instanceof GatehouseError)) throw err;
    return no(`ops are not the inverse of ${list}: ${err.message}`);
  }
  if (jcs(expected) !== jcs(ops))
    return no(
      `ops are not the inverse of ${list}: the change has ${plural(ops.length, 'op')}, the inverse ${plural(expected.length, 'op')}; ${firstDifference(expected, ops)}`,
    );
  return {
    reverts: seqs,
    genuine: true,
    reason: `ops are exactly the inverse of ${list}: ${plural(ops.length, 'op')}`,
  };
}
