/**
 * A node:crypto fast path for the common OpenPGP document signature: version 4, binary (type 0x00), made
 * with Ed25519 (legacy EdDSA or RFC 9580 Ed25519), RSA or NIST-curve ECDSA. openpgp.js still parses the
 * packet and judges the key; only the cryptographic check moves to node:crypto, which is far faster than
 * openpgp.js's JavaScript Ed25519. Anything else returns undefined and takes openpgp.js's full path.
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { enums, type SignaturePacket } from 'openpgp';

// RFC 9580 §9.5 hash algorithm IDs → node:crypto names (SHA-1 and older never reach here).
const HASH_NAMES: Partial<Record<number, string>> = {
  [enums.hash.sha256]: 'sha256',
  [enums.hash.sha384]: 'sha384',
  [enums.hash.sha512]: 'sha512',
  [enums.hash.sha224]: 'sha224',
  [enums.hash.sha3_256]: 'sha3-256',
  [enums.hash.sha3_512]: 'sha3-512',
};
const CURVES: Record<string, { crv: string; size: number }> = {
  nistP256: { crv: 'P-256', size: 32 },
  nistP384: { crv: 'P-384', size: 48 },
  nistP521: { crv: 'P-521', size: 66 },
};

interface KeyPacketLike {
  algorithm: number;
  publicParams: Record<string, unknown>;
}

const keyCache = new WeakMap<object, { key: KeyObject; size: number } | null>();

function leftPad(bytes: Uint8Array, len: number): Buffer | undefined {
  if (bytes.length > len) return undefined;
  const out = Buffer.alloc(len);
  Buffer.from(bytes).copy(out, len - bytes.length);
  return out;
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function nodeKey(kp: KeyPacketLike): { key: KeyObject; size: number } | null {
  const hit = keyCache.get(kp);
  if (hit !== undefined) return hit;
  let out: { key: KeyObject; size: number } | null = null;
  try {
    const p = kp.publicParams;
    if (kp.algorithm === enums.publicKey.eddsaLegacy) {
      const q = p.Q as Uint8Array; // 0x40 || 32-byte public key (RFC 9580 §11.2.2)
      if (q.length === 33 && q[0] === 0x40)
        out = {
          key: createPublicKey({
            key: { kty: 'OKP', crv: 'Ed25519', x: b64u(q.subarray(1)) },
            format: 'jwk',
          }),
          size: 32,
        };
    } else if (kp.algorithm === enums.publicKey.ed25519) {
      const a = p.A as Uint8Array;
      out = {
        key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64u(a) }, format: 'jwk' }),
        size: 32,
      };
    } else if (kp.algorithm === enums.publicKey.rsaSign || kp.algorithm === enums.publicKey.rsaEncryptSign) {
      const n = p.n as Uint8Array;
      out = {
        key: createPublicKey({ key: { kty: 'RSA', n: b64u(n), e: b64u(p.e as Uint8Array) }, format: 'jwk' }),
        size: n.length,
      };
    } else if (kp.algorithm === enums.publicKey.ecdsa) {
      const curve = CURVES[(p.oid as { getName(): string }).getName()];
      const q = p.Q as Uint8Array;
      if (curve && q.length === 1 + 2 * curve.size && q[0] === 0x04)
        out = {
          key: createPublicKey({
            key: {
              kty: 'EC',
              crv: curve.crv,
              x: b64u(q.subarray(1, 1 + curve.size)),
              y: b64u(q.subarray(1 + curve.size)),
            },
            format: 'jwk',
          }),
          size: curve.size,
        };
    }
  } catch {
    out = null;
  }
  keyCache.set(kp, out);
  return out;
}

/**
 * Check a v4 binary signature over `message` with node:crypto: true (good), false (bad), or undefined when
 * this packet/key is outside the fast path.
 */
export function fastVerify(
  packet: SignaturePacket,
  keyPacket: KeyPacketLike,
  message: Uint8Array,
): boolean | undefined {
  const pkt = packet as SignaturePacket & {
    version: number;
    signatureData: Uint8Array;
    signedHashValue: Uint8Array;
    params: Record<string, Uint8Array> | Promise<unknown>;
    unknownSubpackets: { critical: boolean }[];
    rawNotations: { critical: boolean }[];
  };
  if (pkt.version !== 4 || pkt.signatureType !== enums.signature.binary) return undefined;
  // Critical subpackets or notations we do not know: let openpgp.js refuse them with its own message.
  if (pkt.unknownSubpackets.some((s) => s.critical) || pkt.rawNotations.some((n) => n.critical))
    return undefined;
  if (pkt.publicKeyAlgorithm !== keyPacket.algorithm) return false;
  const hashName = HASH_NAMES[pkt.hashAlgorithm as number];
  const params = pkt.params;
  if (!hashName || params instanceof Promise) return undefined;
  const key = nodeKey(keyPacket);
  if (!key) return undefined;
  // RFC 9580 §5.2.4: hash(data || hashed part of the packet || 0x04 0xFF || uint32 length of that part)
  const trailer = Buffer.alloc(6);
  trailer[0] = 4;
  trailer[1] = 0xff;
  trailer.writeUInt32BE(pkt.signatureData.length, 2);
  const toHash = Buffer.concat([message, pkt.signatureData, trailer]);
  const digest = createHash(hashName).update(toHash).digest();
  // RFC 9580 §5.2.3: the left 16 bits of the hash are stored in the clear; a mismatch is a bad signature.
  if (digest[0] !== pkt.signedHashValue[0] || digest[1] !== pkt.signedHashValue[1]) return false;
  const alg = pkt.publicKeyAlgorithm as number;
  try {
    if (alg === enums.publicKey.eddsaLegacy || alg === enums.publicKey.ed25519) {
      // RFC 9580 §5.2.3.3/§5.2.3.4: (legacy) EdDSA signs the digest, not the data.
      if (hashName === 'sha224') return undefined; // too weak for EdDSA (RFC 9580 §5.2.3.3)
      const sig =
        alg === enums.publicKey.ed25519
          ? Buffer.from(params.RS as Uint8Array)
          : Buffer.concat([
              leftPad(params.r as Uint8Array, 32) ?? Buffer.alloc(0),
              leftPad(params.s as Uint8Array, 32) ?? Buffer.alloc(0),
            ]);
      return sig.length === 64 && cryptoVerify(null, digest, key.key, sig);
    }
    if (alg === enums.publicKey.ecdsa) {
      const r = leftPad(params.r as Uint8Array, key.size);
      const s = leftPad(params.s as Uint8Array, key.size);
      if (!r || !s) return false;
      return cryptoVerify(
        hashName,
        toHash,
        { key: key.key, dsaEncoding: 'ieee-p1363' },
        Buffer.concat([r, s]),
      );
    }
    const s = leftPad(params.s as Uint8Array, key.size);
    if (!s) return false;
    return cryptoVerify(hashName, toHash, key.key, s); // RSASSA-PKCS1-v1_5 (RFC 8017 §8.2)
  } catch {
    return false;
  }
}
