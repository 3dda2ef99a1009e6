/**
 * The Action's `verify` in process (src/action/verify-in-process.ts): it starts no child process of the CLI and
 * gives exactly the outcome `gatehouse verify --json` gives through test/support/cli-gate-port.ts, on a ledger that
 * verifies and on the same ledger tampered with, with and without the git history proof.
 */
import type * as childProcess from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { inProcessGate } from '../../src/action/app-gate.js';
import { cliGatePort } from '../support/cli-gate-port.js';
import { inProcessRecord } from '../../src/action/record-in-process.js';
import { inProcessVerify } from '../../src/action/verify-in-process.js';
import { GatehouseError } from '../../src/core/errors.js';
import { buildAction } from '../fixtures/github/build.js';
import {
  commit,
  git,
  GITHUB,
  makeMergedRepo,
  NOW,
  REVIEWED_AT,
  type MergedRepo,
} from '../fixtures/github/repo.js';
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

const SEGMENT = 'ledger/events/000000000000.jsonl';
let cli: string;
let r: MergedRepo;
const now = new Date(NOW);

/** The merged change recorded by the Action's record (genesis, change.applied, a checkpoint), committed. */
beforeAll(async () => {
  ({ cli } = await buildAction());
  r = makeMergedRepo();
  const { change, digest } = await inProcessGate().digest({ repoDir: r.work, base: r.before, head: r.after });
  const recorded = await inProcessRecord({
    repoDir: r.work,
    base: r.before,
    head: r.after,
    now,
    mergeCommit: r.after,
    pr: 7,
    githubApprovals: [
      {
        source: 'github',
        change,
        digest,
        actor: 'alice',
        decision: 'approve',
        ts: REVIEWED_AT,
        reviewId: 101,
        login: GITHUB.alice.login,
        commit: r.head2,
      },
    ],
    checkpointKey: r.checkpointKey,
  });
  if (recorded.appended !== 2) throw new Error(`record appended ${recorded.appended} entries, expected 2`);
  git(r.work, 'add', 'ledger');
  git(r.work, 'commit', '-q', '-m', 'ledger: record CHG-0042');
});

describe("the Action's verify in process", () => {
  it('verifies a good ledger as the CLI does, starting no node process', async () => {
    for (const history of [true, false]) {
      started.length = 0;
      const inProcess = await inProcessVerify({ repoDir: r.work, now, history });
      expect(nodeStarts()).toEqual([]);
      expect(inProcess).toMatchObject({ ok: true, annotations: [], ledgerSize: 2 });
      expect(inProcess.markdown).toBe('Chain, Merkle root, checkpoints and snapshots verify.');
      const viaCli = await cliGatePort({ cliPath: cli }).verify({ repoDir: r.work, now, history });
      expect(nodeStarts().length).toBeGreaterThan(0);
      expect(inProcess).toEqual(viaCli);
    }
  });

  it('reports a tampered ledger, committed over its history, finding for finding as the CLI does', async () => {
    const original = readFileSync(join(r.work, SEGMENT), 'utf8');
    try {
      const tampered = original.replace('"pr":7', '"pr":8');
      expect(tampered).not.toBe(original);
      const bad = commit(r.work, { [SEGMENT]: tampered }, 'ledger: edit an entry');
      for (const history of [true, false]) {
        started.length = 0;
        const inProcess = await inProcessVerify({ repoDir: r.work, now, history });
        expect(nodeStarts()).toEqual([]);
        expect(inProcess.ok).toBe(false);
        expect(inProcess.annotations.map((a) => a.message.split(':')[0])).toContain('checkpoint');
        const rewrote = inProcess.annotations.filter((a) => a.message.includes(`commit ${bad.slice(0, 12)}`));
        expect(rewrote.length > 0).toBe(history);
        expect(inProcess.markdown).toContain('- `ledger/checkpoint:1` checkpoint: root at size 2 is ');
        const viaCli = await cliGatePort({ cliPath: cli }).verify({ repoDir: r.work, now, history });
        expect(inProcess).toEqual(viaCli);
      }
    } finally {
      git(r.work, 'reset', '-q', '--hard', 'HEAD~1');
    }
  });

  it('turns bad input into a bad-input error worded as gatehouse verify words it', async () => {
    const key = join(r.work, 'policies/keys/checkpoint.pub');
    const text = readFileSync(key, 'utf8');
    try {
      writeFileSync(key, 'not a key\n');
      const err = await inProcessVerify({ repoDir: r.work, now, history: false }).catch((e: unknown) => e);
      const viaCli = await cliGatePort({ cliPath: cli })
        .verify({ repoDir: r.work, now, history: false })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GatehouseError);
      expect((err as GatehouseError).code).toBe('bad-input');
      expect((err as GatehouseError).message).toMatch(
        /^gatehouse verify: policies\/keys\/checkpoint\.pub:1: /,
      );
      expect((err as GatehouseError).message).toBe((viaCli as GatehouseError).message);
    } finally {
      writeFileSync(key, text);
    }
  });
});
