/** What one Action command hands back to `run` (src/action/run.ts): its exit code, outputs, and the summary. */
import type { SummaryDoc } from '../github/summary.js';

export interface CommandResult {
  exitCode: 0 | 1 | 2 | 3;
  outputs: Record<string, string>;
  summary: SummaryDoc;
}
