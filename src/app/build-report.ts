/**
 * The report use case (DESIGN §5 `report`): the same full verification as `verify` (chain, root, checkpoint
 * signatures, snapshots, drift; no git history) and the static HTML site, in one pass over the ledger (each
 * segment read once, its bytes shared by the verifier and the report; the verifier on a second thread when the
 * `verifyAside` port gives one, else on this one), written into a report directory opened through a port and
 * swapped in atomically when done. A bad key or bad state is thrown before the directory is
 * opened; any later failure removes what was staged (nothing written). The result is the summary the command
 * renders; `seconds` covers the verification and the site.
 */
import { isGatehouseError } from '../core/errors.js';
import type { TreeReader } from '../core/tree.js';
import { verifyLedger, type VerifyInput, type VerifyReport } from '../ledger/verify.js';
import { ReportStream, type PageWriter } from '../report/build.js';
import type { ChainFinding } from '../report/chain.js';
import { loadSources } from '../report/load.js';
import { provenanceOf } from '../report/provenance.js';
import type { Provenance } from '../report/types.js';
import { joinPath, loadLayout, type RepoLayout } from '../repo/layout.js';
import { loadStateDocuments } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import type { LedgerFiles } from '../store/ledger-files.js';
import type { UncommittedFile } from '../git/worktree.js';
import type { GitCommits, WorkTree } from './ports.js';
import { verifierKey } from './verify-ledger.js';

export interface BuildReportRequest {
  /** `--out`: the report directory. */
  out: string;
  chunkSize?: number;
  now: Date;
  /** Shown in the page header (the repository folder's name). */
  repoLabel: string;
}

/** The report directory being written (src/report/write.ts `ReportWriter`): staged, then swapped in. */
export interface ReportDirectory extends PageWriter {
  readonly dir: string;
  /** Where the files go until `commit` (another writer may add the chunk data files there). */
  readonly staging: string;
  readonly files: number;
  readonly bytes: number;
  /** Writes the marker and swaps the staging directory in (DESIGN §9: never half a report). */
  commit(marker: string): void;
  /** Removes everything this directory writer created. */
  abort(): void;
}

export interface BuildReportPorts {
  workTree: TreeReader & Pick<WorkTree, 'root' | 'readText'>;
  /** The ledger's files as the verifier reads them (src/store/ledger-files.ts). */
  ledgerFiles(layout: RepoLayout): Promise<LedgerFiles>;
  git: Pick<GitCommits, 'resolve'>;
  /** Governed files under `dirs` that the working tree holds but no commit does. */
  uncommitted(dirs: readonly string[]): UncommittedFile[];
  /** Checks the target (conflict when it holds something other than an earlier report) and opens it. */
  openReportDir(out: string): ReportDirectory;
  /** Segments streamed so far, of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Milliseconds, for the summary's `seconds`. */
  clock?: () => number;
  /**
   * Starts the verification on another thread (src/assembly/verifier-thread.ts) once its input is read; resolves
   * to undefined when no thread can run or the ledger is too small to gain from one, and the verification runs
   * on this one. Rejects with the bad input
   * (key, state) the verifier found, before anything is written.
   */
  verifyAside?(layout: RepoLayout): Promise<VerifierAside | undefined>;
}

/**
 * A verification running beside the report, fed the bytes the report reads (so both judge the same bytes,
 * each segment read once). `next` reads the next of `segments` and hands it over, waiting while the verifier
 * is far enough behind (bounded look-ahead: memory follows a few segments, not the ledger).
 */
export interface VerifierAside {
  /** The files the verifier reads its segments from, in seq order (repository-relative; a committed pending segment by its `.pending` file). */
  readonly segments: readonly string[];
  /**
   * Before the first `next`: the verifying thread also writes the chunk data files of `chunkSize` lines into
   * the report's staging directory, from the bytes it verifies (src/report/chunk-files.ts).
   */
  writeChunks(staging: string, chunkSize: number): void;
  /** The bytes of the next segment, handed to the verifier too. */
  next(): Promise<Uint8Array>;
  /** The verification's report once every segment was handed over, and the chunk files it wrote. */
  finish(): Promise<{ verified: VerifyReport; chunkFiles: { files: number; bytes: number } }>;
  /** Stops the verification and waits until the thread has stopped (nothing more is written). */
  stop(): Promise<void>;
}

export interface BuildReportResult {
  out: string;
  index: string;
  entries: number;
  chunks: number;
  states: number;
  files: number;
  bytes: number;
  seconds: number;
  chain: { ok: boolean; size: number; root: string; findings: ChainFinding[] };
}

