/**
 * The monitor's walk of the default branch (seed 001 §3: every governed change is recorded): the commits on its
 * first-parent history that changed state/ or policies/ after the ledger started and that no ledger entry
 * accounts for, and the time of the last commit that wrote the checkpoint (a sign of life).
 */
import type { LedgerEntry } from '../core/ledger-entry.js';
import { checkpointPath, segmentPath } from '../ledger/layout.js';
import type { MonitorFacts } from '../monitor/invariants.js';
import { lastActivityLine } from '../monitor/ledger-alerts.js';
import { lineTs } from '../ledger/replay-at.js';
import { splitLines } from '../ledger/segments.js';
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

/**
 * The ledger's facts the monitor needs besides verification, gathered one segment at a time as the verifier
 * reads it (so no segment is read twice and no line outlives its segment): which of the `wanted` commits a
 * line's `subject.commit` names, and the ts of the last entry that is not an alert (a sign of life).
 */
export class LedgerScan {
  readonly recorded = new Set<string>();
  private readonly wanted: ReadonlySet<string>;
  /** Per segment with a line that is not an alert: the ts of its last such line (undefined: unreadable). */
  private readonly last = new Map<number, string | undefined>();
  private readonly seen = new Set<number>();

  constructor(wanted: ReadonlySet<string>) {
    this.wanted = wanted;
  }

  has(index: number): boolean {
    return this.seen.has(index);
  }

  /** Segment `index` (0-based, in seq order) has text `text`; seeing it again changes nothing. */
  segment(index: number, text: string): void {
    if (this.seen.has(index)) return;
    this.seen.add(index);
    this.commitsIn(text);
    const line = lastActivityLine(splitLines(text));
    if (line !== undefined) this.last.set(index, lineTs(line));
  }

  /** The ts of the last entry that is not an alert, over every segment seen. */
  lastActivity(): string | undefined {
    let at = -1;
    for (const i of this.last.keys()) if (i > at) at = i;
    return this.last.get(at);
  }

  /**
   * As recordedCommits over the text's lines, restricted to the wanted commits: a line is parsed only when a
   * `"commit":"` value in it is wanted, or when it holds an escape (its value may be written another way).
   */
  private commitsIn(text: string): void {
    const mark = '"commit":"';
    for (let at = text.indexOf(mark); at >= 0;) {
      const start = text.lastIndexOf('\n', at) + 1;
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      let parse = line.includes('\\');
      for (let i = line.indexOf(mark); !parse && i >= 0; i = line.indexOf(mark, i + 1)) {
        const v = i + mark.length;
        parse = this.wanted.has(line.slice(v, line.indexOf('"', v)));
      }
      if (parse) for (const c of recordedCommits([line])) if (this.wanted.has(c)) this.recorded.add(c);
      at = text.indexOf(mark, end);
    }
  }
}

/**
 * The commits on the default branch that changed state/ or policies/ after the ledger started and that do not
 * append to the ledger themselves (the candidates for unrecorded merges), and the time of the last commit that
 * wrote the checkpoint.
 */
export async function governedCommits(
  git: MonitorGit,
  layout: RepoLayout,
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
    if (touched.length === 0) continue;
    // A commit that appends to the ledger together with its change records itself.
    if (files.some((f) => f.path.startsWith(`${layout.paths.ledger}/events/`))) continue;
    out.push({ commit: c.oid, subject: c.subject, at, paths: touched });
  }
  return { merges: out, ...(lastCheckpointAt ? { lastCheckpointAt } : {}) };
}

/** Commits on the default branch that changed state/ or policies/ and that no ledger entry accounts for. */
export async function unrecordedMerges(
  git: MonitorGit,
  layout: RepoLayout,
  recorded: ReadonlySet<string>,
  branch: string,
  limit: number,
): Promise<{ merges: MonitorFacts['unrecordedMerges']; lastCheckpointAt?: string }> {
  const r = await governedCommits(git, layout, branch, limit);
  return { ...r, merges: r.merges.filter((m) => !recorded.has(m.commit)) };
}
