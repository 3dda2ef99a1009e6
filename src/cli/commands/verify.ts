/**
 * `gatehouse verify [--history | --no-history] [--since CHECKPOINT]` (DESIGN §5; src/app/verify-ledger.ts): chain,
 * Merkle root, checkpoints and their signatures, snapshots by replay, and drift between the replayed state and
 * state/; in a git clone also the git history of the ledger unless `--no-history`. Exit 0 clean, 1 on any finding,
 * and every failure names its findings (git history violations are findings too). `--since` verifies
 * incrementally from a checkpoint verified earlier: `ledger/checkpoints/<size>.note` by its size, or a note file
 * kept outside the repository.
 */
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { verifyLedgerUseCase, type VerifyProgress } from '../../app/verify-ledger.js';
import { verifyLedgerPorts } from '../../assembly/verify-ledger-ports.js';
import { optionalString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { VERIFY_USAGE, verifyJson, verifyText } from '../render-verify.js';

/** The progress bar on a terminal (stderr), made when the use case starts it and cleared when done. */
function progressBar(): VerifyProgress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start: (total) => {
      bar = new cliProgress.SingleBar(
        { format: 'verify [{bar}] {value}/{total} entries', stream: process.stderr, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update: (done, total) => (bar?.setTotal(total), bar?.update(done)),
    stop: () => bar?.stop(),
  };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary:
    'verify the ledger: chain, Merkle root, checkpoints, snapshots, drift, and git history in a clone (--no-history skips it)',
  usage: VERIFY_USAGE,
  options: {
    history: { type: 'boolean', default: false },
    'no-history': { type: 'boolean', default: false },
    since: { type: 'string' },
    'witnessed-only': { type: 'boolean', default: false },
  },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const since = optionalString(args, 'since');
    const result = await verifyLedgerUseCase(
      {
        history: args.values.history === true,
        noHistory: args.values['no-history'] === true,
        ...(since !== undefined ? { since: { arg: since, outside: resolve(since) } } : {}),
        witnessedOnly: args.values['witnessed-only'] === true,
        usage: VERIFY_USAGE,
      },
      {
        ...verifyLedgerPorts(ctx.repo),
        ...(ctx.isTTY && !ctx.json ? { progress: progressBar() } : {}),
      },
    );
    ctx.stdout(ctx.json ? verifyJson(result) : verifyText(result));
    return result.ok ? 0 : 1;
  },
};
