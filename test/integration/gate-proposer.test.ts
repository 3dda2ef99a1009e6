/**
 * Identity of the proposer (DESIGN §2.2, §2.4): every manifest is signed by its proposer's key of the base
 * policy (or, where authority.yaml `proposers.accept` lists `github`, bound to the PR author's numeric GitHub
 * id), the grantee of an escalation never approves their own grant, and a veto stands for its digest until the
 * same actor approves. Real repositories, real SSH and GnuPG keys, the CLI in-process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  ACTORS,
  AUTHORITY,
  governedRepos,
  node,
  PROPOSED,
  withCapacity,
  type ActorSpec,
  type GovernedRepo,
} from '../fixtures/governed-repo.js';
import { gnupgHome } from '../unit/identity/tools.js';

const repo = governedRepos();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const ONE_OP = { 'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1) };

/** Write an unsigned manifest with `fields`, the way a hand-edited PR would. */
function unsigned(
  r: GovernedRepo,
  fields: { id: string; proposer: string; level: number; kind?: string },
): Record<string, string> {
  return r.manifest(fields, false);
}

describe('gate: every manifest is signed by its proposer', () => {
  it('denies an unsigned manifest naming a human proposer at level 3, saying how to sign', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...unsigned(r, { id: 'CHG-1', proposer: 'alice', level: 3 }), ...ONE_OP });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const s = node(doc.root, 'authority/signature');
    expect(s.status).toBe('fail');
    expect(s.reason).toBe('manifest unsigned: alice must sign it with a key of the base actors policy');
    expect(s.fix).toBe(
      'gatehouse sign changes/CHG-1/change.yaml --ssh-key FILE | --gpg KEYID | --key FILE (a key of alice)',
    );
    expect(s.source).toEqual({ file: 'changes/CHG-1/change.yaml', line: 1 });
  });

  it('allows it once the proposer signs it with `gatehouse sign --ssh-key`', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...unsigned(r, { id: 'CHG-1', proposer: 'alice', level: 3 }), ...ONE_OP });
    const signed = await r.cli(
      'sign',
      'changes/CHG-1/change.yaml',
      '--ssh-key',
      r.keys.get('alice')!.privateFile,
    );
    expect(signed.err).toBe('');
    expect(signed.code).toBe(0);
    r.commit('sign');
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(node(doc.root, 'authority/signature').reason).toMatch(/^manifest signed by alice \(ssh/);
  });

  it('allows a manifest signed through GnuPG (`sign --gpg`) by the proposer, and denies one by another key', async () => {
    const g = gnupgHome();
    cleanups.push(() => g.close());
    const fpr = g.genKey('Grace <grace@example.test>', 'ed25519');
    const actors: ActorSpec[] = [
      ...ACTORS,
      { id: 'grace', kind: 'human', roles: ['operator'], max_level: 3 },
    ];
    const r = repo({ actors });
    const yaml = r
      .read('policies/actors.yaml')
      .replace(
        /(- id: grace[\s\S]*?keys:\n\s+- type:) ssh\n(\s+)file: keys\/grace\.pub/,
        '$1 openpgp\n$2file: keys/grace.asc',
      );
    r.commit('grace uses GnuPG', {
      'policies/actors.yaml': yaml,
      'policies/keys/grace.asc': g.exportPublic(fpr),
    });
    // gpg signs with the real clock, so this scenario is proposed now and judged a minute later.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const later = new Date(Date.parse(now) + 60_000).toISOString();
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'grace', level: 3, proposed_at: now }, false),
      ...ONE_OP,
    });
    expect((await r.check('--now', later)).code).toBe(1);
    const s = await r.cliEnv(g.env, 'sign', 'changes/CHG-1/change.yaml', '--gpg', fpr, '--now', now);
    expect(s.err).toBe('');
    expect(s.code).toBe(0);
    r.commit('sign');
    // At level 3 the proposer also binds the digest, with the same GnuPG key.
    const a = await r.cliEnv(g.env, 'approve', 'CHG-1', '--base', 'main', '--gpg', fpr, '--now', now);
    expect(a.code, a.err).toBe(0);
    r.commit('grace binds the digest');
    const { code, doc } = await r.check('--now', later);
    expect(code).toBe(0);
    expect(node(doc.root, 'authority/signature').reason).toContain(`manifest signed by grace`);

    // The same manifest naming alice as proposer, still signed by grace's key: denied.
    const text = r.read('changes/CHG-1/change.yaml').replace('proposer: grace', 'proposer: alice');
    r.commit('blame alice', { 'changes/CHG-1/change.yaml': text });
    const forged = await r.check('--now', later);
    expect(forged.code).toBe(1);
    expect(node(forged.doc.root, 'authority/signature').status).toBe('fail');
  });

  it('denies an unsigned escalation manifest and an unsigned kill-switch manifest', async () => {
    const r = repo();
    r.branch();
    const written = await r.cli(
      'escalate',
      '--actor',
      'erin',
      '--level',
      '3',
      '--id',
      'ESC-1',
      '--proposer',
      'dave',
    );
    expect(written.code).toBe(0);
    // Written unsigned, it says how to sign before anything else.
    expect(written.out).toContain('next: sign it as its proposer (gatehouse sign changes/ESC-1/change.yaml');
    r.commit('escalate');
    await r.approve('ESC-1', ['alice', 'dave']);
    const esc = await r.check();
    expect(esc.code).toBe(1);
    expect(node(esc.doc.root, 'authority/signature').fix).toContain(
      'gatehouse sign changes/ESC-1/change.yaml',
    );

    const k = repo();
    k.branch();
    expect(
      (await k.cli('killswitch', 'activate', 'ticketing-freeze', '--id', 'KS-1', '--proposer', 'bob')).code,
    ).toBe(0);
    k.commit('freeze');
    await k.approve('KS-1', ['dave']);
    const ks = await k.check();
    expect(ks.code).toBe(1);
    expect(node(ks.doc.root, 'authority/signature').fix).toContain('gatehouse sign changes/KS-1/change.yaml');
    // Signed with `killswitch activate --ssh-key`, the same flip passes.
    const k2 = repo();
    k2.branch();
    const flip = await k2.cli(
      'killswitch',
      'activate',
      'ticketing-freeze',
      '--id',
      'KS-1',
      '--ssh-key',
      k2.keys.get('bob')!.privateFile,
    );
    expect(flip.code, flip.err).toBe(0);
    k2.commit('freeze');
    await k2.approve('KS-1', ['dave']);
    expect((await k2.check()).code).toBe(0);
  });

  it('denies bob naming carol as proposer of an unsigned level-1 change that he approves himself', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...unsigned(r, { id: 'CHG-1', proposer: 'carol', level: 1 }), ...ONE_OP });
    await r.approve('CHG-1', ['bob']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'authority/signature').status).toBe('fail');
    // bob's own signature on the manifest does not make carol its proposer either.
    const text = stringify(
      r.sign(
        {
          id: 'CHG-1',
          kind: 'change',
          title: 'Change CHG-1',
          proposed_at: PROPOSED,
          proposer: 'carol',
          level: 1,
        },
        'bob',
      ),
      { lineWidth: 0 },
    );
    r.commit('bob signs as carol', { 'changes/CHG-1/change.yaml': text });
    await r.approve('CHG-1', ['bob']);
    const forged = await r.check();
    expect(forged.code).toBe(1);
    expect(node(forged.doc.root, 'authority/signature').reason).toMatch(
      /^manifest signature does not verify: SSH key ssh-ed25519 SHA256:\S+ belongs to bob, not to carol$/,
    );
  });
});

