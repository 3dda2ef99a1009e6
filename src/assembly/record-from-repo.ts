/**
 * The repository side of the incident and override entries `record` appends (adapter: reads the merge's
 * trees through the gate's AssembledGate; src/record/incidents.ts and overrides.ts stay pure).
 *   - Incident records the merge adds (`incidents/INC-*.md`, status added: the gate denies edits of records
 *     already on the base) → incident.opened / incident.resolved / override.reviewed.
 *   - Overrides the gate applied to the change → override.activated, with the signers verified against the
 *     BASE policy's keys (DESIGN §2.4), exactly as the gate read them.
 * An added incident record that does not parse is bad input: nothing is written, every problem is named.
 */
import { sha256Tagged } from '../core/jcs.js';
import { badInput, type Problem } from '../core/errors.js';
import type { Decision } from '../gate/evaluate.js';
import type { AssembledGate } from './from-repo.js';
import { decodeUtf8 } from '../formats/yaml.js';
import { GatehouseError } from '../core/errors.js';
import { loadIncidents } from '../incidents/load.js';
import { checkIncident, type IncidentRecord } from '../incidents/record.js';
import type { AppendDraft } from '../ledger/chain.js';
import type { OverrideRecord } from '../overrides/lifecycle.js';
import { overrideRecordsAt } from './from-repo-overrides.js';
import { under } from '../core/paths.js';
import { incidentDrafts, keyLookup, type AddedIncident } from '../record/incidents.js';
import { overrideActivatedDrafts } from '../record/overrides.js';
import { bypassedOf } from '../record/overrides-used.js';

export interface GovernedRecordInput {
  assembled: AssembledGate;
  decision: Decision;
  /** Every line of the ledger the entries will be appended to (seq = index). */
  lines: readonly string[];
  now: Date;
  commit?: string;
  pr?: number;
}

export interface GovernedRecordDrafts {
  /** override.activated drafts (they follow the change's own entries). */
  overrides: AppendDraft[];
  /** incident.* and override.reviewed drafts. */
  incidents: AppendDraft[];
  notes: string[];
}

/** The incident records base..head adds, parsed; bad input when one does not parse. */
async function addedIncidents(assembled: AssembledGate): Promise<AddedIncident[]> {
  const change = assembled.change;
  const dir = change.layout.paths.incidents;
  const problems: Problem[] = [];
  const out: AddedIncident[] = [];
  for (const c of change.changed) {
    if (c.status !== 'added' || !under(c.path, dir) || !c.path.endsWith('.md')) continue;
    const bytes = await change.trees.head.read(c.path);
    if (bytes === undefined) continue;
    let text: string;
    try {
      text = decodeUtf8(bytes, c.path);
    } catch (e) {
      if (e instanceof GatehouseError && e.problems.length > 0) problems.push(...e.problems);
      else throw e;
      continue;
    }
    const r = checkIncident(text, c.path);
    problems.push(...r.problems);
    if (r.record) out.push({ record: r.record, digest: sha256Tagged(bytes) });
  }
  if (problems.length > 0) throw badInput(problems);
  return out;
}

export async function governedRecordDrafts(input: GovernedRecordInput): Promise<GovernedRecordDrafts> {
  const { assembled, decision, now } = input;
  const seen = keyLookup(input.lines);
  const where = {
    ...(input.commit !== undefined ? { commit: input.commit } : {}),
    ...(input.pr !== undefined ? { pr: input.pr } : {}),
  };
  const notes: string[] = [];

  const bypassed = bypassedOf(decision.overridesUsed); // typed, never the result wording
  const added = await addedIncidents(assembled);
  const needOverrides = bypassed.size > 0 || added.some((a) => a.record.front.overrides !== undefined);
  // The gate already read them when the change has an id; otherwise (incident records only) read them here.
  const records: ReadonlyMap<string, OverrideRecord> = needOverrides
    ? (assembled.overrideRecords ??
      (await overrideRecordsAt(assembled.change, assembled.keyring, assembled.ledger, now)))
    : new Map();

  let overrides: AppendDraft[] = [];
  const change = assembled.change.changeId;
  if (bypassed.size > 0 && change !== undefined) {
    const r = overrideActivatedDrafts({ records, bypassed, change, seen, now, ...where });
    overrides = r.drafts;
    notes.push(...r.notes);
  }

  let incidents: AppendDraft[] = [];
  if (added.length > 0) {
    const known = new Map<string, IncidentRecord>();
    for (const r of (await loadIncidents(assembled.change.trees.head, assembled.change.layout)).records)
      known.set(r.front.id, r);
    const r = incidentDrafts({
      added,
      known,
      overrides: new Set(records.keys()),
      overrideChange: new Map([...records].map(([id, rec]) => [id, rec.request.change])),
      seen,
      now,
      ...where,
    });
    incidents = r.drafts;
    notes.push(...r.notes);
  }
  return { overrides, incidents, notes };
}
