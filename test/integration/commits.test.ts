import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCommitSignature } from '../../src/identity/commit-payload.js';
import { commitRange, verifyCommits } from '../../src/assembly/commit-signatures.js';
import { openRepo } from '../../src/git/repo.js';
import type { Keyring } from '../../src/identity/types.js';
import { actor, keyringOf } from '../unit/identity/keys.js';
import {
  gnupgHome,
  sshKeygen,
  sshVerify,
  tempDir,
  testRepo,
  type GnupgHome,
  type SshKeyFiles,
  type TestRepo,
} from '../unit/identity/tools.js';

let g: GnupgHome;
let keysDir: string;
let repo: TestRepo;
let keyring: Keyring;
let fpr: { alice: string; bob: string; eve: string };
let ssh: { carol: SshKeyFiles; dan: SshKeyFiles };
let allowedSigners: string;
const sha: Record<string, string> = {};

const gpgCfg = (key: string) => ['gpg.program=gpg', `user.signingkey=${key}`];
const sshCfg = (k: SshKeyFiles) => [
  'gpg.format=ssh',
  `user.signingkey=${k.path}`,
  `gpg.ssh.allowedSignersFile=${allowedSigners}`,
];

function gitVerify(commit: string): boolean {
  const r = spawnSync(
    'git',
    ['-c', `gpg.ssh.allowedSignersFile=${allowedSigners}`, 'verify-commit', commit],
    {
      cwd: repo.dir,
      env: g.env,
    },
  );
  return r.status === 0;
}

/** Write a raw commit object (bypassing git commit) and return its id. */
function writeCommit(raw: Buffer): string {
  return repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], { input: raw });
}

beforeAll(async () => {
  g = gnupgHome();
  keysDir = tempDir('gh-keys-');
  fpr = {
    alice: g.genKey('Alice <alice@example.test>', 'ed25519'),
    bob: g.genKey('Bob <bob@example.test>', 'rsa3072'),
    eve: g.genKey('Eve <eve@example.test>', 'ed25519'),
  };
  ssh = { carol: sshKeygen(keysDir, 'carol', 'ed25519'), dan: sshKeygen(keysDir, 'dan', 'ecdsa', 256) };
  allowedSigners = join(keysDir, 'allowed_signers');
  writeFileSync(allowedSigners, `carol@test ${ssh.carol.pub}\ndan@test ${ssh.dan.pub}\n`);
  keyring = await keyringOf(
    [
      actor('alice', [{ type: 'openpgp', file: 'keys/alice.asc' }]),
      actor('bob', [{ type: 'openpgp', file: 'keys/bob.asc' }]),
      actor('carol', [{ type: 'ssh', key: ssh.carol.pub }]),
      actor('dan', [{ type: 'ssh', file: 'keys/dan.pub' }]),
    ],
    {
      'keys/alice.asc': g.exportPublic(fpr.alice),
      'keys/bob.asc': g.exportPublic(fpr.bob),
      'keys/dan.pub': ssh.dan.pub,
    },
  );
  repo = testRepo(g.env);
  sha.base = repo.commit('base: unsigned');
  sha.alice = repo.commit('alice ed25519', gpgCfg(fpr.alice), ['-S']);
  sha.bob = repo.commit('bob rsa3072', gpgCfg(fpr.bob), ['-S']);
  sha.carol = repo.commit('carol ssh ed25519', sshCfg(ssh.carol), ['-S']);
  sha.dan = repo.commit('dan ssh ecdsa', sshCfg(ssh.dan), ['-S']);
  sha.eve = repo.commit('eve: key of no actor', gpgCfg(fpr.eve), ['-S']);
  sha.unsigned = repo.commit('nobody signed this');
  sha.crlf = repo.commit(Buffer.from('CRLF subject\r\n\r\nbody line\r\n'), gpgCfg(fpr.alice), [
    '-S',
    '--cleanup=verbatim',
  ]);
  sha.latin1 = repo.commit(
    Buffer.from('caf\xe9 cr\xe8me (ISO-8859-1)\n', 'latin1'),
    [...sshCfg(ssh.carol), 'i18n.commitEncoding=ISO-8859-1'],
    ['-S'],
  );
  sha.latin1Pgp = repo.commit(
    Buffer.from('na\xefve \xff\xfe\n', 'latin1'),
    [...gpgCfg(fpr.bob), 'i18n.commitEncoding=ISO-8859-1'],
    ['-S'],
  );
});

