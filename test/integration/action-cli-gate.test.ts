/**
 * The Action's gate: `digest` and `check` run the CLI's use cases in process (src/action/app-gate.ts) and start
 * no child process of the CLI, with the same decision the CLI prints for the same inputs. `record`, `verify`,
 * `monitor` and `report` run in process as well (test/integration/action-*-in-process.test.ts); the CLI-reading
 * port (test/support/cli-gate-port.ts) is kept as what those tests compare against.
 */
import type * as childProcess from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { inProcessGate } from '../../src/action/app-gate.js';
import { cliGatePort } from '../support/cli-gate-port.js';
import { GatehouseError } from '../../src/core/errors.js';
import {
  conclusionOf,
  decisionAnnotations,
  decisionMarkdown,
  decisionTitle,
  type DecisionDoc,
} from '../../src/github/decision.js';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { pullRequestPayload } from '../fixtures/github/payloads.js';
import { commit, git, GITHUB, makePrRepo, NOW, REVIEWED_AT, type PrRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub } from '../fixtures/github/server.js';
import { nodeStartsIn, type Started } from '../support/child-process-spy.js';

// Every process this file's code starts, by command and arguments (git reads may spawn git; never node).
const started = vi.hoisted(() => [] as Started[]);
vi.mock('node:child_process', async (importOriginal) =>
  (await import('../support/child-process-spy.js')).spiedChildProcess(
    await importOriginal<typeof childProcess>(),
    started,
  ),
);
const nodeStarts = (): Started[] => nodeStartsIn(started);

let cli: string;
beforeAll(async () => {
  ({ cli } = await buildAction());
});

const approvalOf = (r: PrRepo, change: string, digest: string) => ({
  source: 'github' as const,
  change,
  digest,
  actor: 'alice',
  decision: 'approve' as const,
  ts: REVIEWED_AT,
  reviewId: 4242,
  login: GITHUB.alice.login,
  commit: r.head2,
});

/** What the CLI itself prints for `check --json` on the same inputs, as the Action reports it. */
function cliOutcome(r: PrRepo, approvals: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-approvals-'));
  const file = join(dir, 'github-approvals.json');
  writeFileSync(file, `${JSON.stringify(approvals, null, 2)}\n`);
  const args = ['check', '--base', r.base, '--head', r.head2, '--github-approvals', file];
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, ...args, '--json', '--repo', r.work, '--now', NOW], {
      encoding: 'utf8',
    });
  } catch (e) {
    out = String((e as { stdout: string }).stdout);
  }
  const d = JSON.parse(out) as DecisionDoc;
  return {
    allowed: d.allowed,
    conclusion: conclusionOf(d),
    title: decisionTitle(d),
    markdown: decisionMarkdown(d),
    annotations: decisionAnnotations(d),
    digest: d.digest,
    counted: d.counted,
    ...(d.change ? { change: d.change } : {}),
  };
}

describe('the in-process gate of the Action', () => {
  it('decides a check as the CLI does, denied and then allowed by a GitHub review, starting no node process', async () => {
    const r = makePrRepo();
    const gate = inProcessGate();
    const now = new Date(NOW);
    started.length = 0;
    const { change, digest } = await gate.digest({ repoDir: r.work, base: r.base, head: r.head2 });
    const req = { repoDir: r.work, base: r.base, head: r.head2, now };
    const denied = await gate.check({ ...req, githubApprovals: [] });
    const allowed = await gate.check({ ...req, githubApprovals: [approvalOf(r, change, digest)] });
    expect(nodeStarts()).toEqual([]);
    expect(change).toBe('CHG-0042');
    expect(denied).toMatchObject({ allowed: false, conclusion: 'failure', digest, change, counted: [] });
    expect(allowed).toMatchObject({
      allowed: true,
      conclusion: 'success',
      title: 'Allowed: CHG-0042 (level 1)',
    });
    expect(allowed.counted).toEqual([
      { actor: 'alice', source: 'github', reviewId: 4242, ts: REVIEWED_AT, rules: ['approval'] },
    ]);
    // The same inputs through the CLI give the same outcome, field for field (and that run is seen starting node).
    expect(denied).toEqual(cliOutcome(r, []));
    expect(nodeStarts().length).toBeGreaterThan(0);
    expect(allowed).toEqual(cliOutcome(r, [approvalOf(r, change, digest)]));
    const cliDigest = JSON.parse(
      execFileSync(
        process.execPath,
        [cli, 'digest', '--base', r.base, '--head', r.head2, '--json', '--repo', r.work],
        {
          encoding: 'utf8',
        },
      ),
    ) as { change: string; digest: string };
    expect({ change, digest }).toEqual({ change: cliDigest.change, digest: cliDigest.digest });
  });

  it('turns "no change manifest" into a bad-input error worded as gatehouse digest words it', async () => {
    const r = makePrRepo();
    git(r.work, 'checkout', '-q', r.base);
    const plain = commit(r.work, { 'docs/readme.md': 'no governed change\n' }, 'docs only');
    const err = await inProcessGate()
      .digest({ repoDir: r.work, base: r.base, head: plain })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).code).toBe('bad-input');
    expect((err as GatehouseError).message).toMatch(/^gatehouse digest: .*no change manifest/s);
  });

  it('reads github identities from the base policy, not from the head', async () => {
    const r = makePrRepo();
    commit(
      r.work,
      { 'policies/actors.yaml': 'actors:\n  - id: mallory\n    github: { login: m, id: 1 }\n' },
      'head edits actors',
    );
    const ids = await inProcessGate().githubIdentities({ repoDir: r.work, base: r.base });
    expect(ids).toEqual([
      { actor: 'alice', ...GITHUB.alice },
      { actor: 'bob', ...GITHUB.bob },
    ]);
  });

  it('refuses a malformed base actors.yaml as bad input naming the file (the strict policy loader)', async () => {
    const r = makePrRepo();
    git(r.work, 'checkout', '-q', r.base);
    const broken = commit(r.work, { 'policies/actors.yaml': 'actors: [\n' }, 'break actors');
    const err = await inProcessGate()
      .githubIdentities({ repoDir: r.work, base: broken })
      .catch((e: unknown) => e);
    expect((err as GatehouseError).code).toBe('bad-input');
    expect((err as GatehouseError).message).toContain('policies/actors.yaml');
  });
});

