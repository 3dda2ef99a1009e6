/**
 * The fast reading of one ledger line for verifyLedger (DESIGN §4, §7). One left-to-right pass over the
 * line proves it canonical with the scanner of canonical-line.ts and keeps, along the way, exactly what
 * verify and replay read: the top-level fields and the body members `file`, `ops`, `state` and `switch`.
 * The rest of the body (manifest, approvals, decision…) is scanned but never built, and the ops of a
 * change are built straight from the text instead of by a JSON.parse of the line.
 *
 * It answers only for lines that are canonical in the scanner's grammar and whose entry shape is sound;
 * for anything else it returns null and the caller takes the exact path (JSON.parse, JCS round trip,
 * entryShapeProblems), which words the findings. So every line gets the same findings either way, and
 * the values it returns are the ones JSON.parse gives for the same members.
 */
import { hash } from 'node:crypto';
import { ENTRY_TYPES, type LedgerEntry } from '../core/ledger-entry.js';
import {
  beginLine,
  keyLess,
  rewindTo,
  scanInteger,
  scanKeyEnd,
  scanString,
  scanValue,
  stringValue,
} from './canonical-line.js';

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

// Top-level members in JCS order (DESIGN §4 entry shape); any other member sends the line to the exact path.
const FIELDS = ['actor', 'body', 'level', 'prev', 'seq', 'subject', 'ts', 'type', 'v'] as const;
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

// The body members replay and the snapshot check read (src/state/replay.ts, verify.ts checkSnapshot).
const BODY_FILE = 0;
const BODY_OPS = 1;
const BODY_STATE = 2;
const BODY_SWITCH = 3;
const BODY_KEYS = ['file', 'ops', 'state', 'switch'] as const;
const bodyStart = new Int32Array(BODY_KEYS.length);
const bodyEnd = new Int32Array(BODY_KEYS.length);
// The ops array built while scanning body.ops, or null when it must come from JSON.parse of its span.
let builtOps: unknown[] | null = null;

/**
 * The entry on the line `text[start, end)` as verify reads it, or null when the line must take the exact
 * path. Of the body, only `file`, `ops`, `state` and `switch` are present (what replay and the snapshot
 * check read); `subject` is checked to be an object but not built. `expectedPrev` is the prev the chain
 * expects: when the line carries it, the same string is returned (no copy). The line is read in place
 * in its segment's text (a flat string, quicker to scan than a slice of it).
 */
export function readLineFast(
  text: string,
  start: number,
  end: number,
  expectedPrev: string,
): LedgerEntry | null {
  if (text.charCodeAt(start) !== 0x7b || !beginLine(text, start, end)) return null;
  fieldStart.fill(-1);
  let i = start + 1;
  let f = 0;
  for (;;) {
    if (text.charCodeAt(i) !== Q) return null;
    // Members come in strictly increasing order, so each must be a later name of FIELDS.
    while (f < FIELDS.length && !keyIs(text, i, FIELDS[f] as string)) f++;
    if (f === FIELDS.length) return null;
    i += (FIELDS[f] as string).length + 2;
    if (text.charCodeAt(i) !== 0x3a) return null;
    const valueStart = i + 1;
    i = f === BODY ? readBody(text, valueStart) : scanValue(text, valueStart, 1);
    if (i < 0) return null;
    fieldStart[f] = valueStart;
    fieldEnd[f] = i;
    f++;
    const c = text.charCodeAt(i++);
    if (c === 0x7d) break;
    if (c !== 0x2c) return null;
  }
  if (i !== end) return null;
  return entryFromSpans(text, expectedPrev);
}

/** The key at `i` (its opening quote) is `name`, a plain name: its characters, then the closing quote. */
function keyIs(s: string, i: number, name: string): boolean {
  return s.charCodeAt(i + 1 + name.length) === Q && sameAt(s, i + 1, name);
}

