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
const BS = 0x5c; // \

/** Scanner state is module-level to keep the hot loop allocation-free. */
let src = '';
let pos = 0;

/** True when `line` is certainly canonical; false means "not shown canonical here" (ask `isCanonicalLine`). */
export function fastCanonical(line: string): boolean {
  src = line;
  pos = 0;
  const ok = value(0);
  const done = ok && pos === line.length;
  src = '';
  return done;
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

function value(depth: number): boolean {
  if (depth > 64) return false;
  const c = src.charCodeAt(pos);
  if (c === 0x7b) return object(depth);
  if (c === 0x5b) return array(depth);
  if (c === Q) return string(false) !== undefined;
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return integer();
  if (c === 0x74) return literal('true');
  if (c === 0x66) return literal('false');
  if (c === 0x6e) return literal('null');
  return false;
}

function literal(word: string): boolean {
  if (!src.startsWith(word, pos)) return false;
  pos += word.length;
  return true;
}

function integer(): boolean {
  const start = pos;
  if (src.charCodeAt(pos) === 0x2d) pos++;
  const first = src.charCodeAt(pos);
  if (first === 0x30) {
    pos++;
    // "-0" serialises as "0".
    if (pos - start === 2) return false;
  } else if (first >= 0x31 && first <= 0x39) {
    const digits = pos;
    pos++;
    for (let c = src.charCodeAt(pos); c >= 0x30 && c <= 0x39; c = src.charCodeAt(++pos));
    if (pos - digits > 15) return false;
  } else return false;
  const next = src.charCodeAt(pos);
  // A fraction or exponent: not an integer in canonical form here.
  return next !== 0x2e && next !== 0x65 && next !== 0x45;
}

/**
 * Scans a string at `pos` (on its opening quote). Returns its raw content when it is canonical
 * (for keys: also requires no escapes at all), undefined otherwise.
 */
function string(isKey: boolean): string | undefined {
  const start = ++pos;
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === Q) {
      const raw = src.slice(start, pos);
      pos++;
      return raw;
    }
    if (Number.isNaN(c) || c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) return undefined;
    if (c === BS) {
      if (isKey) return undefined;
      const e = src.charCodeAt(pos + 1);
      if (e === Q || e === BS || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        pos += 2;
        continue;
      }
      if (e !== 0x75 || !canonicalControlEscape(src.slice(pos + 2, pos + 6))) return undefined;
      pos += 6;
      continue;
    }
    pos++;
  }
}

// RFC 8785 §3.2.2.2: control characters without a short form are `\u00` + two lower-case hex digits.
function canonicalControlEscape(hex: string): boolean {
  if (!/^00[01][0-9a-f]$/.test(hex)) return false;
  const code = parseInt(hex, 16);
  return code !== 0x08 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

function object(depth: number): boolean {
  pos++;
  if (src.charCodeAt(pos) === 0x7d) {
    pos++;
    return true;
  }
  let prev: string | undefined;
  for (;;) {
    if (src.charCodeAt(pos) !== Q) return false;
    const key = string(true);
    if (key === undefined) return false;
    if (prev !== undefined && !(prev < key)) return false;
    prev = key;
    if (src.charCodeAt(pos) !== 0x3a) return false;
    pos++;
    if (!value(depth + 1)) return false;
    const c = src.charCodeAt(pos);
    pos++;
    if (c === 0x7d) return true;
    if (c !== 0x2c) return false;
  }
}

function array(depth: number): boolean {
  pos++;
  if (src.charCodeAt(pos) === 0x5d) {
    pos++;
    return true;
  }
  for (;;) {
    if (!value(depth + 1)) return false;
    const c = src.charCodeAt(pos);
    pos++;
    if (c === 0x5d) return true;
    if (c !== 0x2c) return false;
  }
}
