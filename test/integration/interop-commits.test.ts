/**
 * Every signed commit of ../shared/interop-vectors/part-b against git's own verdict (git 2.39.5 `%G?`):
 * real histories of public repositories (commits merged through GitHub's web flow, SSH and FIDO
 * security-key signatures, allowed_signers validity windows), commits GnuPG signed here, and a SHA-256
 * object-format repository. Each commit pack is unpacked into a fresh bare repository and read through
 * Gatehouse's own git reader.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRepos, openRepo, readCommitBytes, setGitBackend } from '../../src/git/repo.js';
import { verifyCommitObject, verifyCommits, type CommitRow } from '../../src/assembly/commit-signatures.js';
import { buildKeyring } from '../../src/identity/keyring.js';
import type { Keyring } from '../../src/identity/types.js';
import { DOCUMENTED_REFUSALS, PART_B, expectVerdict, requireVectors } from '../unit/identity/interop.js';
import { actor } from '../unit/identity/keys.js';
import { tempDir } from '../unit/identity/tools.js';

const SETS = [
  'real/cloudhead-nakamoto',
  'real/cloudhead-nakamoto-window',
  'real/crosse-testsigning',
  'real/dextercd-sign-test',
  'real/kewlfft-ansible-aur',
  'local/gnupg',
  'local/sha256-ssh',
] as const;
const AT = new Date('2027-01-01T00:00:00Z');

interface Meta {
  head: string;
  object_format?: 'sha1' | 'sha256';
  actors: {
    id: string;
    type: 'openpgp' | 'ssh';
    file: string;
    valid_after?: string;
    valid_before?: string;
  }[];
}
interface GitVerdict {
  git: string;
  expect: string;
  why: string;
}
interface Loaded {
  dir: string;
  repo: string;
  meta: Meta;
  verdicts: Record<string, GitVerdict>;
  keyring: Keyring;
  rows: Map<string, CommitRow>;
}

const loaded = new Map<string, Loaded>();

async function load(set: string): Promise<Loaded> {
  const dir = join(PART_B, set);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const verdicts = JSON.parse(readFileSync(join(dir, 'git-verdicts.json'), 'utf8')) as Record<
    string,
    GitVerdict
  >;
  const repo = tempDir('gh-interop-');
  execFileSync('git', ['init', '-q', '--bare', '--object-format', meta.object_format ?? 'sha1', repo]);
  execFileSync('git', ['unpack-objects', '-q'], {
    cwd: repo,
    input: readFileSync(join(dir, 'commits.pack')),
  });
  execFileSync('git', ['update-ref', 'refs/heads/main', meta.head], { cwd: repo });
  const keyring = await buildKeyring(
    meta.actors.map((a) =>
      actor(a.id, [
        {
          type: a.type,
          file: a.file,
          ...(a.valid_after ? { valid_after: a.valid_after } : {}),
          ...(a.valid_before ? { valid_before: a.valid_before } : {}),
        },
      ]),
    ),
    (p) => Promise.resolve(readFileSync(join(dir, p))),
  );
  const handle = await openRepo(repo);
  const rows = new Map<string, CommitRow>();
  for (const sha of Object.keys(verdicts)) {
    const raw = await readCommitBytes(handle, sha);
    rows.set(sha, await verifyCommitObject(sha, raw, keyring, AT, handle.objectFormat));
  }
  return { dir, repo, meta, verdicts, keyring, rows };
}

/** What each of git's `%G?` letters may become in Gatehouse (the same verdict, or a documented refusal). */
const FROM_GIT: Record<string, RegExp> = {
  G: /^ok|weak-algorithm|weak-hash$/, // good; the contract refuses DSA, RSA < 2048 and SHA-1
  U: /^unknown-key|not-yet-valid|expired$/, // good, but no principal: not listed, or outside valid-after/before
  E: /^unknown-key$/, // cannot check: no such key
  N: /^unsigned$/,
  B: /^(bad-signature|unsupported)$/, // bad; an unknown critical notation is refused by name
  Y: /^ok|expired$/, // good by an expired key: judged at signature time
  R: /^ok|revoked$/, // good by a revoked key: a soft revocation after the signature keeps it
  X: /^expired-signature$/,
};

