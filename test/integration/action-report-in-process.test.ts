/**
 * The Action's `report` in process (src/action/report-in-process.ts): it starts no child process of the CLI and
 * gives what `gatehouse report --json` gives the Action through test/support/cli-gate-port.ts (the real bundled CLI) on
 * the same repository: the same outcome, the same report bytes, and the same errors for bad input.
 */
import type * as childProcess from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cliGatePort } from '../support/cli-gate-port.js';
import { inProcessReport } from '../../src/action/report-in-process.js';
import { GatehouseError } from '../../src/core/errors.js';
import { writeParkRepo } from '../browser/park-ledger.js';
import { buildAction } from '../fixtures/github/build.js';
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

const NOW = new Date('2026-01-20T00:00:00Z');
const SEGMENT = 'ledger/events/000000000000.jsonl';

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

/** The CLI's report, then the in-process one into the same folder (it replaces the earlier report). */
async function both(repoDir: string, outDir: string) {
  started.length = 0;
  const viaCli = await cliGatePort({ cliPath: cli }).report({ repoDir, now: NOW, outDir });
  expect(nodeStarts().length).toBeGreaterThan(0); // the spy sees the CLI's process
  const cliFiles = tree(outDir);
  started.length = 0;
  const inProcess = await inProcessReport({ repoDir, now: NOW, outDir });
  expect(nodeStarts()).toEqual([]);
  return { viaCli, inProcess, cliFiles, files: tree(outDir) };
}

function parkRepo(): { root: string; repo: string } {
  const root = mkdtempSync(join(tmpdir(), 'gh-report-inproc-'));
  const repo = join(root, 'repo');
  writeParkRepo(repo);
  return { root, repo };
}

describe('report in process', () => {
  it('gives the CLI outcome and writes the same report bytes, starting no node process', async () => {
    const { root, repo } = parkRepo();
    const outDir = join(root, 'site');
    const r = await both(repo, outDir);
    expect(r.inProcess).toEqual(r.viaCli);
    expect(r.inProcess).toEqual({ path: outDir, index: `${outDir}/index.html`, chainOk: true, entries: 16 });
    expect(Object.keys(r.files).length).toBeGreaterThan(5);
    expect(r.files).toEqual(r.cliFiles);
  });

  it('reports a broken chain as the CLI does (chainOk false, the report still written)', async () => {
    const { root, repo } = parkRepo();
    const lines = readFileSync(join(repo, SEGMENT), 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"seq":3', '"seq":3,"x":1');
    writeFileSync(join(repo, SEGMENT), lines.join('\n'));
    const outDir = join(root, 'site');
    const r = await both(repo, outDir);
    expect(r.inProcess).toEqual(r.viaCli);
    expect(r.inProcess.chainOk).toBe(false);
    expect(r.files).toEqual(r.cliFiles);
  });

  it('throws the bad-input error the CLI run gives, and writes nothing', async () => {
    const { root, repo } = parkRepo();
    const lines = readFileSync(join(repo, SEGMENT), 'utf8').split('\n');
    lines[1] = '{not json';
    writeFileSync(join(repo, SEGMENT), lines.join('\n'));
    const outDir = join(root, 'site');
    const errorOf = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    started.length = 0;
    const viaCli = await errorOf(cliGatePort({ cliPath: cli }).report({ repoDir: repo, now: NOW, outDir }));
    const inProcess = await errorOf(inProcessReport({ repoDir: repo, now: NOW, outDir }));
    expect(viaCli).toBeInstanceOf(GatehouseError);
    expect(inProcess).toBeInstanceOf(GatehouseError);
    expect((inProcess as GatehouseError).code).toBe('bad-input');
    expect((inProcess as GatehouseError).message).toBe((viaCli as GatehouseError).message);
    expect((inProcess as GatehouseError).message).toMatch(/000000000000\.jsonl:2/);
    expect(existsSync(outDir)).toBe(false);
    expect(readdirSync(root)).toEqual(['repo']);
  });
});
