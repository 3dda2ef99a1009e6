/**
 * Turns the gate's decision tree (DESIGN §3: ResultNode, worst node decides) into what GitHub shows:
 * a check-run title, a Markdown report, and file:line annotations for failing nodes with a source.
 */
import type { ResultNode, Status } from '../result/node.js';
import { code, escapeMd } from './markdown.js';
import type { Annotation, Conclusion } from './types.js';

/** The decision document `gatehouse check --json` prints (fields the Action reads). */
export interface DecisionDoc {
  allowed: boolean;
  status: Status;
  root: ResultNode;
  digest?: string;
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
  const failing = failingNodes(d.root).map((n) => n.id);
  return `Denied: ${subject}${failing.length > 0 ? ` — ${failing.slice(0, 3).join(', ')}${failing.length > 3 ? ', …' : ''}` : ''}`;
}

/** The leaves (deepest nodes) whose status is fail or error, in tree order. */
export function failingNodes(root: ResultNode): ResultNode[] {
  const out: ResultNode[] = [];
  const walk = (n: ResultNode): void => {
    const bad = n.status === 'fail' || n.status === 'error';
    const badChildren = n.children.filter((c) => c.status === 'fail' || c.status === 'error');
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
