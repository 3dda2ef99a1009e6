/**
 * The ledger's single-writer lock (DESIGN §4): a lock file created exclusively (link(2) of a staged file). A lock left by a
 * process that no longer runs is reported with the command that clears it — never silently taken
 * over, since two writers could otherwise both believe they hold it.
 */
import { link, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { conflict } from '../core/errors.js';

export interface LedgerLock {
  readonly path: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path` (its directory must exist) or throws `conflict` saying who holds it. */
export async function acquireLock(path: string, label = path): Promise<LedgerLock> {
  // Write the owner first, then publish it with link(2), which fails if the lock exists: a lock file is
  // never visible without the pid that owns it, whenever the writer is killed.
  const staged = `${path}.${process.pid}.tmp`;
  const fh = await open(staged, 'w');
  try {
    await fh.writeFile(`pid ${process.pid}\nhost ${hostname()}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(staged, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw await heldBy(path, label);
  } finally {
    await unlink(staged).catch(() => undefined);
  }
  let released = false;
  return {
    path,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      await unlink(path).catch(() => undefined);
    },
  };
}

async function heldBy(path: string, label: string): Promise<Error> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number(/^pid (\d+)$/m.exec(text)?.[1] ?? NaN);
  const host = /^host (.+)$/m.exec(text)?.[1];
  const clear = `If no gatehouse process is writing this ledger, remove the lock: rm ${label}`;
  if (!Number.isSafeInteger(pid))
    return conflict(`the ledger lock ${label} exists but names no process. ${clear}`);
  if (host !== undefined && host !== hostname())
    return conflict(`the ledger is locked by process ${pid} on host ${host} (${label}). ${clear}`);
  if (alive(pid))
    return conflict(`the ledger is being written by process ${pid} (lock ${label}); wait for it to finish`);
  return conflict(
    `stale ledger lock ${label}: process ${pid} is no longer running (it stopped during a write; the ledger ` +
      `is intact — every write is atomic). ${clear}`,
  );
}
