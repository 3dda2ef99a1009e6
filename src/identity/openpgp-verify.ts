/**
 * OpenPGP detached signature verification with openpgp.js (RFC 9580 / RFC 4880), mapped to typed failure
 * codes. The signing key must have been valid at the signature's creation time; SHA-1 and DSA are refused.
 */
import {
  config as defaultConfig,
  createMessage,
  enums,
  readSignature,
  SignaturePacket,
  verify,
  type Key,
  type Signature,
} from 'openpgp';
import type { Keyring, OpenPgpEntry, VerifyFailureCode, VerifyResult } from './types.js';
import { pickEntry, timeChecks, type DetachedOptions } from './verify-common.js';
import { fastVerify } from './openpgp-fast.js';

// DESIGN §2.4: no SHA-1 (nor anything older); RFC 9580 §9.5 lists MD5, SHA-1, RIPEMD-160 as deprecated.
const WEAK_HASHES = new Set<number>([enums.hash.md5, enums.hash.sha1, enums.hash.ripemd]);
// We enforce algorithm rules ourselves so each failure has its own code; openpgp.js's own lists are relaxed.
const RELAXED = {
  rejectHashAlgorithms: new Set<enums.hash>(),
  rejectMessageHashAlgorithms: new Set<enums.hash>(),
  rejectPublicKeyAlgorithms: new Set<enums.publicKey>(),
  minRSABits: 0,
};

const fail = (code: VerifyFailureCode, reason: string): VerifyResult => ({ ok: false, code, reason });

