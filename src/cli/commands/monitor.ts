/**
 * `gatehouse monitor [--branch REF] [--history N] [--record]` (seed 001 §3–5; src/app/run-monitor.ts): checks the
 * invariants and prints the alerts (text, or --json for the Action, which opens one issue per fingerprint).
 * Exit 1 when any alert fires, 0 when none. With `--record` it also appends `alert.raised` for each alert that
 * starts firing and `alert.resolved` for each raised alert that stopped, with a checkpoint when a signer key is
 * given (as `record`).
 */
import { runMonitor } from '../../app/run-monitor.js';
import { runMonitorPorts } from '../../assembly/run-monitor-ports.js';
import { optionalInt, optionalString } from '../args.js';
import { checkpointSignerKey } from '../checkpoint-key.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { monitorJson, monitorText } from '../render-monitor.js';

const USAGE =
  'gatehouse monitor [--branch REF] [--history N] [--record [--checkpoint-key FILE]] [--repo DIR] [--json] [--now ISO]';

export const monitorCommand: Command = {
  name: 'monitor',
  summary:
    'check the invariants (ledger, drift, unrecorded merges, overrides, incidents, silence) and print alerts',
  usage: USAGE,
  options: {
    branch: { type: 'string' },
    history: { type: 'string' },
    record: { type: 'boolean', default: false },
    'checkpoint-key': { type: 'string' },
  },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const recording = args.values.record === true;
    // The signer key is checked before the ledger is read (no message ever includes it).
    const signerKey = recording ? await checkpointSignerKey(ctx, args) : undefined;
    const result = await runMonitor(
      {
        now: ctx.now,
        branch: optionalString(args, 'branch') ?? 'HEAD',
        history: optionalInt(args, 'history') ?? 1000,
        ...(recording ? { record: signerKey !== undefined ? { checkpointKey: signerKey } : {} } : {}),
      },
      runMonitorPorts(ctx.repo),
    );
    ctx.stdout(ctx.json ? monitorJson(result, ctx.now) : monitorText(result));
    return result.alerts.length > 0 ? 1 : 0;
  },
};
