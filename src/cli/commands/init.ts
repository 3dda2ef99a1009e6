import { resolve } from 'node:path';
import { usageError } from '../../errors/errors.js';
import { exampleScaffold, starterScaffold, CHECKPOINT_SECRET } from '../../init/scaffold.js';
import { writeScaffold } from '../../init/write.js';
import { optionalString } from '../args.js';
import type { Command } from '../command.js';

const USAGE = 'gatehouse init [DIR] [--example park] [--origin NAME] [--admin ID] [--action-ref REF]';

export const initCommand: Command = {
  name: 'init',
  summary: 'scaffold a governed repo (starter policies, keys, workflow) or the worked example',
  usage: USAGE,
  options: {
    example: { type: 'string' },
    origin: { type: 'string' },
    admin: { type: 'string' },
    'action-ref': { type: 'string' },
  },
  async run(ctx, args) {
    const example = optionalString(args, 'example');
    if (example !== undefined && example !== 'park')
      throw usageError(`unknown example "${example}" (available: park)\nusage: ${USAGE}`);
    if (args.positionals.length > 1) throw usageError(`init takes at most one directory\nusage: ${USAGE}`);
    const dir = resolve(ctx.repo, args.positionals[0] ?? '.');
    const admin = optionalString(args, 'admin') ?? 'admin';
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(admin))
      throw usageError(`--admin must be an actor id like "alice", found "${admin}"`);
    const scaffold =
      example === 'park'
        ? exampleScaffold()
        : starterScaffold({
            origin: optionalString(args, 'origin') ?? 'gatehouse.local/ledger',
            adminId: admin,
            actionRef: optionalString(args, 'action-ref') ?? 'OWNER/gatehouse@v0',
          });
    const result = await writeScaffold(dir, scaffold, ctx.now, 'gatehouse');
    if (ctx.json) {
      ctx.stdout(JSON.stringify(result));
      return 0;
    }
    ctx.stdout(
      `initialised ${example === 'park' ? 'the worked example' : 'a governed repository'} in ${dir}`,
    );
    ctx.stdout(
      `  ${result.written.length} files written; ledger started: ${result.ledgerSize} entry, head ${result.head}`,
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
