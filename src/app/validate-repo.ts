/**
 * `gatehouse validate` (DESIGN §5): schema-check every governed file of the work tree (policies, state,
 * changes, overrides, incidents, ledger). Reads only; the problems are data, the caller decides the exit code.
 */
import type { Problem } from '../core/errors.js';
import type { TreeReader } from '../core/tree.js';
import { validateTree } from '../repo/validate-tree.js';

export interface ValidateRepoPorts {
  work: TreeReader;
}

export type ValidateRepoRequest = Record<string, never>;

export interface ValidateRepoResult {
  /** The governed files checked, by repository path. */
  files: string[];
  problems: Problem[];
}

export async function validateRepo(
  _request: ValidateRepoRequest,
  ports: ValidateRepoPorts,
): Promise<ValidateRepoResult> {
  const { files, problems } = await validateTree(ports.work);
  return { files, problems };
}
