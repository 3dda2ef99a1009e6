/**
 * The rollback use case (DESIGN §5, seed 000 Part 4): the inverse state written into state/ and a `kind:
 * rollback` manifest, as a change the gate judges like any other (level 3 by default: a human interrupt of a
 * level-3 change, or 2 where the policy keeps level 3 off; level 4 when automatic, production only). The state
 * at the ledger's head comes from the nearest snapshot, so the cost does not grow with the ledger (DESIGN §7).
 */
import { stringify } from 'yaml';
import { conflict, notFound, usageError } from '../core/errors.js';
import type { ChangeManifest, Level, StateDocFile } from '../core/documents.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import type { Op } from '../core/state-types.js';
import { loadDocument } from '../formats/validate.js';
import { parseIncident } from '../incidents/record.js';
import { joinPath, loadLayout, type RepoLayout } from '../repo/layout.js';
import { listStateFiles } from '../repo/load-state.js';
import { LedgerView, stateAfterSeq, type SegmentRef, type SnapshotFiles } from '../rollback/ledger-view.js';
import { planRollback, type RollbackPlan } from '../rollback/plan.js';
import { writeState } from '../rollback/write-state.js';
import { buildState } from '../state/build.js';
import type { WorkTree } from './ports.js';
import { writeNewFile } from './work-files.js';

export interface RollbackRequest {
  /** Roll back this one entry, or every entry after `to` (exactly one of the two). */
  event?: number;
  to?: number;
  /** The level to act at; by default 3, or 2 where the policy keeps level 3 off. */
  level?: Level;
  incident?: string;
  proposer?: string;
  id?: string;
  title?: string;
  now: Date;
  usage: string;
}

export interface RollbackPorts {
  workTree: WorkTree;
  /** The ledger's segment and snapshot files, each read on demand (src/assembly/fs-ledger-files.ts). */
  ledger: {
    segments(layout: RepoLayout): Promise<SegmentRef[]>;
    snapshots(layout: RepoLayout): Promise<SnapshotFiles>;
  };
}

export interface RollbackResult {
  id: string;
  manifestFile: string;
  proposer: string;
  level: Level;
  /** `seq (change)` of each entry rolled back. */
  revertedLabels: string[];
  reverts: RollbackPlan['reverts'];
  skipped: RollbackPlan['skipped'];
  ops: Op[];
  edits: { file: string; created: boolean }[];
  fromSnapshot: number | null;
}

function revertsOf(e: LedgerEntry): number[] {
  const r = (e.body.reverts ??
    (e.body.manifest as { related?: { reverts?: unknown } } | undefined)?.related?.reverts) as unknown;
  return Array.isArray(r)
    ? r.filter((x): x is number => typeof x === 'number')
    : typeof r === 'number'
      ? [r]
      : [];
}

/** Level 3 (a human interrupt), or 2 where the authority policy keeps level 3 off (the starter's). */
async function defaultLevel(tree: WorkTree, layout: RepoLayout): Promise<Level> {
  const file = joinPath(layout.paths.policies, 'authority.yaml');
  const text = await tree.readText(file);
  if (text === undefined) return 3;
  return loadDocument('authority', text, file).value.levels['3']?.enabled === false ? 2 : 3;
}

