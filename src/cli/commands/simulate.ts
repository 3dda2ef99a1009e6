/**
 * `gatehouse simulate --base-state DIR --head-state DIR`: what-if over two state trees (seed 000
 * Part 2, branch simulation). Loads both, forks the base state in memory, applies the derived ops and
 * prints the ops, the state diff and what they touch. Writes nothing.
 *
 * `gatehouse simulate --base REF --head REF`: the same for a proposed change in git (src/app/simulate.ts): the
 * state replayed from the ledger at the base, the change's ops applied to a fork of it, and the blast radius
 * under the base policy.
 */
import { usageError } from '../../core/errors.js';
import { runSimulation, type SimulateRequest } from '../../app/simulate.js';
import { requireString } from '../args.js';
import { cliPorts } from '../app-ports.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { simulateJson, simulateText } from '../render-simulate.js';

const USAGE =
  'gatehouse simulate --base-state DIR --head-state DIR [--json]\n       gatehouse simulate --base REF [--head REF] [--json]';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'what-if: the ops, state diff and blast radius of going from one state tree to another',
  usage: USAGE,
  options: {
    'base-state': { type: 'string' },
    'head-state': { type: 'string' },
    base: { type: 'string' },
    head: { type: 'string' },
  },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    let request: SimulateRequest;
    let range = '';
    if (typeof args.values.base === 'string') {
      if (args.values['base-state'] !== undefined || args.values['head-state'] !== undefined)
        throw usageError(
          `give --base REF [--head REF] or --base-state DIR --head-state DIR, not both\nusage: ${USAGE}`,
        );
      const head = typeof args.values.head === 'string' ? args.values.head : 'HEAD';
      request = { base: args.values.base, head, now: ctx.now };
      range = `${args.values.base}..${head}`;
    } else {
      const baseState = requireString(args, 'base-state', USAGE);
      request = { baseState, headState: requireString(args, 'head-state', USAGE) };
    }
    const result = await runSimulation(request, cliPorts(ctx));
    ctx.stdout(ctx.json ? simulateJson(result) : simulateText(result, range));
    return 0;
  },
};
