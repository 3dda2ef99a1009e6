/**
 * `gatehouse override new|sign|status|postmortem` (DESIGN §2.6, seed 002): emergency overrides that let
 * one named change bypass named gate checks for a limited time, under a signature quorum of distinct
 * roles, with a mandatory post-mortem. Status is derived from the files and the clock (`--now`).
 */
import { overrideNew } from '../../app/override-new.js';
import { overridePostmortem } from '../../app/override-postmortem.js';
import { overrideSign } from '../../app/override-sign.js';
import { overrideStatus } from '../../app/override-status.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { GitCommitsOf } from '../../assembly/git-commits.js';
import { usageError } from '../../core/errors.js';
import { optionalString } from '../args.js';
import type { Command } from '../command.js';
import {
  newRequest,
  OVERRIDE_OPTIONS,
  OVERRIDE_USAGE as USAGE,
  postmortemRequest,
  signRequest,
  usageLine,
} from '../override-flags.js';
import { renderNew, renderPostmortem, renderSign, renderStatus } from '../render-override.js';
import { signerFromArgs } from '../signer-flags.js';
import { warnUncommitted } from '../worktree-warnings.js';

export const overrideCommand: Command = {
  name: 'override',
  summary: 'emergency overrides: new, sign, status, postmortem',
  usage: USAGE,
  options: OVERRIDE_OPTIONS,
  async run(ctx, args) {
    const sub = args.positionals[0];
    const work = new FsWorkTree(ctx.repo);
    const git = new GitCommitsOf(ctx.repo);
    if (sub === 'new') {
      ctx.stdout(renderNew(await overrideNew(newRequest(args, ctx.now), { work, git }), ctx.json));
      return 0;
    }
    if (sub === 'sign') {
      const signer = () => signerFromArgs(args, ctx, usageLine(1));
      ctx.stdout(renderSign(await overrideSign(signRequest(args, ctx.now), { work, signer }), ctx.json));
      return 0;
    }
    if (sub === 'status') {
      const id = args.positionals[1];
      const ref = optionalString(args, 'ref');
      const request = {
        ...(id !== undefined ? { id } : {}),
        ...(ref !== undefined ? { ref } : {}),
        now: ctx.now,
      };
      const result = await overrideStatus(request, { work, git });
      // What status derives from: the overrides, their incidents and the policy that counts their signatures.
      const { overrides, incidents, policies } = result.layout.paths;
      const { source } = result;
      const warnings =
        'commit' in source
          ? warnUncommitted(ctx, [overrides, incidents, policies], `override status (${source.ref})`)
          : [];
      ctx.stdout(renderStatus(result, ctx.now, warnings, ctx.json));
      return 0;
    }
    if (sub === 'postmortem') {
      const result = await overridePostmortem(postmortemRequest(args, ctx.now), { work, git });
      ctx.stdout(renderPostmortem(result, ctx.json));
      return 0;
    }
    throw usageError(`override needs a subcommand: new, sign, status or postmortem\nusage: ${USAGE}`);
  },
};
