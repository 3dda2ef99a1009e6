import type { Command } from './command.js';

// One line per command; each command lives in its own file under src/cli/commands/.
export const commands: Command[] = [];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
