import type { Command } from './command.js';
import { digestCommand } from './commands/digest.js';
import { simulateCommand } from './commands/simulate.js';
import { validateCommand } from './commands/validate.js';

// One line per command; each command lives in its own file under src/cli/commands/.
export const commands: Command[] = [digestCommand, simulateCommand, validateCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
