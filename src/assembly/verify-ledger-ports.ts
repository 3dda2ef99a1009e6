/**
 * The ports of the verify use case (src/app/verify-ledger.ts `VerifyLedgerPorts`) over the repository at `root`:
 * the work tree, the ledger's files as the verifier reads them, and git for the history proof. Shared by the
 * CLI's `verify` and the Action's in-process verify; matches that interface by shape.
 */
import type { RepoLayout } from '../repo/layout.js';
import { readLedgerFiles, type LedgerFiles } from '../store/ledger-files.js';
import { FsWorkTree } from './fs-work-files.js';
import { GitCommitsOf } from './git-commits.js';

export function verifyLedgerPorts(root: string): {
  workTree: FsWorkTree;
  ledgerFiles(layout: RepoLayout): Promise<LedgerFiles>;
  git: GitCommitsOf;
} {
  return {
    workTree: new FsWorkTree(root),
    ledgerFiles: (layout) => readLedgerFiles(root, layout),
    git: new GitCommitsOf(root),
  };
}
