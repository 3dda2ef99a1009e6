/**
 * Where the ledger folder is (DESIGN §2: `gatehouse.yaml` may remap it), read from a commit through git, never
 * from the work tree, by the strict loader every command uses (src/repo/layout.ts): a malformed
 * gatehouse.yaml is bad input (exit 2, file:line) here as it is for the CLI.
 */
import { internalError } from '../core/errors.js';
import type { TreeReader } from '../core/tree.js';
import { loadLayout } from '../repo/layout.js';

export interface ActionLayout {
  policies: string;
  ledger: string;
}

type Show = (path: string) => Promise<string | undefined>;

/** The files of one commit as `git show <ref>:<path>` gives them (read only; the layout lists nothing). */
function showTree(show: Show): TreeReader {
  return {
    label: 'HEAD:',
    read: async (path) => {
      const text = await show(path);
      return text === undefined ? undefined : Buffer.from(text, 'utf8');
    },
    list: () => Promise.reject(internalError('the layout reader lists no folders')),
  };
}

export async function readLayout(show: Show): Promise<ActionLayout> {
  const layout = await loadLayout(showTree(show));
  return { policies: layout.paths.policies, ledger: layout.paths.ledger };
}
