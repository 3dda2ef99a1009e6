/**
 * The fast reading of one ledger line for verifyLedger (DESIGN §4, §7). One left-to-right pass over the
 * line's UTF-8 bytes proves it canonical with the scanner of canonical-line.ts and keeps, along the way,
 * exactly what verify and replay read: the top-level fields and the body members `file`, `ops`, `state`
 * and `switch`. The rest of the body (manifest, approvals, decision…) is scanned but never built, the
 * ops of a change are built straight from the bytes instead of by a JSON.parse of the line, and no string
 * of the whole line is made.
 *
 * It answers only for lines that are canonical in the scanner's grammar and whose entry shape is sound;
 * for anything else it returns null and the caller takes the exact path (JSON.parse, JCS round trip,
 * entryShapeProblems), which words the findings. So every line gets the same findings either way, and
 * the values it returns are the ones JSON.parse gives for the same members.
 */
import { hash } from 'node:crypto';
import { ENTRY_TYPES, type LedgerEntry } from '../core/ledger-entry.js';
import { keyLess, scanInteger, scanKeyEnd, scanString, scanValue, stringEscaped } from './canonical-line.js';

const Q = 0x22; // "

// One buffer for `0x00 ‖ line`, reused: no concatenated copy of each line on the heap.
let leafInput = Buffer.alloc(64 * 1024);

/**
 * RFC 9162 §2.1.1 leaf hash of a line, SHA-256(0x00 ‖ UTF-8 of the line), as hex: the same value as
 * merkle.ts leafHashHex (both encode the line with Node's UTF-8 encoder).
 */
export function lineLeafHex(line: string): string {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  if (line.length * 3 + 1 > leafInput.length) leafInput = Buffer.alloc(line.length * 3 + 1);
  const n = leafInput.write(line, 1, 'utf8');
  return hash('sha256', leafInput.subarray(0, n + 1), 'hex');
}
const TYPES: ReadonlySet<string> = new Set(ENTRY_TYPES);
const PREV_RE = /^sha256:[0-9a-f]{64}$/;
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

const utf8 = (name: string): Uint8Array => Buffer.from(name, 'utf8');

// Top-level members in JCS order (DESIGN §4 entry shape); any other member sends the line to the exact path.
const FIELDS = ['actor', 'body', 'level', 'prev', 'seq', 'subject', 'ts', 'type', 'v'].map(utf8);
const ACTOR = 0;
const BODY = 1;
const LEVEL = 2;
const PREV = 3;
const SEQ = 4;
const SUBJECT = 5;
const TS = 6;
const TYPE = 7;
const V = 8;
// Value spans [start, end) of the members of the line being read; start -1 when absent. Reused per line.
const fieldStart = new Int32Array(FIELDS.length);
const fieldEnd = new Int32Array(FIELDS.length);
// Whether each member's value, when a string, held an escape.
let fieldEscapes = 0;

// The body members replay and the snapshot check read (src/state/replay.ts, verify.ts checkSnapshot).
const BODY_FILE = 0;
const BODY_OPS = 1;
const BODY_STATE = 2;
const BODY_SWITCH = 3;
const BODY_KEYS = ['file', 'ops', 'state', 'switch'].map(utf8);
const bodyStart = new Int32Array(BODY_KEYS.length);
const bodyEnd = new Int32Array(BODY_KEYS.length);
// The ops array built while scanning body.ops, or null when it must come from JSON.parse of its span.
let builtOps: unknown[] | null = null;