afterAll(() => {
  g.close();
  rmSync(keysDir, { recursive: true, force: true });
  rmSync(repo.dir, { recursive: true, force: true });
});

describe('verifyCommits over commits made by git commit -S', () => {
  it('maps GnuPG (ed25519, rsa3072) and SSH (ed25519, ecdsa) signed commits to their actors, parents first', async () => {
    const rows = await verifyCommits(repo.dir, sha.base!, 'HEAD', keyring, {
      at: new Date(Date.now() + 60_000),
    });
    const by = Object.fromEntries(rows.map((r) => [r.sha, r]));
    expect(rows.map((r) => r.sha)).toEqual(
      ['alice', 'bob', 'carol', 'dan', 'eve', 'unsigned', 'crlf', 'latin1', 'latin1Pgp'].map((k) => sha[k]),
    );
    expect(by[sha.alice!]).toMatchObject({
      ok: true,
      actor: 'alice',
      signatureType: 'openpgp',
      fingerprint: fpr.alice,
    });
    expect(by[sha.bob!]).toMatchObject({ ok: true, actor: 'bob', fingerprint: fpr.bob });
    expect(by[sha.carol!]).toMatchObject({ ok: true, actor: 'carol', signatureType: 'ssh' });
    expect(by[sha.dan!]).toMatchObject({ ok: true, actor: 'dan', signatureType: 'ssh' });
    expect(by[sha.eve!]).toMatchObject({ ok: false, code: 'unknown-key' });
    expect(by[sha.unsigned!]).toMatchObject({ ok: false, code: 'unsigned', reason: 'commit is not signed' });
    expect(by[sha.crlf!]).toMatchObject({ ok: true, actor: 'alice', summary: 'CRLF subject' });
    expect(by[sha.latin1!]).toMatchObject({ ok: true, actor: 'carol' });
    expect(by[sha.latin1Pgp!]).toMatchObject({ ok: true, actor: 'bob' });
  });

  it('agrees with git verify-commit on every commit git can judge', async () => {
    const rows = await verifyCommits(repo.dir, sha.base!, 'HEAD', keyring);
    for (const r of rows) {
      if (r.code === 'unknown-key') continue; // git trusts every key in the keyring; we only actors' keys
      expect({ sha: r.sha, ok: gitVerify(r.sha) }).toEqual({ sha: r.sha, ok: r.ok });
    }
  });

  it('keeps CRLF and non-UTF-8 message bytes in the payload (the raw object really has them)', () => {
    const crlf = repo.gitRaw(['cat-file', 'commit', sha.crlf!]);
    expect(crlf.includes(Buffer.from('CRLF subject\r\n\r\nbody line\r\n'))).toBe(true);
    const latin1 = repo.gitRaw(['cat-file', 'commit', sha.latin1!]);
    expect(latin1.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(true);
    expect(splitCommitSignature(latin1).payload.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(true);
  });

  it('extracts the SSH payload that ssh-keygen -Y verify accepts, where isomorphic-git payload is rejected', async () => {
    for (const key of ['carol', 'latin1'] as const) {
      const raw = repo.gitRaw(['cat-file', 'commit', sha[key]!]);
      const { payload, signature } = splitCommitSignature(raw);
      const allowed = `carol@test ${ssh.carol.pub}\n`;
      expect(sshVerify(allowed, 'carol@test', 'git', signature!.toString(), payload)).toBe(true);
      const iso = await git.readCommit({ fs, dir: repo.dir, oid: sha[key]! });
      expect(sshVerify(allowed, 'carol@test', 'git', signature!.toString(), Buffer.from(iso.payload))).toBe(
        false,
      );
    }
  });

  it('treats an extra gpgsig-foo header as git does (dropped from the payload: still verifies)', async () => {
    const raw = repo.gitRaw(['cat-file', 'commit', sha.alice!]).toString('latin1');
    const withFoo = raw.replace(/\ncommitter ([^\n]*)\n/, '\ncommitter $1\ngpgsig-foo bar\n continued\n');
    expect(withFoo).not.toBe(raw);
    const id = writeCommit(Buffer.from(withFoo, 'latin1'));
    expect(gitVerify(id)).toBe(true);
    const rows = await verifyCommits(repo.dir, sha.bob!, id, keyring);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sha: id, ok: true, actor: 'alice' });
  });

  it('rejects a signed commit with one byte changed, as git does', async () => {
    const raw = repo.gitRaw(['cat-file', 'commit', sha.carol!]).toString('latin1');
    const id = writeCommit(Buffer.from(raw.replace('carol ssh ed25519', 'carol ssh ed25518'), 'latin1'));
    expect(gitVerify(id)).toBe(false);
    const [row] = await verifyCommits(repo.dir, sha.bob!, id, keyring);
    expect(row).toMatchObject({ ok: false, code: 'bad-signature' });
    const pgpRaw = repo.gitRaw(['cat-file', 'commit', sha.alice!]).toString('latin1');
    const pgpId = writeCommit(Buffer.from(pgpRaw.replace('alice ed25519', 'alice ed25510'), 'latin1'));
    expect(gitVerify(pgpId)).toBe(false);
    expect((await verifyCommits(repo.dir, sha.base!, pgpId, keyring)).at(-1)).toMatchObject({
      code: 'bad-signature',
    });
  });

  it('rejects an SSH commit signature checked against a key window that had closed at the committer date', async () => {
    const closed = await keyringOf([
      actor('carol', [{ type: 'ssh', key: ssh.carol.pub, valid_before: '2001-01-01T00:00:00Z' }]),
    ]);
    expect(await verifyCommits(repo.dir, sha.dan!, sha.dan!, closed)).toEqual([]); // empty range: base == head
    const rows = await verifyCommits(repo.dir, sha.bob!, sha.carol!, closed);
    expect(rows[0]).toMatchObject({ ok: false, code: 'expired' });
  });
});

