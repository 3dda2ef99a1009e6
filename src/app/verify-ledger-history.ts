/**
 * The history proof of `verify` (DESIGN §5): prove from git alone that no commit on the default branch's
 * first-parent history ever rewrote or removed a ledger line, decreased the entry count (seed 001 playbook 2),
 * removed or re-aimed an archived checkpoint, or changed the checkpoint key outside a gated policy change. The
 * ledger is followed through gatehouse.yaml at every commit (src/assembly/ledger-history.ts). The verify use case
 * (verify-ledger.ts) calls verifyLedgerHistoryAt and adds its findings to its own.
 */
import { notFound } from '../core/errors.js';
import { group, leaf, type ResultNode } from '../core/result.js';
import type { HistoryResult } from '../assembly/ledger-history.js';
import { loadLayout } from '../repo/layout.js';
import type { GitCommits } from './ports.js';

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
 * Why the history cannot be walked in the repository at `dir`, or undefined when it can (a git work tree with
 * commits). A shallow clone is bad input (exit 2): its history cannot be proven.
 */
export async function historyUnavailable(
  git: Pick<GitCommits, 'isRepository' | 'isShallow' | 'resolve'>,
  dir: string,
): Promise<string | undefined> {
  if (!(await git.isRepository())) return `${dir} is not a git clone`;
  if (await git.isShallow())
    throw notFound(
      `${dir} is a shallow clone: verify proves the ledger's git history by default; fetch the full history ` +
        '(git fetch --unshallow, or actions/checkout with fetch-depth: 0) or pass --no-history',
      dir,
    );
  try {
    await git.resolve('HEAD');
  } catch {
    return `${dir} has no commits yet`;
  }
  return undefined;
}

/**
 * Walk `ref` (default HEAD: the branch whose ledger `verify` checks) and report. Bad refs or a shallow clone
 * throw GatehouseError (exit 2).
 */
export async function verifyLedgerHistoryAt(
  git: Pick<GitCommits, 'resolve' | 'tree' | 'ledgerHistory'>,
  ref = 'HEAD',
): Promise<VerifyHistoryOutcome> {
  const oid = await git.resolve(ref);
  const layout = await loadLayout(git.tree(oid, `${ref}:`));
  const ledgerDir = layout.paths.ledger;
  const result = await git.ledgerHistory(oid);
  const numbers = { commits: result.commits, entries: result.entries, findings: result.findings.length };
  const events = { file: `${ledgerDir.replace(/\/+$/, '')}/events` };
  const summary = result.ok
    ? `git history: ${result.commits} commits on ${ref}, ledger append-only (${result.entries} entries)`
    : `git history: ${result.findings.length} violation(s) in ${result.commits} commits on ${ref}`;
  const node = result.ok
    ? leaf('history', 'pass', summary, { numbers, source: events })
    : group(
        'history',
        summary,
        result.findings.map((f, i) =>
          leaf(`history.${i + 1}`, 'fail', f.message, {
            source: f.file !== undefined ? { file: f.file } : events,
            fix: 'restore the ledger files from the parent commit; the ledger is append-only (DESIGN §4)',
          }),
        ),
        numbers,
      );
  const lines = [...result.findings.map((f) => `${f.file ?? events.file}: ${f.message}`), summary];
  return { code: result.ok ? 0 : 1, node, result, ref, ledgerDir, lines };
}
