/**
 * The git port of the use cases (src/app/ports.ts `GitCommits`) over the repository at `root`. It matches that
 * interface by shape: the assembly layer sits below src/app and imports nothing from it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TreeReader } from '../core/tree.js';
import { changedFiles, type ChangedFile } from '../git/diff.js';
import { firstParentHistory, type CommitInfo } from '../git/log.js';
import { resolveRef } from '../git/refs.js';
import { openRepo } from '../git/repo.js';
import { GitTree } from '../git/tree.js';
import type { Keyring } from '../identity/types.js';
import { readChangeCore, type ChangeCore } from './change-read.js';
import { verifyCommits, type CommitRow } from './commit-signatures.js';
import {
  ledgerLineOrigins,
  verifyLedgerHistory,
  type HistoryResult,
  type LineOrigin,
} from './ledger-history.js';

export class GitCommitsOf {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async isRepository(): Promise<boolean> {
    return existsSync(join(this.root, '.git'));
  }

  resolve(ref: string): Promise<string> {
    return resolveRef(this.root, ref);
  }

  tree(commit: string, label?: string): TreeReader {
    return new GitTree(this.root, commit, label);
  }

  changeCore(base: string, head: string): Promise<ChangeCore> {
    return readChangeCore(this.root, base, head);
  }

  commitSignatures(base: string, head: string, keyring: Keyring, at: Date): Promise<CommitRow[]> {
    return verifyCommits(this.root, base, head, keyring, { at });
  }

  ledgerLineOrigins(ref: string, ledgerDir: string): Promise<Map<number, LineOrigin>> {
    return ledgerLineOrigins(this.root, ref, ledgerDir);
  }

  async isShallow(): Promise<boolean> {
    return existsSync(join((await openRepo(this.root)).gitdir, 'shallow'));
  }

  ledgerHistory(commit: string): Promise<HistoryResult> {
    return verifyLedgerHistory(this.root, commit);
  }

  firstParentHistory(ref: string, limit: number): Promise<CommitInfo[]> {
    return firstParentHistory(this.root, ref, { limit });
  }

  changedFiles(from: string, to: string): Promise<ChangedFile[]> {
    return changedFiles(this.root, from, to);
  }
}
