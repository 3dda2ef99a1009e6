/**
 * SSH public and private keys over node:crypto: public key lines ("ssh-ed25519 AAAA… comment"), the
 * OpenSSH private key container (PROTOCOL.key) for unencrypted Ed25519 keys, and PKCS#8 PEM Ed25519 keys.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { WireError, WireReader, base64url, wireString, wireUint32 } from './ssh-wire.js';
import { isSkType, readSkPublicKey } from './ssh-sk.js';

export interface SshPublicKey {
  /** Key type name from the blob, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`. */
  type: string;
  /** The public key blob (RFC 4253 §6.6), base of the fingerprint and of SSHSIG's publickey field. */
  blob: Buffer;
  comment: string;
  /** `SHA256:<base64, no padding>`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  bits: number;
  /** FIDO security keys (PROTOCOL.u2f): the application string the authenticator signs under. */
  application?: string;
  /** Set for keys we parse but never accept (DSA, short RSA): verification fails with weak-algorithm. */
  weak?: string;
  keyObject?: KeyObject;
}

// RFC 5656 §6.2.1 curve identifiers → JWK curve names and the hash each curve signs with (§6.2.1).
const ECDSA_CURVES: Record<string, { crv: string; size: number; hash: string }> = {
  nistp256: { crv: 'P-256', size: 32, hash: 'sha256' },
  nistp384: { crv: 'P-384', size: 48, hash: 'sha384' },
  nistp521: { crv: 'P-521', size: 66, hash: 'sha512' },
};

export function ecdsaCurve(keyType: string): { crv: string; size: number; hash: string } | undefined {
  const m = /^ecdsa-sha2-(nistp\d+)$/.exec(keyType);
  return m ? ECDSA_CURVES[m[1]!] : undefined;
}

export function sshFingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Parse a public key blob into a node:crypto key. Throws WireError/Error with a readable reason. */
export function parseSshPublicBlob(blob: Buffer, comment = ''): SshPublicKey {
  const r = new WireReader(blob);
  const type = r.text();
  const base = { type, blob, comment, fingerprint: sshFingerprint(blob) };
  if (type === 'ssh-ed25519') {
    // RFC 8709 §4: string "ssh-ed25519", string key (32 bytes)
    const pk = r.string();
    r.end();
    if (pk.length !== 32) throw new WireError(`ed25519 public key is ${pk.length} bytes, expected 32`);
    const keyObject = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url(pk) },
      format: 'jwk',
    });
    return { ...base, bits: 256, keyObject };
  }
  const curve = ecdsaCurve(type);
  if (curve) {
    // RFC 5656 §3.1: string identifier, string Q (uncompressed point 0x04 || x || y)
    const ident = r.text();
    const q = r.string();
    r.end();
    if (`ecdsa-sha2-${ident}` !== type) throw new WireError(`curve ${ident} does not match key type ${type}`);
    if (q.length !== 1 + 2 * curve.size || q[0] !== 0x04)
      throw new WireError('ECDSA public point is not an uncompressed point of the curve');
    const keyObject = createPublicKey({
      key: {
        kty: 'EC',
        crv: curve.crv,
        x: base64url(q.subarray(1, 1 + curve.size)),
        y: base64url(q.subarray(1 + curve.size)),
      },
      format: 'jwk',
    });
    return { ...base, bits: curve.size * 8 > 512 ? 521 : curve.size * 8, keyObject };
  }
  if (type === 'ssh-rsa') {
    // RFC 4253 §6.6: string "ssh-rsa", mpint e, mpint n
    const e = r.mpint();
    const n = r.mpint();
    r.end();
    const bits = bitLength(n);
    const keyObject = createPublicKey({
      key: { kty: 'RSA', n: base64url(n), e: base64url(e) },
      format: 'jwk',
    });
    const weak = bits < 2048 ? `RSA key of ${bits} bits (at least 2048 required)` : undefined;
    return weak ? { ...base, bits, weak } : { ...base, bits, keyObject };
  }
  if (isSkType(type)) return { ...base, ...readSkPublicKey(type, r) };
  if (type === 'ssh-dss') {
    // RFC 4253 §6.6: DSA is parsed so it can be named, never accepted (DESIGN §2.4: no DSA).
    const p = r.mpint();
    r.mpint();
    r.mpint();
    r.mpint();
    r.end();
    return { ...base, bits: bitLength(p), weak: 'DSA keys are not accepted' };
  }
  throw new WireError(`unsupported SSH key type "${type}"`);
}

function bitLength(n: Uint8Array): number {
  const first = n[0];
  if (first === undefined) return 0;
  return (n.length - 1) * 8 + (32 - Math.clz32(first));
}

/** Parse one public key line: `<type> <base64 blob> [comment]`. */
export function parseSshPublicKeyLine(line: string): SshPublicKey {
  const parts = line.trim().split(/\s+/);
  const [type, b64, ...rest] = parts;
  if (!type || !b64) throw new WireError('expected "<key type> <base64 key> [comment]"');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new WireError('the key is not valid base64');
  const key = parseSshPublicBlob(Buffer.from(b64, 'base64'), rest.join(' '));
  if (key.type !== type) throw new WireError(`line says ${type} but the key inside is ${key.type}`);
  return key;
}

