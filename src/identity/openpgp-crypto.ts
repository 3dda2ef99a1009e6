/**
 * OpenPGP signature arithmetic over node:crypto, for document signatures and for the self-signatures that
 * make a key valid: RSA (PKCS#1 v1.5), legacy EdDSA and RFC 9580 Ed25519, and ECDSA on every curve OpenSSL
 * knows (NIST P-256/384/521, brainpoolP256r1/384r1/512r1, secp256k1). openpgp.js parses the packets; its own
 * ECDSA code needs an optional module (`eckey-utils`) for brainpool and secp256k1 that no bundle carries, so
 * it is never asked to verify a v4 signature here. Anything else (v5/v6 packets, Ed448, …) goes to
 * openpgp.js's SignaturePacket.verify, which checks only the signature, never the key.
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { config as defaultConfig, enums, LiteralDataPacket, type SignaturePacket } from 'openpgp';

// RFC 9580 §9.5 hash algorithm IDs → node:crypto names.
const HASH_NAMES: Partial<Record<number, string>> = {
  [enums.hash.md5]: 'md5',
  [enums.hash.sha1]: 'sha1',
  [enums.hash.ripemd]: 'ripemd160',
  [enums.hash.sha256]: 'sha256',
  [enums.hash.sha384]: 'sha384',
  [enums.hash.sha512]: 'sha512',
  [enums.hash.sha224]: 'sha224',
  [enums.hash.sha3_256]: 'sha3-256',
  [enums.hash.sha3_512]: 'sha3-512',
};

/** RFC 9580 §9.2 curve names → field size in bytes (the length of r, s and each point coordinate). */
const EC_SIZES: Record<string, number> = {
  nistP256: 32,
  nistP384: 48,
  nistP521: 66,
  brainpoolP256r1: 32,
  brainpoolP384r1: 48,
  brainpoolP512r1: 64,
  secp256k1: 32,
};

export interface KeyPacketLike {
  algorithm: number;
  publicParams: Record<string, unknown>;
  getKeyID?(): { toHex(): string };
}

/** The signature packet fields this module reads (public in openpgp.js, though not all are typed). */
export type SigPacket = SignaturePacket & {
  version: number;
  signatureData: Uint8Array;
  signedHashValue: Uint8Array;
  params: Record<string, Uint8Array> | Promise<Record<string, Uint8Array>>;
  toSign(type: number, data: unknown): Uint8Array;
};

