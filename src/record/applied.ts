/**
 * Has the ledger already applied a change id (DESIGN §4)? `record` is idempotent for the same merge recorded
 * twice; the same id merged again by another merge commit is a second application, which approvals never
 * cover (they count for one application only). Looks for the idempotency keys `change.applied:<id>:` and
 * `rollback.applied:<id>:` (src/record/build.ts), parsing only the lines that carry one.
 */
import { recordKey } from './build.js';

export interface AppliedHit {
  seq: number;
  /** The merge commit the entry recorded, when it recorded one. */
  commit?: string;
  /** True when this is the same merge again (same merge commit; or, without one, the same digest). */
  sameMerge: boolean;
}

export function findApplied(
  lines: readonly string[],
  change: string,
  digest: string,
  mergeCommit: string,
): AppliedHit | undefined {
  const prefixes = ['change.applied', 'rollback.applied'].map(
    (t) => `"key":${JSON.stringify(recordKey(t, change, '')).slice(0, -1)}`,
  );
  for (let seq = 0; seq < lines.length; seq++) {
    const line = lines[seq]!;
    if (!prefixes.some((p) => line.includes(p))) continue;
    const e = JSON.parse(line) as { subject?: { commit?: unknown }; body?: { digest?: unknown } };
    const commit = typeof e.subject?.commit === 'string' ? e.subject.commit : undefined;
    const sameMerge = commit !== undefined ? commit === mergeCommit : e.body?.digest === digest;
    return { seq, ...(commit !== undefined ? { commit } : {}), sameMerge };
  }
  return undefined;
}
