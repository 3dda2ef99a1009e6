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
import { keyLess, scanKeyEnd, scanString, scanValue, stringEscaped } from './canonical-line.js';
import { builtOps, readOps } from './line-ops.js';
import { jsonAt, memberAt, plainText, Q, readFrom, Recent, sameAt, stringAt, utf8 } from './line-spans.js';

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
/**
 * The entry on the line `b[start, end)` as verify reads it, or null when the line must take the exact
 * path. `b` is valid UTF-8 (`isAscii` says it is ASCII) and the byte at `end` is a control byte (the zero
 * byte after each line of verify-segment.ts's frame). Of the body, only `file`, `ops`, `state` and `switch` are present (what replay and the snapshot
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
  readFrom(b, isAscii);
  fieldStart.fill(-1);
  fieldEscapes = 0;
  knownFields = 0;
  let i = start + 1;
  let f = 0;
  for (;;) {
    f = memberAt(b, i, FIELDS, f);
    if (f < 0) return null;
    const valueStart = i + FIELDS[f]!.length + 3;
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
  return jsonAt(a, e);
}