/** Every key in an OpenSSH public key file (one per line; blank lines and `#` comments skipped). */
export function parseSshPublicKeys(text: string): SshPublicKey[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map(parseSshPublicKeyLine);
}

export function sshPublicKeyLine(key: Pick<SshPublicKey, 'type' | 'blob' | 'comment'>): string {
  return `${key.type} ${key.blob.toString('base64')}${key.comment ? ` ${key.comment}` : ''}`;
}

// Private keys ------------------------------------------------------------------------------------

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const OPENSSH_BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const OPENSSH_END = '-----END OPENSSH PRIVATE KEY-----';

export interface SshPrivateKeyInfo {
  /** The public half, always readable (PROTOCOL.key keeps public keys outside the encrypted part). */
  publicKey: SshPublicKey;
  /** Set only for unencrypted Ed25519 keys, which can sign in-process. */
  ed25519?: KeyObject;
  encrypted: boolean;
}

/** Read an OpenSSH (PROTOCOL.key) or PKCS#8 PEM private key file. */
export function parseSshPrivateKey(text: string): SshPrivateKeyInfo {
  if (text.includes(OPENSSH_BEGIN)) return parseOpenSshPrivateKey(text);
  if (/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
    if (text.includes('ENCRYPTED PRIVATE KEY'))
      throw new WireError('encrypted PKCS#8 keys are not supported');
    const priv = createPrivateKey({ key: text, format: 'pem' });
    if (priv.asymmetricKeyType !== 'ed25519')
      throw new WireError(
        `PKCS#8 ${priv.asymmetricKeyType ?? 'unknown'} keys are not supported; use ssh-keygen`,
      );
    const raw = rawEd25519Public(createPublicKey(priv));
    return { publicKey: parseSshPublicBlob(ed25519Blob(raw)), ed25519: priv, encrypted: false };
  }
  throw new WireError('not an OpenSSH or PKCS#8 private key');
}

function parseOpenSshPrivateKey(text: string): SshPrivateKeyInfo {
  const start = text.indexOf(OPENSSH_BEGIN) + OPENSSH_BEGIN.length;
  const stop = text.indexOf(OPENSSH_END, start);
  if (stop < 0) throw new WireError('unterminated OpenSSH private key');
  const data = Buffer.from(text.slice(start, stop).replace(/\s+/g, ''), 'base64');
  if (!data.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC))
    throw new WireError('missing openssh-key-v1 magic');
  // PROTOCOL.key: string ciphername, string kdfname, string kdfoptions, uint32 N, string pubkey[N], string private
  const r = new WireReader(data.subarray(OPENSSH_MAGIC.length));
  const cipher = r.text();
  r.text();
  r.string();
  const n = r.uint32();
  if (n !== 1) throw new WireError(`the file holds ${n} keys; expected 1`);
  const publicKey = parseSshPublicBlob(r.string());
  const priv = r.string();
  if (cipher !== 'none') return { publicKey, encrypted: true };
  if (publicKey.type !== 'ssh-ed25519') return { publicKey, encrypted: false };
  const p = new WireReader(priv);
  if (p.uint32() !== p.uint32()) throw new WireError('check integers differ (corrupt key)');
  if (p.text() !== 'ssh-ed25519') throw new WireError('private key type does not match the public key');
  const pub = p.string();
  const secret = p.string(); // RFC 8709 / PROTOCOL.key: seed (32) || public (32)
  if (secret.length !== 64 || !secret.subarray(32).equals(pub))
    throw new WireError('malformed ed25519 private key');
  const ed25519 = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: base64url(pub), d: base64url(secret.subarray(0, 32)) },
    format: 'jwk',
  });
  return { publicKey, ed25519, encrypted: false };
}

export function rawEd25519Public(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new WireError('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function ed25519Blob(raw: Uint8Array): Buffer {
  return Buffer.concat([wireString('ssh-ed25519'), wireString(raw)]);
}

/** Serialise an unencrypted Ed25519 key in the OpenSSH container (PROTOCOL.key), as ssh-keygen writes it. */
export function encodeOpenSshEd25519(privateKey: KeyObject, comment: string): string {
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string' || typeof jwk.x !== 'string')
    throw new WireError('not an Ed25519 private key');
  const seed = Buffer.from(jwk.d, 'base64url');
  const pub = Buffer.from(jwk.x, 'base64url');
  const check = randomBytes(4);
  let section = Buffer.concat([
    check,
    check,
    wireString('ssh-ed25519'),
    wireString(pub),
    wireString(Buffer.concat([seed, pub])),
    wireString(comment),
  ]);
  // PROTOCOL.key: pad the private section with 1, 2, 3, … to the cipher block size (8 for "none").
  const pad: number[] = [];
  for (let i = 1; (section.length + pad.length) % 8 !== 0; i++) pad.push(i);
  section = Buffer.concat([section, Buffer.from(pad)]);
  const body = Buffer.concat([
    OPENSSH_MAGIC,
    wireString('none'),
    wireString('none'),
    wireString(''),
    wireUint32(1),
    wireString(ed25519Blob(pub)),
    wireString(section),
  ]);
  const b64 = body
    .toString('base64')
    .replace(/(.{70})/g, '$1\n')
    .replace(/\n$/, '');
  return `${OPENSSH_BEGIN}\n${b64}\n${OPENSSH_END}\n`;
}
