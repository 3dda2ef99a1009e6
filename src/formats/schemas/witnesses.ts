import { SCHEMA_DIALECT } from './common.js';

/**
 * policies/witnesses.yaml (docs/witnesses.md): the witnesses whose C2SP tlog-cosignature v1 cosignatures count,
 * each by name and signed-note verifier key (type 0x04), with an optional tlog-witness submission URL, and
 * the quorum: how many of them must cosign a checkpoint verify relies on.
 */
export const witnessesSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:witnesses',
  type: 'object',
  additionalProperties: false,
  required: ['witnesses', 'quorum'],
  properties: {
    witnesses: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'key'],
        properties: {
          name: {
            type: 'string',
            pattern: '^[^\\s+]+$',
            description: 'a witness name (its key name: no spaces or "+")',
          },
          key: {
            type: 'string',
            pattern: '^[^\\s+]+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]+={0,2}$',
            description: 'a signed-note verifier key <name>+<hex key id>+<base64 key>',
          },
          url: {
            type: 'string',
            pattern: '^https?://[^\\s]+$',
            description: 'the tlog-witness submission prefix (an http or https URL)',
          },
        },
      },
    },
    quorum: {
      type: 'integer',
      minimum: 1,
      description: 'how many of the listed witnesses must cosign (an integer ≥ 1)',
    },
  },
} as const;
