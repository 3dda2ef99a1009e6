import type { Command } from './command.js';
import { initCommand } from './commands/init.js';
import { digestCommand } from './commands/digest.js';
import { logCommand } from './commands/log.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { simulateCommand } from './commands/simulate.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';
import { approveCommand } from './commands/approve.js';
import { keygenCommand } from './commands/keygen.js';
import { signCommand } from './commands/sign.js';
import { verifyCommitsCommand } from './commands/verify-commits.js';
import { incidentCommand } from './commands/incident.js';
import { rollbackCommand } from './commands/rollback.js';
import { overrideCommand } from './commands/override.js';
import { monitorCommand } from './commands/monitor.js';
import { checkCommand } from './commands/check.js';
import { recordCommand } from './commands/record.js';
import { escalateCommand } from './commands/escalate.js';
import { killswitchCommand } from './commands/killswitch.js';
import { demoCommand } from './commands/demo.js';

// One line per command; each command lives in its own file under src/cli/commands/.
export const commands: Command[] = [
  initCommand,
  digestCommand,
  reportCommand,
  simulateCommand,
  validateCommand,
  logCommand,
  replayCommand,
  verifyCommand,
  keygenCommand,
  signCommand,
  approveCommand,
  verifyCommitsCommand,
  incidentCommand,
  rollbackCommand,
  overrideCommand,
  monitorCommand,
  checkCommand,
  recordCommand,
  escalateCommand,
  killswitchCommand,
  demoCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
