/**
 * body.ops of a change, built while the one-pass reader (verify-line.ts) scans it: an array of op objects
 * (DESIGN §2.1 Op) with scalar members is built straight from the bytes, with the values JSON.parse gives;
 * anything else is only scanned, and the caller parses its span.
 */
import { scanInteger, scanString, scanValue, stringEscaped } from './canonical-line.js';
import { integerAt, memberAt, plainText, Q, Recent, stringAt, utf8 } from './line-spans.js';

// Op members in JCS order (DESIGN §2.1 Op): the ones an op object may have on the built path.
const OP_NAMES = ['after', 'before', 'key', 'op', 'path'];
const OP_FIELDS = OP_NAMES.map(utf8);

/** The ops array the last readOps built, or null when its span must be parsed with JSON.parse. */
export let builtOps: unknown[] | null = null;

/**
 * body.ops at `start`: scanned as any value, and built (builtOps) when it is an array of op objects whose
 * members are among OP_FIELDS with scalar values (integers, strings, true/false/null). Returns its end, or -1.
 */
export function readOps(b: Uint8Array, start: number): number {
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
      f = memberAt(b, i, OP_FIELDS, f);
      if (f < 0) return null;
      const a = i + OP_FIELDS[f]!.length + 3;
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
  for (let f = 0; f < OP_FIELDS.length; f++) if (seen & (1 << f)) op[OP_NAMES[f]!] = slots[f];
  return op;
}

/** The string value of op member f at b[a, e), just scanned; kept as the member's recent value. */
function opString(b: Uint8Array, f: number, a: number, e: number): string {
  if (stringEscaped) return stringAt(a, e, true);
  const text = plainText(a + 1, e - 1);
  recentOp[f]!.keep(b, a, e, text);
  return text;
}
