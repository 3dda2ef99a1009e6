/** Repository paths (DESIGN §2): the config file's fixed name, the layout it sets, and folder arithmetic. */
import type { RepoPaths } from './documents.js';

export const CONFIG_FILE = 'gatehouse.yaml';

/** `dir/name`, treating "" and "." as the root. */
export function joinPath(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : `${dir.replace(/\/+$/, '')}/${name}`;
}

/** Whether `path` is `dir` or below it ("" is the root, which holds everything). */
export function under(path: string, dir: string): boolean {
  const d = dir.replace(/\/+$/, '');
  return d === '' || path === d || path.startsWith(`${d}/`);
}

export interface LedgerSettings {
  origin: string;
  segment_size: number;
  snapshot_every: number;
  /** Checkpoint verifier key, relative to the policies directory. */
  checkpoint_key: string;
}

export interface RepoLayout {
  paths: RepoPaths;
  ledger: LedgerSettings;
}
