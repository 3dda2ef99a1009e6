/**
 * The keygen use case (DESIGN §5): a key pair for an actor and the actors.yaml stanza that lists it. The secret
 * half is written with mode 0600, never printed, and no key file is ever overwritten.
 */
import { generateKeyPairSync } from 'node:crypto';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { generateKey } from 'openpgp';
import { stringify } from 'yaml';
import { conflict } from '../core/errors.js';
import {
  ed25519Blob,
  encodeOpenSshEd25519,
  rawEd25519Public,
  sshFingerprint,
  sshPublicKeyLine,
} from '../identity/ssh-keys.js';
import type { WorkTree } from './ports.js';

export interface KeygenRequest {
  actor: string;
  type: 'openpgp' | 'ssh';
  /** The folder to write into, absolute. */
  out: string;
  /** Encrypts an OpenPGP secret key (SSH keys are written unencrypted). */
  passphrase?: string;
  now: Date;
}

export interface KeygenResult {
  fingerprint: string;
  publicFile: string;
  secretFile: string;
  /** The key file as actors.yaml names it: relative to policies/ when written there, else keys/<name>. */
  keyPath: string;
  /** Whether the public key lies outside policies/ (to be copied there). */
  outsidePolicies: boolean;
  stanza: string;
}

export async function keygen(request: KeygenRequest, ports: { workTree: WorkTree }): Promise<KeygenResult> {
  const { actor, type, out } = request;
  const tree = ports.workTree;
  await tree.makeDir(out);
  const writeNew = async (path: string, data: string, mode: number): Promise<void> => {
    if (!(await tree.create(path, data, mode)))
      throw conflict(
        `${path} already exists; keygen never overwrites a key (choose another --out or remove it)`,
      );
  };

  let publicFile: string;
  let secretFile: string;
  let fingerprint: string;
  if (type === 'openpgp') {
    const { passphrase } = request;
    const { privateKey, publicKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy', // Ed25519 signing key readable by GnuPG 2.2 as well as openpgp.js
      userIDs: [{ name: actor }],
      date: request.now,
      format: 'object',
      ...(passphrase ? { passphrase } : {}),
    });
    fingerprint = publicKey.getFingerprint().toUpperCase();
    publicFile = join(out, `${actor}.asc`);
    secretFile = join(out, `${actor}.secret.asc`);
    await writeNew(secretFile, privateKey.armor(), 0o600);
    await writeNew(publicFile, publicKey.armor(), 0o644);
  } else {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const blob = ed25519Blob(rawEd25519Public(publicKey));
    fingerprint = sshFingerprint(blob);
    publicFile = join(out, `${actor}.pub`);
    secretFile = join(out, actor);
    await writeNew(secretFile, encodeOpenSshEd25519(privateKey, actor), 0o600);
    await writeNew(publicFile, `${sshPublicKeyLine({ type: 'ssh-ed25519', blob, comment: actor })}\n`, 0o644);
  }

  const policies = resolve(tree.root, 'policies');
  const rel = relative(policies, publicFile);
  const keyPath =
    rel && !rel.startsWith('..') && !isAbsolute(rel)
      ? rel.split(sep).join('/')
      : `keys/${basename(publicFile)}`;
  const stanza = stringify(
    [{ id: actor, kind: 'human', roles: [], max_level: 1, keys: [{ type, file: keyPath }] }],
    { lineWidth: 0 },
  );
  return { fingerprint, publicFile, secretFile, keyPath, outsidePolicies: rel.startsWith('..'), stanza };
}
