/**
 * Shared pieces of the interoperability table tests: where the vectors are (../shared/interop-vectors beside
 * the project, read in place, never copied), and what every refusal must say. A verdict that differs from
 * git/gpg/ssh-keygen is acceptable only as one of these documented refusals (docs/behaviours.md
 * "Signatures other tools accept"), with a reason that names its cause.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { VerifyFailureCode } from '../../../src/identity/types.js';

export const PART_B = resolve(import.meta.dirname, '../../../../shared/interop-vectors/part-b');

export function requireVectors(): void {
  // Fail, never skip: CI lays ../shared beside the project.
  expect(existsSync(PART_B), `interop vectors expected at ${PART_B}`).toBe(true);
}

/** What the reason of each failure code must name (the cause, in words a user can act on). */
export const REASON_NAMES: Record<VerifyFailureCode | 'unsigned', RegExp> = {
  'unknown-key': /belongs to no actor|not in the keyring/,
  'wrong-actor': /belongs to .+, not to /,
  expired: /expired|valid only until/,
  'expired-signature': /^expired signature: it expired on \d{4}-/,
  revoked: /was revoked on \d{4}-/,
  'not-yet-valid': /valid only from|after the verification time|predates key/,
  'weak-hash': /SHA1|MD5|RIPEMD|SHA-1/i,
  'weak-algorithm': /DSA|RSA of \d+ bits|RSA key of \d+ bits/,
  unsupported: /unknown critical (notation|subpacket)|unsupported curve/,
  'invalid-key': /no valid self-signature|not certified for signing/,
  'bad-signature': /does not match the signed bytes/,
  'wrong-namespace': /namespace/,
  malformed: /.+/,
  'key-unreadable': /unreadable/,
  unsigned: /not signed/,
};

/**
 * Refusals where Gatehouse knowingly says no to what the reference tool accepts (DESIGN §2.4 and
 * docs/security.md): weak algorithms and digests, the policy's validity windows and key copies, and a
 * signature that is not exactly one detached signature packet.
 */
export const DOCUMENTED_REFUSALS = new Set<string>([
  'weak-algorithm',
  'weak-hash',
  'expired',
  'not-yet-valid',
  'revoked',
  'malformed',
  'unknown-key',
  'wrong-actor',
]);

export interface Outcome {
  ok: boolean;
  actor?: string;
  code?: string;
  reason?: string;
}

/**
 * Compare one outcome with the expected verdict: `ok`, `ok:<actor>`, `fail` (any refusal whose reason
 * names its cause), or a failure code.
 */
export function expectVerdict(label: string, expected: string, got: Outcome): void {
  const desc = `${label}: expected ${expected}, got ${got.ok ? `ok:${got.actor}` : `${got.code} (${got.reason})`}`;
  if (expected === 'ok' || expected.startsWith('ok:')) {
    expect(got.ok, desc).toBe(true);
    if (expected.startsWith('ok:')) expect(got.actor, desc).toBe(expected.slice(3));
    return;
  }
  expect(got.ok, desc).toBe(false);
  if (expected !== 'fail') expect(got.code, desc).toBe(expected);
  const names = REASON_NAMES[got.code as VerifyFailureCode];
  expect(names, desc).toBeDefined();
  expect(got.reason, desc).toMatch(names);
}
