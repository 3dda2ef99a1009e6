/**
 * `gatehouse init [DIR]` (DESIGN §4, §5): scaffold a governed repository, adopt one (--adopt), or write the
 * worked example (--example park); src/app/init.ts.
 */
import { resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import { init } from '../../app/init.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { CHECKPOINT_SECRET } from '../../init/scaffold.js';
import { POLICY_CHANGE_ROLES } from '../../init/starter.js';
import { writeScaffold } from '../../init/write.js';
import { optionalString } from '../args.js';
import { optionalFlags } from '../change-flags.js';
import type { Command } from '../command.js';

const USAGE =
  'gatehouse init [DIR] [--actor ID:ROLES:KEYFILE]... [--adopt] [--example park] [--origin NAME] [--admin ID] [--action-ref REF]';

export const initCommand: Command = {
  name: 'init',
  summary:
    'scaffold a governed repo (starter policies, founding actors, workflow), adopt one, or the example',
  usage: USAGE,
  options: {
    example: { type: 'string' },
    origin: { type: 'string' },
    admin: { type: 'string' },
    'action-ref': { type: 'string' },
    actor: { type: 'string', multiple: true },
    adopt: { type: 'boolean' },
  },
  async run(ctx, args) {
    const example = optionalString(args, 'example');
    if (example !== undefined && example !== 'park')
      throw usageError(`unknown example "${example}" (available: park)\nusage: ${USAGE}`);
    if (args.positionals.length > 1) throw usageError(`init takes at most one directory\nusage: ${USAGE}`);
    const adopt = args.values.adopt === true;
    if (example === 'park' && (adopt || args.values.actor !== undefined))
      throw usageError(`--example park takes neither --adopt nor --actor\nusage: ${USAGE}`);
    const raw = args.values.actor;
    const dir = resolve(ctx.repo, args.positionals[0] ?? '.');
    const { 'action-ref': actionRef, ...flags } = optionalFlags(args, 'admin', 'origin', 'action-ref');
    const { result, founders, admin, lone } = await init(
      {
        dir,
        ...(example !== undefined ? { example } : {}),
        adopt,
        actorSpecs: Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [],
        cwd: process.cwd(),
        ...flags,
        ...(actionRef !== undefined ? { actionRef } : {}),
        now: ctx.now,
      },
      { workTree: new FsWorkTree(ctx.repo), writeScaffold },
    );
    // Without founders, the lone admin cannot meet the two-person policy-change rule: the bootstrap lets
    // them make the first policy change alone, once.
    if (lone)
      ctx.stderr(
        `warning: ${admin} is the only actor. Add the other approvers to policies/actors.yaml before the first commit, or right after it as the first policy change, which ${admin} alone may approve once (quorum.yaml bootstrap); after that a policy change needs ${POLICY_CHANGE_ROLES.join(' and ')} from two different people (or run init again with --actor ID:ROLES:KEYFILE for each founder)`,
      );
    if (ctx.json) {
      ctx.stdout(JSON.stringify({ ...result, founders: lone ? [admin] : founders.map((f) => f.id) }));
      return 0;
    }
    const what =
      example === 'park' ? 'the worked example' : adopt ? 'the existing repository' : 'a governed repository';
    ctx.stdout(`initialised ${what} in ${dir}`);
    ctx.stdout(
      `  ${result.written.length} files written${result.appended.length ? ` (appended to ${result.appended.join(', ')})` : ''}; ledger started: ${result.ledgerSize} entry (genesis, ${result.resources} resources), head ${result.head}`,
    );
    if (example !== 'park')
      ctx.stdout(
        `  founding actors: ${lone ? `${admin} (generated key, every role)` : founders.map((f) => `${f.id} (${f.roles.join(', ')})`).join(', ')}`,
      );
    ctx.stdout(`  secrets (git-ignored, mode 0600): ${result.secrets.join(', ')}`);
    ctx.stdout(
      `  store ${CHECKPOINT_SECRET} as the CI secret GATEHOUSE_CHECKPOINT_KEY, then delete it from disk`,
    );
    if (example !== 'park')
      ctx.stdout(
        '  the workflow to copy is .github/workflows/gatehouse.yml (set its `uses:` to your copy of the Action)',
      );
    return 0;
  },
};
