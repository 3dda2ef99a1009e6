/**
 * SSHSIG (OpenSSH PROTOCOL.sshsig) over node:crypto: parse the armored blob, rebuild the signed data, and
 * verify with the embedded key's algorithm. Also signs in-process with an Ed25519 key.
 */
import {
  createHash,
  sign as cryptoSign,
  verify as cryptoVerify,
  constants,
  type KeyObject,
} from 'node:crypto';
import { WireError, WireReader, padStart, wireString, wireUint32 } from './ssh-wire.js';
import { ecdsaCurve, type SshPublicKey } from './ssh-keys.js';
import { SK_USER_PRESENT, isSkType, readSkSignature, verifySk } from './ssh-sk.js';
import type { VerifyFailureCode } from './types.js';

// PROTOCOL.sshsig: #define MAGIC_PREAMBLE "SSHSIG", #define SIG_VERSION 0x01
const MAGIC = Buffer.from('SSHSIG', 'latin1');
const SIG_VERSION = 1;
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
// PROTOCOL.sshsig: "the supported hash algorithms are sha256 and sha512".
const HASHES = new Set(['sha256', 'sha512']);

export interface ParsedSshSig {
  publicKey: Buffer;
  namespace: string;
  reserved: Buffer;
  hashAlgorithm: string;
  /** Signature algorithm from the inner signature blob, e.g. `ssh-ed25519`, `rsa-sha2-512`. */
  sigAlgorithm: string;
  /** The raw signature bytes inside the signature blob. */
  sigBytes: Buffer;
  /** FIDO security-key signatures (PROTOCOL.u2f): the authenticator's flags and counter. */
  sk?: { flags: number; counter: number };
}

/** Parse an armored SSHSIG. Throws WireError on anything that is not exactly the format. */
export function parseSshSig(armored: string): ParsedSshSig {
  const text = armored.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) throw new WireError('not an armored SSH signature');
  const b64 = text.slice(BEGIN.length, text.length - END.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new WireError('SSH signature armor is not base64');
  const r = new WireReader(Buffer.from(b64, 'base64'));
  // PROTOCOL.sshsig §Blob format: byte[6] MAGIC_PREAMBLE, uint32 SIG_VERSION, string publickey,
  // string namespace, string reserved, string hash_algorithm, string signature
  if (!r.bytes(6).equals(MAGIC)) throw new WireError('missing SSHSIG magic preamble');
  const version = r.uint32();
  if (version !== SIG_VERSION) throw new WireError(`unsupported SSHSIG version ${version}`);
  const publicKey = r.string();
  const namespace = r.string().toString('utf8');
  const reserved = r.string();
  const hashAlgorithm = r.text();
  const sig = new WireReader(r.string());
  r.end();
  const sigAlgorithm = sig.text();
  if (isSkType(sigAlgorithm)) {
    // PROTOCOL.u2f: string alg, string signature, byte flags, uint32 counter
    const { sigBytes, flags, counter } = readSkSignature(sig);
    return { publicKey, namespace, reserved, hashAlgorithm, sigAlgorithm, sigBytes, sk: { flags, counter } };
  }
  const sigBytes = sig.string();
  sig.end();
  return { publicKey, namespace, reserved, hashAlgorithm, sigAlgorithm, sigBytes };
}

/** PROTOCOL.sshsig §Signed Data: MAGIC_PREAMBLE, string namespace, string reserved, string hash_algorithm, string H(message). */
export function sshsigSignedData(
  namespace: string,
  hashAlgorithm: string,
  message: Uint8Array,
  reserved: Uint8Array = Buffer.alloc(0),
): Buffer {
  return Buffer.concat([
    MAGIC,
    wireString(namespace),
    wireString(reserved),
    wireString(hashAlgorithm),
    wireString(createHash(hashAlgorithm).update(message).digest()),
  ]);
}

export type SshCheck = { ok: true } | { ok: false; code: VerifyFailureCode; reason: string };

/**
 * Check a parsed SSHSIG against the key it names and the message. The caller has already matched
 * `parsed.publicKey` to a keyring entry and holds its parsed key.
 */
export function checkSshSig(
  parsed: ParsedSshSig,
  key: SshPublicKey,
  namespace: string,
  message: Uint8Array,
  opts: { requireUserPresence?: boolean } = {},
): SshCheck {
  // PROTOCOL.sshsig: "verifiers MUST reject signatures with mismatched namespaces"
  if (parsed.namespace !== namespace)
    return {
      ok: false,
      code: 'wrong-namespace',
      reason: `SSH signature namespace is "${parsed.namespace}", expected "${namespace}"`,
    };
  if (!HASHES.has(parsed.hashAlgorithm))
    return {
      ok: false,
      code: parsed.hashAlgorithm === 'sha1' ? 'weak-hash' : 'malformed',
      reason: `SSH signature hash algorithm "${parsed.hashAlgorithm}" is not sha256 or sha512`,
    };
  if (key.weak || !key.keyObject)
    return {
      ok: false,
      code: 'weak-algorithm',
      reason: `key ${key.fingerprint}: ${key.weak ?? 'unusable key'}`,
    };
  const data = sshsigSignedData(parsed.namespace, parsed.hashAlgorithm, message, parsed.reserved);
  if (isSkType(key.type)) return checkSk(parsed, key, data, opts.requireUserPresence === true);
  return checkSshSignatureBlob(key, parsed.sigAlgorithm, parsed.sigBytes, data);
}

