/**
 * Desired state documents (DESIGN §2.1): every state/**\/*.yaml|yml, sorted by path, each parsed and
 * schema-checked. Problems across all files are reported at once. Hidden (dot) YAML files are state like any
 * other: a deployer globbing state/ may read them, so the gate must. Symlinks and submodules are not read (the
 * gate denies them, see state-links.ts).
 */
import { badInput, type Problem } from '../core/errors.js';
import type { StateDocFile } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { loadStateDocumentFast } from '../formats/load-fast.js';
import { compareCodeUnits } from '../state/json.js';
import type { RepoLayout } from './layout.js';
import { problemsOf } from './load-policy.js';
import { stateLinks, underLink } from './state-links.js';
import type { TreeReader } from '../core/tree.js';

export const STATE_FILE = /\.ya?ml$/;

/** A path (relative to its folder) with a hidden segment (`.gitkeep`, `.cache/x`). */
export function isHiddenPath(rest: string): boolean {
  return rest.split('/').some((s) => s.startsWith('.'));
}

/** State file paths under the state directory, in code-unit order; none through a symlink or submodule. */
export async function listStateFiles(tree: TreeReader, layout: RepoLayout): Promise<string[]> {
  const [all, links] = await Promise.all([tree.list(layout.paths.state), stateLinks(tree, layout)]);
  return all.filter((p) => STATE_FILE.test(p) && !underLink(p, links)).sort(compareCodeUnits);
}

/**
 * How to read state documents. By default every file is read with the positional parser. With `positional`, only
 * the files it names are (the changed ones: strict validation with positions); every other file goes through the
 * fast reader (formats/load-fast.ts), which gives the same value and falls back to the positional parser for a
 * file outside its subset or with any finding (issue 14: the cost follows the change).
 */
export interface LoadStateOptions {
  positional?: (file: string) => boolean;
  /** Documents by blob id and path, shared between the commits of one run: an unchanged blob is parsed once. */
  cache?: StateDocCache;
}

export type StateDocCache = Map<string, { doc: StateDocFile; positional: boolean }>;

interface BlobIds {
  blobOid(path: string): Promise<string | undefined>;
}

function hasBlobIds(tree: TreeReader): tree is TreeReader & BlobIds {
  return typeof (tree as Partial<BlobIds>).blobOid === 'function';
}

/** One document (from the cache when it holds this blob), or the problems of its file. */
async function loadOne(
  tree: TreeReader,
  file: string,
  opts: LoadStateOptions,
): Promise<StateDocFile | readonly Problem[] | undefined> {
  const positional = opts.positional === undefined || opts.positional(file);
  const oid = opts.cache && hasBlobIds(tree) ? await tree.blobOid(file) : undefined;
  const key = oid !== undefined ? `${oid} ${file}` : undefined;
  const hit = key !== undefined ? opts.cache?.get(key) : undefined;
  if (hit && (hit.positional || !positional)) return hit.doc;
  const bytes = await tree.read(file);
  if (bytes === undefined) return undefined;
  let doc: StateDocFile;
  try {
    doc = positional
      ? { file, ...loadDocument('state', bytes, file) }
      : (({ value, locate }) => ({ file, value, locate }))(loadStateDocumentFast(bytes, file));
  } catch (e) {
    return problemsOf(e);
  }
  if (key !== undefined) opts.cache?.set(key, { doc, positional });
  return doc;
}

export async function loadStateDocuments(
  tree: TreeReader,
  layout: RepoLayout,
  opts: LoadStateOptions = {},
): Promise<StateDocFile[]> {
  const problems: Problem[] = [];
  const out: StateDocFile[] = [];
  for (const file of await listStateFiles(tree, layout)) {
    const r = await loadOne(tree, file, opts);
    if (Array.isArray(r)) problems.push(...(r as readonly Problem[]));
    else if (r) out.push(r as StateDocFile);
  }
  if (problems.length > 0) throw badInput(problems);
  return out;
}
