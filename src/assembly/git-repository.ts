/**
 * The repository port over git (src/app/ports.ts `RepositoryPort`, matched by shape: the assembly sits below
 * the use cases): each change snapshot delegates to the change-set reader (change-read.ts) and keeps its
 * answer, so each reader runs at most once per base..head in a run, and a change set read first answers for the
 * core too; a commit's policy is read once per ref through the strict loaders.
 */
import { GitTree } from '../git/tree.js';
import { resolveRef } from '../git/refs.js';
import { uncommittedFiles, type UncommittedFile } from '../git/worktree.js';
import { loadLayout } from '../repo/layout.js';
import { loadPolicy, type Policy } from '../repo/load-policy.js';
import { readChangeCore, readChangeSet, type ChangeCore, type ChangeSet } from './change-read.js';

/** One base..head, read once (src/app/ports.ts `ChangeSnapshot`). */
export interface GitChangeSnapshot {
  readonly base: string;
  readonly head: string;
  core(): Promise<ChangeCore>;
  changeSet(): Promise<ChangeSet>;
}

function snapshot(dir: string, base: string, head: string): GitChangeSnapshot {
  let core: Promise<ChangeCore> | undefined;
  let set: Promise<ChangeSet> | undefined;
  return {
    base,
    head,
    // A change set is a superset of its core: once read, it answers for the core too (a set that failed,
    // e.g. on a broken base policy, leaves the core to its own reader, which does not read the policy).
    core: () =>
      (core ??= set ? set.catch(() => readChangeCore(dir, base, head)) : readChangeCore(dir, base, head)),
    changeSet: () => (set ??= readChangeSet(dir, base, head)),
  };
}

export interface GitRepository {
  readonly dir: string;
  change(base: string, head: string): GitChangeSnapshot;
  policyAt(ref: string): Promise<Policy>;
  uncommitted(dirs: readonly string[]): UncommittedFile[];
}

export function gitRepository(dir: string): GitRepository {
  const changes = new Map<string, GitChangeSnapshot>();
  const policies = new Map<string, Promise<Policy>>();
  return {
    dir,
    change(base, head) {
      const key = `${base}\0${head}`;
      let s = changes.get(key);
      if (s === undefined) changes.set(key, (s = snapshot(dir, base, head)));
      return s;
    },
    policyAt(ref) {
      let p = policies.get(ref);
      if (p === undefined) {
        p = (async () => {
          const tree = new GitTree(dir, await resolveRef(dir, ref), `${ref}:`);
          return loadPolicy(tree, await loadLayout(tree));
        })();
        policies.set(ref, p);
      }
      return p;
    },
    uncommitted: (dirs) => uncommittedFiles(dir, dirs),
  };
}
