import {
  SCHEMA_DIALECT,
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
  },
} as const;
