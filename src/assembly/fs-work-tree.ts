/**
 * The read-only work-tree port (src/app/ports.ts `WorkTreePort`, matched by shape: the assembly sits below the
 * use cases): the one node:fs work tree (fs-work-files.ts) plus directories a command names, each as a tree of
 * its own. Paths are relative to the root or absolute.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TreeReader } from '../core/tree.js';
import { FsTree } from '../repo/fs-tree.js';
import { FsWorkTree } from './fs-work-files.js';

export class FsWorkTreeReader extends FsWorkTree {
  async isDirectory(path: string): Promise<boolean> {
    return (await stat(resolve(this.root, path)).catch(() => undefined))?.isDirectory() === true;
  }

  tree(dir: string): TreeReader {
    return new FsTree(resolve(this.root, dir));
  }
}

export function fsWorkTree(root: string): FsWorkTreeReader {
  return new FsWorkTreeReader(root);
}
