/**
 * CI tests every Node the project promises: the oldest package.json engines admits and the one action.yml runs
 * the Action on (runs.using: node24), through one matrix job running .ci/run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Job {
  strategy?: { matrix?: { node?: string[] } };
  steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}

describe('.github/workflows/ci.yml', () => {
  const ci = parse(readFileSync('.github/workflows/ci.yml', 'utf8')) as { jobs: Record<string, Job> };
  const job = ci.jobs.ci!;

  it('runs the tests on Node 20 and on the Action runtime, Node 24', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string } };
    const runtime = /^node(\d+)$/.exec(action.runs.using)?.[1];
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } })
      .engines.node;
    const oldest = /^>=\s*(\d+(?:\.\d+)?)/.exec(engines)?.[1];
    expect(runtime).toBe('24');
    expect(job.strategy?.matrix?.node).toEqual([oldest, runtime]);
    const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
    expect(job.steps.some((s) => s.run === 'bash .ci/run')).toBe(true);
  });
});
