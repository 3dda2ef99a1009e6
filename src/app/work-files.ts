/**
 * Governed records through the work-tree port, shared by the incident, override, rollback and monitor use
 * cases.
 */
import { conflict } from '../core/errors.js';
import type { IncidentPolicy } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { joinPath, type RepoLayout } from '../repo/layout.js';
import type { WorkTree } from './ports.js';

/** DESIGN §2.5: a new record never replaces a file; refuses (exit 2, nothing written) when `rel` exists. */
export async function writeNewFile(work: WorkTree, rel: string, text: string): Promise<void> {
  if (await work.exists(rel))
    throw conflict(`${rel} already exists: records are never overwritten (choose another id)`);
  await work.write(rel, text);
}

/** `policies/incident.yaml` (DESIGN §2.5), or {} (the defaults) when absent; a bad file throws with file:line. */
export async function loadIncidentPolicy(
  work: Pick<WorkTree, 'readText'>,
  layout: RepoLayout,
): Promise<IncidentPolicy> {
  const file = joinPath(layout.paths.policies, 'incident.yaml');
  const text = await work.readText(file);
  return text === undefined ? {} : loadDocument('incident-policy', text, file).value;
}
