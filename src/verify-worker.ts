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
import { loadLayout } from './repo/layout.js';

const { root, port, signal } = workerData as { root: string; port: MessagePort; signal: Int32Array };
const post = (m: FromVerifier): void => parentPort!.postMessage(m);

class Stopped extends Error {}

const received = new Map<number, Uint8Array>();

/** The bytes of segment `index`, waiting (the verifier is synchronous) until the main thread posts them. */
function take(index: number): Uint8Array {
  for (;;) {
    const bytes = received.get(index);
    if (bytes) {
      received.delete(index);
      post({ kind: 'taken', index });
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
    received.set(m.index, new Uint8Array(m.buffer, 0, m.length));
  }
}

try {
  const ports = reportPorts(root);
  const input = await reportVerifyInput(ports, await loadLayout(ports.workTree));
  post({ kind: 'ready', segments: input.segments.map((s) => s.file) });
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
  post({ kind: 'done', report });
} catch (err) {
  if (!(err instanceof Stopped)) post({ kind: 'error', error: threadError(err) });
} finally {
  port.close();
}
