/**
 * `gatehouse replay [--at SEQ | --until ISO]` (DESIGN §5): prints the replayed state as canonical JSON,
 * starting from the nearest snapshot at or before the target (DESIGN §7: cost independent of length).
 */
import { replayState } from '../../app/replay-state.js';
import { FsLedgerFiles } from '../../assembly/fs-ledger-files.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { usageError } from '../../core/errors.js';
import { canonicalStateJson } from '../../state/replay.js';
import { optionalInt, optionalString, parseIsoFlag } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';

const USAGE = 'gatehouse replay [--at SEQ | --until ISO-8601] [--repo DIR] [--json]';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'print the state replayed from the ledger (after entry --at SEQ, or as of --until TIME)',
  usage: USAGE,
  options: { at: { type: 'string' }, until: { type: 'string' } },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const at = optionalInt(args, 'at');
    const untilText = optionalString(args, 'until');
    if (at !== undefined && untilText !== undefined)
      throw usageError(`give --at or --until, not both\nusage: ${USAGE}`);
    const until = untilText !== undefined ? parseIsoFlag('until', untilText) : undefined;
    const { state } = await replayState(
      { ...(at !== undefined ? { at } : {}), ...(until !== undefined ? { until } : {}) },
      { work: new FsWorkTree(ctx.repo), ledger: new FsLedgerFiles(ctx.repo) },
    );
    ctx.stdout(canonicalStateJson(state));
    return 0;
  },
};
