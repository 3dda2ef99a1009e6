/**
 * Pure helpers over segment text (DESIGN §4): lines, and which `.pending` segment files belong to the
 * ledger. A multi-file append writes its later segment files as `<first seq>.jsonl.pending` before its
 * commit point (see store.ts); such a file is part of the ledger exactly when it continues it: it starts
 * at the current size, the segment before it is full, and its first line chains to the last line.
 */
import { prevOf } from './chain.js';

export const PENDING_NAME = /^(\d{12})\.jsonl\.pending$/;

/** The lines of a segment file (each ends with "\n"; a last line without one is kept). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface PendingSegment {
  file: string;
  firstSeq: number;
  text: string;
}

/**
 * The pending segments, in order, that continue a ledger of `size` entries whose last line is
 * `lastLine`; the rest are leftovers of an append that never reached its commit point.
 */
export function committedPending(
  size: number,
  lastLine: string | undefined,
  segmentSize: number,
  pending: readonly PendingSegment[],
): { committed: PendingSegment[]; stale: PendingSegment[] } {
  const committed: PendingSegment[] = [];
  let n = size;
  let last = lastLine;
  const byStart = new Map(pending.map((p) => [p.firstSeq, p]));
  for (;;) {
    const p = byStart.get(n);
    if (!p || n === 0 || n % segmentSize !== 0 || last === undefined) break;
    const lines = splitLines(p.text);
    const first = lines[0];
    if (first === undefined || !p.text.endsWith('\n') || lines.length > segmentSize) break;
    let prev: unknown;
    try {
      prev = (JSON.parse(first) as { prev?: unknown }).prev;
    } catch {
      break;
    }
    if (prev !== prevOf(last)) break;
    committed.push(p);
    byStart.delete(n);
    n += lines.length;
    last = lines[lines.length - 1];
    if (lines.length < segmentSize) break;
  }
  return { committed, stale: [...byStart.values()] };
}
