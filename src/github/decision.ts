/**
 * Turns the gate's decision tree (DESIGN §3: ResultNode, worst node decides) into what GitHub shows:
 * a check-run title, a Markdown report (the decision renderer's list layout, src/gate/render/markdown.ts),
 * and file:line annotations for failing nodes with a source.
 */
import type { CountedApproval } from '../core/gate-inputs.js';
import type { ResultNode, Status } from '../core/result.js';
import { GLYPH, renderMarkdownTree } from '../gate/render/markdown.js';
import type { Annotation, Conclusion } from './types.js';

export { GLYPH };

/** The check run's Markdown report. */
export const decisionMarkdown: (d: DecisionDoc) => string = renderMarkdownTree;

/** An approval the gate counted (`counted` in the decision; `record` writes these to the ledger). */
export type CountedDoc = CountedApproval;

/**
 * The decision document `gatehouse check --json` prints (src/gate/render/json.ts): {allowed, status,
 * change?, level?, digest, counted, root}.
 */
export interface DecisionDoc {
  allowed: boolean;
  status: Status;
  root: ResultNode;
  digest: string;
  counted: CountedDoc[];
  change?: string;
  level?: number;
}

export function decisionTitle(d: DecisionDoc): string {
  const subject = d.change ? `${d.change}${d.level !== undefined ? ` (level ${d.level})` : ''}` : 'change';
  if (d.allowed) return `Allowed: ${subject}`;
  // Name what fails; when nothing fails, what is still pending (e.g. a missing approval).
  const failing = failingNodes(d.root);
  const named = (failing.length > 0 ? failing : failingNodes(d.root, PENDING)).map((n) =>
    n.status === 'pending' ? `${n.id} pending` : n.id,
  );
  return `Denied: ${subject}${named.length > 0 ? ` — ${named.slice(0, 3).join(', ')}${named.length > 3 ? ', …' : ''}` : ''}`;
}

const FAILING: ReadonlySet<Status> = new Set(['fail', 'error']);
const PENDING: ReadonlySet<Status> = new Set(['pending']);

/** The deepest nodes whose status is in `statuses` (default fail or error), in tree order. */
export function failingNodes(root: ResultNode, statuses: ReadonlySet<Status> = FAILING): ResultNode[] {
  const out: ResultNode[] = [];
  const walk = (n: ResultNode): void => {
    const bad = statuses.has(n.status);
    const badChildren = n.children.filter((c) => statuses.has(c.status));
    if (bad && badChildren.length === 0) out.push(n);
    for (const c of n.children) walk(c);
  };
  walk(root);
  return out;
}

export function decisionAnnotations(d: DecisionDoc): Annotation[] {
  const out: Annotation[] = [];
  const walk = (n: ResultNode): void => {
    if (n.source && n.status !== 'pass' && n.status !== 'skip') {
      out.push({
        path: n.source.file,
        line: n.source.line ?? 1,
        level: n.status === 'pending' ? 'warning' : 'failure',
        title: `gatehouse: ${n.id}`,
        message: n.fix ? `${n.reason}\nTo pass: ${n.fix}` : n.reason,
      });
    }
    for (const c of n.children) walk(c);
  };
  walk(d.root);
  return out;
}

export function conclusionOf(d: DecisionDoc): Conclusion {
  return d.allowed ? 'success' : 'failure';
}
