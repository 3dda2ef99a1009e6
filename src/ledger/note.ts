/**
 * C2SP signed-note with Ed25519 (signature type 0x01), via node:crypto.
 *   verifier key: `<name>+<hex key id>+<base64(0x01 ‖ 32-byte public key)>`
 *   signer key:   `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>`
 *   key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]            (signed-note § Ed25519 signatures)
 *   note   = text (ending in \n) ‖ \n ‖ lines `— <name> <base64(key ID ‖ signature)>\n`
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { decodeUtf8Strict, describeBadByte } from '../core/utf8.js';
import {
  describeNoteProblem,
  EM_DASH,
  isValidKeyName,
  splitNote,
  strictBase64,
} from '../formats/note-text.js';

export {
  describeNoteProblem,
  EM_DASH,
  isValidKeyName,
  splitNote,
  strictBase64,
} from '../formats/note-text.js';
export type { LocatedSignature, NoteProblem, NoteSplit } from '../formats/note-text.js';

export type NoteFailure = 'format' | 'unknown-key' | 'bad-signature';

/** A note or key that failed to parse or verify, with the reason as data. */
export class NoteError extends Error {
  readonly kind: NoteFailure;
  constructor(kind: NoteFailure, message: string) {
    super(message);
    this.name = 'NoteError';
    this.kind = kind;
  }
}

const ALG_ED25519 = 0x01;
// DER prefixes wrapping a raw Ed25519 key (RFC 8410): SPKI for the public key, PKCS#8 for the seed.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: Buffer;
  key: KeyObject;
}

export interface NoteSigner {
  name: string;
  keyId: number;
  publicKey: Buffer;
  key: KeyObject;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  sig: Buffer;
}

