import {
  SCHEMA_DIALECT,
  actorId,
  changeId,
  changeKind,
  duration,
  incidentId,
  level,
  nonEmptyString,
  signature,
  timestamp,
} from './common.js';

const seq = { type: 'integer', minimum: 0, description: 'a ledger seq (non-negative integer)' } as const;

/** changes/<ID>/change.yaml (DESIGN §2.2). */
export const changeSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:change',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'title', 'proposer', 'level', 'proposed_at'],
  properties: {
    id: changeId,
    kind: changeKind,
    title: nonEmptyString,
    proposer: actorId,
    level,
    proposed_at: timestamp,
    justification: nonEmptyString,
    related: {
      type: 'object',
      additionalProperties: false,
      properties: {
        incident: incidentId,
        reverts: {
          type: ['integer', 'array'],
          minimum: 0,
          items: seq,
          minItems: 1,
          description: 'a ledger seq or a list of them',
        },
        override: changeId,
      },
    },
    killswitch: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'action'],
      properties: { id: nonEmptyString, action: { enum: ['activate', 'deactivate'] } },
    },
    escalation: {
      type: 'object',
      additionalProperties: false,
      required: ['actor', 'level'],
      properties: { actor: actorId, level, ttl: duration },
    },
    signature,
  },
} as const;
