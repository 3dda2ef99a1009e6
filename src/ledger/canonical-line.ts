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
 *
 * How it stays fast: raw control characters and surrogates are never canonical anywhere in a line
 * (JCS escapes the first and writes no whitespace; lone surrogates are escaped, pairs send the line to
 * the exact check), so one native regex test rules them out for the whole line. Strings are then skipped
 * with `indexOf` to their closing quote, and only the line's backslashes (usually none) are looked at
 * one by one. The scanner functions are exported for the ledger reader (verify-line.ts), which walks the
 * same grammar and keeps what it needs along the way.
 */
import { jcs } from '../core/jcs.js';

const Q = 0x22; // "
const BS = 0x5c; // backslash

/** True when `line` is certainly canonical; false means "not shown canonical here" (ask `isCanonicalLine`). */
export function fastCanonical(line: string): boolean {
  return beginLine(line) && scanValue(line, 0, 0) === line.length;
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

// Each scanner function takes the text and a position and returns the position after what it
// accepted, or -1. Locals only (plus the positions below): this runs over every byte of the ledger.

// Raw control characters (other than the newline between lines) and surrogates: never canonical.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NEVER_RAW = /[\u0000-\u0009\u000b-\u001f\ud800-\udfff]/g;

// The text being scanned; in it, the first raw control character or surrogate at or after `rawFrom`,
// and the first backslash at or after `backslashFrom` (-1: none up to the end of the text). Kept from one
// line to the next of the same text, so a segment is searched once, not once per line. Backslashes are
// only ever valid inside strings, so the string scanner is the one that moves `nextBackslash` on.
let text = '';
let rawFrom = 0;
let nextRaw = -1;
let backslashFrom = 0;
let nextBackslash = -1;
let lineHasBackslash = false;

function findRaw(s: string, from: number): number {
  NEVER_RAW.lastIndex = from;
  const m = NEVER_RAW.exec(s);
  return m === null ? -1 : m.index;
}

/**
 * Starts a scan of `s` from `start` to `end` (one line of a multi-line text, or a whole line): false
 * when that range holds a raw control character or surrogate (never in the fast grammar). Every scan*
 * call that follows must be on this same text, left to right; a scan that accepts the line ends at `end`.
 */
export function beginLine(s: string, start = 0, end = s.length): boolean {
  const same = s === text;
  text = s;
  // A position found from at or before `start`, and not before it, is still the first one from `start`.
  if (!same || rawFrom > start || (nextRaw >= 0 && nextRaw < start)) {
    rawFrom = start;
    nextRaw = findRaw(s, start);
  }
  if (!same || backslashFrom > start || (nextBackslash >= 0 && nextBackslash < start))
    seekBackslash(s, start);
  if (nextRaw >= 0 && nextRaw < end) return false;
  lineHasBackslash = nextBackslash >= 0 && nextBackslash < end;
  return true;
}

/** Drops the reference to the text last scanned (a whole segment, for verify). */
export function endScan(): void {
  text = '';
}

function seekBackslash(s: string, from: number): void {
  backslashFrom = from;
  nextBackslash = s.indexOf('\\', from);
}

/** Moves the scan back to `pos` (within the current line), to scan again from there. */
export function rewindTo(s: string, pos: number): void {
  if (lineHasBackslash) seekBackslash(s, pos);
}

/** Any value at `i`; `depth` bounds nesting. */
export function scanValue(s: string, i: number, depth: number): number {
  if (depth > 64) return -1;
  const c = s.charCodeAt(i);
  if (c === Q) return scanString(s, i);
  if (c === 0x7b) return object(s, i, depth);
  if (c === 0x5b) return array(s, i, depth);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return scanInteger(s, i);
  if (c === 0x74) return s.startsWith('true', i) ? i + 4 : -1;
  if (c === 0x66) return s.startsWith('false', i) ? i + 5 : -1;
  if (c === 0x6e) return s.startsWith('null', i) ? i + 4 : -1;
  return -1;
}

/** An integer in canonical form at `start`. */
export function scanInteger(s: string, start: number): number {
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

/**
 * A string value at `start` (its opening quote) whose escapes are all ones JCS writes. Raw control
 * characters and surrogates were ruled out for the whole line by beginLine.
 */
export function scanString(s: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = s.indexOf('"', i);
    if (q < 0) return -1;
    if (nextBackslash < 0 || nextBackslash > q) return q + 1;
    i = nextBackslash;
    const e = s.charCodeAt(i + 1);
    if (e === Q || e === BS || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
    else if (e === 0x75 && canonicalControlEscape(s.slice(i + 2, i + 6))) i += 6;
    else return -1;
    seekBackslash(s, i);
  }
}

/** The value of the string that scanString accepted as s[start, end) (quotes included). */
export function stringValue(s: string, start: number, end: number): string {
  if (lineHasBackslash) {
    const quoted = s.slice(start, end);
    if (quoted.includes('\\')) return JSON.parse(quoted) as string;
  }
  return s.slice(start + 1, end - 1);
}

/** A key at `start` (its opening quote): no escapes at all, so its raw text is the key itself. Returns the closing quote's index. */
export function scanKeyEnd(s: string, start: number): number {
  const q = s.indexOf('"', start + 1);
  if (q < 0 || (nextBackslash >= 0 && nextBackslash < q)) return -1;
  return q;
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
    const end = scanKeyEnd(s, i);
    if (end < 0) return -1;
    if (prevStart >= 0 && !keyLess(s, prevStart, prevEnd, i + 1, end)) return -1;
    prevStart = i + 1;
    prevEnd = end;
    i = end + 1;
    if (s.charCodeAt(i) !== 0x3a) return -1;
    i = scanValue(s, i + 1, depth + 1);
    if (i < 0) return -1;
    const c = s.charCodeAt(i++);
    if (c === 0x7d) return i;
    if (c !== 0x2c) return -1;
  }
}

/** s[a1, a2) < s[b1, b2) by UTF-16 code units (RFC 8785 §3.2.3), without slicing. */
export function keyLess(s: string, a1: number, a2: number, b1: number, b2: number): boolean {
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
    i = scanValue(s, i, depth + 1);
    if (i < 0) return -1;
    const c = s.charCodeAt(i++);
    if (c === 0x5d) return i;
    if (c !== 0x2c) return -1;
  }
}
