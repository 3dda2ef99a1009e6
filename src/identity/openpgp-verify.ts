/**
 * OpenPGP detached signature verification (RFC 9580 / RFC 4880), mapped to typed failure codes: openpgp.js
 * parses the packets, openpgp-crypto.ts checks the signature, openpgp-key-validity.ts judges the key at the
 * signature's creation time as GnuPG does. SHA-1 and DSA are refused; so are expired signatures and ones
 * carrying an unknown critical subpacket or notation.
 */
import { enums, readSignature, SignaturePacket, type Key, type Signature } from 'openpgp';
import type { Keyring, OpenPgpEntry, VerifyFailureCode, VerifyResult } from './types.js';
import { pickEntry, timeChecks, type DetachedOptions } from './verify-common.js';
import { checkSignature, type SigPacket } from './openpgp-crypto.js';
import { criticalProblem, judgeSigningKey } from './openpgp-key-validity.js';

// DESIGN §2.4: no SHA-1 (nor anything older); RFC 9580 §9.5 lists MD5, SHA-1, RIPEMD-160 as deprecated.
const WEAK_HASHES = new Set<number>([enums.hash.md5, enums.hash.sha1, enums.hash.ripemd]);

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

  // RFC 9580 §5.2.3.7 / §5.2.3.24: an unknown critical subpacket or notation makes the signature invalid.
  const critical = criticalProblem(packet);
  if (critical)
    return fail(
      'unsupported',
      `signature carries an ${critical}, so it cannot be accepted (RFC 9580 §5.2.3.7)`,
    );

  const where = `key ${entry.fingerprint} (${entry.source})`;
  const crypto = await checkSignature(packet as SigPacket, signingKey.keyPacket as never, { message });
  if ('unsupported' in crypto)
    return fail('unsupported', `cannot verify a signature by ${where}: ${crypto.unsupported}`);
  if (!crypto.good)
    return fail(
      'bad-signature',
      `signature does not match the signed bytes (${where})${crypto.quickCheck ? '' : '; its quick-check octets differ too'}`,
    );
  // RFC 9580 §5.2.3.18: a signature past its own expiration time is refused (gpg: EXPSIG), judged at the
  // verification time (or, without one, at the signature's own time).
  const expires = signatureExpiry(packet);
  const judgedAt = opts.at ?? signedAt;
  if (expires !== undefined && judgedAt.getTime() >= expires.getTime())
    return fail(
      'expired-signature',
      `expired signature: it expired on ${iso(expires)} (signed ${iso(signedAt)}, key ${entry.fingerprint})`,
    );
  // The key must have been valid at the signature's own creation time, judged as GnuPG does.
  const judged = await judgeSigningKey(entry.key, keyId, signedAt);
  if (!judged.ok) return fail(judged.code, `${judged.reason} (${entry.source})`);
  return {
    ok: true,
    actor: entry.actor,
    fingerprint: entry.fingerprint,
    signedAt: iso(signedAt),
    keyType: `openpgp/${signingKey.getAlgorithmInfo().algorithm}`,
  };
}

type SubOrPrimary = ReturnType<Key['getKeys']>[number];

function signatureExpiry(packet: SignaturePacket): Date | undefined {
  if (packet.signatureNeverExpires || !packet.signatureExpirationTime || !packet.created) return undefined;
  return new Date(packet.created.getTime() + packet.signatureExpirationTime * 1000);
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

export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
