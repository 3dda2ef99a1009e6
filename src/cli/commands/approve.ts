/**
 * `gatehouse approve ID (--digest D | --base REF [--head REF]) (--key FILE | --gpg KEYID | --ssh-key FILE)
 * [--actor ID] [--role R] [--reject] [--comment T]`: write changes/<ID>/approvals/<actor>.yaml, signed
 * (DESIGN §2.3, §5; src/app/approve.ts). The actor is the one whose key signs, unless --actor names it.
 */
import type { Command } from '../command.js';
import { optionalString } from '../args.js';
import { usageError } from '../../core/errors.js';
import { approve } from '../../app/approve.js';
import { readChangeCore } from '../../assembly/change-read.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { optionalFlags } from '../change-flags.js';
import { signerFromArgs, SIGNER_OPTIONS } from '../signer-flags.js';

const USAGE =
  'gatehouse approve ID (--digest D | --base REF [--head REF]) (--key FILE | --gpg KEYID | --ssh-key FILE) ' +
  '[--actor ID] [--role R] [--reject] [--comment T] [--repo DIR] [--json] [--now ISO]';
const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const approveCommand: Command = {
  name: 'approve',
  summary: 'write a signed approval (or --reject veto) of a change digest',
  usage: USAGE,
  options: {
    ...SIGNER_OPTIONS,
    digest: { type: 'string' },
    base: { type: 'string' },
    head: { type: 'string' },
    actor: { type: 'string' },
    role: { type: 'string' },
    reject: { type: 'boolean', default: false },
    comment: { type: 'string' },
  },
  async run(ctx, args) {
    const id = args.positionals[0];
    if (id === undefined || args.positionals.length > 1)
      throw usageError(`give one change ID\nusage: ${USAGE}`);
    if (!CHANGE_ID.test(id)) throw usageError(`"${id}" is not a change id`);
    const flags = optionalFlags(args, 'digest', 'base', 'actor', 'role', 'comment');
    if ((flags.digest === undefined) === (flags.base === undefined))
      throw usageError(`give either --digest D or --base REF [--head REF]\nusage: ${USAGE}`);

    const r = await approve(
      {
        id,
        ...flags,
        head: optionalString(args, 'head') ?? 'HEAD',
        reject: args.values.reject === true,
        now: ctx.now,
      },
      {
        workTree: new FsWorkTree(ctx.repo),
        signer: () => signerFromArgs(args, ctx, USAGE),
        changeCore: (base, head) => readChangeCore(ctx.repo, base, head),
      },
    );
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          file: r.file,
          change: r.change,
          digest: r.digest,
          actor: r.actor,
          decision: r.decision,
          fingerprint: r.fingerprint,
        }),
      );
    else ctx.stdout(`${r.file}: ${r.decision} ${r.change} ${r.digest} as ${r.actor} (key ${r.fingerprint})`);
    return 0;
  },
};
