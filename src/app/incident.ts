/**
 * The incident records (DESIGN §2.5, seed 000 Part 4): `incident new` writes a record (or a correction that
 * `amends` one), `incident resolve` completes it, in place or, when HEAD holds it, by a new amending record.
 */
import { notFound } from '../core/errors.js';
import type { IncidentFrontMatter } from '../core/documents.js';
import { amendingFront, type AmendFields } from '../incidents/amend.js';
import { parseIncident, type IncidentRecord, type IncidentSection } from '../incidents/record.js';
import { newIncidentText, resolveIncidentText, type ResolveInput } from '../incidents/template.js';
import { mttrTargetMs } from '../incidents/times.js';
import { joinPath, loadLayout } from '../repo/layout.js';
import { committedAtHead, resolvingAmendment } from './incident-amend.js';
import type { GitCommits, WorkTree } from './ports.js';
import { loadIncidentPolicy, writeNewFile } from './work-files.js';

export interface IncidentPorts {
  work: WorkTree;
  git: Pick<GitCommits, 'resolve' | 'tree'>;
}

export interface IncidentNewRequest {
  /** The record this one corrects (`--amends`): its fields are the defaults of this one. */
  amends?: string;
  /** The fields given; undefined ones are inherited from the amended record (or left out). */
  fields: AmendFields;
  sections: Partial<Record<IncidentSection, string>>;
}

export interface IncidentNewResult {
  id: string;
  file: string;
}

export async function incidentNew(
  request: IncidentNewRequest,
  ports: Pick<IncidentPorts, 'work'>,
): Promise<IncidentNewResult> {
  const layout = await loadLayout(ports.work);
  // DESIGN §2.5: a correction is a new record that `amends` an earlier one; it speaks for the same
  // incident, so it starts from that record's fields (src/incidents/amend.ts); flags given still win.
  let base: IncidentFrontMatter | undefined;
  if (request.amends !== undefined) {
    const amendedFile = joinPath(layout.paths.incidents, `${request.amends}.md`);
    const text = await ports.work.readText(amendedFile);
    if (text === undefined)
      throw notFound(`--amends ${request.amends}: no record ${amendedFile}`, amendedFile);
    base = parseIncident(text, amendedFile).front;
  }
  const { fields } = request;
  const front: IncidentFrontMatter = base
    ? amendingFront(base, fields)
    : (Object.fromEntries(
        Object.entries({ ...fields, resolved_at: null }).filter(([, v]) => v !== undefined),
      ) as unknown as IncidentFrontMatter);
  const file = joinPath(layout.paths.incidents, `${fields.id}.md`);
  const { text } = newIncidentText(front, file, request.sections);
  await writeNewFile(ports.work, file, text);
  return { id: fields.id, file };
}

export interface IncidentResolveRequest {
  id: string;
  /** `--id` of the amending record, when the record is committed. */
  amendingId?: string;
  now: Date;
  /** `documented_at` of an amending record. */
  documentedAt: string;
  input: ResolveInput;
}

export interface IncidentResolveResult {
  id: string;
  /** The incident file named (`<incidents>/<id>.md`). */
  file: string;
  /** The file written: `file`, or the amending record when HEAD holds `file`. */
  written: string;
  record: IncidentRecord;
  /** The HEAD commit holding `file`, when the resolution is an amending record. */
  committed?: string;
  mttrTargetMs: number;
}

export async function incidentResolve(
  request: IncidentResolveRequest,
  ports: IncidentPorts,
): Promise<IncidentResolveResult> {
  const { work } = ports;
  const layout = await loadLayout(work);
  const file = joinPath(layout.paths.incidents, `${request.id}.md`);
  const policy = await loadIncidentPolicy(work, layout);
  // DESIGN §2.5: a record HEAD holds is immutable; its resolution is a new record that amends it.
  const committed = await committedAtHead(ports.git, file);
  if (committed) {
    const a = await resolvingAmendment(work, layout, file, committed, {
      ...(request.amendingId !== undefined ? { id: request.amendingId } : {}),
      now: request.now,
      documentedAt: request.documentedAt,
      input: request.input,
    });
    await writeNewFile(work, a.file, a.text);
    return {
      id: request.id,
      file,
      written: a.file,
      record: a.record,
      committed: committed.commit,
      mttrTargetMs: mttrTargetMs(policy),
    };
  }
  const text = await work.readText(file);
  if (text === undefined) throw notFound(`${file} does not exist`, file);
  const r = resolveIncidentText(text, file, request.input);
  await work.write(file, r.text);
  return { id: request.id, file, written: file, record: r.record, mttrTargetMs: mttrTargetMs(policy) };
}
