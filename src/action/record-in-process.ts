/**
 * The Action's `record` (DESIGN §4, §6) in process: the record use case (src/app/record-merge.ts) over the
 * checkout, with the PR's GitHub approvals, never a child process of the CLI. Its outcome is what the push
 * step needs (ledger size and head, entries appended, whether the gate refused) and a Markdown summary.
 * Errors reach the caller as GatehouseErrors with the exit code `gatehouse record` would have had.
 */
import { recordMerge, type RecordMergeResult } from '../app/record-merge.js';
import { parseGithubApprovals } from '../assembly/from-repo-github.js';
import { recordMergePorts } from '../assembly/record-merge-ports.js';
import { exitCodeFor, GatehouseError, internalError } from '../core/errors.js';
import { code } from '../github/markdown.js';
import { checkedSignerKey } from '../record/signer-key.js';
import type { RecordOutcome, RecordRequest } from './ports.js';

/** The Markdown of the ledger section: head and size, entries appended, checkpoint signed. */
function outcomeOf(r: RecordMergeResult): RecordOutcome {
  const lines = [`Ledger head ${code(r.head)} at size ${r.size}.`];
  const appended = r.kind === 'appended' ? r.appended : [];
  if (appended.length > 0)
    lines.push('', `Appended: ${appended.map((e) => code(`${e.seq} ${e.type}`)).join(', ')}.`);
  const cp = r.kind === 'appended' ? r.checkpoint : r.kind === 'already' ? r.repaired : undefined;
  if (cp) lines.push('', `Checkpoint ${code(cp.file)} signed at size ${cp.size}.`);
  const refused = r.kind === 'refused' || r.kind === 'reapplied';
  return {
    ledgerHead: r.head,
    ledgerSize: r.size,
    appended: appended.length,
    markdown: lines.join('\n'),
    ...(refused ? { refused: true } : {}),
  };
}

export async function inProcessRecord(req: RecordRequest): Promise<RecordOutcome> {
  try {
    const key = req.checkpointKey?.trim()
      ? checkedSignerKey(req.checkpointKey, 'GATEHOUSE_CHECKPOINT_KEY')
      : undefined;
    // The approvals as the CLI read them from --github-approvals: the same strict reader.
    const githubApprovals = parseGithubApprovals(
      `${JSON.stringify(req.githubApprovals, null, 2)}\n`,
      'github-approvals.json',
    );
    const result = await recordMerge(
      {
        base: req.base,
        head: req.head,
        now: req.now,
        mergeCommit: req.mergeCommit,
        githubApprovals,
        ...(req.pr !== undefined ? { pr: req.pr } : {}),
        ...(key !== undefined ? { checkpointKey: key } : {}),
      },
      recordMergePorts(req.repoDir),
    );
    return outcomeOf(result);
  } catch (e) {
    if (exitCodeFor(e) === 2 && e instanceof GatehouseError)
      throw new GatehouseError('bad-input', `gatehouse record: ${e.message}`, { problems: e.problems });
    throw internalError(`gatehouse record failed: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}
