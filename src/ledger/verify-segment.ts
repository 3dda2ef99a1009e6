/**
 * The lines of one segment for verifyLedger (DESIGN §4, §7), from its text or, when the reader gives them,
 * its bytes. From bytes, no segment-sized string is built: each line is decoded on its own, and its RFC 9162
 * leaf hash is taken over the file's own bytes, which are the UTF-8 of the decoded line whenever the segment is
 * valid UTF-8. A segment that is not valid UTF-8 is hashed as its decoded text is (U+FFFD for each bad
 * sequence, re-encoded), exactly as when it is read as text. A newline (0x0A) is never part of a multi-byte
 * sequence, so decoding line by line gives the lines that decoding the whole file and splitting it gives.
 */
import { hash } from 'node:crypto';
import { isAscii, isUtf8 } from 'node:buffer';
import { lineLeafHex } from './verify-line.js';
import type { SegmentInput } from './verify-types.js';

export interface SegmentLines {
  /** Lines, without the newline after each. */
  count: number;
  /** The last line has no newline (the segment is cut short); it is counted. */
  cutShort: boolean;
  /** Line i (0-based). */
  line(i: number): string;
  /** RFC 9162 §2.1.1 leaf hash of line i as hex; `line` is line(i). */
  leaf(i: number, line: string): string;
}

const NL = 0x0a;

// `0x00 ‖ line` for hashing a line of bytes, reused from line to line.
let leafInput = Buffer.alloc(64 * 1024);

/** The segment's lines, or null when it is empty. */
export function segmentLines(segment: SegmentInput): SegmentLines | null {
  if (typeof segment.text !== 'string' && segment.bytes) return byteLines(segment.bytes());
  const text = typeof segment.text === 'string' ? segment.text : segment.text();
  if (text === '') return null;
  const lines = text.split('\n');
  const cutShort = lines[lines.length - 1] !== '';
  if (!cutShort) lines.pop();
  return {
    count: lines.length,
    cutShort,
    line: (i) => lines[i] as string,
    leaf: (_i, line) => lineLeafHex(line),
  };
}

/** The lines of a segment's bytes (each decoded on its own), or null when it is empty; also the report's reader. */
export function byteLines(bytes: Uint8Array): SegmentLines | null {
  if (bytes.length === 0) return null;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Start of each line, then one past the end of the last line's newline.
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
  const raw = ascii || isUtf8(buf);
  const end = (i: number): number => (lineStarts[i + 1] as number) - 1;
  return {
    count,
    cutShort,
    line: ascii
      ? (i) => buf.toString('latin1', lineStarts[i], end(i))
      : (i) => buf.toString('utf8', lineStarts[i], end(i)),
    leaf: raw
      ? (i) => {
          const a = lineStarts[i] as number;
          const n = end(i) - a;
          if (n + 1 > leafInput.length) leafInput = Buffer.alloc(n + 1);
          buf.copy(leafInput, 1, a, a + n);
          return hash('sha256', leafInput.subarray(0, n + 1), 'hex');
        }
      : (_i, line) => lineLeafHex(line),
  };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
