/**
 * `gatehouse validate` (DESIGN §5): schema-check every governed file in the working tree. Writes
 * nothing. Exit 0 when clean, 2 when any file is bad input.
 */
import { validateRepo } from '../../app/validate-repo.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { usageError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { renderValidate } from '../render-validate.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'schema-check every governed file (policies, state, changes, overrides, incidents, ledger)',
  usage: 'gatehouse validate [--repo DIR] [--json]',
  options: {},
  async run(ctx, args) {
    if (args.positionals.length > 0) {
      throw usageError(`validate takes no arguments\nusage: ${validateCommand.usage}`);
    }
    const result = await validateRepo({}, { work: new FsWorkTree(ctx.repo) });
    ctx.stdout(renderValidate(result, ctx.json));
    return result.problems.length === 0 ? 0 : 2;
  },
};
