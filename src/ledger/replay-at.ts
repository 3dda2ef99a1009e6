/**
 * The state at a point of the ledger (DESIGN §4, §7): start from the nearest snapshot at or before the
 * target — its file checked against the hash its entry recorded — and replay only the entries after
 * it, so the cost does not grow with the ledger's length.
 */
import type { LedgerEntry } from '../core/ledger-entry.js';
import { applyEntry, emptyState } from '../state/replay.js';
import type { GovernedState } from '../core/state-types.js';
import { decodeEntry, lineTs, mayBeSnapshot } from './entry.js';
import { nearestSnapshot, type SnapshotReader } from './snapshot.js';

export { lineTs } from './entry.js';
export { snapshotState, type SnapshotReader } from './snapshot.js';

export interface StateAt {
  state: GovernedState;
  /** seq of the snapshot replay started from, or null for genesis. */
  from: number | null;
}

/** Number of leading entries stamped at or before `until` (timestamps never decrease). */
export function countUntil(lines: readonly string[], until: Date): number {
  const t = until.getTime();
  let lo = 0;
  let hi = lines.length;
  // Binary search on the non-decreasing ts.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const ts = lineTs(lines[mid] as string);
    if (ts !== undefined && Date.parse(ts) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const parseEntry = (line: string, seq: number): LedgerEntry => decodeEntry(line, `ledger entry ${seq}`);

/** The state after the first `count` entries (`count` = seq + 1 for "after entry seq"). */
export function stateAfter(lines: readonly string[], count: number, readSnapshot?: SnapshotReader): StateAt {
  const n = Math.min(count, lines.length);
  const top = Math.min(n, lines.length - 1);
  const seqs = function* (): Generator<number> {
    for (let s = top; s > 0; s--) if (mayBeSnapshot(lines[s] as string)) yield s;
  };
  const snap = readSnapshot
    ? nearestSnapshot(seqs(), (s) => parseEntry(lines[s] as string, s), readSnapshot)
    : undefined;
  const state = snap ? snap.state : emptyState();
  for (let i = snap ? snap.seq + 1 : 0; i < n; i++) applyEntry(state, parseEntry(lines[i] as string, i));
  return { state, from: snap ? snap.seq : null };
}
