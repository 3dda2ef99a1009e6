/**
 * Identity types: the keyring built from policies/actors.yaml (DESIGN §2.7) and the outcome of verifying a
 * signature (DESIGN §2.4). Results, not exceptions: a bad signature is data the gate turns into a node.
 */
import type { Key } from 'openpgp';
import type { Actor, SignatureType } from '../core/documents.js';
import type { SshPublicKey } from './ssh-keys.js';

export type VerifyFailureCode =
  | 'unknown-key' // no actor in the policy holds the signing key
  | 'wrong-actor' // the key belongs to another actor than the one the document names
  | 'expired' // the key (or its policy validity window) had ended at signature time
  | 'expired-signature' // the signature's own expiration time (RFC 9580 §5.2.3.18) has passed (gpg: EXPSIG)
  | 'revoked' // the key was revoked
  | 'not-yet-valid' // signature time before the key's creation or valid_after, or after the verification time
  | 'weak-hash' // SHA-1 (or worse) digest
  | 'weak-algorithm' // DSA, RSA below 2048 bits
  | 'unsupported' // a key type, curve or signature format Gatehouse cannot verify (named in the reason)
  | 'invalid-key' // the key carries no valid self-signature or binding for signing
  | 'bad-signature' // the signature does not match the bytes
  | 'wrong-namespace' // SSHSIG namespace other than the one required
  | 'malformed' // not a parseable signature, or the document has no usable signature field
  | 'key-unreadable'; // the signer's key is listed but could not be read (a keyring problem)

export type VerifyOk = {
  ok: true;
  actor: string;
  /** OpenPGP: primary key fingerprint, upper-case hex. SSH: `SHA256:<base64>` as ssh-keygen prints it. */
  fingerprint: string;
  /** ISO-8601 (UTC, seconds). OpenPGP: the signature's creation time; SSH: the document's own timestamp. */
  signedAt: string;
  /** e.g. `openpgp/eddsaLegacy`, `openpgp/rsaSign`, `ssh/ssh-ed25519`, `ssh/ecdsa-sha2-nistp256`. */
  keyType: string;
};
export type VerifyFail = { ok: false; code: VerifyFailureCode; reason: string };
export type VerifyResult = VerifyOk | VerifyFail;

/** A key the policy lists that could not be used: the gate makes it an `error` node (fail closed). */
export interface KeyringProblem {
  actor: string;
  /** The key file relative to policies/, or `actors.yaml` for an inline key. */
  file?: string;
  reason: string;
}

/** Policy validity window of one listed key (OpenSSH allowed_signers valid-after / valid-before). */
export interface KeyWindow {
  validAfter?: Date;
  validBefore?: Date;
}

export interface OpenPgpEntry {
  kind: 'openpgp';
  actor: string;
  /** Where the key was listed: `keys/alice.asc`, or `actors.yaml` for inline keys. */
  source: string;
  key: Key;
  /** Primary key fingerprint, upper-case hex. */
  fingerprint: string;
  window: KeyWindow;
}

export interface SshEntry {
  kind: 'ssh';
  actor: string;
  source: string;
  key: SshPublicKey;
  window: KeyWindow;
}

export type KeyEntry = OpenPgpEntry | SshEntry;

export interface Keyring {
  actors: ReadonlyMap<string, Actor>;
  /** By 16-hex-digit upper-case key ID of the primary key and of every subkey. */
  openpgp: ReadonlyMap<string, OpenPgpEntry[]>;
  /** By base64 of the SSH public key blob. */
  ssh: ReadonlyMap<string, SshEntry[]>;
  /** Actors whose listed keys could not all be read, with the files that failed. */
  unreadable: ReadonlyMap<string, KeyringProblem[]>;
  problems: KeyringProblem[];
}

export interface SignatureValue {
  type: SignatureType;
  value: string;
}
