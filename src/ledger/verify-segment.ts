/**
 * The lines of one segment for verifyLedger (DESIGN §4, §7), from its bytes or, when the reader gives only
 * that, its text (encoded to the same UTF-8 bytes). No segment-sized string is built: a line is decoded on its
 * own only when asked for, and its RFC 9162 leaf hash is taken over the file's own bytes, which are the UTF-8
 * of the decoded line whenever the segment is valid UTF-8. Such a segment also offers its bytes to the
 * one-pass reader (verify-line.ts). A segment that is not valid UTF-8 is hashed as its decoded text is
 * (U+FFFD for each bad sequence, re-encoded), exactly as when it is read as text, and its lines are read
 * the exact way. A newline (0x0A) is never part of a multi-byte sequence, so decoding line by line gives
 * the lines that decoding the whole file and splitting it gives.
 */
import { hash } from 'node:crypto';
import { isAscii, isUtf8 } from 'node:buffer';
import { lineLeafHex } from './verify-line.js';
import type { SegmentInput } from './verify-types.js';

/** A segment's lines, decoded one at a time (the report's reader). */
export interface ByteLines {
  /** Lines, without the newline after each. */
  count: number;
  /** The last line has no newline (the segment is cut short); it is counted. */
  cutShort: boolean;
  /** Line i (0-based). */
  line(i: number): string;
}

/** What the verifier reads of a segment. Its bytes and leaves are valid until the next segmentLines call. */
export interface SegmentLines extends ByteLines {
  /** RFC 9162 §2.1.1 leaf hash of line i as hex. */
  leaf(i: number): string;
  /**
   * The segment's bytes when they are valid UTF-8, for the one-pass reader: line i is bytes[start(i), end(i)),
   * with a zero byte before and after it (in place of the newlines). Null when the segment is not valid UTF-8
   * or its text has a lone surrogate (no UTF-8 form).
   */
  bytes: Buffer | null;
  /** `bytes` are all ASCII. */
  ascii: boolean;
  start(i: number): number;
  end(i: number): number;
}

const NL = 0x0a;

// A UTF-16 surrogate without its other half: text with one has no UTF-8 form.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The segment's lines, or null when it is empty. */
export function segmentLines(segment: SegmentInput): SegmentLines | null {
  if (typeof segment.text !== 'string' && segment.framed) return framedLines(segment.framed());
  if (typeof segment.text !== 'string' && segment.bytes) return framedLines(copyFramed(segment.bytes()));
  const text = typeof segment.text === 'string' ? segment.text : segment.text();
  if (text === '') return null;
  if (!LONE_SURROGATE.test(text)) return framedLines(encodeFramed(text));
  const lines = text.split('\n');
  const cutShort = lines[lines.length - 1] !== '';
  if (!cutShort) lines.pop();
  const line = (i: number): string => lines[i] as string;
  return { count: lines.length, cutShort, line, ...exactOnly(line) };
}

/** The lines of a segment's bytes (each decoded on its own), or null when it is empty. */
export function byteLines(bytes: Uint8Array): ByteLines | null {
  const split = splitLines(bytes);
  return split && { count: split.count, cutShort: split.cutShort, line: split.line };
}

interface Split extends ByteLines {
  buf: Buffer;
  /** Start of each line, then one past the end of the last line's newline. */
  starts: Int32Array;
  ascii: boolean;
}

function splitLines(bytes: Uint8Array): Split | null {
  if (bytes.length === 0) return null;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let starts: Int32Array = new Int32Array(16 * 1024);
  let count = 0;
  let at = 0;
  for (let nl = buf.indexOf(NL, 0); nl >= 0; nl = buf.indexOf(NL, at)) {
    if (count + 2 > starts.length) starts = grow(starts);
    starts[count++] = at;
    at = nl + 1;
  }
  const cutShort = at < buf.length;
  if (cutShort) {
    if (count + 2 > starts.length) starts = grow(starts);
    starts[count++] = at;
    at = buf.length + 1;
  }
  starts[count] = at;
  const lineStarts = starts;
  const ascii = isAscii(buf);
  const end = (i: number): number => (lineStarts[i + 1] as number) - 1;
  const line = ascii
    ? (i: number) => buf.toString('latin1', lineStarts[i], end(i))
    : (i: number) => buf.toString('utf8', lineStarts[i], end(i));
  return { count, cutShort, line, buf, starts, ascii };
}

// The frame for segments given as bytes or text, reused from segment to segment (a fresh one for each
// costs more in page faults than filling it).
let frame = Buffer.alloc(0);

/** The reused frame, for n bytes between a free first and last byte. */
function frameFor(n: number): Buffer {
  if (frame.length < n + 2) frame = Buffer.allocUnsafeSlow(Math.max(n + 2, frame.length * 2));
  return frame.subarray(0, n + 2);
}

function copyFramed(bytes: Uint8Array): Buffer {
  const framed = frameFor(bytes.length);
  framed.set(bytes, 1);
  return framed;
}

function encodeFramed(text: string): Buffer {
  const framed = frameFor(Buffer.byteLength(text, 'utf8'));
  framed.write(text, 1, 'utf8');
  return framed;
}

/**
 * The lines of a file's bytes framed as SegmentInput `framed` gives them (between a free first and last byte),
 * or null when it is empty.
 */
function framedLines(framed: Buffer): SegmentLines | null {
  const split = splitLines(framed.subarray(1, framed.length - 1));
  if (split === null) return null;
  const { count, cutShort, line, buf, starts, ascii } = split;
  if (!ascii && !isUtf8(buf)) return { count, cutShort, line, ...exactOnly(line) };
  // RFC 9162 §2.1.1 hashes 0x00 ‖ line: a zero byte before each line (in place of the newline before it)
  // and after the last, so each leaf is hashed where it lies, nothing copied per line.
  framed[0] = 0;
  framed[buf.length + 1] = 0;
  for (let i = 0; i <= count; i++) framed[starts[i] as number] = 0;
  return {
    count,
    cutShort,
    line,
    leaf: (i) => hash('sha256', framed.subarray(starts[i], starts[i + 1]), 'hex'),
    bytes: framed,
    ascii,
    start: (i) => (starts[i] as number) + 1,
    end: (i) => starts[i + 1] as number,
  };
}

/** A segment whose lines have no UTF-8 bytes of their own: hashed as their text encodes, read the exact way. */
function exactOnly(line: (i: number) => string): Omit<SegmentLines, keyof ByteLines> {
  return { leaf: (i) => lineLeafHex(line(i)), bytes: null, ascii: false, start: () => 0, end: () => 0 };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
