import { describe, expect, it } from 'vitest';
import { completeCheckRun, fitOutput, startCheckRun } from '../../../src/github/checks.js';
import type { Annotation } from '../../../src/github/types.js';
import { MemoryApi } from './memory-api.js';

const repo = { owner: 'o', repo: 'r' };
const now = new Date('2026-01-18T14:30:00Z');
const anns = (n: number): Annotation[] =>
  Array.from({ length: n }, (_, i) => ({
    path: 'state/a.yaml',
    line: i + 1,
    level: 'failure',
    message: `m${i}`,
  }));

describe('the gatehouse check run', () => {
  it('completes with the first 50 annotations and sends the rest in further updates', async () => {
    const api = new MemoryApi();
    const handle = await startCheckRun(api, repo, 'a'.repeat(40), now);
    expect(handle).toEqual({ kind: 'posted', id: 42 });
    const r = await completeCheckRun(api, repo, handle, {
      conclusion: 'failure',
      output: { title: 'Denied', summary: 'x' },
      annotations: anns(101),
      now,
    });
    expect(r).toEqual({ requests: 3, annotations: 101 });
    expect(api.updates.map((u) => u.output.annotations?.length)).toEqual([50, 50, 1]);
    expect(api.updates[0]).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      completedAt: now.toISOString(),
    });
    expect(api.updates[1]?.conclusion).toBeUndefined();
  });

  it('makes one completing update when there are no annotations', async () => {
    const api = new MemoryApi();
    const handle = await startCheckRun(api, repo, 'a'.repeat(40), now);
    await completeCheckRun(api, repo, handle, {
      conclusion: 'success',
      output: { title: 'ok', summary: 's' },
      annotations: [],
      now,
    });
    expect(api.updates).toHaveLength(1);
    expect(api.updates[0]?.output.annotations).toBeUndefined();
  });

  it('treats a 403 on create as a read-only token and then makes no update', async () => {
    const api = new MemoryApi();
    api.failCreate = 403;
    const handle = await startCheckRun(api, repo, 'a'.repeat(40), now);
    expect(handle.kind).toBe('unavailable');
    const r = await completeCheckRun(api, repo, handle, {
      conclusion: 'failure',
      output: { title: 't', summary: 's' },
      annotations: anns(3),
      now,
    });
    expect(r.requests).toBe(0);
    expect(api.updates).toEqual([]);
  });

  it('rethrows any other failure on create', async () => {
    const api = new MemoryApi();
    api.failCreate = 500;
    await expect(startCheckRun(api, repo, 'a'.repeat(40), now)).rejects.toThrow(/HTTP 500/);
  });

  it('fits title, summary and text into 255 / 65535 / 65535 characters', () => {
    const out = fitOutput({ title: 't'.repeat(400), summary: 's'.repeat(70_000), text: 'x'.repeat(70_000) });
    expect(out.title.length).toBe(255);
    expect(out.summary.length).toBe(65_535);
    expect(out.text?.length).toBe(65_535);
    expect(out.summary).toContain('truncated');
  });
});
