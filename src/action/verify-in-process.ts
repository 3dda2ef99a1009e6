/**
 * The Action's `verify` (DESIGN §5, §6) in process: the verify use case (src/app/verify-ledger.ts) over the
 * checkout, never a child process of the CLI. Its outcome is what `gatehouse verify --json` gives (a test holds
 * the two equal): one failure annotation per finding, their Markdown list, the ledger head and size.
 * Errors reach the caller as GatehouseErrors with the exit code `gatehouse verify` would have had.
 */
import { resolve } from 'node:path';
import { verifyLedgerUseCase, type VerifyLedgerResult } from '../app/verify-ledger.js';
import { verifyLedgerPorts } from '../assembly/verify-ledger-ports.js';
import { exitCodeFor, GatehouseError, internalError } from '../core/errors.js';
import { code, escapeMd } from '../github/markdown.js';
import type { Annotation } from '../github/types.js';
import type { GatePort, VerifyOutcome } from './ports.js';

function outcomeOf(r: VerifyLedgerResult): VerifyOutcome {
  const annotations: Annotation[] = r.findings.map((f) => ({
    path: f.file,
    line: f.line ?? 1,
    level: 'failure',
    message: `${f.check}: ${f.message}`,
  }));
  // Every failure names its findings: ok only when there are none.
  const ok = r.ok && annotations.length === 0;
  const lines = annotations.map((a) => `- ${code(`${a.path}:${a.line}`)} ${escapeMd(a.message)}`);
  return {
    ok,
    annotations,
    markdown: ok ? 'Chain, Merkle root, checkpoints and snapshots verify.' : lines.join('\n'),
    ledgerHead: r.report.head,
    ledgerSize: r.report.size,
  };
}

/** What a usage error names in the Action: its inputs, not the CLI's flags (action.yml). */
const ACTION_USAGE = 'command: verify, history: true | false (action.yml)';

export const inProcessVerify: GatePort['verify'] = async (req) => {
  try {
    const result = await verifyLedgerUseCase(
      { history: false, noHistory: !req.history, witnessedOnly: false, usage: ACTION_USAGE },
      verifyLedgerPorts(resolve(req.repoDir)),
    );
    return outcomeOf(result);
  } catch (e) {
    if (exitCodeFor(e) === 2 && e instanceof GatehouseError)
      throw new GatehouseError('bad-input', `gatehouse verify: ${e.message}`, { problems: e.problems });
    throw internalError(`gatehouse verify failed: ${e instanceof Error ? e.message : String(e)}`, e);
  }
};