describe('the bundled Action on a pull request', () => {
  it('checks with no CLI beside it: GATEHOUSE_CLI names a program that would leave a mark and fail', async () => {
    const r = makePrRepo();
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-no-cli-'));
    const mark = join(dir, 'cli-was-started');
    const fake = join(dir, 'cli.js');
    writeFileSync(fake, `require('node:fs').writeFileSync(${JSON.stringify(mark)}, 'x'); process.exit(3);\n`);
    const model = new GithubModel();
    model.reviews.set(7, [
      { id: 101, login: 'alice-ng', userId: GITHUB.alice.id, state: 'APPROVED', commit: r.head2 },
    ]);
    const gh = await startFakeGithub(model.routes());
    try {
      const { index } = await buildAction();
      const run = await runAction({
        index,
        event: 'pull_request',
        payload: pullRequestPayload('synchronize', { number: 7, base: r.base, head: r.head2 }),
        workspace: r.work,
        apiUrl: gh.url,
        env: { GATEHOUSE_CLI: fake },
      });
      expect(run.code).toBe(0);
      expect(model.checkRuns[0]?.conclusion).toBe('success');
      expect(model.checkRuns[0]?.output.title).toBe('Allowed: CHG-0042 (level 1)');
      expect(existsSync(mark)).toBe(false);
    } finally {
      await gh.close();
    }
  });
});

describe('the JSON contract between the Action and the ledger commands of the real CLI', () => {
  it('reads verify, monitor and report on a repository that has not adopted a ledger yet', async () => {
    const r = makePrRepo();
    const gate = cliGatePort({ cliPath: cli });
    const now = new Date(NOW);
    // No ledger: every resource in state/ differs from the (empty) replay, one finding per resource.
    const v = await gate.verify({ repoDir: r.work, now, history: true });
    expect(v).toMatchObject({ ok: false, ledgerSize: 0 });
    expect(v.annotations).toHaveLength(18);
    expect(v.annotations[0]).toMatchObject({
      path: 'state/parade-schedule/eu-central-1.yaml',
      line: 4,
      level: 'failure',
    });
    expect(v.annotations[0]?.message).toMatch(/^drift: parade-schedule\/eu-central-1-r01 differs/);
    const m = await gate.monitor({ repoDir: r.work, now });
    expect(m.ok).toBe(false);
    expect(m.alerts.map((a) => a.rule)).toEqual(['state-drift', 'silence']);
    expect(m.alerts[1]).toMatchObject({
      fingerprint: expect.stringMatching(/^silence:[0-9a-f]{16}$/) as string,
      severity: 'high',
      owner: 'operator',
      responseTime: '30m',
      body: 'The ledger shows no activity at all.',
    });
    expect(m.alerts[1]?.playbook?.length).toBeGreaterThan(0);
    const outDir = join(r.root, 'report');
    const rep = await gate.report({ repoDir: r.work, now, outDir });
    expect(rep).toMatchObject({ path: outDir, index: `${outDir}/index.html`, entries: 0 });
  });
});
