/**
 * The Action's `monitor` in process (src/action/monitor-in-process.ts): it starts no child process of the CLI
 * and gives the outcome `gatehouse monitor --json` gives through test/support/cli-gate-port.ts for the same inputs
 * (alerts, notes, recorded entries), and with `record` writes the same ledger bytes (each run on its own clone
 * of the same repository).
 */
import type * as childProcess from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { inProcessGate } from '../../src/action/app-gate.js';
import { cliGatePort } from '../support/cli-gate-port.js';
import { inProcessMonitor } from '../../src/action/monitor-in-process.js';
import type { MonitorRequest } from '../../src/action/ports.js';
import { inProcessRecord } from '../../src/action/record-in-process.js';
import { GatehouseError } from '../../src/core/errors.js';
import { buildAction } from '../fixtures/github/build.js';
import { git, GITHUB, makeMergedRepo, NOW, REVIEWED_AT, STATE_FILE } from '../fixtures/github/repo.js';
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
beforeAll(async () => {
  ({ cli } = await buildAction());
});

/** Every file under `dir` but .git, by path relative to it, with its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name === '.git') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A merged repository whose ledger the Action recorded (genesis and the change, with a checkpoint), committed
 * on main, and two clones of it: one for the CLI, one for the in-process run. */
async function recordedClones(): Promise<{ cliDir: string; appDir: string; checkpointKey: string }> {
  const r = makeMergedRepo();
  const { change, digest } = await inProcessGate().digest({ repoDir: r.work, base: r.before, head: r.after });
  const approval = {
    ...{ source: 'github' as const, change, digest, actor: 'alice', decision: 'approve' as const },
    ...{ ts: REVIEWED_AT, reviewId: 101, login: GITHUB.alice.login, commit: r.head2 },
  };
  const rec = await inProcessRecord({
    ...{ repoDir: r.work, base: r.before, head: r.after, now: new Date(NOW), mergeCommit: r.after, pr: 7 },
    ...{ githubApprovals: [approval], checkpointKey: r.checkpointKey },
  });
  expect(rec).toMatchObject({ ledgerSize: 2, appended: 2 });
  git(r.work, 'add', '-A');
  git(r.work, 'commit', '-q', '-m', 'gatehouse: record');
  const cliDir = join(r.root, 'clone-cli');
  const appDir = join(r.root, 'clone-app');
  git(r.root, 'clone', '-q', r.work, cliDir);
  git(r.root, 'clone', '-q', r.work, appDir);
  return { cliDir, appDir, checkpointKey: r.checkpointKey };
}

/** Both clones changed the same way. */
function edit(dirs: string[], file: string, from: string, to: string): void {
  for (const d of dirs) {
    const text = readFileSync(join(d, file), 'utf8');
    expect(text).toContain(from);
    writeFileSync(join(d, file), text.replace(from, to));
  }
}

/** The same request through the CLI (on `cliDir`) and in process (on `appDir`), in-process starting no node. */
async function both(cliDir: string, appDir: string, req: Omit<MonitorRequest, 'repoDir'>) {
  started.length = 0;
  const inProcess = await inProcessMonitor({ ...req, repoDir: appDir });
  expect(nodeStarts()).toEqual([]);
  const viaCli = await cliGatePort({ cliPath: cli }).monitor({ ...req, repoDir: cliDir });
  expect(nodeStarts().length).toBeGreaterThan(0);
  expect(inProcess).toEqual(viaCli);
  expect(tree(appDir)).toEqual(tree(cliDir));
  return inProcess;
}

