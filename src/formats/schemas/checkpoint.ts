import { SCHEMA_DIALECT, nonEmptyString } from './common.js';

const base64 = (what: string, pattern: string) => ({ type: 'string', pattern, description: what }) as const;

/**
 * A parsed checkpoint note (DESIGN §4, C2SP signed-note + tlog-checkpoint): origin, tree size, root hash,
 * and signature lines `— <name> <base64(keyID ‖ signature)>` split into key_id (hex) and signature.
 */
export const checkpointSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:checkpoint',
  type: 'object',
  additionalProperties: false,
  required: ['origin', 'size', 'root', 'signatures'],
  properties: {
    origin: nonEmptyString,
    size: { type: 'integer', minimum: 0, description: 'the tree size (a non-negative integer)' },
    root: base64('a base64 SHA-256 root hash (44 characters)', '^[A-Za-z0-9+/]{43}=$'),
    signatures: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'key_id', 'signature'],
        properties: {
          name: { type: 'string', pattern: '^[^\\s+]+$', description: 'a key name without spaces or "+"' },
          key_id: { type: 'string', pattern: '^[0-9a-f]{8}$', description: 'a 4-byte key id in hex' },
          signature: base64(
            'a base64 signature',
            '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
          ),
        },
      },
    },
  },
} as const;
