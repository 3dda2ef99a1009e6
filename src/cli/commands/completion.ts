/**
 * `gatehouse completion bash|zsh|fish`: print a shell completion script for the commands, subcommands and flags
 * of this version (src/cli/completion.ts). Writes nothing; the script says how to load it.
 */
import { usageError } from '../../core/errors.js';
import { SHELLS, completionScript, type Shell } from '../completion.js';
import type { Command } from '../command.js';

const USAGE = 'gatehouse completion bash|zsh|fish';

export const completionCommand: Command = {
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh or fish) for commands, subcommands and flags',
  usage: USAGE,
  options: {},
  async run(ctx, args) {
    const [shell, ...extra] = args.positionals;
    if (shell === undefined || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell))
      throw usageError(
        `${shell === undefined ? 'name a shell' : `unknown shell "${[shell, ...extra].join(' ')}"`}: ${SHELLS.join(', ')}\nusage: ${USAGE}`,
      );
    const script = completionScript(shell as Shell, ctx.commands);
    ctx.stdout(ctx.json ? JSON.stringify({ shell, script }) : script.trimEnd());
    return 0;
  },
};
