/**
 * The ledger's entries as the page loads them (pure): chunk scripts of `chunkSize` lines, a per-chunk
 * facet index for the filters, and one extra data file per rare type. The lines are the exact
 * ledger lines: JCS lines are JSON, and JSON is a JS expression, so a chunk is the lines in an array
 * literal passed to a global callback (a <script> tag loads it; fetch() of file:// is blocked).
 */
import type { LedgerEntry } from '../core/ledger-entry.js';
import { servicesOf } from './entry-facts.js';
import type { ChunkIndex, ClientIndex } from './types.js';

/** Whole lines of one segment text: text[start, end), separated by '\n'. */
export interface TextRun {
  text: string;
  start: number;
  end: number;
}

/**
 * A chunk data script: `head`, then the lines of the runs joined by ',', then `tail`. Kept as runs of the
 * segment texts so the writer can encode them straight into the file (chunkScriptText gives the same text).
 */
export interface ChunkScript {
  head: string;
  runs: readonly TextRun[];
  tail: string;
}

/** The text of a chunk script. */
export function chunkScriptText(c: ChunkScript): string {
  return c.head + c.runs.map((r) => r.text.slice(r.start, r.end).replaceAll('\n', ',')).join(',') + c.tail;
}

/** Receives the generated data scripts, in order. */
export interface ReportSink {
  chunk(index: number, script: ChunkScript): void;
  state(seq: number, script: string): void;
  /** every entry of one rare type (its code in the index's type dictionary), written at finish */
  rare(code: number, script: string): void;
}

/** A type with at most this many entries also gets its own data file, so filtering by it loads one file. */
export const RARE_MAX = 2000;

export const CHUNK_SCRIPT_FN = 'gatehouseChunk';
export const STATE_SCRIPT_FN = 'gatehouseState';
export const INDEX_SCRIPT_FN = 'gatehouseIndex';
export const RARE_SCRIPT_FN = 'gatehouseRare';

const LEVEL_NONE = 5;

class Facet {
  readonly codes = new Map<string, number>();
  readonly names: string[] = [];
  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.codes.set(name, c);
      this.names.push(name);
    }
    return c;
  }
}

function flat(m: Map<number, number>): number[] {
  const out: number[] = [];
  for (const [k, v] of [...m].sort((a, b) => a[0] - b[0])) out.push(k, v);
  return out;
}

function bump(m: Map<number, number>, k: number): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export class ChunkIndexer {
  private readonly sink: ReportSink;
  private readonly chunkSize: number;
  private readonly types = new Facet();
  private readonly actorFacet = new Facet();
  private readonly services = new Facet();
  private readonly chunks: ChunkIndex[] = [];
  /**
   * The chunk's lines as runs of one segment text, so the chunk is written a run at a time, not built as
   * a string of a thousand slices.
   */
  private runs: TextRun[] = [];
  private count = 0;
  private facet = {
    t: new Map<number, number>(),
    a: new Map<number, number>(),
    l: new Map<number, number>(),
    s: new Map<number, number>(),
  };
  private ts0 = '';
  private ts1 = '';
  private size = 0;
  private typeBySeq = new Uint16Array(1024);
  /** lines per type code while the type stays rare; undefined once it has more than RARE_MAX */
  private readonly rareLines: (string[] | undefined)[] = [];

  /** False when another writer writes the chunk files from the same lines (chunk-files.ts): only the index is kept. */
  private readonly writes: boolean;

  constructor(sink: ReportSink, chunkSize: number, writes = true) {
    this.sink = sink;
    this.chunkSize = chunkSize;
    this.writes = writes;
  }

  /** The type of an earlier entry. */
  typeAt(seq: number): string | undefined {
    return seq >= 0 && seq < this.size ? this.types.names[this.typeBySeq[seq]!] : undefined;
  }

  /** Adds the next entry with its exact line; `start` is where the line begins in `text`, when given. */
  add(e: LedgerEntry, line: string, text?: string, start?: number): void {
    this.index(e, line);
    if (this.writes) this.keepRun(line, text, start);
    this.count++;
    this.size++;
    if (this.count === this.chunkSize) this.flush();
  }

  private keepRun(line: string, text?: string, start?: number): void {
    const last = this.runs[this.runs.length - 1];
    if (text === undefined || start === undefined) this.runs.push({ text: line, start: 0, end: line.length });
    else if (last && last.text === text && last.end + 1 === start) last.end = start + line.length;
    else this.runs.push({ text, start, end: start + line.length });
  }

  private index(e: LedgerEntry, line: string): void {
    const known = this.types.codes.has(e.type);
    const tcode = this.types.code(e.type);
    if (!known) this.rareLines[tcode] = [];
    const rare = this.rareLines[tcode];
    if (rare) {
      // a copy: `line` is a slice of its segment's text, and keeping the slice would keep the whole segment
      if (rare.length < RARE_MAX) rare.push(Buffer.from(line, 'utf8').toString('utf8'));
      else this.rareLines[tcode] = undefined;
    }
    if (this.size >= this.typeBySeq.length) {
      const next = new Uint16Array(this.typeBySeq.length * 2);
      next.set(this.typeBySeq);
      this.typeBySeq = next;
    }
    this.typeBySeq[this.size] = tcode;
    bump(this.facet.t, tcode);
    bump(this.facet.a, this.actorFacet.code(e.actor));
    bump(this.facet.l, typeof e.level === 'number' ? e.level : LEVEL_NONE);
    for (const s of servicesOf(e)) bump(this.facet.s, this.services.code(s));
    if (this.ts0 === '' || e.ts < this.ts0) this.ts0 = e.ts;
    if (e.ts > this.ts1) this.ts1 = e.ts;
  }

  private flush(): void {
    if (this.count === 0) return;
    const i = this.chunks.length;
    const first = this.size - this.count;
    // JCS lines are JSON, and JSON is a JS expression: the chunk is the lines in an array literal
    if (this.writes)
      this.sink.chunk(i, { head: `${CHUNK_SCRIPT_FN}(${i},[`, runs: this.runs, tail: ']);\n' });
    const f = this.facet;
    this.chunks.push([first, this.count, this.ts0, this.ts1, flat(f.t), flat(f.a), flat(f.l), flat(f.s)]);
    this.runs = [];
    this.count = 0;
    this.facet = { t: new Map(), a: new Map(), l: new Map(), s: new Map() };
    this.ts0 = '';
    this.ts1 = '';
  }

  /** Flushes the last chunk, writes the rare-type files, and gives the index (without states). */
  finish(): Omit<ClientIndex, 'stateEvery' | 'states'> {
    this.flush();
    const rare: Record<string, number> = {};
    this.rareLines.forEach((lines, code) => {
      if (!lines) return;
      rare[code] = lines.length;
      this.sink.rare(code, `${RARE_SCRIPT_FN}(${code},[\n${lines.join(',\n')}\n]);\n`);
    });
    this.rareLines.length = 0;
    return {
      v: 1,
      size: this.size,
      chunkSize: this.chunkSize,
      dict: {
        types: this.types.names,
        actors: this.actorFacet.names,
        levels: ['0', '1', '2', '3', '4', 'none'],
        services: this.services.names,
      },
      chunks: this.chunks,
      rare,
    };
  }
}

/** The data/index.js script. */
export function indexScript(index: ClientIndex): string {
  return `${INDEX_SCRIPT_FN}(${JSON.stringify(index)});\n`;
}
