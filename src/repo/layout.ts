/**
 * Where everything lives (DESIGN §2): the defaults, remapped by an optional gatehouse.yaml at the root.
 */
import { badInput, type Problem } from '../core/errors.js';
import { positionOf } from '../formats/messages.js';
import type { GatehouseConfig, Locate, RepoPaths } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import type { TreeReader } from '../core/tree.js';
import { CONFIG_FILE, joinPath, type LedgerSettings, type RepoLayout } from '../core/paths.js';

export { CONFIG_FILE, joinPath };
export type { LedgerSettings, RepoLayout };

export const DEFAULT_PATHS: Readonly<RepoPaths> = Object.freeze({
  policies: 'policies',
  state: 'state',
  changes: 'changes',
  overrides: 'overrides',
  incidents: 'incidents',
  ledger: 'ledger',
});

export const DEFAULT_LEDGER: Readonly<LedgerSettings> = Object.freeze({
  origin: 'gatehouse.local/ledger',
  segment_size: 10_000,
  snapshot_every: 1_000,
  checkpoint_key: 'keys/checkpoint.pub',
});

export function defaultLayout(): RepoLayout {
  return { paths: { ...DEFAULT_PATHS }, ledger: { ...DEFAULT_LEDGER } };
}

/** The layout from a validated gatehouse.yaml (defaults for what it leaves out). */
export function layoutFrom(config: GatehouseConfig): RepoLayout {
  const paths = { ...DEFAULT_PATHS };
  for (const [k, v] of Object.entries(config.paths ?? {}) as [keyof RepoPaths, string | undefined][]) {
    if (v !== undefined) paths[k] = normalizeDir(v);
  }
  return { paths, ledger: { ...DEFAULT_LEDGER, ...definedOnly(config.ledger ?? {}) } };
}

/** Problems a schema cannot see: paths that escape the repository or collide. */
export function layoutProblems(config: GatehouseConfig, file: string, locate: Locate): Problem[] {
  const out: Problem[] = [];
  const at = (pointer: string, message: string): void => {
    out.push({ file, ...positionOf(locate, pointer), pointer, message });
  };
  const configured = config.paths ?? {};
  const resolved = new Map<string, string>();
  for (const [k, v] of Object.entries(DEFAULT_PATHS)) {
    const mine = configured[k as keyof RepoPaths];
    if (mine === undefined) resolved.set(k, v);
    else if (isSafeRelative(mine)) resolved.set(k, normalizeDir(mine));
  }
  for (const [k, v] of Object.entries(configured)) {
    if (v === undefined) continue;
    if (!isSafeRelative(v)) {
      at(
        `/paths/${k}`,
        `must be a relative path inside the repository (no leading "/", no "..", no "\\"), found "${v}"`,
      );
      continue;
    }
    const n = normalizeDir(v);
    if (n === '') at(`/paths/${k}`, 'must name a directory, not the repository root');
    for (const [other, dir] of resolved) {
      if (other === k || dir === '' || n === '') continue;
      if (dir === n) at(`/paths/${k}`, `is the same directory as paths.${other} ("${n}")`);
      else if (n.startsWith(`${dir}/`) || dir.startsWith(`${n}/`))
        at(`/paths/${k}`, `overlaps paths.${other} ("${dir}"): governed directories must not nest`);
    }
  }
  const key = config.ledger?.checkpoint_key;
  if (key !== undefined && !isSafeRelative(key))
    at('/ledger/checkpoint_key', `must be a path relative to the policies directory, found "${key}"`);
  const origin = config.ledger?.origin;
  if (origin !== undefined && /[\n\r]/.test(origin)) at('/ledger/origin', 'must be a single line');
  return out;
}

/** Read gatehouse.yaml if present; defaults otherwise. Throws badInput for a bad config. */
export async function loadLayout(tree: TreeReader): Promise<RepoLayout> {
  const bytes = await tree.read(CONFIG_FILE);
  if (bytes === undefined) return defaultLayout();
  const { value, locate } = loadDocument('gatehouse', bytes, CONFIG_FILE);
  const problems = layoutProblems(value, CONFIG_FILE, locate);
  if (problems.length > 0) throw badInput(problems);
  return layoutFrom(value);
}

function isSafeRelative(p: string): boolean {
  return !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..') && !/^[A-Za-z]:/.test(p);
}

function normalizeDir(p: string): string {
  return p
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
