/**
 * The report's verification on a second thread (src/app/build-report.ts `VerifierAside`): a worker
 * (src/verify-worker.ts, bundled as dist/verify-worker.js beside the entry that runs) reads the verify input
 * itself and runs `verifyLedger` while this thread builds the site. The segments are read here, once, into
 * shared memory: the report decodes them and the verifier hashes and parses the very same bytes.
 *
 * Protocol (docs/architecture.md, "report on two threads"):
 *   worker → here   ready {segments} · taken {index} · done {report} · error {code, message, problems}
 *   here → worker   {index, buffer: SharedArrayBuffer, length} · {stop}, each followed by a bump of `signal`
 * The worker's `verifyLedger` is synchronous, so it receives with `receiveMessageOnPort` and sleeps on
 * `Atomics.wait(signal)` until the next segment is posted.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { GatehouseError, internalError, usageError, type ErrorCode, type Problem } from '../core/errors.js';
import type { LedgerLayout } from '../ledger/layout.js';
import type { VerifyReport } from '../ledger/verify.js';
import { listSegments } from '../store/ledger-store.js';

/** Segments posted ahead of the one being verified: memory follows a few segments, never the ledger. */
const LOOK_AHEAD = 2;

/** What the worker posts to this thread. */
export type FromVerifier =
  | { kind: 'ready'; segments: string[] }
  | { kind: 'taken'; index: number }
  | { kind: 'done'; report: VerifyReport; chunkFiles: ChunkFiles }
  | { kind: 'error'; error: ThreadError };

/** What this thread posts to the worker. */
export type ToVerifier =
  | { index: number; buffer: SharedArrayBuffer; length: number }
  | { chunks: { staging: string; chunkSize: number } }
  | { stop: true };

/** The chunk data files the worker wrote. */
export interface ChunkFiles {
  files: number;
  bytes: number;
}

/** An error as it crosses threads; a GatehouseError keeps its code and problems (exit codes follow them). */
export interface ThreadError {
  code?: ErrorCode;
  message: string;
  problems?: Problem[];
}

