/**
 * `gatehouse replay [--at SEQ | --until ISO]` (DESIGN §5): prints the replayed state as canonical JSON,
 * starting from the nearest snapshot at or before the target (DESIGN §7: cost independent of length).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../../core/errors.js';
import { readLedgerLines } from '../../store/ledger-files.js';
import { countUntil, stateAfter } from '../../ledger/replay-at.js';
import { FsTree } from '../../repo/fs-tree.js';
import { loadLayout } from '../../repo/layout.js';
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
    const layout = await loadLayout(new FsTree(ctx.repo));
    const { lines } = await readLedgerLines(ctx.repo, layout);
    if (at !== undefined && at >= lines.length)
      throw usageError(`--at ${at} is past the end of the ledger (last seq ${lines.length - 1})`);
    const count = at !== undefined ? at + 1 : until !== undefined ? countUntil(lines, until) : lines.length;
    const readSnapshot = (_seq: number, file: string): string | undefined => {
      try {
        return readFileSync(join(ctx.repo, file), 'utf8');
      } catch {
        return undefined;
      }
    };
    const { state } = stateAfter(lines, count, readSnapshot);
    ctx.stdout(canonicalStateJson(state));
    return 0;
  },
};
