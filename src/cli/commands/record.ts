/**
 * `gatehouse record --base REF --head REF [--pr N] [--merge-commit SHA]` (DESIGN §4, §5): after a merge,
 * re-evaluate the gate and append the change's ledger entries: flags → the record use case
 * (src/app/record-merge.ts) → src/cli/render-record.ts → exit code. With a checkpoint signer key (env
 * GATEHOUSE_CHECKPOINT_KEY, or --checkpoint-key FILE) it writes a signed checkpoint; the key is never printed.
 */
import { recordMerge } from '../../app/record-merge.js';
import { recordMergePorts } from '../../assembly/record-merge-ports.js';
import { usageError } from '../../core/errors.js';
import { optionalString, requireString } from '../args.js';
import { checkpointSignerKey } from '../checkpoint-key.js';
import type { Command, ParsedArgs } from '../command.js';
import { readGithubApprovalsFlag } from '../gate-run.js';
import { renderRecord } from '../render-record.js';

const USAGE =
  'gatehouse record --base REF [--head REF] [--pr N] [--merge-commit SHA] [--checkpoint-key FILE] ' +
  '[--github-approvals FILE] [--merged-at ISO] [--repo DIR] [--json] [--now ISO]';

function prFlag(args: ParsedArgs): number | undefined {
  const v = optionalString(args, 'pr');
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(v)) throw usageError(`--pr expects a pull request number, found "${v}"`);
  return Number(v);
}

export const recordCommand: Command = {
  name: 'record',
  summary: 'append the ledger entries of a merged change (re-evaluated through the gate)',
  usage: USAGE,
  options: {
    base: { type: 'string' },
    head: { type: 'string' },
    pr: { type: 'string' },
    'merge-commit': { type: 'string' },
    'checkpoint-key': { type: 'string' },
    'github-approvals': { type: 'string' },
    'merged-at': { type: 'string' },
  },
  async run(ctx, args) {
    const base = requireString(args, 'base', USAGE);
    const head = optionalString(args, 'head') ?? 'HEAD';
    const pr = prFlag(args);
    const mergeCommit = optionalString(args, 'merge-commit');
    if (mergeCommit !== undefined && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(mergeCommit))
      throw usageError(`--merge-commit expects a full commit id (40 hex digits), found "${mergeCommit}"`);
    const checkpointKey = await checkpointSignerKey(ctx, args);
    const githubApprovals = await readGithubApprovalsFlag(ctx, args);
    const mergedAt = optionalString(args, 'merged-at');
    const result = await recordMerge(
      {
        base,
        head,
        now: ctx.now,
        ...(pr !== undefined ? { pr } : {}),
        ...(mergeCommit !== undefined ? { mergeCommit } : {}),
        ...(mergedAt !== undefined ? { mergedAt } : {}),
        ...(githubApprovals ? { githubApprovals } : {}),
        ...(checkpointKey !== undefined ? { checkpointKey } : {}),
      },
      recordMergePorts(ctx.repo),
    );
    const { out, code } = renderRecord(result, ctx.json);
    for (const text of out) ctx.stdout(text);
    return code;
  },
};
