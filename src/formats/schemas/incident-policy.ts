import { SCHEMA_DIALECT, duration, fraction, nonEmptyString, severity, stringList } from './common.js';

const multiplier = { type: 'number', exclusiveMinimum: 0, description: 'a positive number' } as const;

const response = {
  type: 'object',
  additionalProperties: false,
  required: ['response_time', 'owner'],
  properties: { response_time: duration, owner: nonEmptyString },
} as const;

/** policies/incident.yaml (seed 000 Part 4): detection thresholds, severities, playbooks. */
export const incidentPolicySchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:incident-policy',
  type: 'object',
  additionalProperties: false,
  properties: {
    detection: {
      type: 'object',
      additionalProperties: false,
      properties: {
        confirmation: duration,
        baseline_window: duration,
        error_rate_multiplier: multiplier,
        latency_multiplier: multiplier,
        resource_threshold: fraction,
      },
    },
    severities: {
      type: 'object',
      additionalProperties: false,
      properties: { critical: response, high: response, medium: response, low: response },
    },
    playbooks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['steps'],
        properties: { steps: { ...stringList, minItems: 1 }, severity, owner: nonEmptyString },
      },
    },
    monitor: {
      type: 'object',
      additionalProperties: false,
      properties: { heartbeat: duration },
    },
    // seed 000: "< 2-minute MTTR"; MTTR runs from detected_at to resolved_at (src/incidents/times.ts)
    mttr_target: duration,
  },
} as const;
