/**
 * Building blocks shared by the JSON Schemas (draft 2020-12). Each block carries a `description` that
 * the validator turns into the "expected …" half of a message. Objects are closed everywhere
 * (`additionalProperties: false`): an unknown field is an error, never ignored (DESIGN §9, fail closed).
 */
import { DURATION_PATTERN } from '../../core/duration.js';

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export const ACTOR_ID_PATTERN = '^[a-z0-9][a-z0-9._-]*$';
export const CHANGE_ID_PATTERN = '^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$';
export const INCIDENT_ID_PATTERN = '^INC-\\d{8}-\\d{6}$';
export const HASH_PATTERN = '^sha256:[0-9a-f]{64}$';
// RFC 3339 §5.6 with a mandatory zone; ajv-formats `date-time` also checks the calendar.
export const TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

export const nonEmptyString = { type: 'string', minLength: 1 } as const;

export const stringList = {
  type: 'array',
  items: nonEmptyString,
  description: 'a list of strings',
} as const;

export const level = {
  type: 'integer',
  minimum: 0,
  maximum: 4,
  description: 'an integer 0..4',
} as const;

export const levelList = { type: 'array', items: level, uniqueItems: true } as const;

export const fraction = {
  type: 'number',
  exclusiveMinimum: 0,
  maximum: 1,
  description: 'a fraction 0 < x ≤ 1',
} as const;

export const count = { type: 'integer', minimum: 0, description: 'a non-negative integer' } as const;
export const positiveCount = { type: 'integer', minimum: 1, description: 'a positive integer' } as const;

export const duration = {
  type: 'string',
  pattern: DURATION_PATTERN,
  description: 'a duration like 30s, 30m, 1h or 2h30m',
} as const;

export const timestamp = {
  type: 'string',
  format: 'date-time',
  pattern: TIMESTAMP_PATTERN,
  description: 'an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z',
} as const;

export const actorId = {
  type: 'string',
  pattern: ACTOR_ID_PATTERN,
  description: 'an actor id (lower-case letters, digits, ".", "_", "-")',
} as const;

export const changeId = {
  type: 'string',
  pattern: CHANGE_ID_PATTERN,
  description: 'a change id like CHG-0042',
} as const;

export const incidentId = {
  type: 'string',
  pattern: INCIDENT_ID_PATTERN,
  description: 'an incident id like INC-20260118-143045',
} as const;

export const hash = {
  type: 'string',
  pattern: HASH_PATTERN,
  description: 'a digest like sha256:<64 hex digits>',
} as const;

export const severity = { enum: ['critical', 'high', 'medium', 'low'] } as const;

export const changeKind = {
  enum: ['change', 'recommendation', 'rollback', 'killswitch', 'escalation', 'policy'],
} as const;

export const signature = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'value'],
  properties: {
    type: { enum: ['openpgp', 'ssh'] },
    value: nonEmptyString,
  },
} as const;

/** QuorumRequirement (DESIGN §3 quorum). */
export const quorumRequirement = {
  type: 'object',
  additionalProperties: false,
  properties: {
    count: positiveCount,
    roles_any: stringList,
    roles_all: stringList,
    humans_only: { type: 'boolean' },
    allow_self: { type: 'boolean' },
    accept: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['signed', 'github'] } },
  },
} as const;

/** RuleMatch: which changes a rule or a kill switch applies to. */
export const ruleMatchProperties = {
  paths: stringList,
  services: stringList,
  regions: stringList,
  kinds: { type: 'array', items: changeKind, uniqueItems: true },
} as const;