describe("the Action's monitor in process", () => {
  it('gives the CLI outcome with and without alerts, and records the same alert entries and checkpoint', async () => {
    const { cliDir, appDir, checkpointKey } = await recordedClones();
    const quiet = await both(cliDir, appDir, { now: new Date('2026-01-18T16:00:00Z') });
    expect(quiet).toEqual({ ok: true, alerts: [], markdown: '' });

    // state/ edited outside the gate: drift fires.
    edit([cliDir, appDir], STATE_FILE, 'capacity: 700', 'capacity: 750');
    const drift = await both(cliDir, appDir, { now: new Date('2026-01-18T16:00:00Z') });
    expect(drift.ok).toBe(false);
    expect(drift.alerts.map((a) => a.rule)).toEqual(['state-drift']);
    expect(drift.alerts[0]).toMatchObject({
      fingerprint: expect.stringMatching(/^state-drift:[0-9a-f]{16}$/) as string,
      severity: 'high',
      owner: 'operator',
      responseTime: '30m',
    });
    expect(drift.recorded).toBeUndefined();

    // record: alert.raised appended, the checkpoint signed with the request's key; the same bytes as the CLI.
    const before = readFileSync(join(appDir, 'ledger/checkpoint'), 'utf8');
    const raised = await both(cliDir, appDir, {
      now: new Date('2026-01-18T16:01:00Z'),
      record: { checkpointKey },
    });
    expect(raised.recorded).toEqual([{ seq: 2, type: 'alert.raised' }]);
    expect(readFileSync(join(appDir, 'ledger/checkpoint'), 'utf8')).not.toBe(before);

    // Repaired: alert.resolved appended, no key so no new checkpoint.
    edit([cliDir, appDir], STATE_FILE, 'capacity: 750', 'capacity: 700');
    const signed = readFileSync(join(appDir, 'ledger/checkpoint'), 'utf8');
    const resolved = await both(cliDir, appDir, { now: new Date('2026-01-18T16:02:00Z'), record: {} });
    expect(resolved).toMatchObject({ ok: true, alerts: [], recorded: [{ seq: 3, type: 'alert.resolved' }] });
    expect(readFileSync(join(appDir, 'ledger/checkpoint'), 'utf8')).toBe(signed);

    // Recording again appends nothing.
    const again = await both(cliDir, appDir, { now: new Date('2026-01-18T16:03:00Z'), record: {} });
    expect(again).toEqual({ ok: true, alerts: [], markdown: '', recorded: [] });
  });

  it('renders the notes as the Markdown the CLI notes give (outside git, a malformed incident record)', async () => {
    const { cliDir, appDir } = await recordedClones();
    for (const d of [cliDir, appDir]) {
      rmSync(join(d, '.git'), { recursive: true, force: true });
      mkdirSync(join(d, 'incidents'), { recursive: true });
      writeFileSync(join(d, 'incidents', 'INC-0001.md'), '---\nid: [\n---\n');
    }
    const out = await both(cliDir, appDir, { now: new Date('2026-01-18T16:00:00Z') });
    expect(out.markdown).toContain('- not a git repository: unrecorded merges not checked');
    // Markdown-escaped, one item per note: the YAML error's `]` is escaped.
    expect(out.markdown.split('\n')[1]).toMatch(/^- incidents\/INC-0001\.md:2: YAML syntax error: .*\\\]$/);
    expect(out.markdown.split('\n').every((l) => l.startsWith('- '))).toBe(true);
  });

  it('turns bad input into a bad-input GatehouseError worded as gatehouse monitor words it, writing nothing', async () => {
    const { cliDir, appDir } = await recordedClones();
    const cases: Omit<MonitorRequest, 'repoDir'>[] = [
      { now: new Date('2026-01-18T16:00:00Z'), record: { checkpointKey: 'not a key' } },
      // DESIGN §4: ledger time never goes back.
      { now: new Date('2026-01-18T14:00:00Z'), record: {} },
    ];
    const said = [
      /GATEHOUSE_CHECKPOINT_KEY: not a checkpoint signer key/,
      /ledger\/events\/000000000000\.jsonl:2: /,
    ];
    for (const [i, req] of cases.entries()) {
      const before = tree(appDir);
      started.length = 0;
      const err = await inProcessMonitor({ ...req, repoDir: appDir }).catch((e: unknown) => e);
      expect(nodeStarts()).toEqual([]);
      const cliErr = await cliGatePort({ cliPath: cli })
        .monitor({ ...req, repoDir: cliDir })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GatehouseError);
      expect(cliErr).toBeInstanceOf(GatehouseError);
      expect((err as GatehouseError).code).toBe('bad-input');
      expect((cliErr as GatehouseError).code).toBe('bad-input');
      expect((err as GatehouseError).message).toBe((cliErr as GatehouseError).message);
      expect((err as GatehouseError).message).toMatch(/^gatehouse monitor: /);
      expect((err as GatehouseError).message).not.toContain('not a key');
      expect((err as GatehouseError).message).toMatch(said[i]!);
      expect(tree(appDir)).toEqual(before);
    }
  });
});
