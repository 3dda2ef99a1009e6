import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/action/inputs.js';
import type { ActionPorts, GatePort } from '../../../src/action/ports.js';
import { commandsFor, run } from '../../../src/action/run.js';
import { parseEvent } from '../../../src/github/event.js';
import type { Annotation } from '../../../src/github/types.js';
import { MemoryApi } from '../github/memory-api.js';
import { example, pullRequestPayload, pushPayload } from '../../fixtures/github/payloads.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function setup(event: string, payload: unknown, gate: Partial<GatePort> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-run-unit-'));
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
  const inputs = readInputs(
    {
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_WORKSPACE: dir,
      'INPUT_GITHUB-TOKEN': 'tok',
    },
    () => new Date('2026-01-18T15:00:00Z'),
  );
  const api = new MemoryApi();
  const gitCalls: string[] = [];
  const out: Record<string, string> = {};
  const summaries: string[] = [];
  const secrets: string[] = [];
  const annotations: Annotation[] = [];
  const ports: ActionPorts = {
    github: api,
    git: {
      ensureCommit: async () => true,
      headSha: async () => B,
      changedUnder: async () => [],
      commit: async () => (gitCalls.push('commit'), B),
      pushCas: async () => (gitCalls.push('push'), 'pushed'),
      syncTo: async () => B,
      show: async () => undefined,
    },
    gate: {
      digest: async () => ({ change: 'CHG-1', digest: 'sha256:d' }),
      githubIdentities: async () => [],
      check: async () => ({
        allowed: true,
        conclusion: 'success',
        title: 'Allowed: CHG-1',
        markdown: 'ok',
        annotations: [],
      }),
      record: async () => ({ ledgerHead: 'sha256:h', ledgerSize: 1, appended: 1, markdown: '' }),
      verify: async () => ({ ok: true, markdown: 'ok', annotations: [] }),
      monitor: async () => ({ ok: true, markdown: '', alerts: [] }),
      report: async (r) => ({ path: r.outDir, index: `${r.outDir}/index.html`, chainOk: true, entries: 2 }),
      ...gate,
    },
    log: {
      info: () => undefined,
      warning: () => undefined,
      error: () => undefined,
      annotate: (a) => void annotations.push(a),
      setSecret: (s) => void secrets.push(s),
    },
    writeSummary: async (md) => void summaries.push(md),
    setOutput: (k, v) => void (out[k] = v),
  };
  return { inputs, ports, api, out, summaries, secrets, annotations, gitCalls };
}

