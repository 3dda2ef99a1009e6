/**
 * Random access to ledger entries by seq over the segment files, reading a segment only when one of its
 * entries is asked for (DESIGN §4, §7: rollback from the nearest snapshot, never from genesis). Pure: the
 * caller injects how a segment and a snapshot file are read.
 */
import { conflict } from '../core/errors.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { decodeEntry, mayBeSnapshot } from '../ledger/entry.js';
import { nearestSnapshot, snapshotSeqs } from '../ledger/snapshot.js';
import { applyEntry, emptyState } from '../state/replay.js';
import type { GovernedState } from '../core/state-types.js';

export interface SegmentRef {
  /** Repository-relative path, for messages. */
  file: string;
  firstSeq: number;
  read: () => string;
}

export class LedgerView {
  private readonly segments: readonly SegmentRef[];
  private readonly cache = new Map<number, string[]>();
  /** Segments read so far (for the bench: must not grow with the ledger's length). */
  reads = 0;

  constructor(segments: readonly SegmentRef[]) {
    this.segments = [...segments].sort((a, b) => a.firstSeq - b.firstSeq);
  }

  private linesOf(i: number): string[] {
    let lines = this.cache.get(i);
    if (!lines) {
      const text = this.segments[i]!.read();
      lines = text === '' ? [] : text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      this.cache.set(i, lines);
      this.reads++;
    }
    return lines;
  }

  /** Number of entries (reads the last segment only). */
  get size(): number {
    const last = this.segments.length - 1;
    if (last < 0) return 0;
    return this.segments[last]!.firstSeq + this.linesOf(last).length;
  }

  private segmentIndex(seq: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid]!.firstSeq <= seq) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  line(seq: number): string | undefined {
    const i = this.segmentIndex(seq);
    if (i < 0) return undefined;
    return this.linesOf(i)[seq - this.segments[i]!.firstSeq];
  }

  entry(seq: number): LedgerEntry {
    const line = this.line(seq);
    if (line === undefined)
      throw conflict(`ledger entry ${seq} does not exist (the ledger has ${this.size} entries)`);
    return decodeEntry(line, `ledger entry ${seq}`, seq);
  }

  /** Where an entry lives, for messages. */
  where(seq: number): string {
    const i = this.segmentIndex(seq);
    return i < 0 ? 'ledger' : `${this.segments[i]!.file}:${seq - this.segments[i]!.firstSeq + 1}`;
  }
}

/** Snapshot files available, by seq (`ledger/snapshots/<seq>.json`). */
export type SnapshotFiles = ReadonlyMap<number, () => string | undefined>;

/**
 * The state after entry `seq` (inclusive): from the newest snapshot at or before it whose file matches the
 * hash its entry recorded, then forward through the entries after it. Falls back to genesis only when no
 * snapshot is usable.
 */
export function stateAfterSeq(
  view: LedgerView,
  seq: number,
  snapshots: SnapshotFiles,
): { state: GovernedState; from: number | null } {
  // DESIGN §7: the one nearest-snapshot search (src/ledger/snapshot.ts), over the snapshot files present.
  const snap = nearestSnapshot(
    snapshotSeqs(snapshots.keys(), seq),
    (s) => {
      const line = view.line(s);
      return line !== undefined && mayBeSnapshot(line) ? view.entry(s) : undefined;
    },
    (s) => snapshots.get(s)?.(),
  );
  const state = snap ? snap.state : emptyState();
  for (let i = snap ? snap.seq + 1 : 0; i <= seq; i++) applyEntry(state, view.entry(i));
  return { state, from: snap ? snap.seq : null };
}
