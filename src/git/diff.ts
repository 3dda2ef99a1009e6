/**
 * Which files differ between two commits: a tree walk that descends only into folders whose tree oids differ,
 * so unchanged subtrees cost nothing.
 */
import { openRepo, readCommitInfo, readTreeEntries } from './repo.js';
import type { GitRepo, TreeEntry } from './repo.js';

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  /** Git object id before / after (a blob, or a commit for a submodule). */
  beforeOid?: string;
  afterOid?: string;
  /** Git tree mode before / after: 100644 file, 100755 executable, 120000 symlink, 160000 submodule. */
  beforeMode?: string;
  afterMode?: string;
  /** Set when either side is a submodule (gitlink) rather than a file. */
  submodule?: true;
}

type Side = TreeEntry | undefined;

async function walkPair(
  repo: GitRepo,
  a: string | undefined,
  b: string | undefined,
  prefix: string,
  out: ChangedFile[],
): Promise<void> {
  if (a === b) return;
  const [ea, eb] = await Promise.all([
    a ? readTreeEntries(repo, a) : Promise.resolve([]),
    b ? readTreeEntries(repo, b) : Promise.resolve([]),
  ]);
  const byName = new Map<string, [Side, Side]>();
  for (const e of ea) byName.set(e.path, [e, undefined]);
  for (const e of eb) byName.set(e.path, [byName.get(e.path)?.[0], e]);
  const jobs: Promise<void>[] = [];
  for (const [name, [x, y]] of byName) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const xTree = x?.type === 'tree' ? x.oid : undefined;
    const yTree = y?.type === 'tree' ? y.oid : undefined;
    if (xTree !== undefined || yTree !== undefined) jobs.push(walkPair(repo, xTree, yTree, path, out));
    const xFile = x && x.type !== 'tree' ? x : undefined;
    const yFile = y && y.type !== 'tree' ? y : undefined;
    const sub = xFile?.type === 'commit' || yFile?.type === 'commit' ? { submodule: true as const } : {};
    if (xFile && yFile) {
      if (xFile.oid !== yFile.oid || xFile.mode !== yFile.mode)
        out.push({
          path,
          status: 'modified',
          beforeOid: xFile.oid,
          afterOid: yFile.oid,
          beforeMode: xFile.mode,
          afterMode: yFile.mode,
          ...sub,
        });
    } else if (xFile)
      out.push({ path, status: 'deleted', beforeOid: xFile.oid, beforeMode: xFile.mode, ...sub });
    else if (yFile) out.push({ path, status: 'added', afterOid: yFile.oid, afterMode: yFile.mode, ...sub });
  }
  await Promise.all(jobs);
}

function byPath(a: ChangedFile, b: ChangedFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Every file that differs from commit `fromOid` to commit `toOid`, sorted by path. */
export async function changedFiles(dir: string, fromOid: string, toOid: string): Promise<ChangedFile[]> {
  const repo = await openRepo(dir);
  const [from, to] = await Promise.all([readCommitInfo(repo, fromOid), readCommitInfo(repo, toOid)]);
  return changedBetweenTrees(repo, from.tree, to.tree);
}

/** As changedFiles, between two tree oids (either may be undefined: an empty tree). */
export async function changedBetweenTrees(
  repo: GitRepo,
  fromTree: string | undefined,
  toTree: string | undefined,
): Promise<ChangedFile[]> {
  const out: ChangedFile[] = [];
  await walkPair(repo, fromTree, toTree, '', out);
  return out.sort(byPath);
}
