/**
 * The ledger entries of incident records that land with a merge (DESIGN §2.5, §4; seed 001 §9). Pure: the
 * caller reads the records added by the merge and the ledger's keys. For each added record:
 *   - `incident.opened` for the incident it speaks for, unless the ledger already opened it;
 *   - `incident.resolved` when the record is resolved, unless the ledger already resolved that incident;
 *   - `override.reviewed` when the record is a post-mortem (`overrides: OVR-…`), unless the override was
 *     already reviewed (DESIGN §2.6: a second post-mortem changes nothing, and the notes say so).
 * Records on the base branch are immutable (the gate's append-only check), so a resolution that comes
 * after the record landed open is a new record with `amends: <id>`: it speaks for the incident at the end
 * of its `amends` chain, and closes that incident.
 * Keys follow the scheme of the other entries, `<type>:<incident or override id>:<sha256 of the record>`.
 */
import { incidentIdOf } from '../incidents/open.js';
import type { IncidentRecord } from '../incidents/record.js';
import { wholeSeconds } from '../incidents/times.js';
import type { AppendDraft } from '../ledger/chain.js';
import { isoSeconds, recordKey } from './build.js';

/** An incident record the merge adds, with the sha256 of its bytes (`sha256:<hex>`). */
export interface AddedIncident {
  record: IncidentRecord;
  digest: string;
}

/** Where the ledger already holds an entry whose key starts `<type>:<id>:` (its seq), if anywhere. */
export type KeyLookup = (type: string, id: string) => number | undefined;

export interface IncidentDraftInput {
  added: readonly AddedIncident[];
  /** Every incident record at the head, by id (to follow `amends` chains). */
  known: ReadonlyMap<string, IncidentRecord>;
  /** Override ids that exist at the head (a post-mortem naming another id is not recorded). */
  overrides: ReadonlySet<string>;
  /** The change an override let through, by override id, when known. */
  overrideChange?: ReadonlyMap<string, string>;
  seen: KeyLookup;
  now: Date;
  commit?: string;
  pr?: number;
}

export interface IncidentDrafts {
  drafts: AppendDraft[];
  /** What was not recorded, and why (one line each). */
  notes: string[];
}

/** The incident a record speaks for: the end of its `amends` chain (src/incidents/open.ts, as monitor and report). */
export function incidentOf(rec: IncidentRecord, known: ReadonlyMap<string, IncidentRecord>): string {
  return incidentIdOf(rec.front, new Map([...known].map(([k, v]) => [k, v.front])));
}

/** The facts of a record as the ledger keeps them (undefined fields left out). */
function facts(rec: IncidentRecord, incident: string): Record<string, unknown> {
  const f = rec.front;
  const out: Record<string, unknown> = {
    id: incident,
    ...(f.id !== incident ? { record: f.id, amends: f.amends } : {}),
    file: rec.file,
    type: f.type,
    severity: f.severity,
    operator: f.operator,
    services: f.services ?? [],
    regions: f.regions ?? [],
    ...(f.culprit !== undefined ? { culprit: f.culprit } : {}),
    started_at: f.started_at,
    detected_at: f.detected_at,
  };
  return out;
}

export function incidentDrafts(input: IncidentDraftInput): IncidentDrafts {
  const drafts: AppendDraft[] = [];
  const notes: string[] = [];
  const ts = isoSeconds(input.now);
  const where = {
    ...(input.commit !== undefined ? { commit: input.commit } : {}),
    ...(input.pr !== undefined ? { pr: input.pr } : {}),
  };
  // Entries drafted in this run count as seen, so two records of one incident in one merge open it once.
  const drafted = new Map<string, number>();
  const seen = (type: string, id: string): number | undefined =>
    input.seen(type, id) ?? drafted.get(`${type}:${id}`);
  const push = (draft: AppendDraft, id: string): void => {
    drafted.set(`${draft.type}:${id}`, -1);
    drafts.push(draft);
  };
  const at = (seq: number | undefined): string => (seq !== undefined && seq >= 0 ? ` at seq ${seq}` : '');

  const ordered = [...input.added].sort((a, b) => (a.record.front.id < b.record.front.id ? -1 : 1));
  for (const { record: rec, digest } of ordered) {
    const f = rec.front;
    const incident = incidentOf(rec, input.known);
    const common = { ts, actor: f.operator, subject: { incident, ...where } };

    const opened = seen('incident.opened', incident);
    if (opened === undefined)
      push(
        {
          ...common,
          type: 'incident.opened',
          key: recordKey('incident.opened', incident, digest),
          body: facts(rec, incident),
        },
        incident,
      );
    else if (f.id === incident)
      notes.push(`${rec.file}: ${incident} is already opened in the ledger${at(opened)}`);

    if (f.resolved_at) {
      const resolved = seen('incident.resolved', incident);
      if (resolved === undefined)
        push(
          {
            ...common,
            type: 'incident.resolved',
            key: recordKey('incident.resolved', incident, digest),
            body: {
              ...facts(rec, incident),
              resolved_at: f.resolved_at,
              // src/incidents/times.ts: MTTR detected→resolved, duration started→resolved (seed 000 Part 4)
              duration_s: wholeSeconds(rec.durationMs),
              mttr_s: wholeSeconds(rec.mttrMs),
            },
          },
          incident,
        );
      else
        notes.push(
          `${rec.file}: ${incident} is already resolved in the ledger${at(resolved)}; this record corrects it and is not a second resolution`,
        );
    }

    const ovr = f.overrides;
    if (ovr !== undefined) {
      const reviewed = seen('override.reviewed', ovr);
      if (!input.overrides.has(ovr))
        notes.push(`${rec.file}: names override ${ovr}, which does not exist; no override.reviewed`);
      else if (reviewed !== undefined)
        // DESIGN §2.6: a second post-mortem for the same override changes nothing, and says so.
        notes.push(
          `${rec.file}: ${ovr} already has its post-mortem in the ledger${at(reviewed)}; nothing changed`,
        );
      else {
        const change = input.overrideChange?.get(ovr);
        push(
          {
            ts,
            actor: f.operator,
            subject: { override: ovr, incident: f.id, ...where },
            type: 'override.reviewed',
            key: recordKey('override.reviewed', ovr, digest),
            body: {
              override: ovr,
              ...(change !== undefined ? { change } : {}),
              incident: f.id,
              file: rec.file,
              documented_at: f.documented_at,
            },
          },
          ovr,
        );
      }
    }
  }
  return { drafts, notes };
}

/**
 * A KeyLookup over ledger lines: the first entry whose `body.key` starts `<type>:<id>:`. One pass over the
 * lines that carry a key of the `types` asked for.
 */
export function keyLookup(
  lines: readonly string[],
  types: readonly string[] = [
    'incident.opened',
    'incident.resolved',
    'override.reviewed',
    'override.activated',
  ],
): KeyLookup {
  const first = new Map<string, number>();
  const needles = types.map((t) => `"key":${JSON.stringify(`${t}:`).slice(0, -1)}`);
  lines.forEach((line, seq) => {
    for (const needle of needles) {
      const at = line.indexOf(needle);
      if (at < 0) continue;
      const start = at + 7; // past `"key":"`
      const key = line.slice(start, line.indexOf('"', start));
      const second = key.indexOf(':', key.indexOf(':') + 1);
      const prefix = second < 0 ? key : key.slice(0, second);
      if (!first.has(prefix)) first.set(prefix, seq);
    }
  });
  return (type, id) => first.get(`${type}:${id}`);
}
