import { SCHEMA_DIALECT, actorId, changeId, hash, nonEmptyString, signature, timestamp } from './common.js';

/** changes/<ID>/approvals/<actor>.yaml (DESIGN §2.3). */
export const approvalSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:approval',
  type: 'object',
  additionalProperties: false,
  required: ['change', 'digest', 'actor', 'decision', 'ts', 'signature'],
  properties: {
    change: changeId,
    digest: hash,
    actor: actorId,
    decision: { enum: ['approve', 'reject'] },
    role: nonEmptyString,
    ts: timestamp,
    comment: { type: 'string' },
    signature,
  },
} as const;
