/**
 * What `verify` passes to the ledger verifier for witnesses: policies/witnesses.yaml when present (bad: exit 2
 * with file:line, before anything is read), and `--witnessed-only`, which needs a policy to mean anything.
 */
import { usageError } from '../core/errors.js';
import type { RepoLayout } from '../core/paths.js';
import type { TreeReader } from '../core/tree.js';
import type { WitnessInput } from './check.js';
import { loadWitnessPolicy, witnessPolicyPath } from './policy.js';

export async function witnessOptions(
  tree: TreeReader,
  layout: RepoLayout,
  witnessedOnly: boolean,
): Promise<WitnessInput | undefined> {
  const policy = await loadWitnessPolicy(tree, layout);
  if (!policy) {
    if (witnessedOnly)
      throw usageError(
        `--witnessed-only needs ${witnessPolicyPath(layout)}: list the witnesses and the quorum (see docs/witnesses.md)`,
      );
    return undefined;
  }
  return { policy, witnessedOnly };
}
