/**
 * Writes the report into its directory atomically (the adapter; the only module here that touches
 * the file system): every file goes into a staging directory next to the target, then the staging
 * directory replaces the target with one rename. A target that exists and is not an earlier report
 * is never overwritten.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { conflict } from '../core/errors.js';
import type { ReportSink } from './model.js';

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
    writeFileSync(join(this.staging, rel), text);
    this.files++;
    this.bytes += Buffer.byteLength(text);
  }

  chunk(i: number, script: string): void {
    this.write(chunkFile(i), script);
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
