import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TreeLink, TreeReader } from '../core/tree.js';

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** TreeReader over a directory on disk. */
export class FsTree implements TreeReader {
  readonly label: string;
  readonly root: string;

  constructor(root: string) {
    this.root = root;
    // A prefix for the paths messages name, as a git tree's `<commit>:` is.
    this.label = root.endsWith('/') ? root : `${root}/`;
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(join(this.root, path));
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code === 'ENOENT' ||
        (err as NodeJS.ErrnoException).code === 'EISDIR'
      )
        return undefined;
      throw err;
    }
  }

  async list(dir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (abs: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(abs, { withFileTypes: true });
      } catch (err) {
        if (isMissing(err)) return;
        throw err;
      }
      for (const e of entries) {
        const child = join(abs, e.name);
        if (e.isDirectory()) await walk(child);
        else if (e.isFile()) out.push(relative(this.root, child).split(sep).join('/'));
      }
    };
    await walk(join(this.root, dir));
    return out.sort();
  }

  /**
   * Symlinks at, above or under `dir` (never followed), and submodule checkouts: folders holding a `.git` entry,
   * whose files belong to another repository.
   */
  async links(dir: string): Promise<TreeLink[]> {
    const out: TreeLink[] = [];
    const rel = (abs: string): string => relative(this.root, abs).split(sep).join('/');
    const symlink = async (abs: string): Promise<TreeLink> => ({
      path: rel(abs),
      kind: 'symlink',
      target: await readlink(abs),
    });
    const parts = dir.split('/').filter((s) => s !== '' && s !== '.');
    for (let i = 1; i <= parts.length; i++) {
      const abs = join(this.root, ...parts.slice(0, i));
      try {
        if ((await lstat(abs)).isSymbolicLink()) return [await symlink(abs)];
      } catch (err) {
        if (isMissing(err)) return out;
        throw err;
      }
    }
    const walk = async (abs: string, top: boolean): Promise<void> => {
      let entries;
      try {
        entries = await readdir(abs, { withFileTypes: true });
      } catch (err) {
        if (isMissing(err)) return;
        throw err;
      }
      if (!top && entries.some((e) => e.name === '.git')) {
        out.push({ path: rel(abs), kind: 'submodule' });
        return;
      }
      for (const e of entries) {
        const child = join(abs, e.name);
        if (e.isSymbolicLink()) out.push(await symlink(child));
        else if (e.isDirectory()) await walk(child, false);
      }
    };
    await walk(join(this.root, ...parts), true);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
