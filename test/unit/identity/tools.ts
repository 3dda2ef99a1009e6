/**
 * Test-time key and repository factories: real GnuPG homes, real ssh-keygen keys, real git repositories,
 * all in temp dirs. Nothing here is committed key material.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'gh-id-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface GnupgHome {
  home: string;
  env: NodeJS.ProcessEnv;
  gpg(args: string[], input?: string | Buffer): Buffer;
  /** Make a key with no passphrase; returns its primary fingerprint. `at`: faked time, epoch seconds. */
  genKey(uid: string, algo: string, expire?: string, at?: number): string;
  /** Run gpg in batch mode with its clock frozen at `at` (epoch seconds): gpg --faked-system-time. */
  gpgAt(at: number, args: string[], input?: string | Buffer): Buffer;
  exportPublic(fpr: string): string;
  exportSecret(fpr: string): string;
  /** Detached armored signature over `data` (extra gpg args, e.g. --digest-algo SHA1). */
  sign(fpr: string, data: Buffer | string, extra?: string[], at?: number): string;
  close(): void;
}

const GPG_BATCH = ['--batch', '--pinentry-mode', 'loopback', '--passphrase', ''];

export function gnupgHome(): GnupgHome {
  const home = tempDir('gh-gnupg-');
  chmodSync(home, 0o700);
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = (args: string[], input?: string | Buffer): Buffer =>
    execFileSync('gpg', ['--quiet', ...args], { env, input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
  const faked = (at?: number): string[] => (at === undefined ? [] : ['--faked-system-time', `${at}!`]);
  return {
    home,
    env,
    gpg,
    gpgAt: (at, args, input) => gpg([...GPG_BATCH, ...faked(at), ...args], input),
    genKey(uid, algo, expire = 'never', at) {
      gpg([...GPG_BATCH, ...faked(at), '--quick-gen-key', uid, algo, 'sign', expire]);
      const out = gpg(['--batch', '--with-colons', '--list-keys', uid]).toString();
      const fpr = out
        .split('\n')
        .find((l) => l.startsWith('fpr:'))
        ?.split(':')[9];
      if (!fpr) throw new Error(`no key made for ${uid}`);
      return fpr;
    },
    exportPublic: (fpr) => gpg(['--armor', '--export', fpr]).toString(),
    exportSecret: (fpr) => gpg([...GPG_BATCH, '--armor', '--export-secret-keys', fpr]).toString(),
    sign: (fpr, data, extra = [], at) =>
      gpg(
        [
          ...GPG_BATCH,
          ...faked(at),
          ...extra,
          '--detach-sign',
          '--armor',
          '--local-user',
          fpr,
          '--output',
          '-',
        ],
        data,
      ).toString(),
    close() {
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface SshKeyFiles {
  path: string;
  pub: string;
}

/** ssh-keygen key pair with no passphrase: type ed25519 | ecdsa | rsa | dsa. */
export function sshKeygen(
  dir: string,
  name: string,
  type: 'ed25519' | 'ecdsa' | 'rsa',
  bits?: number,
): SshKeyFiles {
  const path = join(dir, name);
  const args = ['-q', '-t', type, '-N', '', '-C', `${name}@test`, '-f', path];
  if (bits) args.push('-b', String(bits));
  execFileSync('ssh-keygen', args);
  return { path, pub: readFileSync(`${path}.pub`, 'utf8').trim() };
}

/** ssh-keygen -Y sign over `data` with namespace `ns`. */
export function sshSign(keyPath: string, ns: string, data: Buffer | string): string {
  return execFileSync('ssh-keygen', ['-Y', 'sign', '-n', ns, '-f', keyPath], {
    input: data,
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString();
}

/** ssh-keygen -Y verify: exit status 0 when the signature verifies for `principal`. */
export function sshVerify(
  allowedSigners: string,
  principal: string,
  ns: string,
  sig: string,
  data: Buffer,
): boolean {
  const dir = tempDir('gh-sshv-');
  try {
    writeFileSync(join(dir, 'allowed'), allowedSigners);
    writeFileSync(join(dir, 'sig'), sig);
    const r = spawnSync(
      'ssh-keygen',
      ['-Y', 'verify', '-f', join(dir, 'allowed'), '-I', principal, '-n', ns, '-s', join(dir, 'sig')],
      { input: data },
    );
    return r.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestRepo {
  dir: string;
  git(args: string[], opts?: { input?: string | Buffer; env?: NodeJS.ProcessEnv }): string;
  gitRaw(args: string[], opts?: { input?: string | Buffer; env?: NodeJS.ProcessEnv }): Buffer;
  /** Commit a change to `file` with `git commit` plus the given -c config and flags. */
  commit(message: string | Buffer, config?: string[], flags?: string[], env?: NodeJS.ProcessEnv): string;
}

let counter = 0;

export function testRepo(baseEnv: NodeJS.ProcessEnv = process.env): TestRepo {
  const dir = tempDir('gh-repo-');
  const env = {
    ...baseEnv,
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.test',
    GIT_COMMITTER_NAME: 'Test Committer',
    GIT_COMMITTER_EMAIL: 'committer@example.test',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: dir,
  };
  const gitRaw = (args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Buffer =>
    execFileSync('git', args, {
      cwd: dir,
      env: { ...env, ...opts.env },
      input: opts.input ?? '',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  const git = (args: string[], opts?: { input?: string | Buffer; env?: NodeJS.ProcessEnv }): string =>
    gitRaw(args, opts).toString().trim();
  git(['init', '-q', '-b', 'main']);
  return {
    dir,
    git,
    gitRaw,
    commit(message, config = [], flags = [], extraEnv = {}) {
      writeFileSync(join(dir, 'file.txt'), `change ${++counter}\n`);
      git(['add', 'file.txt']);
      const cfg = config.flatMap((c) => ['-c', c]);
      gitRaw([...cfg, 'commit', '-q', ...flags, '-F', '-'], { input: message, env: extraEnv });
      return git(['rev-parse', 'HEAD']);
    },
  };
}
