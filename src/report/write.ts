/**
 * Writes the report into its directory atomically (the adapter; the only module here that touches
 * the file system): every file goes into a staging directory next to the target, then the staging
 * directory replaces the target with one rename. A target that exists and is not an earlier report
 * is never overwritten.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { conflict } from '../core/errors.js';
import type { ChunkScript, ReportSink } from './chunks.js';

/** Marks a directory as a Gatehouse report, so the next run may replace it. */
export const REPORT_MARKER = '.gatehouse-report';

export function chunkFile(i: number): string {
  return `data/entries-${String(i).padStart(6, '0')}.js`;
}

export function stateFile(seq: number): string {
  return `data/state-${String(seq).padStart(12, '0')}.js`;
}

export function rareFile(code: number): string {
  return `data/type-${String(code).padStart(3, '0')}.js`;
}

// One buffer for the UTF-8 of the file being written, reused: a fresh one per file (hundreds of MB in all)
// costs more than the writes.
let encoded = Buffer.alloc(0);

/** Writes `text` as UTF-8 to a new file at `path` (what writeFileSync does), returning its byte length. */
function writeText(path: string, text: string): number {
  reserve(text.length);
  return writeEncoded(path, encoded.write(text, 0, 'utf8'));
}

/** `encoded` holds the UTF-8 of `units` UTF-16 code units (at most 3 bytes each). */
function reserve(units: number): void {
  if (units * 3 > encoded.length) encoded = Buffer.allocUnsafe(Math.max(units * 3, 1 << 20));
}

/**
 * Writes the chunk script as chunkScriptText renders it, encoding each run of lines as it stands in its
 * segment text (a slice of a flat string, encoded in place) and turning the newlines between its lines into
 * the commas between array elements. Lines are split at the newline, so every 0x0A in a run is a line break.
 */
function writeChunk(path: string, c: ChunkScript): number {
  reserve(c.head.length + c.tail.length + c.runs.reduce((k, r) => k + r.end - r.start + 1, 0));
  let n = encoded.write(c.head, 0, 'utf8');
  c.runs.forEach((r, k) => {
    if (k > 0) encoded[n++] = 0x2c;
    const from = n;
    n += encoded.write(r.text.slice(r.start, r.end), n, 'utf8');
    commasForNewlines(encoded.subarray(from, n));
  });
  n += encoded.write(c.tail, n, 'utf8');
  return writeEncoded(path, n);
}

/** Turns every newline of a run of whole lines into the comma between array elements, in place. */
export function commasForNewlines(run: Uint8Array): void {
  for (let at = run.indexOf(0x0a); at >= 0; at = run.indexOf(0x0a, at + 1)) run[at] = 0x2c;
}

/** Writes the first `n` bytes of `encoded` to a new file at `path`. */
function writeEncoded(path: string, n: number): number {
  return writeBytes(path, encoded, n);
}

/** Writes the first `n` bytes of `buf` to a new file at `path`, returning `n`. */
export function writeBytes(path: string, buf: Uint8Array, n: number): number {
  const fd = openSync(path, 'w');
  try {
    for (let at = 0; at < n;) at += writeSync(fd, buf, at, n - at);
  } finally {
    closeSync(fd);
  }
  return n;
}

export class ReportWriter implements ReportSink {
  readonly dir: string;
  readonly staging: string;
  private readonly createdParent: string | undefined;
  files = 0;
  bytes = 0;

  private constructor(dir: string, staging: string, createdParent: string | undefined) {
    this.dir = dir;
    this.staging = staging;
    this.createdParent = createdParent;
  }

  /** Checks the target and opens a staging directory beside it. */
  static open(target: string): ReportWriter {
    const dir = resolve(target);
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw conflict(`${target} exists and is not a directory`);
      const names = readdirSync(dir);
      if (names.length > 0 && !names.includes(REPORT_MARKER))
        throw conflict(
          `${target} is not empty and holds no earlier report (${REPORT_MARKER}); choose an empty or new directory`,
        );
    }
    const createdParent = mkdirSync(dirname(dir), { recursive: true });
    const staging = mkdtempSync(join(dirname(dir), `.${basename(dir)}.tmp-`));
    mkdirSync(join(staging, 'data'));
    mkdirSync(join(staging, 'assets'));
    return new ReportWriter(dir, staging, createdParent);
  }

  write(rel: string, text: string): void {
    this.bytes += writeText(join(this.staging, rel), text);
    this.files++;
  }

  chunk(i: number, script: ChunkScript): void {
    this.bytes += writeChunk(join(this.staging, chunkFile(i)), script);
    this.files++;
  }

  state(seq: number, script: string): void {
    this.write(stateFile(seq), script);
  }

  rare(code: number, script: string): void {
    this.write(rareFile(code), script);
  }

  /** Swaps the staging directory in; an earlier report is removed only after the swap. */
  commit(marker: string): void {
    writeFileSync(join(this.staging, REPORT_MARKER), marker);
    let old: string | undefined;
    if (existsSync(this.dir)) {
      old = `${this.staging}.old`;
      renameSync(this.dir, old);
    }
    renameSync(this.staging, this.dir);
    if (old) rmSync(old, { recursive: true, force: true });
  }

  /** Removes everything this writer created. */
  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
    if (this.createdParent) rmSync(this.createdParent, { recursive: true, force: true });
  }
}