/** s holds `str` at `at` (a native comparison of a slice beats a loop over the characters, and startsWith). */
function sameAt(s: string, at: number, str: string): boolean {
  return s.slice(at, at + str.length) === str;
}

/** DESIGN §4 entry shape on the spans found; null on anything entryShapeProblems would report. */
function entryFromSpans(line: string, expectedPrev: string): LedgerEntry | null {
  const vAt = fieldStart[V]!;
  // v must be 1.
  if (vAt === -1 || fieldEnd[V]! - vAt !== 1 || line.charCodeAt(vAt) !== 0x31) return null;
  const seq = naturalAt(line, fieldStart[SEQ]!, fieldEnd[SEQ]!);
  if (seq < 0) return null;
  const prev = prevAt(line, fieldStart[PREV]!, fieldEnd[PREV]!, expectedPrev);
  if (prev === null) return null;
  const ts = plainString(line, fieldStart[TS]!, fieldEnd[TS]!);
  if (ts === null || !validTs(ts)) return null;
  const type = typeAt(line, fieldStart[TYPE]!, fieldEnd[TYPE]!);
  if (type === null) return null;
  const actor = actorAt(line, fieldStart[ACTOR]!, fieldEnd[ACTOR]!);
  if (actor === null) return null;
  const bodyAt = fieldStart[BODY]!;
  if (bodyAt === -1 || line.charCodeAt(bodyAt) !== 0x7b) return null;
  const subjectAt = fieldStart[SUBJECT]!;
  if (subjectAt !== -1 && line.charCodeAt(subjectAt) !== 0x7b) return null;
  const body = bodyFromSpans(line);
  if (fieldStart[LEVEL]! === -1) return { v: 1, seq, prev, ts, type, actor, body } as LedgerEntry;
  const level = naturalAt(line, fieldStart[LEVEL]!, fieldEnd[LEVEL]!);
  if (level < 0 || level > 4) return null;
  return { v: 1, seq, prev, ts, type, actor, level, body } as LedgerEntry;
}

// The day ("YYYY-MM-DD") of the last ts that Date.parse accepted: a ts on that day with a time in range
// needs no new Date.parse (entryShapeProblems' test, NaN only for out-of-range fields).
let lastDay = '';

/** TS_RE and Date.parse, as entryShapeProblems tests ts, with the common case done by hand. */
function validTs(ts: string): boolean {
  if (ts.length !== 20 || !plainTsShape(ts)) return TS_RE.test(ts) && !Number.isNaN(Date.parse(ts));
  const sameDay = lastDay !== '' && ts.slice(0, 10) === lastDay;
  if (sameDay && twoDigits(ts, 11) < 24 && twoDigits(ts, 14) < 60 && twoDigits(ts, 17) < 60) return true;
  if (Number.isNaN(Date.parse(ts))) return false;
  lastDay = ts.slice(0, 10);
  return true;
}

// "YYYY-MM-DDTHH:MM:SSZ": TS_RE without a fraction.
function plainTsShape(ts: string): boolean {
  for (let k = 0; k < 19; k++) {
    const c = ts.charCodeAt(k);
    const want = k === 4 || k === 7 ? 0x2d : k === 10 ? 0x54 : k === 13 || k === 16 ? 0x3a : -1;
    if (want === -1 ? c < 0x30 || c > 0x39 : c !== want) return false;
  }
  return ts.charCodeAt(19) === 0x5a;
}

function twoDigits(s: string, k: number): number {
  return (s.charCodeAt(k) - 0x30) * 10 + (s.charCodeAt(k + 1) - 0x30);
}

// The last type and actor read; lines mostly repeat them, so the span is compared instead of copied.
// Only values whose text is their own JSON body (no quote or backslash) are kept.
let lastType = '';
let lastActor = '';

function typeAt(s: string, a: number, b: number): string | null {
  if (s.charCodeAt(a) === Q && b - a === lastType.length + 2 && sameAt(s, a + 1, lastType)) return lastType;
  const type = plainString(s, a, b);
  if (type === null || !TYPES.has(type)) return null;
  lastType = type;
  return type;
}

