import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { workflowDispatchPayload } from '../fixtures/github/payloads.js';
import { makeMergedRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub } from '../fixtures/github/server.js';

let bundle: { index: string };
beforeAll(async () => {
  bundle = await buildAction();
});

function setAlerts(dir: string, alerts: unknown[]): void {
  mkdirSync(join(dir, 'monitor'), { recursive: true });
  writeFileSync(join(dir, 'monitor/alerts.json'), JSON.stringify(alerts));
}

describe('the bundled Action on workflow_dispatch (verify, then monitor)', () => {
  it('opens one issue per alert fingerprint, then updates it, then closes it when the alert stops', async () => {
    const r = makeMergedRepo();
    const model = new GithubModel();
    const gh = await startFakeGithub(model.routes());
    const dispatch = () =>
      runAction({
        index: bundle.index,
        event: 'workflow_dispatch',
        payload: workflowDispatchPayload(),
        workspace: r.work,
        apiUrl: gh.url,
      });
    try {
      const alert = {
        fingerprint: 'silence:ledger',
        title: 'Ledger silent for 7h',
        body: 'No entry since 07:00.',
        severity: 'high',
      };
      setAlerts(r.work, [alert]);
      const first = await dispatch();
      expect(first.code).toBe(1);
      expect(first.summary).toContain('Gatehouse verify: ✅ OK');
      expect(first.summary).toContain('1 alert firing');
      expect(model.issues).toHaveLength(1);
      expect(model.issues[0]).toMatchObject({ number: 1, state: 'open', labels: ['gatehouse-alert'] });
      expect(model.issues[0]?.body).toContain('<!-- gatehouse-alert:silence:ledger -->');

      const same = await dispatch();
      expect(same.code).toBe(1);
      expect(gh.calls('issues/create')).toHaveLength(1);
      expect(gh.calls('issues/update')).toHaveLength(0);

      setAlerts(r.work, [{ ...alert, body: 'No entry since 07:00; still silent at 15:00.' }]);
      const updated = await dispatch();
      expect(updated.code).toBe(1);
      expect(model.issues).toHaveLength(1);
      expect(gh.calls('issues/update')).toHaveLength(1);
      expect(model.issues[0]?.body).toContain('still silent at 15:00');

      rmSync(join(r.work, 'monitor'), { recursive: true });
      const resolved = await dispatch();
      expect(resolved.code).toBe(0);
      expect(model.issues[0]?.state).toBe('closed');
      expect(model.issues[0]?.comments).toHaveLength(1);
      expect(gh.schemaErrors).toEqual([]);
    } finally {
      await gh.close();
    }
  });

  it('writes the audit report on command report and names it in the report-path output', async () => {
    const r = makeMergedRepo();
    const gh = await startFakeGithub(new GithubModel().routes());
    try {
      const run = await runAction({
        index: bundle.index,
        event: 'workflow_dispatch',
        payload: workflowDispatchPayload(),
        workspace: r.work,
        apiUrl: gh.url,
        inputs: { command: 'report', 'report-dir': 'out/report' },
      });
      expect(run.code).toBe(0);
      expect(run.outputs['report-path']).toBe(join(r.work, 'out/report'));
      expect(existsSync(join(r.work, 'out/report/index.html'))).toBe(true);
      expect(gh.requests).toHaveLength(0);
    } finally {
      await gh.close();
    }
  });
});
