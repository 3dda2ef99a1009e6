/**
 * Text rendering of a decision for people (CONVENTIONS "Output people read"): one line per node,
 * indented by depth, a status glyph, `path:line` when a source is known, the fix under anything that
 * does not pass, and a summary line. Colour only when asked (the CLI asks on a TTY).
 */
import pc from 'picocolors';
import type { ResultNode, SourceRef, Status } from '../../core/result.js';
import type { Decision } from '../evaluate.js';

export const GLYPH: Record<Status, string> = { pass: '✓', fail: '✗', pending: '●', skip: '○', error: '!' };

export interface TextOptions {
  color?: boolean;
  /** Deepest level to print (root = 0); default: everything. */
  depth?: number;
}

export function formatSource(s: SourceRef | undefined): string {
  if (!s) return '';
  return s.line !== undefined ? `${s.file}:${s.line}` : s.file;
}

export function countStatuses(root: ResultNode): Record<Status, number> {
  const out: Record<Status, number> = { skip: 0, pass: 0, pending: 0, fail: 0, error: 0 };
  for (const c of root.children) out[c.status] += 1;
  return out;
}

export function summaryLine(d: Decision): string {
  const n = countStatuses(d.root);
  const parts = (['pass', 'pending', 'fail', 'error', 'skip'] as const)
    .filter((s) => n[s] > 0)
    .map((s) => `${n[s]} ${s}`);
  const verdict = d.allowed ? 'allowed' : 'denied';
  const what = d.change !== undefined ? `${d.change} (level ${d.level})` : 'change';
  return `${what} ${verdict}: ${d.root.children.length} checks, ${parts.join(', ')}; digest ${d.digest}`;
}

export function renderText(d: Decision, opts: TextOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const paint: Record<Status, (s: string) => string> = {
    pass: c.green,
    fail: c.red,
    pending: c.yellow,
    skip: c.dim,
    error: c.magenta,
  };
  const lines: string[] = [];
  const maxDepth = opts.depth ?? Infinity;
  const visit = (node: ResultNode, depth: number): void => {
    const pad = '  '.repeat(depth);
    const where = formatSource(node.source);
    const head = `${pad}${paint[node.status](GLYPH[node.status])} ${c.bold(node.id)}: ${node.reason}`;
    lines.push(where ? `${head} ${c.dim(`(${where})`)}` : head);
    if (node.fix && node.status !== 'pass' && node.status !== 'skip')
      lines.push(`${pad}    ${c.cyan('fix:')} ${node.fix}`);
    if (depth < maxDepth) for (const ch of node.children) visit(ch, depth + 1);
  };
  visit(d.root, 0);
  lines.push(paint[d.status](summaryLine(d)));
  return `${lines.join('\n')}\n`;
}