function actorAt(s: string, a: number, b: number): string | null {
  if (s.charCodeAt(a) === Q && b - a === lastActor.length + 2 && sameAt(s, a + 1, lastActor))
    return lastActor;
  const actor = plainString(s, a, b);
  if (actor === null || actor === '') return null;
  if (!actor.includes('\\') && !actor.includes('"')) lastActor = actor;
  return actor;
}

/** A non-negative integer spanning s[a, b) (already a canonical integer of ≤ 15 digits), else -1. */
function naturalAt(s: string, a: number, b: number): number {
  if (a < 0 || s.charCodeAt(a) === 0x2d || s.charCodeAt(a) === Q) return -1;
  let n = 0;
  for (let k = a; k < b; k++) {
    const d = s.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** The string spanning s[a, b), or null when absent or not a string. */
function plainString(s: string, a: number, b: number): string | null {
  if (a < 0 || s.charCodeAt(a) !== Q) return null;
  return stringValue(s, a, b);
}

function prevAt(s: string, a: number, b: number, expected: string): string | null {
  if (a >= 0 && b - a === expected.length + 2 && s.charCodeAt(a) === Q && s.slice(a + 1, b - 1) === expected)
    return expected;
  const prev = plainString(s, a, b);
  return prev !== null && PREV_RE.test(prev) ? prev : null;
}

/** The body object at `start`: canonical members in order, the ones verify reads located. */
function readBody(s: string, start: number): number {
  if (s.charCodeAt(start) !== 0x7b) return scanValue(s, start, 1);
  bodyStart.fill(-1);
  builtOps = null;
  let i = start + 1;
  if (s.charCodeAt(i) === 0x7d) return i + 1;
  let prevStart = -1;
  let prevEnd = -1;
  let k = 0;
  for (;;) {
    if (s.charCodeAt(i) !== Q) return -1;
    const end = scanKeyEnd(s, i);
    if (end < 0) return -1;
    if (prevStart >= 0 && !keyLess(s, prevStart, prevEnd, i + 1, end)) return -1;
    prevStart = i + 1;
    prevEnd = end;
    // The wanted names are sorted too, so one cursor finds them.
    while (k < BODY_KEYS.length && nameBefore(BODY_KEYS[k] as string, s, i + 1, end)) k++;
    const name = k < BODY_KEYS.length ? (BODY_KEYS[k] as string) : '';
    const wanted = name !== '' && end - i - 1 === name.length && sameAt(s, i + 1, name) ? k : -1;
    i = end + 1;
    if (s.charCodeAt(i) !== 0x3a) return -1;
    const valueStart = i + 1;
    i = wanted === BODY_OPS ? readOps(s, valueStart) : scanValue(s, valueStart, 2);
    if (i < 0) return -1;
    if (wanted >= 0) {
      bodyStart[wanted] = valueStart;
      bodyEnd[wanted] = i;
    }
    const c = s.charCodeAt(i++);
    if (c === 0x7d) return i;
    if (c !== 0x2c) return -1;
  }
}

/** `name` < s[a, b) by UTF-16 code units (JS string order). */
function nameBefore(name: string, s: string, a: number, b: number): boolean {
  return name < s.slice(a, b);
}

function bodyFromSpans(s: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (bodyStart[BODY_FILE]! >= 0) body.file = memberValue(s, BODY_FILE);
  if (bodyStart[BODY_OPS]! >= 0) body.ops = builtOps ?? memberValue(s, BODY_OPS);
  if (bodyStart[BODY_STATE]! >= 0) body.state = memberValue(s, BODY_STATE);
  if (bodyStart[BODY_SWITCH]! >= 0) body.switch = memberValue(s, BODY_SWITCH);
  return body;
}

function memberValue(s: string, k: number): unknown {
  const a = bodyStart[k]!;
  const b = bodyEnd[k]!;
  return s.charCodeAt(a) === Q ? stringValue(s, a, b) : (JSON.parse(s.slice(a, b)) as unknown);
}

// Op members in JCS order (DESIGN §2.1 Op): the ones an op object may have on the built path.
const OP_FIELDS = ['after', 'before', 'key', 'op', 'path'] as const;

/**
 * body.ops at `start`: scanned as any value, and built when it is an array of op objects whose members
 * are among OP_FIELDS with scalar values (integers, strings, true/false/null); otherwise builtOps stays
 * null and the span is parsed with JSON.parse.
 */
function readOps(s: string, start: number): number {
  builtOps = null;
  if (s.charCodeAt(start) !== 0x5b) return scanValue(s, start, 2);
  const ops: unknown[] = [];
  let i = start + 1;
  let simple = true;
  if (s.charCodeAt(i) === 0x5d) {
    builtOps = ops;
    return i + 1;
  }
  for (;;) {
    const at = i;
    const op = simple ? readOp(s, i) : null;
    if (op === null) {
      // Not a plain op: scan the element again from its start, as any value.
      simple = false;
      rewindTo(s, at);
      i = scanValue(s, at, 3);
    } else {
      i = opEnd;
      ops.push(op);
    }
    if (i < 0) return -1;
    const c = s.charCodeAt(i++);
    if (c === 0x5d) break;
    if (c !== 0x2c) return -1;
  }
  if (simple) builtOps = ops;
  return i;
}

let opEnd = -1;

const opSlots: unknown[] = [undefined, undefined, undefined, undefined, undefined];

/** One op object at `start` with scalar members among OP_FIELDS, built; null when it is not one. */
function readOp(s: string, start: number): Record<string, unknown> | null {
  if (s.charCodeAt(start) !== 0x7b) return null;
  // Present members in `seen` (bit f), values in opSlots: one object of one shape in the common case.
  const slots = opSlots;
  let seen = 0;
  let i = start + 1;
  if (s.charCodeAt(i) !== 0x7d) {
    let f = 0;
    for (;;) {
      if (s.charCodeAt(i) !== Q) return null;
      while (f < OP_FIELDS.length && !keyIs(s, i, OP_FIELDS[f] as string)) f++;
      if (f === OP_FIELDS.length) return null;
      i += (OP_FIELDS[f] as string).length + 2;
      if (s.charCodeAt(i) !== 0x3a) return null;
      const a = i + 1;
      const c = s.charCodeAt(a);
      if (c === Q) {
        i = scanString(s, a);
        if (i < 0) return null;
        slots[f] = stringValue(s, a, i);
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        i = scanInteger(s, a);
        if (i < 0) return null;
        slots[f] = integerAt(s, a, i);
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        i = scanValue(s, a, 4);
        if (i < 0) return null;
        slots[f] = c === 0x74 ? true : c === 0x66 ? false : null;
      } else return null;
      seen |= 1 << f;
      f++;
      const d = s.charCodeAt(i++);
      if (d === 0x7d) break;
      if (d !== 0x2c) return null;
    }
  } else i++;
  opEnd = i;
  if (seen === 0b11111)
    return { after: slots[0], before: slots[1], key: slots[2], op: slots[3], path: slots[4] };
  const op: Record<string, unknown> = {};
  for (let f = 0; f < OP_FIELDS.length; f++) if (seen & (1 << f)) op[OP_FIELDS[f] as string] = slots[f];
  return op;
}

/** The canonical integer spanning s[a, b) (at most 15 digits, so exact). */
function integerAt(s: string, a: number, b: number): number {
  const negative = s.charCodeAt(a) === 0x2d;
  let n = 0;
  for (let k = negative ? a + 1 : a; k < b; k++) n = n * 10 + (s.charCodeAt(k) - 0x30);
  return negative ? -n : n;
}
