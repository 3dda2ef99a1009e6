/**
 * Strict UTF-8 decoding (RFC 3629). Files are decoded with a fatal decoder, never a lossy one: a lossy decode
 * turns bad bytes into U+FFFD, and U+FFFD is itself a valid character that a file may hold (C2SP signed-note
 * vectors carry it), so looking for U+FFFD afterwards cannot tell the two apart.
 */

const FATAL = new TextDecoder('utf-8', { fatal: true });
const FATAL_KEEP_BOM = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type Utf8Result = { ok: true; text: string } | { ok: false; offset: number; byte: number };

/**
 * The text of `bytes`, or where the first byte that is not UTF-8 is. A leading BOM is dropped, as TextDecoder
 * does, unless `keepBom` (signed bytes: the text must re-encode to exactly the bytes that were signed).
 */
export function decodeUtf8Strict(bytes: Uint8Array, opts: { keepBom?: boolean } = {}): Utf8Result {
  try {
    return { ok: true, text: (opts.keepBom ? FATAL_KEEP_BOM : FATAL).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return { ok: false, offset, byte: bytes[offset] ?? 0 };
  }
}

/** 1-based line and column (in UTF-16 code units, as editors count) of byte `offset`. */
export function utf8Position(bytes: Uint8Array, offset: number): { line: number; col: number } {
  const lines = new TextDecoder('utf-8').decode(bytes.subarray(0, offset)).split('\n');
  return { line: lines.length, col: (lines[lines.length - 1] ?? '').length + 1 };
}

/** `byte 0xff at offset 18`, for messages. */
export function describeBadByte(r: { offset: number; byte: number }): string {
  return `byte 0x${r.byte.toString(16).padStart(2, '0')} at offset ${r.offset}`;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (RFC 3629 §4). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (d < min || d > max) return i;
    }
    i += n + 1;
  }
  return b.length;
}
