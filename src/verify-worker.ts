/**
 * The verification thread of `report` (src/assembly/verifier-thread.ts has the protocol): reads the same
 * verify input as the report use case (key, snapshots, checkpoints, working state) from the repository,
 * announces its segments, then runs `verifyLedger` over the bytes the main thread posts, one segment at a
 * time, and posts the report back. Bundled as dist/verify-worker.js.
 */
import { Buffer } from 'node:buffer';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { reportVerifyInput } from './app/build-report.js';
import { reportPorts } from './assembly/report-ports.js';
import { threadError, type FromVerifier, type ToVerifier } from './assembly/verifier-thread.js';
import { verifyLedger } from './ledger/verify.js';
import { ChunkFileWriter } from './report/chunk-files.js';
import { loadLayout } from './repo/layout.js';

const { root, port, signal } = workerData as { root: string; port: MessagePort; signal: Int32Array };
const post = (m: FromVerifier): void => parentPort!.postMessage(m);

class Stopped extends Error {}

const received = new Map<number, Uint8Array>();
let last: { index: number; bytes: Uint8Array } | undefined;
/** The report's chunk files, when the main thread asks for them, and the segments they have had. */
let chunks: ChunkFileWriter | undefined;
let chunked = 0;

/** The bytes of segment `index`, waiting (the verifier is synchronous) until the main thread posts them. */
function take(index: number): Uint8Array {
  if (last?.index === index) return last.bytes;
  for (;;) {
    const bytes = received.get(index);
    if (bytes) {
      received.delete(index);
      post({ kind: 'taken', index });
      if (chunks) {
        // the chunk files follow the segments in order, as the report counts its lines
        if (index !== chunked) throw new Error(`segment ${index} taken before segment ${chunked}`);
        chunks.add(bytes);
        chunked++;
      }
      last = { index, bytes };
      return bytes;
    }
    // read the counter before looking: a post after this load bumps it, so the wait below returns at once
    const seen = Atomics.load(signal, 0);
    const got = receiveMessageOnPort(port);
    if (!got) {
      Atomics.wait(signal, 0, seen);
      continue;
    }
    const m = got.message as ToVerifier;
    if ('stop' in m) throw new Stopped();
    if ('chunks' in m) chunks = new ChunkFileWriter(m.chunks.staging, m.chunks.chunkSize);
    else received.set(m.index, new Uint8Array(m.buffer, 0, m.length));
  }
}

try {
  const ports = reportPorts(root);
  const input = await reportVerifyInput(ports, await loadLayout(ports.workTree));
  // the files the segments are read from (a committed pending segment is stored under its .pending name)
  post({ kind: 'ready', segments: [...(input.stored ?? input.segments.map((s) => s.file))] });
  const report = verifyLedger({
    ...input,
    segments: input.segments.map((s, index) => ({
      file: s.file,
      text: () => {
        const b = take(index);
        return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
      },
      bytes: () => take(index),
    })),
  });
  // every segment goes into the chunk files, whether or not the verification read it to the end
  while (chunks && chunked < input.segments.length) take(chunked);
  post({ kind: 'done', report, chunkFiles: chunks?.finish() ?? { files: 0, bytes: 0 } });
} catch (err) {
  if (!(err instanceof Stopped)) post({ kind: 'error', error: threadError(err) });
} finally {
  port.close();
}
