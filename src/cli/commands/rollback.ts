/**
 * `gatehouse rollback (--event SEQ | --to SEQ) [--incident ID]` (DESIGN §5, seed 000 Part 4): writes the
 * inverse state into state/ and a `kind: rollback` manifest, as a change the gate judges like any other
 * (src/app/rollback.ts; level 3 by default, 2 where the policy keeps level 3 off, 4 when automatic).
 */
import { usageError } from '../../core/errors.js';
import type { Level } from '../../core/documents.js';
import { rollback } from '../../app/rollback.js';
import { FsLedgerFiles } from '../../assembly/fs-ledger-files.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { describeOp } from '../../state/ops.js';
import { optionalInt, optionalString } from '../args.js';
import { optionalFlags } from '../change-flags.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';

const USAGE =
  'gatehouse rollback (--event SEQ | --to SEQ) [--incident INC-…] [--id CHG-…] [--proposer ID] [--level 2|3|4] [--title TEXT]';

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
    const r = await rollback(
      {
        ...(event !== undefined ? { event } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(levelFlag !== undefined ? { level: Number(levelFlag) as Level } : {}),
        ...optionalFlags(args, 'incident', 'proposer', 'id', 'title'),
        now: ctx.now,
        usage: USAGE,
      },
      { workTree: new FsWorkTree(ctx.repo), ledger: new FsLedgerFiles(ctx.repo) },
    );
    const { id, manifestFile, level, proposer, ops } = r;
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          id,
          manifest: manifestFile,
          level,
          reverts: r.reverts,
          skipped: r.skipped,
          ops,
          files: r.edits.map((e) => e.file),
          from_snapshot: r.fromSnapshot,
        }),
      );
    else
      ctx.stdout(
        [
          `rollback ${id}: reverts ${r.revertedLabels.join(', ')} (${ops.length} op${ops.length === 1 ? '' : 's'}, level ${level})`,
          ...ops.map((o) => `  ${describeOp(o)}`),
          ...r.skipped.map(
            (s) => `  note: entry ${s.seq} (${s.type}) carries no state ops and is not rolled back`,
          ),
          ...r.edits.map((e) => `wrote ${e.file}${e.created ? ' (new)' : ''}`),
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
