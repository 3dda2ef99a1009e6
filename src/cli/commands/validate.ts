/**
 * `gatehouse validate` (DESIGN §5): schema-check every governed file in the working tree. Writes
 * nothing. Exit 0 when clean, 2 when any file is bad input.
 */
import { formatProblem, usageError } from '../../core/errors.js';
import { FsTree } from '../../repo/fs-tree.js';
import { validateTree } from '../../repo/validate-tree.js';
import type { Command } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'schema-check every governed file (policies, state, changes, overrides, incidents, ledger)',
  usage: 'gatehouse validate [--repo DIR] [--json]',
  options: {},
  async run(ctx, args) {
    if (args.positionals.length > 0) {
      throw usageError(`validate takes no arguments\nusage: ${validateCommand.usage}`);
    }
    const { files, problems } = await validateTree(new FsTree(ctx.repo));
    if (ctx.json) {
      ctx.stdout(
        JSON.stringify({
          ok: problems.length === 0,
          files,
          problems: problems.map((p) => ({
            file: p.file,
            line: p.line ?? null,
            col: p.col ?? null,
            pointer: p.pointer ?? null,
            message: p.message,
          })),
        }),
      );
    } else {
      const lines = problems.map(formatProblem);
      const n = problems.length;
      lines.push(
        `validated ${files.length} file${files.length === 1 ? '' : 's'}: ${n} problem${n === 1 ? '' : 's'}`,
      );
      ctx.stdout(lines.join('\n'));
    }
    return problems.length === 0 ? 0 : 2;
  },
};
