/**
 * The chain status the report shows (DESIGN §4), computed while the ledger streams through once:
 * size, head, RFC 9162 Merkle root, `prev` links, contiguous `seq`, JCS form, and the roots at each
 * checkpoint size. Signature checks on checkpoints are `gatehouse verify`'s job; a caller holding a
 * full verify report passes it to the model instead.
 */
import { isCanonicalLine } from '../ledger/canonical-line.js';
import { ZERO_HASH, type LedgerEntry } from '../core/ledger-entry.js';
import { CompactRange, leafHash } from '../ledger/merkle.js';
import type { VerifyReport } from '../ledger/verify.js';

export interface ChainFinding {
  seq?: number;
  file?: string;
  line?: number;
  message: string;
}

export interface CheckpointStatus {
  size: number;
  /** base64 root as written in the note */
  root: string;
  file?: string;
  /** the note's root equals the Merkle root of the first `size` entries (undefined: not checked) */
  ok?: boolean;
  note?: string;
}

/** A VerifyReport-like summary: what the report needs from chain verification. */
export interface ChainStatus {
  ok: boolean;
  size: number;
  /** `sha256:<hex>` leaf hash of the last entry (ZERO_HASH when empty) */
  head: string;
  /** `sha256:<hex>` RFC 9162 Merkle tree head over all entries */
  root: string;
  checkpoints: CheckpointStatus[];
  snapshots: number;
  findings: ChainFinding[];
}

const MAX_FINDINGS = 100;

/**
 * Checks the chain entry by entry. `add` takes each line with its parsed entry, in order; `finish`
 * gives the status. Memory is O(log n) plus the findings (capped).
 */
export class ChainChecker {
  private readonly merkle = new CompactRange();
  private readonly findings: ChainFinding[] = [];
  private readonly pending: CheckpointStatus[];
  private readonly done: CheckpointStatus[] = [];
  private prevLeaf = ZERO_HASH;
  private failures = 0;
  private snapshotCount = 0;
  private readonly checkJcs: boolean;

  constructor(checkpoints: CheckpointStatus[] = [], opts: { checkJcs?: boolean } = {}) {
    this.pending = [...checkpoints].sort((a, b) => a.size - b.size);
    this.checkJcs = opts.checkJcs ?? true;
    this.settleCheckpoints();
  }

  add(line: string, entry: LedgerEntry, where: { file: string; line: number }): void {
    const seq = this.merkle.size;
    if (entry.seq !== seq)
      this.fail({ seq: entry.seq, ...where, message: `seq ${entry.seq}, expected ${seq}` });
    // DESIGN §4: prev of entry i is sha256:hex(leaf_{i-1}); all zeros for seq 0
    if (entry.prev !== this.prevLeaf)
      this.fail({ seq: entry.seq, ...where, message: `prev ${entry.prev} does not match ${this.prevLeaf}` });
    // DESIGN §4: a line must be its own JCS form
    if (this.checkJcs && !isCanonicalLine(line, entry))
      this.fail({ seq: entry.seq, ...where, message: 'line is not in JCS (RFC 8785) form' });
    if (entry.type === 'snapshot') this.snapshotCount++;
    const leaf = leafHash(line);
    this.prevLeaf = `sha256:${leaf.toString('hex')}`;
    this.merkle.append(leaf);
    this.settleCheckpoints();
  }

  private settleCheckpoints(): void {
    while (this.pending[0] && this.pending[0].size <= this.merkle.size) {
      const cp = this.pending.shift()!;
      if (cp.size === this.merkle.size) {
        const ok = this.merkle.root().toString('base64') === cp.root;
        this.done.push({ ...cp, ok, ...(ok ? {} : { note: 'root does not match the ledger' }) });
        if (!ok) this.fail({ file: cp.file, message: `checkpoint at size ${cp.size}: root does not match` });
      }
    }
  }

  private fail(f: ChainFinding): void {
    this.failures++;
    if (this.findings.length < MAX_FINDINGS) this.findings.push(f);
  }

  finish(): ChainStatus {
    for (const cp of this.pending) {
      this.done.push({ ...cp, ok: false, note: `ledger has only ${this.merkle.size} entries` });
      this.fail({
        file: cp.file,
        message: `checkpoint at size ${cp.size} is beyond the ledger (${this.merkle.size})`,
      });
    }
    this.pending.length = 0;
    if (this.failures > this.findings.length)
      this.findings.push({ message: `${this.failures - this.findings.length} more findings not listed` });
    return {
      ok: this.failures === 0,
      size: this.merkle.size,
      head: this.prevLeaf,
      root: `sha256:${this.merkle.root().toString('hex')}`,
      checkpoints: this.done,
      snapshots: this.snapshotCount,
      findings: this.findings,
    };
  }
}

/**
 * The chain status from a full `verifyLedger` report (checkpoint signatures, snapshots and drift
 * included). The report counts verified checkpoints; the notes read from the ledger folder give each
 * one's size and root, failed when a checkpoint finding names its file.
 */
export function chainFromVerify(report: VerifyReport, notes: CheckpointStatus[]): ChainStatus {
  const failed = new Set(report.findings.filter((f) => f.check === 'checkpoint').map((f) => f.file));
  return {
    ok: report.ok,
    size: report.size,
    head: report.head,
    root: `sha256:${report.root.hex}`,
    checkpoints: notes.map((n) => ({
      ...n,
      ok: !failed.has(n.file ?? ''),
      ...(failed.has(n.file ?? '') ? { note: 'see findings' } : {}),
    })),
    snapshots: report.snapshots,
    findings: [
      ...report.findings.map((f) => ({
        ...(f.seq !== undefined ? { seq: f.seq } : {}),
        file: f.file,
        ...(f.line !== undefined ? { line: f.line } : {}),
        message: `${f.check}: ${f.message}`,
      })),
    ],
  };
}
