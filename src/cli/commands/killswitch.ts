/**
 * `gatehouse killswitch activate|deactivate SWITCH --id CHG-…` (seed 001 §7; DESIGN §5): write
 * changes/<ID>/change.yaml of kind killswitch (src/app/killswitch.ts). The gate judges it by the switch's
 * `flippers` quorum; the manifest acts at level 0 unless --level says otherwise.
 */
import { usageError } from '../../core/errors.js';
import { killswitch } from '../../app/killswitch.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { changeIdFlag, levelFlag, optionalFlags, signerIfGiven } from '../change-flags.js';
import type { Command } from '../command.js';
import { renderWrittenManifest } from '../render-manifest.js';
import { SIGNER_OPTIONS } from '../signer-flags.js';

const USAGE =
  'gatehouse killswitch activate|deactivate SWITCH --id CHG-… [--proposer P] [--level L] [--title T] ' +
  '[--justification T] [--key FILE | --gpg KEYID | --ssh-key FILE] [--repo DIR] [--json] [--now ISO]';

export const killswitchCommand: Command = {
  name: 'killswitch',
  summary: 'write a kind-killswitch change that activates or deactivates a kill switch, through the gate',
  usage: USAGE,
  options: {
    ...SIGNER_OPTIONS,
    id: { type: 'string' },
    proposer: { type: 'string' },
    level: { type: 'string' },
    title: { type: 'string' },
    justification: { type: 'string' },
  },
  async run(ctx, args) {
    const [action, sw, ...rest] = args.positionals;
    if ((action !== 'activate' && action !== 'deactivate') || sw === undefined || rest.length > 0)
      throw usageError(`give activate or deactivate and one SWITCH\nusage: ${USAGE}`);
    const id = changeIdFlag(args, USAGE);
    const level = levelFlag(args, 'level', 0);
    const signer = signerIfGiven(ctx, args, USAGE);
    const written = await killswitch(
      {
        action,
        switchId: sw,
        id,
        level,
        ...optionalFlags(args, 'proposer', 'title', 'justification'),
        now: ctx.now,
        usage: USAGE,
      },
      { workTree: new FsWorkTree(ctx.repo), ...(signer ? { signer } : {}) },
    );
    renderWrittenManifest(
      ctx,
      written,
      `${action} kill switch ${sw}`,
      `commit it on a branch, open a pull request, and collect approvals from the switch's flippers`,
    );
    return 0;
  },
};
