/**
 * Reads a repository's ledger files into the pure verifier's input (fs adapter for `verify`, `log`,
 * `replay`). Segments are read lazily, one at a time, so a long ledger is never all in memory twice.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointPath, checkpointsDir, snapshotsDir, type LedgerLayout } from '../ledger/layout.js';
import { decodeNote, NoteError } from '../ledger/note.js';
import { listSegments, type SegmentFile } from './ledger-store.js';
import { splitLines } from '../ledger/segments.js';
import type { SegmentInput, TextFile } from '../ledger/verify.js';

export interface LedgerFiles {
  segments: SegmentInput[];
  /** The repository-relative file each segment is read from, when read from a directory (ledger-store.ts `stored`). */
  stored?: readonly string[];
  checkpoints: TextFile[];
  latestCheckpoint?: TextFile;
  snapshots: ReadonlyMap<number, TextFile>;
}

/**
 * `ledger/snapshots/<seq>.json` by seq, each file read when it is asked for and not kept: a ledger holds one
 * full state per `snapshot_every` entries, so memory must follow the state, not the ledger (DESIGN §7).
 */
export class SnapshotFilesOnDisk implements ReadonlyMap<number, TextFile> {
  private readonly repoDir: string;
  /** seq → the file's path relative to the repository. */
  private readonly files: ReadonlyMap<number, string>;

  constructor(repoDir: string, files: ReadonlyMap<number, string>) {
    this.repoDir = repoDir;
    this.files = files;
  }

  get size(): number {
    return this.files.size;
  }

  has(seq: number): boolean {
    return this.files.has(seq);
  }

  get(seq: number): TextFile | undefined {
    const file = this.files.get(seq);
    return file === undefined ? undefined : { file, text: readFileSync(join(this.repoDir, file), 'utf8') };
  }

  keys(): MapIterator<number> {
    return this.files.keys();
  }

  *entries(): MapIterator<[number, TextFile]> {
    for (const seq of this.files.keys()) yield [seq, this.get(seq)!];
  }

  *values(): MapIterator<TextFile> {
    for (const seq of this.files.keys()) yield this.get(seq)!;
  }

  [Symbol.iterator](): MapIterator<[number, TextFile]> {
    return this.entries();
  }

  forEach(fn: (value: TextFile, key: number, map: ReadonlyMap<number, TextFile>) => void): void {
    for (const [seq, value] of this.entries()) fn(value, seq, this);
  }
}

async function readOptional(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A checkpoint file, decoded strictly (signed-note: valid UTF-8); bytes that are not UTF-8 are reported. */
export function noteFile(file: string, bytes: Uint8Array): TextFile {
  try {
    return { file, text: decodeNote(bytes) };
  } catch (err) {
    if (!(err instanceof NoteError)) throw err;
    return { file, text: '', unreadable: err.message };
  }
}

// One buffer for the segment being read, reused: a fresh buffer per segment costs more than the read.
let segmentBuffer = Buffer.alloc(0);

/**
 * The bytes of the file at `path`, in a buffer reused by the next call; with `pad`, that many free bytes
 * before and after them (the view spans both).
 */
function readReused(path: string, pad = 0): Buffer {
  const fd = openSync(path, 'r');
  try {
    let size = fstatSync(fd).size;
    let at = pad;
    for (;;) {
      if (pad + size + pad + 1 > segmentBuffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(pad + size + pad + 1, segmentBuffer.length * 2, 1 << 20));
        segmentBuffer.copy(grown, 0, 0, at);
        segmentBuffer = grown;
      }
      const n = readSync(fd, segmentBuffer, at, segmentBuffer.length - pad - at, null);
      if (n === 0) break;
      at += n;
      // the file grew while being read: read on to its end
      if (at - pad >= size) size = at - pad + 1;
    }
    return segmentBuffer.subarray(0, at + pad);
  } finally {
    closeSync(fd);
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function readLedgerFiles(repoDir: string, layout: LedgerLayout): Promise<LedgerFiles> {
  const { segments } = await listSegments(repoDir, layout);
  const checkpoints: TextFile[] = [];
  for (const n of listDir(join(repoDir, checkpointsDir(layout)))
    .filter((x) => x.endsWith('.note'))
    .sort()) {
    const file = `${checkpointsDir(layout)}/${n}`;
    checkpoints.push(noteFile(file, readFileSync(join(repoDir, file))));
  }
  const latestBytes = await readOptional(join(repoDir, checkpointPath(layout)));
  const snapshotFiles = new Map<number, string>();
  for (const n of listDir(join(repoDir, snapshotsDir(layout)))) {
    const m = /^(\d+)\.json$/.exec(n);
    if (m) snapshotFiles.set(Number(m[1]), `${snapshotsDir(layout)}/${n}`);
  }
  const snapshots = new SnapshotFilesOnDisk(repoDir, snapshotFiles);
  return {
    segments: segments.map((s: SegmentFile) => ({
      file: s.file,
      text: () => readFileSync(s.abs, 'utf8'),
      bytes: () => readReused(s.abs),
      framed: () => readReused(s.abs, 1),
    })),
    stored: segments.map((s) => s.stored),
    checkpoints,
    ...(latestBytes !== undefined ? { latestCheckpoint: noteFile(checkpointPath(layout), latestBytes) } : {}),
    snapshots,
  };
}

/** Every ledger line with where it came from, in seq order. */
export async function readLedgerLines(
  repoDir: string,
  layout: LedgerLayout,
): Promise<{ lines: string[]; origin: (seq: number) => { file: string; line: number } }> {
  const { segments } = await listSegments(repoDir, layout);
  const lines: string[] = [];
  const starts: { seq: number; file: string }[] = [];
  for (const s of segments) {
    starts.push({ seq: lines.length, file: s.file });
    for (const l of splitLines(await readFile(s.abs, 'utf8'))) lines.push(l);
  }
  const origin = (seq: number): { file: string; line: number } => {
    let at = starts[0] ?? { seq: 0, file: '' };
    for (const s of starts) if (s.seq <= seq) at = s;
    return { file: at.file, line: seq - at.seq + 1 };
  };
  return { lines, origin };
}
