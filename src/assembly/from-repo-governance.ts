/**
 * Adapter inputs for the gate's governance checks (src/gate/governance.ts): what the PR's own gatehouse.yaml
 * would set (the layout that decides is always the base's; this is only read to refuse moving history), and
 * the pull request author the Action passes among its GitHub evidence.
 */
import { GatehouseError } from '../core/errors.js';
import type { RepoPaths } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { CONFIG_FILE, loadLayout } from '../repo/layout.js';
import type { ChangeSet } from './change-read.js';
import type { GithubApprovalInput, GithubAuthorInput } from './from-repo-github.js';
import type { GithubAuthor, LayoutEdit } from '../core/gate-inputs.js';

const HISTORY: (keyof RepoPaths)[] = ['ledger', 'changes', 'overrides', 'incidents'];

/**
 * When the PR adds, edits or deletes gatehouse.yaml: the folders its head version names, their lines, and which
 * append-only folders hold history at the base. Undefined when gatehouse.yaml is untouched, or when the head's
 * version does not load (the `records` check reports that with file:line).
 */
export async function readLayoutEdit(change: ChangeSet): Promise<LayoutEdit | undefined> {
  if (!change.changed.some((c) => c.path === CONFIG_FILE)) return undefined;
  let paths: RepoPaths;
  const lines: Partial<Record<keyof RepoPaths, number>> = {};
  try {
    paths = (await loadLayout(change.trees.head)).paths;
    const bytes = await change.trees.head.read(CONFIG_FILE);
    if (bytes !== undefined) {
      const { locate } = loadDocument('gatehouse', bytes, CONFIG_FILE);
      for (const k of HISTORY) {
        const line = locate(`/paths/${k}`)?.line;
        if (line !== undefined) lines[k] = line;
      }
    }
  } catch (e) {
    if (e instanceof GatehouseError && e.code === 'bad-input') return undefined;
    throw e;
  }
  const base = change.layout.paths;
  const history: (keyof RepoPaths)[] = [];
  for (const k of HISTORY) if ((await change.trees.base.entry(base[k]))?.type === 'tree') history.push(k);
  return { paths, lines, history };
}

/** The one `pr-author` element of the GitHub evidence, as the gate's input field. */
export function githubAuthorOf(list: readonly GithubApprovalInput[]): { githubAuthor?: GithubAuthor } {
  const a = list.find((g): g is GithubAuthorInput => g.kind === 'pr-author');
  return a ? { githubAuthor: { login: a.login, id: a.id, ...(a.pr !== undefined ? { pr: a.pr } : {}) } } : {};
}
