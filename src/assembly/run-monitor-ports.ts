/**
 * The ports of the monitor use case (src/app/run-monitor.ts) over the repository at `repoDir`, shared by the
 * CLI (`gatehouse monitor`) and the Action (src/action/monitor-in-process.ts): the work tree, the ledger's
 * files, git, and the ledger store for `--record`. Matches that interface by shape.
 */
import { resolve } from 'node:path';
import type { RepoLayout } from '../repo/layout.js';
import { readLedgerFiles } from '../store/ledger-files.js';
import { openLedger } from '../store/ledger-store.js';
import { FsWorkTree } from './fs-work-files.js';
import { GitCommitsOf } from './git-commits.js';
import { assertNowAfterLedger } from './ledger-clock.js';

export function runMonitorPorts(repoDir: string) {
  const dir = resolve(repoDir);
  return {
    workTree: new FsWorkTree(dir),
    ledgerFiles: (layout: RepoLayout) => readLedgerFiles(dir, layout),
    git: new GitCommitsOf(dir),
    ledger: {
      assertNowAfterLedger: (now: Date) => assertNowAfterLedger(dir, now),
      openLedger: (layout: RepoLayout) => openLedger(dir, layout),
    },
  };
}
