/**
 * `gatehouse escalate --actor A --level L [--ttl 1h] --id CHG-…` (DESIGN §3, §5): write
 * changes/<ID>/change.yaml of kind escalation (src/app/escalate.ts). The gate requires
 * authority.escalation.approvers; `record` appends `escalation.granted` with its expiry.
 */
import { usageError } from '../../core/errors.js';
import { isDuration } from '../../core/duration.js';
import { escalate } from '../../app/escalate.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { optionalString, requireString } from '../args.js';
import { changeIdFlag, levelFlag, optionalFlags, signerIfGiven } from '../change-flags.js';
import type { Command } from '../command.js';
import { renderWrittenManifest } from '../render-manifest.js';
import { SIGNER_OPTIONS } from '../signer-flags.js';

const USAGE =
  'gatehouse escalate --actor A --level L --id CHG-… [--ttl 1h] [--proposer P] [--title T] [--justification T] ' +
  '[--key FILE | --gpg KEYID | --ssh-key FILE] [--repo DIR] [--json] [--now ISO]';

export const escalateCommand: Command = {
  name: 'escalate',
  summary: 'write a kind-escalation change: a temporary grant to act at a higher level, through the gate',
  usage: USAGE,
  options: {
    ...SIGNER_OPTIONS,
    actor: { type: 'string' },
    level: { type: 'string' },
    ttl: { type: 'string' },
    id: { type: 'string' },
    proposer: { type: 'string' },
    title: { type: 'string' },
    justification: { type: 'string' },
  },
  async run(ctx, args) {
    const actor = requireString(args, 'actor', USAGE);
    const level = levelFlag(args, 'level');
    const id = changeIdFlag(args, USAGE);
    const ttl = optionalString(args, 'ttl');
    if (ttl !== undefined && !isDuration(ttl))
      throw usageError(`--ttl expects a duration like 30m, 1h, 2h30m; found "${ttl}"`);
    const signer = signerIfGiven(ctx, args, USAGE);
    const written = await escalate(
      {
        actor,
        level,
        id,
        ...(ttl !== undefined ? { ttl } : {}),
        ...optionalFlags(args, 'proposer', 'title', 'justification'),
        now: ctx.now,
        usage: USAGE,
      },
      { workTree: new FsWorkTree(ctx.repo), ...(signer ? { signer } : {}) },
    );
    renderWrittenManifest(
      ctx,
      written,
      `escalation of ${actor} to level ${level}${ttl ? ` for ${ttl}` : ''}`,
      'commit it on a branch, open a pull request, and collect approvals from the escalation approvers',
    );
    return 0;
  },
};
