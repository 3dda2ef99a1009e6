/**
 * RFC 9162 §2.1 Merkle hash trees (the RFC 6962 tree with SHA-256): leaf and node hashes, the tree
 * head, a compact range for O(log n) appends, and inclusion / consistency proofs.
 *
 * Sizes and indices are JS numbers (exact up to 2^53); no bitwise shifts are used on them, so trees
 * larger than 2^31 leaves stay correct.
 */
import { hash } from 'node:crypto';

export const HASH_SIZE = 32;

// One scratch buffer for leaf hashing: the ledger hashes a million lines, and allocating a fresh
// `0x00 ‖ line` buffer per line costs more than the hash itself.
let scratch = Buffer.alloc(64 * 1024);
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);

function sha256(data: Uint8Array): Buffer {
  return hash('sha256', data, 'buffer');
}

/** RFC 9162 §2.1.1: MTH({}) = SHA-256() — the hash of the empty tree. */
export function emptyRoot(): Buffer {
  return sha256(new Uint8Array(0));
}

/** RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 ‖ d). A string is hashed as its UTF-8 bytes. */
export function leafHash(data: string | Uint8Array): Buffer {
  if (typeof data === 'string') {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (data.length * 3 + 1 > scratch.length) scratch = Buffer.alloc(data.length * 3 + 1);
    scratch[0] = 0x00;
    const n = scratch.write(data, 1, 'utf8');
    return sha256(scratch.subarray(0, n + 1));
  }
  if (data.length + 1 > scratch.length) scratch = Buffer.alloc(data.length + 1);
  scratch[0] = 0x00;
  scratch.set(data, 1);
  return sha256(scratch.subarray(0, data.length + 1));
}

/**
 * leafHash as lower-case hex. The hot path of `verify`: hex output from node:crypto is cheaper than a
 * Buffer, and the hex is what the next entry's `prev` carries anyway.
 */
export function leafHashHex(line: string): string {
  return hash('sha256', `\u0000${line}`, 'hex');
}

/** nodeHash over hex-encoded children, returning hex. */
export function nodeHashHex(left: string, right: string): string {
  nodeScratch[0] = 0x01;
  nodeScratch.write(left, 1, 'hex');
  nodeScratch.write(right, 1 + HASH_SIZE, 'hex');
  return hash('sha256', nodeScratch, 'hex');
}

/** RFC 9162 §2.1.1: interior node hash = SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeScratch[0] = 0x01;
    nodeScratch.set(left, 1);
    nodeScratch.set(right, 1 + HASH_SIZE);
    return sha256(nodeScratch);
  }
  return sha256(Buffer.concat([Buffer.of(0x01), left, right]));
}

/**
 * The right edge of a tree being built leaf by leaf: one perfect subtree root per set bit of `size`,
 * largest first. Appending merges equal-sized subtrees (amortised one node hash per leaf, at most
 * log2(n)); `root()` folds them right to left, which is MTH of RFC 9162 §2.1.1 for any n.
 */
export class CompactRange {
  // Subtree roots as hex (see leafHashHex for why hex).
  private readonly nodes: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash: 32 bytes, or 64 hex digits (see leafHash, leafHashHex). */
  append(leaf: Uint8Array | string): void {
    let node =
      typeof leaf === 'string'
        ? leaf
        : Buffer.from(leaf.buffer, leaf.byteOffset, leaf.byteLength).toString('hex');
    if (node.length !== 2 * HASH_SIZE) throw new RangeError('a leaf hash is 32 bytes');
    // Each trailing 1-bit of the old size is a perfect subtree the new leaf completes.
    let n = this.count;
    while (n % 2 === 1) {
      const left = this.nodes.pop();
      if (left === undefined) throw new Error('compact range corrupted');
      node = nodeHashHex(left, node);
      n = (n - 1) / 2;
    }
    this.nodes.push(node);
    this.count++;
  }

  /** MTH over the leaves appended so far. */
  root(): Buffer {
    const last = this.nodes[this.nodes.length - 1];
    if (last === undefined) return emptyRoot();
    let r = last;
    for (let i = this.nodes.length - 2; i >= 0; i--) r = nodeHashHex(this.nodes[i] as string, r);
    return Buffer.from(r, 'hex');
  }
}

/** Largest power of two strictly less than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 9162 §2.1.1 MTH over leaf hashes (already leaf-hashed, see leafHash). */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  const range = new CompactRange();
  for (const l of leaves) range.append(l);
  return range.root();
}

function subtreeRoot(leaves: readonly Uint8Array[], start: number, end: number): Buffer {
  return merkleRoot(leaves.slice(start, end));
}

function checkIndex(what: string, v: number, max: number): void {
  if (!Number.isSafeInteger(v) || v < 0 || v > max)
    throw new RangeError(`${what} ${v} out of range 0..${max}`);
}

/** RFC 9162 §2.1.3.1: the audit path for leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number, size: number): Buffer[] {
  checkIndex('size', size, leaves.length);
  checkIndex('index', index, size - 1);
  const path = (m: number, start: number, end: number): Buffer[] => {
    const n = end - start;
    if (n <= 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...path(m, start, start + k), subtreeRoot(leaves, start + k, end)];
    return [...path(m - k, start + k, end), subtreeRoot(leaves, start, start + k)];
  };
  return path(index, 0, size);
}

/** RFC 9162 §2.1.4.1: the consistency proof from the tree of size m to the tree of size n. */
export function consistencyProof(leaves: readonly Uint8Array[], m: number, n: number): Buffer[] {
  checkIndex('size', n, leaves.length);
  checkIndex('old size', m, n);
  if (m === 0 || m === n) return [];
  const sub = (mm: number, start: number, end: number, complete: boolean): Buffer[] => {
    const nn = end - start;
    if (mm === nn) return complete ? [] : [subtreeRoot(leaves, start, end)];
    const k = splitPoint(nn);
    if (mm <= k) return [...sub(mm, start, start + k, complete), subtreeRoot(leaves, start + k, end)];
    return [...sub(mm - k, start + k, end, false), subtreeRoot(leaves, start, start + k)];
  };
  return sub(m, 0, n, true);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

const isOdd = (x: number): boolean => x % 2 === 1;
function isPowerOfTwo(x: number): boolean {
  let n = x;
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}
const half = (x: number): number => Math.floor(x / 2);

/** RFC 9162 §2.1.3.2: true when `proof` proves leaf `leaf` at `index` in the tree (`size`, `root`). */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== HASH_SIZE || root.length !== HASH_SIZE) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (p.length !== HASH_SIZE || sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: true when `proof` shows the tree (size1, root1) is a prefix of (size2, root2). Always false
 * for size1 = 0.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1)
    return false;
  // A proof from the empty tree proves nothing (it checks neither root): refused, as transparency-dev/merkle
  // does. A caller holding a size-0 checkpoint compares its root with MTH({}) instead (see verify-since.ts).
  if (size1 === 0) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (proof.length === 0 || root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  // Step 1: if size1 is an exact power of 2, prepend root1 to the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const first = path[0] as Uint8Array;
  let fr: Buffer = Buffer.from(first);
  let sr: Buffer = Buffer.from(first);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return bytesEqual(fr, root1) && bytesEqual(sr, root2) && sn === 0;
}
