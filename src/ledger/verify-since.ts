/**
 * Incremental verification, `verify --since CHECKPOINT` (DESIGN §4, §5). An auditor who verified the ledger
 * up to a signed checkpoint (size m, root r) re-checks only what came after it:
 *   - the checkpoint's signature (the ledger's checkpoint key) and origin;
 *   - consistency: the root of the first m current leaves, taken as they stream past, is r — what an RFC
 *     9162 §2.1.4 proof built from these leaves establishes (the tree of the first m entries has root r and is
 *     a prefix of the current tree), without keeping the leaves: so nothing before seq m was rewritten;
 *   - every rule of `verify` (canonical form, shape, seq, prev, snapshots, drift) from seq m on, the first
 *     `prev` linking to the checkpoint's last entry;
 *   - replay from the nearest snapshot before m (its file checked against the hash its entry recorded),
 *     so the state is rebuilt without replaying from genesis.
 * Entries before m are only hashed (the cheap part of `verify`); their parsing, canonical checks and
 * chain are what the checkpoint already vouched for.
 */
import { applyEntry } from '../state/replay.js';
import type { GovernedState } from '../core/state-types.js';
import { parseCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { CompactRange, emptyRoot, HASH_SIZE, nodeHash } from './merkle.js';
import { snapshotFields } from './entry.js';
import { snapshotSeqs, snapshotState } from './snapshot.js';
import type { Finding, SinceReport, TextFile } from './verify-types.js';

export type { SinceReport } from './verify-types.js';

/** Leaf hashes, 32 bytes each, in one growing buffer (for consistencyProofFromHex). */
class LeafStore {
  private buf = Buffer.alloc(HASH_SIZE * 1024);
  length = 0;

  push(hex: string): void {
    if ((this.length + 1) * HASH_SIZE > this.buf.length) {
      const next = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(next);
      this.buf = next;
    }
    this.buf.write(hex, this.length * HASH_SIZE, 'hex');
    this.length++;
  }

  /**
   * MTH over leaves [start, end) (RFC 9162 §2.1.1), as a compact range over raw bytes: one stack entry per
   * set bit of the count, merged as in CompactRange, without the hex round trip per leaf.
   */
  root(start: number, end: number): Buffer {
    if (end <= start) return emptyRoot();
    const stack: Buffer[] = [];
    for (let i = start, count = 0; i < end; i++, count++) {
      let node: Buffer = this.buf.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
      for (let c = count; c % 2 === 1; c = (c - 1) / 2) node = nodeHash(stack.pop() as Buffer, node);
      stack.push(node);
    }
    let r = stack[stack.length - 1] as Buffer;
    for (let j = stack.length - 2; j >= 0; j--) r = nodeHash(stack[j] as Buffer, r);
    return Buffer.from(r);
  }
}

/** Largest power of two strictly less than n (n ≥ 2): RFC 9162 §2.1.1 split point. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) over the stored leaves (0 < m ≤ n). */
function consistencyProofOf(leaves: LeafStore, m: number, n: number): Buffer[] {
  const sub = (mm: number, start: number, end: number, complete: boolean): Buffer[] => {
    const nn = end - start;
    if (mm === nn) return complete ? [] : [leaves.root(start, end)];
    const k = splitPoint(nn);
    if (mm <= k) return [...sub(mm, start, start + k, complete), leaves.root(start + k, end)];
    return [...sub(mm - k, start + k, end, false), leaves.root(start, start + k)];
  };
  return m === 0 || m === n ? [] : sub(m, 0, n, true);
}

/** The checkpoint an incremental run starts from, parsed; throws NoteError('format') when malformed. */
export function sinceCheckpoint(file: TextFile): Checkpoint {
  return parseCheckpoint(file.text);
}

/** The state of one incremental run; verifyLedger feeds it every leaf and every line before m. */
export class SinceRun {
  readonly checkpoint: Checkpoint;
  readonly file: TextFile;
  /** Seq of the snapshot entry replay starts from (< m), or null for genesis. */
  readonly from: number | null;
  /** The leaves before m, as a compact range (RFC 9162 §2.1.1): a few hashes, not one per entry. */
  private readonly prefixRange = new CompactRange();
  private readonly snapshotText: string | undefined;

  constructor(file: TextFile, snapshots: ReadonlyMap<number, TextFile>) {
    this.file = file;
    this.checkpoint = sinceCheckpoint(file);
    const m = this.checkpoint.size;
    // A snapshot entry at seq s holds the state after every entry before it; s < m keeps it inside the
    // part the checkpoint vouches for (seq m on is checked in full, snapshots included).
    // Unlike nearestSnapshot, a damaged file here is a finding, not a reason to look further back.
    const from = snapshotSeqs(snapshots.keys(), m - 1)[0] ?? null;
    this.from = from;
    this.snapshotText = from !== null ? snapshots.get(from)?.text : undefined;
  }

  get size(): number {
    return this.checkpoint.size;
  }

  leaf(hex: string): void {
    if (this.prefixRange.size < this.checkpoint.size) this.prefixRange.append(hex);
  }

  /**
   * A line before m: nothing before the starting snapshot; the snapshot itself loads the state (its file
   * must hash to what the entry recorded); entries after it are replayed. Returns the state, or why replay
   * cannot go on.
   */
  prefix(seq: number, line: string, state: GovernedState): GovernedState | string {
    if (this.from !== null && seq < this.from) return state;
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(line) as LedgerEntry;
    } catch (err) {
      return `the entry is unreadable (${(err as Error).message})`;
    }
    if (seq === this.from) {
      const loaded =
        entry.type === 'snapshot'
          ? snapshotState(this.snapshotText ?? '', snapshotFields(entry).state)
          : undefined;
      return (
        loaded ?? `the snapshot file for seq ${seq} does not match its entry, so replay cannot start from it`
      );
    }
    try {
      applyEntry(state, entry);
    } catch (err) {
      return (err as Error).message;
    }
    return state;
  }

  /** Signature, origin and consistency of the checkpoint with the ledger as it is now. */
  finish(
    size: number,
    root: Buffer,
    origin: string,
    verifierKey: string | undefined,
    findings: Finding[],
  ): SinceReport {
    const c = this.checkpoint;
    const file = this.file.file;
    const before = findings.length;
    if (verifierKey === undefined)
      findings.push({
        check: 'checkpoint',
        file,
        message: 'no checkpoint verifier key: the checkpoint to verify from cannot be trusted',
      });
    else {
      // verifyCheckpoint parses the key too: a malformed key is a failed verification, not a throw.
      const v = verifyCheckpoint(this.file.text, verifierKey);
      if (!v.ok)
        findings.push({ check: 'checkpoint', file, message: `signature does not verify: ${v.message}` });
    }
    if (c.origin !== origin)
      findings.push({
        check: 'checkpoint',
        file,
        message: `origin "${c.origin}" is not the ledger's origin "${origin}"`,
      });
    const signed = findings.length === before;

    let consistent: boolean;
    if (c.size > size) {
      consistent = false;
      findings.push({
        check: 'consistency',
        seq: size,
        file,
        message: `checkpoint covers ${c.size} entries but the ledger holds ${size}: entries ${size}..${c.size - 1} are missing (truncated)`,
      });
    } else if (c.size === 0) {
      // No consistency proof starts at the empty tree (verifyConsistency refuses size 0): its root must be MTH({}).
      consistent = c.root.equals(emptyRoot());
      if (!consistent)
        findings.push({
          check: 'consistency',
          seq: 0,
          file,
          message: `a checkpoint of size 0 must carry the empty-tree root: the empty-tree root is ${emptyRoot().toString('base64')}, the checkpoint says ${c.root.toString('base64')}`,
        });
    } else {
      // RFC 9162 §2.1.4: the current tree's first c.size leaves must have the checkpoint's root. A proof built
      // from these same leaves verifies exactly when they do (its new root is `root` by construction).
      consistent = this.prefixRange.root().equals(c.root);
      if (!consistent)
        findings.push({
          check: 'consistency',
          seq: c.size - 1,
          file,
          message: `the ledger is not consistent with the checkpoint (size ${c.size}, root ${c.root.toString('base64')}): entries before seq ${c.size} were rewritten, removed or reordered`,
        });
    }
    return {
      file,
      size: c.size,
      root: c.root.toString('base64'),
      signed,
      consistent,
      from: this.from,
      checked: Math.max(0, size - c.size),
    };
  }
}

/** For tests and callers that hold leaf hashes: PROOF(m, D[n]) over `hexLeaves`. */
export function consistencyProofFromHex(hexLeaves: readonly string[], m: number, n: number): Buffer[] {
  const store = new LeafStore();
  for (const h of hexLeaves.slice(0, n)) store.push(h);
  return consistencyProofOf(store, m, n);
}
