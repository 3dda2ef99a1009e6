/**
 * The one nearest-snapshot search (DESIGN §4, §7): the state at a point of the ledger starts from the newest
 * snapshot entry at or before it whose file hashes to what the entry recorded; a missing or damaged file
 * is passed over and the search goes further back, to genesis when none is usable. A snapshot entry at seq s
 * holds the state after every entry before it — after entry s too — so replay resumes at s + 1.
 *
 * The search is written once, as a generator that asks for each snapshot file it needs; `nearestSnapshot`
 * answers from a synchronous reader (work tree, lines in memory), `nearestSnapshotAsync` from a git tree.
 */
import { sha256Tagged } from '../core/jcs.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import type { GovernedState } from '../core/state-types.js';
import { snapshotOf } from './entry.js';

/** A usable snapshot: its seq and the state it holds. */
export interface NearestSnapshot {
  seq: number;
  state: GovernedState;
}

/** Reads the file a snapshot entry names (`body.file`), or undefined when absent. */
export type SnapshotReader = (seq: number, file: string) => string | undefined;

/**
 * The state a snapshot file holds (its JCS and a newline) when it hashes to what its entry recorded;
 * undefined when it does not.
 */
export function snapshotState(text: string, recorded: unknown): GovernedState | undefined {
  const content = text.endsWith('\n') ? text.slice(0, -1) : text;
  return sha256Tagged(content) === recorded ? (JSON.parse(content) as GovernedState) : undefined;
}

/** The seqs in `seqs` that may hold a snapshot at or before `atMost` (seq 0 is genesis), newest first. */
export function snapshotSeqs(seqs: Iterable<number>, atMost: number): number[] {
  return [...seqs].filter((s) => s > 0 && s <= atMost).sort((a, b) => b - a);
}

/**
 * The search: `candidates` newest first, `entryAt` the snapshot entry at a seq (undefined: none there).
 * Yields each file it needs and receives its text; returns the snapshot it settled on.
 */
function* search(
  candidates: Iterable<number>,
  entryAt: (seq: number) => LedgerEntry | undefined,
): Generator<{ seq: number; file: string }, NearestSnapshot | undefined, string | undefined> {
  for (const seq of candidates) {
    const entry = entryAt(seq);
    const snap = entry === undefined ? undefined : snapshotOf(entry);
    if (snap === undefined) continue;
    const text = yield { seq, file: snap.file };
    if (text === undefined) continue;
    const state = snapshotState(text, snap.state);
    if (state !== undefined) return { seq, state };
  }
  return undefined;
}

export function nearestSnapshot(
  candidates: Iterable<number>,
  entryAt: (seq: number) => LedgerEntry | undefined,
  read: SnapshotReader,
): NearestSnapshot | undefined {
  const it = search(candidates, entryAt);
  for (let step = it.next(); ;) {
    if (step.done) return step.value;
    step = it.next(read(step.value.seq, step.value.file));
  }
}

export async function nearestSnapshotAsync(
  candidates: Iterable<number>,
  entryAt: (seq: number) => LedgerEntry | undefined,
  read: (seq: number, file: string) => Promise<string | undefined>,
): Promise<NearestSnapshot | undefined> {
  const it = search(candidates, entryAt);
  for (let step = it.next(); ;) {
    if (step.done) return step.value;
    step = it.next(await read(step.value.seq, step.value.file));
  }
}
