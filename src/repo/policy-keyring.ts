/**
 * The keyring of a policy tree: policies/actors.yaml and the key files it names, read through a TreeReader
 * (the base commit for gate decisions, or the work tree for local commands). Only actors.yaml is needed,
 * so an unrelated policy file in progress does not stop signing.
 */
import type { ActorsPolicy, Locate } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { notFound } from '../core/errors.js';
import { joinPath, loadLayout, type RepoLayout } from './layout.js';
import type { TreeReader } from '../core/tree.js';
import { buildKeyring } from '../identity/keyring.js';
import type { Keyring } from '../identity/types.js';

export interface PolicyKeyring {
  layout: RepoLayout;
  actorsFile: string;
  actors: ActorsPolicy;
  locate: Locate;
  keyring: Keyring;
}

export async function keyringFromTree(tree: TreeReader, layout?: RepoLayout): Promise<PolicyKeyring> {
  const lay = layout ?? (await loadLayout(tree));
  const actorsFile = joinPath(lay.paths.policies, 'actors.yaml');
  const bytes = await tree.read(actorsFile);
  if (bytes === undefined)
    throw notFound(
      `${tree.label}${actorsFile} is missing: the actors and their keys are defined there`,
      actorsFile,
    );
  const { value, locate } = loadDocument('actors', bytes, actorsFile);
  const keyring = await buildKeyring(value.actors, (p) => tree.read(joinPath(lay.paths.policies, p)));
  return { layout: lay, actorsFile, actors: value, locate, keyring };
}