describe('gate: a manifest bound to the PR author on GitHub, where policy accepts it', () => {
  const GITHUB_ACTORS = ACTORS.map((a) =>
    a.id === 'alice' ? { ...a, github: { login: 'alice-ng', id: 1234567 } } : a,
  ) as ActorSpec[];
  const OPT_IN = `${AUTHORITY}proposers: { accept: [signed, github] }\n`;

  async function authorCheck(
    r: GovernedRepo,
    author: { login: string; id: number },
  ): Promise<Awaited<ReturnType<GovernedRepo['check']>>> {
    const file = join(r.keysDir, 'github-evidence.json');
    writeFileSync(file, JSON.stringify([{ kind: 'pr-author', pr: 17, ...author }]));
    return r.check('--github-approvals', file);
  }

  it("allows an unsigned manifest when the PR author's numeric id is the proposer's", async () => {
    const r = repo({ actors: GITHUB_ACTORS, authority: OPT_IN });
    r.branch();
    r.commit('raise', { ...unsigned(r, { id: 'CHG-1', proposer: 'alice', level: 3 }), ...ONE_OP });
    const { code, doc } = await authorCheck(r, { login: 'alice-ng', id: 1234567 });
    expect(code).toBe(0);
    expect(node(doc.root, 'authority/signature').reason).toBe(
      'manifest bound to alice through the pull request author on GitHub (alice-ng, id 1234567, PR #17)',
    );
  });

  it('denies it when the author is someone else, or the login matches but the id does not', async () => {
    const r = repo({ actors: GITHUB_ACTORS, authority: OPT_IN });
    r.branch();
    r.commit('raise', { ...unsigned(r, { id: 'CHG-1', proposer: 'alice', level: 3 }), ...ONE_OP });
    const other = await authorCheck(r, { login: 'mallory', id: 666 });
    expect(other.code).toBe(1);
    expect(node(other.doc.root, 'authority/signature').reason).toContain(
      'the pull request author is mallory (id 666)',
    );
    const renamed = await authorCheck(r, { login: 'alice-ng', id: 999 });
    expect(renamed.code).toBe(1);
  });

  it('refuses a malformed pr-author with exit 2 and the file:line, writing nothing', async () => {
    const r = repo({ actors: GITHUB_ACTORS, authority: OPT_IN });
    r.branch();
    r.commit('raise', { ...unsigned(r, { id: 'CHG-1', proposer: 'alice', level: 3 }), ...ONE_OP });
    const file = join(r.keysDir, 'github-evidence.json');
    writeFileSync(file, '[\n  {"kind": "pr-author", "login": "alice-ng", "id": -1}\n]\n');
    const before = r.snapshot();
    const run = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--github-approvals', file);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${file}:2`);
    expect(run.err).toContain('id must be the numeric GitHub user id');
    expect(r.snapshot()).toBe(before);
  });

  it('refuses an authority.yaml whose proposers.accept names an unknown source, with file:line', async () => {
    const r = repo({ authority: `${AUTHORITY}proposers: { accept: [email] }\n` });
    const before = r.snapshot();
    const run = await r.cli('validate');
    expect(run.code).toBe(2);
    expect(run.out + run.err).toContain(
      'policies/authority.yaml:11:23: /proposers/accept/0: expected one of signed, github, found "email"',
    );
    expect(r.snapshot()).toBe(before);
  });

  it('denies it when the base policy does not accept GitHub authorship', async () => {
    const r = repo({ actors: GITHUB_ACTORS });
    r.branch();
    r.commit('raise', { ...unsigned(r, { id: 'CHG-1', proposer: 'alice', level: 3 }), ...ONE_OP });
    const { code, doc } = await authorCheck(r, { login: 'alice-ng', id: 1234567 });
    expect(code).toBe(1);
    expect(node(doc.root, 'authority/signature').reason).toContain('manifest unsigned');
  });
});

