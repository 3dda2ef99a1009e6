/** Every governed file kind and its JSON Schema (draft 2020-12). */
import { actorsSchema } from './actors.js';
import { approvalSchema } from './approval.js';
import { authoritySchema } from './authority.js';
import { blastRadiusSchema } from './blast-radius.js';
import { changeSchema } from './change.js';
import { checkpointSchema } from './checkpoint.js';
import { gatehouseSchema } from './gatehouse.js';
import { incidentPolicySchema } from './incident-policy.js';
import { incidentSchema } from './incident.js';
import { killSwitchesSchema } from './kill-switches.js';
import { ledgerEntrySchema } from './ledger-entry.js';
import { overrideSchema, overrideSignatureSchema } from './override.js';
import { quorumSchema } from './quorum.js';
import { stateSchema } from './state.js';
import { witnessesSchema } from './witnesses.js';

export const SCHEMAS = {
  gatehouse: gatehouseSchema,
  actors: actorsSchema,
  authority: authoritySchema,
  quorum: quorumSchema,
  'blast-radius': blastRadiusSchema,
  'incident-policy': incidentPolicySchema,
  'kill-switches': killSwitchesSchema,
  state: stateSchema,
  change: changeSchema,
  approval: approvalSchema,
  override: overrideSchema,
  'override-signature': overrideSignatureSchema,
  incident: incidentSchema,
  'ledger-entry': ledgerEntrySchema,
  checkpoint: checkpointSchema,
  witnesses: witnessesSchema,
} as const;

export type SchemaKind = keyof typeof SCHEMAS;

export const SCHEMA_KINDS = Object.keys(SCHEMAS) as SchemaKind[];
