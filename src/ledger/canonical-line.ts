/**
 * DESIGN §4: a ledger line is valid only if `JCS(JSON.parse(line)) === line` (RFC 8785). Running the
 * full canonicalizer on a million lines costs more than everything else in `verify` together, so a
 * single-pass scanner over the line's UTF-8 bytes first recognises the common, plainly canonical lines;
 * anything it is unsure of goes to the exact check.
 *
 * Why the fast path is exact: it accepts only lines in this grammar, and for each production the JCS
 * serialisation of the parsed value is the production's own text:
 * - no whitespace outside strings (JCS emits none);
 * - object keys free of backslashes, in strictly increasing order (RFC 8785 §3.2.3 sorts by UTF-16 code
 *   units; for text without supplementary characters that is the order of the UTF-8 bytes, so keys are
 *   compared byte by byte; strictly increasing also rules out duplicates, which JSON.parse would
 *   silently collapse);
 * - strings of valid UTF-8 (the caller's promise, see below) with no byte below 0x20, no `"` or `\`
 *   other than in an escape, no supplementary character (a 4-byte sequence, a surrogate pair in
 *   UTF-16), and whose only escapes are the ones RFC 8785 §3.2.2.2 emits (`\"`, `\\`, `\b`, `\f`,
 *   `\n`, `\r`, `\t`, and `\u00xx` in lower-case hex for the other control characters): exactly what
 *   ES JSON.stringify prints;
 * - integers `-?(0|[1-9][0-9]{0,14})` other than `-0`: below 2^53, so they parse exactly, and
 *   ES Number::toString (RFC 8785 §3.2.2.3) prints them back digit for digit;
 * - `true`, `false`, `null`, and arrays/objects of the above.
 * Everything else (floats, exponents, 16+ digit integers, other escapes, whitespace, unsorted keys,
 * supplementary characters) is decided by the full canonicalizer.
 *
 * The scanner reads bytes, never a decoded string: a typed-array load per byte is cheaper than a string
 * scan, and a line taken this way needs no string of its own. Its callers hand it bytes that are valid
 * UTF-8 (a segment is checked once, natively, with `isUtf8`) and a line followed by a control byte (the
 * newline, or the zero byte of verify-segment.ts's frame), so the loops below need no bound check: a string
 * or key running into that byte is refused, and so is any other production. The scanner functions are exported for the ledger reader
 * (verify-line.ts), which walks the same grammar and keeps what it needs along the way.
 */
import { isUtf8 } from 'node:buffer';
import { jcs } from '../core/jcs.js';

const Q = 0x22; // "
const BS = 0x5c; // backslash

/** True when `line` is certainly canonical; false means "not shown canonical here" (ask `isCanonicalLine`). */
export function fastCanonical(line: string): boolean {
  // A surrogate (paired or lone) is outside the grammar; a lone one has no UTF-8 form at all.
  if (/[\ud800-\udfff]/.test(line)) return false;
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  return isUtf8(bytes) && scanValue(bytes, 0, 0) === bytes.length - 1;
}

/** `JCS(JSON.parse(line)) === line`, answered by the fast scanner when it can. */
export function isCanonicalLine(line: string, parsed?: unknown): boolean {
  if (fastCanonical(line)) return true;
  return exactCanonical(line, parsed);
}

/** The full check, `JCS(JSON.parse(line)) === line`, for lines the scanner could not decide. */
export function exactCanonical(line: string, parsed?: unknown): boolean {
  try {
    return jcs(parsed === undefined ? JSON.parse(line) : parsed) === line;
  } catch {
    return false;
  }
}

// Each scanner function takes the bytes and a position and returns the position after what it accepted,
// or -1. Locals only: this runs over every byte of the ledger.

/** The last string scanString accepted held an escape (its value is then not its raw bytes). */
export let stringEscaped = false;

/** Any value at `i`; `depth` bounds nesting. */
export function scanValue(b: Uint8Array, i: number, depth: number): number {
  if (depth > 64) return -1;
  const c = b[i]!;
  if (c === Q) return scanString(b, i);
  if (c === 0x7b) return object(b, i, depth);
  if (c === 0x5b) return array(b, i, depth);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return scanInteger(b, i);
  // true, false, null
  if (c === 0x74) return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1;
  if (c === 0x66)
    return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1;
  if (c === 0x6e) return b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1;
  return -1;
}