/** A ready node:crypto key, or why there is none (`unsupported`: the curve or algorithm, by name). */
type NodeKey = { key: KeyObject; size: number } | { unsupported: string };
const keyCache = new WeakMap<object, NodeKey>();

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  return n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
}
const der = (tag: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
// RFC 5480 §2.1.1: id-ecPublicKey 1.2.840.10045.2.1
const EC_PUBLIC_KEY = Buffer.from([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);

/**
 * An EC public key as SubjectPublicKeyInfo DER (RFC 5480 §2): the OpenPGP curve OID is the ASN.1 curve OID
 * (RFC 9580 §9.2), so any curve OpenSSL knows imports, brainpool included (JWK has no names for those).
 */
function ecSpki(curveOid: Uint8Array, point: Uint8Array): Buffer {
  const alg = der(0x30, Buffer.concat([EC_PUBLIC_KEY, der(0x06, Buffer.from(curveOid))]));
  const bits = der(0x03, Buffer.concat([Buffer.from([0]), Buffer.from(point)]));
  return der(0x30, Buffer.concat([alg, bits]));
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

export function leftPad(bytes: Uint8Array, len: number): Buffer | undefined {
  if (bytes.length > len) return undefined;
  const out = Buffer.alloc(len);
  Buffer.from(bytes).copy(out, len - bytes.length);
  return out;
}

/** node:crypto key for an OpenPGP key packet (cached per packet). */
export function nodeKey(kp: KeyPacketLike): NodeKey {
  const hit = keyCache.get(kp);
  if (hit !== undefined) return hit;
  let out: NodeKey;
  try {
    out = makeNodeKey(kp);
  } catch (e) {
    out = { unsupported: `a key node:crypto cannot read (${(e as Error).message})` };
  }
  keyCache.set(kp, out);
  return out;
}

function makeNodeKey(kp: KeyPacketLike): NodeKey {
  const p = kp.publicParams;
  const alg = kp.algorithm;
  if (alg === enums.publicKey.eddsaLegacy) {
    const q = p.Q as Uint8Array; // 0x40 || 32-byte public key (RFC 9580 §11.2.2)
    if (q.length !== 33 || q[0] !== 0x40) return { unsupported: 'an EdDSA key with a malformed point' };
    const x = b64u(q.subarray(1));
    return { key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }), size: 32 };
  }
  if (alg === enums.publicKey.ed25519) {
    const x = b64u(p.A as Uint8Array);
    return { key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }), size: 32 };
  }
  if (alg === enums.publicKey.rsaSign || alg === enums.publicKey.rsaEncryptSign) {
    const n = p.n as Uint8Array;
    const jwk = { kty: 'RSA', n: b64u(n), e: b64u(p.e as Uint8Array) };
    return { key: createPublicKey({ key: jwk, format: 'jwk' }), size: n.length };
  }
  if (alg === enums.publicKey.ecdsa) {
    const oid = p.oid as { oid: Uint8Array; getName(): string };
    let name: string;
    try {
      name = oid.getName();
    } catch {
      name = `OID ${Buffer.from(oid.oid).toString('hex')}`;
    }
    const size = EC_SIZES[name];
    if (size === undefined) return { unsupported: `unsupported curve ${name}` };
    const q = p.Q as Uint8Array;
    if (q.length !== 1 + 2 * size || q[0] !== 0x04)
      return { unsupported: `an ECDSA ${name} key whose point is not uncompressed` };
    const key = createPublicKey({ key: ecSpki(oid.oid, q), format: 'der', type: 'spki' });
    return { key, size };
  }
  return { unsupported: `public-key algorithm ${String(enums.read(enums.publicKey, alg) ?? alg)}` };
}

/** RFC 9580 §5.2.1.2: a text signature is made over the text with every line ending as CR LF. */
export function canonicalEol(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0d) {
      out.push(0x0d, 0x0a);
      if (bytes[i + 1] === 0x0a) i++;
    } else if (b === 0x0a) out.push(0x0d, 0x0a);
    else out.push(b);
  }
  return Buffer.from(out);
}

/** Outcome of checking one signature packet: good, bad, or outside what can be checked (with why). */
export type CryptoOutcome = { good: true } | { good: false; quickCheck: boolean } | { unsupported: string };

/**
 * Verify a v4 signature packet over `signed` (the bytes before the hashed subpackets: the document, or the
 * key and user-ID material of a certification) with `keyPacket`. RFC 9580 §5.2.4: the two stored hash
 * octets are a quick check only, so a mismatch does not decide: the full signature does (GnuPG ignores
 * them too; GitHub's web-flow key carries wrong ones on its self-signature).
 */
