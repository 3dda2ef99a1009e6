import {
  SCHEMA_DIALECT,
  actorId,
  changeKind,
  levelList,
  nonEmptyString,
  quorumRequirement,
  stringList,
} from './common.js';

/** policies/quorum.yaml (DESIGN §2.7): every matching rule must hold. */
export const quorumSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:quorum',
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'when', 'require'],
        properties: {
          name: nonEmptyString,
          when: {
            type: 'object',
            additionalProperties: false,
            properties: {
              levels: levelList,
              paths: stringList,
              services: stringList,
              kind: { enum: [...changeKind.enum, 'override'] },
              kinds: { type: 'array', items: changeKind, uniqueItems: true },
            },
          },
          require: quorumRequirement,
        },
      },
    },
    // One-time: the founding actors complete the first policy change (until the ledger has policy.changed).
    bootstrap: {
      type: 'object',
      additionalProperties: false,
      required: ['actors'],
      properties: { actors: { type: 'array', items: actorId, minItems: 1, uniqueItems: true } },
    },
  },
} as const;
