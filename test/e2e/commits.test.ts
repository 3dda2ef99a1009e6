import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovernedRepo } from './governed.js';
import { baseEnv, Clock, json, removeTempDirs, tempDir } from './harness.js';
import { makeIdentities, type GpgKind, type Identities, type SshKind } from './identities.js';

// `node dist/cli.js verify-commits` over commits signed by `git commit -S` through the real gpg (five OpenPGP
// key kinds) and through ssh-keygen (gpg.format=ssh, three SSH kinds), each key held by one actor of the
// base policy. The bundled CLI must verify every one from the raw commit bytes and name its actor.

interface CommitResult {
  sha: string;
  summary: string;
  ok: boolean;
  actor?: string;
  signatureType?: string;
  fingerprint?: string;
  reason?: string;
}
interface VerifyCommits {
  ok: boolean;
  commits: CommitResult[];
}

let ids: Identities;
let repo: GovernedRepo;
let note = 0;
/** verify-commits main..signed, run once (JSON and text). */
let signed: { code: number; doc: VerifyCommits; text: string };
const sha: Record<string, string> = {};

/** A commit on the current branch touching notes.txt, signed with the given git config. */
function signedCommit(message: string, config: string[], minute: number): string {
  writeFileSync(join(repo.dir, 'notes.txt'), `note ${++note}\n`);
  repo.git(['add', 'notes.txt'], minute);
  repo.git(['commit', '-q', '-S', '-m', message], minute, config);
  return repo.git(['rev-parse', 'HEAD'], minute);
}

const gpgConfig = (fpr: string) => ['gpg.program=gpg', `user.signingkey=${fpr}`];
const sshConfig = (path: string) => ['gpg.format=ssh', `user.signingkey=${path}`];

function verifyCommits(head: string, base = 'main'): { code: number; doc: VerifyCommits; text: string } {
  const run = repo.cli(['verify-commits', '--base', base, '--head', head, '--json'], 30, null);
  const text = repo.cli(['verify-commits', '--base', base, '--head', head], 30, null);
  expect(text.code).toBe(run.code);
  return { code: run.code, doc: json<VerifyCommits>(run, 'verify-commits'), text: text.stdout };
}

beforeAll(() => {
  ids = makeIdentities(baseEnv(tempDir('home')));
  repo = GovernedRepo.create(ids, new Clock());
  repo.branch('signed', 5);
  for (const g of Object.values(ids.gpg)) sha[g.kind] = signedCommit(`gpg ${g.kind}`, gpgConfig(g.fpr), 6);
  for (const s of Object.values(ids.ssh))
    sha[`ssh-${s.kind}`] = signedCommit(`ssh ${s.kind}`, sshConfig(s.path), 7);
  repo.branch('stranger', 8, 'main');
  sha.stranger = signedCommit('signed by a key no actor holds', gpgConfig(ids.stranger.fpr), 9);
  writeFileSync(join(repo.dir, 'notes.txt'), 'unsigned\n');
  sha.unsigned = repo.commit(['notes.txt'], 'not signed', 9);
  signed = verifyCommits('signed');
}, 120_000);

afterAll(() => {
  ids?.close();
  removeTempDirs();
});

describe('verify-commits in the bundled CLI', () => {
  it('verifies all eight signed commits and exits 0', () => {
    const { code, doc, text } = signed;
    expect(code).toBe(0);
    expect(doc.ok).toBe(true);
    expect(doc.commits).toHaveLength(8);
    expect(doc.commits.filter((c) => c.ok)).toHaveLength(8);
    expect(text).toContain('8 commits in main..signed: 8 signed by an actor, 0 not');
  });

  const gpgKinds: GpgKind[] = ['rsa3072', 'rsa4096', 'ed25519', 'ed25519-subkey', 'nistp256'];
  it.each(gpgKinds)('maps a commit signed through gpg by an OpenPGP %s key to its actor', (kind) => {
    const { doc, text } = signed;
    const g = ids.gpg[kind];
    const c = doc.commits.find((x) => x.sha === sha[kind]);
    expect(c).toMatchObject({ ok: true, actor: g.actor, signatureType: 'openpgp' });
    // git's own view of who signed (%GF: the signing key, %GP: its primary): for the subkey kind the
    // subkey signed, and the CLI names the certificate by its primary fingerprint, as the policy lists it.
    const [signingKey, primary] = repo.git(['log', '-1', '--format=%GF %GP', sha[kind] ?? ''], 31).split(' ');
    expect(signingKey).toBe(g.signingFpr);
    expect(primary === '' || primary === g.fpr).toBe(true);
    if (kind === 'ed25519-subkey') expect(g.signingFpr).not.toBe(g.fpr);
    expect(c?.fingerprint).toBe(g.fpr);
    expect(text).toContain(`${sha[kind]?.slice(0, 12)} ok   ${g.actor} (openpgp ${g.fpr})`);
  });

  const sshKinds: SshKind[] = ['ed25519', 'ecdsa-p256', 'rsa'];
  it.each(sshKinds)('maps a commit signed with an SSH %s key (gpg.format=ssh) to its actor', (kind) => {
    const { doc } = signed;
    const s = ids.ssh[kind];
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${s.path}.pub`], {
      encoding: 'utf8',
    });
    const c = doc.commits.find((x) => x.sha === sha[`ssh-${kind}`]);
    expect(c).toMatchObject({ ok: true, actor: s.actor, signatureType: 'ssh' });
    expect(fp).toContain(c?.fingerprint);
  });

  it('fails a commit signed by a key no actor holds, and an unsigned one, with exit 1', () => {
    const { code, doc } = verifyCommits('stranger');
    expect(code).toBe(1);
    expect(doc.ok).toBe(false);
    const stranger = doc.commits.find((c) => c.sha === sha.stranger);
    const unsigned = doc.commits.find((c) => c.sha === sha.unsigned);
    expect(stranger?.ok).toBe(false);
    expect(stranger?.actor).toBeUndefined();
    expect(stranger?.reason).toContain('belongs to no actor');
    expect(unsigned?.ok).toBe(false);
    expect(unsigned?.actor).toBeUndefined();
  });

  it('fails a commit whose message was changed after gpg signed it', () => {
    // The same gpgsig header over different bytes: a verifier that only parses the signature would pass it.
    const raw = repo.git(['cat-file', 'commit', sha.rsa3072 ?? ''], 31);
    const forged = raw.replace(/\n\ngpg rsa3072$/, '\n\ngpg rsa3072, edited');
    expect(forged).not.toBe(raw);
    const forgedSha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {
      cwd: repo.dir,
      input: `${forged}\n`,
      encoding: 'utf8',
    }).trim();
    const { code, doc } = verifyCommits(forgedSha, `${sha.rsa3072}^`);
    expect(code).toBe(1);
    expect(doc.commits).toHaveLength(1);
    expect(doc.commits[0]).toMatchObject({ sha: forgedSha, ok: false });
    expect(doc.commits[0]?.actor).toBeUndefined();
  });
});
