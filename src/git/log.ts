/** Commit history and blob reads. */
import { openRepo, readBlobOid, readCommitInfo } from './repo.js';
import type { CommitInfo } from './repo.js';
import { resolveRef } from './refs.js';

export type { CommitInfo } from './repo.js';

/**
 * The first-parent chain of `ref` (the default branch's own history: each merge counts once, as the commit that
 * landed it), oldest first. `limit` keeps only the newest `limit` commits.
 */
export async function firstParentHistory(
  dir: string,
  ref: string,
  opts: { limit?: number } = {},
): Promise<CommitInfo[]> {
  const repo = await openRepo(dir);
  let oid: string | undefined = await resolveRef(dir, ref);
  const out: CommitInfo[] = [];
  const seen = new Set<string>();
  while (oid !== undefined && !seen.has(oid)) {
    if (opts.limit !== undefined && out.length >= opts.limit) break;
    seen.add(oid);
    const c = await readCommitInfo(repo, oid);
    out.push(c);
    oid = c.parents[0];
  }
  return out.reverse();
}

/** Bytes of the blob `oid`. */
export async function readBlob(dir: string, oid: string): Promise<Uint8Array> {
  return readBlobOid(await openRepo(dir), oid);
}

/** A commit's parsed header fields. */
export async function readCommit(dir: string, oid: string): Promise<CommitInfo> {
  return readCommitInfo(await openRepo(dir), oid);
}
