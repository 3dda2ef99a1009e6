/**
 * C2SP tlog-cosignature v1 with Ed25519 (https://c2sp.org/tlog-cosignature § Format, § Ed25519 signed message):
 *
 *   key ID     = SHA-256(<name> ‖ "\n" ‖ 0x04 ‖ 32-byte Ed25519 public key)[:4]
 *   vkey       = <name>+<hex key ID>+<base64(0x04 ‖ public key)>        (signed-note verifier key, type 0x04)
 *   signed     = "cosignature/v1\n" ‖ "time <POSIX seconds>\n" ‖ the whole checkpoint body (with its final newline)
 *   line       = — <name> <base64(key ID ‖ u64 big-endian timestamp ‖ 64-byte Ed25519 signature)>
 *
 * The timestamp must not exceed 2^63 − 1. The message does not commit to the name, so one key serves one name.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { EM_DASH, isValidKeyName, strictBase64, type LocatedSignature } from '../formats/note-text.js';
import {
  ALG_COSIGNATURE_V1,
  cosignerKeyId,
  readWitnessVkey,
  type WitnessVkey,
} from '../formats/witnesses.js';

export { ALG_COSIGNATURE_V1 } from '../formats/witnesses.js';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const MAX_TIMESTAMP = (1n << 63n) - 1n;
/** key ID (4) ‖ timestamp (8) ‖ Ed25519 signature (64). */
export const COSIGNATURE_BYTES = 76;

export interface Cosigner extends WitnessVkey {
  key: KeyObject;
  /** The vkey text it came from. */
  vkey: string;
}

export interface CosignerSigner extends Cosigner {
  privateKey: KeyObject;
}

export const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

function rawPublicKey(pub: KeyObject): Buffer {
  const der = pub.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** Parses a witness verifier key `<name>+<hex id>+<base64(0x04 ‖ key)>` (src/formats/witnesses.ts reads it). */
export function parseCosignerKey(text: string): Cosigner {
  const v: WitnessVkey = readWitnessVkey(text);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, v.publicKey]), format: 'der', type: 'spki' });
  } catch {
    throw new Error('malformed witness key: not an Ed25519 public key');
  }
  return { ...v, key, vkey: text.trim() };
}

/** Parses `PRIVATE+KEY+<name>+<hex id>+<base64(0x04 ‖ seed)>`, the signer form of a witness key. */
export function parseCosignerSignerKey(text: string): CosignerSigner {
  const f = text.trim().split('+');
  const [p1, p2, name = '', idHex = ''] = f;
  const seed = strictBase64(f.slice(4).join('+'));
  if (p1 !== 'PRIVATE' || p2 !== 'KEY' || !isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(idHex))
    throw new Error('malformed witness signer key: expected PRIVATE+KEY+<name>+<key id>+<base64 key>');
  if (seed === undefined || seed.length !== 33 || seed[0] !== ALG_COSIGNATURE_V1)
    throw new Error('malformed witness signer key: expected base64 of 0x04 and a 32-byte seed');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed.subarray(1)]),
    format: 'der',
    type: 'pkcs8',
  });
  const key = createPublicKey(privateKey);
  const publicKey = rawPublicKey(key);
  const keyId = parseInt(idHex, 16);
  if (cosignerKeyId(name, publicKey) !== keyId)
    throw new Error('malformed witness signer key: key ID does not match key');
  const vkey = `${name}+${idHex}+${Buffer.concat([Buffer.of(ALG_COSIGNATURE_V1), publicKey]).toString('base64')}`;
  return { name, keyId, publicKey, key, vkey, privateKey };
}

/** A fresh witness key pair as note key texts (type 0x04). */
export function generateCosignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new Error(`invalid key name "${name}": no spaces or "+"`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = Buffer.from(der.subarray(der.length - 32));
  const pub = rawPublicKey(createPublicKey(privateKey));
  const id = hex8(cosignerKeyId(name, pub));
  const tag = (b: Buffer): string => Buffer.concat([Buffer.of(ALG_COSIGNATURE_V1), b]).toString('base64');
  return { signerKey: `PRIVATE+KEY+${name}+${id}+${tag(seed)}`, verifierKey: `${name}+${id}+${tag(pub)}` };
}

/** tlog-cosignature § Ed25519 signed message. */
export function cosignatureMessage(body: string, timestamp: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp.toString()}\n${body}`, 'utf8');
}

/** The cosignature line (with its newline) of `signer` over checkpoint `body` at `timestamp` (POSIX seconds). */
export function cosign(body: string, signer: CosignerSigner | string, timestamp: number): string {
  const s = typeof signer === 'string' ? parseCosignerSignerKey(signer) : signer;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new Error('timestamp must be an integer ≥ 0');
  const ts = BigInt(timestamp);
  const blob = Buffer.alloc(COSIGNATURE_BYTES);
  blob.writeUInt32BE(s.keyId, 0);
  blob.writeBigUInt64BE(ts, 4);
  sign(null, cosignatureMessage(body, ts), s.privateKey).copy(blob, 12);
  return `${EM_DASH} ${s.name} ${blob.toString('base64')}\n`;
}

export type CosignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'length' | 'timestamp' | 'signature'; message: string };

/** Verifies one signature line (already matched to `cosigner` by name and key ID) over checkpoint `body`. */
export function checkCosignature(
  body: string,
  sig: Pick<LocatedSignature, 'sig'>,
  cosigner: Cosigner,
): CosignatureCheck {
  // sig.sig is the blob after the 4-byte key ID: timestamp (8) ‖ signature (64).
  if (sig.sig.length !== COSIGNATURE_BYTES - 4)
    return {
      ok: false,
      reason: 'length',
      message: `is ${sig.sig.length + 4} bytes, not ${COSIGNATURE_BYTES} (key ID, timestamp, signature)`,
    };
  const ts = sig.sig.readBigUInt64BE(0);
  if (ts > MAX_TIMESTAMP)
    return { ok: false, reason: 'timestamp', message: 'has a timestamp above 2^63 - 1' };
  if (!verify(null, cosignatureMessage(body, ts), cosigner.key, sig.sig.subarray(8)))
    return { ok: false, reason: 'signature', message: 'does not verify' };
  // Timestamps past 2^53 are refused as absurd rather than rounded (tlog-cosignature: verifiers MAY reject future times).
  if (ts > BigInt(Number.MAX_SAFE_INTEGER))
    return { ok: false, reason: 'timestamp', message: 'has a timestamp in the far future' };
  return { ok: true, timestamp: Number(ts) };
}
