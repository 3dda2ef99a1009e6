/**
 * FIDO/U2F security-key SSH keys (OpenSSH PROTOCOL.u2f): `sk-ssh-ed25519@openssh.com` and
 * `sk-ecdsa-sha2-nistp256@openssh.com`. The authenticator does not sign the data itself but
 *
 *     byte[32] SHA256(application) ‖ byte flags ‖ uint32 counter ‖ byte[32] SHA256(data)
 *
 * (PROTOCOL.u2f "SSH U2F signatures"; no extensions are defined for SSH, OpenSSH's ssh-ed25519-sk.c and
 * ssh-ecdsa-sk.c rebuild exactly these four fields), and the SSH signature blob carries the flags and the
 * counter after the signature: `string alg, string signature, byte flags, uint32 counter`.
 *
 * User presence (flag 0x01, a touch of the key): `ssh-keygen -Y verify` and so git accept signatures
 * without it, and so do commit signatures here. Document signatures (approvals, manifests, overrides)
 * stand for a person's decision, so verify.ts requires the flag for them (docs/security.md).
 */
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { WireError, WireReader, base64url, padStart, wireUint32 } from './ssh-wire.js';

export const SK_ED25519 = 'sk-ssh-ed25519@openssh.com';
export const SK_ECDSA = 'sk-ecdsa-sha2-nistp256@openssh.com';
/** PROTOCOL.u2f / sk-api.h: SSH_SK_USER_PRESENCE_REQD, the "user present" bit of the signature flags. */
export const SK_USER_PRESENT = 0x01;
/** sk-api.h: SSH_SK_USER_VERIFICATION_REQD (PIN or biometric checked by the authenticator). */
export const SK_USER_VERIFIED = 0x04;

export function isSkType(type: string): boolean {
  return type === SK_ED25519 || type === SK_ECDSA;
}

/**
 * Read the rest of an sk public key blob after its type name (PROTOCOL.u2f "SSH U2F Key formats"):
 * ed25519: string public key, string application; ecdsa: string curve name, ec_point Q, string application.
 */
export function readSkPublicKey(type: string, r: WireReader) {
  if (type === SK_ED25519) {
    const pk = r.string();
    const application = r.text();
    r.end();
    if (pk.length !== 32) throw new WireError(`ed25519 public key is ${pk.length} bytes, expected 32`);
    const keyObject = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url(pk) },
      format: 'jwk',
    });
    return { bits: 256, keyObject, application };
  }
  const curve = r.text();
  const q = r.string();
  const application = r.text();
  r.end();
  if (curve !== 'nistp256') throw new WireError(`${SK_ECDSA} key names curve ${curve}, expected nistp256`);
  if (q.length !== 65 || q[0] !== 0x04)
    throw new WireError('ECDSA public point is not an uncompressed point of the curve');
  const keyObject = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: base64url(q.subarray(1, 33)), y: base64url(q.subarray(33)) },
    format: 'jwk',
  });
  return { bits: 256, keyObject, application };
}

export interface SkSignature {
  sigBytes: Buffer;
  flags: number;
  counter: number;
}

/** The tail of an sk signature blob (after `string alg`): string signature, byte flags, uint32 counter. */
export function readSkSignature(r: WireReader): SkSignature {
  const sigBytes = r.string();
  const flags = r.bytes(1)[0]!;
  const counter = r.uint32();
  r.end();
  return { sigBytes, flags, counter };
}

/** PROTOCOL.u2f: the bytes the authenticator signed for `data` (here: the SSHSIG signed data). */
export function skSignedBlob(application: string, flags: number, counter: number, data: Uint8Array): Buffer {
  return Buffer.concat([
    createHash('sha256').update(application, 'utf8').digest(),
    Buffer.from([flags]),
    wireUint32(counter),
    createHash('sha256').update(data).digest(),
  ]);
}

/** Verify an sk signature over `data` (true/false); throws WireError on a malformed ECDSA signature. */
export function verifySk(
  type: string,
  keyObject: Parameters<typeof cryptoVerify>[2],
  application: string,
  sig: SkSignature,
  data: Uint8Array,
): boolean {
  const blob = skSignedBlob(application, sig.flags, sig.counter, data);
  if (type === SK_ED25519)
    return sig.sigBytes.length === 64 && cryptoVerify(null, blob, keyObject, sig.sigBytes);
  // ssh-ecdsa-sk.c: ECDSA P-256 with SHA-256 over the blob; RFC 5656 §3.1.2 mpint r, mpint s.
  const r = new WireReader(sig.sigBytes);
  const rr = r.mpint();
  const ss = r.mpint();
  r.end();
  const p1363 = Buffer.concat([padStart(rr, 32), padStart(ss, 32)]);
  return cryptoVerify('sha256', blob, { key: keyObject as never, dsaEncoding: 'ieee-p1363' }, p1363);
}
