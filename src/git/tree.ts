/**
 * A TreeReader over one git commit: policy is read from the base branch's commit and state from either side
 * (DESIGN §3: "the policy used is the base branch's"), without touching the work tree.
 */
import type { TreeLink, TreeReader } from '../core/tree.js';
import { openRepo, readBlobOid, readCommitInfo, readTreeEntries } from './repo.js';
import type { GitRepo, TreeEntry } from './repo.js';

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

export class GitTree implements TreeReader {
  readonly label: string;
  readonly dir: string;
  readonly commit: string;
  #repo: Promise<GitRepo> | undefined;
  #root: Promise<string> | undefined;
  /** Entries by path ('' = root), so every folder is resolved once per instance. */
  readonly #entries = new Map<string, Promise<TreeEntry | undefined>>();
  readonly #blobs = new Map<string, Promise<Uint8Array | undefined>>();

  /** `commit` is a commit oid (see resolveRef); `label` defaults to `<short oid>:`. */
  constructor(dir: string, commit: string, label?: string) {
    this.dir = dir;
    this.commit = commit;
    this.label = label ?? `${commit.slice(0, 12)}:`;
  }

  #open(): Promise<GitRepo> {
    this.#repo ??= openRepo(this.dir);
    return this.#repo;
  }

  /** The commit's root tree oid. */
  rootTree(): Promise<string> {
    this.#root ??= this.#open().then(async (repo) => (await readCommitInfo(repo, this.commit)).tree);
    return this.#root;
  }

  /** Names of the entries directly in folder `dir` ('' = root); empty when it is not a folder. */
  async names(dir: string): Promise<string[]> {
    const e = await this.entry(dir);
    if (!e || e.type !== 'tree') return [];
    return (await readTreeEntries(await this.#open(), e.oid)).map((x) => x.path);
  }

  /** The tree entry at `path` (a blob, a tree, or a submodule commit), or undefined. */
  entry(path: string): Promise<TreeEntry | undefined> {
    const parts = splitPath(path);
    const key = parts.join('/');
    let hit = this.#entries.get(key);
    if (hit) return hit;
    hit = (async (): Promise<TreeEntry | undefined> => {
      if (parts.length === 0) {
        return { mode: '040000', path: '', oid: await this.rootTree(), type: 'tree' };
      }
      const parent = await this.entry(parts.slice(0, -1).join('/'));
      if (!parent || parent.type !== 'tree') return undefined;
      const repo = await this.#open();
      const name = parts[parts.length - 1];
      return (await readTreeEntries(repo, parent.oid)).find((e) => e.path === name);
    })();
    this.#entries.set(key, hit);
    return hit;
  }

  read(path: string): Promise<Uint8Array | undefined> {
    const key = splitPath(path).join('/');
    let hit = this.#blobs.get(key);
    if (hit) return hit;
    hit = (async (): Promise<Uint8Array | undefined> => {
      const e = await this.entry(key);
      if (!e || e.type !== 'blob') return undefined;
      return readBlobOid(await this.#open(), e.oid);
    })();
    this.#blobs.set(key, hit);
    return hit;
  }

  /** Blob oid at `path`, or undefined when absent or not a file. */
  async blobOid(path: string): Promise<string | undefined> {
    const e = await this.entry(path);
    return e?.type === 'blob' ? e.oid : undefined;
  }

  /** Symlinks (mode 120000) and submodules (gitlinks, mode 160000) at, above or under `dir`. */
  async links(dir: string): Promise<TreeLink[]> {
    const parts = splitPath(dir);
    const out: TreeLink[] = [];
    const repo = await this.#open();
    const linkOf = async (e: TreeEntry, path: string): Promise<TreeLink | undefined> => {
      if (e.type === 'commit') return { path, kind: 'submodule' };
      if (e.type === 'blob' && e.mode === '120000')
        return {
          path,
          kind: 'symlink',
          target: Buffer.from(await readBlobOid(repo, e.oid)).toString('utf8'),
        };
      return undefined;
    };
    // A link on the way to `dir` hides the whole folder.
    for (let i = 1; i <= parts.length; i++) {
      const path = parts.slice(0, i).join('/');
      const e = await this.entry(path);
      if (!e) return out;
      if (e.type === 'tree') continue;
      const link = await linkOf(e, path);
      if (link) out.push(link);
      return out;
    }
    const start = await this.entry(parts.join('/'));
    if (!start || start.type !== 'tree') return out;
    const stack: [string, string][] = [[start.oid, parts.join('/')]];
    while (stack.length > 0) {
      const [oid, prefix] = stack.pop()!;
      for (const e of await readTreeEntries(repo, oid)) {
        const p = prefix === '' ? e.path : `${prefix}/${e.path}`;
        if (e.type === 'tree') stack.push([e.oid, p]);
        else {
          const link = await linkOf(e, p);
          if (link) out.push(link);
        }
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async list(dir: string): Promise<string[]> {
    const base = splitPath(dir).join('/');
    const start = await this.entry(base);
    if (!start || start.type !== 'tree') return [];
    const repo = await this.#open();
    const out: string[] = [];
    const walk = async (oid: string, prefix: string): Promise<void> => {
      const entries = await readTreeEntries(repo, oid);
      await Promise.all(
        entries.map(async (e) => {
          const p = prefix === '' ? e.path : `${prefix}/${e.path}`;
          if (e.type === 'tree') await walk(e.oid, p);
          else if (e.type === 'blob') {
            out.push(p);
            if (!this.#entries.has(p)) this.#entries.set(p, Promise.resolve(e));
          }
        }),
      );
    };
    await walk(start.oid, base);
    // Byte order, like FsTree's sort and git's own path order for files.
    return out.sort();
  }
}
