/**
 * The ledger on disk (DESIGN §4, §9): reads the segments, appends entries atomically under a
 * single-writer lock, rolls segments, writes snapshots, and writes signed checkpoints.
 *
 * Idempotency: a draft may carry `key` (e.g. `change.applied:CHG-0042:sha256:…`); it is stored as
 * `body.key`, and a draft whose key an existing entry already carries is skipped. The key lives in the
 * entry itself, so it is covered by the chain and survives any change of subject shape.
 *
 * Crash ordering — a crash at any instant leaves the ledger as before the append or as after it:
 *  1. Snapshot files are written first (atomically). Until an entry refers to them they are not part
 *     of the ledger (verify only reads snapshot files named by snapshot entries).
 *  2. The files the append changes are, in seq order, f0 (the current last segment, rewritten with its
 *     new lines; or the first new segment) and f1..fm (new segments). f1..fm are first written in full
 *     and fsynced as `<name>.pending`, which no reader takes as part of the ledger on its own.
 *  3. f0 is replaced atomically (temp file, fsync, rename, fsync the directory). This rename is the
 *     commit point: before it the ledger is exactly as before (a pending file cannot continue it, as
 *     it does not start at the old size), after it the pending files continue the ledger exactly.
 *  4. f1..fm are renamed into place. A crash between 3 and 4 leaves committed pending files: every
 *     reader (openLedger, `verify`, `log`, `replay`) counts a pending file that starts at the ledger's
 *     size after a full segment and chains to its last line (segments.ts `committedPending`), and the
 *     next writer renames them; pending files that do not continue the ledger are deleted.
 * Checkpoints are written after the entries they cover; each file is replaced atomically.
 */
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { conflict } from '../core/errors.js';
import { canonicalStateJson, stateHash } from '../state/replay.js';
import { makeEntry, prevOf, type AppendDraft, type EntryDraft } from '../ledger/chain.js';
import { signCheckpoint } from '../ledger/checkpoint.js';
import { carryCosignatures } from '../witness/collect.js';
import { ZERO_HASH, type LedgerEntry } from '../core/ledger-entry.js';
import { fsyncDir, writeDurable, writeFileAtomic } from './atomic-write.js';
import {
  archivedCheckpointPath,
  checkpointPath,
  eventsDir,
  isSnapshotSeq,
  segmentPath,
  snapshotPath,
  type LedgerLayout,
} from '../ledger/layout.js';
import { acquireLock } from './lock.js';
import { keyOf, tryDecodeEntry } from '../ledger/entry.js';
import { CompactRange, leafHash } from '../ledger/merkle.js';
import { stateAfter } from '../ledger/replay-at.js';
import { segmentList, splitLines } from '../ledger/segments.js';

export type { AppendDraft } from '../ledger/chain.js';

export interface AppendResult {
  appended: LedgerEntry[];
  /** Drafts skipped because an entry with the same key exists (or came earlier in the same call). */
  skipped: AppendDraft[];
  size: number;
  head: string;
}

export interface SegmentFile {
  /** Repository-relative path of the segment as named in the ledger (pending files by their final name). */
  file: string;
  firstSeq: number;
  /** Absolute path on disk (may be a committed `.pending` file). */
  abs: string;
  /** Repository-relative path of the file it is read from (a committed pending segment by its `.pending` file). */
  stored: string;
}

