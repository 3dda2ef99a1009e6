import { SCHEMA_DIALECT, count, duration, level, quorumRequirement, ruleMatchProperties } from './common.js';

const levelPolicy = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled'],
  properties: {
    enabled: { type: 'boolean' },
    approval_ttl: duration,
    max_ops: count,
    max_concurrent: count,
    observation_window: duration,
  },
} as const;

/** policies/authority.yaml (DESIGN §2.7, §3). Every level 0–4 is stated explicitly. */
export const authoritySchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:authority',
  type: 'object',
  additionalProperties: false,
  required: ['environment', 'levels'],
  properties: {
    environment: { enum: ['production', 'staging', 'development'] },
    levels: {
      type: 'object',
      additionalProperties: false,
      required: ['0', '1', '2', '3', '4'],
      properties: { 0: levelPolicy, 1: levelPolicy, 2: levelPolicy, 3: levelPolicy, 4: levelPolicy },
    },
    escalation: {
      type: 'object',
      additionalProperties: false,
      required: ['ttl', 'approvers'],
      properties: { ttl: duration, approvers: quorumRequirement },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match', 'max_level'],
        properties: {
          match: { type: 'object', additionalProperties: false, properties: ruleMatchProperties },
          max_level: level,
        },
      },
    },
    commits: {
      type: 'object',
      additionalProperties: false,
      required: ['require_signed'],
      properties: { require_signed: { type: 'boolean' } },
    },
    // How a manifest is bound to its proposer (DESIGN §2.4): `signed` by a key of the proposer in the base
    // policy (the default), and/or `github`, the pull request's author when its numeric GitHub id is the
    // human proposer's `github.id` (in the Action only; agents and services always sign).
    proposers: {
      type: 'object',
      additionalProperties: false,
      required: ['accept'],
      properties: {
        accept: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['signed', 'github'] } },
      },
    },
  },
} as const;
