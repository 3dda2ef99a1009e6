/**
 * The job summary, built as data and rendered once (CONVENTIONS: summaries built as data, written once).
 * GitHub drops a step summary over 1 MiB, so the rendering is cut to fit, keeping the verdict at the top.
 */
import { STEP_SUMMARY_MAX_BYTES, truncateUtf8 } from './limits.js';
import { code, escapeMd } from './markdown.js';
import type { CountedDoc } from './decision.js';
import type { IgnoredReview, GithubApproval } from './types.js';

export type Verdict = 'allowed' | 'denied' | 'ok' | 'violation' | 'error' | 'unsupported';

export interface SummaryDoc {
  command: string;
  verdict: Verdict;
  /** One sentence: what happened and, on a denial, why. */
  headline: string;
  facts: { label: string; value: string; code?: boolean }[];
  notes: string[];
  sections: { heading: string; markdown: string }[];
}

const BADGE: Record<Verdict, string> = {
  allowed: '✅ Allowed',
  denied: '❌ Denied',
  ok: '✅ OK',
  violation: '❌ Violation found',
  error: '⛔ Error',
  unsupported: '⛔ Not evaluated',
};

export function renderSummary(doc: SummaryDoc, maxBytes = STEP_SUMMARY_MAX_BYTES): string {
  const lines = [
    `## Gatehouse ${escapeMd(doc.command)}: ${BADGE[doc.verdict]}`,
    '',
    escapeMd(doc.headline),
    '',
  ];
  if (doc.facts.length > 0) {
    lines.push('| | |', '|---|---|');
    for (const f of doc.facts)
      lines.push(`| ${escapeMd(f.label)} | ${f.code ? code(f.value) : escapeMd(f.value)} |`);
    lines.push('');
  }
  for (const n of doc.notes) lines.push(`> [!WARNING]`, `> ${escapeMd(n)}`, '');
  for (const s of doc.sections) lines.push(`### ${escapeMd(s.heading)}`, '', s.markdown, '');
  return truncateUtf8(lines.join('\n'), maxBytes);
}

/**
 * The reviews table. `counted` is the gate's `counted` list when it decided: a review offered as an approval
 * but not counted (no matching rule accepts `github`, the actor is not eligible, …) says so.
 */
export function reviewsMarkdown(
  approvals: readonly GithubApproval[],
  ignored: readonly IgnoredReview[],
  counted?: readonly CountedDoc[],
): string {
  if (approvals.length === 0 && ignored.length === 0) return 'No pull request reviews.';
  const lines = ['| Review | Reviewer | Counts as | Note |', '|---|---|---|---|'];
  for (const a of approvals) {
    const byGate = counted?.find((c) => c.source === 'github' && c.reviewId === a.reviewId);
    const note =
      counted === undefined
        ? `reviewed ${code(a.commit.slice(0, 12))}`
        : byGate
          ? `reviewed ${code(a.commit.slice(0, 12))}; counted for ${byGate.rules.map((r) => code(r)).join(', ')}`
          : `reviewed ${code(a.commit.slice(0, 12))}; not counted by the gate (see the decision)`;
    lines.push(`| ${a.reviewId} | @${escapeMd(a.login)} | approval by ${code(a.actor)} | ${note} |`);
  }
  for (const i of ignored)
    lines.push(`| ${i.reviewId} | @${escapeMd(i.login)} | — | ${escapeMd(i.reason)} |`);
  return lines.join('\n');
}
