import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliGatePort } from '../../src/action/cli-gate.js';
import { gitCli } from '../../src/action/git-cli.js';
import { GatehouseError } from '../../src/core/errors.js';
import { buildAction } from '../fixtures/github/build.js';
import { commit, git, GITHUB, makePrRepo, NOW, REVIEWED_AT } from '../fixtures/github/repo.js';

// The Action's gate port against the real bundled CLI (src/cli.ts).
let cli: string;
beforeAll(async () => {
  ({ cli } = await buildAction());
});

describe('the CLI-backed gate port with the real gatehouse CLI', () => {
  it('turns "no change manifest" from gatehouse digest (exit 2) into a bad-input error with the message', async () => {
    const r = makePrRepo();
    git(r.work, 'checkout', '-q', r.base);
    const plain = commit(r.work, { 'docs/readme.md': 'no governed change\n' }, 'docs only');
    const gate = cliGatePort({ cliPath: cli, git: gitCli() });
    const err = await gate.digest({ repoDir: r.work, base: r.base, head: plain }).catch((e: unknown) => e);
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
    const gate = cliGatePort({ cliPath: cli, git: gitCli() });
    const ids = await gate.githubIdentities({ repoDir: r.work, base: r.base });
    expect(ids).toEqual([
      { actor: 'alice', ...GITHUB.alice },
      { actor: 'bob', ...GITHUB.bob },
    ]);
  });
});

describe('the JSON contract between the Action and the real commands', () => {
  it('reads check: the digest, the verdict and the GitHub approval the gate counted, with its review id', async () => {
    const r = makePrRepo();
    const gate = cliGatePort({ cliPath: cli, git: gitCli() });
    const { change, digest } = await gate.digest({ repoDir: r.work, base: r.base, head: r.head2 });
    expect(change).toBe('CHG-0042');
    const now = new Date(NOW);
    const approval = {
      source: 'github' as const,
      change,
      digest,
      actor: 'alice',
      decision: 'approve' as const,
      ts: REVIEWED_AT,
      reviewId: 4242,
      login: GITHUB.alice.login,
      commit: r.head2,
    };
    const denied = await gate.check({
      repoDir: r.work,
      base: r.base,
      head: r.head2,
      now,
      githubApprovals: [],
    });
    expect(denied).toMatchObject({ allowed: false, conclusion: 'failure', digest, change, counted: [] });
    const allowed = await gate.check({
      repoDir: r.work,
      base: r.base,
      head: r.head2,
      now,
      githubApprovals: [approval],
    });
    expect(allowed).toMatchObject({
      allowed: true,
      conclusion: 'success',
      title: 'Allowed: CHG-0042 (level 1)',
    });
    expect(allowed.counted).toEqual([
      { actor: 'alice', source: 'github', reviewId: 4242, ts: REVIEWED_AT, rules: ['approval'] },
    ]);
  });

  it('reads verify, monitor and report on a repository that has not adopted a ledger yet', async () => {
    const r = makePrRepo();
    const gate = cliGatePort({ cliPath: cli, git: gitCli() });
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
