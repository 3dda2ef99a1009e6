/**
 * Was an OpenPGP key valid at a signature's time? Judged the way GnuPG judges it (getkey.c
 * merge_selfsigs_main / merge_selfsigs_subkey), from self-signatures verified here with node:crypto:
 *
 * - Every self-signature (user-ID certification, direct-key signature, subkey binding) is checked
 *   cryptographically; its two stored hash octets are only a hint (RFC 9580 §5.2.4), so a key whose only
 *   defect is a wrong quick-check field (GitHub's web-flow key) is usable.
 * - The newest valid self-signature sets the key's expiry, even when it was made after the signature being
 *   checked: re-issued self-signatures (gpg --quick-set-expire, expiry extensions) replace older ones, as
 *   GnuPG does. A self-signature whose own signature expiry (RFC 9580 §5.2.3.18) passed before the
 *   signature time does not count.
 * - A hard revocation (no reason, key compromised, or any reason but superseded/retired) invalidates every
 *   signature; a soft one (superseded, retired) those made at or after it (RFC 9580 §5.2.3.31).
 * - A signing subkey needs a valid binding signature with the sign flag and an embedded primary-key
 *   binding signature made by the subkey (RFC 9580 §5.2.1, 0x19 back-signature).
 *
 * Designated revokers (RFC 9580 §5.2.3.23) are not consulted; a third-party revocation does not verify with
 * the key itself, so it is ignored.
 */
import { enums, type Key, type SignaturePacket } from 'openpgp';
import { checkSignature, type KeyPacketLike, type SigPacket } from './openpgp-crypto.js';
import type { VerifyFailureCode } from './types.js';

export type KeyJudgement = { ok: true } | { ok: false; code: VerifyFailureCode; reason: string };

interface SelfSig {
  created: number;
  /** Absolute signature expiry (ms), Infinity when none. */
  sigExpires: number;
  /** Absolute key expiry (ms) this signature sets, Infinity when none. */
  keyExpires: number;
  primaryUid: boolean;
  /** Key flags (RFC 9580 §5.2.3.29), undefined when the signature carries none. */
  flags: number | undefined;
  /** Which user ID (index) it certifies; -1 for direct-key signatures and subkey bindings. */
  uid: number;
}

interface Revocation {
  created: number;
  hard: boolean;
  reason: string;
}

interface Profile {
  selfSigs: SelfSig[];
  /** Self-signatures that did not verify, and why (for the message when none is left). */
  rejected: string[];
  revocations: Revocation[];
}

const SOFT = new Set<number>([enums.reasonForRevocation.keySuperseded, enums.reasonForRevocation.keyRetired]);
// RFC 9580 §5.2.3.31 reason codes.
const REASONS: Record<number, string> = {
  0: 'no reason given',
  1: 'key superseded',
  2: 'key compromised',
  3: 'key retired',
  32: 'user ID no longer valid',
};
const SIGN_FLAG = enums.keyFlags.signData;
// RFC 9580 §9.5: MD5 certifications are never accepted (GnuPG refuses them too); SHA-1 ones still are.
const REJECTED_CERT_HASHES = new Set<number>([enums.hash.md5]);
// openpgp.js config.knownNotations: critical notations an implementation may understand.
const KNOWN_NOTATIONS = new Set(['preferred-email-encoding@pgp.com', 'pka-address@gnupg.org']);

const profiles = new WeakMap<Key, Map<string, Promise<Profile>>>();

/** An unknown critical subpacket or notation makes a signature invalid (RFC 9580 §5.2.3.7, §5.2.3.24). */
export function criticalProblem(sig: SignaturePacket): string | undefined {
  const s = sig as SigPacket;
  const sub = s.unknownSubpackets.find((u) => u.critical);
  if (sub) return `unknown critical subpacket type ${sub.type}`;
  const notation = s.rawNotations.find((n) => n.critical && !KNOWN_NOTATIONS.has(n.name));
  if (notation) return `unknown critical notation ${notation.name}`;
  return undefined;
}

function expiresAt(created: number | undefined, seconds: number | null | undefined): number {
  return created === undefined || !seconds ? Infinity : created + seconds * 1000;
}

function flagsOf(sig: SignaturePacket): number | undefined {
  return sig.keyFlags && sig.keyFlags.length > 0 ? sig.keyFlags[0] : undefined;
}

