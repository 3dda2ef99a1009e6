/**
 * Commits of a pull request that touch the ledger folder (DESIGN §3 append-only, §4). The gate judges the net
 * diff merge-base..head, but a fast-forward or rebase merge puts every commit of the branch on the default
 * branch, where `verify`'s history proof judges each one: a commit that rewrites a ledger line and a later one
 * that restores it net to nothing here and still break the ledger's history there. So each non-merge commit
 * of the range is checked on its own; only the ledger subtree is compared, so the cost follows the ledger
 * folder's changes, not the repository.
 */
import { changedBetweenTrees } from '../git/diff.js';
import { openRepo, readCommitInfo, readTreeEntries, type GitRepo } from '../git/repo.js';
import { commitRange } from './commit-signatures.js';

export interface LedgerCommit {
  sha: string;
  summary: string;
  paths: string[];
}

/** The oid of the tree at `path` (a/b/c) inside tree `root`, or undefined when it is absent. */
async function subtree(repo: GitRepo, root: string, path: string): Promise<string | undefined> {
  let oid: string | undefined = root;
  for (const name of path.split('/').filter(Boolean)) {
    const entries: readonly { path: string; type: string; oid: string }[] = await readTreeEntries(repo, oid!);
    oid = entries.find((e) => e.path === name && e.type === 'tree')?.oid;
    if (oid === undefined) return undefined;
  }
  return oid;
}

/** Non-merge commits in base..head whose change to `ledgerDir` is not empty, oldest first. */
export async function ledgerCommits(
  repoDir: string,
  baseOid: string,
  headOid: string,
  ledgerDir: string,
): Promise<LedgerCommit[]> {
  const repo = await openRepo(repoDir);
  const out: LedgerCommit[] = [];
  const commits = await commitRange(repo, baseOid, headOid);
  const trees = new Map(commits.map((c) => [c.sha, c.headers.tree]));
  for (const c of commits) {
    const parents = c.headers.parents;
    if (parents.length !== 1) continue; // merges bring the base's own record commits; their result is the net diff
    const parentTree = trees.get(parents[0]!) ?? (await readCommitInfo(repo, parents[0]!)).tree;
    const [before, after] = await Promise.all([
      subtree(repo, parentTree, ledgerDir),
      subtree(repo, c.headers.tree, ledgerDir),
    ]);
    if (before === after) continue;
    const changed = await changedBetweenTrees(repo, before, after);
    out.push({ sha: c.sha, summary: c.headers.summary, paths: changed.map((f) => `${ledgerDir}/${f.path}`) });
  }
  return out;
}
