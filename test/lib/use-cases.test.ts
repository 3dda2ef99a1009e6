/**
 * The use cases end to end through gatehouse/lib alone: a real git repository in a temp folder, initialised by
 * `init` over `repositoryPorts`, then read by ledgerLog, validateRepo, checkChange and verifyLedgerUseCase.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkChange,
  init,
  ledgerLog,
  repositoryPorts,
  validateRepo,
  verifyLedgerUseCase,
  type InitOutcome,
  type VerifyLedgerRequest,
} from 'gatehouse/lib';

const NOW = new Date('2026-01-01T00:00:00Z');
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Lib Test',
  GIT_AUTHOR_EMAIL: 'lib@example.test',
  GIT_COMMITTER_NAME: 'Lib Test',
  GIT_COMMITTER_EMAIL: 'lib@example.test',
};
const VERIFY: VerifyLedgerRequest = {
  history: false,
  noHistory: false,
  witnessedOnly: false,
  usage: 'verify',
};
const STATE = 'state/web/us-east-1.yaml';

describe('use cases through gatehouse/lib over a git repository on disk', () => {
  let dir: string;
  let outcome: InitOutcome;
  let initCommit: string;
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8' }).trim();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-lib-'));
    git('init', '-q', '-b', 'main');
    git('config', 'commit.gpgsign', 'false');
    outcome = await init(
      { dir, adopt: false, actorSpecs: [], cwd: dir, now: NOW },
      repositoryPorts(dir).init(),
    );
    git('add', '-A');
    git('commit', '-q', '-m', 'gatehouse init');
    initCommit = git('rev-parse', 'HEAD');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('init scaffolds the repository with a lone admin and a one-entry ledger', () => {
    expect(outcome).toMatchObject({ admin: 'admin', lone: true, founders: [] });
    expect(outcome.result.ledgerSize).toBe(1);
    expect(outcome.result.head).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(outcome.result.written).toEqual(
      expect.arrayContaining(['policies/actors.yaml', 'gatehouse.yaml']),
    );
    expect(git('ls-files')).toContain('ledger/events/000000000000.jsonl');
  });

  it('ledgerLog lists the genesis entry and the commit that added it', async () => {
    const log = await ledgerLog({}, repositoryPorts(dir).ledgerLog());
    expect(log).toEqual({
      rows: [
        {
          seq: 0,
          ts: '2026-01-01T00:00:00Z',
          type: 'genesis',
          actor: 'gatehouse',
          added_in: { commit: initCommit, subject: 'gatehouse init' },
        },
      ],
      total: 1,
      git: true,
    });
    expect((await ledgerLog({ type: 'change.applied' }, repositoryPorts(dir).ledgerLog())).rows).toEqual([]);
  });

  it('validateRepo finds no problem in the scaffold', async () => {
    const r = await validateRepo({}, repositoryPorts(dir).validateRepo());
    expect(r.problems).toEqual([]);
    expect(r.files).toEqual(
      expect.arrayContaining(['gatehouse.yaml', 'policies/actors.yaml', 'ledger/checkpoint']),
    );
  });

  it('verifyLedgerUseCase verifies the fresh ledger, its git history included', async () => {
    const r = await verifyLedgerUseCase(VERIFY, repositoryPorts(dir).verifyLedger());
    expect(r.ok).toBe(true);
    expect(r.findings).toEqual([]);
    expect(r.report).toMatchObject({ ok: true, size: 1, head: outcome.result.head, drift: [] });
  });

  describe('on a branch adding a state file without a change manifest', () => {
    beforeAll(() => {
      git('checkout', '-q', '-b', 'add-web');
      mkdirSync(join(dir, 'state/web'), { recursive: true });
      writeFileSync(
        join(dir, STATE),
        'service: web\nregion: us-east-1\nresources:\n  - id: web-01\n    spec:\n      replicas: 2\n',
      );
      git('add', STATE);
      git('commit', '-q', '-m', 'add web');
    });

    it('checkChange denies it, the manifest check the one that fails', async () => {
      const r = await checkChange(
        { base: 'main', head: 'HEAD', now: NOW },
        repositoryPorts(dir).checkChange(),
      );
      expect(r.decision).toMatchObject({ allowed: false, status: 'fail' });
      expect(r.decision.root.reason).toBe('denied: this change (fail: manifest)');
      const failing = r.decision.root.children.filter((c) => c.status === 'fail');
      expect(failing.map((c) => c.id)).toEqual(['manifest']);
      expect(failing[0]!.reason).toContain(STATE);
      expect(failing[0]!.reason).toContain('carries no change manifest');
    });

    it('verifyLedgerUseCase reports the state the ledger never recorded as drift', async () => {
      const r = await verifyLedgerUseCase(VERIFY, repositoryPorts(dir).verifyLedger());
      expect(r.ok).toBe(false);
      expect(r.report.drift).toEqual(['web/web-01']);
      expect(r.findings).toEqual([expect.objectContaining({ check: 'drift', file: STATE, line: 4 })]);
      expect(r.findings[0]!.message).toContain('web/web-01');
    });
  });
});