describe('run(inputs, ports)', () => {
  it('maps events to commands: PR events check, push records, schedule verifies then monitors', () => {
    const pr = parseEvent('pull_request', pullRequestPayload('opened', { number: 1, base: A, head: B }), 'e');
    expect(commandsFor(pr, 'auto')).toEqual(['check']);
    expect(commandsFor(parseEvent('push', example('push'), 'e'), 'auto')).toEqual(['record']);
    expect(commandsFor(parseEvent('workflow_dispatch', example('workflow_dispatch'), 'e'), 'auto')).toEqual([
      'verify',
      'monitor',
    ]);
    expect(commandsFor(pr, 'report')).toEqual(['report']);
  });

  it('allows, completes the check run as success and writes one summary and the decision output', async () => {
    const s = setup('pull_request', pullRequestPayload('opened', { number: 1, base: A, head: B }));
    const r = await run(s.inputs, s.ports);
    expect(r.exitCode).toBe(0);
    expect(s.out).toEqual({ decision: 'allowed' });
    expect(s.summaries).toHaveLength(1);
    expect(s.api.updates[0]).toMatchObject({ conclusion: 'success' });
    expect(s.secrets).toEqual(['tok']);
  });

  it('turns a neutral merge_group result into a failure: a queue entry never passes without a verdict', async () => {
    const payload = example('merge_group');
    const s = setup('merge_group', payload, {
      check: async () => ({
        allowed: true,
        conclusion: 'neutral',
        title: 'n',
        markdown: '',
        annotations: [],
      }),
    });
    const r = await run(s.inputs, s.ports);
    expect(r.exitCode).toBe(1);
    expect(s.api.updates[0]).toMatchObject({ conclusion: 'failure' });
  });

  it('denies with the reason when the gate fails internally (fail closed), and still completes the check run', async () => {
    const s = setup('pull_request', pullRequestPayload('opened', { number: 1, base: A, head: B }), {
      check: async () => {
        throw new Error('boom');
      },
    });
    const r = await run(s.inputs, s.ports);
    expect(r.exitCode).toBe(3);
    expect(s.api.updates[0]).toMatchObject({ conclusion: 'failure' });
    expect(s.api.updates[0]?.output.summary).toContain('boom');
  });

  it('writes annotations as workflow commands when the check run cannot be posted', async () => {
    const s = setup('pull_request', pullRequestPayload('opened', { number: 1, base: A, head: B }), {
      check: async () => ({
        allowed: false,
        conclusion: 'failure',
        title: 'Denied',
        markdown: '',
        annotations: [{ path: 'x.yaml', line: 2, level: 'failure', message: 'no' }],
      }),
    });
    s.api.failCreate = 403;
    const r = await run(s.inputs, s.ports);
    expect(r.exitCode).toBe(1);
    expect(s.annotations).toHaveLength(1);
    expect(s.summaries[0]).toContain('Check run not posted');
  });

  it('reports a verify violation with exit 1 and its annotations', async () => {
    const s = setup(
      'schedule',
      { schedule: '0 * * * *' },
      {
        verify: async () => ({
          ok: false,
          markdown: 'bad',
          annotations: [{ path: 'ledger/x', line: 3, level: 'failure', message: 'prev' }],
        }),
      },
    );
    const r = await run({ ...s.inputs, repository: { owner: 'o', repo: 'r' } }, s.ports);
    expect(r.exitCode).toBe(1);
    expect(s.out.decision).toBe('violation'); // monitor ran after verify and found nothing; the worst wins
    expect(s.annotations).toHaveLength(1);
  });

  it('reports a merged change the gate refuses to record with exit 1, and commits and pushes nothing', async () => {
    const push = pushPayload({ before: A, after: B });
    const s = setup('push', push, {
      record: async () => ({
        ledgerHead: 'sha256:h',
        ledgerSize: 3,
        appended: 0,
        markdown: '',
        refused: true,
      }),
    });
    const r = await run(s.inputs, s.ports);
    expect(r.exitCode).toBe(1);
    expect(s.out).toEqual({ decision: 'refused', 'ledger-head': 'sha256:h', 'ledger-size': '3' });
    expect(s.gitCalls).toEqual([]);
    expect(s.summaries[0]).toContain('so nothing was recorded');
  });

  it('names the report and fails the step when the ledger in it does not verify', async () => {
    const s = setup('workflow_dispatch', example('workflow_dispatch'), {
      report: async (q) => ({ path: q.outDir, index: `${q.outDir}/index.html`, chainOk: false, entries: 5 }),
    });
    const r = await run({ ...s.inputs, command: 'report' }, s.ports);
    expect(r.exitCode).toBe(1);
    expect(s.out).toEqual({ decision: 'violation', 'report-path': s.inputs.reportDir });
    expect(s.summaries[0]).toContain('the ledger does not verify');
  });

  it('writes at most 10 workflow annotations per level, as GitHub shows, and says how many more there are', async () => {
    const findings: Annotation[] = Array.from({ length: 15 }, (_, i) => ({
      path: `state/s${i}.yaml`,
      line: i + 1,
      level: 'failure',
      message: `drift ${i}`,
    }));
    const s = setup(
      'schedule',
      { schedule: '0 * * * *' },
      { verify: async () => ({ ok: false, markdown: 'bad', annotations: findings }) },
    );
    const r = await run({ ...s.inputs, repository: { owner: 'o', repo: 'r' } }, s.ports);
    expect(r.exitCode).toBe(1);
    expect(s.annotations.map((a) => a.path)).toEqual(findings.slice(0, 10).map((a) => a.path));
    expect(s.summaries[0]).toContain('5 more findings than GitHub shows as annotations');
  });
});