describe('real and GnuPG-made commit signatures (part-b/real, part-b/local)', () => {
  beforeAll(async () => {
    requireVectors();
    for (const set of SETS) loaded.set(set, await load(set));
  });
  afterAll(() => closeRepos());

  for (const set of SETS)
    it(`${set}: every commit gets git's verdict or a documented refusal naming its cause`, () => {
      const l = loaded.get(set)!;
      expect(l.keyring.problems).toEqual([]);
      expect(Object.keys(l.verdicts).length).toBeGreaterThan(0);
      for (const [sha, v] of Object.entries(l.verdicts)) {
        const row = l.rows.get(sha)!;
        expectVerdict(`${set} ${sha.slice(0, 12)} (${v.why})`, v.expect, row);
        const got = row.ok ? 'ok' : row.code!;
        expect(got, `${sha}: git says ${v.git}`).toMatch(FROM_GIT[v.git]!);
        if (!row.ok && v.git === 'G') expect(DOCUMENTED_REFUSALS.has(got)).toBe(true);
      }
    });

  it("accepts the 41 commits signed with GitHub's web-flow key, whose self-signature has wrong quick-check octets", () => {
    const webFlow = [...loaded.values()].flatMap((l) =>
      [...l.rows.values()].filter(
        (r) => r.ok && r.fingerprint === '5DE3E0509C47EA3CF04A42D34AEE18F83AFDEB23',
      ),
    );
    // 6 in cloudhead/nakamoto (counted once: the -window set is the same history), 35 in kewlfft/ansible-aur.
    const distinct = new Set(webFlow.map((r) => r.sha));
    expect(distinct.size).toBe(41);
  });

  it('verifies every FIDO security-key commit (sk-ssh-ed25519, sk-ecdsa-sha2-nistp256) with its key', () => {
    const l = loaded.get('real/dextercd-sign-test')!;
    const sk = Object.entries(l.verdicts).filter(([, v]) => /sk-/.test(v.why));
    expect(sk).toHaveLength(6);
    for (const [sha, v] of sk)
      expect(l.rows.get(sha), sha).toMatchObject({ ok: true, actor: v.expect.slice(3) });
  });

  it('says why a web-flow commit fails when its bytes change: the signature, not the key', async () => {
    const l = loaded.get('real/kewlfft-ansible-aur')!;
    const [sha] = [...l.rows.values()].filter((r) => r.ok).map((r) => r.sha);
    const raw = await readCommitBytes(await openRepo(l.repo), sha!);
    const tampered = Buffer.from(
      raw.toString('latin1').replace(/\n\n(.)/, (_m, c: string) => `\n\n${c === 'X' ? 'Y' : 'X'}`),
      'latin1',
    );
    const row = await verifyCommitObject(sha!, tampered, l.keyring, AT);
    expect(row).toMatchObject({ ok: false, code: 'bad-signature' });
    expect(row.reason).toMatch(
      /^signature does not match the signed bytes \(key 5DE3E0509C47EA3CF04A42D34AEE18F83AFDEB23/,
    );
  });

  it('walks a SHA-256 repository with verify-commits (gpgsig-sha256 header, 64-digit ids)', async () => {
    const l = loaded.get('local/sha256-ssh')!;
    const rows = await verifyCommits(l.repo, `${l.meta.head}~1`, 'main', l.keyring, { at: AT });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sha: l.meta.head, ok: true, actor: 's', signatureType: 'ssh' });
    await expect(verifyCommits(l.repo, 'no-such-branch', 'main', l.keyring, { at: AT })).rejects.toThrow(
      /unknown git ref "no-such-branch"/,
    );
  });

  it('refuses a SHA-256 repository without the git CLI, saying why', async () => {
    const l = loaded.get('local/sha256-ssh')!;
    setGitBackend('isomorphic');
    try {
      await expect(openRepo(l.repo)).rejects.toThrow(
        /SHA-256 object-format repository: Gatehouse reads those only through the git CLI/,
      );
    } finally {
      setGitBackend('auto');
    }
  });
});