/** PROTOCOL.u2f: a security-key signature over the SSHSIG signed data, with its flags and counter. */
function checkSk(parsed: ParsedSshSig, key: SshPublicKey, data: Buffer, requirePresence: boolean): SshCheck {
  if (parsed.sigAlgorithm !== key.type || !parsed.sk || key.application === undefined || !key.keyObject)
    return {
      ok: false,
      code: 'malformed',
      reason: `signature algorithm ${parsed.sigAlgorithm} does not fit a ${key.type} key`,
    };
  let good: boolean;
  try {
    good = verifySk(
      key.type,
      key.keyObject,
      key.application,
      { ...parsed.sk, sigBytes: parsed.sigBytes },
      data,
    );
  } catch (e) {
    if (e instanceof WireError)
      return { ok: false, code: 'malformed', reason: `malformed signature: ${e.message}` };
    return {
      ok: false,
      code: 'bad-signature',
      reason: `signature does not verify (${(e as Error).message})`,
    };
  }
  if (!good)
    return {
      ok: false,
      code: 'bad-signature',
      reason: `signature does not match the signed bytes (key ${key.fingerprint})`,
    };
  if (requirePresence && (parsed.sk.flags & SK_USER_PRESENT) === 0)
    return {
      ok: false,
      code: 'bad-signature',
      reason: `security-key signature by ${key.fingerprint} was made without user presence (flags 0x${parsed.sk.flags.toString(16).padStart(2, '0')}); document signatures need a touch of the key`,
    };
  return { ok: true };
}

/** Verify an SSH signature (algorithm + bytes) over `data` with `key` (RFC 8709 §6, RFC 5656 §3.1.2, RFC 8332 §3). */
export function checkSshSignatureBlob(
  key: SshPublicKey,
  alg: string,
  sigBytes: Buffer,
  data: Buffer,
): SshCheck {
  const keyObject = key.keyObject;
  if (!keyObject) return { ok: false, code: 'weak-algorithm', reason: key.weak ?? 'unusable key' };
  const mismatch: SshCheck = {
    ok: false,
    code: 'malformed',
    reason: `signature algorithm ${alg} does not fit a ${key.type} key`,
  };
  let good: boolean;
  try {
    if (key.type === 'ssh-ed25519') {
      if (alg !== 'ssh-ed25519') return mismatch;
      good = sigBytes.length === 64 && cryptoVerify(null, data, keyObject, sigBytes);
    } else if (ecdsaCurve(key.type)) {
      if (alg !== key.type) return mismatch;
      const curve = ecdsaCurve(key.type)!;
      // RFC 5656 §3.1.2: the signature blob holds mpint r, mpint s
      const r = new WireReader(sigBytes);
      const rr = r.mpint();
      const ss = r.mpint();
      r.end();
      const p1363 = Buffer.concat([padStart(rr, curve.size), padStart(ss, curve.size)]);
      good = cryptoVerify(curve.hash, data, { key: keyObject, dsaEncoding: 'ieee-p1363' }, p1363);
    } else if (key.type === 'ssh-rsa') {
      // RFC 8332 §3; PROTOCOL.sshsig: SHA-1 "ssh-rsa" signatures must not be accepted.
      if (alg === 'ssh-rsa')
        return {
          ok: false,
          code: 'weak-hash',
          reason: 'RSA signature uses SHA-1 (ssh-rsa); rsa-sha2-256/512 required',
        };
      const hash = alg === 'rsa-sha2-256' ? 'sha256' : alg === 'rsa-sha2-512' ? 'sha512' : undefined;
      if (!hash) return mismatch;
      const size = Math.ceil(key.bits / 8);
      good = cryptoVerify(
        hash,
        data,
        { key: keyObject, padding: constants.RSA_PKCS1_PADDING },
        padStart(sigBytes, size),
      );
    } else {
      return { ok: false, code: 'weak-algorithm', reason: `unsupported key type ${key.type}` };
    }
  } catch (e) {
    if (e instanceof WireError)
      return { ok: false, code: 'malformed', reason: `malformed signature: ${e.message}` };
    return {
      ok: false,
      code: 'bad-signature',
      reason: `signature does not verify (${(e as Error).message})`,
    };
  }
  return good
    ? { ok: true }
    : {
        ok: false,
        code: 'bad-signature',
        reason: `signature does not match the signed bytes (key ${key.fingerprint})`,
      };
}

/** Sign `message` as SSHSIG with an Ed25519 private key (what `ssh-keygen -Y sign` produces). */
export function signSshSigEd25519(
  privateKey: KeyObject,
  publicBlob: Buffer,
  namespace: string,
  message: Uint8Array,
  hashAlgorithm: 'sha256' | 'sha512' = 'sha512',
): string {
  const data = sshsigSignedData(namespace, hashAlgorithm, message);
  const sig = cryptoSign(null, data, privateKey);
  const blob = Buffer.concat([
    MAGIC,
    wireUint32(SIG_VERSION),
    wireString(publicBlob),
    wireString(namespace),
    wireString(''),
    wireString(hashAlgorithm),
    wireString(Buffer.concat([wireString('ssh-ed25519'), wireString(sig)])),
  ]);
  const b64 = blob
    .toString('base64')
    .replace(/(.{70})/g, '$1\n')
    .replace(/\n$/, '');
  return `${BEGIN}\n${b64}\n${END}\n`;
}