describe('gate: escalation grants', () => {
  it('denies an escalation approved only by its own grantee, naming the rule', async () => {
    const authority = AUTHORITY.replace('roles_any: [supervisor]', 'roles_any: [supervisor, charter]');
    const r = repo({ authority });
    r.branch();
    const esc = await r.cli(
      'escalate',
      '--actor',
      'carol',
      '--level',
      '3',
      '--id',
      'ESC-1',
      '--ssh-key',
      r.keys.get('alice')!.privateFile,
    );
    expect(esc.code, esc.err).toBe(0);
    r.commit('escalate carol');
    await r.approve('ESC-1', ['carol']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const q = node(doc.root, 'quorum/escalation');
    expect(q.status).toBe('pending');
    expect(node(doc.root, 'quorum/escalation/ignored:carol').reason).toBe(
      'ignored approve by carol: carol is the grantee of this escalation (a grant is never approved by its grantee)',
    );
    await r.approve('ESC-1', ['bob']); // charter, not the grantee
    expect((await r.check()).code).toBe(0);
  });
});

describe('gate: a veto stands for its digest', () => {
  it('keeps a reject past the approval TTL, until the same actor approves the same digest', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...ONE_OP });
    // bob vetoes at 13:30 (past the 1h TTL at 15:00); alice approves at 14:50.
    r.commit('decisions', {
      ...(await r.approval('CHG-1', 'bob', { decision: 'reject', ts: '2026-01-18T13:30:00Z' })),
      ...(await r.approval('CHG-1', 'alice')),
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'quorum/approval/reject:bob').reason).toBe(
      'rejected by bob at 2026-01-18T13:30:00Z (veto)',
    );
    // bob approves the same digest: his veto is superseded.
    await r.approve('CHG-1', ['bob'], { ts: '2026-01-18T14:55:00Z' });
    expect((await r.check()).code).toBe(0);
  });
});
