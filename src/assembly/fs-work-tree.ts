/** The work-tree port over node:fs (src/app/ports.ts): paths relative to the root, absolute ones as given. */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { WorkTreePort } from '../app/ports.js';
import { FsTree } from '../repo/fs-tree.js';

export function fsWorkTree(root: string): WorkTreePort {
  const at = (path: string): string => resolve(root, path);
  const statOf = (path: string) => stat(at(path)).catch(() => undefined);
  return {
    root,
    readText: (path) => readFile(at(path), 'utf8'),
    exists: async (path) => (await statOf(path)) !== undefined,
    isDirectory: async (path) => (await statOf(path))?.isDirectory() === true,
    tree: (dir) => new FsTree(at(dir)),
  };
}
