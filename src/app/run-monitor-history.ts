/**
 * The monitor's walk of the default branch (seed 001 §3: every governed change is recorded): the commits on its
 * first-parent history that changed state/ or policies/ after the ledger started and that no ledger entry
 * accounts for, and the time of the last commit that wrote the checkpoint (a sign of life).
 */
import type { LedgerEntry } from '../core/ledger-entry.js';
import { checkpointPath, segmentPath } from '../ledger/layout.js';
import type { MonitorFacts } from '../monitor/invariants.js';
import type { RepoLayout } from '../repo/layout.js';
import type { GitCommits } from './ports.js';

export type MonitorGit = Pick<GitCommits, 'isRepository' | 'tree' | 'firstParentHistory' | 'changedFiles'>;

/** The commits the ledger's lines name (`subject.commit`); unreadable lines are reported by verify. */
export function recordedCommits(lines: readonly string[]): Set<string> {
  const recorded = new Set<string>();
  for (const l of lines) {
    const i = l.indexOf('"commit":"');
    if (i < 0) continue;
    try {
      const c = (JSON.parse(l) as LedgerEntry).subject?.commit;
      if (c) recorded.add(c);
    } catch {
      // unreadable lines are reported by verify
    }
  }
  return recorded;
}

/** Commits on the default branch that changed state/ or policies/ and that no ledger entry accounts for. */
export async function unrecordedMerges(
  git: MonitorGit,
  layout: RepoLayout,
  recorded: ReadonlySet<string>,
  branch: string,
  limit: number,
): Promise<{ merges: MonitorFacts['unrecordedMerges']; lastCheckpointAt?: string }> {
  const out: MonitorFacts['unrecordedMerges'] = [];
  const history = await git.firstParentHistory(branch, limit);
  const genesisFile = segmentPath(layout, 0);
  const governed = [layout.paths.state, layout.paths.policies].map((p) => `${p}/`);
  let started = false;
  let lastCheckpointAt: string | undefined;
  for (const c of history) {
    const parent = c.parents[0];
    if (!parent) {
      // A root commit: the ledger starts with it when it carries the genesis segment.
      if ((await git.tree(c.oid).read(genesisFile)) !== undefined) started = true;
      continue;
    }
    const files = await git.changedFiles(parent, c.oid);
    const at = new Date(c.committer.timestamp * 1000).toISOString().replace('.000Z', 'Z');
    if (files.some((f) => f.path === checkpointPath(layout))) lastCheckpointAt = at;
    if (files.some((f) => f.path === genesisFile && f.status === 'added')) {
      started = true; // adoption: the commit that starts the ledger records the state as genesis
      continue;
    }
    if (!started) continue;
    const touched = files.filter((f) => governed.some((g) => f.path.startsWith(g))).map((f) => f.path);
    if (touched.length === 0 || recorded.has(c.oid)) continue;
    // A commit that appends to the ledger together with its change records itself.
    if (files.some((f) => f.path.startsWith(`${layout.paths.ledger}/events/`))) continue;
    out.push({ commit: c.oid, subject: c.subject, at, paths: touched });
  }
  return { merges: out, ...(lastCheckpointAt ? { lastCheckpointAt } : {}) };
}
