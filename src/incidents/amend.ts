/**
 * Amending records (DESIGN §2.5: records are immutable once on the base branch; corrections are new records
 * with `amends`). A correction speaks for the same incident, so it starts from the amended record's fields —
 * type, severity, operator, started_at, detected_at, services, regions, culprit — and its own flags win.
 * Its sections start from the amended record's text, so a resolution written as a new record is complete.
 * Pure.
 */
import type { IncidentFrontMatter } from '../core/documents.js';
import { INCIDENT_SECTIONS, type IncidentRecord, type IncidentSection } from './record.js';

/** Fields of the new record; `undefined` values are "not given" and leave the inherited field. */
export type AmendFields = { id: string; documented_at: string } & {
  [K in Exclude<keyof IncidentFrontMatter, 'id' | 'documented_at' | 'amends'>]?: IncidentFrontMatter[K];
};

/** The front matter of a record that amends `amended`: inherited fields, then the ones given. */
export function amendingFront(amended: IncidentFrontMatter, fields: AmendFields): IncidentFrontMatter {
  const out: IncidentFrontMatter = {
    id: fields.id,
    type: amended.type,
    severity: amended.severity,
    started_at: amended.started_at,
    detected_at: amended.detected_at,
    resolved_at: null,
    operator: amended.operator,
    documented_at: fields.documented_at,
  };
  if (amended.services) out.services = amended.services;
  if (amended.regions) out.regions = amended.regions;
  if (amended.culprit !== undefined) out.culprit = amended.culprit;
  for (const [k, v] of Object.entries(fields) as [keyof IncidentFrontMatter, unknown][])
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  out.amends = amended.id;
  return out;
}

/** The written sections of a record (placeholders left out), to start an amending record from. */
export function writtenSections(rec: IncidentRecord): Partial<Record<IncidentSection, string>> {
  const out: Partial<Record<IncidentSection, string>> = {};
  for (const name of INCIDENT_SECTIONS) {
    const s = rec.sections[name];
    if (s && !s.empty) out[name] = s.text;
  }
  return out;
}
