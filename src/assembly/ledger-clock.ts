/**
 * The ledger's clock for every command that appends to it (`record`, `monitor --record`): DESIGN §4, entries
 * are in time order, so `--now` may never be earlier than the last entry. Checked before anything is written.
 */
import { readFile } from 'node:fs/promises';
import { badInput } from '../core/errors.js';
import { lineTs } from '../ledger/replay-at.js';
import { splitLines } from '../ledger/segments.js';
import { listSegments } from '../store/ledger-store.js';
import { isoSeconds } from '../record/build.js';
import { FsTree } from '../repo/fs-tree.js';
import { loadLayout } from '../repo/layout.js';

/** DESIGN §4: ledger time never goes back. Bad input (file:line of the last entry) when `--now` is earlier. */
export async function assertNowAfterLedger(repo: string, now: Date): Promise<void> {
  const layout = await loadLayout(new FsTree(repo));
  const { segments } = await listSegments(repo, layout);
  const last = segments[segments.length - 1];
  if (!last) return;
  const lines = splitLines(await readFile(last.abs, 'utf8'));
  const line = lines[lines.length - 1];
  const ts = line !== undefined ? lineTs(line) : undefined;
  if (ts === undefined || !(Date.parse(ts) > now.getTime())) return;
  throw badInput([
    {
      file: last.file,
      line: lines.length,
      message:
        `the ledger's last entry (seq ${last.firstSeq + lines.length - 1}) is dated ${ts}, after --now ` +
        `${isoSeconds(now)}: ledger time never goes back; record with --now at or after ${ts}`,
    },
  ]);
}