async function valid(
  sig: SignaturePacket,
  signer: KeyPacketLike,
  data: Record<string, unknown>,
): Promise<string | undefined> {
  if (!sig.created) return 'no creation time';
  if (REJECTED_CERT_HASHES.has(sig.hashAlgorithm as number)) return 'MD5 digest';
  const critical = criticalProblem(sig);
  if (critical) return critical;
  const out = await checkSignature(sig as SigPacket, signer, data);
  if ('unsupported' in out) return out.unsupported;
  return out.good ? undefined : 'does not verify';
}

async function revocationsOf(
  sigs: SignaturePacket[],
  signer: KeyPacketLike,
  data: Record<string, unknown>,
): Promise<Revocation[]> {
  const out: Revocation[] = [];
  for (const sig of sigs) {
    if ((await valid(sig, signer, data)) !== undefined) continue;
    const flag = sig.reasonForRevocationFlag;
    const hard = flag === null || !SOFT.has(flag as number);
    const name = flag === null ? 'no reason given' : (REASONS[flag as number] ?? `reason ${String(flag)}`);
    const text = sig.reasonForRevocationString ? `${name}: ${sig.reasonForRevocationString}` : name;
    out.push({ created: sig.created!.getTime(), hard, reason: text });
  }
  return out;
}

async function primaryProfile(key: Key): Promise<Profile> {
  const primary = key.keyPacket as unknown as KeyPacketLike;
  const keyCreated = key.getCreationTime().getTime();
  const selfSigs: SelfSig[] = [];
  const rejected: string[] = [];
  const consider = async (
    sig: SignaturePacket,
    data: Record<string, unknown>,
    uid: number,
  ): Promise<void> => {
    const why = await valid(sig, primary, data);
    if (why !== undefined) {
      rejected.push(`self-signature of ${sig.created?.toISOString() ?? '?'}: ${why}`);
      return;
    }
    const created = sig.created!.getTime();
    selfSigs.push({
      created,
      sigExpires: sig.signatureNeverExpires ? Infinity : expiresAt(created, sig.signatureExpirationTime),
      keyExpires: sig.keyNeverExpires === false ? expiresAt(keyCreated, sig.keyExpirationTime) : Infinity,
      primaryUid: sig.isPrimaryUserID === true,
      flags: flagsOf(sig),
      uid,
    });
  };
  for (const [i, user] of key.users.entries()) {
    const data = user.userID
      ? { key: key.keyPacket, userID: user.userID }
      : { key: key.keyPacket, userAttribute: user.userAttribute };
    const start = selfSigs.length;
    for (const sig of user.selfCertifications) await consider(sig, data, i);
    // A user ID revoked after its newest certification no longer carries the key (RFC 9580 §5.2.1.16).
    const revoked = await revocationsOf(user.revocationSignatures, primary, data);
    const mine = selfSigs.slice(start);
    const newest = Math.max(...mine.map((s) => s.created));
    if (revoked.some((r) => r.created >= newest)) selfSigs.splice(start, mine.length);
  }
  const direct = (key as unknown as { directSignatures?: SignaturePacket[] }).directSignatures ?? [];
  for (const sig of direct) await consider(sig, { key: key.keyPacket }, -1);
  const revocations = await revocationsOf(key.revocationSignatures, primary, { key: key.keyPacket });
  return { selfSigs, rejected, revocations };
}

async function subkeyProfile(key: Key, sub: Key['subkeys'][number]): Promise<Profile> {
  const primary = key.keyPacket as unknown as KeyPacketLike;
  const subPacket = sub.keyPacket as unknown as KeyPacketLike;
  const subCreated = sub.getCreationTime().getTime();
  const data = { key: key.keyPacket, bind: sub.keyPacket };
  const selfSigs: SelfSig[] = [];
  const rejected: string[] = [];
  for (const sig of sub.bindingSignatures) {
    const why = await valid(sig, primary, data);
    if (why !== undefined) {
      rejected.push(`binding signature of ${sig.created?.toISOString() ?? '?'}: ${why}`);
      continue;
    }
    const flags = flagsOf(sig);
    if (flags !== undefined && (flags & SIGN_FLAG) !== 0) {
      // RFC 9580 §5.2.1: a signing subkey's binding must embed a 0x19 signature made by the subkey.
      const back = sig.embeddedSignature;
      const backWhy =
        !back || back.signatureType !== enums.signature.keyBinding
          ? 'no primary-key binding (back) signature'
          : await valid(back, subPacket, data);
      if (backWhy !== undefined) {
        rejected.push(`binding signature of ${sig.created!.toISOString()}: ${backWhy}`);
        continue;
      }
    }
    const created = sig.created!.getTime();
    selfSigs.push({
      created,
      sigExpires: sig.signatureNeverExpires ? Infinity : expiresAt(created, sig.signatureExpirationTime),
      keyExpires: sig.keyNeverExpires === false ? expiresAt(subCreated, sig.keyExpirationTime) : Infinity,
      primaryUid: false,
      flags,
      uid: -1,
    });
  }
  const revocations = await revocationsOf(sub.revocationSignatures, primary, data);
  return { selfSigs, rejected, revocations };
}

