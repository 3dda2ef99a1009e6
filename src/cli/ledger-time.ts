/**
 * The ledger's clock for every command that appends to it (`record`, `monitor --record`): DESIGN §4, entries
 * are in time order, so `--now` may never be earlier than the last entry (src/assembly/ledger-clock.ts).
 */
import { assertNowAfterLedger as assertAt } from '../assembly/ledger-clock.js';
import type { CliContext } from './command.js';

/** DESIGN §4: ledger time never goes back. Bad input (file:line of the last entry) when `--now` is earlier. */
export function assertNowAfterLedger(ctx: CliContext): Promise<void> {
  return assertAt(ctx.repo, ctx.now);
}
