import { SCHEMA_DIALECT } from './common.js';

const name = (what: string) =>
  ({
    type: 'string',
    pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$',
    description: `${what} (letters, digits, ".", "_", ":", "-"; no "/" or spaces)`,
  }) as const;

/**
 * state/**\/*.yaml (DESIGN §2.1). `spec` holds any JSON whose numbers are integers; that rule is
 * checked in code (see checkIntegers) so the message can say why.
 */
export const stateSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:state',
  type: 'object',
  additionalProperties: false,
  required: ['resources'],
  properties: {
    service: name('a service name'),
    region: name('a region name'),
    resources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: name('a resource id'),
          service: name('a service name'),
          region: name('a region name'),
          spec: {},
        },
      },
    },
  },
} as const;
