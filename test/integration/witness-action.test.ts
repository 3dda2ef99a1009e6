/**
 * The Action's witness step after `record` (src/action/witness.ts), with real git (a bare origin and a clone, the
 * Action's own git port) and loopback tlog-witness servers: cosignatures are pushed as a second commit, a witness
 * that cannot be reached is an alert, and the record commit is never lost.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitCli } from '../../src/action/git-cli.js';
import type { ActionPorts } from '../../src/action/ports.js';
import { witnessAfterRecord } from '../../src/action/witness.js';
import { startWitness, type LoopbackWitness } from '../fixtures/witness/loopback-witness.js';
import { ORIGIN } from '../unit/ledger/helpers.js';
import { ledgerRepo, runCli, type LedgerRepo } from './ledger-helpers.js';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'ci',
  GIT_AUTHOR_EMAIL: 'ci@example.org',
  GIT_COMMITTER_NAME: 'ci',
  GIT_COMMITTER_EMAIL: 'ci@example.org',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

let repo: LedgerRepo;
let origin: string;
let witnesses: LoopbackWitness[];
const warnings: string[] = [];
const ports = {
  git: gitCli(),
  log: {
    info: () => {},
    warning: (m: string) => warnings.push(m),
    error: () => {},
    annotate: () => {},
    setSecret: () => {},
  },
} as unknown as ActionPorts;

function commitAll(message: string): string {
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '-m', message);
  return git(repo.dir, 'rev-parse', 'HEAD');
}

function policy(ws: LoopbackWitness[], quorum: number): string {
  return [
    'witnesses:',
    ...ws.flatMap((w) => [`  - name: ${w.name}`, `    key: ${w.verifierKey}`, `    url: ${w.url}`]),
    `quorum: ${quorum}`,
    '',
  ].join('\n');
}

beforeEach(async () => {
  warnings.length = 0;
  repo = await ledgerRepo(4);
  witnesses = await Promise.all(
    ['w1', 'w2'].map((n, i) =>
      startWitness({ name: `${n}.example/witness`, logs: { [ORIGIN]: repo.verifierKey }, hang: i === 1 }),
    ),
  );
  origin = mkdtempSync(join(tmpdir(), 'gh-witness-origin-'));
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  git(repo.dir, 'init', '-q', '-b', 'main');
  git(repo.dir, 'remote', 'add', 'origin', origin);
});
afterEach(async () => {
  await Promise.all(witnesses.map((w) => w.close()));
  repo.cleanup();
  rmSync(origin, { recursive: true, force: true });
});

describe('the Action witness step after record', () => {
  it('pushes the cosignatures it got as a second commit and raises an alert for the witness it could not reach', async () => {
    writeFileSync(join(repo.dir, 'policies/witnesses.yaml'), policy(witnesses, 2));
    const recorded = commitAll('gatehouse: record');
    git(repo.dir, 'push', '-q', 'origin', 'main');
    const notes = await witnessAfterRecord(ports, {
      dir: repo.dir,
      branch: 'main',
      ledgerDir: 'ledger',
      attempts: 2,
      timeoutMs: 300,
    });
    expect(notes).toEqual([
      expect.stringMatching(
        /^Witness alert: w2\.example\/witness did not cosign ledger\/checkpoint \(unreachable\): could not reach .*no answer within 300 ms$/,
      ),
      expect.stringMatching(
        /^Witness alert: ledger\/checkpoint \(size \d+\) has 1 of the 2 cosignatures policies\/witnesses\.yaml requires \(w1\.example\/witness\)/,
      ),
    ]);
    expect(warnings).toHaveLength(2);
    const tip = git(origin, 'rev-parse', 'main');
    expect(git(origin, 'rev-parse', `${tip}^`)).toBe(recorded); // the record commit stays, the cosignatures follow it
    expect(git(origin, 'log', '-1', '--format=%s', tip)).toMatch(
      /^gatehouse: witness cosignatures on the checkpoint at size \d+$/,
    );
    expect(git(origin, 'show', `${tip}:ledger/checkpoint`)).toContain('— w1.example/witness ');
    // Adding signature lines to the checkpoints is no rewrite: the git history proof of verify passes (quorum
    // aside: 1 of 2), and the one witness counted is listed.
    const v = await runCli(['verify', '--history', '--json', '--repo', repo.dir]);
    const j = JSON.parse(v.stdout) as { findings: { check: string }[]; history: { ok: boolean } };
    expect(j.history.ok).toBe(true);
    expect(j.findings.map((f) => f.check)).toEqual(['witness']);
  });

  it('with no witness reachable, alerts and leaves the pushed record commit as it is', async () => {
    await witnesses[0]!.close();
    writeFileSync(join(repo.dir, 'policies/witnesses.yaml'), policy(witnesses, 1));
    const recorded = commitAll('gatehouse: record');
    git(repo.dir, 'push', '-q', 'origin', 'main');
    const before = readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8');
    const notes = await witnessAfterRecord(ports, {
      dir: repo.dir,
      branch: 'main',
      ledgerDir: 'ledger',
      attempts: 2,
      timeoutMs: 300,
    });
    expect(notes.filter((n) => n.startsWith('Witness alert: '))).toHaveLength(3);
    expect(git(origin, 'rev-parse', 'main')).toBe(recorded);
    expect(readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8')).toBe(before);
  });

  it('reads the policy from the pushed commit: an uncommitted witnesses.yaml does nothing', async () => {
    const recorded = commitAll('gatehouse: record');
    git(repo.dir, 'push', '-q', 'origin', 'main');
    writeFileSync(join(repo.dir, 'policies/witnesses.yaml'), policy(witnesses, 1));
    expect(
      await witnessAfterRecord(ports, { dir: repo.dir, branch: 'main', ledgerDir: 'ledger', attempts: 2 }),
    ).toEqual([]);
    expect(git(origin, 'rev-parse', 'main')).toBe(recorded);
    expect(witnesses[0]!.requests).toEqual([]);
  });

  it('turns a bad witness policy into an alert with file:line, not a failed run', async () => {
    writeFileSync(join(repo.dir, 'policies/witnesses.yaml'), 'witnesses: []\nquorum: 0\n');
    commitAll('gatehouse: record');
    const notes = await witnessAfterRecord(ports, {
      dir: repo.dir,
      branch: 'main',
      ledgerDir: 'ledger',
      attempts: 2,
    });
    expect(notes).toEqual([
      expect.stringMatching(
        /^Witness alert: could not collect cosignatures: policies\/witnesses\.yaml:1:\d+: \/witnesses/,
      ),
    ]);
  });
});
