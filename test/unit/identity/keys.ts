/** In-process key factories (openpgp.js, node:crypto) and a keyring builder over an in-memory policies/ dir. */
import { generateKeyPairSync } from 'node:crypto';
import { generateKey, type PrivateKey } from 'openpgp';
import type { Actor, ActorKeyRef } from '../../../src/core/documents.js';
import { buildKeyring } from '../../../src/identity/keyring.js';
import { ed25519Blob, rawEd25519Public, sshPublicKeyLine } from '../../../src/identity/ssh-keys.js';
import type { Keyring } from '../../../src/identity/types.js';

export async function pgpKey(name: string, opts: { date?: Date; keyExpirationTime?: number } = {}) {
  const res = await generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: `${name}@example.test` }],
    format: 'object',
    ...(opts.date ? { date: opts.date } : {}),
    ...(opts.keyExpirationTime ? { keyExpirationTime: opts.keyExpirationTime } : {}),
  });
  return {
    privateKey: res.privateKey as PrivateKey,
    publicArmored: res.publicKey.armor(),
    revocationCertificate: res.revocationCertificate,
  };
}

export function ed25519Ssh(comment: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const blob = ed25519Blob(rawEd25519Public(publicKey));
  return { privateKey, blob, line: sshPublicKeyLine({ type: 'ssh-ed25519', blob, comment }) };
}

export function actor(id: string, keys: ActorKeyRef[], extra: Partial<Actor> = {}): Actor {
  return { id, kind: 'human', roles: ['operator'], max_level: 2, keys, ...extra };
}

/** Build a keyring with policy files held in memory (paths relative to policies/). */
export function keyringOf(
  actors: Actor[],
  files: Record<string, string | Uint8Array> = {},
): Promise<Keyring> {
  return buildKeyring(actors, (p) => {
    const v = files[p];
    return Promise.resolve(v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v) : v);
  });
}
