/**
 * DESIGN §4: a ledger line is valid only if `JCS(JSON.parse(line)) === line` (RFC 8785). Running the
 * full canonicalizer on a million lines costs more than everything else in `verify` together, so a
 * single-pass scanner first recognises the common, plainly canonical lines; anything it is unsure of
 * goes to the exact check.
 *
 * Why the fast path is exact: it accepts only lines in this grammar, and for each production the JCS
 * serialisation of the parsed value is the production's own text:
 * - no whitespace outside strings (JCS emits none);
 * - object keys free of backslashes and surrogates, in strictly increasing UTF-16 code-unit order
 *   (RFC 8785 §3.2.3 sorts by code units, which is JS `<`; strictly increasing also rules out
 *   duplicates, which JSON.parse would silently collapse);
 * - strings whose characters are ≥ U+0020, not `"` or `\`, not surrogates, and whose only escapes are
 *   the ones RFC 8785 §3.2.2.2 emits (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` in
 *   lower-case hex for the other control characters): exactly what ES JSON.stringify prints;
 * - integers `-?(0|[1-9][0-9]{0,14})` other than `-0`: below 2^53, so they parse exactly, and
 *   ES Number::toString (RFC 8785 §3.2.2.3) prints them back digit for digit;
 * - `true`, `false`, `null`, and arrays/objects of the above.
 * Everything else (floats, exponents, 16+ digit integers, other escapes, whitespace, unsorted keys)
 * is decided by the full canonicalizer.
 */
import { jcs } from '../canonical/jcs.js';

const Q = 0x22; // "
const BS = 0x5c; // backslash

/** True when `line` is certainly canonical; false means "not shown canonical here" (ask `isCanonicalLine`). */
export function fastCanonical(line: string): boolean {
  return value(line, 0, 0) === line.length;
}

/** `JCS(JSON.parse(line)) === line`, answered by the fast scanner when it can. */
export function isCanonicalLine(line: string, parsed?: unknown): boolean {
  if (fastCanonical(line)) return true;
  try {
    return jcs(parsed === undefined ? JSON.parse(line) : parsed) === line;
  } catch {
    return false;
  }
}

// Each scanner function takes the text and a position and returns the position after what it
// accepted, or -1. Locals only: this loop runs over every byte of the ledger.

function value(s: string, i: number, depth: number): number {
  if (depth > 64) return -1;
  const c = s.charCodeAt(i);
  if (c === Q) return string(s, i);
  if (c === 0x7b) return object(s, i, depth);
  if (c === 0x5b) return array(s, i, depth);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return integer(s, i);
  if (c === 0x74) return s.startsWith('true', i) ? i + 4 : -1;
  if (c === 0x66) return s.startsWith('false', i) ? i + 5 : -1;
  if (c === 0x6e) return s.startsWith('null', i) ? i + 4 : -1;
  return -1;
}

function integer(s: string, start: number): number {
  let i = start;
  if (s.charCodeAt(i) === 0x2d) i++;
  const first = s.charCodeAt(i);
  if (first === 0x30) {
    i++;
    // "-0" serialises as "0".
    if (i - start === 2) return -1;
  } else if (first >= 0x31 && first <= 0x39) {
    const digits = i;
    i++;
    for (let c = s.charCodeAt(i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i));
    if (i - digits > 15) return -1;
  } else return -1;
  const next = s.charCodeAt(i);
  // A fraction or exponent: not an integer in canonical form here.
  return next === 0x2e || next === 0x65 || next === 0x45 ? -1 : i;
}

// A run of characters JCS writes as themselves: not `"`, `\`, a control character or a surrogate.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const PLAIN_RUN = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;

/** A string value at `i` (its opening quote) whose escapes are all ones JCS writes. */
function string(s: string, start: number): number {
  let i = start + 1;
  for (;;) {
    PLAIN_RUN.lastIndex = i;
    PLAIN_RUN.test(s);
    i = PLAIN_RUN.lastIndex;
    const c = s.charCodeAt(i);
    if (c === Q) return i + 1;
    if (c === BS) {
      const e = s.charCodeAt(i + 1);
      if (e === Q || e === BS || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
        continue;
      }
      if (e !== 0x75 || !canonicalControlEscape(s.slice(i + 2, i + 6))) return -1;
      i += 6;
      continue;
    }
    // NaN (end of text) fails both tests below.
    if (!(c >= 0x20) || (c >= 0xd800 && c <= 0xdfff)) return -1;
    i++;
  }
}

/** A key at `i` (its opening quote): no escapes at all, so its raw text is the key itself. */
function keyEnd(s: string, start: number): number {
  for (let i = start + 1; ; i++) {
    const c = s.charCodeAt(i);
    if (c === Q) return i;
    if (c === BS || !(c >= 0x20) || (c >= 0xd800 && c <= 0xdfff)) return -1;
  }
}

// RFC 8785 §3.2.2.2: control characters without a short form are `\u00` + two lower-case hex digits.
function canonicalControlEscape(hex: string): boolean {
  if (!/^00[01][0-9a-f]$/.test(hex)) return false;
  const code = parseInt(hex, 16);
  return code !== 0x08 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

function object(s: string, start: number, depth: number): number {
  let i = start + 1;
  if (s.charCodeAt(i) === 0x7d) return i + 1;
  let prevStart = -1;
  let prevEnd = -1;
  for (;;) {
    if (s.charCodeAt(i) !== Q) return -1;
    const end = keyEnd(s, i);
    if (end < 0) return -1;
    if (prevStart >= 0 && !keyLess(s, prevStart, prevEnd, i + 1, end)) return -1;
    prevStart = i + 1;
    prevEnd = end;
    i = end + 1;
    if (s.charCodeAt(i) !== 0x3a) return -1;
    i = value(s, i + 1, depth + 1);
    if (i < 0) return -1;
    const c = s.charCodeAt(i++);
    if (c === 0x7d) return i;
    if (c !== 0x2c) return -1;
  }
}

/** s[a1, a2) < s[b1, b2) by UTF-16 code units (RFC 8785 §3.2.3), without slicing. */
function keyLess(s: string, a1: number, a2: number, b1: number, b2: number): boolean {
  const n = Math.min(a2 - a1, b2 - b1);
  for (let k = 0; k < n; k++) {
    const x = s.charCodeAt(a1 + k);
    const y = s.charCodeAt(b1 + k);
    if (x !== y) return x < y;
  }
  return a2 - a1 < b2 - b1;
}

function array(s: string, start: number, depth: number): number {
  let i = start + 1;
  if (s.charCodeAt(i) === 0x5d) return i + 1;
  for (;;) {
    i = value(s, i, depth + 1);
    if (i < 0) return -1;
    const c = s.charCodeAt(i++);
    if (c === 0x5d) return i;
    if (c !== 0x2c) return -1;
  }
}
