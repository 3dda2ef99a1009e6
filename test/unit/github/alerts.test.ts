import { describe, expect, it } from 'vitest';
import { alertMarker, fingerprintOf, syncAlerts } from '../../../src/github/alerts.js';
import { MemoryApi } from './memory-api.js';

const repo = { owner: 'o', repo: 'r' };
const alert = {
  fingerprint: 'drift:state',
  title: 'State drift',
  body: 'state/ differs from the ledger',
  severity: 'high',
};

describe('syncAlerts', () => {
  it('opens one labelled issue with the hidden marker, then leaves it alone while nothing changes', async () => {
    const api = new MemoryApi();
    const first = await syncAlerts(api, repo, [alert, alert]);
    expect(first.created).toEqual([{ fingerprint: 'drift:state', issue: 1 }]);
    expect(api.issues[0]?.labels).toEqual(['gatehouse-alert']);
    expect(fingerprintOf(api.issues[0] ?? { body: '' })).toBe('drift:state');
    const second = await syncAlerts(api, repo, [alert]);
    expect(second.unchanged).toEqual([{ fingerprint: 'drift:state', issue: 1 }]);
    expect(api.issues).toHaveLength(1);
  });

  it('updates the issue when the alert text changes and reopens it if it was closed', async () => {
    const api = new MemoryApi();
    await syncAlerts(api, repo, [alert]);
    (api.issues[0] as { state: string }).state = 'closed';
    const r = await syncAlerts(api, repo, [{ ...alert, body: 'worse' }]);
    expect(r.updated).toEqual([{ fingerprint: 'drift:state', issue: 1 }]);
    expect(api.issues[0]?.state).toBe('open');
    expect(api.issues[0]?.body).toContain('worse');
  });

  it('closes an open alert issue with a comment once its alert stops firing, and ignores unmarked issues', async () => {
    const api = new MemoryApi();
    api.issues.push({
      number: 1,
      title: 'by hand',
      body: 'no marker',
      state: 'open',
      labels: ['gatehouse-alert'],
    });
    await syncAlerts(api, repo, [alert]);
    const r = await syncAlerts(api, repo, []);
    expect(r.closed).toEqual([{ fingerprint: 'drift:state', issue: 2 }]);
    expect(api.issues.find((i) => i.number === 1)?.state).toBe('open');
    expect(api.calls.filter((c) => c.op === 'commentIssue')).toHaveLength(1);
    expect(alertMarker('x')).toBe('<!-- gatehouse-alert:x -->');
  });
});
