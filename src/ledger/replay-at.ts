/**
 * The state at a point of the ledger (DESIGN §4, §7): start from the nearest snapshot at or before the
 * target — its file checked against the hash its entry recorded — and replay only the entries after
 * it, so the cost does not grow with the ledger's length.
 */
import { sha256Tagged } from '../core/jcs.js';
import { conflict } from '../core/errors.js';
import { applyEntry, emptyState } from '../state/replay.js';
import type { GovernedState } from '../core/state-types.js';
import type { LedgerEntry } from '../core/ledger-entry.js';

/** Reads the snapshot file for an entry (`body.file`), or undefined when absent. */
export type SnapshotReader = (seq: number, file: string) => string | undefined;

export interface StateAt {
  state: GovernedState;
  /** seq of the snapshot replay started from, or null for genesis. */
  from: number | null;
}

/** The top-level `ts` of a JCS entry line: `"ts"` is the last string field before `type` and `v`. */
export function lineTs(line: string): string | undefined {
  const i = line.lastIndexOf('"ts":"');
  if (i < 0) return undefined;
  const end = line.indexOf('"', i + 6);
  return end < 0 ? undefined : line.slice(i + 6, end);
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

/**
 * The state a snapshot file holds (its JCS and a newline), when it hashes to what its entry recorded;
 * undefined when it does not.
 */
export function snapshotState(text: string, recorded: unknown): GovernedState | undefined {
  const content = text.endsWith('\n') ? text.slice(0, -1) : text;
  return sha256Tagged(content) === recorded ? (JSON.parse(content) as GovernedState) : undefined;
}

function parseEntry(line: string, seq: number): LedgerEntry {
  try {
    return JSON.parse(line) as LedgerEntry;
  } catch (err) {
    throw conflict(`ledger entry ${seq} is not JSON; run \`gatehouse verify\``, err);
  }
}

/** The state after the first `count` entries (`count` = seq + 1 for "after entry seq"). */
export function stateAfter(lines: readonly string[], count: number, readSnapshot?: SnapshotReader): StateAt {
  const n = Math.min(count, lines.length);
  let start = 0;
  let state = emptyState();
  let from: number | null = null;
  if (readSnapshot) {
    // A snapshot entry at seq s holds the state after the entries before it — after entry s too.
    for (let s = Math.min(n, lines.length - 1); s > 0; s--) {
      const line = lines[s] as string;
      if (!line.includes('"type":"snapshot"')) continue;
      const e = parseEntry(line, s);
      if (e.type !== 'snapshot' || typeof e.body.file !== 'string') continue;
      const text = readSnapshot(s, e.body.file);
      if (text === undefined) continue;
      // A snapshot file that does not match its entry is ignored: replay goes further back.
      const loaded = snapshotState(text, e.body.state);
      if (!loaded) continue;
      state = loaded;
      start = s + 1;
      from = s;
      break;
    }
  }
  for (let i = start; i < n; i++) applyEntry(state, parseEntry(lines[i] as string, i));
  return { state, from };
}
