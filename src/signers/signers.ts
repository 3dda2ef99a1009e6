/**
 * Signing backends (DESIGN §2.4): an armored OpenPGP secret key (openpgp.js), the user's `gpg` (agents,
 * smartcards), and SSH keys (`ssh-keygen -Y sign`, or in-process for unencrypted Ed25519 keys).
 * Secrets are never printed: error messages carry tool diagnostics and key IDs only.
 */
import { spawn } from 'node:child_process';
import { createMessage, decryptKey, readPrivateKey, sign as pgpSign, type PrivateKey } from 'openpgp';
import { signedBytes } from '../core/jcs.js';
import { internalError, usageError } from '../core/errors.js';
import type { Signature, SignatureType } from '../core/documents.js';
import { parseSshPrivateKey, type SshPrivateKeyInfo } from '../identity/ssh-keys.js';
import { signSshSigEd25519 } from '../identity/sshsig.js';
import type { Keyring } from '../identity/types.js';
import { DOCUMENT_NAMESPACE } from '../identity/verify.js';

/** Which key a signer will sign with, so the actor can be found before signing. */
export type SignerIdentity =
  | { type: 'openpgp'; fingerprints: string[]; keyIds: string[] }
  | { type: 'ssh'; blob: Buffer; fingerprint: string };

export interface Signer {
  type: SignatureType;
  /** Human label: `--key keys/alice.secret.asc`, `--gpg ABCD…`, `--ssh-key ~/.ssh/id_ed25519`. */
  label: string;
  identity(): Promise<SignerIdentity>;
  /** Armored detached signature over `data`; SSH signatures carry `namespace`. */
  sign(data: Uint8Array, namespace: string): Promise<string>;
}

/** Add `signature` over JCS(doc without "signature") (DESIGN §2.4). Any old signature is replaced. */
export async function signDocument<T extends Record<string, unknown>>(
  doc: T,
  signer: Signer,
): Promise<T & { signature: Signature }> {
  const value = await signer.sign(signedBytes(doc), DOCUMENT_NAMESPACE);
  const { signature: _old, ...rest } = doc;
  return { ...(rest as T), signature: { type: signer.type, value } };
}

/** The actors holding the signer's key in the keyring (normally one). */
export function actorsForIdentity(identity: SignerIdentity, keyring: Keyring): string[] {
  const found = new Set<string>();
  if (identity.type === 'openpgp') {
    for (const id of identity.keyIds) for (const e of keyring.openpgp.get(id) ?? []) found.add(e.actor);
  } else {
    for (const e of keyring.ssh.get(identity.blob.toString('base64')) ?? []) found.add(e.actor);
  }
  return [...found].sort();
}

// --key FILE --------------------------------------------------------------------------------------

export interface OpenPgpKeySignerOptions {
  /** Asked only when the key is encrypted (env GATEHOUSE_PASSPHRASE, or a TTY prompt). */
  passphrase: () => Promise<string | undefined>;
  /** Signature creation time: the injected clock, so fixed-clock runs are reproducible. */
  date: Date;
  label?: string;
}

export async function openPgpKeySigner(
  armoredSecretKey: string,
  opts: OpenPgpKeySignerOptions,
): Promise<Signer> {
  let key: PrivateKey;
  try {
    key = await readPrivateKey({ armoredKey: armoredSecretKey });
  } catch (e) {
    throw usageError(`--key: not an armored OpenPGP secret key (${(e as Error).message})`);
  }
  let unlocked: PrivateKey | undefined;
  const unlock = async (): Promise<PrivateKey> => {
    if (unlocked) return unlocked;
    if (key.isDecrypted()) return (unlocked = key);
    const passphrase = await opts.passphrase();
    if (passphrase === undefined)
      throw usageError('--key: the key is protected; set GATEHOUSE_PASSPHRASE or run on a terminal');
    try {
      unlocked = await decryptKey({ privateKey: key, passphrase });
    } catch {
      throw usageError('--key: wrong passphrase for the secret key');
    }
    return unlocked;
  };
  return {
    type: 'openpgp',
    label: opts.label ?? `--key ${key.getFingerprint().toUpperCase()}`,
    identity: () =>
      Promise.resolve({
        type: 'openpgp',
        fingerprints: [key.getFingerprint().toUpperCase()],
        keyIds: key.getKeys().map((k) => k.getKeyID().toHex().toUpperCase()),
      }),
    async sign(data) {
      const signingKey = await unlock();
      try {
        return await pgpSign({
          message: await createMessage({ binary: data }),
          signingKeys: signingKey,
          detached: true,
          format: 'armored',
          date: opts.date,
          // Deterministic output for a fixed clock and key (EdDSA), so regenerated examples match.
          config: { nonDeterministicSignaturesViaNotation: false },
        });
      } catch (e) {
        throw usageError(
          `--key: cannot sign with ${key.getFingerprint().toUpperCase()}: ${(e as Error).message}`,
        );
      }
    },
  };
}

