/**
 * The judge and its configuration are governed (DESIGN §2, §3): `gatehouse.yaml` is always governed and
 * judged under the base policy's policy-change rules, the ledger cannot be remapped away from its history,
 * paths named by a base rule need a manifest (the starter policy names `.github/workflows/**`), and case
 * variants of governed folders are denied. Real repositories, real SSH keys, the CLI in-process.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { closeRepos } from '../../src/git/repo.js';
import { QUORUM, governedRepos, node, withCapacity, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();

/** A PR that remaps `policies` to a folder it adds, holding a policy that lets anyone do anything. */
const TAKEOVER = {
  'gatehouse.yaml': 'paths:\n  policies: mine\n',
  'mine/quorum.yaml': 'rules: []\n',
};

async function approvePolicy(r: GovernedRepo, id: string): Promise<void> {
  // dave (security) and bob (charter): the base policy-change rule's roles_all.
  await r.approve(id, ['dave', 'bob']);
}

describe('gate: gatehouse.yaml is always governed', () => {
  it('denies a PR that only remaps policies in gatehouse.yaml, with no manifest', async () => {
    const r = repo();
    r.branch();
    r.commit('take over', TAKEOVER);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const m = node(doc.root, 'manifest');
    expect(m.status).toBe('fail');
    expect(m.reason).toContain('gatehouse.yaml');
    expect(m.fix).toContain('changes/<ID>/change.yaml');
  });

  it('denies a remap to a policy folder that does not load, naming what is missing', async () => {
    const r = repo();
    r.branch();
    r.commit('remap', {
      ...TAKEOVER,
      ...r.manifest({ id: 'POL-1', proposer: 'alice', level: 1, kind: 'policy' }),
    });
    await approvePolicy(r, 'POL-1');
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'quorum/policy-change').status).toBe('pass');
    const records = node(doc.root, 'records');
    expect(records.status).toBe('fail');
    expect(records.children.map((c) => c.source?.file)).toContain('mine/actors.yaml');
  });

  it("judges a gatehouse.yaml edit under the base policy's policy-change rule", async () => {
    const r = repo();
    r.branch();
    r.commit('resize segments', {
      'gatehouse.yaml': 'ledger:\n  segment_size: 50\n',
      ...r.manifest({ id: 'POL-1', proposer: 'alice', level: 1, kind: 'policy' }),
    });
    const waiting = await r.check();
    expect(waiting.code).toBe(1);
    // The base's rule for policies/** applies to gatehouse.yaml, and the base's files decide.
    expect(node(waiting.doc.root, 'quorum/policy-change').status).toBe('pending');
    expect(node(waiting.doc.root, 'policy').reason).toContain('gatehouse.yaml');
    expect(node(waiting.doc.root, 'policy').reason).toContain('policies/quorum.yaml');
    await approvePolicy(r, 'POL-1');
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(node(doc.root, 'quorum/policy-change').status).toBe('pass');
  });

  it('denies a gatehouse.yaml edit whose manifest is not kind: policy', async () => {
    const r = repo();
    r.branch();
    r.commit('remap', {
      'gatehouse.yaml': 'ledger:\n  segment_size: 50\n',
      ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 1, kind: 'change' }),
    });
    await approvePolicy(r, 'CHG-1');
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const p = node(doc.root, 'policy');
    expect(p.status).toBe('fail');
    expect(p.reason).toContain('kind: change');
    expect(p.fix).toContain('kind: policy');
  });

  it('denies a PR that remaps the ledger away from its history, even with the policy quorum', async () => {
    const r = repo();
    await r.appendLedger([
      {
        ts: '2026-01-18T13:00:00Z',
        type: 'genesis',
        actor: 'gatehouse',
        body: { state: { resources: {}, switches: {} } },
      },
    ]);
    r.branch();
    r.commit('move the ledger', {
      'gatehouse.yaml': 'paths:\n  ledger: audit\n',
      ...r.manifest({ id: 'POL-2', proposer: 'alice', level: 1, kind: 'policy' }),
    });
    await approvePolicy(r, 'POL-2');
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const moved = node(doc.root, 'policy/ledger');
    expect(moved.status).toBe('fail');
    expect(moved.reason).toContain('from ledger/ to audit/');
    expect(moved.source).toMatchObject({ file: 'gatehouse.yaml' });
  });

  it("computes ops with the base's layout, whatever the PR's gatehouse.yaml says", async () => {
    const r = repo();
    r.branch();
    // The PR points `state` elsewhere and edits state/: the edit is still an op of state/.
    r.commit('hide state', {
      'gatehouse.yaml': 'paths:\n  state: elsewhere\n',
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1),
      ...r.manifest({ id: 'POL-3', proposer: 'alice', level: 1, kind: 'policy' }),
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'manifest').numbers).toMatchObject({ ops: 1 });
  });
});