export async function rollback(request: RollbackRequest, ports: RollbackPorts): Promise<RollbackResult> {
  const { event, to, incident: incidentId } = request;
  const tree = ports.workTree;
  const layout = await loadLayout(tree);
  const level = request.level ?? (await defaultLevel(tree, layout));
  let proposer = request.proposer;
  if (incidentId !== undefined) {
    const file = joinPath(layout.paths.incidents, `${incidentId}.md`);
    const text = await tree.readText(file);
    if (text === undefined)
      throw notFound(
        `--incident ${incidentId}: ${file} does not exist (create it with \`gatehouse incident new\`)`,
        file,
      );
    proposer ??= parseIncident(text, file).front.operator;
  }
  if (proposer === undefined)
    throw usageError(`give --proposer ID (or --incident, whose operator proposes)\nusage: ${request.usage}`);

  const view = new LedgerView(await ports.ledger.segments(layout));
  const size = view.size;
  if (size === 0) throw conflict('the ledger is empty: there is nothing to roll back');
  const last = size - 1;
  const seq = (event ?? to)!;
  if (seq > last)
    throw usageError(
      `--${event !== undefined ? 'event' : 'to'} ${seq} is past the end of the ledger (last seq ${last})`,
    );
  if (to !== undefined && to === last)
    throw usageError(`--to ${to} is the last entry: nothing comes after it`);

  const head = stateAfterSeq(view, last, await ports.ledger.snapshots(layout));
  const entriesAfter = (): LedgerEntry[] => {
    const out: LedgerEntry[] = [];
    for (let s = seq + 1; s <= last; s++) out.push(view.entry(s));
    return out;
  };
  let plan: RollbackPlan;
  let reverted: LedgerEntry[];
  if (event !== undefined) {
    // DESIGN §7: independent of the ledger's length — the head state comes from the nearest snapshot
    // and the inverse is checked against it (every op carries its before value). Only when it does not
    // apply are the later entries read, to name the one that changed what this entry changed.
    reverted = [view.entry(event)];
    try {
      plan = planRollback(head.state, reverted);
    } catch (err) {
      const after = entriesAfter();
      const undoneBy = after.find((e) => e.type === 'rollback.applied' && revertsOf(e).includes(event));
      if (undoneBy)
        throw conflict(
          `entry ${event} was already rolled back by entry ${undoneBy.seq}${undoneBy.subject?.change ? ` (${undoneBy.subject.change})` : ''}`,
        );
      planRollback(head.state, reverted, after); // throws the conflict that names the later entry
      throw err;
    }
  } else {
    reverted = entriesAfter();
    plan = planRollback(head.state, reverted);
  }

  const files = new Map<string, string>();
  for (const f of await listStateFiles(tree, layout)) files.set(f, (await tree.readText(f))!);
  const docs: StateDocFile[] = [...files].map(([file, text]) => ({
    file,
    ...loadDocument('state', text, file),
  }));
  const { origins } = buildState(docs);
  const edits = writeState(files, plan.ops, head.state, plan.target, {
    stateDir: layout.paths.state,
    origins,
  });

  const id = request.id ?? (event !== undefined ? `RB-${event}` : `RB-${to! + 1}-${last}`);
  const revertedLabels = reverted
    .filter((e) => plan.reverts.includes(e.seq))
    .map((e) => `${e.seq}${e.subject?.change ? ` (${e.subject.change})` : ''}`);
  const manifest: ChangeManifest = {
    id,
    kind: 'rollback',
    title:
      request.title ??
      (event !== undefined
        ? `Roll back ledger entry ${revertedLabels[0]}`
        : `Roll back every change after ledger entry ${to}`),
    proposer,
    level,
    proposed_at: request.now.toISOString().replace('.000Z', 'Z'),
    justification: `Inverse of ledger entr${plan.reverts.length === 1 ? 'y' : 'ies'} ${revertedLabels.join(', ')}${incidentId ? ` for incident ${incidentId}` : ''}`,
    related: { ...(incidentId ? { incident: incidentId } : {}), reverts: plan.reverts },
  };
  const manifestFile = joinPath(layout.paths.changes, `${id}/change.yaml`);
  const manifestText = stringify(manifest, { lineWidth: 0 });
  loadDocument('change', manifestText, manifestFile); // schema check before anything is written
  if ((await tree.readText(manifestFile)) !== undefined)
    throw conflict(`${manifestFile} already exists: choose another --id`);
  for (const e of edits) await tree.write(e.file, e.text);
  await writeNewFile(tree, manifestFile, manifestText);
  return {
    id,
    manifestFile,
    proposer,
    level,
    revertedLabels,
    reverts: plan.reverts,
    skipped: plan.skipped,
    ops: plan.ops,
    edits: edits.map((e) => ({ file: e.file, created: e.created })),
    fromSnapshot: head.from,
  };
}
