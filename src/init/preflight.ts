/**
 * Before `init` writes anything (DESIGN §9: bad input writes nothing): the policy files it is about to
 * write must load as the gate will load them, and every founding actor's key must be readable, so the
 * first commit is never a policy the gate fails closed on.
 */
import { badInput, type Problem } from '../core/errors.js';
import type { ActorsPolicy } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import type { SchemaKind } from '../formats/schemas/index.js';
import { buildKeyring } from '../identity/keyring.js';
import type { Scaffold } from './scaffold.js';

const POLICY_KINDS: [string, SchemaKind][] = [
  ['policies/actors.yaml', 'actors'],
  ['policies/authority.yaml', 'authority'],
  ['policies/quorum.yaml', 'quorum'],
  ['policies/blast-radius.yaml', 'blast-radius'],
  ['policies/kill-switches.yaml', 'kill-switches'],
  ['policies/incident.yaml', 'incident-policy'],
];

export async function preflightPolicies(
  scaffold: Scaffold,
  keySources: Map<string, string> = new Map(),
): Promise<void> {
  const problems: Problem[] = [];
  let actors: ActorsPolicy | undefined;
  for (const [file, kind] of POLICY_KINDS) {
    const text = scaffold.files.get(file);
    if (text === undefined) continue;
    try {
      const doc = loadDocument(kind, text, file);
      if (kind === 'actors') actors = doc.value as ActorsPolicy;
    } catch (e) {
      const list = (e as { problems?: Problem[] }).problems;
      problems.push(...(list?.length ? list : [{ file, message: (e as Error).message }]));
    }
  }
  if (actors) {
    const ring = await buildKeyring(actors.actors, async (rel) => {
      const text = scaffold.files.get(`policies/${rel}`);
      return text === undefined ? undefined : Buffer.from(text, 'utf8');
    });
    for (const p of ring.problems) {
      const source = p.file ? keySources.get(`policies/${p.file}`) : undefined;
      problems.push({
        file: source ?? `policies/${p.file ?? 'actors.yaml'}`,
        message: `${p.actor}: ${p.reason}; give a readable public key with --actor ${p.actor}:ROLES:KEYFILE`,
      });
    }
  }
  if (problems.length) throw badInput(problems);
}
