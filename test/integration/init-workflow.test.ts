/**
 * The workflow `init` writes pins the Action by commit SHA (a placeholder to replace, or --action-ref), never a
 * tag that may not exist, and carries the optional SARIF upload to code scanning (docs/action.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main, type CliIo } from '../../src/cli/main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<string, { if?: string; permissions?: Record<string, string>; steps: Step[] }>;
}

async function init(...extra: string[]): Promise<{ text: string; doc: Workflow }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'gh-init-wf-')), 'repo');
  dirs.push(dir);
  let err = '';
  const io: CliIo = { stdout: () => undefined, stderr: (t) => void (err += t), isTTY: false };
  const code = await main(['init', dir, '--now', '2026-01-18T09:00:00Z', ...extra], {}, io);
  expect(code, err).toBe(0);
  const text = readFileSync(join(dir, '.github/workflows/gatehouse.yml'), 'utf8');
  return { text, doc: parse(text) as Workflow };
}

const gatehouseUses = (doc: Workflow): string[] =>
  Object.values(doc.jobs)
    .flatMap((j) => j.steps)
    .map((s) => s.uses ?? '')
    .filter((u) => /gatehouse@/.test(u));

describe('the workflow init writes', () => {
  it('pins the Action by a placeholder commit SHA with a comment to replace it, never @v0', async () => {
    const { text, doc } = await init();
    expect(text).not.toContain('@v0');
    const uses = gatehouseUses(doc);
    expect(uses).toHaveLength(3);
    for (const u of uses) expect(u).toBe(`OWNER/gatehouse@${'0'.repeat(40)}`);
    expect(text).toMatch(
      /- uses: OWNER\/gatehouse@0{40} # pin by commit: replace OWNER and the SHA with the gatehouse commit you install/,
    );
  });

  it('uses --action-ref as given, marked as a commit pin when it is a 40-hex SHA', async () => {
    const sha = '8f2c1e0b9d4a7c3e5f6a1b2c3d4e5f6a7b8c9d0e';
    const { text, doc } = await init('--action-ref', `acme/gatehouse@${sha}`);
    for (const u of gatehouseUses(doc)) expect(u).toBe(`acme/gatehouse@${sha}`);
    expect(text).toContain(`- uses: acme/gatehouse@${sha} # pin by commit\n`);
  });

  it('has an optional code-scanning job: the CLI at the pinned commit prints SARIF, upload-sarif uploads it', async () => {
    const sha = '8f2c1e0b9d4a7c3e5f6a1b2c3d4e5f6a7b8c9d0e';
    const { doc } = await init('--action-ref', `acme/gatehouse@${sha}`);
    const job = doc.jobs['code-scanning']!;
    expect(job.if).toBe("github.event_name == 'pull_request' && vars.GATEHOUSE_SARIF == 'true'");
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(job.steps[1]).toEqual({
      uses: 'actions/checkout@v4',
      with: { repository: 'acme/gatehouse', ref: sha, path: '.gatehouse-cli' },
    });
    expect(job.steps[2]!.run).toContain('node .gatehouse-cli/dist/cli.js check');
    expect(job.steps[2]!.run).toContain('--format sarif > gatehouse.sarif');
    expect(job.steps[3]).toEqual({
      uses: 'github/codeql-action/upload-sarif@v3',
      with: { sarif_file: 'gatehouse.sarif', category: 'gatehouse' },
    });
  });

  it('a local Action (uses: ./) gets no code-scanning job, as there is no commit to check the CLI out at', async () => {
    const { doc } = await init('--action-ref', './');
    expect(doc.jobs['code-scanning']).toBeUndefined();
    expect(doc.jobs.check!.steps[1]!.uses).toBe('./');
  });
});
