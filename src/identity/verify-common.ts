/** Shared steps of OpenPGP and SSH verification: choosing the signer's keyring entry, and time windows. */
import type { KeyEntry, Keyring, KeyWindow, VerifyFail } from './types.js';

export interface DetachedOptions {
  /** The actor the document names: a key of anyone else fails with wrong-actor. */
  actor?: string;
  /** Verification time: a signature time after it (beyond CLOCK_SKEW_MS) is not-yet-valid. */
  at?: Date;
}

/** Allowance for clocks that disagree between signer and verifier. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export function pickEntry(
  candidates: KeyEntry[] | undefined,
  keyring: Keyring,
  actor: string | undefined,
  what: string,
): { ok: true; entry: KeyEntry } | VerifyFail {
  if (!candidates || candidates.length === 0) {
    // Fail closed: if the named actor has keys we could not read, say so rather than "unknown key".
    const broken = actor === undefined ? undefined : keyring.unreadable.get(actor);
    if (broken && broken.length > 0)
      return {
        ok: false,
        code: 'key-unreadable',
        reason: `${what} is not in the keyring, and ${actor} has unreadable keys: ${broken.map((p) => `${p.file ?? ''} ${p.reason}`.trim()).join('; ')}`,
      };
    return { ok: false, code: 'unknown-key', reason: `${what} belongs to no actor in the policy` };
  }
  if (actor === undefined) return { ok: true, entry: candidates[0]! };
  const mine = candidates.find((c) => c.actor === actor);
  if (mine) return { ok: true, entry: mine };
  const owners = [...new Set(candidates.map((c) => c.actor))].join(', ');
  return { ok: false, code: 'wrong-actor', reason: `${what} belongs to ${owners}, not to ${actor}` };
}

export function timeChecks(
  signedAt: Date,
  window: KeyWindow,
  at: Date | undefined,
  what: string,
): VerifyFail | undefined {
  if (at && signedAt.getTime() > at.getTime() + CLOCK_SKEW_MS)
    return {
      ok: false,
      code: 'not-yet-valid',
      reason: `signature time ${signedAt.toISOString()} is after the verification time ${at.toISOString()}`,
    };
  // OpenSSH allowed_signers semantics: valid-after is inclusive, valid-before exclusive.
  if (window.validAfter && signedAt < window.validAfter)
    return {
      ok: false,
      code: 'not-yet-valid',
      reason: `${what} is valid only from ${window.validAfter.toISOString()} (signed ${signedAt.toISOString()})`,
    };
  if (window.validBefore && signedAt >= window.validBefore)
    return {
      ok: false,
      code: 'expired',
      reason: `${what} was valid only until ${window.validBefore.toISOString()} (signed ${signedAt.toISOString()})`,
    };
  return undefined;
}
