import { describe, expect, it } from 'vitest';
import {
  decisionAnnotations,
  decisionMarkdown,
  decisionTitle,
  failingNodes,
} from '../../../src/github/decision.js';
import { escapeMd } from '../../../src/github/markdown.js';
import { renderSummary, reviewsMarkdown } from '../../../src/github/summary.js';
import { group, leaf } from '../../../src/core/result.js';

const root = group('gate', 'gate', [
  leaf('authority', 'pass', 'level 2 ≤ max 3'),
  group('quorum', 'quorum', [
    leaf('quorum/approval', 'fail', '1/2 approvals (missing role: charter)', {
      fix: 'needs 1 more approval from role charter; eligible: carol, dave',
      source: { file: 'policies/quorum.yaml', line: 3 },
    }),
  ]),
  leaf('blast-radius', 'pending', 'window unknown', {
    source: { file: 'policies/blast-radius.yaml', line: 7 },
  }),
]);
const denied = {
  allowed: false,
  status: root.status,
  root,
  change: 'CHG-0042',
  level: 2,
  digest: 'sha256:ab',
  counted: [],
};

describe('rendering a decision for GitHub', () => {
  it('titles a denial with the failing checks and renders the tree with the fix', () => {
    expect(decisionTitle(denied)).toBe('Denied: CHG-0042 (level 2) — quorum/approval');
    const md = decisionMarkdown(denied);
    expect(md).toContain('### ❌ Denied — CHG-0042');
    expect(md).toContain(
      '  - ❌ **quorum/approval**: 1/2 approvals (missing role: charter) — `policies/quorum.yaml:3`',
    );
    expect(md).toContain('to pass: needs 1 more approval from role charter; eligible: carol, dave');
    expect(failingNodes(root).map((n) => n.id)).toEqual(['quorum/approval']);
  });

  it('annotates failing nodes as failures and pending ones as warnings, at their file:line', () => {
    expect(decisionAnnotations(denied).map((a) => [a.path, a.line, a.level])).toEqual([
      ['policies/quorum.yaml', 3, 'failure'],
      ['policies/blast-radius.yaml', 7, 'warning'],
    ]);
  });

  it('escapes repository data so it cannot become markup', () => {
    expect(escapeMd('<img src=x> | **b** [l](u)')).toBe('&lt;img src=x&gt; \\| \\*\\*b\\*\\* \\[l\\](u)');
    expect(reviewsMarkdown([], [{ reviewId: 1, login: 'x|y', reason: 'a\nb' }])).toContain(
      '@x\\|y | — | a b |',
    );
  });

  it('keeps the job summary under the byte limit with the verdict first', () => {
    const md = renderSummary(
      {
        command: 'check',
        verdict: 'denied',
        headline: 'Denied',
        facts: [{ label: 'Digest', value: 'sha256:ab', code: true }],
        notes: ['Check run not posted'],
        sections: [{ heading: 'Decision', markdown: 'é'.repeat(800_000) }],
      },
      1024 * 1024,
    );
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(1024 * 1024);
    expect(md.startsWith('## Gatehouse check: ❌ Denied')).toBe(true);
    expect(md).toContain('| Digest | `sha256:ab` |');
    expect(md).toContain('truncated');
  });

  it('titles a denial that only waits for approvals with the pending check', () => {
    const waiting = group('gate', 'gate', [
      leaf('authority', 'pass', 'ok'),
      group('quorum', 'quorum', [leaf('quorum/approval', 'pending', '0/1 approvals')]),
    ]);
    expect(decisionTitle({ ...denied, status: waiting.status, root: waiting })).toBe(
      'Denied: CHG-0042 (level 2) — quorum/approval pending',
    );
  });

  it('lists the approvals the gate counted, GitHub reviews by their review id', () => {
    const md = decisionMarkdown({
      ...denied,
      allowed: true,
      counted: [
        { actor: 'alice', source: 'github', reviewId: 101, ts: 't', rules: ['approval'] },
        {
          actor: 'bob',
          role: 'sre',
          source: 'signed',
          fingerprint: 'SHA256:x',
          ts: 't',
          rules: ['approval'],
        },
      ],
    });
    expect(md).toContain('Counted approvals: `alice` via GitHub review 101, `bob` (sre) via signed approval');
  });

  it('marks a review the gate did not count in the reviews table', () => {
    const approval = {
      source: 'github' as const,
      change: 'CHG-1',
      digest: 'sha256:d',
      actor: 'alice',
      decision: 'approve' as const,
      ts: 't',
      reviewId: 7,
      login: 'alice-ng',
      commit: 'c'.repeat(40),
    };
    expect(reviewsMarkdown([approval], [], [])).toContain('not counted by the gate');
    expect(
      reviewsMarkdown(
        [approval],
        [],
        [{ actor: 'alice', source: 'github', reviewId: 7, ts: 't', rules: ['r1'] }],
      ),
    ).toContain('counted for `r1`');
  });
});
