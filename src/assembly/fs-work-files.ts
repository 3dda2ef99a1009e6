/**
 * The work-tree port of the use cases (src/app/ports.ts `WorkTree`, and its read-only view `WorkTreePort`) over
 * node:fs; it matches that interface by shape (the assembly sits below the use cases). Paths are relative to
 * the root or absolute.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { TreeReader } from '../core/tree.js';
import { FsTree } from '../repo/fs-tree.js';

const missing = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export class FsWorkTree extends FsTree {
  private abs(path: string): string {
    return resolve(this.root, path);
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(this.abs(path), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async readBytes(path: string): Promise<Uint8Array> {
    return readFile(this.abs(path));
  }

  async exists(path: string): Promise<boolean> {
    return stat(this.abs(path)).then(
      () => true,
      () => false,
    );
  }

  async names(dir: string): Promise<string[]> {
    try {
      return await readdir(this.abs(dir));
    } catch (e) {
      if (missing(e)) return [];
      throw e;
    }
  }

  async makeDir(dir: string): Promise<void> {
    await mkdir(this.abs(dir), { recursive: true });
  }

  async write(path: string, text: string): Promise<void> {
    await writeFileAtomic(this.abs(path), text); // DESIGN §9: a reader sees the old file or the new one
  }

  async create(path: string, text: string, mode: number): Promise<boolean> {
    try {
      await writeFile(this.abs(path), text, { flag: 'wx', mode });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }

  async isDirectory(path: string): Promise<boolean> {
    return (await stat(this.abs(path)).catch(() => undefined))?.isDirectory() === true;
  }

  /** A directory the caller names (`simulate --base-state DIR`), read as a tree of its own. */
  tree(dir: string): TreeReader {
    return new FsTree(this.abs(dir));
  }
}
