/**
 * Schema checking for every governed file kind (DESIGN §2: every error names file:line:column, the
 * field, and what is expected). The validators come from compiled.ts: compiled once each on first use
 * here, generated ahead of time in the bundles (DESIGN §7), so start-up stays cheap.
 */
import { badInput, type Problem } from '../core/errors.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { problemsFromAjv, sortProblems } from './messages.js';
import { validatorFor } from './compiled.js';
import type { SchemaKind } from './schemas/index.js';
import { semanticProblems } from './semantic.js';
import type {
  ActorsPolicy,
  Approval,
  AuthorityPolicy,
  BlastRadiusPolicy,
  ChangeManifest,
  CheckpointNote,
  GatehouseConfig,
  IncidentFrontMatter,
  IncidentPolicy,
  KillSwitchPolicy,
  Locate,
  OverrideRequest,
  OverrideSignature,
  QuorumPolicy,
  StateDocument,
} from '../core/documents.js';
import { parseYaml, type ParseYamlOptions } from './yaml.js';
import type { WitnessPolicyDoc } from './witnesses.js';

export type { SchemaKind } from './schemas/index.js';
export { SCHEMA_KINDS, SCHEMAS } from './schemas/index.js';

/** The TypeScript shape each kind has once it validates. */
export interface KindTypes {
  gatehouse: GatehouseConfig;
  actors: ActorsPolicy;
  authority: AuthorityPolicy;
  quorum: QuorumPolicy;
  'blast-radius': BlastRadiusPolicy;
  'incident-policy': IncidentPolicy;
  'kill-switches': KillSwitchPolicy;
  state: StateDocument;
  change: ChangeManifest;
  approval: Approval;
  override: OverrideRequest;
  'override-signature': OverrideSignature;
  incident: IncidentFrontMatter;
  'ledger-entry': LedgerEntry;
  checkpoint: CheckpointNote;
  witnesses: WitnessPolicyDoc;
}

export type KindType<K extends SchemaKind> = KindTypes[K];

/**
 * Every problem with `value` as a document of `kind`: schema errors first, then (only for documents
 * that match their schema) the semantic checks. Empty when the document is valid.
 */
export function checkSchema(kind: SchemaKind, value: unknown, file: string, locate: Locate): Problem[] {
  const validate = validatorFor(kind);
  if (!validate(value)) return problemsFromAjv(validate.errors ?? [], file, locate);
  return sortProblems(semanticProblems(kind, value, file, locate));
}

/**
 * Kinds whose plain scalars must mean the same in YAML 1.1 and 1.2 (docs/behaviours.md#yaml-hazards): state, which
 * deployers read with their own YAML libraries, and the hand-written policies and gatehouse.yaml. Manifests,
 * approvals, overrides and incident records are written by `gatehouse` itself and read only by it.
 */
const YAML11_KINDS: ReadonlySet<SchemaKind> = new Set<SchemaKind>([
  'state',
  'actors',
  'authority',
  'quorum',
  'blast-radius',
  'incident-policy',
  'kill-switches',
  'gatehouse',
  'witnesses',
]);

/** Parse YAML and check it against `kind`; throws badInput with every problem at once. */
export function loadDocument<K extends SchemaKind>(
  kind: K,
  bytes: Uint8Array | string,
  file: string,
  opts: ParseYamlOptions = {},
): { value: KindType<K>; locate: Locate } {
  const { value, locate } = parseYaml(bytes, file, { yaml11: YAML11_KINDS.has(kind), ...opts });
  const problems = checkSchema(kind, value, file, locate);
  if (problems.length > 0) throw badInput(problems);
  return { value: value as KindType<K>, locate };
}
