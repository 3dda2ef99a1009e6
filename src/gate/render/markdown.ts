/**
 * The one Markdown renderer of a decision (CONVENTIONS: build summaries as data, write once), in two layouts:
 * - `renderMarkdown`: `check --format markdown` — a verdict heading, a table of every check and sub-check to
 *   `depth`, then what would make it pass;
 * - `renderMarkdownTree`: the check run and job summary of the Action — a verdict heading with the change, its
 *   digest and counted approvals, then the whole tree as a list with each node's fix under it.
 * Both show a node's fix only while it fails, errs or is pending, and its source as `file:line`.
 */
import type { ResultNode, Status } from '../../core/result.js';
import type { Decision } from '../evaluate.js';
import { cell, code, escapeMd } from './markdown-text.js';
import { formatSource, summaryLine } from './text.js';

export { cell };

/** Table glyphs (`check --format markdown`). */
const EMOJI: Record<Status, string> = { pass: '✅', fail: '❌', pending: '🟡', skip: '⚪', error: '💥' };

/** List glyphs (the check run). */
export const GLYPH: Record<Status, string> = {
  pass: '✅',
  fail: '❌',
  error: '⛔',
  pending: '⏳',
  skip: '➖',
};

/** DESIGN §3: every denial names what would make it pass — shown while the node is not passing. */
function showsFix(n: ResultNode): n is ResultNode & { fix: string } {
  return (
    n.fix !== undefined &&
    n.fix !== '' &&
    (n.status === 'fail' || n.status === 'pending' || n.status === 'error')
  );
}

export interface MarkdownOptions {
  /** Deepest level shown in the table (top-level checks = 1); default 2. */
  depth?: number;
  title?: string;
}

export function renderMarkdown(d: Decision, opts: MarkdownOptions = {}): string {
  const depthMax = opts.depth ?? 2;
  const out: string[] = [];
  const verdict = d.allowed ? 'allowed' : 'denied';
  out.push(`### ${EMOJI[d.status]} ${opts.title ?? 'Gatehouse'}: ${verdict}`);
  out.push('');
  out.push(cell(summaryLine(d)));
  out.push('');
  out.push('| | Check | Result | Where |');
  out.push('|---|---|---|---|');
  const fixes: ResultNode[] = [];
  const visit = (node: ResultNode, depth: number): void => {
    const indent = depth > 1 ? `${'&nbsp;&nbsp;'.repeat(depth - 1)}↳ ` : '';
    const where = formatSource(node.source);
    out.push(
      `| ${EMOJI[node.status]} | ${indent}\`${cell(node.id)}\` | ${cell(node.reason)} | ${where ? `\`${cell(where)}\`` : ''} |`,
    );
    if (showsFix(node)) fixes.push(node);
    if (depth < depthMax) for (const c of node.children) visit(c, depth + 1);
    else for (const c of node.children) collectFixes(c, fixes);
  };
  for (const c of d.root.children) visit(c, 1);
  if (fixes.length) {
    out.push('');
    out.push('**To pass:**');
    out.push('');
    for (const f of fixes) out.push(`- \`${cell(f.id)}\`: ${cell(f.fix as string)}`);
  }
  out.push('');
  return `${out.join('\n')}\n`;
}

function collectFixes(node: ResultNode, into: ResultNode[]): void {
  if (showsFix(node)) into.push(node);
  for (const c of node.children) collectFixes(c, into);
}

/** The decision fields the list layout shows (the check run renders a decision it may have read back as JSON). */
export type TreeDecision = Pick<Decision, 'allowed' | 'root' | 'digest' | 'counted' | 'change'>;

export function renderMarkdownTree(d: TreeDecision): string {
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
  const visit = (n: ResultNode, depth: number): void => {
    const pad = '  '.repeat(depth);
    const where = formatSource(n.source);
    lines.push(
      `${pad}- ${GLYPH[n.status]} **${escapeMd(n.id)}**: ${escapeMd(n.reason)}${where ? ` — ${code(where)}` : ''}`,
    );
    if (showsFix(n)) lines.push(`${pad}  - to pass: ${escapeMd(n.fix)}`);
    for (const c of n.children) visit(c, depth + 1);
  };
  visit(d.root, 0);
  return lines.join('\n');
}
