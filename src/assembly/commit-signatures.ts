/**
 * Git commit signature verification (DESIGN §2.4): walk base..head over raw commit objects (readCommitBytes,
 * through the repository's git backend), extract the signed payload as git does, verify OpenPGP and SSH
 * (namespace `git`) signatures, and map each signer to an actor.
 */
import { openRepo, readCommitBytes, type GitRepo, type ObjectFormat } from '../git/repo.js';
import { resolveRef } from '../git/refs.js';
import {
  parseCommitHeaders,
  signatureFormat,
  splitCommitSignature,
  type CommitHeaders,
} from '../identity/commit-payload.js';
import type { Keyring, VerifyFailureCode } from '../identity/types.js';
import { GIT_NAMESPACE, verifyDetached } from '../identity/verify.js';

export type CommitFailureCode = VerifyFailureCode | 'unsigned';

export interface CommitRow {
  sha: string;
  ok: boolean;
  /** The actor whose key made the signature (when it verified). */
  actor?: string;
  /** Why the commit does not count as signed by an actor. */
  reason?: string;
  code?: CommitFailureCode;
  signatureType?: 'openpgp' | 'ssh';
  fingerprint?: string;
  signedAt?: string;
  summary: string;
}

interface Loaded {
  sha: string;
  raw: Buffer;
  headers: CommitHeaders;
}

async function loadCommit(repo: GitRepo, sha: string, cache: Map<string, Loaded>): Promise<Loaded> {
  const hit = cache.get(sha);
  if (hit) return hit;
  const raw = await readCommitBytes(repo, sha);
  const loaded = { sha, raw, headers: parseCommitHeaders(raw) };
  cache.set(sha, loaded);
  return loaded;
}

const UNINTERESTING = 1;
const SEEN = 2;
/** revision.c: keep walking a few commits after everything queued is uninteresting, for clock skew. */
const SLOP = 5;

/**
 * Commits reachable from `head` but not from `base` (git rev-list base..head), parents before children.
 * Walks newest-first by committer date and stops once every queued commit is reachable from base,
 * as git's limit_list does.
 */
export async function commitRange(
  repo: GitRepo,
  base: string,
  head: string,
  cache = new Map<string, Loaded>(),
): Promise<Loaded[]> {
  const flags = new Map<string, number>();
  const queue: Loaded[] = [];
  const push = async (sha: string, flag: number): Promise<void> => {
    const f = flags.get(sha) ?? 0;
    flags.set(sha, f | flag | SEEN);
    if (f & SEEN) return;
    queue.push(await loadCommit(repo, sha, cache));
  };
  // Mark `sha` and every already-loaded ancestor uninteresting (revision.c mark_parents_uninteresting).
  const markUninteresting = (sha: string): void => {
    const stack = [sha];
    while (stack.length > 0) {
      const s = stack.pop()!;
      const f = flags.get(s) ?? 0;
      if (f & UNINTERESTING) continue;
      flags.set(s, f | UNINTERESTING);
      const c = cache.get(s);
      if (c && f & SEEN) stack.push(...c.headers.parents);
    }
  };
  await push(base, UNINTERESTING);
  await push(head, 0);
  const popped: Loaded[] = [];
  let slop = SLOP;
  while (queue.length > 0) {
    // Newest committer date first; ties by sha for a stable walk.
    let best = 0;
    for (let i = 1; i < queue.length; i++) {
      const a = queue[i]!;
      const b = queue[best]!;
      if ((a.headers.committerTime ?? 0) > (b.headers.committerTime ?? 0)) best = i;
    }
    const c = queue.splice(best, 1)[0]!;
    const uninteresting = ((flags.get(c.sha) ?? 0) & UNINTERESTING) !== 0;
    if (uninteresting) for (const p of c.headers.parents) markUninteresting(p);
    else popped.push(c);
    for (const p of c.headers.parents) await push(p, uninteresting ? UNINTERESTING : 0);
    if (queue.every((q) => ((flags.get(q.sha) ?? 0) & UNINTERESTING) !== 0)) {
      if (--slop <= 0) break;
    } else slop = SLOP;
  }
  const inRange = popped.filter((c) => ((flags.get(c.sha) ?? 0) & UNINTERESTING) === 0);
  return topoParentsFirst(inRange);
}

function topoParentsFirst(commits: Loaded[]): Loaded[] {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const done = new Set<string>();
  const out: Loaded[] = [];
  // Oldest first among independent commits: visit in reverse of the newest-first walk.
  for (const start of [...commits].reverse()) {
    const stack: { c: Loaded; i: number }[] = [{ c: start, i: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (done.has(top.c.sha) && top.i === 0) {
        stack.pop();
        continue;
      }
      const parents = top.c.headers.parents;
      if (top.i < parents.length) {
        const p = bySha.get(parents[top.i++]!);
        if (p && !done.has(p.sha)) stack.push({ c: p, i: 0 });
        continue;
      }
      stack.pop();
      if (!done.has(top.c.sha)) {
        done.add(top.c.sha);
        out.push(top.c);
      }
    }
  }
  return out;
}

/** Verify one raw commit object's signature against the keyring. */
export async function verifyCommitObject(
  sha: string,
  raw: Uint8Array,
  keyring: Keyring,
  at?: Date,
  objectFormat: ObjectFormat = 'sha1',
): Promise<CommitRow> {
  const headers = parseCommitHeaders(raw);
  const row = { sha, summary: headers.summary };
  // commit.c gpg_sig_headers[]: SHA-256 repositories carry the signature in `gpgsig-sha256`.
  const { payload, signature } = splitCommitSignature(raw, objectFormat);
  if (!signature) return { ...row, ok: false, code: 'unsigned', reason: 'commit is not signed' };
  const format = signatureFormat(signature);
  if (format !== 'openpgp' && format !== 'ssh')
    return {
      ...row,
      ok: false,
      code: 'malformed',
      reason: `unsupported commit signature format (${format})`,
    };
  const opts: Parameters<typeof verifyDetached>[3] = { namespace: GIT_NAMESPACE };
  if (at) opts.at = at;
  // git checks SSH key validity at the committer date (gpg-interface.c: ssh-keygen -Overify-time).
  if (headers.committerTime !== undefined) opts.sshTime = new Date(headers.committerTime * 1000);
  const res = await verifyDetached(
    { type: format, value: signature.toString('utf8') },
    payload,
    keyring,
    opts,
  );
  if (!res.ok) return { ...row, ok: false, code: res.code, reason: res.reason, signatureType: format };
  return {
    ...row,
    ok: true,
    actor: res.actor,
    signatureType: format,
    fingerprint: res.fingerprint,
    signedAt: res.signedAt,
  };
}

/** One row per commit in base..head (parents first), each with its actor or the reason it has none. */
export async function verifyCommits(
  repoDir: string,
  baseRef: string,
  headRef: string,
  keyring: Keyring,
  opts: { at?: Date } = {},
): Promise<CommitRow[]> {
  const repo = await openRepo(repoDir);
  const [base, head] = await Promise.all([resolveRef(repoDir, baseRef), resolveRef(repoDir, headRef)]);
  const commits = await commitRange(repo, base, head);
  const rows: CommitRow[] = [];
  for (const c of commits)
    rows.push(await verifyCommitObject(c.sha, c.raw, keyring, opts.at, repo.objectFormat));
  return rows;
}
