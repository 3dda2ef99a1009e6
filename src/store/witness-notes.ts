/**
 * `witness add-checkpoint` against a repository on disk (the I/O edge of collect.ts): reads the ledger and its
 * latest checkpoint, refuses a checkpoint that is not the ledger's root at its size, asks the witnesses, and
 * stores the cosignatures in `ledger/checkpoint` and `ledger/checkpoints/<size>.note` (archive first, as the
 * store writes them) under the ledger lock. The checkpoint body never changes: only signature lines are added.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, notFound } from '../core/errors.js';
import { readCheckpoint } from '../ledger/checkpoint.js';
import { writeFileAtomic } from './atomic-write.js';
import { readLedgerFiles, readLedgerLines } from './ledger-files.js';
import { archivedCheckpointPath, checkpointPath } from '../ledger/layout.js';
import { acquireLock } from './lock.js';
import { CompactRange, consistencyProof, leafHash } from '../ledger/merkle.js';
import type { RepoLayout } from '../core/paths.js';
import { checkWitnessed, type CheckpointWitnesses } from '../witness/check.js';
import type { AddOutcome, HttpPost } from '../witness/client.js';
import { collectCosignatures } from '../witness/collect.js';
import type { WitnessPolicy } from '../witness/policy-rules.js';

export interface AddToRepoResult {
  file: string;
  archived: string;
  size: number;
  outcomes: AddOutcome[];
  skipped: { witness: string; reason: string }[];
  /** Whether the notes on disk changed. */
  written: boolean;
  /** The latest checkpoint's cosigners after the run, and whether the quorum is met. */
  witnessed: CheckpointWitnesses;
}

export interface AddToRepoOptions {
  post: HttpPost;
  timeoutMs: number;
  only?: readonly string[];
}

export async function addCheckpointToRepo(
  repoDir: string,
  layout: RepoLayout,
  policy: WitnessPolicy,
  opts: AddToRepoOptions,
): Promise<AddToRepoResult> {
  const file = checkpointPath(layout);
  const files = await readLedgerFiles(repoDir, layout);
  const latest = files.latestCheckpoint;
  if (!latest)
    throw notFound(
      `no ${file}: sign one first (gatehouse checkpoint sign, or record with the checkpoint key)`,
      file,
    );
  const cp = readCheckpoint(latest.text).checkpoint;
  if (!cp)
    throw conflict(
      `${file} is not a well-formed checkpoint (run gatehouse verify): nothing sent to witnesses`,
    );
  const { lines } = await readLedgerLines(repoDir, layout);
  if (cp.size > lines.length)
    throw conflict(
      `${file} covers ${cp.size} entries but the ledger holds ${lines.length}: nothing sent to witnesses (run gatehouse verify)`,
    );
  const leaves = lines.slice(0, cp.size).map((l) => leafHash(l));
  const range = new CompactRange();
  for (const l of leaves) range.append(l);
  if (!range.root().equals(cp.root))
    throw conflict(
      `${file} does not carry the ledger's root at size ${cp.size}: nothing sent to witnesses (run gatehouse verify)`,
    );

  const result = await collectCosignatures({
    policy,
    note: latest.text,
    proofFrom: (m) => (m > cp.size ? undefined : consistencyProof(leaves, m, cp.size)),
    archived: files.checkpoints.map((c) => c.text),
    post: opts.post,
    timeoutMs: opts.timeoutMs,
    ...(opts.only ? { only: opts.only } : {}),
  });
  const archived = archivedCheckpointPath(layout, cp.size);
  const written = result.note !== latest.text;
  if (written) {
    const lock = await acquireLock(
      join(repoDir, layout.paths.ledger, '.lock'),
      `${layout.paths.ledger}/.lock`,
    );
    try {
      // Another writer may have signed a newer checkpoint meanwhile: then these cosignatures are stale.
      const now = await readFile(join(repoDir, file), 'utf8');
      if (readCheckpoint(now).text !== readCheckpoint(latest.text).text)
        throw conflict(`${file} changed while the witnesses were asked: run witness add-checkpoint again`);
      await writeFileAtomic(join(repoDir, archived), result.note);
      await writeFileAtomic(join(repoDir, file), result.note);
    } finally {
      await lock.release();
    }
  }
  const { report } = checkWitnessed({
    policy,
    items: [{ file, text: result.note, checkpoint: cp, consistent: true, role: 'latest' }],
    witnessedOnly: false,
    size: lines.length,
    latestFile: file,
  });
  const witnessed = report.checkpoints[0] as CheckpointWitnesses;
  return {
    file,
    archived,
    size: cp.size,
    outcomes: result.outcomes,
    skipped: result.skipped,
    written,
    witnessed,
  };
}