export function verifyV4(sig: SigPacket, keyPacket: KeyPacketLike, signed: Uint8Array): CryptoOutcome {
  const hashName = HASH_NAMES[sig.hashAlgorithm as number];
  if (!hashName) return { unsupported: `hash algorithm ${String(sig.hashAlgorithm)}` };
  if (sig.params instanceof Promise) return { unsupported: 'signature parameters not parsed' };
  const params = sig.params;
  const key = nodeKey(keyPacket);
  if ('unsupported' in key) return key;
  if (sig.publicKeyAlgorithm !== keyPacket.algorithm) return { good: false, quickCheck: true };
  // RFC 9580 §5.2.4: hash(signed || hashed part of the packet || 0x04 0xFF || uint32 length of that part)
  const trailer = Buffer.alloc(6);
  trailer[0] = 4;
  trailer[1] = 0xff;
  trailer.writeUInt32BE(sig.signatureData.length, 2);
  const toHash = Buffer.concat([signed, sig.signatureData, trailer]);
  const digest = createHash(hashName).update(toHash).digest();
  const quickCheck = digest[0] === sig.signedHashValue[0] && digest[1] === sig.signedHashValue[1];
  const alg = sig.publicKeyAlgorithm as number;
  let good: boolean;
  try {
    if (alg === enums.publicKey.eddsaLegacy || alg === enums.publicKey.ed25519) {
      // RFC 9580 §5.2.3.3/§5.2.3.4: (legacy) EdDSA signs the digest, not the data.
      const raw =
        alg === enums.publicKey.ed25519
          ? Buffer.from(params.RS as Uint8Array)
          : Buffer.concat([
              leftPad(params.r!, 32) ?? Buffer.alloc(0),
              leftPad(params.s!, 32) ?? Buffer.alloc(0),
            ]);
      good = raw.length === 64 && cryptoVerify(null, digest, key.key, raw);
    } else if (alg === enums.publicKey.ecdsa) {
      const r = leftPad(params.r!, key.size);
      const s = leftPad(params.s!, key.size);
      good =
        !!r &&
        !!s &&
        cryptoVerify(hashName, toHash, { key: key.key, dsaEncoding: 'ieee-p1363' }, Buffer.concat([r, s]));
    } else {
      const s = leftPad(params.s!, key.size);
      good = !!s && cryptoVerify(hashName, toHash, key.key, s); // RSASSA-PKCS1-v1_5 (RFC 8017 §8.2)
    }
  } catch {
    good = false;
  }
  return good ? { good: true } : { good: false, quickCheck };
}

const RELAXED = {
  ...defaultConfig,
  rejectHashAlgorithms: new Set<enums.hash>(),
  rejectMessageHashAlgorithms: new Set<enums.hash>(),
  rejectPublicKeyAlgorithms: new Set<enums.publicKey>(),
  minRSABits: 0,
};

/**
 * Check `sig` over `data` (openpgp.js's toSign input: a literal data packet, or {key, bind, userID}), with
 * node:crypto for v4 packets and openpgp.js for the rest. Only the signature is judged here: expiry of the
 * signature, critical subpackets and the key's own validity are the caller's.
 */
export async function checkSignature(
  sig: SigPacket,
  keyPacket: KeyPacketLike,
  data: { message: Uint8Array } | Record<string, unknown>,
): Promise<CryptoOutcome> {
  if (sig.params instanceof Promise) sig.params = await sig.params;
  const type = sig.signatureType as number;
  if (sig.version === 4) {
    let signed: Uint8Array;
    if ('message' in data && data.message instanceof Uint8Array) {
      if (type === enums.signature.binary) signed = data.message;
      else if (type === enums.signature.text) signed = canonicalEol(data.message);
      else return { unsupported: `signature type ${type} over a document` };
    } else {
      try {
        signed = sig.toSign(type, data);
      } catch (e) {
        return { unsupported: (e as Error).message };
      }
    }
    const out = verifyV4(sig, keyPacket, signed);
    if (!('unsupported' in out) || !/^public-key algorithm/.test(out.unsupported)) return out;
  }
  let target: unknown = data;
  if ('message' in data && data.message instanceof Uint8Array) {
    const literal = new LiteralDataPacket();
    (literal as unknown as { setBytes(b: Uint8Array, f: enums.literal): void }).setBytes(
      data.message,
      enums.literal.binary,
    );
    target = literal;
  }
  try {
    await sig.verify(keyPacket as never, type, target as never, null as never, true, RELAXED);
    return { good: true };
  } catch (e) {
    const message = (e as Error).message;
    if (/verification failed|did not match/i.test(message))
      return { good: false, quickCheck: !/did not match/i.test(message) };
    return { unsupported: message.split('\n')[0]! };
  }
}
