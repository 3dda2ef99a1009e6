import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TreeReader } from './tree.js';

/** TreeReader over a directory on disk. */
export class FsTree implements TreeReader {
  readonly label: string;
  readonly root: string;

  constructor(root: string) {
    this.root = root;
    this.label = root;
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
        if (
          (err as NodeJS.ErrnoException).code === 'ENOENT' ||
          (err as NodeJS.ErrnoException).code === 'ENOTDIR'
        )
          return;
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
}