function profileOf(key: Key, id: string, make: () => Promise<Profile>): Promise<Profile> {
  let byId = profiles.get(key);
  if (!byId) profiles.set(key, (byId = new Map()));
  let p = byId.get(id);
  if (!p) byId.set(id, (p = make()));
  return p;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** GnuPG's choice: the newest self-signature per user ID, then the newest primary-flagged one, else the newest. */
function chooseSelfSig(sigs: SelfSig[], t: number): SelfSig | undefined {
  const live = sigs.filter((s) => s.sigExpires > t);
  const newestPer = new Map<number, SelfSig>();
  for (const s of live) {
    const cur = newestPer.get(s.uid);
    if (!cur || s.created > cur.created) newestPer.set(s.uid, s);
  }
  const candidates = [...newestPer.values()].sort((a, b) => b.created - a.created);
  return candidates.find((s) => s.primaryUid) ?? candidates[0];
}

function judgeProfile(p: Profile, t: number, what: string): KeyJudgement {
  for (const r of p.revocations)
    if (r.hard || r.created <= t)
      return {
        ok: false,
        code: 'revoked',
        reason: `${what} was revoked on ${iso(r.created)} (${r.reason})${r.hard ? '' : ', before the signature'}`,
      };
  const chosen = chooseSelfSig(p.selfSigs, t);
  if (!chosen) {
    if (p.selfSigs.length > 0)
      return {
        ok: false,
        code: 'expired',
        reason: `every self-signature of ${what} had expired at signature time`,
      };
    const detail = p.rejected.length > 0 ? `: ${p.rejected.slice(0, 3).join('; ')}` : '';
    return { ok: false, code: 'invalid-key', reason: `${what} has no valid self-signature${detail}` };
  }
  if (chosen.keyExpires <= t)
    return {
      ok: false,
      code: 'expired',
      reason: `${what} expired on ${iso(chosen.keyExpires)}, before the signature (${iso(t)}), by its newest self-signature (${iso(chosen.created)})`,
    };
  if (chosen.flags !== undefined && (chosen.flags & SIGN_FLAG) === 0)
    return { ok: false, code: 'invalid-key', reason: `${what} is not certified for signing (key flags)` };
  return { ok: true };
}

/** Judge the key `signingKeyId` (the primary or one of its subkeys) of `key` at time `t`. */
export async function judgeSigningKey(key: Key, signingKeyId: string, t: Date): Promise<KeyJudgement> {
  const at = t.getTime();
  const primaryId = key.getKeyID().toHex().toUpperCase();
  const fpr = key.getFingerprint().toUpperCase();
  const primary = judgeProfile(await profileOf(key, primaryId, () => primaryProfile(key)), at, `key ${fpr}`);
  if (signingKeyId === primaryId) return primary;
  if (!primary.ok) {
    // A subkey's own flags do not matter when the primary itself is unusable; the primary's flags do not
    // restrict what its subkeys may do.
    if (!/not certified for signing/.test(primary.reason)) return primary;
  }
  const sub = key.subkeys.find((s) => s.getKeyID().toHex().toUpperCase() === signingKeyId);
  if (!sub) return { ok: false, code: 'unknown-key', reason: `key ${fpr} has no subkey ${signingKeyId}` };
  return judgeProfile(
    await profileOf(key, signingKeyId, () => subkeyProfile(key, sub)),
    at,
    `subkey ${signingKeyId} of ${fpr}`,
  );
}
