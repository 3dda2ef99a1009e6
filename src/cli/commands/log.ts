/**
 * `gatehouse log [--type T] [--actor A]` (DESIGN §5): the timeline, one line per entry —
 * seq, ts, type, actor, level, subject, and the git commit that added the entry (first-parent history of
 * HEAD) with the pull request it records, when there is one.
 */
import { ledgerLog } from '../../app/ledger-log.js';
import { FsLedgerFiles } from '../../assembly/fs-ledger-files.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { GitCommitsOf } from '../../assembly/git-commits.js';
import { usageError } from '../../core/errors.js';
import { ENTRY_TYPES } from '../../core/ledger-entry.js';
import { optionalString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { renderLog } from '../render-log.js';

const USAGE = 'gatehouse log [--type T] [--actor A] [--repo DIR] [--json]';

export const logCommand: Command = {
  name: 'log',
  summary: 'the ledger timeline, one line per entry (filter with --type, --actor)',
  usage: USAGE,
  options: { type: { type: 'string' }, actor: { type: 'string' } },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const type = optionalString(args, 'type');
    const actor = optionalString(args, 'actor');
    if (type !== undefined && !(ENTRY_TYPES as readonly string[]).includes(type))
      throw usageError(`--type must be one of ${ENTRY_TYPES.join(', ')}; found "${type}"`);
    const result = await ledgerLog(
      { ...(type !== undefined ? { type } : {}), ...(actor !== undefined ? { actor } : {}) },
      {
        work: new FsWorkTree(ctx.repo),
        ledger: new FsLedgerFiles(ctx.repo),
        git: new GitCommitsOf(ctx.repo),
      },
    );
    ctx.stdout(renderLog(result, ctx.json));
    return 0;
  },
};