/** An integer in canonical form at `start`. */
export function scanInteger(b: Uint8Array, start: number): number {
  let i = start;
  if (b[i] === 0x2d) i++;
  const first = b[i]!;
  if (first === 0x30) {
    i++;
    // "-0" serialises as "0".
    if (i - start === 2) return -1;
  } else if (first >= 0x31 && first <= 0x39) {
    const digits = i;
    i++;
    for (let c = b[i]!; c >= 0x30 && c <= 0x39; c = b[++i]!);
    if (i - digits > 15) return -1;
  } else return -1;
  const next = b[i];
  // A fraction or exponent: not an integer in canonical form here.
  return next === 0x2e || next === 0x65 || next === 0x45 ? -1 : i;
}

/**
 * A string value at `start` (its opening quote) whose bytes and escapes are all ones JCS writes; sets
 * `stringEscaped`. A byte below 0x20 (the newline after the line included) ends it unaccepted.
 */
export function scanString(b: Uint8Array, start: number): number {
  let i = start + 1;
  let escaped = false;
  for (;;) {
    const c = b[i]!;
    if (c === Q) {
      stringEscaped = escaped;
      return i + 1;
    }
    if (c === BS) {
      const e = b[i + 1];
      if (e === Q || e === BS || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
      else if (e === 0x75 && canonicalControlEscape(b, i + 2)) i += 6;
      else return -1;
      escaped = true;
    } else if (c < 0x20 || c >= 0xf0) return -1;
    else i++;
  }
}

/** A key at `start` (its opening quote): no escapes at all, so its bytes are the key itself. Returns the closing quote's index. */
export function scanKeyEnd(b: Uint8Array, start: number): number {
  for (let i = start + 1; ; i++) {
    const c = b[i]!;
    if (c === Q) return i;
    if (c === BS || c < 0x20 || c >= 0xf0) return -1;
  }
}

// RFC 8785 §3.2.2.2: control characters without a short form are `\u00` + two lower-case hex digits.
function canonicalControlEscape(b: Uint8Array, at: number): boolean {
  if (b[at] !== 0x30 || b[at + 1] !== 0x30) return false;
  const hi = b[at + 2];
  const lo = b[at + 3]!;
  const digit = lo >= 0x30 && lo <= 0x39 ? lo - 0x30 : lo >= 0x61 && lo <= 0x66 ? lo - 0x61 + 10 : -1;
  if (digit < 0 || (hi !== 0x30 && hi !== 0x31)) return false;
  const code = (hi === 0x31 ? 16 : 0) + digit;
  return code !== 0x08 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

function object(b: Uint8Array, start: number, depth: number): number {
  let i = start + 1;
  if (b[i] === 0x7d) return i + 1;
  let prevStart = -1;
  let prevEnd = -1;
  for (;;) {
    if (b[i] !== Q) return -1;
    const end = scanKeyEnd(b, i);
    if (end < 0) return -1;
    if (prevStart >= 0 && !keyLess(b, prevStart, prevEnd, i + 1, end)) return -1;
    prevStart = i + 1;
    prevEnd = end;
    i = end + 1;
    if (b[i] !== 0x3a) return -1;
    i = scanValue(b, i + 1, depth + 1);
    if (i < 0) return -1;
    const c = b[i++];
    if (c === 0x7d) return i;
    if (c !== 0x2c) return -1;
  }
}

/** b[a1, a2) < b[b1, b2) byte by byte: RFC 8785 §3.2.3's UTF-16 order for text without supplementary characters. */
export function keyLess(b: Uint8Array, a1: number, a2: number, b1: number, b2: number): boolean {
  const n = Math.min(a2 - a1, b2 - b1);
  for (let k = 0; k < n; k++) {
    const x = b[a1 + k]!;
    const y = b[b1 + k]!;
    if (x !== y) return x < y;
  }
  return a2 - a1 < b2 - b1;
}

function array(b: Uint8Array, start: number, depth: number): number {
  let i = start + 1;
  if (b[i] === 0x5d) return i + 1;
  for (;;) {
    i = scanValue(b, i, depth + 1);
    if (i < 0) return -1;
    const c = b[i++];
    if (c === 0x5d) return i;
    if (c !== 0x2c) return -1;
  }
}