describe('commitRange', () => {
  it('lists exactly the commits git rev-list base..head lists, across merges and skewed clocks', async () => {
    const r = testRepo();
    const at = (s: number) => ({
      GIT_COMMITTER_DATE: `${1_700_000_000 + s} +0000`,
      GIT_AUTHOR_DATE: `${1_700_000_000 + s} +0000`,
    });
    const mk = (name: string, s: number): string => {
      writeFileSync(join(r.dir, `${name}.txt`), name);
      r.git(['add', `${name}.txt`]);
      r.git(['commit', '-q', '-m', name], { env: at(s) });
      return r.git(['rev-parse', 'HEAD']);
    };
    const a = mk('A', 0);
    mk('B', 100);
    r.git(['checkout', '-q', '-b', 'side', a]);
    mk('C', 50);
    mk('D-clock-skew-older-than-A', -5000);
    r.git(['merge', '-q', '--no-ff', '-m', 'M', 'main'], { env: at(200) });
    r.git(['checkout', '-q', 'main']);
    const e = mk('E', 300);
    r.git(['merge', '-q', '--no-ff', '-m', 'N', 'side'], { env: at(400) });
    const repoHandle = await openRepo(r.dir);
    for (const [base, head] of [
      [a, 'HEAD'],
      [e, 'side'],
      ['side', 'HEAD'],
      ['main~1', 'main'],
    ] as const) {
      const expected = r
        .git(['rev-list', '--topo-order', '--reverse', `${base}..${head}`])
        .split('\n')
        .filter(Boolean);
      const baseOid = r.git(['rev-parse', base]);
      const headOid = r.git(['rev-parse', head]);
      const got = (await commitRange(repoHandle, baseOid, headOid)).map((c) => c.sha);
      expect(new Set(got)).toEqual(new Set(expected));
      // Parents always come before their children.
      for (const [i, s] of got.entries()) {
        const parents = r
          .git(['rev-parse', `${s}^@`])
          .split('\n')
          .filter(Boolean);
        for (const p of parents) if (got.includes(p)) expect(got.indexOf(p)).toBeLessThan(i);
      }
    }
    rmSync(r.dir, { recursive: true, force: true });
  });
});
