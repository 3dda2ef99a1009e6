import { afterEach, describe, expect, it } from 'vitest';
import { generateCheckpointKey, signCheckpoint } from '../../../src/ledger/checkpoint.js';
import { consistencyProof, leafHash, merkleRoot } from '../../../src/ledger/merkle.js';
import { addCheckpoint, fetchPost, requestBody } from '../../../src/witness/client.js';
import { parseCosignerKey } from '../../../src/witness/cosignature.js';
import { startWitness, type LoopbackWitness } from '../../fixtures/witness/loopback-witness.js';

const ORIGIN = 'park.example/ledger';
const log = generateCheckpointKey(ORIGIN);
const leaves = Array.from({ length: 8 }, (_, i) => leafHash(`entry ${i}`));
const noteAt = (n: number, from = leaves, key = log.signerKey) =>
  signCheckpoint({ origin: ORIGIN, size: n, root: merkleRoot(from.slice(0, n)) }, key);
const proofs =
  (n: number, from = leaves) =>
  (m: number) =>
    m > n ? undefined : consistencyProof(from, m, n);

const open: LoopbackWitness[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});
async function witness(opts: { hang?: boolean; logs?: Record<string, string> } = {}) {
  const w = await startWitness({
    name: 'w1.example/w',
    logs: opts.logs ?? { [ORIGIN]: log.verifierKey },
    ...opts,
  });
  open.push(w);
  return { w, witness: { ...parseCosignerKey(w.verifierKey), url: w.url } };
}

describe('tlog-witness add-checkpoint client against a loopback witness', () => {
  it('sends "old N", the proof lines, a blank line and the note', () => {
    const proof = consistencyProof(leaves, 3, 5);
    expect(requestBody(3, proof, 'NOTE\n')).toBe(
      `old 3\n${proof.map((p) => `${p.toString('base64')}\n`).join('')}\nNOTE\n`,
    );
  });

  it('200: keeps the cosignature lines that verify over the checkpoint', async () => {
    const { w, witness: wit } = await witness();
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 5000,
    });
    expect(r).toMatchObject({ status: 'cosigned', oldSize: 0, attempts: 1 });
    if (r.status === 'cosigned') expect(r.lines[0]).toMatch(/^— w1\.example\/w [A-Za-z0-9+/]{102}==\n$/);
    expect(w.state.get(ORIGIN)?.size).toBe(3);
  });

  it('409 with the witness size: resubmits with the consistency proof from that size', async () => {
    const { w, witness: wit } = await witness();
    await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 5000,
    });
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(7),
      oldSize: 0,
      proofFrom: proofs(7),
      post: fetchPost,
      timeoutMs: 5000,
    });
    expect(r).toMatchObject({ status: 'cosigned', oldSize: 3, attempts: 2 });
    expect(w.requests[2]?.startsWith('old 3\n')).toBe(true);
    expect(w.state.get(ORIGIN)?.size).toBe(7);
  });

  it('409 at the same size: the witness cosigned another root there (a fork)', async () => {
    const { witness: wit } = await witness();
    await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 5000,
    });
    const forked = leaves.map((l, i) => (i === 1 ? leafHash('rewritten') : l));
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(3, forked),
      oldSize: 0,
      proofFrom: proofs(3, forked),
      post: fetchPost,
      timeoutMs: 5000,
    });
    expect(r).toMatchObject({
      status: 'conflict',
      httpStatus: 409,
      message: expect.stringMatching(/another root at size 3.*fork/),
    });
  });

  it('422: a rewritten ledger has no valid consistency proof from what the witness saw', async () => {
    const { w, witness: wit } = await witness();
    await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 5000,
    });
    const forked = leaves.map((l, i) => (i === 1 ? leafHash('rewritten') : l));
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(6, forked),
      oldSize: 3,
      proofFrom: proofs(6, forked),
      post: fetchPost,
      timeoutMs: 5000,
    });
    expect(r).toMatchObject({
      status: 'refused',
      httpStatus: 422,
      message: expect.stringMatching(/consistency proof from size 3/),
    });
    expect(w.state.get(ORIGIN)?.size).toBe(3);
  });

  it('403: a checkpoint signed by a key the witness does not trust for the origin', async () => {
    const { witness: wit } = await witness();
    const other = generateCheckpointKey(ORIGIN);
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(3, leaves, other.signerKey),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 5000,
    });
    expect(r).toMatchObject({
      status: 'refused',
      httpStatus: 403,
      message: expect.stringMatching(/does not trust the checkpoint key/),
    });
  });

  it('404: an origin the witness does not know', async () => {
    const { witness: wit } = await witness({ logs: { 'other.example/log': log.verifierKey } });
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 5000,
    });
    expect(r).toMatchObject({ status: 'refused', httpStatus: 404 });
  });

  it('times out on a witness that never answers, and says how long it waited', async () => {
    const { witness: wit } = await witness({ hang: true });
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 200,
    });
    expect(r).toMatchObject({
      status: 'unreachable',
      message: expect.stringMatching(/no answer within 200 ms/),
    });
  });

  it('reports a closed port as unreachable', async () => {
    const { w, witness: wit } = await witness();
    await w.close();
    open.length = 0;
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: fetchPost,
      timeoutMs: 2000,
    });
    expect(r.status).toBe('unreachable');
  });

  it('keeps nothing from a 200 whose lines are not the witness cosigning this checkpoint', async () => {
    const { witness: wit } = await witness();
    const r = await addCheckpoint({
      witness: wit,
      note: noteAt(3),
      oldSize: 0,
      proofFrom: proofs(3),
      post: async () => ({
        status: 200,
        contentType: 'text/plain',
        body: `— w1.example/w ${Buffer.alloc(76, 1).toString('base64')}\n`,
      }),
      timeoutMs: 2000,
    });
    expect(r).toMatchObject({ status: 'bad-response' });
  });
});
