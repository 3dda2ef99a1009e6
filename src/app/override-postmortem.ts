/**
 * `override postmortem` (DESIGN §2.6, seed 002 E): names the incident record that is an override's mandatory
 * post-mortem: marks an open record, amends a committed one, or writes a new one; a second run changes nothing.
 */
import { badInput, conflict, type GatehouseError } from '../core/errors.js';
import type { IncidentFrontMatter } from '../core/documents.js';
import { loadIncidents } from '../incidents/load.js';
import { parseIncident } from '../incidents/record.js';
import { newIncidentText } from '../incidents/template.js';
import { isoSeconds as iso } from '../record/build.js';
import { joinPath, loadLayout } from '../repo/layout.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import { committedAtHead, postmortemAmendment } from './incident-amend.js';
import { overrideRequestFile, readOverrideRequest } from './override-request.js';
import type { GitCommits, WorkTree } from './ports.js';
import { writeNewFile } from './work-files.js';

export interface OverridePostmortemRequest {
  id: string;
  incident: string;
  now: Date;
}

export type OverridePostmortemResult =
  /** Already recorded: nothing changed. */
  | { changed: false; id: string; incident: string; file: string; message: string }
  | {
      changed: true;
      id: string;
      incident: string;
      /** The incident file named. */
      file: string;
      /** When that file is committed: the new record amending it. */
      amendment?: { id: string; file: string; commit: string };
    };

export async function overridePostmortem(
  request: OverridePostmortemRequest,
  ports: { work: WorkTree; git: Pick<GitCommits, 'resolve' | 'tree'> },
): Promise<OverridePostmortemResult> {
  const { id, incident: incidentId, now } = request;
  const { work } = ports;
  const layout = await loadLayout(work);
  const { request: override } = await readOverrideRequest(work, layout, id);
  const { records } = await loadIncidents(work, layout);
  const existing = records.find((r) => r.front.overrides === id);
  // seed 002 E: idempotent post-mortem — a second one changes nothing and says so.
  if (existing) {
    const message = `post-mortem for ${id} already recorded in ${existing.file}; nothing changed`;
    return { changed: false, id, incident: existing.front.id, file: existing.file, message };
  }
  const file = joinPath(layout.paths.incidents, `${incidentId}.md`);
  const text = await work.readText(file);
  // DESIGN §2.6: a post-mortem is written by an actor of the policy (its operator), or it does not count.
  const { actors, actorsFile } = await keyringFromTree(work);
  const known = new Set(actors.actors.map((a) => a.id));
  const notActor = (operator: string, where: string, line?: number): GatehouseError =>
    badInput([
      {
        file: where,
        ...(line !== undefined ? { line } : {}),
        message: `operator ${operator} is not an actor of ${actorsFile}: a post-mortem must be written by an actor; nothing written`,
      },
    ]);
  const done = { changed: true as const, id, incident: incidentId, file };
  if (text === undefined) {
    if (!known.has(override.requested_by))
      throw notActor(override.requested_by, overrideRequestFile(layout, id));
    const front: IncidentFrontMatter = {
      id: incidentId,
      type: 'post-mortem of an emergency override',
      severity: override.impact,
      started_at: override.requested_at,
      detected_at: override.requested_at,
      resolved_at: null,
      operator: override.requested_by,
      documented_at: iso(now),
      overrides: id,
    };
    const { text: out } = newIncidentText(front, file, {
      Description: `Post-mortem of emergency override ${id} (${override.change} bypassing ${override.checks.join(', ')}).`,
    });
    await writeNewFile(work, file, out);
    return done;
  }
  const rec = parseIncident(text, file);
  if (rec.front.overrides !== undefined)
    throw conflict(`${file} is already the post-mortem of ${rec.front.overrides}`);
  if (!known.has(rec.front.operator)) throw notActor(rec.front.operator, file, rec.locate('/operator')?.line);
  // DESIGN §2.5: a committed record is immutable, so the post-mortem is a new record amending it.
  const committed = await committedAtHead(ports.git, file);
  if (committed) {
    const a = postmortemAmendment(layout, file, committed, { override: id, now, documentedAt: iso(now) });
    await writeNewFile(work, a.file, a.text);
    return { ...done, amendment: { id: a.id, file: a.file, commit: committed.commit } };
  }
  // Front matter edit: add `overrides: ID` after the last field.
  const close = text.indexOf('\n---', 3);
  const out = `${text.slice(0, close)}\noverrides: ${id}${text.slice(close)}`;
  parseIncident(out, file); // still a valid record, or nothing is written
  await work.write(file, out);
  return done;
}
