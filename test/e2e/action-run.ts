/**
 * Runs the committed Action bundle, dist/index.js, through the shared runner (test/fixtures/github/run-action.ts):
 * GATEHOUSE_CLI is never set (the Action runs every use case in process; the variable is no longer read).
 */
import { runAction as runBundled, type ActionRun } from '../fixtures/github/run-action.js';
import { DIST_INDEX } from './harness.js';

export type { ActionRun };

export function runAction(o: {
  event: string;
  payload: unknown;
  workspace: string;
  apiUrl: string;
  /** The run's clock (`now` input) and the date of the ledger commit `record` makes. */
  now: string;
  env: NodeJS.ProcessEnv;
  inputs?: Record<string, string>;
}): Promise<ActionRun> {
  const env = { ...o.env };
  delete env.GATEHOUSE_CLI;
  return runBundled({ ...o, index: DIST_INDEX, env });
}
