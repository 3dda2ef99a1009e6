/**
 * Loads policies/witnesses.yaml from a TreeReader (so a caller can read it from the base commit, as every
 * policy is judged: DESIGN §3). Absent: undefined, and everything behaves as without witnesses. Bad: badInput
 * with every problem at file:line (exit 2), before anything is written.
 */
import { badInput } from '../core/errors.js';
import { loadDocument } from '../formats/validate.js';
import { joinPath, type RepoLayout } from '../core/paths.js';
import type { TreeReader } from '../core/tree.js';
import { witnessPolicyOf, type WitnessPolicy } from './policy-rules.js';

export const WITNESS_POLICY_FILE = 'witnesses.yaml';

export function witnessPolicyPath(layout: RepoLayout): string {
  return joinPath(layout.paths.policies, WITNESS_POLICY_FILE);
}

export async function loadWitnessPolicy(
  tree: TreeReader,
  layout: RepoLayout,
): Promise<WitnessPolicy | undefined> {
  const file = witnessPolicyPath(layout);
  const bytes = await tree.read(file);
  if (bytes === undefined) return undefined;
  const doc = loadDocument('witnesses', bytes, file);
  try {
    return witnessPolicyOf(doc.value, file);
  } catch (err) {
    // loadDocument ran witnessPolicyProblems (formats/semantic.ts): a key that still fails is a bug there.
    throw badInput([{ file, line: 1, message: (err as Error).message }]);
  }
}
