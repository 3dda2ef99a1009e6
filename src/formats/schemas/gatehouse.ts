import { SCHEMA_DIALECT, nonEmptyString, positiveCount } from './common.js';

/** gatehouse.yaml (DESIGN §2): optional path remapping and ledger settings. */
export const gatehouseSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:gatehouse',
  type: 'object',
  additionalProperties: false,
  properties: {
    paths: {
      type: 'object',
      additionalProperties: false,
      properties: {
        policies: nonEmptyString,
        state: nonEmptyString,
        changes: nonEmptyString,
        overrides: nonEmptyString,
        incidents: nonEmptyString,
        ledger: nonEmptyString,
      },
    },
    ledger: {
      type: 'object',
      additionalProperties: false,
      properties: {
        origin: nonEmptyString,
        segment_size: positiveCount,
        snapshot_every: positiveCount,
        checkpoint_key: nonEmptyString,
      },
    },
  },
} as const;
