/**
 * Turns the gate's decision tree (DESIGN §3: ResultNode, worst node decides) into what GitHub shows:
 * a check-run title, a Markdown report, and file:line annotations for failing nodes with a source.
 */
import type { CountedApproval } from '../core/gate-inputs.js';
import type { ResultNode, Status } from '../core/result.js';
import { code, escapeMd } from './markdown.js';
import type { Annotation, Conclusion } from './types.js';

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

export const GLYPH: Record<Status, string> = {
  pass: '✅',
  fail: '❌',
  error: '⛔',
  pending: '⏳',
  skip: '➖',
};

function sourceText(n: ResultNode): string {
  if (!n.source) return '';
  const where = n.source.line !== undefined ? `${n.source.file}:${n.source.line}` : n.source.file;
  return ` — ${code(where)}`;
}

function nodeLines(n: ResultNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  out.push(`${pad}- ${GLYPH[n.status]} **${escapeMd(n.id)}**: ${escapeMd(n.reason)}${sourceText(n)}`);
  if (n.fix && (n.status === 'fail' || n.status === 'error' || n.status === 'pending')) {
    out.push(`${pad}  - to pass: ${escapeMd(n.fix)}`);
  }
  for (const c of n.children) nodeLines(c, depth + 1, out);
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

export function decisionMarkdown(d: DecisionDoc): string {
  const lines = [
    `### ${d.allowed ? '✅ Allowed' : '❌ Denied'}${d.change ? ` — ${escapeMd(d.change)}` : ''}`,
    '',
  ];
  if (d.digest) lines.push(`Change digest: ${code(d.digest)}`, '');
  if (d.counted.length > 0) {
    const who = d.counted.map(
      (c) =>
        `${code(c.actor)}${c.role ? ` (${escapeMd(c.role)})` : ''} via ${c.source === 'github' ? `GitHub review ${c.reviewId ?? '?'}` : 'signed approval'}`,
    );
    lines.push(`Counted approvals: ${who.join(', ')}`, '');
  }
  nodeLines(d.root, 0, lines);
  return lines.join('\n');
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
