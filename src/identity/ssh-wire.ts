/**
 * SSH wire encoding (RFC 4251 §5): uint32, string, mpint. Used for public key blobs (RFC 4253 §6.6,
 * RFC 5656 §3.1, RFC 8709 §4), signature blobs and SSHSIG (OpenSSH PROTOCOL.sshsig).
 */

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** Sequential reader over SSH wire data; every read is bounds-checked. */
export class WireReader {
  readonly buf: Buffer;
  pos = 0;

  constructor(buf: Uint8Array) {
    this.buf = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos === this.buf.length;
  }

  bytes(n: number): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) throw new WireError('truncated data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  /** RFC 4251 §5 string: uint32 length then that many bytes. */
  string(): Buffer {
    return this.bytes(this.uint32());
  }

  /** A string that must be printable text (algorithm names, namespaces). */
  text(): string {
    return this.string().toString('latin1');
  }

  /** RFC 4251 §5 mpint as an unsigned big-endian magnitude (negative values are refused). */
  mpint(): Buffer {
    const raw = this.string();
    if (raw.length > 0 && (raw[0]! & 0x80) !== 0) throw new WireError('negative mpint');
    let i = 0;
    while (i < raw.length && raw[i] === 0) i++;
    return raw.subarray(i);
  }

  /** Refuse trailing bytes: a blob must be exactly what its format says. */
  end(): void {
    if (!this.done) throw new WireError(`${this.buf.length - this.pos} unexpected trailing bytes`);
  }
}

export function wireUint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

export function wireString(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  return Buffer.concat([wireUint32(bytes.length), bytes]);
}

/** RFC 4251 §5 mpint from an unsigned big-endian magnitude. */
export function wireMpint(magnitude: Uint8Array): Buffer {
  let i = 0;
  while (i < magnitude.length && magnitude[i] === 0) i++;
  let m = Buffer.from(magnitude.subarray(i));
  if (m.length > 0 && (m[0]! & 0x80) !== 0) m = Buffer.concat([Buffer.from([0]), m]);
  return wireString(m);
}

/** Left-pad an unsigned big-endian integer to `len` bytes (ECDSA r/s, RSA signatures). */
export function padStart(bytes: Uint8Array, len: number): Buffer {
  if (bytes.length > len) throw new WireError('integer too large for its field');
  const out = Buffer.alloc(len);
  Buffer.from(bytes).copy(out, len - bytes.length);
  return out;
}

export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
