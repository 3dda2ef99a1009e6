import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GithubModel } from '../fixtures/github/model.js';
import { pullRequestPayload, pushPayload } from '../fixtures/github/payloads.js';
import { startFakeGithub, type FakeGithub } from '../fixtures/github/server.js';
import { runAction, type ActionRun } from './action-run.js';
import { GovernedRepo } from './governed.js';
import { baseEnv, Clock, gitAt, json, removeTempDirs, runCli, tempDir } from './harness.js';
import { makeIdentities, type Identities } from './identities.js';

// The committed Action bundle (dist/index.js, running dist/cli.js beside it) on a real governed repository
// whose pull request carries an OpenPGP-signed manifest (openpgp.js key from keygen, --key) and an OpenPGP
// approval made through the real gpg with an RSA 3072 key. Only the GitHub API is a stand-in: the loopback
// server of test/fixtures/github, its responses checked against @octokit/openapi.

let ids: Identities;
let repo: GovernedRepo;
let origin: string;
let work: string;
/** feature before alice's approval (head1) and after it (head2); main before and after the merge. */
const sha: { head1: string; head2: string; before: string; after: string } = {
  head1: '',
  head2: '',
  before: '',
  after: '',
};

const git = (dir: string, ...args: string[]) => gitAt(dir, repo.env, repo.clock.iso(20), args);

async function withGithub<T>(model: GithubModel, fn: (gh: FakeGithub) => Promise<T>): Promise<T> {
  const gh = await startFakeGithub(model.routes());
  try {
    return await fn(gh);
  } finally {
    await gh.close();
  }
}

function act(
  gh: FakeGithub,
  event: string,
  payload: unknown,
  minute: number,
  inputs = {},
): Promise<ActionRun> {
  return runAction({
    event,
    payload,
    workspace: work,
    apiUrl: gh.url,
    now: repo.clock.iso(minute),
    env: repo.env,
    inputs,
  });
}

beforeAll(() => {
  ids = makeIdentities(baseEnv(tempDir('home')));
  repo = GovernedRepo.create(ids, new Clock());
  sha.before = repo.base;
  repo.branch('feature', 10);
  repo.setSpec('park-ticketing', 'us-east-1', 'us-east-1-gate-01', 'capacity', 600);
  const m = repo.manifest({
    id: 'CHG-0042',
    title: 'Raise gate capacity',
    proposer: 'ops-agent',
    level: 1,
    minute: 10,
  });
  repo.cli(['sign', m, '--key', repo.opsKey], 10);
  sha.head1 = repo.commit(['state', 'changes'], 'CHG-0042: raise gate capacity', 10);
  repo.cli(['approve', 'CHG-0042', '--base', 'main', '--gpg', ids.gpg.rsa3072.fpr, '--role', 'operator'], 11);
  sha.head2 = repo.commit(['changes'], 'CHG-0042: approval by alice', 11);
  const root = tempDir('remote');
  origin = join(root, 'origin.git');
  work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', origin);
  repo.git(['remote', 'add', 'origin', origin], 12);
  repo.git(['push', '-q', 'origin', 'main', 'feature'], 12);
  git(root, 'clone', '-q', origin, work);
  git(work, 'checkout', '-q', sha.head2);
}, 120_000);

afterAll(() => {
  ids?.close();
  removeTempDirs();
});

