/**
 * `report` end to end over ports: read the repository through a TreeReader, stream the ledger once
 * (chain status and report model side by side), and hand every page file to the writer. No file
 * system access here; the caller supplies the tree and the writer.
 */
import { isAscii } from 'node:buffer';
import type { TreeReader } from '../core/tree.js';
import { APP_JS } from './app.js';
import type { SegmentInput, VerifyReport } from '../ledger/verify.js';
import { ChainChecker, chainFromVerify, type ChainStatus } from './chain.js';
import { renderPage } from './html.js';
import { loadSources, segmentByteLines, segmentLines, segmentText, type ReportSources } from './load.js';
import { ReportBuilder, indexScript, type ReportSink } from './model.js';
import { STYLE_CSS } from './style.js';
import type { Provenance, ReportModel } from './types.js';

export interface PageWriter extends ReportSink {
  write(rel: string, text: string): void;
}

export interface StreamOptions {
  now: Date;
  /** shown in the page header */
  repoLabel: string;
  chunkSize?: number;
  stateEvery?: number;
  /** false: the chunk files are written elsewhere from the same bytes (chunk-files.ts) */
  chunkFiles?: boolean;
}

export interface BuildOptions extends StreamOptions {
  /** a full verification (`verifyLedger`); without it the report checks the chain itself (chain.ts) */
  verified?: VerifyReport;
  /** repository commit, tool version, checkpoint key: shown in the header and the overview */
  provenance?: Provenance;
  onProgress?: (segmentsDone: number, segmentsTotal: number) => void;
}

export interface BuildResult {
  model: ReportModel;
  chunks: number;
  states: number;
}

/** The UTF-8 decoding of `bytes`, as readFileSync(file, 'utf8') gives it (ASCII, the common case, decoded as such). */
function utf8Text(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(b) ? b.toString('latin1') : b.toString('utf8');
}

/**
 * The report fed one segment text at a time, in seq order (DESIGN §7: the ledger is streamed, never held):
 * the caller reads each segment once and may hand the same text to the verifier.
 */
export class ReportStream {
  private readonly builder: ReportBuilder;
  private readonly src: ReportSources;
  private readonly out: PageWriter;
  private readonly opts: StreamOptions;
  private readonly checker: ChainChecker | undefined;
  /** The next of `src.segments` to add: segments go in exactly once, in order. */
  private next = 0;
  onProgress: ((segmentsDone: number, segmentsTotal: number) => void) | undefined;

  constructor(src: ReportSources, out: PageWriter, opts: StreamOptions, checker?: ChainChecker) {
    this.src = src;
    this.out = out;
    this.opts = opts;
    this.checker = checker;
    this.builder = new ReportBuilder(out, {
      ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
      ...(opts.stateEvery ? { stateEvery: opts.stateEvery } : {}),
      ...(opts.chunkFiles === false ? { chunkFiles: false } : {}),
      actors: src.actors,
    });
  }

  /** Lines per chunk data file. */
  get chunkSize(): number {
    return this.builder.chunkSize;
  }

  /** Adds every entry of one segment; a line that is not a JSON entry is bad input (file:line:col). */
  segment(file: string, text: string): void {
    segmentLines(file, text, (entry, line, lineNo, start) => {
      this.checker?.add(line, entry, { file, line: lineNo });
      this.builder.add(entry, line, text, start);
    });
  }

  private feed(file: string, text: string): void {
    this.inTurn(file, () => this.segment(file, text));
  }

  /** Runs `add` when `file` is the segment the report lists next (each goes in once, in order). */
  private inTurn(file: string, add: () => void): void {
    if (this.src.segments[this.next] !== file) return;
    add();
    this.next++;
    this.onProgress?.(this.next, this.src.segments.length);
  }

  /**
   * A segment's bytes as read for a verifier elsewhere (another thread); taken when the report lists it next,
   * otherwise left for `rest`.
   */
  offer(file: string, bytes: Uint8Array): void {
    this.inTurn(file, () =>
      segmentByteLines(file, bytes, (entry, line, lineNo) => {
        this.checker?.add(line, entry, { file, line: lineNo });
        this.builder.add(entry, line);
      }),
    );
  }

  /**
   * The verifier's segments, each handing its text to the report when the verifier reads it, so one pass
   * reads each segment file once for both (DESIGN §7). A segment the report does not list next is skipped
   * here and read by `rest`.
   */
  tee(segments: readonly SegmentInput[]): SegmentInput[] {
    return segments.map(({ file, text, bytes }) => ({
      file,
      text: () => {
        const t = typeof text === 'string' ? text : text();
        this.feed(file, t);
        return t;
      },
      // The verifier reads the bytes when the reader gives them; the report takes their text.
      ...(bytes && typeof text !== 'string'
        ? {
            bytes: () => {
              const b = bytes();
              this.feed(file, utf8Text(b));
              return b;
            },
          }
        : {}),
    }));
  }

  /** Adds the segments not handed over yet, each read from the tree. */
  async rest(tree: TreeReader): Promise<void> {
    while (this.next < this.src.segments.length) {
      const file = this.src.segments[this.next]!;
      this.feed(file, await segmentText(tree, file));
    }
  }

  /** The chain status of a full verification, projected onto the checkpoints the report shows. */
  chainOf(verified: VerifyReport): ChainStatus {
    return chainFromVerify(verified, this.src.checkpoints);
  }

  /** Writes the index, the assets and the page; `chain` defaults to the report's own chain check. */
  finish(chain?: ChainStatus, provenance?: Provenance): BuildResult {
    const model = this.builder.finish({
      chain: chain ?? this.checker!.finish(),
      incidents: this.src.incidents,
      overrides: this.src.overrides,
      now: this.opts.now,
      repo: this.opts.repoLabel,
      mttrTargetSeconds: this.src.mttrTargetSeconds,
      ...(provenance ? { provenance } : {}),
    });
    this.out.write('data/index.js', indexScript(model.index));
    this.out.write('assets/app.js', APP_JS);
    this.out.write('assets/style.css', STYLE_CSS);
    this.out.write('index.html', renderPage(model));
    return { model, chunks: model.index.chunks.length, states: model.index.states.length };
  }
}

export async function buildReport(
  tree: TreeReader,
  out: PageWriter,
  opts: BuildOptions,
): Promise<BuildResult> {
  const src = await loadSources(tree);
  const stream = new ReportStream(
    src,
    out,
    opts,
    opts.verified ? undefined : new ChainChecker(src.checkpoints),
  );
  stream.onProgress = opts.onProgress;
  await stream.rest(tree);
  return stream.finish(opts.verified ? stream.chainOf(opts.verified) : undefined, opts.provenance);
}