/** Buffer's span decoders: what `toString(encoding, start, end)` calls once it has checked its arguments. */
interface SpanDecoding {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

// The bytes being read and how their spans decode: latin1 when the whole segment is ASCII (the same
// string, made faster), else UTF-8.
let bytes: SpanDecoding = Buffer.alloc(0) as unknown as SpanDecoding;
let ascii = true;

/**
 * The entry on the line `b[start, end)` as verify reads it, or null when the line must take the exact
 * path. `b` is valid UTF-8 (`isAscii` says it is ASCII) and the byte at `end` is not part of the line (its
 * newline). Of the body, only `file`, `ops`, `state` and `switch` are present (what replay and the snapshot
 * check read); `subject` is checked to be an object but not built. `expectedPrev` is the prev the chain
 * expects, `sha256:` and `expectedLeaf` (the previous line's leaf hash, hex): when the line carries it,
 * the same string is returned (no copy).
 */
export function readLineFast(
  b: Buffer,
  start: number,
  end: number,
  isAscii: boolean,
  expectedPrev: string,
  expectedLeaf: string,
): LedgerEntry | null {
  if (b[start] !== 0x7b) return null;
  bytes = b as unknown as SpanDecoding;
  ascii = isAscii;
  fieldStart.fill(-1);
  fieldEscapes = 0;
  knownFields = 0;
  let i = start + 1;
  let f = 0;
  for (;;) {
    if (b[i] !== Q) return null;
    // Members come in strictly increasing order, so each must be a later name of FIELDS.
    while (f < FIELDS.length && !keyIs(b, i, FIELDS[f]!)) f++;
    if (f === FIELDS.length) return null;
    i += FIELDS[f]!.length + 2;
    if (b[i] !== 0x3a) return null;
    const valueStart = i + 1;
    if (f === BODY) i = readBody(b, valueStart);
    else {
      const known = knownEnd(b, f, valueStart, expectedLeaf);
      if (known >= 0) {
        knownFields |= 1 << f;
        i = known;
      } else {
        i = scanValue(b, valueStart, 1);
        if (i >= 0 && b[valueStart] === Q && stringEscaped) fieldEscapes |= 1 << f;
      }
    }
    if (i < 0) return null;
    fieldStart[f] = valueStart;
    fieldEnd[f] = i;
    f++;
    const c = b[i++];
    if (c === 0x7d) break;
    if (c !== 0x2c) return null;
  }
  if (i !== end) return null;
  return entryFromSpans(b, expectedPrev);
}

// Members whose string value knownEnd recognised without scanning it.
let knownFields = 0;

/**
 * The end of member f's value at `a` when its bytes are a string already known to be plain, so that it
 * needs no scan: the expected prev (`sha256:` and hex), a ts of the plain shape (digits, `-`, `:`, `T`,
 * `Z`), or the type or actor of the line before. Else -1, and the value is scanned.
 */
function knownEnd(b: Uint8Array, f: number, a: number, leaf: string): number {
  if (f === PREV) {
    const e = a + SHA256.length + leaf.length + 1;
    return b[a] === Q && b[e] === Q && sameAt(b, a + 1, SHA256) && plainText(a + 8, e) === leaf ? e + 1 : -1;
  }
  if (f === TS) return b[a] === Q && b[a + 21] === Q && plainTsShape(b, a + 1) ? a + 22 : -1;
  if (f === TYPE) return recentType.endAt(b, a);
  if (f === ACTOR) return recentActor.endAt(b, a);
  return -1;
}

/** The key at `i` (its opening quote) is `name`, a plain name: its bytes, then the closing quote. */
function keyIs(b: Uint8Array, i: number, name: Uint8Array): boolean {
  return b[i + 1 + name.length] === Q && sameAt(b, i + 1, name);
}

/** b holds `name` at `at`. */
function sameAt(b: Uint8Array, at: number, name: Uint8Array): boolean {
  for (let k = 0; k < name.length; k++) if (b[at + k] !== name[k]) return false;
  return true;
}

/** The string whose bytes (quotes excluded) are b[a, e), with no escape in it. */
function plainText(a: number, e: number): string {
  return ascii ? bytes.latin1Slice(a, e) : bytes.utf8Slice(a, e);
}

/** The value of the string that scanString accepted as b[a, e) (quotes included). */
function stringAt(a: number, e: number, escaped: boolean): string {
  return escaped ? (JSON.parse(bytes.utf8Slice(a, e)) as string) : plainText(a + 1, e - 1);
}

/** DESIGN §4 entry shape on the spans found; null on anything entryShapeProblems would report. */
function entryFromSpans(b: Buffer, expectedPrev: string): LedgerEntry | null {
  const vAt = fieldStart[V]!;
  // v must be 1.
  if (vAt === -1 || fieldEnd[V]! - vAt !== 1 || b[vAt] !== 0x31) return null;
  const seq = naturalAt(b, fieldStart[SEQ]!, fieldEnd[SEQ]!);
  if (seq < 0) return null;
  const prev = prevAt(b, expectedPrev);
  if (prev === null) return null;
  const ts = tsAt(b, fieldStart[TS]!, fieldEnd[TS]!);
  if (ts === null) return null;
  const type = typeAt(b, fieldStart[TYPE]!, fieldEnd[TYPE]!);
  if (type === null) return null;
  const actor = actorAt(b, fieldStart[ACTOR]!, fieldEnd[ACTOR]!);
  if (actor === null) return null;
  const bodyAt = fieldStart[BODY]!;
  if (bodyAt === -1 || b[bodyAt] !== 0x7b) return null;
  const subjectAt = fieldStart[SUBJECT]!;
  if (subjectAt !== -1 && b[subjectAt] !== 0x7b) return null;
  const body = bodyFromSpans(b);
  if (fieldStart[LEVEL]! === -1) return { v: 1, seq, prev, ts, type, actor, body } as LedgerEntry;
  const level = naturalAt(b, fieldStart[LEVEL]!, fieldEnd[LEVEL]!);
  if (level < 0 || level > 4) return null;
  return { v: 1, seq, prev, ts, type, actor, level, body } as LedgerEntry;
}

/** The member `f`'s value as a string, or null when absent or not a string. */
function plainString(b: Uint8Array, f: number): string | null {
  const a = fieldStart[f]!;
  if (a < 0 || b[a] !== Q) return null;
  return stringAt(a, fieldEnd[f]!, (fieldEscapes & (1 << f)) !== 0);
}

// The day ("YYYY-MM-DD") of the last ts that Date.parse accepted: a ts on that day with a time in range
// needs no new Date.parse (entryShapeProblems' test, NaN only for out-of-range fields).
const lastDay = new Uint8Array(10);
let lastDayKnown = false;

/** ts as entryShapeProblems tests it (TS_RE and Date.parse), the plain shape knownEnd found done on the bytes. */
function tsAt(b: Uint8Array, a: number, e: number): string | null {
  if ((knownFields & (1 << TS)) !== 0) {
    const sameDay = lastDayKnown && sameAt(b, a + 1, lastDay);
    const ts = plainText(a + 1, e - 1);
    if (sameDay && twoDigits(b, a + 12) < 24 && twoDigits(b, a + 15) < 60 && twoDigits(b, a + 18) < 60)
      return ts;
    if (Number.isNaN(Date.parse(ts))) return null;
    for (let k = 0; k < 10; k++) lastDay[k] = b[a + 1 + k]!;
    lastDayKnown = true;
    return ts;
  }
  const ts = plainString(b, TS);
  return ts !== null && TS_RE.test(ts) && !Number.isNaN(Date.parse(ts)) ? ts : null;
}

// "YYYY-MM-DDTHH:MM:SSZ" at b[at]: TS_RE without a fraction.
function plainTsShape(b: Uint8Array, at: number): boolean {
  for (let k = 0; k < 19; k++) {
    const c = b[at + k]!;
    const want = k === 4 || k === 7 ? 0x2d : k === 10 ? 0x54 : k === 13 || k === 16 ? 0x3a : -1;
    if (want === -1 ? c < 0x30 || c > 0x39 : c !== want) return false;
  }
  return b[at + 19] === 0x5a;
}

function twoDigits(b: Uint8Array, k: number): number {
  return (b[k]! - 0x30) * 10 + (b[k + 1]! - 0x30);
}

/**
 * A string value kept with its bytes, so that a repeat is known by comparing bytes instead of decoding
 * them: lines mostly repeat their type and actor, and ops their op and path. Only values without escapes
 * and of at most 64 bytes are kept.
 */
class Recent {
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

const recentType = new Recent();
const recentActor = new Recent();

function typeAt(b: Uint8Array, a: number, e: number): string | null {
  if ((knownFields & (1 << TYPE)) !== 0) return recentType.text;
  const type = plainString(b, TYPE);
  if (type === null || !TYPES.has(type)) return null;
  if ((fieldEscapes & (1 << TYPE)) === 0) recentType.keep(b, a, e, type);
  return type;
}

function actorAt(b: Uint8Array, a: number, e: number): string | null {
  if ((knownFields & (1 << ACTOR)) !== 0) return recentActor.text;
  const actor = plainString(b, ACTOR);
  if (actor === null || actor === '') return null;
  if ((fieldEscapes & (1 << ACTOR)) === 0) recentActor.keep(b, a, e, actor);
  return actor;
}

/** A non-negative integer spanning b[a, e) (already a canonical integer of ≤ 15 digits), else -1. */
function naturalAt(b: Uint8Array, a: number, e: number): number {
  if (a < 0 || b[a] === 0x2d || b[a] === Q) return -1;
  let n = 0;
  for (let k = a; k < e; k++) {
    const d = b[k]! - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const SHA256 = utf8('sha256:');

/** prev, when it is the expected one compared in place (`sha256:` and hex: ASCII), else read and checked. */
function prevAt(b: Uint8Array, expected: string): string | null {
  if ((knownFields & (1 << PREV)) !== 0) return expected;
  const prev = plainString(b, PREV);
  return prev !== null && PREV_RE.test(prev) ? prev : null;
}

/** The body object at `start`: canonical members in order, the ones verify reads located. */
function readBody(b: Uint8Array, start: number): number {
  if (b[start] !== 0x7b) return scanValue(b, start, 1);
  bodyStart.fill(-1);
  builtOps = null;
  let i = start + 1;
  if (b[i] === 0x7d) return i + 1;
  let prevStart = -1;
  let prevEnd = -1;
  let k = 0;
  for (;;) {
    if (b[i] !== Q) return -1;
    const end = scanKeyEnd(b, i);
    if (end < 0) return -1;
    if (prevStart >= 0 && !keyLess(b, prevStart, prevEnd, i + 1, end)) return -1;
    prevStart = i + 1;
    prevEnd = end;
    // The wanted names are sorted too, so one cursor finds them.
    while (k < BODY_KEYS.length && nameBefore(BODY_KEYS[k]!, b, i + 1, end)) k++;
    const name = k < BODY_KEYS.length ? BODY_KEYS[k]! : null;
    const wanted = name !== null && end - i - 1 === name.length && sameAt(b, i + 1, name) ? k : -1;
    i = end + 1;
    if (b[i] !== 0x3a) return -1;
    const valueStart = i + 1;
    i = wanted === BODY_OPS ? readOps(b, valueStart) : scanValue(b, valueStart, 2);
    if (i < 0) return -1;
    if (wanted >= 0) {
      bodyStart[wanted] = valueStart;
      bodyEnd[wanted] = i;
    }
    const c = b[i++];
    if (c === 0x7d) return i;
    if (c !== 0x2c) return -1;
  }
}

/** `name` < b[a, e) byte by byte (the key order of keyLess). */
function nameBefore(name: Uint8Array, b: Uint8Array, a: number, e: number): boolean {
  const n = Math.min(name.length, e - a);
  for (let k = 0; k < n; k++) {
    const x = name[k]!;
    const y = b[a + k]!;
    if (x !== y) return x < y;
  }
  return name.length < e - a;
}

function bodyFromSpans(b: Uint8Array): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (bodyStart[BODY_FILE]! >= 0) body.file = memberValue(b, BODY_FILE);
  if (bodyStart[BODY_OPS]! >= 0) body.ops = builtOps ?? memberValue(b, BODY_OPS);
  if (bodyStart[BODY_STATE]! >= 0) body.state = memberValue(b, BODY_STATE);
  if (bodyStart[BODY_SWITCH]! >= 0) body.switch = memberValue(b, BODY_SWITCH);
  return body;
}

function memberValue(b: Uint8Array, k: number): unknown {
  const a = bodyStart[k]!;
  const e = bodyEnd[k]!;
  if (b[a] === Q) {
    scanString(b, a);
    return stringAt(a, e, stringEscaped);
  }
  return JSON.parse(bytes.utf8Slice(a, e)) as unknown;
}

// Op members in JCS order (DESIGN §2.1 Op): the ones an op object may have on the built path.
const OP_FIELDS = ['after', 'before', 'key', 'op', 'path'].map(utf8);

/**
 * body.ops at `start`: scanned as any value, and built when it is an array of op objects whose members
 * are among OP_FIELDS with scalar values (integers, strings, true/false/null); otherwise builtOps stays
 * null and the span is parsed with JSON.parse.
 */
function readOps(b: Uint8Array, start: number): number {
  builtOps = null;
  if (b[start] !== 0x5b) return scanValue(b, start, 2);
  const ops: unknown[] = [];
  let i = start + 1;
  let simple = true;
  if (b[i] === 0x5d) {
    builtOps = ops;
    return i + 1;
  }
  for (;;) {
    const at = i;
    const op = simple ? readOp(b, i) : null;
    if (op === null) {
      // Not a plain op: scan the element again from its start, as any value.
      simple = false;
      i = scanValue(b, at, 3);
    } else {
      i = opEnd;
      ops.push(op);
    }
    if (i < 0) return -1;
    const c = b[i++];
    if (c === 0x5d) break;
    if (c !== 0x2c) return -1;
  }
  if (simple) builtOps = ops;
  return i;
}

let opEnd = -1;

const opSlots: unknown[] = [undefined, undefined, undefined, undefined, undefined];
// The last string each op member held.
const recentOp = OP_FIELDS.map(() => new Recent());

/** One op object at `start` with scalar members among OP_FIELDS, built; null when it is not one. */
function readOp(b: Uint8Array, start: number): Record<string, unknown> | null {
  if (b[start] !== 0x7b) return null;
  // Present members in `seen` (bit f), values in opSlots: one object of one shape in the common case.
  const slots = opSlots;
  let seen = 0;
  let i = start + 1;
  if (b[i] !== 0x7d) {
    let f = 0;
    for (;;) {
      if (b[i] !== Q) return null;
      while (f < OP_FIELDS.length && !keyIs(b, i, OP_FIELDS[f]!)) f++;
      if (f === OP_FIELDS.length) return null;
      i += OP_FIELDS[f]!.length + 2;
      if (b[i] !== 0x3a) return null;
      const a = i + 1;
      const c = b[a]!;
      if (c === Q) {
        const recent = recentOp[f]!;
        i = recent.endAt(b, a);
        if (i >= 0) slots[f] = recent.text;
        else {
          i = scanString(b, a);
          if (i < 0) return null;
          slots[f] = opString(b, f, a, i);
        }
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        i = scanInteger(b, a);
        if (i < 0) return null;
        slots[f] = integerAt(b, a, i);
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        i = scanValue(b, a, 4);
        if (i < 0) return null;
        slots[f] = c === 0x74 ? true : c === 0x66 ? false : null;
      } else return null;
      seen |= 1 << f;
      f++;
      const d = b[i++];
      if (d === 0x7d) break;
      if (d !== 0x2c) return null;
    }
  } else i++;
  opEnd = i;
  if (seen === 0b11111)
    return { after: slots[0], before: slots[1], key: slots[2], op: slots[3], path: slots[4] };
  const op: Record<string, unknown> = {};
  for (let f = 0; f < OP_FIELDS.length; f++) if (seen & (1 << f)) op[FIELD_NAMES[f]!] = slots[f];
  return op;
}

const FIELD_NAMES = ['after', 'before', 'key', 'op', 'path'];

/** The string value of op member f at b[a, e), just scanned; kept as the member's recent value. */
function opString(b: Uint8Array, f: number, a: number, e: number): string {
  if (stringEscaped) return stringAt(a, e, true);
  const text = plainText(a + 1, e - 1);
  recentOp[f]!.keep(b, a, e, text);
  return text;
}

/** The canonical integer spanning b[a, e) (at most 15 digits, so exact). */
function integerAt(b: Uint8Array, a: number, e: number): number {
  const negative = b[a] === 0x2d;
  let n = 0;
  for (let k = negative ? a + 1 : a; k < e; k++) n = n * 10 + (b[k]! - 0x30);
  return negative ? -n : n;
}
