/**
 * The values of a ledger line read from its UTF-8 bytes (verify-line.ts, line-ops.ts): spans decoded to
 * strings, names and integers compared and read in place, and strings that repeat from line to line known
 * by their bytes. The line being read is set by `readFrom`; spans are [start, end) positions in it.
 */
export const Q = 0x22; // "

export const utf8 = (name: string): Uint8Array => Buffer.from(name, 'utf8');

/** Buffer's span decoders: what `toString(encoding, start, end)` calls once it has checked its arguments. */
interface SpanDecoding {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

// The bytes being read and how their spans decode: latin1 when the whole segment is ASCII (the same
// string, made faster), else UTF-8.
let bytes: SpanDecoding = Buffer.alloc(0) as unknown as SpanDecoding;
let ascii = true;

/** The spans decoded next are of `b`, which is all ASCII when `isAscii`, else UTF-8. */
export function readFrom(b: Buffer, isAscii: boolean): void {
  bytes = b as unknown as SpanDecoding;
  ascii = isAscii;
}

/** The string whose bytes (quotes excluded) are b[a, e), with no escape in it. */
export function plainText(a: number, e: number): string {
  return ascii ? bytes.latin1Slice(a, e) : bytes.utf8Slice(a, e);
}

/** The value of the string that scanString accepted as b[a, e) (quotes included). */
export function stringAt(a: number, e: number, escaped: boolean): string {
  return escaped ? (JSON.parse(bytes.utf8Slice(a, e)) as string) : plainText(a + 1, e - 1);
}

/** The value of the JSON text b[a, e), already scanned. */
export function jsonAt(a: number, e: number): unknown {
  return JSON.parse(bytes.utf8Slice(a, e)) as unknown;
}

/**
 * The member at `i` (its key's opening quote): the index, at or after `from`, of the name in `names` that is
 * its key, followed by `:`; -1 when none is. Members come in strictly increasing order and `names` is
 * sorted, so each member's name is a later one than the last.
 */
export function memberAt(b: Uint8Array, i: number, names: readonly Uint8Array[], from: number): number {
  if (b[i] !== Q) return -1;
  for (let f = from; f < names.length; f++) {
    const name = names[f]!;
    if (b[i + 1 + name.length] === Q && sameAt(b, i + 1, name))
      return b[i + 2 + name.length] === 0x3a ? f : -1;
  }
  return -1;
}

/** b holds `name` at `at`. */
export function sameAt(b: Uint8Array, at: number, name: Uint8Array): boolean {
  for (let k = 0; k < name.length; k++) if (b[at + k] !== name[k]) return false;
  return true;
}

/** The canonical integer spanning b[a, e) (at most 15 digits, so exact). */
export function integerAt(b: Uint8Array, a: number, e: number): number {
  const negative = b[a] === 0x2d;
  let n = 0;
  for (let k = negative ? a + 1 : a; k < e; k++) n = n * 10 + (b[k]! - 0x30);
  return negative ? -n : n;
}

/**
 * A string value kept with its bytes, so that a repeat is known by comparing bytes instead of scanning and
 * decoding them: lines mostly repeat their type and actor, and ops their op and path. Only values without
 * escapes and of at most 64 bytes are kept.
 */
export class Recent {
  text = '';
  private readonly held = new Uint8Array(64);
  private length = -1;

  /**
   * The end of the string at `a` (its opening quote) when it is the kept one, else -1. Its bytes were
   * accepted by scanString before, with no escape: no quote, backslash or control byte in them.
   */
  endAt(b: Uint8Array, a: number): number {
    const n = this.length;
    if (n < 0 || b[a] !== Q || b[a + 1 + n] !== Q) return -1;
    // From the end: values that change (ids, counters) mostly differ there.
    for (let k = n - 1; k >= 0; k--) if (b[a + 1 + k] !== this.held[k]) return -1;
    return a + n + 2;
  }

  /** Keeps the string b[a, e) (quotes included), accepted by scanString with no escape; its value is `text`. */
  keep(b: Uint8Array, a: number, e: number, text: string): void {
    const n = e - a - 2;
    if (n > this.held.length) {
      this.length = -1;
      return;
    }
    for (let k = 0; k < n; k++) this.held[k] = b[a + 1 + k]!;
    this.length = n;
    this.text = text;
  }
}
