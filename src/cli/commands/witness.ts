/**
 * `gatehouse witness add-checkpoint [--witness NAME]... [--timeout SECONDS]` (docs/witnesses.md): submit the
 * latest checkpoint to every witness of policies/witnesses.yaml that has a URL (C2SP tlog-witness), with the
 * consistency proof from the size each last cosigned, and store the cosignatures that verify in
 * `ledger/checkpoint` and the archived note. Exit 0 when the latest checkpoint then meets the quorum, 1 when it
 * does not (each witness's outcome is listed), 2 for bad input (no policy, a bad policy, no checkpoint).
 */
import { witnessAddCheckpoint } from '../../app/witness-add-checkpoint.js';
import { FsWitnessNotes } from '../../assembly/fs-witness-notes.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { usageError } from '../../core/errors.js';
import { fetchPost } from '../../witness/client.js';
import type { Command, ParsedArgs } from '../command.js';
import { renderAddCheckpoint } from '../render-witness.js';

const USAGE =
  'gatehouse witness add-checkpoint [--witness NAME]... [--timeout SECONDS] [--repo DIR] [--json]';
const DEFAULT_TIMEOUT_SECONDS = 10;

function timeoutMs(args: ParsedArgs): number {
  const raw = args.values.timeout;
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const s = Number(raw);
  if (typeof raw !== 'string' || !/^\d+(\.\d+)?$/.test(raw) || !(s > 0) || s > 600)
    throw usageError(
      `--timeout: expected seconds between 0 and 600, found "${String(raw)}"\nusage: ${USAGE}`,
    );
  return Math.round(s * 1000);
}

export const witnessCommand: Command = {
  name: 'witness',
  summary:
    'collect witness cosignatures on the latest checkpoint (C2SP tlog-witness): witness add-checkpoint',
  usage: USAGE,
  options: {
    witness: { type: 'string', multiple: true },
    timeout: { type: 'string' },
  },
  async run(ctx, args) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'add-checkpoint' || extra.length > 0)
      throw usageError(
        `${sub === undefined ? 'witness needs a subcommand' : `witness: unknown subcommand "${[sub, ...extra].join(' ')}"`}: add-checkpoint\nusage: ${USAGE}`,
      );
    const ms = timeoutMs(args);
    const only = args.values.witness as string[] | undefined;
    const r = await witnessAddCheckpoint(
      { timeoutMs: ms, ...(only ? { only } : {}) },
      { work: new FsWorkTree(ctx.repo), notes: new FsWitnessNotes(ctx.repo), post: fetchPost },
    );
    ctx.stdout(renderAddCheckpoint(r, ctx.json));
    return r.witnessed.quorum_met ? 0 : 1;
  },
};
