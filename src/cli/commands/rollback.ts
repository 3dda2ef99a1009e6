/**
 * `gatehouse rollback (--event SEQ | --to SEQ) [--incident ID]` (DESIGN §5, seed 000 Part 4): writes the
 * inverse state into state/ and a `kind: rollback` manifest, as a change the gate judges like any other
 * (level 3 by default: a human interrupt of a level-3 change, or 2 where the policy keeps level 3 off; level 4
 * when automatic, production only).
 * The state at the ledger's head comes from the nearest snapshot, so the cost does not grow with the
 * ledger's length (DESIGN §7).
 */
import { stringify } from 'yaml';
import { conflict, notFound, usageError } from '../../core/errors.js';
import type { ChangeManifest, Level } from '../../core/documents.js';
import { loadDocument } from '../../formats/validate.js';
import type { LedgerEntry } from '../../core/ledger-entry.js';
import { parseIncident } from '../../incidents/record.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath, loadLayout, type RepoLayout } from '../../repo/layout.js';
import { listStateFiles } from '../../repo/load-state.js';
import { LedgerView, stateAfterSeq } from '../../rollback/ledger-view.js';
import { planRollback, type RollbackPlan } from '../../rollback/plan.js';
import { writeState } from '../../rollback/write-state.js';
import { buildState } from '../../state/build.js';
import { describeOp } from '../../state/ops.js';
import type { StateDocFile } from '../../core/documents.js';
import { optionalInt, optionalString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { readTextRel, segmentRefs, snapshotFiles, writeFileRel, writeNewFile } from './incident.js';

const USAGE =
  'gatehouse rollback (--event SEQ | --to SEQ) [--incident INC-…] [--id CHG-…] [--proposer ID] [--level 2|3|4] [--title TEXT]';

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
async function defaultLevel(repo: string, layout: RepoLayout): Promise<Level> {
  const file = joinPath(layout.paths.policies, 'authority.yaml');
  const text = await readTextRel(repo, file);
  if (text === undefined) return 3;
  return loadDocument('authority', text, file).value.levels['3']?.enabled === false ? 2 : 3;
}

export const rollbackCommand: Command = {
  name: 'rollback',
  summary:
    'write the state files and manifest of a rollback change (--event SEQ, or everything after --to SEQ)',
  usage: USAGE,
  options: {
    event: { type: 'string' },
    to: { type: 'string' },
    incident: { type: 'string' },
    id: { type: 'string' },
    proposer: { type: 'string' },
    level: { type: 'string' },
    title: { type: 'string' },
  },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const event = optionalInt(args, 'event');
    const to = optionalInt(args, 'to');
    if ((event === undefined) === (to === undefined))
      throw usageError(`give --event SEQ or --to SEQ\nusage: ${USAGE}`);
    const levelFlag = optionalString(args, 'level');
    // Level 2: approved like any batch, for policies (the starter's) that keep level 3 off.
    if (levelFlag !== undefined && levelFlag !== '2' && levelFlag !== '3' && levelFlag !== '4')
      throw usageError(
        `--level is 2 (approved batch), 3 (human interrupt) or 4 (automatic, production only); found "${levelFlag}"`,
      );

    const tree = new FsTree(ctx.repo);
    const layout = await loadLayout(tree);
    const level = (
      levelFlag !== undefined ? Number(levelFlag) : await defaultLevel(ctx.repo, layout)
    ) as Level;
    const incidentId = optionalString(args, 'incident');
    let proposer = optionalString(args, 'proposer');
    if (incidentId !== undefined) {
      const file = joinPath(layout.paths.incidents, `${incidentId}.md`);
      const text = await readTextRel(ctx.repo, file);
      if (text === undefined)
        throw notFound(
          `--incident ${incidentId}: ${file} does not exist (create it with \`gatehouse incident new\`)`,
          file,
        );
      proposer ??= parseIncident(text, file).front.operator;
    }
    if (proposer === undefined)
      throw usageError(`give --proposer ID (or --incident, whose operator proposes)\nusage: ${USAGE}`);

    const view = new LedgerView(await segmentRefs(ctx.repo, layout));
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

    const snapshots = await snapshotFiles(ctx.repo, layout);
    const head = stateAfterSeq(view, last, snapshots);
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
    for (const f of await listStateFiles(tree, layout)) files.set(f, (await readTextRel(ctx.repo, f))!);
    const docs: StateDocFile[] = [...files].map(([file, text]) => ({
      file,
      ...loadDocument('state', text, file),
    }));
    const { origins } = buildState(docs);
    const edits = writeState(files, plan.ops, head.state, plan.target, {
      stateDir: layout.paths.state,
      origins,
    });

    const id = optionalString(args, 'id') ?? (event !== undefined ? `RB-${event}` : `RB-${to! + 1}-${last}`);
    const revertedLabels = reverted
      .filter((e) => plan.reverts.includes(e.seq))
      .map((e) => `${e.seq}${e.subject?.change ? ` (${e.subject.change})` : ''}`);
    const manifest: ChangeManifest = {
      id,
      kind: 'rollback',
      title:
        optionalString(args, 'title') ??
        (event !== undefined
          ? `Roll back ledger entry ${revertedLabels[0]}`
          : `Roll back every change after ledger entry ${to}`),
      proposer,
      level,
      proposed_at: ctx.now.toISOString().replace('.000Z', 'Z'),
      justification: `Inverse of ledger entr${plan.reverts.length === 1 ? 'y' : 'ies'} ${revertedLabels.join(', ')}${incidentId ? ` for incident ${incidentId}` : ''}`,
      related: { ...(incidentId ? { incident: incidentId } : {}), reverts: plan.reverts },
    };
    const manifestFile = joinPath(layout.paths.changes, `${id}/change.yaml`);
    const manifestText = stringify(manifest, { lineWidth: 0 });
    loadDocument('change', manifestText, manifestFile); // schema check before anything is written
    if ((await readTextRel(ctx.repo, manifestFile)) !== undefined)
      throw conflict(`${manifestFile} already exists: choose another --id`);
    for (const e of edits) await writeFileRel(ctx.repo, e.file, e.text);
    await writeNewFile(ctx.repo, manifestFile, manifestText);

    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          id,
          manifest: manifestFile,
          level,
          reverts: plan.reverts,
          skipped: plan.skipped,
          ops: plan.ops,
          files: edits.map((e) => e.file),
          from_snapshot: head.from,
        }),
      );
    else
      ctx.stdout(
        [
          `rollback ${id}: reverts ${revertedLabels.join(', ')} (${plan.ops.length} op${plan.ops.length === 1 ? '' : 's'}, level ${level})`,
          ...plan.ops.map((o) => `  ${describeOp(o)}`),
          ...plan.skipped.map(
            (s) => `  note: entry ${s.seq} (${s.type}) carries no state ops and is not rolled back`,
          ),
          ...edits.map((e) => `wrote ${e.file}${e.created ? ' (new)' : ''}`),
          `wrote ${manifestFile}`,
          `next: sign the manifest as ${proposer} (gatehouse sign ${manifestFile} --ssh-key FILE | --gpg KEYID | --key FILE), commit, and open a pull request; the gate judges it at level ${level}` +
            (level >= 3
              ? `; at level ${level} ${proposer} also binds the digest: gatehouse approve ${id} --base BASE (then commit it)`
              : ''),
        ].join('\n'),
      );
    return 0;
  },
};
