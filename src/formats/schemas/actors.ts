import { SCHEMA_DIALECT, actorId, level, nonEmptyString, stringList, timestamp } from './common.js';

/** policies/actors.yaml (DESIGN §2.7). */
export const actorsSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:actors',
  type: 'object',
  additionalProperties: false,
  required: ['actors'],
  properties: {
    actors: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'roles', 'max_level', 'keys'],
        properties: {
          id: actorId,
          kind: { enum: ['human', 'agent', 'service'] },
          name: nonEmptyString,
          roles: stringList,
          max_level: level,
          github: {
            type: 'object',
            additionalProperties: false,
            required: ['login', 'id'],
            properties: {
              login: nonEmptyString,
              id: { type: 'integer', minimum: 1, description: 'the numeric GitHub user id' },
            },
          },
          keys: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['type'],
              properties: {
                type: { enum: ['openpgp', 'ssh'] },
                file: nonEmptyString,
                key: nonEmptyString,
                valid_after: timestamp,
                valid_before: timestamp,
              },
            },
          },
        },
      },
    },
  },
} as const;
