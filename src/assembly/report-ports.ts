/**
 * The ports of the report use case (src/app/build-report.ts `BuildReportPorts`, matched by shape: the assembly
 * sits below the use cases) over the repository at `root`: the work tree, the ledger files, git HEAD and
 * status, the report directory (src/report/write.ts, staged and swapped in atomically) and the verification
 * thread (verifier-thread.ts).
 */
import { uncommittedFiles } from '../git/worktree.js';
import type { RepoLayout } from '../repo/layout.js';
import { ReportWriter } from '../report/write.js';
import { readLedgerFiles, type LedgerFiles } from '../store/ledger-files.js';
import { FsWorkTree } from './fs-work-files.js';
import { GitCommitsOf } from './git-commits.js';
import { startVerifierThread, type VerifierThread } from './verifier-thread.js';

export interface FsReportPorts {
  workTree: FsWorkTree;
  ledgerFiles(layout: RepoLayout): Promise<LedgerFiles>;
  git: GitCommitsOf;
  uncommitted(dirs: readonly string[]): ReturnType<typeof uncommittedFiles>;
  openReportDir(out: string): ReportWriter;
  verifyAside(layout: RepoLayout): Promise<VerifierThread | undefined>;
}

export function reportPorts(root: string): FsReportPorts {
  return {
    workTree: new FsWorkTree(root),
    ledgerFiles: (layout) => readLedgerFiles(root, layout),
    git: new GitCommitsOf(root),
    uncommitted: (dirs) => uncommittedFiles(root, dirs),
    openReportDir: (target) => ReportWriter.open(target),
    // the verification on a second core when the bundle carries its worker (dist/verify-worker.js)
    verifyAside: (layout) => startVerifierThread(root, layout),
  };
}