/** The segment files that make up the ledger, in order, including committed pending ones (segments.ts `segmentList`). */
export async function listSegments(
  repoDir: string,
  layout: LedgerLayout,
): Promise<{ segments: SegmentFile[]; stale: string[] }> {
  const dir = eventsDir(layout);
  let names: string[];
  try {
    names = await readdir(join(repoDir, dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { segments: [], stale: [] };
    throw err;
  }
  const list = await segmentList(names, layout.ledger.segment_size, (n) =>
    readFile(join(repoDir, dir, n), 'utf8'),
  );
  return {
    segments: list.segments.map((s) => ({
      file: `${dir}/${s.name}`,
      firstSeq: s.firstSeq,
      abs: join(repoDir, dir, s.stored),
      stored: `${dir}/${s.stored}`,
    })),
    stale: list.stale.map((n) => join(repoDir, dir, n)),
  };
}

export interface Ledger {
  readonly repoDir: string;
  readonly layout: LedgerLayout;
  /** Every line, in seq order. */
  readonly lines: readonly string[];
  readonly size: number;
  /** `sha256:<hex>` leaf hash of the last line (ZERO_HASH when empty). */
  readonly head: string;
  /** Appends drafts (a snapshot entry is inserted first whenever the next seq is a snapshot seq). */
  append(drafts: readonly AppendDraft[]): Promise<AppendResult>;
  /** Signs the current root and writes `ledger/checkpoint` and `ledger/checkpoints/<size>.note`. */
  writeCheckpoint(signerKey: string): Promise<{ size: number; root: Buffer; file: string }>;
}

async function readLines(
  repoDir: string,
  layout: LedgerLayout,
): Promise<{ lines: string[]; segments: SegmentFile[] }> {
  const { segments } = await listSegments(repoDir, layout);
  const lines: string[] = [];
  for (const s of segments) {
    const text = await readFile(s.abs, 'utf8');
    if (text !== '' && !text.endsWith('\n'))
      throw conflict(`${s.file} ends without a newline: the ledger is damaged; run \`gatehouse verify\``);
    for (const l of splitLines(text)) lines.push(l);
  }
  return { lines, segments };
}

/** Opens the ledger of the repository at `repoDir` (read-only until `append`). */
export async function openLedger(repoDir: string, layout: LedgerLayout): Promise<Ledger> {
  let { lines } = await readLines(repoDir, layout);
  const lockPath = join(repoDir, layout.paths.ledger, '.lock');
  const lockLabel = `${layout.paths.ledger}/.lock`;

  const withLock = async <T>(fn: () => Promise<T>): Promise<T> => {
    await mkdirp(join(repoDir, layout.paths.ledger));
    const lock = await acquireLock(lockPath, lockLabel);
    try {
      await recoverPending(repoDir, layout);
      // Re-read under the lock: another writer may have appended since open.
      lines = (await readLines(repoDir, layout)).lines;
      return await fn();
    } finally {
      await lock.release();
    }
  };

  const ledger: Ledger = {
    repoDir,
    layout,
    get lines() {
      return lines;
    },
    get size() {
      return lines.length;
    },
    get head() {
      const last = lines[lines.length - 1];
      return last === undefined ? ZERO_HASH : prevOf(last);
    },
    append: (drafts) =>
      withLock(async () => {
        const result = await appendLocked(repoDir, layout, lines, drafts);
        lines = result.lines;
        return { appended: result.appended, skipped: result.skipped, size: lines.length, head: ledger.head };
      }),
    writeCheckpoint: (signerKey) =>
      withLock(async () => {
        const range = new CompactRange();
        for (const l of lines) range.append(leafHash(l));
        const root = range.root();
        const archived = archivedCheckpointPath(layout, lines.length);
        // docs/witnesses.md: re-signing a size already cosigned keeps the witnesses' lines.
        const note = carryCosignatures(
          await readFile(join(repoDir, archived), 'utf8').catch(() => undefined),
          signCheckpoint({ origin: layout.ledger.origin, size: lines.length, root }, signerKey),
        );
        await writeFileAtomic(join(repoDir, archived), note);
        await writeFileAtomic(join(repoDir, checkpointPath(layout)), note);
        return { size: lines.length, root, file: checkpointPath(layout) };
      }),
  };
  return ledger;
}

async function mkdirp(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** Step 4 of the crash ordering, redone by the next writer: rename committed pending files, drop the rest. */
async function recoverPending(repoDir: string, layout: LedgerLayout): Promise<void> {
  const dir = join(repoDir, eventsDir(layout));
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) if (/\.tmp$/.test(n)) await unlink(join(dir, n)).catch(() => undefined);
  const { segments, stale } = await listSegments(repoDir, layout);
  let changed = false;
  for (const s of segments)
    if (s.abs.endsWith('.pending')) {
      await rename(s.abs, join(repoDir, s.file));
      changed = true;
    }
  for (const p of stale) {
    await unlink(p);
    changed = true;
  }
  if (changed) await fsyncDir(dir);
}

function hasKey(lines: readonly string[], key: string): boolean {
  const needle = `"key":${JSON.stringify(key)}`;
  for (const l of lines) {
    if (!l.includes(needle)) continue;
    const e = tryDecodeEntry(l);
    // An unreadable line is verify's business; it carries no key we can trust.
    if (e !== undefined && keyOf(e) === key) return true;
  }
  return false;
}

async function appendLocked(
  repoDir: string,
  layout: LedgerLayout,
  existing: readonly string[],
  drafts: readonly AppendDraft[],
): Promise<{ lines: string[]; appended: LedgerEntry[]; skipped: AppendDraft[] }> {
  const segmentSize = layout.ledger.segment_size;
  const lines = [...existing];
  const appended: LedgerEntry[] = [];
  const skipped: AppendDraft[] = [];
  const snapshots: { path: string; text: string }[] = [];
  const seenKeys = new Set<string>();
  const readSnapshot = (_seq: number, file: string): string | undefined => {
    const own = snapshots.find((s) => s.path === file);
    if (own) return own.text;
    try {
      return readFileSync(join(repoDir, file), 'utf8');
    } catch {
      return undefined;
    }
  };

  const push = (fields: EntryDraft): void => {
    const seq = lines.length;
    const { entry, line } = makeEntry({ ...fields, seq }, seq === 0 ? null : (lines[seq - 1] as string));
    lines.push(line);
    appended.push(entry);
  };

  for (const draft of drafts) {
    const { key, ...fields } = draft;
    if (key !== undefined) {
      if (seenKeys.has(key) || hasKey(existing, key)) {
        skipped.push(draft);
        continue;
      }
      seenKeys.add(key);
    }
    if (lines.length === 0 && fields.type !== 'genesis')
      throw conflict(
        'the ledger is empty: its first entry must be a genesis entry (run `gatehouse init` or `record`)',
      );
    if (lines.length > 0 && fields.type === 'genesis')
      throw conflict('the ledger already has its genesis entry');
    if (isSnapshotSeq(layout, lines.length)) {
      // DESIGN §4: the snapshot entry records the state replayed from every entry before it.
      const seq = lines.length;
      const { state } = stateAfter(lines, seq, readSnapshot);
      const file = snapshotPath(layout, seq);
      snapshots.push({ path: file, text: `${canonicalStateJson(state)}\n` });
      push({ ts: fields.ts, type: 'snapshot', actor: 'gatehouse', body: { state: stateHash(state), file } });
    }
    push(key === undefined ? fields : { ...fields, body: { ...fields.body, key } });
  }
  if (appended.length === 0) return { lines, appended, skipped };

  // Crash ordering step 1: snapshot files.
  for (const s of snapshots) await writeFileAtomic(join(repoDir, s.path), s.text);

  // Group the new lines by segment file: f0 is the commit point, f1..fm go through `.pending`.
  const firstNew = existing.length;
  const files: { path: string; text: string }[] = [];
  let start = Math.floor(firstNew / segmentSize) * segmentSize;
  while (start < lines.length) {
    const end = Math.min(start + segmentSize, lines.length);
    files.push({
      path: join(repoDir, segmentPath(layout, start)),
      text: `${lines.slice(start, end).join('\n')}\n`,
    });
    start = end;
  }
  const [f0, ...rest] = files;
  if (!f0) return { lines, appended, skipped };
  await mkdirp(join(repoDir, eventsDir(layout)));
  for (const f of rest) await writeDurable(`${f.path}.pending`, f.text);
  await writeFileAtomic(f0.path, f0.text);
  for (const f of rest) await rename(`${f.path}.pending`, f.path);
  if (rest.length > 0) await fsyncDir(join(repoDir, eventsDir(layout)));
  return { lines, appended, skipped };
}
