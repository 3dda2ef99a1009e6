/**
 * Pure helpers over segment files (DESIGN §4): lines, and the one segment reader. A multi-file append writes
 * its later segment files as `<first seq>.jsonl.pending` before its commit point (see store/ledger-store.ts);
 * such a file is part of the ledger exactly when it continues it: it starts at the current size, the segment
 * before it is full, and its first line chains to the last line. `segmentList` decides which files make up the
 * ledger from their names (and, when pending files exist, their text through an injected `read`); its drivers
 * are store/ledger-store.ts `listSegments` (fs), assembly/tree-segments.ts (a TreeReader), report/load.ts and
 * assembly/history-view.ts (git blobs).
 */
import { prevOf } from './chain.js';
import { SEGMENT_NAME } from './layout.js';

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

/** One segment of the ledger as a reader finds it in the events folder. */
export interface ListedSegment {
  /** Its name in the ledger: `<first seq, 12 digits>.jsonl`. */
  name: string;
  firstSeq: number;
  /** The file that holds it: `name`, or `name.pending` for a committed pending segment. */
  stored: string;
}

export interface SegmentList {
  /** The segments that make up the ledger, in seq order. */
  segments: ListedSegment[];
  /** Pending files that do not continue the ledger (leftovers of an append that never committed). */
  stale: string[];
}

/**
 * The one segment reader (DESIGN §4): from the file names in the events folder, the segments of the ledger in
 * order, committed pending ones included, and the stale pending names. `read` gives a file's text (undefined
 * when it cannot be read); it is asked only when pending files exist, for the last segment and each pending file.
 */
export async function segmentList(
  names: Iterable<string>,
  segmentSize: number,
  read: (name: string) => Promise<string | undefined>,
): Promise<SegmentList> {
  const plain: string[] = [];
  const pendingNames: string[] = [];
  for (const n of names) {
    if (SEGMENT_NAME.test(n)) plain.push(n);
    else if (PENDING_NAME.test(n)) pendingNames.push(n);
  }
  const segments = plain.sort().map((n) => ({ name: n, firstSeq: Number(n.slice(0, 12)), stored: n }));
  if (pendingNames.length === 0) return { segments, stale: [] };
  // Only a crash between an append's commit point and its last rename leaves committed pending files.
  const lastSeg = segments[segments.length - 1];
  let size = 0;
  let lastLine: string | undefined;
  if (lastSeg) {
    const lines = splitLines((await read(lastSeg.stored)) ?? '');
    size = lastSeg.firstSeq + lines.length;
    lastLine = lines[lines.length - 1];
  }
  const pending: PendingSegment[] = [];
  for (const n of pendingNames.sort())
    pending.push({ file: n, firstSeq: Number(n.slice(0, 12)), text: (await read(n)) ?? '' });
  const { committed, stale } = committedPending(size, lastLine, segmentSize, pending);
  for (const p of committed)
    segments.push({ name: p.file.slice(0, -'.pending'.length), firstSeq: p.firstSeq, stored: p.file });
  return { segments, stale: stale.map((p) => p.file) };
}

/** The files directly in `dir` (name → path), from a tree's recursive listing (TreeReader.list). */
export function filesIn(dir: string, paths: readonly string[]): Map<string, string> {
  const norm = dir
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
  const out = new Map<string, string>();
  for (const p of paths) {
    const at = p.lastIndexOf('/');
    if ((at < 0 ? '' : p.slice(0, at)) === norm) out.set(p.slice(at + 1), p);
  }
  return out;
}
