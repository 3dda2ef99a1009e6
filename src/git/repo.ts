/**
 * The git adapter's handle on a repository: where its object database lives, and the caches shared by every
 * read (isomorphic-git's packfile cache, and parsed trees, which are immutable because content-addressed).
 */
import fs from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import git from 'isomorphic-git';
import { GatehouseError, internalError, notFound } from '../core/errors.js';
import { CatFileBatch, gitCliAvailable, parseCommit, parseTree } from './cat-file.js';
import type { RawObject } from './cat-file.js';

export interface TreeEntry {
  mode: string;
  path: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
}

export interface GitRepo {
  /** The directory the caller named. */
  dir: string;
  /** The git directory (`.git`, or the repository itself when bare). */
  gitdir: string;
  /** isomorphic-git's cache object (packfile indexes), shared by every call on this repo. */
  cache: object;
  /** Parsed tree objects by oid. */
  trees: Map<string, readonly TreeEntry[]>;
  /** Object reads through `git cat-file --batch` when the git CLI is available (see cat-file.ts). */
  batch?: CatFileBatch;
  /** The repository's hash function (`extensions.objectFormat`): object ids of 40 or 64 hex digits. */
  objectFormat: ObjectFormat;
}

export type ObjectFormat = 'sha1' | 'sha256';

/** gitrepository-layout(5): `extensions.objectFormat = sha256` in the config names a SHA-256 repository. */
async function readObjectFormat(gitdir: string): Promise<ObjectFormat> {
  let text: string;
  try {
    text = await readFile(join(gitdir, 'config'), 'utf8');
  } catch {
    return 'sha1';
  }
  return /^\s*objectformat\s*=\s*sha256\s*$/im.test(text) ? 'sha256' : 'sha1';
}

const repos = new Map<string, Promise<GitRepo>>();

export type GitBackend = 'auto' | 'cli' | 'isomorphic';
let backend: GitBackend = 'auto';

/**
 * Where object reads go: `cli` (`git cat-file --batch`), `isomorphic` (isomorphic-git only) or `auto` (the CLI when
 * `git` is on PATH). GATEHOUSE_GIT_BACKEND sets the default. Refs and merge-base always use isomorphic-git.
 */
export function setGitBackend(b: GitBackend): void {
  backend = b;
  closeRepos();
}

function useCli(): boolean {
  const b = backend !== 'auto' ? backend : (process.env.GATEHOUSE_GIT_BACKEND as GitBackend | undefined);
  if (b === 'isomorphic') return false;
  return gitCliAvailable();
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function findGitdir(dir: string): Promise<string> {
  const dotGit = join(dir, '.git');
  if (await isDir(dotGit)) return dotGit;
  try {
    // A `.git` file (submodule or linked work tree): "gitdir: <path>".
    const text = await readFile(dotGit, 'utf8');
    const m = /^gitdir:\s*(.+)$/m.exec(text);
    if (m?.[1]) {
      const target = m[1].trim();
      const gd = isAbsolute(target) ? target : resolve(dir, target);
      // A linked work tree keeps its objects in the common directory.
      try {
        const common = (await readFile(join(gd, 'commondir'), 'utf8')).trim();
        return isAbsolute(common) ? common : resolve(gd, common);
      } catch {
        return gd;
      }
    }
  } catch {
    // not a file either
  }
  if ((await isDir(join(dir, 'objects'))) && (await isDir(join(dir, 'refs')))) return dir; // bare
  throw notFound(`${dir} is not a git repository (no .git found)`, dir);
}

/** The handle for `dir`, opened once per process. */
export function openRepo(dir: string): Promise<GitRepo> {
  const key = resolve(dir);
  let p = repos.get(key);
  if (!p) {
    p = findGitdir(key).then(async (gitdir) => {
      const objectFormat = await readObjectFormat(gitdir);
      const cli = useCli();
      // isomorphic-git reads SHA-1 repositories only: a SHA-256 one is read through the git CLI or not at all.
      if (objectFormat === 'sha256' && !cli)
        throw new GatehouseError(
          'usage',
          `${key} is a SHA-256 object-format repository: Gatehouse reads those only through the git CLI ` +
            `(put git on the PATH, and do not set GATEHOUSE_GIT_BACKEND=isomorphic)`,
          { problems: [{ file: key, message: 'SHA-256 repository without the git CLI' }] },
        );
      return {
        dir: key,
        gitdir,
        cache: {},
        trees: new Map(),
        objectFormat,
        ...(cli ? { batch: new CatFileBatch(gitdir) } : {}),
      };
    });
    p.catch(() => repos.delete(key));
    repos.set(key, p);
  }
  return p;
}

/** Forget cached handles (tests that rewrite a repository's packs in place). */
export function closeRepos(): void {
  for (const p of repos.values()) void p.then((r) => r.batch?.close()).catch(() => undefined);
  repos.clear();
}

async function readRaw(repo: GitRepo, oid: string, want: RawObject['type']): Promise<Buffer> {
  const o = await repo.batch!.read(oid);
  if (o === undefined) throw missingObject(repo, oid, undefined);
  if (o.type !== want) throw internalError(`git object ${oid} is a ${o.type}, expected a ${want}`);
  return o.bytes;
}

export const gitFs = fs;

function isNotFound(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    ((err as { code: unknown }).code === 'NotFoundError' || (err as { code: unknown }).code === 'ENOENT')
  );
}

