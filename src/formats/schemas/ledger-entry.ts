import { ENTRY_TYPES } from '../../core/ledger-entry.js';
import { SCHEMA_DIALECT, hash, level, nonEmptyString, timestamp } from './common.js';

/** One line of ledger/events/*.jsonl (DESIGN §4). Integers only: floats are refused in code. */
export const ledgerEntrySchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:ledger-entry',
  type: 'object',
  additionalProperties: false,
  required: ['v', 'seq', 'prev', 'ts', 'type', 'actor', 'body'],
  properties: {
    v: { const: 1 },
    seq: { type: 'integer', minimum: 0, description: 'a non-negative integer' },
    prev: hash,
    ts: timestamp,
    type: { enum: ENTRY_TYPES },
    actor: nonEmptyString,
    level,
    subject: {
      type: 'object',
      additionalProperties: false,
      properties: {
        change: nonEmptyString,
        commit: { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$', description: 'a git commit id' },
        pr: { type: 'integer', minimum: 1, description: 'a pull request number' },
        incident: nonEmptyString,
        override: nonEmptyString,
        alert: nonEmptyString,
      },
    },
    body: { type: 'object' },
  },
} as const;