// --gpg KEYID -------------------------------------------------------------------------------------

interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export function runTool(
  cmd: string,
  args: string[],
  input: Uint8Array | undefined,
  env: NodeJS.ProcessEnv,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? internalError(`${cmd} is not installed or not on PATH`, e)
          : internalError(`${cmd}: ${e.message}`, e),
      ),
    );
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8').trim(),
      }),
    );
    child.stdin.on('error', () => undefined); // the tool may exit before reading everything
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

export function gpgSigner(keyId: string, env: NodeJS.ProcessEnv): Signer {
  const gpg = env.GATEHOUSE_GPG ?? 'gpg';
  return {
    type: 'openpgp',
    label: `--gpg ${keyId}`,
    async identity() {
      const res = await runTool(
        gpg,
        ['--batch', '--with-colons', '--fixed-list-mode', '--list-keys', '--', keyId],
        undefined,
        env,
      );
      if (res.code !== 0) throw usageError(`--gpg ${keyId}: gpg does not know this key (${res.stderr})`);
      // gpg DETAILS: "fpr" records carry the fingerprint in field 10, after each pub/sub record.
      const fingerprints = res.stdout
        .toString('utf8')
        .split('\n')
        .filter((l) => l.startsWith('fpr:'))
        .map((l) => (l.split(':')[9] ?? '').toUpperCase())
        .filter((f) => f !== '');
      if (fingerprints.length === 0) throw usageError(`--gpg ${keyId}: gpg lists no key for it`);
      return { type: 'openpgp', fingerprints, keyIds: fingerprints.map((f) => f.slice(-16)) };
    },
    async sign(data) {
      const res = await runTool(
        gpg,
        ['--detach-sign', '--armor', '--local-user', keyId, '--output', '-'],
        data,
        env,
      );
      const text = res.stdout.toString('utf8');
      if (res.code !== 0 || !text.includes('-----BEGIN PGP SIGNATURE-----'))
        throw usageError(`--gpg ${keyId}: gpg could not sign (exit ${res.code}): ${res.stderr}`);
      return text;
    },
  };
}

// --ssh-key FILE ----------------------------------------------------------------------------------

/** `keyText` is the private key file's content; `path` is passed to ssh-keygen when it must sign. */
export function sshKeySigner(path: string, keyText: string, env: NodeJS.ProcessEnv): Signer {
  let info: SshPrivateKeyInfo;
  try {
    info = parseSshPrivateKey(keyText);
  } catch (e) {
    throw usageError(`--ssh-key ${path}: not a readable SSH private key (${(e as Error).message})`);
  }
  const ed25519 = info.ed25519;
  return {
    type: 'ssh',
    label: `--ssh-key ${path}`,
    identity: () =>
      Promise.resolve({ type: 'ssh', blob: info.publicKey.blob, fingerprint: info.publicKey.fingerprint }),
    async sign(data, namespace) {
      if (ed25519) return signSshSigEd25519(ed25519, info.publicKey.blob, namespace, data);
      const keygen = env.GATEHOUSE_SSH_KEYGEN ?? 'ssh-keygen';
      // ssh-keygen(1) -Y sign: data on stdin, signature on stdout.
      const res = await runTool(keygen, ['-Y', 'sign', '-n', namespace, '-f', path], data, env);
      const text = res.stdout.toString('utf8');
      if (res.code !== 0 || !text.includes('-----BEGIN SSH SIGNATURE-----'))
        throw usageError(`--ssh-key ${path}: ssh-keygen could not sign (exit ${res.code}): ${res.stderr}`);
      return text;
    },
  };
}