describe('dist/index.js on pull_request, with OpenPGP signatures', () => {
  it('concludes success when the approval alice made through gpg counts', async () => {
    const model = new GithubModel();
    await withGithub(model, async (gh) => {
      const run = await act(
        gh,
        'pull_request',
        pullRequestPayload('synchronize', { number: 7, base: sha.before, head: sha.head2 }),
        15,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(gh.calls('checks/create')[0]?.body).toMatchObject({ name: 'gatehouse', head_sha: sha.head2 });
      const checkRun = model.checkRuns[0];
      expect(checkRun?.conclusion).toBe('success');
      expect(checkRun?.output.title).toBe('Allowed: CHG-0042 (level 1)');
      expect(checkRun?.output.summary).toContain('approved by alice (operator)');
      expect(checkRun?.output.summary).toContain('via signed');
      expect(checkRun?.output.summary).toContain('manifest signed by ops-agent (openpgp/');
      expect(run.outputs.decision).toBe('allowed');
      expect(run.summary).toContain('Allowed');
      // The token is masked first and never printed.
      expect(run.stdout.startsWith('::add-mask::ghs_test-token-do-not-log')).toBe(true);
      expect(run.stdout.split('\n').slice(1).join('\n')).not.toContain('ghs_test-token-do-not-log');
      expect(gh.schemaErrors).toEqual([]);
      expect(gh.unrouted).toEqual([]);
    });
  });

  it('concludes failure with a file:line annotation when the PR head has no approval', async () => {
    git(work, 'checkout', '-q', sha.head1);
    const model = new GithubModel();
    try {
      await withGithub(model, async (gh) => {
        const run = await act(
          gh,
          'pull_request',
          pullRequestPayload('opened', { number: 7, base: sha.before, head: sha.head1 }),
          15,
        );
        expect(run.code).toBe(1);
        const checkRun = model.checkRuns[0];
        expect(checkRun?.conclusion).toBe('failure');
        expect(checkRun?.output.title).toBe('Denied: CHG-0042 (level 1) — quorum/approval pending');
        expect(checkRun?.annotations).toContainEqual(
          expect.objectContaining({
            path: 'policies/quorum.yaml',
            start_line: 3,
            title: 'gatehouse: quorum/approval',
            message: expect.stringContaining('To pass: needs 1 more signed or GitHub approval'),
          }),
        );
        expect(run.outputs.decision).toBe('denied');
        expect(gh.schemaErrors).toEqual([]);
      });
    } finally {
      git(work, 'checkout', '-q', sha.head2);
    }
  });
});

describe('dist/index.js on push to main: record', () => {
  it('records the merged change with the OpenPGP approval, pushes the ledger, and it verifies', async () => {
    repo.git(['checkout', '-q', 'main'], 20);
    repo.git(['merge', '-q', '--no-ff', 'feature', '-m', 'Merge pull request #7 from feature'], 20);
    sha.after = repo.git(['rev-parse', 'HEAD'], 20);
    repo.git(['push', '-q', 'origin', 'main'], 20);
    git(work, 'fetch', '-q', 'origin');
    git(work, 'checkout', '-q', '-B', 'main', 'origin/main');
    const model = new GithubModel();
    model.commitPulls.set(sha.after, [7]);
    const key = readFileSync(repo.checkpointKey, 'utf8').trim();
    await withGithub(model, async (gh) => {
      const run = await act(gh, 'push', pushPayload({ before: sha.before, after: sha.after }), 21, {
        'checkpoint-key': key,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.outputs.decision).toBe('recorded');
      expect(run.outputs['ledger-size']).toBe('2');
      expect(run.stdout.replace(`::add-mask::${key}`, '')).not.toContain(key);
      expect(gh.schemaErrors).toEqual([]);
    });
    const tip = git(origin, 'rev-parse', 'refs/heads/main');
    expect(git(origin, 'rev-parse', `${tip}^`)).toBe(sha.after);
    const lines = git(origin, 'show', `${tip}:ledger/events/000000000000.jsonl`)
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; body: { approvals?: Record<string, unknown>[] } });
    expect(lines.map((l) => l.type)).toEqual(['genesis', 'change.applied']);
    expect(lines[1]?.body.approvals).toEqual([
      expect.objectContaining({ actor: 'alice', source: 'signed', fingerprint: ids.gpg.rsa3072.fpr }),
    ]);
    git(work, 'fetch', '-q', 'origin');
    git(work, 'checkout', '-q', '-B', 'main', 'origin/main');
    const verify = runCli(['verify', '--history', '--json', '--repo', work, '--now', repo.clock.iso(22)], {
      cwd: work,
      env: repo.env,
    });
    expect(json(verify, 'verify')).toMatchObject({ ok: true, entries: 2 });
  });
});
