/**
 * Gate scenarios over real repositories: quorum (DESIGN §3) — approvals bound to the digest, expiry,
 * role matching, vetoes, GitHub review approvals, and one approval signed through GnuPG.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  ACTORS,
  QUORUM,
  governedRepos,
  node,
  withCapacity,
  type GovernedRepo,
} from '../fixtures/governed-repo.js';
import { gnupgHome } from '../unit/identity/tools.js';

const repo = governedRepos();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const state = (count: number, value = 900): Record<string, string> => ({
  'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', count, value),
});

/** A level-1 change by ops-agent on a PR branch. */
function levelOne(r: GovernedRepo, id = 'CHG-1'): void {
  r.branch();
  r.commit('raise', { ...r.manifest({ id, proposer: 'ops-agent', level: 1 }), ...state(1) });
}

describe('gate: approvals bound to the digest', () => {
  it('denies a stale approval after a push that changes the ops', async () => {
    const r = repo();
    levelOne(r);
    await r.approve('CHG-1', ['alice']);
    expect((await r.check()).code).toBe(0);
    r.commit('different value', state(1, 950));
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'quorum/approval/ignored:alice').reason).toMatch(
      /^ignored approve by alice: stale digest sha256:[0-9a-f]{12}… \(current sha256:[0-9a-f]{12}…\): re-approve after the last push$/,
    );
  });

  it('keeps an approval after a rebase that changes nothing', async () => {
    const r = repo();
    levelOne(r);
    await r.approve('CHG-1', ['alice']);
    const before = await r.digest();
    r.checkout('main');
    r.commit('unrelated change on main', {
      'state/parade-schedule/eu-central-1.yaml': withCapacity(4, 'parade-schedule', 'eu-central-1', 1, 300),
    });
    r.checkout('pr');
    r.git('rebase', '-q', 'main');
    expect(await r.digest()).toBe(before);
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(doc.digest).toBe(before);
  });

  it('denies an approval that expired before --now', async () => {
    const r = repo();
    levelOne(r);
    await r.approve('CHG-1', ['alice']);
    const { code, doc } = await r.check('--now', '2026-01-18T16:00:00Z');
    expect(code).toBe(1);
    expect(node(doc.root, 'quorum/approval/ignored:alice').reason).toBe(
      'ignored approve by alice: expired: given 2026-01-18T14:50:00Z, approvals last 1h',
    );
  });

  it('ignores an approval signed with someone else’s key', async () => {
    const r = repo();
    levelOne(r);
    r.commit('forged', await r.approval('CHG-1', 'alice', { signer: 'bob' }));
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'quorum/approval/ignored:alice').reason).toMatch(
      /bad signature: .*belongs to bob, not to alice/,
    );
  });
});

describe('gate: roles and vetoes', () => {
  it('denies one person filling two roles of roles_all', async () => {
    const actors = [
      ...ACTORS,
      { id: 'sam', kind: 'human' as const, roles: ['security', 'charter'], max_level: 2 },
    ];
    const quorum = `${QUORUM}  - name: two-roles
    when: { levels: [1] }
    require: { count: 2, roles_all: [security, charter] }
`;
    const r = repo({ actors, quorum });
    levelOne(r);
    await r.approve('CHG-1', ['sam']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const rule = node(doc.root, 'quorum/two-roles');
    expect(rule.reason).toMatch(/^1\/2 approvals \(missing role: (charter|security)\)/);
    expect(rule.numbers).toMatchObject({ approvals: 1, needed: 2 });

    // A second person holding the other role completes the matching.
    await r.approve('CHG-1', ['bob']);
    expect((await r.check()).code).toBe(0);
  });

  it('lets an eligible approver veto with a reject', async () => {
    const r = repo();
    levelOne(r);
    r.commit('approve and reject', {
      ...(await r.approval('CHG-1', 'alice')),
      ...(await r.approval('CHG-1', 'bob', { decision: 'reject' })),
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const veto = node(doc.root, 'quorum/approval/reject:bob');
    expect(veto).toMatchObject({
      status: 'fail',
      source: { file: 'changes/CHG-1/approvals/bob.yaml', line: 1 },
    });
    expect(veto.reason).toContain('(veto)');
  });
});

describe('gate: approval sources', () => {
  it('counts a GitHub review approval passed with --github-approvals where policy accepts it', async () => {
    const r = repo();
    levelOne(r);
    const digest = await r.digest();
    const file = join(r.keysDir, 'github-approvals.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          source: 'github',
          change: 'CHG-1',
          digest,
          actor: 'bob',
          decision: 'approve',
          ts: '2026-01-18T14:55:00Z',
          reviewId: 4242,
          login: 'bob-gh',
          commit: r.head(),
        },
      ]),
    );
    const { code, doc } = await r.check('--github-approvals', file);
    expect(code).toBe(0);
    expect(doc.counted).toEqual([
      expect.objectContaining({ actor: 'bob', source: 'github', reviewId: 4242 }),
    ]);
  });

  it('counts an approval signed with a GnuPG key through `approve --gpg`', async () => {
    const g = gnupgHome();
    cleanups.push(() => g.close());
    const fpr = g.genKey('Grace <grace@example.test>', 'ed25519');
    const actors = [...ACTORS, { id: 'grace', kind: 'human' as const, roles: ['operator'], max_level: 2 }];
    const r = repo({ actors });
    // grace's key is an OpenPGP key exported by GnuPG, not an SSH key.
    const yaml = r
      .read('policies/actors.yaml')
      .replace(
        /(- id: grace[\s\S]*?keys:\n\s+- type:) ssh\n(\s+)file: keys\/grace\.pub/,
        '$1 openpgp\n$2file: keys/grace.asc',
      );
    expect(yaml).toContain('keys/grace.asc');
    r.commit('grace uses GnuPG', {
      'policies/actors.yaml': yaml,
      'policies/keys/grace.asc': g.exportPublic(fpr),
    });
    levelOne(r);
    // gpg signs with the real clock, so this scenario runs at the real time.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const a = await r.cliEnv(g.env, 'approve', 'CHG-1', '--base', 'main', '--gpg', fpr, '--now', now);
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    r.commit('grace approves');
    const later = new Date(Date.parse(now) + 60_000).toISOString();
    const { code, doc } = await r.check('--now', later);
    expect(code).toBe(0);
    expect(doc.counted).toEqual([
      expect.objectContaining({ actor: 'grace', source: 'signed', fingerprint: fpr.toUpperCase() }),
    ]);
    expect(stringify(doc.counted)).not.toContain('PRIVATE');
  });
});
