/**
 * The replayed state (`gatehouse replay`, DESIGN §5): after entry `at`, as of `until`, or after the whole
 * ledger, starting from the nearest snapshot at or before the target (DESIGN §7: cost independent of length).
 */
import { usageError } from '../core/errors.js';
import type { TreeReader } from '../core/tree.js';
import { countUntil, stateAfter } from '../ledger/replay-at.js';
import { loadLayout } from '../repo/layout.js';
import type { LedgerFiles } from './ports.js';

export interface ReplayStatePorts {
  /** The work tree, for the layout. */
  work: TreeReader;
  ledger: Pick<LedgerFiles, 'lines' | 'readTextSync'>;
}

/** At most one of `at` (a seq) and `until` (a time). */
export interface ReplayStateRequest {
  at?: number;
  until?: Date;
}

export interface ReplayStateResult {
  state: ReturnType<typeof stateAfter>['state'];
}

export async function replayState(
  request: ReplayStateRequest,
  ports: ReplayStatePorts,
): Promise<ReplayStateResult> {
  const { at, until } = request;
  const layout = await loadLayout(ports.work);
  const { lines } = await ports.ledger.lines(layout);
  if (at !== undefined && at >= lines.length)
    throw usageError(`--at ${at} is past the end of the ledger (last seq ${lines.length - 1})`);
  const count = at !== undefined ? at + 1 : until !== undefined ? countUntil(lines, until) : lines.length;
  const { state } = stateAfter(lines, count, (_seq, file) => ports.ledger.readTextSync(file));
  return { state };
}