export function threadError(err: unknown): ThreadError {
  if (err instanceof GatehouseError)
    return { code: err.code, message: err.message, problems: [...err.problems] };
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

function fromThread(e: ThreadError): GatehouseError {
  return e.code
    ? new GatehouseError(e.code, e.message, { problems: e.problems ?? [] })
    : internalError(`verification thread failed: ${e.message}`);
}

/**
 * A shared buffer holding one segment's bytes, reused once the verifier has moved past that segment: fresh
 * shared memory per segment costs more in page faults than the read itself.
 */
interface Slot {
  buf: Uint8Array;
  /** The segment it holds. */
  index: number;
}

/** Reads the file at `path` into `slot` (grown to fit; read to its end, even if the file grew). */
function readInto(slot: Slot, path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size + 1;
    if (slot.buf.length < size)
      slot.buf = new Uint8Array(new SharedArrayBuffer(Math.max(size, slot.buf.length * 2)));
    let at = 0;
    for (;;) {
      if (at === slot.buf.length) {
        const grown = new Uint8Array(new SharedArrayBuffer(slot.buf.length * 2));
        grown.set(slot.buf);
        slot.buf = grown;
      }
      const n = readSync(fd, slot.buf, at, slot.buf.length - at, null);
      if (n === 0) return slot.buf.subarray(0, at);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
}

export class VerifierThread {
  readonly segments: readonly string[];
  private readonly root: string;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private sent = 0;
  private taken = 0;
  private settled = false;
  private failure: Error | undefined;
  private report: { verified: VerifyReport; chunkFiles: ChunkFiles } | undefined;
  private wake: (() => void) | undefined;
  private readonly slots: Slot[] = [];

  private constructor(
    root: string,
    worker: Worker,
    port: MessagePort,
    signal: Int32Array,
    segments: string[],
  ) {
    this.root = root;
    this.worker = worker;
    this.port = port;
    this.signal = signal;
    this.segments = segments;
    worker.on('message', (m: FromVerifier) => {
      if (m.kind === 'taken') this.taken = Math.max(this.taken, m.index + 1);
      else if (m.kind === 'done') this.settle(undefined, { verified: m.report, chunkFiles: m.chunkFiles });
      else if (m.kind === 'error') this.settle(fromThread(m.error));
      this.poke();
    });
    worker.on('error', (err) =>
      this.settle(internalError(`verification thread failed: ${err.message}`, err)),
    );
    worker.on('exit', (code) => {
      if (!this.settled) this.settle(internalError(`verification thread exited (${code}) before its report`));
    });
  }

  /**
   * Starts the worker at `workerFile` on the repository at `root` and waits until it has read its input;
   * rejects with the bad input it found (key, state, layout).
   */
  static start(root: string, workerFile: string): Promise<VerifierThread> {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(workerFile, {
      workerData: { root, port: port2, signal },
      transferList: [port2],
    });
    return new Promise((resolve, reject) => {
      const early = (err: Error): void => {
        void worker.terminate();
        reject(err);
      };
      // a worker that stops before it is ready (a broken worker file, an exit) is an error, never a silent end
      const exited = (code: number): void =>
        early(internalError(`verification thread exited (${code}) before it was ready`));
      worker.once('exit', exited);
      worker.once('message', (m: FromVerifier) => {
        worker.off('error', early);
        worker.off('exit', exited);
        if (m.kind === 'ready') resolve(new VerifierThread(root, worker, port1, signal, m.segments));
        else
          early(
            m.kind === 'error' ? fromThread(m.error) : internalError(`verification thread sent ${m.kind}`),
          );
      });
      worker.once('error', early);
    });
  }

  private settle(
    failure: Error | undefined,
    report?: { verified: VerifyReport; chunkFiles: ChunkFiles },
  ): void {
    if (this.settled) return;
    this.settled = true;
    this.failure = failure;
    this.report = report;
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private post(message: ToVerifier): void {
    this.port.postMessage(message);
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }

  writeChunks(staging: string, chunkSize: number): void {
    if (this.sent > 0)
      throw internalError('verification thread: chunk files are set before the first segment');
    this.post({ chunks: { staging, chunkSize } });
  }

  async next(): Promise<Uint8Array> {
    const index = this.sent;
    const file = this.segments[index];
    if (file === undefined) throw internalError('verification thread: no segment left to hand over');
    while (!this.settled && this.sent - this.taken >= LOOK_AHEAD)
      await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
    const bytes = readInto(this.freeSlot(index), join(this.root, file));
    // after `done` the worker needs no more; the report still does
    if (!this.settled) this.post({ index, buffer: bytes.buffer as SharedArrayBuffer, length: bytes.length });
    this.sent++;
    return bytes;
  }

  /**
   * A slot no one reads any more, now holding segment `index`: the verifier is done with a segment once it
   * has taken the next one, and this thread with the bytes it returned once it asks for the next.
   */
  private freeSlot(index: number): Slot {
    let slot = this.slots.find((s) => this.settled || s.index < this.taken - 1);
    if (!slot) this.slots.push((slot = { buf: new Uint8Array(0), index }));
    slot.index = index;
    return slot;
  }

  async finish(): Promise<{ verified: VerifyReport; chunkFiles: ChunkFiles }> {
    while (!this.settled) await new Promise<void>((resolve) => (this.wake = resolve));
    this.port.close();
    await this.worker.terminate();
    if (this.failure) throw this.failure;
    return this.report!;
  }

  async stop(): Promise<void> {
    if (!this.settled) {
      this.settled = true;
      this.post({ stop: true });
    }
    this.port.close();
    await this.worker.terminate();
  }
}

/** dist/verify-worker.js beside the running bundle; absent when running from the sources. */
export function bundledWorkerFile(): string | undefined {
  const file = fileURLToPath(new URL('./verify-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

/**
 * Below this much ledger the second thread costs more (a second isolate loading the bundle, compiling the
 * verifier cold) than it saves. Measured on the 2-core reference machine, one thread vs two: 27 MB 1.30 vs
 * 1.34–1.48 s, 69 MB 1.80–2.58 vs 1.94–2.03 s, 139 MB 3.07–3.80 vs 2.18–2.39 s.
 */
export const SECOND_THREAD_MIN_BYTES = 64 << 20;
/** Overrides SECOND_THREAD_MIN_BYTES (0: always a second thread), for machines where the break-even differs. */
export const MIN_BYTES_ENV = 'GATEHOUSE_REPORT_THREAD_MIN_BYTES';

/** The threshold in force: MIN_BYTES_ENV when set (a whole number of bytes), else the default. */
export function secondThreadMinBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[MIN_BYTES_ENV];
  if (v === undefined || v === '') return SECOND_THREAD_MIN_BYTES;
  if (!/^\d+$/.test(v))
    throw usageError(`${MIN_BYTES_ENV}=${v}: expected a whole number of bytes (0: always)`);
  return Number(v);
}

/**
 * The report's verifier on a second thread, or undefined (then it runs on this one): when the bundle carries
 * the worker, the machine has a second core, and the ledger's segments hold at least `minBytes`.
 */
export async function startVerifierThread(
  root: string,
  layout: LedgerLayout,
  opts: { workerFile?: string | undefined; minBytes?: number } = {},
): Promise<VerifierThread | undefined> {
  const workerFile = 'workerFile' in opts ? opts.workerFile : bundledWorkerFile();
  const minBytes = opts.minBytes ?? secondThreadMinBytes();
  if (workerFile === undefined || availableParallelism() < 2) return undefined;
  let bytes = 0;
  for (const s of (await listSegments(root, layout)).segments) bytes += statSync(s.abs).size;
  return bytes < minBytes ? undefined : VerifierThread.start(root, workerFile);
}
