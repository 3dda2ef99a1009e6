/**
 * `verify --history` (DESIGN §5): prove from git alone that no commit on the default branch's first-parent history
 * ever rewrote or removed a ledger line, or decreased the entry count (seed 001 playbook 2). The `verify` command
 * calls runVerifyHistory and adds the node to its own result tree.
 */
import type { CliContext } from '../command.js';
import { resolveRef } from '../../git/refs.js';
import { GitTree } from '../../git/tree.js';
import { verifyLedgerHistory } from '../../git/history.js';
import type { HistoryResult } from '../../git/history.js';
import { loadLayout } from '../../repo/layout.js';
import { group, leaf } from '../../result/node.js';
import type { ResultNode } from '../../result/node.js';

export interface VerifyHistoryOutcome {
  /** Exit code contribution: 0 clean, 1 a violation (DESIGN §5). */
  code: 0 | 1;
  /** `history`: one failing child per finding, numbers {commits, entries, findings}. */
  node: ResultNode;
  result: HistoryResult;
  ref: string;
  ledgerDir: string;
  /** One line per finding plus a summary line, for text output. */
  lines: string[];
}

/**
 * Walk `ref` (default HEAD: the branch whose ledger `verify` checks) and report. The ledger folder comes from
 * gatehouse.yaml at that commit. Bad refs or a shallow clone throw GatehouseError (exit 2).
 */
export async function runVerifyHistory(ctx: CliContext, ref = 'HEAD'): Promise<VerifyHistoryOutcome> {
  const oid = await resolveRef(ctx.repo, ref);
  const layout = await loadLayout(new GitTree(ctx.repo, oid, `${ref}:`));
  const ledgerDir = layout.paths.ledger;
  const result = await verifyLedgerHistory(ctx.repo, oid, ledgerDir);
  const numbers = { commits: result.commits, entries: result.entries, findings: result.findings.length };
  const source = { file: `${ledgerDir.replace(/\/+$/, '')}/events` };
  const summary = result.ok
    ? `git history: ${result.commits} commits on ${ref}, ledger append-only (${result.entries} entries)`
    : `git history: ${result.findings.length} violation(s) in ${result.commits} commits on ${ref}`;
  const node = result.ok
    ? leaf('history', 'pass', summary, { numbers, source })
    : group(
        'history',
        summary,
        result.findings.map((f, i) =>
          leaf(`history.${i + 1}`, 'fail', f.message, {
            source,
            fix: 'restore the ledger lines from the parent commit; the ledger is append-only (DESIGN §4)',
          }),
        ),
        numbers,
      );
  const lines = [...result.findings.map((f) => `${source.file}: ${f.message}`), summary];
  return { code: result.ok ? 0 : 1, node, result, ref, ledgerDir, lines };
}
