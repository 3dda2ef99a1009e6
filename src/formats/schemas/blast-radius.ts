import { SCHEMA_DIALECT, count, duration, fraction, levelList } from './common.js';

const fractions = { percent: fraction, service: fraction, region: fraction } as const;

const absoluteCap = {
  type: 'object',
  additionalProperties: false,
  required: ['max_affected'],
  properties: { max_affected: count },
} as const;

const levelLimits = {
  type: 'object',
  additionalProperties: false,
  properties: { ...fractions, max_affected: count },
} as const;

/** policies/blast-radius.yaml (DESIGN §2.7, seed 000 Part 3). */
export const blastRadiusSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:blast-radius',
  type: 'object',
  additionalProperties: false,
  required: ['limits'],
  properties: {
    // min_allowed: a floor under ceil(total × fraction), so a small repository can still change a few resources.
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: { ...fractions, min_allowed: count },
    },
    services: { type: 'object', additionalProperties: absoluteCap },
    regions: { type: 'object', additionalProperties: absoluteCap },
    levels: {
      type: 'object',
      additionalProperties: false,
      properties: { 0: levelLimits, 1: levelLimits, 2: levelLimits, 3: levelLimits, 4: levelLimits },
    },
    window: {
      type: 'object',
      additionalProperties: false,
      required: ['duration', 'levels'],
      properties: { duration, levels: levelList },
    },
  },
} as const;
