/**
 * The policy (DESIGN §2.7), read from a TreeReader so the gate can read it from the base commit
 * (DESIGN §3: the policy used is the base branch's). Problems across all files are reported at once.
 */
import { GatehouseError, badInput, type Problem } from '../core/errors.js';
import type {
  ActorsPolicy,
  AuthorityPolicy,
  BlastRadiusPolicy,
  IncidentPolicy,
  KillSwitchPolicy,
  Locate,
  QuorumPolicy,
} from '../core/documents.js';
import { loadDocument, type KindType, type SchemaKind } from '../formats/validate.js';
import { joinPath, type RepoLayout } from './layout.js';
import type { TreeReader } from '../core/tree.js';

export interface Policy {
  layout: RepoLayout;
  actors: ActorsPolicy;
  authority: AuthorityPolicy;
  quorum: QuorumPolicy;
  blastRadius: BlastRadiusPolicy;
  incident: IncidentPolicy;
  killSwitches: KillSwitchPolicy;
  /** Locate per policy file path (e.g. `policies/quorum.yaml`), for file:line in results. */
  locate: Record<string, Locate>;
}

/** The policy files, by name under policies/, with their schema kind and whether they must exist. */
export const POLICY_FILES = [
  { name: 'actors.yaml', kind: 'actors', required: true },
  { name: 'authority.yaml', kind: 'authority', required: true },
  { name: 'quorum.yaml', kind: 'quorum', required: true },
  { name: 'blast-radius.yaml', kind: 'blast-radius', required: true },
  { name: 'incident.yaml', kind: 'incident-policy', required: false },
  { name: 'kill-switches.yaml', kind: 'kill-switches', required: false },
  { name: 'witnesses.yaml', kind: 'witnesses', required: false },
] as const satisfies readonly { name: string; kind: SchemaKind; required: boolean }[];

/** Bad-input problems of a thrown error, or rethrow it (internal faults are not input problems). */
export function problemsOf(err: unknown): readonly Problem[] {
  if (err instanceof GatehouseError && err.code !== 'internal' && err.problems.length > 0)
    return err.problems;
  throw err;
}

export async function loadPolicy(tree: TreeReader, layout: RepoLayout): Promise<Policy> {
  const problems: Problem[] = [];
  const locate: Record<string, Locate> = {};
  const load = async <K extends SchemaKind>(name: string, kind: K, required: boolean) => {
    const file = joinPath(layout.paths.policies, name);
    const bytes = await tree.read(file);
    if (bytes === undefined) {
      if (required)
        problems.push({
          file,
          message: `missing: every governed repository needs ${file} (run "gatehouse init" to scaffold one, or restore it)`,
        });
      return undefined;
    }
    try {
      const doc = loadDocument(kind, bytes, file);
      locate[file] = doc.locate;
      return doc.value as KindType<K>;
    } catch (e) {
      problems.push(...problemsOf(e));
      return undefined;
    }
  };

  const actors = await load('actors.yaml', 'actors', true);
  const authority = await load('authority.yaml', 'authority', true);
  const quorum = await load('quorum.yaml', 'quorum', true);
  const blastRadius = await load('blast-radius.yaml', 'blast-radius', true);
  const incident = await load('incident.yaml', 'incident-policy', false);
  const killSwitches = await load('kill-switches.yaml', 'kill-switches', false);

  if (problems.length > 0 || !actors || !authority || !quorum || !blastRadius) throw badInput(problems);
  return {
    layout,
    actors,
    authority,
    quorum,
    blastRadius,
    incident: incident ?? {},
    killSwitches: killSwitches ?? { switches: [] },
    locate,
  };
}
