/**
 * The ports of `record` (src/app/ports.ts `RecordMergePorts`) over the repository at `repoDir`: the repository
 * port (the change read once however often it is judged), git for the head commit's time, and the ledger
 * store in the work tree. Matches that interface by shape.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readCommit } from '../git/log.js';
import { resolveRef } from '../git/refs.js';
import { checkpointPath } from '../ledger/layout.js';
import type { RepoLayout } from '../repo/layout.js';
import { openLedger, type Ledger } from '../store/ledger-store.js';
import { gitRepository } from './git-repository.js';
import { assertNowAfterLedger } from './ledger-clock.js';

export function recordMergePorts(repoDir: string): {
  repo: ReturnType<typeof gitRepository>;
  committerTime(ref: string): Promise<number>;
  assertNowAfterLedger(now: Date): Promise<void>;
  openLedger(layout: RepoLayout): Promise<Ledger>;
  readCheckpoint(layout: RepoLayout): Promise<string | undefined>;
} {
  const dir = resolve(repoDir);
  return {
    repo: gitRepository(dir),
    committerTime: async (ref) => (await readCommit(dir, await resolveRef(dir, ref))).committer.timestamp,
    assertNowAfterLedger: (now) => assertNowAfterLedger(dir, now),
    openLedger: (layout) => openLedger(dir, layout),
    readCheckpoint: (layout) => readFile(join(dir, checkpointPath(layout)), 'utf8').catch(() => undefined),
  };
}
