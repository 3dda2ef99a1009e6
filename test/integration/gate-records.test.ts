/**
 * The gate's `records` check: governed files a PR adds or changes must themselves be valid, or they would
 * merge and then block the next PR (a policy file) or become immutable while broken (an incident record).
 */
import { describe, expect, it } from 'vitest';
import { QUORUM, governedRepos, node } from '../fixtures/governed-repo.js';

const repo = governedRepos();

const INCIDENT = `---
id: INC-20260118-143045
type: error-rate spike
severity: high
started_at: 2026-01-18T14:30:45Z
detected_at: 2026-01-18T14:31:15Z
resolved_at: null
operator: alice
documented_at: 2026-01-18T14:40:00Z
---

## Description
Error rate rose on park-ticketing.

## Cause
Under investigation.

## Impact
Guests in us-east-1 could not buy tickets.
`;

describe('gate: governed records the PR adds', () => {
  it('denies a PR adding an incident record with a missing section, naming the file', async () => {
    const r = repo();
    r.branch();
    r.commit('incident', { 'incidents/INC-20260118-143045.md': INCIDENT });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const records = node(doc.root, 'records');
    expect(records.status).toBe('fail');
    expect(records.children.map((c) => c.reason).join('\n')).toMatch(/Response/);
    expect(records.children[0]?.source?.file).toBe('incidents/INC-20260118-143045.md');
  });

  it('allows the same record once every section is there', async () => {
    const r = repo();
    r.branch();
    const full = `${INCIDENT}\n## Response\nPaged on-call.\n\n## Resolution\nPending.\n\n## Prevention\nPending.\n`;
    r.commit('incident', { 'incidents/INC-20260118-143045.md': full });
    const { code, doc } = await r.check();
    expect(node(doc.root, 'records')).toMatchObject({ status: 'pass', numbers: { files: 1 } });
    expect(code).toBe(0);
  });

  it('denies a policy change that would leave quorum.yaml invalid for the next PR, with file:line', async () => {
    const r = repo();
    r.branch();
    r.commit('policy', {
      ...r.manifest({ id: 'CHG-9', proposer: 'alice', level: 2, kind: 'policy' }),
      'policies/quorum.yaml': `${QUORUM}  - name: broken\n    when: { levels: [9] }\n    require: { count: 1 }\n`,
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const records = node(doc.root, 'records');
    expect(records.status).toBe('fail');
    const bad = records.children.find((c) => c.source?.file === 'policies/quorum.yaml');
    expect(bad?.source?.line).toBeGreaterThan(1);
  });
});
