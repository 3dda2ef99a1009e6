/**
 * The types of the ledger verifier (src/ledger/verify.ts) and its parts (verify-checkpoints.ts, verify-since.ts,
 * verify-snapshot.ts): its input, its report and its findings. They live apart from the verifier so that the
 * parts import them without importing the verifier (no module cycle).
 */
import type { GovernedState } from '../core/state-types.js';
import type { WitnessInput, WitnessReport } from '../witness/check.js';
import type { LedgerLayout } from './layout.js';

export type { WitnessInput } from '../witness/check.js';

export interface TextFile {
  file: string;
  text: string;
  /** Why the file has no text: its bytes are not UTF-8 (see decodeNote). `text` is then empty. */
  unreadable?: string;
}

export interface SinceReport {
  /** The checkpoint file verification started from. */
  file: string;
  /** Its size m: entries 0..m-1 are covered by it. */
  size: number;
  /** Its root, base64 (as in the note). */
  root: string;
  /** Signature and origin verified with the ledger's checkpoint key. */
  signed: boolean;
  /** RFC 9162 consistency of the checkpoint's root with the current root. */
  consistent: boolean;
  /** Seq of the snapshot replay started from, or null for genesis. */
  from: number | null;
  /** Entries verified in full (seq m on). */
  checked: number;
}

export type FindingCheck =
  | 'json'
  | 'canonical'
  | 'shape'
  | 'seq'
  | 'prev'
  | 'genesis'
  | 'ts-order'
  | 'segment'
  | 'checkpoint'
  | 'snapshot'
  | 'replay'
  | 'drift'
  | 'consistency'
  | 'history'
  | 'witness';

export interface Finding {
  check: FindingCheck;
  seq?: number;
  file: string;
  line?: number;
  message: string;
}

export interface SegmentInput {
  file: string;
  /** The file's text, or a function that reads it when its turn comes (keeps one segment in memory). */
  text: string | (() => string);
  /**
   * The file's bytes, read when its turn comes; when given with a `text` that is a function, the verifier reads
   * these instead (the same lines: `text` is their UTF-8 decoding). The view may be reused by the next read.
   */
  bytes?: () => Uint8Array;
  /**
   * The file's bytes framed for the verifier, read when its turn comes: file size + 2 bytes, the file's between
   * a first and a last byte that are free. The buffer is the verifier's to write until the next read (it puts
   * zeros there and over the newlines, see verify-segment.ts). Preferred to `bytes` when given with them.
   */
  framed?: () => Buffer;
}

export interface VerifyInput {
  /** Segment files in seq order (by name). */
  segments: readonly SegmentInput[];
  /** Archived checkpoints, `ledger/checkpoints/<size>.note`. */
  checkpoints: readonly TextFile[];
  /** The latest checkpoint, `ledger/checkpoint`, when present. */
  latestCheckpoint?: TextFile;
  /** Snapshot files by seq (`ledger/snapshots/<seq>.json`). */
  snapshots: ReadonlyMap<number, TextFile>;
  /** The checkpoint verifier key text, and the file it came from (for messages). */
  verifierKey?: string;
  verifierKeyFile?: string;
  layout: LedgerLayout;
  /** The state built from the working tree's state/ files, for drift. */
  workingState?: GovernedState;
  /** Where each working resource is defined, for file:line on drift findings. */
  workingOrigins?: ReadonlyMap<string, { file: string; line?: number }>;
  onProgress?: (done: number, total: number) => void;
  /**
   * `verify --since`: the checkpoint verified earlier. Entries before its size are only hashed and replayed
   * from the nearest snapshot; its root must be consistent with the current one (verify-since.ts).
   * Throws NoteError('format') when the note does not parse.
   */
  since?: TextFile;
  /** policies/witnesses.yaml, when the repository has one (docs/witnesses.md). */
  witnesses?: WitnessInput;
}

export interface VerifyReport {
  ok: boolean;
  /** Number of entries. */
  size: number;
  /** `sha256:<hex>` leaf hash of the last line (the `prev` the next entry must carry). */
  head: string;
  root: { base64: string; hex: string };
  /** Checkpoints whose signature, origin and root all verified. */
  checkpoints: number;
  /** Snapshot entries whose hash and file both match the replayed state. */
  snapshots: number;
  /** Differing resource keys between the ledger's replayed state and the working tree (when given). */
  drift: string[];
  findings: Finding[];
  /** Things that are not violations but limit what was proven (e.g. no checkpoint). */
  notes: string[];
  /** With `since`: what the incremental run started from and proved. */
  since?: SinceReport;
  /** With `witnesses`: the cosigners of each checkpoint and the quorum. */
  witnesses?: WitnessReport;
}
