/**
 * policies/witnesses.yaml beyond its schema (docs/witnesses.md), and the one reader of witness verifier keys:
 *
 *   vkey   = <name>+<hex key ID>+<base64(0x04 ‖ 32-byte Ed25519 public key)>        (signed-note verifier key)
 *   key ID = SHA-256(<name> ‖ "\n" ‖ 0x04 ‖ public key)[:4]                           (tlog-cosignature § Format)
 *
 * The rules: every key reads, its name is the witness's name, names and keys are unique (tlog-cosignature: one
 * key per cosigner, since the Ed25519 message does not commit to the name), and the quorum is at most the number
 * of witnesses. Pure: `gatehouse validate` and the loader report them at the field's line.
 */
import { createHash } from 'node:crypto';
import { isValidKeyName, strictBase64 } from './note-text.js';

/** tlog-cosignature § Format: the signature type byte of Ed25519 cosignature/v1 keys. */
export const ALG_COSIGNATURE_V1 = 0x04;
const ALG_NOTE_ED25519 = 0x01;

export interface WitnessEntry {
  name: string;
  key: string;
  url?: string;
}

/** policies/witnesses.yaml as its schema accepts it. */
export interface WitnessPolicyDoc {
  witnesses: WitnessEntry[];
  quorum: number;
}

export interface WitnessVkey {
  name: string;
  keyId: number;
  /** The 32-byte Ed25519 public key. */
  publicKey: Buffer;
}

/** tlog-cosignature § Format: SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4] as a big-endian integer. */
export function cosignerKeyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Buffer.of(0x0a, ALG_COSIGNATURE_V1))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

/** Reads a witness vkey or throws an Error whose message says what is wrong with it. */
export function readWitnessVkey(text: string, what = 'witness key'): WitnessVkey {
  const f = text.trim().split('+');
  if (f.length < 3) throw new Error(`malformed ${what}: expected 3 "+"-separated fields`);
  // The base64 key may itself hold '+': rejoin the tail.
  const [name = '', idHex = ''] = f;
  const b64 = f.slice(2).join('+');
  if (!isValidKeyName(name)) throw new Error(`malformed ${what}: invalid key name "${name}"`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error(`malformed ${what}: key ID must be 8 hex digits`);
  const bytes = strictBase64(b64);
  if (bytes === undefined || bytes.length !== 33)
    throw new Error(`malformed ${what}: key must be base64 of 33 bytes (the type byte and the key)`);
  if (bytes[0] === ALG_NOTE_ED25519)
    throw new Error(
      `${what} has signature type 0x01 (a note signing key): a witness key has type 0x04 (cosignature/v1)`,
    );
  if (bytes[0] !== ALG_COSIGNATURE_V1)
    throw new Error(
      `unsupported ${what}: signature type 0x${(bytes[0] ?? 0).toString(16).padStart(2, '0')}, not 0x04 (Ed25519 cosignature/v1)`,
    );
  const publicKey = Buffer.from(bytes.subarray(1));
  const keyId = parseInt(idHex, 16);
  if (cosignerKeyId(name, publicKey) !== keyId)
    throw new Error(`malformed ${what}: key ID ${idHex} does not match the key (tlog-cosignature key ID)`);
  return { name, keyId, publicKey };
}

export function witnessPolicyProblems(doc: WitnessPolicyDoc): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  doc.witnesses.forEach((w, i) => {
    const at = `/witnesses/${i}`;
    const seenName = names.get(w.name);
    if (seenName !== undefined)
      out.push({
        pointer: `${at}/name`,
        message: `duplicate witness "${w.name}" (also witness ${seenName + 1})`,
      });
    else names.set(w.name, i);
    let v: WitnessVkey;
    try {
      v = readWitnessVkey(w.key);
    } catch (err) {
      out.push({
        pointer: `${at}/key`,
        message: `${(err as Error).message} (expected <name>+<key id>+<base64(0x04 ‖ key)>)`,
      });
      return;
    }
    if (v.name !== w.name)
      out.push({
        pointer: `${at}/key`,
        message: `the key is named "${v.name}" but the witness is "${w.name}": a cosignature line carries the key's name`,
      });
    const hex = v.publicKey.toString('hex');
    const seenKey = keys.get(hex);
    if (seenKey !== undefined)
      out.push({
        pointer: `${at}/key`,
        message: `the same public key as witness ${seenKey + 1}: each witness needs its own key (tlog-cosignature)`,
      });
    else keys.set(hex, i);
  });
  if (doc.quorum > doc.witnesses.length)
    out.push({
      pointer: '/quorum',
      message: `quorum ${doc.quorum} is more than the ${doc.witnesses.length} witness${doc.witnesses.length === 1 ? '' : 'es'} listed: no checkpoint could ever meet it`,
    });
  return out;
}