/**
 * The input of the same full verification as `gatehouse verify` (chain, root, checkpoint signatures, snapshots,
 * drift), read before anything is written: a bad key or bad state is bad input with nothing written. With it,
 * the files the segments are read from (LedgerFiles `stored`).
 */
export async function reportVerifyInput(
  ports: Pick<BuildReportPorts, 'workTree' | 'ledgerFiles'>,
  layout: RepoLayout,
): Promise<VerifyInput & Pick<LedgerFiles, 'stored'>> {
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const keyText = await verifierKey(ports.workTree, keyFile);
  const built = buildState(await loadStateDocuments(ports.workTree, layout));
  return {
    ...(await ports.ledgerFiles(layout)),
    ...(keyText !== undefined ? { verifierKey: keyText } : {}),
    verifierKeyFile: keyFile,
    layout,
    workingState: built.state,
    workingOrigins: built.origins,
  };
}

/** Provenance (repository HEAD, tool version, checkpoint key) for the report header. */
async function provenance(ports: BuildReportPorts, verified: VerifyReport): Promise<Provenance> {
  const layout = await loadLayout(ports.workTree);
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const keyText = await ports.workTree.readText(keyFile).catch(() => undefined);
  let commit: string | undefined;
  try {
    commit = await ports.git.resolve('HEAD');
  } catch (e) {
    if (!(isGatehouseError(e) && e.code === 'not-found')) throw e;
  }
  const p = layout.paths;
  const governed = [p.policies, p.state, p.changes, p.overrides, p.incidents, p.ledger];
  return provenanceOf({
    ...(commit !== undefined ? { commit, dirty: ports.uncommitted(governed).length > 0 } : {}),
    ...(keyText !== undefined ? { verifierKey: keyText } : {}),
    verifierKeyFile: keyFile,
    verifiedCheckpoints: verified.checkpoints,
  });
}

export async function buildReport(
  request: BuildReportRequest,
  ports: BuildReportPorts,
): Promise<BuildReportResult> {
  const layout = await loadLayout(ports.workTree);
  const aside = ports.verifyAside ? await ports.verifyAside(layout) : undefined;
  let writer: ReportDirectory | undefined;
  try {
    const input = aside ? undefined : await reportVerifyInput(ports, layout);
    const sources = await loadSources(ports.workTree);
    writer = ports.openReportDir(request.out);
    const clock = ports.clock ?? (() => performance.now());
    const started = clock();
    // the verifying thread writes the chunk files when it reads exactly the segments the report lists
    const chunksAside =
      aside !== undefined &&
      aside.segments.length === sources.segments.length &&
      aside.segments.every((f, i) => f === sources.segments[i]);
    const stream = new ReportStream(sources, writer, {
      now: request.now,
      repoLabel: request.repoLabel,
      ...(request.chunkSize ? { chunkSize: request.chunkSize } : {}),
      ...(chunksAside ? { chunkFiles: false } : {}),
    });
    stream.onProgress = ports.onProgress;
    let verified: VerifyReport;
    let chunkFiles = { files: 0, bytes: 0 };
    if (aside) {
      // DESIGN §7: one pass over the ledger; each segment is read once, verified there and reported here
      if (chunksAside) aside.writeChunks(writer.staging, stream.chunkSize);
      for (const file of aside.segments) stream.offer(file, await aside.next());
      await stream.rest(ports.workTree);
      ({ verified, chunkFiles } = await aside.finish());
    } else {
      // the report takes each segment as the verifier reads it
      verified = verifyLedger({ ...input!, segments: stream.tee(input!.segments) });
      await stream.rest(ports.workTree);
    }
    const result = stream.finish(stream.chainOf(verified), await provenance(ports, verified));
    writer.commit(
      JSON.stringify({ generator: 'gatehouse report', generated_at: request.now.toISOString() }) + '\n',
    );
    const m = result.model;
    return {
      out: writer.dir,
      index: `${writer.dir}/index.html`,
      entries: m.size,
      chunks: result.chunks,
      states: result.states,
      files: writer.files + chunkFiles.files + 1,
      bytes: writer.bytes + chunkFiles.bytes,
      seconds: Math.round(clock() - started) / 1000,
      chain: { ok: m.chain.ok, size: m.chain.size, root: m.chain.root, findings: m.chain.findings },
    };
  } catch (err) {
    await aside?.stop();
    writer?.abort();
    throw err;
  }
}
