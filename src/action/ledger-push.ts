/**
 * Writing to the ledger from the Action (DESIGN §4, §6): run the command that appends, commit the ledger
 * folder, and push with a compare-and-swap on the branch head (`--force-with-lease`). Losing a race (someone
 * pushed first) fetches the new head and runs the command again; appending is idempotent, so what the winner
 * already appended is skipped. Shared by `record` (push) and `monitor` with `record-alerts` (schedule).
 */
import type { ActionPorts } from './ports.js';

export interface LedgerPushRequest<T> {
  dir: string;
  branch: string;
  /** The ledger folder (gatehouse.yaml's `ledger`), relative to the repository root. */
  ledgerDir: string;
  attempts: number;
  /** What the run was doing, for the lost-race warning ("recording"). */
  activity: string;
  /** Appends to the ledger in the work tree; runs once per attempt. */
  append: () => Promise<T>;
  /** True when the outcome wrote nothing that should be pushed (refused, or nothing new). */
  nothingToPush?: (outcome: T) => boolean;
  message: (outcome: T) => string;
}

export interface LedgerPushResult<T> {
  outcome: T;
  /** The pushed commit, when the ledger changed and the push won. */
  pushed?: string;
  attempts: number;
  /** Branch heads we lost a race against, in order. */
  raced: string[];
}

export async function appendAndPush<T>(
  ports: ActionPorts,
  req: LedgerPushRequest<T>,
): Promise<LedgerPushResult<T>> {
  let expected = await ports.git.headSha(req.dir);
  const raced: string[] = [];
  let attempts = 0;
  let outcome: T;
  do {
    attempts += 1;
    outcome = await req.append();
    if (req.nothingToPush?.(outcome)) break;
    const changed = await ports.git.changedUnder(req.dir, req.ledgerDir);
    if (changed.length === 0) break; // already in the ledger: nothing to push
    await ports.git.commit(req.dir, [req.ledgerDir], req.message(outcome));
    if ((await ports.git.pushCas(req.dir, req.branch, expected)) === 'pushed')
      return { outcome, pushed: await ports.git.headSha(req.dir), attempts, raced };
    raced.push(expected);
    ports.log.warning(
      `${req.branch} moved while ${req.activity} (expected ${expected.slice(0, 12)}); fetching and trying again`,
    );
    expected = await ports.git.syncTo(req.dir, req.branch);
  } while (attempts < req.attempts);
  return { outcome, attempts, raced };
}
