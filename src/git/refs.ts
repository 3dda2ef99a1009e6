/**
 * Naming commits: refs (branches, tags, remote refs such as origin/main, HEAD), full or abbreviated SHAs, and
 * the `~N` / `^N` suffixes of gitrevisions(7); plus the merge base of two commits.
 */
import { spawnSync } from 'node:child_process';
import git from 'isomorphic-git';
import { GatehouseError, conflict, notFound, usageError } from '../core/errors.js';
import { gitFs as fs, isNotFound, missingObject, openRepo, readCommitInfo } from './repo.js';
import type { GitRepo } from './repo.js';

const FULL_SHA = /^[0-9a-f]{40}$/;
const SHORT_SHA = /^[0-9a-f]{4,39}$/;

/** Follow annotated tags down to the commit they name. */
async function peelToCommit(repo: GitRepo, oid: string, ref: string): Promise<string> {
  for (let depth = 0; depth < 16; depth++) {
    let obj;
    try {
      obj = await git.readObject({ fs, gitdir: repo.gitdir, oid, format: 'parsed', cache: repo.cache });
    } catch (err) {
      if (isNotFound(err)) throw missingObject(repo, oid, err);
      throw err;
    }
    if (obj.type === 'commit') return oid;
    if (obj.type === 'tag') {
      oid = (obj.object as { object: string }).object;
      continue;
    }
    throw usageError(`"${ref}" names a ${obj.type}, not a commit`);
  }
  throw usageError(`"${ref}": tag chain too deep`);
}

async function resolveName(repo: GitRepo, name: string, ref: string): Promise<string> {
  if (FULL_SHA.test(name)) return name;
  try {
    return await git.resolveRef({ fs, gitdir: repo.gitdir, ref: name });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (SHORT_SHA.test(name)) {
    try {
      return await git.expandOid({ fs, gitdir: repo.gitdir, oid: name, cache: repo.cache });
    } catch (err) {
      if (!isNotFound(err) && (err as { code?: string }).code !== 'AmbiguousError') throw err;
      if ((err as { code?: string }).code === 'AmbiguousError')
        throw usageError(`"${ref}" is an ambiguous abbreviated commit id in ${repo.dir}; use more digits`);
    }
  }
  throw notFound(`unknown git ref "${ref}" in ${repo.dir}`, repo.dir);
}

/**
 * isomorphic-git cannot read SHA-256 repositories (openRepo admits them only with the git CLI): ask git
 * itself. Read-only plumbing; the revision is passed after --end-of-options so it is never an option.
 */
function gitCli(repo: GitRepo, args: string[]): string | undefined {
  const r = spawnSync('git', ['--git-dir', repo.gitdir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The commit oid `ref` names: `HEAD`, `main`, `origin/main`, `refs/tags/v1`, `v1` (annotated tags are peeled),
 * a full or abbreviated SHA, optionally followed by `~N`, `^`, `^N` or `^{commit}`.
 */
export async function resolveRef(dir: string, ref: string): Promise<string> {
  const repo = await openRepo(dir);
  const m = /^(.*?)((?:~\d*|\^\d*|\^\{commit\})*)$/.exec(ref);
  const name = m?.[1] ?? ref;
  const suffix = m?.[2] ?? '';
  if (name === '') throw usageError(`"${ref}" is not a git revision`);
  if (repo.objectFormat === 'sha256') {
    const oid = gitCli(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (oid === undefined || !/^[0-9a-f]{64}$/.test(oid))
      throw notFound(`unknown git ref "${ref}" in ${repo.dir}`, repo.dir);
    return oid;
  }
  let oid = await peelToCommit(repo, await resolveName(repo, name, ref), ref);
  for (const step of suffix.match(/~\d*|\^\{commit\}|\^\d*/g) ?? []) {
    if (step === '^{commit}') continue;
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step.startsWith('~')) {
      for (let i = 0; i < n; i++) oid = await nthParent(repo, oid, 1, ref);
    } else if (n > 0) {
      oid = await nthParent(repo, oid, n, ref);
    }
  }
  return oid;
}

async function nthParent(repo: GitRepo, oid: string, n: number, ref: string): Promise<string> {
  const c = await readCommitInfo(repo, oid);
  const p = c.parents[n - 1];
  if (p === undefined) throw notFound(`"${ref}": commit ${oid.slice(0, 12)} has no parent ${n}`, repo.dir);
  return p;
}

/** The best common ancestor of two commits (git merge-base). Unrelated histories are a conflict (exit 2). */
export async function mergeBase(dir: string, a: string, b: string): Promise<string> {
  const repo = await openRepo(dir);
  if (a === b) return a;
  if (repo.objectFormat === 'sha256') {
    const base = gitCli(repo, ['merge-base', '--end-of-options', a, b]);
    if (base === undefined)
      throw conflict(`commits ${a.slice(0, 12)} and ${b.slice(0, 12)} share no history in ${repo.dir}`);
    return base;
  }
  let bases: string[];
  try {
    bases = (await git.findMergeBase({
      fs,
      gitdir: repo.gitdir,
      oids: [a, b],
      cache: repo.cache,
    })) as string[];
  } catch (err) {
    if (err instanceof GatehouseError) throw err;
    if (isNotFound(err))
      throw missingObject(repo, (err as { data?: { what?: string } }).data?.what ?? '?', err);
    throw err;
  }
  // Criss-cross merges can yield several best ancestors; take the first in a fixed order so the answer is stable.
  const first = [...bases].sort()[0];
  if (first === undefined)
    throw conflict(
      `commits ${a.slice(0, 12)} and ${b.slice(0, 12)} share no history in ${repo.dir} (a shallow clone? ` +
        `fetch the full history, e.g. actions/checkout with fetch-depth: 0)`,
    );
  return first;
}
