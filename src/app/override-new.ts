/**
 * `override new` (DESIGN §2.6, seed 002): an emergency override request bound to one change's digest; a high or
 * critical impact one opens an incident.
 */
import { stringify } from 'yaml';
import { conflict, usageError } from '../core/errors.js';
import type { IncidentFrontMatter, OverrideRequest, Severity } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { incidentIdAt } from '../incidents/record.js';
import { newIncidentText } from '../incidents/template.js';
import { overrideBindingDigest } from '../overrides/binding.js';
import { isoSeconds as iso } from '../record/build.js';
import { joinPath, loadLayout } from '../repo/layout.js';
import { overrideRequestFile } from './override-request.js';
import type { GitCommits, WorkTree } from './ports.js';
import { writeNewFile } from './work-files.js';

export interface OverrideNewRequest {
  /** `--id`; default OVR- and the clock. */
  id?: string;
  change: string;
  /** The change digest given (`--digest`), or the commits to compute it from. */
  binding: { digest: string } | { base: string; head: string };
  checks: string[];
  reason: string;
  impact: Severity;
  requestedBy: string;
  expires: Date;
  postMortemDue: Date;
  now: Date;
}

export interface OverrideNewResult {
  id: string;
  file: string;
  impact: Severity;
  /** The incident a high or critical impact override opens. */
  incident?: string;
}

/**
 * DESIGN §2.6: the change digest the override binds (src/overrides/binding.ts), computed from git
 * (the change digest without the override's own folder), or as given.
 */
async function bindingDigest(
  git: Pick<GitCommits, 'changeCore'>,
  request: OverrideNewRequest,
  overridesDir: string,
  id: string,
): Promise<string> {
  const { binding, change } = request;
  if ('digest' in binding) return binding.digest;
  const core = await git.changeCore(binding.base, binding.head);
  if (core.changeId !== change || !core.manifest)
    throw usageError(
      `${binding.base}..${binding.head} is not change ${change}` +
        (core.changeId ? ` (it is ${core.changeId})` : `: ${core.manifestProblem ?? 'no manifest'}`),
    );
  return overrideBindingDigest(
    { manifest: core.manifest, ops: core.ops, files: core.files },
    overridesDir,
    id,
  );
}

export async function overrideNew(
  request: OverrideNewRequest,
  ports: { work: WorkTree; git: Pick<GitCommits, 'changeCore'> },
): Promise<OverrideNewResult> {
  const { now, impact } = request;
  const layout = await loadLayout(ports.work);
  const id = request.id ?? `OVR-${incidentIdAt(now).slice(4)}`;
  const file = overrideRequestFile(layout, id);
  const changeDigest = await bindingDigest(ports.git, request, layout.paths.overrides, id);
  const override: OverrideRequest = {
    id,
    change: request.change,
    checks: request.checks,
    reason: request.reason,
    impact,
    requested_by: request.requestedBy,
    requested_at: iso(now),
    expires_at: iso(request.expires),
    post_mortem_due: iso(request.postMortemDue),
    change_digest: changeDigest,
  };
  const text = stringify(override, { lineWidth: 0 });
  loadDocument('override', text, file); // every problem, with the file, before anything is written
  // seed 002 F: a high or critical impact override opens an incident.
  let incident: { file: string; text: string } | undefined;
  if (impact === 'high' || impact === 'critical') {
    const incId = incidentIdAt(now);
    const front: IncidentFrontMatter = {
      id: incId,
      type: 'governance exception (emergency override)',
      severity: impact,
      started_at: iso(now),
      detected_at: iso(now),
      resolved_at: null,
      operator: override.requested_by,
      documented_at: iso(now),
    };
    const incFile = joinPath(layout.paths.incidents, `${incId}.md`);
    const description = `Emergency override ${id} requested by ${override.requested_by} for ${override.change}, bypassing ${override.checks.join(', ')} until ${override.expires_at}.\n\nReason: ${override.reason}`;
    incident = { file: incFile, text: newIncidentText(front, incFile, { Description: description }).text };
    if ((await ports.work.readText(incFile)) !== undefined)
      throw conflict(`${incFile} already exists: run again a second later or pass --now`);
  }
  await writeNewFile(ports.work, file, text);
  if (incident) await writeNewFile(ports.work, incident.file, incident.text);
  return { id, file, impact, ...(incident ? { incident: incident.file } : {}) };
}
