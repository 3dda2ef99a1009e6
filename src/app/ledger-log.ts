/**
 * The ledger timeline (`gatehouse log`, DESIGN §5): every entry's seq, ts, type, actor, level and subject,
 * filtered by type and actor, with the first-parent commit of HEAD that added it when git history exists.
 */
import { badInput, isGatehouseError } from '../core/errors.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import type { TreeReader } from '../core/tree.js';
import type { LineOrigin } from '../assembly/ledger-history.js';
import { loadLayout } from '../repo/layout.js';
import type { GitCommits, LedgerFiles } from './ports.js';

export interface LedgerLogPorts {
  /** The work tree, for the layout. */
  work: TreeReader;
  ledger: Pick<LedgerFiles, 'lines'>;
  git: Pick<GitCommits, 'ledgerLineOrigins'>;
}

export interface LedgerLogRequest {
  type?: string;
  actor?: string;
}

export type LedgerLogRow = Pick<LedgerEntry, 'seq' | 'ts' | 'type' | 'actor' | 'level' | 'subject'> & {
  added_in?: LineOrigin;
};

export interface LedgerLogResult {
  rows: LedgerLogRow[];
  /** Entries in the ledger, before filtering. */
  total: number;
  /** Whether git history was read (false: the timeline stands alone, no `added in` column). */
  git: boolean;
}

/** Which commit added each entry, or undefined when the repository is not a git repository. */
async function addedBy(
  git: LedgerLogPorts['git'],
  ledgerDir: string,
): Promise<Map<number, LineOrigin> | undefined> {
  try {
    return await git.ledgerLineOrigins('HEAD', ledgerDir);
  } catch (e) {
    if (isGatehouseError(e)) return undefined; // no git history to read: the timeline stands alone
    throw e;
  }
}

export async function ledgerLog(request: LedgerLogRequest, ports: LedgerLogPorts): Promise<LedgerLogResult> {
  const { type, actor } = request;
  const layout = await loadLayout(ports.work);
  const { lines, origin } = await ports.ledger.lines(layout);
  const added = await addedBy(ports.git, layout.paths.ledger);
  const rows: LedgerLogRow[] = [];
  lines.forEach((line, i) => {
    let e: LedgerEntry;
    try {
      e = JSON.parse(line) as LedgerEntry;
    } catch {
      const o = origin(i);
      throw badInput([
        { file: o.file, line: o.line, message: `entry ${i} is not JSON; run \`gatehouse verify\`` },
      ]);
    }
    if (type !== undefined && e.type !== type) return;
    if (actor !== undefined && e.actor !== actor) return;
    rows.push({
      seq: e.seq,
      ts: e.ts,
      type: e.type,
      actor: e.actor,
      ...(e.level !== undefined ? { level: e.level } : {}),
      ...(e.subject !== undefined ? { subject: e.subject } : {}),
      ...(added?.has(e.seq) ? { added_in: added.get(e.seq)! } : {}),
    });
  });
  return { rows, total: lines.length, git: added !== undefined };
}
