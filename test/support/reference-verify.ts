/**
 * The plain reading of the ledger verifier, for differential tests: every line read with JSON.parse (never the
 * one-pass reader of src/ledger/verify-line.ts) and the whole state serialised at every snapshot (never the kept
 * canonical state of src/ledger/verify-snapshot.ts). Slower and obviously correct: the production verifier must
 * report exactly what it reports, finding for finding.
 */
import type { GovernedState } from '../../src/core/state-types.js';
import { fastJcs } from '../../src/ledger/fast-jcs.js';
import { scanLedger, type LedgerReading } from '../../src/ledger/verify.js';
import type { VerifyInput, VerifyReport } from '../../src/ledger/verify-types.js';

const PLAIN: LedgerReading = {
  readLine: () => null,
  canonicalState: () => ({
    applied: () => undefined,
    reset: () => undefined,
    text: (state: GovernedState) => fastJcs(state),
  }),
};

export function referenceVerify(input: VerifyInput): VerifyReport {
  return scanLedger(input, PLAIN);
}
