import {
  SCHEMA_DIALECT,
  actorId,
  changeId,
  incidentId,
  nonEmptyString,
  severity,
  stringList,
  timestamp,
} from './common.js';

/** incidents/INC-YYYYMMDD-HHMMSS.md front matter (DESIGN §2.5). */
export const incidentSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'gatehouse:incident',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'severity', 'started_at', 'detected_at', 'operator', 'documented_at'],
  properties: {
    id: incidentId,
    type: nonEmptyString,
    severity,
    started_at: timestamp,
    detected_at: timestamp,
    resolved_at: {
      type: ['string', 'null'],
      format: 'date-time',
      pattern: timestamp.pattern,
      description: 'an RFC 3339 time with a zone, or null while unresolved',
    },
    operator: actorId,
    documented_at: timestamp,
    services: stringList,
    regions: stringList,
    culprit: { type: 'integer', minimum: 0, description: 'the ledger seq of the causing entry' },
    overrides: { ...changeId, description: 'an override id like OVR-0001' },
    amends: incidentId,
  },
} as const;
