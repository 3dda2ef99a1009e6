/**
 * The Action's `record` in process (src/action/record-in-process.ts, wired in src/action/env-ports.ts): it starts
 * no child process of the CLI and writes the same ledger bytes as `gatehouse record` does for the same inputs
 * (the CLI run through test/support/cli-gate-port.ts, on a second clone of the same repository).
 */
import type * as childProcess from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { inProcessGate } from '../../src/action/app-gate.js';
import { cliGatePort } from '../support/cli-gate-port.js';
import { inProcessRecord } from '../../src/action/record-in-process.js';
import { GatehouseError } from '../../src/core/errors.js';
import { buildAction } from '../fixtures/github/build.js';
import { GithubModel } from '../fixtures/github/model.js';
import { pushPayload } from '../fixtures/github/payloads.js';
import { git, GITHUB, makeMergedRepo, NOW, REVIEWED_AT, type MergedRepo } from '../fixtures/github/repo.js';
import { runAction } from '../fixtures/github/run-action.js';
import { startFakeGithub } from '../fixtures/github/server.js';
import { nodeStartsIn, type Started } from '../support/child-process-spy.js';

// Every process this file's code starts, by command and arguments (git may be spawned; never node).
const started = vi.hoisted(() => [] as Started[]);
vi.mock('node:child_process', async (importOriginal) =>
  (await import('../support/child-process-spy.js')).spiedChildProcess(
    await importOriginal<typeof childProcess>(),
    started,
  ),
);
const nodeStarts = (): Started[] => nodeStartsIn(started);

let cli: string;
let index: string;
beforeAll(async () => {
  ({ cli, index } = await buildAction());
});

/** Every file under `dir`, by path relative to it, with its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A second checkout of the merged main, for the CLI run. */
function secondClone(r: MergedRepo): string {
  const dir = join(r.root, 'work-cli');
  git(r.root, 'clone', '-q', r.origin, dir);
  return dir;
}

async function requestFor(r: MergedRepo, repoDir: string, approved: boolean) {
  const { change, digest } = await inProcessGate().digest({ repoDir, base: r.before, head: r.after });
  const approval = {
    source: 'github' as const,
    change,
    digest,
    actor: 'alice',
    decision: 'approve' as const,
    ts: REVIEWED_AT,
    reviewId: 101,
    login: GITHUB.alice.login,
    commit: r.head2,
  };
  return {
    repoDir,
    base: r.before,
    head: r.after,
    now: new Date(NOW),
    mergeCommit: r.after,
    pr: 7,
    githubApprovals: approved ? [approval] : [],
    checkpointKey: r.checkpointKey,
  };
}

describe("the Action's record in process", () => {
  it('appends genesis and change.applied with a signed checkpoint, starting no node process, byte for byte as the CLI', async () => {
    const r = makeMergedRepo();
    const cliDir = secondClone(r);
    started.length = 0;
    const inProcess = await inProcessRecord(await requestFor(r, r.work, true));
    expect(nodeStarts()).toEqual([]);
    expect(inProcess).toMatchObject({ ledgerSize: 2, appended: 2 });
    expect(inProcess.refused).toBeUndefined();
    expect(inProcess.markdown).toContain('Appended: `0 genesis`, `1 change.applied`.');
    expect(inProcess.markdown).toContain('Checkpoint `ledger/checkpoint` signed at size 2.');

    const viaCli = await cliGatePort({ cliPath: cli }).record(await requestFor(r, cliDir, true));
    expect(nodeStarts().length).toBeGreaterThan(0);
    expect(inProcess).toEqual(viaCli);
    const ledger = tree(join(r.work, 'ledger'));
    expect(Object.keys(ledger)).toContain('events/000000000000.jsonl');
    expect(Object.keys(ledger)).toContain('checkpoint');
    expect(ledger).toEqual(tree(join(cliDir, 'ledger')));

    // Recording again appends nothing, as the CLI's second run does.
    const again = await inProcessRecord(await requestFor(r, r.work, true));
    expect(again).toMatchObject({ ledgerSize: 2, appended: 0, ledgerHead: inProcess.ledgerHead });
    expect(tree(join(r.work, 'ledger'))).toEqual(ledger);
  });

  it('refuses a merged change the gate denies, writing nothing, as the CLI does', async () => {
    const r = makeMergedRepo();
    const cliDir = secondClone(r);
    started.length = 0;
    const refused = await inProcessRecord(await requestFor(r, r.work, false));
    expect(nodeStarts()).toEqual([]);
    expect(refused).toMatchObject({ refused: true, appended: 0, ledgerSize: 0 });
    expect(git(r.work, 'status', '--porcelain')).toBe('');
    const viaCli = await cliGatePort({ cliPath: cli }).record(await requestFor(r, cliDir, false));
    expect(refused).toEqual(viaCli);
  });

  it('turns a malformed checkpoint key into bad input worded as gatehouse record words it, writing nothing', async () => {
    const r = makeMergedRepo();
    const req = { ...(await requestFor(r, r.work, true)), checkpointKey: 'not a key' };
    const err = await inProcessRecord(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).code).toBe('bad-input');
    expect((err as GatehouseError).message).toMatch(/^gatehouse record: .*GATEHOUSE_CHECKPOINT_KEY/s);
    expect(git(r.work, 'status', '--porcelain')).toBe('');
  });
});

describe('the bundled Action on push to the default branch', () => {
  it('records and pushes with no CLI beside it: GATEHOUSE_CLI names a program that would leave a mark and fail', async () => {
    const r = makeMergedRepo();
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-no-cli-'));
    const mark = join(dir, 'cli-was-started');
    const fake = join(dir, 'cli.js');
    writeFileSync(fake, `require('node:fs').writeFileSync(${JSON.stringify(mark)}, 'x'); process.exit(3);\n`);
    const model = new GithubModel();
    model.commitPulls.set(r.after, [7]);
    model.reviews.set(7, [
      { id: 101, login: GITHUB.alice.login, userId: GITHUB.alice.id, state: 'APPROVED', commit: r.head2 },
    ]);
    const gh = await startFakeGithub(model.routes());
    try {
      const run = await runAction({
        index,
        event: 'push',
        payload: pushPayload({ before: r.before, after: r.after }),
        workspace: r.work,
        apiUrl: gh.url,
        env: { GATEHOUSE_CLI: fake },
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.outputs.decision).toBe('recorded');
      expect(run.outputs['ledger-size']).toBe('2');
      expect(existsSync(mark)).toBe(false);
    } finally {
      await gh.close();
    }
  });
});
