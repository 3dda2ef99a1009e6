import {
  SCHEMA_DIALECT,
  levelList,
  nonEmptyString,
  quorumRequirement,
  ruleMatchProperties,
} from './common.js';

/** policies/kill-switches.yaml (seed 001 §7): switches, what each blocks, who may flip them. */
export const killSwitchesSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:kill-switches',
  type: 'object',
  additionalProperties: false,
  required: ['switches'],
  properties: {
    switches: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'blocks'],
        properties: {
          id: {
            type: 'string',
            pattern: '^[a-z0-9][a-z0-9._-]*$',
            description: 'a switch id (lower-case letters, digits, ".", "_", "-")',
          },
          description: nonEmptyString,
          blocks: {
            type: 'object',
            additionalProperties: false,
            properties: { ...ruleMatchProperties, levels: levelList },
          },
          flippers: quorumRequirement,
        },
      },
    },
  },
} as const;
