/**
 * The key rules `validate` shares with the gate (DESIGN §3: approvals count once per actor): the policy's keys are
 * read with the gate's own keyring builder (src/identity/keyring.ts), and every rule it enforces on keys it could
 * read (today: one key listed for two actors) is reported here with file:line, so `validate` never passes a policy
 * whose keys the gate's `keys` check errors on. Keys that cannot be read at all are the keyring's other problems;
 * `validate` only checks that key files exist (validate-tree.ts), because it does not parse key material.
 */
import type { Problem } from '../core/errors.js';
import { positionOf } from '../formats/messages.js';
import type { Locate } from '../core/documents.js';
import type { KindType } from '../formats/validate.js';
import { buildKeyring } from '../identity/keyring.js';
import type { KeyringProblem } from '../identity/types.js';
import { joinPath } from './layout.js';
import type { TreeReader } from '../core/tree.js';

export async function sharedKeyProblems(
  tree: TreeReader,
  policiesDir: string,
  file: string,
  doc: { value: KindType<'actors'>; locate: Locate },
): Promise<Problem[]> {
  const actors = doc.value.actors;
  const keyring = await buildKeyring(actors, (p) => tree.read(joinPath(policiesDir, p)));
  const unreadable = new Set<KeyringProblem>([...keyring.unreadable.values()].flat());
  const out: Problem[] = [];
  for (const p of keyring.problems) {
    if (unreadable.has(p)) continue;
    const i = actors.findIndex((a) => a.id === p.actor);
    const pointer = i >= 0 ? `/actors/${i}/keys` : '/actors';
    out.push({
      file,
      ...positionOf(doc.locate, pointer),
      pointer,
      message: `${p.actor}: ${p.reason}: give each actor its own key (the gate's keys check errors on every change these actors take part in)`,
    });
  }
  return out;
}
