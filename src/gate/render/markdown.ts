/**
 * Markdown rendering for a check run and a job summary (CONVENTIONS: build summaries as data, write
 * once): a verdict heading, a table of every check and sub-check, then what would make it pass.
 */
import type { ResultNode, Status } from '../../core/result.js';
import type { Decision } from '../evaluate.js';
import { formatSource, summaryLine } from './text.js';

const EMOJI: Record<Status, string> = { pass: '✅', fail: '❌', pending: '🟡', skip: '⚪', error: '💥' };

/** Table cells: no pipes, no newlines, no raw HTML. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
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
    if (node.fix && (node.status === 'fail' || node.status === 'pending' || node.status === 'error'))
      fixes.push(node);
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
  if (node.fix && (node.status === 'fail' || node.status === 'pending' || node.status === 'error'))
    into.push(node);
  for (const c of node.children) collectFixes(c, into);
}
