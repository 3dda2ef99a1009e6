/**
 * `witness add-checkpoint` (docs/witnesses.md): submit the latest checkpoint to every witness of
 * policies/witnesses.yaml that has a URL (C2SP tlog-witness) and store the cosignatures that verify. Bad input
 * (no policy, an unknown --witness, no witness with a URL) is refused before anything is sent.
 */
import { notFound, usageError } from '../core/errors.js';
import type { TreeReader } from '../core/tree.js';
import { loadLayout } from '../repo/layout.js';
import type { AddToRepoResult } from '../store/witness-notes.js';
import type { HttpPost } from '../witness/client.js';
import { loadWitnessPolicy, witnessPolicyPath } from '../witness/policy.js';
import type { WitnessNotes } from './ports.js';

export interface WitnessAddCheckpointPorts {
  /** The work tree, for the layout and the witness policy. */
  work: TreeReader;
  notes: WitnessNotes;
  /** The HTTP boundary (fetch in production, a loopback server in tests). */
  post: HttpPost;
}

export interface WitnessAddCheckpointRequest {
  /** Ask only these witnesses (`--witness`); every witness with a URL when absent. */
  only?: readonly string[];
  timeoutMs: number;
}

export interface WitnessAddCheckpointResult extends AddToRepoResult {
  /** The policy's quorum. */
  quorum: number;
}

export async function witnessAddCheckpoint(
  request: WitnessAddCheckpointRequest,
  ports: WitnessAddCheckpointPorts,
): Promise<WitnessAddCheckpointResult> {
  const { only } = request;
  const layout = await loadLayout(ports.work);
  const policy = await loadWitnessPolicy(ports.work, layout);
  const file = witnessPolicyPath(layout);
  if (!policy)
    throw notFound(
      `no ${file}: list the witnesses, their keys and URLs, and the quorum first (docs/witnesses.md)`,
      file,
    );
  for (const name of only ?? [])
    if (!policy.witnesses.some((w) => w.name === name))
      throw usageError(
        `--witness ${name}: not a witness in ${file} (${policy.witnesses.map((w) => w.name).join(', ')})`,
      );
  if (!policy.witnesses.some((w) => w.url !== undefined && (!only || only.includes(w.name))))
    throw usageError(
      `no witness to ask: give the witnesses a url in ${file}, or choose one that has one with --witness`,
    );
  const r = await ports.notes.addCheckpoint(layout, policy, {
    post: ports.post,
    timeoutMs: request.timeoutMs,
    ...(only ? { only } : {}),
  });
  return { ...r, quorum: policy.quorum };
}
