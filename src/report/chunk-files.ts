/**
 * The report's chunk data files written straight from the segment bytes, by the thread that verifies them
 * (src/verify-worker.ts), while the main thread parses the same lines for the model (chunks.ts with
 * `chunkFiles: false`). The files are the ones ReportWriter writes from the parsed lines (chunks.ts
 * chunkScriptText): `gatehouseChunk(i,[line,…]);\n`, `chunkSize` lines each, counted across segments, each line
 * copied as stored with the newlines between lines turned into commas. A segment that is not valid UTF-8 is
 * first decoded and re-encoded, as the main thread's text of it is (U+FFFD for each bad sequence).
 */
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { CHUNK_SCRIPT_FN } from './chunks.js';
import { chunkFile, commasForNewlines, writeBytes } from './write.js';

const NL = 0x0a;
const COMMA = 0x2c;
const TAIL = Buffer.from(']);\n');

export class ChunkFileWriter {
  files = 0;
  bytes = 0;
  private readonly dir: string;
  private readonly chunkSize: number;
  /** The chunk being filled, reused from chunk to chunk. */
  private buf = Buffer.allocUnsafe(1 << 20);
  private n = 0;
  /** Lines in the chunk being filled. */
  private count = 0;
  private index = 0;

  /** `dir` is the report's staging directory (chunk files go under its data/). */
  constructor(dir: string, chunkSize: number) {
    this.dir = dir;
    this.chunkSize = chunkSize;
  }

  private room(more: number): void {
    if (this.n + more <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + more));
    this.buf.copy(grown, 0, 0, this.n);
    this.buf = grown;
  }

  private put(bytes: Uint8Array, from = 0, to = bytes.length): void {
    this.room(to - from);
    this.buf.set(bytes.subarray(from, to), this.n);
    this.n += to - from;
  }

  /** The next segment's lines, in seq order. */
  add(segment: Uint8Array): void {
    let b = Buffer.from(segment.buffer, segment.byteOffset, segment.byteLength);
    if (!isUtf8(b)) b = Buffer.from(b.toString('utf8'), 'utf8');
    const end = b.length;
    let at = 0;
    while (at < end) {
      if (this.count === 0) this.put(Buffer.from(`${CHUNK_SCRIPT_FN}(${this.index},[`));
      else this.put(Buffer.of(COMMA));
      // the lines [at, stop) that fit in this chunk; a line ends at its newline or at the end of the file
      let stop = at;
      let lines = 0;
      while (lines < this.chunkSize - this.count && stop < end) {
        const nl = b.indexOf(NL, stop);
        stop = nl < 0 ? end : nl + 1;
        lines++;
      }
      const runEnd = b[stop - 1] === NL ? stop - 1 : stop;
      const from = this.n;
      this.put(b, at, runEnd);
      commasForNewlines(this.buf.subarray(from, this.n));
      this.count += lines;
      at = stop;
      if (this.count === this.chunkSize) this.flush();
    }
  }

  private flush(): void {
    this.put(TAIL);
    writeBytes(join(this.dir, chunkFile(this.index)), this.buf, this.n);
    this.files++;
    this.bytes += this.n;
    this.index++;
    this.n = 0;
    this.count = 0;
  }

  /** Writes the last, partly filled chunk. */
  finish(): { files: number; bytes: number } {
    if (this.count > 0) this.flush();
    return { files: this.files, bytes: this.bytes };
  }
}
