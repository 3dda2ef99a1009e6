/**
 * Identities made at test time with the real tools: one GnuPG home (its own gpg-agent, loopback pinentry,
 * no passphrase) holding the five OpenPGP key kinds users bring, and ssh-keygen keys of the three SSH kinds.
 * Each is given to an actor of the park example (roles as in `init --example park`), so the policy written
 * into the governed repository maps every key to exactly one actor.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './harness.js';

const BATCH = ['--batch', '--pinentry-mode', 'loopback', '--passphrase', ''];

export type GpgKind = 'rsa3072' | 'rsa4096' | 'ed25519' | 'ed25519-subkey' | 'nistp256';
export type SshKind = 'ed25519' | 'ecdsa-p256' | 'rsa';

export interface GpgIdentity {
  kind: GpgKind;
  actor: string;
  uid: string;
  /** Primary key fingerprint (what `--gpg` and user.signingkey name). */
  fpr: string;
  /** Fingerprint of the key that actually signs: the subkey for `ed25519-subkey`, else the primary. */
  signingFpr: string;
  /** Armored public key (primary and subkeys), as gpg --export writes it. */
  publicKey: string;
}

export interface SshIdentity {
  kind: SshKind;
  actor: string;
  /** Private key file (no passphrase), for `--ssh-key` and git's user.signingkey. */
  path: string;
  /** The public key line. */
  pub: string;
}

export interface Identities {
  gnupgHome: string;
  /** GNUPGHOME for every child that runs gpg. */
  env: NodeJS.ProcessEnv;
  gpg: Record<GpgKind, GpgIdentity>;
  /** An OpenPGP key in the same home that no actor holds. */
  stranger: GpgIdentity;
  ssh: Record<SshKind, SshIdentity>;
  /** Writes the armored secret key of `kind` (no passphrase) to a 0600 file, for `--key`; returns its path. */
  exportSecret(kind: GpgKind): string;
  /** Stops this home's gpg-agent. */
  close(): void;
}

/** Which actor holds which key. alice's RSA 3072 key makes the counted `approve --gpg` of the lifecycle. */
export const GPG_ACTOR: Record<GpgKind, string> = {
  rsa3072: 'alice',
  rsa4096: 'bob',
  ed25519: 'carol',
  'ed25519-subkey': 'dave',
  nistp256: 'erin',
};
export const SSH_ACTOR: Record<SshKind, string> = {
  ed25519: 'ops-agent',
  'ecdsa-p256': 'alice',
  rsa: 'bob',
};

export function makeIdentities(baseEnv: NodeJS.ProcessEnv): Identities {
  const home = tempDir('gnupg');
  chmodSync(home, 0o700);
  const env = { ...baseEnv, GNUPGHOME: home };
  const gpg = (args: string[]): string =>
    execFileSync('gpg', ['--quiet', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const fingerprints = (uid: string): string[] =>
    gpg(['--batch', '--with-colons', '--with-subkey-fingerprints', '--list-keys', `=${uid}`])
      .split('\n')
      .filter((l) => l.startsWith('fpr:'))
      .map((l) => l.split(':')[9] ?? '');

  const make = (kind: GpgKind, actor: string, tag = actor): GpgIdentity => {
    const uid = `${tag} (${kind}, e2e test) <${tag}@park.example>`;
    if (kind === 'ed25519-subkey') {
      // A certify-only primary and a signing subkey: signatures name the subkey's fingerprint.
      gpg([...BATCH, '--quick-gen-key', uid, 'ed25519', 'cert', 'never']);
      const [primary = ''] = fingerprints(uid);
      gpg([...BATCH, '--quick-add-key', primary, 'ed25519', 'sign', 'never']);
    } else {
      const algo = kind === 'ed25519' ? 'ed25519' : kind;
      gpg([...BATCH, '--quick-gen-key', uid, algo, 'sign', 'never']);
    }
    const [fpr = '', sub] = fingerprints(uid);
    const signingFpr = kind === 'ed25519-subkey' ? (sub ?? '') : fpr;
    if (!fpr || !signingFpr) throw new Error(`gpg made no ${kind} key for ${uid}`);
    return { kind, actor, uid, fpr, signingFpr, publicKey: gpg(['--armor', '--export', fpr]) };
  };

  const kinds = Object.keys(GPG_ACTOR) as GpgKind[];
  const gpgIds = Object.fromEntries(kinds.map((k) => [k, make(k, GPG_ACTOR[k])])) as Record<
    GpgKind,
    GpgIdentity
  >;
  const stranger = make('ed25519', 'stranger');

  const sshDir = tempDir('ssh');
  const sshKey = (kind: SshKind): SshIdentity => {
    const path = join(sshDir, `${SSH_ACTOR[kind]}-${kind}`);
    const type = kind === 'ecdsa-p256' ? ['-t', 'ecdsa', '-b', '256'] : ['-t', kind];
    execFileSync('ssh-keygen', ['-q', ...type, '-N', '', '-C', `${SSH_ACTOR[kind]}@e2e`, '-f', path]);
    return { kind, actor: SSH_ACTOR[kind], path, pub: readFileSync(`${path}.pub`, 'utf8').trim() };
  };
  const ssh = {
    ed25519: sshKey('ed25519'),
    'ecdsa-p256': sshKey('ecdsa-p256'),
    rsa: sshKey('rsa'),
  };
  return {
    gnupgHome: home,
    env: { GNUPGHOME: home },
    gpg: gpgIds,
    stranger,
    ssh,
    exportSecret(kind) {
      const path = join(sshDir, `${gpgIds[kind].actor}-${kind}.secret.asc`);
      writeFileSync(path, gpg([...BATCH, '--armor', '--export-secret-keys', gpgIds[kind].fpr]), {
        mode: 0o600,
      });
      return path;
    },
    close: () => void spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env }),
  };
}
