/**
 * Desired state documents (DESIGN §2.1): every state/**\/*.yaml|yml, sorted by path, each parsed and
 * schema-checked. Problems across all files are reported at once. Hidden (dot) YAML files are state like any
 * other: a deployer globbing state/ may read them, so the gate must. Symlinks and submodules are not read (the
 * gate denies them, see state-links.ts).
 */
import { badInput, type Problem } from '../core/errors.js';
import type { StateDocFile } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
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

export async function loadStateDocuments(tree: TreeReader, layout: RepoLayout): Promise<StateDocFile[]> {
  const problems: Problem[] = [];
  const out: StateDocFile[] = [];
  for (const file of await listStateFiles(tree, layout)) {
    const bytes = await tree.read(file);
    if (bytes === undefined) continue;
    try {
      const { value, locate } = loadDocument('state', bytes, file);
      out.push({ file, value, locate });
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }
  if (problems.length > 0) throw badInput(problems);
  return out;
}
