/**
 * The decision tree (policy-bot style): every check yields a node; the decision is the worst node.
 * Statuses are ordered skip < pass < pending < fail < error, and an error is never masked.
 */
export type Status = 'skip' | 'pass' | 'pending' | 'fail' | 'error';

const RANK: Record<Status, number> = { skip: 0, pass: 1, pending: 2, fail: 3, error: 4 };

export interface SourceRef {
  file: string;
  line?: number;
  col?: number;
}

export interface ResultNode {
  id: string;
  status: Status;
  reason: string;
  /** The figures behind the verdict, e.g. {approvals: 1, needed: 2}. */
  numbers: Record<string, number>;
  /** What would make a failing node pass. */
  fix?: string;
  source?: SourceRef;
  children: ResultNode[];
}

export function worst(statuses: Iterable<Status>): Status {
  let out: Status = 'skip';
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out;
}

export function leaf(
  id: string,
  status: Status,
  reason: string,
  extra: { numbers?: Record<string, number>; fix?: string; source?: SourceRef } = {},
): ResultNode {
  return {
    id,
    status,
    reason,
    numbers: extra.numbers ?? {},
    ...(extra.fix ? { fix: extra.fix } : {}),
    ...(extra.source ? { source: extra.source } : {}),
    children: [],
  };
}

/** A parent whose status is the worst of its children (skip when it has none). */
export function group(
  id: string,
  reason: string,
  children: ResultNode[],
  numbers: Record<string, number> = {},
): ResultNode {
  return { id, status: worst(children.map((c) => c.status)), reason, numbers, children };
}