describe('gate: paths a base rule names are governed', () => {
  it('needs a manifest for a workflow edit when the base quorum names .github/workflows/**', async () => {
    const quorum = QUORUM.replace('paths: ["policies/**"]', 'paths: ["policies/**", ".github/workflows/**"]');
    const r = repo({ quorum });
    r.branch();
    r.commit('new judge', { '.github/workflows/gatehouse.yml': 'name: anything goes\n' });
    const bare = await r.check();
    expect(bare.code).toBe(1);
    expect(node(bare.doc.root, 'manifest').reason).toContain('.github/workflows/gatehouse.yml');
    r.commit('manifest', r.manifest({ id: 'POL-4', proposer: 'alice', level: 1, kind: 'policy' }));
    const waiting = await r.check();
    expect(node(waiting.doc.root, 'quorum/policy-change').status).toBe('pending');
  });
});

describe('gate: case variants of governed folders', () => {
  const variants = [
    ['Policies/quorum.yaml', 'rules: []\n', 'policies'],
    ['Ledger/events/000000000000.jsonl', '{}\n', 'ledger'],
    ['STATE/park-ticketing/us-east-1.yaml', 'resources: []\n', 'state'],
    ['Changes/CHG-9/change.yaml', 'id: CHG-9\n', 'changes'],
    ['Gatehouse.yaml', 'paths: { policies: mine }\n', 'gatehouse.yaml'],
  ] as const;
  for (const [path, text, governed] of variants)
    it(`denies ${path}: on a case-insensitive checkout it is ${governed}`, async () => {
      const r = repo();
      r.branch();
      r.commit('variant', { [path]: text });
      const { code, doc } = await r.check();
      expect(code).toBe(1);
      const c = node(doc.root, 'case-variants');
      expect(c.status).toBe('fail');
      const child = node(doc.root, `case-variants/${path}`);
      expect(child.reason).toContain(governed);
      expect(child.source).toEqual({ file: path });
      expect(c.fix).toContain('exact spelling');
    });

  it('leaves an ungoverned folder that merely shares letters alone', async () => {
    const r = repo();
    r.branch();
    r.commit('docs', { 'docs/policies.md': '# notes\n', 'src/State.ts': 'export {};\n' });
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(node(doc.root, 'case-variants').status).toBe('pass');
  });
});

describe('init: the starter policy governs the judge', () => {
  const dirs: string[] = [];
  afterEach(() => {
    closeRepos();
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, env: { ...gitEnv, HOME: dir }, encoding: 'utf8' }).trim();

  async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      closeRepos();
      return { code: await main(argv), out };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  for (const [path, edit] of [
    ['.github/workflows/gatehouse.yml', (t: string) => t.replace('command: check', 'command: verify')],
    ['gatehouse.yaml', (t: string) => `${t}paths:\n  policies: mine\n`],
    ['policies/quorum.yaml', () => 'rules: []\n'],
  ] as const)
    it(`denies a PR editing ${path} of a starter repository until the policy-change quorum approves`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gh-starter-'));
      dirs.push(dir);
      expect((await cli('init', dir, '--admin', 'alice', '--now', '2026-01-18T09:00:00Z')).code).toBe(0);
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'adopt gatehouse');
      git(dir, 'checkout', '-q', '-b', 'pr');
      writeFileSync(join(dir, path), edit(readFileSync(join(dir, path), 'utf8')));
      git(dir, 'commit', '-q', '-am', `edit ${path}`);
      const now = ['--now', '2026-01-18T10:00:00Z'];
      const bare = await cli('check', '--repo', dir, '--base', 'main', '--head', 'HEAD', '--json', ...now);
      expect(bare.code).toBe(1);
      expect(node(JSON.parse(bare.out).root, 'manifest').status).toBe('fail');
      // With a manifest signed by the admin, the starter's policy-change rule and its authority cap apply.
      const manifest = join(dir, 'changes/POL-1/change.yaml');
      mkdirSync(join(dir, 'changes/POL-1'), { recursive: true });
      writeFileSync(
        manifest,
        'id: POL-1\nkind: policy\ntitle: Edit\nproposer: alice\nlevel: 3\nproposed_at: 2026-01-18T09:30:00Z\n',
      );
      const signed = await cli('sign', manifest, '--ssh-key', join(dir, '.gatehouse/alice_ed25519'), ...now);
      expect(signed.code).toBe(0);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'manifest');
      const run = await cli('check', '--repo', dir, '--base', 'main', '--head', 'HEAD', '--json', ...now);
      expect(run.code).toBe(1);
      const doc = JSON.parse(run.out) as { root: Parameters<typeof node>[0] };
      expect(node(doc.root, 'quorum/policy-change').status).toBe('pending');
      expect(node(doc.root, 'authority/rules')).toMatchObject({ status: 'fail' });
      expect(node(doc.root, 'authority/rules').reason).toContain('caps this change at level 2');
    });
});
