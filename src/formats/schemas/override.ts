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
    // Binds the override to one content of its change, as approvals are (DESIGN §2.2): the gate applies it
    // only while the change's digest (without the override's own folder) is this one.
    change_digest: {
      ...hash,
      description:
        'sha256:<hex> change digest of the change it covers (gatehouse override new --base/--head)',
    },
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
