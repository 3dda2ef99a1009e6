/**
 * `report` end to end over ports: read the repository through a TreeReader, stream the ledger once
 * (chain status and report model side by side), and hand every page file to the writer. No file
 * system access here; the command supplies the tree and the writer.
 */
import type { TreeReader } from '../core/tree.js';
import { APP_JS } from './app.js';
import type { VerifyReport } from '../ledger/verify.js';
import { ChainChecker, chainFromVerify } from './chain.js';
import { renderPage } from './html.js';
import { loadSources } from './load.js';
import { readSegment } from './load.js';
import { ReportBuilder, indexScript, type ReportSink } from './model.js';
import { STYLE_CSS } from './style.js';
import type { Provenance, ReportModel } from './types.js';

export interface PageWriter extends ReportSink {
  write(rel: string, text: string): void;
}

export interface BuildOptions {
  now: Date;
  /** shown in the page header */
  repoLabel: string;
  chunkSize?: number;
  stateEvery?: number;
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

export async function buildReport(
  tree: TreeReader,
  out: PageWriter,
  opts: BuildOptions,
): Promise<BuildResult> {
  const src = await loadSources(tree);
  const checker = opts.verified ? undefined : new ChainChecker(src.checkpoints);
  const builder = new ReportBuilder(out, {
    ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
    ...(opts.stateEvery ? { stateEvery: opts.stateEvery } : {}),
    actors: src.actors,
  });
  let done = 0;
  for (const file of src.segments) {
    await readSegment(tree, file, (entry, line, lineNo) => {
      checker?.add(line, entry, { file, line: lineNo });
      builder.add(entry, line);
    });
    opts.onProgress?.(++done, src.segments.length);
  }
  const model = builder.finish({
    chain: opts.verified ? chainFromVerify(opts.verified, src.checkpoints) : checker!.finish(),
    incidents: src.incidents,
    overrides: src.overrides,
    now: opts.now,
    repo: opts.repoLabel,
    mttrTargetSeconds: src.mttrTargetSeconds,
    ...(opts.provenance ? { provenance: opts.provenance } : {}),
  });
  out.write('data/index.js', indexScript(model.index));
  out.write('assets/app.js', APP_JS);
  out.write('assets/style.css', STYLE_CSS);
  out.write('index.html', renderPage(model));
  return { model, chunks: model.index.chunks.length, states: model.index.states.length };
}