/** A missing object: most often a shallow clone, which cannot answer merge-base or history questions. */
export function missingObject(repo: GitRepo, oid: string, cause: unknown): GatehouseError {
  return new GatehouseError(
    'not-found',
    `git object ${oid} is missing from ${repo.dir} (a shallow clone? fetch the full history, e.g. ` +
      `actions/checkout with fetch-depth: 0)`,
    { cause, problems: [{ file: repo.dir, message: `missing git object ${oid}` }] },
  );
}

/** Read and cache a tree object. */
export async function readTreeEntries(repo: GitRepo, oid: string): Promise<readonly TreeEntry[]> {
  const hit = repo.trees.get(oid);
  if (hit) return hit;
  if (repo.batch) {
    const entries = parseTree(await readRaw(repo, oid, 'tree'), repo.objectFormat);
    repo.trees.set(oid, entries);
    return entries;
  }
  let tree;
  try {
    ({ tree } = await git.readTree({ fs, gitdir: repo.gitdir, oid, cache: repo.cache }));
  } catch (err) {
    if (isNotFound(err)) throw missingObject(repo, oid, err);
    throw err;
  }
  const entries = tree as TreeEntry[];
  repo.trees.set(oid, entries);
  return entries;
}

export interface CommitInfo {
  oid: string;
  tree: string;
  parents: string[];
  /** First line of the message. */
  subject: string;
  message: string;
  author: { name: string; email: string; timestamp: number };
  committer: { name: string; email: string; timestamp: number };
}

export async function readCommitInfo(repo: GitRepo, oid: string): Promise<CommitInfo> {
  if (repo.batch) {
    const c = parseCommit(await readRaw(repo, oid, 'commit'));
    return { oid, ...c, subject: c.message.split('\n', 1)[0] ?? '' };
  }
  let res;
  try {
    res = await git.readCommit({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
  } catch (err) {
    if (isNotFound(err)) throw missingObject(repo, oid, err);
    throw err;
  }
  const c = res.commit;
  return {
    oid: res.oid,
    tree: c.tree,
    parents: c.parent,
    subject: c.message.split('\n', 1)[0] ?? '',
    message: c.message,
    author: { name: c.author.name, email: c.author.email, timestamp: c.author.timestamp },
    committer: { name: c.committer.name, email: c.committer.email, timestamp: c.committer.timestamp },
  };
}

/** The raw content of a commit object (headers, gpgsig, message): the bytes its signature covers. */
export async function readCommitBytes(repo: GitRepo, oid: string): Promise<Buffer> {
  if (repo.batch) return readRaw(repo, oid, 'commit');
  let obj;
  try {
    obj = await git.readObject({ fs, gitdir: repo.gitdir, oid, format: 'content', cache: repo.cache });
  } catch (err) {
    if (isNotFound(err)) throw missingObject(repo, oid, err);
    throw err;
  }
  if (obj.type !== 'commit')
    throw missingObject(repo, oid, new Error(`${oid} is a ${obj.type}, not a commit`));
  return Buffer.from(obj.object as Uint8Array);
}

/** Bytes of a blob by oid. */
export async function readBlobOid(repo: GitRepo, oid: string): Promise<Uint8Array> {
  if (repo.batch) return readRaw(repo, oid, 'blob');
  try {
    const { blob } = await git.readBlob({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
    return blob;
  } catch (err) {
    if (isNotFound(err)) throw missingObject(repo, oid, err);
    throw err;
  }
}

export { isNotFound };
