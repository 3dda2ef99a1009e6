/**
 * Follow-ups of records already committed (DESIGN §2.5: records are immutable once on the base branch; the
 * gate's append-only check denies any edit of them). The rule: a record that HEAD holds is never edited;
 * `incident resolve` and `override postmortem` write a new record that `amends` it instead
 * (src/incidents/amend.ts), and a record only in the working tree is still completed in place.
 */
import { conflict, isGatehouseError } from '../core/errors.js';
import { decodeUtf8 } from '../formats/yaml.js';
import { amendingFront, writtenSections, type AmendFields } from '../incidents/amend.js';
import { loadIncidents } from '../incidents/load.js';
import { incidentChains } from '../incidents/open.js';
import { incidentIdAt, parseIncident, type IncidentRecord } from '../incidents/record.js';
import { newIncidentText, resolveIncidentText, type ResolveInput } from '../incidents/template.js';
import { joinPath, type RepoLayout } from '../repo/layout.js';
import type { GitCommits, WorkTree } from './ports.js';

export interface Committed {
  commit: string;
  text: string;
}

/** `rel` as HEAD holds it, or undefined when HEAD does not hold it (or there is no git repository or commit). */
export async function committedAtHead(
  git: Pick<GitCommits, 'resolve' | 'tree'>,
  rel: string,
): Promise<Committed | undefined> {
  let commit: string;
  try {
    commit = await git.resolve('HEAD');
  } catch (e) {
    if (isGatehouseError(e) && e.code === 'not-found') return undefined;
    throw e;
  }
  const bytes = await git.tree(commit).read(rel);
  return bytes === undefined
    ? undefined
    : { commit, text: decodeUtf8(bytes, `${commit.slice(0, 12)}:${rel}`) };
}

/** Refuses (exit 2, nothing written) when a record of `id`'s incident, in the working tree, is resolved. */
async function refuseIfResolved(work: WorkTree, layout: RepoLayout, id: string): Promise<void> {
  const { records } = await loadIncidents(work, layout);
  const chain = incidentChains(records.map((r) => r.front)).find((c) => c.records.some((r) => r.id === id));
  const by = chain?.resolvedBy;
  if (by)
    throw conflict(
      `${id} is already resolved (${by.id === id ? 'its own record' : `by ${by.id}, which amends it`}, resolved_at ${String(by.resolved_at)}); corrections are new records: \`gatehouse incident new --amends ${by.id}\``,
    );
}

/** The id of the new record: `--id`, else INC- and the clock; never the amended record's own. */
function newId(amended: string, given: string | undefined, now: Date): string {
  const id = given ?? incidentIdAt(now);
  if (id === amended)
    throw conflict(
      `the amending record would reuse the id ${id}: run it a second later (or pass a later --now, or --id INC-… to incident resolve); nothing written`,
    );
  return id;
}

export interface AmendingRecord {
  id: string;
  file: string;
  text: string;
  record: IncidentRecord;
  /** The amended record, as committed. */
  amended: IncidentRecord;
}

/**
 * `incident resolve` of a committed record: a new record amending it, carrying its fields and written
 * sections, resolved with `input` (every section must end up written, as for a resolution in place).
 */
export async function resolvingAmendment(
  work: WorkTree,
  layout: RepoLayout,
  file: string,
  committed: Committed,
  opts: { id?: string; now: Date; documentedAt: string; input: ResolveInput },
): Promise<AmendingRecord> {
  const amended = parseIncident(committed.text, file);
  // resolveIncidentText says "already resolved" for the amended record itself; the chain may hold another.
  await refuseIfResolved(work, layout, amended.front.id);
  const id = newId(amended.front.id, opts.id, opts.now);
  const newFile = joinPath(layout.paths.incidents, `${id}.md`);
  const front = amendingFront(amended.front, { id, documented_at: opts.documentedAt });
  const open = newIncidentText(front, newFile, writtenSections(amended)).text;
  const { text, record } = resolveIncidentText(open, newFile, opts.input);
  return { id, file: newFile, text, record, amended };
}

/**
 * `override postmortem` naming a committed record: a new record amending it with `overrides: OVR`,
 * carrying its fields, its resolution and its written sections.
 */
export function postmortemAmendment(
  layout: RepoLayout,
  file: string,
  committed: Committed,
  opts: { override: string; id?: string; now: Date; documentedAt: string },
): AmendingRecord {
  const amended = parseIncident(committed.text, file);
  const id = newId(amended.front.id, opts.id, opts.now);
  const newFile = joinPath(layout.paths.incidents, `${id}.md`);
  const fields: AmendFields = {
    id,
    documented_at: opts.documentedAt,
    overrides: opts.override,
    ...(amended.front.resolved_at ? { resolved_at: amended.front.resolved_at } : {}),
  };
  const { text, record } = newIncidentText(
    amendingFront(amended.front, fields),
    newFile,
    writtenSections(amended),
  );
  return { id, file: newFile, text, record, amended };
}