export async function verifyOpenPgpDetached(
  armored: string,
  message: Uint8Array,
  keyring: Keyring,
  opts: DetachedOptions,
): Promise<VerifyResult> {
  let signature: Signature;
  try {
    signature = await readSignature({ armoredSignature: armored });
  } catch (e) {
    return fail('malformed', `not an armored OpenPGP signature: ${(e as Error).message}`);
  }
  // Select by class identity, never by name: a bundler may rename classes (esbuild emits `class _SignaturePacket`).
  const packets = signature.packets.filter((p): p is SignaturePacket => p instanceof SignaturePacket);
  if (packets.length !== 1 || signature.packets.length !== 1)
    return fail(
      'malformed',
      `expected exactly one OpenPGP signature packet, found ${signature.packets.length}`,
    );
  const packet = packets[0]!;
  if (packet.signatureType !== enums.signature.binary && packet.signatureType !== enums.signature.text)
    return fail('malformed', 'OpenPGP signature is not a document signature (type binary or text)');
  if (!packet.created) return fail('malformed', 'OpenPGP signature has no creation time');

  const keyId = packet.issuerKeyID.toHex().toUpperCase();
  const candidates = keyring.openpgp.get(keyId);
  const picked = pickEntry(candidates, keyring, opts.actor, `OpenPGP key ${keyId}`);
  if (!picked.ok) return picked;
  const entry = picked.entry as OpenPgpEntry;

  const hashAlgorithm = packet.hashAlgorithm as number | null;
  if (hashAlgorithm === null || WEAK_HASHES.has(hashAlgorithm))
    return fail(
      'weak-hash',
      `signature uses ${hashAlgorithm === null ? 'no' : String(enums.read(enums.hash, hashAlgorithm)).toUpperCase()} digest; SHA-256 or stronger required`,
    );
  const signingKey = entry.key.getKeys(packet.issuerKeyID)[0];
  if (!signingKey) return fail('unknown-key', `OpenPGP key ${keyId} is not in ${entry.source}`);
  const weak = weakAlgorithm(signingKey);
  if (weak) return fail('weak-algorithm', `key ${entry.fingerprint} ${weak}`);

  const signedAt = packet.created;
  const timing = timeChecks(signedAt, entry.window, opts.at, `key ${entry.fingerprint}`);
  if (timing) return timing;
  if (signingKey.getCreationTime() > signedAt)
    return fail(
      'not-yet-valid',
      `signature predates key ${keyId} (created ${iso(signingKey.getCreationTime())})`,
    );

  // Fast path: node:crypto checks the signature; openpgp.js still judges the key at the signature's time.
  const fast = fastVerify(packet, signingKey.keyPacket as never, message);
  if (fast === false)
    return fail(
      'bad-signature',
      `signature does not match the signed bytes (key ${entry.fingerprint} (${entry.source}))`,
    );
  const attempt = async (date: Date, reformatted: boolean): Promise<string | undefined> => {
    if (fast === true) return signingKeyError(entry.key, packet, date, reformatted);
    try {
      const result = await verify({
        message: await createMessage({ binary: message }),
        signature,
        verificationKeys: entry.key,
        date,
        config: { ...RELAXED, allowInsecureVerificationWithReformattedKeys: reformatted },
      });
      const sig = result.signatures[0];
      if (!sig) return 'no signature to verify';
      await sig.verified;
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
  // The key must have been valid at the signature's own creation time (openpgp.js checks the self-signature
  // in force then, so every self-signature the key file keeps still counts for old signatures).
  let error = await attempt(signedAt, false);
  if (error !== undefined && /creation time is in the future/i.test(error)) {
    // gpg replaces a key's self-signature when its expiry changes (--quick-set-expire), so a signature can
    // predate every self-signature the key still carries. Then judge the key at its oldest self-signature
    // made after the signature: expiry and revocation are still checked, never at a later time than needed.
    const judgeAt = oldestSelfSignatureAfter(entry.key, signingKey, signedAt);
    if (judgeAt) error = await attempt(judgeAt, true);
  }
  if (error !== undefined) return mapError(error, entry);
  return {
    ok: true,
    actor: entry.actor,
    fingerprint: entry.fingerprint,
    signedAt: iso(signedAt),
    keyType: `openpgp/${signingKey.getAlgorithmInfo().algorithm}`,
  };
}

type SubOrPrimary = ReturnType<Key['getKeys']>[number];

/**
 * Times at which a key's validity can change: creation of any signature on it (self-certifications, bindings,
 * revocations) and every expiry those signatures set. Between two such times openpgp.js's judgement of the
 * key is the same, so it is asked once per interval instead of once per signature.
 */
function validityBoundaries(key: Key): number[] {
  const times: number[] = [];
  const add = (sigs: SignaturePacket[], keyCreated: Date): void => {
    for (const sig of sigs) {
      const s = sig as SignaturePacket & {
        keyExpirationTime?: number | null;
        signatureExpirationTime?: number | null;
      };
      if (!sig.created) continue;
      times.push(sig.created.getTime());
      if (s.keyExpirationTime) times.push(keyCreated.getTime() + s.keyExpirationTime * 1000);
      if (s.signatureExpirationTime) times.push(sig.created.getTime() + s.signatureExpirationTime * 1000);
    }
  };
  const created = key.getCreationTime();
  for (const u of key.users) add([...u.selfCertifications, ...u.revocationSignatures], created);
  add(key.revocationSignatures, created);
  add((key as unknown as { directSignatures?: SignaturePacket[] }).directSignatures ?? [], created);
  for (const sub of key.subkeys)
    add([...sub.bindingSignatures, ...sub.revocationSignatures], sub.getCreationTime());
  return [...new Set(times)].sort((a, b) => a - b);
}

const boundaryCache = new WeakMap<Key, number[]>();
const judgementCache = new WeakMap<Key, Map<string, string | undefined>>();

/** openpgp.js's verdict on the signing key at `date` (undefined = valid), cached per validity interval. */
async function signingKeyError(
  key: Key,
  packet: SignaturePacket,
  date: Date,
  reformatted: boolean,
): Promise<string | undefined> {
  let bounds = boundaryCache.get(key);
  if (!bounds) boundaryCache.set(key, (bounds = validityBoundaries(key)));
  const t = date.getTime();
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  const cacheKey = `${packet.issuerKeyID.toHex()}:${lo}:${reformatted}`;
  let judged = judgementCache.get(key);
  if (!judged) judgementCache.set(key, (judged = new Map()));
  if (judged.has(cacheKey)) return judged.get(cacheKey);
  let error: string | undefined;
  try {
    const cfg = { ...defaultConfig, ...RELAXED, allowInsecureVerificationWithReformattedKeys: reformatted };
    await key.getSigningKey(packet.issuerKeyID, date, undefined, cfg);
  } catch (e) {
    error = (e as Error).message;
  }
  judged.set(cacheKey, error);
  return error;
}

/** Earliest time by which the key (and the signing subkey's binding) each have a self-signature at or after `t`. */
function oldestSelfSignatureAfter(key: Key, signingKey: SubOrPrimary, t: Date): Date | undefined {
  const earliestCovering = (sigs: SignaturePacket[]): number | undefined => {
    const times = sigs.map((s) => s.created?.getTime()).filter((x): x is number => x !== undefined);
    if (times.some((x) => x <= t.getTime())) return t.getTime();
    const later = times.filter((x) => x > t.getTime());
    return later.length > 0 ? Math.min(...later) : undefined;
  };
  const primary = earliestCovering([
    ...key.users.flatMap((u) => u.selfCertifications),
    ...((key as unknown as { directSignatures?: SignaturePacket[] }).directSignatures ?? []),
  ]);
  if (primary === undefined) return undefined;
  let at = primary;
  if (signingKey !== key) {
    const sub = key.subkeys.find((s) => s.getKeyID().equals(signingKey.getKeyID()));
    const binding = sub ? earliestCovering(sub.bindingSignatures) : undefined;
    if (binding === undefined) return undefined;
    at = Math.max(at, binding);
  }
  return new Date(at);
}

function weakAlgorithm(k: SubOrPrimary): string | undefined {
  const info = k.getAlgorithmInfo();
  const alg = info.algorithm as string;
  // DESIGN §2.4: no DSA. ElGamal cannot sign; RSA below 2048 bits is refused as well.
  if (alg === 'dsa' || alg === 'elgamal') return `is ${alg.toUpperCase()}, which is not accepted`;
  if (alg.startsWith('rsa') && (info.bits ?? 0) < 2048)
    return `is RSA of ${info.bits ?? 0} bits (2048 required)`;
  return undefined;
}

function mapError(message: string, entry: OpenPgpEntry): VerifyResult {
  const where = `key ${entry.fingerprint} (${entry.source})`;
  if (/revoked/i.test(message)) return fail('revoked', `${where} was revoked: ${message}`);
  if (/expired/i.test(message)) return fail('expired', `${where} had expired at signature time: ${message}`);
  if (/in the future|newer than the signature/i.test(message))
    return fail('not-yet-valid', `${where} was not yet valid at signature time: ${message}`);
  if (/digest did not match|verification failed/i.test(message))
    return fail('bad-signature', `signature does not match the signed bytes (${where})`);
  return fail('bad-signature', `signature does not verify with ${where}: ${message}`);
}

export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