/** signed-note § Ed25519: key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian. */
export function keyIdFor(name: string, publicKey: Uint8Array): number {
  const h = createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Buffer.of(0x0a, ALG_ED25519))
    .update(publicKey)
    .digest();
  return h.readUInt32BE(0);
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(pub: KeyObject): Buffer {
  const der = pub.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** A fresh Ed25519 key pair as note key texts. */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new NoteError('format', `invalid key name "${name}": no spaces or "+"`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = Buffer.from(der.subarray(der.length - 32));
  const pub = rawPublicKey(createPublicKey(privateKey));
  const id = hex8(keyIdFor(name, pub));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.of(ALG_ED25519), seed]).toString('base64')}`,
    verifierKey: `${name}+${id}+${Buffer.concat([Buffer.of(ALG_ED25519), pub]).toString('base64')}`,
  };
}

function splitKey(text: string, parts: number, what: string): string[] {
  const fields = text.trim().split('+');
  // The base64 key material may itself contain '+': rejoin the tail.
  if (fields.length < parts)
    throw new NoteError('format', `malformed ${what}: expected ${parts} "+"-separated fields`);
  return [...fields.slice(0, parts - 1), fields.slice(parts - 1).join('+')];
}

function keyMaterial(name: string, idHex: string, b64: string, what: string): { keyId: number; raw: Buffer } {
  if (!isValidKeyName(name)) throw new NoteError('format', `malformed ${what}: invalid key name "${name}"`);
  if (!/^[0-9a-f]{8}$/.test(idHex))
    throw new NoteError('format', `malformed ${what}: key ID must be 8 hex digits`);
  const bytes = strictBase64(b64);
  if (bytes === undefined || bytes.length !== 33)
    throw new NoteError('format', `malformed ${what}: key must be base64 of 33 bytes`);
  if (bytes[0] !== ALG_ED25519)
    throw new NoteError(
      'format',
      `unsupported ${what}: signature type 0x${(bytes[0] ?? 0).toString(16)}, not Ed25519`,
    );
  return { keyId: parseInt(idHex, 16), raw: Buffer.from(bytes.subarray(1)) };
}

/** Parses `<name>+<hex id>+<base64(0x01 ‖ pubkey)>`, checking that the ID matches the key. */
export function parseVerifierKey(text: string): NoteVerifier {
  const [name = '', idHex = '', b64 = ''] = splitKey(text, 3, 'verifier key');
  const { keyId, raw } = keyMaterial(name, idHex, b64, 'verifier key');
  if (keyIdFor(name, raw) !== keyId)
    throw new NoteError('format', 'malformed verifier key: key ID does not match key');
  let key: KeyObject;
  try {
    key = publicKeyObject(raw);
  } catch {
    throw new NoteError('format', 'malformed verifier key: not an Ed25519 public key');
  }
  return { name, keyId, publicKey: raw, key };
}

/** Parses `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>`, checking that the ID matches the key. */
export function parseSignerKey(text: string): NoteSigner {
  const [p1, p2, name = '', idHex = '', b64 = ''] = splitKey(text, 5, 'signer key');
  if (p1 !== 'PRIVATE' || p2 !== 'KEY')
    throw new NoteError('format', 'malformed signer key: must start with PRIVATE+KEY+');
  const { keyId, raw } = keyMaterial(name, idHex, b64, 'signer key');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKey(createPublicKey(key));
  if (keyIdFor(name, publicKey) !== keyId)
    throw new NoteError('format', 'malformed signer key: key ID does not match key');
  return { name, keyId, publicKey, key };
}

/** The verifier key text that goes with a signer key text. */
export function verifierKeyOf(signerKey: string): string {
  const s = parseSignerKey(signerKey);
  return `${s.name}+${hex8(s.keyId)}+${Buffer.concat([Buffer.of(ALG_ED25519), s.publicKey]).toString('base64')}`;
}

/**
 * signed-note § Format: a note is valid UTF-8 (checked on its bytes by decodeNote, never by looking for U+FFFD,
 * which is a valid character) with no control characters but newline. A string holding a lone surrogate is not
 * Unicode text: its UTF-8 encoding would not be the bytes it claims to be, so it is refused too.
 */
function checkText(text: string, what: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text))
    throw new NoteError('format', `${what} contains control characters`);
  if (/\p{Cs}/u.test(text))
    throw new NoteError('format', `${what} contains a lone surrogate (not Unicode text)`);
}

/**
 * The text of a note file, decoded with a fatal UTF-8 decoder (a BOM is kept, so the text re-encodes to the
 * bytes that were signed). Bytes that are not UTF-8 are NoteError('format') naming the first bad byte.
 */
export function decodeNote(bytes: Uint8Array, what = 'note'): string {
  const r = decodeUtf8Strict(bytes, { keepBom: true });
  if (!r.ok) throw new NoteError('format', `${what} is not valid UTF-8 (${describeBadByte(r)})`);
  return r.text;
}

/** Signs `text` (which must end in a newline) and returns the signed note. */
export function signNote(text: string, signer: NoteSigner | string): string {
  const s = typeof signer === 'string' ? parseSignerKey(signer) : signer;
  checkText(text, 'note text');
  if (!text.endsWith('\n')) throw new NoteError('format', 'note text must end with a newline');
  const sig = sign(null, Buffer.from(text, 'utf8'), s.key);
  const blob = Buffer.alloc(4 + sig.length);
  blob.writeUInt32BE(s.keyId, 0);
  sig.copy(blob, 4);
  return `${text}\n${EM_DASH} ${s.name} ${blob.toString('base64')}\n`;
}

/** Splits a signed note into its text and signature lines; throws NoteError('format') naming the first problem. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = splitNote(note);
  const first = split.problems[0];
  if (first) throw new NoteError('format', describeNoteProblem(first));
  return { text: split.text, signatures: split.signatures };
}

/**
 * Opens a note against the known verifiers (signed-note § Signatures): signatures from unknown keys
 * are ignored; a known key's signature that fails rejects the whole note; at least one must verify.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): string {
  const { text, signatures } = parseNote(note);
  const data = Buffer.from(text, 'utf8');
  let verified = 0;
  for (const s of signatures) {
    const v = verifiers.find((k) => k.name === s.name && k.keyId === s.keyId);
    if (!v) continue;
    if (s.sig.length !== 64 || !verify(null, data, v.key, s.sig))
      throw new NoteError('bad-signature', `signature by ${s.name}+${hex8(s.keyId)} does not verify`);
    verified++;
  }
  if (verified === 0) {
    const names = signatures.map((s) => `${s.name}+${hex8(s.keyId)}`).join(', ');
    throw new NoteError('unknown-key', `no signature from a known key (signed by ${names})`);
  }
  return text;
}
