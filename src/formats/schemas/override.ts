import {
  SCHEMA_DIALECT,
  actorId,
  changeId,
  hash,
  nonEmptyString,
  severity,
  signature,
  stringList,
  timestamp,
} from './common.js';

/** overrides/<ID>/override.yaml (DESIGN §2.6). */
export const overrideSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:override',
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'change',
    'checks',
    'reason',
    'impact',
    'requested_by',
    'requested_at',
    'expires_at',
    'post_mortem_due',
  ],
  properties: {
    id: { ...changeId, description: 'an override id like OVR-0001' },
    change: changeId,
    checks: { ...stringList, minItems: 1, uniqueItems: true },
    reason: nonEmptyString,
    impact: severity,
    requested_by: actorId,
    requested_at: timestamp,
    expires_at: timestamp,
    post_mortem_due: timestamp,
    signature,
  },
} as const;

/** overrides/<ID>/signatures/<actor>.yaml (DESIGN §2.6). */
export const overrideSignatureSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:override-signature',
  type: 'object',
  additionalProperties: false,
  required: ['override', 'actor', 'role', 'decision', 'ts', 'signature'],
  properties: {
    override: { ...changeId, description: 'an override id like OVR-0001' },
    actor: actorId,
    role: nonEmptyString,
    decision: { enum: ['approve', 'reject'] },
    ts: timestamp,
    // Binds the signature to the exact override text (DESIGN §2.3 binds approvals to a digest the same way).
    digest: { ...hash, description: 'sha256:<hex> of JCS(override.yaml without its signature)' },
    signature,
  },
} as const;
